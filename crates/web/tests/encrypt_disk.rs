//! The first slice in a real browser: mount the app, press "Encrypt disk", read the DOM.

use keyfall_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a fresh app in its own element and waits for the first render.
async fn mount() -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("can create a div");
    document
        .body()
        .expect("test page has a body")
        .append_child(&root)
        .expect("can attach the root");
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

/// Clicks the element and waits until Yew has rendered the result.
async fn click(root: &Element, selector: &str) {
    query(root, selector)
        .dyn_into::<HtmlElement>()
        .expect("clickable elements are HTML elements")
        .click();
    yew::scheduler::flush().await;
}

fn query(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .expect("selector is valid")
        .unwrap_or_else(|| panic!("{selector} is in the DOM"))
}

fn text(root: &Element, selector: &str) -> String {
    query(root, selector).text_content().unwrap_or_default()
}

fn attr(root: &Element, selector: &str, name: &str) -> Option<String> {
    query(root, selector).get_attribute(name)
}

#[wasm_bindgen_test]
async fn encrypt_disk_shows_ciphertext_and_stores_the_bek() {
    let root = mount().await;
    assert_eq!(
        attr(&root, "[data-testid=app]", "data-ready").as_deref(),
        Some("true")
    );
    query(&root, "[data-actor=vm1]");
    query(&root, "[data-actor=kv-ade]");
    assert_eq!(
        attr(&root, "[data-testid=vm1-disk]", "data-state").as_deref(),
        Some("plaintext")
    );
    assert!(
        root.query_selector("[data-testid=message]")
            .expect("valid")
            .is_none(),
        "no message before the first call"
    );

    click(&root, "[data-testid=encrypt-disk]").await;

    // 115 bytes of payroll in 64-byte sectors: two sectors, each with a 12-byte nonce and a
    // 16-byte tag, so 115 + 2 * 28 = 171 bytes on disk.
    assert_eq!(text(&root, "[data-testid=sectors]"), "2 · 115 B → 171 B");
    let hex = text(&root, "[data-testid=ciphertext]");
    let bytes: Vec<&str> = hex.split_whitespace().collect();
    assert_eq!(bytes.len(), 16, "16 bytes shown: {hex}");
    assert!(
        bytes
            .iter()
            .all(|b| b.len() == 2 && u8::from_str_radix(b, 16).is_ok()),
        "hex bytes: {hex}"
    );
    assert!(text(&root, "[data-testid=round-trip]").starts_with('✓'));
    assert!(text(&root, "[data-testid=wrong-key]").starts_with('✓'));
    assert_eq!(
        attr(&root, "[data-testid=vm1-disk]", "data-state").as_deref(),
        Some("encrypted")
    );
    assert!(text(&root, "[data-testid=message]").contains("secret set vm1-bek"));
    assert!(text(&root, "[data-testid=kv-ade-secrets]").contains("Secrets (1)"));
}

/// The seed promise the page makes ("same clicks, same bytes"): two apps, same ciphertext.
#[wasm_bindgen_test]
async fn same_seed_gives_the_same_ciphertext_and_bek_version() {
    let a = mount().await;
    let b = mount().await;
    click(&a, "[data-testid=encrypt-disk]").await;
    click(&b, "[data-testid=encrypt-disk]").await;
    for selector in ["[data-testid=ciphertext]", "[data-testid=bek]"] {
        let (left, right) = (text(&a, selector), text(&b, selector));
        assert!(!left.is_empty(), "{selector} is shown");
        assert_eq!(
            left, right,
            "{selector} differs between two runs of seed 42"
        );
    }
}
