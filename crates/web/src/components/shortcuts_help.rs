//! The `?` overlay: every keyboard shortcut.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShortcutsHelpProps {
    pub on_close: Callback<()>,
}

const KEYS: &[(&str, &str)] = &[
    (
        "→  PageDown  Space",
        "next step (Space plays outside presenter mode)",
    ),
    ("←  PageUp", "previous step"),
    (".", "play / pause"),
    ("p", "presenter mode on / off"),
    ("b", "blank the screen (any key returns)"),
    ("f", "full screen"),
    ("a", "about this simulation: what is modelled"),
    ("?", "this list"),
    ("Esc", "close"),
];

#[function_component]
pub fn ShortcutsHelp(props: &ShortcutsHelpProps) -> Html {
    let rows = KEYS.iter().map(|(k, what)| {
        html! { <tr><th scope="row"><kbd>{*k}</kbd></th><td>{*what}</td></tr> }
    });
    html! {
        <div class="modal-backdrop">
            <div class="dialog shortcuts" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title"
                data-testid="shortcuts">
                <h2 id="shortcuts-title">{"Keyboard shortcuts"}</h2>
                <table>{ for rows }</table>
                <div class="dialog-buttons">
                    <button data-testid="shortcuts-close" onclick={props.on_close.reform(|_| ())}>{"Close"}</button>
                </div>
            </div>
        </div>
    }
}
