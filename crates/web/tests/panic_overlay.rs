//! The panic overlay (issue 7), built directly: the hook itself only calls this after logging,
//! and a real panic would abort the test runner's wasm.
// Needs a DOM: runs under wasm-bindgen-test in headless Chromium only.
#![cfg(target_arch = "wasm32")]

use keyfall_web::panic_overlay::{OVERLAY_ID, show};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const HOSTILE: &str = "panicked at src/x.rs:1:1: bad name <img src=x onerror=alert(1)>";

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser test has a document")
}

fn query(selector: &str) -> Option<web_sys::Element> {
    document()
        .query_selector(selector)
        .expect("selectors here are valid")
}

#[wasm_bindgen_test]
fn overlay_shows_message_and_restore_button() {
    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage in a browser test");
    storage
        .set_item("keyfall.session.v1", "{\"saved\":true}")
        .expect("storage writable");

    let overlay = show(HOSTILE).expect("overlay builds");
    assert_eq!(overlay.id(), OVERLAY_ID);
    assert_eq!(
        overlay.get_attribute("role").as_deref(),
        Some("alertdialog")
    );
    let text = overlay.text_content().unwrap_or_default();
    assert!(
        text.contains("Keyfall hit a bug and stopped. Your session is saved."),
        "{text}"
    );

    let button = query("#keyfall-panic [data-testid=panic-restore]").expect("restore button");
    assert_eq!(button.tag_name(), "BUTTON");
    assert_eq!(
        button.text_content().as_deref(),
        Some("Restore last session")
    );

    // The message is text: the hostile markup is not parsed into an <img>.
    let pre = query("#keyfall-panic details pre").expect("details with the message");
    assert_eq!(pre.text_content().as_deref(), Some(HOSTILE));
    assert!(query("#keyfall-panic img").is_none());

    // A second panic replaces the overlay instead of stacking another.
    show("second").expect("overlay builds again");
    let all = document()
        .query_selector_all(&format!("#{OVERLAY_ID}"))
        .expect("valid selector");
    assert_eq!(all.length(), 1);
    assert_eq!(
        query("#keyfall-panic details pre")
            .and_then(|p| p.text_content())
            .as_deref(),
        Some("second")
    );

    // Building the overlay leaves the autosave alone.
    assert_eq!(
        storage
            .get_item("keyfall.session.v1")
            .ok()
            .flatten()
            .as_deref(),
        Some("{\"saved\":true}")
    );
    storage
        .remove_item("keyfall.session.v1")
        .expect("storage writable");
    if let Some(o) = query(&format!("#{OVERLAY_ID}")) {
        o.remove();
    }
}
