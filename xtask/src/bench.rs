//! `cargo xtask bench`: measurements against the budgets in DESIGN.md.
//!
//! Each section measures one thing and returns a table for people and a JSON object for tools;
//! all of them land in target/bench/report.json under their name. Later sections (criterion
//! benches of the core, page-load and what-if timings in headless Chromium) are new entries in
//! [`SECTIONS`].

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use crate::util::{self, Error, Result, Workspace};
use crate::{browser, native, postbuild, setup};

/// What one section measured.
pub struct Section {
    /// Human-readable, printed as is.
    pub table: String,
    /// One JSON value, stored under the section's name.
    pub json: String,
    /// Whether the measurement is inside its budget. A miss is marked in the table and listed
    /// at the end, but `bench` still succeeds: it reports, it does not gate.
    pub within_budget: bool,
}

/// What the sections measure: the built site (dist/ unless `--dist DIR`), the same site built
/// with the web crate's `bench` feature (the in-page entry points, which the shipped wasm leaves
/// out), the empty Yew app the page-load ratio compares with, and the workspace, for sections
/// that run tools.
pub struct Target {
    pub dist: PathBuf,
    pub bench_dist: PathBuf,
    pub empty_dist: PathBuf,
    pub ws: Workspace,
}

type Measure = fn(&Target) -> Result<Section>;

const SECTIONS: &[(&str, Measure)] = &[
    ("transfer_size", |t| transfer_sizes(&t.dist)),
    ("wasm_size_profile", native::wasm_profile),
    ("native", native::criterion),
    ("browser", browser::measure),
];

/// Total of html + js + wasm + css in dist/, gzip -9 (DESIGN.md, Budgets).
const TRANSFER_BUDGET_GZIP: u64 = 250_000;

/// The file kinds a browser downloads to start the app.
const KINDS: &[&str] = &["html", "js", "wasm", "css"];

pub fn run(ws: &Workspace, args: &[String]) -> Result<()> {
    // Measure what the source builds now, unless asked to measure an existing build (to
    // compare builds made with other settings: `trunk build --release --dist /tmp/x`).
    let mut build = true;
    let mut dist = ws.dist();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--no-build" => build = false,
            "--dist" => {
                let dir = args
                    .next()
                    .ok_or_else(|| Error::new("--dist needs a folder"))?;
                dist = ws.root.join(dir);
                build = false;
            }
            other => return Err(Error::new(format!("bench: unknown argument `{other}`"))),
        }
    }
    let empty_dist = ws.target().join("bench").join("empty-dist");
    let bench_dist = ws.target().join("bench").join("bench-dist");
    if build {
        setup::run(ws)?;
        // Exactly what `cargo xtask dist` ships: loader moved out, CSP, service worker.
        util::run(&mut ws.trunk_build(&[]))?;
        postbuild::finish(ws)?;
    }
    if build || !empty_dist.join("index.html").is_file() {
        build_empty_yew(ws, &empty_dist)?;
    }
    if build || !bench_dist.join("index.html").is_file() {
        build_bench_site(ws, &bench_dist)?;
    }
    let target = Target {
        dist,
        bench_dist,
        empty_dist,
        ws: Workspace::locate()?,
    };
    let mut json = String::from("{\n  \"sections\": {");
    let mut over = Vec::new();
    let mut failed = Vec::new();
    for (i, (name, measure)) in SECTIONS.iter().enumerate() {
        // One section that cannot measure (no Chromium, say) must not hide the others.
        let section = measure(&target).unwrap_or_else(|e| {
            failed.push(*name);
            Section {
                table: format!("\n{name}: FAILED TO MEASURE: {e}\n"),
                json: format!("{{\"error\": {}}}", json_string(&e.to_string())),
                within_budget: true,
            }
        });
        print!("{}", section.table);
        let sep = if i == 0 { "" } else { "," };
        let _ = write!(json, "{sep}\n    \"{name}\": {}", section.json);
        if !section.within_budget {
            over.push(*name);
        }
    }
    json.push_str("\n  }\n}\n");
    let dir = ws.target().join("bench");
    fs::create_dir_all(&dir)?;
    let report = dir.join("report.json");
    fs::write(&report, json)?;
    println!("\nwrote {}", report.display());
    if over.is_empty() {
        println!("budgets: all met");
    } else {
        println!(
            "budgets: MISSED in {} (see the rows marked OVER)",
            over.join(", ")
        );
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::new(format!(
            "could not measure: {}",
            failed.join(", ")
        )))
    }
}

/// The yardstick of the page-load ratio: an empty Yew app (xtask/empty-yew), built by the same
/// Trunk, release profile and wasm-opt level as Keyfall, into `dir` (never into dist/).
fn build_empty_yew(ws: &Workspace, dir: &Path) -> Result<()> {
    let mut trunk = ws.trunk();
    trunk
        .args(["build", "--release", "--dist"])
        .arg(dir)
        .arg(ws.root.join("xtask").join("empty-yew").join("index.html"));
    util::run(&mut trunk)
}

/// Keyfall with the `bench` feature, into `dir` (never into dist/): the page the in-page
/// measurements (`keyfallBench.whatIfMatrix()`) run in. Trunk's output as is: the measurements
/// need neither the service worker nor the externalized loader.
fn build_bench_site(ws: &Workspace, dir: &Path) -> Result<()> {
    let mut trunk = ws.trunk_build(&[]);
    trunk.args(["--features", "bench", "--dist"]).arg(dir);
    util::run(&mut trunk)
}

/// Raw and gzip -9 sizes of everything in `dist` a browser loads at start.
pub fn transfer_sizes(dist: &Path) -> Result<Section> {
    let mut files = Vec::new();
    collect(dist, &mut files)?;
    // What the app downloads to start; embed.js is a docs page's, measured by the browser section,
    // and the handouts are pages of their own, to print.
    let handouts = dist.join(crate::postbuild::HANDOUTS);
    files.retain(|p| {
        kind(p).is_some() && !p.ends_with(crate::postbuild::EMBED) && !p.starts_with(&handouts)
    });
    files.sort_by_key(|p| (KINDS.iter().position(|k| Some(*k) == kind(p)), p.clone()));
    if files.is_empty() {
        return Err(Error::new(format!(
            "no html/js/wasm/css files in {}; run `cargo xtask dist` first",
            dist.display()
        )));
    }

    let mut table = format!(
        "\ntransfer size of {}\n{:<44} {:>11} {:>11}\n",
        dist.display(),
        "file",
        "raw",
        "gzip -9"
    );
    let mut json_files = Vec::new();
    let (mut raw_total, mut gz_total) = (0, 0);
    for path in &files {
        let raw = fs::metadata(path)?.len();
        let gz = gzip9_len(path)?;
        raw_total += raw;
        gz_total += gz;
        let name = path
            .strip_prefix(dist)
            .unwrap_or(path)
            .display()
            .to_string();
        let _ = writeln!(
            table,
            "{name:<44} {:>11} {:>11}",
            thousands(raw),
            thousands(gz)
        );
        json_files.push(format!(
            "{{\"path\": {}, \"kind\": \"{}\", \"raw\": {raw}, \"gzip9\": {gz}}}",
            json_string(&name),
            kind(path).unwrap_or_default()
        ));
    }
    let within_budget = gz_total <= TRANSFER_BUDGET_GZIP;
    let _ = writeln!(
        table,
        "{:<44} {:>11} {:>11}\nbudget {} gzip -9: {} ({}% used)",
        "total",
        thousands(raw_total),
        thousands(gz_total),
        thousands(TRANSFER_BUDGET_GZIP),
        if within_budget { "ok" } else { "OVER BUDGET" },
        gz_total * 100 / TRANSFER_BUDGET_GZIP
    );
    let json = format!(
        "{{\n      \"files\": [\n        {}\n      ],\n      \"total\": {{\"raw\": {raw_total}, \"gzip9\": {gz_total}}},\n      \"budget_gzip9\": {TRANSFER_BUDGET_GZIP},\n      \"within_budget\": {within_budget}\n    }}",
        json_files.join(",\n        ")
    );
    Ok(Section {
        table,
        json,
        within_budget,
    })
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir).map_err(|e| Error::new(format!("{}: {e}", dir.display())))? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn kind(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?;
    KINDS.iter().copied().find(|k| *k == ext)
}

/// Size after `gzip -9 -n`, which is what a static host sends for a pre-compressed file.
/// (`-n` leaves out name and time stamp, so the size does not depend on them.)
fn gzip9_len(path: &Path) -> Result<u64> {
    let mut child = std::process::Command::new("gzip")
        .args(["-9", "-n", "-c"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| Error::new(format!("cannot run gzip: {e}")))?;
    let data = fs::read(path)?;
    // Feed stdin from a thread: gzip starts writing before it has read everything, and a
    // full stdout pipe would otherwise block both sides.
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| Error::new("gzip has no stdin"))?;
    let feeder = std::thread::spawn(move || stdin.write_all(&data));
    let out = child.wait_with_output()?;
    feeder
        .join()
        .map_err(|_| Error::new("gzip feeder thread panicked"))??;
    if !out.status.success() {
        return Err(Error::new(format!("gzip failed on {}", path.display())));
    }
    Ok(out.stdout.len() as u64)
}

pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(140_376), "140,376");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn escapes_json() {
        assert_eq!(json_string("a\"b\\c\n"), "\"a\\\"b\\\\c\\u000a\"");
    }

    #[test]
    fn gzip_shrinks_repetitive_data() {
        let dir = std::env::temp_dir().join(format!("xtask-gzip-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join("a.js");
        fs::write(&file, "keyfall ".repeat(10_000)).expect("write");
        let gz = gzip9_len(&file).expect("gzip runs");
        assert!(gz > 20 && gz < 1_000, "gzip -9 of 80 KB of repeats: {gz}");
        let _ = fs::remove_dir_all(&dir);
    }
}
