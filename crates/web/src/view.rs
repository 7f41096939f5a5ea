//! View models: what the panels show, computed from the world and the session rather than
//! stored in them. The calls of a step labelled for the stage, the goal checker, a destructive
//! command's preview, notices, completion names.

use std::rc::Rc;

use keyfall_core::{
    AssetHealth, AssetId, Cause, Command, Goal, HealthDiff, HealthReport, ObjectKind, Record,
    Verdict, World,
};

use crate::session::StepDef;
use crate::shared::Selection;

// The stage's view model lives with the drawing, in keyfall-stage; the panels read it from here.
pub use keyfall_stage::view::*;

/// What the panels show beside the world. Shared between states (an `Rc` in
/// [`crate::state::State`]), so a message tick does not copy it.
#[derive(Debug, Clone, Default)]
pub struct Ui {
    pub goal: Option<GoalStatus>,
    pub hint: bool,
    pub pending: Option<Pending>,
    /// The branch compared with the active one and its health at its end.
    pub compare: Option<(usize, Rc<HealthReport>)>,
    pub selected: Option<Selection>,
    pub notice: Option<Notice>,
}

/// What the goal checker says.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalStatus {
    pub goal: Goal,
    /// Each condition with the verdict it has now (None: no such asset).
    pub conditions: Vec<(AssetId, Verdict, Option<Verdict>)>,
    pub met: bool,
    /// Commands the user ran since the goal was set that changed the world (reads, failures
    /// and `sim expect` are free, as in challenges: `Record::changed_world`).
    pub used: u32,
}

/// A destructive command waiting for the user to confirm, with what it would break.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub text: String,
    pub command: Command,
    pub diff: HealthDiff,
}

/// A message for the user about a link, a file or the saved session; dismissible.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
}

impl Notice {
    pub fn error(text: impl Into<String>) -> Notice {
        Notice {
            error: true,
            text: text.into(),
        }
    }
    pub fn info(text: impl Into<String>) -> Notice {
        Notice {
            error: false,
            text: text.into(),
        }
    }
}

/// The goal of the last goal step before the cursor, checked against `health`; `records` are
/// those of the steps before the cursor, in order.
pub fn goal_status(
    steps: &[Rc<StepDef>],
    records: &[Rc<Vec<Record>>],
    cursor: usize,
    health: &HealthReport,
) -> Option<GoalStatus> {
    let steps = &steps[..cursor.min(steps.len())];
    let at = steps.iter().rposition(|s| s.goal.is_some())?;
    let goal = steps[at].goal.clone()?;
    let used = records
        .iter()
        .skip(at + 1)
        .flat_map(|r| r.iter())
        .filter(|r| r.changed_world())
        .count() as u32;
    let conditions: Vec<_> = goal
        .conditions
        .iter()
        .map(|(asset, want)| {
            let now = health.get(asset).map(|a| a.verdict);
            (asset.clone(), *want, now)
        })
        .collect();
    let met = conditions.iter().all(|(_, want, now)| *now == Some(*want));
    Some(GoalStatus {
        goal,
        conditions,
        met,
        used,
    })
}

/// Names of the things that exist, for console completion: the core's, which the scenario
/// editor's completion uses too.
pub use keyfall_core::editor::completion_names;

/// How many chips the timeline strip renders at most. A long session (a thousand typed
/// commands) would otherwise put thousands of elements in the strip, and every step would lay
/// them all out again; the steps outside the window stay reachable through the strip's "earlier"
/// and "later" buttons, the scrub range and the step keys. Every lesson fits in one window.
pub const TIMELINE_WINDOW: usize = 40;
/// Of the window, the chips before the current step when the strip follows the cursor.
pub const TIMELINE_BEFORE: usize = 10;

/// The steps (indexes into the branch's `len` steps) the timeline strip shows as chips: around
/// the current step (`cursor` steps applied, so step index `cursor - 1`), or from index `from`
/// when the user paged the strip. Always `TIMELINE_WINDOW` steps when there are that many, so a
/// window near either end shows more of the other side.
pub fn timeline_window(len: usize, cursor: usize, from: Option<usize>) -> std::ops::Range<usize> {
    let first = from.unwrap_or_else(|| cursor.saturating_sub(1 + TIMELINE_BEFORE));
    let last = len.min(first + TIMELINE_WINDOW);
    last.saturating_sub(TIMELINE_WINDOW).min(first)..last
}

/// An asset of the health report as people name it, and its id for the tooltip: a BEK secret is
/// "BEK of vm1" (its `MachineName` tag, R3), a recovery point "rp-1 of vm1", the rest their
/// names.
pub fn asset_name(world: &World, asset: &AssetId) -> String {
    match asset {
        AssetId::Object {
            kind: ObjectKind::Secret,
            vault,
            name,
        } => {
            let machine = world
                .vault(vault)
                .and_then(|v| v.secrets.get(name))
                .and_then(|s| s.versions.last())
                .and_then(|v| v.tags.get("MachineName"));
            match machine {
                Some(vm) => format!("BEK of {vm}"),
                None => format!("{vault}/{}", short(name)),
            }
        }
        AssetId::RecoveryPoint(p) => format!("{} of {}", p.rp, p.item),
        other => other.path(),
    }
}

/// What "What breaks" says when the report has nothing to judge. With vaults on stage it says
/// what is there and why nothing depends on it yet, rather than that there is nothing.
pub fn health_empty_text(world: &World) -> String {
    let vaults: Vec<String> = world
        .vaults()
        .map(|v| {
            let n = |count: usize, one: &str| match count {
                0 => format!("no {one}s"),
                1 => format!("1 {one}"),
                c => format!("{c} {one}s"),
            };
            format!(
                "{} holds {} and {}",
                v.name,
                n(v.keys.len(), "key"),
                n(v.secrets.len(), "secret")
            )
        })
        .collect();
    if vaults.is_empty() {
        return "Nothing to check yet: create a VM, a vault or a backup and its health shows here."
            .to_owned();
    }
    format!(
        "✓ Nothing can break yet. {}; no VM, recovery point or secret depends on a vault so far.",
        vaults.join("; ")
    )
}

/// What a failed check means, said of the asset `name`.
fn effect(name: &str, check: &str) -> String {
    match check {
        "runs now" => format!("{name} is down"),
        "boots after deallocate/start" => format!("{name} will not boot"),
        "data readable" => format!("{name}'s data is unreadable"),
        "restorable as is" => format!("{name} will not restore"),
        "accessible now" => format!("{name} cannot be read"),
        other => format!("{name}: not {other}"),
    }
}

/// A logged operation as a verb: `KeyDelete` is "deleted".
fn verb(operation: &str) -> &'static str {
    match operation {
        "KeyDelete" | "SecretDelete" | "VaultDelete" => "deleted",
        "KeyPurge" | "SecretPurge" => "purged",
        "KeyUpdate" | "SecretUpdate" => "changed",
        "VaultPut" => "changed access to",
        o if o.ends_with("roleAssignments/delete") => "removed a role on",
        _ => "changed",
    }
}

/// An object as a chain names it: a key `kek@1`, a BEK "BEK · vm1", else its short name.
fn object_label(world: &World, vault: &str, object: &str, version: Option<&str>) -> String {
    if let Some(b) = bek_of(world, vault, object) {
        return format!("BEK · {}", b.vm);
    }
    let is_key = world
        .vault(vault)
        .is_some_and(|v| v.keys.get(object).is_some());
    match version {
        Some(v) if is_key => key_stamp(world, vault, object, v),
        _ => short(object),
    }
}

/// The cause of `a`'s verdict as a short chain, effect first: "vm1 will not boot",
/// "unwrapKey kek@1 → 404 KeyNotFound", "admin deleted kek at step 6". Built from the report's
/// typed failed call and blamed change; `step_of` names the step that wrote an audit entry.
pub fn cause_chain(
    world: &World,
    a: &AssetHealth,
    c: &Cause,
    step_of: &dyn Fn(u64) -> Option<usize>,
) -> Vec<String> {
    let name = asset_name(world, &a.asset);
    // The check that tells the story: a VM that will not boot says so, rather than that it is
    // down; else the first that failed.
    let failed = |(what, ok): &&(String, bool)| !ok && what.starts_with("boots");
    let check = a
        .checks
        .iter()
        .find(failed)
        .or_else(|| a.checks.iter().find(|(_, ok)| !ok));
    let mut out = vec![match check {
        Some((check, _)) => effect(&name, check),
        None => format!("{name} is {}", a.verdict.name()),
    }];
    match &c.failed {
        Some(f) => {
            let target = object_label(world, &f.vault, &f.object, f.version.as_deref());
            let code = f.code.map(|c| c.label()).unwrap_or_default();
            let status = match f.status {
                0 => code,
                s => format!("{s} {code}"),
            };
            out.push(format!("{} {target} → {}", f.operation, status.trim_end()));
        }
        None => out.push(c.call.clone()),
    }
    match &c.blamed {
        Some(b) => {
            let who = b.caller.split('@').next().unwrap_or(&b.caller);
            // `keys/kek` or `keys/kek/<version>`; a vault is named alone.
            let what = b.object.split('/').nth(1).unwrap_or(&b.object);
            let what = match b.object.split('/').next() {
                Some("secrets" | "deletedsecrets") => bek_of_any(world, what),
                _ => short(what),
            };
            let when = match b.audit_id.and_then(step_of) {
                Some(step) => format!(" at step {step}"),
                None if b.audit_id.is_none() => " (Activity log)".to_owned(),
                None => String::new(),
            };
            out.push(format!("{who} {} {what}{when}", verb(&b.operation)));
        }
        None => {
            if let Some(audit) = &c.audit {
                out.push(audit.clone());
            }
        }
    }
    out
}

/// "BEK · vm1" for a BEK secret of any vault, else the secret's short name.
fn bek_of_any(world: &World, secret: &str) -> String {
    world
        .vaults()
        .find_map(|v| bek_of(world, &v.name, secret))
        .map_or_else(|| short(secret), |b| format!("BEK · {}", b.vm))
}
