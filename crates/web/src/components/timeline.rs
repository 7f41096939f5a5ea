//! The timeline strip: one button per step (click to jump there, exactly), and a scrub range.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::session::StepDef;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub steps: Vec<std::rc::Rc<StepDef>>,
    pub cursor: usize,
    pub on_seek: Callback<usize>,
}

#[function_component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let items = props.steps.iter().enumerate().map(|(i, s)| {
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
        html! {
            <li>
                <button class={format!("step {state} {kind}")} data-testid="timeline-step" data-state={state}
                    aria-current={(state == "current").then_some("step")}
                    title={title.clone()} {onclick}>
                    <span class="step-no">{i + 1}</span>
                    <span class="step-title">{title}</span>
                </button>
            </li>
        }
    });
    let oninput = props.on_seek.reform(|e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        input.value().parse().unwrap_or(0)
    });
    let current = use_node_ref();
    {
        // Keep the current step in view as the lesson plays.
        let current = current.clone();
        use_effect_with(props.cursor, move |_| {
            // Scroll the strip only (not the page): the list is the step's offset parent.
            let list = current.cast::<web_sys::HtmlElement>();
            let step = list.as_ref().and_then(|l| {
                l.query_selector("[data-state=current]")
                    .ok()
                    .flatten()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            });
            if let (Some(list), Some(step)) = (list, step) {
                // The current chip sits about a third in; the strip then starts at a whole chip,
                // never mid-word, by walking back to the first chip that still fits.
                let item = |e: web_sys::Element| e.dyn_into::<web_sys::HtmlElement>().ok();
                let Some(mut first) = step.parent_element().and_then(item) else {
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
        });
    }
    html! {
        <nav class="timeline" aria-label="Timeline">
            <input type="range" class="scrub" data-testid="scrub" min="0" max={props.steps.len().to_string()}
                value={props.cursor.to_string()} aria-label="Scrub the timeline" {oninput} />
            <ol class="steps" ref={current}>{ for items }</ol>
        </nav>
    }
}
