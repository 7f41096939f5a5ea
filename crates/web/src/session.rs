//! What the user plays: a lesson or commands typed in the console, as lines of play (branches)
//! of steps. Data only, no world: [`crate::playback`] runs the steps; the share link and the
//! autosave ([`crate::persistence`]) carry a session as text.
//!
//! Steps are `Rc`: a session changes by whole steps (a typed command adds one, a fork copies a
//! prefix), so copying a branch copies pointers, not commands.

use std::rc::Rc;

use keyfall_core::{
    Command, Goal, ParseError, Scenario, builtin_lessons, lesson_titles, needs_shell, parse_line,
    parse_scenario, scenario_commands,
};

/// The seed a console session starts from; a lesson brings its own.
pub const SEED: u64 = 42;

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
    /// When not empty, the step's lines as written (line, text), run through the runner's text
    /// path (variables, `$(...)`, `-o`, `--query`: `keyfall_core::needs_shell`) in place of
    /// `commands`, which then hold only the lines that parse on their own (for par and previews).
    pub shell: Vec<(usize, String)>,
    /// A goal step runs none of its commands (they are the reference solution): the user plays.
    pub goal: Option<Goal>,
    /// A goal step's reference solution as written, never run: kept so that the session as a
    /// scenario (export, links, the editor's "Make it mine") is still a whole scenario.
    pub solution: Vec<String>,
    /// Typed in the console rather than taken from a lesson.
    pub typed: bool,
}

/// A line of play: the steps in order and the seed they start from.
#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    pub name: String,
    pub seed: u64,
    pub steps: Vec<Rc<StepDef>>,
}

/// The open lesson.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonMeta {
    pub id: String,
    pub title: String,
    pub summary: String,
    /// The rules it teaches, kept for the session's scenario.
    pub rules: Vec<String>,
}

/// The session: the open lesson, if any, and every line of play.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub lesson: Option<LessonMeta>,
    pub branches: Vec<Branch>,
    /// The branch on screen; always indexes `branches`.
    pub active: usize,
}

impl Session {
    /// An empty console session.
    pub fn new(seed: u64) -> Session {
        Session {
            lesson: None,
            branches: vec![Branch {
                name: "main".to_owned(),
                seed,
                steps: Vec::new(),
            }],
            active: 0,
        }
    }

    /// A session of one branch holding `steps`, named after the lesson if there is one.
    pub fn with_steps(lesson: Option<LessonMeta>, seed: u64, steps: Vec<StepDef>) -> Session {
        let name = match &lesson {
            Some(l) => format!("lesson {}", l.id),
            None => "main".to_owned(),
        };
        Session {
            lesson,
            branches: vec![Branch {
                name,
                seed,
                steps: steps.into_iter().map(Rc::new).collect(),
            }],
            active: 0,
        }
    }

    /// Built-in lesson `id` at its start, or why it cannot open.
    pub fn lesson(id: &str) -> Result<Session, String> {
        let scenario = find_lesson(id).ok_or_else(|| format!("No lesson {id}."))?;
        let steps =
            lesson_steps(&scenario).map_err(|e| format!("Lesson {id} does not parse: {e}"))?;
        let seed = scenario.seed.unwrap_or(SEED);
        Ok(Session::with_steps(
            Some(lesson_meta(&scenario)),
            seed,
            steps,
        ))
    }

    /// The active branch.
    pub fn branch(&self) -> &Branch {
        // `active` always indexes `branches`: every change keeps it in range.
        &self.branches[self.active.min(self.branches.len() - 1)]
    }

    /// The steps of the active branch.
    pub fn steps(&self) -> &[Rc<StepDef>] {
        &self.branch().steps
    }

    /// Adds a step at the end of the active branch.
    pub fn push(&mut self, step: StepDef) {
        let i = self.active.min(self.branches.len() - 1);
        self.branches[i].steps.push(Rc::new(step));
    }

    /// Copies the active branch's first `at` steps into a new branch, makes it active and
    /// returns its name.
    pub fn fork(&mut self, at: usize) -> String {
        let from = self.branch();
        let name = format!("branch {} (from step {at})", self.branches.len() + 1);
        let branch = Branch {
            name: name.clone(),
            seed: from.seed,
            steps: from.steps[..at.min(from.steps.len())].to_vec(),
        };
        self.branches.push(branch);
        self.active = self.branches.len() - 1;
        name
    }
}

/// A built-in lesson by id. Found by its header, so only that lesson is parsed.
pub fn find_lesson(id: &str) -> Option<Scenario> {
    let i = lesson_titles()
        .iter()
        .position(|(lesson, _)| *lesson == id)?;
    parse_scenario(builtin_lessons().get(i)?.1).ok()
}

pub fn lesson_meta(scenario: &Scenario) -> LessonMeta {
    LessonMeta {
        id: scenario.id.clone(),
        title: scenario.title.clone(),
        summary: scenario.summary.clone(),
        rules: scenario.rules.clone(),
    }
}

/// A step typed in the console: titled with what the user typed.
pub fn typed_step(text: String, command: Command) -> StepDef {
    StepDef {
        title: text,
        narration: String::new(),
        notes: None,
        commands: vec![(1, command)],
        shell: Vec::new(),
        goal: None,
        solution: Vec::new(),
        typed: true,
    }
}

/// A step typed in the console that needs the runner's text path (`needs_shell`): kept as text.
pub fn typed_shell_step(text: String) -> StepDef {
    StepDef {
        title: text.clone(),
        narration: String::new(),
        notes: None,
        commands: Vec::new(),
        shell: vec![(1, text)],
        goal: None,
        solution: Vec::new(),
        typed: true,
    }
}

/// The steps of a lesson, commands parsed with their lines in the file.
pub fn lesson_steps(scenario: &Scenario) -> Result<Vec<StepDef>, ParseError> {
    // Parse through the core so errors carry the file's line and column.
    scenario_commands(scenario, true)?;
    let mut out = Vec::new();
    for step in &scenario.steps {
        let mut commands = Vec::new();
        let mut shell = Vec::new();
        if step.goal.is_none() {
            for cl in &step.commands {
                if let Ok(Some(c)) = parse_line(&cl.text) {
                    commands.push((cl.line, c));
                }
            }
            if step.commands.iter().any(|cl| needs_shell(&cl.text)) {
                shell = step
                    .commands
                    .iter()
                    .map(|cl| (cl.line, cl.text.clone()))
                    .collect();
            }
        }
        out.push(StepDef {
            title: step.title.clone(),
            narration: step.narration.clone(),
            notes: step.notes.clone(),
            commands,
            shell,
            goal: step.goal.clone(),
            solution: match step.goal {
                Some(_) => step.commands.iter().map(|c| c.text.clone()).collect(),
                None => Vec::new(),
            },
            typed: false,
        });
    }
    Ok(out)
}
