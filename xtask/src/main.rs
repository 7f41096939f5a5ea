//! `cargo xtask <task>`: the one way to set up, build, test, serve and measure Keyfall.
//!
//! Written in Rust with std only, so it needs nothing but the Rust toolchain to start and
//! compiles in a few seconds. If `cargo xtask test` passes locally, `.ci/run` passes in CI,
//! because CI runs exactly that.

mod bench;
mod browser;
mod html;
mod native;
mod postbuild;
mod setup;
mod test;
mod util;

use std::process::ExitCode;

use util::{Error, Result, Workspace};

const USAGE: &str = "\
usage: cargo xtask <task> [args]

tasks:
  setup               install what is missing (wasm32 target, trunk, wasm-bindgen-cli,
                      chromium + chromedriver, npm packages of web/), skip what is there
  serve [trunk args]  setup, build and serve the playground at http://127.0.0.1:8080
  test                setup, then every check in order; stops at the first failure
  dist [--single-file] [trunk args]
                      release build into dist/ (loader moved out for the CSP, service
                      worker written) and print its sizes, e.g.
                      `cargo xtask dist --public-url /keyfall/`; --single-file also writes
                      dist-single/keyfall.html, one file that runs from file://
  bench [--no-build | --dist DIR]
                      release build (and an empty Yew app into
                      target/bench/empty-dist), then measure (or measure DIR as
                      built): transfer size, wasm size profile, criterion, headless
                      Chromium; prints each figure next to its budget (misses are
                      marked, not fatal); writes target/bench/report.json
";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(task) = args.next() else {
        eprint!("{USAGE}");
        return ExitCode::FAILURE;
    };
    // `cargo xtask dist -- --public-url /x/` forwards the `--`; accept it with or without.
    let rest: Vec<String> = args.skip_while(|a| a == "--").collect();
    let result = Workspace::locate().and_then(|ws| match task.as_str() {
        "setup" => setup::run(&ws),
        "serve" => serve(&ws, &rest),
        "test" => test::run(&ws),
        "dist" => dist(&ws, &rest),
        "bench" => bench::run(&ws, &rest),
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(Error::new(format!("unknown task `{other}`\n\n{USAGE}"))),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Builds and serves with Trunk, which also rebuilds and reloads on every save. The build goes
/// to `target/serve`, not `dist/`: it carries Trunk's live-reload script and none of the
/// postbuild (CSP, service worker), so it must never be what someone deploys. Unminified
/// (Trunk.toml minifies release builds), so the styles read as written in the browser's tools.
fn serve(ws: &Workspace, extra: &[String]) -> Result<()> {
    setup::run(ws)?;
    println!("serving the playground at http://127.0.0.1:8080 (Ctrl-C stops)");
    let mut trunk = ws.trunk();
    trunk.args([
        "serve",
        "--release",
        "--minify=false",
        "--address",
        "127.0.0.1",
        "--port",
        "8080",
        "--dist",
    ]);
    trunk.arg(ws.target().join("serve"));
    trunk.args(extra);
    util::run(&mut trunk)
}

/// A release build into dist/, ready for any static host; extra args go to Trunk.
fn dist(ws: &Workspace, extra: &[String]) -> Result<()> {
    setup::run(ws)?;
    let single = extra.iter().any(|a| a == "--single-file");
    let extra: Vec<String> = extra
        .iter()
        .filter(|a| *a != "--single-file")
        .cloned()
        .collect();
    util::run(&mut ws.trunk_build(&extra))?;
    postbuild::finish(ws)?;
    if single {
        let path = postbuild::single_file(ws)?;
        let size = std::fs::metadata(&path)?.len();
        println!(
            "single file: {} ({size} bytes); open it as a file:// page",
            path.display()
        );
    }
    let sizes = bench::transfer_sizes(&ws.dist())?;
    print!("{}", sizes.table);
    Ok(())
}
