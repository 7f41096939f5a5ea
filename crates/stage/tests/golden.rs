//! Golden pictures: the standalone SVG of a few lesson steps, byte for byte. A change to the
//! drawing, the layout, the styles or the simulation shows up here as a diff of the SVG.
//!
//! Each golden was reviewed by eye once (rendered to PNG with `keyfall render --png`) before it
//! was blessed. After an intended change, re-bless with
//! `KEYFALL_BLESS=1 cargo test -p keyfall-stage --test golden`, look at the new pictures, and
//! commit them with the change that explains them.

use std::path::PathBuf;

mod common;
use common::lesson;
use keyfall_stage::shot::{Shot, steps};
use keyfall_stage::standalone::{Theme, svg_document};

const BLESS: &str = "KEYFALL_BLESS";

fn picture(id: &str, step: Option<usize>, theme: Theme) -> String {
    let s = lesson(id);
    let step = step.unwrap_or_else(|| steps(&s));
    let shot = Shot::take(&s, s.seed.unwrap_or(1), step).expect("the step exists");
    svg_document(&shot.frame(), theme, None)
}

fn check(name: &str, svg: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format!("{name}.svg"));
    if std::env::var_os(BLESS).is_some() {
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("golden dir");
        std::fs::write(&path, svg).expect("write the golden");
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with {BLESS}=1 to write it, then review it",
            path.display()
        )
    });
    if want != svg {
        let got = path.with_extension("got.svg");
        let _ = std::fs::write(&got, svg);
        panic!(
            "{name}: the picture changed (new one in {}); if meant, re-bless with {BLESS}=1",
            got.display()
        );
    }
}

#[test]
fn lesson_01_step_1() {
    check("lesson-01-step-1", &picture("01", Some(1), Theme::Dark));
}

#[test]
fn lesson_03_step_2() {
    check("lesson-03-step-2", &picture("03", Some(2), Theme::Dark));
}

#[test]
fn lesson_03_step_2_light() {
    check(
        "lesson-03-step-2-light",
        &picture("03", Some(2), Theme::Light),
    );
}

#[test]
fn lesson_07_last_step() {
    check("lesson-07-last-step", &picture("07", None, Theme::Dark));
}

#[test]
fn the_same_step_draws_the_same_bytes() {
    let a = picture("05", Some(3), Theme::Light);
    let b = picture("05", Some(3), Theme::Light);
    assert_eq!(a, b);
    assert!(a.starts_with("<?xml"), "{}", &a[..40]);
}

#[test]
fn a_step_past_the_end_is_an_error_not_a_panic() {
    let s = lesson("03");
    let err = Shot::take(&s, 1, steps(&s) + 1).expect_err("past the end");
    assert!(err.contains("past the end"), "{err}");
}
