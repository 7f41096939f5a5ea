//! The eleven built-in lessons (DESIGN.md, "Built-in lessons").
//!
//! The lesson files live in `crates/core/lessons/` and are compiled in, so the CLI and the web app
//! ship the same text and need no file system or network to show them.

/// Every built-in lesson as `(file name, text)`, in teaching order.
const LESSONS: [(&str, &str); 11] = [
    (
        "01-two-ways-to-store-a-bek.kf",
        include_str!("../lessons/01-two-ways-to-store-a-bek.kf"),
    ),
    (
        "02-the-platform-reads-more.kf",
        include_str!("../lessons/02-the-platform-reads-more.kf"),
    ),
    (
        "03-delete-the-kek.kf",
        include_str!("../lessons/03-delete-the-kek.kf"),
    ),
    (
        "04-soft-delete-and-purge.kf",
        include_str!("../lessons/04-soft-delete-and-purge.kf"),
    ),
    (
        "05-rotate-the-kek.kf",
        include_str!("../lessons/05-rotate-the-kek.kf"),
    ),
    (
        "06-restore-after-purge.kf",
        include_str!("../lessons/06-restore-after-purge.kf"),
    ),
    (
        "07-the-hsm-boundary.kf",
        include_str!("../lessons/07-the-hsm-boundary.kf"),
    ),
    (
        "08-backup-without-permissions.kf",
        include_str!("../lessons/08-backup-without-permissions.kf"),
    ),
    (
        "09-customer-managed-keys.kf",
        include_str!("../lessons/09-customer-managed-keys.kf"),
    ),
    (
        "10-rbac-is-the-default.kf",
        include_str!("../lessons/10-rbac-is-the-default.kf"),
    ),
    (
        "11-ade-retires.kf",
        include_str!("../lessons/11-ade-retires.kf"),
    ),
];

/// The built-in lessons as `(file name, scenario text)`, in teaching order. Parse the text with
/// [`crate::parse_scenario`]; every built-in lesson parses (a test checks it).
pub fn builtin_lessons() -> Vec<(&'static str, &'static str)> {
    LESSONS.to_vec()
}

/// The built-in lessons as `(id, title)`, in teaching order, read from their header lines alone.
/// A lesson picker needs only these on the first frame, before anything else would parse a
/// lesson; a test checks they are what [`crate::parse_scenario`] reads.
pub fn lesson_titles() -> Vec<(&'static str, &'static str)> {
    LESSONS
        .iter()
        .map(|(_, text)| {
            let mut title = "";
            let mut id = "";
            // Built-in lessons are well formed: `# Title`, then `key: value` lines, then steps.
            for line in text.lines().take_while(|l| !l.starts_with("## ")) {
                if let Some(t) = line.strip_prefix("# ") {
                    title = t.trim();
                } else if let Some(v) = line.strip_prefix("id:") {
                    id = v.trim();
                }
            }
            (id, title)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::health::Verdict;
    use crate::scenario::{Scenario, Span, inline_spans, parse_scenario};

    #[test]
    fn lesson_titles_are_what_the_parser_reads() {
        let parsed: Vec<(String, String)> = builtin_lessons()
            .iter()
            .map(|(_, text)| parse_scenario(text).expect("lesson parses"))
            .map(|s| (s.id, s.title))
            .collect();
        let read: Vec<(String, String)> = lesson_titles()
            .into_iter()
            .map(|(id, title)| (id.to_owned(), title.to_owned()))
            .collect();
        assert_eq!(read, parsed);
        assert!(
            read.iter()
                .all(|(id, title)| !id.is_empty() && !title.is_empty())
        );
    }

    /// DOMAIN.md's "Error codes to use", and `VMExtensionProvisioningError`, checked against
    /// Microsoft's sources as that list asks (docs/fidelity.md, "Azure Disk Encryption"): the only
    /// codes a lesson may expect. A lesson expects the most telling one.
    const CODES: &[&str] = &[
        "Forbidden",
        "ForbiddenByPolicy",
        "ForbiddenByRbac",
        "AuthorizationFailed",
        "KeyNotFound",
        "SecretNotFound",
        "VaultNotFound",
        "Conflict",
        "BadParameter",
        "InvalidParameter",
        "BadRequest",
        "MethodNotAllowed",
        "KeyDisabled",
        "SecretDisabled",
        "BackupBlobInvalid",
        "UserErrorKeyVaultPermissionsNotConfigured",
        "DiskEncryptionInternalError",
        "VmBootLocked",
        "CliError",
        "VMExtensionProvisioningError",
    ];

    fn lessons() -> Vec<(&'static str, Scenario)> {
        builtin_lessons()
            .into_iter()
            .map(|(name, text)| match parse_scenario(text) {
                Ok(s) => (name, s),
                Err(e) => panic!("{name}:{e}"),
            })
            .collect()
    }

    fn is_expect(text: &str) -> bool {
        text.starts_with("sim expect ")
    }

    #[test]
    fn every_lesson_parses() {
        assert_eq!(lessons().len(), 11);
    }

    #[test]
    fn lessons_are_in_canonical_form() {
        // So that export, share links and the files in the repository are the same text.
        for (name, text) in builtin_lessons() {
            let s = parse_scenario(text).expect("parses");
            assert_eq!(s.to_string(), text, "{name} is not in canonical form");
            assert_eq!(parse_scenario(&s.to_string()).expect("parses"), s, "{name}");
        }
    }

    #[test]
    fn ids_are_unique_and_match_file_names() {
        let mut ids: Vec<String> = lessons()
            .into_iter()
            .map(|(name, s)| {
                assert!(
                    name.starts_with(&format!("{}-", s.id)),
                    "{name} has id {}",
                    s.id
                );
                assert!(name.ends_with(".kf"), "{name}");
                s.id
            })
            .collect();
        ids.dedup();
        assert_eq!(
            ids,
            [
                "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11"
            ]
        );
    }

    #[test]
    fn every_lesson_has_summary_rules_seed_and_narrated_steps() {
        for (name, s) in lessons() {
            assert!(!s.summary.is_empty(), "{name}");
            assert!(!s.rules.is_empty(), "{name}");
            assert!(s.seed.is_some(), "{name}: lessons are reproducible");
            assert!(s.steps.len() >= 4, "{name}");
            for step in &s.steps {
                assert!(!step.narration.is_empty(), "{name}: `{}`", step.title);
            }
            let last = s.steps.last().expect("at least one step");
            assert!(
                last.narration.contains("**Takeaway:**"),
                "{name}: the last step states the takeaway"
            );
        }
    }

    #[test]
    fn every_lesson_shows_a_failure_with_a_domain_error_code() {
        for (name, s) in lessons() {
            let commands: Vec<&str> = s
                .steps
                .iter()
                .flat_map(|st| &st.commands)
                .map(|c| c.text.as_str())
                .collect();
            let mut failures = 0;
            for (i, text) in commands.iter().enumerate() {
                if !is_expect(text) {
                    continue;
                }
                // An expectation checks the command before it, which must not be another check.
                assert!(i > 0 && !is_expect(commands[i - 1]), "{name}: `{text}`");
                let words: Vec<&str> = text.split_whitespace().collect();
                match words[2..] {
                    ["ok"] => {}
                    ["error", code] if CODES.contains(&code) => failures += 1,
                    _ => panic!("{name}: `{text}` is not `sim expect ok|error <DOMAIN code>`"),
                }
            }
            assert!(failures >= 1, "{name} never shows a failure");
        }
    }

    #[test]
    fn goal_lessons_stop_at_a_broken_state_with_a_goal_and_a_hint() {
        let goals: Vec<_> = lessons()
            .into_iter()
            .filter_map(|(name, s)| {
                let last = s.steps.last()?;
                last.goal.clone().map(|g| (name, last.clone(), g))
            })
            .collect();
        assert!(goals.len() >= 3, "at least three lessons have a goal");
        // That the solution changes the world in par commands is checked by running it
        // (tests/lessons_run.rs): reads are free, so par is not the solution's length.
        for (name, step, goal) in goals {
            assert!(
                step.commands.iter().any(|c| !is_expect(&c.text)),
                "{name}: a goal step has a reference solution"
            );
            assert!(goal.hint.is_some(), "{name}: goals come with a hint");
            // A goal repairs something; a condition may also pin what becomes of an asset the
            // lesson leaves alone (lesson 11's VM nobody migrated).
            assert!(
                goal.conditions
                    .iter()
                    .any(|(_, verdict)| *verdict == Verdict::Ok),
                "{name}"
            );
        }
    }

    #[test]
    fn client_secrets_are_never_written_down() {
        for (name, s) in lessons() {
            for c in s.steps.iter().flat_map(|st| &st.commands) {
                if let Some((_, after)) = c.text.split_once("--aad-client-secret ") {
                    assert!(after.starts_with("***"), "{name}:{}", c.line);
                }
            }
        }
    }

    #[test]
    fn inline_code_never_spans_lines() {
        // A code span broken over two lines renders badly on a projector.
        for (name, s) in lessons() {
            for step in &s.steps {
                let texts = [Some(&step.narration), step.notes.as_ref()];
                for span in texts.into_iter().flatten().flat_map(|t| inline_spans(t)) {
                    if let Span::Code(code) | Span::Emph(code) | Span::Strong(code) = span {
                        assert!(!code.contains('\n'), "{name}: `{code}`");
                    }
                }
            }
        }
    }

    #[test]
    fn narration_mentions_the_rules_the_lesson_teaches() {
        for (name, s) in lessons() {
            let all: String = s
                .steps
                .iter()
                .flat_map(|st| [st.narration.as_str(), st.notes.as_deref().unwrap_or("")])
                .collect();
            for rule in &s.rules {
                // `R2` must not be satisfied by `R21`: the citation ends at a non-digit.
                let cited = all.match_indices(rule.as_str()).any(|(at, _)| {
                    !all[at + rule.len()..].starts_with(|c: char| c.is_ascii_digit())
                });
                assert!(cited, "{name} never cites {rule}");
            }
        }
    }
}
