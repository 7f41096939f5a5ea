//! Event handlers and pieces of markup that many views repeat, built by plain functions.
//!
//! Size is the reason. Every `Callback::from(move |..| ..)` is its own closure type, and each type
//! brings its own listener wrapper, vtable and drop glue into the wasm; every `html!` block is
//! expanded inline where it is written. Writing a repeated widget once here keeps one copy of it.

use yew::prelude::*;

use crate::shared::Selection;

/// Click and Enter/Space handlers that raise `sel`. A `nested` target (a shelf row, a recovery
/// point) sits inside its actor's group; stopping the event there keeps the group from selecting
/// itself instead.
pub(crate) fn select_handlers(
    on_select: &Callback<Selection>,
    sel: Selection,
    nested: bool,
) -> (Callback<MouseEvent>, Callback<KeyboardEvent>) {
    let onclick = {
        let cb = on_select.clone();
        let sel = sel.clone();
        Callback::from(move |e: MouseEvent| {
            if nested {
                e.stop_propagation();
            }
            cb.emit(sel.clone());
        })
    };
    let cb = on_select.clone();
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            if nested {
                e.stop_propagation();
            }
            cb.emit(sel.clone());
        }
    });
    (onclick, onkeydown)
}

/// A click handler that sends `lines` to `on_command`, in order. It prevents the click's default
/// action, so a checkbox keeps showing the world until the command has run and the world says so;
/// the buttons that use it have no default action.
pub(crate) fn run_lines(on_command: &Callback<String>, lines: Vec<String>) -> Callback<MouseEvent> {
    let cb = on_command.clone();
    Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        for line in &lines {
            cb.emit(line.clone());
        }
    })
}

/// A button with fixed text. `testid` and `label` (the accessible name, when the text alone is not
/// enough) are left out of the DOM when `None`.
pub(crate) fn button(
    class: &'static str,
    testid: Option<&'static str>,
    label: Option<String>,
    disabled: bool,
    onclick: Callback<MouseEvent>,
    text: &'static str,
) -> Html {
    html! {
        <button {class} data-testid={testid} aria-label={label} {disabled} {onclick}>{ text }</button>
    }
}

/// One `<option>` of a select.
pub(crate) fn option(value: &str, text: &str, selected: bool) -> Html {
    html! { <option value={value.to_owned()} {selected}>{ text.to_owned() }</option> }
}

/// A menu as a native disclosure: a button-like summary that opens `items`, with no state of its
/// own (a pick closes it again). `onclick` on the item box serves items that say what they do in
/// a `data-do` attribute.
pub(crate) fn menu(
    summary: String,
    testid: &'static str,
    title: Option<&'static str>,
    class: &'static str,
    onclick: Option<Callback<MouseEvent>>,
    items: Html,
) -> Html {
    html! {
        <details class="export-menu">
            <summary class="button" data-testid={testid} {title}>{ summary }</summary>
            <div {class} {onclick}>{ items }</div>
        </details>
    }
}
