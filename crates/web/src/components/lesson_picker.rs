//! The built-in lessons, one button each, numbered as the files are.

use keyfall_core::lesson_titles;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LessonPickerProps {
    /// The open lesson's id.
    pub current: Option<AttrValue>,
    pub on_open: Callback<String>,
}

#[function_component]
pub fn LessonPicker(props: &LessonPickerProps) -> Html {
    // Ids and titles from the lessons' headers: the first frame parses no lesson.
    let lessons = use_memo((), |_| lesson_titles());
    let buttons = lessons.iter().map(|&(id, title)| {
        let onclick = props.on_open.reform(move |_: MouseEvent| id.to_owned());
        let open = props.current.as_deref() == Some(id);
        html! {
            <button class={if open { "lesson open" } else { "lesson" }} data-testid={format!("lesson-{id}")}
                aria-pressed={open.to_string()} title={title} aria-label={format!("Lesson {id}: {title}")} {onclick}>
                {id}
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
