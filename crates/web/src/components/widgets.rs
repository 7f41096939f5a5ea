//! Event handlers and pieces of markup that many views repeat, built by plain functions.
//!
//! Size is the reason. Every `Callback::from(move |..| ..)` is its own closure type, and each type
//! brings its own listener wrapper, vtable and drop glue into the wasm; every `html!` block is
//! expanded inline where it is written. Writing a repeated widget once here keeps one copy of it.

use yew::prelude::*;

use crate::layout::{Face, Placed, fit, num, translate};
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

/// The class list of an actor on the stage: `actor`, its kind and state classes, its part in the
/// call travelling now (`speaking`, `listening`) and `selected`.
pub(crate) fn actor_class(kinds: &str, role: &AttrValue, selected: bool) -> String {
    let mut class = format!("actor {kinds}");
    if !role.is_empty() {
        class.push(' ');
        class.push_str(role);
    }
    if selected {
        class.push_str(" selected");
    }
    class
}

/// How an actor's group presents itself to assistive technology.
pub(crate) enum ActorRole {
    /// Named by its visible text.
    Button,
    /// Holds focusable parts of its own (axe nested-interactive), so it is a labelled group.
    Group(String),
}

/// An actor's group on the stage: placed, selectable by click or keyboard, with its box drawn
/// first and `body` over it.
pub(crate) fn actor_frame(
    class: String,
    placed: &Placed,
    corner: &'static str,
    role: ActorRole,
    handlers: (Callback<MouseEvent>, Callback<KeyboardEvent>),
    body: Html,
) -> Html {
    let (onclick, onkeydown) = handlers;
    let (role, label) = match role {
        ActorRole::Button => ("button", None),
        ActorRole::Group(label) => ("group", Some(label)),
    };
    html! {
        <g {class} data-actor={placed.name.clone()} {role} tabindex="0" aria-label={label}
            transform={translate(placed.x, placed.y)} {onclick} {onkeydown}>
            <rect class="actor-box" width={num(placed.w)} height={num(placed.h)} rx={corner} />
            { body }
        </g>
    }
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

/// An SVG text at `(x, y)` fitted to `room` stage units: whole, or shortened with an ellipsis
/// and the whole text in its tooltip, so no label spills out of its box.
pub(crate) fn fitted_text(
    class: &'static str,
    x: f64,
    y: f64,
    text: &str,
    room: f64,
    px: f64,
    face: Face,
) -> Html {
    let (shown, cut) = fit(text, room, px, face);
    html! {
        <text class={(!class.is_empty()).then_some(class)} x={num(x)} y={num(y)}>
            if cut {
                <title>{text.to_owned()}</title>
            }
            {shown}
        </text>
    }
}
