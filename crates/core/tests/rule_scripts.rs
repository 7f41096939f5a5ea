//! Runs every rule script in `tests/rules/` (one per DOMAIN.md rule and situation) and checks that
//! every `sim expect` in it holds, that every rule R1..R34 but R31 has a script, and that every
//! script shows a failure (`sim expect error`) or says why it cannot.

mod common;

use common::{rule_script, rule_scripts as scripts, rules_dir};
use keyfall_core::{Command, Event, Expectation, Record, Runner, parse_script};

/// Seeds every script runs with: outcomes must not depend on the keys the seed draws.
const SEEDS: [u64; 2] = [1, 2026];

/// A comment line that excuses a script from showing a failure, with the reason after it.
const NO_ERROR_REASON: &str = "# no-error:";

/// Rules R31 shows only through output (no failure to expect): it has a script, but it is not
/// required to have one.
const RULES_WITHOUT_REQUIRED_SCRIPT: [u32; 1] = [31];

/// The rule number a script is named after: `r17_boot_after_deallocate.kf` -> 17.
fn rule_of(file: &str) -> Option<u32> {
    let rest = file.strip_prefix('r')?;
    let (num, tail) = rest.split_once('_')?;
    (num.len() == 2 && !tail.is_empty())
        .then(|| num.parse().ok())
        .flatten()
}

/// Runs `text` with `seed`; returns the records and one `file:line: message` per expectation that
/// did not hold (or the parse error).
fn run_script(file: &str, text: &str, seed: u64) -> (Vec<Record>, Vec<String>) {
    let script = match parse_script(text) {
        Ok(s) => s,
        Err(e) => return (Vec::new(), vec![format!("{file}:{e}")]),
    };
    let mut runner = Runner::new(seed);
    let records: Vec<Record> = script
        .lines
        .iter()
        .map(|l| runner.run(l.line, &l.command))
        .collect();
    let mut failures = Vec::new();
    for (i, r) in records.iter().enumerate() {
        if r.is_expectation() && !r.ok {
            // Name the command the expectation was about, with what it actually did.
            let what = records[..i]
                .iter()
                .rev()
                .find(|p| !p.is_expectation())
                .map(|p| {
                    format!(
                        " [after `{}` -> {}: {}]",
                        p.command,
                        p.code.as_deref().unwrap_or("ok"),
                        p.message
                    )
                })
                .unwrap_or_default();
            failures.push(format!(
                "{file}:{} (seed {seed}): {}{what}",
                r.line, r.message
            ));
        }
    }
    (records, failures)
}

fn expects_an_error(text: &str) -> bool {
    parse_script(text).is_ok_and(|s| {
        s.lines
            .iter()
            .any(|l| matches!(l.command, Command::Expect(Expectation::Error(_))))
    })
}

#[test]
fn every_expectation_in_every_rule_script_holds() {
    let scripts = scripts();
    assert!(
        !scripts.is_empty(),
        "no scripts in {}",
        rules_dir().display()
    );
    let mut failures = Vec::new();
    for (file, text) in &scripts {
        for seed in SEEDS {
            failures.extend(run_script(file, text, seed).1);
        }
    }
    assert!(
        failures.is_empty(),
        "{} expectation(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_r1_to_r34_has_a_script() {
    let covered: Vec<u32> = scripts().iter().filter_map(|(f, _)| rule_of(f)).collect();
    let missing: Vec<String> = (1..=34)
        .filter(|r| !RULES_WITHOUT_REQUIRED_SCRIPT.contains(r) && !covered.contains(r))
        .map(|r| format!("R{r}"))
        .collect();
    assert!(missing.is_empty(), "rules without a script: {missing:?}");
}

#[test]
fn every_script_is_named_after_a_rule_and_comments_it() {
    for (file, text) in scripts() {
        let rule = rule_of(&file).unwrap_or_else(|| panic!("{file}: name it rNN_situation.kf"));
        let first = text.lines().next().unwrap_or_default();
        assert!(
            first.starts_with('#') && first.contains(&format!("R{rule}")),
            "{file}: the first line should be a comment explaining R{rule}, got {first:?}"
        );
    }
}

#[test]
fn every_script_shows_a_failure_or_says_why_not() {
    for (file, text) in scripts() {
        let excused = text
            .lines()
            .any(|l| l.starts_with(NO_ERROR_REASON) && l.len() > NO_ERROR_REASON.len() + 5);
        assert!(
            expects_an_error(&text) || excused,
            "{file}: add a `sim expect error CODE` or a `{NO_ERROR_REASON} reason` comment"
        );
    }
}

#[test]
fn the_harness_reports_a_flipped_expectation_with_file_and_line() {
    // The checks above can fail: turn the first `sim expect error` of a script into `sim expect
    // ok` and the harness must name that line.
    let (file, text) = rule_script("r17_boot_after_deallocate");
    let line = text
        .lines()
        .position(|l| l.starts_with("sim expect error"))
        .expect("an error expectation")
        + 1;
    let flipped: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == line {
                "sim expect ok\n".to_owned()
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let (_, failures) = run_script(&file, &flipped, SEEDS[0]);
    assert_eq!(failures.len(), 1, "{failures:?}");
    common::begins(&failures[0], &format!("{file}:{line} "));
    common::holds(&failures[0], "expected ok, got error VmBootLocked");
}

#[test]
fn r31_plain_vm_disk_uses_platform_managed_sse() {
    // R31: no failure to expect, so check the state change `az vm create` reports.
    let (file, text) = rule_script("r31_");
    let (records, failures) = run_script(&file, &text, SEEDS[0]);
    assert!(failures.is_empty(), "{failures:?}");
    let create = records
        .iter()
        .find(|r| r.command.starts_with("az vm create"))
        .expect("a vm create");
    assert!(
        create.events.iter().any(|e| matches!(
            e,
            Event::State { change, .. } if change.contains("SSE with platform-managed key")
        )),
        "{:?}",
        create.events
    );
}

#[test]
fn denied_calls_in_r14_script_are_audited() {
    // R14: the denied calls of the R14 script are in the audit log, with 403, and the secret's
    // value is not.
    let (file, text) = rule_script("r14_");
    let script = parse_script(&text).unwrap_or_else(|e| panic!("{file}:{e}"));
    let mut runner = Runner::new(SEEDS[0]);
    for l in &script.lines {
        runner.run(l.line, &l.command);
    }
    assert_eq!(runner.failed_expectations(), 0);
    let audit = runner.world().audit();
    let denied: Vec<&str> = audit
        .iter()
        .filter(|a| a.caller == "eve" && a.http_status_code == 403)
        .map(|a| a.operation_name.as_str())
        .collect();
    assert_eq!(denied, ["SecretGet", "VaultDelete"]);
    let json = serde_json::to_string(audit).expect("audit as json");
    assert!(!json.contains("hunter2"), "a secret value was logged");
}
