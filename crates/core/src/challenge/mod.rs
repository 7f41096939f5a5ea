//! Challenge mode: "fix it" puzzles made from a seed and a level (issue 15).
//!
//! [`Challenge::generate`] builds a realistic estate with az commands (`estate`): VMs encrypted
//! with Azure Disk Encryption and a KEK, or with a customer-managed key through a Disk Encryption
//! Set, in vaults of either access model, all backed up with a recovery point each. It then
//! breaks it with one to three faults of the catalogue (`faults`), made by az commands, so the
//! audit log and the explainer see them: one per vault, and at hard a second on one vault, behind
//! the first on the way to its key. Each fault carries its fix as
//! commands and hints that reveal the explainer's chain one step at a time. The health report
//! grades the world: solved when every asset is ok.
//!
//! Everything comes from the seed, through the seeded ChaCha generator: the same seed and level
//! give the same puzzle, byte for byte, and the same world when its setup runs.

mod estate;
mod faults;

use std::fmt;

use crate::asset::AssetId;
use crate::crypto::SimRng;
use crate::health::{AssetHealth, HealthReport, Verdict};
use crate::run::Runner;
use crate::world::World;

use estate::{pick, run, shuffle};
pub use faults::FaultKind;
use faults::Layer;

crate::vocab::vocabulary! {
    /// How hard a challenge is: how many faults break the estate.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Level {
        /// One fault.
        Easy = "easy",
        /// Two faults, on the two vaults.
        Medium = "medium",
        /// Three faults on the two vaults: one vault broken twice, at its door and its key.
        Hard = "hard",
    }
}

impl Level {
    /// How many faults break the estate.
    pub fn faults(self) -> usize {
        match self {
            Level::Easy => 1,
            Level::Medium => 2,
            Level::Hard => 3,
        }
    }

    /// How many key vaults the estate has: two at every level, so that even an easy puzzle
    /// asks which vault is at fault, and no more, so that a projector shows the whole estate
    /// as large as the lessons' (a third vault draws its labels at 11 px at 1280x720). Hard's
    /// third fault shares a vault instead.
    pub fn vaults(self) -> usize {
        2
    }

    /// How many VMs a vault holds. One at every level: the stage must show the whole estate
    /// legibly on a projector (as large as the lessons' at 1280x720), and a second VM per
    /// vault adds a symptom, not a puzzle.
    pub fn vms_per_vault(self) -> u64 {
        1
    }
}

/// Mixed into the seed for the puzzle's own choices, so they are not the world's draws.
const STREAM: u64 = 0x6368_616c_6c65_6e67;

/// A generated puzzle failed to build: a line of its own setup did not run. The property test
/// holds every seed to never giving one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeError(pub String);

impl fmt::Display for ChallengeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "challenge setup failed: {}", self.0)
    }
}

/// One fault of a puzzle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub kind: FaultKind,
    /// The vault it breaks.
    pub vault: String,
    /// The VM whose health entry tells its story.
    pub victim: String,
    /// The az lines that made it.
    pub commands: Vec<String>,
    /// The az lines that undo it, the fewest the generator knows.
    pub fix: Vec<String>,
    /// From the symptom to the logged change behind it, then the kind of repair.
    pub hints: Vec<String>,
}

/// An asset that is not ok at the start, as the user first sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symptom {
    pub asset: AssetId,
    pub verdict: Verdict,
    /// The checks that failed (`boots after deallocate/start`).
    pub failed: Vec<String>,
    /// What the report notes (`goes dark in about 60 minutes`).
    pub notes: Vec<String>,
}

impl fmt::Display for Symptom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:<8} {}", self.verdict.name(), self.asset)?;
        let said: Vec<String> = self
            .failed
            .iter()
            .map(|c| format!("✗ {c}"))
            .chain(self.notes.iter().cloned())
            .collect();
        if !said.is_empty() {
            write!(f, "  ({})", said.join(", "))?;
        }
        Ok(())
    }
}

/// A "fix it" puzzle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub seed: u64,
    pub level: Level,
    /// The estate, as the az lines that built it (shell variables included).
    pub estate: Vec<String>,
    /// The faults, in the order they were made.
    pub faults: Vec<Fault>,
    /// What is not ok once the faults are made.
    pub symptoms: Vec<Symptom>,
    /// The story and the symptoms, for the user.
    pub briefing: String,
}

/// How a world scores against a challenge.
#[derive(Debug, Clone, PartialEq)]
pub struct Grade {
    /// Every asset of the health report is ok.
    pub solved: bool,
    /// The assets that are not, with their verdict.
    pub remaining: Vec<(AssetId, Verdict)>,
    /// The report graded.
    pub report: HealthReport,
}

impl Challenge {
    /// The puzzle of `seed` at `level`.
    pub fn generate(seed: u64, level: Level) -> Result<Challenge, ChallengeError> {
        let mut rng = SimRng::from_seed(seed ^ STREAM);
        let mut runner = Runner::new(seed);
        let estate = estate::build(&mut rng, &mut runner, level.vaults(), level.vms_per_vault())?;
        // Each vault takes one fault; at hard the first in the shuffled order takes two, one
        // at its door and one at its key (`Layer`), made in that order. Easy and medium draw
        // exactly as they did before hard shared a vault.
        let mut order: Vec<usize> = (0..estate.vaults.len()).collect();
        shuffle(&mut rng, &mut order);
        let doubled = level.faults().saturating_sub(estate.vaults.len());
        let mut plan: Vec<(usize, Option<Layer>)> = Vec::new();
        for (n, &i) in order.iter().enumerate() {
            if n < doubled {
                plan.push((i, Some(Layer::Access)));
                plan.push((i, Some(Layer::Key)));
            } else if plan.len() < level.faults() {
                plan.push((i, None));
            }
        }
        let mut faults = Vec::new();
        for (i, layer) in plan {
            let v = &estate.vaults[i];
            let fits: Vec<FaultKind> = FaultKind::ALL
                .iter()
                .copied()
                .filter(|k| k.fits(v) && layer.is_none_or(|l| k.layer() == Some(l)))
                .collect();
            let kind = *pick(&mut rng, &fits);
            let (commands, fix) = kind.script(v, &estate.group);
            for c in &commands {
                run(&mut runner, c)?;
            }
            faults.push(Fault {
                kind,
                vault: v.name.clone(),
                victim: kind.victim(v),
                commands,
                fix,
                hints: Vec::new(),
            });
        }
        let report = runner.world().health();
        set_hints(&runner, &report, &mut faults)?;
        let symptoms: Vec<Symptom> = not_ok(&report)
            .map(|a| Symptom {
                asset: a.asset.clone(),
                verdict: a.verdict,
                failed: a
                    .checks
                    .iter()
                    .filter(|(_, ok)| !ok)
                    .map(|(c, _)| c.clone())
                    .collect(),
                notes: a.notes.clone(),
            })
            .collect();
        if symptoms.is_empty() {
            return Err(ChallengeError("the faults broke nothing".to_owned()));
        }
        let mut c = Challenge {
            seed,
            level,
            estate: estate.lines.clone(),
            faults,
            symptoms,
            briefing: String::new(),
        };
        c.briefing = briefing(&c, &estate);
        Ok(c)
    }

    /// Every line that builds the puzzle's world: the estate, then the faults.
    pub fn setup(&self) -> Vec<&str> {
        let faults = self.faults.iter().flat_map(|f| &f.commands);
        self.estate
            .iter()
            .chain(faults)
            .map(String::as_str)
            .collect()
    }

    /// The estate as a script to read: what the user is told was built.
    pub fn estate_script(&self) -> String {
        let mut s = format!(
            "# Challenge {} ({}): the estate as it was built\n",
            self.seed, self.level
        );
        for line in &self.estate {
            s.push_str(line);
            s.push('\n');
        }
        s
    }

    /// The world the user starts from: the setup run on a fresh world of the puzzle's seed.
    pub fn runner(&self) -> Result<Runner, ChallengeError> {
        let mut runner = Runner::new(self.seed);
        for line in self.setup() {
            run(&mut runner, line)?;
        }
        Ok(runner)
    }

    /// The generator's own fix, fault by fault.
    pub fn fix(&self) -> Vec<&str> {
        self.faults
            .iter()
            .flat_map(|f| &f.fix)
            .map(String::as_str)
            .collect()
    }

    /// The fewest commands the generator knows that solve the puzzle.
    pub fn par(&self) -> usize {
        self.faults.iter().map(|f| f.fix.len()).sum()
    }

    /// Every hint, in the order they are revealed: fault by fault, each from its symptom to
    /// the logged change behind it.
    pub fn hints(&self) -> Vec<&str> {
        self.faults
            .iter()
            .flat_map(|f| &f.hints)
            .map(String::as_str)
            .collect()
    }

    /// The `n`th hint (from 0), if there is one.
    pub fn hint(&self, n: usize) -> Option<&str> {
        self.hints().get(n).copied()
    }

    /// Grades a world: solved when the health report says every asset is ok.
    pub fn grade(world: &World) -> Grade {
        Self::graded(world.health())
    }

    /// Grades a health report already made of the world (the app has one for every step).
    pub fn graded(report: HealthReport) -> Grade {
        let remaining: Vec<(AssetId, Verdict)> = not_ok(&report)
            .map(|a| (a.asset.clone(), a.verdict))
            .collect();
        Grade {
            solved: remaining.is_empty(),
            remaining,
            report,
        }
    }
}

/// The assets of a report that are not ok: what a puzzle starts with and what grading counts.
fn not_ok(report: &HealthReport) -> impl Iterator<Item = &AssetHealth> {
    report.assets.iter().filter(|a| a.verdict != Verdict::Ok)
}

/// Every fault's hints. A fault behind another on the same vault (its key behind a closed
/// door) is not in the report until the one before it is fixed: its hints are read from the
/// report of that world, the user's next view, and say so.
fn set_hints(
    runner: &Runner,
    start: &HealthReport,
    faults: &mut [Fault],
) -> Result<(), ChallengeError> {
    for n in 0..faults.len() {
        let before: Vec<usize> = (0..n)
            .filter(|&m| faults[m].vault == faults[n].vault)
            .collect();
        faults[n].hints = if before.is_empty() {
            hints(start, &faults[n], false)
        } else {
            let mut peeled = runner.clone();
            for &m in &before {
                for line in &faults[m].fix {
                    run(&mut peeled, line)?;
                }
            }
            hints(&peeled.world().health(), &faults[n], true)
        };
    }
    Ok(())
}

/// A fault's hints: its victim's verdict and failed checks, the call that fails, the logged
/// change behind it (the explainer's chain), then the kind of repair.
fn hints(report: &HealthReport, f: &Fault, behind: bool) -> Vec<String> {
    let mut out = Vec::new();
    let id = AssetId::Vm(f.victim.clone());
    if let Some(a) = report.get(&id) {
        let failed: Vec<&str> = a
            .checks
            .iter()
            .filter(|(_, ok)| !ok)
            .map(|(c, _)| c.as_str())
            .collect();
        let when = if behind {
            format!(" once the change before this one on {} is undone", f.vault)
        } else {
            String::new()
        };
        out.push(format!(
            "Look at {id}{when}: {}, it fails \"{}\".",
            a.verdict.name(),
            failed.join("\", \"")
        ));
        if let Some(c) = a.causes.first() {
            out.push(format!("The call that fails: {}.", c.call));
            if let Some(audit) = &c.audit {
                out.push(format!("The logged change behind it: {audit}."));
            }
        }
    }
    out.push(f.kind.advice().to_owned());
    out
}

fn briefing(c: &Challenge, e: &estate::Estate) -> String {
    let vms: Vec<&str> = e
        .vaults
        .iter()
        .flat_map(|v| &v.vms)
        .map(String::as_str)
        .collect();
    let vaults: Vec<String> = e
        .vaults
        .iter()
        .map(|v| {
            let uses = match v.uses {
                estate::Use::Ade => format!("ADE with the KEK {}", v.key),
                estate::Use::Cmk => format!(
                    "customer-managed key {} through {}",
                    v.key,
                    v.des.as_deref().unwrap_or_default()
                ),
            };
            let model = if v.rbac {
                "Azure RBAC"
            } else {
                "access policies"
            };
            format!("{} ({uses}; {model}) for {}", v.name, v.vms.join(", "))
        })
        .collect();
    let mut s = format!(
        "Challenge {} ({}, par {})\n\nYou look after the {} estate in {}, resource group {}: {} VMs ({}), their disk keys in {} vaults:\n",
        c.seed,
        c.level,
        c.par(),
        e.org,
        e.region,
        e.group,
        vms.len(),
        vms.join(", "),
        if e.vaults.len() == 2 { "two" } else { "three" },
    );
    for v in &vaults {
        s.push_str(&format!("  {v}\n"));
    }
    s.push_str(&format!(
        "Every VM is backed up to {} and has a recovery point.\n\nSince then, someone made {} change{}. The health report now says:\n",
        e.rsv,
        c.faults.len(),
        if c.faults.len() == 1 { "" } else { "s" }
    ));
    for sy in &c.symptoms {
        s.push_str(&format!("  {sy}\n"));
    }
    s.push_str(&format!(
        "\nMake every check ok again, with az commands. Par: {} command{}.\n",
        c.par(),
        if c.par() == 1 { "" } else { "s" }
    ));
    s
}
