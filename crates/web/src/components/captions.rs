//! The caption under the stage: which step this is and what it means, in the lesson's words.
//! The speaker reads it aloud, so it scrolls (with a visible shadow) rather than being cut.

use yew::prelude::*;

use super::rich_text::rich_text;
use crate::session::{LessonMeta, StepDef};

#[derive(Properties, PartialEq)]
pub struct CaptionsProps {
    pub lesson: Option<LessonMeta>,
    pub step: Option<std::rc::Rc<StepDef>>,
    /// 1-based index of the step, and how many there are.
    pub index: usize,
    pub total: usize,
}

#[function_component]
pub fn Captions(props: &CaptionsProps) -> Html {
    // One line: the step and its title lead; the lesson's name is a dim prefix that may be cut,
    // so the narration below keeps its room.
    let (kicker, heading) = match (&props.lesson, &props.step) {
        (Some(l), Some(s)) => (
            Some(l.title.clone()),
            format!("Step {}/{} · {}", props.index, props.total, s.title),
        ),
        (Some(l), None) => (None, l.title.clone()),
        (None, Some(_)) => (None, format!("Step {}/{}", props.index, props.total)),
        (None, None) => (None, "Keyfall".to_owned()),
    };
    let body = match (&props.lesson, &props.step) {
        (_, Some(s)) if !s.narration.is_empty() => rich_text(&s.narration),
        (_, Some(s)) if s.typed => html! { <p><code>{s.title.clone()}</code></p> },
        (Some(l), _) => html! {<>
            <p>{l.summary.clone()}</p>
            <p class="dim">{"Press Play or Next step (→) to begin."}</p>
        </>},
        _ => html! {
            <p>{"Pick a lesson above, or type an az command in the console. Every call the \
                simulation makes travels across the stage, and What breaks shows the health of \
                every VM, recovery point and secret."}</p>
        },
    };
    html! {
        // Focusable so a keyboard user can scroll a long narration (axe scrollable-region-focusable).
        <section class="captions" data-testid="captions" aria-live="polite" aria-label="Narration">
            <h2 title={heading.clone()}>
                <span class="caption-step">{heading}</span>
                if let Some(k) = kicker {
                    <span class="caption-lesson">{k}</span>
                }
            </h2>
            <div class="caption-body" tabindex="0">{body}</div>
        </section>
    }
}
