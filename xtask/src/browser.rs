//! The browser section of `cargo xtask bench`: web/bench/browser.mjs measures the built site in
//! headless Chromium (Playwright) and prints one JSON object; this file runs it, keeps that JSON
//! as is in report.json, and sets the figures next to their budgets (DESIGN.md, Budgets).

use std::fmt::Write as _;

use crate::bench::{Section, Target};
use crate::util::{Error, Result};

/// Page load to interactive: within 1.5x of an empty Yew app built the same way.
const LOAD_RATIO_BUDGET: f64 = 1.5;
/// The what-if matrix of the large world, in the browser.
const MATRIX_BUDGET_MS: f64 = 16.0;
/// A docs page with three embeds, before any click, gzip (issue 14; docs/embedding.md).
const EMBED_BUDGET_GZIP: f64 = 30_000.0;
/// Long tasks while a lesson plays: none (a long task is one over 50 ms by definition).
const LONG_TASKS_BUDGET: f64 = 0.0;
/// In a long session, a typed command, a step back or a scrub: no long task, so its longest
/// task stays within 50 ms.
const SESSION_TASK_BUDGET_MS: f64 = 50.0;

pub fn measure(t: &Target) -> Result<Section> {
    let mut node = t.ws.cmd("node");
    node.arg(t.ws.web().join("bench").join("browser.mjs"))
        .env("KEYFALL_DIST", &t.dist)
        .env("KEYFALL_BENCH_DIST", &t.bench_dist)
        .env("KEYFALL_EMPTY_DIST", &t.empty_dist)
        // Progress lines go to the terminal as they come; the JSON comes back on stdout.
        .stderr(std::process::Stdio::inherit());
    let out = node
        .output()
        .map_err(|e| Error::new(format!("cannot run node: {e}")))?;
    if !out.status.success() {
        return Err(Error::new(format!(
            "web/bench/browser.mjs failed ({})",
            out.status
        )));
    }
    let json = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let num = |path: &[&str]| number(&json, path);

    let ratio = num(&["load", "ratio"]);
    let commands = num(&["session", "commands"]).unwrap_or(0.0);
    let session_row = |name: &str, action: &'static str| {
        let max = num(&["session", action, "max_ms"]);
        (
            format!("{name} at {commands:.0} commands: longest task"),
            max.map(|m| {
                let settle = num(&["session", action, "median_settle_ms"]).unwrap_or(0.0);
                format!("{m:.0} ms (settles {settle:.0})")
            }),
            Some((max, SESSION_TASK_BUDGET_MS, ms(SESSION_TASK_BUDGET_MS))),
        )
    };
    // A figure shown without a budget.
    let plain = |name: &str, value: Option<String>| (name.to_owned(), value, None);
    // A figure read from the report at `path`, in `unit`, shown without a budget.
    let figure =
        |name: &str, path: &[&str], unit: fn(f64) -> String| plain(name, num(path).map(unit));
    // A figure read from the report at `path`, in `unit`, against its budget.
    let budgeted = |name: &str, path: &[&str], unit: fn(f64) -> String, budget: f64| {
        let value = num(path);
        (
            name.to_owned(),
            value.map(unit),
            Some((value, budget, unit(budget))),
        )
    };
    let mut rows = vec![
        figure(
            "load to data-ready, Keyfall (median)",
            &["load", "keyfall_median_ms"],
            ms,
        ),
        figure(
            "load to data-ready, empty Yew app (median)",
            &["load", "empty_median_ms"],
            ms,
        ),
        (
            "load ratio Keyfall / empty Yew (median of runs)".to_owned(),
            ratio.map(|r| format!("{r:.2}x")),
            Some((ratio, LOAD_RATIO_BUDGET, format!("{LOAD_RATIO_BUDGET}x"))),
        ),
        plain(
            "  Keyfall: wasm download / compile+start / render",
            phases(&json, "keyfall_phases"),
        ),
        plain(
            "  empty Yew: wasm download / compile+start / render",
            phases(&json, "empty_phases"),
        ),
        budgeted(
            "what-if matrix, large world, in the page (median, warm)",
            &["what_if", "median_ms"],
            ms,
            MATRIX_BUDGET_MS,
        ),
        figure(
            "  first call, before V8 optimizes the core",
            &["what_if", "first_ms"],
            ms,
        ),
        (
            "long tasks (> 50 ms) while lesson 05 plays at 1x".to_owned(),
            num(&["long_tasks", "count"]).map(|c| {
                let max = num(&["long_tasks", "max_ms"]).unwrap_or(0.0);
                format!("{c:.0} (max {max:.0} ms)")
            }),
            Some((
                num(&["long_tasks", "count"]),
                LONG_TASKS_BUDGET,
                "0".to_owned(),
            )),
        ),
        budgeted(
            "docs page, three embeds: transfer before a click",
            &["embed_docs", "before_click_gzip"],
            kb,
            EMBED_BUDGET_GZIP,
        ),
        figure(
            "  after one demo is played",
            &["embed_docs", "after_click_gzip"],
            kb,
        ),
        figure(
            "JS heap used after every lesson",
            &["memory", "js_heap_used"],
            mb,
        ),
        figure(
            "wasm memory after every lesson",
            &["memory", "wasm_memory"],
            mb,
        ),
    ];
    // After the lesson rows, before memory: the long-session figures.
    let at = rows.len() - 2;
    rows.splice(
        at..at,
        [
            session_row("a typed command", "typed"),
            session_row("a step back", "back"),
            session_row("a scrub", "scrub"),
        ],
    );
    let mut table = format!(
        "\nbrowser (headless Chromium, Playwright; medians of {} alternating runs)\n{:<52} {:>20} {:>10} {:>6}\n",
        num(&["load", "runs"]).unwrap_or(0.0),
        "measure",
        "value",
        "budget",
        ""
    );
    let mut within_budget = true;
    for (name, value, budget) in rows {
        let (budget_text, mark) = match budget {
            None => ("-".to_owned(), ""),
            Some((Some(v), limit, text)) if v <= limit => (text, "ok"),
            Some((_, _, text)) => {
                within_budget = false;
                (text, "OVER")
            }
        };
        let _ = writeln!(
            table,
            "{name:<52} {:>20} {budget_text:>10} {mark:>6}",
            value.unwrap_or_else(|| "n/a".to_owned())
        );
    }
    if num(&["long_tasks", "finished"]).is_none() {
        let _ = writeln!(
            table,
            "(the lesson did not finish within the watch; long tasks cover the part played)"
        );
    }
    Ok(Section {
        table,
        json,
        within_budget,
    })
}

/// A load's phases as `12 / 34 / 56 ms` (medians from navigation to the wasm's last byte, then
/// to the app started, then to data-ready), or `None` when browser.mjs could not time them.
fn phases(json: &str, side: &str) -> Option<String> {
    let part = |name| number(json, &["load", side, name]);
    Some(format!(
        "{:.0} / {:.0} / {:.0} ms",
        part("wasm_loaded_ms")?,
        part("compile_and_start_ms")?,
        part("first_render_ms")?
    ))
}

/// The number at `path` in browser.mjs's JSON (`["load", "ratio"]`), or `None` (also for
/// `false`, `null` or a missing key). A sequential search, not a JSON parser: the keys are
/// browser.mjs's own, each unique after the one before it, and xtask stays free of
/// dependencies. `true` reads as 1.
fn number(json: &str, path: &[&str]) -> Option<f64> {
    let mut rest = json;
    for key in path {
        let quoted = format!("\"{key}\":");
        rest = &rest[rest.find(&quoted)? + quoted.len()..];
    }
    let rest = rest.trim_start();
    if rest.starts_with("true") {
        return Some(1.0);
    }
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+')))
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

fn ms(v: f64) -> String {
    format!("{v:.1} ms")
}

fn kb(bytes: f64) -> String {
    format!("{:.1} KB", bytes / 1000.0)
}

fn mb(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1_048_576.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_numbers_by_path() {
        let json = r#"{"load":{"runs":7,"keyfall_ms":[1,2],"ratio":1.25},"what_if":{"median_ms":3.5e0},"long_tasks":{"count":0,"finished":true},"memory":{"wasm_memory":null}}"#;
        assert_eq!(number(json, &["load", "ratio"]), Some(1.25));
        assert_eq!(number(json, &["load", "runs"]), Some(7.0));
        assert_eq!(number(json, &["what_if", "median_ms"]), Some(3.5));
        assert_eq!(number(json, &["long_tasks", "count"]), Some(0.0));
        assert_eq!(number(json, &["long_tasks", "finished"]), Some(1.0));
        assert_eq!(number(json, &["memory", "wasm_memory"]), None);
        assert_eq!(number(json, &["nothing"]), None);
    }

    #[test]
    fn load_phases_read_per_app() {
        let json = r#"{"load":{"ratio":2,"keyfall_phases":{"wasm_loaded_ms":70.2,"compile_and_start_ms":48,"first_render_ms":31.6},"empty_phases":null}}"#;
        assert_eq!(
            phases(json, "keyfall_phases").as_deref(),
            Some("70 / 48 / 32 ms")
        );
        assert_eq!(phases(json, "empty_phases"), None);
    }
}
