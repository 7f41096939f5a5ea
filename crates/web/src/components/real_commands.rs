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

/// The script for `lines`: a shebang, then each line as `az` or as `#` comments.
pub fn session_script(lines: &[String]) -> String {
    let mut out = String::from(
        "#!/usr/bin/env bash\n# Exported from Keyfall: this session as real az commands.\n\
         # sim steps are comments saying what to do by hand. The ADE app's client secret is read\n\
         # from $ADE_APP_SECRET.\n",
    );
    for line in lines {
        match parse_line(line) {
            Ok(Some(c)) => out.push_str(&az_line_or_comment(&c)),
            Ok(None) => {}
            // Lines come from the timeline and parse; if one ever does not, keep it visible but
            // commented, so the script still runs.
            Err(_) => {
                out.push_str("# (does not parse) ");
                out.push_str(&line.replace(['\n', '\r'], " "));
                out.push('\n');
            }
        }
    }
    out
}

/// The real-commands view.
#[function_component]
pub fn RealCommands(props: &RealCommandsProps) -> Html {
    let script = use_memo(props.lines.clone(), |lines| session_script(lines));
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
            <pre class="script" data-testid="real-script" tabindex="0"><code>{ (*script).clone() }</code></pre>
        </section>
    }
}
