//! Playback controls: back, play/pause, next, one message at a time, speed, branch.

use yew::prelude::*;

use super::PictureFormat;
use crate::playback::Speed;

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub playing: bool,
    pub can_back: bool,
    pub can_next: bool,
    /// Messages of the current step still to play.
    pub messages_left: usize,
    pub speed: Speed,
    pub on_back: Callback<()>,
    pub on_play: Callback<()>,
    pub on_next: Callback<()>,
    pub on_message: Callback<()>,
    /// The call before the one on stage: message stepping goes back through a step's calls.
    pub on_message_back: Callback<()>,
    /// Calls of the current step already shown (the one on stage included).
    pub messages_shown: usize,
    pub on_speed: Callback<Speed>,
    pub on_branch: Callback<()>,
    /// "Download this step" as a picture.
    pub on_picture: Callback<PictureFormat>,
}

#[function_component]
pub fn Controls(props: &ControlsProps) -> Html {
    let onchange = props.on_speed.reform(|e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        Speed::from_key(&select.value())
    });
    let speeds = Speed::ALL.iter().map(|s| {
        html! { <option value={s.key()} selected={*s == props.speed}>{s.label()}</option> }
    });
    let (play_icon, play_word) = if props.playing {
        ("❚❚", "Pause")
    } else {
        ("▶", "Play")
    };
    html! {
        <div class="controls" role="toolbar" aria-label="Playback">
            <button data-testid="step-back" disabled={!props.can_back} onclick={props.on_back.reform(|_| ())}
                aria-label="Step back" title="Step back (←)">{"◀ Back"}</button>
            <button class="primary" data-testid="play" disabled={!props.can_next && !props.playing}
                onclick={props.on_play.reform(|_| ())} aria-pressed={props.playing.to_string()}
                title="Play or pause (space)">
                <span aria-hidden="true">{play_icon}</span>{" "}{play_word}
            </button>
            <button data-testid="step-next" disabled={!props.can_next} onclick={props.on_next.reform(|_| ())}
                aria-label="Next step" title="Next step (→)">{"Next ▶"}</button>
            <button data-testid="message-back" disabled={props.messages_shown < 2}
                onclick={props.on_message_back.reform(|_| ())} title="Pause and show the previous message"
                aria-label="‹ Msg: show the previous message">{"‹ Msg"}</button>
            <button data-testid="message-next" disabled={props.messages_left == 0}
                onclick={props.on_message.reform(|_| ())} title="Pause and show the next message"
                aria-label={format!("Msg ›{}: show the next message", if props.messages_left > 0 { format!(" {}", props.messages_left) } else { String::new() })}>
                {format!("Msg ›{}", if props.messages_left > 0 { format!(" {}", props.messages_left) } else { String::new() })}
            </button>
            <label class="speed">
                <span class="sr-only">{"Speed"}</span>
                <select data-testid="speed" aria-label="Speed" {onchange}>{ for speeds }</select>
            </label>
            <button data-testid="branch" onclick={props.on_branch.reform(|_| ())}
                title="Keep this timeline and start a new branch from the current step">{"⎇ Branch"}</button>
            <span class="download" role="group" aria-label="Download this step">
                <span aria-hidden="true">{"↓"}</span>
                <button data-testid="picture-svg" onclick={props.on_picture.reform(|_| PictureFormat::Svg)}
                    title="Download this step's stage as an SVG picture" aria-label="Download this step as SVG">{"SVG"}</button>
                <button data-testid="picture-png" onclick={props.on_picture.reform(|_| PictureFormat::Png)}
                    title="Download this step's stage as a PNG picture" aria-label="Download this step as PNG">{"PNG"}</button>
            </span>
        </div>
    }
}
