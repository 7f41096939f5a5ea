//! A Recovery Services vault with its protected items and their recovery points, each point
//! marked with its health verdict (icon + word in its label).

use keyfall_core::AssetId;
use yew::prelude::*;

use super::stage::ActorProps;
use super::verdict_badge::verdict_icon;
use super::widgets::{ActorRole, actor_class, actor_frame, fitted_text, select_handlers};
use crate::layout::{Face, RSV_ROW, RSV_TOP, num, translate};
use crate::shared::Selection;

const RP_W: f64 = 84.0;
/// Where the recovery points of an item start; its name is fitted left of them.
const POINTS_X: f64 = 92.0;
const PAD: f64 = 14.0;

#[function_component]
pub fn RsvActor(props: &ActorProps) -> Html {
    let p = &props.placed;
    let Some(r) = props.world.world.recovery_vault(&p.name) else {
        return html! {};
    };
    let name = p.name.clone();
    let mut y = RSV_TOP;
    let mut rows = Vec::new();
    if r.items.is_empty() {
        rows.push(html! { <text class="shelf-empty" x={num(PAD)} y={num(y + 26.0)}>{"nothing protected"}</text> });
    }
    // Room for the newest points; older ones are counted.
    let fit = ((p.w - 2.0 * PAD - POINTS_X + 6.0) / (RP_W + 6.0))
        .floor()
        .max(1.0) as usize;
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
                    transform={translate(POINTS_X + i as f64 * (RP_W + 6.0), 0.0)} {onclick} {onkeydown}>
                    <rect width={num(RP_W)} height="32" rx="8" />
                    <text x={num(RP_W / 2.0)} y="22" text-anchor="middle">{format!("{icon} {}", rp.name)}</text>
                </g>
            }
        });
        rows.push(html! {
            <g class="rsv-item" transform={translate(PAD, y)}>
                { fitted_text("object-name", 0.0, 22.0, item, if hidden > 0 { POINTS_X - 40.0 } else { POINTS_X - 8.0 }, 18.0, Face::Mono) }
                if hidden > 0 {
                    <text class="chip-more" x={num(POINTS_X - 6.0)} y="22" text-anchor="end">{format!("+{hidden}")}</text>
                }
                { for chips }
            </g>
        });
        y += RSV_ROW;
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
            <g class="icon" transform="translate(14 8)">
                <path class="icon-line" d="M20 2 l16 6 v12 c0 10 -7 16 -16 19 c-9 -3 -16 -9 -16 -19 v-12 z" />
                <path class="icon-line" d="M13 20 l5 5 l9 -10" />
            </g>
            { fitted_text("actor-name", 64.0, 34.0, &format!("{name}{sub}"), p.w - 64.0 - PAD, 22.0, Face::Bold) }
            { for rows }
    </>};
    actor_frame(class, p, "16", role, handlers, body)
}
