//! az's output: the global arguments `-o/--output` and `--query`, and the formats.
//!
//! az takes `--output json|jsonc|yaml|yamlc|table|tsv|none` and `--query JMESPATH` on every
//! command (knack's global arguments). They are taken off the line here, before the grammar sees
//! it, so that no grammar row needs them. The JSON itself comes from [`view`]; the formats follow
//! knack's `output.py`: JSON with sorted keys and two-space indents, tsv rows of values in key
//! order (a nested list as its length, a nested object as nothing), tables of the scalar columns
//! with capitalised headers, and YAML as PyYAML's `safe_dump` writes it. The query is full
//! JMESPath, by the `jmespath` crate (the reference implementation's Rust port).

pub(crate) mod view;

use serde_json::Value;

// The audit log's escaping is Python's `json.dumps(ensure_ascii=False)`'s too.
use crate::audit::json_str;
use crate::lang::ParseError;
use crate::lang::lexer;
use crate::shell::Logical;

/// `--output`: how az prints a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// `json` (the default).
    #[default]
    Json,
    /// `jsonc`: colour JSON; without a terminal, plain JSON (knack drops the colour).
    Jsonc,
    /// `yaml`, `yamlc`.
    Yaml,
    /// `table`.
    Table,
    /// `tsv`: what `$(...)` captures.
    Tsv,
    /// `none`: nothing.
    None,
}

const FORMATS: [(&str, Format); 7] = [
    ("json", Format::Json),
    ("jsonc", Format::Jsonc),
    ("yaml", Format::Yaml),
    ("yamlc", Format::Yaml),
    ("table", Format::Table),
    ("tsv", Format::Tsv),
    ("none", Format::None),
];

/// The global arguments of one az command.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Globals {
    /// `-o/--output`.
    pub format: Format,
    /// `--query`, as typed.
    pub query: Option<String>,
}

fn cli_error(line: &Logical, column: usize, message: String) -> ParseError {
    line.place(ParseError {
        line: 1,
        column,
        message,
        suggestion: None,
    })
}

/// Takes az's global arguments off an az command line (`az ...`, or `sim as P az ...`): `-o`,
/// `--output`, `--query` with their values, and the flags that change only what az logs
/// (`--only-show-errors`, `--verbose`, `--debug`). Any other line is given back as it is.
pub(crate) fn strip_globals(line: &Logical) -> Result<(Logical, Globals), ParseError> {
    let mut globals = Globals::default();
    let Ok(tokens) = lexer::lex(&line.text) else {
        // The parser reports the lexing error with its column.
        return Ok((line.clone(), globals));
    };
    let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
    let is_az = matches!(words.as_slice(), ["az", ..] | ["sim", "as", _, "az", ..]);
    if !is_az {
        return Ok((line.clone(), globals));
    }
    // Char ranges (0-based, end exclusive) to cut.
    let mut cut: Vec<(usize, usize)> = Vec::new();
    let mut seen_output = false;
    let mut seen_query = false;
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.quoted || !t.is_flag() {
            i += 1;
            continue;
        }
        let (flag, inline) = match t.eq {
            Some(eq) => (&t.text[..eq.at], Some(t.text[eq.at + 1..].to_owned())),
            None => (t.text.as_str(), None),
        };
        let which = match flag {
            "-o" | "--output" => Some(true),
            "--query" => Some(false),
            "--only-show-errors" | "--verbose" | "--debug" if inline.is_none() => {
                cut.push((t.col - 1, t.end - 1));
                i += 1;
                continue;
            }
            _ => None,
        };
        let Some(is_output) = which else {
            i += 1;
            continue;
        };
        let name = if is_output { "--output/-o" } else { "--query" };
        let (value, end) = match inline {
            Some(v) => (v, t.end),
            None => match tokens.get(i + 1) {
                Some(v) if v.quoted || !v.is_flag() => {
                    i += 1;
                    (v.text.clone(), v.end)
                }
                _ => {
                    return Err(cli_error(
                        line,
                        t.col,
                        format!("az: error: argument {name}: expected one argument"),
                    ));
                }
            },
        };
        let seen = if is_output {
            &mut seen_output
        } else {
            &mut seen_query
        };
        if *seen {
            return Err(cli_error(
                line,
                t.col,
                format!("az: error: argument {name} given twice"),
            ));
        }
        *seen = true;
        if is_output {
            let lower = value.to_ascii_lowercase();
            globals.format = FORMATS
                .iter()
                .find(|(n, _)| *n == lower)
                .map(|(_, f)| *f)
                .ok_or_else(|| {
                    cli_error(
                        line,
                        t.col,
                        format!(
                            "az: error: argument --output/-o: invalid choice: '{value}' (choose \
                             from 'json', 'jsonc', 'yaml', 'yamlc', 'table', 'tsv', 'none')"
                        ),
                    )
                })?;
        } else {
            if let Err(e) = jmespath::compile(&value) {
                return Err(cli_error(
                    line,
                    t.col,
                    format!(
                        "az: error: argument --query: invalid jmespath_type value: '{value}' ({e})"
                    ),
                ));
            }
            globals.query = Some(value);
        }
        cut.push((t.col - 1, end - 1));
        i += 1;
    }
    if cut.is_empty() {
        return Ok((line.clone(), globals));
    }
    let mut out = Logical {
        text: String::new(),
        origin: Vec::new(),
    };
    for (n, (c, o)) in line.text.chars().zip(&line.origin).enumerate() {
        if !cut.iter().any(|&(a, b)| n >= a && n < b) {
            out.text.push(c);
            out.origin.push(*o);
        }
    }
    Ok((out, globals))
}

/// Applies `--query` to `value`. `None` stays `None` (az queries only a result it has).
pub(crate) fn query(value: Option<Value>, query: Option<&str>) -> Result<Option<Value>, String> {
    let (Some(value), Some(q)) = (value.as_ref(), query) else {
        return Ok(value);
    };
    let expr = jmespath::compile(q).map_err(|e| e.to_string())?;
    let found = expr.search(value).map_err(|e| e.to_string())?;
    let found = serde_json::to_value(&*found).map_err(|e| e.to_string())?;
    Ok((!found.is_null()).then_some(found))
}

/// The result as az prints it in `format`, one string per line. Nothing for no result: az prints
/// nothing when a command returns nothing, or a query finds nothing.
pub(crate) fn render(value: Option<&Value>, format: Format, queried: bool) -> Vec<String> {
    let Some(value) = value else {
        return Vec::new();
    };
    let text = match format {
        Format::Json | Format::Jsonc => {
            let mut out = String::new();
            json_into(&mut out, value, 0);
            out
        }
        Format::Yaml => yaml(value),
        Format::Tsv => tsv(value),
        Format::Table => table(value, queried),
        Format::None => return Vec::new(),
    };
    text.lines().map(str::to_owned).collect()
}

/// `value` as knack's `json.dumps(indent=2, sort_keys=True, separators=(',', ': '))` writes it
/// (the keys are sorted already: `serde_json::Map` is a `BTreeMap`). Written here rather than
/// with `serde_json::to_string_pretty`, which costs the wasm more.
fn json_into(out: &mut String, v: &Value, indent: usize) {
    let pad = |out: &mut String, n: usize| out.extend(std::iter::repeat_n(' ', n));
    match v {
        Value::Array(a) if !a.is_empty() => {
            out.push_str("[\n");
            for (i, item) in a.iter().enumerate() {
                pad(out, indent + 2);
                json_into(out, item, indent + 2);
                out.push_str(if i + 1 < a.len() { ",\n" } else { "\n" });
            }
            pad(out, indent);
            out.push(']');
        }
        Value::Object(m) if !m.is_empty() => {
            out.push_str("{\n");
            for (i, (k, item)) in m.iter().enumerate() {
                pad(out, indent + 2);
                json_str(out, k);
                out.push_str(": ");
                json_into(out, item, indent + 2);
                out.push_str(if i + 1 < m.len() { ",\n" } else { "\n" });
            }
            pad(out, indent);
            out.push('}');
        }
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => json_str(out, s),
    }
}

/// A scalar as Python's `str()` writes it (`True`, `None`): how tsv and table cells print.
fn py_str(v: &Value) -> String {
    match v {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Array(a) => a.len().to_string(),
        Value::Object(_) => String::new(),
    }
}

/// knack's `_TsvOutput`: a row per item of a list (or one for a single result); an object's
/// values in key order, tab-separated; a bare boolean in lower case.
pub(crate) fn tsv(value: &Value) -> String {
    let rows: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut out = String::new();
    for row in rows {
        match row {
            Value::Object(m) => {
                let cells: Vec<String> = m.values().map(py_str).collect();
                out.push_str(&cells.join("\t"));
            }
            Value::Array(a) => {
                let cells: Vec<String> = a.iter().map(py_str).collect();
                out.push_str(&cells.join("\t"));
            }
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            other => out.push_str(&py_str(other)),
        }
        out.push('\n');
    }
    out
}

/// knack's `_TableOutput` drawn as tabulate's "simple" format: the scalar properties of each item
/// but `id`, `type` and `etag`, headers with a capital first letter, columns two spaces apart,
/// each at least two wider than its header.
pub(crate) fn table(value: &Value, _queried: bool) -> String {
    let items: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut headers: Vec<String> = Vec::new();
    let mut rows: Vec<Vec<(String, String)>> = Vec::new();
    for item in items {
        let mut row = Vec::new();
        match item {
            Value::Object(m) => {
                for (k, v) in m {
                    if ["id", "type", "etag"].contains(&k.as_str())
                        || matches!(v, Value::Null | Value::Array(_) | Value::Object(_))
                    {
                        continue;
                    }
                    let mut h = k.clone();
                    if let Some(f) = h.get(..1) {
                        h = f.to_ascii_uppercase() + &h[1..];
                    }
                    row.push((h, py_str(v)));
                }
            }
            Value::Array(a) => {
                for (n, v) in a.iter().enumerate() {
                    row.push((format!("Column{}", n + 1), py_str(v)));
                }
            }
            other => row.push(("Result".to_owned(), py_str(other))),
        }
        for (h, _) in &row {
            if !headers.contains(h) {
                headers.push(h.clone());
            }
        }
        rows.push(row);
    }
    if headers.is_empty() {
        return String::new();
    }
    let cell = |row: &Vec<(String, String)>, h: &str| -> String {
        row.iter()
            .find(|(k, _)| k == h)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| headers.iter().map(|h| cell(r, h)).collect())
        .collect();
    draw_table(&headers, &rows)
}

/// tabulate's "simple" format: headers, dashes, the rows, columns two spaces apart, each at
/// least two wider than its header.
pub(crate) fn draw_table<H: AsRef<str>>(headers: &[H], rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            rows.iter()
                .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
                .chain([h.as_ref().chars().count() + 2])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<String>| -> String {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        padded.join("  ").trim_end().to_owned()
    };
    let mut out = vec![
        line(headers.iter().map(|h| h.as_ref().to_owned()).collect()),
        line(widths.iter().map(|w| "-".repeat(*w)).collect()),
    ];
    for r in rows {
        out.push(line(r.clone()));
    }
    out.join("\n") + "\n"
}

/// Whether PyYAML would quote `s`: it would read back as something else (a boolean, null, a
/// number, a date), or it starts or contains what YAML's plain scalars may not.
fn yaml_needs_quotes(s: &str) -> bool {
    const WORDS: [&str; 22] = [
        "", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes",
        "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off",
    ];
    if WORDS.contains(&s) || s == "OFF" {
        return true;
    }
    // A YAML 1.1 int or float: digits with an optional sign, point, exponent or `_`.
    let digits = s.trim_start_matches(['-', '+']);
    let numeric = digits
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c == '.')
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+' | '_'))
        || [".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"].contains(&digits)
        || (s.len() > 2 && (s.starts_with("0x") || s.starts_with("0o")));
    let date = s.len() >= 10
        && s.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        && s.as_bytes()[4] == b'-'
        && s.as_bytes()[5].is_ascii_digit();
    let first = s.chars().next().unwrap_or(' ');
    numeric
        || date
        || "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || s.starts_with(' ')
        || s.ends_with(' ')
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.chars().any(char::is_control)
}

fn yaml_scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.chars().any(char::is_control) => {
            let mut out = String::new();
            json_str(&mut out, s);
            out
        }
        Value::String(s) if yaml_needs_quotes(s) => format!("'{}'", s.replace('\'', "''")),
        Value::String(s) => s.clone(),
        Value::Array(_) => "[]".to_owned(),
        Value::Object(_) => "{}".to_owned(),
    }
}

fn is_empty_or_scalar(v: &Value) -> bool {
    match v {
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.is_empty(),
        _ => true,
    }
}

fn yaml_into(out: &mut String, v: &Value, indent: usize) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, item) in m {
                let key = yaml_scalar(&Value::String(k.clone()));
                if is_empty_or_scalar(item) {
                    out.push_str(&format!("{pad}{key}: {}\n", yaml_scalar(item)));
                } else if item.is_array() {
                    // PyYAML does not indent a list under its key.
                    out.push_str(&format!("{pad}{key}:\n"));
                    yaml_into(out, item, indent);
                } else {
                    out.push_str(&format!("{pad}{key}:\n"));
                    yaml_into(out, item, indent + 2);
                }
            }
        }
        Value::Array(a) if !a.is_empty() => {
            for item in a {
                if is_empty_or_scalar(item) {
                    out.push_str(&format!("{pad}- {}\n", yaml_scalar(item)));
                } else {
                    let mut inner = String::new();
                    yaml_into(&mut inner, item, indent + 2);
                    // The first line goes after the dash.
                    let inner = inner.trim_start_matches(' ');
                    out.push_str(&format!("{pad}- {inner}"));
                }
            }
        }
        scalar => out.push_str(&format!("{pad}{}\n", yaml_scalar(scalar))),
    }
}

/// PyYAML's `safe_dump(default_flow_style=False)`: block style, sorted keys, two-space indents.
pub(crate) fn yaml(v: &Value) -> String {
    let mut out = String::new();
    yaml_into(&mut out, v, 0);
    out
}

#[cfg(test)]
mod tests;
