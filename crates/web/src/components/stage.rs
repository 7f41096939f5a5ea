//! The stage: every actor of the world laid out by `layout` (a top row of callers, region bands
//! below), and the call that is travelling now. The viewBox is the content plus a margin, so the
//! drawing fills its panel.

use std::rc::Rc;

use keyfall_core::{AssetId, Event, HealthReport, Record};
use yew::prelude::*;

use super::message::message;
use super::{DesActor, PrincipalActor, RsvActor, VaultActor, VmActor};
use crate::layout::{Band, Kind, Placed, layout, num};
use crate::shared::{Selection, WorldRef};
use crate::view::CallView;

/// What every actor on the stage is given. One type for all five kinds, so the stage builds it in
/// one place and Yew compares one kind of props; each actor picks what it needs.
#[derive(Properties, PartialEq, Clone)]
pub struct ActorProps {
    pub placed: Placed,
    pub world: WorldRef,
    pub health: Rc<HealthReport>,
    /// Part in the call travelling now: `"speaking"`, `"listening"` or empty.
    #[prop_or_default]
    pub role: AttrValue,
    pub selected: Option<Selection>,
    /// More than one subscription: boxes name theirs.
    pub show_subscription: bool,
    pub on_select: Callback<Selection>,
    /// Asset ids (`key:kv/kek`) the current step purged, as the simulation reported them.
    pub purged: Rc<Vec<AssetId>>,
}

#[derive(Properties, PartialEq)]
pub struct StageProps {
    pub world: WorldRef,
    pub health: Rc<HealthReport>,
    /// The current step's records: their events say what changed.
    pub records: Rc<Vec<Record>>,
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
    let purged = use_memo(props.records.clone(), |records| purged_by(records));
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
    let actors = lay.actors.iter().map(|a| {
        let key = a.name.clone();
        let actor = ActorProps {
            placed: a.clone(),
            world: props.world.clone(),
            health: props.health.clone(),
            role: role_of(&a.name),
            selected: props.selected.clone(),
            show_subscription: lay.show_subscriptions,
            on_select: props.on_select.clone(),
            purged: (*purged).clone(),
        };
        match a.kind {
            Kind::Vm => html! { <VmActor {key} ..actor /> },
            Kind::Vault => html! { <VaultActor {key} ..actor /> },
            Kind::RecoveryVault => html! { <RsvActor {key} ..actor /> },
            Kind::Des => html! { <DesActor {key} ..actor /> },
            _ => html! { <PrincipalActor {key} ..actor /> },
        }
    });
    let band_class = |b: &Band| {
        if b.geography {
            "band geography"
        } else {
            "band"
        }
    };
    let bands = lay.bands.iter().map(|b| {
        html! {
            <g class={band_class(b)} aria-hidden="true">
                <rect x={num(b.x)} y={num(b.y)} width={num(b.w)} height={num(b.h)} rx="22" />
            </g>
        }
    });
    // Titles go over the travelling message, haloed in the band's colour, so a lane that
    // crosses one passes under it instead of striking it through.
    let band_titles = lay.bands.iter().map(|b| {
        let (x, y) = b.title_at();
        html! {
            <g class={band_class(b)} aria-hidden="true">
                <text class="band-title" x={num(x)} y={num(y)}>{b.label.clone()}</text>
            </g>
        }
    });
    let message = active.and_then(|(i, c)| {
        let from = lay.find(&c.caller)?;
        let to = lay.find(&c.callee)?;
        let key = format!("{}-{i}", props.world.generation);
        Some(message(key, c, from, to, &lay, props.message_ms))
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
            { for band_titles }
        </svg>
    }
}

/// The objects `records` purged: by a `purge` call, or by retention ending during `sim advance`.
fn purged_by(records: &[Record]) -> Rc<Vec<AssetId>> {
    let ids = records
        .iter()
        .flat_map(|r| &r.events)
        .filter_map(|e| match e {
            Event::State { object, change, .. } if change.starts_with("purged") => {
                Some(object.clone())
            }
            _ => None,
        });
    Rc::new(ids.collect())
}
