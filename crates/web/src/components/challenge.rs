//! Challenge mode's pieces (issue 15): the header's picker (a level, a seed typed or taken from
//! the clock), the panel beside the stage (briefing, par, commands, timer, hints, the solved
//! banner, the best result kept in this browser) and, in presenter mode, the same counters in
//! type a room can read. The run itself is `crate::challenge`.

use std::rc::Rc;

use gloo::timers::callback::Interval;
use keyfall_core::Level;
use yew::prelude::*;

use crate::challenge::{
    CLOCKS_KEY, ChallengeRun, Clocks, RESULTS_KEY, ResultEntry, Results, clock, parse_seed,
};
use crate::hooks::storage;

const LEVELS: [Level; 3] = [Level::Easy, Level::Medium, Level::Hard];

#[derive(Properties, PartialEq)]
pub struct ChallengePickerProps {
    pub on_start: Callback<(u64, Level)>,
}

/// "Challenge": a small form under a disclosure button.
#[function_component]
pub fn ChallengePicker(props: &ChallengePickerProps) -> Html {
    let open = use_state(|| false);
    let level = use_state(|| Level::Easy);
    let seed = use_state(String::new);
    let error = use_state(|| None::<String>);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let on_level = {
        let level = level.clone();
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            level.set(Level::from_name(&v).unwrap_or(Level::Easy));
        })
    };
    let on_seed = {
        let seed = seed.clone();
        Callback::from(move |e: InputEvent| {
            seed.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            );
        })
    };
    let onsubmit = {
        let (open, level, seed, error) = (open.clone(), level.clone(), seed.clone(), error.clone());
        let on_start = props.on_start.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // No seed typed: one from the clock, shown in the panel and the link to pass on.
            let chosen = if seed.trim().is_empty() {
                Ok(js_sys::Date::now() as u64 % 1_000_000)
            } else {
                parse_seed(&seed)
            };
            match chosen {
                Ok(s) => {
                    error.set(None);
                    open.set(false);
                    on_start.emit((s, *level));
                }
                Err(e) => error.set(Some(e)),
            }
        })
    };
    html! {
        <div class="challenge-picker">
            // A flag beside lesson 10: the header has one row at 1280 px and no room for a word.
            <button class="challenge-toggle" data-testid="challenge-open" aria-expanded={open.to_string()}
                onclick={toggle} aria-label="Challenge"
                title="Challenge: a broken estate to fix, made from a seed">{"⚑"}</button>
            if *open {
                <form class="challenge-form" data-testid="challenge-form" {onsubmit} aria-label="Start a challenge">
                    <label>{"Level "}
                        <select data-testid="challenge-level" onchange={on_level}>
                            { for LEVELS.iter().map(|l| html! {
                                <option value={l.name()} selected={*l == *level}>
                                    {format!("{} ({} fault{})", l.name(), l.faults(), if l.faults() == 1 { "" } else { "s" })}
                                </option>
                            }) }
                        </select>
                    </label>
                    <label>{"Seed "}
                        <input data-testid="challenge-seed" inputmode="numeric" placeholder="random"
                            size="10" value={(*seed).clone()} oninput={on_seed} />
                    </label>
                    <button class="primary" type="submit" data-testid="challenge-start">{"Start"}</button>
                    if let Some(e) = &*error {
                        <p class="challenge-error" role="alert" data-testid="challenge-error">{e.clone()}</p>
                    }
                </form>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ChallengePanelProps {
    pub run: Rc<ChallengeRun>,
    pub on_hint: Callback<()>,
    /// The page's clock, for the timer's start and stop (the reducer is pure).
    pub on_clock: Callback<f64>,
    /// Presenter mode: the counters only, in big type.
    #[prop_or_default]
    pub presenter: bool,
}

/// The challenge being played: briefing, counters, hints and the result.
#[function_component]
pub fn ChallengePanel(props: &ChallengePanelProps) -> Html {
    let run = &props.run;
    let c = &run.challenge;
    let now = use_state(js_sys::Date::now);
    let best = use_state(|| None::<ResultEntry>);
    // Start the timer, from the start stored for this seed and level if there is one (a
    // reload keeps the time), and tick it every second until solved; then stop it, and store
    // when, so a reload of a solved puzzle shows the same time.
    {
        let (now, on_clock) = (now.clone(), props.on_clock.clone());
        let ticking = run.solved.is_none();
        let deps = (c.seed, c.level, ticking, run.started_ms.is_none());
        use_effect_with(deps, move |&(seed, level, ticking, unstarted)| {
            let mut clocks = Clocks::parse(&storage::load(CLOCKS_KEY).unwrap_or_default());
            let at = js_sys::Date::now() as u64;
            let emit = if unstarted {
                clocks.resume(seed, level, !ticking, at).start
            } else if !ticking {
                clocks.stop(seed, level, at)
            } else {
                at
            };
            // A refusing browser (private mode) only loses the time over a reload.
            let _ = storage::save(CLOCKS_KEY, &clocks.text());
            on_clock.emit(emit as f64);
            let tick = ticking.then(|| Interval::new(1000, move || now.set(js_sys::Date::now())));
            move || drop(tick)
        });
    }
    // A solve with its time is kept in this browser, the best per (seed, level).
    {
        let best = best.clone();
        let (seed, level, par, solved) = (c.seed, c.level, c.par(), run.solved);
        use_effect_with((seed, level, solved), move |_| {
            let mut results = Results::parse(&storage::load(RESULTS_KEY).unwrap_or_default());
            if let Some(s) = solved
                && let Some(ms) = s.ms
            {
                let entry = ResultEntry {
                    seed,
                    level,
                    commands: s.commands,
                    par,
                    hints: s.hints,
                    ms: ms as u64,
                };
                if results.record(entry) {
                    // A refusing browser (private mode) only loses the record.
                    let _ = storage::save(RESULTS_KEY, &results.text());
                }
            }
            best.set(results.get(seed, level).copied());
        });
    }
    let elapsed = match (run.solved.and_then(|s| s.ms), run.started_ms) {
        (Some(ms), _) => ms,
        (None, Some(start)) => *now - start,
        (None, None) => 0.0,
    };
    let total_hints = c.hints().len();
    let stats = html! {
        <dl class="challenge-stats" data-testid="challenge-stats">
            <div><dt>{"Par"}</dt><dd data-testid="challenge-par">{c.par()}</dd></div>
            <div><dt>{"Commands"}</dt><dd data-testid="challenge-commands">{run.commands}</dd></div>
            <div><dt>{"Time"}</dt><dd data-testid="challenge-time">{clock(elapsed)}</dd></div>
            <div><dt>{"Hints"}</dt><dd data-testid="challenge-hint-count">{format!("{}/{total_hints}", run.hints_shown)}</dd></div>
        </dl>
    };
    let banner = match run.solved {
        Some(s) => html! {
            <p class="challenge-solved" role="status" data-testid="challenge-solved">
                {format!(
                    "Solved: every asset is ok. {} command{} (par {}), {} hint{}, {}.",
                    s.commands, if s.commands == 1 { "" } else { "s" }, c.par(),
                    s.hints, if s.hints == 1 { "" } else { "s" },
                    s.ms.map_or_else(|| clock(elapsed), clock)
                )}
            </p>
        },
        None => html! {
            <p class="challenge-left" data-testid="challenge-left">
                {format!("{} asset{} not ok. Investigate and fix with the console.", run.remaining,
                    if run.remaining == 1 { "" } else { "s" })}
            </p>
        },
    };
    let title = format!("Challenge {} · {}", c.seed, c.level);
    if props.presenter {
        return html! {
            <section class="challenge-panel presenter-challenge" aria-label="Challenge" data-testid="challenge-panel">
                <h2 class="panel-title">{title}</h2>
                {stats}
                {banner}
            </section>
        };
    }
    let hints = run.shown_hints();
    let more = run.hints_shown < total_hints;
    html! {
        <section class="challenge-panel" aria-label="Challenge" data-testid="challenge-panel">
            // Title and counters stay in view while the briefing and hints scroll under them.
            <div class="challenge-head">
                <h2 class="panel-title">{title}</h2>
                {stats}
                {banner}
            </div>
            <details class="challenge-briefing" open={run.commands == 0 && run.solved.is_none()}>
                <summary>{"Briefing"}</summary>
                <pre data-testid="challenge-briefing">{c.briefing.clone()}</pre>
            </details>
            <div class="challenge-hints">
                <button data-testid="challenge-hint" disabled={!more}
                    onclick={props.on_hint.reform(|_: MouseEvent| ())}>
                    {if more { format!("Hint ({} of {total_hints})", run.hints_shown + 1) } else { "No more hints".to_owned() }}
                </button>
                <ol data-testid="challenge-hints">
                    { for hints.iter().map(|h| html! { <li>{*h}</li> }) }
                </ol>
            </div>
            if let Some(b) = &*best {
                <p class="dim" data-testid="challenge-best">{format!(
                    "Best in this browser: {} commands (par {}), {} hints, {}.",
                    b.commands, b.par, b.hints, clock(b.ms as f64)
                )}</p>
            }
        </section>
    }
}

/// Presenter mode's captions for a challenge: what the room is asked to do, instead of the
/// start page's greeting.
pub fn challenge_caption(run: &ChallengeRun) -> Html {
    let c = &run.challenge;
    let n = c.faults.len();
    html! {
        <div class="captions challenge-caption" data-testid="challenge-caption">
            <h2>{format!("Challenge {} · {}", c.seed, c.level)}</h2>
            <p>{format!(
                "Someone made {n} change{} to this estate, and {} asset{} not ok. Find what \
                 changed and make every check ok again with az commands: par {}.",
                if n == 1 { "" } else { "s" },
                run.remaining,
                if run.remaining == 1 { " is" } else { "s are" },
                c.par()
            )}</p>
        </div>
    }
}
