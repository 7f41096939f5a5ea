//! A health verdict as icon + word (never colour alone), for the stage and the panels.

use keyfall_core::Verdict;
use yew::prelude::*;

pub use keyfall_stage::draw::verdict_icon;

/// The badge. A plain function, not a component: it has no state, and every component type
/// carries its own copy of Yew's lifecycle code into the wasm.
pub fn verdict_badge(v: Verdict) -> Html {
    html! {
        <span class={format!("verdict verdict-{}", v.name())}>
            <span aria-hidden="true">{verdict_icon(v)}</span>{" "}{v.name()}
        </span>
    }
}
