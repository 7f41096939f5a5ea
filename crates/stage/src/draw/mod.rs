//! The stage drawn as a [`scene`](crate::scene) tree: every actor of the cast laid out by
//! [`layout`](crate::layout) (a top row of callers, region bands below), the ties between disks,
//! secrets and keys, the step's earlier calls and the call travelling now. The viewBox is the
//! content plus a margin, so the drawing fills its panel. The layout comes from the cast (all of
//! a lesson's actors), not the world at this step: an actor the world does not hold yet leaves
//! its place empty, and fades in there when it is created (stage.css), so nothing else moves.

mod actors;
mod message;

use keyfall_core::{AssetId, Event, HealthReport, Record, Verdict, World};

pub use message::result_text;

use crate::layout::{Band, Cast, Face, Layout, num, text_width};
use crate::scene::{El, Node, Selection, el, maybe, text};
use crate::view::{CallView, placed_ties};

/// Everything one picture of the stage is drawn from.
#[derive(Debug, Clone, Copy)]
pub struct Frame<'a> {
    pub world: &'a World,
    /// The cast's layout (`arrange`), with the actors the world holds now only (see
    /// [`present`]).
    pub layout: &'a Layout,
    pub health: &'a HealthReport,
    /// Asset ids (`key:kv/kek`) the current step purged (see [`purged_by`]).
    pub purged: &'a [AssetId],
    pub calls: &'a [CallView],
    /// How many calls have started; the last of them is drawn travelling, the earlier ones
    /// faded and numbered.
    pub shown: usize,
    pub selected: Option<&'a Selection>,
    /// Nothing to play yet: say how to start.
    pub hint: bool,
    /// Changes with every world: keys the travelling message and the purge note, so the app
    /// replaces them (and their animation starts again) rather than patching them.
    pub generation: u64,
    pub message_ms: u32,
}

/// The planned places of the actors `world` holds now: calls route around these only.
pub fn present(planned: &Layout, world: &World) -> Layout {
    let present = Cast::of(world);
    Layout {
        actors: planned
            .actors
            .iter()
            .filter(|a| present.has(&a.name))
            .cloned()
            .collect(),
        ..planned.clone()
    }
}

/// The objects `records` purged: by a `purge` call, or by retention ending during `sim advance`.
pub fn purged_by(records: &[Record]) -> Vec<AssetId> {
    records
        .iter()
        .flat_map(|r| &r.events)
        .filter_map(|e| match e {
            Event::State { object, change, .. } if change.starts_with("purged") => {
                Some(object.clone())
            }
            _ => None,
        })
        .collect()
}

/// The icon that goes with each verdict (never colour alone).
pub fn verdict_icon(v: Verdict) -> &'static str {
    match v {
        Verdict::Ok => "✓",
        Verdict::AtRisk => "⚠",
        Verdict::Broken => "✗",
        Verdict::Lost => "☠",
    }
}

const HINT: &str = "Pick a lesson, or type a command below";

/// The stage as an `<svg>` element (without the namespace and size a standalone file adds).
pub fn stage(f: &Frame<'_>) -> El {
    let lay = f.layout;
    let active = f
        .shown
        .checked_sub(1)
        .and_then(|i| f.calls.get(i).map(|c| (i, c)));
    let role_of = |name: &str| -> &'static str {
        let Some((_, c)) = active else {
            return "";
        };
        let hit = |who: &str| lay.find(who).is_some_and(|a| a.name == name);
        if hit(&c.caller) {
            "speaking"
        } else if hit(&c.callee) {
            "listening"
        } else {
            ""
        }
    };
    let show_sub = lay.show_subscriptions;
    let actors = lay.actors.iter().filter_map(|a| {
        let ctx = actors::Ctx {
            f,
            placed: a,
            role: role_of(&a.name),
            show_subscription: show_sub,
        };
        ctx.draw().map(|e| Node::El(e.key(a.name.clone())))
    });
    let band_class = |b: &Band| {
        if b.geography {
            "band geography"
        } else {
            "band"
        }
    };
    let bands = lay.bands.iter().map(|b| {
        el("g")
            .class(band_class(b))
            .attr("aria-hidden", "true")
            .child(
                el("rect")
                    .attr("x", num(b.x))
                    .attr("y", num(b.y))
                    .attr("width", num(b.w))
                    .attr("height", num(b.h))
                    .attr("rx", "22"),
            )
            .into()
    });
    // Titles go over the travelling message, haloed in the band's colour, so a lane that
    // crosses one passes under it instead of striking it through.
    let band_titles = lay.bands.iter().map(|b| {
        let (x, y) = b.title_at();
        let fitted = b.title();
        let tip = (fitted != b.label).then(|| b.label.clone());
        // A geography's title in capitals in the text itself (as the shelf titles): resvg
        // ignores CSS `text-transform`, and the SVG, the PNG and the page must agree.
        let title = if b.geography {
            fitted.to_uppercase()
        } else {
            fitted
        };
        el("g")
            .class(band_class(b))
            .attr("aria-hidden", "true")
            .child(
                el("text")
                    .class("band-title")
                    .attr("x", num(x))
                    .attr("y", num(y))
                    .title_opt(tip)
                    .child(text(title)),
            )
            .into()
    });
    let numbered = f.calls.len() > 1;
    let travelling = active.and_then(|(i, c)| {
        let from = lay.find(&c.caller)?;
        let to = lay.find(&c.callee)?;
        let key = format!("{}-{i}", f.generation);
        let n = numbered.then_some(i + 1);
        Some(message::message(key, c, n, from, to, lay, f.message_ms))
    });
    // The step's earlier calls stay drawn, faded and numbered, so a boot's secret get and
    // unwrapKey are both on stage when its unlock fails.
    let past = active.map_or(0, |(i, _)| i);
    let calls = &f.calls[..past];
    let avoid = active.and_then(|(i, c)| {
        let from = lay.find(&c.caller)?;
        let to = lay.find(&c.callee)?;
        Some(message::label_box(
            c,
            numbered.then_some(i + 1),
            from,
            to,
            lay,
        ))
    });
    let (earlier_lanes, earlier_numbers): (Vec<Node>, Vec<Node>) = calls
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
            let (lane, number) = message::past_message(i + 1, c, from, to, lay, along, avoid);
            Some((lane.into(), number.into()))
        })
        .unzip();
    // What depends on what, as the world holds it now: disk → BEK secret → KEK version,
    // DES → key version; red and dashed once a delete or disable breaks one.
    let ties = placed_ties(f.world, lay).into_iter().map(|(t, d)| {
        let class = format!("tie {}{}", t.kind, if t.broken { " broken" } else { "" });
        el("path")
            .class(class)
            .attr("d", d)
            .attr("data-tie", t.kind)
            .attr("data-broken", t.broken.to_string())
            .child(el("title").child(text(t.title)))
            .into()
    });
    let (vx, vy, mut vw, mut vh) = lay.view_box();
    let mut vx = vx;
    // The hint sits under the boxes, inside the drawing: the viewBox grows to hold it.
    if f.hint {
        let w = text_width(HINT, 26.0, Face::Sans) + 32.0;
        if w > vw {
            vx -= (w - vw) / 2.0;
            vw = w;
        }
        vh += 64.0;
    }
    let view_box = format!("{} {} {} {}", num(vx), num(vy), num(vw), num(vh));
    let svg = el("svg")
        .class("stage")
        .attr("data-testid", "stage")
        .attr("viewBox", view_box)
        .attr("preserveAspectRatio", "xMidYMid meet")
        .attr("data-calls", f.calls.len().to_string())
        .attr("role", "group")
        .attr(
            "aria-label",
            "Stage: the simulated Azure resources and the calls between them",
        )
        .children(bands)
        .child(el("g").class("ties").children(ties))
        .children(actors)
        .child(el("g").class("earlier-calls").children(earlier_lanes));
    let hint = f.hint.then(|| {
        el("text")
            .class("stage-hint")
            .attr("x", num(lay.width / 2.0))
            .attr("y", num(lay.height + 50.0))
            .attr("text-anchor", "middle")
            .child(text(HINT))
    });
    svg.child(maybe(hint))
        .child(maybe(travelling))
        .child(el("g").class("earlier-calls").children(earlier_numbers))
        .children(band_titles)
}

/// The stage of `f` with the call travelling now caught at `t` (0 to 1) of its way: its pulse a
/// disc on its lane, its end mark not arrived yet. For pictures that cannot play the stage's CSS
/// animation (the CLI's GIF); with no call travelling, the stage as [`stage`] draws it.
pub fn stage_at(f: &Frame<'_>, t: f64) -> El {
    let mut svg = stage(f);
    let lay = f.layout;
    let pulse = f
        .shown
        .checked_sub(1)
        .and_then(|i| f.calls.get(i).map(|c| (i, c)))
        .and_then(|(i, c)| {
            let from = lay.find(&c.caller)?;
            let to = lay.find(&c.callee)?;
            let n = (f.calls.len() > 1).then_some(i + 1);
            Some(message::pulse(c, n, from, to, lay, t))
        });
    if let (Some(pulse), Some(m)) = (pulse, travelling_mut(&mut svg.children)) {
        m.children.retain(|n| match n {
            Node::El(e) => e.get("class") != Some("end-mark"),
            _ => true,
        });
        // Where the app's comet is: under the label, as the app draws it.
        let at = m
            .children
            .iter()
            .position(|n| matches!(n, Node::El(e) if e.get("class") == Some("comet")))
            .map_or(m.children.len(), |i| i + 1);
        m.children.insert(at, pulse.into());
    }
    svg
}

/// The travelling message's group among `nodes`.
fn travelling_mut(nodes: &mut [Node]) -> Option<&mut El> {
    nodes.iter_mut().find_map(|n| match n {
        Node::El(e) if e.get("data-message").is_some() => Some(e),
        Node::List(items) => travelling_mut(items),
        _ => None,
    })
}

/// A rect at the origin of its group, `w` by `h` with corners of `rx` (a badge, a chip, a tag,
/// a call's label).
fn sized_rect(w: impl Into<String>, h: impl Into<String>, rx: &str) -> El {
    el("rect").attr("width", w).attr("height", h).attr("rx", rx)
}

/// A circle; an empty `class` is left out.
fn circle(class: &str, cx: &str, cy: &str, r: &str) -> El {
    el("circle")
        .attr_opt("class", (!class.is_empty()).then(|| class.to_owned()))
        .attr("cx", cx)
        .attr("cy", cy)
        .attr("r", r)
}

/// A text at `(x, y)` fitted to `room` stage units: whole, or shortened with an ellipsis and the
/// whole text in its tooltip, so no label spills out of its box. An empty `class` is left out.
pub(crate) fn fitted_text(
    class: &str,
    x: f64,
    y: f64,
    whole: &str,
    room: f64,
    px: f64,
    face: Face,
) -> El {
    let (shown, cut) = crate::layout::fit(whole, room, px, face);
    el("text")
        .attr_opt("class", (!class.is_empty()).then(|| class.to_owned()))
        .attr("x", num(x))
        .attr("y", num(y))
        .title_opt(cut.then(|| whole.to_owned()))
        .child(text(shown))
}
