//! The autosave's storage format: JSON strings, as earlier builds wrote them with gloo-storage,
//! so a session saved before still opens.
// Needs a DOM: runs under wasm-bindgen-test in headless Chromium only.
#![cfg(target_arch = "wasm32")]

use keyfall_web::hooks::storage;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn raw() -> web_sys::Storage {
    gloo::utils::window()
        .local_storage()
        .expect("storage allowed")
        .expect("storage present")
}

#[wasm_bindgen_test]
fn text_is_stored_as_a_json_string_and_read_back() {
    let text = "seed: 42\nstep: 1\n---\n# \"quoted\" ✓\n";
    storage::save("keyfall.test.a", text).expect("saved");
    let stored = raw()
        .get_item("keyfall.test.a")
        .expect("read")
        .expect("present");
    assert_eq!(stored, r#""seed: 42\nstep: 1\n---\n# \"quoted\" ✓\n""#);
    assert_eq!(storage::load("keyfall.test.a").as_deref(), Some(text));
}

#[wasm_bindgen_test]
fn what_is_not_a_json_string_reads_as_nothing() {
    for (key, value) in [
        ("keyfall.test.b", "seed: 1"),
        ("keyfall.test.c", "{\"a\":1}"),
    ] {
        raw().set_item(key, value).expect("set");
        assert_eq!(storage::load(key), None, "{value}");
    }
    assert_eq!(storage::load("keyfall.test.missing"), None);
}
