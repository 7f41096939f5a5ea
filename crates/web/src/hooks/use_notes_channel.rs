//! The speaker-notes window and the main window talk over a BroadcastChannel: the main window
//! publishes the current step, the notes window asks for it on open and sends next/back.
//! Messages are plain JS objects (the channel clones them); anything that does not read as one
//! of ours is ignored (another tab, another version).

use gloo::events::EventListener;
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::state::{Action, State};

pub const NOTES_CHANNEL: &str = "keyfall-notes";

/// What the notes window shows about the current step.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StepInfo {
    pub lesson: String,
    /// Steps applied, and how many there are.
    pub index: usize,
    pub total: usize,
    pub title: String,
    /// In the scenario's inline format: render with `RichText`, never as HTML.
    pub narration: String,
    pub notes: String,
    pub next: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NotesMsg {
    Step(StepInfo),
    Next,
    Back,
    /// A notes window opened and wants the current step.
    Hello,
}

impl NotesMsg {
    /// The message as the channel carries it: `{kind: "step", lesson: ..., ...}`. Built with
    /// `Reflect` rather than a serializer: seven fields do not need a JSON library in the wasm.
    pub fn to_js(&self) -> JsValue {
        let obj = Object::new();
        let set = |k: &str, v: JsValue| {
            // Setting a property on a fresh plain object cannot fail.
            let _ = Reflect::set(&obj, &JsValue::from_str(k), &v);
        };
        let kind = match self {
            NotesMsg::Step(s) => {
                set("lesson", s.lesson.as_str().into());
                set("index", (s.index as f64).into());
                set("total", (s.total as f64).into());
                set("title", s.title.as_str().into());
                set("narration", s.narration.as_str().into());
                set("notes", s.notes.as_str().into());
                set(
                    "next",
                    s.next.as_deref().map_or(JsValue::NULL, JsValue::from_str),
                );
                "step"
            }
            NotesMsg::Next => "next",
            NotesMsg::Back => "back",
            NotesMsg::Hello => "hello",
        };
        set("kind", kind.into());
        obj.into()
    }

    /// Reads a message from the channel; `None` for anything that is not one.
    pub fn from_js(v: &JsValue) -> Option<NotesMsg> {
        let get = |k: &str| Reflect::get(v, &JsValue::from_str(k)).ok();
        let text = |k: &str| get(k)?.as_string();
        // Counts arrive as JS numbers; anything else (or a negative) is not a step of ours.
        let count = |k: &str| {
            let n = get(k)?.as_f64()?;
            (n >= 0.0 && n.fract() == 0.0).then_some(n as usize)
        };
        if !v.is_object() {
            return None;
        }
        match text("kind")?.as_str() {
            "step" => Some(NotesMsg::Step(StepInfo {
                lesson: text("lesson")?,
                index: count("index")?,
                total: count("total")?,
                title: text("title")?,
                narration: text("narration")?,
                notes: text("notes")?,
                next: text("next"),
            })),
            "next" => Some(NotesMsg::Next),
            "back" => Some(NotesMsg::Back),
            "hello" => Some(NotesMsg::Hello),
            _ => None,
        }
    }
}

/// Opens the channel, calls `on_msg` for each message, and returns a sender. Without
/// BroadcastChannel (very old browsers) the sender does nothing and nothing arrives.
#[hook]
pub fn use_notes_channel(on_msg: Callback<NotesMsg>) -> Callback<NotesMsg> {
    let channel = use_memo((), |_| web_sys::BroadcastChannel::new(NOTES_CHANNEL).ok());
    {
        let channel = channel.clone();
        use_effect_with((), move |_| {
            let listener = (*channel).as_ref().map(|c| {
                EventListener::new(c, "message", move |e| {
                    let msg = e
                        .dyn_ref::<web_sys::MessageEvent>()
                        .and_then(|m| NotesMsg::from_js(&m.data()));
                    if let Some(msg) = msg {
                        on_msg.emit(msg);
                    }
                })
            });
            move || {
                drop(listener);
                if let Some(c) = &*channel {
                    c.close();
                }
            }
        });
    }
    Callback::from(move |msg: NotesMsg| {
        if let Some(c) = &*channel {
            // A closed channel throws; the other window is gone, which is fine.
            let _ = c.post_message(&msg.to_js());
        }
    })
}

/// The speaker-notes window follows the current step and can move it: the current step is
/// published whenever it changes and whenever a notes window says hello.
#[hook]
pub fn use_speaker_notes(state: &UseReducerHandle<State>) {
    let ping = use_state(|| 0u32);
    let send = {
        let dispatch = state.dispatcher();
        let ping = ping.clone();
        use_notes_channel(Callback::from(move |msg| match msg {
            NotesMsg::Next => dispatch.dispatch(Action::StepNext),
            NotesMsg::Back => dispatch.dispatch(Action::StepBack),
            NotesMsg::Hello => ping.set(ping.wrapping_add(1)),
            NotesMsg::Step(_) => {}
        }))
    };
    use_effect_with((step_info(state), *ping), move |(info, _)| {
        send.emit(NotesMsg::Step(info.clone()));
    });
}

/// The current step as the speaker-notes window shows it. In a challenge the notes are the
/// intended fix, for the presenter's eyes only.
fn step_info(state: &State) -> StepInfo {
    let step = state.current_step();
    let cursor = state.play.cursor;
    if let Some(run) = &state.challenge {
        let c = &run.challenge;
        let fix: Vec<String> = c.fix().iter().map(|l| format!("`{l}`")).collect();
        return StepInfo {
            lesson: format!("Challenge {} ({})", c.seed, c.level),
            index: cursor,
            total: state.steps().len(),
            title: format!("Intended fix (par {})", c.par()),
            narration: String::new(),
            notes: fix.join("\n\n"),
            next: None,
        };
    }
    StepInfo {
        lesson: state.session.lesson.as_ref().map_or_else(
            || "Keyfall session".to_owned(),
            |l| format!("{} {}", l.id, l.title),
        ),
        index: cursor,
        total: state.steps().len(),
        title: step.map_or_else(|| "Start".to_owned(), |s| s.title.clone()),
        narration: step.map(|s| s.narration.clone()).unwrap_or_default(),
        notes: step.and_then(|s| s.notes.clone()).unwrap_or_default(),
        next: state.steps().get(cursor).map(|s| s.title.clone()),
    }
}
