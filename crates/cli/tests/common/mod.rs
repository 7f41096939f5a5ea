//! What the CLI's test files share: running the built `keyfall` binary.

use std::process::{Command, Output};

/// Runs `keyfall` with `args`, without colours.
pub fn keyfall(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_keyfall"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("keyfall runs")
}
