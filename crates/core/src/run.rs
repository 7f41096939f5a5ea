//! Running scripts and scenarios: apply each command, check each `sim expect`, record the result.
//!
//! The CLI, the lesson tests and the web app all run commands through a [`Runner`], so a lesson
//! that passes in the test suite plays the same way on the stage.

use serde::Serialize;

use crate::command::{Command, Expectation};
use crate::error::ErrorCode;
use crate::event::Event;
use crate::lang::{ParseError, parse_line};
use crate::output::{self, Format, Globals};
use crate::scenario::Scenario;
use crate::shell::{self, Env, Logical, Prepared, Stop};
use crate::world::World;

/// What one line of a script did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    /// 1-based line in the file.
    pub line: usize,
    /// The command, printed canonically.
    pub command: String,
    /// Whether the command succeeded (for `sim expect`: whether the expectation held).
    pub ok: bool,
    /// The top-level error code when it failed (`ExpectationFailed` for a `sim expect` that did
    /// not hold).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Azure's inner error code, when it has one (`KeyDisabled` under `Forbidden`).
    #[serde(skip_serializing_if = "Option::is_none", rename = "innerCode")]
    pub inner_code: Option<String>,
    /// HTTP status: 200 on success, Azure's status on failure, 0 for `sim expect` and for an
    /// error az raised without sending a request.
    pub status: u16,
    /// One line saying what happened.
    pub message: String,
    /// What az prints, one string per line: the JSON (or the `-o` format, after `--query`) of
    /// the result, read from the world after the command ran (`output::view`). A `sim` verb's
    /// output is its readable lines.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub output: Vec<String>,
    /// The readable lines of show and list commands and `sim` verbs, for the transcript.
    #[serde(skip)]
    pub detail: Vec<String>,
    /// The calls and state changes the command caused, in order.
    #[serde(skip)]
    pub events: Vec<Event>,
}

impl Record {
    /// The outcome in one line: the message on success; on failure the status and code first
    /// (`403 Forbidden (KeyDisabled): ...`), or `az CLI error: ...` when nothing was sent.
    pub fn outcome(&self) -> String {
        let code = match (&self.code, &self.inner_code) {
            (Some(code), Some(inner)) => format!("{code} ({inner})"),
            (Some(code), None) => code.clone(),
            _ => return self.message.clone(),
        };
        match self.status {
            _ if self.ok => self.message.clone(),
            0 if self.code.as_deref() == Some(ErrorCode::CliError.name()) => {
                format!("az: ERROR: {}", self.message)
            }
            0 => format!("{code}: {}", self.message),
            status => format!("{status} {code}: {}", self.message),
        }
    }

    /// Whether this record is a `sim expect` check.
    pub fn is_expectation(&self) -> bool {
        self.command.starts_with("sim expect")
    }

    /// Whether the command changed the world: it emitted a state event ([`Event::State`]), as
    /// every handler that changes state does (a test runs every command form to hold them to
    /// it). Reads, refused or failed commands and `sim expect` change nothing; `sim advance`,
    /// `sim write` and a boot that reaches the recovery screen do. Challenges and goal mode
    /// count these commands against par.
    pub fn changed_world(&self) -> bool {
        self.events.iter().any(|e| matches!(e, Event::State { .. }))
    }
}

/// The code `sim expect` reports when the previous outcome was not the expected one.
pub const EXPECTATION_FAILED: &str = "ExpectationFailed";

/// A world plus the memory `sim expect` needs: the previous command's outcome.
#[derive(Debug, Clone)]
pub struct Runner {
    world: World,
    /// The shell variables set so far (`kv=myvault`, `id=$(az ... -o tsv)`).
    env: Env,
    /// `None` before any command; `Some(None)` after a success; `Some(Some(code))` after a failure.
    last: Option<Option<ErrorCode>>,
    failed_expectations: usize,
}

impl Runner {
    /// A fresh world from `seed`.
    pub fn new(seed: u64) -> Runner {
        Runner {
            world: World::new(seed),
            env: Env::default(),
            last: None,
            failed_expectations: 0,
        }
    }

    /// The world as it stands.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// The shell variables set so far.
    pub fn env(&self) -> &Env {
        &self.env
    }

    /// How many `sim expect` checks did not hold so far.
    pub fn failed_expectations(&self) -> usize {
        self.failed_expectations
    }

    /// Runs one command written on line `line`, printing its result as az's JSON.
    pub fn run(&mut self, line: usize, command: &Command) -> Record {
        self.run_with(line, command, &Globals::default())
    }

    /// Runs one command with az's global arguments (`-o`, `--query`).
    fn run_with(&mut self, line: usize, command: &Command, globals: &Globals) -> Record {
        let mut text = command.to_string();
        if globals.format != Format::Json {
            text.push_str(&format!(" -o {}", format_name(globals.format)));
        }
        if let Some(q) = &globals.query {
            text.push_str(&format!(" --query {}", shell_quote(q)));
        }
        if let Command::Expect(expected) = command {
            let (ok, message) = self.check(expected);
            if !ok {
                self.failed_expectations += 1;
            }
            return Record {
                line,
                command: text,
                ok,
                code: (!ok).then(|| EXPECTATION_FAILED.to_owned()),
                inner_code: None,
                status: 0,
                message,
                output: Vec::new(),
                detail: Vec::new(),
                events: Vec::new(),
            };
        }
        let result = self.world.apply(command);
        let events = std::iter::from_fn(|| self.world.poll_event()).collect();
        match result {
            Ok(outcome) => {
                self.last = Some(None);
                let mut record = Record {
                    line,
                    command: text,
                    ok: true,
                    code: None,
                    inner_code: None,
                    status: 200,
                    message: outcome.message,
                    output: Vec::new(),
                    detail: Vec::new(),
                    events,
                };
                if is_sim(command) {
                    record.output = outcome.lines.clone();
                    record.detail = outcome.lines;
                    return record;
                }
                record.detail = outcome.lines;
                // az's table transformer, for the commands that have one, without a query.
                if globals.format == output::Format::Table
                    && globals.query.is_none()
                    && let Some((headers, rows)) = output::view::table(&self.world, command)
                {
                    let text = output::draw_table(&headers, &rows);
                    record.output = text.lines().map(str::to_owned).collect();
                    return record;
                }
                let value = output::view::view(&self.world, command);
                match output::query(value, globals.query.as_deref()) {
                    Ok(value) => {
                        record.output =
                            output::render(value.as_ref(), globals.format, globals.query.is_some());
                    }
                    Err(e) => {
                        // az ran the command, then could not apply the query to its result.
                        record.ok = false;
                        record.status = 0;
                        record.code = Some(ErrorCode::CliError.name().to_owned());
                        record.message = format!("argument --query: {e}");
                    }
                }
                record
            }
            Err(err) => {
                self.last = Some(Some(err.code));
                Record {
                    line,
                    command: text,
                    ok: false,
                    code: Some(err.code.top().name().to_owned()),
                    inner_code: err.code.inner().map(|c| c.name().to_owned()),
                    status: err.status,
                    message: err.message,
                    output: Vec::new(),
                    detail: Vec::new(),
                    events,
                }
            }
        }
    }

    /// Runs text as Learn's bash blocks are written: one command or many, with `#` comments,
    /// `\` continuations and variables (see [`crate::shell`]). Physical lines are numbered from
    /// `first_line`. The block stops at the first command that fails (unless the next line is a
    /// `sim expect` about it) and at the first line that does not parse or that Keyfall does not
    /// run, which [`Ran::error`] places at its line and column.
    pub fn run_text(&mut self, first_line: usize, text: &str) -> Ran {
        self.run_logicals(shell::logical_lines(text, first_line))
    }

    /// Runs one command line of a scenario file, whose text starts at `line`, `column` (it may
    /// go on over `\` continuations, or hold several lines, run as [`Runner::run_text`] does).
    pub fn run_line(
        &mut self,
        line: usize,
        column: usize,
        text: &str,
    ) -> Result<Vec<Record>, ParseError> {
        let mut lines = shell::logical_lines(text, line);
        // The first physical line starts after the scenario's `$ `.
        for o in lines.iter_mut().flat_map(|l| l.origin.iter_mut()) {
            if o.0 == line {
                o.1 += column - 1;
            }
        }
        let ran = self.run_logicals(lines);
        match ran.error {
            Some(e) => Err(e),
            None => Ok(ran.records),
        }
    }

    fn run_logicals(&mut self, lines: Vec<Logical>) -> Ran {
        let mut ran = Ran::default();
        let mut failed = false;
        for l in &lines {
            let trimmed = l.text.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if failed && !trimmed.starts_with("sim expect") {
                break;
            }
            match self.run_logical(l, &mut ran.records) {
                Ok(()) => {}
                Err(Stop::Error(e)) => {
                    ran.error = Some(e);
                    break;
                }
                Err(Stop::Failed) => break,
            }
            failed = ran.records.last().is_some_and(|r| !r.ok);
            if failed && ran.records.last().is_some_and(Record::is_expectation) {
                break;
            }
        }
        ran
    }

    /// One logical line: an assignment, or a command with its `$(...)` substitutions run first.
    fn run_logical(&mut self, l: &Logical, records: &mut Vec<Record>) -> Result<(), Stop> {
        let env = self.env.clone();
        let prepared = shell::prepare(l, &env, &mut |inner: &Logical| {
            self.substitute(inner, records)
        })?;
        match prepared {
            Prepared::Empty => Ok(()),
            Prepared::Assign { name, value } => {
                self.env.set(&name, &value);
                records.push(Record {
                    line: l.line(),
                    command: format!("{name}={}", shell_quote(&value)),
                    ok: true,
                    code: None,
                    inner_code: None,
                    status: 0,
                    message: format!("${name} set"),
                    output: Vec::new(),
                    detail: Vec::new(),
                    events: Vec::new(),
                });
                Ok(())
            }
            Prepared::Command(expanded) => {
                let record = self.run_expanded(&expanded)?;
                records.extend(record);
                Ok(())
            }
        }
    }

    /// Parses and runs an expanded line, az's global arguments taken off first.
    fn run_expanded(&mut self, l: &Logical) -> Result<Option<Record>, Stop> {
        let (stripped, globals) = output::strip_globals(l)?;
        match parse_line(&stripped.text) {
            Ok(Some(command)) => Ok(Some(self.run_with(l.line(), &command, &globals))),
            Ok(None) => Ok(None),
            Err(e) => Err(Stop::Error(stripped.place(e))),
        }
    }

    /// Runs the command of a `$(...)` and gives what it printed.
    fn substitute(&mut self, inner: &Logical, records: &mut Vec<Record>) -> Result<String, Stop> {
        let env = self.env.clone();
        let prepared = shell::prepare(inner, &env, &mut |nested: &Logical| {
            self.substitute(nested, records)
        })?;
        let Prepared::Command(expanded) = prepared else {
            let (line, column) = inner.at(1);
            return Err(Stop::Error(ParseError {
                line,
                column,
                message: "$(...) here holds no command: Keyfall runs one az command inside $(...)"
                    .to_owned(),
                suggestion: None,
            }));
        };
        let Some(record) = self.run_expanded(&expanded)? else {
            return Ok(String::new());
        };
        let ok = record.ok;
        let out = record.output.join("\n");
        records.push(record);
        if ok { Ok(out) } else { Err(Stop::Failed) }
    }

    fn check(&self, expected: &Expectation) -> (bool, String) {
        let got = match self.last {
            None => return (false, "nothing ran before this expectation".to_owned()),
            Some(got) => got,
        };
        let held = match (expected, got) {
            (Expectation::Ok, None) => true,
            (Expectation::Error(want), Some(got)) => got.satisfies(*want),
            _ => false,
        };
        let want = match expected {
            Expectation::Ok => "ok".to_owned(),
            Expectation::Error(code) => format!("error {code}"),
        };
        let got = match got {
            None => "ok".to_owned(),
            Some(code) => format!("error {}", code.label()),
        };
        if held {
            (true, format!("expected {want}: held"))
        } else {
            (false, format!("expected {want}, got {got}"))
        }
    }

    /// Runs the commands of `scenario`'s steps, in order. With `solve_goal` false the commands of a
    /// goal step (its reference solution) are left for the user.
    pub fn run_scenario(
        &mut self,
        scenario: &Scenario,
        solve_goal: bool,
    ) -> Result<Vec<Record>, ParseError> {
        let mut records = Vec::new();
        for step in &scenario.steps {
            if step.goal.is_some() && !solve_goal {
                continue;
            }
            for cl in &step.commands {
                records.extend(self.run_line(cl.line, cl.column, &cl.text)?);
            }
        }
        Ok(records)
    }
}

/// What [`Runner::run_text`] did: a record per command and assignment run, and the error that
/// stopped the block, if one did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ran {
    /// In the order they ran (a `$(...)` before the line that uses it).
    pub records: Vec<Record>,
    /// The line Keyfall could not parse or does not run, with its line and column.
    pub error: Option<ParseError>,
}

/// `sim` verbs print Keyfall's own lines; everything else is az and prints az's output.
fn is_sim(c: &Command) -> bool {
    matches!(
        c,
        Command::Advance(_)
            | Command::Write { .. }
            | Command::Read { .. }
            | Command::RestoreKeys { .. }
            | Command::RestoreVm { .. }
            | Command::Expect(_)
    )
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Json => "json",
        Format::Jsonc => "jsonc",
        Format::Yaml => "yaml",
        Format::Table => "table",
        Format::Tsv => "tsv",
        Format::None => "none",
    }
}

/// A value as bash would need it written: bare when safe, else in single quotes.
pub(crate) fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@=,+%".contains(c))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Parses every command line of `scenario`, with errors placed at their line and column in the
/// file. Lines that need the shell ([`shell::needs_shell`]) are left out: they are read when they
/// run.
pub fn scenario_commands(
    scenario: &Scenario,
    solve_goal: bool,
) -> Result<Vec<(usize, Command)>, ParseError> {
    let mut out = Vec::new();
    for step in &scenario.steps {
        if step.goal.is_some() && !solve_goal {
            continue;
        }
        for cl in &step.commands {
            // Lines with variables or az's global arguments are read when they run
            // (`Runner::run_line`): their values are not known before.
            if shell::needs_shell(&cl.text) {
                continue;
            }
            match parse_line(&cl.text) {
                Ok(Some(c)) => out.push((cl.line, c)),
                Ok(None) => {}
                Err(e) => {
                    return Err(ParseError {
                        line: cl.line,
                        column: cl.column + e.column.saturating_sub(1),
                        ..e
                    });
                }
            }
        }
    }
    Ok(out)
}
