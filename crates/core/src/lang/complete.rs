//! Completion for the console: the words that may come next, read from the same grammar table
//! the parser walks, so completion can never offer a word the parser would reject.

use super::grammar::{Arity, OBJECT, SPECS, alternatives, forms, usage, word_matches};

/// What may replace the last (possibly empty) word of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// Byte offset in the line where the word being completed starts.
    pub start: usize,
    /// Candidates for that word, sorted, without duplicates.
    pub candidates: Vec<String>,
}

/// Completes the last word of `line`. `names` are names of existing objects (vaults, keys, VMs,
/// principals...) offered where a flag takes a value. Words split on whitespace only: completion
/// works on what is being typed, quotes and all, and never fails.
pub fn complete(line: &str, names: &[String]) -> Completion {
    let start = line
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let partial = &line[start..];
    let words: Vec<&str> = line[..start].split_whitespace().collect();
    let mut candidates = candidates(&words, partial, names, false);
    candidates.retain(|c| c.starts_with(partial) && c != partial);
    candidates.sort();
    candidates.dedup();
    Completion { start, candidates }
}

/// Every command form as a usage line (`az keyvault key delete --vault-name VAULT-NAME --name
/// NAME`), in grammar order, for `help`.
pub fn command_forms() -> Vec<String> {
    // `az keyvault key|secret <op>` is one row of the table and two forms of az.
    let mut out = Vec::new();
    for s in SPECS {
        let form = usage(s);
        if s.path.contains(&OBJECT) {
            out.extend(alternatives(OBJECT).map(|kind| form.replacen(OBJECT, kind, 1)));
        } else {
            out.push(form);
        }
    }
    out
}

fn candidates(words: &[&str], partial: &str, names: &[String], nested: bool) -> Vec<String> {
    // `sim as PRINCIPAL COMMAND`: a name, then an az command.
    if !nested && words.len() >= 2 && words[0] == "sim" && words[1] == "as" {
        return match words.len() {
            2 => names.to_vec(),
            _ => candidates(&words[3..], partial, names, true),
        };
    }
    let mut specs = forms(nested);
    let mut depth = 0;
    let spec = loop {
        if let Some(s) = specs.iter().find(|s| s.path.len() == depth) {
            break *s;
        }
        match words.get(depth) {
            // The word being typed is a command word: offer the next words of every form so far.
            None => {
                return specs
                    .iter()
                    .flat_map(|s| alternatives(s.path[depth]))
                    .map(str::to_owned)
                    .collect();
            }
            Some(w) => specs.retain(|s| word_matches(s.path[depth], w)),
        }
        if specs.is_empty() {
            return Vec::new();
        }
        depth += 1;
    };
    let args = &words[depth..];
    // `--id` stands for the flags it replaces (az's 'Id' group): offer one way or the other.
    let by_id = args.contains(&"--id");
    let by_name = spec.flags.iter().any(|f| f.or_id && args.contains(&f.long));
    let unused_flags = || {
        spec.flags
            .iter()
            .filter(|f| !args.contains(&f.long))
            .filter(|f| !(by_id && f.or_id || by_name && f.long == "--id"))
            .map(|f| f.long.to_owned())
            .collect::<Vec<_>>()
    };
    if partial.starts_with('-') {
        return unused_flags();
    }
    // The nearest flag before the caret decides what value fits.
    let last_flag = args
        .iter()
        .rposition(|w| w.starts_with("--"))
        .map(|i| (args[i], args.len() - 1 - i));
    let Some((flag, values_after)) = last_flag else {
        return if args.len() < spec.positionals.len() {
            names.to_vec()
        } else {
            unused_flags()
        };
    };
    let Some(f) = spec.flags.iter().find(|f| f.long == flag) else {
        return Vec::new();
    };
    match (f.arity, values_after) {
        // A flag with a vocabulary offers its words (quoted when they hold a space: roles).
        (Arity::One, 0) | (Arity::Many, _) if !f.choices.is_empty() => f
            .choices
            .iter()
            .map(|c| {
                if c.contains(' ') {
                    format!("\"{c}\"")
                } else {
                    (*c).to_owned()
                }
            })
            .collect(),
        (Arity::One | Arity::Many, 0) => names.to_vec(),
        (Arity::OptBool, 0) => vec!["true".to_owned(), "false".to_owned()],
        _ => unused_flags(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(line: &str) -> Vec<String> {
        complete(line, &["kv-ade".to_owned(), "kek".to_owned()]).candidates
    }

    #[test]
    fn completes_command_words_from_the_grammar() {
        assert_eq!(c(""), vec!["az", "azcopy", "sim"]);
        assert!(c("az key").contains(&"keyvault".to_owned()));
        assert!(c("az keyvault key ").contains(&"delete".to_owned()));
        assert_eq!(c("az keyvault key del"), vec!["delete"]);
    }

    #[test]
    fn completes_flags_not_yet_given() {
        let flags = c("az keyvault key delete --vault-name kv-ade --");
        assert_eq!(flags, vec!["--name"]);
        // Every flag of the form, not a screenful.
        assert_eq!(c("az keyvault create --").len(), 12);
        assert!(c("az keyvault key create ").contains(&"--kty".to_owned()));
    }

    #[test]
    fn completes_names_permissions_booleans_and_roles() {
        assert_eq!(
            c("az keyvault key delete --vault-name k"),
            vec!["kek", "kv-ade"]
        );
        assert_eq!(
            c("az keyvault set-policy --name kv-ade --spn x --key-permissions wr"),
            vec!["wrapKey"]
        );
        assert_eq!(
            c("az keyvault update --name kv-ade --enabled-for-disk-encryption "),
            vec!["false", "true"]
        );
        assert_eq!(
            c("az role assignment create --role ").len(),
            crate::vocab::Role::ALL.len()
        );
        assert_eq!(c("sim as k"), vec!["kek", "kv-ade"]);
        assert_eq!(c("az keyvault create --sku "), vec!["premium", "standard"]);
        assert_eq!(c("az keyvault key create --kty R"), vec!["RSA", "RSA-HSM"]);
        assert_eq!(
            c("az vm encryption disable --volume-type "),
            vec!["ALL", "DATA", "OS"]
        );
        assert!(c("sim as ade-app az keyvault ").contains(&"set-policy".to_owned()));
    }

    #[test]
    fn never_fails_on_odd_input() {
        for line in [
            "nope ",
            "az nope --x ",
            "   ",
            "az keyvault key delete --nope ",
            "é ü",
            "sim as",
        ] {
            let _ = complete(line, &[]);
        }
        assert_eq!(
            c("az keyvault key delete --vault-name kv-ade --name kek --vault-name"),
            Vec::<String>::new()
        );
        assert!(
            command_forms()
                .iter()
                .any(|f| f.starts_with("az keyvault key delete"))
        );
    }
}
