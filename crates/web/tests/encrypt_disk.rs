//! The first slice in a real browser: mount the app, press "Encrypt disk", read the DOM.

use keyfall_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn query(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .expect("selector is valid")
        .unwrap_or_else(|| panic!("{selector} is in the DOM"))
}

fn text(root: &Element, selector: &str) -> String {
    query(root, selector).text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn encrypt_disk_shows_ciphertext_and_stores_the_bek() {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("can create a div");
    document
        .body()
        .expect("test page has a body")
        .append_child(&root)
        .expect("can attach the root");

    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;

    let app = query(&root, "[data-testid=app]");
    assert_eq!(app.get_attribute("data-ready").as_deref(), Some("true"));
    assert!(
        root.query_selector("[data-actor=vm1]")
            .expect("valid")
            .is_some()
    );
    assert!(
        root.query_selector("[data-actor=kv-ade]")
            .expect("valid")
            .is_some()
    );
    assert_eq!(
        query(&root, "[data-testid=vm1-disk]")
            .get_attribute("data-state")
            .as_deref(),
        Some("plaintext")
    );
    assert!(
        root.query_selector("[data-testid=message]")
            .expect("valid")
            .is_none()
    );

    query(&root, "[data-testid=encrypt-disk]")
        .dyn_into::<HtmlElement>()
        .expect("the button is an HTML element")
        .click();
    yew::scheduler::flush().await;

    // 115 bytes of payroll in 64-byte sectors: two sectors, each with a 12-byte nonce and a
    // 16-byte tag, so 115 + 2 * 28 = 171 bytes on disk.
    assert_eq!(
        text(&root, "[data-testid=sectors]"),
        "2 (115 bytes → 171 stored)"
    );
    let hex = text(&root, "[data-testid=ciphertext]");
    assert_eq!(hex.split(' ').count(), 16, "16 bytes shown: {hex}");
    assert!(
        hex.split(' ')
            .all(|b| b.len() == 2 && u8::from_str_radix(b, 16).is_ok())
    );
    assert!(text(&root, "[data-testid=round-trip]").starts_with('✓'));
    assert!(text(&root, "[data-testid=wrong-key]").starts_with('✓'));
    assert_eq!(
        query(&root, "[data-testid=vm1-disk]")
            .get_attribute("data-state")
            .as_deref(),
        Some("encrypted")
    );
    assert!(text(&root, "[data-testid=message]").contains("secret set"));
    assert!(text(&root, "[data-testid=kv-ade-secrets]").contains("Secrets (1)"));
}
