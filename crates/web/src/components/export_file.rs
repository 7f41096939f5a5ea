//! Getting text out of the page: a file download and the clipboard, shared by the audit log and
//! the real-commands view. Both report failure as a message instead of panicking, because a
//! projector laptop's browser may refuse either.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlAnchorElement;

/// Offers `text` as a file download named `name`, through a Blob, an object URL and a click on a
/// temporary `<a download>`.
pub(crate) fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    download_blob(name, gloo::file::Blob::new_with_options(text, Some(mime)))
}

/// Offers `blob` as a file download named `name` (a PNG the page drew, for one).
pub(crate) fn download_blob(name: &str, blob: gloo::file::Blob) -> Result<(), String> {
    let url = gloo::file::ObjectUrl::from(blob);
    let document = gloo::utils::document();
    let anchor: HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "the browser would not create a link".to_owned())?
        .dyn_into()
        .map_err(|_| "the browser would not create a link".to_owned())?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    // Revoking the URL at once can cancel the download in some browsers; keep it for a minute.
    gloo::timers::callback::Timeout::new(60_000, move || drop(url)).forget();
    Ok(())
}

/// Copies `text` to the clipboard; resolves to a message for the user either way.
pub(crate) async fn copy(text: String) -> Result<(), String> {
    const FALLBACK: &str = "Copy is not available here: select the text and press Ctrl+C.";
    let navigator = gloo::utils::window().navigator();
    // `navigator.clipboard` is undefined outside secure contexts (plain http on a LAN address);
    // calling through it would throw, so look before touching it.
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).map_err(|_| FALLBACK)?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return Err(FALLBACK.to_owned());
    }
    let clipboard: web_sys::Clipboard = clipboard.unchecked_into();
    JsFuture::from(clipboard.write_text(&text))
        .await
        .map(|_| ())
        .map_err(|_| FALLBACK.to_owned())
}
