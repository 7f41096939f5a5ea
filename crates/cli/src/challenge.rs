//! `keyfall challenge`: a "fix it" puzzle from a seed, its briefing, and with `--fix` the
//! generator's own fix, graded by the health report.

use std::process::ExitCode;

use anstream::println;
use anstyle::{AnsiColor, Style};
use keyfall_core::{Challenge, Level};

/// The puzzle's level, as `--level` spells it.
pub(crate) fn parse_level(word: &str) -> Result<Level, String> {
    Level::from_name(word).ok_or_else(|| format!("expected easy, medium or hard, not {word}"))
}

pub(crate) fn challenge(seed: Option<u64>, level: Level, fix: bool) -> ExitCode {
    // Without --seed, the clock picks one; the briefing prints it, so it can be replayed.
    let seed = seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() % 100_000)
            .unwrap_or(1)
    });
    let red = Style::new().fg_color(Some(AnsiColor::Red.into())).bold();
    let c = match Challenge::generate(seed, level) {
        Ok(c) => c,
        Err(e) => {
            anstream::eprintln!("{red}error{red:#}: {e}");
            return ExitCode::from(2);
        }
    };
    let bold = Style::new().bold();
    println!("{bold}{}{bold:#}", c.briefing);
    println!("{}", c.estate_script());
    if !fix {
        println!("Replay it with: keyfall challenge --seed {seed} --level {level} --fix");
        return ExitCode::SUCCESS;
    }
    let mut runner = match c.runner() {
        Ok(r) => r,
        Err(e) => {
            anstream::eprintln!("{red}error{red:#}: {e}");
            return ExitCode::from(2);
        }
    };
    println!("{bold}The generator's fix ({} commands){bold:#}", c.par());
    for line in c.fix() {
        let ran = runner.run_text(1, line);
        let outcome = match (&ran.error, ran.records.last()) {
            (Some(e), _) => e.to_string(),
            (None, Some(r)) => r.outcome(),
            (None, None) => String::new(),
        };
        println!("$ {line}\n  {outcome}");
    }
    let grade = Challenge::grade(runner.world());
    println!();
    crate::print_health(&grade.report);
    println!();
    if grade.solved {
        let green = Style::new().fg_color(Some(AnsiColor::Green.into())).bold();
        println!(
            "{green}solved{green:#}: every check is ok, in {} commands",
            c.par()
        );
        ExitCode::SUCCESS
    } else {
        println!(
            "{red}not solved{red:#}: {} assets are not ok",
            grade.remaining.len()
        );
        ExitCode::from(1)
    }
}
