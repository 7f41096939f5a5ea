//! Principle 3: the same seed and commands give identical events, audit and ciphertexts, on
//! every machine and across refactors.
//!
//! Every built-in lesson (reference solutions included) and every rule script in `tests/rules/`
//! runs once; what it produced is written out as canonical text in six parts, and the SHA-256
//! of each part is compared with the digest checked in at `tests/determinism.golden`:
//!
//! - `records`: each command's line, printed command, result, code, status, message and output;
//! - `events`: every call and state change, through `Display` of its fields;
//! - `audit`: the audit log as JSON lines ([`AuditEntry::to_json_line`]);
//! - `activity`: the Activity log as JSON lines ([`ActivityEntry::to_json_line`]);
//! - `ciphertexts`: every VM's sealed disk sectors and every secret version's value (the wrapped
//!   BEKs), plus the names of the admin's backup files (their blobs are not public);
//! - `health`: the health report after each lesson step (after the whole rule script), with
//!   verdicts, checks, notes, causes and fixes.
//!
//! The text uses only what a user sees (`Display`, printed commands, JSON lines), never `Debug`,
//! addresses or hash-map order, so a refactor that keeps behaviour keeps the digests. Each run
//! also writes its parts to `target/tmp/determinism/`: run the test on two commits and `diff -r`
//! the copies to see what changed.
//!
//! After an intended change of behaviour, re-bless with
//! `KEYFALL_BLESS=1 cargo test -p keyfall-core --test determinism` and commit the golden file
//! with the change that explains it.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use keyfall_core::{
    Call, CallResult, Event, Record, Runner, builtin_lessons, parse_scenario, parse_script,
};
use sha2::{Digest, Sha256};

/// The environment variable that rewrites the golden file instead of comparing with it.
const BLESS: &str = "KEYFALL_BLESS";

/// Seed of every rule script (a lesson names its own).
const SCRIPT_SEED: u64 = 1;

/// The parts of one run, in the order the golden file lists them.
const PARTS: [&str; 6] = [
    "records",
    "events",
    "audit",
    "activity",
    "ciphertexts",
    "health",
];

fn golden_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/determinism.golden")
}

fn bless_command() -> String {
    format!("{BLESS}=1 cargo test -p keyfall-core --test determinism")
}

/// What one lesson or script produced: the canonical text of each part, and every step that did
/// not run as written.
struct Produced {
    /// `lessons/03-delete-the-kek.kf`, `rules/r17_boot_after_deallocate.kf`.
    name: String,
    /// `(part, text)` in the order of [`PARTS`].
    parts: Vec<(&'static str, String)>,
    unexpected: Vec<String>,
}

/// A lesson or script while it runs: the parts built as it goes.
#[derive(Default)]
struct Run {
    records: String,
    events: String,
    health: String,
    /// Commands that failed without a `sim expect error` after them, expectations that did not
    /// hold, lines that did not parse.
    unexpected: Vec<String>,
}

impl Run {
    /// Parses and runs one command line, recording it; a line that does not parse is unexpected.
    /// Runs a scenario's command line as the app does (`Runner::run_line`: shell variables,
    /// `$(...)`, az's `-o`/`--query`).
    fn command(
        &mut self,
        runner: &mut Runner,
        name: &str,
        cl: &keyfall_core::CommandLine,
    ) -> Vec<Record> {
        match runner.run_line(cl.line, cl.column, &cl.text) {
            Ok(records) => {
                for r in &records {
                    self.record(r);
                }
                records
            }
            Err(e) => {
                let line = cl.line;
                self.unexpected
                    .push(format!("{name}:{line}: does not parse: {e}"));
                Vec::new()
            }
        }
    }

    fn record(&mut self, r: &Record) {
        let out = &mut self.records;
        let code = r.code.as_deref().unwrap_or("-");
        let _ = writeln!(
            out,
            "{} {} | ok={} {code} {} | {}",
            r.line, r.command, r.ok, r.status, r.message
        );
        for l in &r.detail {
            let _ = writeln!(out, "  > {l}");
        }
        for e in &r.events {
            let _ = writeln!(self.events, "{}: {}", r.line, event_line(e));
        }
    }

    fn health(&mut self, runner: &Runner, at: &str) {
        let out = &mut self.health;
        let _ = writeln!(out, "after {at}:");
        for a in &runner.world().health().assets {
            let _ = writeln!(out, "  {} {}", a.asset, a.verdict);
            for (check, ok) in &a.checks {
                let _ = writeln!(out, "    check {check} = {ok}");
            }
            for n in &a.notes {
                let _ = writeln!(out, "    note {n}");
            }
            for c in &a.causes {
                let audit = c.audit.as_ref().map_or("-".to_owned(), |a| a.to_string());
                let _ = writeln!(out, "    cause {} | {audit}", c.call);
            }
            for f in &a.fixes {
                let _ = writeln!(out, "    fix {f}");
            }
        }
    }

    /// The records' verdicts, checked as the lesson runner and the CLI check them, and one step
    /// stricter: a command that fails must be followed by the `sim expect error` that expects it.
    fn check_outcomes(&mut self, name: &str, records: &[Record]) {
        for (i, r) in records.iter().enumerate() {
            if r.is_expectation() && !r.ok {
                self.unexpected
                    .push(format!("{name}:{}: {}: {}", r.line, r.command, r.message));
            } else if !r.is_expectation() && !r.ok {
                let expected = records.get(i + 1).is_some_and(|n| {
                    n.is_expectation() && n.command.starts_with("sim expect error")
                });
                if !expected {
                    self.unexpected.push(format!(
                        "{name}:{}: `{}` failed with {} ({}) and no `sim expect error` follows",
                        r.line,
                        r.command,
                        r.code.as_deref().unwrap_or("?"),
                        r.message
                    ));
                }
            }
        }
    }

    /// The canonical text of each part, the world's parts taken from `runner` at the end.
    fn finish(self, name: String, runner: &Runner) -> Produced {
        let w = runner.world();
        let mut audit = String::new();
        for a in w.audit() {
            let _ = writeln!(audit, "{}", a.to_json_line());
        }
        let mut activity = String::new();
        for a in w.activity() {
            let _ = writeln!(activity, "{}", a.to_json_line());
        }
        let mut sealed = String::new();
        let _ = writeln!(sealed, "now {}", w.now());
        for vm in w.vms() {
            let disk = vm.disk();
            let _ = writeln!(sealed, "vm {} disk {}", vm.name, disk.name);
            for s in disk.sectors() {
                let _ = writeln!(sealed, "  {}", hex(s));
            }
        }
        for v in w.vaults() {
            for (name, secret) in v.secrets.iter() {
                for sv in &secret.versions {
                    let _ = writeln!(
                        sealed,
                        "secret {}/{name}/{} = {}",
                        v.name,
                        sv.id,
                        sv.value()
                    );
                }
            }
        }
        for f in w.files() {
            let _ = writeln!(sealed, "file {f}");
        }
        let parts = vec![
            ("records", self.records),
            ("events", self.events),
            ("audit", audit),
            ("activity", activity),
            ("ciphertexts", sealed),
            ("health", self.health),
        ];
        debug_assert_eq!(parts.iter().map(|p| p.0).collect::<Vec<_>>(), PARTS);
        Produced {
            name,
            parts,
            unexpected: self.unexpected,
        }
    }
}

fn event_line(e: &Event) -> String {
    match e {
        Event::Call(Call {
            time,
            caller,
            callee,
            operation,
            object,
            version,
            result,
            status,
        }) => {
            let version = version.as_ref().map_or("-".to_owned(), |v| v.to_string());
            let result = match result {
                CallResult::Allow => "allow".to_owned(),
                CallResult::Deny(d) => format!("deny ({d})"),
                CallResult::Fail { code, status } => format!("fail {code} {status}"),
            };
            format!(
                "call {time} {caller} -> {callee} {operation} {object} @{version} {result} {status}"
            )
        }
        Event::State {
            time,
            object,
            change,
        } => format!("state {time} {object} {change}"),
        // A new kind of event: its `Debug` until it is given a line here (and a re-bless).
        other => format!("other {other:?}"),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Runs a built-in lesson with its reference solutions, the health taken after each step.
fn run_lesson(file: &str, text: &str) -> Produced {
    let scenario = parse_scenario(text).unwrap_or_else(|e| panic!("{file}:{e}"));
    let mut runner = Runner::new(scenario.seed.unwrap_or(1));
    let mut run = Run::default();
    let mut records = Vec::new();
    for (i, step) in scenario.steps.iter().enumerate() {
        for cl in &step.commands {
            records.extend(run.command(&mut runner, file, cl));
        }
        run.health(&runner, &format!("step {} ({})", i + 1, step.title));
    }
    run.check_outcomes(file, &records);
    run.finish(format!("lessons/{file}"), &runner)
}

/// Runs a rule script with [`SCRIPT_SEED`], the health taken at the end.
fn run_script(file: &str, text: &str) -> Produced {
    let mut runner = Runner::new(SCRIPT_SEED);
    let mut run = Run::default();
    let script = match parse_script(text) {
        Ok(s) => s,
        Err(e) => {
            run.unexpected.push(format!("{file}:{e}"));
            return run.finish(format!("rules/{file}"), &runner);
        }
    };
    let records: Vec<Record> = script
        .lines
        .iter()
        .map(|l| runner.run(l.line, &l.command))
        .collect();
    for r in &records {
        run.record(r);
    }
    run.health(&runner, "the script");
    run.check_outcomes(file, &records);
    run.finish(format!("rules/{file}"), &runner)
}

/// Every run: `(name, parts, unexpected outcomes)`, lessons in teaching order, then the rule
/// scripts by file name.
fn every_run() -> Vec<Produced> {
    let mut runs = Vec::new();
    for (file, text) in builtin_lessons() {
        runs.push(run_lesson(file, text));
    }
    for (file, text) in common::rule_scripts() {
        runs.push(run_script(&file, &text));
    }
    runs
}

fn sha256(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

/// `(name, part) -> digest` as the golden file lists them.
fn parse_golden(text: &str) -> BTreeMap<(String, String), String> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(
                f.len(),
                3,
                "{}: a line is `name part sha256`, not {l:?}",
                golden_path().display()
            );
            ((f[0].to_owned(), f[1].to_owned()), f[2].to_owned())
        })
        .collect()
}

fn golden_text(digests: &[(String, &'static str, String)]) -> String {
    let mut out = format!(
        "# SHA-256 of the canonical text of each part of each run (see tests/determinism.rs).\n\
         # Written by `{}`: re-bless only for an intended change of behaviour.\n\
         # name part sha256\n",
        bless_command()
    );
    for (name, part, digest) in digests {
        let _ = writeln!(out, "{name} {part} {digest}");
    }
    out
}

/// Writes each part's canonical text to `target/tmp/determinism/`, for diffing two commits.
fn dump(runs: &[Produced]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("determinism");
    for run in runs {
        for (part, text) in &run.parts {
            let path = dir.join(format!("{}.{part}.txt", run.name));
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("create target/tmp/determinism");
            }
            std::fs::write(&path, text).expect("write a dump");
        }
    }
    dir
}

#[test]
fn every_lesson_and_rule_script_matches_its_golden_digests() {
    let runs = every_run();
    let unexpected: Vec<&String> = runs.iter().flat_map(|r| &r.unexpected).collect();
    assert!(
        unexpected.is_empty(),
        "{} step(s) did not run as written:\n  {}",
        unexpected.len(),
        unexpected
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n  ")
    );
    let dumped = dump(&runs);
    let digests: Vec<(String, &'static str, String)> = runs
        .iter()
        .flat_map(|r| {
            r.parts
                .iter()
                .map(|(part, text)| (r.name.clone(), *part, sha256(text)))
        })
        .collect();

    if std::env::var_os(BLESS).is_some_and(|v| v == "1") {
        std::fs::write(golden_path(), golden_text(&digests)).expect("write the golden file");
        eprintln!("blessed {}", golden_path().display());
        return;
    }

    let golden = std::fs::read_to_string(golden_path()).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; write it with `{}`",
            golden_path().display(),
            bless_command()
        )
    });
    let mut want = parse_golden(&golden);
    let mut drift = Vec::new();
    for (name, part, got) in &digests {
        match want.remove(&(name.clone(), (*part).to_owned())) {
            Some(w) if w == *got => {}
            Some(w) => drift.push(format!(
                "{name}: its {part} changed (golden {}, now {}); this run's text is in {}",
                &w[..12],
                &got[..12],
                dumped.join(format!("{name}.{part}.txt")).display()
            )),
            None => drift.push(format!("{name}: no golden digest for its {part}")),
        }
    }
    drift.extend(
        want.keys()
            .map(|(name, part)| format!("{name}: golden {part} digest, but no such run")),
    );
    assert!(
        drift.is_empty(),
        "the simulation's output drifted from {}:\n  {}\n\
         Same seed and commands must give the same events, audit and ciphertexts on every \
         machine. If the change is intended, re-bless with `{}` and commit the golden file with \
         it; to see what changed, run this test on the previous commit too and diff its \
         target/tmp/determinism/ with this one.",
        golden_path().display(),
        drift.join("\n  "),
        bless_command()
    );
}

#[test]
fn the_digest_sees_the_seed() {
    let (file, text) = builtin_lessons()[2];
    let a = run_lesson(file, text).parts;
    let other = text.replacen("seed: 3", "seed: 4", 1);
    assert_ne!(other, text, "{file} names seed 3");
    let b = run_lesson(file, &other).parts;
    let part = |p: &[(&str, String)], name: &str| {
        p.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| sha256(t))
            .expect("part")
    };
    assert_ne!(
        part(&a, "ciphertexts"),
        part(&b, "ciphertexts"),
        "another seed gives other ciphertexts"
    );
    assert_ne!(
        part(&a, "audit"),
        part(&b, "audit"),
        "another seed gives other version ids in the audit log"
    );
}
