//! Learn's variables and az's `-o`/`--query` typed at the console: they run through the core's
//! runner, survive a share link and replay the same.
// Pure logic: runs natively (`cargo test -p keyfall-web`), not in the browser.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

mod common;

use common::{LEGACY, run, typed};
use keyfall_core::{Share, ShareMode, needs_shell};
use keyfall_web::console::ConsoleEntry;
use keyfall_web::state::{SEED, State};

const LINES: &[&str] = &[
    "kv=kv-vars",
    "az keyvault create -n $kv -g rg -l westeurope --enable-rbac-authorization false",
    "az keyvault key create --vault-name \"$kv\" --name kek",
    "kid=$(az keyvault key show --vault-name ${kv} --name kek --query key.kid -o tsv)",
    "az keyvault key show --id $kid --query attributes.enabled -o tsv",
];

#[test]
fn variables_and_queries_work_in_the_console_and_through_a_link() {
    let s = run(Rc::new(State::new(SEED)), typed(LINES));
    assert_eq!(s.steps().len(), LINES.len());
    let last = s.current_records().last().expect("ran");
    assert!(last.ok, "{}", last.outcome());
    assert_eq!(last.output, vec!["true"]);
    // The link carries the lines as typed; opening it replays them into the same variables.
    let share = s.to_share(ShareMode::Edit, Vec::new());
    let opened =
        State::from_share(&Share::decode(&share.encode()).expect("decodes")).expect("opens");
    assert_eq!(opened.session_lines(), s.session_lines());
    assert_eq!(
        opened.current_records().last().map(|r| r.output.clone()),
        Some(vec!["true".to_owned()])
    );
}

#[test]
fn shell_the_console_does_not_run_is_an_error_with_its_column() {
    let s = run(
        Rc::new(State::new(SEED)),
        typed(&["az keyvault list | grep kv"]),
    );
    assert!(s.steps().is_empty());
    match s.console.entries.last() {
        Some(ConsoleEntry::Error { error, .. }) => {
            assert_eq!(error.column, 18);
            assert!(error.message.contains("pipe"), "{}", error.message);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn plain_lines_keep_the_parsed_path() {
    // Lines without variables or -o/--query are parsed and stored as commands, as before.
    assert!(LEGACY.iter().all(|l| !needs_shell(l)));
    let s = run(Rc::new(State::new(SEED)), typed(LEGACY));
    assert!(
        s.steps()
            .iter()
            .all(|st| st.shell.is_empty() && st.commands.len() == 1)
    );
}
