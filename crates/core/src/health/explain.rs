//! What a check saw fail, and the logged change behind it: an entry of a vault's audit log, or
//! a role assignment's deletion in the Activity log.

use crate::audit::AuditEntry;
use crate::error::{Denied, ErrorCode};
use crate::event::{Call, Event};
use crate::world::{ObjectKind, VOp, World};

use super::checks::Check;
use super::report::{Blamed, Cause, FailedCall};

/// A failed call seen on a clone: its event, and what its audit entry adds.
#[derive(Debug, Clone)]
pub(super) struct Failure {
    /// The call as its event recorded it; its result is a denial or a failure.
    pub(super) call: Call,
    /// Key or secret, from the call's own audit entry; `None` for a call on the vault itself or
    /// one that reached no live vault (and so wrote no audit entry).
    pub(super) kind: Option<ObjectKind>,
}

impl Failure {
    /// The vault (or other service) that answered.
    pub(super) fn vault(&self) -> &str {
        &self.call.callee
    }

    pub(super) fn code(&self) -> Option<ErrorCode> {
        self.call.result.code()
    }

    pub(super) fn denied(&self) -> Option<&Denied> {
        self.call.result.denied()
    }

    /// The call as the report shows it: `unwrapKey kek/3f2a1b0c as platform-ade -> 404
    /// KeyNotFound`, the version cut to eight characters.
    fn text(&self) -> String {
        let c = &self.call;
        let short = c.version.as_deref().map(|v| &v[..v.len().min(8)]);
        let target = match short {
            Some(v) => format!("{}/{v}", c.object),
            None => c.object.clone(),
        };
        let code = self.code().map(|c| c.label()).unwrap_or_default();
        format!(
            "{} {target} as {} -> {} {code}",
            c.operation, c.caller, c.status
        )
    }
}

/// Runs `check` on a clone; on failure returns the first failed call it made.
pub(super) fn try_check(w: &World, check: Check<'_>) -> Result<(), Option<Box<Failure>>> {
    let mut c = w.fork();
    match check(&mut c) {
        Ok(()) => Ok(()),
        Err(_) => {
            let fail = std::iter::from_fn(|| c.poll_event()).find_map(|e| match e {
                Event::Call(c) => {
                    c.result.code()?;
                    Some(Box::new(Failure {
                        call: c,
                        kind: None,
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
                    .find(|a| !a.succeeded() && a.vault == f.vault())
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
        self.name == Some(f.call.object.as_str()) && f.kind.is_none_or(|k| self.kind == Some(k))
    }
}

/// The logged change most likely behind a failure: the last successful destructive call on the
/// object, or, for a denial, the last change of the vault's permissions: a `VaultPut` in its
/// audit log (access policies, switches and the permission model all travel in the vault's PUT)
/// or a role assignment deleted at its scope, which only the Activity log records.
fn blame(w: &World, f: &Failure) -> Option<(String, Blamed)> {
    let object_ops = [
        VOp::KeyDelete,
        VOp::KeyPurge,
        VOp::KeyUpdate,
        VOp::SecretDelete,
        VOp::SecretPurge,
        VOp::SecretUpdate,
    ];
    let is = |a: &AuditEntry, ops: &[VOp]| {
        ops.iter()
            .any(|o| o.audit_name() == Some(a.operation_name.as_str()))
    };
    let mut audited = w
        .audit()
        .iter()
        .rev()
        .filter(|a| a.vault == f.vault() && a.succeeded());
    if f.denied().is_none() {
        return audited
            .find(|a| is(a, &[VOp::VaultDelete]) || is(a, &object_ops) && AuditObject::of(a).is(f))
            .map(audited_blame);
    }
    let put = audited.find(|a| is(a, &[VOp::VaultAccessPolicy]));
    let unassigned = w.activity().iter().rev().find(|e| {
        e.succeeded()
            && Some(e.operation_name) == VOp::RoleUnassign.arm_operation()
            && e.vault() == f.vault()
    });
    let activity = |u: &crate::activity::ActivityEntry| {
        let blamed = Blamed {
            caller: u.caller.clone(),
            operation: u.operation_name.to_owned(),
            object: u.vault().to_owned(),
            audit_id: None,
        };
        (u.cite(), blamed)
    };
    match (put, unassigned) {
        (Some(p), Some(u)) if p.id > u.audit_before => Some(audited_blame(p)),
        (_, Some(u)) => Some(activity(u)),
        (p, None) => p.map(audited_blame),
    }
}

/// An audit entry as cited text and typed.
fn audited_blame(a: &AuditEntry) -> (String, Blamed) {
    let object = a
        .request_uri
        .split(".vault.azure.net/")
        .nth(1)
        .and_then(|rest| rest.split('?').next())
        .unwrap_or(&a.vault)
        .to_owned();
    let blamed = Blamed {
        caller: a.caller.clone(),
        operation: a.operation_name.clone(),
        object,
        audit_id: Some(a.id),
    };
    (a.cite(), blamed)
}

pub(super) fn cause(w: &World, f: Option<Box<Failure>>) -> Vec<Cause> {
    f.map(|f| {
        let (audit, blamed) = blame(w, &f).unzip();
        let call = f.text();
        let code = f.code();
        let c = f.call;
        let failed = FailedCall {
            operation: c.operation,
            caller: c.caller,
            vault: c.callee,
            object: c.object,
            version: c.version,
            status: c.status,
            code,
        };
        vec![Cause {
            audit,
            call,
            failed: Some(failed),
            blamed,
        }]
    })
    .unwrap_or_default()
}
