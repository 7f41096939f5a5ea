//! The session as a runnable `az` script, with copy and download.
//!
//! Each line goes through `keyfall_core::az_line_or_comment`, the function the scenario export
//! uses, so the view and `keyfall export` can never disagree about what a `sim` line becomes.

use std::rc::Rc;

use keyfall_core::{az_line_or_comment, parse_line};
use yew::prelude::*;

use super::export_file;

/// Props of [`RealCommands`].
#[derive(Debug, Properties, PartialEq)]
pub struct RealCommandsProps {
    /// The session's canonical command lines, oldest first.
    pub lines: Rc<Vec<String>>,
}

/// The script's first lines, before the session's commands.
const HEADER: &str = "#!/usr/bin/env bash\n# Exported from Keyfall: this session as real az commands.\n\
     # sim steps are comments saying what to do by hand. The ADE app's client secret is read\n\
     # from $ADE_APP_SECRET.\n";

/// One session line as it reads in the script.
fn script_line(line: &str) -> String {
    match parse_line(line) {
        Ok(Some(c)) => az_line_or_comment(&c),
        Ok(None) => String::new(),
        // Lines come from the timeline and parse; if one ever does not, keep it visible but
        // commented, so the script still runs.
        Err(_) => format!("# (does not parse) {}\n", line.replace(['\n', '\r'], " ")),
    }
}

/// Script lines per block of the view. A step changes the script at its end (a command added,
/// or the cursor moved back), so the view keeps the lines in blocks: the browser lays out again
/// only the blocks whose text changed, not a long session's whole script.
const BLOCK: usize = 64;

/// The real-commands view.
#[function_component]
pub fn RealCommands(props: &RealCommandsProps) -> Html {
    // Each line's script text, kept between renders: a step reuses every line before the first
    // that changed, instead of parsing and printing the whole session again.
    let done = use_mut_ref(Vec::<(String, String)>::new);
    let blocks: Vec<String> = {
        let mut done = done.borrow_mut();
        let same = done
            .iter()
            .zip(props.lines.iter())
            .take_while(|((line, _), l)| line == *l)
            .count();
        done.truncate(same);
        done.extend(
            props.lines[same..]
                .iter()
                .map(|l| (l.clone(), script_line(l))),
        );
        done.chunks(BLOCK)
            .map(|block| block.iter().map(|(_, text)| text.as_str()).collect())
            .collect()
    };
    let script = Rc::new(format!("{HEADER}{}", blocks.concat()));
    let status = use_state(String::new);

    let on_copy = {
        let script = script.clone();
        let status = status.clone();
        Callback::from(move |_| {
            let text = (*script).clone();
            let status = status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                status.set(match export_file::copy(text).await {
                    Ok(()) => "✓ Copied to the clipboard.".to_owned(),
                    Err(e) => format!("✗ {e}"),
                });
            });
        })
    };
    let on_download = {
        let script = script.clone();
        let status = status.clone();
        Callback::from(move |_| {
            status.set(
                match export_file::download("keyfall-session.sh", "text/x-shellscript", &script) {
                    Ok(()) => "✓ Saved keyfall-session.sh.".to_owned(),
                    Err(e) => format!("✗ Download failed: {e}"),
                },
            );
        })
    };

    html! {
        <section class="panel real-commands" aria-label="Real commands">
            <h2 class="panel-title">{"Real commands"}</h2>
            <div class="inline-form">
                <button class="btn" data-testid="real-copy" onclick={on_copy}>{"Copy"}</button>
                <button class="btn" data-testid="real-download" onclick={on_download}>
                    {"↓ Download keyfall-session.sh"}
                </button>
                <span class="status" data-testid="real-status" aria-live="polite">{ (*status).clone() }</span>
            </div>
            if props.lines.is_empty() {
                <p class="panel-empty">{"No commands yet: what you run appears here as a script."}</p>
            }
            <pre class="script" data-testid="real-script" tabindex="0"><code>
                {HEADER}
                { for blocks.into_iter().map(|b| html! { <span class="block">{b}</span> }) }
            </code></pre>
        </section>
    }
}
