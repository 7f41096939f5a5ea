//! The reducer, natively (it is pure): lessons, the cursor, branches, goals and destructive previews.
// Pure logic: runs natively (`cargo test -p keyfall-web`), not in the browser.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

mod common;

use common::{LEGACY, run, typed};
use keyfall_core::{AssetId, Verdict};
use keyfall_web::console::ConsoleEntry;
use keyfall_web::state::{Action, SEED, State};

/// The health panel's verdict on vm1 at the cursor.
fn vm1_verdict(s: &State) -> Option<Verdict> {
    s.play
        .now
        .health
        .get(&AssetId::Vm("vm1".into()))
        .map(|a| a.verdict)
}

#[test]
fn typed_commands_become_steps_and_their_calls_come_from_the_core() {
    let s = run(Rc::new(State::new(SEED)), typed(LEGACY));
    assert_eq!(s.steps().len(), LEGACY.len());
    assert_eq!(s.play.cursor, LEGACY.len());
    let wrap = s
        .play
        .now
        .calls
        .iter()
        .find(|c| c.operation == "wrapKey")
        .expect("a wrapKey call");
    assert!(!wrap.allowed);
    assert_eq!(wrap.status, 403);
    assert_eq!(wrap.missing.as_deref(), Some("keys/wrapKey"));
    assert_eq!(wrap.target, "kek/@1");
    // Messages start unplayed; ticks play them one by one.
    assert_eq!(s.play.now.shown, 0);
    let s = s.reduce(Action::MessageTick);
    assert_eq!(s.play.now.shown, 1);
}

#[test]
fn back_and_seek_replay_exactly() {
    let s = run(Rc::new(State::new(SEED)), typed(LEGACY));
    let end_health = s.play.now.health.clone();
    let back = s.reduce(Action::StepBack);
    assert_eq!(back.play.cursor, LEGACY.len() - 1);
    let again = back.reduce(Action::Seek(LEGACY.len()));
    assert_eq!(again.play.now.health, end_health);
    let start = again.reduce(Action::Seek(0));
    assert!(start.play.now.world.world.vaults().next().is_none());
}

#[test]
fn typing_in_the_past_branches_and_keeps_the_old_line() {
    let s = run(Rc::new(State::new(SEED)), typed(&LEGACY[..3]));
    let s = s.reduce(Action::Seek(1));
    let s = s.reduce(Action::Submit(
        "az keyvault create --name kv2 --resource-group rg --location eastus --enable-rbac-authorization false".into(),
    ));
    assert_eq!(s.session.branches.len(), 2);
    assert_eq!(s.session.active, 1);
    assert_eq!(s.session.branches[0].steps.len(), 3);
    assert_eq!(s.steps().len(), 2);
    let s = s.reduce(Action::Compare(Some(0)));
    assert!(s.ui.compare.is_some());
    let s = s.reduce(Action::SwitchBranch(0));
    assert_eq!(s.play.cursor, 3);
}

#[test]
fn destructive_commands_wait_for_confirmation_with_the_what_if() {
    let mut lines = LEGACY.to_vec();
    lines.push("az keyvault set-policy --name kv-ade --spn ade-app --key-permissions wrapKey --secret-permissions set");
    lines.push(LEGACY[5]);
    let s = run(Rc::new(State::new(SEED)), typed(&lines));
    assert_eq!(vm1_verdict(&s), Some(Verdict::Ok));
    let s = s.reduce(Action::Submit(
        "az keyvault key delete --vault-name kv-ade --name kek".into(),
    ));
    let p = s.ui.pending.as_ref().expect("a preview");
    assert!(
        p.diff
            .changes
            .iter()
            .any(|c| c.asset == AssetId::Vm("vm1".into()) && c.after == Some(Verdict::AtRisk))
    );
    let cancelled = s.clone().reduce(Action::Cancel);
    assert!(cancelled.ui.pending.is_none());
    assert_eq!(cancelled.steps().len(), lines.len());
    let s = s.reduce(Action::Confirm);
    assert_eq!(vm1_verdict(&s), Some(Verdict::AtRisk));
}

#[test]
fn parse_errors_and_help_stay_in_the_console() {
    let s = run(
        Rc::new(State::new(SEED)),
        typed(&["az keyvault nope", "help", "   "]),
    );
    assert!(s.steps().is_empty());
    assert!(
        matches!(s.console.entries[0], ConsoleEntry::Error { ref error, .. } if error.column == 13)
    );
    assert!(matches!(s.console.entries[1], ConsoleEntry::Help { .. }));
    assert_eq!(s.console.entries.len(), 2);
    assert_eq!(s.console.history.len(), 2);
}

#[test]
fn help_and_dash_h_run_nothing_even_in_a_view_only_link() {
    let s = run(Rc::new(State::new(SEED)), typed(&LEGACY[..2]));
    let mut view = (*s).clone();
    view.read_only = true;
    let (session, generation) = (s.session.clone(), s.play.now.world.generation);
    let s = run(
        Rc::new(view),
        typed(&[
            "help keyvault key",
            "az keyvault key create --vault-name kv-ade --name k2 -h",
            "help keyvalt",
        ]),
    );
    assert!(Rc::ptr_eq(&s.session, &session), "help changed the session");
    assert_eq!(s.play.now.world.generation, generation);
    assert!(
        s.ui.notice.is_none(),
        "help is not refused in a view-only link"
    );
    let entries = &s.console.entries[s.console.entries.len() - 3..];
    assert!(
        matches!(&entries[0], ConsoleEntry::Help { help, .. } if help.name == "az keyvault key")
    );
    assert!(
        matches!(&entries[1], ConsoleEntry::Help { help, .. } if help.name == "az keyvault key create")
    );
    assert!(
        matches!(&entries[2], ConsoleEntry::Error { error, .. } if error.suggestion.as_deref() == Some("keyvault"))
    );
}

#[test]
fn a_lesson_stops_at_its_goal_and_the_checker_counts_commands() {
    let s = Rc::new(State::new(SEED)).reduce(Action::OpenLesson("05".into()));
    assert_eq!(s.play.cursor, 0);
    let n = s.steps().len();
    let s = run(s, (0..n).map(|_| Action::StepNext));
    assert_eq!(s.play.cursor, n);
    let goal = s.ui.goal.as_ref().expect("lesson 05 ends on a goal");
    assert!(!goal.met);
    assert_eq!(goal.used, 0);
    // Reads and refused commands change nothing and are free, as in challenges.
    let s = s.reduce(Action::Submit("az keyvault show --name kv-ade".into()));
    let s = s.reduce(Action::Submit(
        "az keyvault key show --vault-name kv-ade --name nothing".into(),
    ));
    assert_eq!(s.ui.goal.as_ref().expect("in goal mode").used, 0);
    let s = s.reduce(Action::Submit(
        "az keyvault key set-attributes --vault-name kv-ade --name kek --version @1 --enabled true"
            .into(),
    ));
    let goal = s.ui.goal.as_ref().expect("still in goal mode");
    assert!(goal.met, "{goal:?}");
    assert_eq!(goal.used, 1);
    // Opening a lesson that does not exist changes nothing but the console.
    let s = s.reduce(Action::OpenLesson("99".into()));
    assert_eq!(s.play.cursor, n + 3);
}

#[test]
fn playing_stops_at_the_end() {
    let s = Rc::new(State::new(SEED)).reduce(Action::OpenLesson("03".into()));
    let s = s.reduce(Action::TogglePlay);
    assert!(s.play.playing);
    let n = s.steps().len();
    let s = run(s, (0..n + 1).map(|_| Action::StepNext));
    assert!(!s.play.playing);
}

/// A session longer than several snapshot intervals: every jump (back, scrub, forward) lands on
/// the world a replay from the seed builds, with the same records.
#[test]
fn jumps_from_snapshots_equal_a_replay_from_the_seed() {
    let mut lines =
        vec!["az keyvault create --name kv --resource-group rg --location westeurope --enable-rbac-authorization false".to_owned()];
    lines.extend((0..60).map(|i| {
        format!(
            "az keyvault key create --vault-name kv --name k{} --kty RSA --size 2048",
            i % 7
        )
    }));
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let s = run(Rc::new(State::new(SEED)), typed(&refs));
    assert_eq!(s.play.cursor, lines.len());
    for to in [60, 33, 32, 31, 16, 15, 0, 47, 61, 1, 60] {
        let jumped = s.clone().reduce(Action::Seek(to));
        let mut runner = keyfall_core::Runner::new(SEED);
        let mut last = Vec::new();
        for step in &s.steps()[..to] {
            last = keyfall_web::playback::run_step(&mut runner, step);
        }
        assert_eq!(jumped.play.cursor, to);
        assert_eq!(
            format!("{:?}", jumped.play.world()),
            format!("{:?}", runner.world()),
            "world at {to}"
        );
        assert_eq!(jumped.current_records(), &last[..], "records at {to}");
        assert_eq!(jumped.session_lines(), lines[..to], "lines at {to}");
    }
    // Back one step at a time, then forward again: still exact.
    let mut back = s.clone();
    for _ in 0..20 {
        back = back.reduce(Action::StepBack);
    }
    let forward = run(back, (0..20).map(|_| Action::StepNext));
    assert_eq!(
        format!("{:?}", forward.play.world()),
        format!("{:?}", s.play.world())
    );
}
