//! `keyfall`: run Keyfall scenario files natively and print what happened.
//!
//! The same core that animates the web playground runs here, with the same seed and the same
//! results, so a trainer can check a lesson or hand out a transcript without a browser.

mod challenge;
mod render;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anstream::println;
use anstyle::{AnsiColor, Style};
use clap::{Parser, Subcommand};
use keyfall_core::{Event, Record, Runner, Scenario, builtin_lessons, parse_scenario};
use keyfall_stage::handout::{call_text, call_verdict, goal_text};
use keyfall_stage::standalone::Theme;

const EXAMPLES: &str = "\
Examples:
  keyfall lessons                                  list the built-in lessons
  keyfall run crates/core/lessons/03-delete-the-kek.kf
  keyfall run 03                                   run built-in lesson 03
  keyfall run my-demo.kf --seed 7 --json           one JSON object per command
  keyfall health my-demo.kf --json                 the health report after the script
  keyfall audit my-demo.kf --json                  the audit log, one entry per line
  keyfall activity my-demo.kf --json               the Activity log (Resource Manager), one event per line
  keyfall export 05 --az > rotate-the-kek.sh       a plain az script to hand out
  keyfall commands                                 every command a script may use, by group
  keyfall commands keyvault key create             one command: its flags, their values, an example
  keyfall challenge --seed 7 --level hard --fix    a fix-it puzzle, then its own fix, graded
  keyfall render 03 --step 2 -o step.svg           the stage after step 2, as the app draws it
  keyfall render 03 --step 2 --png -o step.png     the same as a PNG (--theme light, --width 1920)
  keyfall render 03 --steps 1..4 --gif -o l03.gif  steps 1 to 4 with their calls, animated
  keyfall previews -o dist/previews                every step of every lesson, for docs embeds
  keyfall handout 03 -o lesson-03.html             the lesson to print or hand out: narration,
                                                   transcript and the stage after each step

Exit status: 0 when every `sim expect` held, 1 when one did not, 2 when the file does not parse.";

#[derive(Debug, Parser)]
#[command(name = "keyfall", version, about = "Run Keyfall scenarios: the Azure disk-encryption key lifecycle, simulated", after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Run a script or scenario and print a transcript (or JSON lines with --json).
    Run(FileArgs),
    /// Run a script or scenario and print the health report afterwards.
    Health(FileArgs),
    /// Run a script or scenario and print the vaults' audit log afterwards (then, without --json,
    /// the subscription's Activity log).
    Audit(FileArgs),
    /// Run a script or scenario and print the subscription's Activity log afterwards: the Azure
    /// Resource Manager operations (role assignments, vault writes, deletes and purges).
    Activity(FileArgs),
    /// List the built-in lessons.
    Lessons,
    /// Describe the commands a script may use, as `help` does in the web console: all of them,
    /// a group (`keyvault key`) or one command (`keyvault key create`).
    Commands {
        /// The words of a group or command; `az` may be left out.
        words: Vec<String>,
    },
    /// Draw the stage at a step, as the app draws it: a standalone SVG, or a PNG or animated GIF.
    Render(RenderArgs),
    /// Draw every step of every built-in lesson as `LL-S.svg` into a folder: the pictures docs
    /// embeds show until a reader presses play (docs/embedding.md; `cargo xtask dist` runs it).
    Previews {
        /// The folder to write into (made if missing).
        #[arg(short = 'o', long)]
        output: PathBuf,
        #[arg(long, default_value = "dark", value_parser = ["dark", "light"])]
        theme: String,
    },
    /// Write a lesson as one self-contained HTML page to hand out or print: its narration,
    /// each command with its outcome, and the stage after each step (light theme).
    Handout {
        /// A scenario file, or the id of a built-in lesson.
        file: String,
        /// Seed of the simulated world (default: the scenario's own seed, else 1).
        #[arg(long)]
        seed: Option<u64>,
        /// Where to write the page.
        #[arg(short = 'o', long)]
        output: PathBuf,
    },
    /// Write the handout of every built-in lesson as `LL.html` into a folder (`cargo xtask dist`
    /// runs it).
    Handouts {
        /// The folder to write into (made if missing).
        #[arg(short = 'o', long)]
        output: PathBuf,
    },
    /// Print a scenario as a plain `az` script, with `sim` steps as comments.
    Export {
        /// A scenario file, or the id of a built-in lesson.
        file: String,
        /// Write an az shell script (the only export format for now).
        #[arg(long, required = true)]
        az: bool,
    },
    /// A "fix it" puzzle from a seed: an estate broken by one to three faults, its briefing and
    /// par; with --fix, the generator's own fix run and graded by the health report.
    Challenge {
        /// The puzzle's seed (default: from the clock, printed in the briefing).
        #[arg(long)]
        seed: Option<u64>,
        /// easy (one fault), medium (two) or hard (three).
        #[arg(long, default_value = "easy", value_parser = challenge::parse_level)]
        level: keyfall_core::Level,
        /// Run the generator's fix and print the graded health report.
        #[arg(long)]
        fix: bool,
    },
}

#[derive(Debug, clap::Args)]
struct FileArgs {
    /// A script or scenario file, or the id of a built-in lesson (`03`).
    file: String,
    /// Seed of the simulated world (default: the scenario's own seed, else 1).
    #[arg(long)]
    seed: Option<u64>,
    /// Print JSON, one object per line.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct RenderArgs {
    /// A script or scenario file, or the id of a built-in lesson (`03`).
    file: String,
    /// The step to draw, from 1 (0: before the first); the picture is the step's end, every
    /// call drawn.
    #[arg(long, required_unless_present = "steps", conflicts_with = "steps")]
    step: Option<usize>,
    /// The steps of a GIF, first and last (`1..4`).
    #[arg(long, requires = "gif")]
    steps: Option<String>,
    #[arg(long, default_value = "dark", value_parser = ["dark", "light"])]
    theme: String,
    /// Width in pixels (default: the drawing's own, 1280 for PNG and GIF).
    #[arg(long)]
    width: Option<u32>,
    /// Write a PNG instead of an SVG.
    #[arg(long, conflicts_with = "gif")]
    png: bool,
    /// Write an animated GIF of `--steps` (or of `--step` alone).
    #[arg(long)]
    gif: bool,
    /// Seed of the simulated world (default: the scenario's own seed, else 1).
    #[arg(long)]
    seed: Option<u64>,
    /// Where to write the picture.
    #[arg(short = 'o', long)]
    output: PathBuf,
}

/// A file read and parsed: a scenario with narration, or a bare script wrapped as one.
struct Loaded {
    name: String,
    scenario: Scenario,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Cmd::Lessons => {
            for (file, text) in builtin_lessons() {
                match parse_scenario(text) {
                    Ok(s) => println!("{}  {}  ({})", s.id, s.title, file),
                    Err(e) => println!("{file}: {e}"),
                }
            }
            ExitCode::SUCCESS
        }
        Cmd::Commands { words } => {
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            match keyfall_core::help(&words) {
                Ok(help) => {
                    print!("{help}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    anstream::eprintln!("{}", e.message);
                    if let Some(s) = e.suggestion {
                        anstream::eprintln!("did you mean {s}?");
                    }
                    ExitCode::from(2)
                }
            }
        }
        Cmd::Run(args) => with_file(&args, run),
        Cmd::Health(args) => with_file(&args, |runner, loaded, json| {
            run_quiet(runner, loaded);
            let report = runner.world().health();
            if json {
                println!("{}", to_json(&report));
            } else {
                print_health(&report);
            }
        }),
        Cmd::Audit(args) => with_file(&args, |runner, loaded, json| {
            run_quiet(runner, loaded);
            if !json {
                println!("Audit log (Key Vault AuditEvent)");
            }
            for entry in runner.world().audit() {
                if json {
                    println!("{}", to_json(entry));
                } else {
                    println!(
                        "#{:<4} {}  {:<22} {:<24} {:<3} {:<10} {}",
                        entry.id,
                        entry.time,
                        entry.caller,
                        entry.operation_name,
                        entry.http_status_code,
                        entry.result_signature,
                        entry.request_uri
                    );
                }
            }
            if !json {
                println!();
                print_activity(runner.world().activity());
            }
        }),
        Cmd::Activity(args) => with_file(&args, |runner, loaded, json| {
            run_quiet(runner, loaded);
            if json {
                for event in runner.world().activity() {
                    println!("{}", to_json(event));
                }
            } else {
                print_activity(runner.world().activity());
            }
        }),
        Cmd::Challenge { seed, level, fix } => challenge::challenge(seed, level, fix),
        Cmd::Render(args) => render_cmd(&args),
        Cmd::Previews { output, theme } => {
            previews_cmd(&output, Theme::parse(&theme).unwrap_or(Theme::Dark))
        }
        Cmd::Handout { file, seed, output } => handout_cmd(&file, seed, &output),
        Cmd::Handouts { output } => handouts_cmd(&output),
        Cmd::Export { file, az: _ } => match load(&file) {
            Ok(loaded) => {
                print!("{}", keyfall_core::export_az(&loaded.scenario));
                ExitCode::SUCCESS
            }
            Err(e) => fail_load(&e),
        },
    }
}

fn previews_cmd(dir: &Path, theme: Theme) -> ExitCode {
    let written = std::fs::create_dir_all(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))
        .and_then(|()| render::previews(dir, theme));
    match written {
        Ok(n) => {
            println!("{n} previews written to {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}

fn handout_cmd(file: &str, seed: Option<u64>, output: &Path) -> ExitCode {
    let (loaded, seed) = match checked_load(file, seed) {
        Ok(l) => l,
        Err(e) => return fail_load(&e),
    };
    let page = keyfall_stage::handout::handout(&loaded.scenario, seed);
    match std::fs::write(output, page) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&format!("{}: {e}", output.display())),
    }
}

fn handouts_cmd(dir: &Path) -> ExitCode {
    let written = std::fs::create_dir_all(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))
        .and_then(|()| render::handouts(dir));
    match written {
        Ok(n) => {
            println!("{n} handouts written to {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}

/// Prints `error: message` and exits 2.
fn fail(message: &str) -> ExitCode {
    let red = Style::new().fg_color(Some(AnsiColor::Red.into())).bold();
    anstream::eprintln!("{red}error{red:#}: {message}");
    ExitCode::from(2)
}

fn render_cmd(args: &RenderArgs) -> ExitCode {
    let (loaded, seed) = match checked_load(&args.file, args.seed) {
        Ok(l) => l,
        Err(e) => return fail_load(&e),
    };
    let picture = render::Picture {
        scenario: &loaded.scenario,
        seed,
        theme: Theme::parse(&args.theme).unwrap_or(Theme::Dark),
        width: args.width,
    };
    let bytes = if args.gif {
        let steps = match (&args.steps, args.step) {
            (Some(s), _) => render::parse_steps(s),
            (None, Some(n)) => Ok(n..=n),
            (None, None) => Err("--gif needs --steps or --step".to_owned()),
        };
        steps.and_then(|s| picture.gif(s))
    } else {
        let step = args.step.unwrap_or(0);
        if args.png {
            picture.png(step)
        } else {
            picture.svg(step).map(String::into_bytes)
        }
    };
    let written = bytes.and_then(|b| {
        std::fs::write(&args.output, b).map_err(|e| format!("{}: {e}", args.output.display()))
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let red = Style::new().fg_color(Some(AnsiColor::Red.into())).bold();
            anstream::eprintln!("{red}error{red:#}: {}: {e}", loaded.name);
            ExitCode::from(2)
        }
    }
}

/// The Activity log as a table under its heading.
fn print_activity(events: &[keyfall_core::ActivityEntry]) {
    println!("Activity log (Azure Resource Manager)");
    if events.is_empty() {
        println!("(no events)");
    }
    for e in events {
        println!(
            "#{:<4} {}  {:<22} {:<48} {:<9} {:<10} {}{}",
            e.id,
            e.event_timestamp,
            e.caller,
            e.operation_name,
            e.status,
            e.sub_status,
            e.resource_id,
            if e.description.is_empty() {
                String::new()
            } else {
                format!("  ({})", e.description)
            }
        );
    }
}

fn with_file(args: &FileArgs, body: impl FnOnce(&mut Runner, &Loaded, bool)) -> ExitCode {
    let (loaded, seed) = match checked_load(&args.file, args.seed) {
        Ok(l) => l,
        Err(e) => return fail_load(&e),
    };
    let mut runner = Runner::new(seed);
    body(&mut runner, &loaded, args.json);
    if runner.failed_expectations() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `file` loaded, and the seed to run it from, once the whole file has run on a scratch world: a
/// typo (or a variable that is never set) on line 40 is reported before anything is printed or
/// drawn. Determinism makes the real run the same.
fn checked_load(file: &str, seed: Option<u64>) -> Result<(Loaded, u64), LoadError> {
    let loaded = load(file)?;
    let seed = seed.or(loaded.scenario.seed).unwrap_or(1);
    match Runner::new(seed).run_scenario(&loaded.scenario, true) {
        Ok(_) => Ok((loaded, seed)),
        Err(e) => Err(LoadError::Parse(loaded.name.clone(), e.to_string())),
    }
}

enum LoadError {
    Io(String, std::io::Error),
    Parse(String, String),
}

fn fail_load(e: &LoadError) -> ExitCode {
    let red = Style::new().fg_color(Some(AnsiColor::Red.into())).bold();
    match e {
        LoadError::Io(name, err) => anstream::eprintln!("{red}error{red:#}: {name}: {err}"),
        LoadError::Parse(name, msg) => anstream::eprintln!("{name}:{msg}"),
    }
    ExitCode::from(2)
}

fn load(arg: &str) -> Result<Loaded, LoadError> {
    let (name, text) = if Path::new(arg).exists() {
        let text = std::fs::read_to_string(arg).map_err(|e| LoadError::Io(arg.to_owned(), e))?;
        (arg.to_owned(), text)
    } else if let Some((file, text)) = builtin_lessons()
        .into_iter()
        .find(|(file, _)| file.split('-').next() == Some(arg))
    {
        (format!("lessons/{file}"), text.to_owned())
    } else {
        let err = std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no such file or built-in lesson",
        );
        return Err(LoadError::Io(arg.to_owned(), err));
    };
    let scenario = if looks_like_scenario(&text) {
        parse_scenario(&text).map_err(|e| LoadError::Parse(name.clone(), e.to_string()))?
    } else {
        // A bare script, as a Learn block is written: variables, continuations and comments.
        Scenario::from_text(&PathBuf::from(&name).display().to_string(), &text)
    };
    Ok(Loaded { name, scenario })
}

/// Scenario files mark commands with `$ ` and steps with `## `; bare scripts have neither.
fn looks_like_scenario(text: &str) -> bool {
    text.lines()
        .any(|l| l.starts_with("$ ") || l.starts_with("## "))
}

fn run_quiet(runner: &mut Runner, loaded: &Loaded) {
    // Checked already by `with_file`.
    let _ = runner.run_scenario(&loaded.scenario, true);
}

fn run(runner: &mut Runner, loaded: &Loaded, json: bool) {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let green = Style::new().fg_color(Some(AnsiColor::Green.into()));
    let red = Style::new().fg_color(Some(AnsiColor::Red.into()));
    let cyan = Style::new().fg_color(Some(AnsiColor::Cyan.into())).bold();
    if !json {
        println!("{bold}{}{bold:#}", loaded.scenario.title);
        if !loaded.scenario.summary.is_empty() {
            println!("{}", wrap(&loaded.scenario.summary, ""));
        }
    }
    for step in &loaded.scenario.steps {
        if !json && !step.title.is_empty() {
            println!();
            println!("{cyan}== {} =={cyan:#}", step.title);
            if !step.narration.is_empty() {
                println!("{}", wrap(&plain(&step.narration), ""));
            }
            if let Some(goal) = &step.goal {
                println!("{bold}Goal:{bold:#} {}", goal_text(goal));
            }
        }
        for cl in &step.commands {
            // Checked already by `with_file`.
            for record in runner
                .run_line(cl.line, cl.column, &cl.text)
                .unwrap_or_default()
            {
                if json {
                    println!("{}", to_json(&record));
                    continue;
                }
                print_record(&record, &[bold, dim, green, red]);
            }
        }
    }
    if !json {
        let failed = runner.failed_expectations();
        println!();
        if failed == 0 {
            println!("{green}every expectation held{green:#}");
        } else {
            println!("{red}{failed} expectation(s) did not hold{red:#}");
        }
        // A goal step's commands are its reference solution: say whether they reached it.
        if let Some(goal) = loaded.scenario.steps.last().and_then(|s| s.goal.as_ref()) {
            let missed = goal.unmet(&runner.world().health());
            if missed.is_empty() {
                println!("{green}goal met: {}{green:#}", goal_text(goal));
            } else {
                println!("{red}goal not met: {}{red:#}", missed.join("; "));
            }
        }
    }
}

fn print_record(r: &Record, [bold, dim, green, red]: &[Style; 4]) {
    if r.is_expectation() {
        if r.ok {
            println!(
                "{dim}{:>4} │{dim:#} {} {green}✓ held{green:#}",
                r.line, r.command
            );
        } else {
            println!(
                "{dim}{:>4} │{dim:#} {} {red}✗ did not hold: {}{red:#}",
                r.line, r.command, r.message
            );
        }
        return;
    }
    println!("{dim}{:>4} │{dim:#} {bold}{}{bold:#}", r.line, r.command);
    for e in &r.events {
        if let Event::Call(c) = e {
            let (allowed, verdict) = call_verdict(c);
            let style = if allowed { green } else { red };
            println!(
                "{dim}     │{dim:#}   {}  {style}{verdict}{style:#}",
                call_text(c)
            );
        } else if let Event::State { object, change, .. } = e {
            println!("{dim}     │   · {object}: {change}{dim:#}");
        }
    }
    if r.ok {
        println!("{dim}     │{dim:#} {green}✓{green:#} {}", r.message);
    } else {
        println!("{dim}     │{dim:#} {red}✗{red:#} {}", r.outcome());
    }
    // The readable lines; az's JSON is `--json`'s `output`.
    for line in &r.detail {
        println!("{dim}     │     {line}{dim:#}");
    }
}

fn print_health(report: &keyfall_core::HealthReport) {
    use keyfall_core::Verdict;
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    for asset in &report.assets {
        // Colour is never the only signal: the verdict is also a word.
        let colour = match asset.verdict {
            Verdict::Ok => AnsiColor::Green,
            Verdict::AtRisk => AnsiColor::Yellow,
            Verdict::Broken | Verdict::Lost => AnsiColor::Red,
        };
        let style = Style::new().fg_color(Some(colour.into())).bold();
        println!(
            "{style}{:<8}{style:#} {bold}{}{bold:#}",
            asset.verdict.name(),
            asset.asset
        );
        for (check, ok) in &asset.checks {
            println!(
                "{dim}         {} {check}{dim:#}",
                if *ok { "✓" } else { "✗" }
            );
        }
        for note in &asset.notes {
            println!("{dim}         · {note}{dim:#}");
        }
        for cause in &asset.causes {
            match &cause.audit {
                Some(audit) => println!("         because {} (caused by {audit})", cause.call),
                None => println!("         because {}", cause.call),
            }
        }
        for fix in &asset.fixes {
            println!("         fix: {fix}");
        }
    }
}

/// Narration without its inline markers, for a terminal.
fn plain(text: &str) -> String {
    keyfall_core::inline_spans(text)
        .into_iter()
        .map(|s| s.text().to_owned())
        .collect()
}

fn wrap(text: &str, indent: &str) -> String {
    text.split("\n\n")
        .map(|para| {
            let opts = textwrap::Options::new(96)
                .initial_indent(indent)
                .subsequent_indent(indent);
            textwrap::fill(&para.split_whitespace().collect::<Vec<_>>().join(" "), opts)
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    // Serializing plain structs of strings and numbers cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}
