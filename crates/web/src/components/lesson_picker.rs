//! The built-in lessons, one button each, numbered as the files are.

use keyfall_core::{builtin_lessons, parse_scenario};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LessonPickerProps {
    /// The open lesson's id.
    pub current: Option<AttrValue>,
    pub on_open: Callback<String>,
}

#[function_component]
pub fn LessonPicker(props: &LessonPickerProps) -> Html {
    let lessons = use_memo((), |_| {
        builtin_lessons()
            .into_iter()
            .filter_map(|(_, text)| parse_scenario(text).ok())
            .map(|s| (s.id, s.title))
            .collect::<Vec<_>>()
    });
    let buttons = lessons.iter().map(|(id, title)| {
        let onclick = {
            let id = id.clone();
            props.on_open.reform(move |_: MouseEvent| id.clone())
        };
        let open = props.current.as_deref() == Some(id.as_str());
        html! {
            <button class={if open { "lesson open" } else { "lesson" }} data-testid={format!("lesson-{id}")}
                aria-pressed={open.to_string()} title={title.clone()} aria-label={format!("Lesson {id}: {title}")} {onclick}>
                {id.clone()}
            </button>
        }
    });
    html! {
        <nav class="lesson-picker" aria-label="Lessons">
            <span class="label">{"Lessons"}</span>
            { for buttons }
        </nav>
    }
}
