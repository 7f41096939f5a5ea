//! The command language's syntax tree.
//!
//! One grammar serves the console, scenario files, share links, the CLI and the "real commands"
//! view. Real `az` commands keep their real names and flags; simulation-only verbs start with
//! `sim`. The parser (`lang`) turns text into these values and the printer turns them back into one
//! canonical line that parses to the same value.

use serde::{Deserialize, Serialize};

use crate::error::ErrorCode;

// Re-exported while health.rs still names them through the command language.
pub(crate) use crate::time::{Date, SimDuration};
pub(crate) use crate::vocab::{KeyPerm, KeyType, Role, SecretPerm, VolumeType};

/// How a command names a principal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PrincipalRef {
    /// `--spn NAME`: a service principal (or a built-in platform identity such as `platform-ade`).
    Spn(String),
    /// `--upn NAME`: a user, e.g. `admin@contoso.com`.
    Upn(String),
    /// `--object-id ID`: any principal by object id.
    ObjectId(String),
}

/// How a command names one version of a key or secret.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VersionRef {
    /// A full version id or a unique prefix of one.
    Id(String),
    /// `@N`: the N-th version in order of creation, counting from 1.
    Ordinal(u32),
}

/// What `sim expect` asserts about the previous command's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Expectation {
    /// `sim expect ok`
    Ok,
    /// `sim expect error <Code>`: one of Azure's codes (`Forbidden`, `VmBootLocked`, ...).
    Error(ErrorCode),
}

/// One line of the command language.
///
/// Names of resources are plain strings; the world resolves them. Optional flags are `Option`s so
/// the printer can reproduce exactly what was given, in canonical order.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Command {
    // ---- Entra ID and RBAC ----
    /// `az ad sp create-for-rbac --name NAME`
    SpCreate { name: String },
    /// `az role assignment create --assignee P --role "ROLE" --scope VAULT`
    RoleAssignmentCreate {
        assignee: String,
        role: Role,
        scope: String,
    },
    /// `az role assignment delete --assignee P --role "ROLE" --scope VAULT`
    RoleAssignmentDelete {
        assignee: String,
        role: Role,
        scope: String,
    },

    // ---- Key vaults ----
    /// `az keyvault create --name N --resource-group RG --location L [flags]`
    VaultCreate {
        name: String,
        resource_group: String,
        location: String,
        subscription: Option<String>,
        enabled_for_disk_encryption: Option<bool>,
        enabled_for_deployment: Option<bool>,
        enabled_for_template_deployment: Option<bool>,
        retention_days: Option<u32>,
        enable_purge_protection: Option<bool>,
        enable_rbac_authorization: Option<bool>,
        no_self_perms: bool,
    },
    /// `az keyvault update --name N [switches]`
    VaultUpdate {
        name: String,
        enabled_for_disk_encryption: Option<bool>,
        enabled_for_deployment: Option<bool>,
        enabled_for_template_deployment: Option<bool>,
        enable_purge_protection: Option<bool>,
        enable_rbac_authorization: Option<bool>,
    },
    /// `az keyvault set-policy --name N --spn|--upn|--object-id P [--key-permissions ..] [--secret-permissions ..]`
    SetPolicy {
        vault: String,
        principal: PrincipalRef,
        key_permissions: Option<Vec<KeyPerm>>,
        secret_permissions: Option<Vec<SecretPerm>>,
    },
    /// `az keyvault delete-policy --name N --spn|--upn|--object-id P`
    DeletePolicy {
        vault: String,
        principal: PrincipalRef,
    },
    /// `az keyvault delete --name N`
    VaultDelete { name: String },
    /// `az keyvault recover --name N`
    VaultRecover { name: String },
    /// `az keyvault purge --name N`
    VaultPurge { name: String },
    /// `az keyvault show --name N`
    VaultShow { name: String },

    // ---- Keys ----
    /// `az keyvault key create --vault-name V --name K [--kty RSA] [--size 3072]`
    KeyCreate {
        vault: String,
        name: String,
        kty: Option<KeyType>,
        size: Option<u32>,
    },
    /// `az keyvault key rotate --vault-name V --name K`
    KeyRotate { vault: String, name: String },
    /// `az keyvault key delete --vault-name V --name K`
    KeyDelete { vault: String, name: String },
    /// `az keyvault key recover --vault-name V --name K`
    KeyRecover { vault: String, name: String },
    /// `az keyvault key purge --vault-name V --name K`
    KeyPurge { vault: String, name: String },
    /// `az keyvault key show --vault-name V --name K [--version VER]`
    KeyShow {
        vault: String,
        name: String,
        version: Option<VersionRef>,
    },
    /// `az keyvault key list-versions --vault-name V --name K`
    KeyListVersions { vault: String, name: String },
    /// `az keyvault key set-attributes --vault-name V --name K [--version VER] [--enabled B] [--expires DATE]`
    KeySetAttributes {
        vault: String,
        name: String,
        version: Option<VersionRef>,
        enabled: Option<bool>,
        expires: Option<Date>,
    },
    /// `az keyvault key backup --vault-name V --name K --file F`
    KeyBackup {
        vault: String,
        name: String,
        file: String,
    },
    /// `az keyvault key restore --vault-name V --file F`
    KeyRestore { vault: String, file: String },
    /// `az keyvault key rotation-policy update --vault-name V --name K --expires-in DAYS`:
    /// rotate automatically every DAYS days (R34). The real CLI takes a JSON policy file; Keyfall
    /// takes the one field it models.
    KeyRotationPolicyUpdate {
        vault: String,
        name: String,
        rotate_every_days: u32,
    },

    // ---- Secrets ----
    /// `az keyvault secret set --vault-name V --name S --value X [--content-type T] [--tags k=v ..]`
    SecretSet {
        vault: String,
        name: String,
        value: String,
        content_type: Option<String>,
        tags: Vec<(String, String)>,
    },
    /// `az keyvault secret show --vault-name V --name S [--version VER]`
    SecretShow {
        vault: String,
        name: String,
        version: Option<VersionRef>,
    },
    /// `az keyvault secret delete --vault-name V --name S`
    SecretDelete { vault: String, name: String },
    /// `az keyvault secret recover --vault-name V --name S`
    SecretRecover { vault: String, name: String },
    /// `az keyvault secret purge --vault-name V --name S`
    SecretPurge { vault: String, name: String },
    /// `az keyvault secret list-versions --vault-name V --name S`
    SecretListVersions { vault: String, name: String },
    /// `az keyvault secret set-attributes --vault-name V --name S [--version VER] [--enabled B] [--expires DATE]`
    SecretSetAttributes {
        vault: String,
        name: String,
        version: Option<VersionRef>,
        enabled: Option<bool>,
        expires: Option<Date>,
    },
    /// `az keyvault secret backup --vault-name V --name S --file F`
    SecretBackup {
        vault: String,
        name: String,
        file: String,
    },
    /// `az keyvault secret restore --vault-name V --file F`
    SecretRestore { vault: String, file: String },

    // ---- Virtual machines and ADE ----
    /// `az vm create --name N --resource-group RG --location L --image I [--subscription S] [--os-disk-encryption-set DES]`
    VmCreate {
        name: String,
        resource_group: String,
        location: String,
        image: String,
        subscription: Option<String>,
        os_disk_encryption_set: Option<String>,
    },
    /// `az vm encryption enable --name N --resource-group RG --disk-encryption-keyvault V
    /// [--key-encryption-key K] [--key-encryption-key-version VER] [--volume-type T]
    /// [--aad-client-id APP --aad-client-secret ***]`
    EncryptionEnable {
        vm: String,
        resource_group: String,
        vault: String,
        key_encryption_key: Option<String>,
        key_encryption_key_version: Option<VersionRef>,
        volume_type: Option<VolumeType>,
        /// The legacy dual-pass flow's app (R15); `None` is the single-pass flow (R16). The client
        /// secret is never kept: the printer writes `***`.
        aad_client_id: Option<String>,
    },
    /// `az vm encryption disable --name N --resource-group RG`
    EncryptionDisable { vm: String, resource_group: String },
    /// `az vm encryption show --name N --resource-group RG`
    EncryptionShow { vm: String, resource_group: String },
    /// `az vm restart --name N --resource-group RG`
    VmRestart { vm: String, resource_group: String },
    /// `az vm stop --name N --resource-group RG`
    VmStop { vm: String, resource_group: String },
    /// `az vm deallocate --name N --resource-group RG`
    VmDeallocate { vm: String, resource_group: String },
    /// `az vm start --name N --resource-group RG`
    VmStart { vm: String, resource_group: String },

    // ---- Disk Encryption Sets (SSE with customer-managed keys) ----
    /// `az disk-encryption-set create --name N --resource-group RG --location L --source-vault V
    /// --key-url https://V.vault.azure.net/keys/K[/VER] [--enable-auto-key-rotation B]`
    DesCreate {
        name: String,
        resource_group: String,
        location: String,
        source_vault: String,
        key: String,
        key_version: Option<String>,
        enable_auto_key_rotation: Option<bool>,
    },

    // ---- Azure Backup ----
    /// `az backup vault create --name N --resource-group RG --location L`
    BackupVaultCreate {
        name: String,
        resource_group: String,
        location: String,
    },
    /// `az backup protection enable-for-vm --vault-name R --resource-group RG --vm VM --policy-name P`
    BackupProtect {
        vault: String,
        resource_group: String,
        vm: String,
        policy: String,
    },
    /// `az backup protection backup-now --vault-name R --resource-group RG --container-name C --item-name I`
    BackupNow {
        vault: String,
        resource_group: String,
        container: String,
        item: String,
    },
    /// `az backup recoverypoint list --vault-name R --resource-group RG --container-name C --item-name I`
    RecoveryPointList {
        vault: String,
        resource_group: String,
        container: String,
        item: String,
    },
    /// `az backup restore restore-disks --vault-name R --resource-group RG --container-name C
    /// --item-name I --rp-name RP --storage-account SA`
    RestoreDisks {
        vault: String,
        resource_group: String,
        container: String,
        item: String,
        rp: String,
        storage_account: String,
    },

    // ---- Simulation verbs ----
    /// `sim as PRINCIPAL <command>`
    As {
        principal: String,
        command: Box<Command>,
    },
    /// `sim advance 30d`
    Advance(SimDuration),
    /// `sim write VM PATH "CONTENT"`
    Write {
        vm: String,
        path: String,
        content: String,
    },
    /// `sim read VM PATH`
    Read { vm: String, path: String },
    /// `sim restore-keys RSV ITEM RP --vault V`
    RestoreKeys {
        rsv: String,
        item: String,
        rp: String,
        vault: String,
    },
    /// `sim restore-vm RSV ITEM RP --name NEW`
    RestoreVm {
        rsv: String,
        item: String,
        rp: String,
        name: String,
    },
    /// `sim expect ok | error CODE`
    Expect(Expectation),
}
