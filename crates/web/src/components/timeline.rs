//! The timeline strip: one button per step (click to jump there, exactly), and a scrub range.
//!
//! A long session renders only a window of chips (`view::timeline_window`): around the current
//! step, or a page the user moved to with the "earlier" and "later" buttons at the strip's ends.
//! The scrub range and the step keys reach every step as before.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::session::Session;
use crate::view::timeline_window;

#[derive(Properties)]
pub struct TimelineProps {
    /// The active branch's steps are drawn.
    pub session: Rc<Session>,
    pub cursor: usize,
    pub on_seek: Callback<usize>,
}

impl PartialEq for TimelineProps {
    fn eq(&self, other: &Self) -> bool {
        // A session changes by copy (it is shared between states), so the same pointer is the
        // same session: no need to compare a thousand steps.
        Rc::ptr_eq(&self.session, &other.session)
            && self.cursor == other.cursor
            && self.on_seek == other.on_seek
    }
}

/// A window the user paged to: where it starts, which way they went, and the cursor it was
/// chosen at (a new cursor brings the window back to the current step).
#[derive(Clone, Copy, PartialEq)]
struct Paged {
    cursor: usize,
    from: usize,
    earlier: bool,
}

#[function_component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let steps = props.session.steps();
    let len = steps.len();
    let paged = use_state(|| None::<Paged>);
    let paged_now = (*paged).filter(|p| p.cursor == props.cursor);
    let window = timeline_window(len, props.cursor, paged_now.map(|p| p.from));
    let (first, last) = (window.start, window.end);
    let items = steps[window].iter().zip(first..).map(|(s, i)| {
        let state = if i + 1 == props.cursor {
            "current"
        } else if i < props.cursor {
            "past"
        } else {
            "future"
        };
        let onclick = props.on_seek.reform(move |_: MouseEvent| i + 1);
        let kind = if s.goal.is_some() {
            "goal"
        } else if s.typed {
            "typed"
        } else {
            "lesson"
        };
        let title = s.title.clone();
        // Keyed by step: a window moved by one step moves one chip, and a focused chip or
        // button never turns into another one under the keyboard.
        html! {
            <li key={i}>
                <button class={format!("step {state} {kind}")} data-testid="timeline-step" data-state={state}
                    data-step={(i + 1).to_string()} aria-current={(state == "current").then_some("step")}
                    title={title.clone()} {onclick}>
                    <span class="step-no">{i + 1}</span>
                    <span class="step-title">{title}</span>
                </button>
            </li>
        }
    });
    // The steps outside the window, as one button at each end that pages the strip there
    // (without moving the cursor, like scrolling the strip would).
    let page = |from: usize, earlier: bool| {
        let (paged, cursor) = (paged.clone(), props.cursor);
        Callback::from(move |_: MouseEvent| {
            paged.set(Some(Paged {
                cursor,
                from,
                earlier,
            }))
        })
    };
    let earlier = (first > 0).then(|| {
        let onclick = page(first.saturating_sub(last - first), true);
        html! {
            <li key="earlier">
                <button class="step more" data-testid="timeline-earlier" {onclick}>
                    {format!("… {first} earlier")}
                </button>
            </li>
        }
    });
    let later = (last < len).then(|| {
        let onclick = page(last, false);
        html! {
            <li key="later">
                <button class="step more" data-testid="timeline-later" {onclick}>
                    {format!("{} later …", len - last)}
                </button>
            </li>
        }
    });
    let oninput = props.on_seek.reform(|e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        input.value().parse().unwrap_or(0)
    });
    let list = use_node_ref();
    {
        // Keep the current step in view as the lesson plays; after paging, keep the button the
        // user pressed in view (under the pointer, and focused), so it pages on.
        let list = list.clone();
        let toward = paged_now.map(|p| p.earlier);
        use_effect_with((props.cursor, first, toward), move |&(_, _, toward)| {
            // In the next frame, not now: reading chip positions lays the page out, which the
            // frame does anyway, rather than in the task of the click or key that moved the
            // cursor. (A frame still pending when the cursor moves again scrolls too, to a chip
            // the newer one then corrects in the same frame.)
            let scroll = wasm_bindgen::closure::Closure::once_into_js(move || {
                // Scroll the strip only (not the page): the list is the chips' offset parent.
                let Some(list) = list.cast::<web_sys::HtmlElement>() else {
                    return;
                };
                match toward {
                    Some(true) => list.set_scroll_left(0),
                    Some(false) => list.set_scroll_left(list.scroll_width()),
                    None => scroll_to_current(&list),
                }
            });
            let _ = gloo::utils::window().request_animation_frame(scroll.unchecked_ref());
        });
    }
    html! {
        <nav class="timeline" aria-label="Timeline">
            <input type="range" class="scrub" data-testid="scrub" min="0" max={len.to_string()}
                value={props.cursor.to_string()} aria-label="Scrub the timeline"
                aria-valuetext={format!("Step {} of {len}", props.cursor)} {oninput} />
            <ol class="steps" ref={list} data-steps={len.to_string()}>
                {earlier}{ for items }{later}
            </ol>
        </nav>
    }
}

/// Scrolls the strip so the current chip sits about a third in, the strip starting at a whole
/// chip, never mid-word: walks back to the first chip that still fits. The strip holds one
/// window of chips, so the layout this reads is small.
fn scroll_to_current(list: &web_sys::HtmlElement) {
    let item = |e: web_sys::Element| e.dyn_into::<web_sys::HtmlElement>().ok();
    let Some(mut first) = list
        .query_selector("[data-state=current]")
        .ok()
        .flatten()
        .and_then(|step| step.parent_element())
        .and_then(item)
    else {
        return;
    };
    let target = first.offset_left() - list.client_width() / 3;
    while let Some(prev) = first.previous_element_sibling().and_then(item) {
        if prev.offset_left() < target {
            break;
        }
        first = prev;
    }
    list.set_scroll_left(first.offset_left() - 4);
}
