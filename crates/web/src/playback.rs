//! Playing a branch: the cursor, the world at the cursor and what is drawn from it (health, the
//! step's calls), the messages still travelling, and the speed.
//!
//! The world is never edited in place by the UI: it is the branch's steps run from the seed
//! through a [`Runner`], so back, scrub and branch are exact (determinism). Replaying from the
//! seed on every jump costs O(steps), which a long training session (a thousand typed commands)
//! cannot afford, so a [`Replay`] keeps a snapshot of the runner every [`SNAPSHOT_EVERY`] steps
//! (worlds share their maps copy-on-write, so a snapshot costs little more than its audit log)
//! and each step's records: a jump replays at most that many steps.
//!
//! Every big value is behind an `Rc`, so copying a `Playback` (as the reducer does for a message
//! tick) copies a few integers and pointers.

use std::rc::Rc;

use keyfall_core::{HealthReport, Record, Runner, World};

use crate::layout::Cast;
use crate::session::StepDef;
use crate::shared::WorldRef;
use crate::view::{CallView, calls_of};

/// Steps between kept runner snapshots: a jump replays at most this many steps.
pub const SNAPSHOT_EVERY: usize = 16;

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

/// What running the active branch has produced so far: the runner after every
/// [`SNAPSHOT_EVERY`]th step (`snapshots[k]` after `k * SNAPSHOT_EVERY` steps; `snapshots[0]` is
/// the fresh world) and the records of each step run. Valid as long as the branch's steps up to
/// what it covers do not change; [`Playback::keep`] cuts it back when they do.
#[derive(Debug, Clone)]
struct Replay {
    snapshots: Vec<Rc<Runner>>,
    records: Vec<Rc<Vec<Record>>>,
    /// The id of the last vault audit entry after each step run (0: none yet), so an audited
    /// change can be named by the step that made it.
    audit_ends: Vec<u64>,
}

impl Replay {
    fn new(base: Rc<Runner>) -> Replay {
        Replay {
            snapshots: vec![base],
            records: Vec::new(),
            audit_ends: Vec::new(),
        }
    }

    /// Keeps the records of step `i` (0-based); true when the runner that ran it should be
    /// kept as the next snapshot.
    fn ran(&mut self, i: usize, records: &Rc<Vec<Record>>, runner: &Runner) -> bool {
        let audit_end = runner.world().audit().last().map_or(0, |a| a.id);
        if i < self.records.len() {
            self.records[i] = records.clone();
            self.audit_ends[i] = audit_end;
        } else {
            self.records.push(records.clone());
            self.audit_ends.push(audit_end);
        }
        let n = i + 1;
        n.is_multiple_of(SNAPSHOT_EVERY) && self.snapshots.len() == n / SNAPSHOT_EVERY
    }
}

/// What a playback shows at its cursor: the world, its health and the current step's calls.
#[derive(Debug, Clone)]
pub struct Now {
    /// The world after the cursor's steps, as components see it.
    pub world: WorldRef,
    pub health: Rc<HealthReport>,
    /// The records of the current step (the last applied).
    pub records: Rc<Vec<Record>>,
    /// The calls of the current step, in order.
    pub calls: Rc<Vec<CallView>>,
    /// How many of `calls` have started travelling; the last of them is on stage.
    pub shown: usize,
}

/// Compared by the world's generation and `shown`, which is exact and costs two comparisons:
/// health, records and calls are set only with a new world ([`Playback::refresh`]).
impl PartialEq for Now {
    fn eq(&self, other: &Now) -> bool {
        self.world == other.world && self.shown == other.shown
    }
}

/// The cursor on the active branch and the world it shows.
#[derive(Debug, Clone)]
pub struct Playback {
    /// Steps of the active branch applied to the world (0: none).
    pub cursor: usize,
    /// What the cursor shows.
    pub now: Now,
    pub messages_paused: bool,
    pub playing: bool,
    pub speed: Speed,
    /// Every actor the stage shows for this branch: all of a lesson's, planned before it plays
    /// ([`Playback::plan`]), or, in free play, every one seen so far. The stage is laid out from
    /// it, so an actor keeps its place from step to step.
    pub cast: Rc<Cast>,
    /// The runner behind `now.world`, with the memory `sim expect` needs.
    runner: Rc<Runner>,
    replay: Rc<Replay>,
}

/// Playbacks compare by what they show, their cast's identity and their counters: what deciding
/// to re-render needs, in a few comparisons.
impl PartialEq for Playback {
    fn eq(&self, other: &Playback) -> bool {
        let (a, b) = (self, other);
        a.now == b.now
            && Rc::ptr_eq(&a.cast, &b.cast)
            && (a.cursor, a.messages_paused, a.playing, a.speed)
                == (b.cursor, b.messages_paused, b.playing, b.speed)
    }
}

impl Playback {
    /// The empty world of `seed`. `generation` continues the numbering of the playback this
    /// one replaces, so effects keyed on it see the change.
    pub fn new(seed: u64, speed: Speed, generation: u64) -> Playback {
        Playback::from_base(Rc::new(Runner::new(seed)), speed, generation)
    }

    /// Play that starts from `base` rather than an empty world: a challenge's broken estate,
    /// built by lines that are not steps of the user's.
    pub fn from_base(base: Rc<Runner>, speed: Speed, generation: u64) -> Playback {
        let replay = Replay::new(base);
        let runner = replay.snapshots[0].clone();
        let mut p = Playback {
            cursor: 0,
            now: Now {
                world: WorldRef {
                    world: Rc::new(runner.world().clone()),
                    generation,
                },
                health: Rc::new(HealthReport { assets: Vec::new() }),
                records: Rc::default(),
                calls: Rc::default(),
                shown: 0,
            },
            messages_paused: false,
            playing: false,
            speed,
            cast: Rc::default(),
            runner,
            replay: Rc::new(replay),
        };
        p.refresh(true, 0);
        p
    }

    pub fn world(&self) -> &World {
        &self.now.world.world
    }

    /// The runner at the cursor: its world and the variables set so far.
    pub fn runner(&self) -> &Runner {
        &self.runner
    }

    /// All messages of the current step have started travelling.
    pub fn messages_done(&self) -> bool {
        self.now.shown >= self.now.calls.len()
    }

    /// The records of each of the first `cursor` steps.
    pub fn step_records(&self) -> &[Rc<Vec<Record>>] {
        &self.replay.records[..self.cursor]
    }

    /// The records of the first `cursor` steps, in order.
    pub fn played(&self) -> impl Iterator<Item = &Record> {
        self.step_records().iter().flat_map(|r| r.iter())
    }

    /// The step (1-based) of the first `cursor` that wrote vault audit entry `id`; `None` for
    /// an entry the starting world already had.
    pub fn step_of_audit(&self, id: u64) -> Option<usize> {
        (id > self.audit_start())
            .then(|| step_of_audit(self.audit_ends(), id))
            .flatten()
    }

    /// The last vault audit id of the starting world (0 but for a challenge's estate): entries
    /// up to it were written by no step.
    pub fn audit_start(&self) -> u64 {
        self.replay.snapshots[0]
            .world()
            .audit()
            .last()
            .map_or(0, |a| a.id)
    }

    /// The last vault audit id after each of the first `cursor` steps.
    pub fn audit_ends(&self) -> &[u64] {
        let ends = &self.replay.audit_ends;
        &ends[..self.cursor.min(ends.len())]
    }

    /// Applies the step after the cursor and returns it (`None` at the end, which stops play).
    pub fn apply_next(&mut self, steps: &[Rc<StepDef>]) -> Option<Rc<StepDef>> {
        let Some(step) = steps.get(self.cursor).cloned() else {
            self.playing = false;
            return None;
        };
        let mut runner = (*self.runner).clone();
        let records = Rc::new(run_step(&mut runner, &step));
        let runner = Rc::new(runner);
        let replay = Rc::make_mut(&mut self.replay);
        if replay.ran(self.cursor, &records, &runner) {
            replay.snapshots.push(runner.clone());
        }
        self.runner = runner;
        self.now.records = records;
        self.cursor += 1;
        self.refresh(true, steps.len());
        Some(step)
    }

    /// Rebuilds the world at `to` steps from the nearest snapshot (or the cursor, when it is
    /// nearer and before `to`). Exact by determinism.
    pub fn jump(&mut self, steps: &[Rc<StepDef>], to: usize) {
        let to = to.min(steps.len());
        let replay = Rc::make_mut(&mut self.replay);
        let k = (to / SNAPSHOT_EVERY).min(replay.snapshots.len() - 1);
        let (from, start) = if self.cursor <= to && self.cursor > k * SNAPSHOT_EVERY {
            (self.cursor, &self.runner)
        } else {
            (k * SNAPSHOT_EVERY, &replay.snapshots[k])
        };
        if from < to {
            let mut runner = (**start).clone();
            for (i, step) in steps.iter().enumerate().take(to).skip(from) {
                let records = Rc::new(run_step(&mut runner, step));
                if replay.ran(i, &records, &runner) {
                    replay.snapshots.push(Rc::new(runner.clone()));
                }
            }
            self.runner = Rc::new(runner);
        } else {
            self.runner = start.clone();
        }
        self.now.records = to
            .checked_sub(1)
            .map(|i| replay.records[i].clone())
            .unwrap_or_default();
        self.cursor = to;
        self.refresh(false, steps.len());
    }

    /// Goes back to the starting world (every branch of a session starts from the same one),
    /// forgetting every other snapshot: the active branch changed. Play flags and the speed
    /// stay. Call [`Playback::jump`] next.
    pub fn restart(&mut self) {
        let replay = Replay::new(self.replay.snapshots[0].clone());
        self.runner = replay.snapshots[0].clone();
        self.replay = Rc::new(replay);
        self.now.records = Rc::default();
        self.cursor = 0;
        self.cast = Rc::default();
    }

    /// Adds to the cast every actor any of `steps` shows, running them all from the start on a
    /// copy: a lesson is laid out once, from its first step to its last. Lessons are short; a
    /// long typed session is not planned (its stage grows as it is played).
    pub fn plan(&mut self, steps: &[Rc<StepDef>]) {
        let mut runner = (*self.replay.snapshots[0]).clone();
        let mut cast = (*self.cast).clone();
        let mut changed = false;
        for step in steps {
            run_step(&mut runner, step);
            changed |= cast.absorb(&Cast::of(runner.world()));
        }
        changed |= !cast.planned;
        cast.planned = true;
        if changed {
            self.cast = Rc::new(cast);
        }
    }

    /// Forgets what was computed past the first `n` steps: the branch changes after them (a
    /// fork keeps a prefix and then grows differently).
    pub fn keep(&mut self, n: usize) {
        let replay = Rc::make_mut(&mut self.replay);
        replay.records.truncate(n);
        replay.audit_ends.truncate(n);
        replay.snapshots.truncate(n / SNAPSHOT_EVERY + 1);
    }

    /// Recomputes everything derived from the world after the cursor moved (or the session
    /// changed under it). `len` is the branch's length: play stops at its end.
    pub fn refresh(&mut self, animate: bool, len: usize) {
        let generation = self.now.world.generation + 1;
        self.now.world = WorldRef {
            world: Rc::new(self.runner.world().clone()),
            generation,
        };
        self.now.health = Rc::new(self.now.world.world.health());
        let now = Cast::of(&self.now.world.world);
        let mut cast = (*self.cast).clone();
        if cast.absorb(&now) {
            self.cast = Rc::new(cast);
        }
        self.now.calls = Rc::new(calls_of(&self.now.records, &self.now.world.world));
        self.now.shown = if animate { 0 } else { self.now.calls.len() };
        if self.cursor >= len && self.messages_done() {
            self.playing = false;
        }
    }
}

/// Runs one step's commands.
pub fn run_step(runner: &mut Runner, step: &StepDef) -> Vec<Record> {
    if !step.shell.is_empty() {
        return step
            .shell
            .iter()
            .flat_map(|(line, text)| runner.run_text(*line, text).records)
            .collect();
    }
    step.commands
        .iter()
        .map(|(line, c)| runner.run(*line, c))
        .collect()
}

/// The step (1-based) that wrote audit entry `id`, given the last audit id after each step.
pub fn step_of_audit(audit_ends: &[u64], id: u64) -> Option<usize> {
    let i = audit_ends.partition_point(|end| *end < id);
    (i < audit_ends.len()).then_some(i + 1)
}
