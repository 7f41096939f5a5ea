//! A still frame of a call on its way (`draw::stage_at`): its pulse a disc on its lane that
//! moves from the caller to the callee as `t` grows, its end mark not yet there. The CLI's GIF
//! is made of such frames.

use keyfall_stage::draw::{stage, stage_at};
use keyfall_stage::scene::{El, Node};
use keyfall_stage::shot::Shot;

mod common;
use common::lesson;

fn message(svg: El) -> El {
    Node::El(svg)
        .elements()
        .into_iter()
        .find(|e| e.get("data-message").is_some())
        .cloned()
        .expect("a call travels")
}

fn pulse_at(m: &El) -> Option<(f64, f64)> {
    let n = Node::El(m.clone());
    let p = n
        .elements()
        .into_iter()
        .find(|e| e.get("class") == Some("pulse"))?;
    let at = |a: &str| p.get(a).and_then(|v| v.parse::<f64>().ok());
    Some((at("cx")?, at("cy")?))
}

fn has_end_mark(m: &El) -> bool {
    Node::El(m.clone())
        .elements()
        .iter()
        .any(|e| e.get("class") == Some("end-mark"))
}

#[test]
fn the_pulse_moves_from_caller_to_callee_before_the_call_arrives() {
    // Lesson 03, step 2: the admin's `key get kek` to kv-ade.
    let s = lesson("03");
    let shot = Shot::take(&s, s.seed.unwrap_or(1), 2).expect("step 2");
    let f = shot.frame();
    let still = message(stage(&f));
    assert!(pulse_at(&still).is_none() && has_end_mark(&still));
    let start = still
        .children
        .iter()
        .find_map(|n| match n {
            Node::El(e) if e.get("class") == Some("start-mark") => Some((
                e.get("cx")?.parse::<f64>().ok()?,
                e.get("cy")?.parse::<f64>().ok()?,
            )),
            _ => None,
        })
        .expect("a start mark");
    let dist = |p: (f64, f64)| ((p.0 - start.0).powi(2) + (p.1 - start.1).powi(2)).sqrt();
    let mut last = -1.0;
    for t in [0.2, 0.4, 0.6, 0.8] {
        let m = message(stage_at(&f, t));
        assert!(!has_end_mark(&m), "t={t}: the call has not arrived yet");
        let p = pulse_at(&m).expect("the pulse is drawn");
        let d = dist(p);
        assert!(
            d > last,
            "t={t}: the pulse at {p:?} did not move on from {last}"
        );
        last = d;
    }
    // The same frame twice is the same picture.
    assert_eq!(stage_at(&f, 0.4), stage_at(&f, 0.4));
}
