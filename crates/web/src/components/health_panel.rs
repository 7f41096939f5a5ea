//! What breaks: the live health report, one entry per asset with its verdict (icon + word), what
//! was tried, the causal chain (failing call and the audited change behind it) and fixes that run
//! with one click. Everything here is the core's report, word for word.

use std::rc::Rc;

use keyfall_core::{AssetHealth, HealthReport, Verdict};
use yew::prelude::*;

use super::verdict_badge::verdict_badge;
use super::widgets::run_lines;

#[derive(Properties, PartialEq)]
pub struct HealthPanelProps {
    pub health: Rc<HealthReport>,
    pub on_command: Callback<String>,
}

fn group_title(kind: &str) -> &'static str {
    match kind {
        "vm" => "Virtual machines",
        "rp" => "Recovery points",
        "secret" => "Secrets",
        "disk" => "CMK disks",
        _ => "Other",
    }
}

fn entry(a: &AssetHealth, on_command: &Callback<String>) -> Html {
    let (kind, name) = (a.asset.kind(), a.asset.path());
    let checks = a.checks.iter().map(|(what, ok)| {
        html! { <li class={if *ok { "pass" } else { "fail" }}>{format!("{} {what}", if *ok { "✓" } else { "✗" })}</li> }
    });
    let notes = a
        .notes
        .iter()
        .map(|n| html! { <li class="note">{format!("· {n}")}</li> });
    let causes = a.causes.iter().map(|c| {
        html! {
            <li class="cause">
                <span class="call">{format!("because {}", c.call)}</span>
                if let Some(audit) = &c.audit {
                    <span class="audit">{format!("caused by {audit}")}</span>
                }
            </li>
        }
    });
    let fixes = a.fixes.iter().map(|f| {
        let line = f.to_string();
        let onclick = run_lines(on_command, vec![line.clone()]);
        html! {
            <li><button class="fix" data-testid="fix" title="Run this command" {onclick}>
                <span aria-hidden="true">{"▶ "}</span><code>{line}</code>
            </button></li>
        }
    });
    let open = a.verdict != Verdict::Ok;
    html! {
        <li class={format!("asset verdict-{}", a.verdict.name())} data-asset={a.asset.to_string()}
            data-verdict={a.verdict.name()} data-kind={kind.to_owned()}>
            <details open={open}>
                <summary>
                    { verdict_badge(a.verdict) }
                    <span class="asset-name">{shorten(&name)}</span>
                </summary>
                <ul class="checks">{ for checks }{ for notes }</ul>
                if !a.causes.is_empty() {
                    <ul class="causes">{ for causes }</ul>
                }
                if !a.fixes.is_empty() {
                    <div class="fixes"><span class="label">{"Fix:"}</span><ul>{ for fixes }</ul></div>
                }
            </details>
        </li>
    }
}

/// `kv-ade/f6d57ac4-8600-…` instead of a 36-character GUID.
fn shorten(name: &str) -> String {
    name.split('/')
        .map(crate::view::short)
        .collect::<Vec<_>>()
        .join("/")
}

#[function_component]
pub fn HealthPanel(props: &HealthPanelProps) -> Html {
    let assets = &props.health.assets;
    if assets.is_empty() {
        return html! {
            <section class="health empty" data-testid="health">
                <p>{"Nothing to check yet: create a VM, a vault or a backup and its health shows here."}</p>
            </section>
        };
    }
    let count = |v: Verdict| assets.iter().filter(|a| a.verdict == v).count();
    let summary = [Verdict::Ok, Verdict::AtRisk, Verdict::Broken, Verdict::Lost]
        .into_iter()
        .filter(|v| count(*v) > 0)
        .map(|v| html! { <span class="summary-item">{ verdict_badge(v) }{format!(" × {}", count(v))}</span> });
    let mut kinds: Vec<&str> = Vec::new();
    for a in assets {
        let k = a.asset.kind();
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    }
    let groups = kinds.into_iter().map(|k| {
        let items = assets
            .iter()
            .filter(|a| a.asset.kind() == k)
            .map(|a| entry(a, &props.on_command));
        html! {
            <section class="health-group">
                <h3>{group_title(k)}</h3>
                <ul class="assets">{ for items }</ul>
            </section>
        }
    });
    html! {
        <section class="health" data-testid="health" aria-live="polite">
            <div class="health-summary">{ for summary }</div>
            { for groups }
        </section>
    }
}
