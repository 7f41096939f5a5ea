//! A challenge's estate is laid out as large as the built-in lessons' casts (issue 15): on the
//! presenter stage at 1280x720 (962x499 px, measured by web/e2e/challenge.test.mjs) the lessons'
//! smallest text is 14 px, and a challenge of every level draws no smaller: hard's third fault
//! shares a vault rather than adding one.

use keyfall_core::{Challenge, Level, Runner, builtin_lessons, parse_scenario};
use keyfall_stage::layout::{Cast, Face, Kind, Layout, MARGIN, VAULT_W, arrange, text_width};
use keyfall_stage::shot::run_step;

/// The presenter stage's width over its height at 1280x720.
const PRESENTER_ASPECT: f64 = 962.0 / 499.0;

/// The width, in stage units, the stage must show: the drawing is scaled to fit both ways.
fn shown_width(l: &Layout) -> f64 {
    (l.width + 2.0 * MARGIN).max((l.height + 2.0 * MARGIN) * PRESENTER_ASPECT)
}

fn lessons_widest() -> f64 {
    builtin_lessons()
        .into_iter()
        .map(|(_, text)| {
            let s = parse_scenario(text).expect("a lesson parses");
            let mut runner = Runner::new(s.seed.unwrap_or(1));
            let mut cast = Cast::of(runner.world());
            for step in &s.steps {
                run_step(&mut runner, step);
                cast.absorb(&Cast::of(runner.world()));
            }
            cast.planned = true;
            shown_width(&arrange(&cast))
        })
        .fold(0.0, f64::max)
}

#[test]
fn challenges_of_every_level_draw_as_large_as_the_lessons() {
    let bar = lessons_widest();
    for level in Level::ALL.iter().copied() {
        for seed in 0..40 {
            let c = Challenge::generate(seed, level).expect("a puzzle");
            let runner = c.runner().expect("its world");
            let mut cast = Cast::of(runner.world());
            cast.planned = true;
            let l = arrange(&cast);
            let w = shown_width(&l);
            assert!(
                w <= bar + 0.5,
                "challenge {seed} {level}: {:.0}x{:.0} needs {w:.0} units across, the lessons {bar:.0}",
                l.width,
                l.height
            );
            // Every vault's name is drawn whole, so the room can read it and type it: the
            // drawing writes it at 22 px bold from 60 units in, 14 from the right edge
            // (draw/actors.rs, `name_text`).
            for a in l.actors.iter().filter(|a| a.kind == Kind::Vault) {
                let w = text_width(&a.name, 22.0, Face::Bold);
                assert!(
                    w <= VAULT_W - 74.0,
                    "challenge {seed} {level}: {} is {w:.0} units wide, cut in its box",
                    a.name
                );
            }
            // Every fault's vault and victim is on the stage.
            for f in &c.faults {
                for name in [&f.vault, &f.victim] {
                    assert!(
                        l.actors.iter().any(|a| &a.name == name),
                        "{name} not placed"
                    );
                }
            }
        }
    }
}
