//! Share links: a whole session in a URL fragment.
//!
//! A link carries text, not a snapshot: the scenario (or the built-in lesson's id plus any
//! commands typed after it), the session's other branches, the seed, the step to open at, whether it opens read-only, and view
//! options. Because the world is deterministic, replaying that text reproduces the same world
//! byte for byte, and the link stays short.
//!
//! Fragment layout, version 1: `k1.<v|e>.<payload>`, where `v` opens read-only ("view") and `e`
//! editable, and `payload` is base64url (no padding) of raw DEFLATE of this text:
//!
//! ```text
//! seed: 42
//! step: 5
//! lesson: 03
//! option: theme=light
//! open: 1
//! branch: branch 2 (from step 3)
//! base: 0 3
//! typed: az keyvault key purge --vault-name kv-ade --name kek
//! ---
//! <scenario text, or for a lesson the commands typed after it, one per line>
//! ```
//!
//! The body is the session's first branch. Each `branch:` line starts another: the first `at`
//! steps of an earlier branch (`base: <branch> <at>`, 0 being the first), then the commands typed
//! after them, one `typed:` line each. `open:` names the branch the link opens (0 when absent), and
//! `step:` counts steps in that branch. Branches live in the header, where every line is one line,
//! so no scenario text in the body can be mistaken for one.
//!
//! Decoding never panics and never trusts sizes from the link: inflation stops at
//! [`MAX_TEXT`] bytes, so a hostile link cannot exhaust memory.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

use crate::lang::{parse_line, shown};
use crate::scenario::{Scenario, parse_scenario};

/// The largest session text a link may inflate to.
pub const MAX_TEXT: usize = 256 * 1024;

const PREFIX: &str = "k1";
const SEPARATOR: &str = "---";

/// Whether a link opens the session for watching or for editing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ShareMode {
    /// Read-only: step through it, no console.
    View,
    /// Editable: a copy the recipient can change.
    Edit,
}

/// What the session is made of.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ShareSource {
    /// A built-in lesson by id, then commands typed after it.
    Lesson { id: String, extra: Vec<String> },
    /// A whole scenario: typed sessions and imported files.
    Scenario(Scenario),
}

/// A branch after the first: a prefix of an earlier branch, then commands typed after it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ShareBranch {
    pub name: String,
    /// The earlier branch it starts from: 0 is the first, 1 the first of [`Share::branches`].
    pub base: usize,
    /// How many of the base branch's steps it keeps.
    pub at: usize,
    /// Commands typed after those steps, one step each.
    pub typed: Vec<String>,
}

/// A decoded share link.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Share {
    pub mode: ShareMode,
    pub seed: u64,
    /// The 0-based timeline step to open at.
    pub step: usize,
    pub source: ShareSource,
    /// The session's other branches, in the order they were made.
    pub branches: Vec<ShareBranch>,
    /// The branch the link opens: 0 is the first (`source`), `n` is `branches[n - 1]`.
    pub open: usize,
    /// View options (`theme=light`, `speed=2`), in order; unknown ones are kept, not rejected, so
    /// newer links still open in older builds.
    pub options: Vec<(String, String)>,
}

/// Why a link could not be opened. `line` and `column` point into the session text inside the
/// link when the problem is there, and are 0 when the link itself is damaged.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ShareError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}:{}: {}", self.line, self.column, self.message)
        }
    }
}

impl std::error::Error for ShareError {}

fn damaged(message: impl Into<String>) -> ShareError {
    ShareError {
        line: 0,
        column: 0,
        message: message.into(),
    }
}

impl Share {
    /// The URL fragment, without the leading `#`.
    pub fn encode(&self) -> String {
        let text = self.text();
        let deflated = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 10);
        let mode = match self.mode {
            ShareMode::View => "v",
            ShareMode::Edit => "e",
        };
        format!("{PREFIX}.{mode}.{}", URL_SAFE_NO_PAD.encode(deflated))
    }

    /// The session text the link carries (also what a human sees when a link is damaged late).
    pub fn text(&self) -> String {
        let mut out = format!("seed: {}\nstep: {}\n", self.seed, self.step);
        if let ShareSource::Lesson { id, .. } = &self.source {
            out.push_str(&format!("lesson: {id}\n"));
        }
        for (k, v) in &self.options {
            out.push_str(&format!("option: {}={}\n", one_line(k), one_line(v)));
        }
        if self.open != 0 {
            out.push_str(&format!("open: {}\n", self.open));
        }
        for b in &self.branches {
            out.push_str(&format!(
                "branch: {}\nbase: {} {}\n",
                one_line(&b.name),
                b.base,
                b.at
            ));
            for line in &b.typed {
                out.push_str(&format!("typed: {}\n", one_line(line)));
            }
        }
        out.push_str(SEPARATOR);
        out.push('\n');
        match &self.source {
            ShareSource::Lesson { extra, .. } => {
                for line in extra {
                    out.push_str(&one_line(line));
                    out.push('\n');
                }
            }
            ShareSource::Scenario(s) => out.push_str(&s.to_string()),
        }
        out
    }

    /// Reads a fragment (with or without the leading `#`).
    pub fn decode(fragment: &str) -> Result<Share, ShareError> {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment).trim();
        let mut parts = fragment.splitn(3, '.');
        let (Some(prefix), Some(mode), Some(payload)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(damaged(
                "this is not a Keyfall link: it should start with #k1.",
            ));
        };
        if prefix != PREFIX {
            return Err(damaged(format!(
                "this link was made by another version of Keyfall (format {prefix}, this one reads {PREFIX})"
            )));
        }
        let mode = match mode {
            "v" => ShareMode::View,
            "e" => ShareMode::Edit,
            other => {
                return Err(damaged(format!(
                    "unknown link mode {}: expected v or e",
                    shown(other)
                )));
            }
        };
        let deflated = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| damaged("the link is damaged: its data is not valid base64url"))?;
        let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_TEXT)
            .map_err(|_| damaged("the link is damaged: its data does not decompress"))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| damaged("the link is damaged: its data is not text"))?;
        Share::from_text(mode, &text)
    }

    /// Parses the session text of a link.
    pub fn from_text(mode: ShareMode, text: &str) -> Result<Share, ShareError> {
        let mut seed = None;
        let mut step = 0;
        let mut lesson = None;
        let mut options = Vec::new();
        let mut branches: Vec<ShareBranch> = Vec::new();
        // Where `open:` was, to point at it if it names no branch.
        let mut open = (0, 0, 0);
        let mut body_start = None;
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            if line == SEPARATOR {
                body_start = Some(n);
                break;
            }
            let err = |column: usize, message: String| ShareError {
                line: n,
                column,
                message,
            };
            let Some((key, value)) = line.split_once(": ") else {
                return Err(err(
                    1,
                    format!("expected `key: value`, found {}", shown(line)),
                ));
            };
            let value_col = key.chars().count() + 3;
            match key {
                "seed" => {
                    seed = Some(
                        value
                            .parse()
                            .map_err(|_| err(value_col, format!("bad seed {}", shown(value))))?,
                    )
                }
                "step" => {
                    step = value
                        .parse()
                        .map_err(|_| err(value_col, format!("bad step {}", shown(value))))?
                }
                "lesson" => lesson = Some(value.to_owned()),
                "option" => {
                    let (k, v) = value.split_once('=').unwrap_or((value, ""));
                    options.push((k.to_owned(), v.to_owned()));
                }
                "open" => {
                    let index = value.parse().map_err(|_| {
                        err(value_col, format!("bad branch number {}", shown(value)))
                    })?;
                    open = (index, n, value_col);
                }
                "branch" => branches.push(ShareBranch {
                    name: value.to_owned(),
                    base: 0,
                    at: 0,
                    typed: Vec::new(),
                }),
                "base" | "typed" => {
                    let count = branches.len();
                    let Some(branch) = branches.last_mut() else {
                        return Err(err(1, format!("`{key}:` must follow a `branch:` line")));
                    };
                    if key == "typed" {
                        match parse_line(value) {
                            Ok(Some(_)) => branch.typed.push(value.to_owned()),
                            Ok(None) => {}
                            Err(e) => {
                                return Err(err(value_col + e.column - 1, without_position(&e)));
                            }
                        }
                    } else {
                        let bad = || {
                            err(
                                value_col,
                                format!("bad base {}: expected `<branch> <step>`", shown(value)),
                            )
                        };
                        let (base, at) = value.split_once(' ').ok_or_else(bad)?;
                        branch.base = base.parse().map_err(|_| bad())?;
                        branch.at = at.parse().map_err(|_| bad())?;
                        // Branch n (counting the first as 0) can only start from an earlier one.
                        if branch.base >= count {
                            return Err(err(
                                value_col,
                                format!(
                                    "branch {count} cannot start from branch {}: only earlier branches exist",
                                    branch.base
                                ),
                            ));
                        }
                    }
                }
                other => return Err(err(1, format!("unknown field {}", shown(other)))),
            }
        }
        let Some(body_start) = body_start else {
            return Err(damaged(
                "the link is incomplete: its session text has no `---` line",
            ));
        };
        let seed = seed.ok_or_else(|| damaged("the link has no seed"))?;
        let (open, open_line, open_col) = open;
        if open > branches.len() {
            return Err(ShareError {
                line: open_line,
                column: open_col,
                message: format!(
                    "the link opens branch {open}, but it has {} branches",
                    branches.len() + 1
                ),
            });
        }
        let body: Vec<&str> = text.lines().skip(body_start).collect();
        let source = match lesson {
            Some(id) => {
                let mut extra = Vec::new();
                for (i, line) in body.iter().enumerate() {
                    let n = body_start + i + 1;
                    match parse_line(line) {
                        Ok(Some(_)) => extra.push((*line).to_owned()),
                        Ok(None) => {}
                        Err(e) => {
                            return Err(ShareError {
                                line: n,
                                column: e.column,
                                message: without_position(&e),
                            });
                        }
                    }
                }
                ShareSource::Lesson { id, extra }
            }
            None => {
                let scenario = parse_scenario(&body.join("\n")).map_err(|e| ShareError {
                    line: body_start + e.line,
                    column: e.column,
                    message: e.message,
                })?;
                // Commands inside must parse too, so a damaged link fails here, not mid-replay.
                crate::run::scenario_commands(&scenario, true).map_err(|e| ShareError {
                    line: body_start + e.line,
                    column: e.column,
                    message: without_position(&e),
                })?;
                ShareSource::Scenario(scenario)
            }
        };
        Ok(Share {
            mode,
            seed,
            step,
            source,
            branches,
            open,
            options,
        })
    }
}

/// A parse error's words without its `line:column:` prefix, which the share error states itself.
fn without_position(e: &crate::lang::ParseError) -> String {
    match &e.suggestion {
        Some(s) => format!("{} (did you mean {s}?)", e.message),
        None => e.message.clone(),
    }
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin_lessons;
    use proptest::prelude::*;

    fn lesson_share() -> Share {
        Share {
            mode: ShareMode::View,
            seed: 5,
            step: 3,
            source: ShareSource::Lesson {
                id: "03".into(),
                extra: vec!["az keyvault key recover --vault-name kv-ade --name kek".into()],
            },
            branches: Vec::new(),
            open: 0,
            options: vec![("theme".into(), "light".into())],
        }
    }

    fn branched_share() -> Share {
        Share {
            branches: vec![
                ShareBranch {
                    name: "branch 2 (from step 3)".into(),
                    base: 0,
                    at: 3,
                    typed: vec!["az keyvault key purge --vault-name kv-ade --name kek".into()],
                },
                ShareBranch {
                    name: "branch 3 (from step 4)".into(),
                    base: 1,
                    at: 4,
                    typed: Vec::new(),
                },
            ],
            open: 2,
            ..lesson_share()
        }
    }

    #[test]
    fn branches_round_trip() {
        let share = branched_share();
        assert_eq!(Share::decode(&share.encode()), Ok(share.clone()));
        assert_eq!(Share::from_text(ShareMode::View, &share.text()), Ok(share));
    }

    #[test]
    fn bad_branch_lines_are_reported_at_their_line_and_column() {
        let text = lesson_share().text();
        let (head, body) = text.split_once("---\n").expect("separator");
        let with = |extra: &str| format!("{head}{extra}---\n{body}");
        let cases = [
            // Header lines 1-4 are seed, step, lesson and option; the extra lines start at 5.
            ("branch: b\nbase: 1 2\n", (6, 7), "only earlier branches"),
            ("branch: b\nbase: 0\n", (6, 7), "bad base"),
            ("base: 0 2\n", (5, 1), "must follow a `branch:`"),
            (
                "typed: az vm start --name vm1\n",
                (5, 1),
                "must follow a `branch:`",
            ),
            (
                "branch: b\ntyped: az vm strat --name vm1 --resource-group rg\n",
                (6, 14),
                "start",
            ),
            ("open: 2\nbranch: b\nbase: 0 1\n", (5, 7), "has 2 branches"),
            ("open: x\n", (5, 7), "bad branch number"),
        ];
        for (extra, at, want) in cases {
            let err = Share::from_text(ShareMode::Edit, &with(extra)).expect_err(extra);
            assert_eq!((err.line, err.column), at, "{extra:?}: {err}");
            assert!(err.message.contains(want), "{extra:?}: {err}");
        }
    }

    #[test]
    fn lesson_links_round_trip_and_stay_short() {
        let share = lesson_share();
        let link = share.encode();
        assert!(link.starts_with("k1.v."), "{link}");
        assert!(link.len() < 160, "{} chars: {link}", link.len());
        assert_eq!(Share::decode(&format!("#{link}")), Ok(share));
    }

    #[test]
    fn every_lesson_inlined_round_trips() {
        for (file, text) in builtin_lessons() {
            let scenario = parse_scenario(text).expect("lesson parses");
            let share = Share {
                mode: ShareMode::Edit,
                seed: 9,
                step: 0,
                source: ShareSource::Scenario(scenario),
                branches: Vec::new(),
                open: 0,
                options: Vec::new(),
            };
            let decoded = Share::decode(&share.encode()).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(decoded, share, "{file}");
        }
    }

    #[test]
    fn damaged_links_say_why() {
        let link = lesson_share().encode();
        let cases = [
            ("", "not a Keyfall link"),
            ("k9.v.AAAA", "another version"),
            ("k1.x.AAAA", "unknown link mode"),
            ("k1.v.***", "not valid base64url"),
            ("k1.v.AAAA", "does not decompress"),
        ];
        for (input, want) in cases {
            let err = Share::decode(input).expect_err(input);
            assert!(err.message.contains(want), "{input}: {err}");
        }
        // Flip one character in the payload: it must fail cleanly or decode to something else,
        // never panic.
        let mut chars: Vec<char> = link.chars().collect();
        let last = chars.len() - 3;
        chars[last] = if chars[last] == 'A' { 'B' } else { 'A' };
        let tampered: String = chars.into_iter().collect();
        assert_ne!(Share::decode(&tampered).ok(), Some(lesson_share()));
    }

    #[test]
    fn a_bad_command_inside_is_reported_at_its_line_and_column() {
        let text =
            "seed: 1\nstep: 0\nlesson: 03\n---\naz keyvault key delte --vault-name kv --name k\n";
        let err = Share::from_text(ShareMode::Edit, text).expect_err("typo");
        assert_eq!((err.line, err.column), (5, 17), "{err}");
        assert!(err.message.contains("delete"), "{err}");
    }

    #[test]
    fn a_decompression_bomb_is_refused() {
        let huge = vec![b'a'; MAX_TEXT * 4];
        let deflated = miniz_oxide::deflate::compress_to_vec(&huge, 10);
        let link = format!("k1.v.{}", URL_SAFE_NO_PAD.encode(deflated));
        assert!(Share::decode(&link).is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn arbitrary_fragments_never_panic(s in ".*") {
            let _ = Share::decode(&s);
            let _ = Share::decode(&format!("k1.v.{s}"));
        }

        #[test]
        fn arbitrary_payload_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = Share::decode(&format!("k1.e.{}", URL_SAFE_NO_PAD.encode(&bytes)));
            let deflated = miniz_oxide::deflate::compress_to_vec(&bytes, 6);
            let _ = Share::decode(&format!("k1.e.{}", URL_SAFE_NO_PAD.encode(deflated)));
        }
    }
}
