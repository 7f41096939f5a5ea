//! `keyfall challenge` as users run it: the briefing, the graded fix, the same output for the
//! same seed, and a clear refusal of an unknown level.

mod common;

use common::keyfall;

#[test]
fn the_briefing_shows_the_estate_the_symptoms_and_par() {
    let out = keyfall(&["challenge", "--seed", "7", "--level", "medium"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Challenge 7 (medium, par "), "{text}");
    assert!(text.contains("The health report now says:"), "{text}");
    assert!(text.contains("az group create --name rg-"), "{text}");
    // The faults are for the user to find: the briefing does not print them.
    assert!(!text.contains("The generator's fix"), "{text}");
    // The same seed prints the same puzzle.
    let again = keyfall(&["challenge", "--seed", "7", "--level", "medium"]);
    assert_eq!(out.stdout, again.stdout);
}

#[test]
fn fix_runs_the_generators_fix_and_the_report_grades_it_solved() {
    let out = keyfall(&["challenge", "--seed", "3", "--level", "hard", "--fix"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("solved: every check is ok"), "{text}");
    // The briefing lists what was broken; after the fix, the report has nothing but ok.
    let (before, after) = text
        .split_once("The generator's fix")
        .expect("the fix is printed");
    assert!(
        before.contains("at-risk ") || before.contains("broken "),
        "{before}"
    );
    for verdict in ["at-risk ", "broken ", "lost "] {
        assert!(!after.contains(verdict), "{after}");
    }
}

#[test]
fn an_unknown_level_is_refused() {
    let out = keyfall(&["challenge", "--level", "extreme"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("expected easy, medium or hard"), "{err}");
}
