//! Keyboard and clicker control. Clickers send PageUp/PageDown (some send `b` or `.` for their
//! blank button). Keys never fire while the user types in the console or another field, and
//! leave Space/Enter to the focused button and arrows to the focused tab list.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PresenterKeys {
    Next,
    Back,
    /// Play or pause.
    Pause,
    TogglePresenter,
    Blank,
    /// Any key while blank: back to the stage (and the key does nothing else).
    Unblank,
    FullScreen,
    Help,
    /// "About this simulation".
    About,
    Escape,
}

/// Whether the key was typed into a text field or a control that owns it.
fn owned_by_target(e: &web_sys::KeyboardEvent) -> bool {
    let Some(el) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    let tag = el.tag_name().to_ascii_uppercase();
    let role = el.get_attribute("role").unwrap_or_default();
    let key = e.key();
    if matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA")
        || el.get_attribute("contenteditable").is_some()
    {
        return true;
    }
    let activates = matches!(tag.as_str(), "BUTTON" | "SUMMARY" | "A") || role == "button";
    if activates && (key == " " || key == "Enter") {
        return true;
    }
    role == "tab" && key.starts_with("Arrow")
}

#[hook]
pub fn use_presenter_keys(presenter: bool, blank: bool, on_key: Callback<PresenterKeys>) {
    use_effect_with((presenter, blank), move |&(presenter, blank)| {
        let doc = gloo::utils::document();
        // Not passive: the keys it handles must not also scroll the page.
        let options = EventListenerOptions::enable_prevent_default();
        let listener = EventListener::new_with_options(&doc, "keydown", options, move |e| {
            let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            if e.ctrl_key() || e.meta_key() || e.alt_key() || owned_by_target(e) {
                return;
            }
            if blank {
                e.prevent_default();
                on_key.emit(PresenterKeys::Unblank);
                return;
            }
            let key = match e.key().as_str() {
                "ArrowRight" | "PageDown" => PresenterKeys::Next,
                "ArrowLeft" | "PageUp" => PresenterKeys::Back,
                // Space advances like a clicker in presenter mode, and plays elsewhere.
                " " if presenter => PresenterKeys::Next,
                " " | "." => PresenterKeys::Pause,
                "p" | "P" => PresenterKeys::TogglePresenter,
                "b" | "B" => PresenterKeys::Blank,
                "f" | "F" => PresenterKeys::FullScreen,
                "?" => PresenterKeys::Help,
                "a" | "A" => PresenterKeys::About,
                "Escape" => PresenterKeys::Escape,
                _ => return,
            };
            e.prevent_default();
            on_key.emit(key);
        });
        move || drop(listener)
    });
}

/// Enters or leaves full screen. The browser may refuse (no user gesture, an iframe without
/// `allowfullscreen`); the refusal is awaited so it never surfaces as an unhandled rejection.
pub fn toggle_full_screen() {
    let doc = gloo::utils::document();
    if doc.fullscreen_element().is_some() {
        doc.exit_fullscreen();
        return;
    }
    let Some(root) = doc.document_element() else {
        return;
    };
    // web-sys drops requestFullscreen's promise; call it through JS to keep and await it.
    let Ok(f) = js_sys::Reflect::get(&root, &"requestFullscreen".into()) else {
        return;
    };
    let Ok(f) = f.dyn_into::<js_sys::Function>() else {
        return;
    };
    if let Ok(p) = f.call0(&root).and_then(|v| v.dyn_into::<js_sys::Promise>()) {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = JsFuture::from(p).await;
        });
    }
}
