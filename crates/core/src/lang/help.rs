//! `help`, `help keyvault key`, `az keyvault key create -h`: az's help, written from the grammar
//! table (each form's summary and example, [`FLAG_HELP`], [`GROUPS`], the flags' choices and short
//! forms), so a form added to the table comes with its help.
//!
//! A help line is not a command: [`help_request`] recognises one before the parser sees it, and
//! the console shows its answer without touching the world.

use std::fmt;

use super::ParseError;
use super::grammar::{
    Arity, FLAG_HELP, GROUPS, LONG_ALIASES, OBJECT, SHORT, SPECS, Spec, UNMODELLED, alternatives,
    long_flag, usage, word_matches,
};
use super::lexer::{Token, lex};
use super::suggest::closest;

/// What `help` prints: a heading (`Group`, `Command`), the group or command, its summary, and
/// sections of terms and their descriptions, as az lays its help out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Help {
    /// `Group`, `Command`, or `Commands` for the whole listing.
    pub heading: &'static str,
    /// `az keyvault key create`; empty for the whole listing.
    pub name: String,
    pub summary: String,
    /// A command's usage line.
    pub usage: Option<String>,
    pub sections: Vec<Section>,
}

/// One part of a [`Help`]: `Arguments`, `Examples`, or, in the listing, a group of commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    /// The group's summary, in the listing.
    pub summary: String,
    pub items: Vec<Item>,
    /// Terms only, on one wrapped line (the listing's commands), rather than one per line.
    pub inline: bool,
}

/// A term (a flag, a subcommand, an example line) and what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub term: String,
    pub text: String,
}

/// If `line` asks for help (`help [WORDS]`, `?`, or `-h`/`--help` anywhere among its flags),
/// the help it asks for, or why there is none. `None` for any other line.
pub fn help_request(line: &str) -> Option<Result<Help, ParseError>> {
    // A line that does not lex is not help: the parser reports it.
    let tokens = lex(line).ok()?;
    let first = tokens.first()?;
    let words: &[Token] = if first.text == "help" && !first.quoted {
        &tokens[1..]
    } else if first.text == "?" && tokens.len() == 1 {
        &[]
    } else if tokens
        .iter()
        .any(|t| t.is_flag() && (t.text == "-h" || t.text == "--help"))
    {
        &tokens
    } else {
        return None;
    };
    let end = words.iter().position(Token::is_flag).unwrap_or(words.len());
    let mut words = &words[..end];
    // `sim as PRINCIPAL az ... -h` asks about the az command.
    if words.len() > 3 && words[0].text == "sim" && words[1].text == "as" {
        words = &words[3..];
    }
    Some(help_for(words))
}

/// Help for the words of a group or a command (`az` may be left out).
pub fn help(words: &[&str]) -> Result<Help, ParseError> {
    let line = words.join(" ");
    let tokens = lex(&line)?;
    help_for(&tokens)
}

/// A concrete command: a form with `key|secret` read as one of its words.
#[derive(Clone)]
struct Form {
    spec: &'static Spec,
    path: Vec<&'static str>,
}

impl Form {
    /// `key` or `secret` for a form about vault objects.
    fn kind(&self) -> Option<&'static str> {
        (self.path.get(1) == Some(&"keyvault"))
            .then(|| self.path.get(2).copied())
            .flatten()
            .filter(|w| word_matches(OBJECT, w))
    }

    fn fill(&self, text: &str) -> String {
        match self.kind() {
            Some(kind) => text.replace("{kind}", kind),
            None => text.to_owned(),
        }
    }
}

/// Every form's example, `key|secret` rows once per kind, in table order: lines that run every
/// command of the language, for tests.
#[cfg(test)]
pub(crate) fn examples() -> Vec<String> {
    forms().iter().map(|f| f.fill(f.spec.example)).collect()
}

/// Every form of the table, `key|secret` rows once per kind, in table order.
fn forms() -> Vec<Form> {
    let mut out = Vec::new();
    for spec in SPECS {
        match spec.path.iter().position(|w| *w == OBJECT) {
            Some(i) => out.extend(alternatives(OBJECT).map(|kind| {
                let mut path = spec.path.to_vec();
                path[i] = kind;
                Form { spec, path }
            })),
            None => out.push(Form {
                spec,
                path: spec.path.to_vec(),
            }),
        }
    }
    out
}

fn help_for(tokens: &[Token]) -> Result<Help, ParseError> {
    let mut words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
    // `help keyvault key` means `az keyvault key`.
    // `sim` and `azcopy` are programs of their own; anything else is az's.
    let implied = !matches!(words.first(), None | Some(&"az" | &"sim" | &"azcopy"));
    if implied {
        words.insert(0, "az");
    }
    if words.len() <= 1 && !matches!(words.first(), Some(&"sim" | &"azcopy")) {
        return Ok(listing());
    }
    let mut candidates = forms();
    for (depth, word) in words.iter().enumerate() {
        let next: Vec<Form> = candidates
            .iter()
            .filter(|f| f.path.get(depth) == Some(word))
            .cloned()
            .collect();
        if next.is_empty() {
            let col = tokens[depth - usize::from(implied)].col;
            return Err(unknown(&words[..=depth], &candidates, depth, col));
        }
        candidates = next;
    }
    Ok(
        match candidates.iter().find(|f| f.path.len() == words.len()) {
            Some(form) => command_help(form),
            None => group_help(&words, &candidates),
        },
    )
}

/// The error for a word that names no group or command, with the closest that does.
fn unknown(words: &[&str], candidates: &[Form], depth: usize, column: usize) -> ParseError {
    if let Some((_, about)) = UNMODELLED.iter().find(|(w, _)| words.starts_with(w)) {
        return ParseError {
            line: 1,
            column,
            message: format!(
                "`{}` is real az, but not modelled in Keyfall ({about})",
                words.join(" ")
            ),
            suggestion: None,
        };
    }
    let mut next: Vec<&str> = candidates
        .iter()
        .filter_map(|f| f.path.get(depth).copied())
        .collect();
    next.dedup();
    ParseError {
        line: 1,
        column,
        message: format!(
            "no help for `{}`: `help` lists every command",
            words.join(" ")
        ),
        suggestion: closest(words[depth], next.iter().copied()).map(str::to_owned),
    }
}

fn group_summary(words: &[&str]) -> &'static str {
    GROUPS
        .iter()
        .find(|(w, _, _)| *w == words)
        .map_or("", |(_, _, s)| s)
}

/// What a flag or positional of `form` means, from [`FLAG_HELP`].
pub(crate) fn flag_help(path: &[&str], name: &str) -> Option<&'static str> {
    FLAG_HELP
        .iter()
        .filter(|(prefix, n, _)| {
            *n == name
                && prefix.len() <= path.len()
                && prefix.iter().zip(path).all(|(p, w)| word_matches(p, w))
        })
        .max_by_key(|(prefix, _, _)| prefix.len())
        .map(|(_, _, text)| *text)
}

fn group_help(words: &[&str], forms: &[Form]) -> Help {
    let depth = words.len();
    let mut subgroups: Vec<Item> = Vec::new();
    let mut commands: Vec<Item> = Vec::new();
    for f in forms {
        if f.path.len() == depth + 1 {
            commands.push(Item {
                term: f.path[depth].to_owned(),
                text: f.fill(f.spec.summary),
            });
        } else if !subgroups.iter().any(|i| i.term == f.path[depth]) {
            subgroups.push(Item {
                term: f.path[depth].to_owned(),
                text: group_summary(&f.path[..=depth]).to_owned(),
            });
        }
    }
    let sections = [("Subgroups", subgroups), ("Commands", commands)]
        .into_iter()
        .filter(|(_, items)| !items.is_empty())
        .map(|(title, items)| Section {
            title: title.to_owned(),
            summary: String::new(),
            items,
            inline: false,
        })
        .collect();
    Help {
        heading: "Group",
        name: words.join(" "),
        summary: group_summary(words).to_owned(),
        usage: None,
        sections,
    }
}

fn command_help(form: &Form) -> Help {
    let spec = form.spec;
    let mut args: Vec<Item> = spec
        .positionals
        .iter()
        .map(|p| Item {
            term: format!("{p} [Required]"),
            text: flag_help(&form.path, p).unwrap_or_default().to_owned(),
        })
        .collect();
    for f in spec.flags {
        let mut term = f.long.to_owned();
        for (_, short, _) in SHORT.iter().chain(LONG_ALIASES).filter(|(w, s, l)| {
            *l == f.long && spec.path.starts_with(w) && long_flag(spec, s) == f.long
        }) {
            term.push(' ');
            term.push_str(short);
        }
        if f.required && !f.or_id {
            term.push_str(" [Required]");
        }
        let mut text = form.fill(flag_help(&form.path, f.long).unwrap_or_default());
        if f.or_id {
            text.push_str(" Required unless --id is given.");
        }
        let choices = match f.arity {
            Arity::OptBool => &["false", "true"][..],
            _ => f.choices,
        };
        if !choices.is_empty() {
            text.push_str(" Allowed values: ");
            text.push_str(&choices.join(", "));
            text.push('.');
        }
        args.push(Item { term, text });
    }
    // `usage` prints the table's words (`key|secret`); this form's are concrete.
    let mut usage = usage(spec);
    usage.replace_range(..spec.path.join(" ").len(), &form.path.join(" "));
    // Optional flags by name only: their values are under Arguments.
    for f in spec.flags.iter().filter(|f| !f.required) {
        usage.push_str(" [");
        usage.push_str(f.long);
        usage.push(']');
    }
    let mut sections = Vec::new();
    if !args.is_empty() {
        sections.push(Section {
            title: "Arguments".to_owned(),
            summary: String::new(),
            items: args,
            inline: false,
        });
    }
    sections.push(Section {
        title: "Examples".to_owned(),
        summary: String::new(),
        items: vec![Item {
            term: form.fill(spec.example),
            text: String::new(),
        }],
        inline: false,
    });
    Help {
        heading: "Command",
        name: form.path.join(" "),
        summary: form.fill(spec.summary),
        usage: Some(usage),
        sections,
    }
}

/// `help` alone: every command, under the headings [`GROUPS`] marks.
fn listing() -> Help {
    let mut sections: Vec<(&[&str], Section)> = Vec::new();
    for form in forms() {
        let Some((group, _, summary)) = GROUPS
            .iter()
            .filter(|(w, heading, _)| *heading && form.path.starts_with(w))
            .max_by_key(|(w, _, _)| w.len())
        else {
            continue;
        };
        let item = Item {
            term: form.path[group.len()..].join(" "),
            text: form.fill(form.spec.summary),
        };
        match sections.iter_mut().find(|(w, _)| w == group) {
            Some((_, s)) => s.items.push(item),
            None => sections.push((
                group,
                Section {
                    title: group.join(" "),
                    summary: (*summary).to_owned(),
                    items: vec![item],
                    inline: true,
                },
            )),
        }
    }
    // In the table's order of groups, not of first use: taken out in that order rather than
    // sorted, which would bring a sort for this item type into the wasm.
    let mut ordered = Vec::with_capacity(sections.len());
    for (g, _, _) in GROUPS {
        if let Some(i) = sections.iter().position(|(w, _)| g == w) {
            ordered.push(sections.remove(i).1);
        }
    }
    Help {
        heading: "Commands",
        name: String::new(),
        summary: "A subset of az, and Keyfall's sim verbs. `help GROUP` (help keyvault key) or \
                  COMMAND -h (az keyvault key create -h) for more; Tab completes."
            .to_owned(),
        usage: None,
        sections: ordered,
    }
}

impl fmt::Display for Help {
    /// az's layout, for a terminal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.heading)?;
        if self.name.is_empty() {
            writeln!(f, "    {}", self.summary)?;
        } else {
            writeln!(f, "    {} : {}", self.name, self.summary)?;
        }
        if let Some(usage) = &self.usage {
            writeln!(f, "\nUsage\n    {usage}")?;
        }
        for s in &self.sections {
            writeln!(f)?;
            if s.summary.is_empty() {
                writeln!(f, "{}", s.title)?;
            } else {
                writeln!(f, "{} : {}", s.title, s.summary)?;
            }
            if s.inline {
                let terms: Vec<&str> = s.items.iter().map(|i| i.term.as_str()).collect();
                writeln!(f, "    {}", terms.join(", "))?;
                continue;
            }
            let width = s
                .items
                .iter()
                .map(|i| i.term.chars().count())
                .filter(|w| *w <= 32)
                .max()
                .unwrap_or(0);
            for i in &s.items {
                match (i.text.is_empty(), i.term.chars().count() > width) {
                    (true, _) => writeln!(f, "    {}", i.term)?,
                    (false, false) => writeln!(f, "    {:width$} : {}", i.term, i.text)?,
                    (false, true) => writeln!(f, "    {}\n    {:width$}   {}", i.term, "", i.text)?,
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::parse_line;

    fn help_of(line: &str) -> Help {
        help_request(line)
            .unwrap_or_else(|| panic!("{line} is a help line"))
            .unwrap_or_else(|e| panic!("{line}: {e}"))
    }

    #[test]
    fn every_form_and_flag_has_its_help_and_every_example_runs() {
        for form in forms() {
            let name = form.path.join(" ");
            let spec = form.spec;
            assert!(!spec.summary.trim().is_empty(), "{name}: no summary");
            let example = form.fill(spec.example);
            let command = parse_line(&example)
                .unwrap_or_else(|e| panic!("{name}: example `{example}` does not parse: {e}"));
            assert!(command.is_some(), "{name}: empty example");
            assert!(
                example.starts_with(&format!("{name} ")) || example == name,
                "{name}: the example `{example}` runs another command"
            );
            for p in spec.positionals {
                assert!(
                    flag_help(&form.path, p).is_some(),
                    "{name}: {p} has no line in FLAG_HELP"
                );
            }
            for f in spec.flags {
                assert!(
                    flag_help(&form.path, f.long).is_some_and(|t| !t.is_empty()),
                    "{name}: {} has no line in FLAG_HELP",
                    f.long
                );
            }
            // Every group above the command has a summary.
            for depth in 1..form.path.len() {
                let group = &form.path[..depth];
                assert!(
                    !group_summary(group).is_empty(),
                    "{name}: group `{}` has no line in GROUPS",
                    group.join(" ")
                );
            }
        }
    }

    #[test]
    fn every_line_of_the_help_tables_is_used() {
        let forms = forms();
        for (prefix, name, _) in FLAG_HELP {
            assert!(
                forms.iter().any(|f| {
                    f.path.len() >= prefix.len()
                        && prefix.iter().zip(&f.path).all(|(p, w)| word_matches(p, w))
                        && (f.spec.flags.iter().any(|fl| fl.long == *name)
                            || f.spec.positionals.contains(name))
                }),
                "FLAG_HELP: {} {name} describes no flag",
                prefix.join(" ")
            );
        }
        for (group, _, _) in GROUPS {
            assert!(
                forms
                    .iter()
                    .any(|f| f.path.len() > group.len() && f.path.starts_with(group)),
                "GROUPS: {} has no command",
                group.join(" ")
            );
        }
    }

    #[test]
    fn help_alone_lists_every_command_under_its_group() {
        let h = help_of("help");
        let titles: Vec<&str> = h.sections.iter().map(|s| s.title.as_str()).collect();
        for group in [
            "az keyvault",
            "az keyvault key",
            "az keyvault secret",
            "az vm",
            "az vm encryption",
            "az disk-encryption-set",
            "az backup",
            "az role assignment",
            "azcopy",
            "sim",
        ] {
            assert!(titles.contains(&group), "{group} missing from {titles:?}");
        }
        let listed: usize = h.sections.iter().map(|s| s.items.len()).sum();
        assert_eq!(listed, forms().len());
        assert_eq!(help_of("?"), h);
        assert_eq!(help_of("az -h"), h);
        let key = h
            .sections
            .iter()
            .find(|s| s.title == "az keyvault key")
            .expect("present");
        assert!(key.items.iter().any(|i| i.term == "rotation-policy update"));
        assert!(key.items.iter().any(|i| i.term == "purge"));
    }

    #[test]
    fn a_prefix_gives_its_group_and_a_whole_command_its_flags() {
        let g = help_of("help keyvault key");
        assert_eq!((g.heading, g.name.as_str()), ("Group", "az keyvault key"));
        assert_eq!(g.summary, "Manage keys.");
        assert_eq!(g.sections[0].title, "Subgroups");
        assert_eq!(g.sections[0].items[0].term, "rotation-policy");
        assert!(g.sections[1].items.iter().any(|i| i.term == "create"));
        assert_eq!(help_of("help az keyvault key"), g);
        assert_eq!(help_of("az keyvault key --help"), g);
        assert_eq!(help_of("az keyvault -h").name, "az keyvault");

        let c = help_of("az keyvault key create -h");
        assert_eq!(
            (c.heading, c.name.as_str()),
            ("Command", "az keyvault key create")
        );
        let args = &c.sections[0].items;
        let name = args
            .iter()
            .find(|i| i.term.starts_with("--name"))
            .expect("present");
        assert_eq!(name.term, "--name -n [Required]");
        assert_eq!(name.text, "Name of the key.");
        let kty = args.iter().find(|i| i.term == "--kty").expect("present");
        assert!(
            kty.text
                .contains("Allowed values: RSA, RSA-HSM, EC, EC-HSM, oct."),
            "{kty:?}"
        );
        assert!(
            c.usage
                .as_deref()
                .expect("present")
                .starts_with("az keyvault key create --vault-name")
        );
        assert_eq!(c.sections[1].title, "Examples");
        assert_eq!(help_of("help keyvault key create"), c);
        // Flags after -h, values and all, do not matter.
        assert_eq!(
            help_of("az keyvault key create --vault-name kv -h --kty"),
            c
        );

        let s = help_of("az keyvault secret show -h");
        assert!(s.summary.contains("secret's"), "{s:?}");
        assert!(
            s.sections[1].items[0]
                .term
                .starts_with("az keyvault secret show")
        );
        let nested = help_of("sim as ade-app az keyvault secret show -h");
        assert_eq!(nested, s);
        assert_eq!(help_of("sim as -h").name, "sim as");
        assert_eq!(
            help_of("az provider register -h").sections[0].items[0].term,
            "--namespace -n [Required]"
        );
        assert!(
            help_of("help sim")
                .sections
                .iter()
                .any(|s| s.title == "Commands")
        );
    }

    #[test]
    fn or_id_booleans_and_positionals_say_so() {
        let c = help_of("az keyvault key delete -h");
        let name = &c.sections[0].items[0];
        assert_eq!(name.term, "--vault-name");
        assert!(name.text.ends_with("Required unless --id is given."));
        let s = help_of("az keyvault key set-attributes -h");
        assert!(
            s.sections[0]
                .items
                .iter()
                .any(|i| i.term == "--enabled" && i.text.ends_with("Allowed values: false, true."))
        );
        let w = help_of("help sim write");
        assert_eq!(w.sections[0].items[0].term, "VM [Required]");
        assert!(
            w.usage
                .as_deref()
                .expect("present")
                .starts_with("sim write VM PATH CONTENT")
        );
    }

    #[test]
    fn unknown_words_and_plain_commands() {
        let e = help_request("help keyvalt key")
            .expect("a help line")
            .expect_err("no such help");
        assert_eq!((e.column, e.suggestion.as_deref()), (6, Some("keyvault")));
        let e = help_request("az keyvault kye create -h")
            .expect("a help line")
            .expect_err("no such help");
        assert_eq!((e.column, e.suggestion.as_deref()), (13, Some("key")));
        let e = help_request("help network")
            .expect("a help line")
            .expect_err("no such help");
        assert!(e.message.contains("not modelled"), "{e}");
        for line in [
            "az keyvault key create --vault-name kv --name kek",
            "az keyvault secret set --vault-name kv --name s --value \"-h\"",
            "",
            "# help",
            "helpme",
        ] {
            assert!(help_request(line).is_none(), "{line}");
        }
    }

    #[test]
    fn prints_as_az_does() {
        let text = help_of("az keyvault key create -h").to_string();
        assert!(
            text.starts_with("Command\n    az keyvault key create : Create a new key"),
            "{text}"
        );
        assert!(
            text.contains("\nArguments\n    --vault-name [Required]"),
            "{text}"
        );
        assert!(
            text.contains("\nExamples\n    az keyvault key create"),
            "{text}"
        );
        let all = help_of("help").to_string();
        assert!(
            all.contains("\naz keyvault key : Manage keys.\n    create, rotate,"),
            "{all}"
        );
    }

    #[test]
    fn azcopy_has_help_of_its_own() {
        let group = format!("{:?}", help_of("help azcopy"));
        assert!(group.contains("term: \"copy\""), "{group}");
        let copy = help_of("azcopy copy -h");
        let text = format!("{copy:?}");
        assert!(
            text.contains("SOURCE") && text.contains("--blob-type"),
            "{text}"
        );
    }
}
