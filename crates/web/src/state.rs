//! The app's state and the reducer that changes it, after Yew's `function_todomvc`.
//!
//! A session is a list of timeline steps on a branch: a lesson's steps with their narration, or one
//! step per command typed in the console. The world is never edited in place by the UI: moving the
//! cursor replays the branch from its seed through a [`Runner`], so back, scrub and branch are exact
//! (lessons are a few dozen commands; replaying them costs well under a frame). The reducer is pure:
//! it calls only the deterministic core; timers and the DOM live in effects and components.

use std::rc::Rc;

use keyfall_core::{
    CallResult, Command, CommandLine, Event, Goal, HealthDiff, HealthReport, ParseError, Record,
    Runner, Scenario, Share, ShareBranch, ShareMode, ShareSource, Step, builtin_lessons,
    lesson_titles, parse_line, parse_scenario, parse_script, scenario_commands,
};
use yew::Reducible;

use crate::shared::{Selection, WorldRef};

/// The seed a console session starts from; a lesson brings its own.
pub const SEED: u64 = 42;

/// Console transcript entries kept; older ones scroll away (the timeline keeps every command).
const CONSOLE_KEEP: usize = 200;

/// How fast lessons and messages play.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Speed {
    Half,
    #[default]
    Normal,
    Double,
    Quadruple,
}

impl Speed {
    pub const ALL: [Speed; 4] = [Speed::Half, Speed::Normal, Speed::Double, Speed::Quadruple];

    /// Milliseconds for one message to travel.
    pub fn message_ms(self) -> u32 {
        1100 * 2 / self.halves()
    }

    /// Milliseconds the lesson waits on a step once its messages have played.
    pub fn step_pause_ms(self) -> u32 {
        1800 * 2 / self.halves()
    }

    fn halves(self) -> u32 {
        match self {
            Speed::Half => 1,
            Speed::Normal => 2,
            Speed::Double => 4,
            Speed::Quadruple => 8,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Speed::Half => "0.5×",
            Speed::Normal => "1×",
            Speed::Double => "2×",
            Speed::Quadruple => "4×",
        }
    }

    /// The value of the speed `<select>` option.
    pub fn key(self) -> &'static str {
        match self {
            Speed::Half => "0.5",
            Speed::Normal => "1",
            Speed::Double => "2",
            Speed::Quadruple => "4",
        }
    }

    pub fn from_key(key: &str) -> Speed {
        Speed::ALL
            .into_iter()
            .find(|s| s.key() == key)
            .unwrap_or_default()
    }
}

/// One step of a timeline: what to run and what to say about it.
#[derive(Debug, Clone, PartialEq)]
pub struct StepDef {
    pub title: String,
    /// Narration in the scenario's inline format (render with `inline_spans`).
    pub narration: String,
    /// Speaker notes.
    pub notes: Option<String>,
    /// The commands and the line each came from (in the lesson file, or 1 for the console).
    pub commands: Vec<(usize, Command)>,
    /// A goal step runs none of its commands (they are the reference solution): the user plays.
    pub goal: Option<Goal>,
    /// Typed in the console rather than taken from a lesson.
    pub typed: bool,
}

/// A line of play: the steps in order and the seed they start from.
#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    pub name: String,
    pub seed: u64,
    pub steps: Vec<StepDef>,
}

/// The open lesson.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonMeta {
    pub id: String,
    pub title: String,
    pub summary: String,
}

/// One call of the current step, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct CallView {
    pub caller: String,
    pub callee: String,
    pub operation: String,
    /// `kek/@2`, `vm1-os`, `f6d57ac4…/@1`.
    pub target: String,
    pub allowed: bool,
    pub status: u16,
    /// Azure's code for a failure (`Forbidden` for a denial).
    pub code: Option<String>,
    /// What the caller lacked, for a denial.
    pub missing: Option<String>,
    /// Which command of the step caused it (index into the step's records).
    pub command: usize,
}

/// What the goal checker says.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalStatus {
    pub goal: Goal,
    /// Each condition with the verdict it has now (None: no such asset).
    pub conditions: Vec<(String, String, Option<String>)>,
    pub met: bool,
    /// Commands the user ran since the goal was set.
    pub used: u32,
}

/// A destructive command waiting for the user to confirm, with what it would break.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub text: String,
    pub command: Command,
    pub diff: HealthDiff,
}

/// A line of the console transcript.
#[derive(Debug, Clone, PartialEq)]
pub enum ConsoleEntry {
    /// A command that ran, with what it produced.
    Ran { input: String, record: Record },
    /// A line that did not parse.
    Error { input: String, error: ParseError },
    /// `help`: every command form.
    Help { input: String },
    /// Something the app says (cancelled, branched...).
    Note(String),
}

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
}

/// A message for the user about a link, a file or the saved session; dismissible.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
}

impl Notice {
    pub fn error(text: impl Into<String>) -> Notice {
        Notice {
            error: true,
            text: text.into(),
        }
    }
    pub fn info(text: impl Into<String>) -> Notice {
        Notice {
            error: false,
            text: text.into(),
        }
    }
}

/// The whole app state.
#[derive(Debug, Clone)]
pub struct State {
    pub lesson: Option<LessonMeta>,
    pub branches: Vec<Branch>,
    pub active: usize,
    /// Steps of the active branch applied to the world (0: none).
    pub cursor: usize,
    runner: Runner,
    /// Records of each applied step, `played[i]` for step `i`.
    pub played: Vec<Vec<Record>>,
    pub world: WorldRef,
    pub health: Rc<HealthReport>,
    /// The calls of the current step, in order.
    pub calls: Rc<Vec<CallView>>,
    /// How many of `calls` have started travelling.
    pub shown: usize,
    pub messages_paused: bool,
    pub playing: bool,
    pub speed: Speed,
    pub goal: Option<GoalStatus>,
    pub hint: bool,
    pub pending: Option<Pending>,
    pub console: Vec<ConsoleEntry>,
    /// Lines typed, oldest first, for Up/Down.
    pub history: Vec<String>,
    /// The branch compared with the active one and its health at its end.
    pub compare: Option<(usize, Rc<HealthReport>)>,
    pub selected: Option<Selection>,
    pub notice: Option<Notice>,
    /// Opened from a view link: no console, commands are refused until "Edit a copy".
    pub read_only: bool,
    /// The user changed the session themselves (typed, opened a lesson, imported...). The app
    /// autosaves a session opened from a link only once this is set, so merely opening a link
    /// never overwrites the work saved before.
    pub edited: bool,
}

impl State {
    pub fn new(seed: u64) -> State {
        let runner = Runner::new(seed);
        let mut s = State {
            lesson: None,
            branches: vec![Branch {
                name: "main".to_owned(),
                seed,
                steps: Vec::new(),
            }],
            active: 0,
            cursor: 0,
            world: WorldRef {
                world: Rc::new(runner.world().clone()),
                generation: 0,
            },
            runner,
            played: Vec::new(),
            health: Rc::new(HealthReport { assets: Vec::new() }),
            calls: Rc::default(),
            shown: 0,
            messages_paused: false,
            playing: false,
            speed: Speed::default(),
            goal: None,
            hint: false,
            pending: None,
            console: Vec::new(),
            history: Vec::new(),
            compare: None,
            selected: None,
            notice: None,
            read_only: false,
            edited: false,
        };
        s.refresh(true);
        s
    }

    /// The active branch.
    pub fn branch(&self) -> &Branch {
        // `active` always indexes `branches`: every action that changes one keeps it in range.
        &self.branches[self.active.min(self.branches.len() - 1)]
    }

    /// The steps of the active branch.
    pub fn steps(&self) -> &[StepDef] {
        &self.branch().steps
    }

    /// The step the cursor is on (the last applied), if any.
    pub fn current_step(&self) -> Option<&StepDef> {
        self.cursor.checked_sub(1).and_then(|i| self.steps().get(i))
    }

    /// The records of the current step.
    pub fn current_records(&self) -> &[Record] {
        self.played.last().map_or(&[], Vec::as_slice)
    }

    /// Every command applied so far on the active branch, canonical, in order: the session as a
    /// script for the "Commands" view.
    pub fn session_lines(&self) -> Vec<String> {
        self.played
            .iter()
            .flatten()
            .map(|r| r.command.clone())
            .collect()
    }

    /// All messages of the current step have started travelling.
    pub fn messages_done(&self) -> bool {
        self.shown >= self.calls.len()
    }

    /// Names of the things that exist, for console completion.
    pub fn names(&self) -> Vec<String> {
        let w = &self.world.world;
        let mut names: Vec<String> = Vec::new();
        names.extend(w.principals().map(|p| p.name.clone()));
        for v in w.vaults() {
            names.push(v.name.clone());
            names.push(v.resource_group.clone());
            names.push(v.location.clone());
            names.extend(v.keys.keys().cloned());
            names.extend(v.secrets.keys().cloned());
        }
        for vm in w.vms() {
            names.push(vm.name.clone());
            names.push(vm.resource_group.clone());
        }
        for r in w.recovery_vaults() {
            names.push(r.name.clone());
            for (item, pi) in &r.items {
                names.push(item.clone());
                names.extend(pi.points.iter().map(|p| p.name.clone()));
            }
        }
        names.extend(w.disk_encryption_sets().map(|d| d.name.clone()));
        names.extend(
            [
                "rg",
                "westeurope",
                "northeurope",
                "eastus",
                "westus",
                "uksouth",
            ]
            .map(String::from),
        );
        names.sort();
        names.dedup();
        names
    }

    // ---- moving the cursor ----

    /// Replays the active branch from its seed up to `to` steps. Exact by determinism.
    fn seek(&mut self, to: usize) {
        let to = to.min(self.steps().len());
        if self.cursor.checked_add(1) == Some(to) {
            self.apply_next();
        } else {
            self.replay(to);
        }
    }

    /// Rebuilds the world from the branch's seed through its first `to` steps.
    fn replay(&mut self, to: usize) {
        let to = to.min(self.steps().len());
        let branch = self.branch().clone();
        let mut runner = Runner::new(branch.seed);
        let mut played = Vec::with_capacity(to);
        for step in &branch.steps[..to] {
            played.push(run_step(&mut runner, step));
        }
        self.runner = runner;
        self.played = played;
        self.cursor = to;
        // Jumping shows the step's messages at once: travel is for moving forward.
        self.refresh(false);
    }

    /// Applies the step after the cursor.
    fn apply_next(&mut self) {
        let Some(step) = self.steps().get(self.cursor).cloned() else {
            self.playing = false;
            return;
        };
        let records = run_step(&mut self.runner, &step);
        self.played.push(records);
        self.cursor += 1;
        if step.goal.is_some() {
            // The lesson stops at its goal: the user plays from here.
            self.playing = false;
            self.hint = false;
        }
        self.refresh(true);
    }

    /// Recomputes everything derived from the world after the cursor moved.
    fn refresh(&mut self, animate: bool) {
        let generation = self.world.generation + 1;
        self.world = WorldRef {
            world: Rc::new(self.runner.world().clone()),
            generation,
        };
        self.health = Rc::new(self.world.world.health());
        self.calls = Rc::new(calls_of(self.current_records(), &self.world));
        self.shown = if animate { 0 } else { self.calls.len() };
        self.goal = self.goal_status();
        if self.cursor >= self.steps().len() && self.messages_done() {
            self.playing = false;
        }
    }

    fn goal_status(&self) -> Option<GoalStatus> {
        let steps = &self.steps()[..self.cursor.min(self.steps().len())];
        let at = steps.iter().rposition(|s| s.goal.is_some())?;
        let goal = steps[at].goal.clone()?;
        let used = steps[at + 1..]
            .iter()
            .map(|s| s.commands.len() as u32)
            .sum();
        let conditions: Vec<_> = goal
            .conditions
            .iter()
            .map(|(asset, want)| {
                let now = self
                    .health
                    .get(asset)
                    .map(|a| a.verdict.as_str().to_owned());
                (asset.clone(), want.clone(), now)
            })
            .collect();
        let met = conditions
            .iter()
            .all(|(_, want, now)| now.as_deref() == Some(want.as_str()));
        Some(GoalStatus {
            goal,
            conditions,
            met,
            used,
        })
    }

    // ---- commands ----

    fn submit(&mut self, line: String) {
        let text = line.trim().to_owned();
        if text.is_empty() {
            return;
        }
        if self.read_only {
            self.notice = Some(Notice::info(
                "This is a view-only link. Choose \"Edit a copy\" to run commands.",
            ));
            return;
        }
        if self.history.last() != Some(&text) {
            self.history.push(text.clone());
        }
        if text == "help" || text == "?" {
            self.log(ConsoleEntry::Help { input: text });
            return;
        }
        match parse_line(&text) {
            Err(error) => self.log(ConsoleEntry::Error { input: text, error }),
            Ok(None) => {}
            Ok(Some(command)) => {
                if command.is_destructive() {
                    let diff = self.world.world.what_if(&command);
                    if !diff.changes.is_empty() {
                        self.pending = Some(Pending {
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

    /// Runs a typed command as a new step at the cursor. In the past of a timeline that starts a
    /// new branch, so nothing the user did is thrown away.
    fn run_typed(&mut self, text: String, command: Command) {
        self.playing = false;
        if self.cursor < self.steps().len() {
            self.fork();
        }
        let step = typed_step(text.clone(), command);
        let i = self.active.min(self.branches.len() - 1);
        self.branches[i].steps.push(step);
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
        let from = self.branch();
        let n = self.branches.len() + 1;
        let name = format!("branch {n} (from step {})", self.cursor);
        let branch = Branch {
            name: name.clone(),
            seed: from.seed,
            steps: from.steps[..self.cursor.min(from.steps.len())].to_vec(),
        };
        self.branches.push(branch);
        self.active = self.branches.len() - 1;
        self.log(ConsoleEntry::Note(format!(
            "Started {name}; the other branch is kept."
        )));
    }

    fn log(&mut self, entry: ConsoleEntry) {
        self.console.push(entry);
        if self.console.len() > CONSOLE_KEEP {
            let extra = self.console.len() - CONSOLE_KEEP;
            self.console.drain(..extra);
        }
    }

    fn open_lesson(&mut self, id: &str) {
        let Some(scenario) = find_lesson(id) else {
            self.log(ConsoleEntry::Note(format!("No lesson {id}.")));
            return;
        };
        let steps = match lesson_steps(&scenario) {
            Ok(steps) => steps,
            Err(e) => {
                self.log(ConsoleEntry::Note(format!(
                    "Lesson {id} does not parse: {e}"
                )));
                return;
            }
        };
        let seed = scenario.seed.unwrap_or(SEED);
        let console = std::mem::take(&mut self.console);
        let history = std::mem::take(&mut self.history);
        let speed = self.speed;
        *self = State::new(seed);
        self.console = console;
        self.history = history;
        self.speed = speed;
        self.lesson = Some(LessonMeta {
            id: scenario.id.clone(),
            title: scenario.title.clone(),
            summary: scenario.summary.clone(),
        });
        self.branches[0].name = format!("lesson {}", scenario.id);
        self.branches[0].steps = steps;
        self.refresh(false);
    }
}

// ---- sessions as text: share links, autosave, import and export ----

/// The id sessions that are not a lesson get in exported files (the format requires one).
const SESSION_ID: &str = "session";

impl State {
    /// The session as a share link (and as the autosaved text): every branch, opened where the
    /// user is. The first branch is the body: a built-in lesson followed only by typed commands
    /// is referenced by id, which keeps its links short; anything else (a typed session, an
    /// imported file) is inlined as a scenario. Later branches are a prefix of an earlier one
    /// plus typed commands, which is how forking makes them.
    pub fn to_share(&self, mode: ShareMode, options: Vec<(String, String)>) -> Share {
        let steps = &self.branches[0].steps;
        let lesson_ref = self.lesson.as_ref().and_then(|l| {
            let lesson = find_lesson(&l.id)?;
            let lesson_steps = lesson_steps(&lesson).ok()?;
            let n = lesson_steps.len();
            let same = steps.len() >= n
                && steps[..n] == lesson_steps[..]
                && steps[n..].iter().all(|s| s.typed);
            same.then(|| ShareSource::Lesson {
                id: l.id.clone(),
                extra: command_lines(&steps[n..]),
            })
        });
        let branches = self
            .branches
            .iter()
            .enumerate()
            .skip(1)
            .map(|(i, b)| share_branch(&self.branches[..i], b))
            .collect();
        Share {
            mode,
            seed: self.branches[0].seed,
            step: self.cursor,
            source: lesson_ref.unwrap_or_else(|| ShareSource::Scenario(self.scenario_of(steps))),
            branches,
            open: self.active,
            options,
        }
    }

    /// The active branch as a scenario file (export, and links that cannot name a lesson).
    /// A goal survives only on the last step, as the format requires; goal steps run no
    /// commands, so dropping an earlier one changes nothing in the world.
    pub fn to_scenario(&self) -> Scenario {
        self.scenario_of(self.steps())
    }

    fn scenario_of(&self, steps: &[StepDef]) -> Scenario {
        let last = steps.len().saturating_sub(1);
        let (id, title, summary) = match &self.lesson {
            Some(l) => (l.id.clone(), l.title.clone(), l.summary.clone()),
            None => (
                SESSION_ID.to_owned(),
                "Keyfall session".to_owned(),
                String::new(),
            ),
        };
        Scenario {
            id,
            title,
            summary: one_line(&summary),
            rules: Vec::new(),
            seed: Some(self.branch().seed),
            steps: steps
                .iter()
                .enumerate()
                .map(|(i, s)| Step {
                    title: if s.title.trim().is_empty() {
                        format!("Step {}", i + 1)
                    } else {
                        one_line(&s.title)
                    },
                    narration: s.narration.clone(),
                    notes: s.notes.clone(),
                    commands: s
                        .commands
                        .iter()
                        .map(|(_, c)| CommandLine {
                            line: 0,
                            column: 0,
                            text: c.to_string(),
                        })
                        .collect(),
                    goal: if i == last { s.goal.clone() } else { None },
                })
                .collect(),
        }
    }

    /// A session rebuilt from a share link or the autosave: the same seed and commands, so the
    /// same world byte for byte, with the cursor at the link's step.
    pub fn from_share(share: &Share) -> Result<State, String> {
        let (lesson, steps) = match &share.source {
            ShareSource::Lesson { id, extra } => {
                let scenario = find_lesson(id).ok_or_else(|| {
                    format!(
                        "the link opens lesson {id}, which this version of Keyfall does not have"
                    )
                })?;
                let mut steps = lesson_steps(&scenario).map_err(|e| e.to_string())?;
                push_typed(&mut steps, extra)?;
                (Some(lesson_meta(&scenario)), steps)
            }
            ShareSource::Scenario(scenario) => {
                let mut steps = lesson_steps(scenario).map_err(|e| e.to_string())?;
                // A typed session comes back as one step per command titled with it: show those
                // as typed steps again, not as a lesson.
                for s in &mut steps {
                    s.typed = s.narration.is_empty()
                        && s.notes.is_none()
                        && s.goal.is_none()
                        && matches!(&s.commands[..], [(_, c)] if c.to_string() == s.title);
                }
                let lesson = (scenario.id != SESSION_ID).then(|| lesson_meta(scenario));
                (lesson, steps)
            }
        };
        let mut s = State::new(share.seed);
        s.branches[0].name = match &lesson {
            Some(l) => format!("lesson {}", l.id),
            None => "main".to_owned(),
        };
        s.lesson = lesson;
        s.branches[0].steps = steps;
        for b in &share.branches {
            // The link's parser only lets a branch start from an earlier one.
            let Some(base) = s.branches.get(b.base) else {
                return Err(format!("branch “{}” starts from a missing branch", b.name));
            };
            let Some(prefix) = base.steps.get(..b.at) else {
                return Err(format!(
                    "branch “{}” starts at step {}, but the branch it starts from has {} steps",
                    b.name,
                    b.at,
                    base.steps.len()
                ));
            };
            let mut steps = prefix.to_vec();
            push_typed(&mut steps, &b.typed)?;
            s.branches.push(Branch {
                name: b.name.clone(),
                seed: share.seed,
                steps,
            });
        }
        // The link's parser checks `open` against the branches it names.
        s.active = share.open.min(s.branches.len() - 1);
        s.read_only = share.mode == ShareMode::View;
        s.replay(share.step);
        Ok(s)
    }

    /// Swaps in another session, keeping what belongs to the user rather than the session:
    /// the console transcript, the history and the speed.
    fn replace_with(&mut self, mut next: State) {
        next.console = std::mem::take(&mut self.console);
        next.history = std::mem::take(&mut self.history);
        next.speed = self.speed;
        *self = next;
    }

    fn import(&mut self, name: &str, text: &str) {
        let scenario = match scenario_from_file(text) {
            Ok(s) => s,
            Err(e) => {
                self.notice = Some(Notice::error(format!(
                    "{name} was not imported: {e}. Your session is unchanged."
                )));
                return;
            }
        };
        // A lesson opens at its start, like the built-in ones; a script or an exported session
        // opens with every command applied, where its author left it.
        let narrated = scenario.steps.iter().any(|s| !s.narration.is_empty());
        let share = Share {
            mode: ShareMode::Edit,
            seed: scenario.seed.unwrap_or(SEED),
            step: if narrated { 0 } else { scenario.steps.len() },
            source: ShareSource::Scenario(scenario),
            branches: Vec::new(),
            open: 0,
            options: Vec::new(),
        };
        match State::from_share(&share) {
            Ok(next) => {
                self.replace_with(next);
                self.edited = true;
                self.notice = Some(Notice::info(format!("Imported {name}.")));
            }
            Err(e) => {
                self.notice = Some(Notice::error(format!(
                    "{name} was not imported: {e}. Your session is unchanged."
                )));
            }
        }
    }
}

/// A later branch as a link carries it: the earlier branch it shares the longest prefix with,
/// when everything after that prefix was typed (as after a fork, always). Failing that, its
/// commands all typed after an empty prefix, which rebuilds the same world without narration.
fn share_branch(earlier: &[Branch], branch: &Branch) -> ShareBranch {
    let best = earlier
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let common = e
                .steps
                .iter()
                .zip(&branch.steps)
                .take_while(|(a, b)| a == b)
                .count();
            (i, common)
        })
        .filter(|&(_, common)| branch.steps[common..].iter().all(|s| s.typed))
        .max_by_key(|&(i, common)| (common, std::cmp::Reverse(i)));
    let (base, at) = best.unwrap_or((0, 0));
    ShareBranch {
        name: branch.name.clone(),
        base,
        at,
        typed: command_lines(&branch.steps[at..]),
    }
}

/// The commands of `steps`, one line each: how a link carries what was typed after a lesson or
/// a fork.
fn command_lines(steps: &[StepDef]) -> Vec<String> {
    steps
        .iter()
        .flat_map(|s| s.commands.iter().map(|(_, c)| c.to_string()))
        .collect()
}

/// Appends one typed step per command line of a link ([`command_lines`] read back).
fn push_typed(steps: &mut Vec<StepDef>, lines: &[String]) -> Result<(), String> {
    for line in lines {
        match parse_line(line) {
            Ok(Some(c)) => steps.push(typed_step(line.clone(), c)),
            Ok(None) => {}
            Err(e) => return Err(format!("a command in the link does not parse: {e}")),
        }
    }
    Ok(())
}

/// Reads an imported file: a scenario (`# Title` ...), or failing that a plain script of
/// commands. Errors name the line and column in the file.
pub fn scenario_from_file(text: &str) -> Result<Scenario, String> {
    let scenario = match parse_scenario(text) {
        Ok(s) => s,
        Err(scenario_error) => {
            // A file without `## ` steps is read as a script of commands, one per line.
            let looks_like_scenario = text.lines().any(|l| l.trim_start().starts_with("## "));
            match parse_script(text) {
                Ok(script) if !looks_like_scenario && !script.lines.is_empty() => {
                    let mut s = Scenario::from_script("Imported script", &script);
                    s.id = SESSION_ID.to_owned();
                    s.steps = script
                        .lines
                        .iter()
                        .map(|l| Step {
                            title: l.command.to_string(),
                            narration: String::new(),
                            notes: None,
                            commands: vec![CommandLine {
                                line: l.line,
                                column: 1,
                                text: l.command.to_string(),
                            }],
                            goal: None,
                        })
                        .collect();
                    s
                }
                Ok(_) => {
                    return Err(format!(
                        "line {}, column {}: {}",
                        scenario_error.line, scenario_error.column, scenario_error.message
                    ));
                }
                Err(_) if looks_like_scenario || text.trim_start().starts_with("# ") => {
                    // It meant to be a scenario: its own error is the useful one.
                    return Err(format!(
                        "line {}, column {}: {}",
                        scenario_error.line, scenario_error.column, scenario_error.message
                    ));
                }
                Err(e) => {
                    return Err(format!(
                        "line {}, column {}: {}",
                        e.line, e.column, e.message
                    ));
                }
            }
        }
    };
    scenario_commands(&scenario, true)
        .map_err(|e| format!("line {}, column {}: {}", e.line, e.column, e.message))?;
    Ok(scenario)
}

/// A built-in lesson by id. Found by its header, so only that lesson is parsed: the autosave
/// asks on every step of a lesson.
fn find_lesson(id: &str) -> Option<Scenario> {
    let i = lesson_titles()
        .iter()
        .position(|(lesson, _)| *lesson == id)?;
    parse_scenario(builtin_lessons().get(i)?.1).ok()
}

fn lesson_meta(scenario: &Scenario) -> LessonMeta {
    LessonMeta {
        id: scenario.id.clone(),
        title: scenario.title.clone(),
        summary: scenario.summary.clone(),
    }
}

fn typed_step(text: String, command: Command) -> StepDef {
    StepDef {
        title: text,
        narration: String::new(),
        notes: None,
        commands: vec![(1, command)],
        goal: None,
        typed: true,
    }
}

/// Header fields and titles are one line in the file format.
fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

/// The steps of a lesson, commands parsed with their lines in the file.
fn lesson_steps(scenario: &Scenario) -> Result<Vec<StepDef>, ParseError> {
    // Parse through the core so errors carry the file's line and column.
    scenario_commands(scenario, true)?;
    let mut out = Vec::new();
    for step in &scenario.steps {
        let mut commands = Vec::new();
        if step.goal.is_none() {
            for cl in &step.commands {
                if let Ok(Some(c)) = parse_line(&cl.text) {
                    commands.push((cl.line, c));
                }
            }
        }
        out.push(StepDef {
            title: step.title.clone(),
            narration: step.narration.clone(),
            notes: step.notes.clone(),
            commands,
            goal: step.goal.clone(),
            typed: false,
        });
    }
    Ok(out)
}

fn run_step(runner: &mut Runner, step: &StepDef) -> Vec<Record> {
    step.commands
        .iter()
        .map(|(line, c)| runner.run(*line, c))
        .collect()
}

/// The calls of `records`, labelled for the stage. Versions are shown as `@N`, their place in the
/// object's version order, when the world still knows the object; else as 8 hex characters.
pub fn calls_of(records: &[Record], world: &WorldRef) -> Vec<CallView> {
    let mut out = Vec::new();
    for (i, r) in records.iter().enumerate() {
        for e in &r.events {
            let Event::Call {
                caller,
                callee,
                operation,
                object,
                version,
                result,
                status,
                ..
            } = e
            else {
                continue;
            };
            let (allowed, code, missing) = match result {
                CallResult::Allow => (true, None, None),
                CallResult::Deny(d) => (
                    false,
                    Some("Forbidden".to_owned()),
                    Some(d.missing.to_string()),
                ),
                CallResult::Fail { code, .. } => (false, Some(code.name().to_owned()), None),
            };
            out.push(CallView {
                caller: caller.clone(),
                callee: callee.clone(),
                operation: operation.clone(),
                target: target_label(world, callee, object, version.as_deref()),
                allowed,
                status: *status,
                code,
                missing,
                command: i,
            });
        }
    }
    out
}

/// `kek/@2` when the version's place is known, `kek/1a2b3c4d` otherwise; long generated names
/// (ADE's GUID secret names) are cut to 8 characters.
pub fn target_label(world: &WorldRef, vault: &str, object: &str, version: Option<&str>) -> String {
    let name = short(object);
    let Some(v) = version else {
        return name;
    };
    let place = world.world.vault(vault).and_then(|vault| {
        let keys = vault
            .keys
            .get(object)
            .and_then(|k| k.versions.iter().position(|kv| kv.id == v));
        let secrets = || {
            vault
                .secrets
                .get(object)
                .and_then(|s| s.versions.iter().position(|sv| sv.id == v))
        };
        keys.or_else(secrets)
    });
    match place {
        Some(p) => format!("{name}/@{}", p + 1),
        None => format!("{name}/{}", v.chars().take(8).collect::<String>()),
    }
}

/// A name short enough for a label: GUID-like names keep their first 8 characters.
pub fn short(name: &str) -> String {
    if name.chars().count() > 20 {
        let head: String = name.chars().take(8).collect();
        format!("{head}…")
    } else {
        name.to_owned()
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
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
                Err(e) => {
                    s.notice = Some(Notice::error(format!(
                        "This link could not be opened: {e}."
                    )))
                }
            },
            Action::OpenAt { lesson, step } => {
                s.open_lesson(&lesson);
                if s.lesson.as_ref().is_some_and(|l| l.id == lesson) {
                    s.replay(step);
                } else {
                    s.notice = Some(Notice::error(format!(
                        "There is no lesson {lesson}; here is the start page."
                    )));
                }
            }
            Action::Import { name, text } => s.import(&name, &text),
            Action::Notify(n) => s.notice = Some(n),
            Action::DismissNotice => s.notice = None,
            Action::MakeEditable => s.read_only = false,
            Action::Confirm => {
                if let Some(p) = s.pending.take() {
                    s.run_typed(p.text, p.command);
                }
            }
            Action::Cancel => {
                if let Some(p) = s.pending.take() {
                    s.log(ConsoleEntry::Note(format!("Cancelled: {}", p.text)));
                }
            }
            Action::StepNext => {
                if s.cursor < s.steps().len() {
                    s.apply_next();
                } else {
                    s.playing = false;
                }
            }
            Action::StepBack => {
                s.playing = false;
                if s.cursor > 0 {
                    s.seek(s.cursor - 1);
                }
            }
            Action::Seek(n) => {
                s.playing = false;
                if n != s.cursor {
                    s.seek(n);
                }
            }
            Action::TogglePlay => {
                s.playing = !s.playing && s.cursor < s.steps().len();
                s.messages_paused = !s.playing && !s.messages_done();
            }
            Action::SetSpeed(speed) => s.speed = speed,
            Action::MessageTick => {
                if !s.messages_paused && !s.messages_done() {
                    s.shown += 1;
                }
            }
            Action::MessageStep => {
                s.messages_paused = true;
                s.playing = false;
                if !s.messages_done() {
                    s.shown += 1;
                }
            }
            Action::Branch => {
                s.playing = false;
                s.fork();
                s.refresh(false);
            }
            Action::SwitchBranch(n) => {
                if n < s.branches.len() && n != s.active {
                    s.active = n;
                    s.compare = None;
                    let end = s.steps().len();
                    s.replay(end);
                }
            }
            Action::Compare(None) => s.compare = None,
            Action::Compare(Some(n)) => {
                if let Some(b) = s.branches.get(n) {
                    let mut runner = Runner::new(b.seed);
                    for step in &b.steps {
                        run_step(&mut runner, step);
                    }
                    s.compare = Some((n, Rc::new(runner.world().health())));
                }
            }
            Action::ShowHint => s.hint = true,
            Action::Select(sel) => s.selected = sel,
            Action::ClearConsole => s.console.clear(),
        }
        Rc::new(s)
    }
}
