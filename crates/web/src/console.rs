//! The console's memory: the transcript of what was typed and what it produced, and the lines
//! typed, for Up/Down. The timeline keeps every command; the transcript keeps the last few.

use keyfall_core::{Help, ParseError, Record};

/// Console transcript entries kept; older ones scroll away (the timeline keeps every command).
const CONSOLE_KEEP: usize = 200;

/// A line of the console transcript.
#[derive(Debug, Clone, PartialEq)]
pub enum ConsoleEntry {
    /// A command that ran, with what it produced.
    Ran { input: String, record: Record },
    /// A line that did not parse.
    Error { input: String, error: ParseError },
    /// `help`, `help GROUP`, `COMMAND -h`: what it asked for. Not a command: it changes nothing.
    Help { input: String, help: Help },
    /// Something the app says (cancelled, branched...).
    Note(String),
}

/// The transcript and the history. They belong to the user, not to the session: opening a
/// lesson or a link keeps them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Console {
    pub entries: Vec<ConsoleEntry>,
    /// Lines typed, oldest first, for Up/Down.
    pub history: Vec<String>,
}

impl Console {
    pub fn log(&mut self, entry: ConsoleEntry) {
        self.entries.push(entry);
        if self.entries.len() > CONSOLE_KEEP {
            let extra = self.entries.len() - CONSOLE_KEEP;
            self.entries.drain(..extra);
        }
    }

    /// Remembers a typed line for Up/Down, once if repeated.
    pub fn remember(&mut self, line: &str) {
        if self.history.last().map(String::as_str) != Some(line) {
            self.history.push(line.to_owned());
        }
    }
}
