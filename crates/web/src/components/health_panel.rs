//! What breaks: the live health report, one entry per asset with its verdict (icon + word), the
//! cause as a short chain read upwards ("vm1 will not boot ← unwrapKey kek@1 → 404 KeyNotFound ←
//! admin deleted kek at step 2", worded from the report's typed failed call and blamed change,
//! its raw lines in the tooltip), fixes that run with one click, and what was tried. Assets go by
//! the names people use: a BEK secret is "BEK of vm1", its id in the tooltip.
//!
//! Read at a glance on a projector: what is not OK comes first, worst first, each with its
//! three-line cause and its fix right under its name, so the first fix is in view without
//! scrolling; what is OK follows, one line each. With nothing to judge it says what is on stage
//! and why nothing depends on it.

use std::rc::Rc;

use keyfall_core::{AssetHealth, HealthReport, Verdict};
use yew::prelude::*;

use super::verdict_badge::verdict_badge;
use super::widgets::run_lines;
use crate::shared::WorldRef;
use crate::view::{asset_name, cause_chain, health_empty_text};

#[derive(Properties, PartialEq)]
pub struct HealthPanelProps {
    pub health: Rc<HealthReport>,
    /// The world the report is about, for names (a BEK's VM) and the empty state.
    pub world: WorldRef,
    pub on_command: Callback<String>,
    /// The last vault audit id after each step played, to name the step of a blamed change.
    #[prop_or_default]
    pub audit_ends: Rc<Vec<u64>>,
    /// The last audit id of the starting world (a challenge's estate): no step wrote those.
    #[prop_or_default]
    pub audit_start: u64,
}

/// Worst first.
fn severity(v: Verdict) -> u8 {
    match v {
        Verdict::Lost => 0,
        Verdict::Broken => 1,
        Verdict::AtRisk => 2,
        Verdict::Ok => 3,
    }
}

fn entry(
    a: &AssetHealth,
    name: String,
    chains: Vec<Vec<String>>,
    on_command: &Callback<String>,
) -> Html {
    let kind = a.asset.kind();
    let checks = a.checks.iter().map(|(what, ok)| {
        html! { <li class={if *ok { "pass" } else { "fail" }}>{format!("{} {what}", if *ok { "✓" } else { "✗" })}</li> }
    });
    let notes = a
        .notes
        .iter()
        .map(|n| html! { <li class="note">{format!("· {n}")}</li> });
    // Each cause as a short chain, effect first, each link the reason for the one before; the
    // report's raw lines in the tooltip.
    let causes = a.causes.iter().zip(chains).map(|(c, chain)| {
        let tip = match &c.audit {
            Some(audit) => format!("because {}\ncaused by {audit}", c.call),
            None => format!("because {}", c.call),
        };
        let links = chain.into_iter().enumerate().map(|(i, link)| {
            html! {
                <li class={if i == 0 { "link effect" } else { "link" }}>
                    if i > 0 {
                        <span class="arrow" aria-label="because">{"← "}</span>
                    }
                    {link}
                </li>
            }
        });
        html! {
            <li class="cause" title={tip}>
                <ol class="chain" data-testid="cause-chain">{ for links }</ol>
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
    let id = a.asset.to_string();
    html! {
        <li class={format!("asset verdict-{}", a.verdict.name())} data-asset={id.clone()}
            data-verdict={a.verdict.name()} data-kind={kind.to_owned()}>
            <details open={open}>
                <summary title={id}>
                    { verdict_badge(a.verdict) }
                    <span class="asset-name">{name}</span>
                </summary>
                // Why first, as a chain; then the fix; then what was tried.
                if !a.causes.is_empty() {
                    <ul class="causes">{ for causes }</ul>
                }
                if !a.fixes.is_empty() {
                    <div class="fixes"><span class="label">{"Fix:"}</span><ul>{ for fixes }</ul></div>
                }
                <ul class="checks">{ for checks }{ for notes }</ul>
            </details>
        </li>
    }
}

#[function_component]
pub fn HealthPanel(props: &HealthPanelProps) -> Html {
    let assets = &props.health.assets;
    if assets.is_empty() {
        return html! {
            <section class="health empty" data-testid="health">
                <p>{health_empty_text(&props.world.world)}</p>
            </section>
        };
    }
    let count = |v: Verdict| assets.iter().filter(|a| a.verdict == v).count();
    let summary = [Verdict::Ok, Verdict::AtRisk, Verdict::Broken, Verdict::Lost]
        .into_iter()
        .filter(|v| count(*v) > 0)
        .map(|v| html! { <span class="summary-item">{ verdict_badge(v) }{format!(" × {}", count(v))}</span> });
    // Worst verdict first; within a verdict, the report's order (by kind, then id).
    let by = |rank: u8| assets.iter().filter(move |a| severity(a.verdict) == rank);
    let bad: Vec<&AssetHealth> = (0..3).flat_map(by).collect();
    let good: Vec<&AssetHealth> = by(3).collect();
    let world = &props.world.world;
    let ends = &props.audit_ends;
    let step_of = |id: u64| {
        (id > props.audit_start)
            .then(|| crate::playback::step_of_audit(ends, id))
            .flatten()
    };
    let items = |list: Vec<&AssetHealth>| -> Html {
        list.into_iter()
            .map(|a| {
                let chains = a
                    .causes
                    .iter()
                    .map(|c| cause_chain(world, a, c, &step_of))
                    .collect();
                entry(a, asset_name(world, &a.asset), chains, &props.on_command)
            })
            .collect()
    };
    html! {
        <section class="health" data-testid="health" aria-live="polite">
            <div class="health-summary">{ for summary }</div>
            if !bad.is_empty() {
                <section class="health-group">
                    <h3>{"Needs attention"}</h3>
                    <ul class="assets">{ items(bad) }</ul>
                </section>
            }
            if !good.is_empty() {
                <section class="health-group">
                    <h3>{"Healthy"}</h3>
                    <ul class="assets">{ items(good) }</ul>
                </section>
            }
        </section>
    }
}
