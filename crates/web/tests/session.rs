//! Sessions as text (issue 6): share links rebuilt from state replay the same world, the
//! autosave text round-trips, bad links and bad imports leave the session as it was.
// Pure logic: runs natively (`cargo test -p keyfall-web`), not in the browser.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

mod common;

use common::{LEGACY, run, typed};
use keyfall_core::{Share, ShareMode, ShareSource};
use keyfall_web::persistence::boot;
use keyfall_web::state::{Action, SEED, State};

fn legacy() -> Rc<State> {
    run(Rc::new(State::new(SEED)), typed(LEGACY))
}

/// The same world: health, audit log and every command, byte for byte as text.
fn same_world(a: &State, b: &State) {
    assert_eq!(a.play.now.health, b.play.now.health);
    assert_eq!(
        a.play.now.world.world.audit().len(),
        b.play.now.world.world.audit().len()
    );
    assert_eq!(a.session_lines(), b.session_lines());
    assert_eq!(a.play.cursor, b.play.cursor);
    assert_eq!(
        format!("{:?}", a.play.now.world.world),
        format!("{:?}", b.play.now.world.world)
    );
}

#[test]
fn a_typed_session_round_trips_through_a_link() {
    let s = legacy().reduce(Action::StepBack);
    let share = s.to_share(ShareMode::Edit, vec![("theme".into(), "light".into())]);
    assert!(matches!(share.source, ShareSource::Scenario(_)));
    let decoded = Share::decode(&share.encode()).expect("own link decodes");
    let opened = State::from_share(&decoded).expect("own link opens");
    same_world(&s, &opened);
    assert_eq!(opened.steps().len(), LEGACY.len());
    assert!(opened.steps().iter().all(|st| st.typed));
    assert!(!opened.read_only);
    let view = State::from_share(&Share {
        mode: ShareMode::View,
        ..decoded
    })
    .expect("view link opens");
    assert!(view.read_only);
    // A view-only session refuses commands instead of running them.
    let after = Rc::new(view).reduce(Action::Submit("az ad sp create-for-rbac --name x".into()));
    assert_eq!(after.steps().len(), LEGACY.len());
    assert!(after.ui.notice.is_some());
}

#[test]
fn a_lesson_with_typed_commands_is_referenced_by_id() {
    let s = run(Rc::new(State::new(SEED)), [Action::OpenLesson("03".into())]);
    let end = s.steps().len();
    let s = run(
        s,
        [
            Action::Seek(end),
            Action::Submit("az keyvault key recover --vault-name kv-ade --name kek".into()),
        ],
    );
    let share = s.to_share(ShareMode::View, Vec::new());
    match &share.source {
        ShareSource::Lesson { id, extra } => {
            assert_eq!(id, "03");
            assert_eq!(extra.len(), 1);
        }
        other => panic!("expected a lesson reference, got {other:?}"),
    }
    assert!(share.encode().len() < 160, "{}", share.encode());
    let opened =
        State::from_share(&Share::decode(&share.encode()).expect("decodes")).expect("opens");
    same_world(&s, &opened);
}

#[test]
fn a_fork_mid_lesson_is_inlined_and_still_exact() {
    let s = run(
        Rc::new(State::new(SEED)),
        [
            Action::OpenLesson("05".into()),
            Action::Seek(2),
            Action::Submit("az ad sp create-for-rbac --name extra-app".into()),
        ],
    );
    let share = s.to_share(ShareMode::Edit, Vec::new());
    // The lesson stays a reference; the fork travels as its first two steps plus the typed one.
    assert!(
        matches!(&share.source, ShareSource::Lesson { id, extra } if id == "05" && extra.is_empty())
    );
    assert_eq!(share.open, 1);
    assert_eq!(share.branches.len(), 1);
    assert_eq!((share.branches[0].base, share.branches[0].at), (0, 2));
    assert!(share.encode().len() < 200, "{}", share.encode());
    let opened =
        State::from_share(&Share::decode(&share.encode()).expect("decodes")).expect("opens");
    same_world(&s, &opened);
    assert_eq!(opened.session.branches, s.session.branches);
    assert_eq!(
        opened.session.lesson.as_ref().map(|l| l.id.as_str()),
        Some("05")
    );
}

type BranchText = (String, Vec<(String, Vec<String>, bool)>);

/// Each branch's name and, per step, its title, commands and whether it was typed (not where in
/// a file the commands stood: a typed session travels as a scenario with its own line numbers).
fn branches(s: &State) -> Vec<BranchText> {
    s.session
        .branches
        .iter()
        .map(|b| {
            let steps = b.steps.iter().map(|st| {
                let commands = st.commands.iter().map(|(_, c)| c.to_string()).collect();
                (st.title.clone(), commands, st.typed)
            });
            (b.name.clone(), steps.collect())
        })
        .collect()
}

#[test]
fn every_branch_survives_a_link_and_the_autosave() {
    // Three lines of play: the typed session, a fork two steps back, and a fork of the first
    // line four steps back; then the middle one is open, mid-way.
    let s = run(
        legacy(),
        [
            Action::Seek(LEGACY.len() - 2),
            Action::Submit(
                "az keyvault key create --vault-name kv-ade --name kek2 --kty RSA --size 3072"
                    .into(),
            ),
            Action::SwitchBranch(0),
            Action::Seek(LEGACY.len() - 4),
            Action::Submit("az ad sp create-for-rbac --name other-app".into()),
            Action::Submit(
                "az keyvault set-policy --name kv-ade --spn other-app --key-permissions get".into(),
            ),
            Action::SwitchBranch(1),
            Action::StepBack,
        ],
    );
    assert_eq!(s.session.branches.len(), 3);
    let share = s.to_share(ShareMode::Edit, Vec::new());
    assert_eq!(share.open, 1);
    let bases: Vec<_> = share
        .branches
        .iter()
        .map(|b| (b.base, b.at, b.typed.len()))
        .collect();
    assert_eq!(bases, [(0, LEGACY.len() - 2, 1), (0, LEGACY.len() - 4, 2)]);
    let opened =
        State::from_share(&Share::decode(&share.encode()).expect("decodes")).expect("opens");
    assert_eq!(branches(&opened), branches(&s));
    assert_eq!(opened.session.active, 1);
    same_world(&s, &opened);
    // The autosave is the same text: a reload keeps every branch.
    let b = boot("", "", Some(share.text()));
    assert_eq!(branches(&b.state), branches(&s));
    same_world(&s, &b.state);
    // Switching to another branch after opening shows that branch's world, as before.
    let back = Rc::new(opened).reduce(Action::SwitchBranch(2));
    let orig = s.reduce(Action::SwitchBranch(2));
    same_world(&orig, &back);
}

#[test]
fn a_link_whose_branch_starts_past_its_base_is_refused() {
    let text = "seed: 7\nstep: 0\nbranch: b\nbase: 0 3\n---\n# T\nid: session\n\n## az ad sp create-for-rbac --name a\n\n$ az ad sp create-for-rbac --name a\n";
    let share = Share::from_text(ShareMode::Edit, text).expect("the text itself is well formed");
    let err = State::from_share(&share).expect_err("base has one step");
    assert!(err.contains("starts at step 3"), "{err}");
}

#[test]
fn the_autosave_text_restores_the_session() {
    let s = legacy();
    let text = s.to_share(ShareMode::Edit, Vec::new()).text();
    let b = boot("", "", Some(text));
    assert!(b.armed);
    same_world(&s, &b.state);
}

#[test]
fn a_damaged_link_opens_the_start_page_with_a_message_and_does_not_arm_the_autosave() {
    let saved = legacy().to_share(ShareMode::Edit, Vec::new()).text();
    for hash in ["#k1.e.AAAA", "#k1.z.AAAA", "#nonsense", "#k1.e.***"] {
        let b = boot("", hash, Some(saved.clone()));
        assert!(!b.armed, "{hash}");
        assert_eq!(b.state.steps().len(), 0, "{hash}");
        let notice = b.state.ui.notice.clone().expect("a notice");
        assert!(notice.error);
        assert!(
            notice.text.contains("could not be opened"),
            "{}",
            notice.text
        );
    }
    // Unknown lesson in a deep link: a message, not a panic.
    let b = boot("?lesson=99&step=2", "", None);
    assert!(b.state.ui.notice.is_some());
    let b = boot("?embed&lesson=03&step=2", "", None);
    assert!(b.embed);
    assert_eq!(b.state.play.cursor, 2);
}

#[test]
fn a_bad_import_leaves_the_session_untouched() {
    let s = legacy();
    for (name, text, want) in [
        (
            "bad.kf",
            "# T\nid: t\n\n## One\n\n$ az keyvault frobnicate\n",
            "line 6, column",
        ),
        ("bad-header.kf", "# T\nidd: t\n", "line 2, column 1"),
        (
            "bad.sh",
            "az ad sp create-for-rbac --name a\naz vm nope\n",
            "line 2, column",
        ),
    ] {
        let after = s.clone().reduce(Action::Import {
            name: name.into(),
            text: text.into(),
        });
        let notice = after.ui.notice.clone().expect("a notice");
        assert!(notice.error);
        assert!(notice.text.contains(want), "{name}: {}", notice.text);
        assert!(notice.text.contains(name));
        same_world(&s, &after);
        assert_eq!(after.steps(), s.steps());
    }
    // A good file replaces the session.
    let text = s.to_scenario().to_string();
    let after = State::new(SEED).into_rc().reduce(Action::Import {
        name: "ok.kf".into(),
        text,
    });
    assert!(!after.ui.notice.as_ref().expect("info").error);
    same_world(&s, &after);
}

trait IntoRc {
    fn into_rc(self) -> Rc<Self>;
}
impl IntoRc for State {
    fn into_rc(self) -> Rc<Self> {
        Rc::new(self)
    }
}

#[test]
fn the_autosave_rewrites_only_the_step_line_when_the_cursor_moves() {
    let s = legacy();
    let end = s.to_share(ShareMode::Edit, vec![("theme".into(), "dark".into())]);
    for to in [0, 2, LEGACY.len()] {
        let moved = s.clone().reduce(Action::Seek(to));
        let text = moved
            .to_share(ShareMode::Edit, vec![("theme".into(), "dark".into())])
            .text();
        assert_eq!(keyfall_web::persistence::with_step(&end.text(), to), text);
    }
}

#[test]
fn the_timeline_window_follows_the_cursor_and_stays_full_at_both_ends() {
    use keyfall_web::view::{TIMELINE_BEFORE, TIMELINE_WINDOW as W, timeline_window};
    // A lesson fits whole, wherever the cursor is.
    assert_eq!(timeline_window(8, 0, None), 0..8);
    assert_eq!(timeline_window(8, 8, None), 0..8);
    // A long session: the current step (index cursor - 1) with TIMELINE_BEFORE steps before it.
    let w = timeline_window(1000, 500, None);
    assert_eq!(w, 499 - TIMELINE_BEFORE..499 - TIMELINE_BEFORE + W);
    assert!(w.contains(&499));
    // Near the start and the end the window is still full.
    assert_eq!(timeline_window(1000, 1, None), 0..W);
    assert_eq!(timeline_window(1000, 1000, None), 1000 - W..1000);
    // Paged by the user: starts where asked, clamped to the end.
    assert_eq!(timeline_window(1000, 1000, Some(0)), 0..W);
    assert_eq!(timeline_window(1000, 3, Some(990)), 1000 - W..1000);
    // Every step is in some window: paging by whole windows from either end covers them all.
    let (mut seen, mut from) = (vec![false; 1000], Some(0));
    while let Some(f) = from {
        let w = timeline_window(1000, 1, Some(f));
        w.clone().for_each(|i| seen[i] = true);
        from = (w.end < 1000).then_some(w.end);
    }
    assert!(seen.iter().all(|&s| s));
}

/// A goal lesson as the session's scenario (export, links that inline it, the editor's "Make it
/// mine") is the whole lesson: the goal step keeps its reference solution, the header its rules,
/// so the file parses again and plays the same.
#[test]
fn a_goal_lesson_as_a_scenario_keeps_its_solution_and_rules() {
    for (_, text) in keyfall_core::builtin_lessons() {
        let lesson = keyfall_core::parse_scenario(text).expect("lesson parses");
        let Some(goal_step) = lesson.steps.iter().find(|s| s.goal.is_some()) else {
            continue;
        };
        let s = State::new(SEED)
            .into_rc()
            .reduce(Action::OpenLesson(lesson.id.clone()));
        let out = keyfall_core::parse_scenario(&s.to_scenario().to_string())
            .unwrap_or_else(|e| panic!("lesson {}: {e}", lesson.id));
        assert_eq!(out.rules, lesson.rules, "lesson {}", lesson.id);
        let last = out.steps.last().expect("steps");
        let solution: Vec<&str> = last.commands.iter().map(|c| c.text.as_str()).collect();
        let want: Vec<&str> = goal_step.commands.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(solution, want, "lesson {}", lesson.id);
    }
}
