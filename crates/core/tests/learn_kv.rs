//! Learn's Key Vault CLI pages, pasted block by block (a block starts at a `## ` line) into
//! `Runner::run_text`, as a newcomer pastes them into the console: every command of every block
//! must run. The pages are transcribed in `tests/learn/`, each with its URL at the top.

use keyfall_core::Runner;

/// Runs each `## ` block of `page` in one session; the failures, as `line: command -> outcome`.
fn failures(page: &str) -> Vec<String> {
    let mut runner = Runner::new(1);
    let mut out = Vec::new();
    let mut start = 1;
    let lines: Vec<&str> = page.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let mut j = i + 1;
        while j < lines.len() && !lines[j].starts_with("## ") {
            j += 1;
        }
        let block = lines[i..j].join("\n");
        let ran = runner.run_text(start, &block);
        if let Some(e) = ran.error {
            out.push(format!("{}:{}: {}", e.line, e.column, e.message));
        }
        for r in ran.records.iter().filter(|r| !r.ok) {
            out.push(format!("{}: {} -> {}", r.line, r.command, r.outcome()));
        }
        start += j - i;
        i = j;
    }
    out
}

fn check(page: &str) {
    let failed = failures(page);
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn learn_key_rotation_page_runs() {
    check(include_str!("learn/kv-key-rotation-cli.sh"));
}

#[test]
fn learn_recovery_page_runs_but_for_its_placeholder_user() {
    // The page grants `user@contoso.com`, a user Keyfall's directory does not have (its one
    // user is admin@contoso.com): Azure would answer that Graph has no such user too.
    let failed = failures(include_str!("learn/kv-recovery-cli.sh"));
    assert_eq!(failed.len(), 1, "{}", failed.join("\n"));
    assert!(
        failed[0].contains("no principal named user@contoso.com"),
        "{}",
        failed[0]
    );
}

#[test]
fn learn_keys_quickstart_runs() {
    check(include_str!("learn/kv-keys-cli-quickstart.sh"));
}
