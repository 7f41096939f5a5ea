//! The vault audit log (R14): every data- and control-plane call, allowed or denied.
//!
//! Values of keys and secrets never reach it: entries hold names, URIs and statuses only.

use serde::Serialize;

use crate::time::SimTime;

/// One AuditEvent record, with the fields of Azure's AZKVAuditLogs table that Keyfall models.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// Sequence number, from 1 (`#17`).
    pub id: u64,
    /// When the call was made.
    pub time: SimTime,
    /// The caller's UPN or service principal name.
    pub caller: String,
    /// The vault called.
    pub vault: String,
    /// Azure's operation name (`KeyCreate`, `KeyUnwrap`, `SecretGet`, `VaultPatch`...).
    pub operation_name: String,
    /// The request URI, versioned where the call named a version.
    pub request_uri: String,
    /// The HTTP status.
    pub result_signature: u16,
    /// `OK`, or the reason for the failure.
    pub result_description: String,
}

impl AuditEntry {
    /// `#17 2026-01-03 admin@contoso.com KeyDelete kek`: how the explainer cites an entry.
    pub fn cite(&self) -> String {
        let object = self
            .request_uri
            .split(".vault.azure.net/")
            .nth(1)
            .and_then(|rest| rest.split('?').next())
            .unwrap_or(&self.vault);
        format!(
            "#{} {} {} {} {}",
            self.id,
            self.time.date_string(),
            self.caller,
            self.operation_name,
            object
        )
    }
}
