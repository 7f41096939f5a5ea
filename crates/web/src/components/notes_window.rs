//! The speaker-notes window (`?notes`, opened from presenter mode): the current step's notes and
//! narration, the next step's title, a clock and the time since it opened. It follows the main
//! window over a BroadcastChannel and can move it with Back/Next (or the arrow keys).

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Interval;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::rich_text::rich_text;
use crate::hooks::{NotesMsg, StepInfo, use_notes_channel};

fn clock(ms: f64) -> String {
    let d = js_sys::Date::new(&ms.into());
    format!(
        "{:02}:{:02}:{:02}",
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

fn elapsed(ms: f64) -> String {
    let s = (ms / 1000.0).max(0.0) as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

#[function_component]
pub fn NotesWindow() -> Html {
    let info = use_state(|| None::<StepInfo>);
    let on_msg = {
        let info = info.clone();
        Callback::from(move |msg| {
            if let NotesMsg::Step(s) = msg {
                info.set(Some(s));
            }
        })
    };
    let send = use_notes_channel(on_msg);
    let started = use_memo((), |_| js_sys::Date::now());
    let now = use_state(js_sys::Date::now);
    {
        let send = send.clone();
        let now = now.clone();
        use_effect_with((), move |_| {
            send.emit(NotesMsg::Hello);
            let tick = Interval::new(1000, move || now.set(js_sys::Date::now()));
            let doc = gloo::utils::document();
            let options = EventListenerOptions::enable_prevent_default();
            let keys = EventListener::new_with_options(&doc, "keydown", options, move |e| {
                let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                match e.key().as_str() {
                    "ArrowRight" | "PageDown" | " " => send.emit(NotesMsg::Next),
                    "ArrowLeft" | "PageUp" => send.emit(NotesMsg::Back),
                    _ => return,
                }
                e.prevent_default();
            });
            move || drop((tick, keys))
        });
    }
    let body = match &*info {
        None => html! {
            <p class="dim" data-testid="notes-waiting">{"Waiting for the Keyfall window… Keep it open in \
                presenter mode; this window follows it."}</p>
        },
        Some(s) => html! {<>
            <p class="notes-where">{format!("{} · step {}/{}", s.lesson, s.index, s.total)}</p>
            <h1 data-testid="notes-title">{s.title.clone()}</h1>
            <section aria-label="Speaker notes" class="notes-notes" data-testid="notes-notes">
                if s.notes.is_empty() {
                    <p class="dim">{"No notes for this step."}</p>
                } else {
                    { rich_text(&s.notes) }
                }
            </section>
            <section aria-label="Narration" class="notes-narration">
                { rich_text(&s.narration) }
            </section>
            <p class="notes-next" data-testid="notes-next">
                {"Next: "}{s.next.clone().unwrap_or_else(|| "end of the timeline".to_owned())}
            </p>
        </>},
    };
    html! {
        <main class="notes-window" data-testid="notes-window">
            <div class="notes-bar">
                <span class="notes-clock" data-testid="notes-clock" aria-label="Time">{clock(*now)}</span>
                <span class="notes-elapsed" aria-label="Time since this window opened">{elapsed(*now - *started)}</span>
                <button data-testid="notes-back" onclick={send.reform(|_| NotesMsg::Back)}>{"◀ Back"}</button>
                <button class="primary" data-testid="notes-next-button" onclick={send.reform(|_| NotesMsg::Next)}>{"Next ▶"}</button>
            </div>
            {body}
        </main>
    }
}
