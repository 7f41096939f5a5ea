//! Commands that might repair a failed call, kept only when they make the check pass on a fork.

use crate::asset::PointRef;
use crate::authz::{Missing, Op};
use crate::command::{
    Command, DiskOp, ObjectOp, PrincipalRef, RoleAssignment, SetPolicy, VaultUpdate, VersionRef,
};
use crate::error::ErrorCode;
use crate::time::Date;
use crate::vocab::{KeyPerm, ObjectKind, Role, SecretPerm, Switch};
use crate::world::World;

use super::checks::Check;
use super::explain::{Failure, try_check};

fn far_future() -> Date {
    Date {
        year: 2099,
        month: 1,
        day: 1,
    }
}

/// Commands that might repair one failed call, most conservative first.
fn candidates(w: &World, f: &Failure, rp: Option<&PointRef>) -> Vec<Command> {
    let vault = f.vault().to_owned();
    let name = f.call.object.clone();
    let mut out = Vec::new();
    let v = w.vault(&vault);
    let is_key = f.kind == Some(ObjectKind::Key);
    match (f.code(), f.denied()) {
        (Some(code), Some(d)) if code.top() == ErrorCode::Forbidden => {
            let missing = d.missing;
            if let Missing::Switch(switch) = missing {
                let on = Some(true);
                out.push(Command::VaultUpdate(VaultUpdate {
                    name: vault,
                    enabled_for_disk_encryption: on.filter(|_| switch == Switch::DiskEncryption),
                    enabled_for_deployment: on.filter(|_| switch == Switch::Deployment),
                    enabled_for_template_deployment: on
                        .filter(|_| switch == Switch::TemplateDeployment),
                    enable_purge_protection: None,
                    enable_rbac_authorization: None,
                }));
            } else if v.is_some_and(|v| v.rbac) {
                let role = if matches!(missing, Missing::DataAction(Op::Key(_))) {
                    Role::KeyVaultCryptoServiceEncryptionUser
                } else {
                    Role::KeyVaultSecretsUser
                };
                out.push(Command::RoleAssignmentCreate(RoleAssignment {
                    assignee: d.principal.clone(),
                    role,
                    scope: vault,
                }));
            } else if let Some(v) = v {
                let cur = v.policies.iter().find(|p| p.principal == d.principal);
                let mut keys: Vec<KeyPerm> = cur
                    .map(|p| p.keys.iter().copied().collect())
                    .unwrap_or_default();
                let mut secrets: Vec<SecretPerm> = cur
                    .map(|p| p.secrets.iter().copied().collect())
                    .unwrap_or_default();
                match missing {
                    Missing::Policy(Op::Key(k)) => keys.push(k),
                    Missing::Policy(Op::Secret(s)) => secrets.push(s),
                    _ => {}
                }
                out.push(Command::SetPolicy(SetPolicy {
                    vault,
                    principal: PrincipalRef::Spn(d.principal.clone()),
                    key_permissions: Some(keys),
                    secret_permissions: Some(secrets),
                }));
            }
        }
        (Some(code @ (ErrorCode::KeyNotFound | ErrorCode::SecretNotFound)), _) => {
            let of_key = code == ErrorCode::KeyNotFound;
            let soft_deleted = v.is_some_and(|v| {
                if of_key {
                    v.keys.get(&name).is_some_and(|k| k.deleted.is_some())
                } else {
                    v.secrets.get(&name).is_some_and(|s| s.deleted.is_some())
                }
            });
            if soft_deleted {
                let kind = if of_key {
                    ObjectKind::Key
                } else {
                    ObjectKind::Secret
                };
                out.push(Command::object(kind, &vault, &name, ObjectOp::Recover));
            } else if let Some(point) = rp {
                out.push(Command::RestoreKeys {
                    point: point.clone(),
                    vault,
                });
            }
        }
        // A plain `Forbidden` on a key, with no denial behind it, is a wrap refused by an
        // expired (or not yet valid) version (R7).
        (Some(ErrorCode::KeyDisabled | ErrorCode::Forbidden), None) if is_key => {
            let op = ObjectOp::SetAttributes {
                version: f.call.version.clone().map(VersionRef::Id),
                enabled: Some(true),
                not_before: None,
                expires: (f.code() == Some(ErrorCode::Forbidden)).then(far_future),
            };
            out.push(Command::object(ObjectKind::Key, &vault, &name, op));
        }
        (Some(ErrorCode::SecretDisabled), _) => {
            let op = ObjectOp::SetAttributes {
                version: f.call.version.clone().map(VersionRef::Id),
                enabled: Some(true),
                not_before: None,
                expires: None,
            };
            out.push(Command::object(ObjectKind::Secret, &vault, &name, op));
        }
        (Some(ErrorCode::VaultNotFound), _) if v.is_some_and(|v| v.deleted.is_some()) => {
            out.push(Command::VaultRecover { name: vault });
        }
        // Compute refused a start because the VM's disk has an open SAS: revoke it.
        (Some(ErrorCode::Conflict), _) if w.disk_sas(&name).is_some() => {
            if let Some(vm) = w.vm(&vault) {
                out.push(Command::Disk(DiskOp::RevokeAccess {
                    name,
                    resource_group: vm.resource_group.clone(),
                }));
            }
        }
        _ => {}
    }
    out
}

/// The worlds fixes tried from one world led to, for the fix searches of many checks that start
/// from that same world: a what-if matrix's command leaves every recovery point of a VM failing
/// on the one KEK it deleted, and each point's search tries the same recover. Applying a command
/// is a function of the world alone, so a sequence of fixes gives the same world each time.
///
/// Made for one world and handed only to searches that start from it; never while reads are
/// recorded (a remembered fix would record none of what applying it reads).
#[derive(Debug, Default)]
pub(super) struct FixMemo {
    /// Each sequence of fixes tried, and the world it gave (none when the last one failed).
    reached: Vec<(Vec<Command>, Option<World>)>,
}

impl FixMemo {
    /// `fix` applied to `from`, the world `done` gave: remembered, or applied and remembered.
    fn apply(&mut self, done: &[Command], from: &World, fix: &Command) -> Option<World> {
        let same = |k: &[Command]| k.split_last().is_some_and(|(f, d)| f == fix && d == done);
        if let Some((_, w)) = self.reached.iter().find(|(k, _)| same(k)) {
            return w.as_ref().map(World::fork);
        }
        let w = apply_fix(from, fix);
        let mut key = done.to_vec();
        key.push(fix.clone());
        self.reached.push((key, w.as_ref().map(World::fork)));
        w
    }
}

/// `fix` applied to a copy of `w`, if it succeeds.
fn apply_fix(w: &World, fix: &Command) -> Option<World> {
    let mut t = w.fork();
    t.apply(fix).is_ok().then_some(t)
}

/// Looks for a sequence of commands that makes `check` pass, trying each on a clone. `first` is
/// what `check` already gave on `w` (it failed, with this call or none): trying it again on a
/// clone would give the same. `memo`, when given, was made for `w`.
pub(super) fn find_fixes(
    w: &World,
    check: Check<'_>,
    rp: Option<&PointRef>,
    first: Option<Box<Failure>>,
    mut memo: Option<&mut FixMemo>,
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
            let next = match memo.as_deref_mut() {
                Some(m) => m.apply(&fixes, &cur, &c),
                None => apply_fix(&cur, &c),
            };
            if let Some(t) = next {
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
