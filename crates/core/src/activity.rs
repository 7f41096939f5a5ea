//! The subscription's Activity log: the Azure Resource Manager operations Keyfall models.
//!
//! Every write, delete or action sent through Resource Manager is an event of the Activity log's
//! Administrative category, whatever the resource. Some of them also reach a vault's own audit
//! log (`VaultPut`, `VaultDelete`, `VaultRecover`, R14); others are Resource Manager's alone:
//! role assignments (`Microsoft.Authorization/roleAssignments/write` and `/delete`) are resources
//! of their own under the vault's scope, and purging a deleted vault is an action on
//! `Microsoft.KeyVault/locations/deletedVaults`, with no operation in Key Vault's AuditEvent table.
//!
//! Keyfall records the Resource Manager operations of the Key Vault control plane and of role
//! assignments. VMs, Disk Encryption Sets and Azure Backup write Activity log events in Azure
//! too; Keyfall does not record them.

use serde::Serialize;

use crate::audit::{json_fields, json_head};
use crate::time::SimTime;

/// One Administrative event: the fields of the Activity log's event schema that Keyfall models,
/// named as the schema names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivityEntry {
    /// Sequence number, from 1 (`#3`), counted apart from the audit log's.
    pub id: u64,
    /// When the operation ended.
    pub event_timestamp: SimTime,
    /// Who called Resource Manager: the UPN or service principal name.
    pub caller: String,
    /// The Resource Manager operation (`Microsoft.KeyVault/vaults/write`,
    /// `Microsoft.Authorization/roleAssignments/delete`).
    pub operation_name: &'static str,
    /// The resource operated on, as a Resource Manager ID. For a role assignment, the
    /// `roleAssignments` collection under the vault's scope: Azure names the assignment itself by
    /// a GUID, which Keyfall does not model.
    pub resource_id: String,
    /// `Succeeded` or `Failed`.
    pub status: &'static str,
    /// The HTTP status of the call as its reason phrase (`OK`, `Forbidden`, `Not Found`).
    pub sub_status: &'static str,
    /// What the request asked for (the role and principal of a role assignment), or why it
    /// failed.
    pub description: String,
    /// The id of the last audit entry written before this event (0 for none): how the explainer
    /// orders the two logs.
    #[serde(skip)]
    pub(crate) audit_before: u64,
}

impl ActivityEntry {
    /// Whether the operation succeeded.
    pub fn succeeded(&self) -> bool {
        self.status == SUCCEEDED
    }

    /// The vault the operation was about: the name after `/vaults/` or `/deletedVaults/` in the
    /// resource ID.
    pub fn vault(&self) -> &str {
        ["/vaults/", "/deletedVaults/"]
            .iter()
            .find_map(|k| self.resource_id.split_once(k))
            .map(|(_, rest)| rest.split('/').next().unwrap_or_default())
            .unwrap_or_default()
    }

    /// The entry as one line of JSON, without the newline: the same text `serde_json` writes
    /// for it, so the web's export equals the CLI's without a JSON serializer in the wasm.
    pub fn to_json_line(&self) -> String {
        let mut out = json_head(self.id, "eventTimestamp", &self.event_timestamp.to_string());
        json_fields(
            &mut out,
            &[
                ("caller", self.caller.as_str()),
                ("operationName", self.operation_name),
                ("resourceId", self.resource_id.as_str()),
                ("status", self.status),
                ("subStatus", self.sub_status),
                ("description", self.description.as_str()),
            ],
        );
        out.push('}');
        out
    }

    /// `activity log #2 2026-01-03 admin@contoso.com Microsoft.Authorization/roleAssignments/delete
    /// kv (Key Vault Secrets User for ade-app)`: how the explainer cites an event.
    pub fn cite(&self) -> String {
        let mut s = format!(
            "activity log #{} {} {} {} {}",
            self.id,
            self.event_timestamp.date_string(),
            self.caller,
            self.operation_name,
            self.vault()
        );
        if !self.description.is_empty() {
            s.push_str(" (");
            s.push_str(&self.description);
            s.push(')');
        }
        s
    }
}

/// [`ActivityEntry::status`] of an operation that succeeded.
pub const SUCCEEDED: &str = "Succeeded";
/// [`ActivityEntry::status`] of an operation that failed.
pub const FAILED: &str = "Failed";

/// The Resource Manager ID of a key vault.
pub(crate) fn vault_id(subscription: &str, resource_group: &str, name: &str) -> String {
    crate::lang::values::vault_id_text(
        crate::world::subscription_id(subscription),
        resource_group,
        name,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(text: &str) -> ActivityEntry {
        ActivityEntry {
            id: 2,
            event_timestamp: SimTime(86_400 + 60),
            caller: format!("admin@contoso.com {text}"),
            operation_name: "Microsoft.Authorization/roleAssignments/delete",
            resource_id: format!(
                "{}/providers/Microsoft.Authorization/roleAssignments",
                vault_id("sub1", "rg", "kv")
            ),
            status: SUCCEEDED,
            sub_status: "OK",
            description: text.to_owned(),
            audit_before: 7,
        }
    }

    #[test]
    fn json_line_equals_serde_json() {
        for text in crate::audit::tests::awkward_texts() {
            let e = entry(&text);
            let want = serde_json::to_string(&e).expect("ActivityEntry serializes");
            assert_eq!(e.to_json_line(), want, "text {text:?}");
        }
    }

    #[test]
    fn r14_a_role_assignment_names_its_vault_and_cites_as_the_activity_log() {
        // R14: role assignments are Resource Manager operations, cited from the Activity log.
        let mut e = entry("Key Vault Secrets User for ade-app");
        e.caller = "admin@contoso.com".to_owned();
        assert_eq!(e.vault(), "kv");
        assert_eq!(
            e.cite(),
            "activity log #2 2026-01-02 admin@contoso.com \
             Microsoft.Authorization/roleAssignments/delete kv (Key Vault Secrets User for ade-app)"
        );
        e.resource_id =
            "/subscriptions/sub1/providers/Microsoft.KeyVault/locations/westeurope/deletedVaults/kv2"
                .to_owned();
        assert_eq!(e.vault(), "kv2");
    }
}
