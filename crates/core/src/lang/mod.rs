//! The command language: text to [`Command`] and back.
//!
//! One line is one command: a real `az` command (`az keyvault key delete --vault-name kv --name
//! kek`) or a simulation verb (`sim advance 30d`). `#` outside quotes starts a comment. Words split
//! on whitespace and quote like a POSIX shell (`"..."` with `\"` and `\\`, or `'...'`).
//!
//! Conventions the rest of Keyfall relies on:
//! - Flags take `--flag value` or `--flag=value`; `-n`, `-g` and `-l` stand for `--name`,
//!   `--resource-group` and `--location`. A flag given twice is an error.
//! - Booleans are `true` or `false` in any case; az's three-state flags may stand alone for true
//!   (`--enable-purge-protection`, `--no-self-perms`). `--yes` takes no value.
//! - Lists follow their flag as separate words (`--key-permissions get wrapKey`); `all` means every
//!   permission.
//! - `--version @N` is the N-th version in order of creation; any other version, or a quoted one,
//!   is a version id or a prefix of one.
//! - `az vm encryption enable --aad-client-secret` is read and dropped: the secret is never kept,
//!   and the printer always writes `***`.
//! - `az disk-encryption-set create --key-url` must point into `--source-vault`; the command keeps
//!   the key name and version and the printer rebuilds the URL.
//! - `sim as PRINCIPAL COMMAND` wraps one `az` command.
//!
//! Errors give the line and the column (in chars) of the offending word, and for near misses the
//! closest valid word. Parsing never panics, whatever the input.
//!
//! Printing (`Display` for [`Command`]) gives the canonical line: long flags in a fixed order,
//! optional flags only when set, values quoted only when needed. Parsing a printed command gives
//! back the same command.

mod complete;
mod grammar;
mod help;
#[cfg(test)]
pub(crate) use help::examples;
pub(crate) mod lexer;
mod printer;
pub(crate) mod rotation;
mod suggest;
pub(crate) mod values;

#[cfg(test)]
mod tests;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::command::Command;

pub use complete::{Completion, command_forms, complete};
pub use help::{Help, Item as HelpItem, Section as HelpSection, help, help_request};

/// Why a line did not parse, and where.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ParseError {
    /// 1-based line number; always 1 from [`parse_line`].
    pub line: usize,
    /// 1-based column, counted in chars, of the word at fault; for something missing, the column
    /// just past the end of the command.
    pub column: usize,
    /// What is wrong, e.g. ``unknown flag --vault-nme for `az keyvault key create` ``.
    pub message: String,
    /// The closest valid word for a near miss, written as it would appear on the line
    /// (`--vault-name`, `"Key Vault Crypto User"`), ready to replace the word at `column`.
    pub suggestion: Option<String>,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)?;
        if let Some(s) = &self.suggestion {
            write!(f, " (did you mean {s}?)")?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseError {}

/// A parsed file of commands, comments and blank lines left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Script {
    /// The commands in file order.
    pub lines: Vec<ScriptLine>,
}

/// One command of a [`Script`] and the line it came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ScriptLine {
    /// 1-based line number in the file.
    pub line: usize,
    /// The command on that line.
    pub command: Command,
}

impl fmt::Display for Script {
    /// The script as canonical lines, one command each.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for l in &self.lines {
            writeln!(f, "{}", l.command)?;
        }
        Ok(())
    }
}

/// Parses one line. Blank lines and comments give `Ok(None)`.
///
/// The whole of `text` is read as one line: a newline in it is whitespace. Errors report line 1.
pub fn parse_line(text: &str) -> Result<Option<Command>, ParseError> {
    let tokens = lexer::lex(text)?;
    let Some(last) = tokens.last() else {
        return Ok(None);
    };
    grammar::parse_command(&tokens, last.end, false).map(Some)
}

/// Parses a whole file, one command per line (`\n` or `\r\n` endings, an optional UTF-8 byte-order
/// mark). Stops at the first error, which carries its line in the file.
pub fn parse_script(text: &str) -> Result<Script, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = Vec::new();
    for (line, raw) in (1..).zip(text.split('\n')) {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match parse_line(raw) {
            Ok(Some(command)) => lines.push(ScriptLine { line, command }),
            Ok(None) => {}
            Err(e) => return Err(ParseError { line, ..e }),
        }
    }
    Ok(Script { lines })
}

/// A word from the input as error messages show it: control characters escaped so the message
/// stays on one line, and long words cut so a pasted blob does not flood the console. (Not
/// `{:?}`: Debug escaping links Unicode's printable tables into the wasm for this alone.)
pub(crate) fn shown(word: &str) -> String {
    const MAX: usize = 40;
    let mut out = String::new();
    for (i, c) in word.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    if word.is_empty() || word.chars().any(char::is_whitespace) {
        format!("\"{out}\"")
    } else {
        out
    }
}
