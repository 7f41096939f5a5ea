//! The app root: owns the state, wires the hooks (timers, keys, speaker notes, autosave, file
//! drop) and picks one of three layouts: the full app, presenter mode (big type, only the
//! stage, captions and what breaks) and embed mode (`?embed`: stage, captions, controls). The
//! pieces all three share are built by the functions below; the side panel is its own
//! component.

use std::rc::Rc;

use keyfall_core::{Share, ShareMode};
use yew::prelude::*;

use crate::components::{
    AboutDialog, Captions, ChallengePanel, ChallengePicker, ConfirmDialog, Controls, Editor,
    HeaderMenu, LessonPicker, LiveRegion, NoticeBar, PictureFormat, SessionMenu, ShareDialog,
    ShortcutsHelp, SidePanel, Stage, StepLog, Timeline, challenge_caption, download_step,
    health_count, health_panel,
};
use crate::hooks::{
    PresenterKeys, boot, replace_fragment, toggle_full_screen, use_autosave, use_file_drop,
    use_playback_timers, use_presenter_keys, use_speaker_notes, use_theme,
};
use crate::state::{Action, State};
use crate::view::Notice;

#[function_component]
pub fn App() -> Html {
    // The page's start: a link, a deep link, `?embed`, or the autosave. Read once.
    let boot = use_memo((), |_| boot::boot_from_page());
    let state = {
        let boot = boot.clone();
        use_reducer(move || boot.state.clone())
    };
    let embed = boot.embed;
    let presenter = use_state(|| boot.presenter);
    let blank = use_state(|| false);
    let overlay = use_reducer_eq(Overlay::default);
    let share_open = use_state(|| false);
    let editor_open = use_state(|| false);
    let (chosen_theme, theme, toggle_theme) = use_theme(boot.link_theme.clone());
    // A theme the user (or the link) chose travels in share links and the autosave.
    let view_options: Vec<(String, String)> = chosen_theme
        .map(|t| vec![("theme".to_owned(), t.key().to_owned())])
        .unwrap_or_default();
    use_autosave(state.clone(), boot.armed, view_options.clone());
    use_playback_timers(&state);
    use_speaker_notes(&state);
    use_presenter_keys(
        *presenter,
        *blank,
        on_key(&state, &presenter, &blank, &overlay, embed),
    );
    // Import by dropping a file anywhere on the page (not in embeds: they belong to a docs page).
    let (on_import, on_error) = (on_import(&state), on_error(&state));
    use_file_drop(on_import.clone(), on_error.clone(), !embed);
    // Tests and the load bench wait for `data-ready` instead of guessing how long wasm takes to
    // start: it is set once the first render has reached the DOM, and again whenever the root
    // element is replaced (presenter mode). Set on the element rather than through state, so
    // saying "ready" costs no second render of the whole app.
    let root = use_node_ref();
    {
        let root = root.clone();
        use_effect_with((embed, *presenter), move |_| mark_ready(&root));
    }

    let overlays = html! {<>
        <LiveRegion calls={state.play.now.calls.clone()} shown={state.play.now.shown} />
        {match *overlay {
            Overlay::Shortcuts => html! { <ShortcutsHelp on_close={close(&overlay)} /> },
            Overlay::About => html! { <AboutDialog on_close={close(&overlay)} /> },
            Overlay::Closed => html! {},
        }}
        if *blank {
            <div class="blank-screen" data-testid="blank" aria-label="Screen blanked: press any key"
                onclick={toggle(&blank).reform(|_: MouseEvent| ())}></div>
        }
    </>};
    let notice = notice_bar(&state);
    if embed {
        return html! {
            <div ref={root} class="app embed" data-testid="app" data-mode="embed">
                {notice}
                <main class="embed-main" aria-label="Keyfall">
                    {stage(&state)}
                    {captions(&state)}
                    <div class="timeline-bar">{controls(&state)}</div>
                </main>
                {overlays}
            </div>
        };
    }
    if *presenter {
        return html! {
            <div ref={root} class="app presenter" data-testid="app" data-mode="presenter">
                {presenter_header(&state, &overlay, &presenter)}
                {notice}
                <main class="presenter-main">
                    <section class="stage-column" aria-label="Stage">
                        {stage(&state)}
                        {match &state.challenge {
                            Some(run) => challenge_caption(run),
                            None => captions(&state),
                        }}
                    </section>
                    <aside class="side-panel presenter-health" aria-label="What breaks">
                        {challenge_panel(&state, true)}
                        <h2 class="panel-title">{"What breaks"}{health_count(&state)}</h2>
                        <div class="tab-panel">{health_panel(&state)}</div>
                    </aside>
                </main>
                {overlays}
            </div>
        };
    }
    html! {
        <div ref={root} class="app" data-testid="app" data-mode="app">
            <header class="app-header">
                <h1 class="brand">
                    <span class="brand-mark" aria-hidden="true">{"◆"}</span>
                    {"Keyfall"}
                </h1>
                <HeaderMenu>
                    <LessonPicker current={state.session.lesson.as_ref().map(|l| AttrValue::from(l.id.clone()))}
                        on_open={dispatch_with(&state, Action::OpenLesson)} />
                    <ChallengePicker on_start={on_challenge(&state)} />
                    <SessionMenu theme={theme} read_only={state.read_only}
                        on_presenter={toggle(&presenter)} on_share={on_share(&state, &view_options, &share_open)}
                        on_about={show(&overlay, Overlay::About)}
                        on_export={on_export(&state)} on_handout={on_handout(&state)} on_import={on_import} on_error={on_error}
                        on_theme={toggle_theme} on_edit_copy={act(&state, Action::MakeEditable)}
                        on_editor={toggle(&editor_open)} editor_open={*editor_open} />
                </HeaderMenu>
            </header>
            {notice}
            <main class={if *editor_open { "layout editing" } else { "layout" }}>
                <section class="stage-column" aria-label="Stage and timeline">
                    {stage(&state)}
                    <div class="below-stage">
                        if state.challenge.is_some() {
                            {challenge_panel(&state, false)}
                        } else {
                            {captions(&state)}
                        }
                        <StepLog records={state.play.now.records.clone()} calls={state.play.now.calls.clone()}
                            shown={state.play.now.shown} />
                    </div>
                    <div class="timeline-bar">
                        {controls(&state)}
                        <Timeline session={state.session.clone()} cursor={state.play.cursor}
                            on_seek={dispatch_with(&state, Action::Seek)} />
                    </div>
                </section>
                if *editor_open {
                    <Editor mine={mine(&state)} on_run={dispatch_with(&state, Action::OpenShare)}
                        on_close={toggle(&editor_open)} base_url={page_url()} />
                } else {
                    <SidePanel state={state.clone()} />
                }
            </main>
            if let Some(p) = &state.ui.pending {
                <ConfirmDialog pending={p.clone()} on_run={act(&state, Action::Confirm)}
                    on_cancel={act(&state, Action::Cancel)} />
            }
            {share_dialog(&state, &view_options, &share_open)}
            {overlays}
        </div>
    }
}

type Handle = UseReducerHandle<State>;

/// A callback that dispatches `action`.
fn act(state: &Handle, action: Action) -> Callback<()> {
    let d = state.dispatcher();
    Callback::from(move |_| d.dispatch(action.clone()))
}

/// A callback that dispatches the action `make` builds from its argument.
fn dispatch_with<T: 'static>(state: &Handle, make: fn(T) -> Action) -> Callback<T> {
    let d = state.dispatcher();
    Callback::from(move |v| d.dispatch(make(v)))
}

fn toggle(h: &UseStateHandle<bool>) -> Callback<()> {
    let h = h.clone();
    Callback::from(move |_: ()| h.set(!*h))
}

/// The dialog a key opens (`?`, `a`) over any of the three layouts, if any. One at a time:
/// opening one closes the other, and Escape closes either.
///
/// A reducer, not a `use_state`: the key listener keeps its callback until presenter mode or
/// the blank screen changes, and a state handle it holds would still see the value of that
/// render, so a second `?` would open the list again instead of closing it. (`_eq`: closing
/// what is closed, as Escape does, renders nothing.)
#[derive(Clone, Copy, PartialEq, Eq, Default)]
enum Overlay {
    #[default]
    Closed,
    Shortcuts,
    About,
}

impl Reducible for Overlay {
    /// `Some(o)` opens `o`, or closes it if it is the one open; `None` closes.
    type Action = Option<Overlay>;

    fn reduce(self: Rc<Self>, action: Option<Overlay>) -> Rc<Self> {
        Rc::new(match action {
            Some(o) if *self != o => o,
            _ => Overlay::Closed,
        })
    }
}

/// Opens `which`, or closes it if it is the one open.
fn show(h: &UseReducerHandle<Overlay>, which: Overlay) -> Callback<()> {
    let d = h.dispatcher();
    Callback::from(move |_: ()| d.dispatch(Some(which)))
}

fn close(h: &UseReducerHandle<Overlay>) -> Callback<()> {
    let d = h.dispatcher();
    Callback::from(move |_: ()| d.dispatch(None))
}

/// Keyboard and clicker control (hooks/use_presenter_keys.rs).
fn on_key(
    state: &Handle,
    presenter: &UseStateHandle<bool>,
    blank: &UseStateHandle<bool>,
    overlay: &UseReducerHandle<Overlay>,
    embed: bool,
) -> Callback<PresenterKeys> {
    let d = state.dispatcher();
    let (presenter, blank) = (presenter.clone(), blank.clone());
    let (help, about, close) = (
        show(overlay, Overlay::Shortcuts),
        show(overlay, Overlay::About),
        close(overlay),
    );
    Callback::from(move |k: PresenterKeys| match k {
        PresenterKeys::Next => d.dispatch(Action::StepNext),
        PresenterKeys::Back => d.dispatch(Action::StepBack),
        PresenterKeys::Pause => d.dispatch(Action::TogglePlay),
        PresenterKeys::TogglePresenter if !embed => presenter.set(!*presenter),
        PresenterKeys::TogglePresenter => {}
        PresenterKeys::Blank => blank.set(true),
        PresenterKeys::Unblank => blank.set(false),
        PresenterKeys::FullScreen => toggle_full_screen(),
        PresenterKeys::Help => help.emit(()),
        PresenterKeys::About => about.emit(()),
        PresenterKeys::Escape => close.emit(()),
    })
}

fn on_import(state: &Handle) -> Callback<(String, String)> {
    let d = state.dispatcher();
    Callback::from(move |(name, text)| d.dispatch(Action::Import { name, text }))
}

fn on_error(state: &Handle) -> Callback<String> {
    let d = state.dispatcher();
    Callback::from(move |text: String| d.dispatch(Action::Notify(Notice::error(text))))
}

fn on_export(state: &Handle) -> Callback<()> {
    let state = state.clone();
    Callback::from(move |_| {
        let scenario = state.to_scenario();
        let name = format!("keyfall-{}.kf", scenario.id);
        if let Err(e) = crate::components::download(&name, "text/plain", &scenario.to_string()) {
            state.dispatch(Action::Notify(Notice::error(e)));
        }
    })
}

/// The session as a handout: the same page `keyfall handout` writes for its scenario file.
fn on_handout(state: &Handle) -> Callback<()> {
    let state = state.clone();
    Callback::from(move |_| {
        let scenario = state.to_scenario();
        // Its pictures styled from the page's own sheets, as "Download this step" is.
        let saved =
            crate::components::stage_css(keyfall_stage::standalone::Theme::Light).and_then(|css| {
                let seed = scenario.seed.unwrap_or(1);
                let page = keyfall_stage::handout::handout_styled(&scenario, seed, &css);
                let name = format!("keyfall-{}-handout.html", scenario.id);
                crate::components::download(&name, "text/html", &page)
            });
        if let Err(e) = saved {
            state.dispatch(Action::Notify(Notice::error(e)));
        }
    })
}

/// Opens the share dialog, and puts the edit link in the address bar too, so copying the URL
/// shares the session.
fn on_share(
    state: &Handle,
    options: &[(String, String)],
    open: &UseStateHandle<bool>,
) -> Callback<()> {
    let (state, options, open) = (state.clone(), options.to_vec(), open.clone());
    Callback::from(move |_| {
        if !fresh_challenge(&state) {
            replace_fragment(&state.to_share(ShareMode::Edit, options.clone()).encode());
        }
        open.set(true);
    })
}

fn share_dialog(state: &Handle, options: &[(String, String)], open: &UseStateHandle<bool>) -> Html {
    if !**open {
        return html! {};
    }
    let share = |mode| state.to_share(mode, options.to_vec()).encode();
    let base = page_url();
    let (view_url, edit_url) = match &state.challenge {
        // Nothing typed yet: the puzzle is its seed and level, and a session of no steps has
        // no link text, so the link is the challenge's query.
        Some(run) if state.steps().is_empty() => {
            let url = challenge_url(&base, run.challenge.seed, run.challenge.level);
            (url.clone(), url)
        }
        _ => (
            format!("{base}#{}", share(ShareMode::View)),
            format!("{base}#{}", share(ShareMode::Edit)),
        ),
    };
    let has_values = state.session_lines().iter().any(|l| l.contains("--value"));
    html! {
        <ShareDialog {view_url} {edit_url} {has_values} on_close={toggle(open)} />
    }
}

/// A challenge started from the header; the address bar gets its query, so a reload or a
/// copied address opens the same puzzle.
fn on_challenge(state: &Handle) -> Callback<(u64, keyfall_core::Level)> {
    let d = state.dispatcher();
    Callback::from(move |(seed, level)| {
        d.dispatch(Action::StartChallenge { seed, level });
        let url = challenge_url(&page_url(), seed, level);
        if let Ok(history) = gloo::utils::window().history() {
            // A refusal only leaves the old address.
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    })
}

fn challenge_url(base: &str, seed: u64, level: keyfall_core::Level) -> String {
    format!("{base}?challenge={seed}&level={level}")
}

/// A challenge with nothing typed: shared by its query, not by link text.
fn fresh_challenge(state: &Handle) -> bool {
    state.challenge.is_some() && state.steps().is_empty()
}

fn challenge_panel(state: &Handle, presenter: bool) -> Html {
    let Some(run) = &state.challenge else {
        return html! {};
    };
    html! {
        <ChallengePanel run={run.clone()} {presenter} on_hint={act(state, Action::ChallengeHint)}
            on_clock={dispatch_with(state, Action::ChallengeClock)} />
    }
}

/// The open session as scenario text, for the editor's "Make it mine": a built-in lesson as its
/// file is written, anything else in canonical form; nothing for an empty session.
fn mine(state: &Handle) -> Callback<(), String> {
    let state = state.clone();
    Callback::from(move |()| {
        if state.steps().is_empty() {
            return String::new();
        }
        if let keyfall_core::ShareSource::Lesson { id, extra } =
            state.to_share(ShareMode::Edit, Vec::new()).source
            && extra.is_empty()
        {
            let header = format!("id: {id}");
            if let Some((_, text)) = keyfall_core::builtin_lessons()
                .into_iter()
                .find(|(_, t)| t.lines().any(|l| l.trim() == header))
            {
                return text.to_owned();
            }
        }
        state.to_scenario().to_string()
    })
}

/// The page's address without query and fragment: where share links point.
fn page_url() -> String {
    let loc = gloo::utils::window().location();
    let href = loc.href().unwrap_or_default();
    let end = href.find(['?', '#']).unwrap_or(href.len());
    href[..end].to_owned()
}

fn stage(state: &Handle) -> Html {
    html! {
        <div class="stage-wrap">
            <Stage play={state.play.clone()}
                hint={state.session.lesson.is_none() && state.steps().is_empty() && state.challenge.is_none()}
                selected={state.ui.selected.clone()}
                on_select={dispatch_with(state, |s| Action::Select(Some(s)))} />
        </div>
    }
}

fn captions(state: &Handle) -> Html {
    html! {
        <Captions lesson={state.session.lesson.clone()} step={state.current_step().cloned()}
            index={state.play.cursor} total={state.steps().len()} />
    }
}

fn controls(state: &Handle) -> Html {
    html! {
        <Controls play={state.play.clone()} steps={state.steps().len()}
            on_action={state.dispatcher().to_callback()} on_picture={on_picture(state)} />
    }
}

/// "Download this step": `keyfall-LL-step-N.svg|png` (`keyfall-step-N` in free play).
fn on_picture(state: &Handle) -> Callback<PictureFormat> {
    let state = state.clone();
    Callback::from(move |format| {
        let stem = match &state.session.lesson {
            Some(l) => format!("keyfall-{}-step-{}", l.id, state.play.cursor),
            None => format!("keyfall-step-{}", state.play.cursor),
        };
        let notify = {
            let state = state.clone();
            Callback::from(move |e: String| state.dispatch(Action::Notify(Notice::error(e))))
        };
        if let Err(e) = download_step(&state.play, &stem, format, notify) {
            state.dispatch(Action::Notify(Notice::error(e)));
        }
    })
}

fn notice_bar(state: &Handle) -> Html {
    let Some(n) = &state.ui.notice else {
        return html! {};
    };
    let d = state.dispatcher();
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
}

fn presenter_header(
    state: &Handle,
    overlay: &UseReducerHandle<Overlay>,
    presenter: &UseStateHandle<bool>,
) -> Html {
    let title = match (&state.challenge, &state.session.lesson) {
        (Some(run), _) => format!("Challenge {} · {}", run.challenge.seed, run.challenge.level),
        (None, Some(l)) => format!("{} · {}", l.id, l.title),
        (None, None) => "Keyfall".to_owned(),
    };
    // A challenge has no lesson steps to walk: its counters (par, time, hints) stand beside the
    // stage instead of "Step 0 / 0" and the playback buttons.
    let lesson = state.challenge.is_none();
    let open_notes = Callback::from(|_: MouseEvent| {
        // A blocked pop-up returns None or Err: the button simply does nothing then.
        let _ = gloo::utils::window().open_with_url_and_target_and_features(
            "?notes",
            "keyfall-notes",
            "popup,width=720,height=600",
        );
    });
    html! {
        <header class="app-header presenter-header">
            <h1 class="brand"><span class="brand-mark" aria-hidden="true">{"◆"}</span>{title}</h1>
            if lesson {
                <span class="step-count" data-testid="presenter-step">
                    {format!("Step {} / {}", state.play.cursor, state.steps().len())}
                </span>
                // The playback controls share the header's line, so the stage keeps that height.
                {controls(state)}
            }
            <div class="session-menu" role="toolbar" aria-label="Presenter">
                <button data-testid="notes-open" title="Open the speaker notes window" onclick={open_notes}>{"Notes"}</button>
                <button data-testid="about-open" title="About this simulation (a)"
                    onclick={show(overlay, Overlay::About).reform(|_: MouseEvent| ())}>{"About"}</button>
                <button data-testid="shortcuts-open" onclick={show(overlay, Overlay::Shortcuts).reform(|_: MouseEvent| ())} aria-label="Keyboard shortcuts">{"?"}</button>
                <button data-testid="presenter-exit" title="Exit presenter mode (p)" onclick={toggle(presenter).reform(|_: MouseEvent| ())}>{"Exit (p)"}</button>
            </div>
        </header>
    }
}

/// Marks the app's root element ready (see `data-ready` in `App`).
fn mark_ready(root: &NodeRef) {
    if let Some(el) = root.cast::<web_sys::Element>() {
        // Only fails for an invalid attribute name; this one is valid.
        let _ = el.set_attribute("data-ready", "true");
    }
}
