//! Running scripts and scenarios: apply each command, check each `sim expect`, record the result.
//!
//! The CLI, the lesson tests and the web app all run commands through a [`Runner`], so a lesson
//! that passes in the test suite plays the same way on the stage.

use serde::Serialize;

use crate::command::{Command, Expectation};
use crate::error::ErrorCode;
use crate::event::Event;
use crate::lang::{ParseError, parse_line};
use crate::scenario::Scenario;
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
    /// Show and list output.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub output: Vec<String>,
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
}

/// The code `sim expect` reports when the previous outcome was not the expected one.
pub const EXPECTATION_FAILED: &str = "ExpectationFailed";

/// A world plus the memory `sim expect` needs: the previous command's outcome.
#[derive(Debug, Clone)]
pub struct Runner {
    world: World,
    /// `None` before any command; `Some(None)` after a success; `Some(Some(code))` after a failure.
    last: Option<Option<ErrorCode>>,
    failed_expectations: usize,
}

impl Runner {
    /// A fresh world from `seed`.
    pub fn new(seed: u64) -> Runner {
        Runner {
            world: World::new(seed),
            last: None,
            failed_expectations: 0,
        }
    }

    /// The world as it stands.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// How many `sim expect` checks did not hold so far.
    pub fn failed_expectations(&self) -> usize {
        self.failed_expectations
    }

    /// Runs one command written on line `line`.
    pub fn run(&mut self, line: usize, command: &Command) -> Record {
        let text = command.to_string();
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
                events: Vec::new(),
            };
        }
        let result = self.world.apply(command);
        let events = std::iter::from_fn(|| self.world.poll_event()).collect();
        match result {
            Ok(outcome) => {
                self.last = Some(None);
                Record {
                    line,
                    command: text,
                    ok: true,
                    code: None,
                    inner_code: None,
                    status: 200,
                    message: outcome.message,
                    output: outcome.lines,
                    events,
                }
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
                    events,
                }
            }
        }
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
        let commands = scenario_commands(scenario, solve_goal)?;
        Ok(commands
            .iter()
            .map(|(line, c)| self.run(*line, c))
            .collect())
    }
}

/// Parses every command line of `scenario`, with errors placed at their line and column in the file.
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
