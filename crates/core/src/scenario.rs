//! Scenario files: the lesson format a trainer writes by hand.
//!
//! A scenario is a small Markdown-like text (documented in `docs/scenarios.md`):
//!
//! ```text
//! # Delete the KEK
//! id: 03
//! summary: The VM survives a restart but not a deallocate.
//! rules: R17 R21
//! seed: 7
//!
//! ## Build the world
//!
//! Narration with `code`, *emphasis* and **strong**.
//!
//! > Speaker notes.
//!
//! $ az keyvault key delete --vault-name kv-ade --name kek
//! $ sim expect ok
//!
//! goal: vm:vm1 ok
//! par: 3
//! hint: Deleted is not gone.
//! ```
//!
//! This module only splits the text into header, steps, narration, notes, goals and raw command
//! lines. Command lines stay text, with their line and column, because the command-language parser
//! owns their grammar and must report its errors at the right place in the file. The printer
//! ([`Scenario`]'s `Display`) writes the canonical form, which is what export and share links carry.
//!
//! Narration is never HTML: [`inline_spans`] splits it into plain-text spans that renderers must
//! escape, so a lesson (or a share link) cannot inject markup.

use crate::asset::AssetId;
use crate::health::Verdict;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The highest rule number in DOMAIN.md (R1..R37). A rule outside the range is a typo.
const MAX_RULE: u32 = 37;

/// A parsed scenario file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Scenario {
    /// Short identifier used in file names and links, e.g. `03`.
    pub id: String,
    /// The `# Title` line.
    pub title: String,
    /// One-line summary; empty when the file has none.
    pub summary: String,
    /// DOMAIN.md rules the scenario teaches, e.g. `["R17", "R21"]`.
    pub rules: Vec<String>,
    /// Seed for the world; `None` lets the runner choose its default.
    pub seed: Option<u64>,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// One step of a scenario: what the presenter says, then the commands that run.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Step {
    /// The `## Title` line.
    pub title: String,
    /// Prose with inline formatting (see [`inline_spans`]); paragraphs are separated by a blank
    /// line (`"\n\n"`), lines within a paragraph by `"\n"`.
    pub narration: String,
    /// Speaker notes (`> ` lines), shown only in presenter mode.
    pub notes: Option<String>,
    /// The step's command lines, in order. In a goal step they are the reference solution: the
    /// lesson stops before them and the user types their own.
    pub commands: Vec<CommandLine>,
    /// A goal to reach; only the last step may have one.
    pub goal: Option<Goal>,
}

/// One command of the command language, as written in the file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CommandLine {
    /// 1-based line in the scenario file.
    pub line: usize,
    /// 1-based column, in characters, where the command text starts (after `$ `).
    pub column: usize,
    /// The command, without the `$ ` marker and surrounding whitespace.
    pub text: String,
}

impl CommandLine {
    /// A line typed in the page rather than read from a file: it has no line or column.
    pub fn typed(text: String) -> CommandLine {
        CommandLine {
            line: 0,
            column: 0,
            text,
        }
    }
}

/// The health condition that ends a goal-mode lesson.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Goal {
    /// Each asset and the verdict it must have (`rp:rsv/vm1/rp-1 ok`); all must hold.
    pub conditions: Vec<(AssetId, Verdict)>,
    /// How many of the reference solution's commands change the world
    /// ([`crate::Record::changed_world`]); reads and `sim expect` are free.
    pub par: u32,
    /// A nudge shown on request.
    pub hint: Option<String>,
}

impl Goal {
    /// The conditions `report` does not meet, worded `vm:vm1: want ok, got at-risk` (`missing`
    /// when the asset is not in the report); empty when the goal is met.
    pub fn unmet(&self, report: &crate::health::HealthReport) -> Vec<String> {
        self.conditions
            .iter()
            .filter_map(|(asset, want)| {
                let got = report.get(asset).map(|a| a.verdict);
                (got != Some(*want)).then(|| {
                    let got = got.map_or("missing", |v| v.name());
                    format!("{asset}: want {want}, got {got}")
                })
            })
            .collect()
    }
}

/// Why a scenario file did not parse, and where.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ScenarioError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong, in words a trainer understands.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ScenarioError {}

/// A piece of narration after inline formatting. Every variant holds plain text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Span {
    /// Plain text.
    Text(String),
    /// `` `code` ``, shown in a monospace font.
    Code(String),
    /// `*emphasis*`.
    Emph(String),
    /// `**strong**`.
    Strong(String),
}

/// Parses a scenario file. On error nothing is returned but the first problem, with its position.
pub fn parse_scenario(text: &str) -> Result<Scenario, ScenarioError> {
    let mut p = Parser::default();
    // A byte-order mark from a Windows editor is not content.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        p.line(i + 1, line)?;
    }
    p.finish(text.lines().count().max(1))
}

/// Splits narration into spans: `` `code` ``, `*emphasis*`, `**strong**`, and text.
///
/// A backslash before `` ` ``, `*` or `\` makes it literal. Markers that do not close, or that touch
/// whitespace on the inside (`2 * 3 * 4`), stay literal text. Nothing is interpreted as HTML.
pub fn inline_spans(text: &str) -> Vec<Span> {
    let chars: Vec<char> = text.chars().collect();
    let mut spans = Vec::new();
    let mut plain = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\\' && matches!(next, Some('\\' | '`' | '*')) {
            plain.push(chars[i + 1]);
            i += 2;
            continue;
        }
        let found = match (c, next) {
            ('`', _) => find_char(&chars, i + 1, '`')
                .filter(|&end| end > i + 1)
                .map(|end| (Span::Code(collect(&chars[i + 1..end])), end + 1)),
            ('*', Some('*')) => find_closing(&chars, i + 2, 2)
                .map(|end| (Span::Strong(collect(&chars[i + 2..end])), end + 2)),
            ('*', _) => find_closing(&chars, i + 1, 1)
                .map(|end| (Span::Emph(collect(&chars[i + 1..end])), end + 1)),
            _ => None,
        };
        match found {
            Some((span, after)) => {
                if !plain.is_empty() {
                    spans.push(Span::Text(std::mem::take(&mut plain)));
                }
                spans.push(span);
                i = after;
            }
            None => {
                plain.push(c);
                // `**` that does not close is literal as a pair, so it cannot open emphasis.
                if c == '*' && next == Some('*') {
                    plain.push('*');
                    i += 1;
                }
                i += 1;
            }
        }
    }
    if !plain.is_empty() {
        spans.push(Span::Text(plain));
    }
    spans
}

fn collect(chars: &[char]) -> String {
    chars.iter().collect()
}

fn find_char(chars: &[char], from: usize, target: char) -> Option<usize> {
    (from..chars.len()).find(|&j| chars[j] == target)
}

/// Finds where a `*` run of length `n` opened at `from` closes: content non-empty, not starting or
/// ending with whitespace, and (for emphasis) the closing `*` not part of a `**`.
fn find_closing(chars: &[char], from: usize, n: usize) -> Option<usize> {
    let first = *chars.get(from)?;
    if first.is_whitespace() || first == '*' {
        return None;
    }
    let mut j = from + 1;
    while j + n <= chars.len() {
        let closes = chars[j..j + n].iter().all(|&c| c == '*')
            && !chars[j - 1].is_whitespace()
            && chars[j - 1] != '\\'
            && (n == 2 || chars.get(j + 1) != Some(&'*'));
        if closes {
            return Some(j);
        }
        j += 1;
    }
    None
}

/// Where the parser is in the file.
#[derive(Debug, Default, PartialEq, Eq, Clone, Copy)]
enum Section {
    /// Before the `# Title` line.
    #[default]
    Start,
    /// Header keys, before the first `## Step`.
    Header,
    /// Inside a step.
    Step,
}

/// A step being read, with the positions later checks need.
#[derive(Debug, Default)]
struct StepDraft {
    line: usize,
    title: String,
    narration: String,
    narration_break: bool,
    notes: String,
    notes_break: bool,
    commands: Vec<CommandLine>,
    conditions: Vec<(AssetId, Verdict)>,
    goal_line: Option<usize>,
    par: Option<u32>,
    par_line: usize,
    hint: Option<String>,
    hint_line: usize,
}

#[derive(Debug, Default)]
struct Parser {
    section: Section,
    title: String,
    title_line: usize,
    id: Option<String>,
    summary: Option<String>,
    rules: Option<Vec<String>>,
    seed: Option<u64>,
    seed_seen: bool,
    draft: Option<StepDraft>,
    /// Finished steps, each with the line of its goal (if any) for the "only the last step" check.
    steps: Vec<(Step, Option<usize>)>,
}

fn err(line: usize, column: usize, message: impl Into<String>) -> ScenarioError {
    ScenarioError {
        line,
        column,
        message: message.into(),
    }
}

/// 1-based character column of `part` inside `line`. `part` must be a sub-slice of `line`; the
/// byte offset comes from the two addresses, which is safe and avoids threading offsets around.
fn col(line: &str, part: &str) -> usize {
    let offset = (part.as_ptr() as usize).saturating_sub(line.as_ptr() as usize);
    line.get(..offset)
        .map_or(1, |before| before.chars().count() + 1)
}

/// Splits `key: value` when `key` is a lowercase word; returns key and value (untrimmed).
fn split_key(content: &str) -> Option<(&str, &str)> {
    let (key, value) = content.split_once(':')?;
    (!key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase())).then_some((key, value))
}

impl Parser {
    fn line(&mut self, n: usize, line: &str) -> Result<(), ScenarioError> {
        let content = line.trim();
        if content.is_empty() {
            if let Some(d) = self.draft.as_mut() {
                d.narration_break = !d.narration.is_empty();
                d.notes_break = !d.notes.is_empty();
            }
            return Ok(());
        }
        // An author's comment, for the file only: the editor's template explains itself in
        // them. The printer drops them, so links and exports carry none.
        if content.starts_with("//") {
            return Ok(());
        }
        if content.starts_with('#') {
            return self.heading(n, line, content);
        }
        match self.section {
            Section::Start => Err(err(
                n,
                col(line, content),
                "a scenario starts with its title: `# Title`",
            )),
            Section::Header => self.header(n, line, content),
            Section::Step => self.step_line(n, line, content),
        }
    }

    fn heading(&mut self, n: usize, line: &str, content: &str) -> Result<(), ScenarioError> {
        let level = content.chars().take_while(|&c| c == '#').count();
        let rest = &content[level..];
        let c = col(line, content);
        if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) || level > 2 {
            return Err(err(
                n,
                c,
                "a heading is `# Title` (the scenario) or `## Title` (a step)",
            ));
        }
        let text = rest.trim();
        match (level, self.section) {
            (1, Section::Start) if text.is_empty() => {
                Err(err(n, c, "the scenario has no title after `#`"))
            }
            (1, Section::Start) => {
                self.title = text.to_string();
                self.title_line = n;
                self.section = Section::Header;
                Ok(())
            }
            (1, _) => Err(err(
                n,
                c,
                "a scenario has one `# Title`; steps start with `## `",
            )),
            (_, Section::Start) => Err(err(
                n,
                c,
                "a scenario starts with its title (`# Title`) before its first step",
            )),
            (_, _) if text.is_empty() => Err(err(n, c, "step without a title after `##`")),
            (_, _) => {
                self.end_step()?;
                self.section = Section::Step;
                self.draft = Some(StepDraft {
                    line: n,
                    title: text.to_string(),
                    ..StepDraft::default()
                });
                Ok(())
            }
        }
    }

    fn header(&mut self, n: usize, line: &str, content: &str) -> Result<(), ScenarioError> {
        let Some((key, value)) = split_key(content) else {
            return Err(err(
                n,
                col(line, content),
                "expected a header line `key: value` (id, summary, rules, seed) or a step `## Title`",
            ));
        };
        let key_col = col(line, key);
        let value = value.trim();
        let value_col = if value.is_empty() {
            col(line, content) + content.chars().count()
        } else {
            col(line, value)
        };
        let duplicate = match key {
            "id" => self.id.is_some(),
            "summary" => self.summary.is_some(),
            "rules" => self.rules.is_some(),
            "seed" => self.seed_seen,
            _ => {
                return Err(err(
                    n,
                    key_col,
                    format!("unknown header key `{key}` (expected id, summary, rules or seed)"),
                ));
            }
        };
        if duplicate {
            return Err(err(n, key_col, format!("duplicate `{key}:` in the header")));
        }
        match key {
            "id" => {
                let ok = !value.is_empty()
                    && value
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                if !ok {
                    return Err(err(
                        n,
                        value_col,
                        "an id is letters, digits, `-` or `_`, e.g. `03`",
                    ));
                }
                self.id = Some(value.to_string());
            }
            "summary" => {
                if value.is_empty() {
                    return Err(err(n, value_col, "empty summary"));
                }
                self.summary = Some(value.to_string());
            }
            "rules" => {
                let mut rules = Vec::new();
                for rule in value
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|r| !r.is_empty())
                {
                    let number = rule.strip_prefix('R').and_then(|d| d.parse::<u32>().ok());
                    if !matches!(number, Some(1..=MAX_RULE)) || rule.starts_with("R0") {
                        return Err(err(
                            n,
                            col(line, rule),
                            format!(
                                "unknown rule `{rule}`: rules are R1 to R{MAX_RULE} (DOMAIN.md)"
                            ),
                        ));
                    }
                    rules.push(rule.to_string());
                }
                if rules.is_empty() {
                    return Err(err(n, value_col, "`rules:` lists rules such as `R17 R21`"));
                }
                self.rules = Some(rules);
            }
            _ => {
                // "seed": a whole number, so share links and handouts reproduce the same world.
                let seed = value.parse::<u64>().map_err(|_| {
                    err(
                        n,
                        value_col,
                        format!("the seed must be a whole number from 0 to {}", u64::MAX),
                    )
                })?;
                self.seed = Some(seed);
                self.seed_seen = true;
            }
        }
        Ok(())
    }

    fn step_line(&mut self, n: usize, line: &str, content: &str) -> Result<(), ScenarioError> {
        let Some(d) = self.draft.as_mut() else {
            // Unreachable: the Step section is entered only together with a draft.
            return Err(err(n, 1, "text outside a step"));
        };
        let c = col(line, content);
        if let Some(rest) = content.strip_prefix('$')
            && (rest.is_empty() || rest.starts_with(char::is_whitespace))
        {
            let text = rest.trim();
            if text.is_empty() {
                return Err(err(n, c, "empty command after `$`"));
            }
            d.commands.push(CommandLine {
                line: n,
                column: col(line, text),
                text: text.to_string(),
            });
            return Ok(());
        }
        if let Some(rest) = content.strip_prefix('>') {
            let text = rest.trim();
            if text.is_empty() {
                // `>` alone separates paragraphs of notes.
                d.notes_break = !d.notes.is_empty();
                return Ok(());
            }
            if d.notes_break {
                d.notes.push_str("\n\n");
            } else if !d.notes.is_empty() {
                d.notes.push('\n');
            }
            d.notes_break = false;
            d.notes.push_str(text);
            return Ok(());
        }
        if let Some((key @ ("goal" | "par" | "hint"), value)) = split_key(content) {
            let value = value.trim();
            let value_col = if value.is_empty() {
                c + content.chars().count()
            } else {
                col(line, value)
            };
            return match key {
                "goal" => {
                    d.goal_line.get_or_insert(n);
                    parse_conditions(n, line, value, value_col, &mut d.conditions)
                }
                "par" => {
                    if d.par.is_some() {
                        return Err(err(n, c, "duplicate `par:` in this step"));
                    }
                    let par = value
                        .parse::<u32>()
                        .ok()
                        .filter(|&p| p > 0)
                        .ok_or_else(|| {
                            err(
                                n,
                                value_col,
                                "`par:` is the number of commands, e.g. `par: 3`",
                            )
                        })?;
                    d.par = Some(par);
                    d.par_line = n;
                    Ok(())
                }
                _ => {
                    if d.hint.is_some() {
                        return Err(err(n, c, "duplicate `hint:` in this step"));
                    }
                    if value.is_empty() {
                        return Err(err(n, value_col, "empty hint"));
                    }
                    d.hint = Some(value.to_string());
                    d.hint_line = n;
                    Ok(())
                }
            };
        }
        // Narration. It must come before the commands: the step's text is shown, then its commands
        // run, so prose after them would be shown at the wrong moment.
        if !d.commands.is_empty() || d.goal_line.is_some() || d.par.is_some() || d.hint.is_some() {
            return Err(err(
                n,
                c,
                format!(
                    "narration after the commands of step `{}`: move it above the commands, or start a new step with `## Title`",
                    d.title
                ),
            ));
        }
        if d.narration_break {
            d.narration.push_str("\n\n");
        } else if !d.narration.is_empty() {
            d.narration.push('\n');
        }
        d.narration_break = false;
        d.narration.push_str(content);
        Ok(())
    }

    /// Closes the step being read, if any, checking what only the whole step can tell.
    fn end_step(&mut self) -> Result<(), ScenarioError> {
        let Some(d) = self.draft.take() else {
            return Ok(());
        };
        if d.commands.is_empty() {
            return Err(err(
                d.line,
                1,
                format!(
                    "step `{}` has no commands: add at least one `$ az ...` or `$ sim ...` line",
                    d.title
                ),
            ));
        }
        let goal = match (d.conditions.is_empty(), d.par) {
            (true, None) if d.hint.is_some() => {
                return Err(err(d.hint_line, 1, "`hint:` without a `goal:`"));
            }
            (true, None) => None,
            (true, Some(_)) => return Err(err(d.par_line, 1, "`par:` without a `goal:`")),
            (false, None) => {
                return Err(err(
                    d.goal_line.unwrap_or(d.line),
                    1,
                    "a goal needs `par:`, the number of commands the solution takes",
                ));
            }
            (false, Some(par)) => Some(Goal {
                conditions: d.conditions,
                par,
                hint: d.hint,
            }),
        };
        let notes = (!d.notes.is_empty()).then_some(d.notes);
        self.steps.push((
            Step {
                title: d.title,
                narration: d.narration,
                notes,
                commands: d.commands,
                goal,
            },
            d.goal_line,
        ));
        Ok(())
    }

    fn finish(mut self, lines: usize) -> Result<Scenario, ScenarioError> {
        if self.section == Section::Start {
            return Err(err(
                1,
                1,
                "empty scenario: it starts with its title, `# Title`",
            ));
        }
        self.end_step()?;
        let Some(id) = self.id else {
            return Err(err(
                self.title_line,
                1,
                "missing `id:` in the header (e.g. `id: 03`)",
            ));
        };
        if self.steps.is_empty() {
            return Err(err(
                lines,
                1,
                "the scenario has no steps: a step starts with `## Title`",
            ));
        }
        let last = self.steps.len() - 1;
        if let Some((_, Some(line))) = self.steps[..last].iter().find(|(s, _)| s.goal.is_some()) {
            return Err(err(*line, 1, "only the last step may have a `goal:`"));
        }
        Ok(Scenario {
            id,
            title: self.title,
            summary: self.summary.unwrap_or_default(),
            rules: self.rules.unwrap_or_default(),
            seed: self.seed,
            steps: self.steps.into_iter().map(|(s, _)| s).collect(),
        })
    }
}

/// Reads `ASSET VERDICT[, ASSET VERDICT ...]` into `out`.
pub(crate) fn parse_conditions(
    n: usize,
    line: &str,
    value: &str,
    value_col: usize,
    out: &mut Vec<(AssetId, Verdict)>,
) -> Result<(), ScenarioError> {
    if value.is_empty() {
        return Err(err(
            n,
            value_col,
            "a goal is `goal: ASSET VERDICT`, e.g. `goal: vm:vm1 ok`",
        ));
    }
    for part in value.split(',') {
        let words: Vec<&str> = part.split_whitespace().collect();
        let [asset, verdict] = words[..] else {
            let at = words.first().map_or(value_col, |w| col(line, w));
            return Err(err(
                n,
                at,
                "a goal condition is `ASSET VERDICT`, e.g. `rp:rsv/vm1/rp-1 ok`",
            ));
        };
        let Some(asset_id) = AssetId::parse(asset) else {
            return Err(err(
                n,
                col(line, asset),
                format!("`{asset}` is not an asset id such as `vm:vm1` or `rp:rsv/vm1/rp-1`"),
            ));
        };
        let Some(want) = Verdict::ALL.iter().copied().find(|v| v.name() == verdict) else {
            return Err(err(
                n,
                col(line, verdict),
                format!("bad verdict `{verdict}`: expected ok, at-risk, broken or lost"),
            ));
        };
        out.push((asset_id, want));
    }
    Ok(())
}

/// Writes the canonical form of the file. For every scenario `s` returned by [`parse_scenario`],
/// `parse_scenario(&s.to_string())` gives `s` back, up to the line and column of its commands,
/// which follow the canonical layout; a file already in canonical form comes back byte for byte.
impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "# {}", self.title)?;
        writeln!(f, "id: {}", self.id)?;
        if !self.summary.is_empty() {
            writeln!(f, "summary: {}", self.summary)?;
        }
        if !self.rules.is_empty() {
            writeln!(f, "rules: {}", self.rules.join(" "))?;
        }
        if let Some(seed) = self.seed {
            writeln!(f, "seed: {seed}")?;
        }
        for step in &self.steps {
            write!(f, "\n## {}\n", step.title)?;
            if !step.narration.is_empty() {
                write!(f, "\n{}\n", step.narration)?;
            }
            if let Some(notes) = &step.notes {
                writeln!(f)?;
                for line in notes.split('\n') {
                    if line.is_empty() {
                        writeln!(f, ">")?;
                    } else {
                        writeln!(f, "> {line}")?;
                    }
                }
            }
            if !step.commands.is_empty() {
                writeln!(f)?;
                for command in &step.commands {
                    writeln!(f, "$ {}", command.text)?;
                }
            }
            if let Some(goal) = &step.goal {
                writeln!(f)?;
                for (asset, verdict) in &goal.conditions {
                    writeln!(f, "goal: {asset} {verdict}")?;
                }
                writeln!(f, "par: {}", goal.par)?;
                if let Some(hint) = &goal.hint {
                    writeln!(f, "hint: {hint}")?;
                }
            }
        }
        Ok(())
    }
}

impl Scenario {
    /// The same scenario with every command's line and column set to 0: what round-trip
    /// comparisons use when the text was not in canonical layout.
    pub fn without_positions(&self) -> Scenario {
        let mut s = self.clone();
        for c in s.steps.iter_mut().flat_map(|step| step.commands.iter_mut()) {
            c.line = 0;
            c.column = 0;
        }
        s
    }

    /// Wraps a bare script (no narration) as a one-step scenario, so every runner and exporter
    /// takes both kinds of file. Commands keep their file lines.
    pub fn from_script(name: &str, script: &crate::lang::Script) -> Scenario {
        let commands = script
            .lines
            .iter()
            .map(|l| CommandLine {
                line: l.line,
                column: 1,
                text: l.command.to_string(),
            })
            .collect();
        Scenario {
            id: String::new(),
            title: name.to_owned(),
            summary: String::new(),
            rules: Vec::new(),
            seed: None,
            steps: vec![Step {
                title: String::new(),
                narration: String::new(),
                notes: None,
                commands,
                goal: None,
            }],
        }
    }
}

impl Span {
    /// The span's text without its formatting.
    pub fn text(&self) -> &str {
        match self {
            Span::Text(t) | Span::Code(t) | Span::Emph(t) | Span::Strong(t) => t,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const EXAMPLE: &str = "# Delete the KEK
id: 03
summary: The VM survives a restart but not a deallocate.
rules: R17 R21
seed: 7

## Build the world

A VM with `ADE`, *really*.
Second line.

Second **paragraph**.

> Say this slowly.
>
> Then this.

$ az keyvault key delete --vault-name kv-ade --name kek
$ sim expect ok

## Your turn

Fix it.

$ az keyvault key recover --vault-name kv-ade --name kek

goal: vm:vm1 ok
goal: rp:rsv/vm1/rp-1 ok
par: 1
hint: Deleted is not gone.
";

    fn parse_err(text: &str) -> ScenarioError {
        match parse_scenario(text) {
            Ok(s) => panic!("expected an error, parsed {s:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn parses_the_example() {
        let s = parse_scenario(EXAMPLE).expect("parses");
        assert_eq!(s.id, "03");
        assert_eq!(s.title, "Delete the KEK");
        assert_eq!(s.rules, ["R17", "R21"]);
        assert_eq!(s.seed, Some(7));
        assert_eq!(s.steps.len(), 2);
        let first = &s.steps[0];
        assert_eq!(
            first.narration,
            "A VM with `ADE`, *really*.\nSecond line.\n\nSecond **paragraph**."
        );
        assert_eq!(
            first.notes.as_deref(),
            Some("Say this slowly.\n\nThen this.")
        );
        assert_eq!(
            first.commands[0],
            CommandLine {
                line: 18,
                column: 3,
                text: "az keyvault key delete --vault-name kv-ade --name kek".into()
            }
        );
        assert_eq!(first.commands[1].text, "sim expect ok");
        assert!(first.goal.is_none());
        let goal = s.steps[1].goal.as_ref().expect("the last step has a goal");
        assert_eq!(goal.par, 1);
        assert_eq!(goal.conditions.len(), 2);
        assert_eq!(
            goal.conditions[1],
            (AssetId::recovery_point("rsv", "vm1", "rp-1"), Verdict::Ok)
        );
        assert_eq!(goal.hint.as_deref(), Some("Deleted is not gone."));
    }

    #[test]
    fn canonical_text_prints_back_byte_for_byte() {
        let s = parse_scenario(EXAMPLE).expect("parses");
        assert_eq!(s.to_string(), EXAMPLE);
        assert_eq!(parse_scenario(&s.to_string()).expect("parses"), s);
    }

    #[test]
    fn loose_text_round_trips_to_canonical() {
        let loose = "\u{feff}#   Loose  \r\nid:x\r\n\r\n\r\n##  One \r\n  text  \r\n\r\n\r\n  more\r\n> n\r\n  $   sim advance 1d  \r\ngoal: vm:a ok, vm:b lost\r\npar: 2\r\n";
        let s = parse_scenario(loose).expect("parses");
        assert_eq!(s.title, "Loose");
        assert_eq!(s.steps[0].narration, "text\n\nmore");
        assert_eq!(s.steps[0].commands[0].column, 7);
        assert_eq!(s.steps[0].commands[0].text, "sim advance 1d");
        let printed = s.to_string();
        let again = parse_scenario(&printed).expect("parses");
        assert_eq!(again.without_positions(), s.without_positions());
        assert_eq!(again.to_string(), printed);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let s =
            parse_scenario("# T\nid: a\n## S\n\u{e9}\u{e9} narration\n\u{3000}$ sim advance 1d\n")
                .expect("parses");
        // U+3000 is whitespace (one char, three bytes): `$` is at column 2, the command at 4.
        assert_eq!(s.steps[0].commands[0].column, 4);
        let e = parse_err("# T\nid: a\n## S\n$ sim advance 1d\ngoal: vm:\u{e9}\u{e9} fine\n");
        assert_eq!((e.line, e.column), (5, 13));
    }

    #[test]
    fn errors_name_line_and_column() {
        let cases: &[(&str, usize, usize, &str)] = &[
            ("", 1, 1, "empty scenario"),
            ("hello\n", 1, 1, "starts with its title"),
            ("# \n", 1, 1, "no title"),
            (
                "# T\nid: 1\nauthor: me\n",
                3,
                1,
                "unknown header key `author`",
            ),
            ("# T\nid: 1\nid: 2\n", 3, 1, "duplicate `id:`"),
            ("# T\nid: 0 3\n", 2, 5, "an id is"),
            ("# T\nid: 1\nrules: R17 X9\n", 3, 12, "unknown rule `X9`"),
            ("# T\nid: 1\nrules: R99\n", 3, 8, "unknown rule `R99`"),
            ("# T\nid: 1\nseed: -4\n", 3, 7, "seed"),
            ("# T\nid: 1\njust prose\n", 3, 1, "expected a header line"),
            ("# T\n## S\n$ sim advance 1d\n", 1, 1, "missing `id:`"),
            ("# T\nid: 1\n", 2, 1, "no steps"),
            ("# T\nid: 1\n##\n", 3, 1, "step without a title"),
            ("# T\nid: 1\n### Deep\n", 3, 1, "a heading is"),
            ("# T\nid: 1\n## S\n# Again\n", 4, 1, "one `# Title`"),
            (
                "# T\nid: 1\n## S\ntext\n## U\n$ sim advance 1d\n",
                3,
                1,
                "has no commands",
            ),
            ("# T\nid: 1\n## S\n  $\n", 4, 3, "empty command"),
            (
                "# T\nid: 1\n## S\n$ sim read vm1 /a\nlate prose\n",
                5,
                1,
                "narration after",
            ),
            (
                "# T\nid: 1\n## S\n$ sim advance 1d\ngoal: vm:vm1 fine\n",
                5,
                14,
                "bad verdict `fine`",
            ),
            (
                "# T\nid: 1\n## S\n$ sim advance 1d\ngoal: vm1 ok\n",
                5,
                7,
                "not an asset id",
            ),
            (
                "# T\nid: 1\n## S\n$ sim advance 1d\ngoal: vm:vm1\n",
                5,
                7,
                "ASSET VERDICT",
            ),
            (
                "# T\nid: 1\n## S\n$ sim advance 1d\ngoal: vm:vm1 ok\n",
                5,
                1,
                "needs `par:`",
            ),
            (
                "# T\nid: 1\n## S\n$ sim advance 1d\npar: 2\n",
                5,
                1,
                "without a `goal:`",
            ),
            (
                "# T\nid: 1\n## S\n$ sim advance 1d\nhint: h\n",
                5,
                1,
                "without a `goal:`",
            ),
            (
                "# T\nid: 1\n## S\n$ sim advance 1d\ngoal: vm:a ok\npar: zero\n",
                6,
                6,
                "`par:` is",
            ),
            (
                "# T\nid: 1\n## S\n$ sim advance 1d\ngoal: vm:a ok\npar: 1\n## U\n$ sim advance 1d\n",
                5,
                1,
                "only the last step",
            ),
        ];
        for &(text, line, column, message) in cases {
            let e = parse_err(text);
            assert_eq!((e.line, e.column), (line, column), "{text:?}: {e}");
            assert!(e.message.contains(message), "{text:?}: {e}");
        }
    }

    #[test]
    fn the_documented_example_parses_in_canonical_form() {
        // docs/scenarios.md promises a complete, working example; keep it honest.
        let doc = include_str!("../../../docs/scenarios.md");
        let start = doc.find("```text\n# ").expect("docs have an example") + "```text\n".len();
        let end = start + doc[start..].find("```").expect("the example block closes");
        let example = &doc[start..end];
        let s = parse_scenario(example).expect("parses");
        assert_eq!(s.to_string(), example);
        assert_eq!(s.steps.len(), 3);
        assert!(s.steps[2].goal.is_some());
    }

    #[test]
    fn error_display_is_line_colon_column() {
        let e = parse_err("# T\nid: 1\nfoo: bar\n");
        assert_eq!(
            e.to_string(),
            "3:1: unknown header key `foo` (expected id, summary, rules or seed)"
        );
    }

    #[test]
    fn dollar_without_space_is_prose() {
        let s = parse_scenario("# T\nid: 1\n## S\n$5 a month\n$ sim advance 1d\n").expect("parses");
        assert_eq!(s.steps[0].narration, "$5 a month");
    }

    #[test]
    fn spans_cover_code_emphasis_and_strong() {
        use Span::*;
        assert_eq!(
            inline_spans("Run `az vm start`, *then* **wait**."),
            vec![
                Text("Run ".into()),
                Code("az vm start".into()),
                Text(", ".into()),
                Emph("then".into()),
                Text(" ".into()),
                Strong("wait".into()),
                Text(".".into()),
            ]
        );
    }

    #[test]
    fn unclosed_or_spaced_markers_stay_text() {
        use Span::*;
        assert_eq!(inline_spans("2 * 3 * 4"), vec![Text("2 * 3 * 4".into())]);
        assert_eq!(inline_spans("a `b"), vec![Text("a `b".into())]);
        assert_eq!(inline_spans("**open"), vec![Text("**open".into())]);
        assert_eq!(inline_spans("``"), vec![Text("``".into())]);
        assert_eq!(
            inline_spans(r"\*not\* \`code\`"),
            vec![Text("*not* `code`".into())]
        );
        assert_eq!(inline_spans(""), vec![]);
    }

    #[test]
    fn code_keeps_stars_literal() {
        assert_eq!(
            inline_spans("`--aad-client-secret ***`"),
            vec![Span::Code("--aad-client-secret ***".into())]
        );
    }

    #[test]
    fn html_is_never_markup() {
        let evil = "<img src=x onerror=alert(1)> <script>x</script>";
        assert_eq!(inline_spans(evil), vec![Span::Text(evil.into())]);
        let text = format!("# <b>T</b>\nid: 1\n## S\n{evil}\n$ sim advance 1d\n");
        let s = parse_scenario(&text).expect("parses");
        assert_eq!(s.title, "<b>T</b>");
        assert_eq!(s.steps[0].narration, evil);
    }

    fn word() -> impl Strategy<Value = String> {
        "[A-Za-z0-9`*<>&./:_-]{1,8}"
    }

    fn phrase() -> impl Strategy<Value = String> {
        prop::collection::vec(word(), 1..5).prop_map(|w| w.join(" "))
    }

    /// Narration lines must not look like other syntax; prefixing a letter guarantees that.
    fn prose() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::collection::vec(phrase().prop_map(|p| format!("w{p}")), 1..3),
            0..3,
        )
        .prop_map(|paras| {
            paras
                .iter()
                .map(|lines| lines.join("\n"))
                .collect::<Vec<_>>()
                .join("\n\n")
        })
    }

    fn scenario() -> impl Strategy<Value = Scenario> {
        let step = (
            phrase(),
            prose(),
            proptest::option::of(prose().prop_filter("non-empty", |p| !p.is_empty())),
            prop::collection::vec(phrase(), 1..4),
        )
            .prop_map(|(title, narration, notes, commands)| Step {
                title,
                narration,
                notes,
                commands: commands.into_iter().map(CommandLine::typed).collect(),
                goal: None,
            });
        let goal = (
            prop::collection::vec(
                (
                    prop_oneof![
                        "[a-z][a-z0-9-]{0,7}".prop_map(AssetId::Vm),
                        ("[a-z]{1,4}", "[a-z0-9-]{1,8}").prop_map(|(v, n)| AssetId::secret(v, n)),
                        ("[a-z]{1,4}", "[a-z0-9]{1,4}", "rp-[0-9]")
                            .prop_map(|(r, i, p)| AssetId::recovery_point(r, i, p)),
                    ],
                    prop::sample::select(Verdict::ALL.to_vec()),
                ),
                1..3,
            ),
            1u32..20,
            proptest::option::of(phrase()),
        )
            .prop_map(|(conditions, par, hint)| Goal {
                conditions,
                par,
                hint,
            });
        (
            phrase(),
            "[a-z0-9_-]{1,6}",
            proptest::option::of(phrase()),
            prop::collection::vec(1u32..=MAX_RULE, 0..4),
            proptest::option::of(any::<u64>()),
            prop::collection::vec(step, 1..4),
            proptest::option::of(goal),
        )
            .prop_map(|(title, id, summary, rules, seed, mut steps, goal)| {
                if let Some(last) = steps.last_mut() {
                    last.goal = goal;
                }
                Scenario {
                    id,
                    title,
                    summary: summary.unwrap_or_default(),
                    rules: rules.iter().map(|r| format!("R{r}")).collect(),
                    seed,
                    steps,
                }
            })
    }

    /// Fragments that exercise every branch of the line classifier.
    fn scenario_like_text() -> impl Strategy<Value = String> {
        let fragment = prop::sample::select(vec![
            "# ",
            "## ",
            "### ",
            "#",
            "$ ",
            "$",
            "> ",
            ">",
            "id: ",
            "summary: ",
            "rules: R1 R",
            "seed: ",
            "goal: ",
            "par: ",
            "hint: ",
            "vm:vm1 ",
            "ok",
            "lost, ",
            "\n",
            "\r\n",
            "\n\n",
            "`",
            "*",
            "**",
            "\\",
            " ",
            "\u{feff}",
            "\u{3000}",
            "é",
            "37",
            "sim expect ok",
        ]);
        prop::collection::vec(fragment, 0..60).prop_map(|f| f.concat())
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_panics(text in "\\PC*") {
            let _ = parse_scenario(&text);
            let _ = inline_spans(&text);
        }

        #[test]
        fn scenario_like_text_never_panics(text in scenario_like_text()) {
            if let Ok(s) = parse_scenario(&text) {
                // Whatever parses prints to a canonical text that parses to the same thing.
                let printed = s.to_string();
                let again = parse_scenario(&printed).expect("parses");
                prop_assert_eq!(again.without_positions(), s.without_positions());
                prop_assert_eq!(again.to_string(), printed);
            }
            let _ = inline_spans(&text);
        }

        #[test]
        fn print_then_parse_round_trips(s in scenario()) {
            let printed = s.to_string();
            let parsed = parse_scenario(&printed).expect("parses");
            prop_assert_eq!(parsed.without_positions(), s.without_positions());
            // Once printed, positions are those of the canonical text and survive a second trip.
            prop_assert_eq!(parse_scenario(&parsed.to_string()).expect("parses"), parsed);
        }

        #[test]
        fn spans_lose_no_text(text in "[a-z `*\\\\]{0,40}") {
            // Every character except markers and escapes appears in the spans, in order.
            let joined: String = inline_spans(&text)
                .into_iter()
                .map(|s| match s {
                    Span::Text(t) | Span::Code(t) | Span::Emph(t) | Span::Strong(t) => t,
                })
                .collect();
            let letters = |s: &str| s.chars().filter(|c| c.is_ascii_lowercase()).collect::<String>();
            prop_assert_eq!(letters(&joined), letters(&text));
        }
    }
}
