//! View models: what the panels show, computed from the world and the session rather than
//! stored in them. The calls of a step labelled for the stage, the goal checker, a destructive
//! command's preview, notices, completion names.

use std::rc::Rc;

use keyfall_core::{
    AssetId, CallResult, Command, Event, Goal, HealthDiff, HealthReport, ObjectKind, Record,
    Verdict, World,
};

use crate::session::StepDef;
use crate::shared::{Selection, WorldRef};

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

/// One call of the current step, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct CallView {
    pub caller: String,
    pub callee: String,
    pub operation: String,
    /// `kek/@2`, `vm1-os`, `f6d57ac4…/@1`.
    pub target: String,
    pub allowed: bool,
    pub status: u16,
    /// Azure's code for a failure (`Forbidden` for a denial).
    pub code: Option<String>,
    /// What the caller lacked, for a denial.
    pub missing: Option<String>,
    /// Which command of the step caused it (index into the step's records).
    pub command: usize,
}

/// What the goal checker says.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalStatus {
    pub goal: Goal,
    /// Each condition with the verdict it has now (None: no such asset).
    pub conditions: Vec<(AssetId, Verdict, Option<Verdict>)>,
    pub met: bool,
    /// Commands the user ran since the goal was set.
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

/// The goal of the last goal step before the cursor, checked against `health`.
pub fn goal_status(
    steps: &[Rc<StepDef>],
    cursor: usize,
    health: &HealthReport,
) -> Option<GoalStatus> {
    let steps = &steps[..cursor.min(steps.len())];
    let at = steps.iter().rposition(|s| s.goal.is_some())?;
    let goal = steps[at].goal.clone()?;
    let used = steps[at + 1..]
        .iter()
        .map(|s| s.commands.len() as u32)
        .sum();
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

/// Names of the things that exist, for console completion.
pub fn completion_names(w: &World) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    names.extend(w.principals().map(|p| p.name.clone()));
    for v in w.vaults() {
        names.push(v.name.clone());
        names.push(v.resource_group.clone());
        names.push(v.location.clone());
        names.extend(v.keys.keys().cloned());
        names.extend(v.secrets.keys().cloned());
    }
    for vm in w.vms() {
        names.push(vm.name.clone());
        names.push(vm.resource_group.clone());
    }
    for r in w.recovery_vaults() {
        names.push(r.name.clone());
        for (item, pi) in &r.items {
            names.push(item.clone());
            names.extend(pi.points.iter().map(|p| p.name.clone()));
        }
    }
    names.extend(w.disk_encryption_sets().map(|d| d.name.clone()));
    names.extend(
        [
            "rg",
            "westeurope",
            "northeurope",
            "eastus",
            "westus",
            "uksouth",
        ]
        .map(String::from),
    );
    names.sort();
    names.dedup();
    names
}

/// The calls of `records`, labelled for the stage. Versions are shown as `@N`, their place in the
/// object's version order, when the world still knows the object; else as 8 hex characters.
pub fn calls_of(records: &[Record], world: &WorldRef) -> Vec<CallView> {
    let mut out = Vec::new();
    for (i, r) in records.iter().enumerate() {
        for e in &r.events {
            let Event::Call(c) = e else {
                continue;
            };
            out.push(CallView {
                caller: c.caller.clone(),
                callee: c.callee.clone(),
                operation: c.operation.clone(),
                target: target_label(world, &c.callee, &c.object, c.version.as_deref()),
                allowed: c.result == CallResult::Allow,
                status: c.status,
                code: c.result.code().map(|code| code.label()),
                missing: c.result.denied().map(|d| d.missing.to_string()),
                command: i,
            });
        }
    }
    out
}

/// `kek/@2` when the version's place is known, `kek/1a2b3c4d` otherwise; long generated names
/// (ADE's GUID secret names) are cut to 8 characters.
pub fn target_label(world: &WorldRef, vault: &str, object: &str, version: Option<&str>) -> String {
    let name = short(object);
    let Some(v) = version else {
        return name;
    };
    let place = world.world.vault(vault).and_then(|vault| {
        let keys = vault
            .keys
            .get(object)
            .and_then(|k| k.versions.iter().position(|kv| kv.id == v));
        let secrets = || {
            vault
                .secrets
                .get(object)
                .and_then(|s| s.versions.iter().position(|sv| sv.id == v))
        };
        keys.or_else(secrets)
    });
    match place {
        Some(p) => format!("{name}/@{}", p + 1),
        None => format!("{name}/{}", v.chars().take(8).collect::<String>()),
    }
}

/// A name short enough for a label: GUID-like names keep their first 8 characters.
pub fn short(name: &str) -> String {
    if name.chars().count() > 20 {
        let head: String = name.chars().take(8).collect();
        format!("{head}…")
    } else {
        name.to_owned()
    }
}

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
        AssetId::RecoveryPoint { item, rp, .. } => format!("{rp} of {item}"),
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
