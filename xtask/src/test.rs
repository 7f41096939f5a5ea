//! `cargo xtask test`: set up, then every check from cheapest to dearest, stopping at the first
//! failure, with one summary line at the end that says what passed or what broke.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::util::{self, Error, Result, Workspace, human};
use crate::{postbuild, setup};

/// One check: a name for the summary, the command that performs it, and work in Rust to do
/// once the command succeeded.
struct Check {
    name: &'static str,
    command: fn(&Workspace) -> Result<Command>,
    then: Option<fn(&Workspace) -> Result<()>>,
}

/// In order: fast static checks first, so a formatting slip fails in seconds, not minutes.
const CHECKS: &[Check] = &[
    Check {
        name: "rustfmt",
        command: |ws| Ok(cargo(ws, &["fmt", "--all", "--check"])),
        then: None,
    },
    Check {
        name: "clippy native",
        command: |ws| {
            Ok(cargo(
                ws,
                &[
                    "clippy",
                    "--workspace",
                    "--exclude",
                    "empty-yew",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ],
            ))
        },
        then: None,
    },
    Check {
        name: "clippy wasm32",
        command: |ws| {
            Ok(cargo(
                ws,
                &[
                    "clippy",
                    "-p",
                    "keyfall-web",
                    "-p",
                    "empty-yew",
                    "--target",
                    "wasm32-unknown-unknown",
                    "--all-targets",
                    // The bench's in-page entry points build only with this feature.
                    "--all-features",
                    "--",
                    "-D",
                    "warnings",
                ],
            ))
        },
        then: None,
    },
    // keyfall-web's pure half (reducer, session, layout) builds natively and is tested here;
    // its browser half is wasm32-only and tested in the next check.
    Check {
        name: "native tests",
        command: |ws| {
            Ok(cargo(
                ws,
                &["test", "--workspace", "--exclude", "empty-yew"],
            ))
        },
        then: None,
    },
    Check {
        name: "wasm tests in headless Chromium",
        command: |ws| {
            let mut c = cargo(
                ws,
                &[
                    "test",
                    "-p",
                    "keyfall-web",
                    "--target",
                    "wasm32-unknown-unknown",
                ],
            );
            // Name the driver rather than rely on PATH order: the runner picks the first
            // WebDriver it finds, and this is the one that matches /usr/bin/chromium.
            c.env("CHROMEDRIVER", "/usr/bin/chromedriver");
            Ok(c)
        },
        then: None,
    },
    Check {
        name: "trunk build --release",
        command: |ws| Ok(ws.trunk_build(&[])),
        then: Some(|ws| {
            postbuild::finish(ws)?;
            postbuild::single_file(ws).map(|_| ())
        }),
    },
    Check {
        name: "end-to-end (Playwright)",
        command: e2e,
        then: None,
    },
];

pub fn run(ws: &Workspace) -> Result<()> {
    let started = Instant::now();
    setup::run(ws)?;
    let setup_time = started.elapsed();

    let total = CHECKS.len();
    let mut done: Vec<(&str, Duration)> = Vec::new();
    for (i, check) in CHECKS.iter().enumerate() {
        let mut cmd = (check.command)(ws)?;
        println!(
            "\n==> [{}/{total}] {}: {}",
            i + 1,
            check.name,
            util::describe(&cmd)
        );
        let t = Instant::now();
        let result = util::run(&mut cmd).and_then(|()| check.then.map_or(Ok(()), |then| then(ws)));
        let took = t.elapsed();
        if let Err(e) = result {
            print_table(setup_time, &done, Some((check.name, took)));
            return Err(Error::new(format!(
                "{e}\nkeyfall: check {}/{total} ({}) FAILED after {}; {} passed before it",
                i + 1,
                check.name,
                human(started.elapsed()),
                done.len()
            )));
        }
        done.push((check.name, took));
    }
    print_table(setup_time, &done, None);
    println!(
        "keyfall: all {total} checks passed in {}",
        human(started.elapsed())
    );
    Ok(())
}

fn cargo(ws: &Workspace, args: &[&str]) -> Command {
    let mut c = ws.cmd(&std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    c.args(args);
    c
}

/// `node --test` over web/e2e/*.test.mjs; the helper there serves dist/ and drives Chromium.
fn e2e(ws: &Workspace) -> Result<Command> {
    let dir = ws.web().join("e2e");
    let mut files: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    if files.is_empty() {
        return Err(Error::new(format!(
            "no *.test.mjs files in {}",
            dir.display()
        )));
    }
    files.sort();
    let mut c = ws.cmd("node");
    c.arg("--test")
        .args(files)
        .env("KEYFALL_DIST", ws.dist())
        .env("KEYFALL_SCREENSHOTS", ws.target().join("e2e"));
    Ok(c)
}

fn print_table(setup: Duration, done: &[(&str, Duration)], failed: Option<(&str, Duration)>) {
    println!("\n{:<34} {:>8}", "step", "time");
    println!("{:<34} {:>8}", "setup", human(setup));
    for (name, took) in done {
        println!("{:<34} {:>8}  ok", name, human(*took));
    }
    if let Some((name, took)) = failed {
        println!("{:<34} {:>8}  FAILED", name, human(took));
    }
}
