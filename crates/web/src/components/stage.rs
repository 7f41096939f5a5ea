//! The stage: every actor of the cast laid out by `layout` (a top row of callers, region bands
//! below), and the call that is travelling now. The viewBox is the content plus a margin, so the
//! drawing fills its panel. The layout comes from the cast (all of a lesson's actors), not the
//! world at this step: an actor the world does not hold yet leaves its place empty, and fades
//! in there when it is created (stage.css), so nothing else moves.

use std::rc::Rc;

use keyfall_core::{AssetId, Event, HealthReport, Record};
use yew::prelude::*;

use super::message::{label_box, message, past_message};
use super::{DesActor, PrincipalActor, RsvActor, VaultActor, VmActor};
use crate::layout::{Band, Cast, Face, Kind, Layout, Placed, arrange, num, text_width};
use crate::shared::{Selection, WorldRef};
use crate::view::{CallView, placed_ties};

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
    /// Every actor this stage will show (see `Playback::cast`).
    pub cast: Rc<Cast>,
    /// Nothing to play yet: say how to start.
    #[prop_or_default]
    pub hint: bool,
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
    let planned = use_memo(props.cast.clone(), |c| arrange(c));
    // The planned places of the actors the world holds now: calls route around these only.
    let lay = use_memo((planned, props.world.clone()), |(planned, w)| {
        let present = Cast::of(&w.world);
        Layout {
            actors: planned
                .actors
                .iter()
                .filter(|a| present.has(&a.name))
                .cloned()
                .collect(),
            ..(**planned).clone()
        }
    });
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
                <text class="band-title" x={num(x)} y={num(y)}>
                    if b.title() != b.label {
                        <title>{b.label.clone()}</title>
                    }
                    {b.title()}
                </text>
            </g>
        }
    });
    let numbered = props.calls.len() > 1;
    let message = active.and_then(|(i, c)| {
        let from = lay.find(&c.caller)?;
        let to = lay.find(&c.callee)?;
        let key = format!("{}-{i}", props.world.generation);
        let n = numbered.then_some(i + 1);
        Some(message(key, c, n, from, to, &lay, props.message_ms))
    });
    // The step's earlier calls stay drawn, faded and numbered, so a boot's secret get and
    // unwrapKey are both on stage when its unlock fails.
    let past = active.map_or(0, |(i, _)| i);
    let calls = &props.calls[..past];
    let avoid = active.and_then(|(i, c)| {
        let from = lay.find(&c.caller)?;
        let to = lay.find(&c.callee)?;
        Some(label_box(c, numbered.then_some(i + 1), from, to, &lay))
    });
    let (earlier_lanes, earlier_numbers): (Vec<Html>, Vec<Html>) = calls
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let from = lay.find(&c.caller)?;
            let to = lay.find(&c.callee)?;
            // Calls on one lane put their numbers one after the other along it, from near the
            // caller (the travelling call's label sits mid-way).
            let same = |d: &&CallView| d.caller == c.caller && d.callee == c.callee;
            let k = calls[..i].iter().filter(same).count() as f64;
            let along = (0.14 + 0.14 * k).min(0.86);
            Some(past_message(i + 1, c, from, to, &lay, along, avoid))
        })
        .unzip();
    // What depends on what, as the world holds it now: disk → BEK secret → KEK version,
    // DES → key version; red and dashed once a delete or disable breaks one.
    let ties = use_memo((lay.clone(), props.world.clone()), |(lay, w)| {
        placed_ties(&w.world, lay)
    });
    let tie_lines = ties.iter().map(|(t, d)| {
        let class = format!("tie {}{}", t.kind, if t.broken { " broken" } else { "" });
        html! {
            <path {class} d={d.clone()} data-tie={t.kind} data-broken={t.broken.to_string()}>
                <title>{t.title.clone()}</title>
            </path>
        }
    });
    let (vx, vy, mut vw, mut vh) = lay.view_box();
    let mut vx = vx;
    // The hint sits under the boxes, inside the drawing: the viewBox grows to hold it.
    const HINT: &str = "Pick a lesson, or type a command below";
    if props.hint {
        let w = text_width(HINT, 26.0, Face::Sans) + 32.0;
        if w > vw {
            vx -= (w - vw) / 2.0;
            vw = w;
        }
        vh += 64.0;
    }
    let view_box = format!("{} {} {} {}", num(vx), num(vy), num(vw), num(vh));
    html! {
        <svg class="stage" data-testid="stage" viewBox={view_box} preserveAspectRatio="xMidYMid meet"
            data-calls={props.calls.len().to_string()}
            role="group" aria-label="Stage: the simulated Azure resources and the calls between them">
            { for bands }
            <g class="ties">{ for tie_lines }</g>
            { for actors }
            <g class="earlier-calls">{ for earlier_lanes }</g>
            if props.hint {
                <text class="stage-hint" x={num(lay.width / 2.0)} y={num(lay.height + 50.0)} text-anchor="middle">
                    {HINT}
                </text>
            }
            { message.unwrap_or_default() }
            <g class="earlier-calls">{ for earlier_numbers }</g>
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
