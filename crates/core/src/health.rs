//! What works, what is at risk, what is broken (DESIGN.md "Health").
//!
//! Nothing here is a rule table: every verdict comes from running the real operations on a
//! clone of the world (deallocate + start, restore-vm, advancing the clock) and reading the calls
//! that failed. Fixes are suggested only after they were tried on a clone and made the check pass.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::audit::AuditEntry;
use crate::command::{
    Command, Date, KeyPerm, PrincipalRef, Role, SecretPerm, SimDuration, VersionRef,
};
use crate::error::{Denied, ErrorCode, SimError};
use crate::event::{CallResult, Event};
use crate::world::tracked::{DepNames, Probe};
use crate::world::{ADMIN, ObjectKind, PowerState, VOp, World};

/// How an asset is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Works now and after the next deallocate/start.
    Ok,
    /// Works now; fails at the next deallocate/start or when a deadline passes.
    AtRisk,
    /// Fails now; the named commands recover it.
    Broken,
    /// Fails now and no command sequence Keyfall found recovers it.
    Lost,
}

impl Verdict {
    /// The verdict as reports, goals and the web app's `data-verdict` spell it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::AtRisk => "at-risk",
            Verdict::Broken => "broken",
            Verdict::Lost => "lost",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One link of a causal chain: the failing call and the audit entry behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cause {
    /// `unwrapKey kek/3f2a1b0c as platform-ade -> 404 KeyNotFound`.
    pub call: String,
    /// `#17 2026-01-03 admin@contoso.com KeyDelete keys/kek`, when an audited change explains it.
    pub audit: Option<String>,
}

/// The health of one asset.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssetHealth {
    /// `vm:vm1`, `rp:rsv/vm1/rp-1`, `secret:kv/app-db-password`, `disk:vm1-os`.
    pub asset: String,
    /// The verdict.
    pub verdict: Verdict,
    /// What was tried and whether it worked (`boots after deallocate/start`).
    pub checks: Vec<(String, bool)>,
    /// Notes (who can read a secret, when a disk goes dark).
    pub notes: Vec<String>,
    /// Why it is not OK.
    pub causes: Vec<Cause>,
    /// Commands that, tried on a clone, made it work again.
    pub fixes: Vec<Command>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthReport {
    /// One entry per VM, recovery point, secret and CMK disk, in asset-id order within each kind.
    pub assets: Vec<AssetHealth>,
}

impl HealthReport {
    /// The entry for an asset id.
    pub fn get(&self, asset: &str) -> Option<&AssetHealth> {
        self.assets.iter().find(|a| a.asset == asset)
    }
}

/// A verdict that a command would change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerdictChange {
    /// Asset id.
    pub asset: String,
    /// Before (None: did not exist).
    pub before: Option<Verdict>,
    /// After (None: gone).
    pub after: Option<Verdict>,
}

/// What a command would do to the health report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthDiff {
    /// Assets whose verdict changes.
    pub changes: Vec<VerdictChange>,
    /// The command's own result on the clone.
    pub result: Result<String, String>,
}

/// A failed call seen on a clone.
#[derive(Debug, Clone)]
struct Failure {
    vault: String,
    object: String,
    /// Key or secret, from the call's own audit entry; `None` for a call on the vault itself or
    /// one that reached no live vault (and so wrote no audit entry).
    kind: Option<ObjectKind>,
    version: Option<String>,
    code: Option<ErrorCode>,
    denied: Option<Denied>,
    text: String,
}

type Check<'a> = &'a dyn Fn(&mut World) -> Result<(), SimError>;

/// Runs `check` on a clone; on failure returns the first failed call it made.
fn try_check(w: &World, check: Check<'_>) -> Result<(), Option<Box<Failure>>> {
    let mut c = w.fork();
    match check(&mut c) {
        Ok(()) => Ok(()),
        Err(_) => {
            let fail = std::iter::from_fn(|| c.poll_event()).find_map(|e| match e {
                Event::Call {
                    caller,
                    callee,
                    operation,
                    object,
                    version,
                    result,
                    status,
                    ..
                } => {
                    let (code, denied) = match result {
                        CallResult::Allow => return None,
                        CallResult::Deny(d) => (Some(ErrorCode::Forbidden), Some(d)),
                        CallResult::Fail { code, .. } => (Some(code), None),
                    };
                    let short = version.as_deref().map(|v| &v[..v.len().min(8)]);
                    let target = match short {
                        Some(v) => format!("{object}/{v}"),
                        None => object.clone(),
                    };
                    let code_s = code.map(|c| c.as_str()).unwrap_or("error");
                    Some(Box::new(Failure {
                        text: format!("{operation} {target} as {caller} -> {status} {code_s}"),
                        kind: None,
                        vault: callee,
                        object,
                        version,
                        code,
                        denied,
                    }))
                }
                Event::State { .. } => None,
            });
            Err(fail.map(|mut f| {
                // The call's own audit entry, if its vault was live: every call before it
                // succeeded, so the first failed entry in that vault is its own.
                f.kind = c
                    .audit()
                    .iter()
                    .find(|a| a.vault == f.vault && a.result_signature >= 300)
                    .and_then(|a| AuditObject::of(a).kind);
                f
            }))
        }
    }
}

/// What an audit entry's request URI names inside its vault: a key or secret (by exact name),
/// or the vault itself. Read from the URI's path segments (`/keys/kek/3f2a/unwrapkey`), so
/// `kek-old` is never `kek`, and a secret is never a key of the same name.
#[derive(Debug, PartialEq, Eq)]
struct AuditObject<'a> {
    kind: Option<ObjectKind>,
    name: Option<&'a str>,
}

impl<'a> AuditObject<'a> {
    fn of(a: &'a AuditEntry) -> AuditObject<'a> {
        let path = a
            .request_uri
            .split_once(".vault.azure.net/")
            .map(|(_, rest)| rest.split('?').next().unwrap_or_default())
            .unwrap_or_default();
        let mut segments = path.split('/').filter(|s| !s.is_empty());
        let kind = match segments.next() {
            Some("keys" | "deletedkeys") => Some(ObjectKind::Key),
            Some("secrets" | "deletedsecrets") => Some(ObjectKind::Secret),
            _ => None,
        };
        AuditObject {
            kind,
            name: kind.and(segments.next()),
        }
    }

    /// Whether this names the object a failed call was about. A failure whose kind is unknown
    /// (no audit entry of its own) matches by exact name alone.
    fn is(&self, f: &Failure) -> bool {
        self.name == Some(f.object.as_str()) && f.kind.is_none_or(|k| self.kind == Some(k))
    }
}

/// The audited change most likely behind a failure: the last successful destructive call on the
/// object (or, for a denial, on the vault's permissions).
fn blame(w: &World, f: &Failure) -> Option<String> {
    let object_ops = [
        VOp::KeyDelete,
        VOp::KeyPurge,
        VOp::KeyUpdate,
        VOp::SecretDelete,
        VOp::SecretPurge,
        VOp::SecretUpdate,
    ];
    let perm_ops = [VOp::VaultAccessPolicy, VOp::VaultPatch, VOp::RoleUnassign];
    let is = |a: &AuditEntry, ops: &[VOp]| ops.iter().any(|o| o.audit_name() == a.operation_name);
    w.audit()
        .iter()
        .rev()
        .find(|a| {
            a.vault == f.vault
                && a.result_signature < 300
                && if f.denied.is_some() {
                    is(a, &perm_ops)
                } else {
                    is(a, &[VOp::VaultDelete]) || is(a, &object_ops) && AuditObject::of(a).is(f)
                }
        })
        .map(|a| a.cite())
}

fn far_future() -> Date {
    Date {
        year: 2099,
        month: 1,
        day: 1,
    }
}

/// Commands that might repair one failed call, most conservative first.
fn candidates(w: &World, f: &Failure, rp: Option<(&str, &str, &str)>) -> Vec<Command> {
    let vault = f.vault.clone();
    let name = f.object.clone();
    let mut out = Vec::new();
    let v = w.vault(&vault);
    let is_key = f.kind == Some(ObjectKind::Key);
    match (f.code, &f.denied) {
        (Some(ErrorCode::Forbidden), Some(d)) => {
            if let Some(switch) = d.missing.strip_prefix("enabledFor") {
                let on = Some(true);
                out.push(Command::VaultUpdate {
                    name: vault,
                    enabled_for_disk_encryption: on.filter(|_| switch == "DiskEncryption"),
                    enabled_for_deployment: on.filter(|_| switch == "Deployment"),
                    enabled_for_template_deployment: on.filter(|_| switch == "TemplateDeployment"),
                    enable_purge_protection: None,
                    enable_rbac_authorization: None,
                });
            } else if v.is_some_and(|v| v.rbac) {
                let role = if d.missing.contains("/keys/") {
                    Role::KeyVaultCryptoServiceEncryptionUser
                } else {
                    Role::KeyVaultSecretsUser
                };
                out.push(Command::RoleAssignmentCreate {
                    assignee: d.principal.clone(),
                    role,
                    scope: vault,
                });
            } else if let Some(v) = v {
                let cur = v.policies.iter().find(|p| p.principal == d.principal);
                let mut keys: Vec<KeyPerm> = cur
                    .map(|p| p.keys.iter().copied().collect())
                    .unwrap_or_default();
                let mut secrets: Vec<SecretPerm> = cur
                    .map(|p| p.secrets.iter().copied().collect())
                    .unwrap_or_default();
                let perm = d.missing.rsplit('/').next().unwrap_or_default();
                if d.missing.starts_with("keys/") {
                    if let Some(k) = crate::authz::ALL_KEY_PERMS
                        .iter()
                        .find(|k| crate::authz::key_perm_name(**k) == perm)
                    {
                        keys.push(*k);
                    }
                } else if let Some(s) = crate::authz::ALL_SECRET_PERMS
                    .iter()
                    .find(|s| crate::authz::secret_perm_name(**s) == perm)
                {
                    secrets.push(*s);
                }
                out.push(Command::SetPolicy {
                    vault,
                    principal: PrincipalRef::Spn(d.principal.clone()),
                    key_permissions: Some(keys),
                    secret_permissions: Some(secrets),
                });
            }
        }
        (Some(ErrorCode::KeyNotFound), _) => {
            if v.is_some_and(|v| v.keys.get(&name).is_some_and(|k| k.deleted.is_some())) {
                out.push(Command::KeyRecover { vault, name });
            } else if let Some((rsv, item, rp)) = rp {
                out.push(Command::RestoreKeys {
                    rsv: rsv.into(),
                    item: item.into(),
                    rp: rp.into(),
                    vault,
                });
            }
        }
        (Some(ErrorCode::SecretNotFound), _) => {
            if v.is_some_and(|v| v.secrets.get(&name).is_some_and(|s| s.deleted.is_some())) {
                out.push(Command::SecretRecover { vault, name });
            } else if let Some((rsv, item, rp)) = rp {
                out.push(Command::RestoreKeys {
                    rsv: rsv.into(),
                    item: item.into(),
                    rp: rp.into(),
                    vault,
                });
            }
        }
        (Some(ErrorCode::KeyDisabled | ErrorCode::OperationNotAllowed), _) if is_key => {
            out.push(Command::KeySetAttributes {
                vault,
                name,
                version: f.version.clone().map(VersionRef::Id),
                enabled: Some(true),
                expires: (f.code == Some(ErrorCode::OperationNotAllowed)).then(far_future),
            });
        }
        (Some(ErrorCode::SecretDisabled), _) => out.push(Command::SecretSetAttributes {
            vault,
            name,
            version: f.version.clone().map(VersionRef::Id),
            enabled: Some(true),
            expires: None,
        }),
        (Some(ErrorCode::VaultNotFound), _) if v.is_some_and(|v| v.deleted.is_some()) => {
            out.push(Command::VaultRecover { name: vault });
        }
        _ => {}
    }
    out
}

/// Looks for a sequence of commands that makes `check` pass, trying each on a clone. `first` is
/// what `check` already gave on `w` (it failed, with this call or none): trying it again on a
/// clone would give the same.
fn find_fixes(
    w: &World,
    check: Check<'_>,
    rp: Option<(&str, &str, &str)>,
    first: Option<Box<Failure>>,
) -> Option<Vec<Command>> {
    let mut cur = w.fork();
    let mut fixes = Vec::new();
    let mut known = Some(first);
    for _ in 0..5 {
        let outcome = match known.take() {
            Some(first) => Err(first),
            None => try_check(&cur, check),
        };
        let fail = match outcome {
            Ok(()) => return Some(fixes),
            Err(f) => f?,
        };
        let mut progressed = false;
        for c in candidates(&cur, &fail, rp) {
            let mut t = cur.fork();
            if t.apply(&c).is_ok() {
                cur = t;
                fixes.push(c);
                progressed = true;
                break;
            }
        }
        if !progressed {
            return None;
        }
    }
    None
}

fn cause(w: &World, f: Option<Box<Failure>>) -> Vec<Cause> {
    f.map(|f| {
        vec![Cause {
            audit: blame(w, &f),
            call: f.text,
        }]
    })
    .unwrap_or_default()
}

fn vm_cycle(name: String) -> impl Fn(&mut World) -> Result<(), SimError> {
    move |w: &mut World| {
        let rg = "rg".to_owned();
        w.apply(&Command::VmDeallocate {
            vm: name.clone(),
            resource_group: rg.clone(),
        })?;
        w.apply(&Command::VmStart {
            vm: name.clone(),
            resource_group: rg,
        })?;
        Ok(())
    }
}

impl World {
    /// The health report: every VM, recovery point, secret and CMK disk, tried for real on
    /// clones of this world.
    pub fn health(&self) -> HealthReport {
        let mut access: Option<(String, Vec<String>)> = None;
        let assets = self
            .asset_refs()
            .iter()
            .map(|a| match a {
                AssetRef::Secret(vault, name) => {
                    if access.as_ref().is_none_or(|(v, _)| v != vault) {
                        let readers = self
                            .effective_access(vault)
                            .iter()
                            .filter(|a| a.capability == "secrets/get")
                            .map(|a| format!("{} via {}", a.principal, a.via))
                            .collect();
                        access = Some((vault.clone(), readers));
                    }
                    let readers = access.as_ref().map(|(_, r)| r.clone()).unwrap_or_default();
                    self.secret_health(vault, name, readers)
                }
                _ => self.asset_health(a),
            })
            .collect();
        HealthReport { assets }
    }

    /// Every asset the report covers, in its order.
    fn asset_refs(&self) -> Vec<AssetRef> {
        let mut out: Vec<AssetRef> = self.vms().map(|v| AssetRef::Vm(v.name.clone())).collect();
        for r in self.recovery_vaults() {
            for (item, it) in &r.items {
                for p in &it.points {
                    out.push(AssetRef::Rp(r.name.clone(), item.clone(), p.name.clone()));
                }
            }
        }
        for v in self.vaults().filter(|v| v.deleted.is_none()) {
            for s in v.secrets.values() {
                out.push(AssetRef::Secret(v.name.clone(), s.name.clone()));
            }
        }
        for vm in self.vms().filter(|v| v.cmk.is_some()) {
            out.push(AssetRef::Cmk(vm.name.clone(), vm.disk_name.clone()));
        }
        out
    }

    /// One VM, recovery point or CMK disk (secrets need their vault's readers:
    /// [`World::secret_health`]).
    fn asset_health(&self, a: &AssetRef) -> AssetHealth {
        self.asset_check(a, true)
    }

    /// One asset's health; with `full` false, only what its verdict needs is tried (the verdict
    /// is the same): no data reads, no causes, and no fix search when any outcome of it gives
    /// the same verdict. The other fields are then incomplete.
    fn asset_check(&self, a: &AssetRef, full: bool) -> AssetHealth {
        match a {
            AssetRef::Vm(name) => self.vm_health(name, full),
            AssetRef::Rp(rsv, item, rp) => self.rp_health(rsv, item, rp, full),
            AssetRef::Cmk(vm, disk) => self.cmk_health(vm, disk, full),
            AssetRef::Secret(vault, name) => self.secret_health(vault, name, Vec::new()),
        }
    }

    /// Only the verdict of one asset.
    fn asset_verdict(&self, a: &AssetRef) -> Verdict {
        match a {
            AssetRef::Secret(vault, name) => self.secret_verdict(vault, name),
            _ => self.asset_check(a, false).verdict,
        }
    }

    fn secret_verdict(&self, vault: &str, name: &str) -> Verdict {
        let deleted = self
            .vault(vault)
            .and_then(|v| v.secrets.get(name))
            .is_some_and(|s| s.deleted.is_some());
        if deleted {
            Verdict::AtRisk
        } else {
            Verdict::Ok
        }
    }

    fn secret_health(&self, vault: &str, name: &str, readers: Vec<String>) -> AssetHealth {
        let mut notes = readers;
        let deleted = self
            .vault(vault)
            .and_then(|v| v.secrets.get(name))
            .and_then(|s| s.deleted);
        if let Some(d) = deleted {
            notes.push(format!("soft-deleted: purged at {}", d.purge_at));
        }
        AssetHealth {
            asset: format!("secret:{vault}/{name}"),
            verdict: self.secret_verdict(vault, name),
            checks: Vec::new(),
            notes,
            causes: Vec::new(),
            fixes: Vec::new(),
        }
    }

    fn latest_rp_of(&self, vm: &str) -> Option<(String, String, String)> {
        self.recovery_vaults().find_map(|r| {
            r.items
                .get(vm)
                .and_then(|i| i.points.last())
                .map(|p| (r.name.clone(), vm.to_owned(), p.name.clone()))
        })
    }

    fn vm_health(&self, name: &str, full: bool) -> AssetHealth {
        let Some(vm) = self.vm(name) else {
            return AssetHealth {
                asset: format!("vm:{name}"),
                verdict: Verdict::Lost,
                checks: Vec::new(),
                notes: Vec::new(),
                causes: Vec::new(),
                fixes: Vec::new(),
            };
        };
        let runs = vm.is_up();
        let cycle = vm_cycle(name.to_owned());
        let boot = try_check(self, &cycle);
        let boots = boot.is_ok();
        let readable = full && {
            let mut c = self.fork();
            if !runs {
                let _ = cycle(&mut c);
            }
            let paths = c.file_paths(name);
            !paths.is_empty()
                && paths.iter().all(|p| {
                    c.apply(&Command::Read {
                        vm: name.to_owned(),
                        path: p.clone(),
                    })
                    .is_ok()
                })
        };
        let rp = self.latest_rp_of(name);
        let rp_ref = rp
            .as_ref()
            .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()));
        let mut causes = Vec::new();
        let mut fixes = Vec::new();
        let verdict = match (runs, &boot) {
            (true, Ok(())) => Verdict::Ok,
            (false, Ok(())) if vm.power == PowerState::Deallocated || !vm.at_recovery_screen => {
                if vm.at_recovery_screen || vm.shut_down_by_cmk {
                    fixes.push(Command::VmDeallocate {
                        vm: name.to_owned(),
                        resource_group: vm.resource_group.clone(),
                    });
                    fixes.push(Command::VmStart {
                        vm: name.to_owned(),
                        resource_group: vm.resource_group.clone(),
                    });
                    Verdict::Broken
                } else {
                    Verdict::Ok
                }
            }
            (_, Ok(())) => Verdict::Broken,
            // Running, it is at risk whether or not a fix is found.
            (true, Err(_)) if !full => Verdict::AtRisk,
            (_, Err(f)) => {
                if full {
                    causes = cause(self, f.clone());
                }
                let found = find_fixes(self, &cycle, rp_ref, f.clone());
                match (runs, found) {
                    (true, Some(f)) => {
                        fixes = f;
                        Verdict::AtRisk
                    }
                    (true, None) => Verdict::AtRisk,
                    (false, Some(f)) => {
                        fixes = f;
                        Verdict::Broken
                    }
                    (false, None) => Verdict::Lost,
                }
            }
        };
        AssetHealth {
            asset: format!("vm:{name}"),
            verdict,
            checks: vec![
                ("runs now".to_owned(), runs),
                ("boots after deallocate/start".to_owned(), boots),
                ("data readable".to_owned(), readable),
            ],
            notes: Vec::new(),
            causes,
            fixes,
        }
    }

    fn rp_health(&self, rsv: &str, item: &str, rp: &str, full: bool) -> AssetHealth {
        let probe = format!("{item}-health-probe");
        let restore = |w: &mut World| {
            w.apply_as(
                ADMIN,
                &Command::RestoreVm {
                    rsv: rsv.to_owned(),
                    item: item.to_owned(),
                    rp: rp.to_owned(),
                    name: probe.clone(),
                },
            )
            .map(|_| ())
        };
        let as_is = try_check(self, &restore);
        let mut causes = Vec::new();
        let mut fixes = Vec::new();
        let verdict = match &as_is {
            Ok(()) => Verdict::Ok,
            Err(f) => {
                if full {
                    causes = cause(self, f.clone());
                }
                match find_fixes(self, &restore, Some((rsv, item, rp)), f.clone()) {
                    Some(f) => {
                        fixes = f;
                        Verdict::Broken
                    }
                    None => Verdict::Lost,
                }
            }
        };
        let after_keys = fixes
            .iter()
            .any(|c| matches!(c, Command::RestoreKeys { .. }));
        AssetHealth {
            asset: format!("rp:{rsv}/{item}/{rp}"),
            verdict,
            checks: vec![
                ("restorable as is".to_owned(), as_is.is_ok()),
                (
                    "restorable after restoring its key and secret".to_owned(),
                    as_is.is_ok() || verdict == Verdict::Broken && after_keys,
                ),
            ],
            notes: Vec::new(),
            causes,
            fixes,
        }
    }

    fn cmk_health(&self, vm: &str, disk: &str, full: bool) -> AssetHealth {
        let accessible = self.vm(vm).is_some_and(|v| v.is_up());
        let mut notes = Vec::new();
        let mut causes = Vec::new();
        let mut fixes = Vec::new();
        let verdict = if accessible {
            // Step a clone's clock to see whether (and when) the disk goes dark.
            let mut c = self.fork();
            let mut dark_after = None;
            for quarter in 1..=8u64 {
                let _ = c.apply(&Command::Advance(SimDuration(900)));
                if !c.vm(vm).is_some_and(|v| v.is_up()) {
                    dark_after = Some(quarter * 15);
                    break;
                }
            }
            match dark_after {
                Some(m) => {
                    notes.push(format!("goes dark in about {m} minutes"));
                    Verdict::AtRisk
                }
                None => Verdict::Ok,
            }
        } else {
            let cycle = vm_cycle(vm.to_owned());
            match try_check(self, &cycle) {
                Ok(()) => Verdict::Broken,
                Err(f) => {
                    if full {
                        causes = cause(self, f.clone());
                    }
                    match find_fixes(self, &cycle, None, f) {
                        Some(f) => {
                            fixes = f;
                            Verdict::Broken
                        }
                        None => Verdict::Lost,
                    }
                }
            }
        };
        AssetHealth {
            asset: format!("disk:{disk}"),
            verdict,
            checks: vec![("accessible now".to_owned(), accessible)],
            notes,
            causes,
            fixes,
        }
    }

    /// The health diff `cmd` would cause, computed on a clone; this world is untouched.
    pub fn what_if(&self, cmd: &Command) -> HealthDiff {
        self.what_if_from(&self.health(), cmd)
    }

    /// [`World::what_if`] with this world's report already computed.
    fn what_if_from(&self, before: &HealthReport, cmd: &Command) -> HealthDiff {
        let mut c = self.clone();
        let result = c.apply(cmd).map(|o| o.message).map_err(|e| e.to_string());
        let after = c.health();
        let verdicts = |r: &HealthReport| -> Vec<(String, Verdict)> {
            r.assets
                .iter()
                .map(|a| (a.asset.clone(), a.verdict))
                .collect()
        };
        HealthDiff {
            changes: {
                let before = verdicts(before);
                diff_verdicts(&before, &first_of_each(&before), &verdicts(&after))
            },
            result,
        }
    }

    /// Every destructive command against every object of this world, generated from its objects:
    /// for each live vault, `keyvault delete`, each vault switch that is on turned off, and the
    /// removal of each access policy and role assignment; for each live key and secret, `delete`
    /// and disabling each enabled version; for each soft-deleted vault, key or secret, `purge`;
    /// for each VM, `deallocate` (R17's trigger) and, when encrypted, `encryption disable`.
    ///
    /// Purge is generated only for soft-deleted objects: on a live one the command fails
    /// without touching anything, so its diff is known to be empty.
    pub fn destructive_commands(&self) -> Vec<Command> {
        let mut out = Vec::new();
        for v in self.vaults() {
            let vault = v.name.clone();
            if v.deleted.is_some() {
                out.push(Command::VaultPurge { name: vault });
                continue;
            }
            out.push(Command::VaultDelete {
                name: vault.clone(),
            });
            let off = Some(false);
            let switches = [
                (v.enabled_for_disk_encryption, 0),
                (v.enabled_for_deployment, 1),
                (v.enabled_for_template_deployment, 2),
            ];
            for (_, which) in switches.iter().filter(|(on, _)| *on) {
                out.push(Command::VaultUpdate {
                    name: vault.clone(),
                    enabled_for_disk_encryption: off.filter(|_| *which == 0),
                    enabled_for_deployment: off.filter(|_| *which == 1),
                    enabled_for_template_deployment: off.filter(|_| *which == 2),
                    enable_purge_protection: None,
                    enable_rbac_authorization: None,
                });
            }
            for p in &v.policies {
                let principal = match self.principals.get(&p.principal).map(|p| p.kind) {
                    Some(crate::world::PrincipalKind::User) => {
                        PrincipalRef::Upn(p.principal.clone())
                    }
                    _ => PrincipalRef::Spn(p.principal.clone()),
                };
                out.push(Command::DeletePolicy {
                    vault: vault.clone(),
                    principal,
                });
            }
            for (assignee, role) in &v.role_assignments {
                out.push(Command::RoleAssignmentDelete {
                    assignee: assignee.clone(),
                    role: *role,
                    scope: vault.clone(),
                });
            }
            // Keys, then secrets: a soft-deleted one can only be purged; a live one deleted, or
            // each enabled version disabled.
            let keys = v.keys.values().map(|k| {
                let enabled = k.versions.iter().filter(|x| x.attributes.enabled);
                let ids: Vec<&str> = enabled.map(|x| x.id.as_str()).collect();
                (ObjectKind::Key, &k.name, k.deleted.is_some(), ids)
            });
            let secrets = v.secrets.values().map(|s| {
                let enabled = s.versions.iter().filter(|x| x.attributes.enabled);
                let ids: Vec<&str> = enabled.map(|x| x.id.as_str()).collect();
                (ObjectKind::Secret, &s.name, s.deleted.is_some(), ids)
            });
            for (kind, name, deleted, enabled) in keys.chain(secrets) {
                if deleted {
                    out.push(kind.purge_command(&vault, name));
                    continue;
                }
                out.push(kind.delete_command(&vault, name));
                out.extend(
                    enabled
                        .into_iter()
                        .map(|id| kind.disable_command(&vault, name, id)),
                );
            }
        }
        for vm in self.vms() {
            let (name, rg) = (vm.name.clone(), vm.resource_group.clone());
            if vm.power != PowerState::Deallocated {
                out.push(Command::VmDeallocate {
                    vm: name.clone(),
                    resource_group: rg.clone(),
                });
            }
            if vm.ade.is_some() {
                out.push(Command::EncryptionDisable {
                    vm: name,
                    resource_group: rg,
                });
            }
        }
        out
    }

    /// What each of [`World::destructive_commands`] would do to the health report: the same
    /// diffs as calling [`World::what_if`] for each.
    ///
    /// Every verdict still comes from trying the operations. Each asset's check is first run on
    /// a fork that records which vaults (down to the key or secret a vault call is about) and
    /// which VMs it read. Each command is then applied to a fork, and an asset is tried again
    /// on that fork when the command changed something its check read; otherwise its check
    /// would read exactly the same state, so its verdict is the one already computed. When the
    /// command changed anything reads are not recorded for (the clock, recovery points,
    /// principals, Disk Encryption Sets...), every asset is tried again. Authorization is recorded
    /// per principal (its policy and role assignments), the clock's purges and rotations as the
    /// deadlines they reached, and checks run in verdict-only mode: no data reads, causes or fix
    /// search that cannot change the verdict.
    pub fn what_if_matrix(&self) -> Vec<(Command, HealthDiff)> {
        // One probe for the whole run: it records each check's reads, and remembers the
        // wrapped keys and disk sectors opened, which are opened again and again across commands.
        let probe = Probe::default();
        let refs = self.asset_refs();
        let mut before = Vec::with_capacity(refs.len());
        let mut reads = Vec::with_capacity(refs.len());
        for a in &refs {
            let (verdict, deps) = match a {
                AssetRef::Secret(vault, name) => (self.secret_verdict(vault, name), None),
                _ => {
                    let verdict = self.recording(&probe).asset_verdict(a);
                    (verdict, Some(probe.take_reads()))
                }
            };
            before.push((a.id(), verdict));
            reads.push(deps);
        }
        let names: Vec<Option<DepNames>> = reads
            .iter()
            .map(|d| d.as_deref().map(DepNames::of))
            .collect();
        let index = first_of_each(&before);
        // With every asset id distinct, a command that leaves the list of assets as it is
        // changes exactly the verdicts that differ position by position.
        let distinct = index.len() == before.len();
        self.destructive_commands()
            .into_iter()
            .map(|cmd| {
                let mut c = self.with_memo(&probe);
                let result = c.apply(&cmd).map(|o| o.message).map_err(|e| e.to_string());
                let changes = c.changes_from(self);
                let kept = |i: usize| {
                    let ch = changes.as_ref()?;
                    let deps = reads[i].as_ref()?;
                    let untouched =
                        names[i].as_ref().is_some_and(|n| !ch.may_touch(n)) || !ch.touches(deps);
                    untouched.then_some(before[i].1)
                };
                if let Some(ch) = changes
                    .as_ref()
                    .filter(|ch| distinct && c.same_assets(self, ch))
                {
                    let mut out = Vec::new();
                    if !ch.is_empty() {
                        for (i, a) in refs.iter().enumerate() {
                            let verdict = kept(i).unwrap_or_else(|| c.asset_verdict(a));
                            let (id, was) = &before[i];
                            if verdict != *was {
                                out.push(VerdictChange {
                                    asset: id.clone(),
                                    before: Some(*was),
                                    after: Some(verdict),
                                });
                            }
                        }
                    }
                    return (
                        cmd,
                        HealthDiff {
                            changes: out,
                            result,
                        },
                    );
                }
                let after: Vec<(String, Verdict)> = c
                    .asset_refs()
                    .iter()
                    .map(|a| {
                        let id = a.id();
                        let verdict = index
                            .get(id.as_str())
                            .and_then(|i| kept(*i))
                            .unwrap_or_else(|| c.asset_verdict(a));
                        (id, verdict)
                    })
                    .collect();
                let changes = diff_verdicts(&before, &index, &after);
                (cmd, HealthDiff { changes, result })
            })
            .collect()
    }
}

/// An asset of the report.
#[derive(Debug, Clone)]
enum AssetRef {
    Vm(String),
    Rp(String, String, String),
    Secret(String, String),
    Cmk(String, String),
}

impl AssetRef {
    fn id(&self) -> String {
        match self {
            AssetRef::Vm(name) => format!("vm:{name}"),
            AssetRef::Rp(rsv, item, rp) => format!("rp:{rsv}/{item}/{rp}"),
            AssetRef::Secret(vault, name) => format!("secret:{vault}/{name}"),
            AssetRef::Cmk(_, disk) => format!("disk:{disk}"),
        }
    }
}

/// The index of each asset id's first entry in `list`: the first entry of an id wins, as
/// `HealthReport::get` finds it. An index rather than the verdict, so the what-if matrix looks
/// entries up with this same map (one map type fewer in the wasm).
fn first_of_each(list: &[(String, Verdict)]) -> BTreeMap<&str, usize> {
    let mut first = BTreeMap::new();
    for (i, (id, _)) in list.iter().enumerate() {
        first.entry(id.as_str()).or_insert(i);
    }
    first
}

/// The verdicts that differ between two reports (by asset id), then the assets that are gone.
/// `b` is [`first_of_each`] of `before`.
fn diff_verdicts(
    before: &[(String, Verdict)],
    b: &BTreeMap<&str, usize>,
    after: &[(String, Verdict)],
) -> Vec<VerdictChange> {
    let a = first_of_each(after);
    let mut changes = Vec::new();
    for (id, v) in after {
        let was = b.get(id.as_str()).map(|&i| before[i].1);
        if was != Some(*v) {
            changes.push(VerdictChange {
                asset: id.clone(),
                before: was,
                after: Some(*v),
            });
        }
    }
    for (id, v) in before {
        if !a.contains_key(id.as_str()) {
            changes.push(VerdictChange {
                asset: id.clone(),
                before: Some(*v),
                after: None,
            });
        }
    }
    changes
}
