//! "About this simulation": what Keyfall models, what is its own inference and what it leaves
//! out. The words are data in `crate::about`, kept in step with `docs/fidelity.md`; this file
//! only lays them out.
//!
//! Opened from the header (*About*) or with `a`; Escape or Close shuts it. Focus moves to Close
//! when it opens, Tab stays inside it, and focus goes back to where it was when it closes.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::rich_text::inline;
use crate::about::{CHECKED, FIDELITY_PAGE, INTRO, MORE, SECTIONS, TITLE};

/// Props of [`AboutDialog`].
#[derive(Debug, Properties, PartialEq)]
pub struct AboutDialogProps {
    pub on_close: Callback<()>,
}

#[function_component]
pub fn AboutDialog(props: &AboutDialogProps) -> Html {
    // The dialog's first and last stops for Tab: the scrolling text and Close.
    let body = use_node_ref();
    let close = use_node_ref();
    {
        let close = close.clone();
        use_effect_with((), move |_| {
            let before = gloo::utils::document().active_element();
            focus(close.cast::<web_sys::Element>());
            // Back to the button or stage actor that had focus; an element that has left
            // the page ignores it.
            move || focus(before)
        });
    }
    let onkeydown = {
        let (on_close, body, close) = (props.on_close.clone(), body.clone(), close.clone());
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Escape" => {
                e.prevent_default();
                on_close.emit(());
            }
            // A modal dialog keeps focus. It has two stops, so Tab and Shift+Tab each go to
            // the other one; from anywhere else, Tab goes to the first and Shift+Tab to the
            // last. (A link or button added to the text would be a third stop to handle here.)
            "Tab" => {
                e.prevent_default();
                let active = gloo::utils::document().active_element();
                let (body, close) = (body.cast::<web_sys::Element>(), close.cast());
                let to = match (e.shift_key(), active == body, active == close) {
                    (false, true, _) | (true, _, false) => close,
                    _ => body,
                };
                focus(to);
            }
            _ => {}
        })
    };
    let sections = SECTIONS.iter().map(|s| {
        let heading = format!("about-{}", s.key);
        html! {
            <section class={classes!("about-section", s.key)} aria-labelledby={heading.clone()}
                data-testid={format!("about-{}", s.key)}>
                <h3 id={heading}><span class="about-mark" aria-hidden="true">{s.mark}</span>{s.title}</h3>
                <ul>{ for s.items.iter().map(|i| html! { <li>{inline(i)}</li> }) }</ul>
            </section>
        }
    });
    html! {
        <div class="modal-backdrop">
            <div class="dialog about" role="dialog" aria-modal="true" aria-labelledby="about-title"
                data-testid="about" {onkeydown}>
                <h2 id="about-title">{TITLE}</h2>
                // Focusable so a keyboard user can scroll it when it does not fit
                // (axe scrollable-region-focusable).
                <div class="about-body" ref={body} tabindex="0">
                    <p class="about-intro">{INTRO}</p>
                    <div class="about-sections">{ for sections }</div>
                </div>
                <div class="about-foot">
                    <p><code>{FIDELITY_PAGE}</code>{format!(" {MORE} Sources checked {CHECKED}.")}</p>
                    <button ref={close} data-testid="about-close" onclick={props.on_close.reform(|_| ())}>{"Close"}</button>
                </div>
            </div>
        </div>
    }
}

/// Focuses `el`, an HTML or SVG element (both have `focus`; the stage's actors are SVG).
fn focus(el: Option<web_sys::Element>) {
    if let Some(el) = el {
        // Fails only on a detached element, which simply keeps no focus.
        let _ = el.unchecked_ref::<web_sys::HtmlElement>().focus();
    }
}
