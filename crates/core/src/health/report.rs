//! The report's types: what the web app, the CLI and `sim expect` read.

use serde::{Deserialize, Serialize};

use crate::asset::AssetId;
use crate::command::Command;

crate::vocab::vocabulary! {
    /// How an asset is doing, as reports, goals and the web app's `data-verdict` spell it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum Verdict {
        /// Works now and after the next deallocate/start.
        Ok = "ok",
        /// Works now; fails at the next deallocate/start or when a deadline passes: a scheduled
        /// purge, or ADE's retirement within its last 90 days (further off it is a note).
        AtRisk = "at-risk",
        /// Fails now; the named commands recover it.
        Broken = "broken",
        /// Fails now and no command sequence Keyfall found recovers it.
        Lost = "lost",
    }
}

/// One link of a causal chain: the failing call and the logged change behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cause {
    /// `unwrapKey kek/3f2a1b0c as platform-ade -> 404 KeyNotFound`.
    pub call: String,
    /// `#17 2026-01-03 admin@contoso.com KeyDelete keys/kek`, when a change in a vault's audit log
    /// explains it, or `activity log #2 ... Microsoft.Authorization/roleAssignments/delete kv
    /// (...)` when a role assignment deleted in the Activity log does.
    pub audit: Option<String>,
    /// The failed call, typed, for a view that words the chain itself. Not serialised: `call`
    /// says it in reports.
    #[serde(skip)]
    pub failed: Option<FailedCall>,
    /// The logged change behind it, typed. Not serialised: `audit` cites it.
    #[serde(skip)]
    pub blamed: Option<Blamed>,
}

/// The call a check saw fail, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedCall {
    /// `unwrapKey`, `secret get`.
    pub operation: String,
    pub caller: String,
    /// The vault called.
    pub vault: String,
    /// The key or secret (or the vault's name, for a call on the vault).
    pub object: String,
    pub version: Option<String>,
    /// HTTP status (0 for a failed long-running operation).
    pub status: u16,
    pub code: Option<crate::error::ErrorCode>,
}

/// The logged change blamed for a failure, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blamed {
    /// Who made the change.
    pub caller: String,
    /// The audit log's operation name (`KeyDelete`) or the Activity log's
    /// (`Microsoft.Authorization/roleAssignments/delete`).
    pub operation: String,
    /// What it changed: `keys/kek` inside a vault, or the vault's name.
    pub object: String,
    /// Its id in the vault audit log, or `None` when the Activity log recorded it.
    pub audit_id: Option<u64>,
}

/// The health of one asset.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssetHealth {
    /// `vm:vm1`, `rp:rsv/vm1/rp-1`, `secret:kv/app-db-password`, `disk:vm1-os`.
    pub asset: AssetId,
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
    /// The entry for an asset.
    pub fn get(&self, asset: &AssetId) -> Option<&AssetHealth> {
        self.assets.iter().find(|a| a.asset == *asset)
    }
}

/// A verdict that a command would change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerdictChange {
    /// The asset.
    pub asset: AssetId,
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
