//! The speaker-notes window and the main window talk over a BroadcastChannel: the main window
//! publishes the current step, the notes window asks for it on open and sends next/back.
//! Messages are JSON; anything that does not parse is ignored (another tab, another version).

use gloo::events::EventListener;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use yew::prelude::*;

pub const NOTES_CHANNEL: &str = "keyfall-notes";

/// What the notes window shows about the current step.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
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

// Externally tagged (serde's default): an internally tagged enum would buffer every message
// through serde's generic `Content` tree, several KB more of wasm for the same JSON round trip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum NotesMsg {
    Step(StepInfo),
    Next,
    Back,
    /// A notes window opened and wants the current step.
    Hello,
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
                    let text = e
                        .dyn_ref::<web_sys::MessageEvent>()
                        .and_then(|m| m.data().as_string());
                    if let Some(msg) = text.and_then(|t| serde_json::from_str(&t).ok()) {
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
        if let (Some(c), Ok(text)) = (&*channel, serde_json::to_string(&msg)) {
            // A closed channel throws; the other window is gone, which is fine.
            let _ = c.post_message(&text.into());
        }
    })
}
