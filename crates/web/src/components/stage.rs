//! The stage: every actor of the world laid out by `layout` (a top row of callers, region bands
//! below), and the call that is travelling now. The viewBox is the content plus a margin, so the
//! drawing fills its panel.

use std::rc::Rc;

use keyfall_core::HealthReport;
use yew::prelude::*;

use super::{DesActor, Message, PrincipalActor, RsvActor, VaultActor, VmActor};
use crate::layout::{Kind, layout, num};
use crate::shared::{Selection, WorldRef};
use crate::state::CallView;

#[derive(Properties, PartialEq)]
pub struct StageProps {
    pub world: WorldRef,
    pub health: Rc<HealthReport>,
    pub calls: Rc<Vec<CallView>>,
    /// How many calls have started; the last of them is drawn.
    pub shown: usize,
    pub message_ms: u32,
    pub selected: Option<Selection>,
    pub on_select: Callback<Selection>,
}

#[function_component]
pub fn Stage(props: &StageProps) -> Html {
    let lay = {
        let world = props.world.clone();
        use_memo(world, |w| layout(&w.world))
    };
    let active = props
        .shown
        .checked_sub(1)
        .and_then(|i| props.calls.get(i).map(|c| (i, c)));
    let role_of = |name: &str| -> AttrValue {
        let Some((_, c)) = active else {
            return AttrValue::default();
        };
        let hit = |who: &str| lay.find(who).is_some_and(|a| a.name == name);
        if hit(&c.caller) {
            "speaking".into()
        } else if hit(&c.callee) {
            "listening".into()
        } else {
            AttrValue::default()
        }
    };
    let sel = props.selected.clone();
    let actors = lay.actors.iter().map(|a| {
        let role = role_of(&a.name);
        let on_select = props.on_select.clone();
        let subs = lay.show_subscriptions;
        match a.kind {
            Kind::Vm => html! {
                <VmActor key={a.name.clone()} placed={a.clone()} world={props.world.clone()} {role}
                    verdict={props.health.get(&format!("vm:{}", a.name)).map(|h| h.verdict)}
                    selected={sel == Some(Selection::Vm(a.name.clone()))} show_subscription={subs} {on_select} />
            },
            Kind::Vault => html! {
                <VaultActor key={a.name.clone()} placed={a.clone()} world={props.world.clone()} {role}
                    selected={sel.clone()} show_subscription={subs} {on_select} />
            },
            Kind::RecoveryVault => html! {
                <RsvActor key={a.name.clone()} placed={a.clone()} world={props.world.clone()}
                    health={props.health.clone()} {role} selected={sel.clone()} show_subscription={subs} {on_select} />
            },
            Kind::Des => html! {
                <DesActor key={a.name.clone()} placed={a.clone()} world={props.world.clone()} {role}
                    selected={sel == Some(Selection::DiskEncryptionSet(a.name.clone()))} {on_select} />
            },
            _ => html! {
                <PrincipalActor key={a.name.clone()} placed={a.clone()} {role}
                    selected={sel == Some(Selection::Principal(a.name.clone()))} {on_select} />
            },
        }
    });
    let bands = lay.bands.iter().map(|b| {
        html! {
            <g class={if b.geography { "band geography" } else { "band" }} aria-hidden="true">
                <rect x={num(b.x)} y={num(b.y)} width={num(b.w)} height={num(b.h)} rx="22" />
                <text x={num(b.x + 18.0)} y={num(b.y + 28.0)}>{b.label.clone()}</text>
            </g>
        }
    });
    let message = active.and_then(|(i, c)| {
        let from = lay.find(&c.caller)?.clone();
        let to = lay.find(&c.callee)?.clone();
        Some(html! {
            <Message key={format!("{}-{i}", props.world.generation)} call={c.clone()} {from} {to}
                layout={lay.clone()} ms={props.message_ms} />
        })
    });
    let empty = lay.actors.len() <= 2 && props.world.world.vms().next().is_none();
    let (vx, vy, vw, vh) = lay.view_box();
    let view_box = format!("{} {} {} {}", num(vx), num(vy), num(vw), num(vh));
    html! {
        <svg class="stage" data-testid="stage" viewBox={view_box} preserveAspectRatio="xMidYMid meet"
            role="group" aria-label="Stage: the simulated Azure resources and the calls between them">
            { for bands }
            { for actors }
            if empty {
                <text class="stage-hint" x={num(lay.width / 2.0)} y={num(lay.height + 4.0)} text-anchor="middle">
                    {"Pick a lesson, or type a command below"}
                </text>
            }
            { message.unwrap_or_default() }
        </svg>
    }
}
