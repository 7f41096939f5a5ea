//! A health verdict as icon + word (never colour alone), for the stage and the panels.

use keyfall_core::Verdict;
use yew::prelude::*;

/// The icon that goes with each verdict.
pub fn verdict_icon(v: Verdict) -> &'static str {
    match v {
        Verdict::Ok => "✓",
        Verdict::AtRisk => "⚠",
        Verdict::Broken => "✗",
        Verdict::Lost => "☠",
    }
}

#[derive(Properties, PartialEq)]
pub struct VerdictBadgeProps {
    pub verdict: Verdict,
}

#[function_component]
pub fn VerdictBadge(props: &VerdictBadgeProps) -> Html {
    let v = props.verdict;
    html! {
        <span class={classes!("verdict", format!("verdict-{}", v.as_str()))}>
            <span aria-hidden="true">{verdict_icon(v)}</span>{" "}{v.as_str()}
        </span>
    }
}
