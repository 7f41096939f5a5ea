//! The command reference (`docs/commands.md`), written from the same tables the parser, the
//! printer, completion and authorization read, so the documentation cannot drift from them: a
//! test compares the checked-in file with [`reference_markdown`].

use std::fmt::Write as _;

use crate::error::ErrorCode;
use crate::health::Verdict;
use crate::lang::command_forms;
use crate::vocab::{
    KeyEncryptionAlgorithm, KeyPerm, KeyType, ObjectKind, Role, SecretPerm, Switch, VolumeType,
};

/// The whole reference, as Markdown.
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "# Command reference\n\n\
         Generated from Keyfall's own tables by `reference_markdown` (crates/core/src/reference.rs);\n\
         `cargo test -p keyfall-core --test docs` fails when this file is out of date, and\n\
         `KEYFALL_BLESS=1` on that command rewrites it.\n\n\
         ## Commands\n\n\
         Required flags are shown; `keyfall`'s console lists the optional ones as you type.\n\n",
    );
    for form in command_forms() {
        let _ = writeln!(out, "- `{form}`");
    }
    let vocabularies: [(&str, Vec<&str>); 8] = [
        (
            "Key permissions (`--key-permissions`, R9)",
            KeyPerm::ALL.iter().map(|p| p.name()).collect(),
        ),
        (
            "Secret permissions (`--secret-permissions`, R9)",
            SecretPerm::ALL.iter().map(|p| p.name()).collect(),
        ),
        (
            "Roles (`az role assignment create --role`, R11)",
            Role::ALL.iter().map(|r| r.name()).collect(),
        ),
        (
            "Key types (`--kty`)",
            KeyType::ALL.iter().map(|k| k.name()).collect(),
        ),
        (
            "Volume types (`--volume-type`)",
            VolumeType::ALL.iter().map(|v| v.name()).collect(),
        ),
        (
            "Key encryption algorithms (`--key-encryption-algorithm`, R2)",
            KeyEncryptionAlgorithm::ALL
                .iter()
                .map(|a| a.name())
                .collect(),
        ),
        (
            "Vault switches (R10)",
            Switch::ALL.iter().map(|s| s.name()).collect(),
        ),
        (
            "Object kinds (`az keyvault key|secret`)",
            ObjectKind::ALL.iter().map(|k| k.name()).collect(),
        ),
    ];
    for (title, words) in vocabularies {
        section(&mut out, title, words.into_iter());
    }
    out.push_str(
        "\n## Error codes (`sim expect error CODE`)\n\n\
         An inner code also satisfies `sim expect error` with its top-level code.\n\n",
    );
    for code in ErrorCode::ALL {
        let _ = match (code.inner(), code.status()) {
            (Some(_), status) => writeln!(
                out,
                "- `{code}` ({status}, inner code under `{}`)",
                code.top()
            ),
            (None, 0) if *code == ErrorCode::CliError => {
                writeln!(out, "- `{code}` (az stops before sending a request)")
            }
            (None, 0) => writeln!(
                out,
                "- `{code}` (the failed result of a long-running operation; no HTTP error status)"
            ),
            (None, status) if *code == ErrorCode::VmBootLocked => writeln!(
                out,
                "- `{code}` ({status}; Keyfall's own name for a VM at the recovery screen, not an Azure code)"
            ),
            (None, status) => writeln!(out, "- `{code}` ({status})"),
        };
    }
    section(
        &mut out,
        "Verdicts (`goal: ASSET VERDICT`)",
        Verdict::ALL.iter().map(|v| v.name()),
    );
    out
}

fn section<'a>(out: &mut String, title: &str, words: impl Iterator<Item = &'a str>) {
    let _ = write!(out, "\n## {title}\n\n");
    for w in words {
        let _ = writeln!(out, "- `{w}`");
    }
}
