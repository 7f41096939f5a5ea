//! View models: what the panels show, computed from the world and the session rather than
//! stored in them. The calls of a step labelled for the stage, the goal checker, a destructive
//! command's preview, notices, completion names.

use std::rc::Rc;

use keyfall_core::{
    AssetHealth, AssetId, CallResult, Cause, Command, Event, Goal, HealthDiff, HealthReport,
    ObjectKind, Record, Verdict, World,
};

use crate::layout::{Anchor, Kind, Layout, shelf_row_y, tie_path};
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
    // A BEK secret by its VM's name, as the shelf shows it; the GUID is in the inspector.
    let name = match bek_of(&world.world, vault, object) {
        Some(b) => format!("BEK·{}", b.vm),
        None => short(object),
    };
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

/// A BEK secret as the vault's shelf draws it: the VM it belongs to (its `MachineName` tag, R3)
/// and the KEK version that sealed it (its `DiskEncryptionKeyEncryptionKeyURL` tag), read from
/// the secret's newest version.
#[derive(Debug, Clone, PartialEq)]
pub struct BekView {
    pub vm: String,
    /// `kek@1`: the KEK and the place of the version that wrapped it; `None` for a BEK stored
    /// unwrapped.
    pub stamp: Option<String>,
    /// The KEK version can no longer unwrap it (deleted, disabled, expired, purged, or its
    /// vault gone): the envelope gets a red padlock.
    pub sealed_for_good: bool,
}

/// Whether the key version `version` of `vault/key` can be used now.
pub fn key_usable(world: &World, vault: &str, key: &str, version: &str) -> bool {
    let now = world.now();
    world
        .vault(vault)
        .filter(|v| v.deleted.is_none())
        .and_then(|v| v.keys.get(key))
        .filter(|k| k.deleted.is_none())
        .and_then(|k| k.versions.iter().find(|kv| kv.id == version))
        .is_some_and(|kv| kv.attributes.enabled && kv.attributes.exp.is_none_or(|e| e > now))
}

/// Whether the secret version `version` of `vault/secret` can be read now.
pub fn secret_usable(world: &World, vault: &str, secret: &str, version: &str) -> bool {
    world
        .vault(vault)
        .filter(|v| v.deleted.is_none())
        .and_then(|v| v.secrets.get(secret))
        .filter(|s| s.deleted.is_none())
        .and_then(|s| s.versions.iter().find(|sv| sv.id == version))
        .is_some_and(|sv| sv.attributes.enabled)
}

/// `kek@1` for a key version (its place among the key's versions), or `kek@1a2b3c4d` when the
/// world no longer knows the key.
pub fn key_stamp(world: &World, vault: &str, key: &str, version: &str) -> String {
    let place = world
        .vault(vault)
        .and_then(|v| v.keys.get(key))
        .and_then(|k| k.versions.iter().position(|kv| kv.id == version));
    match place {
        Some(p) => format!("{}@{}", short(key), p + 1),
        None => format!(
            "{}@{}",
            short(key),
            version.chars().take(8).collect::<String>()
        ),
    }
}

/// The BEK that `vault/secret` holds, if it is one: its newest version carries ADE's tags.
pub fn bek_of(world: &World, vault: &str, secret: &str) -> Option<BekView> {
    let latest = world.vault(vault)?.secrets.get(secret)?.versions.last()?;
    let vm = latest.tags.get("MachineName")?.clone();
    let kek = latest
        .tags
        .get("DiskEncryptionKeyEncryptionKeyURL")
        .and_then(|url| parse_key_url(url));
    Some(BekView {
        vm,
        stamp: kek.map(|(v, k, ver)| key_stamp(world, v, k, ver)),
        sealed_for_good: kek.is_some_and(|(v, k, ver)| !key_usable(world, v, k, ver)),
    })
}

/// `(vault, key, version)` of `https://kv.vault.azure.net/keys/kek/<version>`.
pub fn parse_key_url(url: &str) -> Option<(&str, &str, &str)> {
    let rest = url.strip_prefix("https://")?;
    let (vault, path) = rest.split_once(".vault.azure.net/keys/")?;
    let (key, version) = path.split_once('/')?;
    Some((vault, key, version.trim_end_matches('/')))
}

/// One end of a drawn relationship.
#[derive(Debug, Clone, PartialEq)]
pub enum End {
    /// An actor's box: a VM (its OS disk) or a Disk Encryption Set.
    Actor(String),
    /// A row on a vault's shelf.
    Row {
        vault: String,
        kind: ObjectKind,
        name: String,
    },
}

/// A relationship the stage keeps drawn: a disk to its BEK secret, a BEK to the KEK version
/// that wrapped it, a Disk Encryption Set to its key version.
#[derive(Debug, Clone, PartialEq)]
pub struct Tie {
    /// `bek`, `kek` or `cmk`.
    pub kind: &'static str,
    pub from: End,
    pub to: End,
    /// The far end can no longer serve it: the stage draws it red and dashed.
    pub broken: bool,
    /// What it is, in words, for the tooltip.
    pub title: String,
}

/// Every relationship of `world` the stage draws, from the VMs' ADE settings and the Disk
/// Encryption Sets, broken as soon as a delete or disable makes its far end unusable (before any
/// deallocate shows it).
pub fn ties_of(world: &World) -> Vec<Tie> {
    let mut out = Vec::new();
    for vm in world.vms() {
        let Some(ade) = &vm.ade else { continue };
        let bek_ok = secret_usable(world, &ade.vault, &ade.secret_name, &ade.secret_version);
        let bek_row = End::Row {
            vault: ade.vault.clone(),
            kind: ObjectKind::Secret,
            name: ade.secret_name.clone(),
        };
        out.push(Tie {
            kind: "bek",
            from: End::Actor(vm.name.clone()),
            to: bek_row.clone(),
            broken: !bek_ok,
            title: format!(
                "{}'s OS disk → its BEK in {}{}",
                vm.name,
                ade.vault,
                if bek_ok { "" } else { ": gone or disabled" }
            ),
        });
        if let Some(k) = &ade.kek {
            let ok = key_usable(world, &k.vault, &k.name, &k.version);
            out.push(Tie {
                kind: "kek",
                from: bek_row,
                to: End::Row {
                    vault: k.vault.clone(),
                    kind: ObjectKind::Key,
                    name: k.name.clone(),
                },
                broken: !ok,
                title: format!(
                    "BEK · {} sealed with {}{}",
                    vm.name,
                    key_stamp(world, &k.vault, &k.name, &k.version),
                    if ok {
                        ""
                    } else {
                        ": that KEK version cannot unwrap it now"
                    }
                ),
            });
        }
    }
    for d in world.disk_encryption_sets() {
        let ok = key_usable(world, &d.vault, &d.key, &d.key_version);
        out.push(Tie {
            kind: "cmk",
            from: End::Actor(d.name.clone()),
            to: End::Row {
                vault: d.vault.clone(),
                kind: ObjectKind::Key,
                name: d.key.clone(),
            },
            broken: !ok,
            title: format!(
                "{} uses {}{}",
                d.name,
                key_stamp(world, &d.vault, &d.key, &d.key_version),
                if ok { "" } else { ": unusable now" }
            ),
        });
    }
    out
}

/// The ties of `world` placed on `lay`: each with its SVG path, for the actors the layout holds
/// now (a tie to an actor not drawn is left out).
pub fn placed_ties(world: &World, lay: &Layout) -> Vec<(Tie, String)> {
    let end = |e: &End| -> Option<Anchor<'_>> {
        match e {
            End::Actor(name) => {
                // A VM or a DES, never a caller of the same name (a DES's identity is named
                // after it).
                let at = lay
                    .actors
                    .iter()
                    .find(|a| &a.name == name && matches!(a.kind, Kind::Vm | Kind::Des))?;
                let y = match at.kind {
                    // The OS disk's row (vm_actor draws it at 92, 36 high).
                    Kind::Vm => at.y + 110.0,
                    _ => at.y + at.h / 2.0,
                };
                Some(Anchor { at, y })
            }
            End::Row { vault, kind, name } => {
                let at = lay.actors.iter().find(|a| &a.name == vault)?;
                let v = world.vault(vault)?;
                let index = match kind {
                    ObjectKind::Key => v.keys.values().position(|k| &k.name == name),
                    ObjectKind::Secret => v.secrets.values().position(|s| &s.name == name),
                };
                let y = at.y + shelf_row_y(at.key_rows, v.keys.len(), *kind, index);
                Some(Anchor { at, y })
            }
        }
    };
    ties_of(world)
        .into_iter()
        .filter_map(|t| {
            let d = tie_path(end(&t.from)?, end(&t.to)?);
            Some((t, d))
        })
        .collect()
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
