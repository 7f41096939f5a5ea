//! Sessions as text: the share link and the autosave (both the text of [`Share`]), export as a
//! scenario file, import of a scenario or a plain script, and the page's start (a link, a deep
//! link or the autosave). The browser side (URL, localStorage) is in `hooks/`; this is pure.

use std::rc::Rc;

use keyfall_core::{
    CommandLine, Scenario, Share, ShareBranch, ShareMode, ShareSource, Step, needs_shell,
    parse_line, parse_scenario, parse_script, scenario_commands,
};

use crate::session::{
    Branch, SEED, Session, StepDef, find_lesson, lesson_meta, lesson_steps, typed_shell_step,
    typed_step,
};
use crate::state::{Action, State};
use crate::view::Notice;

/// The id sessions that are not a lesson get in exported files (the format requires one).
const SESSION_ID: &str = "session";

/// The localStorage key of the autosaved session (the text a share link carries).
pub const SESSION_KEY: &str = "keyfall.session.v1";

/// The session as a share link (and as the autosaved text): every branch, opened at `cursor`
/// on the active one. The first branch is the body: a built-in lesson followed only by typed
/// commands is referenced by id, which keeps its links short; anything else (a typed session,
/// an imported file) is inlined as a scenario. Later branches are a prefix of an earlier one
/// plus typed commands, which is how forking makes them.
pub fn to_share(
    session: &Session,
    cursor: usize,
    mode: ShareMode,
    options: Vec<(String, String)>,
) -> Share {
    let steps = &session.branches[0].steps;
    let lesson_ref = session.lesson.as_ref().and_then(|l| {
        let lesson = find_lesson(&l.id)?;
        let lesson_steps = lesson_steps(&lesson).ok()?;
        let n = lesson_steps.len();
        let same = steps.len() >= n
            && steps[..n].iter().zip(&lesson_steps).all(|(a, b)| **a == *b)
            && steps[n..].iter().all(|s| s.typed);
        same.then(|| ShareSource::Lesson {
            id: l.id.clone(),
            extra: command_lines(&steps[n..]),
        })
    });
    let branches = session
        .branches
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, b)| share_branch(&session.branches[..i], b))
        .collect();
    Share {
        mode,
        seed: session.branches[0].seed,
        step: cursor,
        source: lesson_ref.unwrap_or_else(|| ShareSource::Scenario(scenario_of(session, steps))),
        branches,
        open: session.active,
        options,
    }
}

/// The active branch as a scenario file (export, and links that cannot name a lesson).
/// A goal survives only on the last step, as the format requires; goal steps run no
/// commands, so dropping an earlier one changes nothing in the world.
pub fn to_scenario(session: &Session) -> Scenario {
    scenario_of(session, session.steps())
}

fn scenario_of(session: &Session, steps: &[Rc<StepDef>]) -> Scenario {
    let last = steps.len().saturating_sub(1);
    let (id, title, summary, rules) = match &session.lesson {
        Some(l) => (
            l.id.clone(),
            l.title.clone(),
            l.summary.clone(),
            l.rules.clone(),
        ),
        None => (
            SESSION_ID.to_owned(),
            "Keyfall session".to_owned(),
            String::new(),
            Vec::new(),
        ),
    };
    Scenario {
        id,
        title,
        summary: one_line(&summary),
        rules,
        seed: Some(session.branch().seed),
        steps: steps
            .iter()
            .enumerate()
            .map(|(i, s)| Step {
                title: if s.title.trim().is_empty() {
                    format!("Step {}", i + 1)
                } else {
                    one_line(&s.title)
                },
                narration: s.narration.clone(),
                notes: s.notes.clone(),
                commands: match &s.goal {
                    Some(_) if i == last => s.solution.clone(),
                    _ => step_lines(s),
                }
                .into_iter()
                .map(CommandLine::typed)
                .collect(),
                goal: if i == last { s.goal.clone() } else { None },
            })
            .collect(),
    }
}

/// The session a share link (or the autosave) describes, and whether it is view-only. Its
/// cursor is `share.step`.
pub fn session_from_share(share: &Share) -> Result<Session, String> {
    let (lesson, steps) = match &share.source {
        ShareSource::Lesson { id, extra } => {
            let scenario = find_lesson(id).ok_or_else(|| {
                format!("the link opens lesson {id}, which this version of Keyfall does not have")
            })?;
            let mut steps = lesson_steps(&scenario).map_err(|e| e.to_string())?;
            push_typed(&mut steps, extra)?;
            (Some(lesson_meta(&scenario)), steps)
        }
        ShareSource::Scenario(scenario) => {
            let mut steps = lesson_steps(scenario).map_err(|e| e.to_string())?;
            // A typed session comes back as one step per command titled with it: show those
            // as typed steps again, not as a lesson.
            for s in &mut steps {
                s.typed = s.narration.is_empty()
                    && s.notes.is_none()
                    && s.goal.is_none()
                    && (matches!(&s.commands[..], [(_, c)] if c.to_string() == s.title)
                        || matches!(&s.shell[..], [(_, t)] if *t == s.title));
            }
            let lesson = (scenario.id != SESSION_ID).then(|| lesson_meta(scenario));
            (lesson, steps)
        }
    };
    let mut session = Session::with_steps(lesson, share.seed, steps);
    for b in &share.branches {
        // The link's parser only lets a branch start from an earlier one.
        let Some(base) = session.branches.get(b.base) else {
            return Err(format!("branch “{}” starts from a missing branch", b.name));
        };
        let Some(prefix) = base.steps.get(..b.at) else {
            return Err(format!(
                "branch “{}” starts at step {}, but the branch it starts from has {} steps",
                b.name,
                b.at,
                base.steps.len()
            ));
        };
        let mut typed = Vec::new();
        push_typed(&mut typed, &b.typed)?;
        let steps = prefix
            .iter()
            .cloned()
            .chain(typed.into_iter().map(Rc::new))
            .collect();
        session.branches.push(Branch {
            name: b.name.clone(),
            seed: share.seed,
            steps,
        });
    }
    // The link's parser checks `open` against the branches it names.
    session.active = share.open.min(session.branches.len() - 1);
    Ok(session)
}

/// `text` (a share's text) with its cursor moved to `step`: the text's second line, `step: N`,
/// is the only part that depends on the cursor (see `Share::text`).
pub fn with_step(text: &str, step: usize) -> String {
    let mut lines = text.splitn(3, '\n');
    match (lines.next(), lines.next(), lines.next()) {
        (Some(seed), Some(old), Some(rest)) if old.starts_with("step: ") => {
            format!("{seed}\nstep: {step}\n{rest}")
        }
        _ => text.to_owned(),
    }
}

/// How an imported file opens: a lesson at its start, like the built-in ones; a script or an
/// exported session with every command applied, where its author left it.
pub fn import_share(scenario: Scenario) -> Share {
    let narrated = scenario.steps.iter().any(|s| !s.narration.is_empty());
    Share {
        mode: ShareMode::Edit,
        seed: scenario.seed.unwrap_or(SEED),
        step: if narrated { 0 } else { scenario.steps.len() },
        source: ShareSource::Scenario(scenario),
        branches: Vec::new(),
        open: 0,
        options: Vec::new(),
    }
}

/// A later branch as a link carries it: the earlier branch it shares the longest prefix with,
/// when everything after that prefix was typed (as after a fork, always). Failing that, its
/// commands all typed after an empty prefix, which rebuilds the same world without narration.
fn share_branch(earlier: &[Branch], branch: &Branch) -> ShareBranch {
    let best = earlier
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let common = e
                .steps
                .iter()
                .zip(&branch.steps)
                .take_while(|(a, b)| a == b)
                .count();
            (i, common)
        })
        .filter(|&(_, common)| branch.steps[common..].iter().all(|s| s.typed))
        .max_by_key(|&(i, common)| (common, std::cmp::Reverse(i)));
    let (base, at) = best.unwrap_or((0, 0));
    ShareBranch {
        name: branch.name.clone(),
        base,
        at,
        typed: command_lines(&branch.steps[at..]),
    }
}

/// The commands of `steps`, one line each: how a link carries what was typed after a lesson or
/// a fork.
fn command_lines(steps: &[Rc<StepDef>]) -> Vec<String> {
    steps.iter().flat_map(|s| step_lines(s)).collect()
}

/// A step's command lines as text: as written when it needs the shell, canonical otherwise.
fn step_lines(s: &StepDef) -> Vec<String> {
    if s.shell.is_empty() {
        s.commands.iter().map(|(_, c)| c.to_string()).collect()
    } else {
        s.shell.iter().map(|(_, t)| t.clone()).collect()
    }
}

/// Appends one typed step per command line of a link ([`command_lines`] read back).
fn push_typed(steps: &mut Vec<StepDef>, lines: &[String]) -> Result<(), String> {
    for line in lines {
        if needs_shell(line) {
            steps.push(typed_shell_step(line.clone()));
            continue;
        }
        match parse_line(line) {
            Ok(Some(c)) => steps.push(typed_step(line.clone(), c)),
            Ok(None) => {}
            Err(e) => return Err(format!("a command in the link does not parse: {e}")),
        }
    }
    Ok(())
}

/// Reads an imported file: a scenario (`# Title` ...), or failing that a plain script of
/// commands. Errors name the line and column in the file.
pub fn scenario_from_file(text: &str) -> Result<Scenario, String> {
    let scenario = match parse_scenario(text) {
        Ok(s) => s,
        Err(scenario_error) => {
            // A file without `## ` steps is read as a script of commands, one per line.
            let looks_like_scenario = text.lines().any(|l| l.trim_start().starts_with("## "));
            match parse_script(text) {
                Ok(script) if !looks_like_scenario && !script.lines.is_empty() => {
                    let mut s = Scenario::from_script("Imported script", &script);
                    s.id = SESSION_ID.to_owned();
                    s.steps = script
                        .lines
                        .iter()
                        .map(|l| Step {
                            title: l.command.to_string(),
                            narration: String::new(),
                            notes: None,
                            commands: vec![CommandLine {
                                line: l.line,
                                column: 1,
                                text: l.command.to_string(),
                            }],
                            goal: None,
                        })
                        .collect();
                    s
                }
                Ok(_) => {
                    return Err(format!(
                        "line {}, column {}: {}",
                        scenario_error.line, scenario_error.column, scenario_error.message
                    ));
                }
                Err(_) if looks_like_scenario || text.trim_start().starts_with("# ") => {
                    // It meant to be a scenario: its own error is the useful one.
                    return Err(format!(
                        "line {}, column {}: {}",
                        scenario_error.line, scenario_error.column, scenario_error.message
                    ));
                }
                Err(e) => {
                    return Err(format!(
                        "line {}, column {}: {}",
                        e.line, e.column, e.message
                    ));
                }
            }
        }
    };
    scenario_commands(&scenario, true)
        .map_err(|e| format!("line {}, column {}: {}", e.line, e.column, e.message))?;
    Ok(scenario)
}

/// Header fields and titles are one line in the file format.
fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

// ---- the page's start ----

/// The page's start-up decisions.
#[derive(Debug)]
pub struct Boot {
    pub state: State,
    /// `?embed`: only the stage, captions and step controls.
    pub embed: bool,
    /// `?present`: open straight into presenter mode.
    pub presenter: bool,
    /// Whether changes may be autosaved right away. False when the page opened a link (or the
    /// saved session could not be read): then only the user's own edits arm the autosave, so
    /// the saved work is not overwritten by merely looking at a link.
    pub armed: bool,
    /// A theme the link asked for (`option: theme=light`).
    pub link_theme: Option<String>,
}

/// The URL query's value for `key` (`None` when absent, `Some("")` for a bare flag).
pub fn query_param(search: &str, key: &str) -> Option<String> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (k == key).then(|| v.to_owned())
        })
}

/// Decides the first state from the query, the fragment and localStorage.
pub fn boot(search: &str, hash: &str, saved: Option<String>) -> Boot {
    let embed = query_param(search, "embed").is_some();
    let presenter = query_param(search, "present").is_some();
    let mut out = Boot {
        state: State::new(SEED),
        embed,
        presenter,
        armed: true,
        link_theme: None,
    };
    let fragment = hash.trim_start_matches('#');
    if !fragment.is_empty() {
        out.armed = false;
        let opened = Share::decode(fragment)
            .map_err(|e| {
                if e.line > 0 {
                    format!("line {}, column {}: {}", e.line, e.column, e.message)
                } else {
                    e.message
                }
            })
            .and_then(|share| {
                out.link_theme = theme_option(&share);
                State::from_share(&share)
            });
        match opened {
            Ok(state) => out.state = state,
            Err(e) => {
                out.link_theme = None;
                out.state.notify(Notice::error(format!(
                    "This link could not be opened ({e}). Here is the start page; your saved \
                     session is kept."
                )));
            }
        }
        return out;
    }
    // `?challenge=SEED&level=L`: a whole room opens the same puzzle. A seed or level that does
    // not read opens the start page and says why; the saved session is left alone.
    if let Some(asked) = crate::challenge::challenge_query(search) {
        out.armed = false;
        // The same puzzle saved here with commands typed (a reload) opens where it was left.
        let resumed = |seed, level| {
            let share = Share::from_text(ShareMode::Edit, saved.as_deref()?).ok()?;
            let same = matches!(crate::challenge::from_options(&share.options),
                Some(Ok((s, l, _))) if (s, l) == (seed, level));
            same.then(|| State::from_share(&share).ok()).flatten()
        };
        let opened = asked.and_then(|(seed, level)| match resumed(seed, level) {
            Some(state) => Ok(state),
            None => State::challenge(seed, level),
        });
        match opened {
            Ok(state) => out.state = state,
            Err(e) => out.state.notify(Notice::error(format!(
                "This challenge link could not be opened: {e}. Here is the start page; your \
                 saved session is kept."
            ))),
        }
        return out;
    }
    if let Some(lesson) = query_param(search, "lesson") {
        out.armed = false;
        let step = query_param(search, "step")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let state = Rc::new(out.state);
        out.state = (*state.reduce(Action::OpenAt { lesson, step })).clone();
        // A deep link is where the reader is sent, not their own edit.
        out.state.edited = false;
        return out;
    }
    if let Some(text) = saved {
        match Share::from_text(ShareMode::Edit, &text)
            .map_err(|e| e.to_string())
            .and_then(|share| State::from_share(&share))
        {
            Ok(state) => out.state = state,
            Err(e) => {
                out.armed = false;
                out.state.notify(Notice::error(format!(
                    "Your saved session could not be restored ({e}). It stays saved until you \
                     change something here."
                )));
            }
        }
    }
    out
}

fn theme_option(share: &Share) -> Option<String> {
    share
        .options
        .iter()
        .find(|(k, _)| k == "theme")
        .map(|(_, v)| v.clone())
        .filter(|v| v == "light" || v == "dark")
}
