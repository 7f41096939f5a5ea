//! The share dialog: a view link (read-only, opens at the current step) and an edit link, each
//! with Copy. Links carry the commands as typed, secret values included, and the dialog says so.

use yew::prelude::*;

use super::export_file::copy;

#[derive(Properties, PartialEq)]
pub struct ShareDialogProps {
    pub view_url: AttrValue,
    pub edit_url: AttrValue,
    /// The session types a secret value (`--value`): the warning is stronger.
    pub has_values: bool,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn ShareDialog(props: &ShareDialogProps) -> Html {
    let status = use_state(String::new);
    let copy_button = |url: AttrValue, what: &'static str, testid: &'static str| {
        let status = status.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            let status = status.clone();
            let url = url.to_string();
            wasm_bindgen_futures::spawn_local(async move {
                match copy(url).await {
                    Ok(()) => status.set(format!("The {what} link is on the clipboard.")),
                    Err(e) => status.set(e),
                }
            });
        });
        html! { <button class="primary" data-testid={testid} {onclick}>{format!("Copy {what} link")}</button> }
    };
    let onkeydown = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                on_close.emit(());
            }
        })
    };
    html! {
        <div class="modal-backdrop" {onkeydown}>
            <div class="dialog share-dialog" role="dialog" aria-modal="true" aria-labelledby="share-title"
                data-testid="share-dialog">
                <h2 id="share-title">{"Share this session"}</h2>
                <p class="dim">{"The link holds the seed and the commands, so it opens the same world \
                    at this step, with no server involved."}</p>
                <label class="share-field">
                    <span>{"View link: read-only, no console, opens at this step"}</span>
                    <input readonly=true value={props.view_url.clone()} data-testid="share-view-url" />
                </label>
                {copy_button(props.view_url.clone(), "view", "share-copy-view")}
                <label class="share-field">
                    <span>{"Edit link: a copy the recipient can change"}</span>
                    <input readonly=true value={props.edit_url.clone()} data-testid="share-edit-url" />
                </label>
                {copy_button(props.edit_url.clone(), "edit", "share-copy-edit")}
                <p class={if props.has_values { "share-note warn" } else { "share-note" }} data-testid="share-note">
                    <span aria-hidden="true">{"⚠ "}</span>
                    {"Links, exports and the autosave carry every command as typed, including any \
                      value given with "}<code>{"--value"}</code>{". Use sample values only."}
                </p>
                <p role="status" class="dim">{(*status).clone()}</p>
                <div class="dialog-buttons">
                    <button data-testid="share-close" onclick={props.on_close.reform(|_| ())}>{"Close"}</button>
                </div>
            </div>
        </div>
    }
}
