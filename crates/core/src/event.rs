//! Outputs to drain after each command: calls between actors and state changes, in order.

use serde::Serialize;

use crate::asset::AssetId;
use crate::error::{Denied, ErrorCode};
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

/// Something the web app animates and the CLI prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum Event {
    /// A message from one actor to another (`admin -> kv-ade: key create kek`).
    Call {
        /// When it happened.
        time: SimTime,
        /// Who called (`admin@contoso.com`, `ade-app`, `vm1/ade-extension`, `platform-ade`).
        caller: String,
        /// Who answered (a vault name, `platform-ade`, a Recovery Services vault...).
        callee: String,
        /// What was asked (`wrapKey`, `secret set`, `unwrapKey`, `secret get`, `key backup`).
        operation: String,
        /// On what (`kek`, a secret's GUID name, `vm1-os`).
        object: String,
        /// The object version involved, when there is one.
        version: Option<String>,
        /// Allowed, denied or failed.
        result: CallResult,
        /// HTTP status.
        status: u16,
    },
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
