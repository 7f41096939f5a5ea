//! localStorage for the autosave and the theme. Values are stored as JSON strings, the format
//! the app has always written, so sessions saved by earlier builds still open; the browser's own
//! `JSON` does the quoting, which keeps a JSON library out of the wasm.

use wasm_bindgen::JsValue;

fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

/// The text stored under `key`, if there is one and it is a JSON string.
pub fn load(key: &str) -> Option<String> {
    let raw = storage()?.get_item(key).ok()??;
    js_sys::JSON::parse(&raw).ok()?.as_string()
}

/// Stores `value` under `key`. Fails when the browser refuses (private mode, quota).
pub fn save(key: &str, value: &str) -> Result<(), JsValue> {
    let storage = storage().ok_or(JsValue::NULL)?;
    let json = js_sys::JSON::stringify(&JsValue::from_str(value))?;
    storage.set_item(key, &String::from(json))
}
