//! `docs/commands.md` is written from the tables the parser, printer and authorization read; this
//! test holds the checked-in file to them.

use std::path::PathBuf;

#[test]
fn the_command_reference_is_written_from_the_tables() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/commands.md");
    let want = keyfall_core::reference_markdown();
    if std::env::var_os("KEYFALL_BLESS").is_some() {
        std::fs::write(&path, &want).expect("write docs/commands.md");
        return;
    }
    let got = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        got == want,
        "docs/commands.md is out of date with the grammar and vocabulary tables; run \
         `KEYFALL_BLESS=1 cargo test -p keyfall-core --test docs` and review the diff"
    );
}
