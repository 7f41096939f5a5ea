//! What a scenario editor needs to know about the text being written, as plain functions of the
//! text: the class of each span for colouring ([`highlight`]), the problems in it with their line
//! and column ([`check`]: parse errors with the parser's suggestion, `sim expect` lines and goals
//! that do not hold beside what really happened, and a lint), completion at the caret
//! ([`complete_at`], the console's completion with the names that exist at that line) and the
//! step under the caret ([`step_at`]).
//!
//! Everything is read by the same parser, lexer and runner the lessons use, so the editor cannot
//! accept a file the player rejects, nor check an expectation differently.

mod highlight;

use crate::health::HealthReport;
use crate::lang::{Completion, complete};
use crate::run::{Record, Runner};
use crate::scenario::{Scenario, parse_scenario};
use crate::world::World;

pub use highlight::{Class, Highlight, highlight};

/// How bad a diagnostic is. Ordered worst first, so `min` picks the worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The file does not parse, or a command does not.
    Error,
    /// A `sim expect` or a goal that does not hold when the scenario runs.
    Failed,
    /// Runs, but is probably a mistake (the lint).
    Warning,
}

impl Severity {
    /// A short name, for the renderer's class attribute.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Failed => "failed",
            Severity::Warning => "warning",
        }
    }
}

/// A problem at a place in the text. Lines and columns are 1-based and count characters, as
/// the parser's do; `end_column` is just past the text it concerns (equal to `column` when
/// something is missing at the end of the line).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub line: usize,
    pub column: usize,
    pub end_column: usize,
    pub severity: Severity,
    pub message: String,
    /// The word the parser suggests in place of the one at `column`.
    pub suggestion: Option<String>,
}

/// A `sim expect` line or a `goal:` line, and whether it held when the scenario ran.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LineCheck {
    pub line: usize,
    pub held: bool,
    /// What really happened: for a `sim expect`, what the command before it got and said
    /// (`got error Forbidden: 403 Forbidden ...`); for a goal, each condition's verdict.
    pub said: String,
}

/// What [`check`] found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    /// The scenario, when the text parses.
    pub scenario: Option<Scenario>,
    /// Every problem, in the order of the text.
    pub diagnostics: Vec<Diagnostic>,
    /// Every `sim expect` and goal line that ran, in the order of the text.
    pub checks: Vec<LineCheck>,
}

/// Parses `text`, runs every step (a goal step's reference solution too, so its goal is
/// checked) from `default_seed` unless the text names a seed, and reports what is wrong.
///
/// A file that does not parse gives only its first error, as the parser stops there. Otherwise
/// each command that does not parse is an error at its column, each `sim expect` and goal is
/// checked, and the lint adds warnings: a step without narration, a goal that already holds
/// before its step's commands (the room would have nothing to do), a reference solution longer
/// than its `par:`. (A rule that DOMAIN.md does not have is already the parser's error.)
pub fn check(text: &str, default_seed: u64) -> Report {
    let scenario = match parse_scenario(text) {
        Ok(s) => s,
        Err(e) => {
            return Report {
                diagnostics: vec![at_word(text, e.line, e.column, Severity::Error, e.message)],
                ..Report::default()
            };
        }
    };
    let layout = Layout::of(text);
    let mut report = Report::default();
    let mut runner = Runner::new(scenario.seed.unwrap_or(default_seed));
    let mut previous: Option<Record> = None;
    for (i, step) in scenario.steps.iter().enumerate() {
        let heading = layout.steps.get(i).copied().unwrap_or(1);
        if step.narration.is_empty() {
            report.diagnostics.push(whole_line(
                text,
                heading,
                Severity::Warning,
                format!(
                    "step `{}` has no narration: say in a line or two what the room should watch",
                    step.title
                ),
            ));
        }
        let goal_lines = layout.lines_in_step(i, "goal:");
        if step.goal.is_some() && !goal_lines.is_empty() {
            let health = runner.world().health();
            if goal_lines
                .iter()
                .all(|&l| goal_conditions(text, l, &health).0)
            {
                report.diagnostics.push(whole_line(
                    text,
                    goal_lines[0],
                    Severity::Warning,
                    "the goal already holds before this step's commands: there is nothing to fix"
                        .to_owned(),
                ));
            }
        }
        // Par counts what goal mode counts: the commands that changed the world.
        let mut used = 0;
        for cl in &step.commands {
            match runner.run_line(cl.line, cl.column, &cl.text) {
                Err(e) => {
                    let mut d = at_word(text, e.line, e.column, Severity::Error, e.message);
                    d.suggestion = e.suggestion;
                    report.diagnostics.push(d);
                }
                Ok(records) => {
                    used += records.iter().filter(|r| r.changed_world()).count();
                    for r in records {
                        if r.is_expectation() {
                            // Beside the line, only what happened (the line says what was
                            // expected); in the list, both.
                            let (said, message) = match (&previous, r.ok) {
                                (Some(p), false) => {
                                    let got = r.message.split(", got ").nth(1).unwrap_or("");
                                    let happened = format!("got {got}: {}", p.outcome());
                                    let message = format!("{}: {}", r.message, p.outcome());
                                    (happened, message)
                                }
                                _ => (r.message.clone(), r.message.clone()),
                            };
                            if !r.ok {
                                report.diagnostics.push(whole_line(
                                    text,
                                    r.line,
                                    Severity::Failed,
                                    message,
                                ));
                            }
                            report.checks.push(LineCheck {
                                line: r.line,
                                held: r.ok,
                                said,
                            });
                        } else {
                            previous = Some(r);
                        }
                    }
                }
            }
        }
        if let Some(goal) = &step.goal {
            let health = runner.world().health();
            for &l in &goal_lines {
                let (held, said) = goal_conditions(text, l, &health);
                if !held {
                    report.diagnostics.push(whole_line(
                        text,
                        l,
                        Severity::Failed,
                        format!("after the solution, {said}"),
                    ));
                }
                report.checks.push(LineCheck {
                    line: l,
                    held,
                    said,
                });
            }
            if let Some(&par_line) = layout.lines_in_step(i, "par:").first()
                && used > goal.par as usize
            {
                report.diagnostics.push(whole_line(
                    text,
                    par_line,
                    Severity::Warning,
                    format!(
                        "the solution below changes the world in {used} commands but par is {}",
                        goal.par
                    ),
                ));
            }
        }
    }
    report
        .diagnostics
        .sort_unstable_by_key(|d| (d.line, d.column, d.severity));
    // Checks are already in the order of the text: commands, then the goal lines after them.
    report.scenario = Some(scenario);
    report
}

/// Whether every condition on goal line `line` holds in `health`, and each condition's verdict
/// in words (`vm:vm1 is broken, wanted ok`).
fn goal_conditions(text: &str, line: usize, health: &HealthReport) -> (bool, String) {
    let content = nth_line(text, line).trim();
    let value = content.strip_prefix("goal:").unwrap_or("").trim();
    // The file parsed, so its goal lines read: the parser's own reading, typed.
    let mut conditions = Vec::new();
    let _ = crate::scenario::parse_conditions(line, content, value, 0, &mut conditions);
    let mut held = true;
    let mut said = Vec::new();
    for (asset, want) in conditions {
        let now = health.get(&asset).map(|a| a.verdict);
        let ok = now == Some(want);
        held &= ok;
        let want = want.name();
        said.push(match now {
            Some(v) if ok => format!("{asset} is {}", v.name()),
            Some(v) => format!("{asset} is {}, wanted {want}", v.name()),
            None => format!("{asset} does not exist, wanted {want}"),
        });
    }
    (held, said.join("; "))
}

/// Completion at byte `offset` of `text`: on a `$` line, the console's completion of the
/// command up to the caret, with the names of the objects that exist once every earlier `$`
/// line has run (in the order of the file, from the file's seed). `start` is a byte offset in
/// `text`. `None` when the caret is not in a command.
pub fn complete_at(text: &str, offset: usize, default_seed: u64) -> Option<Completion> {
    let offset = floor_char(text, offset.min(text.len()));
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    let trimmed = before.trim_start();
    let rest = trimmed.strip_prefix('$')?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let command = rest.trim_start();
    let command_start = offset - command.len();
    let caret_line = text[..line_start].matches('\n').count() + 1;
    let names = completion_names(runner_before(text, caret_line, default_seed).world());
    let c = complete(command, &names);
    Some(Completion {
        start: command_start + c.start,
        candidates: c.candidates,
    })
}

/// A runner after every `$` line of a step above line `line` has run, errors and all ignored:
/// the world a command written at `line` would meet. Works on text that does not parse yet.
fn runner_before(text: &str, line: usize, default_seed: u64) -> Runner {
    let layout = Layout::of(text);
    let seed = layout
        .seed
        .and_then(|l| nth_line(text, l).trim().strip_prefix("seed:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default_seed);
    let mut runner = Runner::new(seed);
    let first_step = layout.steps.first().copied().unwrap_or(usize::MAX);
    for (i, raw) in text.split('\n').enumerate().take(line.saturating_sub(1)) {
        let n = i + 1;
        let content = raw.trim();
        if n < first_step {
            continue;
        }
        if let Some(rest) = content.strip_prefix('$')
            && rest.starts_with(char::is_whitespace)
        {
            let command = rest.trim();
            let column = raw.chars().count() - raw.trim_start().chars().count() + 2;
            let _ = runner.run_line(n, column, command);
        }
    }
    runner
}

/// The index of the step the caret at byte `offset` is in, `None` above the first step.
pub fn step_at(text: &str, offset: usize) -> Option<usize> {
    let offset = floor_char(text, offset.min(text.len()));
    let line = text[..offset].matches('\n').count() + 1;
    let layout = Layout::of(text);
    layout.steps.iter().rposition(|&l| l <= line)
}

/// Names of the things that exist in `w`, for completion: principals, vaults with their groups,
/// locations, keys and secrets, VMs, Recovery Services vaults with their items and recovery
/// points, Disk Encryption Sets, and the usual group and locations.
pub fn completion_names(w: &World) -> Vec<String> {
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
        names.push(vm.disk_name.clone());
    }
    names.extend(w.managed_disks().map(|d| d.name.clone()));
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

/// The text a blank scenario starts from: a three-step scenario with a goal, explained in
/// comments, that parses and whose checks all hold, so a trainer can change it one line at a
/// time and see what each change does.
pub const TEMPLATE: &str = include_str!("template.kf");

/// Where the headings and header lines are, as the parser reads them (comments skipped).
struct Layout {
    /// The line of each `## ` step heading, in order.
    steps: Vec<usize>,
    /// The line of `seed:` in the header.
    seed: Option<usize>,
    /// Every line's trimmed start, to find goal and par lines.
    lines: Vec<(usize, String)>,
}

impl Layout {
    fn of(text: &str) -> Layout {
        let mut steps = Vec::new();
        let mut seed = None;
        let mut lines = Vec::new();
        for (i, raw) in text.split('\n').enumerate() {
            let n = i + 1;
            let content = raw.trim();
            if content.starts_with("//") {
                continue;
            }
            if content.starts_with("## ") || content == "##" {
                steps.push(n);
            } else if steps.is_empty() && content.starts_with("seed:") {
                seed.get_or_insert(n);
            }
            if content.starts_with("goal:") || content.starts_with("par:") {
                lines.push((n, content.to_owned()));
            }
        }
        Layout { steps, seed, lines }
    }

    /// The lines of step `i` that start with `prefix`.
    fn lines_in_step(&self, i: usize, prefix: &str) -> Vec<usize> {
        let from = self.steps.get(i).copied().unwrap_or(usize::MAX);
        let to = self.steps.get(i + 1).copied().unwrap_or(usize::MAX);
        self.lines
            .iter()
            .filter(|(n, c)| (from..to).contains(n) && c.starts_with(prefix))
            .map(|(n, _)| *n)
            .collect()
    }
}

/// Byte offsets where each line of `text` starts (a BOM is not part of line 1).
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    let first = if text.starts_with('\u{feff}') { 3 } else { 0 };
    std::iter::once(first)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// Line `n` (1-based) of `text`, without its ending; empty past the end.
fn nth_line(text: &str, n: usize) -> &str {
    let line = text.split('\n').nth(n.saturating_sub(1)).unwrap_or("");
    line.strip_suffix('\r').unwrap_or(line)
}

/// A diagnostic on the word at `column` of line `line`: up to the next whitespace, or nothing
/// when the column is past the end (something is missing there).
fn at_word(
    text: &str,
    line: usize,
    column: usize,
    severity: Severity,
    message: String,
) -> Diagnostic {
    let chars: Vec<char> = nth_line(text, line).chars().collect();
    let from = column.saturating_sub(1).min(chars.len());
    let len = chars[from..]
        .iter()
        .take_while(|c| !c.is_whitespace())
        .count();
    Diagnostic {
        line,
        column,
        end_column: column + len,
        severity,
        message,
        suggestion: None,
    }
}

/// A diagnostic on the whole content of line `line`.
fn whole_line(text: &str, line: usize, severity: Severity, message: String) -> Diagnostic {
    let raw = nth_line(text, line);
    let lead = raw.chars().count() - raw.trim_start().chars().count();
    Diagnostic {
        line,
        column: lead + 1,
        end_column: raw.trim_end().chars().count() + 1,
        severity,
        message,
        suggestion: None,
    }
}

/// The largest char boundary at or below `offset`, so a caret from the page can never split a
/// character.
fn floor_char(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests;
