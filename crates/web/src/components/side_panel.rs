//! The side panel of the full app: the goal (in a goal step), the tabs (what breaks, branches,
//! permissions, audit, inspector, commands) and the console. Every panel gets the world and the
//! `on_command` / `on_select` callbacks, so edits land in the timeline like typed commands.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::{
    AuditLog, Branches, Console, GoalPanel, HealthPanel, Inspector, PermissionsPanel, RealCommands,
};
use crate::shared::Selection;
use crate::state::{Action, State};

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
    fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
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

#[derive(Properties, PartialEq)]
pub struct SidePanelProps {
    pub state: UseReducerHandle<State>,
}

#[function_component]
pub fn SidePanel(props: &SidePanelProps) -> Html {
    let state = &props.state;
    let tab = use_state(|| Tab::Health);
    {
        // Clicking an actor or chip opens the inspector on it.
        let tab = tab.clone();
        use_effect_with(state.ui.selected.clone(), move |selected| {
            if selected.is_some() {
                tab.set(Tab::Inspector);
            }
        });
    }
    let d = state.dispatcher();
    let on_command = Callback::from(move |line| d.dispatch(Action::Submit(line)));
    let d = state.dispatcher();
    let on_select = Callback::from(move |s| d.dispatch(Action::Select(Some(s))));

    let tabs = Tab::ALL.iter().map(|&t| {
        let selected = *tab == t;
        let onclick = {
            let tab = tab.clone();
            Callback::from(move |_: MouseEvent| tab.set(t))
        };
        html! {
            <button role="tab" id={format!("tab-{}", t.id())} class={classes!("tab", selected.then_some("selected"))}
                data-testid={format!("tab-{}", t.id())} aria-selected={selected.to_string()}
                tabindex={if selected { "0" } else { "-1" }}
                aria-controls="side-tabpanel" {onclick}>
                {t.label()}
                if t == Tab::Health {
                    { health_count(state) }
                }
            </button>
        }
    });
    let world = state.play.now.world.clone();
    let panel = match *tab {
        Tab::Health => health_panel(state),
        Tab::Branches => html! {
            <Branches session={state.session.clone()} health={state.play.now.health.clone()}
                compare={state.ui.compare.clone()}
                on_action={state.dispatcher().to_callback()} />
        },
        Tab::Permissions => {
            let vault = match &state.ui.selected {
                Some(
                    Selection::Vault(v)
                    | Selection::Key { vault: v, .. }
                    | Selection::Secret { vault: v, .. },
                ) => Some(v.clone()),
                _ => None,
            };
            html! { <PermissionsPanel {world} {vault} {on_command} /> }
        }
        Tab::Audit => html! { <AuditLog {world} /> },
        Tab::Inspector => html! {
            <Inspector {world} selection={state.ui.selected.clone()} {on_select} on_command={on_command.clone()} />
        },
        Tab::Commands => html! { <RealCommands lines={std::rc::Rc::new(state.session_lines())} /> },
    };
    let on_hint = {
        let d = state.dispatcher();
        Callback::from(move |_| d.dispatch(Action::ShowHint))
    };
    let on_submit = {
        let d = state.dispatcher();
        Callback::from(move |line| d.dispatch(Action::Submit(line)))
    };
    html! {
        <aside class="side-panel" aria-label="Panels">
            if let Some(goal) = &state.ui.goal {
                <GoalPanel goal={goal.clone()} hint={state.ui.hint} {on_hint} />
            }
            <div class="tabs" role="tablist" aria-label="Panels" onkeydown={on_tabs_key(&tab)}>{ for tabs }</div>
            <div class="tab-panel" id="side-tabpanel" role="tabpanel" tabindex="0"
                aria-labelledby={format!("tab-{}", tab.id())}>{panel}</div>
            if !state.read_only {
                <Console console={state.console.clone()}
                    world={state.play.now.world.clone()} {on_submit} />
            }
        </aside>
    }
}

/// Arrow keys, Home and End move along the tab list (WAI-ARIA tabs pattern); Tab leaves it.
fn on_tabs_key(tab: &UseStateHandle<Tab>) -> Callback<KeyboardEvent> {
    let tab = tab.clone();
    Callback::from(move |e: KeyboardEvent| {
        let i = tab.index();
        let n = Tab::ALL.len();
        let next = match e.key().as_str() {
            "ArrowRight" | "ArrowDown" => (i + 1) % n,
            "ArrowLeft" | "ArrowUp" => (i + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            _ => return,
        };
        e.prevent_default();
        let t = Tab::ALL[next];
        tab.set(t);
        let el = gloo::utils::document().get_element_by_id(&format!("tab-{}", t.id()));
        if let Some(Ok(el)) = el.map(|e| e.dyn_into::<web_sys::HtmlElement>()) {
            // Focus can fail only on a detached element: the tab stays selected anyway.
            let _ = el.focus();
        }
    })
}

/// What breaks: the health panel, in its tab or (presenter mode) on its own.
pub fn health_panel(state: &UseReducerHandle<State>) -> Html {
    let d = state.dispatcher();
    let on_command = Callback::from(move |line| d.dispatch(Action::Submit(line)));
    let audit_ends = Rc::new(state.play.audit_ends().to_vec());
    let audit_start = state.play.audit_start();
    // An unsolved challenge keeps its answer to itself: the report's fixes wait for the solve.
    let health = match &state.challenge {
        Some(run) if run.solved.is_none() => {
            let mut report = (*state.play.now.health).clone();
            for a in &mut report.assets {
                a.fixes.clear();
            }
            Rc::new(report)
        }
        _ => state.play.now.health.clone(),
    };
    html! { <HealthPanel {health} world={state.play.now.world.clone()} {on_command} {audit_ends} {audit_start} /> }
}

/// How many assets are not OK, on the tab itself, so trouble shows from any tab.
pub fn health_count(state: &State) -> Html {
    let bad = state
        .play
        .now
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
