//! A call travelling from caller to callee along a route that avoids other boxes: the lane
//! appears, a bright pulse runs along it (CSS animation of the dash offset; with
//! `prefers-reduced-motion` nothing travels, the lane and its end mark are simply shown), and a
//! label gives the operation, the object version and the result in words and icons. Allowed and
//! refused calls differ in line style and icon too, never in colour alone.

use super::{circle, sized_rect};
use crate::layout::{Face, Layout, Placed, Rect, Route, num, text_width, translate};
use crate::scene::{El, el, text};
use crate::view::CallView;

/// The result as the label's second line.
pub fn result_text(c: &CallView) -> String {
    if c.allowed {
        format!("✓ {} allowed", c.status)
    } else if let Some(m) = &c.missing {
        format!("✗ {} denied · missing {m}", c.status)
    } else {
        let code = c.code.as_deref().unwrap_or("failed");
        // A failed long-running operation has no HTTP error status to show.
        match c.status {
            0 => format!("✗ {code}"),
            status => format!("✗ {status} {code}"),
        }
    }
}

/// Label size from its text, at the sizes stage.css gives the two lines.
fn label_size(op: &str, res: &str) -> (f64, f64) {
    let w = text_width(op, 20.0, Face::Mono).max(text_width(res, 18.0, Face::Bold));
    (w + 28.0, 58.0)
}

/// The label's two lines and the route of call `c` (the `number`-th of its step).
fn placed_label(
    c: &CallView,
    number: Option<usize>,
    from: &Placed,
    to: &Placed,
    layout: &Layout,
) -> (String, String, Route) {
    let op_line = match number {
        Some(n) => format!("{n}. {} {}", c.operation, c.target),
        None => format!("{} {}", c.operation, c.target),
    };
    let res_line = result_text(c);
    let (lw, lh) = label_size(&op_line, &res_line);
    let route = layout.route(from, to, lw, lh);
    (op_line, res_line, route)
}

/// Where the label of the call travelling now stands, for the earlier calls' numbers to keep
/// clear of.
pub fn label_box(
    c: &CallView,
    number: Option<usize>,
    from: &Placed,
    to: &Placed,
    layout: &Layout,
) -> Rect {
    placed_label(c, number, from, to, layout).2.label
}

fn result_class(c: &CallView) -> &'static str {
    if c.allowed { "allow" } else { "deny" }
}

/// The call `c` from `from` to `to`, routed clear of the other boxes of `layout`, travelling for
/// `ms`. `key` is new for every call, so the app replaces the element rather than patching it,
/// and the CSS animation starts again.
pub fn message(
    key: String,
    c: &CallView,
    number: Option<usize>,
    from: &Placed,
    to: &Placed,
    layout: &Layout,
    ms: u32,
) -> El {
    let result = result_class(c);
    let (op_line, res_line, route) = placed_label(c, number, from, to, layout);
    let (lw, lh) = (route.label.w, route.label.h);
    let (ex, ey) = end_mark_at(&route.points, to).unwrap_or(route.end);
    let (sx, sy) = route.start;
    let aria = format!("{} to {}: {}; {}", c.caller, c.callee, op_line, res_line);
    let l = route.label;
    let lane = |class: &str| el("path").class(class).attr("d", route.d.clone());
    el("g")
        .key(key)
        .class(format!("message {result}"))
        .attr("data-message", "")
        .attr("data-op", c.operation.clone())
        .attr("data-result", result)
        .attr("data-status", c.status.to_string())
        .attr("role", "img")
        .attr("aria-label", aria)
        .attr("style", format!("--travel: {ms}ms"))
        .child(lane("lane-halo"))
        .child(lane("lane").attr("pathLength", "100"))
        .child(lane("comet").attr("pathLength", "100"))
        .child(circle("start-mark", &num(sx), &num(sy), "7"))
        .child(
            el("g")
                .class("end-mark")
                .attr("transform", translate(ex, ey))
                .child(
                    el("g")
                        .class("pop")
                        .child(el("circle").attr("r", "17"))
                        .child(
                            el("text")
                                .attr("y", "7")
                                .attr("text-anchor", "middle")
                                .child(text(if c.allowed { "✓" } else { "✗" })),
                        ),
                ),
        )
        .child(
            el("g")
                .class("message-label")
                .attr("transform", translate(l.x, l.y))
                .child(sized_rect(num(lw), num(lh), "10"))
                .child(
                    el("text")
                        .class("op")
                        .attr("x", "14")
                        .attr("y", "25")
                        .child(text(op_line)),
                )
                .child(
                    el("text")
                        .class("res")
                        .attr("x", "14")
                        .attr("y", "49")
                        .child(text(res_line)),
                ),
        )
}

/// The pulse of call `c` caught at `t` (0 to 1) of its way along its lane, measured along the
/// lane's length as the CSS animation runs it: a disc, for pictures that cannot play the
/// animation (the CLI's GIF draws a call's journey as a few such frames).
pub fn pulse(
    c: &CallView,
    number: Option<usize>,
    from: &Placed,
    to: &Placed,
    layout: &Layout,
    t: f64,
) -> El {
    let route = placed_label(c, number, from, to, layout).2;
    let (x, y) = along(&route.points, t).unwrap_or(route.start);
    circle("pulse", &num(x), &num(y), "10")
}

/// How far (across) the arrival mark's centre stands back from the side of the callee's box
/// where the lane meets it: the mark (a disc of 17 and its outline) then reaches 7 units into
/// the box, short of the 14 before a shelf row's name starts, so it never covers the name's
/// first letter ("✓ek" for "kek").
const END_MARK_BACK: f64 = 12.0;
// The mark (radius 17, outline 1.5) stays clear of the box's text, 14 units in.
const _: () = assert!(17.0 + 1.5 - END_MARK_BACK < 14.0);

/// Where the arrival mark goes on the lane through `points`, which ends on an edge of `to`. A
/// lane that ends on a side of the box has it moved back along the lane until it stands
/// [`END_MARK_BACK`] out from that side; one that ends on its top or bottom keeps it on the
/// edge, where the box's icon and its region's title leave it room (a mark moved up would sit
/// under the region's title).
fn end_mark_at(points: &[(f64, f64)], to: &Placed) -> Option<(f64, f64)> {
    let end = *points.last()?;
    let on_side = (end.0 - to.x).abs() < 0.5 || (end.0 - (to.x + to.w)).abs() < 0.5;
    let inside_height = end.1 > to.y + 0.5 && end.1 < to.y + to.h - 0.5;
    if !(on_side && inside_height) {
        return Some(end);
    }
    let before = points.iter().rev().find(|p| {
        let (dx, dy) = (end.0 - p.0, end.1 - p.1);
        dx * dx + dy * dy > 1.0
    })?;
    let (dx, dy) = (end.0 - before.0, end.1 - before.1);
    if dx.abs() < 1e-9 {
        return Some(end);
    }
    let back = END_MARK_BACK / dx.abs();
    Some((end.0 - dx * back, end.1 - dy * back))
}

/// The point at `t` (0 to 1) of the length of the line through `points`.
fn along(points: &[(f64, f64)], t: f64) -> Option<(f64, f64)> {
    let seg = |w: &[(f64, f64)]| ((w[1].0 - w[0].0).powi(2) + (w[1].1 - w[0].1).powi(2)).sqrt();
    let total: f64 = points.windows(2).map(seg).sum();
    let mut left = total * t.clamp(0.0, 1.0);
    for w in points.windows(2) {
        let len = seg(w);
        if left <= len && len > 0.0 {
            let k = left / len;
            return Some((
                w[0].0 + (w[1].0 - w[0].0) * k,
                w[0].1 + (w[1].1 - w[0].1) * k,
            ));
        }
        left -= len;
    }
    points.last().copied()
}

/// An earlier call of the step, `n`-th of it: its lane faded, dashed when it failed, and its
/// number in a disc on the lane, the whole label in the tooltip. No `data-message`: it is not
/// the call travelling now. `along` (0 to 1) says where on the lane the number goes.
pub fn past_message(
    n: usize,
    c: &CallView,
    from: &Placed,
    to: &Placed,
    layout: &Layout,
    along: f64,
    avoid: Option<Rect>,
) -> (El, El) {
    let result = result_class(c);
    let route = layout.route(from, to, 0.0, 0.0);
    // A call within one actor loops over the box's top edge, where a region's title may run:
    // its number goes on the loop's top, above the title.
    let along = if from.name == to.name { 0.5 } else { along };
    // From `along`, the first sample point clear of the travelling call's label, away from
    // both ends (the end marks sit there); on a lane too short for that, beside its start.
    let samples = route.points.len();
    let at = |f: f64| ((samples as f64 * f) as usize).min(samples);
    let (lo, start, hi) = (at(0.08), at(along).max(at(0.08)), at(0.8).max(at(0.08)));
    let clear = |p: &&(f64, f64)| avoid.is_none_or(|r| !r.grow(20.0).contains(**p));
    let (mx, my) = route.points[start.min(hi)..hi]
        .iter()
        .chain(route.points[lo..start.min(hi)].iter().rev())
        .find(clear)
        .copied()
        .unwrap_or((route.start.0 - 36.0, route.start.1 + 18.0));
    let tip = format!("{n}. {} {} · {}", c.operation, c.target, result_text(c));
    // The lane goes under the travelling call, the number over it (and clear of its label).
    let class = format!("past {result}");
    let lane = el("path")
        .class(format!("{class} past-lane"))
        .attr("d", route.d);
    let number = el("g")
        .class(class)
        .attr("data-past", n.to_string())
        .attr("data-op", c.operation.clone())
        .attr("transform", translate(mx, my))
        .child(el("title").child(text(tip)))
        .child(el("circle").attr("r", "16"))
        .child(
            el("text")
                .attr("y", "7")
                .attr("text-anchor", "middle")
                .child(text(n.to_string())),
        );
    (lane, number)
}

#[cfg(test)]
mod tests {
    use super::{END_MARK_BACK, along, end_mark_at};
    use crate::layout::{Kind, Placed};

    fn a_box() -> Placed {
        Placed {
            name: "kv".to_owned(),
            kind: Kind::Vault,
            x: 100.0,
            y: 40.0,
            w: 200.0,
            h: 300.0,
            key_rows: 1,
        }
    }

    #[test]
    fn the_end_mark_stands_back_from_the_side_it_arrives_at() {
        let kv = a_box();
        // Level into the left side (x = 100).
        let pts = [(0.0, 100.0), (50.0, 100.0), (100.0, 100.0)];
        assert_eq!(end_mark_at(&pts, &kv), Some((100.0 - END_MARK_BACK, 100.0)));
        // At a slant into the left side: 12 out from it, on the lane.
        let (x, y) = end_mark_at(&[(0.0, 50.0), (100.0, 100.0)], &kv).expect("a point");
        assert!(
            (x - 88.0).abs() < 1e-9 && (y - 94.0).abs() < 1e-9,
            "{x} {y}"
        );
        assert_eq!(end_mark_at(&[], &kv), None);
    }

    #[test]
    fn the_end_mark_stays_on_a_top_edge_even_at_a_slant() {
        // Lesson 07: a lane from the top left arrives at the vault's top; moved back it would sit
        // under the region's title.
        let kv = a_box();
        let pts = [(0.0, 0.0), (160.0, 40.0)];
        assert_eq!(end_mark_at(&pts, &kv), Some((160.0, 40.0)));
    }

    #[test]
    fn along_measures_by_length_not_by_sample() {
        // Two short steps then a long one: a third of the length is inside the long one.
        let pts = [(0.0, 0.0), (1.0, 0.0), (2.0, 0.0), (12.0, 0.0)];
        assert_eq!(along(&pts, 0.0), Some((0.0, 0.0)));
        assert_eq!(along(&pts, 0.5), Some((6.0, 0.0)));
        assert_eq!(along(&pts, 1.0), Some((12.0, 0.0)));
        assert_eq!(along(&[], 0.5), None);
    }
}
