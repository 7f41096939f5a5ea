//! Outputs to drain after each command: calls between actors and state changes, in order.

use serde::Serialize;

use crate::asset::AssetId;
use crate::error::{Denied, ErrorCode, SimError};
use crate::time::SimTime;

/// How a call between actors ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum CallResult {
    /// The callee did it.
    Allow,
    /// The authorization point refused it.
    Deny(Denied),
    /// Allowed, but it failed (not found, disabled, conflict, a decryption that failed...).
    Fail {
        /// Azure's code.
        code: ErrorCode,
        /// HTTP status.
        status: u16,
    },
}

/// A call between actors, allowed or not: what the stage draws as a travelling message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Call {
    /// When it happened.
    pub time: SimTime,
    /// Who called (`admin@contoso.com`, `ade-app`, `vm1/ade-extension`, `platform-ade`).
    pub caller: String,
    /// Who answered (a vault name, `platform-ade`, a Recovery Services vault...).
    pub callee: String,
    /// What was asked (`wrapKey`, `secret set`, `unwrapKey`, `secret get`, `key backup`).
    pub operation: String,
    /// On what (`kek`, a secret's GUID name, `vm1-os`).
    pub object: String,
    /// The object version involved, when there is one.
    pub version: Option<String>,
    /// Allowed, denied or failed.
    pub result: CallResult,
    /// HTTP status.
    pub status: u16,
}

impl CallResult {
    /// The code of a call that did not succeed: a denial's is the inner code of the model that
    /// refused (`ForbiddenByPolicy`, `ForbiddenByRbac`) or `AuthorizationFailed`.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            CallResult::Allow => None,
            CallResult::Deny(d) => Some(d.missing.code()),
            CallResult::Fail { code, .. } => Some(*code),
        }
    }

    /// The call a request refused with `e` was: a denial when `e` is the denial it carries
    /// (not a later failure that only remembers one), else a failure with its code and status.
    pub(crate) fn refused(e: &SimError) -> CallResult {
        match &e.denied {
            Some(d) if e.code == d.missing.code() => CallResult::Deny((**d).clone()),
            _ => CallResult::failed(e),
        }
    }

    /// An allowed call that failed with `e`: its code and status.
    pub fn failed(e: &SimError) -> CallResult {
        CallResult::Fail {
            code: e.code,
            status: e.status,
        }
    }

    /// The denial behind a refused call.
    pub fn denied(&self) -> Option<&Denied> {
        match self {
            CallResult::Deny(d) => Some(d),
            _ => None,
        }
    }
}

/// Something the web app animates and the CLI prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum Event {
    /// A message from one actor to another (`admin -> kv-ade: key create kek`).
    Call(Call),
    /// A change of state (`key kv/kek soft-deleted`, `vm1 deallocated`).
    State {
        /// When it happened.
        time: SimTime,
        /// What changed (`key:kv/kek`, `vm:vm1`, `clock`).
        object: AssetId,
        /// How, in words.
        change: String,
    },
}
