//! What the page was opened with: a share link in the fragment, a deep link or `?embed` in the
//! query, or nothing (then the autosaved session). Read once, before the first render, so the
//! first frame already shows the right session.

use keyfall_core::{Share, ShareMode};
use yew::Reducible;

use crate::state::{Action, Notice, SEED, State};

/// The localStorage key of the autosaved session (the text a share link carries).
pub const SESSION_KEY: &str = "keyfall.session.v1";

/// The page's start-up decisions.
#[derive(Debug)]
pub struct Boot {
    pub state: State,
    /// `?embed`: only the stage, captions and step controls.
    pub embed: bool,
    /// `?present`: open straight into presenter mode.
    pub presenter: bool,
    /// Whether changes may be autosaved right away. False when the page opened a link (or the
    /// saved session could not be read): then only the user's own edits arm the autosave, so
    /// the saved work is not overwritten by merely looking at a link.
    pub armed: bool,
    /// A theme the link asked for (`option: theme=light`).
    pub link_theme: Option<String>,
}

/// The URL query's value for `key` (`None` when absent, `Some("")` for a bare flag).
pub fn query_param(search: &str, key: &str) -> Option<String> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (k == key).then(|| v.to_owned())
        })
}

/// The current page's query string and fragment.
pub fn location() -> (String, String) {
    let loc = gloo::utils::window().location();
    (
        loc.search().unwrap_or_default(),
        loc.hash().unwrap_or_default(),
    )
}

/// Decides the first state from the query, the fragment and localStorage.
pub fn boot(search: &str, hash: &str, saved: Option<String>) -> Boot {
    let embed = query_param(search, "embed").is_some();
    let presenter = query_param(search, "present").is_some();
    let mut out = Boot {
        state: State::new(SEED),
        embed,
        presenter,
        armed: true,
        link_theme: None,
    };
    let fragment = hash.trim_start_matches('#');
    if !fragment.is_empty() {
        out.armed = false;
        let opened = Share::decode(fragment)
            .map_err(|e| {
                if e.line > 0 {
                    format!("line {}, column {}: {}", e.line, e.column, e.message)
                } else {
                    e.message
                }
            })
            .and_then(|share| {
                out.link_theme = theme_option(&share);
                State::from_share(&share)
            });
        match opened {
            Ok(state) => out.state = state,
            Err(e) => {
                out.link_theme = None;
                out.state.notice = Some(Notice::error(format!(
                    "This link could not be opened ({e}). Here is the start page; your saved \
                     session is kept."
                )));
            }
        }
        return out;
    }
    if let Some(lesson) = query_param(search, "lesson") {
        out.armed = false;
        let step = query_param(search, "step")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let state = std::rc::Rc::new(out.state);
        out.state = (*state.reduce(Action::OpenAt { lesson, step })).clone();
        // A deep link is where the reader is sent, not their own edit.
        out.state.edited = false;
        return out;
    }
    if let Some(text) = saved {
        match Share::from_text(ShareMode::Edit, &text)
            .map_err(|e| e.to_string())
            .and_then(|share| State::from_share(&share))
        {
            Ok(state) => out.state = state,
            Err(e) => {
                out.armed = false;
                out.state.notice = Some(Notice::error(format!(
                    "Your saved session could not be restored ({e}). It stays saved until you \
                     change something here."
                )));
            }
        }
    }
    out
}

/// Reads the page's location and the autosave, then [`boot`]s.
pub fn boot_from_page() -> Boot {
    let (search, hash) = location();
    // Skip the saved session entirely when a link wins: it must not even be parsed into view.
    let saved = super::storage::load(SESSION_KEY);
    boot(&search, &hash, saved)
}

fn theme_option(share: &Share) -> Option<String> {
    share
        .options
        .iter()
        .find(|(k, _)| k == "theme")
        .map(|(_, v)| v.clone())
        .filter(|v| v == "light" || v == "dark")
}
