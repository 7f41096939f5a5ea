//! The little of bash that Microsoft Learn's blocks use, and nothing more.
//!
//! Learn's bash blocks set variables (`kv=myvault`, `export KV=...`,
//! `id=$(az ... --query id -o tsv)`), use them (`$id`, `${id}`, `"$id"`), comment with `#` and
//! continue long commands with `\`. A block pasted whole runs one command at a time. This module
//! turns such text into the lines the command language parses: it joins continuations, expands
//! variables, runs command substitutions through a callback, and refuses, with line and column,
//! everything else a shell would do (pipes, `&&`, `;`, redirections, backticks, loops, `if`,
//! subshells) and the placeholders (`<your-key-vault-name>`) Learn asks its readers to fill in.
//!
//! It is not a shell. Where it departs from bash it says so in `docs/fidelity.md`: an unset
//! variable is an error rather than an empty word, and an expanded value stays one word (no word
//! splitting, no globbing).
//!
//! Variables live in an [`Env`] kept by the [`Runner`](crate::Runner): the typed lines are what a
//! session stores, so replaying them rebuilds the same variables, deterministically.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::lang::ParseError;
use crate::lang::lexer;
use crate::scenario::{CommandLine, Scenario};

/// The session's shell variables, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Env {
    vars: BTreeMap<String, String>,
    /// Every variable reads as set (to a stand-in): for checking a line's form without running
    /// what sets its variables ([`az_script_text`]).
    any: bool,
}

impl Env {
    /// A variable's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        match self.vars.get(name) {
            Some(v) => Some(v),
            None if self.any => Some("x"),
            None => None,
        }
    }

    /// Sets a variable.
    pub fn set(&mut self, name: &str, value: &str) {
        self.vars.insert(name.to_owned(), value.to_owned());
    }

    /// Every variable, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.vars.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// Where a char of a logical line came from in the text the user gave: 1-based line and column.
pub(crate) type Origin = (usize, usize);

/// One logical line: physical lines joined at their `\` continuations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Logical {
    /// The joined text, continuations removed.
    pub text: String,
    /// The origin of each char of `text`.
    pub origin: Vec<Origin>,
}

impl Logical {
    /// Where the char at 1-based `column` of `text` came from; past the end, just after the last
    /// char.
    pub fn at(&self, column: usize) -> Origin {
        match self.origin.get(column.saturating_sub(1)) {
            Some(&o) => o,
            None => match self.origin.last() {
                Some(&(line, col)) => {
                    (line, col + 1 + column.saturating_sub(self.origin.len() + 1))
                }
                None => (1, 1),
            },
        }
    }

    /// A parse error found at `column` of this line's text, moved to where it is in the input.
    pub fn place(&self, e: ParseError) -> ParseError {
        let (line, column) = self.at(e.column);
        ParseError { line, column, ..e }
    }

    /// The first line this logical line starts on.
    pub fn line(&self) -> usize {
        self.origin.first().map_or(1, |o| o.0)
    }
}

/// Splits `text` into logical lines, numbering physical lines from `first_line`. A line ending in
/// an unescaped `\` goes on with the next one, as in bash (the backslash and the newline vanish).
pub(crate) fn logical_lines(text: &str, first_line: usize) -> Vec<Logical> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut cur = Logical {
        text: String::new(),
        origin: Vec::new(),
    };
    let mut open = false;
    // The quote a physical line ended inside: bash keeps the newline in the quoted word and reads
    // on (Learn's `--value '{ ... }'` policies span lines this way).
    let mut quote: Option<char> = None;
    for (line, raw) in (first_line..).zip(text.split('\n')) {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let comment = quote.is_none() && raw.trim_start().starts_with('#');
        let mut escaped = false;
        let mut body_quote = quote;
        let mut word_start = true;
        for c in raw.chars() {
            match body_quote {
                Some('\'') if c == '\'' => body_quote = None,
                Some('"') if c == '"' && !escaped => body_quote = None,
                None if !comment && (c == '\'' || c == '"') && !escaped => body_quote = Some(c),
                // A comment starts a word, as in bash (`a#b` is one word).
                None if !comment && c == '#' && word_start => break,
                _ => {}
            }
            escaped = c == '\\' && !escaped && body_quote != Some('\'');
            word_start = body_quote.is_none() && c.is_whitespace();
        }
        let trailing = raw.chars().rev().take_while(|&c| c == '\\').count();
        let continues = body_quote.is_none() && trailing % 2 == 1 && !comment;
        let body = if continues {
            &raw[..raw.len() - 1]
        } else {
            raw
        };
        for (c, col) in body.chars().zip(1..) {
            cur.text.push(c);
            cur.origin.push((line, col));
        }
        quote = body_quote;
        if quote.is_some() {
            cur.text.push('\n');
            cur.origin.push((line, body.chars().count() + 1));
            open = true;
            continue;
        }
        if continues {
            open = true;
            continue;
        }
        open = false;
        let done = std::mem::replace(
            &mut cur,
            Logical {
                text: String::new(),
                origin: Vec::new(),
            },
        );
        if done.origin.is_empty() {
            out.push(Logical {
                text: String::new(),
                origin: vec![(line, 1)],
            });
        } else {
            out.push(done);
        }
    }
    if open && !cur.origin.is_empty() {
        out.push(cur);
    }
    out
}

/// What a logical line is, once expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Prepared {
    /// Blank, or only a comment.
    Empty,
    /// `NAME=value` or `export NAME=value` (`export NAME` alone keeps the value it has).
    Assign { name: String, value: String },
    /// A command line for the parser, variables expanded, with the origin of each char.
    Command(Logical),
}

/// Why a line did not get as far as the parser, or stopped in a command substitution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Stop {
    /// Refused or malformed, with line and column in the input.
    Error(ParseError),
    /// A command inside `$(...)` failed; its record says how.
    Failed,
}

impl From<ParseError> for Stop {
    fn from(e: ParseError) -> Stop {
        Stop::Error(e)
    }
}

/// Runs the command inside `$(...)` (already a logical line of its own) and gives its output.
pub(crate) type Substitute<'a> = dyn FnMut(&Logical) -> Result<String, Stop> + 'a;

/// Shell reserved words and builtins that start compound commands Keyfall does not run.
const KEYWORDS: [(&str, &str); 18] = [
    ("if", "a conditional (`if`)"),
    ("then", "a conditional (`if`)"),
    ("elif", "a conditional (`if`)"),
    ("else", "a conditional (`if`)"),
    ("fi", "a conditional (`if`)"),
    ("for", "a loop (`for`)"),
    ("while", "a loop (`while`)"),
    ("until", "a loop (`until`)"),
    ("do", "a loop"),
    ("done", "a loop"),
    ("case", "a `case` statement"),
    ("esac", "a `case` statement"),
    ("function", "a function definition"),
    ("select", "a `select` loop"),
    ("source", "`source` (reading another script)"),
    ("local", "`local`"),
    ("declare", "`declare`"),
    ("read", "`read`"),
];

fn refuse(at: Origin, what: &str) -> Stop {
    Stop::Error(ParseError {
        line: at.0,
        column: at.1,
        message: format!(
            "{what} is shell syntax that Keyfall does not run: it runs az commands, sim verbs and \
             variables (name=value, $name, $(az ... -o tsv)), one command per line"
        ),
        suggestion: None,
    })
}

fn error(at: Origin, message: String) -> Stop {
    Stop::Error(ParseError {
        line: at.0,
        column: at.1,
        message,
        suggestion: None,
    })
}

/// A placeholder such as `<your-key-vault-name>` or `<subscription ID>` starting at `i`: its
/// length in chars.
fn placeholder(chars: &[char], i: usize) -> Option<usize> {
    if chars.get(i) != Some(&'<') || !chars.get(i + 1).is_some_and(char::is_ascii_alphabetic) {
        return None;
    }
    for (n, &c) in chars.iter().enumerate().skip(i + 1).take(64) {
        match c {
            // `<html>` is text; `<vault-name>`, `<VaultName>`, `<subscription ID>` are not.
            '>' => {
                let inner = &chars[i + 1..n];
                let marked = inner
                    .iter()
                    .any(|&c| c.is_ascii_uppercase() || matches!(c, '-' | '_' | ' '));
                return marked.then_some(n - i + 1);
            }
            c if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ' | '/') => {}
            _ => return None,
        }
    }
    None
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Chars that may stand unquoted in an expanded word without changing how the lexer reads it.
fn plain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-_./:@=,+%~^[]{}!?*".contains(c)
}

/// Appends `value` to `out` so the lexer reads it back as exactly that text: escaped inside double
/// quotes; outside them bare when safe, else in double quotes. Every char gets the origin `at`.
fn push_value(out: &mut Logical, value: &str, in_double: bool, at: Origin) {
    let mut push = |c: char| {
        out.text.push(c);
        out.origin.push(at);
    };
    if in_double {
        for c in value.chars() {
            if c == '"' || c == '\\' {
                push('\\');
            }
            push(c);
        }
    } else if value.chars().all(plain_char) {
        value.chars().for_each(push);
    } else {
        push('"');
        for c in value.chars() {
            if c == '"' || c == '\\' {
                push('\\');
            }
            push(c);
        }
        push('"');
    }
}

/// Expands `line`: variables, command substitutions (through `run`), and refuses the rest of
/// bash. Comments are dropped.
fn expand(line: &Logical, env: &Env, run: &mut Substitute<'_>) -> Result<Logical, Stop> {
    let chars: Vec<char> = line.text.chars().collect();
    let mut out = Logical {
        text: String::new(),
        origin: Vec::new(),
    };
    let (mut single, mut double) = (false, false);
    let mut word_start = true;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let at = line.origin[i];
        if let Some(n) = placeholder(&chars, i) {
            let text: String = chars[i..i + n].iter().collect();
            return Err(error(
                at,
                format!(
                    "{text} is a placeholder from the documentation: replace it with your own \
                     value (for example a vault's name) before running the line"
                ),
            ));
        }
        if single {
            if c == '\'' {
                single = false;
            }
            out.text.push(c);
            out.origin.push(at);
            i += 1;
            continue;
        }
        let next = chars.get(i + 1).copied();
        match c {
            '#' if word_start && !double => break,
            '\'' if !double => single = true,
            '"' => double = !double,
            '\\' => {
                // `\$` and `\`` are a literal dollar and backtick; other escapes are the lexer's.
                match next {
                    Some('$') | Some('`') => {
                        out.text.push(next.unwrap_or('$'));
                        out.origin.push(at);
                        i += 2;
                        word_start = false;
                        continue;
                    }
                    Some(n) => {
                        out.text.push('\\');
                        out.origin.push(at);
                        out.text.push(n);
                        out.origin.push(line.origin[i + 1]);
                        i += 2;
                        word_start = false;
                        continue;
                    }
                    _ => {}
                }
            }
            '`' => return Err(refuse(at, "A backtick command substitution (`...`)")),
            '$' => {
                let consumed = dollar(&chars, i, line, env, double, &mut out, run)?;
                i += consumed;
                word_start = false;
                continue;
            }
            '|' | '&' if !double => {
                let what = match (c, next == Some(c)) {
                    ('|', true) => "`||`",
                    ('|', false) => "A pipe (`|`)",
                    (_, true) => "`&&`",
                    (_, false) => "Running in the background (`&`)",
                };
                return Err(refuse(at, what));
            }
            ';' if !double => return Err(refuse(at, "`;`")),
            '>' | '<' if !double => return Err(refuse(at, "A redirection (`>`, `<`)")),
            '(' | ')' if !double => return Err(refuse(at, "A subshell or group (`(...)`)")),
            _ => {}
        }
        out.text.push(c);
        out.origin.push(at);
        word_start = c.is_whitespace();
        i += 1;
    }
    Ok(out)
}

/// Expands the `$` at `chars[i]` into `out`; returns how many chars it used.
fn dollar(
    chars: &[char],
    i: usize,
    line: &Logical,
    env: &Env,
    double: bool,
    out: &mut Logical,
    run: &mut Substitute<'_>,
) -> Result<usize, Stop> {
    let at = line.origin[i];
    let lookup = |name: &str| -> Result<String, Stop> {
        env.get(name).map(str::to_owned).ok_or_else(|| {
            error(
                at,
                format!(
                    "${name} is not set: set it on an earlier line ({name}=value), as the \
                     documentation's block does"
                ),
            )
        })
    };
    match chars.get(i + 1).copied() {
        Some('(') if chars.get(i + 2) == Some(&'(') => Err(refuse(at, "Arithmetic (`$((...))`)")),
        Some('(') => {
            let close = matching_paren(chars, i + 2)
                .ok_or_else(|| error(at, "unterminated command substitution $(".to_owned()))?;
            let inner = Logical {
                text: chars[i + 2..close].iter().collect(),
                origin: line.origin[i + 2..close].to_vec(),
            };
            let value = run(&inner)?;
            let value = value.trim_end_matches('\n');
            push_value(out, value, double, at);
            Ok(close + 1 - i)
        }
        Some('{') => {
            let close = chars[i + 2..]
                .iter()
                .position(|&c| c == '}')
                .map(|p| p + i + 2)
                .ok_or_else(|| error(at, "unterminated ${".to_owned()))?;
            let name: String = chars[i + 2..close].iter().collect();
            let simple =
                name.chars().next().is_some_and(is_name_start) && name.chars().all(is_name_char);
            if !simple {
                return Err(refuse(at, &format!("The parameter expansion ${{{name}}}")));
            }
            let value = lookup(&name)?;
            push_value(out, &value, double, at);
            Ok(close + 1 - i)
        }
        Some(c) if is_name_start(c) => {
            let len = chars[i + 1..]
                .iter()
                .take_while(|&&c| is_name_char(c))
                .count();
            let name: String = chars[i + 1..i + 1 + len].iter().collect();
            let value = lookup(&name)?;
            push_value(out, &value, double, at);
            Ok(len + 1)
        }
        Some(c) if c.is_ascii_digit() || "?@*#$!-".contains(c) => Err(refuse(
            at,
            &format!("The special parameter ${c} (a script's arguments or status)"),
        )),
        _ => {
            out.text.push('$');
            out.origin.push(at);
            Ok(1)
        }
    }
}

/// The index of the `)` closing a `$(` whose body starts at `from`, skipping quoted text.
fn matching_paren(chars: &[char], from: usize) -> Option<usize> {
    let (mut depth, mut single, mut double) = (0usize, false, false);
    let mut i = from;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '\\' if !single => i += 1,
            '(' if !single && !double => depth += 1,
            ')' if !single && !double => {
                if depth == 0 {
                    return Some(i);
                }
                depth -= 1;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Reads one logical line: an assignment, a command (expanded), or nothing. `run` runs the
/// commands of `$(...)`.
pub(crate) fn prepare(
    line: &Logical,
    env: &Env,
    run: &mut Substitute<'_>,
) -> Result<Prepared, Stop> {
    let trimmed = line.text.trim_start();
    let lead = line.text.chars().count() - trimmed.chars().count();
    let first: String = trimmed.chars().take_while(|c| !c.is_whitespace()).collect();
    if first.is_empty() || first.starts_with('#') {
        return Ok(Prepared::Empty);
    }
    if let Some((_, what)) = KEYWORDS.iter().find(|(k, _)| *k == first) {
        return Err(refuse(line.at(lead + 1), &capitalised(what)));
    }
    // `export NAME=value`, `export NAME`, `NAME=value`.
    let mut skip = lead;
    let mut exported = false;
    if first == "export" {
        let rest = &trimmed["export".len()..];
        let gap = rest.chars().take_while(|c| c.is_whitespace()).count();
        if gap > 0 && !rest.trim().is_empty() {
            skip += "export".len() + gap;
            exported = true;
        }
    }
    let body: String = line.text.chars().skip(skip).collect();
    let name_len = body.chars().take_while(|&c| is_name_char(c)).count();
    let is_assignment =
        body.chars().next().is_some_and(is_name_start) && body.chars().nth(name_len) == Some('=');
    if exported && !is_assignment {
        let name: String = body.chars().take(name_len).collect();
        let only_name = body[name.len()..].trim().is_empty()
            || body[name.len()..].trim_start().starts_with('#');
        if name_len > 0 && only_name {
            return match env.get(&name) {
                Some(value) => Ok(Prepared::Assign {
                    name,
                    value: value.to_owned(),
                }),
                None => Ok(Prepared::Empty),
            };
        }
        return Err(refuse(line.at(lead + 1), "This form of `export`"));
    }
    if !is_assignment {
        return Ok(Prepared::Command(expand(line, env, run)?));
    }
    let name: String = body.chars().take(name_len).collect();
    let start = skip + name_len + 1;
    let value_part = Logical {
        text: line.text.chars().skip(start).collect(),
        origin: line.origin[start..].to_vec(),
    };
    let expanded = expand(&value_part, env, run)?;
    let tokens = lexer::lex(&expanded.text).map_err(|e| Stop::Error(expanded.place(e)))?;
    match tokens.as_slice() {
        [] => Ok(Prepared::Assign {
            name,
            value: String::new(),
        }),
        [one] if one.col == 1 => Ok(Prepared::Assign {
            name,
            value: one.text.clone(),
        }),
        [one] => {
            // `name= az ...`: bash runs the command with an empty variable in its environment.
            Err(refuse(
                expanded.at(one.col),
                "A command prefixed by an assignment",
            ))
        }
        [_, second, ..] => Err(refuse(
            expanded.at(second.col),
            "A command prefixed by an assignment (or a value with spaces that is not quoted)",
        )),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// Whether `text` uses what this module and `output` add to the command language (variables,
/// assignments, `$(...)`, continuations, several lines, `-o`, `--query`), so that it must run
/// through [`Runner::run_line`](crate::Runner::run_line) rather than be parsed on its own. Lines
/// that do not are read by `parse_line` exactly as before.
pub fn needs_shell(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("");
    let assignment = first.split_once('=').is_some_and(|(name, _)| {
        name.chars().next().is_some_and(is_name_start) && name.chars().all(is_name_char)
    });
    text.contains(['$', '\n', '`', '|', ';', '&', '<', '>'])
        || assignment
        || first == "export"
        || KEYWORDS.iter().any(|(k, _)| *k == first)
        || text.split_whitespace().any(|w| {
            [
                "-o",
                "--output",
                "--query",
                "--only-show-errors",
                "--verbose",
                "--debug",
            ]
            .iter()
            .any(|g| w == *g || w.strip_prefix(g).is_some_and(|r| r.starts_with('=')))
        })
}

/// `text` (one command line, continuations included) as it may go into an exported bash script:
/// itself, when it is an az command or an assignment that uses what this module adds to the
/// command language (variables, `$(az ...)`, `-o`, `--query`) and nothing a shell would do
/// besides. `None` for anything else, which the export comments out.
pub(crate) fn az_script_text(text: &str) -> Option<String> {
    let env = Env {
        vars: BTreeMap::new(),
        any: true,
    };
    fn az_command(l: &Logical, env: &Env) -> Result<Prepared, Stop> {
        let prepared = prepare(
            l,
            env,
            &mut |inner: &Logical| match az_command(inner, env)? {
                Prepared::Command(_) => Ok("x".to_owned()),
                _ => Err(Stop::Failed),
            },
        )?;
        if let Prepared::Command(expanded) = &prepared {
            let (stripped, _) = crate::output::strip_globals(expanded)?;
            let line = stripped.text.trim_start();
            // az, and AzCopy with the SAS URLs az printed (Learn's disk copy).
            if !line.starts_with("az ") && !line.starts_with("azcopy ") {
                return Err(Stop::Failed);
            }
            // With variables the values are stand-ins (an `--id "$kid"` is no key id), so only
            // a line without them must parse.
            if !l.text.contains('$') && crate::lang::parse_line(&stripped.text).is_err() {
                return Err(Stop::Failed);
            }
        }
        Ok(prepared)
    }
    for l in logical_lines(text, 1) {
        az_command(&l, &env).ok()?;
    }
    Some(text.trim().to_owned())
}

impl Scenario {
    /// A bare script (a Learn block saved to a file) as a scenario of one step: a command per
    /// logical line, its `\` continuations kept in the text, comments and blank lines left out.
    pub fn from_text(name: &str, text: &str) -> Scenario {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut commands: Vec<CommandLine> = Vec::new();
        let mut open: Option<CommandLine> = None;
        for (line, raw) in (1..).zip(text.split('\n')) {
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            let continues = raw.chars().rev().take_while(|&c| c == '\\').count() % 2 == 1
                && !raw.trim_start().starts_with('#');
            match &mut open {
                Some(cl) => {
                    cl.text.push('\n');
                    cl.text.push_str(raw);
                }
                None => {
                    let trimmed = raw.trim_start();
                    if trimmed.is_empty() || trimmed.starts_with('#') {
                        continue;
                    }
                    open = Some(CommandLine {
                        line,
                        column: 1,
                        text: raw.to_owned(),
                    });
                }
            }
            if !continues && let Some(cl) = open.take() {
                commands.push(cl);
            }
        }
        commands.extend(open);
        let mut scenario = Scenario::from_script(name, &crate::lang::Script::default());
        scenario.steps[0].commands = commands;
        scenario
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Env {
        let mut e = Env::default();
        for (k, v) in pairs {
            e.set(k, v);
        }
        e
    }

    fn one(text: &str, env: &Env) -> Result<Prepared, Stop> {
        let lines = logical_lines(text, 1);
        assert_eq!(lines.len(), 1, "one logical line in {text:?}");
        prepare(&lines[0], env, &mut |inner: &Logical| {
            Ok(format!("<<{}>>\n", inner.text))
        })
    }

    fn command(text: &str, env: &Env) -> String {
        match one(text, env) {
            Ok(Prepared::Command(l)) => l.text,
            other => panic!("{text}: {other:?}"),
        }
    }

    fn refused(text: &str) -> ParseError {
        let lines = logical_lines(text, 1);
        let mut out = None;
        for l in &lines {
            if let Err(Stop::Error(e)) =
                prepare(l, &Env::default(), &mut |_: &Logical| Ok(String::new()))
            {
                out = Some(e);
                break;
            }
        }
        out.unwrap_or_else(|| panic!("{text} was not refused"))
    }

    #[test]
    fn variables_expand_in_all_three_forms() {
        let e = env(&[("kv", "myvault"), ("rg", "my rg")]);
        assert_eq!(
            command("az keyvault show -n $kv -g \"$rg\"", &e),
            "az keyvault show -n myvault -g \"my rg\""
        );
        assert_eq!(
            command("az keyvault show -n ${kv}x", &e),
            "az keyvault show -n myvaultx"
        );
        // Unquoted, a value with a space stays one word.
        assert_eq!(command("az x -g $rg", &e), "az x -g \"my rg\"");
        // Single quotes keep the dollar.
        assert_eq!(command("az x --query '$kv'", &e), "az x --query '$kv'");
        assert_eq!(command("az x \\$kv", &e), "az x $kv");
    }

    #[test]
    fn assignments_and_exports() {
        let e = env(&[("kv", "myvault")]);
        let assign = |t: &str| match one(t, &e) {
            Ok(Prepared::Assign { name, value }) => (name, value),
            other => panic!("{t}: {other:?}"),
        };
        assert_eq!(assign("kv2=other"), ("kv2".into(), "other".into()));
        assert_eq!(
            assign("export KV=\"$kv-2\""),
            ("KV".into(), "myvault-2".into())
        );
        assert_eq!(assign("x='a b' # note"), ("x".into(), "a b".into()));
        assert_eq!(assign("empty="), ("empty".into(), String::new()));
        assert_eq!(
            assign("id=$(az keyvault show -n $kv --query id -o tsv)"),
            (
                "id".into(),
                "<<az keyvault show -n $kv --query id -o tsv>>".into()
            )
        );
        assert_eq!(assign("export kv"), ("kv".into(), "myvault".into()));
    }

    #[test]
    fn lines_needing_the_shell_are_recognised() {
        for plain in [
            "az keyvault show -n kv",
            "az keyvault create --name=kv",
            "sim advance 3d",
        ] {
            assert!(!needs_shell(plain), "{plain}");
        }
        for shell in [
            "az keyvault show -n $kv",
            "kv=x",
            "export X=1",
            "az keyvault list -o tsv",
            "az keyvault list --query=[].id",
            "az x \\\n --y",
            "az keyvault list | jq",
            "for x in a; do",
            "az keyvault show -n <vault-name>",
        ] {
            assert!(needs_shell(shell), "{shell}");
        }
    }

    #[test]
    fn comments_and_blank_lines_are_empty() {
        assert_eq!(one("   # a comment", &Env::default()), Ok(Prepared::Empty));
        assert_eq!(one("", &Env::default()), Ok(Prepared::Empty));
        assert_eq!(
            command("az vm start # now", &Env::default()),
            "az vm start "
        );
    }

    #[test]
    fn continuations_join_lines_and_keep_origins() {
        let lines = logical_lines(
            "az keyvault create \\\n  --name kv \\\n  -g rg\naz vm start",
            1,
        );
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text, "az keyvault create   --name kv   -g rg");
        // `--name` starts at line 2, column 3.
        let col = lines[0].text.find("--name").expect("there") + 1;
        assert_eq!(lines[0].at(col), (2, 3));
        assert_eq!(lines[1].line(), 4);
    }

    #[test]
    fn a_quoted_value_goes_on_over_lines_as_in_bash() {
        // Learn's rotation policies: `--value '{` ... `}'` over many lines, newlines kept.
        let lines = logical_lines(
            "az x --value '{\n  \"a\": 1 # not a comment\n}' --y \\\n  2\naz vm start",
            1,
        );
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(
            lines[0].text,
            "az x --value '{\n  \"a\": 1 # not a comment\n}' --y   2"
        );
        let col = lines[0].text.find("--y").expect("there") + 1;
        assert_eq!(lines[0].at(col), (3, 4));
        assert_eq!(lines[1].line(), 5);
        // A quote left open at the end still reaches the lexer, which says so.
        assert_eq!(logical_lines("az x --value '{", 1).len(), 1);
    }

    #[test]
    fn unset_variables_are_errors_with_their_column() {
        let lines = logical_lines("az keyvault show --name $nope", 3);
        let e = match prepare(&lines[0], &Env::default(), &mut |_: &Logical| {
            Ok(String::new())
        }) {
            Err(Stop::Error(e)) => e,
            other => panic!("{other:?}"),
        };
        assert_eq!((e.line, e.column), (3, 25));
        assert!(e.message.contains("$nope is not set"), "{}", e.message);
    }

    #[test]
    fn shell_syntax_is_refused_with_line_and_column() {
        for (text, line, column, word) in [
            ("az keyvault list | grep kv", 1, 18, "pipe"),
            ("az group create -n rg && az vm start", 1, 23, "&&"),
            ("az vm start; az vm stop", 1, 12, ";"),
            ("az keyvault list > out.json", 1, 18, "redirection"),
            ("x=`az keyvault list`", 1, 3, "backtick"),
            ("for v in a b; do echo $v; done", 1, 1, "loop"),
            ("  if true", 1, 3, "conditional"),
            ("echo $((1+2))", 1, 6, "Arithmetic"),
            ("az x\n(az y)", 2, 1, "subshell"),
            ("az x ${kv:-default}", 1, 6, "parameter expansion"),
            ("az x $1", 1, 6, "special parameter"),
            ("kv=a az keyvault show", 1, 6, "prefixed by an assignment"),
        ] {
            let e = refused(text);
            assert_eq!((e.line, e.column), (line, column), "{text}: {}", e.message);
            assert!(e.message.contains(word), "{text}: {}", e.message);
            assert!(e.message.contains("does not run"), "{text}: {}", e.message);
        }
    }

    #[test]
    fn placeholders_ask_to_be_filled_in() {
        let e = refused("az keyvault show --name <your-key-vault-name>");
        assert_eq!((e.line, e.column), (1, 25));
        assert!(
            e.message.contains("<your-key-vault-name> is a placeholder"),
            "{}",
            e.message
        );
        let e = refused("az account set --subscription \"<subscription ID>\"");
        assert_eq!(e.column, 32);
    }
}
