use super::*;
use proptest::prelude::*;

const SEED: u64 = 42;

/// The pieces of `text` with a class, as (text, class name).
fn classes(text: &str) -> Vec<(&str, &'static str)> {
    highlight(text, &[])
        .into_iter()
        .filter_map(|h| h.class.map(|c| (&text[h.start..h.end], c.name())))
        .collect()
}

fn replace(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from} is in the text");
    text.replacen(from, to, 1)
}

/// The template with its first `from` replaced by `to`, and what checking it reports.
fn edited(from: &str, to: &str) -> (String, Report) {
    let text = replace(TEMPLATE, from, to);
    let report = check(&text, SEED);
    (text, report)
}

/// The 1-based number of the first line of `text` that `is` picks, as diagnostics count lines.
#[track_caller]
fn line_of(text: &str, is: impl Fn(&str) -> bool) -> usize {
    text.lines().position(is).expect("the line is in the text") + 1
}

/// Fails, showing the whole `text`, unless it begins with `start`.
#[track_caller]
fn begins(text: &str, start: &str) {
    assert!(text.starts_with(start), "{start:?} does not begin:\n{text}");
}

/// The 1-based line and column where `needle` first stands in `text` (an ASCII text: bytes are
/// characters).
#[track_caller]
fn place_of(text: &str, needle: &str) -> (usize, usize) {
    let line = line_of(text, |l| l.contains(needle));
    let column = text.lines().nth(line - 1).and_then(|l| l.find(needle));
    (line, column.expect("the line holds it") + 1)
}

#[test]
fn the_template_parses_and_every_check_holds() {
    let r = check(TEMPLATE, SEED);
    assert!(r.scenario.is_some());
    assert_eq!(r.diagnostics, vec![], "the template is clean");
    // Two `sim expect` lines and one goal line, all held.
    assert_eq!(r.checks.len(), 3);
    assert!(r.checks.iter().all(|c| c.held), "{:?}", r.checks);
    assert!(
        r.checks.windows(2).all(|w| w[0].line < w[1].line),
        "in the order of the text"
    );
    let s = r.scenario.expect("parses");
    assert_eq!(s.steps.len(), 3);
    assert!(s.steps[2].goal.is_some());
    // Comments are the author's: the canonical form (links, exports) carries none, and the
    // template is otherwise canonical, so a share link of it reads as the trainer wrote it.
    let uncommented: String = TEMPLATE
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("//"))
        .collect();
    assert_eq!(s.to_string(), uncommented);
}

#[test]
fn every_builtin_lesson_checks_clean() {
    for (name, text) in crate::builtin_lessons() {
        let r = check(text, SEED);
        let errors: Vec<_> = r
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Warning)
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        // The lessons are the house style: no lint either.
        let warnings: Vec<_> = r.diagnostics.iter().map(|d| &d.message).collect();
        assert!(warnings.is_empty(), "{name}: {warnings:?}");
        assert!(r.checks.iter().all(|c| c.held), "{name}");
    }
}

#[test]
fn the_documented_example_runs_clean() {
    // docs/scenarios.md's example is what a trainer copies first: every check must hold.
    let doc = include_str!("../../../../docs/scenarios.md");
    let start = doc.find("```text\n# ").expect("docs have an example") + "```text\n".len();
    let end = start + doc[start..].find("```").expect("the example block closes");
    let r = check(&doc[start..end], SEED);
    assert_eq!(r.diagnostics, vec![]);
    assert!(
        r.checks.len() >= 3 && r.checks.iter().all(|c| c.held),
        "{:?}",
        r.checks
    );
}

#[test]
fn classes_follow_the_parser() {
    let text = "// note\n# T\nid: 1\n\n## S\n\nSay `x`.\n> notes\n$ az keyvault key delete --vault-name kv --name k # why\n$ sim expect ok\ngoal: vm:vm1 ok\n";
    assert_eq!(
        classes(text),
        vec![
            ("// note", "comment"),
            ("# T", "heading"),
            ("id:", "key"),
            (" 1", "value"),
            ("## S", "heading"),
            ("Say `x`.", "narration"),
            ("> notes", "notes"),
            ("$", "prompt"),
            ("az", "verb"),
            ("keyvault", "verb"),
            ("key", "verb"),
            ("delete", "verb"),
            ("--vault-name", "flag"),
            ("kv", "arg"),
            ("--name", "flag"),
            ("k", "arg"),
            ("# why", "comment"),
            ("$", "prompt"),
            ("sim", "expect"),
            ("expect", "expect"),
            ("ok", "expect"),
            ("goal:", "key"),
            (" vm:vm1 ok", "value"),
        ]
    );
}

#[test]
fn highlights_tile_the_text_in_order() {
    for (_, text) in crate::builtin_lessons() {
        let r = check(text, SEED);
        let pieces = highlight(text, &r.diagnostics);
        let mut at = 0;
        for p in &pieces {
            assert_eq!(p.start, at);
            at = p.end;
        }
        assert_eq!(at, text.len());
    }
}

#[test]
fn a_misspelt_flag_is_an_error_at_its_column_with_the_suggestion() {
    let (text, r) = edited(
        "--vault-name kv-ade --name kek --kty",
        "--vault-nam kv-ade --name kek --kty",
    );
    let (line, column) = place_of(&text, "--vault-nam ");
    let d = &r.diagnostics[0];
    assert_eq!(
        (d.line, d.column, d.severity),
        (line, column, Severity::Error)
    );
    assert_eq!(d.end_column, column + "--vault-nam".len());
    assert_eq!(d.suggestion.as_deref(), Some("--vault-name"));
    // The underline is on exactly that word.
    let marked: Vec<&str> = highlight(&text, &r.diagnostics)
        .iter()
        .filter(|h| h.problem == Some(Severity::Error))
        .map(|h| &text[h.start..h.end])
        .collect();
    assert_eq!(marked, vec!["--vault-nam"]);
}

#[test]
fn a_scenario_error_keeps_line_and_column() {
    let (_, r) = edited("seed: 42", "seed: 4x2");
    assert!(r.scenario.is_none());
    let seed_line = line_of(TEMPLATE, |l| l == "seed: 42");
    let d = &r.diagnostics[0];
    assert_eq!(d.line, seed_line);
    assert_eq!(d.column, 7);
    assert_eq!(d.end_column, 10);
    // An unknown rule is the parser's error (DOMAIN.md has R1..R37).
    let d = &edited("seed: 42", "rules: R17 R38").1.diagnostics[0];
    assert_eq!((d.line, d.column), (seed_line, 12));
    assert!(d.message.contains("R38"));
}

#[test]
fn a_failed_expect_says_what_really_happened() {
    // R17: with the KEK deleted, the boot cannot unwrap the disk key; expecting ok fails.
    let (text, r) = edited("$ sim expect error VmBootLocked", "$ sim expect ok");
    let line = line_of(&text, |l| l == "$ sim expect ok");
    let failed: Vec<_> = r.checks.iter().filter(|c| !c.held).collect();
    assert_eq!(failed.len(), 1);
    assert_ne!(failed[0].line, line, "the first expect still holds");
    // R17: the failed unwrap is what the run reports; the line says what was expected.
    begins(&failed[0].said, "got error VmBootLocked");
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Failed)
        .expect("a failed diagnostic");
    assert_eq!(d.line, failed[0].line);
    begins(&d.message, "expected ok, got error VmBootLocked");
}

#[test]
fn a_goal_the_solution_misses_is_failed_with_the_verdict() {
    // Without recovering the key, the VM still cannot unwrap its disk key at boot (R17, R21).
    let (text, r) = edited(
        "$ az keyvault key recover --vault-name kv-ade --name kek\n",
        "$ sim expect ok\n",
    );
    let goal_line = line_of(&text, |l| l.starts_with("goal:"));
    let c = r
        .checks
        .iter()
        .find(|c| c.line == goal_line)
        .expect("goal checked");
    assert!(!c.held);
    assert!(c.said.contains("vm:vm1 is"), "{}", c.said);
    assert!(c.said.contains("wanted ok"), "{}", c.said);
}

#[test]
fn lint_finds_a_goal_already_met_a_silent_step_and_a_long_solution() {
    // The goal step's fix moved into the step before: the goal holds before its commands.
    let text = replace(
        TEMPLATE,
        "$ sim expect error VmBootLocked\n",
        "$ sim expect error VmBootLocked\n$ az keyvault key recover --vault-name kv-ade --name kek\n$ az vm deallocate --name vm1 --resource-group rg\n$ az vm start --name vm1 --resource-group rg\n",
    );
    let text = replace(
        &text,
        "We delete `kek`, then deallocate and start `vm1`.\n",
        "",
    );
    let text = replace(&text, "par: 3", "par: 1");
    let r = check(&text, SEED);
    let warnings: Vec<&str> = r
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(warnings[0].contains("`Break it` has no narration"));
    assert!(warnings[1].contains("already holds"));
    assert!(warnings[2].contains("changes the world in 2 commands but par is 1"));
}

#[test]
fn completion_offers_the_names_that_exist_at_that_line() {
    let at = TEMPLATE
        .find("$ az keyvault key delete --vault-name kv-ade")
        .expect("line");
    let mut text = TEMPLATE.to_owned();
    text.insert_str(at, "$ az keyvault key show --vault-name kv-ade --name ke\n");
    let caret = at + "$ az keyvault key show --vault-name kv-ade --name ke".len();
    let c = complete_at(&text, caret, SEED).expect("a command line");
    assert_eq!(c.candidates, vec!["kek"]);
    assert_eq!(&text[c.start..caret], "ke");
    // Before the key is created, it is not offered.
    let early = TEMPLATE.find("$ az keyvault key create").expect("line");
    let mut text = TEMPLATE.to_owned();
    text.insert_str(
        early,
        "$ az keyvault key show --vault-name kv-ade --name ke\n",
    );
    let caret = early + "$ az keyvault key show --vault-name kv-ade --name ke".len();
    assert_eq!(
        complete_at(&text, caret, SEED).expect("command").candidates,
        Vec::<String>::new()
    );
    // Verbs and flags, as in the console.
    let mut text = TEMPLATE.to_owned();
    let end = text.len();
    text.push_str("$ az keyvault key pur");
    assert_eq!(
        complete_at(&text, text.len(), SEED)
            .expect("command")
            .candidates,
        vec!["purge"]
    );
    assert!(
        complete_at(&text, end - 2, SEED).is_none(),
        "not in a command"
    );
}

#[test]
fn step_at_finds_the_step_under_the_caret() {
    assert_eq!(step_at(TEMPLATE, 0), None);
    let at = |needle: &str| step_at(TEMPLATE, TEMPLATE.find(needle).expect("in the template"));
    assert_eq!(at("seed: 42"), None);
    assert_eq!(at("## Build the world"), Some(0));
    assert_eq!(at("$ az vm create"), Some(0));
    assert_eq!(at("> Ask the room"), Some(1));
    assert_eq!(at("goal: vm:vm1 ok"), Some(2));
    assert_eq!(step_at(TEMPLATE, TEMPLATE.len() + 10), Some(2));
}

proptest! {
    #[test]
    fn arbitrary_text_and_carets_never_panic(text in "\\PC{0,200}", caret in 0usize..220) {
        let r = check(&text, SEED);
        let pieces = highlight(&text, &r.diagnostics);
        prop_assert_eq!(pieces.last().map_or(0, |p| p.end), text.len());
        let _ = complete_at(&text, caret, SEED);
        let _ = step_at(&text, caret);
    }

    #[test]
    fn stale_diagnostics_never_break_highlighting(line in 0usize..80, column in 0usize..300, end in 0usize..300) {
        let d = Diagnostic { line, column, end_column: end, severity: Severity::Error, message: String::new(), suggestion: None };
        let pieces = highlight("# é\nid: x\n\n## s\n$ az", &[d]);
        let mut at = 0;
        for p in &pieces {
            prop_assert_eq!(p.start, at);
            at = p.end;
        }
    }
}
