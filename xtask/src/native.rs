//! The native sections of `cargo xtask bench`: the core's criterion benches
//! (crates/core/benches/core.rs), read back from criterion's estimates.json, next to the budgets
//! in DESIGN.md, and a size profile of the release wasm.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use crate::bench::{Section, Target, json_string, thousands};
use crate::util::{self, Error, Result};

/// One command plus the full health report, per lesson: median under 1 ms (DESIGN.md).
const COMMAND_HEALTH_BUDGET_NS: f64 = 1_000_000.0;
/// The what-if matrix of the large world: 16 ms in the browser (DESIGN.md). Native has no budget
/// of its own; it is reported against the browser's, which is the one that matters.
const MATRIX_BUDGET_NS: f64 = 16_000_000.0;

/// Runs the criterion benches and reads their medians.
///
/// `cargo bench` builds with the `bench` profile, which inherits `release`: opt-level "z", LTO,
/// one codegen unit, as the wasm is built. So these are the numbers of the code the browser
/// runs, compiled for x86 instead of wasm (wasm in a browser is typically 1.5-2x slower).
pub fn criterion(t: &Target) -> Result<Section> {
    let mut bench = t.ws.cmd("cargo");
    // Shorter than criterion's defaults (3 s warm-up, 5 s per bench): the medians of these
    // benches settle within a second, and the machine is shared.
    bench.args([
        "bench",
        "-p",
        "keyfall-core",
        "--bench",
        "core",
        "--",
        "--noplot",
        "--warm-up-time",
        "1",
        "--measurement-time",
        "3",
    ]);
    util::run(&mut bench)?;
    let dir = t.ws.target().join("criterion");
    let mut rows = Vec::new();
    for group in ["command_health", "what_if_matrix", "parse_print"] {
        let gdir = dir.join(group);
        let mut names: Vec<PathBuf> = fs::read_dir(&gdir)
            .map_err(|e| Error::new(format!("{}: {e}", gdir.display())))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.join("new/estimates.json").is_file())
            .collect();
        names.sort();
        for p in names {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let median = median_ns(&p.join("new/estimates.json"))?;
            let budget = match (group, name) {
                ("command_health", "large_world") => None,
                ("command_health", _) => Some(COMMAND_HEALTH_BUDGET_NS),
                ("what_if_matrix", _) => Some(MATRIX_BUDGET_NS),
                _ => None,
            };
            rows.push((format!("{group}/{name}"), median, budget));
        }
    }
    let mut table = format!(
        "\nnative (criterion, bench profile = release, opt-level z)\n{:<52} {:>12} {:>12} {:>6}\n",
        "bench", "median", "budget", ""
    );
    let mut json_rows = Vec::new();
    let mut within_budget = true;
    for (name, median, budget) in &rows {
        let ok = budget.is_none_or(|b| *median <= b);
        within_budget &= ok;
        let _ = writeln!(
            table,
            "{name:<52} {:>12} {:>12} {:>6}",
            human_ns(*median),
            budget.map(human_ns).unwrap_or_else(|| "-".to_owned()),
            match (budget, ok) {
                (None, _) => "",
                (Some(_), true) => "ok",
                (Some(_), false) => "OVER",
            }
        );
        json_rows.push(format!(
            "{{\"bench\": {}, \"median_ns\": {median:.0}, \"budget_ns\": {}, \"within_budget\": {ok}}}",
            json_string(name),
            budget.map_or("null".to_owned(), |b| format!("{b:.0}"))
        ));
    }
    let _ = writeln!(
        table,
        "(the what-if budget is for the browser; native is reported against it)"
    );
    let json = format!(
        "{{\n      \"profile\": \"bench (release, opt-level z)\",\n      \"benches\": [\n        {}\n      ],\n      \"within_budget\": {within_budget}\n    }}",
        json_rows.join(",\n        ")
    );
    Ok(Section {
        table,
        json,
        within_budget,
    })
}

/// The median's point estimate from criterion's `estimates.json`, in nanoseconds. A small
/// hand parse keeps xtask free of dependencies: the file is criterion's own, always of the form
/// `{"mean":{...},"median":{"confidence_interval":{...},"point_estimate":N,...},...}`.
fn median_ns(path: &Path) -> Result<f64> {
    let text = fs::read_to_string(path)?;
    let bad = || Error::new(format!("{}: no median point estimate", path.display()));
    let rest = &text[text.find("\"median\"").ok_or_else(bad)?..];
    let rest = &rest[rest.find("\"point_estimate\":").ok_or_else(bad)? + 17..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+')))
        .unwrap_or(rest.len());
    rest[..end].trim().parse().map_err(|_| bad())
}

fn human_ns(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

/// What the largest functions and crates cost in the release wasm, with twiggy.
///
/// dist/'s wasm has no names (wasm-opt drops the name section), so twiggy could only say
/// `code[1234]` there. Trunk leaves wasm-bindgen's output, names intact, in
/// target/wasm-bindgen/release/; the same `wasm-opt -Oz` with `-g` (keep names, which changes no
/// code) gives the shipped code with its names, and twiggy reads that. twiggy is installed from
/// crates.io on first use; if it cannot be, the section says so (a size profile is a diagnosis,
/// not a budget).
pub fn wasm_profile(t: &Target) -> Result<Section> {
    let skipped = |why: String| Section {
        table: format!("\nwasm size profile: skipped ({why})\n"),
        json: format!("{{\"skipped\": {}}}", json_string(&why)),
        within_budget: true,
    };
    let bindgen =
        t.ws.target()
            .join("wasm-bindgen/release/keyfall-web_bg.wasm");
    if !bindgen.is_file() {
        return Ok(skipped(format!("{} is missing", bindgen.display())));
    }
    if util::probe(t.ws.cmd("twiggy").arg("--version")).is_none() {
        let mut install = t.ws.cmd("cargo");
        install.args(["install", "twiggy", "--locked"]);
        if let Err(e) = util::run(&mut install) {
            return Ok(skipped(e.to_string()));
        }
    }
    let named = t.ws.target().join("bench/keyfall-web.named.wasm");
    fs::create_dir_all(t.ws.target().join("bench"))?;
    // The flags of index.html (`data-wasm-opt="z"`, `data-wasm-opt-params="--converge
    // --low-memory-unused"`).
    util::run(
        t.ws.cmd("wasm-opt")
            .args(["-Oz", "--converge", "--low-memory-unused", "-g"])
            .arg(&bindgen)
            .arg("-o")
            .arg(&named),
    )?;
    let out =
        t.ws.cmd("twiggy")
            .args(["top", "--format", "csv"])
            .arg(&named)
            .output()?;
    if !out.status.success() {
        return Err(Error::new(format!(
            "twiggy top failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    let csv = String::from_utf8_lossy(&out.stdout);
    // twiggy's CSV: Name,ShallowSize,ShallowSizePercent,... with quoted names.
    let mut items: Vec<(String, u64)> = csv
        .lines()
        .skip(1)
        .map(|line| {
            let (name, rest) = split_csv_name(line);
            let size = rest
                .split(',')
                .next()
                .and_then(|c| c.parse().ok())
                .unwrap_or(0);
            (name, size)
        })
        // The name section exists only in this profiling copy.
        .filter(|(name, _)| !name.contains("\"function names\" subsection"))
        .collect();
    items.sort_by_key(|(_, size)| std::cmp::Reverse(*size));
    let total: u64 = items.iter().map(|(_, s)| s).sum();
    let mut crates: Vec<(&'static str, u64)> = Vec::new();
    for (name, size) in &items {
        let c = crate_of(name);
        match crates.iter_mut().find(|(n, _)| *n == c) {
            Some(entry) => entry.1 += size,
            None => crates.push((c, *size)),
        }
    }
    crates.sort_by_key(|(_, size)| std::cmp::Reverse(*size));
    let pct = |size: u64| size as f64 * 100.0 / total.max(1) as f64;

    let mut table = format!(
        "\nwasm size profile (twiggy, shallow bytes of the shipped code, {} total before gzip)\nby crate:\n",
        thousands(total)
    );
    for (name, size) in &crates {
        let _ = writeln!(
            table,
            "  {name:<70} {:>9} {:>6.1}%",
            thousands(*size),
            pct(*size)
        );
    }
    let _ = writeln!(table, "largest items:");
    for (name, size) in items.iter().take(15) {
        let short: String = name.chars().take(70).collect();
        let _ = writeln!(
            table,
            "  {short:<70} {:>9} {:>6.1}%",
            thousands(*size),
            pct(*size)
        );
    }
    let json_crates: Vec<String> = crates
        .iter()
        .map(|(n, s)| format!("{{\"crate\": {}, \"bytes\": {s}}}", json_string(n)))
        .collect();
    let json_items: Vec<String> = items
        .iter()
        .take(30)
        .map(|(n, s)| format!("{{\"item\": {}, \"bytes\": {s}}}", json_string(n)))
        .collect();
    let json = format!(
        "{{\n      \"wasm\": {},\n      \"total\": {total},\n      \"crates\": [\n        {}\n      ],\n      \"top\": [\n        {}\n      ]\n    }}",
        json_string(&named.display().to_string()),
        json_crates.join(",\n        "),
        json_items.join(",\n        ")
    );
    Ok(Section {
        table,
        json,
        within_budget: true,
    })
}

/// Which crate a twiggy item belongs to, by the crate names in its symbol. Generic code is
/// named after where it is defined, so Yew's `CompStateInner<COMP>::view`, which holds each
/// component's inlined `html!`, gets its own row instead of counting as Yew's.
fn crate_of(name: &str) -> &'static str {
    const KNOWN: &[(&str, &str)] = &[
        ("keyfall_web", "keyfall-web"),
        ("keyfall_core", "keyfall-core"),
        ("keyfall_stage", "keyfall-stage"),
        (
            "CompStateInner<COMP>",
            "keyfall-web views (html! inlined into yew's view<COMP>)",
        ),
        ("yew", "yew"),
        ("jmespath", "jmespath"),
        ("wasm_bindgen", "wasm-bindgen, js-sys, web-sys"),
        ("js_sys", "wasm-bindgen, js-sys, web-sys"),
        ("web_sys", "wasm-bindgen, js-sys, web-sys"),
        ("gloo", "gloo"),
        ("aes", "aes-gcm (aes, ghash, ctr)"),
        ("cipher", "aes-gcm (aes, ghash, ctr)"),
        ("polyval", "aes-gcm (aes, ghash, ctr)"),
        ("ghash", "aes-gcm (aes, ghash, ctr)"),
        ("rand_chacha", "rand_chacha"),
        ("miniz_oxide", "miniz_oxide"),
        ("base64", "base64"),
        ("strsim", "strsim"),
        // `serde_json::` and `serde_core::` (where serde's traits live now) do not contain
        // `serde::`, so each is named.
        ("serde_json", "serde, serde_json"),
        ("serde_core", "serde, serde_json"),
        ("serde", "serde, serde_json"),
        ("hashbrown", "hashbrown, indexmap"),
        ("indexmap", "hashbrown, indexmap"),
        ("dlmalloc", "dlmalloc (allocator)"),
    ];
    if name.starts_with("data segment") {
        return "data (strings, tables)";
    }
    if name.starts_with("elem[") || name.starts_with("code[") || name.starts_with("table[") {
        return "unnamed (tables, glue)";
    }
    // The first known crate in the order above: `<keyfall_web::X as yew::Y>::run` is the app's.
    KNOWN
        .iter()
        .find(|(needle, _)| {
            if needle.contains('<') {
                name.contains(needle)
            } else {
                name.contains(&format!("{needle}::")) || name.contains(&format!("{needle}["))
            }
        })
        .map_or(
            "std (core, alloc: collections, fmt, slices...)",
            |(_, label)| label,
        )
}

/// The first CSV field (possibly quoted, with `""` for a quote) and the rest after its comma.
fn split_csv_name(line: &str) -> (String, &str) {
    if let Some(body) = line.strip_prefix('"') {
        let mut name = String::new();
        let mut chars = body.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '"' {
                if chars.peek().is_some_and(|(_, n)| *n == '"') {
                    chars.next();
                    name.push('"');
                } else {
                    let rest = &body[i + 1..];
                    return (name, rest.strip_prefix(',').unwrap_or(rest));
                }
            } else {
                name.push(c);
            }
        }
        (name, "")
    } else {
        match line.split_once(',') {
            Some((n, rest)) => (n.to_owned(), rest),
            None => (line.to_owned(), ""),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_criterion_median() {
        let dir = std::env::temp_dir().join(format!("xtask-est-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("temp dir");
        let f = dir.join("estimates.json");
        fs::write(
            &f,
            r#"{"mean":{"confidence_interval":{"confidence_level":0.95,"lower_bound":1.0,"upper_bound":2.0},"point_estimate":1.5,"standard_error":0.1},"median":{"confidence_interval":{"confidence_level":0.95,"lower_bound":1.0,"upper_bound":2.0},"point_estimate":12345.6,"standard_error":0.1}}"#,
        )
        .expect("write");
        assert_eq!(median_ns(&f).expect("parses"), 12345.6);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn splits_quoted_csv_names() {
        assert_eq!(
            split_csv_name("\"a, \"\"b\"\"\",10,1.5"),
            ("a, \"b\"".to_owned(), "10,1.5")
        );
        assert_eq!(
            split_csv_name("data[0],10,1.5"),
            ("data[0]".to_owned(), "10,1.5")
        );
    }

    #[test]
    fn crates_of_items() {
        assert_eq!(
            crate_of("keyfall_core::world::World::exec::h45"),
            "keyfall-core"
        );
        assert_eq!(
            crate_of(
                "<keyfall_web::components::vault_actor::VaultActor as yew::functional::FunctionProvider>::run"
            ),
            "keyfall-web"
        );
        assert!(crate_of("<yew::html::component::lifecycle::CompStateInner<COMP> as yew::html::component::lifecycle::Stateful>::view::h1").starts_with("keyfall-web views"));
        assert_eq!(
            crate_of("yew::dom_bundle::subtree_root::SubtreeData::add_listener::h0"),
            "yew"
        );
        assert_eq!(
            crate_of("data segment \".rodata\""),
            "data (strings, tables)"
        );
        assert_eq!(
            crate_of("<jmespath::variable::Variable as serde_core::ser::Serialize>::serialize"),
            "jmespath"
        );
        assert_eq!(
            crate_of(
                "<&mut serde_json::de::Deserializer<R> as serde_core::de::Deserializer>::deserialize_any"
            ),
            "serde, serde_json"
        );
        assert!(crate_of("<f64 as core[c59]::fmt::Display>::fmt").starts_with("std"));
    }

    #[test]
    fn human_units() {
        assert_eq!(human_ns(950.0), "950 ns");
        assert_eq!(human_ns(12_500.0), "12.5 µs");
        assert_eq!(human_ns(3_210_000.0), "3.21 ms");
    }
}
