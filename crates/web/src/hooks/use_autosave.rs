//! Autosave: the session, as the text of an edit link, in localStorage whenever it changes; and
//! the URL's `#k1...` fragment kept in step with it once the user edits a session opened from a
//! link (so a reload shows what they see, not the link's original).
//!
//! Moving the cursor changes only the text's `step:` line, so the text of the last session
//! saved is kept and only that line rewritten: back, scrub and play do not print the whole
//! session again (a long one is thousands of lines).

use std::cell::RefCell;
use std::rc::Rc;

use keyfall_core::ShareMode;
use yew::prelude::*;

use super::boot::SESSION_KEY;
use crate::persistence::with_step;
use crate::session::Session;
use crate::state::{Action, State};
use crate::view::Notice;

type Options = Vec<(String, String)>;

/// The last text saved and what it was made from.
type Saved = Option<(Rc<Session>, Options, String)>;

#[hook]
pub fn use_autosave(state: UseReducerHandle<State>, armed: bool, options: Options) {
    // Warn once if the browser refuses to store (private mode, quota): not on every step.
    let warned = use_mut_ref(|| false);
    let saved = use_mut_ref(|| None);
    let deps = (
        state.play.now.world.generation,
        state.edited,
        state.read_only,
        options.clone(),
    );
    use_effect_with(deps, move |(_, edited, read_only, options)| {
        // A challenge with nothing typed is its query (`?challenge=`), and has no session text.
        let fresh_challenge = state.challenge.is_some() && state.steps().is_empty();
        if (armed || *edited) && !*read_only && !fresh_challenge {
            let text = session_text(&saved, &state, options);
            if super::storage::save(SESSION_KEY, &text).is_err() && !*warned.borrow() {
                *warned.borrow_mut() = true;
                state.dispatch(Action::Notify(Notice::error(
                    "This browser would not save the session; use Export to keep your work.",
                )));
            }
            if *edited {
                let (_, hash) = super::boot::location();
                if hash.starts_with("#k1.") {
                    replace_fragment(&state.to_share(ShareMode::Edit, options.clone()).encode());
                }
            }
        }
    });
}

/// The autosave text of `state`: the cached one with its step changed when only the cursor
/// moved, else printed afresh.
fn session_text(saved: &RefCell<Saved>, state: &State, options: &Options) -> String {
    let mut saved = saved.borrow_mut();
    if let Some((session, o, text)) = &*saved
        && Rc::ptr_eq(session, &state.session)
        && o == options
    {
        return with_step(text, state.play.cursor);
    }
    let text = state.to_share(ShareMode::Edit, options.clone()).text();
    *saved = Some((state.session.clone(), options.clone(), text.clone()));
    text
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
