//! The app root: owns the state, runs the timers as effects, lays out the stage, the timeline and
//! the side panel with its tabs.

use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::{
    AuditLog, Branches, Captions, ConfirmDialog, Console, Controls, GoalPanel, HealthPanel,
    Inspector, LessonPicker, PermissionsPanel, RealCommands, Stage, StepLog, Timeline,
};
use crate::shared::Selection;
use crate::state::{Action, SEED, State};

/// Wait before the first message of a step, so the eye can find the stage.
const FIRST_MESSAGE_MS: u32 = 250;

/// The side panel's tabs. Every panel gets the `WorldRef` and the `run_command` / `select`
/// callbacks below, so edits land in the timeline like typed commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Health,
    Branches,
    Permissions,
    Audit,
    Inspector,
    Commands,
}

impl Tab {
    const ALL: [Tab; 6] = [
        Tab::Health,
        Tab::Branches,
        Tab::Permissions,
        Tab::Audit,
        Tab::Inspector,
        Tab::Commands,
    ];
    fn label(self) -> &'static str {
        match self {
            Tab::Health => "What breaks",
            Tab::Branches => "Branches",
            Tab::Permissions => "Permissions",
            Tab::Audit => "Audit",
            Tab::Inspector => "Inspector",
            Tab::Commands => "Commands",
        }
    }
    fn id(self) -> &'static str {
        match self {
            Tab::Health => "health",
            Tab::Branches => "branches",
            Tab::Permissions => "permissions",
            Tab::Audit => "audit",
            Tab::Inspector => "inspector",
            Tab::Commands => "commands",
        }
    }
}

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(|| State::new(SEED));
    let tab = use_state(|| Tab::Health);
    // Tests wait for this flag instead of guessing how long wasm takes to start: it turns true
    // only after the first render reached the DOM.
    let ready = use_state(|| false);
    {
        let ready = ready.clone();
        use_effect_with((), move |_| ready.set(true));
    }

    // Messages of the current step start one after another.
    {
        let dispatch = state.dispatcher();
        let deps = (
            state.world.generation,
            state.shown,
            state.messages_paused,
            state.speed,
            state.calls.len(),
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
    }

    // Playing: once a step's messages have all travelled, wait, then take the next step.
    {
        let dispatch = state.dispatcher();
        let deps = (
            state.playing,
            state.world.generation,
            state.messages_done(),
            state.speed,
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

    // Presenter keys when no control has focus: →/PageDown next, ←/PageUp back, space or `.`
    // play/pause (a clicker sends PageUp/PageDown).
    {
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            let doc = gloo::utils::document();
            let listener = EventListener::new(&doc, "keydown", move |e| {
                let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                let on_control = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| {
                        matches!(
                            el.tag_name().as_str(),
                            "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON" | "SUMMARY"
                        ) || el.get_attribute("role").is_some()
                    });
                if on_control || e.ctrl_key() || e.meta_key() || e.alt_key() {
                    return;
                }
                let action = match e.key().as_str() {
                    "ArrowRight" | "PageDown" => Action::StepNext,
                    "ArrowLeft" | "PageUp" => Action::StepBack,
                    " " | "." => Action::TogglePlay,
                    _ => return,
                };
                e.prevent_default();
                dispatch.dispatch(action);
            });
            move || drop(listener)
        });
    }

    // Clicking an actor or chip opens the inspector on it.
    {
        let tab = tab.clone();
        use_effect_with(state.selected.clone(), move |selected| {
            if selected.is_some() {
                tab.set(Tab::Inspector);
            }
        });
    }

    let dispatch = state.dispatcher();
    // The two callbacks every panel gets: run a command (as if typed, so it lands in the
    // timeline and destructive ones are previewed) and select an object for the inspector.
    let run_command: Callback<String> = {
        let d = dispatch.clone();
        Callback::from(move |line| d.dispatch(Action::Submit(line)))
    };
    let select: Callback<Selection> = {
        let d = dispatch.clone();
        Callback::from(move |s| d.dispatch(Action::Select(Some(s))))
    };
    let act = |a: Action| {
        let d = dispatch.clone();
        Callback::from(move |_: ()| d.dispatch(a.clone()))
    };

    let steps = state.steps().to_vec();
    let total = steps.len();
    let records = Rc::new(state.current_records().to_vec());
    let messages_left = state.calls.len().saturating_sub(state.shown);

    let tabs = Tab::ALL.iter().map(|t| {
        let t = *t;
        let selected = *tab == t;
        let onclick = {
            let tab = tab.clone();
            Callback::from(move |_: MouseEvent| tab.set(t))
        };
        html! {
            <button role="tab" id={format!("tab-{}", t.id())} class={classes!("tab", selected.then_some("selected"))}
                data-testid={format!("tab-{}", t.id())} aria-selected={selected.to_string()}
                aria-controls="side-tabpanel" {onclick}>
                {t.label()}
                if t == Tab::Health {
                    { health_count(&state) }
                }
            </button>
        }
    });
    let panel = match *tab {
        Tab::Health => html! {
            <HealthPanel health={state.health.clone()} on_command={run_command.clone()} />
        },
        Tab::Branches => html! {
            <Branches branches={state.branches.clone()} active={state.active} health={state.health.clone()}
                compare={state.compare.clone()}
                on_switch={{ let d = dispatch.clone(); Callback::from(move |i| d.dispatch(Action::SwitchBranch(i))) }}
                on_compare={{ let d = dispatch.clone(); Callback::from(move |i| d.dispatch(Action::Compare(i))) }} />
        },
        Tab::Permissions => {
            let vault = match &state.selected {
                Some(
                    Selection::Vault(v)
                    | Selection::Key { vault: v, .. }
                    | Selection::Secret { vault: v, .. },
                ) => Some(v.clone()),
                _ => None,
            };
            html! { <PermissionsPanel world={state.world.clone()} {vault} on_command={run_command.clone()} /> }
        }
        Tab::Audit => html! { <AuditLog world={state.world.clone()} /> },
        Tab::Inspector => html! {
            <Inspector world={state.world.clone()} selection={state.selected.clone()}
                on_select={select.clone()} on_command={run_command.clone()} />
        },
        Tab::Commands => html! { <RealCommands lines={Rc::new(state.session_lines())} /> },
    };

    let on_seek = {
        let d = dispatch.clone();
        Callback::from(move |n| d.dispatch(Action::Seek(n)))
    };
    let on_speed = {
        let d = dispatch.clone();
        Callback::from(move |s| d.dispatch(Action::SetSpeed(s)))
    };
    let on_open = {
        let d = dispatch.clone();
        Callback::from(move |id| d.dispatch(Action::OpenLesson(id)))
    };

    html! {
        <div class="app" data-testid="app" data-ready={ready.to_string()}>
            <header class="app-header">
                <h1 class="brand">
                    <span class="brand-mark" aria-hidden="true">{"◆"}</span>
                    {"Keyfall"}
                </h1>
                <LessonPicker current={state.lesson.as_ref().map(|l| AttrValue::from(l.id.clone()))} {on_open} />
            </header>
            <main class="layout">
                <section class="stage-column" aria-label="Stage and timeline">
                    <div class="stage-wrap">
                        <Stage world={state.world.clone()} health={state.health.clone()} calls={state.calls.clone()}
                            shown={state.shown} message_ms={state.speed.message_ms()}
                            selected={state.selected.clone()} on_select={select.clone()} />
                    </div>
                    <div class="below-stage">
                        <Captions lesson={state.lesson.clone()} step={state.current_step().cloned()}
                            index={state.cursor} total={total} />
                        <StepLog records={records} calls={state.calls.clone()} shown={state.shown} />
                    </div>
                    <div class="timeline-bar">
                        <Controls playing={state.playing} can_back={state.cursor > 0} can_next={state.cursor < total}
                            messages_left={messages_left} speed={state.speed}
                            on_back={act(Action::StepBack)} on_play={act(Action::TogglePlay)}
                            on_next={act(Action::StepNext)} on_message={act(Action::MessageStep)}
                            on_speed={on_speed} on_branch={act(Action::Branch)} />
                        <Timeline steps={steps} cursor={state.cursor} on_seek={on_seek} />
                    </div>
                </section>
                <aside class="side-panel" aria-label="Panels">
                    if let Some(goal) = &state.goal {
                        <GoalPanel goal={goal.clone()} hint={state.hint} on_hint={act(Action::ShowHint)} />
                    }
                    <div class="tabs" role="tablist" aria-label="Panels">{ for tabs }</div>
                    <div class="tab-panel" id="side-tabpanel" role="tabpanel"
                        aria-labelledby={format!("tab-{}", tab.id())}>{panel}</div>
                    <Console entries={state.console.clone()} history={state.history.clone()}
                        names={state.names()} on_submit={run_command.clone()} />
                </aside>
            </main>
            if let Some(p) = &state.pending {
                <ConfirmDialog pending={p.clone()} on_run={act(Action::Confirm)} on_cancel={act(Action::Cancel)} />
            }
        </div>
    }
}

/// How many assets are not OK, on the tab itself, so trouble shows from any tab.
fn health_count(state: &State) -> Html {
    let bad = state
        .health
        .assets
        .iter()
        .filter(|a| a.verdict != keyfall_core::Verdict::Ok)
        .count();
    if bad == 0 {
        html! {}
    } else {
        html! { <span class="tab-count" aria-label={format!("{bad} not OK")}>{format!(" ⚠{bad}")}</span> }
    }
}
