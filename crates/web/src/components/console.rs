//! The console: type any command of the language. Enter runs it, Tab completes verbs, flags,
//! their values and names of existing objects (every candidate, in a list over the transcript),
//! Up/Down walk the history; `help`, `help GROUP` and `COMMAND -h` print az's help. Parse errors
//! show under the line with a caret at the bad column and the suggestion.

use keyfall_core::{Help, complete};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

use std::rc::Rc;

use crate::console::ConsoleEntry;
use crate::shared::WorldRef;
use crate::view::completion_names;

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    /// The transcript and the history.
    pub console: Rc<crate::console::Console>,
    /// The world, whose objects' names complete.
    pub world: WorldRef,
    pub on_submit: Callback<String>,
}

/// The longest prefix all candidates share (the editor's completion uses it too).
pub(crate) fn common_prefix(words: &[String]) -> String {
    let Some(first) = words.first() else {
        return String::new();
    };
    let mut end = first.len();
    for w in &words[1..] {
        end = first
            .char_indices()
            .zip(w.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8())
            .min(end);
    }
    first[..end].to_owned()
}

#[function_component]
pub fn Console(props: &ConsoleProps) -> Html {
    let value = use_state(String::new);
    // Position in the history while walking it with Up/Down; None when editing a new line.
    let walking = use_state(|| None::<usize>);
    let options = use_state(Vec::<String>::new);
    // Completion reads the world's names; worked out once per world, not per keystroke.
    let names = use_memo(props.world.clone(), |w| completion_names(w));
    let input_ref = use_node_ref();
    let log_ref = use_node_ref();

    {
        // Keep the newest output in view: from its first line when it is taller than the log
        // (help), so it reads from the top.
        let log_ref = log_ref.clone();
        use_effect_with(props.console.entries.len(), move |_| {
            if let Some(el) = log_ref.cast::<web_sys::Element>() {
                let last = el
                    .last_element_child()
                    .and_then(|e| e.dyn_into::<HtmlElement>().ok());
                match last {
                    Some(last) if last.offset_height() > el.client_height() => {
                        el.set_scroll_top(last.offset_top());
                    }
                    _ => el.set_scroll_top(el.scroll_height()),
                }
            }
        });
    }

    let oninput = {
        let value = value.clone();
        let walking = walking.clone();
        let options = options.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            value.set(input.value());
            walking.set(None);
            options.set(Vec::new());
        })
    };

    // A block pasted from Learn keeps its lines: a one-line input would join them into one
    // command, so a paste with a line break runs as the block it is, as a terminal runs it.
    let onpaste = {
        let value = value.clone();
        let on_submit = props.on_submit.clone();
        Callback::from(move |e: Event| {
            let Some(text) = e
                .dyn_ref::<web_sys::ClipboardEvent>()
                .and_then(|c| c.clipboard_data())
                .and_then(|d| d.get_data("text").ok())
            else {
                return;
            };
            if !text.trim().contains('\n') {
                return;
            }
            e.prevent_default();
            on_submit.emit(format!("{}{}", *value, text));
            value.set(String::new());
        })
    };

    let onkeydown = {
        let value = value.clone();
        let walking = walking.clone();
        let options = options.clone();
        let console = props.console.clone();
        let names = names.clone();
        let on_submit = props.on_submit.clone();
        Callback::from(move |e: KeyboardEvent| {
            let history = &console.history;
            match e.key().as_str() {
                "Enter" => {
                    e.prevent_default();
                    let line = (*value).clone();
                    if !line.trim().is_empty() {
                        on_submit.emit(line);
                    }
                    value.set(String::new());
                    walking.set(None);
                    options.set(Vec::new());
                }
                "ArrowUp" if !history.is_empty() => {
                    e.prevent_default();
                    let i = walking.map_or(history.len() - 1, |i| i.saturating_sub(1));
                    walking.set(Some(i));
                    value.set(history.get(i).cloned().unwrap_or_default());
                }
                "ArrowDown" => {
                    if let Some(i) = *walking {
                        e.prevent_default();
                        if i + 1 < history.len() {
                            walking.set(Some(i + 1));
                            value.set(history[i + 1].clone());
                        } else {
                            walking.set(None);
                            value.set(String::new());
                        }
                    }
                }
                // Tab completes while there is a line; on an empty line it moves focus as usual.
                "Tab" if !value.is_empty() && !e.shift_key() => {
                    e.prevent_default();
                    let c = complete(&value, &names);
                    let head = &value[..c.start];
                    match c.candidates.len() {
                        0 => options.set(Vec::new()),
                        1 => {
                            value.set(format!("{head}{} ", c.candidates[0]));
                            options.set(Vec::new());
                        }
                        _ => {
                            let prefix = common_prefix(&c.candidates);
                            if prefix.len() > value.len() - c.start {
                                value.set(format!("{head}{prefix}"));
                            }
                            options.set(c.candidates);
                        }
                    }
                }
                "Escape" => options.set(Vec::new()),
                _ => {}
            }
        })
    };

    let entries = props.console.entries.iter().map(|e| match e {
        ConsoleEntry::Ran { input, record } => {
            let (icon, class) = if record.ok { ("✓", "ok") } else { ("✗", "fail") };
            let head = format!("{icon} {}", record.outcome());
            html! {
                <li class={format!("entry {class}")} data-testid="console-entry">
                    <code class="input">{format!("$ {input}")}</code>
                    <div class="result">{head}</div>
                    if !record.output.is_empty() {
                        <pre class="output">{record.output.join("\n")}</pre>
                    }
                </li>
            }
        }
        ConsoleEntry::Error { input, error } => {
            let caret = format!("{}^", " ".repeat(error.column.saturating_sub(1) + 2));
            html! {
                <li class="entry error" data-testid="console-error" data-column={error.column.to_string()}>
                    <pre class="input">{format!("$ {input}\n")}<span class="caret" aria-hidden="true">{caret}</span></pre>
                    <div class="result">{format!("✗ column {}: {}", error.column, error.message)}</div>
                    if let Some(s) = &error.suggestion {
                        <div class="suggestion">{"did you mean "}<code>{s.clone()}</code>{"?"}</div>
                    }
                </li>
            }
        }
        ConsoleEntry::Help { input, help } => html! {
            <li class="entry help" data-testid="console-help">
                <code class="input">{format!("$ {input}")}</code>
                {help_view(help)}
            </li>
        },
        ConsoleEntry::Note(text) => html! { <li class="entry note">{text.clone()}</li> },
    });

    let option_items = options
        .iter()
        .map(|o| html! { <li><code>{o.clone()}</code></li> });
    // The help on screen makes the console taller, so it reads without scrolling much.
    let expanded = matches!(
        props.console.entries.last(),
        Some(ConsoleEntry::Help { .. })
    );
    html! {
        <section class={classes!("console", expanded.then_some("expanded"))} aria-label="Console">
            <ol class="console-log" ref={log_ref} aria-live="polite">
                if props.console.entries.is_empty() {
                    // An empty black box on a projector looks broken; say what it is for.
                    <li class="console-empty">
                        {"Type a real "}<code>{"az"}</code>{" command, or "}<code>{"help"}</code>
                        {". Every call it makes plays on the stage."}
                    </li>
                }
                { for entries }
            </ol>
            <div class="prompt">
                if !options.is_empty() {
                    <ul class="completions" data-testid="completions"
                        aria-label={format!("{} completions", options.len())}>{ for option_items }</ul>
                }
                <span class="prompt-mark" aria-hidden="true">{"$"}</span>
                <input ref={input_ref} type="text" data-testid="console-input" value={(*value).clone()}
                    placeholder="az keyvault … (Tab completes, help or -h explains)" spellcheck="false"
                    autocomplete="off" aria-label="Command" {oninput} {onkeydown} {onpaste} />
            </div>
        </section>
    }
}

/// az's help, laid out for a narrow console: the heading line, the usage, then each section as
/// terms over their descriptions (the listing's commands on one wrapped line).
fn help_view(h: &Help) -> Html {
    let sections = h.sections.iter().map(|s| {
        let items = if s.inline {
            html! {
                <p class="help-inline">
                    { for s.items.iter().map(|i| html! { <><code title={i.text.clone()}>{i.term.clone()}</code>{" "}</> }) }
                </p>
            }
        } else {
            html! {
                <dl>
                    { for s.items.iter().map(|i| {
                        let (term, required) = match i.term.strip_suffix(" [Required]") {
                            Some(t) => (t, true),
                            None => (i.term.as_str(), false),
                        };
                        html! {<>
                            <dt><code>{term.to_owned()}</code>
                                if required { <span class="help-required">{" required"}</span> }</dt>
                            if !i.text.is_empty() { <dd>{i.text.clone()}</dd> }
                        </>}
                    }) }
                </dl>
            }
        };
        html! {
            <section class="help-section">
                <h4>{s.title.clone()}
                    if !s.summary.is_empty() { <span class="help-summary">{format!(" {}", s.summary)}</span> }</h4>
                {items}
            </section>
        }
    });
    html! {
        <div class="help-body">
            <p class="help-head">
                <span class="help-kind">{h.heading}</span>{" "}
                if !h.name.is_empty() { <code class="help-name">{h.name.clone()}</code>{": "} }
                {h.summary.clone()}
            </p>
            if let Some(u) = &h.usage { <p class="help-usage">{ for usage_chunks(u) }</p> }
            { for sections }
        </div>
    }
}

/// A usage line in pieces that wrap only between flags: `--vault-name VAULT-NAME`, `[--kty]`.
fn usage_chunks(usage: &str) -> impl Iterator<Item = Html> + '_ {
    let mut chunks: Vec<String> = Vec::new();
    for word in usage.split(' ') {
        match chunks.last_mut() {
            Some(last) if !word.starts_with(['-', '[']) && last.starts_with("--") => {
                last.push(' ');
                last.push_str(word);
            }
            _ => chunks.push(word.to_owned()),
        }
    }
    chunks
        .into_iter()
        .map(|c| html! { <><code>{c}</code>{" "}</> })
}
