//! Commands that might repair a failed call, kept only when they make the check pass on a fork.

use crate::authz::{ALL_KEY_PERMS, ALL_SECRET_PERMS, Op};
use crate::command::{Command, Date, KeyPerm, PrincipalRef, Role, SecretPerm, VersionRef};
use crate::error::{Denied, ErrorCode};
use crate::world::{ObjectKind, World};

use super::checks::Check;
use super::explain::{Failure, try_check};

/// A vault switch a platform identity acts through (R10).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Switch {
    DiskEncryption,
    Deployment,
    TemplateDeployment,
}

/// What a denial says was missing, in the authorization point's own terms.
///
/// An adapter until `Denied` carries this as a typed cause: it compares `missing` whole with the
/// strings `authz` writes (a switch's name, [`Op::policy_name`], [`Op::data_action`]) and never
/// takes it apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Missing {
    /// A vault switch that is off.
    Switch(Switch),
    /// An access policy permission (`keys/wrapKey`).
    Policy(Op),
    /// An RBAC data action (`Microsoft.KeyVault/vaults/keys/unwrap/action`); permissions that
    /// share one action (`get` and `list`) read as the first.
    DataAction(Op),
    /// Anything else (a control-plane action).
    Other,
}

impl Missing {
    fn of(d: &Denied) -> Missing {
        let switches = [
            ("enabledForDiskEncryption", Switch::DiskEncryption),
            ("enabledForDeployment", Switch::Deployment),
            ("enabledForTemplateDeployment", Switch::TemplateDeployment),
        ];
        if let Some((_, s)) = switches.iter().find(|(name, _)| d.missing == *name) {
            return Missing::Switch(*s);
        }
        let ops = ALL_KEY_PERMS
            .iter()
            .map(|k| Op::Key(*k))
            .chain(ALL_SECRET_PERMS.iter().map(|s| Op::Secret(*s)));
        for op in ops {
            if d.missing == op.policy_name() {
                return Missing::Policy(op);
            }
            if d.missing == op.data_action() {
                return Missing::DataAction(op);
            }
        }
        Missing::Other
    }
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
            let missing = Missing::of(d);
            if let Missing::Switch(switch) = missing {
                let on = Some(true);
                out.push(Command::VaultUpdate {
                    name: vault,
                    enabled_for_disk_encryption: on.filter(|_| switch == Switch::DiskEncryption),
                    enabled_for_deployment: on.filter(|_| switch == Switch::Deployment),
                    enabled_for_template_deployment: on
                        .filter(|_| switch == Switch::TemplateDeployment),
                    enable_purge_protection: None,
                    enable_rbac_authorization: None,
                });
            } else if v.is_some_and(|v| v.rbac) {
                let role = if matches!(missing, Missing::DataAction(Op::Key(_))) {
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
                match missing {
                    Missing::Policy(Op::Key(k)) => keys.push(k),
                    Missing::Policy(Op::Secret(s)) => secrets.push(s),
                    _ => {}
                }
                out.push(Command::SetPolicy {
                    vault,
                    principal: PrincipalRef::Spn(d.principal.clone()),
                    key_permissions: Some(keys),
                    secret_permissions: Some(secrets),
                });
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
                out.push(if of_key {
                    Command::KeyRecover { vault, name }
                } else {
                    Command::SecretRecover { vault, name }
                });
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
pub(super) fn find_fixes(
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
