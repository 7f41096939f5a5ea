//! The command language's syntax tree.
//!
//! One grammar serves the console, scenario files, share links, the CLI and the "real commands"
//! view. Real `az` commands keep their real names and flags; simulation-only verbs start with
//! `sim`. The parser (`lang`) turns text into these values and the printer turns them back into one
//! canonical line that parses to the same value.

use serde::{Deserialize, Serialize};

use crate::asset::PointRef;
use crate::error::ErrorCode;

use crate::time::{Date, Period, SimDuration};
use crate::vocab::{
    KeyEncryptionAlgorithm, KeyPerm, KeyType, ObjectKind, Power, Role, SecretPerm, Sku, VolumeType,
};

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

/// How `az vm encryption enable` names a key vault (`--disk-encryption-keyvault`,
/// `--key-encryption-keyvault`): a name, which az resolves in the command's resource group and
/// the current subscription, or a full Resource Manager id (azure-cli
/// `process_disk_encryption_namespace`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VaultRef {
    /// `kv-ade`
    Name(String),
    /// `/subscriptions/SUB/resourceGroups/RG/providers/Microsoft.KeyVault/vaults/NAME`
    Id {
        subscription: String,
        resource_group: String,
        name: String,
    },
}

impl VaultRef {
    /// The vault's name, however it was given.
    pub fn name(&self) -> &str {
        match self {
            VaultRef::Name(n) | VaultRef::Id { name: n, .. } => n,
        }
    }
}

impl From<&str> for VaultRef {
    fn from(name: &str) -> VaultRef {
        VaultRef::Name(name.to_owned())
    }
}

/// How `--key-encryption-key` names the KEK: a key name, which az resolves to the key's current
/// version with a `key get` (azure-cli `_get_keyvault_key_url`), or a key identifier, which az
/// passes on as it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum KeyRef {
    /// `kek`
    Name(String),
    /// `https://VAULT.vault.azure.net/keys/NAME[/VERSION]`
    Url {
        vault: String,
        name: String,
        version: Option<String>,
    },
}

impl KeyRef {
    /// The key's name, however it was given.
    pub fn name(&self) -> &str {
        match self {
            KeyRef::Name(n) | KeyRef::Url { name: n, .. } => n,
        }
    }
}

impl From<&str> for KeyRef {
    fn from(name: &str) -> KeyRef {
        KeyRef::Name(name.to_owned())
    }
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
    // ---- Signing in: az's session set-up, accepted so pasted blocks run ----
    /// `az login [--use-device-code] [--tenant T]`: the console is signed in already.
    Login,
    /// `az account set --subscription S`
    AccountSet { subscription: String },
    /// `az group create --name G --location L`
    GroupCreate { name: String, location: String },
    /// `az group show --name G`
    GroupShow { name: String },
    /// `az group list`
    GroupList,
    /// `az group delete --name G [--yes]`: only an empty group (deleting resources with their
    /// group is not modelled).
    GroupDelete { name: String },
    /// `az account show`: the signed-in user's default subscription.
    AccountShow,
    /// `az account list`: the signed-in user's subscriptions.
    AccountList,
    /// `az provider register --namespace NS [--wait]`: the providers Keyfall models are
    /// registered already.
    ProviderRegister { namespace: String, wait: bool },
    /// `az feature register|show --namespace NS --name F`: a preview feature of the default
    /// subscription (Keyfall knows `Microsoft.Compute/EncryptionAtHost`).
    Feature {
        op: FeatureOp,
        namespace: String,
        name: String,
    },

    // ---- Entra ID and RBAC ----
    /// `az ad sp create-for-rbac --name NAME`
    SpCreate { name: Option<String> },
    /// `az role assignment create --assignee P --role "ROLE" --scope VAULT`
    RoleAssignmentCreate(RoleAssignment),
    /// `az role assignment delete --assignee P --role "ROLE" --scope VAULT`
    RoleAssignmentDelete(RoleAssignmentDelete),
    /// `az role assignment list [--assignee A] [--scope S | -g G] [--all]`
    RoleAssignmentList {
        assignee: Option<String>,
        scope: Option<String>,
        /// `-g`: the group's scope, when no `--scope`.
        resource_group: Option<String>,
        all: bool,
    },

    // ---- Key vaults ----
    /// `az keyvault create --name N --resource-group RG --location L [flags]`
    VaultCreate(VaultCreate),
    /// `az keyvault update --name N [switches]`
    VaultUpdate(VaultUpdate),
    /// `az keyvault set-policy --name N --spn|--upn|--object-id P [--key-permissions ..] [--secret-permissions ..]`
    SetPolicy(SetPolicy),
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
    /// `az keyvault list [--resource-group RG]`: the live vaults of the subscription.
    VaultList { resource_group: Option<String> },
    /// `az keyvault list-deleted`: the soft-deleted vaults of the subscription (R21).
    VaultListDeleted,
    /// `az keyvault show-deleted --name N`: one soft-deleted vault (R21).
    VaultShowDeleted { name: String },

    // ---- Keys ----
    /// `az keyvault key create --vault-name V --name K [--kty RSA] [--size 3072] [--expires D]
    /// [--not-before D]`; `--protection hsm|software` is read into `kty` as az's
    /// `validate_key_type` does, and `--ops` is accepted and not kept.
    KeyCreate(KeyCreate),
    /// `az keyvault key rotate --vault-name V --name K`
    KeyRotate { vault: String, name: String },
    /// `az keyvault key rotation-policy update --vault-name V --name K --value JSON`: the key's
    /// rotation policy (R34), read from az's JSON as azure-cli's `update_key_rotation_policy`
    /// reads it.
    KeyRotationPolicyUpdate {
        vault: String,
        name: String,
        policy: RotationPolicySpec,
    },
    /// `az keyvault key rotation-policy show --vault-name V --name K`
    KeyRotationPolicyShow { vault: String, name: String },

    // ---- Secrets ----
    /// `az keyvault secret set --vault-name V --name S --value X [--content-type T] [--tags k=v ..]`
    SecretSet(SecretSet),

    // ---- What keys and secrets share ----
    /// `az keyvault key|secret <op> --vault-name V --name N [flags]`: az's verbs that keys and
    /// secrets both have, as one command with the kind of object it is about.
    Object {
        kind: ObjectKind,
        object: ObjectRef,
        op: ObjectOp,
    },
    /// `az keyvault key|secret restore --vault-name V --file F`: the name comes from the file.
    ObjectRestore {
        kind: ObjectKind,
        vault: String,
        file: String,
    },

    /// `az keyvault key|secret list --vault-name V`, and `list-deleted` when `deleted` (R21).
    ObjectList {
        kind: ObjectKind,
        vault: String,
        deleted: bool,
    },

    // ---- Virtual machines and ADE ----
    /// `az vm create --name N --resource-group RG --location L --image I [--subscription S] [--os-disk-encryption-set DES]`
    VmCreate(VmCreate),
    /// `az vm encryption enable --name N --resource-group RG --disk-encryption-keyvault V [flags]`
    EncryptionEnable(EncryptionEnable),
    /// `az vm encryption disable --name N --resource-group RG [--volume-type T] [--force]`
    EncryptionDisable {
        vm: String,
        resource_group: String,
        volume_type: Option<VolumeType>,
        /// az's `--force`: go on despite its own check on Linux (azure-cli `decrypt_vm`).
        force: bool,
    },
    /// `az vm encryption show --name N --resource-group RG`
    EncryptionShow { vm: String, resource_group: String },
    /// `az vm show --name N --resource-group RG [--show-details]`
    VmShow {
        vm: String,
        resource_group: String,
        details: bool,
    },
    /// `az vm list [--resource-group RG] [--show-details]`
    VmList {
        resource_group: Option<String>,
        details: bool,
    },
    /// `az disk show|create|grant-access|revoke-access|delete|list`: managed disks of their own, as
    /// Learn's migration from ADE copies them (docs/fidelity.md, "Managed disks").
    Disk(DiskOp),
    /// `azcopy copy SOURCE DESTINATION [--blob-type T]`: AzCopy, not az, copying one disk's
    /// bytes into another through the SAS URLs `az disk grant-access` printed.
    AzCopy(AzCopy),
    /// `az vm restart|stop|deallocate|start --name N --resource-group RG`
    VmPower {
        power: Power,
        vm: String,
        resource_group: String,
    },
    /// `az vm update --name N --resource-group RG --set securityProfile.encryptionAtHost=B`: the
    /// one property Keyfall's `--set` takes.
    VmUpdate {
        vm: String,
        resource_group: String,
        encryption_at_host: bool,
    },
    /// `az vm delete --name N --resource-group RG [--yes]`: the VM and its disks (Keyfall's
    /// disks live with their VM).
    VmDelete { vm: String, resource_group: String },

    // ---- Disk Encryption Sets (SSE with customer-managed keys) ----
    /// `az disk-encryption-set create --name N --resource-group RG --location L --source-vault V
    /// --key-url URL [--enable-auto-key-rotation B]`
    DesCreate(DesCreate),
    /// `az disk-encryption-set show --name N --resource-group RG`
    DesShow {
        name: String,
        resource_group: String,
    },
    /// `az disk-encryption-set update --name N --resource-group RG [--source-vault V --key-url URL]
    /// [--enable-auto-key-rotation B]`: the new key as vault, name and version segment.
    DesUpdate {
        name: String,
        resource_group: String,
        key_url: Option<(String, String, Option<VersionRef>)>,
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
    /// `az backup protection backup-now --vault-name R --resource-group RG --container-name C
    /// --item-name I [--retain-until DD-MM-YYYY]`
    BackupNow(BackupItem, Option<Date>),
    /// `az backup recoverypoint list --vault-name R --resource-group RG --container-name C --item-name I`
    RecoveryPointList(BackupItem),
    /// `az backup restore restore-disks --vault-name R --resource-group RG --container-name C
    /// --item-name I --rp-name RP --storage-account SA`
    RestoreDisks {
        item: BackupItem,
        rp: String,
        storage_account: String,
        /// `--target-resource-group`: az restores managed disks there; Keyfall records it.
        target_resource_group: Option<String>,
    },
    /// `az backup vault delete --name R --resource-group RG [--force] [--yes]`: refused while
    /// the vault holds protected or soft-deleted items, unless `--force` deletes them first
    /// (azure-cli `delete_vault`, `_force_delete_vault`).
    BackupVaultDelete {
        name: String,
        resource_group: String,
        force: bool,
    },
    /// `az backup protection disable --vault-name R --resource-group RG --container-name C
    /// --item-name I [--delete-backup-data B] [--yes]`: stop protection and keep the recovery
    /// points, or with `--delete-backup-data true` delete them (soft-deleted for 14 days).
    BackupProtectionDisable {
        item: BackupItem,
        delete_backup_data: bool,
    },
    /// `az backup recoverypoint show --vault-name R --resource-group RG --container-name C
    /// --item-name I --name RP`
    RecoveryPointShow { item: BackupItem, name: String },
    /// `az backup vault show --name R --resource-group RG`
    BackupVaultShow {
        name: String,
        resource_group: String,
    },
    /// `az backup vault list [--resource-group RG]`
    BackupVaultList { resource_group: Option<String> },
    /// `az backup item list --vault-name R --resource-group RG`
    BackupItemList {
        vault: String,
        resource_group: String,
    },
    /// `az backup job list --vault-name R --resource-group RG`
    BackupJobList {
        vault: String,
        resource_group: String,
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
    RestoreKeys { point: PointRef, vault: String },
    /// `sim restore-vm RSV ITEM RP --name NEW`
    RestoreVm { point: PointRef, name: String },
    /// `sim expect ok | error CODE`
    Expect(Expectation),
}

impl Command {
    /// `az vm <power>` of the VM `vm` in `resource_group`.
    pub fn vm_power(power: Power, vm: &str, resource_group: &str) -> Command {
        Command::VmPower {
            power,
            vm: vm.to_owned(),
            resource_group: resource_group.to_owned(),
        }
    }

    /// `az keyvault key|secret <op>` on `vault/name`.
    pub fn object(kind: ObjectKind, vault: &str, name: &str, op: ObjectOp) -> Command {
        Command::Object {
            kind,
            object: ObjectRef::new(vault, name),
            op,
        }
    }

    /// Whether the command can take something away: delete or purge a vault, key or secret,
    /// stop a VM's backups or delete its backup data,
    /// disable a version, remove or replace a permission, turn a vault switch off, or change the
    /// vault's permission model (either way, one model's grants stop counting, R11). Turning a
    /// switch on, or any read, is not. The app previews these with `what_if` before running them.
    pub fn is_destructive(&self) -> bool {
        match self {
            Command::As { command, .. } => command.is_destructive(),
            Command::VaultDelete { .. }
            | Command::VaultPurge { .. }
            | Command::DeletePolicy { .. }
            | Command::SetPolicy(_)
            | Command::RoleAssignmentDelete(_)
            | Command::BackupProtectionDisable { .. }
            | Command::BackupVaultDelete { force: true, .. }
            | Command::VmDelete { .. }
            | Command::Disk(DiskOp::Delete { .. }) => true,
            Command::Object { op, .. } => match op {
                ObjectOp::Delete | ObjectOp::Purge => true,
                ObjectOp::SetAttributes { enabled, .. } => *enabled == Some(false),
                _ => false,
            },
            Command::VaultUpdate(u) => {
                [
                    u.enabled_for_disk_encryption,
                    u.enabled_for_deployment,
                    u.enabled_for_template_deployment,
                ]
                .contains(&Some(false))
                    || u.enable_rbac_authorization.is_some()
            }
            _ => false,
        }
    }
}

/// What `az feature` does with a feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FeatureOp {
    /// `az feature register`.
    Register,
    /// `az feature show`.
    Show,
}

/// A key or a secret, by vault and name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ObjectRef {
    pub vault: String,
    pub name: String,
}

impl ObjectRef {
    pub fn new(vault: impl Into<String>, name: impl Into<String>) -> ObjectRef {
        ObjectRef {
            vault: vault.into(),
            name: name.into(),
        }
    }
}

/// What `az keyvault key|secret` does alike to keys and secrets.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ObjectOp {
    /// `show [--version VER]`
    Show { version: Option<VersionRef> },
    /// `list-versions`
    ListVersions,
    /// `set-attributes [--version VER] [--enabled B] [--expires DATE]` (R7, R8)
    SetAttributes {
        version: Option<VersionRef>,
        enabled: Option<bool>,
        expires: Option<Date>,
        /// `--not-before DATE` (R7).
        not_before: Option<Date>,
    },
    /// `delete`: soft delete (R20).
    Delete,
    /// `recover`: undo a soft delete (R21).
    Recover,
    /// `purge`: delete for good (R22).
    Purge,
    /// `show-deleted`: a soft-deleted object's deletion and its newest version (R21).
    ShowDeleted,
    /// `backup --file F` (R24).
    Backup { file: String },
    /// `download [--version VER] --file F [--encoding E]`: a key's public part, or a secret's
    /// value, written to a local file. `encoding` is az's word as the grammar spells it (PEM or
    /// DER for keys, a text or binary encoding for secrets); `None` leaves az's default.
    /// `overwrite` (`--overwrite`, secrets only) replaces a file already there.
    Download {
        version: Option<VersionRef>,
        file: String,
        encoding: Option<String>,
        overwrite: bool,
    },
}

impl ObjectOp {
    /// The verb as az spells it.
    pub fn verb(&self) -> &'static str {
        match self {
            ObjectOp::Show { .. } => "show",
            ObjectOp::ListVersions => "list-versions",
            ObjectOp::SetAttributes { .. } => "set-attributes",
            ObjectOp::Delete => "delete",
            ObjectOp::Recover => "recover",
            ObjectOp::Purge => "purge",
            ObjectOp::ShowDeleted => "show-deleted",
            ObjectOp::Backup { .. } => "backup",
            ObjectOp::Download { .. } => "download",
        }
    }
}

/// A role assignment as `az role assignment create|delete` names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RoleAssignment {
    pub assignee: String,
    pub role: Role,
    pub scope: String,
}

/// `az role assignment delete`'s filters (azure-cli `delete_role_assignments`): every assignment
/// made exactly at the scope that matches each filter given goes. At least one is given (az
/// 2.68 and later, azure-cli PR 30470); `--scope` and `--resource-group` exclude each other.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RoleAssignmentDelete {
    pub assignee: Option<String>,
    pub role: Option<Role>,
    /// `--scope`; without it, the resource group's scope, or else the subscription's.
    pub scope: Option<String>,
    pub resource_group: Option<String>,
}

impl From<RoleAssignment> for RoleAssignmentDelete {
    /// The filters that pick out exactly `a`.
    fn from(a: RoleAssignment) -> RoleAssignmentDelete {
        RoleAssignmentDelete {
            assignee: Some(a.assignee),
            role: Some(a.role),
            scope: Some(a.scope),
            resource_group: None,
        }
    }
}

/// `az keyvault set-policy`'s arguments: a list given replaces that category, `None` keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SetPolicy {
    pub vault: String,
    pub principal: PrincipalRef,
    pub key_permissions: Option<Vec<KeyPerm>>,
    pub secret_permissions: Option<Vec<SecretPerm>>,
}

/// A protected item as `az backup` names it: `--vault-name R --resource-group RG --container-name C
/// --item-name I`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BackupItem {
    pub vault: String,
    pub resource_group: String,
    pub container: String,
    pub item: String,
}

/// `az keyvault secret set`'s arguments.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SecretSet {
    pub vault: String,
    pub name: String,
    pub value: String,
    pub content_type: Option<String>,
    /// `--tags k=v ...`, in the order given.
    pub tags: Vec<(String, String)>,
    /// The new version's `exp` (R8).
    pub expires: Option<Date>,
    /// The new version's `nbf` (R8).
    pub not_before: Option<Date>,
    /// `--disabled`: the new version is made disabled (R8).
    pub disabled: bool,
}

/// `az keyvault key create`'s arguments.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct KeyCreate {
    pub vault: String,
    pub name: String,
    pub kty: Option<KeyType>,
    pub size: Option<u32>,
    /// The first version's `exp` (R7).
    pub expires: Option<Date>,
    /// The first version's `nbf` (R7).
    pub not_before: Option<Date>,
    /// `--disabled`: the first version is made disabled (R7).
    pub disabled: bool,
}

/// `az keyvault create`'s arguments.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VaultCreate {
    pub name: String,
    pub resource_group: String,
    pub location: String,
    pub subscription: Option<String>,
    /// `--sku`: standard unless given, as in az's `create_vault`.
    pub sku: Option<Sku>,
    pub enabled_for_disk_encryption: Option<bool>,
    pub enabled_for_deployment: Option<bool>,
    pub enabled_for_template_deployment: Option<bool>,
    pub retention_days: Option<u32>,
    pub enable_purge_protection: Option<bool>,
    pub enable_rbac_authorization: Option<bool>,
    pub no_self_perms: bool,
}

/// `az keyvault update`'s arguments: each switch given, or `None` to leave it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VaultUpdate {
    pub name: String,
    pub enabled_for_disk_encryption: Option<bool>,
    pub enabled_for_deployment: Option<bool>,
    pub enabled_for_template_deployment: Option<bool>,
    pub enable_purge_protection: Option<bool>,
    pub enable_rbac_authorization: Option<bool>,
}

/// `az vm create`'s arguments.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VmCreate {
    pub name: String,
    pub resource_group: String,
    pub location: String,
    pub image: String,
    pub subscription: Option<String>,
    /// `--os-disk-encryption-set`: a set's name or ARM id.
    pub os_disk_encryption_set: Option<String>,
    /// `--size`; az's default is `Standard_DS1_v2`.
    pub size: Option<String>,
    /// `--admin-username`.
    pub admin_username: Option<String>,
    /// Whether `--admin-password` was given; the password itself is never kept (the printer
    /// writes `***`).
    pub admin_password: bool,
    /// `--generate-ssh-keys`.
    pub generate_ssh_keys: bool,
    /// `--encryption-at-host`: encrypt the temp disk, caches and data flows on the host.
    pub encryption_at_host: Option<bool>,
    /// `--data-disk-sizes-gb`, one data disk each.
    pub data_disk_sizes_gb: Vec<u32>,
    /// `--data-disk-encryption-sets`, a set (name or ARM id) for each data disk, in order.
    pub data_disk_encryption_sets: Vec<String>,
    /// `--attach-os-disk`: an existing managed disk as the OS disk, in place of `--image`.
    pub attach_os_disk: Option<String>,
    /// `--os-type Windows|Linux`, which az requires with `--attach-os-disk`.
    pub os_type: Option<String>,
}

/// What `az disk` does to a managed disk.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DiskOp {
    /// `az disk show --name N --resource-group RG`: a VM's OS or data disk, or one of its own.
    Show {
        name: String,
        resource_group: String,
    },
    Create(DiskCreate),
    GrantAccess(DiskGrant),
    /// `az disk revoke-access --name N --resource-group RG`
    RevokeAccess {
        name: String,
        resource_group: String,
    },
    /// `az disk delete --name N --resource-group RG [--yes]`
    Delete {
        name: String,
        resource_group: String,
    },
    /// `az disk list [--resource-group RG]`
    List {
        resource_group: Option<String>,
    },
}

/// `az disk grant-access --name N --resource-group RG --duration-in-seconds S
/// [--access-level Read|Write]`'s arguments.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DiskGrant {
    pub name: String,
    pub resource_group: String,
    /// `--access-level Write`: a SAS to upload into the disk; else Read.
    pub write: bool,
    pub duration_secs: u64,
}

/// `az disk create`'s arguments: an empty disk to upload into, or a copy of another disk.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DiskCreate {
    pub name: String,
    pub resource_group: String,
    pub location: String,
    /// `--upload-type Upload|UploadWithSecurityData`; `--for-upload` (deprecated) means `Upload`.
    pub upload_type: Option<String>,
    /// Whether the line said `--for-upload`, so the printer writes it back as it was typed.
    pub for_upload: bool,
    /// `--upload-size-bytes`: the VHD's size, footer included.
    pub upload_size_bytes: Option<u64>,
    /// `--source`: a disk's name or id, copied (`createOption: Copy`).
    pub source: Option<String>,
    /// `--size-gb`: an empty disk, which Keyfall does not model (it says so).
    pub size_gb: Option<u32>,
    /// `--os-type Windows|Linux`.
    pub os_type: Option<String>,
    /// `--sku`, recorded.
    pub sku: Option<String>,
    /// `--hyper-v-generation V1|V2`, recorded.
    pub hyper_v_generation: Option<String>,
}

/// `az vm encryption enable`'s arguments, as azure-cli's `encrypt_vm` takes them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EncryptionEnable {
    pub vm: String,
    pub resource_group: String,
    /// `--disk-encryption-keyvault`: where the BEK secret goes.
    pub vault: VaultRef,
    /// `--key-encryption-keyvault`: the KEK's vault; az defaults it to the disk-encryption vault.
    pub key_encryption_keyvault: Option<VaultRef>,
    pub key_encryption_key: Option<KeyRef>,
    /// `--key-encryption-algorithm`; az's default is `RSA-OAEP`.
    pub key_encryption_algorithm: Option<KeyEncryptionAlgorithm>,
    pub volume_type: Option<VolumeType>,
    /// `--encrypt-format-all`: format data disks instead of encrypting them in place (Linux).
    pub encrypt_format_all: bool,
    /// `--force`: turn az's own vault checks into warnings.
    pub force: bool,
    /// The legacy dual-pass flow's app (R15); `None` is the single-pass flow (R16).
    pub aad_client_id: Option<String>,
    /// Whether `--aad-client-secret` was given. The secret itself is never kept: the printer
    /// writes `***`.
    pub aad_client_secret: bool,
    /// `--aad-client-cert-thumbprint`: the app signs in with a certificate instead (recorded).
    pub aad_client_cert_thumbprint: Option<String>,
}

/// `azcopy copy`'s arguments: the two SAS URLs and the blob type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AzCopy {
    /// The URL read, with its SAS: a disk's Read SAS in Learn's copy.
    pub source: String,
    /// The URL written, with its SAS: the upload disk's Write SAS.
    pub destination: String,
    /// `--blob-type`; a managed disk takes `PageBlob`.
    pub blob_type: Option<String>,
}

/// `az disk-encryption-set create`'s arguments.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DesCreate {
    pub name: String,
    pub resource_group: String,
    pub location: String,
    pub source_vault: String,
    /// The key's name, read from `--key-url`.
    pub key: String,
    /// The version segment of `--key-url`, if any: a version id, or Keyfall's `@N` (the N-th
    /// version, as `--version @N` takes it). Azure refuses a URL without one (R32).
    pub key_version: Option<VersionRef>,
    pub enable_auto_key_rotation: Option<bool>,
}

#[cfg(test)]
mod tests {
    use crate::lang::parse_line;

    fn destructive(line: &str) -> bool {
        parse_line(line)
            .expect("parses")
            .expect("a command")
            .is_destructive()
    }

    #[test]
    fn destructive_means_something_can_be_taken_away() {
        for line in [
            "az keyvault purge --name kv",
            "az keyvault key delete --vault-name kv --name kek",
            "az keyvault secret purge --vault-name kv --name s",
            "az keyvault key set-attributes --vault-name kv --name kek --enabled false",
            "az keyvault update --name kv --enabled-for-disk-encryption false",
            "az keyvault update --name kv --enable-rbac-authorization true",
            "az keyvault set-policy --name kv --spn app --key-permissions get",
            "sim as app az keyvault key purge --vault-name kv --name kek",
        ] {
            assert!(destructive(line), "{line}");
        }
        for line in [
            "az keyvault key recover --vault-name kv --name k",
            "az keyvault key set-attributes --vault-name kv --name kek --enabled true",
            "az keyvault update --name kv --enabled-for-disk-encryption true",
            "az keyvault update --name kv --enable-purge-protection true",
            "az keyvault secret show --vault-name kv --name s",
        ] {
            assert!(!destructive(line), "{line}");
        }
    }
}

/// What a rotation policy's lifetime action does when its trigger is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PolicyAction {
    /// Make a new key version (`KeyRotateIfDue`).
    Rotate,
    /// Send an Event Grid notification (`Microsoft.KeyVault.KeyNearExpiry`).
    Notify,
}

impl PolicyAction {
    /// az's and Key Vault's spelling.
    pub const fn name(self) -> &'static str {
        match self {
            PolicyAction::Rotate => "Rotate",
            PolicyAction::Notify => "Notify",
        }
    }
}

/// When a lifetime action fires: a period after the current version was created, or before it
/// expires. Key Vault takes one of the two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PolicyTrigger {
    /// `trigger.timeAfterCreate`
    AfterCreate(Period),
    /// `trigger.timeBeforeExpiry`
    BeforeExpiry(Period),
}

/// One of `lifetimeActions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LifetimeAction {
    pub action: PolicyAction,
    pub trigger: PolicyTrigger,
}

/// A key rotation policy as `--value` gives it: its lifetime actions and `attributes.expiryTime`
/// (az's `expires_in`), the validity a rotation gives each new version.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct RotationPolicySpec {
    pub lifetime_actions: Vec<LifetimeAction>,
    pub expiry_time: Option<Period>,
}

impl RotationPolicySpec {
    /// A policy that rotates `every` after each version is created, with no expiry.
    pub fn rotate_every(every: Period) -> RotationPolicySpec {
        RotationPolicySpec {
            lifetime_actions: vec![LifetimeAction {
                action: PolicyAction::Rotate,
                trigger: PolicyTrigger::AfterCreate(every),
            }],
            expiry_time: None,
        }
    }

    /// The policy's JSON in Key Vault's REST shape, the form `--value` takes and Learn pastes.
    pub fn to_json(&self) -> String {
        let actions: Vec<String> = self
            .lifetime_actions
            .iter()
            .map(|a| {
                let trigger = match a.trigger {
                    PolicyTrigger::AfterCreate(p) => format!("\"timeAfterCreate\":\"{p}\""),
                    PolicyTrigger::BeforeExpiry(p) => format!("\"timeBeforeExpiry\":\"{p}\""),
                };
                format!(
                    "{{\"trigger\":{{{trigger}}},\"action\":{{\"type\":\"{}\"}}}}",
                    a.action.name()
                )
            })
            .collect();
        let mut out = format!("{{\"lifetimeActions\":[{}]", actions.join(","));
        if let Some(e) = self.expiry_time {
            out.push_str(&format!(",\"attributes\":{{\"expiryTime\":\"{e}\"}}"));
        }
        out.push('}');
        out
    }
}
