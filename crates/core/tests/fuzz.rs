//! Fuzzing the command parser and the scenario parser with proptest: arbitrary bytes (read as
//! lossy UTF-8) and near-valid lines made by mutating the lessons' own commands. Neither parser
//! may panic; a line that parses must print to a canonical line that parses to the same command;
//! errors must point inside the input.
//!
//! The suite runs 1,000 cases per property; set `PROPTEST_CASES` for a long run, e.g.
//! `PROPTEST_CASES=1000000 cargo test --release -p keyfall-core --test fuzz`. Inputs worth
//! keeping (past crashes, odd corners) live in `tests/fuzz_corpus/`, one per file, and are
//! replayed by `corpus_replays` on every run.

use std::path::Path;

use keyfall_core::{builtin_lessons, parse_line, parse_scenario, parse_script};
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000)
}

/// Everything the parsers promise about any input.
fn check_text(text: &str) -> Result<(), TestCaseError> {
    for (i, line) in text.split('\n').enumerate() {
        match parse_line(line) {
            Ok(Some(cmd)) => {
                let printed = cmd.to_string();
                let again = parse_line(&printed);
                prop_assert_eq!(
                    again.as_ref().ok().and_then(|c| c.as_ref()),
                    Some(&cmd),
                    "line {} {:?} printed as {:?}",
                    i,
                    line,
                    printed
                );
            }
            Ok(None) => {}
            Err(e) => {
                let chars = line.chars().count();
                prop_assert!(
                    e.column >= 1 && e.column <= chars + 1,
                    "column {} outside {:?} ({} chars)",
                    e.column,
                    line,
                    chars
                );
                // Errors are printed to users; printing must not panic either.
                let _ = e.to_string();
            }
        }
    }
    if let Err(e) = parse_script(text) {
        let lines = text.split('\n').count();
        prop_assert!(
            e.line >= 1 && e.line <= lines,
            "line {} of {}",
            e.line,
            lines
        );
    }
    if let Err(e) = parse_scenario(text) {
        let _ = e.to_string();
    }
    Ok(())
}

/// The command lines of every built-in lesson: the seeds the mutations start from.
fn lesson_lines() -> Vec<String> {
    builtin_lessons()
        .iter()
        .flat_map(|(_, text)| text.lines())
        .filter_map(|l| l.strip_prefix("$ "))
        .map(str::to_owned)
        .collect()
}

/// One edit of a valid line, at the word or the character level.
#[derive(Debug, Clone)]
enum Mutation {
    DropWord(usize),
    DupWord(usize),
    SwapWords(usize, usize),
    ReplaceWord(usize, String),
    InsertChar(usize, char),
    Truncate(usize),
}

fn mutate(line: &str, edits: &[Mutation]) -> String {
    let mut words: Vec<String> = line.split(' ').map(str::to_owned).collect();
    let mut tail = None;
    for m in edits {
        let n = words.len().max(1);
        match m {
            Mutation::DropWord(i) if words.len() > 1 => {
                words.remove(i % n);
            }
            Mutation::DupWord(i) if !words.is_empty() => {
                let w = words[i % n].clone();
                words.insert(i % n, w);
            }
            Mutation::SwapWords(a, b) if !words.is_empty() => words.swap(a % n, b % n),
            Mutation::ReplaceWord(i, w) if !words.is_empty() => words[i % n] = w.clone(),
            Mutation::InsertChar(i, c) if !words.is_empty() => {
                let w = &mut words[i % n];
                let at = w
                    .char_indices()
                    .nth(i % (w.chars().count() + 1))
                    .map_or(w.len(), |x| x.0);
                w.insert(at, *c);
            }
            Mutation::Truncate(i) => tail = Some(*i),
            _ => {}
        }
    }
    let mut out = words.join(" ");
    if let Some(i) = tail {
        let cut = out
            .char_indices()
            .nth(i % (out.chars().count() + 1))
            .map_or(out.len(), |x| x.0);
        out.truncate(cut);
    }
    out
}

/// Words at the edges of what the lexer and parser take: empty, a lone quote, a bare `--`,
/// version ordinals at and past `u32`, the `sim` verbs, a duration that overflows.
const EDGE_WORDS: &[&str] = &[
    "",
    "\"",
    "--",
    "@0",
    "@4294967296",
    "sim",
    "as",
    "--version",
    "99999999999999999999d",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    // Each edge word as likely as each of the two generated kinds.
    let word = prop_oneof![
        EDGE_WORDS.len() as u32 => prop::sample::select(EDGE_WORDS).prop_map(str::to_owned),
        1 => "[-@a-z0-9=\"'\\\\/.:]{0,12}",
        1 => any::<String>(),
    ];
    prop_oneof![
        any::<usize>().prop_map(Mutation::DropWord),
        any::<usize>().prop_map(Mutation::DupWord),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapWords(a, b)),
        (any::<usize>(), word).prop_map(|(i, w)| Mutation::ReplaceWord(i, w)),
        (any::<usize>(), any::<char>()).prop_map(|(i, c)| Mutation::InsertChar(i, c)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        check_text(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        check_text(&text)?;
    }

    #[test]
    fn near_valid_lines_never_panic(
        pick in any::<prop::sample::Index>(),
        edits in proptest::collection::vec(mutation(), 1..4),
    ) {
        let lines = lesson_lines();
        let line = mutate(pick.get::<String>(&lines), &edits);
        check_text(&line)?;
        // The same line inside a scenario step and a `sim as` wrapper.
        check_text(&format!("# T\nid: 1\nsummary: s\n\n## Step\n\n{line}\n$ {line}\n"))?;
        check_text(&format!("sim as admin@contoso.com {line}"))?;
    }

    #[test]
    fn mutated_lessons_never_panic(
        pick in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        junk in "[\\PC\n$#:`*]{0,40}",
    ) {
        let lessons = builtin_lessons();
        let (_, text) = pick.get(lessons.as_slice());
        let chars: Vec<char> = text.chars().collect();
        let i = at.index(chars.len() + 1);
        let mut s: String = chars[..i].iter().collect();
        s.push_str(&junk);
        s.extend(&chars[i..]);
        check_text(&s)?;
    }
}

#[test]
fn corpus_replays() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_corpus");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/fuzz_corpus exists") {
        let path = entry.expect("readable entry").path();
        let bytes = std::fs::read(&path).expect("readable corpus file");
        if let Err(e) = check_text(&String::from_utf8_lossy(&bytes)) {
            panic!("{}: {e}", path.display());
        }
        n += 1;
    }
    assert!(n >= 10, "the corpus has {n} inputs");
}
