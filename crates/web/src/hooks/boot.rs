//! What the page was opened with, read from the browser once before the first render; the
//! decision itself is pure ([`crate::persistence::boot`]).

pub use crate::persistence::{Boot, SESSION_KEY, boot, query_param};

/// The current page's query string and fragment.
pub fn location() -> (String, String) {
    let loc = gloo::utils::window().location();
    (
        loc.search().unwrap_or_default(),
        loc.hash().unwrap_or_default(),
    )
}

/// Reads the page's location and the autosave, then [`boot`]s.
pub fn boot_from_page() -> Boot {
    let (search, hash) = location();
    // Skip the saved session entirely when a link wins: it must not even be parsed into view.
    let saved = super::storage::load(SESSION_KEY);
    boot(&search, &hash, saved)
}
