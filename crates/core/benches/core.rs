//! Criterion benches for DESIGN.md's native budgets, run by `cargo xtask bench`.
//!
//! - `command_health/<lesson>`: a lesson's last command applied to the world it ran on, plus the
//!   full health report: what the web app does at every step (budget: median under 1 ms). The
//!   same for the large world, with a key version disabled (no budget of its own; it shows how
//!   health scales).
//! - `what_if_matrix/large_world`: every destructive command against every object of the large
//!   world (budget: 16 ms in the browser).
//! - `parse_print/lessons`: parse every lesson and print each command back to its canonical line.
//!
//! Worlds are built once, outside the timed code; each iteration starts from a clone made in
//! criterion's untimed setup, so only the command and the report are measured.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use keyfall_core::{
    Command, LARGE_WORLD_SEED, Runner, World, builtin_lessons, large_world, parse_line,
    parse_scenario, scenario_commands,
};

/// A lesson's world just before its last command, and that command.
fn before_last(text: &str) -> (World, Command) {
    let scenario = parse_scenario(text).expect("built-in lessons parse");
    let commands = scenario_commands(&scenario, true).expect("built-in lessons parse");
    let last = commands
        .iter()
        .rposition(|(_, c)| !matches!(c, Command::Expect(_)))
        .expect("every lesson has commands");
    let mut runner = Runner::new(scenario.seed.unwrap_or(1));
    for (line, c) in &commands[..last] {
        runner.run(*line, c);
    }
    (runner.world().clone(), commands[last].1.clone())
}

/// One command on a fresh copy of `world`, then the whole health report: what each typed command
/// costs the page.
fn apply_then_health(b: &mut criterion::Bencher<'_>, world: &World, cmd: &Command) {
    b.iter_batched(
        || world.clone(),
        |mut w| {
            let _ = black_box(w.apply(cmd));
            black_box(w.health())
        },
        BatchSize::SmallInput,
    )
}

fn command_health(c: &mut Criterion) {
    let mut g = c.benchmark_group("command_health");
    for (file, text) in builtin_lessons() {
        let (world, cmd) = before_last(text);
        let name = file.trim_end_matches(".kf");
        g.bench_function(name, |b| apply_then_health(b, &world, &cmd));
    }
    let world = large_world(LARGE_WORLD_SEED);
    let cmd = parse_line(
        "az keyvault key set-attributes --vault-name kv-ade-we --name kek-vm2 --version @1 --enabled false",
    )
    .expect("parses")
    .expect("a command");
    g.bench_function("large_world", |b| apply_then_health(b, &world, &cmd));
    g.finish();
}

fn what_if_matrix(c: &mut Criterion) {
    let world = large_world(LARGE_WORLD_SEED);
    let mut g = c.benchmark_group("what_if_matrix");
    g.sample_size(10);
    g.bench_function("large_world", |b| {
        b.iter(|| black_box(world.what_if_matrix()))
    });
    g.finish();
}

fn parse_print(c: &mut Criterion) {
    let lessons = builtin_lessons();
    let mut g = c.benchmark_group("parse_print");
    g.bench_function("lessons", |b| {
        b.iter(|| {
            let mut bytes = 0;
            for (_, text) in &lessons {
                let scenario = parse_scenario(black_box(text)).expect("parses");
                for (_, cmd) in scenario_commands(&scenario, true).expect("parses") {
                    bytes += cmd.to_string().len();
                }
            }
            black_box(bytes)
        })
    });
    g.finish();
}

criterion_group!(benches, command_health, what_if_matrix, parse_print);
criterion_main!(benches);
