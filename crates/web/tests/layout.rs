//! The stage layout: pure, so tested natively with `cargo test`.
// Pure logic: runs natively (`cargo test -p keyfall-web`), not in the browser.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

mod common;

use common::world_of;
use keyfall_core::World;
use keyfall_web::layout::{Cast, Face, Layout, MIN_FONT, arrange, fit, layout, text_width};
use keyfall_web::state::{Action, State};

#[test]
fn boxes_never_overlap_and_regions_are_bands() {
    let w = world_of(
        1,
        &[
            "az keyvault create --name kv --resource-group rg --location westeurope --enable-rbac-authorization false",
            "az vm create --name vm1 --resource-group rg --location westeurope --image Ubuntu2204",
            "az vm create --name vm2 --resource-group rg --location eastus --image Ubuntu2204",
            "az vm create --name vm3 --resource-group rg --location eastus --image Ubuntu2204",
            "az backup vault create --name rsv --resource-group rg --location westeurope",
        ],
    );
    let l = layout(&w);
    for (i, a) in l.actors.iter().enumerate() {
        for b in &l.actors[i + 1..] {
            let apart =
                a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
            assert!(apart, "{} overlaps {}", a.name, b.name);
        }
    }
    // Two regions in two geographies: each region an area, inside its geography's area.
    assert_eq!(l.bands.iter().filter(|b| !b.geography).count(), 2);
    assert_eq!(l.bands.iter().filter(|b| b.geography).count(), 2);
    assert!(l.find("vm1/ade-extension").is_some_and(|a| a.name == "vm1"));
    assert!(l.find("azure-backup").is_some());
    assert!(l.find("platform-compute").is_none());
}

/// A world with `vms` VMs in westeurope and, when `two_regions`, a vault and VM in eastus too.
fn world_with(vms: usize, two_regions: bool) -> World {
    let mut lines = vec![
        "az keyvault create --name kv-ade --resource-group rg --location westeurope --enable-rbac-authorization false".to_owned(),
        "az keyvault key create --vault-name kv-ade --name kek".to_owned(),
        "az backup vault create --name rsv --resource-group rg --location westeurope".to_owned(),
    ];
    for i in 1..=vms {
        lines.push(format!(
            "az vm create --name vm{i} --resource-group rg --location westeurope --image Ubuntu2204"
        ));
    }
    if two_regions {
        lines.push(
            "az keyvault create --name kv-us --resource-group rg --location eastus --enable-rbac-authorization false".to_owned(),
        );
        lines.push(
            "az vm create --name vm-us --resource-group rg --location eastus --image Ubuntu2204"
                .to_owned(),
        );
    }
    world_of(7, &lines)
}

fn inside(outer: (f64, f64, f64, f64), x: f64, y: f64, w: f64, h: f64) -> bool {
    let (ox, oy, ow, oh) = outer;
    x >= ox && y >= oy && x + w <= ox + ow && y + h <= oy + oh
}

/// Issue 5, stage: readable with 1 VM or 6, regions as areas, nothing off the drawing, and calls
/// routed around the boxes they do not concern.
#[test]
fn one_three_six_vms_and_two_regions_fit_without_overlap() {
    for (vms, two) in [(1, false), (3, false), (6, false), (6, true), (1, true)] {
        let w = world_with(vms, two);
        let l = layout(&w);
        let vb = l.view_box();
        assert_eq!(
            l.actors.iter().filter(|a| a.name.starts_with("vm")).count(),
            vms + usize::from(two),
            "{vms} VMs"
        );
        for (i, a) in l.actors.iter().enumerate() {
            assert!(
                inside(vb, a.x, a.y, a.w, a.h),
                "{} is outside the viewBox",
                a.name
            );
            for b in &l.actors[i + 1..] {
                let apart =
                    a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
                assert!(apart, "{vms} VMs: {} overlaps {}", a.name, b.name);
            }
        }
        for b in &l.bands {
            assert!(
                inside(vb, b.x, b.y, b.w, b.h),
                "area {} is outside",
                b.label
            );
        }
        // Every box of a region lies in that region's area.
        let regions: Vec<_> = l.bands.iter().filter(|b| !b.geography).collect();
        assert_eq!(regions.len(), if two { 2 } else { 1 });
        for a in l.actors.iter().filter(|a| a.y > 100.0) {
            assert!(
                regions
                    .iter()
                    .any(|b| inside((b.x, b.y, b.w, b.h), a.x, a.y, a.w, a.h)),
                "{} is in no region",
                a.name
            );
        }
        // Six VMs wrap into a grid instead of one tall column.
        if vms == 6 {
            let rows: std::collections::BTreeSet<i64> = l
                .actors
                .iter()
                .filter(|a| a.name.starts_with("vm") && a.name != "vm-us")
                .map(|a| a.y as i64)
                .collect();
            assert!(rows.len() < 6, "6 VMs in {} rows", rows.len());
        }
        // Calls from the top row to every vault, and from a VM to its vault: labels stay in the
        // viewBox and no path passes through a box it does not connect.
        let platform = l
            .find("platform-ade")
            .expect("platform-ade is always drawn");
        for to in l.actors.iter().filter(|a| a.name.starts_with("kv")) {
            for from in [platform, l.find("vm1").expect("vm1 exists")] {
                let r = l.route(from, to, 300.0, 64.0);
                assert!(inside(vb, r.label.x, r.label.y, r.label.w, r.label.h));
                for other in l
                    .actors
                    .iter()
                    .filter(|a| a.name != from.name && a.name != to.name)
                {
                    let crosses = r.points.iter().any(|&(x, y)| {
                        x > other.x && x < other.x + other.w && y > other.y && y < other.y + other.h
                    });
                    assert!(
                        !crosses,
                        "{} -> {} crosses {}",
                        from.name, to.name, other.name
                    );
                }
            }
        }
    }
}

/// The stage's size in CSS pixels in presenter mode at 1280x720 (web/styles/app.css keeps it
/// fixed while captions change); legible.test.mjs measures the real thing in Chromium.
const PRESENTER_STAGE: (f64, f64) = (960.0, 470.0);

/// Every built-in lesson with its state at the start, and its steps.
fn lessons() -> Vec<(String, State)> {
    keyfall_core::lesson_titles()
        .iter()
        .map(|(id, _)| {
            let s = Rc::new(State::new(1)).reduce(Action::OpenLesson((*id).to_owned()));
            ((*id).to_owned(), (*s).clone())
        })
        .collect()
}

/// Issue 17: a lesson is laid out once from every actor it will show, so stepping through it
/// moves nothing, and the drawing is small enough that its smallest text is 14 px on a
/// 1280x720 projector in presenter mode.
#[test]
fn every_lesson_is_laid_out_once_and_reads_at_14px_in_presenter_mode() {
    for (id, start) in lessons() {
        let lay = arrange(&start.play.cast);
        let (_, _, vw, vh) = lay.view_box();
        let scale = (PRESENTER_STAGE.0 / vw).min(PRESENTER_STAGE.1 / vh);
        println!(
            "lesson {id}: {} actors, {vw:.0} x {vh:.0} units, scale {scale:.2}, smallest text {:.1} px",
            lay.actors.len(),
            MIN_FONT * scale
        );
        // Issue 17 asks for 14 px; the browser draws the presenter stage a little larger than
        // `PRESENTER_STAGE` (legible.test.mjs measures it), so this bound is the requirement itself.
        assert!(
            MIN_FONT * scale >= 14.0,
            "lesson {id}: smallest stage text {:.1} px ({vw:.0} x {vh:.0} units)",
            MIN_FONT * scale
        );
        let mut state = Rc::new(start);
        let steps = state.steps().len();
        for step in 1..=steps {
            state = state.reduce(Action::StepNext);
            // Every actor on stage was planned before the lesson started: the cast is the same.
            assert_eq!(
                arrange(&state.play.cast),
                lay,
                "lesson {id}: the stage changed at step {step}"
            );
            for a in &lay.actors {
                let (x, y, w, h) = lay.view_box();
                assert!(
                    inside((x, y, w, h), a.x, a.y, a.w, a.h),
                    "lesson {id}: {} is off the stage",
                    a.name
                );
            }
        }
    }
}

/// Stepping back to the start keeps the planned layout: actors not created yet keep their
/// places empty rather than letting the others move up.
#[test]
fn stepping_back_keeps_the_lesson_layout() {
    let mut state = Rc::new(State::new(1)).reduce(Action::OpenLesson("01".to_owned()));
    let planned = arrange(&state.play.cast);
    for _ in 0..4 {
        state = state.reduce(Action::StepNext);
    }
    state = state.reduce(Action::Seek(0));
    assert_eq!(arrange(&state.play.cast), planned);
    assert!(planned.find("vm-three").is_some());
    assert!(!Cast::of(state.play.world()).has("vm-three"));
}

/// Free play: a new actor makes the stage grow; the callers and the VMs already there keep
/// their places (the top row is not spread over the width and the regions stay at the left, so
/// what is added goes to the right), and every box keeps its size.
#[test]
fn free_play_grows_the_cast_without_moving_the_top_row() {
    let mut state = Rc::new(State::new(1));
    for line in [
        "az ad sp create-for-rbac --name ade-app",
        "az keyvault create --name kv --resource-group rg --location westeurope --enable-rbac-authorization false",
        "az vm create --name vm1 --resource-group rg --location westeurope --image Ubuntu2204",
    ] {
        state = state.reduce(Action::Submit(line.to_owned()));
    }
    let before = arrange(&state.play.cast);
    state = state.reduce(Action::Submit(
        "az vm create --name vm2 --resource-group rg --location westeurope --image Ubuntu2204"
            .to_owned(),
    ));
    let after = arrange(&state.play.cast);
    assert!(before.find("vm2").is_none() && after.find("vm2").is_some());
    for name in ["admin", "ade-app", "platform-ade", "vm1"] {
        let at = |l: &Layout| l.find(name).map(|a| (a.x, a.y, a.w, a.h));
        assert_eq!(at(&before), at(&after), "{name} moved");
    }
    let kv = |l: &Layout| l.find("kv").map(|a| (a.w, a.h));
    assert_eq!(kv(&before), kv(&after));
}

#[test]
fn long_labels_are_shortened_to_fit() {
    let (short, cut) = fit("platform-compute", 120.0, 18.0, Face::Bold);
    assert!(cut && short.ends_with('…'), "{short}");
    assert!(text_width(&short, 18.0, Face::Bold) <= 120.0);
    assert_eq!(
        fit("vm1", 120.0, 18.0, Face::Bold),
        ("vm1".to_owned(), false)
    );
}
