//! The scenario editor: a textarea over a coloured copy of its text (no editor library, so the
//! wasm stays small), checked by the core as the trainer types (`keyfall_core::editor`): errors
//! at their line and column with the parser's suggestion, every `sim expect` and goal run, a
//! lint, the console's completion on `$` lines, and "Run to here", which opens the scenario on the
//! stage at the caret's step. Scenarios are kept in this browser under names
//! (`editor_store.rs`) and leave as a `.kf` file, a share link (the app's own link codec) or an
//! az script.
//!
//! Keys in the text: Tab completes on a `$` line and elsewhere moves on, as Tab does in a form
//! (the format needs no tab characters); Shift+Tab always moves back; Escape closes the
//! completions, then leaves the text for the toolbar; Ctrl+Enter runs to the caret's step.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use keyfall_core::editor::{Report, Severity, TEMPLATE, check, complete_at, step_at};
use keyfall_core::{Share, export_az, parse_scenario};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::console::common_prefix;
use super::editor_store as store;
use super::editor_text::{byte_of, byte_of_utf16, gutter, overlay, utf16_of_byte};
use super::export_file::{copy, download};
use super::widgets::menu;
use crate::persistence::import_share;
use crate::session::SEED;

/// How long typing must pause before the scenario is run again.
const CHECK_DELAY_MS: u32 = 250;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The open session as scenario text: what "Make it mine" copies.
    pub mine: Callback<(), String>,
    /// Open a scenario on the stage (Run to here).
    pub on_run: Callback<Share>,
    pub on_close: Callback<()>,
    /// The page's address without query and fragment, for share links.
    pub base_url: AttrValue,
}

/// What the editor holds besides the text: one value, so a change is one render.
#[derive(Clone, PartialEq, Default)]
struct Ui {
    /// The name field.
    name: String,
    /// The name being renamed in the list.
    renaming: Option<String>,
    /// Completions offered at the caret.
    options: Vec<String>,
    /// The last thing the editor has to say (saved, copied, refused).
    status: String,
    /// The share link made last, shown to copy.
    link: Option<String>,
    /// The text as last opened or saved, to warn before it is replaced.
    clean: String,
}

#[function_component]
pub fn Editor(props: &EditorProps) -> Html {
    let text = {
        let mine = props.mine.clone();
        use_state(move || match store::draft() {
            Some((t, _)) if !t.trim().is_empty() => t,
            _ => {
                let t = mine.emit(());
                if t.is_empty() { TEMPLATE.to_owned() } else { t }
            }
        })
    };
    let ui = {
        let text = (*text).clone();
        use_state(move || Ui {
            name: store::draft().map(|d| d.1).unwrap_or_default(),
            clean: text,
            ..Ui::default()
        })
    };
    let report = {
        let text = (*text).clone();
        use_state(move || Rc::new(check(&text, SEED)))
    };
    let saved = use_state(store::names);
    let caret_step = use_state_eq(|| None::<usize>);
    let timer: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    let area = use_node_ref();
    let layer = use_node_ref();
    let lines = use_node_ref();
    let run_button = use_node_ref();

    // Runs the check once typing pauses, and keeps the draft.
    let schedule = {
        let (report, timer, ui) = (report.clone(), timer.clone(), ui.clone());
        Rc::new(move |t: String| {
            let report = report.clone();
            let name = ui.name.clone();
            *timer.borrow_mut() = Some(Timeout::new(CHECK_DELAY_MS, move || {
                store::keep_draft(&t, &name);
                report.set(Rc::new(check(&t, SEED)));
            }));
        })
    };
    // Replaces the whole text (New, Make it mine, Open), asking first if changes would be lost.
    let replace = {
        let (text, ui, report) = (text.clone(), ui.clone(), report.clone());
        Rc::new(move |t: String, name: String, status: String| {
            if *text != ui.clean
                && !confirm("Replace the text in the editor? Changes not saved are lost.")
            {
                return;
            }
            store::keep_draft(&t, &name);
            report.set(Rc::new(check(&t, SEED)));
            text.set(t.clone());
            ui.set(Ui {
                name,
                clean: t,
                status,
                ..Ui::default()
            });
        })
    };
    let caret = {
        let (area, text) = (area.clone(), text.clone());
        move || {
            let el = area.cast::<HtmlTextAreaElement>();
            let units = el
                .and_then(|e| e.selection_start().ok().flatten())
                .unwrap_or(0);
            byte_of_utf16(&text, units)
        }
    };
    let track_caret = {
        let (caret, text, caret_step) = (caret.clone(), text.clone(), caret_step.clone());
        Callback::from(move |_: Event| caret_step.set(step_at(&text, caret())))
    };
    let run_here = {
        let (text, caret, ui, on_run) = (
            text.clone(),
            caret.clone(),
            ui.clone(),
            props.on_run.clone(),
        );
        let report = report.clone();
        Rc::new(move || {
            // A command that does not parse would stop the player too: say where, here.
            let error = report
                .diagnostics
                .iter()
                .find(|d| d.severity == Severity::Error)
                .map(|d| (d.line, d.column, d.message.clone()));
            let parsed = parse_scenario(&text).map_err(|e| (e.line, e.column, e.message));
            let status = match parsed.and_then(|s| error.map_or(Ok(s), Err)) {
                Err((line, column, message)) => {
                    format!("Fix line {line}, column {column} first: {message}")
                }
                Ok(s) => {
                    let step = step_at(&text, caret()).map_or(0, |i| i + 1);
                    let total = s.steps.len();
                    let mut share = import_share(s);
                    share.step = step;
                    on_run.emit(share);
                    format!("The stage shows step {step} of {total}.")
                }
            };
            ui.set(Ui {
                status,
                ..(*ui).clone()
            });
        })
    };

    let oninput = {
        let (text, schedule, ui) = (text.clone(), schedule.clone(), ui.clone());
        Callback::from(move |e: InputEvent| {
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            let t = el.value();
            schedule(t.clone());
            text.set(t);
            if !ui.options.is_empty() {
                ui.set(Ui {
                    options: Vec::new(),
                    ..(*ui).clone()
                });
            }
        })
    };
    let onkeydown = {
        let (text, ui, schedule, run_here, run_button) = (
            text.clone(),
            ui.clone(),
            schedule.clone(),
            run_here.clone(),
            run_button.clone(),
        );
        let caret = caret.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Tab" if !e.shift_key() && !e.ctrl_key() && !e.alt_key() => {
                let at = caret();
                let Some(c) = complete_at(&text, at, SEED) else {
                    return;
                };
                e.prevent_default();
                let word = &text[c.start..at];
                let insert = match c.candidates.as_slice() {
                    [one] => format!("{one} "),
                    [] => String::new(),
                    many => common_prefix(many),
                };
                let options = if c.candidates.len() > 1 {
                    c.candidates.clone()
                } else {
                    Vec::new()
                };
                let status = if c.candidates.is_empty() {
                    "No completion here.".to_owned()
                } else {
                    String::new()
                };
                if insert.len() > word.len() {
                    let t = format!("{}{insert}{}", &text[..c.start], &text[at..]);
                    let caret_at = utf16_of_byte(&t, c.start + insert.len());
                    let el: HtmlTextAreaElement = e.target_unchecked_into();
                    el.set_value(&t);
                    let _ = el.set_selection_range(caret_at, caret_at);
                    schedule(t.clone());
                    text.set(t);
                }
                ui.set(Ui {
                    options,
                    status,
                    ..(*ui).clone()
                });
            }
            "Escape" => {
                e.prevent_default();
                if ui.options.is_empty() {
                    if let Some(b) = run_button.cast::<web_sys::HtmlElement>() {
                        let _ = b.focus();
                    }
                } else {
                    ui.set(Ui {
                        options: Vec::new(),
                        ..(*ui).clone()
                    });
                }
            }
            "Enter" if e.ctrl_key() || e.meta_key() => {
                e.prevent_default();
                run_here();
            }
            _ => {}
        })
    };
    // The coloured copy and the gutter follow the textarea's scrolling.
    let onscroll = {
        let (area, layer, lines) = (area.clone(), layer.clone(), lines.clone());
        Callback::from(move |_: Event| {
            let Some(a) = area.cast::<web_sys::Element>() else {
                return;
            };
            if let Some(l) = layer.cast::<web_sys::Element>() {
                l.set_scroll_top(a.scroll_top());
                l.set_scroll_left(a.scroll_left());
            }
            if let Some(g) = lines.cast::<web_sys::Element>() {
                g.set_scroll_top(a.scroll_top());
            }
        })
    };
    // Moves the caret to a problem (and, with a suggestion, puts it in place of the word).
    let goto = {
        let (area, text, schedule) = (area.clone(), text.clone(), schedule.clone());
        Callback::from(
            move |(line, column, end, fix): (usize, usize, usize, Option<String>)| {
                let Some(el) = area.cast::<HtmlTextAreaElement>() else {
                    return;
                };
                let (from, to) = (byte_of(&text, line, column), byte_of(&text, line, end));
                let mut t = (*text).clone();
                let caret_at = match fix {
                    Some(word) if from <= to => {
                        t.replace_range(from..to, &word);
                        el.set_value(&t);
                        schedule(t.clone());
                        text.set(t.clone());
                        from + word.len()
                    }
                    _ => from,
                };
                let at = utf16_of_byte(&t, caret_at);
                let _ = el.focus();
                let _ = el.set_selection_range(at, at);
            },
        )
    };

    let on_name = {
        let ui = ui.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            ui.set(Ui {
                name: input.value(),
                ..(*ui).clone()
            });
        })
    };
    let on_save = {
        let (text, ui, saved) = (text.clone(), ui.clone(), saved.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let result = store::clean_name(&ui.name).and_then(|name| {
                let taken = saved.contains(&name)
                    && store::open(&name).as_deref() != Some(ui.clean.as_str());
                if taken && !confirm(&format!("Replace the scenario saved as “{name}”?")) {
                    return Err("Not saved.".to_owned());
                }
                store::store(&name, &text)?;
                store::keep_draft(&text, &name);
                Ok(name)
            });
            saved.set(store::names());
            ui.set(match result {
                Ok(name) => Ui {
                    status: format!("Saved as “{name}” in this browser."),
                    name,
                    clean: (*text).clone(),
                    ..(*ui).clone()
                },
                Err(status) => Ui {
                    status,
                    ..(*ui).clone()
                },
            });
        })
    };
    // The list of saved scenarios: one handler for every row, told which by the button's data.
    let on_list = {
        let (ui, saved, replace) = (ui.clone(), saved.clone(), replace.clone());
        Callback::from(move |e: MouseEvent| {
            let el: web_sys::Element = e.target_unchecked_into();
            let Ok(Some(button)) = el.closest("button[data-name]") else {
                return;
            };
            let name = button.get_attribute("data-name").unwrap_or_default();
            match button.get_attribute("data-do").as_deref() {
                Some("open") => match store::open(&name).inspect(|_| close_menu(&button)) {
                    Some(t) => replace(t, name.clone(), format!("Opened “{name}”.")),
                    None => ui.set(Ui {
                        status: format!("“{name}” is no longer saved here."),
                        ..(*ui).clone()
                    }),
                },
                Some("rename") => ui.set(Ui {
                    renaming: Some(name),
                    ..(*ui).clone()
                }),
                Some("delete")
                    if confirm(&format!("Delete the scenario “{name}” from this browser?")) =>
                {
                    store::remove(&name);
                    saved.set(store::names());
                    ui.set(Ui {
                        status: format!("Deleted “{name}”."),
                        ..(*ui).clone()
                    });
                }
                _ => {}
            }
        })
    };
    let on_rename = {
        let (ui, saved) = (ui.clone(), saved.clone());
        Callback::from(move |e: KeyboardEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(from) = ui.renaming.clone() else {
                return;
            };
            match e.key().as_str() {
                "Enter" => {
                    e.prevent_default();
                    let to = input.value();
                    let next = match store::rename(&from, &to) {
                        Ok(()) => {
                            let to = to.trim().to_owned();
                            let name = if ui.name == from {
                                to.clone()
                            } else {
                                ui.name.clone()
                            };
                            Ui {
                                name,
                                renaming: None,
                                status: format!("Renamed to “{to}”."),
                                ..(*ui).clone()
                            }
                        }
                        Err(status) => Ui {
                            status,
                            ..(*ui).clone()
                        },
                    };
                    saved.set(store::names());
                    ui.set(next);
                }
                "Escape" => {
                    e.prevent_default();
                    e.stop_propagation();
                    ui.set(Ui {
                        renaming: None,
                        ..(*ui).clone()
                    });
                }
                _ => {}
            }
        })
    };
    let on_new = {
        let (replace, mine) = (replace.clone(), props.mine.clone());
        Callback::from(move |e: MouseEvent| {
            let el: web_sys::Element = e.target_unchecked_into();
            close_menu(&el);
            if el.get_attribute("data-do").as_deref() == Some("mine") {
                let t = mine.emit(());
                if !t.is_empty() {
                    replace(
                        t,
                        String::new(),
                        "A copy of the open session: yours to change.".to_owned(),
                    );
                }
            } else {
                replace(
                    TEMPLATE.to_owned(),
                    String::new(),
                    "A blank scenario from the template.".to_owned(),
                );
            }
        })
    };
    let on_export = {
        let (text, ui, base) = (text.clone(), ui.clone(), props.base_url.clone());
        Callback::from(move |e: MouseEvent| {
            let el: web_sys::Element = e.target_unchecked_into();
            close_menu(&el);
            let what = el.get_attribute("data-do").unwrap_or_default();
            let scenario = parse_scenario(&text);
            let stem = file_stem(&ui.name, scenario.as_ref().ok().map(|s| s.id.as_str()));
            let mut next = (*ui).clone();
            let result = match (what.as_str(), scenario) {
                ("kf", _) => download(&format!("{stem}.kf"), "text/plain", &text)
                    .map(|()| "Downloaded.".to_owned()),
                (_, Err(e)) => Err(format!(
                    "Fix line {}, column {} first: {}",
                    e.line, e.column, e.message
                )),
                ("az", Ok(s)) => download(&format!("{stem}.sh"), "text/plain", &export_az(&s))
                    .map(|()| "Downloaded the az script.".to_owned()),
                (_, Ok(s)) => {
                    let mut share = import_share(s);
                    share.step = 0;
                    let link = format!("{base}#{}", share.encode());
                    let copied = link.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        // The link is shown either way; the clipboard may refuse.
                        let _ = copy(copied).await;
                    });
                    next.link = Some(link);
                    Ok(
                        "The share link opens this scenario at its start, in any browser."
                            .to_owned(),
                    )
                }
            };
            next.status = result.unwrap_or_else(|e| e);
            ui.set(next);
        })
    };

    let r = &**report;
    let problems = problem_list(r, &goto);
    let step_label = match *caret_step {
        Some(i) => format!("▶ Run to here (step {})", i + 1),
        None => "▶ Run to here".to_owned(),
    };
    let rows = saved.iter().map(|n| {
        if ui.renaming.as_deref() == Some(n.as_str()) {
            html! {
                <li><input class="ed-rename" value={n.clone()} aria-label={format!("New name for {n}")}
                    data-testid="editor-rename-input" onkeydown={on_rename.clone()} autofocus=true /></li>
            }
        } else {
            html! {
                <li>
                    <button data-name={n.clone()} data-do="open" class="ed-open" title="Open in the editor">{n.clone()}</button>
                    <button data-name={n.clone()} data-do="rename" aria-label={format!("Rename {n}")} title="Rename">{"✎"}</button>
                    <button data-name={n.clone()} data-do="delete" aria-label={format!("Delete {n}")} title="Delete">{"✕"}</button>
                </li>
            }
        }
    });
    html! {
        <aside class="side-panel editor" aria-label="Scenario editor" data-testid="editor">
            <div class="ed-head">
                <h2 class="ed-title">{"Scenario editor"}</h2>
                <button ref={run_button} class="primary" data-testid="editor-run"
                    title="Open this scenario on the stage at the step the caret is in (Ctrl+Enter)"
                    onclick={{ let run_here = run_here.clone(); Callback::from(move |_: MouseEvent| run_here()) }}>
                    {step_label}
                </button>
                <button class="ed-close" data-testid="editor-close" aria-label="Close the editor" title="Close the editor"
                    onclick={props.on_close.reform(|_| ())}>{"✕"}</button>
            </div>
            <div class="ed-bar" role="toolbar" aria-label="Scenario">
                <form class="ed-save" onsubmit={on_save}>
                    <input class="ed-name" placeholder="Name" aria-label="Name to save under" value={ui.name.clone()}
                        data-testid="editor-name" oninput={on_name} />
                    <button type="submit" data-testid="editor-save">{"Save"}</button>
                </form>
                { menu(format!("Saved ({})", saved.len()), "editor-saved", None, "menu ed-list", None, html! { <>
                    if saved.is_empty() {
                        <p class="dim">{"Nothing saved in this browser yet."}</p>
                    }
                    <ul onclick={on_list}>{for rows}</ul>
                </> }) }
                { menu("New".to_owned(), "editor-new", None, "menu", Some(on_new), html! { <>
                    <button data-do="blank" data-testid="editor-blank">{"Blank scenario"}</button>
                    <button data-do="mine" data-testid="editor-mine" title="An editable copy of the lesson or session that is open">{"Make it mine"}</button>
                </> }) }
                { menu("Export".to_owned(), "editor-export", None, "menu", Some(on_export), html! { <>
                    <button data-do="kf" data-testid="editor-export-kf">{"Scenario (.kf)"}</button>
                    <button data-do="link" data-testid="editor-export-link">{"Share link"}</button>
                    <button data-do="az" data-testid="editor-export-az">{"az script (.sh)"}</button>
                </> }) }
            </div>
            <div class="ed-body">
                <div class="ed-gutter" ref={lines} aria-hidden="true">{gutter(&text, r)}</div>
                <div class="ed-area">
                    <pre class="ed-layer" ref={layer} aria-hidden="true" data-testid="editor-layer">{overlay(&text, r)}</pre>
                    <textarea ref={area} class="ed-text" data-testid="editor-text" value={(*text).clone()}
                        aria-label="Scenario text" aria-describedby="ed-problems" spellcheck="false" wrap="off"
                        autocapitalize="off" autocomplete="off"
                        {oninput} {onkeydown} {onscroll} onclick={track_caret.reform(|e: MouseEvent| e.into())}
                        onkeyup={track_caret.reform(|e: KeyboardEvent| e.into())} />
                </div>
            </div>
            if !ui.options.is_empty() {
                <p class="ed-options" data-testid="editor-options">
                    <span class="dim">{"Tab again after more letters: "}</span>
                    {for ui.options.iter().map(|o| html! { <code>{o.clone()}</code> })}
                </p>
            }
            if let Some(link) = &ui.link {
                <label class="share-field ed-link">
                    <span>{"Share link (copied if the browser allowed it)"}</span>
                    <input readonly=true value={link.clone()} data-testid="editor-link" />
                </label>
            }
            <p class="ed-status" role="status" data-testid="editor-status">
                if ui.status.is_empty() {
                    {"Tab completes a $ line · Ctrl+Enter runs to the caret · Esc leaves the text"}
                } else {
                    {ui.status.clone()}
                }
            </p>
            <div class="ed-problems" id="ed-problems" data-testid="editor-problems">{problems}</div>
        </aside>
    }
}

/// The problems, worst kind first within each line, each a button that puts the caret there; a
/// parser suggestion gets a second button that puts the suggested word in place.
fn problem_list(r: &Report, goto: &Callback<(usize, usize, usize, Option<String>)>) -> Html {
    let held = r.checks.iter().filter(|c| c.held).count();
    let summary = match (r.diagnostics.len(), r.scenario.is_some()) {
        (0, true) => format!("No problems. {held} of {} checks hold.", r.checks.len()),
        (n, _) => format!(
            "{n} problem{}; {held} of {} checks hold.",
            if n == 1 { "" } else { "s" },
            r.checks.len()
        ),
    };
    let items = r.diagnostics.iter().map(|d| {
        let (icon, class) = match d.severity {
            Severity::Error => ("●", "error"),
            Severity::Failed => ("✗", "failed"),
            Severity::Warning => ("▲", "warning"),
        };
        let at = (d.line, d.column, d.end_column);
        let go = goto.reform(move |_: MouseEvent| (at.0, at.1, at.2, None));
        let fix = d.suggestion.clone().map(|s| {
            let word = s.clone();
            let apply = goto.reform(move |_: MouseEvent| (at.0, at.1, at.2, Some(word.clone())));
            html! { <button class="ed-fix" data-testid="editor-fix" onclick={apply}>{format!("Use {s}")}</button> }
        });
        html! {
            <li class={class} data-line={d.line.to_string()} data-column={d.column.to_string()}>
                <button class="ed-at" onclick={go} title="Put the caret there">
                    <span aria-hidden="true">{icon}</span>{format!(" {}:{} ", d.line, d.column)}
                </button>
                <span class="ed-msg">{d.message.clone()}</span>
                {fix}
            </li>
        }
    });
    html! {<>
        <p class="ed-summary">{summary}</p>
        <ul>{for items}</ul>
    </>}
}

/// A file name from the name the user gave, else the scenario's id.
fn file_stem(name: &str, id: Option<&str>) -> String {
    let stem: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    match (stem.trim_matches('-'), id) {
        ("", Some(id)) => format!("keyfall-{id}"),
        ("", None) => "keyfall-scenario".to_owned(),
        (s, _) => s.to_owned(),
    }
}

/// Closes the disclosure menu a picked item sits in.
fn close_menu(item: &web_sys::Element) {
    if let Ok(Some(menu)) = item.closest("details") {
        let _ = menu.remove_attribute("open");
    }
}

/// The browser's own confirmation: modal, keyboard usable, and no code of ours. A browser that
/// will not show it answers no.
fn confirm(question: &str) -> bool {
    gloo::utils::window()
        .confirm_with_message(question)
        .unwrap_or(false)
}
