//! The catalogue of faults: real causes of encrypted VMs that will not boot or restore, each
//! made by az commands and undone by az commands. A fault is in the catalogue only when the
//! health report shows it (docs/challenges.md lists each with its Microsoft source).

use super::estate::{DES_ROLE, Use, VaultPlan, des_grant};

crate::vocab::vocabulary! {
    /// A fault of the catalogue, as docs/challenges.md names it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum FaultKind {
        /// The ADE vault's `enabledForDiskEncryption` switch turned off (R10, R16, R17).
        DiskEncryptionSwitchOff = "disk-encryption-switch-off",
        /// The KEK deleted: soft-deleted, waiting in retention (R17, R21).
        KekSoftDeleted = "kek-soft-deleted",
        /// The KEK's version disabled (R7, R17).
        KekDisabled = "kek-disabled",
        /// The customer-managed key's version disabled (R33).
        CmkDisabled = "cmk-disabled",
        /// The Disk Encryption Set's identity lost its access to the key (R32, R33).
        DesAccessRevoked = "des-access-revoked",
        /// The customer-managed key expired, then the VM was deallocated (R7, R33).
        CmkExpiredBeforeRestart = "cmk-expired-before-restart",
        /// An access-policy vault moved to Azure RBAC without a role for the set's identity (R11, R32).
        RbacMoveWithoutRole = "rbac-move-without-role",
        /// The whole vault deleted: soft-deleted, waiting in retention; recovered, an RBAC vault
        /// comes back without its role assignments (R21, R23).
        VaultSoftDeleted = "vault-soft-deleted",
    }
}

/// The date an expired key expired, before the world's first day (2026-01-01).
const EXPIRED: &str = "2025-12-01T00:00:00Z";
/// A year after the world's first day: the expiry the fix sets.
const RENEWED: &str = "2027-01-01T00:00:00Z";

/// Where on a vault's path to its keys a fault strikes. Two faults share a vault only as one
/// of each: a permission that stops the caller at the vault's door, and the key behind it.
/// The door fails first (the platform reads the BEK through the switch before it unwraps it;
/// the vault refuses a caller without access before it looks at the key), so the door hides
/// the key from the health report until it is fixed, and each needs its own fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layer {
    /// Who may call: the disk-encryption switch, the set's policy or role.
    Access,
    /// What is called: the key's state.
    Key,
}

impl FaultKind {
    /// Where the fault strikes, when it can share its vault. A deleted vault and a move to RBAC
    /// shut everyone out, the admin too (who then cannot make or undo a key's fault), so
    /// they break a vault alone.
    pub(super) fn layer(self) -> Option<Layer> {
        match self {
            FaultKind::DiskEncryptionSwitchOff | FaultKind::DesAccessRevoked => Some(Layer::Access),
            FaultKind::KekSoftDeleted
            | FaultKind::KekDisabled
            | FaultKind::CmkDisabled
            | FaultKind::CmkExpiredBeforeRestart => Some(Layer::Key),
            FaultKind::RbacMoveWithoutRole | FaultKind::VaultSoftDeleted => None,
        }
    }

    /// Whether this fault can break `v`.
    pub(super) fn fits(self, v: &VaultPlan) -> bool {
        match self {
            FaultKind::DiskEncryptionSwitchOff
            | FaultKind::KekSoftDeleted
            | FaultKind::KekDisabled => v.uses == Use::Ade,
            FaultKind::CmkDisabled
            | FaultKind::DesAccessRevoked
            | FaultKind::CmkExpiredBeforeRestart => v.uses == Use::Cmk,
            FaultKind::RbacMoveWithoutRole => v.uses == Use::Cmk && !v.rbac,
            FaultKind::VaultSoftDeleted => true,
        }
    }

    /// The VM whose health entry tells this fault's story: the one it stops, or the vault's first.
    pub(super) fn victim(self, v: &VaultPlan) -> String {
        v.vms.first().cloned().unwrap_or_default()
    }

    /// The commands that make the fault, as someone ran them, and the fewest the generator
    /// knows that undo it, side by side.
    pub(super) fn script(self, v: &VaultPlan, group: &str) -> (Vec<String>, Vec<String>) {
        let (vault, key, id) = (&v.name, &v.key, &v.id);
        let des = v.des.as_deref().unwrap_or_default();
        let one = |make: String, fix: String| (vec![make], vec![fix]);
        match self {
            FaultKind::DiskEncryptionSwitchOff => one(
                format!("az keyvault update --name {vault} --enabled-for-disk-encryption false"),
                format!("az keyvault update --name {vault} --enabled-for-disk-encryption true"),
            ),
            FaultKind::KekSoftDeleted => one(
                format!("az keyvault key delete --vault-name {vault} --name {key}"),
                format!("az keyvault key recover --vault-name {vault} --name {key}"),
            ),
            FaultKind::KekDisabled | FaultKind::CmkDisabled => {
                let enabled = |on: bool| {
                    format!(
                        "az keyvault key set-attributes --vault-name {vault} --name {key} --enabled {on}"
                    )
                };
                one(enabled(false), enabled(true))
            }
            FaultKind::DesAccessRevoked => one(
                if v.rbac {
                    format!(
                        "az role assignment delete --assignee {des} --role \"{DES_ROLE}\" --scope {id}"
                    )
                } else {
                    format!("az keyvault delete-policy --name {vault} --spn {des}")
                },
                des_grant(v.rbac, vault, des, id),
            ),
            FaultKind::CmkExpiredBeforeRestart => {
                // The key expires, then the VM is deallocated: its next start must wrap with the
                // expired key. The fix renews the key, then starts the VM.
                let expires = |date: &str| {
                    format!(
                        "az keyvault key set-attributes --vault-name {vault} --name {key} --expires {date}"
                    )
                };
                let vm = |verb: &str| {
                    format!(
                        "az vm {verb} --name {} --resource-group {group}",
                        self.victim(v)
                    )
                };
                (
                    vec![expires(EXPIRED), vm("deallocate")],
                    vec![expires(RENEWED), vm("start")],
                )
            }
            FaultKind::RbacMoveWithoutRole => one(
                format!("az keyvault update --name {vault} --enable-rbac-authorization true"),
                des_grant(true, vault, des, id),
            ),
            FaultKind::VaultSoftDeleted => {
                let mut fix = vec![format!("az keyvault recover --name {vault}")];
                // Role assignments do not come back with the vault (R23). Only the set's identity
                // needs one for the report: ADE's platform acts through the vault switch.
                if v.rbac && v.uses == Use::Cmk {
                    fix.push(des_grant(true, vault, des, id));
                }
                (vec![format!("az keyvault delete --name {vault}")], fix)
            }
        }
    }

    /// The last hint: what kind of repair the chain points to, without the command.
    pub(super) fn advice(self) -> &'static str {
        match self {
            FaultKind::DiskEncryptionSwitchOff => {
                "Azure Disk Encryption's platform reads the BEK and unwraps it through the vault's enabledForDiskEncryption switch; no role or policy replaces it."
            }
            FaultKind::KekSoftDeleted => {
                "A deleted key is only soft-deleted until its retention ends: it can be recovered, with every version."
            }
            FaultKind::KekDisabled | FaultKind::CmkDisabled => {
                "A disabled key version refuses every operation, unwrap included; it can be enabled again."
            }
            FaultKind::DesAccessRevoked => {
                "A Disk Encryption Set's identity needs get, wrapKey and unwrapKey on its key (RBAC: Key Vault Crypto Service Encryption User)."
            }
            FaultKind::CmkExpiredBeforeRestart => {
                "An expired key still unwraps, but each start re-wraps the disk's key, and wrap refuses an expired key. Extend the expiry, then start the VM."
            }
            FaultKind::RbacMoveWithoutRole => {
                "Moving a vault to Azure RBAC keeps its access policies and ignores them: every identity needs a role instead."
            }
            FaultKind::VaultSoftDeleted => {
                "A deleted vault is only soft-deleted until its retention ends: it can be recovered with its keys, secrets and access policies, but not its role assignments."
            }
        }
    }
}
