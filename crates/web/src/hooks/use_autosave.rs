//! Autosave: the session, as the text of an edit link, in localStorage whenever it changes; and
//! the URL's `#k1...` fragment kept in step with it once the user edits a session opened from a
//! link (so a reload shows what they see, not the link's original).

use keyfall_core::ShareMode;
use yew::prelude::*;

use super::boot::SESSION_KEY;
use crate::state::{Action, Notice, State};

#[hook]
pub fn use_autosave(state: UseReducerHandle<State>, armed: bool, options: Vec<(String, String)>) {
    // Warn once if the browser refuses to store (private mode, quota): not on every step.
    let warned = use_mut_ref(|| false);
    let deps = (
        state.world.generation,
        state.edited,
        state.read_only,
        options.clone(),
    );
    use_effect_with(deps, move |(_, edited, read_only, options)| {
        if (armed || *edited) && !*read_only {
            let share = state.to_share(ShareMode::Edit, options.clone());
            if super::storage::save(SESSION_KEY, &share.text()).is_err() && !*warned.borrow() {
                *warned.borrow_mut() = true;
                state.dispatch(Action::Notify(Notice::error(
                    "This browser would not save the session; use Export to keep your work.",
                )));
            }
            if *edited {
                let (_, hash) = super::boot::location();
                if hash.starts_with("#k1.") {
                    replace_fragment(&share.encode());
                }
            }
        }
    });
}

/// Sets the URL fragment without a navigation or a history entry.
pub fn replace_fragment(fragment: &str) {
    let window = gloo::utils::window();
    let Ok(history) = window.history() else {
        return;
    };
    let loc = window.location();
    let base = format!(
        "{}{}",
        loc.pathname().unwrap_or_default(),
        loc.search().unwrap_or_default()
    );
    let url = if fragment.is_empty() {
        base
    } else {
        format!("{base}#{fragment}")
    };
    // A refusal (sandboxed iframe, file:// quirks) only leaves the old URL: nothing to report.
    let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
}
