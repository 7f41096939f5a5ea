//! Colouring: what each span of a scenario text is, read the way the scenario parser and the
//! command language's lexer read it, so the colours cannot disagree with the parser.

use super::{Diagnostic, Severity, line_starts};
use crate::lang::lexer;

/// What a span of scenario text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Class {
    /// `# Title` or `## Step`.
    Heading,
    /// A header key or a goal-line key, colon included (`id:`, `goal:`).
    Key,
    /// What follows a key.
    Value,
    /// Prose.
    Narration,
    /// `>` speaker notes.
    Notes,
    /// The `$` that starts a command.
    Prompt,
    /// A command's words before its first flag (`az keyvault key create`).
    Verb,
    /// `--vault-name`, `-n`.
    Flag,
    /// A flag's value or a positional word.
    Arg,
    /// `sim expect ...`.
    Expect,
    /// `// ...` lines and `#` comments in a command.
    Comment,
}

impl Class {
    /// A short name, for the renderer's class attribute (`key`, `flag`).
    pub fn name(self) -> &'static str {
        match self {
            Class::Heading => "heading",
            Class::Key => "key",
            Class::Value => "value",
            Class::Narration => "narration",
            Class::Notes => "notes",
            Class::Prompt => "prompt",
            Class::Verb => "verb",
            Class::Flag => "flag",
            Class::Arg => "arg",
            Class::Expect => "expect",
            Class::Comment => "comment",
        }
    }
}

/// One piece of the text: bytes `start..end`, what they are (`None`: blank or plain), and the
/// worst problem a diagnostic reports on them. A problem past the end of its line (something
/// missing) is a piece with `start == end` at the line's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Highlight {
    pub start: usize,
    pub end: usize,
    pub class: Option<Class>,
    pub problem: Option<Severity>,
}

/// Splits `text` into pieces that cover it exactly, in order, each with its class and the
/// problems `diagnostics` place on it. Diagnostics from an older version of the text are clamped
/// to the lines and columns that exist, so colouring never fails while a check is pending.
pub fn highlight(text: &str, diagnostics: &[Diagnostic]) -> Vec<Highlight> {
    let classes = classify(text);
    let problems: Vec<(usize, usize, Severity)> = diagnostics
        .iter()
        .filter_map(|d| problem_range(text, d))
        .collect();

    let mut cuts: Vec<usize> = vec![0, text.len()];
    cuts.extend(classes.iter().flat_map(|c| [c.0, c.1]));
    cuts.extend(problems.iter().flat_map(|p| [p.0, p.1]));
    cuts.sort_unstable();
    cuts.dedup();

    let mut out = Vec::new();
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        for &(_, _, sev) in problems.iter().filter(|p| p.0 == a && p.1 == a) {
            out.push(Highlight {
                start: a,
                end: a,
                class: None,
                problem: Some(sev),
            });
        }
        let i = classes.partition_point(|c| c.1 <= a);
        let class = classes.get(i).filter(|c| c.0 <= a).map(|c| c.2);
        let problem = problems
            .iter()
            .filter(|p| p.0 <= a && b <= p.1 && p.0 < p.1)
            .map(|p| p.2)
            .min();
        out.push(Highlight {
            start: a,
            end: b,
            class,
            problem,
        });
    }
    // A problem at the very end of the text (a missing last line).
    for &(s, _, sev) in problems.iter().filter(|p| p.0 == text.len() && p.1 == p.0) {
        out.push(Highlight {
            start: s,
            end: s,
            class: None,
            problem: Some(sev),
        });
    }
    out
}

/// Where a diagnostic's underline goes, in bytes of `text`.
fn problem_range(text: &str, d: &Diagnostic) -> Option<(usize, usize, Severity)> {
    let starts = line_starts(text);
    let line_start = *starts.get(d.line.checked_sub(1)?)?;
    let line = line_text(text, line_start);
    let at = |column: usize| {
        line.char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i)
    };
    let (start, end) = (at(d.column), at(d.end_column.max(d.column)));
    Some((line_start + start, line_start + end.max(start), d.severity))
}

/// The line starting at `start`, without its line ending.
fn line_text(text: &str, start: usize) -> &str {
    let rest = &text[start..];
    let line = rest.split('\n').next().unwrap_or("");
    line.strip_suffix('\r').unwrap_or(line)
}

/// Where the parser is, as far as colouring needs to know.
#[derive(PartialEq, Eq, Clone, Copy)]
enum Section {
    Start,
    Header,
    Step,
}

/// The classified spans of `text`, in order, not overlapping: `(start, end, class)` in bytes.
fn classify(text: &str) -> Vec<(usize, usize, Class)> {
    let mut out = Vec::new();
    let mut section = Section::Start;
    for start in line_starts(text) {
        let line = line_text(text, start);
        let content = line.trim();
        if content.is_empty() {
            continue;
        }
        let at = start + (content.as_ptr() as usize - line.as_ptr() as usize);
        let end = at + content.len();
        let mut push = |s: usize, e: usize, c: Class| {
            if s < e {
                out.push((s, e, c));
            }
        };
        if content.starts_with("//") {
            push(at, end, Class::Comment);
            continue;
        }
        if content.starts_with('#') {
            let level = content.chars().take_while(|&c| c == '#').count();
            section = match (level, section) {
                (1, Section::Start) => Section::Header,
                (2, s) if s != Section::Start => Section::Step,
                (_, s) => s,
            };
            push(at, end, Class::Heading);
            continue;
        }
        match section {
            Section::Start => {}
            Section::Header => {
                if let Some((key, _)) = content.split_once(':') {
                    push(at, at + key.len() + 1, Class::Key);
                    push(at + key.len() + 1, end, Class::Value);
                }
            }
            Section::Step => {
                if let Some(rest) = content.strip_prefix('$')
                    && (rest.is_empty() || rest.starts_with(char::is_whitespace))
                {
                    push(at, at + 1, Class::Prompt);
                    let command = rest.trim_start();
                    command_spans(command, end - command.len(), &mut out);
                } else if content.starts_with('>') {
                    push(at, end, Class::Notes);
                } else if let Some((key @ ("goal" | "par" | "hint"), _)) = content.split_once(':') {
                    push(at, at + key.len() + 1, Class::Key);
                    push(at + key.len() + 1, end, Class::Value);
                } else {
                    push(at, end, Class::Narration);
                }
            }
        }
    }
    out
}

/// The spans of one command, whose text starts at byte `offset` of the file.
fn command_spans(command: &str, offset: usize, out: &mut Vec<(usize, usize, Class)>) {
    let byte = |column: usize| {
        command
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(command.len(), |(i, _)| i)
    };
    let Ok(tokens) = lexer::lex(command) else {
        // An unterminated quote: the error's underline says where; colour the words as values.
        out.push((offset, offset + command.len(), Class::Arg));
        return;
    };
    let expect = tokens.len() >= 2 && tokens[0].text == "sim" && tokens[1].text == "expect";
    let mut seen_flag = false;
    for t in &tokens {
        let class = if expect {
            Class::Expect
        } else if t.is_flag() {
            seen_flag = true;
            Class::Flag
        } else if seen_flag || t.eq.is_some() || t.quoted || t.text.starts_with('$') {
            Class::Arg
        } else {
            Class::Verb
        };
        out.push((offset + byte(t.col), offset + byte(t.end), class));
    }
    // The lexer stops at a `#` outside quotes: the rest of the line is a comment.
    let after = tokens.last().map_or(0, |t| byte(t.end));
    let rest = &command[after..];
    if let Some(hash) = rest.find('#') {
        out.push((
            offset + after + hash,
            offset + command.len(),
            Class::Comment,
        ));
    }
}
