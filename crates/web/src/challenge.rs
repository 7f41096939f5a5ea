//! Challenge mode's pure half (issue 15): a "fix it" puzzle from `keyfall_core::Challenge`
//! played in the app. The puzzle's world is the playback's starting world (its setup is not a
//! step of the user's), the user's typed commands are the steps, and the world is graded after
//! each one. This module holds what needs no browser: the link's `?challenge=SEED&level=L`,
//! the options a share link carries, the run's counters and the results kept in localStorage.
//! The panel is `components/challenge.rs`.

use std::rc::Rc;

use keyfall_core::{Challenge, HealthReport, Level, Record, Runner};

/// The localStorage key of the results, one line per (seed, level) solved.
pub const RESULTS_KEY: &str = "keyfall.challenges.v1";

/// The share-link options that name a challenge (`option: challenge=7`, `option: level=easy`),
/// and how many hints were shown.
const OPT_SEED: &str = "challenge";
const OPT_LEVEL: &str = "level";
const OPT_HINTS: &str = "hints";

/// A seed as typed or linked: a whole number that fits in 64 bits.
pub fn parse_seed(text: &str) -> Result<u64, String> {
    let t = text.trim();
    t.parse().map_err(|_| {
        format!(
            "the challenge seed “{t}” is not a whole number from 0 to {}",
            u64::MAX
        )
    })
}

pub fn parse_level(text: &str) -> Result<Level, String> {
    let t = text.trim();
    Level::from_name(t)
        .ok_or_else(|| format!("the challenge level “{t}” is not easy, medium or hard"))
}

/// The challenge a page's query asks for (`?challenge=7&level=medium`; the level defaults to
/// easy, as in the CLI): `None` when it asks for none, an error that says what is wrong when
/// the seed or the level does not read.
pub fn challenge_query(search: &str) -> Option<Result<(u64, Level), String>> {
    let seed = crate::persistence::query_param(search, OPT_SEED)?;
    let level = crate::persistence::query_param(search, OPT_LEVEL);
    Some(parse_seed(&decode_query(&seed)).and_then(|seed| {
        let level = level.map_or(Ok(Level::Easy), |l| parse_level(&decode_query(&l)))?;
        Ok((seed, level))
    }))
}

/// `%20` and `+` as a browser sends a typed value; anything else is kept as it came, so the
/// error quotes what was in the link.
fn decode_query(v: &str) -> String {
    v.replace('+', " ").replace("%20", " ")
}

/// The share-link options of a challenge run.
pub fn share_options(run: &ChallengeRun) -> Vec<(String, String)> {
    vec![
        (OPT_SEED.to_owned(), run.challenge.seed.to_string()),
        (OPT_LEVEL.to_owned(), run.challenge.level.name().to_owned()),
        (OPT_HINTS.to_owned(), run.hints_shown.to_string()),
    ]
}

/// The challenge a share link's options name, with the hints already shown: `None` for a link
/// of no challenge.
pub fn from_options(options: &[(String, String)]) -> Option<Result<(u64, Level, usize), String>> {
    let get = |key: &str| options.iter().find(|(k, _)| k == key).map(|(_, v)| v);
    let seed = get(OPT_SEED)?;
    Some(parse_seed(seed).and_then(|seed| {
        let level = parse_level(get(OPT_LEVEL).map_or("easy", |l| l.as_str()))?;
        let hints = get(OPT_HINTS).and_then(|h| h.parse().ok()).unwrap_or(0);
        Ok((seed, level, hints))
    }))
}

/// What solving took.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Solved {
    /// Commands that changed the world (reads are free).
    pub commands: usize,
    pub hints: usize,
    /// Milliseconds from the start, once the clock has said (the reducer is pure: the panel
    /// stamps it with [`ChallengeRun::stamp`]).
    pub ms: Option<f64>,
}

/// A challenge being played.
#[derive(Debug, Clone, PartialEq)]
pub struct ChallengeRun {
    pub challenge: Rc<Challenge>,
    pub hints_shown: usize,
    /// Commands that changed the world so far, on the branch on screen.
    pub commands: usize,
    /// Assets not `ok` at the last grade.
    pub remaining: usize,
    /// Set the first time the world grades solved; going back afterwards does not unsolve it.
    pub solved: Option<Solved>,
    /// When the puzzle started, by the page's clock (set by the panel on its first render).
    pub started_ms: Option<f64>,
}

impl ChallengeRun {
    /// The puzzle of `seed` at `level` and its starting world, or why it could not be built.
    pub fn start(seed: u64, level: Level) -> Result<(ChallengeRun, Runner), String> {
        let challenge = Challenge::generate(seed, level).map_err(|e| e.to_string())?;
        let runner = challenge.runner().map_err(|e| e.to_string())?;
        let run = ChallengeRun {
            remaining: challenge.symptoms.len(),
            challenge: Rc::new(challenge),
            hints_shown: 0,
            commands: 0,
            solved: None,
            started_ms: None,
        };
        Ok((run, runner))
    }

    /// Grades the world by its health `report` (the one playback already made for What breaks,
    /// rather than a second run of every check) after `commands` counted commands; the first
    /// solved grade is kept.
    pub fn grade(&mut self, report: &HealthReport, commands: usize) {
        let grade = Challenge::graded(report.clone());
        self.commands = commands;
        self.remaining = grade.remaining.len();
        if grade.solved && self.solved.is_none() {
            self.solved = Some(Solved {
                commands,
                hints: self.hints_shown,
                ms: None,
            });
        }
    }

    /// Shows one more hint; false when all are shown.
    pub fn reveal_hint(&mut self) -> bool {
        let more = self.hints_shown < self.challenge.hints().len();
        if more {
            self.hints_shown += 1;
        }
        more
    }

    /// The hints shown so far.
    pub fn shown_hints(&self) -> Vec<&str> {
        let all = self.challenge.hints();
        all[..self.hints_shown.min(all.len())].to_vec()
    }

    /// Stamps the solving time (milliseconds since the page's epoch); true when it was unset.
    pub fn stamp(&mut self, now_ms: f64) -> bool {
        match (&mut self.solved, self.started_ms) {
            (Some(s), Some(start)) if s.ms.is_none() => {
                s.ms = Some((now_ms - start).max(0.0));
                true
            }
            _ => false,
        }
    }
}

/// Whether a command counts toward the challenge's par: one that changed the world, as the
/// core answers it from the state events the command emitted (`Record::changed_world`). Reads,
/// failed commands and `sim expect` are free; `sim advance` and `sim write` count.
pub fn counts(record: &Record) -> bool {
    record.changed_world()
}

/// `m:ss`, for the timer and the results.
pub fn clock(ms: f64) -> String {
    let s = (ms / 1000.0).max(0.0) as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// The localStorage key of the challenges' clocks, so that a reload keeps the timer.
pub const CLOCKS_KEY: &str = "keyfall.challenge-clocks.v1";

/// How many clocks are kept: the most recent.
const CLOCKS_KEPT: usize = 50;

/// The entries of a text stored in localStorage, one a line, each read by `entry` from the
/// line's words; a line it does not read (an older format, a hand edit) is skipped.
fn stored_lines<T>(text: &str, entry: impl Fn(&[&str]) -> Option<T>) -> Vec<T> {
    text.lines()
        .filter_map(|line| entry(&line.split_whitespace().collect::<Vec<_>>()))
        .collect()
}

/// When a challenge started in this browser, and when it was solved, by the page's clock (ms).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClockEntry {
    pub seed: u64,
    pub level: Level,
    pub start: u64,
    pub end: Option<u64>,
}

/// The clocks of the challenges played in this browser, as stored under [`CLOCKS_KEY`]: one
/// line each, `seed level start [end]`, the most recent last.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Clocks {
    pub entries: Vec<ClockEntry>,
}

impl Clocks {
    /// Reads the stored text; a line that does not read is skipped.
    pub fn parse(text: &str) -> Clocks {
        let entries = stored_lines(text, |w| {
            let (seed, level, start, end) = match *w {
                [seed, level, start] => (seed, level, start, None),
                [seed, level, start, end] => (seed, level, start, Some(end.parse().ok()?)),
                _ => return None,
            };
            Some(ClockEntry {
                seed: seed.parse().ok()?,
                level: Level::from_name(level)?,
                start: start.parse().ok()?,
                end,
            })
        });
        Clocks { entries }
    }

    pub fn text(&self) -> String {
        self.entries
            .iter()
            .map(|e| match e.end {
                Some(end) => format!("{} {} {} {end}\n", e.seed, e.level, e.start),
                None => format!("{} {} {}\n", e.seed, e.level, e.start),
            })
            .collect()
    }

    pub fn get(&self, seed: u64, level: Level) -> Option<ClockEntry> {
        self.entries
            .iter()
            .find(|e| e.seed == seed && e.level == level)
            .copied()
    }

    /// Keeps `entry` as its (seed, level)'s clock, the most recent, forgetting the oldest
    /// beyond [`CLOCKS_KEPT`].
    pub fn set(&mut self, entry: ClockEntry) {
        self.entries
            .retain(|e| (e.seed, e.level) != (entry.seed, entry.level));
        self.entries.push(entry);
        let extra = self.entries.len().saturating_sub(CLOCKS_KEPT);
        self.entries.drain(..extra);
    }

    /// The clock of `seed` at `level` when the page opens it at `now`: the stored one, so a
    /// reload keeps counting from the first start; a new one when none is stored, or when the
    /// stored attempt was solved and this one is not (the puzzle is played again).
    pub fn resume(&mut self, seed: u64, level: Level, solved: bool, now: u64) -> ClockEntry {
        let entry = match self.get(seed, level) {
            Some(e) if e.end.is_none() || solved => e,
            _ => ClockEntry {
                seed,
                level,
                start: now,
                end: None,
            },
        };
        self.set(entry);
        entry
    }

    /// Stops the clock of `seed` at `level` at `now`, unless it was stopped already: returns
    /// when it stopped.
    pub fn stop(&mut self, seed: u64, level: Level, now: u64) -> u64 {
        let mut entry = self.get(seed, level).unwrap_or(ClockEntry {
            seed,
            level,
            start: now,
            end: None,
        });
        let end = *entry.end.get_or_insert(now);
        self.set(entry);
        end
    }
}

/// The best result of each (seed, level) solved in this browser, as stored under
/// [`RESULTS_KEY`]: one line each, `seed level commands par hints ms`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Results {
    pub entries: Vec<ResultEntry>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ResultEntry {
    pub seed: u64,
    pub level: Level,
    pub commands: usize,
    pub par: usize,
    pub hints: usize,
    pub ms: u64,
}

impl ResultEntry {
    /// Fewer hints, then fewer commands, then less time is better.
    fn key(&self) -> (usize, usize, u64) {
        (self.hints, self.commands, self.ms)
    }
}

impl Results {
    /// Reads the stored text; a line that does not read (an older format, a hand edit) is
    /// skipped rather than losing the others.
    pub fn parse(text: &str) -> Results {
        let entries = stored_lines(text, |w| {
            let [seed, level, commands, par, hints, ms] = *w else {
                return None;
            };
            Some(ResultEntry {
                seed: seed.parse().ok()?,
                level: Level::from_name(level)?,
                commands: commands.parse().ok()?,
                par: par.parse().ok()?,
                hints: hints.parse().ok()?,
                ms: ms.parse().ok()?,
            })
        });
        Results { entries }
    }

    pub fn text(&self) -> String {
        self.entries
            .iter()
            .map(|e| {
                format!(
                    "{} {} {} {} {} {}\n",
                    e.seed, e.level, e.commands, e.par, e.hints, e.ms
                )
            })
            .collect()
    }

    pub fn get(&self, seed: u64, level: Level) -> Option<&ResultEntry> {
        self.entries
            .iter()
            .find(|e| e.seed == seed && e.level == level)
    }

    /// Keeps `entry` if it is the first for its (seed, level) or better than the one kept;
    /// true when it was kept.
    pub fn record(&mut self, entry: ResultEntry) -> bool {
        match self
            .entries
            .iter_mut()
            .find(|e| e.seed == entry.seed && e.level == entry.level)
        {
            Some(old) if old.key() <= entry.key() => false,
            Some(old) => {
                *old = entry;
                true
            }
            None => {
                self.entries.push(entry);
                true
            }
        }
    }
}
