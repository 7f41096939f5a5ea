//! The two clocks of playback: messages of the current step start one after another, and while
//! playing, the next step follows once they have all travelled. Both are timeouts re-armed by
//! the state they depend on; the reducer only counts.

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::state::{Action, State};

/// Wait before the first message of a step, so the eye can find the stage.
const FIRST_MESSAGE_MS: u32 = 250;

#[hook]
pub fn use_playback_timers(state: &UseReducerHandle<State>) {
    let play = &state.play;
    let dispatch = state.dispatcher();
    let deps = (
        play.now.world.generation,
        play.now.shown,
        play.messages_paused,
        play.speed,
        play.now.calls.len(),
    );
    use_effect_with(deps, move |(_, shown, paused, speed, total)| {
        let timer = (!paused && shown < total).then(|| {
            let ms = if *shown == 0 {
                FIRST_MESSAGE_MS
            } else {
                speed.message_ms()
            };
            Timeout::new(ms, move || dispatch.dispatch(Action::MessageTick))
        });
        move || drop(timer)
    });

    let dispatch = state.dispatcher();
    let deps = (
        play.playing,
        play.now.world.generation,
        play.messages_done(),
        play.speed,
    );
    use_effect_with(deps, move |(playing, _, done, speed)| {
        let timer = (*playing && *done).then(|| {
            // The last message needs its travel time before the next step replaces it.
            let ms = speed.step_pause_ms() + speed.message_ms();
            Timeout::new(ms, move || dispatch.dispatch(Action::StepNext))
        });
        move || drop(timer)
    });
}
