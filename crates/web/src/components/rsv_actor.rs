//! A Recovery Services vault with its protected items and their recovery points, each point
//! marked with its health verdict (icon + word in its label).

use keyfall_core::AssetId;
use yew::prelude::*;

use super::stage::ActorProps;
use super::verdict_badge::verdict_icon;
use super::widgets::{ActorRole, actor_class, actor_frame, select_handlers};
use crate::layout::{num, translate};
use crate::shared::Selection;

const RP_W: f64 = 78.0;

#[function_component]
pub fn RsvActor(props: &ActorProps) -> Html {
    let p = &props.placed;
    let Some(r) = props
        .world
        .world
        .recovery_vaults()
        .find(|r| r.name == p.name)
    else {
        return html! {};
    };
    let name = p.name.clone();
    let mut y = 86.0;
    let mut rows = Vec::new();
    if r.items.is_empty() {
        rows.push(html! { <text class="shelf-empty" x="16" y={num(y + 26.0)}>{"nothing protected"}</text> });
    }
    // Room for the newest points; older ones are counted.
    let fit = ((p.w - 96.0) / (RP_W + 6.0)).floor().max(1.0) as usize;
    for (item, pi) in &r.items {
        let hidden = pi.points.len().saturating_sub(fit);
        let chips = pi.points.iter().skip(hidden).enumerate().map(|(i, rp)| {
            let asset = AssetId::recovery_point(&r.name, item, &rp.name);
            let verdict = props.health.get(&asset).map(|a| a.verdict);
            let icon = verdict.map(verdict_icon).unwrap_or("");
            let word = verdict.map(|v| v.name()).unwrap_or("unknown");
            let sel = Selection::RecoveryPoint { rsv: r.name.clone(), item: item.clone(), rp: rp.name.clone() };
            let selected = props.selected.as_ref() == Some(&sel);
            let (onclick, onkeydown) = select_handlers(&props.on_select, sel, true);
            let class = format!("chip rp verdict-{word}{}", if selected { " selected" } else { "" });
            html! {
                <g {class}
                    data-object={asset.to_string()} role="button" tabindex="0"
                    transform={translate(80.0 + i as f64 * (RP_W + 6.0), 0.0)} {onclick} {onkeydown}>
                    <rect width={num(RP_W)} height="32" rx="8" />
                    <text x={num(RP_W / 2.0)} y="22" text-anchor="middle">{format!("{icon} {}", rp.name)}</text>
                </g>
            }
        });
        rows.push(html! {
            <g class="rsv-item" transform={translate(16.0, y)}>
                <text class="object-name" x="0" y="22">{item.clone()}</text>
                if hidden > 0 {
                    <text class="chip-more" x="72" y="22" text-anchor="end">{format!("+{hidden}")}</text>
                }
                { for chips }
            </g>
        });
        y += 46.0;
    }
    let points: usize = r.items.values().map(|i| i.points.len()).sum();
    let sub = if props.show_subscription {
        format!(" · {}", r.subscription)
    } else {
        String::new()
    };
    let sel = Selection::RecoveryVault(name.clone());
    let class = actor_class("rsv", &props.role, props.selected.as_ref() == Some(&sel));
    let handlers = select_handlers(&props.on_select, sel, false);
    // A group, not a button: it holds focusable recovery points (axe nested-interactive).
    let role = ActorRole::Group(format!(
        "{name}, Recovery Services vault: {} protected, {points} recovery points",
        r.items.len()
    ));
    let body = html! {<>
            // Shield icon.
            <g class="icon" transform="translate(16 16)">
                <path class="icon-line" d="M20 2 l16 6 v12 c0 10 -7 16 -16 19 c-9 -3 -16 -9 -16 -19 v-12 z" />
                <path class="icon-line" d="M13 20 l5 5 l9 -10" />
            </g>
            <text class="actor-name" x="70" y="34">{name.clone()}</text>
            <text class="actor-kind" x="70" y="60">{format!("RSV · {}{sub}", r.location)}</text>
            { for rows }
    </>};
    actor_frame(class, p, "18", role, handlers, body)
}
