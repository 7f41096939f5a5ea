//! What the page shows when the app panics (issue 7): a static message over the stage with a
//! "Restore last session" button and the panic message.
//!
//! Built with plain DOM calls, not Yew: by the time the hook runs, the app's state may be
//! half-updated and, with `panic = "abort"` in release, the wasm instance traps right after the
//! hook returns. So nothing here may call back into wasm later: the button is wired to the
//! browser's own `location.reload`, bound in JS. The hook never touches localStorage, so the
//! autosave (`keyfall.session.v1`) from before the panic is what the reload restores.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element};

/// The overlay's element id; a second panic replaces the first overlay instead of stacking.
pub const OVERLAY_ID: &str = "keyfall-panic";

/// Sets the panic hook: log to the console, then show the overlay.
///
/// Through Yew, not `std::panic::set_hook`: `Renderer::render` installs its own console hook
/// over any hook set before, unless it was set with `set_custom_panic_hook`.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&JsValue::from_str(&format!("Keyfall panicked: {message}")));
        // A hook cannot report failure; if the DOM is unusable the console line is all we have.
        let _ = show(&message);
    }));
}

/// Builds the overlay with `message` as text in its details and adds it to `<body>`.
pub fn show(message: &str) -> Result<Element, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let body = document.body().ok_or("no body")?;
    if let Some(old) = document.get_element_by_id(OVERLAY_ID) {
        old.remove();
    }
    // Inline styles: app.css may not cover this element, and the page's CSP allows style
    // attributes. It covers the whole page so no click reaches the dead app underneath.
    let overlay = el(
        &document,
        "div",
        "position:fixed;inset:0;z-index:2147483647;display:flex;flex-direction:column;\
         align-items:center;justify-content:center;gap:1rem;padding:2rem;\
         background:rgba(12,14,20,0.94);color:#e8eaf0;font:16px/1.5 system-ui,sans-serif",
    )?;
    overlay.set_id(OVERLAY_ID);
    overlay.set_attribute("role", "alertdialog")?;
    overlay.set_attribute("aria-modal", "true")?;
    overlay.set_attribute("aria-labelledby", "keyfall-panic-title")?;
    overlay.set_attribute("data-testid", "panic-overlay")?;

    let title = el(&document, "h2", "margin:0;font-size:1.4rem")?;
    title.set_id("keyfall-panic-title");
    title.set_text_content(Some(
        "Keyfall hit a bug and stopped. Your session is saved.",
    ));

    let button = el(
        &document,
        "button",
        "font:inherit;padding:0.5rem 1.2rem;border-radius:6px;border:1px solid #6aa0ff;\
         background:#1d3a6e;color:#fff;cursor:pointer",
    )?;
    button.set_attribute("type", "button")?;
    button.set_attribute("data-testid", "panic-restore")?;
    button.set_text_content(Some("Restore last session"));
    // `location.reload` bound to `location` in JS: the click must work after the wasm aborted,
    // and the CSP forbids building a function from source text.
    let location = window.location();
    let reload: js_sys::Function = js_sys::Reflect::get(&location, &"reload".into())?.dyn_into()?;
    let reload = reload.bind0(&location);
    button
        .unchecked_ref::<web_sys::HtmlElement>()
        .set_onclick(Some(&reload));

    let details = el(&document, "details", "max-width:min(60rem,90vw)")?;
    let summary = el(&document, "summary", "cursor:pointer")?;
    summary.set_text_content(Some("Details"));
    let pre = el(
        &document,
        "pre",
        "white-space:pre-wrap;overflow:auto;max-height:40vh;font-size:0.85rem",
    )?;
    pre.set_attribute("data-testid", "panic-message")?;
    // As text, never as HTML: the message can quote scenario text.
    pre.set_text_content(Some(message));
    details.append_child(&summary)?;
    details.append_child(&pre)?;

    overlay.append_child(&title)?;
    overlay.append_child(&button)?;
    overlay.append_child(&details)?;
    body.append_child(&overlay)?;
    button.unchecked_ref::<web_sys::HtmlElement>().focus()?;
    Ok(overlay)
}

fn el(document: &Document, tag: &str, style: &str) -> Result<Element, JsValue> {
    let e = document.create_element(tag)?;
    e.set_attribute("style", style)?;
    Ok(e)
}
