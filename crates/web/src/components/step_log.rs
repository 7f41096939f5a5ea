//! The commands of the current step, each with its outcome and the calls it made, in order.
//! Calls that have played stay listed (faded), so people and tests can read them after the
//! animation; the one travelling now is highlighted.

use std::rc::Rc;

use keyfall_core::Record;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::view::CallView;
use keyfall_stage::draw::result_text;

#[derive(Properties, PartialEq)]
pub struct StepLogProps {
    pub records: Rc<Vec<Record>>,
    pub calls: Rc<Vec<CallView>>,
    pub shown: usize,
}

#[function_component]
pub fn StepLog(props: &StepLogProps) -> Html {
    let active = props.shown.checked_sub(1);
    let commands = props.records.iter().enumerate().filter(|(_, r)| !r.is_expectation()).map(|(ci, r)| {
        let calls = props.calls.iter().enumerate().filter(|(_, c)| c.command == ci).map(|(i, c)| {
            let state = if Some(i) == active {
                "active"
            } else if i < props.shown {
                "played"
            } else {
                "queued"
            };
            let result = if c.allowed { "allow" } else { "deny" };
            html! {
                <li class={format!("call {state} {result}")} data-message="" data-op={c.operation.clone()}
                    data-result={result} data-status={c.status.to_string()} data-state={state}>
                    <span class="who">{format!("{} → {}", short_actor(&c.caller), short_actor(&c.callee))}</span>
                    <span class="what">{format!("{} {}", c.operation, c.target)}</span>
                    <span class="res">{result_text(c)}</span>
                </li>
            }
        });
        let (icon, class) = if r.ok { ("✓", "ok") } else { ("✗", "fail") };
        let outcome = format!("{icon} {}", r.outcome());
        html! {
            <li class={format!("command {class}")}>
                <code class="line">{format!("$ {}", r.command)}</code>
                <div class="outcome">{outcome}</div>
                <ol class="calls">{ for calls }</ol>
            </li>
        }
    });
    let section = use_node_ref();
    {
        // Keep the call on stage visible in this small panel as messages play.
        let section = section.clone();
        use_effect_with(props.shown, move |_| {
            let Some(panel) = section.cast::<web_sys::HtmlElement>() else {
                return;
            };
            let active = panel
                .query_selector(".call.active")
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(li) = active {
                // The panel is the calls' offset parent (position: relative in session.css).
                let (top, bottom) = (li.offset_top(), li.offset_top() + li.offset_height());
                let (view, height) = (panel.scroll_top(), panel.client_height());
                if top < view || bottom > view + height {
                    panel.set_scroll_top(top - height / 3);
                }
            }
        });
    }
    html! {
        <section class="step-log" tabindex="0" aria-label="Commands and calls of this step" ref={section}>
            <ol class="commands" aria-live="polite">{ for commands }</ol>
        </section>
    }
}

/// `admin@contoso.com` reads as `admin` in the narrow list.
fn short_actor(name: &str) -> &str {
    name.split('@').next().unwrap_or(name)
}
