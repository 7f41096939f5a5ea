//! The app's state and the reducer that changes it, after Yew's `function_todomvc`: one state,
//! one [`Action`] enum, a pure [`State::reduce`]. Timers and the DOM live in hooks and
//! components.
//!
//! The state is made of parts that change at different rates, each in its own module and each
//! shared behind `Rc` so that the reducer's copy of the state is cheap (a message tick copies a
//! few integers and pointers):
//! - [`Session`]: the lesson and the lines of play, changed by typed commands and forks;
//! - [`Playback`]: the cursor and the world at it, changed by every step;
//! - [`Console`]: the transcript and the history;
//! - [`Ui`]: the goal, a pending destructive command, the comparison, the selection, notices.

use std::rc::Rc;

use keyfall_core::{
    Command, Level, Record, Runner, Share, ShareMode, help_request, needs_shell, parse_line,
};

use crate::challenge::ChallengeRun;
use crate::console::{Console, ConsoleEntry};
use crate::persistence::{import_share, scenario_from_file, session_from_share};
use crate::playback::{Playback, Speed, run_step};
use crate::session::{Branch, Session, StepDef, typed_shell_step, typed_step};
use crate::shared::Selection;
use crate::view::{Notice, Pending, Ui, completion_names, goal_status};

pub use crate::session::SEED;

/// Everything the user can ask the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Open built-in lesson `id` (`"05"`), at its start.
    OpenLesson(String),
    /// A line from the console or a panel. Destructive commands wait for [`Action::Confirm`].
    Submit(String),
    /// Run the pending destructive command.
    Confirm,
    /// Drop the pending destructive command.
    Cancel,
    StepNext,
    StepBack,
    /// Move the cursor to `n` steps applied (0: the empty world).
    Seek(usize),
    /// Start or stop playing the timeline.
    TogglePlay,
    SetSpeed(Speed),
    /// One more message of the current step has started travelling.
    MessageTick,
    /// Pause the messages and show the next one.
    MessageStep,
    /// Pause and show the call before the one on stage (its later ones fade back out).
    MessageBack,
    /// Keep the current branch and start a new one from the cursor.
    Branch,
    /// Switch to branch `n` (at its end).
    SwitchBranch(usize),
    /// Compare the active branch's health with branch `n`'s, or stop comparing.
    Compare(Option<usize>),
    ShowHint,
    Select(Option<Selection>),
    /// Clear the console transcript.
    ClearConsole,
    /// Replace the session with a decoded share link (or the autosaved session). If it cannot be
    /// replayed the session is kept and a notice says why.
    OpenShare(Share),
    /// A deep link: lesson `lesson`, `step` steps applied.
    OpenAt {
        lesson: String,
        step: usize,
    },
    /// A scenario or script file the user dropped or picked. A bad file leaves the session as it
    /// was and says where the problem is.
    Import {
        name: String,
        text: String,
    },
    /// Show a message to the user (a damaged link, a failed copy).
    Notify(Notice),
    DismissNotice,
    /// Leave a view-only link's read-only mode to edit a copy.
    MakeEditable,
    /// Start the challenge of `seed` at `level`: its broken estate is the starting world.
    StartChallenge {
        seed: u64,
        level: Level,
    },
    /// Show the challenge's next hint.
    ChallengeHint,
    /// The page's clock (ms): starts the challenge's timer, or stops it once solved.
    ChallengeClock(f64),
}

/// The whole app state.
#[derive(Debug, Clone)]
pub struct State {
    pub session: Rc<Session>,
    pub play: Playback,
    pub console: Rc<Console>,
    pub ui: Rc<Ui>,
    /// Opened from a view link: no console, commands are refused until "Edit a copy".
    pub read_only: bool,
    /// The user changed the session themselves (typed, opened a lesson, imported...). The app
    /// autosaves a session opened from a link only once this is set, so merely opening a link
    /// never overwrites the work saved before.
    pub edited: bool,
    /// The challenge being played, if any (`crate::challenge`).
    pub challenge: Option<Rc<ChallengeRun>>,
}

impl State {
    pub fn new(seed: u64) -> State {
        State::with_session(Session::new(seed), 0)
    }

    /// `session` with the cursor at `at` steps of its active branch.
    fn with_session(session: Session, at: usize) -> State {
        let mut play = Playback::new(session.branch().seed, Speed::default(), 0);
        play.jump(session.steps(), at);
        if session.lesson.is_some() {
            play.plan(session.steps());
        }
        let mut s = State {
            session: Rc::new(session),
            play,
            console: Rc::default(),
            ui: Rc::default(),
            read_only: false,
            edited: false,
            challenge: None,
        };
        s.refresh_goal();
        s
    }

    /// The challenge of `seed` at `level`, nothing typed yet: its setup is the starting world,
    /// not steps, so the step list holds only what the user types.
    pub fn challenge(seed: u64, level: Level) -> Result<State, String> {
        let (run, runner) = ChallengeRun::start(seed, level)?;
        State::challenge_session(Session::new(seed), 0, run, runner)
    }

    fn challenge_session(
        session: Session,
        at: usize,
        run: ChallengeRun,
        runner: Runner,
    ) -> Result<State, String> {
        // Defaults from an empty session, so no step is ever run on an empty world.
        let mut s = State::with_session(Session::new(session.branch().seed), 0);
        s.play = Playback::from_base(Rc::new(runner), Speed::default(), 0);
        s.session = Rc::new(session);
        s.play.jump(s.session.steps(), at);
        // Laid out as a lesson is, for the whole estate at once, rather than grown box by box:
        // the planned shapes are the ones that keep its labels legible on a projector.
        s.play.plan(s.session.steps());
        s.challenge = Some(Rc::new(run));
        s.grade_challenge();
        Ok(s)
    }

    /// A session rebuilt from a share link or the autosave: the same seed and commands, so the
    /// same world byte for byte, with the cursor at the link's step.
    pub fn from_share(share: &Share) -> Result<State, String> {
        let session = session_from_share(share)?;
        let mut s = match crate::challenge::from_options(&share.options) {
            None => State::with_session(session, share.step),
            Some(found) => {
                let (seed, level, hints) = found?;
                let (mut run, runner) = ChallengeRun::start(seed, level)?;
                for _ in 0..hints {
                    run.reveal_hint();
                }
                State::challenge_session(session, share.step, run, runner)?
            }
        };
        s.read_only = share.mode == ShareMode::View;
        Ok(s)
    }

    /// The session as a share link and as the autosaved text ([`crate::persistence::to_share`]).
    /// A challenge's seed, level and hints travel as options, so the link rebuilds its world.
    pub fn to_share(&self, mode: ShareMode, mut options: Vec<(String, String)>) -> Share {
        if let Some(run) = &self.challenge {
            options.extend(crate::challenge::share_options(run));
        }
        crate::persistence::to_share(&self.session, self.play.cursor, mode, options)
    }

    /// The active branch as a scenario file.
    pub fn to_scenario(&self) -> keyfall_core::Scenario {
        crate::persistence::to_scenario(&self.session)
    }

    /// The active branch.
    pub fn branch(&self) -> &Branch {
        self.session.branch()
    }

    /// The steps of the active branch.
    pub fn steps(&self) -> &[Rc<StepDef>] {
        self.session.steps()
    }

    /// The step the cursor is on (the last applied), if any.
    pub fn current_step(&self) -> Option<&Rc<StepDef>> {
        self.play
            .cursor
            .checked_sub(1)
            .and_then(|i| self.steps().get(i))
    }

    /// The records of the current step.
    pub fn current_records(&self) -> &[Record] {
        &self.play.now.records
    }

    /// Every command applied so far on the active branch, canonical, in order: the session as a
    /// script for the "Commands" view.
    pub fn session_lines(&self) -> Vec<String> {
        self.play.played().map(|r| r.command.clone()).collect()
    }

    /// Names of the things that exist, for console completion.
    pub fn names(&self) -> Vec<String> {
        completion_names(self.play.world())
    }

    pub fn notify(&mut self, notice: Notice) {
        Rc::make_mut(&mut self.ui).notice = Some(notice);
    }

    fn ui_mut(&mut self) -> &mut Ui {
        Rc::make_mut(&mut self.ui)
    }

    fn log(&mut self, entry: ConsoleEntry) {
        Rc::make_mut(&mut self.console).log(entry);
    }

    // ---- moving the cursor ----

    fn seek(&mut self, to: usize) {
        if self.play.cursor.checked_add(1) == Some(to.min(self.steps().len())) {
            self.apply_next();
        } else {
            self.play.jump(self.session.steps(), to);
            self.refresh_goal();
        }
    }

    /// Applies the step after the cursor.
    fn apply_next(&mut self) {
        let step = self.play.apply_next(self.session.steps());
        if step.is_some_and(|s| s.goal.is_some()) {
            // The lesson stops at its goal: the user plays from here.
            self.play.playing = false;
            self.ui_mut().hint = false;
        }
        self.refresh_goal();
    }

    /// Grades the world at the cursor for the challenge, if one is played.
    fn grade_challenge(&mut self) {
        let Some(run) = &mut self.challenge else {
            return;
        };
        let commands = self
            .play
            .played()
            .filter(|r| crate::challenge::counts(r))
            .count();
        Rc::make_mut(run).grade(&self.play.now.health, commands);
    }

    fn refresh_goal(&mut self) {
        let goal = goal_status(
            self.steps(),
            self.play.step_records(),
            self.play.cursor,
            &self.play.now.health,
        );
        if self.ui.goal != goal {
            self.ui_mut().goal = goal;
        }
    }

    // ---- commands ----

    fn submit(&mut self, line: String) {
        let text = line.trim().to_owned();
        if text.is_empty() {
            return;
        }
        // Help is no command of the session: it runs nothing, even in a view-only link.
        if let Some(answer) = help_request(&text) {
            Rc::make_mut(&mut self.console).remember(&text);
            self.log(match answer {
                Ok(help) => ConsoleEntry::Help { input: text, help },
                Err(error) => ConsoleEntry::Error { input: text, error },
            });
            return;
        }
        if self.read_only {
            self.notify(Notice::info(
                "This is a view-only link. Choose \"Edit a copy\" to run commands.",
            ));
            return;
        }
        Rc::make_mut(&mut self.console).remember(&text);
        if needs_shell(&text) {
            self.submit_shell(text);
            return;
        }
        match parse_line(&text) {
            Err(error) => self.log(ConsoleEntry::Error { input: text, error }),
            Ok(None) => {}
            Ok(Some(command)) => {
                if command.is_destructive() {
                    let diff = self.play.world().what_if(&command);
                    if !diff.changes.is_empty() {
                        self.ui_mut().pending = Some(Pending {
                            text,
                            command,
                            diff,
                        });
                        return;
                    }
                }
                self.run_typed(text, command);
            }
        }
    }

    /// A typed line with variables, `$(...)` or az's `-o`/`--query` (`needs_shell`): tried on a
    /// copy of the runner at the cursor first, so a line Keyfall cannot read is reported with
    /// its column and adds no step; then kept as text, a step that replays through the runner.
    fn submit_shell(&mut self, text: String) {
        let mut probe = self.play.runner().clone();
        if let Err(error) = probe.run_line(1, 1, &text) {
            self.log(ConsoleEntry::Error { input: text, error });
            return;
        }
        self.play.playing = false;
        if self.play.cursor < self.steps().len() {
            self.fork();
        }
        Rc::make_mut(&mut self.session).push(typed_shell_step(text.clone()));
        self.apply_next();
        for record in self.current_records().to_vec() {
            self.log(ConsoleEntry::Ran {
                input: text.clone(),
                record,
            });
        }
    }

    /// Runs a typed command as a new step at the cursor. In the past of a timeline that starts a
    /// new branch, so nothing the user did is thrown away.
    fn run_typed(&mut self, text: String, command: Command) {
        self.play.playing = false;
        if self.play.cursor < self.steps().len() {
            self.fork();
        }
        Rc::make_mut(&mut self.session).push(typed_step(text.clone(), command));
        self.apply_next();
        if let Some(record) = self.current_records().last().cloned() {
            self.log(ConsoleEntry::Ran {
                input: text,
                record,
            });
        }
    }

    /// Copies the active branch up to the cursor into a new branch and makes it active.
    fn fork(&mut self) {
        let at = self.play.cursor;
        let name = Rc::make_mut(&mut self.session).fork(at);
        self.play.keep(at);
        self.log(ConsoleEntry::Note(format!(
            "Started {name}; the other branch is kept."
        )));
    }

    fn open_lesson(&mut self, id: &str) {
        match Session::lesson(id) {
            Ok(session) => self.replace_with(State::with_session(session, 0)),
            Err(note) => self.log(ConsoleEntry::Note(note)),
        }
    }

    /// Swaps in another session, keeping what belongs to the user rather than the session:
    /// the console transcript, the history and the speed.
    fn replace_with(&mut self, mut next: State) {
        next.console = self.console.clone();
        next.play.speed = self.play.speed;
        // Keep counting, so effects keyed on the generation see the new world.
        next.play.now.world.generation += self.play.now.world.generation;
        *self = next;
    }

    fn import(&mut self, name: &str, text: &str) {
        let opened = scenario_from_file(text).and_then(|s| State::from_share(&import_share(s)));
        match opened {
            Ok(next) => {
                self.replace_with(next);
                self.edited = true;
                self.notify(Notice::info(format!("Imported {name}.")));
            }
            Err(e) => self.notify(Notice::error(format!(
                "{name} was not imported: {e}. Your session is unchanged."
            ))),
        }
    }

    /// The reducer: the next state after `action`. Pure; it calls only the deterministic core.
    pub fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        let generation = s.play.now.world.generation;
        // Actions by which the user changes the session themselves (see `edited`).
        if matches!(
            action,
            Action::OpenLesson(_)
                | Action::Submit(_)
                | Action::Confirm
                | Action::Branch
                | Action::SwitchBranch(_)
                | Action::MakeEditable
        ) {
            s.edited = true;
        }
        match action {
            Action::OpenLesson(id) => {
                s.open_lesson(&id);
                s.read_only = false;
            }
            Action::Submit(line) => s.submit(line),
            Action::OpenShare(share) => match State::from_share(&share) {
                Ok(next) => s.replace_with(next),
                Err(e) => s.notify(Notice::error(format!(
                    "This link could not be opened: {e}."
                ))),
            },
            Action::OpenAt { lesson, step } => {
                s.open_lesson(&lesson);
                if s.session.lesson.as_ref().is_some_and(|l| l.id == lesson) {
                    s.play.jump(s.session.steps(), step);
                    s.refresh_goal();
                } else {
                    s.notify(Notice::error(format!(
                        "There is no lesson {lesson}; here is the start page."
                    )));
                }
            }
            Action::Import { name, text } => s.import(&name, &text),
            Action::Notify(n) => s.notify(n),
            Action::DismissNotice => s.ui_mut().notice = None,
            Action::MakeEditable => s.read_only = false,
            Action::Confirm => {
                if let Some(p) = s.ui_mut().pending.take() {
                    s.run_typed(p.text, p.command);
                }
            }
            Action::Cancel => {
                if let Some(p) = s.ui_mut().pending.take() {
                    s.log(ConsoleEntry::Note(format!("Cancelled: {}", p.text)));
                }
            }
            Action::StepNext => {
                if s.play.cursor < s.steps().len() {
                    s.apply_next();
                } else {
                    s.play.playing = false;
                }
            }
            Action::StepBack => {
                s.play.playing = false;
                if s.play.cursor > 0 {
                    s.seek(s.play.cursor - 1);
                }
            }
            Action::Seek(n) => {
                s.play.playing = false;
                if n != s.play.cursor {
                    s.seek(n);
                }
            }
            Action::TogglePlay => {
                let p = &mut s.play;
                p.playing = !p.playing && p.cursor < s.session.steps().len();
                p.messages_paused = !p.playing && !p.messages_done();
            }
            Action::SetSpeed(speed) => s.play.speed = speed,
            Action::MessageTick => {
                if !s.play.messages_paused && !s.play.messages_done() {
                    s.play.now.shown += 1;
                }
            }
            Action::MessageBack => {
                s.play.messages_paused = true;
                s.play.playing = false;
                if s.play.now.shown > 1 {
                    s.play.now.shown -= 1;
                }
            }
            Action::MessageStep => {
                s.play.messages_paused = true;
                s.play.playing = false;
                if !s.play.messages_done() {
                    s.play.now.shown += 1;
                }
            }
            Action::Branch => {
                s.play.playing = false;
                s.fork();
                s.play.refresh(false, s.session.steps().len());
                s.refresh_goal();
            }
            Action::SwitchBranch(n) => {
                if n < s.session.branches.len() && n != s.session.active {
                    Rc::make_mut(&mut s.session).active = n;
                    s.ui_mut().compare = None;
                    s.play.restart();
                    s.play.jump(s.session.steps(), usize::MAX);
                    if s.session.lesson.is_some() || s.challenge.is_some() {
                        s.play.plan(s.session.steps());
                    }
                    s.refresh_goal();
                }
            }
            Action::Compare(None) => s.ui_mut().compare = None,
            Action::Compare(Some(n)) => {
                if let Some(b) = s.session.branches.get(n) {
                    let mut runner = Runner::new(b.seed);
                    for step in &b.steps {
                        run_step(&mut runner, step);
                    }
                    s.ui_mut().compare = Some((n, Rc::new(runner.world().health())));
                }
            }
            Action::ShowHint => s.ui_mut().hint = true,
            Action::Select(sel) => s.ui_mut().selected = sel,
            Action::ClearConsole => Rc::make_mut(&mut s.console).entries.clear(),
            Action::StartChallenge { seed, level } => match State::challenge(seed, level) {
                Ok(next) => {
                    s.replace_with(next);
                    s.edited = true;
                }
                Err(e) => s.notify(Notice::error(format!(
                    "Challenge {seed} ({level}) could not be built: {e}."
                ))),
            },
            Action::ChallengeHint => {
                if let Some(run) = &mut s.challenge {
                    Rc::make_mut(run).reveal_hint();
                }
            }
            Action::ChallengeClock(now) => {
                if let Some(run) = &mut s.challenge {
                    if run.started_ms.is_none() {
                        Rc::make_mut(run).started_ms = Some(now);
                    } else if run.solved.is_some_and(|x| x.ms.is_none()) {
                        Rc::make_mut(run).stamp(now);
                    }
                }
            }
        }
        if s.play.now.world.generation != generation {
            s.grade_challenge();
        }
        Rc::new(s)
    }
}

/// States compare by the identity of their shared parts and the value of the playback's
/// counters, which is what deciding to re-render needs and costs a few comparisons. It is exact
/// because the reducer changes a state only through a copy (`Rc::make_mut` on a part the
/// previous state still holds makes a new `Rc`), and everything drawn from the world changes
/// with its generation.
impl PartialEq for State {
    fn eq(&self, other: &State) -> bool {
        Rc::ptr_eq(&self.session, &other.session)
            && Rc::ptr_eq(&self.console, &other.console)
            && Rc::ptr_eq(&self.ui, &other.ui)
            && self.play == other.play
            && (self.read_only, self.edited) == (other.read_only, other.edited)
            && match (&self.challenge, &other.challenge) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (a, b) => a.is_none() && b.is_none(),
            }
    }
}

#[cfg(target_arch = "wasm32")]
impl yew::Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        State::reduce(self, action)
    }
}
