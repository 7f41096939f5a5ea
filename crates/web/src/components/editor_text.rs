//! The editor's drawing: the coloured copy of the text that lies under the transparent textarea
//! (pieces from the core's `editor::highlight`), the gutter of line numbers and check marks, and
//! the conversions between the DOM's caret (UTF-16 units) and the core's byte offsets.

use keyfall_core::editor::{Report, Severity, highlight};
use yew::prelude::*;

/// The byte offset in `text` of a caret `units` UTF-16 units in.
pub(crate) fn byte_of_utf16(text: &str, units: u32) -> usize {
    let mut n = 0;
    for (i, c) in text.char_indices() {
        if n >= units {
            return i;
        }
        n += c.len_utf16() as u32;
    }
    text.len()
}

/// The caret position in UTF-16 units of byte offset `byte` in `text`.
pub(crate) fn utf16_of_byte(text: &str, byte: usize) -> u32 {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    text[..byte].encode_utf16().count() as u32
}

/// The byte offset of 1-based `line` and character `column` in `text`, clamped to the line.
pub(crate) fn byte_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[start.min(text.len())..];
    let line_text = rest.split('\n').next().unwrap_or("");
    start
        + line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i)
}

/// The coloured copy of `text`. A failed `sim expect` or goal line gets what really happened
/// written after its end, where the textarea has nothing to hide.
pub(crate) fn overlay(text: &str, report: &Report) -> Html {
    let said = |line: usize| {
        report
            .checks
            .iter()
            .find(|c| c.line == line && !c.held)
            .map(|c| html! { <span class="ed-said">{format!("   ✗ {}", c.said)}</span> })
    };
    let mut out: Vec<Html> = Vec::new();
    let mut line = 1;
    for p in highlight(text, &report.diagnostics) {
        let piece = &text[p.start..p.end];
        if p.class.is_none() && p.problem.is_none() {
            // Newlines are only ever in plain pieces: a line's end is here.
            for (i, part) in piece.split('\n').enumerate() {
                if i > 0 {
                    out.extend(said(line));
                    out.push(html! { {"\n"} });
                    line += 1;
                }
                if !part.is_empty() {
                    out.push(html! { {part.to_owned()} });
                }
            }
            continue;
        }
        let mut class = String::new();
        if let Some(c) = p.class {
            class.push_str("t-");
            class.push_str(c.name());
        }
        if let Some(s) = p.problem {
            class.push_str(" p-");
            class.push_str(s.name());
            if p.start == p.end {
                class.push_str(" p-end");
            }
        }
        out.push(html! { <span {class}>{piece.to_owned()}</span> });
    }
    out.extend(said(line));
    // A trailing newline needs a character after it to take up its line, as the textarea's does.
    out.push(html! { {" "} });
    out.into_iter().collect()
}

/// Line numbers, each with the mark of what happened on that line: ✓ a check that held, ✗ one
/// that failed, ● an error, ▲ a warning.
pub(crate) fn gutter(text: &str, report: &Report) -> Html {
    let lines = text.split('\n').count();
    (1..=lines)
        .map(|n| {
            let check = report.checks.iter().find(|c| c.line == n);
            let worst = report
                .diagnostics
                .iter()
                .filter(|d| d.line == n)
                .map(|d| d.severity)
                .min();
            let failed = check.is_some_and(|c| !c.held) || worst == Some(Severity::Failed);
            let (mark, class) = if worst == Some(Severity::Error) {
                ("●", "ed-ln error")
            } else if failed {
                ("✗", "ed-ln failed")
            } else if worst == Some(Severity::Warning) {
                ("▲", "ed-ln warning")
            } else if check.is_some() {
                ("✓", "ed-ln held")
            } else {
                ("", "ed-ln")
            };
            html! { <div {class}>{n}<span class="ed-mark">{mark}</span></div> }
        })
        .collect()
}
