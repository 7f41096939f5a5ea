//! The action buttons.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub on_encrypt: Callback<()>,
    /// How often the disk was encrypted; the label changes after the first time.
    pub runs: u32,
}

#[function_component]
pub fn Controls(props: &ControlsProps) -> Html {
    let onclick = props.on_encrypt.reform(|_: MouseEvent| ());
    let label = if props.runs == 0 {
        "Encrypt disk"
    } else {
        "Encrypt again"
    };
    html! {
        <div class="controls">
            <button class="primary" data-testid="encrypt-disk" {onclick}>
                <svg class="button-icon" viewBox="0 0 24 24" aria-hidden="true">
                    <rect x="5" y="11" width="14" height="10" rx="2" />
                    <path d="M8 11V8a4 4 0 0 1 8 0v3" />
                </svg>
                {label}
            </button>
        </div>
    }
}
