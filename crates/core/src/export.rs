//! Turning a scenario into a plain `az` script a trainer can hand out.
//!
//! `az` lines are copied as they are; `sim` verbs become comments that say what to do by hand in
//! Azure, because real Azure has no simulated clock, no "run as" and no direct disk access.

use std::fmt::Write as _;

use crate::command::{Command, Expectation};
use crate::lang::parse_line;
use crate::scenario::{Scenario, inline_spans};

/// The scenario as a bash script of real `az` commands, narration and `sim` steps as comments.
pub fn export_az(scenario: &Scenario) -> String {
    let mut out = String::from("#!/usr/bin/env bash\n");
    comment(&mut out, &scenario.title);
    if !scenario.summary.is_empty() {
        comment(&mut out, &scenario.summary);
    }
    out.push_str(
        "#\n# Exported from Keyfall. Names stand for what real Azure wants there: service principals\n\
         # by app id, vaults in --scope by resource id. Some commands are meant to fail: read the\n\
         # comment after each. The ADE app's client secret is read from $ADE_APP_SECRET.\n",
    );
    for step in &scenario.steps {
        out.push('\n');
        if !step.title.is_empty() {
            let _ = writeln!(out, "# == {} ==", one_line(&step.title));
        }
        if !step.narration.is_empty() {
            let plain: String = inline_spans(&step.narration)
                .iter()
                .map(|s| s.text())
                .collect();
            comment(&mut out, &plain);
        }
        for cl in &step.commands {
            let parsed = parse_line(&cl.text);
            // Learn's bash (variables, `$(az ... -o tsv)`, `--query`, continuations) as typed.
            let shell = cl.text.contains(['$', '\n']) || parsed.is_err();
            if shell && let Some(text) = crate::shell::az_script_text(&cl.text) {
                let _ = writeln!(out, "{text}");
                continue;
            }
            match parsed {
                Ok(Some(c)) => command(&mut out, &c),
                Ok(None) => {}
                // A line that does not parse is kept, commented, rather than dropped.
                Err(e) => {
                    let _ = writeln!(
                        out,
                        "# (line {} does not parse: {e}) {}",
                        cl.line,
                        one_line(&cl.text)
                    );
                }
            }
        }
    }
    out
}

/// One command as [`export_az`] writes it: an `az` line as it is (the ADE client secret read
/// from `$ADE_APP_SECRET`), a `sim` verb as `#` comments saying what to do by hand. The result
/// ends with a newline and may span several lines (`sim as` adds a sign-in comment).
pub fn az_line_or_comment(c: &Command) -> String {
    let mut out = String::new();
    command(&mut out, c);
    out
}

fn command(out: &mut String, c: &Command) {
    match c {
        Command::As { principal, command } => {
            let _ = writeln!(
                out,
                "# Sign in as {principal} (az login --service-principal ...), then:"
            );
            self::command(out, command);
        }
        Command::Advance(d) => {
            let _ = writeln!(out, "# Wait {} (in Azure the clock moves by itself).", d);
        }
        Command::Write { vm, path, content } => {
            let _ = writeln!(
                out,
                "# On {vm}, write {} to {} (for example with az vm run-command invoke).",
                quote(content),
                one_line(path)
            );
        }
        Command::Read { vm, path } => {
            let _ = writeln!(out, "# On {vm}, read {} back.", one_line(path));
        }
        Command::RestoreKeys { point, vault } => {
            let _ = writeln!(
                out,
                "# Restore the key and secret that {point} holds into {vault}: see \"Restore Key Vault key\n\
                 # and secret for encrypted VMs\" (Restore-AzKeyVaultKey, then Set-AzKeyVaultSecret with its tags)."
            );
        }
        Command::RestoreVm { point, name } => {
            let _ = writeln!(
                out,
                "# Restore the disks of {point} (az backup restore restore-disks), then create {name} from them."
            );
        }
        Command::Expect(Expectation::Ok) => {
            let _ = writeln!(out, "# Expect the command above to succeed.");
        }
        Command::Expect(Expectation::Error(code)) => {
            let _ = writeln!(out, "# Expect the command above to fail with {code}.");
        }
        other => {
            let line = other.to_string().replace(
                "--aad-client-secret ***",
                "--aad-client-secret \"$ADE_APP_SECRET\"",
            );
            let _ = writeln!(out, "{line}");
        }
    }
}

/// Writes `text` as `#` comment lines, so no newline in a narration can escape into the script.
fn comment(out: &mut String, text: &str) {
    for line in text.lines() {
        let _ = writeln!(out, "# {}", line.trim_end());
    }
}

fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

fn quote(text: &str) -> String {
    format!("\"{}\"", one_line(text).replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin_lessons;
    use crate::scenario::parse_scenario;

    #[test]
    fn az_lines_parse_back_and_sim_lines_are_comments() {
        for (file, text) in builtin_lessons() {
            let s = parse_scenario(text).expect("lesson parses");
            let script = export_az(&s);
            assert!(script.starts_with("#!/usr/bin/env bash\n"), "{file}");
            for line in script
                .lines()
                .filter(|l| !l.starts_with('#') && !l.is_empty())
            {
                if crate::shell::needs_shell(line) && !line.contains("$ADE_APP_SECRET") {
                    // Learn's bash as typed: variables, `$(az ... -o tsv)`, AzCopy.
                    assert!(
                        crate::shell::az_script_text(line).is_some(),
                        "{file}: {line}"
                    );
                    continue;
                }
                assert!(line.starts_with("az "), "{file}: {line}");
                let canonical = line.replace("\"$ADE_APP_SECRET\"", "***");
                assert!(parse_line(&canonical).is_ok(), "{file}: {line}");
            }
            assert!(script.contains("# Expect the command above to"), "{file}");
        }
    }

    #[test]
    fn one_command_exports_like_the_whole_script() {
        let az = parse_line("az keyvault key rotate --vault-name kv --name kek")
            .expect("parses")
            .expect("a command");
        assert_eq!(
            az_line_or_comment(&az),
            "az keyvault key rotate --vault-name kv --name kek\n"
        );
        let sim = parse_line("sim advance 30d")
            .expect("parses")
            .expect("a command");
        assert_eq!(
            az_line_or_comment(&sim),
            "# Wait 30d (in Azure the clock moves by itself).\n"
        );
        let write = parse_line("sim write vm1 /a \"x\ny\"").ok().flatten();
        if let Some(w) = write {
            assert!(az_line_or_comment(&w).lines().all(|l| l.starts_with('#')));
        }
    }

    #[test]
    fn variables_and_queries_export_as_typed() {
        let s = parse_scenario(
            "# T\nid: x\n\n## Step\n\n$ kv=kv1\n$ az keyvault create -n $kv -g rg -l westeurope\n\
             $ id=$(az keyvault show -n \"$kv\" --query id -o tsv)\n$ az keyvault list -o table\n\
             $ az keyvault list | grep kv1\n",
        )
        .expect("parses");
        let script = export_az(&s);
        for line in [
            "kv=kv1",
            "az keyvault create -n $kv -g rg -l westeurope",
            "id=$(az keyvault show -n \"$kv\" --query id -o tsv)",
            "az keyvault list -o table",
        ] {
            assert!(script.lines().any(|l| l == line), "{line} in:\n{script}");
        }
        // Shell beyond variables: commented out.
        assert!(script.contains("# (line 10 does not parse"), "{script}");
    }

    #[test]
    fn narration_cannot_escape_its_comment() {
        let s = parse_scenario(
            "# T\nid: x\n\n## Step\n\nfirst line\nrm -rf / <img src=x onerror=alert(1)>\n\n$ sim advance 1d\n",
        )
        .expect("parses");
        let script = export_az(&s);
        assert!(
            script.lines().all(|l| l.is_empty() || l.starts_with('#')),
            "{script}"
        );
        assert!(script.contains("# rm -rf / <img src=x onerror=alert(1)>"));
        assert!(script.contains("# Wait 1d"));
    }
}
