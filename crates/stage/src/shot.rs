//! A scenario played to one of its steps, as the app shows it there: the world after the step,
//! the step's own records (its calls, what it purged), the health report, and the layout of the
//! whole lesson's cast, so the picture of step 2 has every box where the app has it.

use keyfall_core::{
    AssetId, HealthReport, Record, Runner, Scenario, Step, World, needs_shell, parse_line,
};

use crate::draw::{Frame, present, purged_by};
use crate::layout::{Cast, Layout, arrange};
use crate::view::{CallView, calls_of};

/// A scenario at one step.
#[derive(Debug, Clone)]
pub struct Shot {
    pub world: World,
    /// The step's records.
    pub records: Vec<Record>,
    /// The lesson's layout with the actors the world holds at this step.
    pub layout: Layout,
    pub health: HealthReport,
    pub calls: Vec<CallView>,
    pub purged: Vec<AssetId>,
}

/// How many steps `scenario` has.
pub fn steps(scenario: &Scenario) -> usize {
    scenario.steps.len()
}

/// Runs one step as the app does: a goal step runs nothing (its commands are the reference
/// solution, the user plays), a step with shell lines (variables, `-o`) runs them as text.
pub fn run_step(runner: &mut Runner, step: &Step) -> Vec<Record> {
    if step.goal.is_some() {
        return Vec::new();
    }
    if step.commands.iter().any(|cl| needs_shell(&cl.text)) {
        return step
            .commands
            .iter()
            .flat_map(|cl| runner.run_text(cl.line, &cl.text).records)
            .collect();
    }
    step.commands
        .iter()
        .filter_map(|cl| match parse_line(&cl.text) {
            Ok(Some(c)) => Some(runner.run(cl.line, &c)),
            _ => None,
        })
        .collect()
}

impl Shot {
    /// `scenario` from `seed`, played to the end of step `step` (1-based; 0 is before the
    /// first). The cast is gathered from every step, as the app plans a lesson.
    pub fn take(scenario: &Scenario, seed: u64, step: usize) -> Result<Shot, String> {
        let total = steps(scenario);
        if step > total {
            return Err(format!(
                "step {step} is past the end: the scenario has {total} steps"
            ));
        }
        let (cast, mut at) = play(scenario, seed, |i| i == step);
        let (world, records) = at
            .pop()
            .ok_or_else(|| format!("step {step} was not played"))?;
        Ok(Shot::new(&cast, world, records))
    }

    /// Every step of `scenario` from `seed`, from the first to the last, in one run: what a
    /// handout shows, a picture after each step.
    pub fn every_step(scenario: &Scenario, seed: u64) -> Vec<Shot> {
        let (cast, at) = play(scenario, seed, |i| i > 0);
        at.into_iter()
            .map(|(world, records)| Shot::new(&cast, world, records))
            .collect()
    }

    fn new(cast: &Cast, world: World, records: Vec<Record>) -> Shot {
        let layout = present(&arrange(cast), &world);
        let health = world.health();
        let calls = calls_of(&records, &world);
        let purged = purged_by(&records);
        Shot {
            world,
            records,
            layout,
            health,
            calls,
            purged,
        }
    }

    /// The picture at the end of the step: every call drawn, the last one with its label.
    pub fn frame(&self) -> Frame<'_> {
        self.frame_at(self.calls.len())
    }

    /// The picture with `shown` of the step's calls started, the last of them travelling.
    pub fn frame_at(&self, shown: usize) -> Frame<'_> {
        Frame {
            world: &self.world,
            layout: &self.layout,
            health: &self.health,
            purged: &self.purged,
            calls: &self.calls,
            shown,
            selected: None,
            hint: false,
            generation: 0,
            message_ms: 900,
        }
    }
}

/// Plays `scenario` from `seed` through every step, keeping the world and records after each
/// step `i` (1-based; 0 is before the first) that `keep` asks for; with the whole lesson's cast.
fn play(
    scenario: &Scenario,
    seed: u64,
    keep: impl Fn(usize) -> bool,
) -> (Cast, Vec<(World, Vec<Record>)>) {
    let mut runner = Runner::new(seed);
    let mut cast = Cast::of(runner.world());
    let mut kept = Vec::new();
    if keep(0) {
        kept.push((runner.world().clone(), Vec::new()));
    }
    for (i, s) in scenario.steps.iter().enumerate() {
        let r = run_step(&mut runner, s);
        cast.absorb(&Cast::of(runner.world()));
        if keep(i + 1) {
            kept.push((runner.world().clone(), r));
        }
    }
    cast.planned = true;
    (cast, kept)
}
