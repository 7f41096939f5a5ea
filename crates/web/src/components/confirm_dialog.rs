//! Before a destructive command runs: what it would break, from the core's `what_if` on a copy of
//! the world. Run or Cancel, from the keyboard too (Enter on the focused button, Escape cancels).

use yew::prelude::*;

use super::verdict_badge::verdict_icon;
use crate::view::Pending;

#[derive(Properties, PartialEq)]
pub struct ConfirmDialogProps {
    pub pending: Pending,
    pub on_run: Callback<()>,
    pub on_cancel: Callback<()>,
}

#[function_component]
pub fn ConfirmDialog(props: &ConfirmDialogProps) -> Html {
    let cancel_ref = use_node_ref();
    {
        // Focus lands on the safe choice.
        let cancel_ref = cancel_ref.clone();
        use_effect_with((), move |_| {
            if let Some(b) = cancel_ref.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        });
    }
    let onkeydown = {
        let cancel = props.on_cancel.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                cancel.emit(());
            }
        })
    };
    let verdict = |v: Option<keyfall_core::Verdict>| match v {
        Some(v) => format!("{} {}", verdict_icon(v), v.name()),
        None => "gone".to_owned(),
    };
    let changes = props.pending.diff.changes.iter().map(|c| {
        html! {
            <li data-asset={c.asset.to_string()} data-after={c.after.map(|v| v.name()).unwrap_or("gone")}>
                <code>{c.asset.to_string()}</code>{format!(": {} → {}", verdict(c.before), verdict(c.after))}
            </li>
        }
    });
    let result = match &props.pending.diff.result {
        Ok(m) => format!("The command itself would succeed: {m}"),
        Err(e) => format!("The command itself would fail: {e}"),
    };
    html! {
        <div class="modal-backdrop">
            <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title"
                data-testid="confirm" {onkeydown}>
                <h2 id="confirm-title">{"⚠ This would change what works"}</h2>
                <p><code>{props.pending.text.clone()}</code></p>
                <ul class="changes">{ for changes }</ul>
                <p class="dim">{result}</p>
                <div class="dialog-buttons">
                    <button ref={cancel_ref} data-testid="confirm-cancel" onclick={props.on_cancel.reform(|_| ())}>{"Cancel"}</button>
                    <button class="danger" data-testid="confirm-run" onclick={props.on_run.reform(|_| ())}>{"Run it"}</button>
                </div>
            </div>
        </div>
    }
}
