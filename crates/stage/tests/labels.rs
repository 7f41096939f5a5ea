//! Every label fits its box: at the end of every step of every built-in lesson, no text on an
//! actor is estimated wider than the room its actor (and its badge, chip or tag) gives it, and
//! no region title runs past its band. A text that would not fit is shortened with an ellipsis
//! and carries its whole text in a tooltip; this test holds the drawing to that.

use keyfall_core::{builtin_lessons, parse_scenario};

mod common;
use keyfall_stage::draw::stage;
use keyfall_stage::layout::{BAND_FONT, Face, text_width};
use keyfall_stage::scene::{El, Node};
use keyfall_stage::shot::{Shot, steps};

/// The size and face stage.css gives a text, from its classes and its ancestors'.
fn font(classes: &[&str], own: &str, ancestors: &[String]) -> Option<(f64, Face)> {
    let has = |c: &str| ancestors.iter().any(|a| a.split(' ').any(|x| x == c));
    let is = |c: &str| classes.contains(&c);
    Some(match own {
        _ if is("screen-mark") => return None,
        _ if is("actor-name") && has("principal") => (18.0, Face::Bold),
        _ if is("actor-name") => (22.0, Face::Bold),
        _ if is("disk-name") && (has("vm-locked") || has("vm-dark")) => (18.0, Face::Bold),
        _ if is("shelf-title") => (18.0, Face::Caps),
        _ if is("object-name") && is("bek-name") => (18.0, Face::Sans),
        _ if is("object-name") => (18.0, Face::Mono),
        _ if is("vault-deleted") || is("purged-note") => (18.0, Face::Bold),
        _ if !classes.is_empty() => (18.0, Face::Sans),
        // Unclassed text takes its look from the badge, chip or tag around it.
        _ if has("rp") => (18.0, Face::Sans),
        _ if has("chip") => (18.0, Face::Mono),
        _ => (18.0, Face::Bold),
    })
}

fn translate(e: &El) -> (f64, f64) {
    let Some(t) = e.get("transform") else {
        return (0.0, 0.0);
    };
    let inner = t
        .strip_prefix("translate(")
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or("0 0");
    let mut it = inner.split(' ').map(|n| n.parse::<f64>().unwrap_or(0.0));
    (it.next().unwrap_or(0.0), it.next().unwrap_or(0.0))
}

fn num(e: &El, name: &str) -> Option<f64> {
    e.get(name).and_then(|v| v.parse().ok())
}

/// A box a text must stay inside: (left, right, what it is).
type Room = (f64, f64, String);

struct Walk<'a> {
    place: &'a str,
    failures: Vec<String>,
    checked: usize,
}

impl Walk<'_> {
    fn visit(&mut self, e: &El, origin: (f64, f64), rooms: &[Room], ancestors: &[String]) {
        let (dx, dy) = translate(e);
        let at = (origin.0 + dx, origin.1 + dy);
        let mut rooms = rooms.to_vec();
        let mut ancestors = ancestors.to_vec();
        if e.tag == "g" {
            // A group's box: its first rect without an offset (the actor's box, a badge, a chip).
            let rect = e.children.iter().find_map(|c| match c {
                Node::El(r) if r.tag == "rect" && r.get("x").is_none() => num(r, "width"),
                _ => None,
            });
            if let Some(w) = rect {
                let what = e
                    .get("data-actor")
                    .map(|a| format!("actor {a}"))
                    .unwrap_or_else(|| format!("`{}`", e.get("class").unwrap_or("")));
                rooms.push((at.0, at.0 + w, what));
            }
            ancestors.push(e.get("class").unwrap_or("").to_owned());
        }
        if e.tag == "text" {
            self.check_text(e, at, &rooms, &ancestors);
            return;
        }
        fn each<'a>(nodes: &'a [Node], out: &mut Vec<&'a El>) {
            for n in nodes {
                match n {
                    Node::El(e) => out.push(e),
                    Node::List(items) => each(items, out),
                    Node::Text(_) => {}
                }
            }
        }
        let mut children = Vec::new();
        each(&e.children, &mut children);
        for child in children {
            self.visit(child, at, &rooms, &ancestors);
        }
    }

    fn check_text(&mut self, e: &El, at: (f64, f64), rooms: &[Room], ancestors: &[String]) {
        // Only texts on actors: the calls' labels are sized from their text.
        if !ancestors.iter().any(|a| a.starts_with("actor")) {
            return;
        }
        let own = e.get("class").unwrap_or("");
        let classes: Vec<&str> = own.split(' ').filter(|c| !c.is_empty()).collect();
        let Some((px, face)) = font(&classes, own, ancestors) else {
            return;
        };
        let shown = Node::El(e.clone()).text();
        let w = text_width(&shown, px, face);
        let x = at.0 + num(e, "x").unwrap_or(0.0);
        let (left, right) = match e.get("text-anchor") {
            Some("middle") => (x - w / 2.0, x + w / 2.0),
            Some("end") => (x - w, x),
            _ => (x, x + w),
        };
        self.checked += 1;
        for (lo, hi, what) in rooms {
            if left < lo - 0.5 || right > hi + 0.5 {
                self.failures.push(format!(
                    "{}: \"{shown}\" ({left:.0}..{right:.0}) runs out of {what} ({lo:.0}..{hi:.0})",
                    self.place
                ));
            }
        }
    }
}

#[test]
fn no_label_is_wider_than_its_box_in_any_step_of_any_lesson() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (file, text) in builtin_lessons() {
        let lesson = parse_scenario(text).expect("the lesson parses");
        // A goal step runs nothing until the user plays it: walk the lesson once more with its
        // goal's reference solution typed, a step per line as the app makes them, so what it
        // creates on the way (lesson 11's disks) is held too.
        let typed = common::solution_typed(&lesson, usize::MAX);
        let runs = [Some((lesson, "")), typed.map(|s| (s, " (solution typed)"))];
        for (s, how) in runs.into_iter().flatten() {
            for step in 0..=steps(&s) {
                let shot = Shot::take(&s, s.seed.unwrap_or(1), step).expect("the step exists");
                let place = format!("{file}{how} step {step}");
                let svg = stage(&shot.frame());
                let mut walk = Walk {
                    place: &place,
                    failures: Vec::new(),
                    checked: 0,
                };
                walk.visit(&svg, (0.0, 0.0), &[], &[]);
                checked += walk.checked;
                failures.extend(walk.failures);
                for b in &shot.layout.bands {
                    let face = if b.geography { Face::Caps } else { Face::Bold };
                    let w = text_width(&b.title(), BAND_FONT, face);
                    if w > b.w - 28.0 {
                        failures.push(format!(
                            "{place}: band title \"{}\" is wider than its band",
                            b.title()
                        ));
                    }
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} labels checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The test above can fail: a name too long for its box, drawn unfitted, is caught.
#[test]
fn the_walk_catches_a_label_past_its_box() {
    use keyfall_stage::scene::{el, text};
    let actor = el("g")
        .class("actor vm")
        .attr("data-actor", "vm1")
        .attr("transform", "translate(10 10)")
        .child(el("rect").class("actor-box").attr("width", "100"))
        .child(
            el("text")
                .class("actor-name")
                .attr("x", "20")
                .child(text("a-name-far-too-long-for-it")),
        );
    let mut walk = Walk {
        place: "test",
        failures: Vec::new(),
        checked: 0,
    };
    walk.visit(&actor, (0.0, 0.0), &[], &[]);
    assert_eq!(walk.failures.len(), 1, "{:?}", walk.failures);
}
