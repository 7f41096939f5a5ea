//! The app root: owns the state, runs the timers as effects, lays out the stage, the timeline and
//! the side panel with its tabs. Three layouts share it: the full app, presenter mode (big type,
//! only the stage, captions and what breaks) and embed mode (`?embed`: stage, captions, controls).

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use keyfall_core::{Share, ShareMode};
use yew::prelude::*;

use crate::components::{
    AuditLog, Branches, Captions, ConfirmDialog, Console, Controls, GoalPanel, HealthPanel,
    Inspector, LessonPicker, LiveRegion, NoticeBar, PermissionsPanel, RealCommands, SessionMenu,
    ShareDialog, ShortcutsHelp, Stage, StepLog, Timeline,
};
use crate::hooks::{
    NotesMsg, PresenterKeys, StepInfo, boot, replace_fragment, toggle_full_screen, use_autosave,
    use_file_drop, use_notes_channel, use_presenter_keys, use_theme,
};
use crate::shared::Selection;
use crate::state::{Action, Notice, State};

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

#[function_component]
pub fn App() -> Html {
    // The page's start: a link, a deep link, `?embed`, or the autosave. Read once.
    let boot = use_memo((), |_| boot::boot_from_page());
    let state = {
        let boot = boot.clone();
        use_reducer(move || boot.state.clone())
    };
    let tab = use_state(|| Tab::Health);
    let embed = boot.embed;
    let presenter = use_state(|| boot.presenter);
    let blank = use_state(|| false);
    let help = use_state(|| false);
    let share_open = use_state(|| false);
    let (chosen_theme, theme, toggle_theme) = use_theme(boot.link_theme.clone());
    // A theme the user (or the link) chose travels in share links and the autosave.
    let view_options: Vec<(String, String)> = chosen_theme
        .map(|t| vec![("theme".to_owned(), t.key().to_owned())])
        .unwrap_or_default();
    use_autosave(state.clone(), boot.armed, view_options.clone());
    // Tests and the load bench wait for `data-ready` instead of guessing how long wasm takes to
    // start: it is set once the first render has reached the DOM, and again whenever the root
    // element is replaced (presenter mode). Set on the element rather than through state, so
    // saying "ready" costs no second render of the whole app.
    let root = use_node_ref();
    {
        let root = root.clone();
        use_effect_with((embed, *presenter), move |_| mark_ready(&root));
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

    // Keyboard and clicker control (hooks/use_presenter_keys.rs).
    {
        let dispatch = state.dispatcher();
        let (is_presenter, is_blank) = (*presenter, *blank);
        let presenter = presenter.clone();
        let blank = blank.clone();
        let help = help.clone();
        let on_key = Callback::from(move |k: PresenterKeys| match k {
            PresenterKeys::Next => dispatch.dispatch(Action::StepNext),
            PresenterKeys::Back => dispatch.dispatch(Action::StepBack),
            PresenterKeys::Pause => dispatch.dispatch(Action::TogglePlay),
            PresenterKeys::TogglePresenter if !embed => presenter.set(!*presenter),
            PresenterKeys::TogglePresenter => {}
            PresenterKeys::Blank => blank.set(true),
            PresenterKeys::Unblank => blank.set(false),
            PresenterKeys::FullScreen => toggle_full_screen(),
            PresenterKeys::Help => help.set(!*help),
            PresenterKeys::Escape => help.set(false),
        });
        use_presenter_keys(is_presenter, is_blank, on_key);
    }

    // The speaker-notes window follows the current step and can move it.
    let notes_ping = use_state(|| 0u32);
    let notes_send = {
        let dispatch = state.dispatcher();
        let notes_ping = notes_ping.clone();
        use_notes_channel(Callback::from(move |msg| match msg {
            NotesMsg::Next => dispatch.dispatch(Action::StepNext),
            NotesMsg::Back => dispatch.dispatch(Action::StepBack),
            NotesMsg::Hello => notes_ping.set(notes_ping.wrapping_add(1)),
            NotesMsg::Step(_) => {}
        }))
    };
    {
        let info = step_info(&state);
        use_effect_with((info, *notes_ping), move |(info, _)| {
            notes_send.emit(NotesMsg::Step(info.clone()));
        });
    }

    // Import by dropping a file anywhere on the page (not in embeds: they belong to a docs page).
    let on_import = {
        let d = state.dispatcher();
        Callback::from(move |(name, text)| d.dispatch(Action::Import { name, text }))
    };
    let on_error = {
        let d = state.dispatcher();
        Callback::from(move |text: String| d.dispatch(Action::Notify(Notice::error(text))))
    };
    use_file_drop(on_import.clone(), on_error.clone(), !embed);

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
                tabindex={if selected { "0" } else { "-1" }}
                aria-controls="side-tabpanel" {onclick}>
                {t.label()}
                if t == Tab::Health {
                    { health_count(&state) }
                }
            </button>
        }
    });
    // Arrow keys, Home and End move along the tab list (WAI-ARIA tabs pattern); Tab leaves it.
    let on_tabs_key = {
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
            if let Some(el) = gloo::utils::document().get_element_by_id(&format!("tab-{}", t.id()))
            {
                use wasm_bindgen::JsCast;
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    // Focus can fail only on a detached element: the tab stays selected anyway.
                    let _ = el.focus();
                }
            }
        })
    };
    let health_panel = html! {
        <HealthPanel health={state.health.clone()} on_command={run_command.clone()} />
    };
    let panel = match *tab {
        Tab::Health => health_panel.clone(),
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
    let on_export = {
        let state = state.clone();
        let d = dispatch.clone();
        Callback::from(move |_| {
            let scenario = state.to_scenario();
            let name = format!("keyfall-{}.kf", scenario.id);
            if let Err(e) = crate::components::download(&name, "text/plain", &scenario.to_string())
            {
                d.dispatch(Action::Notify(Notice::error(e)));
            }
        })
    };
    let toggle = |h: &UseStateHandle<bool>| {
        let h = h.clone();
        Callback::from(move |_: ()| h.set(!*h))
    };
    let open_notes = Callback::from(|_: MouseEvent| {
        // A blocked pop-up returns None or Err: the button simply does nothing then.
        let _ = gloo::utils::window().open_with_url_and_target_and_features(
            "?notes",
            "keyfall-notes",
            "popup,width=720,height=600",
        );
    });

    let stage = html! {
        <div class="stage-wrap">
            <Stage world={state.world.clone()} health={state.health.clone()} records={records.clone()} calls={state.calls.clone()}
                shown={state.shown} message_ms={state.speed.message_ms()}
                selected={state.selected.clone()} on_select={select.clone()} />
        </div>
    };
    let captions = html! {
        <Captions lesson={state.lesson.clone()} step={state.current_step().cloned()}
            index={state.cursor} total={total} />
    };
    let controls = html! {
        <Controls playing={state.playing} can_back={state.cursor > 0} can_next={state.cursor < total}
            messages_left={messages_left} speed={state.speed}
            on_back={act(Action::StepBack)} on_play={act(Action::TogglePlay)}
            on_next={act(Action::StepNext)} on_message={act(Action::MessageStep)}
            on_speed={on_speed} on_branch={act(Action::Branch)} />
    };
    let notice = state.notice.as_ref().map(|n| {
        let d = dispatch.clone();
        let on_dismiss = Callback::from(move |_| {
            d.dispatch(Action::DismissNotice);
            // A damaged link stays in the address bar until dismissed, so a reload does not
            // show the same error again afterwards... unless the user wants it to.
            let (_, hash) = boot::location();
            if hash.starts_with("#k") && Share::decode(&hash).is_err() {
                replace_fragment("");
            }
        });
        html! { <NoticeBar notice={n.clone()} {on_dismiss} /> }
    });
    let overlays = html! {<>
        <LiveRegion calls={state.calls.clone()} shown={state.shown} />
        if *help {
            <ShortcutsHelp on_close={toggle(&help)} />
        }
        if *blank {
            <div class="blank-screen" data-testid="blank" aria-label="Screen blanked: press any key"
                onclick={{ let b = blank.clone(); Callback::from(move |_: MouseEvent| b.set(false)) }}></div>
        }
    </>};

    if embed {
        return html! {
            <div ref={root.clone()} class="app embed" data-testid="app" data-mode="embed">
                {for notice}
                <main class="embed-main" aria-label="Keyfall">
                    {stage}
                    {captions}
                    <div class="timeline-bar">{controls}</div>
                </main>
                {overlays}
            </div>
        };
    }

    if *presenter {
        let title = state.lesson.as_ref().map_or_else(
            || "Keyfall".to_owned(),
            |l| format!("{} · {}", l.id, l.title),
        );
        return html! {
            <div ref={root.clone()} class="app presenter" data-testid="app" data-mode="presenter">
                <header class="app-header presenter-header">
                    <h1 class="brand"><span class="brand-mark" aria-hidden="true">{"◆"}</span>{title}</h1>
                    <span class="step-count" data-testid="presenter-step">
                        {format!("Step {} / {}", state.cursor, total)}
                    </span>
                    <div class="session-menu" role="toolbar" aria-label="Presenter">
                        <button data-testid="notes-open" onclick={open_notes}>{"Speaker notes"}</button>
                        <button data-testid="shortcuts-open" onclick={toggle(&help).reform(|_: MouseEvent| ())} aria-label="Keyboard shortcuts">{"?"}</button>
                        <button data-testid="presenter-exit" onclick={toggle(&presenter).reform(|_: MouseEvent| ())}>{"Exit presenter (p)"}</button>
                    </div>
                </header>
                {for notice}
                <main class="presenter-main">
                    <section class="stage-column" aria-label="Stage">
                        {stage}
                        {captions}
                        <div class="timeline-bar">{controls}</div>
                    </section>
                    <aside class="side-panel presenter-health" aria-label="What breaks">
                        <h2 class="panel-title">{"What breaks"}{health_count(&state)}</h2>
                        <div class="tab-panel">{health_panel}</div>
                    </aside>
                </main>
                {overlays}
            </div>
        };
    }

    let share_dialog = (*share_open).then(|| {
        let share = |mode| state.to_share(mode, view_options.clone()).encode();
        let base = page_url();
        let view_url = format!("{base}#{}", share(ShareMode::View));
        let edit_fragment = share(ShareMode::Edit);
        let edit_url = format!("{base}#{edit_fragment}");
        let has_values = state.session_lines().iter().any(|l| l.contains("--value"));
        html! {
            <ShareDialog view_url={view_url} edit_url={edit_url} {has_values} on_close={toggle(&share_open)} />
        }
    });
    let on_share = {
        let state = state.clone();
        let share_open = share_open.clone();
        let view_options = view_options.clone();
        Callback::from(move |_| {
            // The address bar shows the edit link too, so copying the URL shares the session.
            replace_fragment(
                &state
                    .to_share(ShareMode::Edit, view_options.clone())
                    .encode(),
            );
            share_open.set(true);
        })
    };

    html! {
        <div ref={root} class="app" data-testid="app" data-mode="app">
            <header class="app-header">
                <h1 class="brand">
                    <span class="brand-mark" aria-hidden="true">{"◆"}</span>
                    {"Keyfall"}
                </h1>
                <LessonPicker current={state.lesson.as_ref().map(|l| AttrValue::from(l.id.clone()))} {on_open} />
                <SessionMenu theme={theme} read_only={state.read_only}
                    on_presenter={toggle(&presenter)} on_share={on_share} on_export={on_export}
                    on_import={on_import} on_error={on_error} on_theme={toggle_theme}
                    on_edit_copy={act(Action::MakeEditable)} />
            </header>
            {for notice}
            <main class="layout">
                <section class="stage-column" aria-label="Stage and timeline">
                    {stage}
                    <div class="below-stage">
                        {captions}
                        <StepLog records={records} calls={state.calls.clone()} shown={state.shown} />
                    </div>
                    <div class="timeline-bar">
                        {controls}
                        <Timeline steps={steps} cursor={state.cursor} on_seek={on_seek} />
                    </div>
                </section>
                <aside class="side-panel" aria-label="Panels">
                    if let Some(goal) = &state.goal {
                        <GoalPanel goal={goal.clone()} hint={state.hint} on_hint={act(Action::ShowHint)} />
                    }
                    <div class="tabs" role="tablist" aria-label="Panels" onkeydown={on_tabs_key}>{ for tabs }</div>
                    <div class="tab-panel" id="side-tabpanel" role="tabpanel" tabindex="0"
                        aria-labelledby={format!("tab-{}", tab.id())}>{panel}</div>
                    if !state.read_only {
                        <Console entries={state.console.clone()} history={state.history.clone()}
                            names={state.names()} on_submit={run_command.clone()} />
                    }
                </aside>
            </main>
            if let Some(p) = &state.pending {
                <ConfirmDialog pending={p.clone()} on_run={act(Action::Confirm)} on_cancel={act(Action::Cancel)} />
            }
            {for share_dialog}
            {overlays}
        </div>
    }
}

/// The page's address without query and fragment: where share links point.
fn page_url() -> String {
    let loc = gloo::utils::window().location();
    let href = loc.href().unwrap_or_default();
    let end = href.find(['?', '#']).unwrap_or(href.len());
    href[..end].to_owned()
}

/// The current step as the speaker-notes window shows it.
fn step_info(state: &State) -> StepInfo {
    let step = state.current_step();
    StepInfo {
        lesson: state.lesson.as_ref().map_or_else(
            || "Keyfall session".to_owned(),
            |l| format!("{} {}", l.id, l.title),
        ),
        index: state.cursor,
        total: state.steps().len(),
        title: step.map_or_else(|| "Start".to_owned(), |s| s.title.clone()),
        narration: step.map(|s| s.narration.clone()).unwrap_or_default(),
        notes: step.and_then(|s| s.notes.clone()).unwrap_or_default(),
        next: state.steps().get(state.cursor).map(|s| s.title.clone()),
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

/// Marks the app's root element ready (see `data-ready` in `App`).
fn mark_ready(root: &NodeRef) {
    if let Some(el) = root.cast::<web_sys::Element>() {
        // Only fails for an invalid attribute name; this one is valid.
        let _ = el.set_attribute("data-ready", "true");
    }
}
