//! Playback controls: back, play/pause, next, one message at a time, speed, branch.

use yew::prelude::*;

use super::PictureFormat;
use crate::playback::{Playback, Speed};
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// Where play stands: its cursor, the current step's calls, playing or not, the speed.
    pub play: Playback,
    /// How many steps the active branch has.
    pub steps: usize,
    /// Receives what each control asks of the playback: a step, play or pause, a message, the
    /// speed, a branch.
    pub on_action: Callback<Action>,
    /// "Download this step" as a picture.
    pub on_picture: Callback<PictureFormat>,
}

#[function_component]
pub fn Controls(props: &ControlsProps) -> Html {
    let ControlsProps {
        play,
        steps,
        on_action,
        on_picture,
    } = props;
    let (can_back, can_next) = (play.cursor > 0, play.cursor < *steps);
    // Calls of the current step already shown (the one on stage included), and still to play.
    let shown = play.now.shown;
    let left = play.now.calls.len().saturating_sub(shown);
    let left_said = if left > 0 {
        format!(" {left}")
    } else {
        String::new()
    };
    let onchange = on_action.reform(|e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        Action::SetSpeed(Speed::from_key(&select.value()))
    });
    let ask = |action: Action| on_action.reform(move |_: MouseEvent| action.clone());
    let speeds = Speed::ALL.iter().map(|s| {
        html! { <option value={s.key()} selected={*s == play.speed}>{s.label()}</option> }
    });
    let (play_icon, play_word) = if play.playing {
        ("❚❚", "Pause")
    } else {
        ("▶", "Play")
    };
    html! {
        <div class="controls" role="toolbar" aria-label="Playback">
            <button data-testid="step-back" disabled={!can_back} onclick={ask(Action::StepBack)}
                aria-label="Step back" title="Step back (←)">{"◀ Back"}</button>
            <button class="primary" data-testid="play" disabled={!can_next && !play.playing}
                onclick={ask(Action::TogglePlay)} aria-pressed={play.playing.to_string()}
                title="Play or pause (space)">
                <span aria-hidden="true">{play_icon}</span>{" "}{play_word}
            </button>
            <button data-testid="step-next" disabled={!can_next} onclick={ask(Action::StepNext)}
                aria-label="Next step" title="Next step (→)">{"Next ▶"}</button>
            <button data-testid="message-back" disabled={shown < 2}
                onclick={ask(Action::MessageBack)} title="Pause and show the previous message"
                aria-label="‹ Msg: show the previous message">{"‹ Msg"}</button>
            <button data-testid="message-next" disabled={left == 0}
                onclick={ask(Action::MessageStep)} title="Pause and show the next message"
                aria-label={format!("Msg ›{left_said}: show the next message")}>
                {format!("Msg ›{left_said}")}
            </button>
            <label class="speed">
                <span class="sr-only">{"Speed"}</span>
                <select data-testid="speed" aria-label="Speed" {onchange}>{ for speeds }</select>
            </label>
            <button data-testid="branch" onclick={ask(Action::Branch)}
                title="Keep this timeline and start a new branch from the current step">{"⎇ Branch"}</button>
            <span class="download" role="group" aria-label="Download this step">
                <span aria-hidden="true">{"↓"}</span>
                <button data-testid="picture-svg" onclick={on_picture.reform(|_| PictureFormat::Svg)}
                    title="Download this step's stage as an SVG picture" aria-label="Download this step as SVG">{"SVG"}</button>
                <button data-testid="picture-png" onclick={on_picture.reform(|_| PictureFormat::Png)}
                    title="Download this step's stage as a PNG picture" aria-label="Download this step as PNG">{"PNG"}</button>
            </span>
        </div>
    }
}
