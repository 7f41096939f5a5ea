//! Import by drag and drop: a scenario file dropped anywhere on the page is read as text and
//! handed to `on_file`. The file picker shares [`read_file`].

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

/// The largest file accepted: scenarios are a few KB; this stops a dropped video from freezing
/// the page.
const MAX_FILE: f64 = 1024.0 * 1024.0;

/// Reads `file` as text and calls `on_file(name, text)`, or `on_error(message)`.
pub fn read_file(
    file: web_sys::File,
    on_file: Callback<(String, String)>,
    on_error: Callback<String>,
) {
    let name = file.name();
    if file.size() > MAX_FILE {
        on_error.emit(format!(
            "{name} is too large for a scenario file (over 1 MB)."
        ));
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        match JsFuture::from(file.text())
            .await
            .ok()
            .and_then(|v| v.as_string())
        {
            Some(text) => on_file.emit((name, text)),
            None => on_error.emit(format!("{name} could not be read as text.")),
        }
    });
}

#[hook]
pub fn use_file_drop(
    on_file: Callback<(String, String)>,
    on_error: Callback<String>,
    enabled: bool,
) {
    use_effect_with(enabled, move |enabled| {
        let listeners = enabled.then(|| {
            let doc = gloo::utils::document();
            // Not passive: dragover must be cancelled for the page to accept a drop at all.
            let options = EventListenerOptions::enable_prevent_default();
            let over = EventListener::new_with_options(&doc, "dragover", options, |e| {
                e.prevent_default();
            });
            let drop = EventListener::new_with_options(&doc, "drop", options, move |e| {
                e.prevent_default();
                let file = e
                    .dyn_ref::<web_sys::DragEvent>()
                    .and_then(|d| d.data_transfer())
                    .and_then(|dt| dt.files())
                    .and_then(|files| files.get(0));
                if let Some(file) = file {
                    read_file(file, on_file.clone(), on_error.clone());
                }
            });
            (over, drop)
        });
        move || drop(listeners)
    });
}
