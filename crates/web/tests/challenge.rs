//! Challenge mode in the app (issue 15): the link that opens a puzzle, its world as the starting
//! world rather than steps, grading after each command, hints, share links and the results kept
//! in the browser.
// Pure logic: runs natively (`cargo test -p keyfall-web`), not in the browser.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

mod common;

use common::{run, typed as submit};
use keyfall_core::{Challenge, Level, Share, ShareMode};
use keyfall_web::challenge::{
    ClockEntry, Clocks, ResultEntry, Results, challenge_query, clock, from_options, parse_level,
    parse_seed,
};
use keyfall_web::persistence::boot;
use keyfall_web::state::{Action, State};

fn refused(asked: Option<Result<(u64, Level), String>>) -> String {
    asked.expect("a challenge asked").expect_err("refused")
}

#[test]
fn the_query_names_a_seed_and_a_level() {
    assert_eq!(
        challenge_query("?challenge=7&level=medium"),
        Some(Ok((7, Level::Medium)))
    );
    assert_eq!(
        challenge_query("?challenge=42"),
        Some(Ok((42, Level::Easy)))
    );
    assert_eq!(challenge_query("?lesson=05"), None);
    assert_eq!(challenge_query(""), None);
}

#[test]
fn a_bad_seed_or_level_is_refused_with_what_is_wrong() {
    let e = refused(challenge_query("?challenge=seven&level=easy"));
    assert!(e.contains("“seven”") && e.contains("whole number"), "{e}");
    let e = refused(challenge_query("?challenge=-1"));
    assert!(e.contains("“-1”"), "{e}");
    let e = refused(challenge_query("?challenge=18446744073709551616"));
    assert!(e.contains("whole number"), "{e}");
    let e = refused(challenge_query("?challenge=7&level=extreme"));
    assert!(
        e.contains("“extreme”") && e.contains("easy, medium or hard"),
        "{e}"
    );
    assert_eq!(parse_seed(" 12 "), Ok(12));
    assert_eq!(parse_level("hard"), Ok(Level::Hard));
    assert!(parse_seed("").is_err());
}

#[test]
fn a_bad_challenge_link_opens_the_start_page_and_keeps_the_save() {
    let b = boot("?challenge=x&level=easy", "", Some("saved".to_owned()));
    assert!(b.state.challenge.is_none());
    assert!(b.state.steps().is_empty());
    assert!(!b.armed, "the saved session must not be overwritten");
    let notice = b.state.ui.notice.as_ref().expect("a notice says why");
    assert!(notice.text.contains("“x”"), "{}", notice.text);
}

#[test]
fn a_challenge_link_opens_the_broken_estate_with_no_steps() {
    let b = boot("?challenge=7&level=easy", "", None);
    let run = b.state.challenge.as_ref().expect("a challenge");
    let c = Challenge::generate(7, Level::Easy).expect("the puzzle generates");
    assert_eq!(*run.challenge, c);
    // The setup is the starting world, not the user's steps.
    assert!(b.state.steps().is_empty());
    assert_eq!(b.state.play.cursor, 0);
    // The same world the core builds, so the same symptoms.
    let core = c.runner().expect("the world builds");
    assert_eq!(*b.state.play.now.health, core.world().health());
    assert_eq!(run.remaining, c.symptoms.len());
    assert!(run.remaining > 0 && run.solved.is_none());
    assert!(!b.armed && !b.state.edited);
}

#[test]
fn the_generators_fix_typed_in_the_console_solves_it_at_par() {
    for (seed, level) in [(7, Level::Easy), (3, Level::Medium), (11, Level::Hard)] {
        let c = Challenge::generate(seed, level).expect("the puzzle generates");
        let mut s = Rc::new(State::challenge(seed, level).expect("the challenge opens"));
        // Reads are free: a show does not count.
        s = run(s, submit(&["az keyvault list"]));
        let r = s.challenge.as_ref().expect("a challenge");
        assert_eq!(r.commands, 0, "a read is not a command");
        assert!(r.solved.is_none());
        let mut actions = Vec::new();
        for line in c.fix() {
            actions.push(Action::Submit(line.to_owned()));
            // A destructive fix line (a policy set again) waits for its confirmation.
            actions.push(Action::Confirm);
        }
        s = run(s, actions);
        let r = s.challenge.as_ref().expect("a challenge");
        let solved = r
            .solved
            .unwrap_or_else(|| panic!("{seed} {level}: not solved, {} left", r.remaining));
        assert_eq!(solved.commands, c.par(), "{seed} {level}");
        assert_eq!(r.remaining, 0);
        assert_eq!(s.steps().len(), 1 + c.fix().len());
    }
}

#[test]
fn going_back_after_solving_keeps_the_result_and_regrades() {
    let c = Challenge::generate(7, Level::Easy).expect("the puzzle generates");
    let s = Rc::new(State::challenge(7, Level::Easy).expect("the challenge opens"));
    let s = run(s, submit(&c.fix()));
    assert!(s.challenge.as_ref().expect("a challenge").solved.is_some());
    let s = run(s, vec![Action::Seek(0)]);
    let r = s.challenge.as_ref().expect("a challenge");
    assert!(
        r.remaining > 0,
        "back at the start the world is broken again"
    );
    assert!(r.solved.is_some(), "a solve is not taken back");
}

#[test]
fn hints_are_revealed_one_at_a_time_and_counted_in_the_result() {
    let c = Challenge::generate(7, Level::Easy).expect("the puzzle generates");
    let all = c.hints();
    assert!(all.len() >= 2);
    let mut s = Rc::new(State::challenge(7, Level::Easy).expect("the challenge opens"));
    assert!(
        s.challenge
            .as_ref()
            .expect("a challenge")
            .shown_hints()
            .is_empty()
    );
    s = run(s, vec![Action::ChallengeHint]);
    assert_eq!(
        s.challenge.as_ref().expect("a challenge").shown_hints(),
        all[..1]
    );
    s = run(s, vec![Action::ChallengeHint; all.len() + 3]);
    assert_eq!(
        s.challenge.as_ref().expect("a challenge").shown_hints(),
        all
    );
    s = run(s, submit(&c.fix()));
    assert_eq!(
        s.challenge
            .as_ref()
            .expect("a challenge")
            .solved
            .expect("solved")
            .hints,
        all.len()
    );
}

#[test]
fn the_clock_starts_the_timer_and_stops_it_at_the_solve() {
    let c = Challenge::generate(7, Level::Easy).expect("the puzzle generates");
    let mut s = Rc::new(State::challenge(7, Level::Easy).expect("the challenge opens"));
    s = run(
        s,
        vec![
            Action::ChallengeClock(1_000.0),
            Action::ChallengeClock(5_000.0),
        ],
    );
    assert_eq!(
        s.challenge.as_ref().expect("a challenge").started_ms,
        Some(1_000.0)
    );
    s = run(s, submit(&c.fix()));
    s = run(
        s,
        vec![
            Action::ChallengeClock(62_500.0),
            Action::ChallengeClock(90_000.0),
        ],
    );
    let ms = s
        .challenge
        .as_ref()
        .expect("a challenge")
        .solved
        .expect("solved")
        .ms;
    assert_eq!(
        ms,
        Some(61_500.0),
        "stamped once, at the first tick after the solve"
    );
    assert_eq!(clock(61_500.0), "1:01");
}

#[test]
fn a_share_link_carries_the_challenge_and_rebuilds_the_same_world() {
    let s = Rc::new(State::challenge(3, Level::Medium).expect("the challenge opens"));
    let s = run(
        s,
        vec![
            Action::Submit("az keyvault list".to_owned()),
            Action::ChallengeHint,
        ],
    );
    let share = s.to_share(ShareMode::Edit, Vec::new());
    assert_eq!(
        from_options(&share.options),
        Some(Ok((3, Level::Medium, 1)))
    );
    let decoded = Share::decode(&share.encode()).expect("the link decodes");
    let b = boot("", &format!("#{}", share.encode()), None);
    assert_eq!(decoded.options, share.options);
    let r = b
        .state
        .challenge
        .as_ref()
        .expect("the link opens the challenge");
    assert_eq!(r.challenge.seed, 3);
    assert_eq!(r.hints_shown, 1);
    assert_eq!(b.state.steps().len(), 1, "only the typed command is a step");
    assert_eq!(b.state.play.now.health, s.play.now.health);
    // A branch switch restarts from the challenge's world, not an empty one.
    let s = run(
        s,
        vec![Action::Seek(0), Action::Branch, Action::SwitchBranch(0)],
    );
    assert_eq!(s.play.cursor, 1);
    assert_eq!(s.play.now.health, b.state.play.now.health);
}

#[test]
fn a_share_link_with_a_bad_challenge_option_is_refused() {
    let s = run(
        Rc::new(State::challenge(7, Level::Easy).expect("the challenge opens")),
        submit(&["az keyvault list"]),
    );
    let mut share = s.to_share(ShareMode::Edit, Vec::new());
    share.options = vec![("challenge".to_owned(), "nope".to_owned())];
    let b = boot("", &format!("#{}", share.encode()), None);
    assert!(b.state.challenge.is_none());
    let notice = b.state.ui.notice.as_ref().expect("a notice");
    assert!(notice.text.contains("“nope”"), "{}", notice.text);
}

#[test]
fn reloading_a_challenge_link_resumes_the_saved_commands_of_that_puzzle() {
    let s = run(
        Rc::new(State::challenge(7, Level::Easy).expect("the challenge opens")),
        submit(&["az keyvault list", "az group list"]),
    );
    let saved = s.to_share(ShareMode::Edit, Vec::new()).text();
    let b = boot("?challenge=7&level=easy", "", Some(saved.clone()));
    assert_eq!(b.state.steps().len(), 2);
    assert!(b.state.challenge.is_some());
    // Another puzzle's link starts fresh.
    let b = boot("?challenge=8&level=easy", "", Some(saved));
    assert!(b.state.steps().is_empty());
    assert_eq!(
        b.state
            .challenge
            .as_ref()
            .expect("a challenge")
            .challenge
            .seed,
        8
    );
}

#[test]
fn opening_a_lesson_leaves_the_challenge() {
    let s = Rc::new(State::challenge(7, Level::Easy).expect("the challenge opens"));
    let s = run(s, vec![Action::OpenLesson("01".to_owned())]);
    assert!(s.challenge.is_none());
}

#[test]
fn results_keep_the_best_per_seed_and_level_and_survive_their_text() {
    let e = |seed, level, commands, hints, ms| ResultEntry {
        seed,
        level,
        commands,
        par: 1,
        hints,
        ms,
    };
    let mut r = Results::default();
    assert!(r.record(e(7, Level::Easy, 3, 1, 90_000)));
    assert!(r.record(e(7, Level::Medium, 2, 0, 10_000)));
    assert!(
        !r.record(e(7, Level::Easy, 4, 1, 1_000)),
        "more commands is worse"
    );
    assert!(r.record(e(7, Level::Easy, 1, 1, 120_000)));
    assert!(
        r.record(e(7, Level::Easy, 5, 0, 200_000)),
        "fewer hints is better"
    );
    assert_eq!(
        r.get(7, Level::Easy),
        Some(&e(7, Level::Easy, 5, 0, 200_000))
    );
    let text = r.text();
    assert_eq!(Results::parse(&text), r);
    // A damaged line is skipped, the others kept.
    let damaged = format!("garbage line\n7 extreme 1 1 0 5\n{text}");
    assert_eq!(Results::parse(&damaged), r);
}

#[test]
fn commands_that_change_the_world_count_sim_advance_included() {
    // Seed 4, easy: a disabled KEK. Counting is the core's answer (Record::changed_world), not
    // the verb: `sim advance` moves the clock and counts; a read, `sim read` and a refused
    // command are free.
    let c = Challenge::generate(4, Level::Easy).expect("the puzzle generates");
    let s = Rc::new(State::challenge(4, Level::Easy).expect("the challenge opens"));
    let s = run(
        s,
        submit(&[
            "az keyvault list",
            "az vm show --name nothing-01 --resource-group nowhere",
        ]),
    );
    assert_eq!(s.challenge.as_ref().expect("a challenge").commands, 0);
    let s = run(s, submit(&["sim advance 1d"]));
    assert_eq!(s.challenge.as_ref().expect("a challenge").commands, 1);
    let s = run(s, submit(&c.fix()));
    let r = s.challenge.as_ref().expect("a challenge");
    let solved = r.solved.expect("solved");
    assert_eq!(solved.commands, 1 + c.par());
}

#[test]
fn a_challenge_is_laid_out_once_for_its_whole_estate() {
    // Planned like a lesson's cast, so arrange() picks the shape drawn largest.
    let s = State::challenge(7, Level::Easy).expect("the challenge opens");
    assert!(s.play.cast.planned);
}

fn entry(seed: u64, start: u64, end: Option<u64>) -> ClockEntry {
    ClockEntry {
        seed,
        level: Level::Easy,
        start,
        end,
    }
}

#[test]
fn a_reload_resumes_the_clock_of_the_same_puzzle() {
    let mut clocks = Clocks::default();
    assert_eq!(
        clocks.resume(7, Level::Easy, false, 1_000),
        entry(7, 1_000, None)
    );
    let text = clocks.text();
    assert_eq!(text, "7 easy 1000\n");
    // The reload, 5 s later: the stored start.
    let mut clocks = Clocks::parse(&text);
    assert_eq!(clocks.resume(7, Level::Easy, false, 6_000).start, 1_000);
    // Another level of the seed is another clock.
    assert_eq!(clocks.resume(7, Level::Hard, false, 6_000).start, 6_000);
    // Solved: stopped once; a later stop keeps the first.
    assert_eq!(clocks.stop(7, Level::Easy, 9_000), 9_000);
    assert_eq!(clocks.stop(7, Level::Easy, 12_000), 9_000);
    let mut clocks = Clocks::parse(&clocks.text());
    // Reloading the solved session keeps its times; opening the puzzle fresh starts anew.
    assert_eq!(
        clocks.resume(7, Level::Easy, true, 20_000),
        entry(7, 1_000, Some(9_000))
    );
    assert_eq!(
        clocks.resume(7, Level::Easy, false, 30_000),
        entry(7, 30_000, None)
    );
}

#[test]
fn stored_clocks_skip_bad_lines_and_keep_the_most_recent() {
    let clocks = Clocks::parse("7 easy 1000\nnonsense\n8 extreme 5\n9 hard 10 20\n");
    assert_eq!(clocks.entries.len(), 2);
    let mut clocks = Clocks::default();
    for seed in 0..60 {
        clocks.set(entry(seed, seed, None));
    }
    assert_eq!(clocks.entries.len(), 50);
    assert!(clocks.get(0, Level::Easy).is_none() && clocks.get(59, Level::Easy).is_some());
}
