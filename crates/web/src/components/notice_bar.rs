//! A dismissible message about a link, a file or the saved session. Errors are announced
//! at once (role="alert"); other notices politely.

use yew::prelude::*;

use crate::view::Notice;

#[derive(Properties, PartialEq)]
pub struct NoticeBarProps {
    pub notice: Notice,
    pub on_dismiss: Callback<()>,
}

#[function_component]
pub fn NoticeBar(props: &NoticeBarProps) -> Html {
    let n = &props.notice;
    let (class, role, icon) = if n.error {
        ("notice error", "alert", "⚠")
    } else {
        ("notice info", "status", "ℹ")
    };
    html! {
        <div {class} {role} data-testid="notice" data-kind={if n.error { "error" } else { "info" }}>
            <span class="notice-icon" aria-hidden="true">{icon}</span>
            <span class="notice-text">{n.text.clone()}</span>
            <button class="small" data-testid="notice-dismiss" aria-label="Dismiss this message"
                onclick={props.on_dismiss.reform(|_| ())}>{"Dismiss"}</button>
        </div>
    }
}
