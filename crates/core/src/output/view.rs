//! What az prints for a command that succeeded, read from the world after it ran.
//!
//! Read-only: the world's handlers know nothing of this module. Each view builds the JSON object
//! az prints, with az's property names and nesting (the SDK models serialised by azure-cli), from
//! the ids and values the simulation holds. A property Keyfall does not hold (an RSA modulus, a
//! tenant id, a role assignment's GUID) is left out rather than invented; `docs/fidelity.md` lists
//! them.

use serde_json::Value;

use crate::command::{BackupItem, Command, DiskOp, KeyCreate, ObjectOp, VersionRef};
use crate::lang::values::resource_id;
use crate::time::SimTime;
use crate::vocab::ObjectKind;
use crate::world::{
    Attributes, BackupJob, Deletion, Key, KeyVersion, ManagedDisk, PowerState, PrincipalKind,
    ProtectedItem, RecoveryPoint, RecoveryServicesVault, Secret, SecretVersion, VHD_FOOTER, Vault,
    Vm, World, inserted, key_url, os_disk_bytes, role_scope, secret_url, subscription_id,
};

/// What az prints for `cmd`, run successfully on the world that is now `w`: `None` when az
/// prints nothing (a delete, a purge, `vm start`) or Keyfall does not hold what it would print.
pub(crate) fn view(w: &World, cmd: &Command) -> Option<Value> {
    // The names as the world keeps them: `--name MyVM` shows the VM created as `myVM`.
    view_of(w, &w.canonical(cmd))
}

fn view_of(w: &World, cmd: &Command) -> Option<Value> {
    match cmd {
        Command::As { command, .. } => view_of(w, command),
        Command::VaultCreate(c) => vault(w, &c.name),
        Command::VaultUpdate(c) => vault(w, &c.name),
        Command::SetPolicy(c) => vault(w, &c.vault),
        Command::DeletePolicy { vault: name, .. }
        | Command::VaultShow { name }
        | Command::VaultRecover { name } => vault(w, name),
        Command::VaultList { resource_group } => Some(Value::Array(
            w.vaults()
                .filter(|v| v.deleted.is_none())
                .filter(|v| {
                    resource_group
                        .as_ref()
                        .is_none_or(|g| *g == v.resource_group)
                })
                .map(|v| match resource_group {
                    // azure-cli `list_vault`: `list_by_resource_group` gives whole vaults, the
                    // subscription-wide `list()` Resource Manager's generic resources.
                    Some(_) => vault_json(w, v),
                    None => obj(vec![
                        ("id", Value::from(v.arm_id())),
                        ("location", Value::from(v.location.as_str())),
                        ("name", Value::from(v.name.as_str())),
                        ("resourceGroup", Value::from(v.resource_group.as_str())),
                        ("tags", obj(vec![])),
                        ("type", Value::from("Microsoft.KeyVault/vaults")),
                    ]),
                })
                .collect(),
        )),
        Command::VaultListDeleted => Some(Value::Array(
            w.vaults()
                .filter_map(|v| v.deleted.map(|d| deleted_vault(v, d)))
                .collect(),
        )),
        Command::VaultShowDeleted { name } => {
            let v = w.vault(name)?;
            v.deleted.map(|d| deleted_vault(v, d))
        }
        Command::KeyCreate(KeyCreate { vault, name, .. }) | Command::KeyRotate { vault, name } => {
            let v = w.vault(vault)?;
            let k = v.keys.get(name)?;
            Some(key_bundle(v, k, k.latest()?))
        }
        Command::KeyRotationPolicyUpdate { vault, name, .. }
        | Command::KeyRotationPolicyShow { vault, name } => {
            let v = w.vault(vault)?;
            Some(rotation_policy(v, v.keys.get(name)?))
        }
        Command::GroupCreate { name, .. } | Command::GroupShow { name } => {
            w.resource_group(name).map(|(n, l)| group(&n, &l))
        }
        Command::GroupList => Some(Value::Array(
            w.resource_groups()
                .iter()
                .map(|(n, l)| group(n, l))
                .collect(),
        )),
        Command::AccountShow => Some(account()),
        Command::AccountList => Some(Value::Array(vec![account()])),
        Command::SecretSet(s) => {
            let v = w.vault(&s.vault)?;
            let sec = v.secrets.get(&s.name)?;
            Some(secret_bundle(v, sec, sec.versions.last()?, true))
        }
        Command::Object { kind, object, op } => {
            let v = w.vault(&object.vault)?;
            match kind {
                ObjectKind::Key => key_op(v, v.keys.get(&object.name)?, op),
                ObjectKind::Secret => secret_op(v, v.secrets.get(&object.name)?, op),
            }
        }
        // azure-cli `restore_key` and `restore_secret` return what they restored, printed as
        // `key show` prints a key (`transform_key_output`) and as `secret set-attributes`
        // prints a secret (`transform_secret_set_attributes`, no value).
        Command::ObjectRestore { kind, vault, file } => {
            let name = w.backup_name(*kind, vault, file)?;
            let v = w.vault(vault)?;
            match kind {
                ObjectKind::Key => {
                    let k = v.keys.get(&name)?;
                    Some(key_bundle(v, k, k.latest()?))
                }
                ObjectKind::Secret => {
                    let s = v.secrets.get(&name)?;
                    Some(secret_bundle(v, s, s.versions.last()?, false))
                }
            }
        }
        Command::ObjectList {
            kind,
            vault,
            deleted,
        } => {
            let v = w.vault(vault)?;
            let items: Vec<Value> = match kind {
                ObjectKind::Key => v
                    .keys
                    .values()
                    .filter(|k| k.deleted.is_some() == *deleted)
                    .filter_map(|k| {
                        let item = key_item(v, k, k.latest()?, false);
                        Some(with_deletion(item, v, "keys", &k.name, k.deleted))
                    })
                    .collect(),
                ObjectKind::Secret => v
                    .secrets
                    .values()
                    .filter(|s| s.deleted.is_some() == *deleted)
                    .filter_map(|s| {
                        let item = secret_item(v, s, s.versions.last()?, false);
                        Some(with_deletion(item, v, "secrets", &s.name, s.deleted))
                    })
                    .collect(),
            };
            Some(Value::Array(items))
        }
        Command::RoleAssignmentCreate(a) => {
            let p = w
                .principals()
                .find(|p| p.name == a.assignee || p.object_id == a.assignee)?;
            let principal_type = match p.kind {
                PrincipalKind::User => "User",
                _ => "ServicePrincipal",
            };
            let scope = if a.scope.starts_with('/') {
                arm_scope(&a.scope)
            } else {
                vault_arm_id(w, &a.scope)
            };
            Some(obj(vec![
                ("principalId", Value::from(p.object_id.as_str())),
                ("principalType", Value::from(principal_type)),
                ("roleDefinitionId", Value::from(role_definition_id(a.role))),
                ("scope", Value::from(scope)),
                (
                    "type",
                    Value::from("Microsoft.Authorization/roleAssignments"),
                ),
            ]))
        }
        Command::RoleAssignmentList {
            assignee,
            scope,
            resource_group,
            all,
        } => {
            // `-g` stands for its group's scope; without either, the subscription's own.
            let scope = (scope.is_some() || resource_group.is_some())
                .then(|| role_scope(scope.as_deref(), resource_group.as_deref()));
            Some(role_assignments(
                w,
                assignee.as_deref(),
                scope.as_deref(),
                *all,
            ))
        }
        Command::VmCreate(c) => w.vm(&c.name).map(vm_create),
        Command::EncryptionShow { vm, .. } => encryption_show(w, w.vm(vm)?),
        Command::Disk(DiskOp::Show { name, .. }) => disk_show(w, name),
        Command::Disk(DiskOp::Create(c)) => disk_show(w, &c.name),
        // az's `disk grant-access` (aaz, `_grant_access.py`) prints the access URI under its
        // REST name, `accessSAS`.
        Command::Disk(DiskOp::GrantAccess(g)) => Some(obj(vec![(
            "accessSAS",
            Value::from(w.disk_sas(&g.name)?.url.as_str()),
        )])),
        Command::Disk(DiskOp::List { resource_group }) => Some(Value::Array(
            w.listed_disks(resource_group.as_deref())
                .filter_map(|d| disk_show(w, d.name()))
                .collect(),
        )),
        Command::VmShow { vm, details, .. } => Some(vm_show(w, w.vm(vm)?, *details)),
        // azure-cli `update_vm` prints the updated model, as `vm show` does.
        Command::VmUpdate { vm, .. } => Some(vm_show(w, w.vm(vm)?, false)),
        Command::Feature {
            namespace, name, ..
        } => Some(feature(w, namespace, name)),
        Command::VmList {
            resource_group,
            details,
        } => Some(Value::Array(
            w.vms()
                .filter(|v| {
                    resource_group
                        .as_deref()
                        .is_none_or(|g| g.eq_ignore_ascii_case(&v.resource_group))
                })
                .map(|v| vm_show(w, v, *details))
                .collect(),
        )),
        Command::DesCreate(c) => des(w, &c.name),
        Command::DesShow { name, .. } | Command::DesUpdate { name, .. } => des(w, name),
        Command::BackupVaultCreate { name, .. } | Command::BackupVaultShow { name, .. } => {
            w.recovery_vaults().find(|r| r.name == *name).map(rsv)
        }
        Command::BackupVaultList { resource_group } => Some(Value::Array(
            w.recovery_vaults()
                .filter(|r| {
                    resource_group
                        .as_deref()
                        .is_none_or(|g| g.eq_ignore_ascii_case(&r.resource_group))
                })
                .map(rsv)
                .collect(),
        )),
        Command::BackupItemList { vault, .. } => {
            let r = w.recovery_vaults().find(|r| r.name == *vault)?;
            Some(Value::Array(
                r.items
                    .values()
                    .map(|p| {
                        let (container, protected) = item_names(r, &p.vm);
                        let last = p.points.last();
                        let mut item = obj(vec![
                            ("id", Value::from(format!("{}/backupFabrics/Azure/protectionContainers/{container}/protectedItems/{protected}", rsv_id(r)))),
                            ("name", Value::from(protected)),
                            (
                                "properties",
                                obj(vec![
                                    ("friendlyName", Value::from(p.vm.to_ascii_lowercase())),
                                    ("lastBackupStatus", Value::from(if last.is_some() { "Completed" } else { "" })),
                                    ("lastBackupTime", last.map_or(Value::Null, |rp| Value::from(time(rp.time)))),
                                    ("policyName", Value::from(p.policy.as_str())),
                                    ("protectedItemType", Value::from("Microsoft.Compute/virtualMachines")),
                                    ("protectionState", Value::from(if !p.is_protected() { "ProtectionStopped" } else if last.is_some() { "Protected" } else { "IRPending" })),
                                    ("protectionStatus", Value::from("Healthy")),
                                    ("workloadType", Value::from("VM")),
                                ]),
                            ),
                            ("resourceGroup", Value::from(r.resource_group.as_str())),
                            ("type", Value::from("Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems")),
                        ]);
                        // A soft-deleted item says so, as Azure Backup marks it.
                        if let (true, Some(props)) = (p.deleted_until.is_some(), item.get_mut("properties").and_then(Value::as_object_mut)) {
                            props.insert("isScheduledForDeferredDelete".into(), Value::from(true));
                        }
                        item
                    })
                    .collect(),
            ))
        }
        Command::BackupProtect { vault, .. }
        | Command::BackupNow(BackupItem { vault, .. }, _)
        | Command::BackupProtectionDisable {
            item: BackupItem { vault, .. },
            ..
        }
        | Command::RestoreDisks {
            item: BackupItem { vault, .. },
            ..
        } => {
            let r = w.recovery_vaults().find(|r| r.name == *vault)?;
            r.jobs.last().map(|j| job(r, j))
        }
        Command::BackupJobList { vault, .. } => {
            let r = w.recovery_vaults().find(|r| r.name == *vault)?;
            Some(Value::Array(
                r.jobs.iter().rev().map(|j| job(r, j)).collect(),
            ))
        }
        Command::RecoveryPointList(item) => {
            let r = w.recovery_vaults().find(|r| r.name == item.vault)?;
            let p = r.items.get(&item.item)?;
            Some(Value::Array(
                p.points
                    .iter()
                    .rev()
                    .map(|rp| recovery_point(r, p, rp))
                    .collect(),
            ))
        }
        Command::RecoveryPointShow { item, name } => {
            let r = w.recovery_vaults().find(|r| r.name == item.vault)?;
            let p = r.items.get(&item.item)?;
            let rp = p
                .points
                .iter()
                .find(|rp| rp.name.eq_ignore_ascii_case(name))?;
            Some(recovery_point(r, p, rp))
        }
        _ => None,
    }
}

/// A recovery point as `az backup recoverypoint list|show` print it (the properties Keyfall
/// holds of an `IaasVMRecoveryPoint`).
fn recovery_point(r: &RecoveryServicesVault, p: &ProtectedItem, rp: &RecoveryPoint) -> Value {
    let (container, protected) = item_names(r, &p.vm);
    obj(vec![
        (
            "id",
            Value::from(format!(
                "{}/backupFabrics/Azure/protectionContainers/{container}/protectedItems/{protected}/recoveryPoints/{}",
                rsv_id(r),
                rp.name
            )),
        ),
        ("name", Value::from(rp.name.as_str())),
        (
            "properties",
            obj(vec![
                ("isSourceVmEncrypted", Value::from(rp.ade.is_some())),
                ("objectType", Value::from("IaasVMRecoveryPoint")),
                ("recoveryPointTime", Value::from(time(rp.time))),
                ("sourceVMStorageType", Value::from("NormalStorage")),
            ]),
        ),
        ("resourceGroup", Value::from(r.resource_group.as_str())),
        (
            "type",
            Value::from(
                "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints",
            ),
        ),
    ])
}

/// A Recovery Services vault's ARM id.
fn rsv_id(r: &RecoveryServicesVault) -> String {
    resource_id(
        subscription_id(&r.subscription),
        &r.resource_group,
        "Microsoft.RecoveryServices/vaults",
        &r.name,
    )
}

/// The container and protected item names az gives an Azure VM.
fn item_names(r: &RecoveryServicesVault, vm: &str) -> (String, String) {
    (
        format!(
            "IaasVMContainer;iaasvmcontainerv2;{};{vm}",
            r.resource_group
        ),
        format!("VM;iaasvmcontainerv2;{};{vm}", r.resource_group),
    )
}

/// A Recovery Services vault as `az backup vault create|show|list` print it.
fn rsv(r: &RecoveryServicesVault) -> Value {
    obj(vec![
        ("id", Value::from(rsv_id(r))),
        ("location", Value::from(r.location.as_str())),
        ("name", Value::from(r.name.as_str())),
        (
            "properties",
            obj(vec![("provisioningState", Value::from("Succeeded"))]),
        ),
        ("resourceGroup", Value::from(r.resource_group.as_str())),
        ("type", Value::from("Microsoft.RecoveryServices/vaults")),
    ])
}

/// A Recovery Services job as az prints it (`az backup job show`; the job that
/// `enable-for-vm`, `backup-now` and `restore-disks` return). Keyfall's jobs take no time.
fn job(r: &RecoveryServicesVault, j: &BackupJob) -> Value {
    obj(vec![
        (
            "id",
            Value::from(format!("{}/backupJobs/{}", rsv_id(r), j.id)),
        ),
        ("name", Value::from(j.id.as_str())),
        (
            "properties",
            obj(vec![
                ("backupManagementType", Value::from("AzureIaasVM")),
                ("duration", Value::from("0:00:00")),
                ("endTime", Value::from(time(j.start))),
                // Learn's sample tables show the VM's name in lower case.
                (
                    "entityFriendlyName",
                    Value::from(j.item.to_ascii_lowercase()),
                ),
                ("jobType", Value::from("AzureIaaSVMJob")),
                ("operation", Value::from(j.operation)),
                ("startTime", Value::from(time(j.start))),
                ("status", Value::from("Completed")),
            ]),
        ),
        ("resourceGroup", Value::from(r.resource_group.as_str())),
        (
            "type",
            Value::from("Microsoft.RecoveryServices/vaults/backupJobs"),
        ),
    ])
}

/// az's table transformer for the commands that have one, when no `--query` is given: the
/// columns in az's order and a row per item. azure-cli backup `_format.py` `transform_job_list`
/// (the columns Learn's backup tutorials show).
pub(crate) fn table(w: &World, command: &Command) -> Option<(Vec<&'static str>, Vec<Vec<String>>)> {
    match &w.canonical(command) {
        Command::BackupJobList { vault, .. } => {
            let r = w.recovery_vaults().find(|r| r.name == *vault)?;
            let rows = r
                .jobs
                .iter()
                .rev()
                .map(|j| {
                    let start = time(j.start);
                    vec![
                        j.id.clone(),
                        j.operation.to_owned(),
                        "Completed".to_owned(),
                        j.item.to_ascii_lowercase(),
                        start.get(..19).unwrap_or(&start).to_owned(),
                        "0:00:00".to_owned(),
                    ]
                })
                .collect();
            Some((
                vec![
                    "Name",
                    "Operation",
                    "Status",
                    "Item Name",
                    "Start Time UTC",
                    "Duration",
                ],
                rows,
            ))
        }
        _ => None,
    }
}

/// A JSON object from its properties (not `serde_json::json!`, whose per-type serialisation
/// costs the wasm more).
fn obj(pairs: Vec<(&str, Value)>) -> Value {
    Value::Object(inserted(pairs.into_iter().map(|(k, v)| (k.to_owned(), v))))
}

/// A time as azure-cli prints the SDK's datetimes: ISO 8601 with `+00:00`.
pub(crate) fn time(t: SimTime) -> String {
    let s = t.to_string();
    match s.strip_suffix('Z') {
        Some(s) => format!("{s}+00:00"),
        None => s,
    }
}

fn opt_time(t: Option<SimTime>) -> Value {
    t.map_or(Value::Null, |t| Value::String(time(t)))
}

/// Key Vault's recovery level for a vault's settings (Key Vault's `DeletionRecoveryLevel`).
fn recovery_level(v: &Vault) -> &'static str {
    match (v.retention_days < 90, v.purge_protection) {
        (false, false) => "Recoverable+Purgeable",
        (false, true) => "Recoverable",
        (true, false) => "CustomizedRecoverable+Purgeable",
        (true, true) => "CustomizedRecoverable",
    }
}

fn attributes(v: &Vault, a: &Attributes) -> Value {
    obj(vec![
        ("created", Value::from(time(a.created))),
        ("enabled", Value::from(a.enabled)),
        ("expires", opt_time(a.exp)),
        ("notBefore", opt_time(a.nbf)),
        ("recoverableDays", Value::from(v.retention_days)),
        ("recoveryLevel", Value::from(recovery_level(v))),
    ])
}

fn vault(w: &World, name: &str) -> Option<Value> {
    w.vault(name).map(|v| vault_json(w, v))
}

fn object_id(w: &World, principal: &str) -> String {
    w.principals()
        .find(|p| p.name == principal)
        .map_or_else(|| principal.to_owned(), |p| p.object_id.clone())
}

fn vault_json(w: &World, v: &Vault) -> Value {
    let policies: Vec<Value> = v
        .policies
        .iter()
        .map(|p| {
            obj(vec![
                ("applicationId", Value::Null),
                ("objectId", Value::from(object_id(w, &p.principal))),
                (
                    "permissions",
                    obj(vec![
                        ("certificates", Value::Array(vec![])),
                        (
                            "keys",
                            Value::from(p.keys.iter().map(|k| k.name()).collect::<Vec<_>>()),
                        ),
                        (
                            "secrets",
                            Value::from(p.secrets.iter().map(|s| s.name()).collect::<Vec<_>>()),
                        ),
                        ("storage", Value::Array(vec![])),
                    ]),
                ),
            ])
        })
        .collect();
    obj(vec![
        ("id", Value::from(v.arm_id())),
        ("location", Value::from(v.location.as_str())),
        ("name", Value::from(v.name.as_str())),
        (
            "properties",
            obj(vec![
                ("accessPolicies", Value::from(policies)),
                (
                    "enablePurgeProtection",
                    if v.purge_protection {
                        Value::Bool(true)
                    } else {
                        Value::Null
                    },
                ),
                ("enableRbacAuthorization", Value::from(v.rbac)),
                ("enableSoftDelete", Value::from(true)),
                (
                    "enabledForDeployment",
                    Value::from(v.enabled_for_deployment),
                ),
                (
                    "enabledForDiskEncryption",
                    Value::from(v.enabled_for_disk_encryption),
                ),
                (
                    "enabledForTemplateDeployment",
                    Value::from(v.enabled_for_template_deployment),
                ),
                ("provisioningState", Value::from("Succeeded")),
                ("publicNetworkAccess", Value::from("Enabled")),
                (
                    "sku",
                    obj(vec![
                        ("family", Value::from("A")),
                        ("name", Value::from(v.sku.name())),
                    ]),
                ),
                ("softDeleteRetentionInDays", Value::from(v.retention_days)),
                (
                    "vaultUri",
                    Value::from(format!("https://{}.vault.azure.net/", v.name)),
                ),
            ]),
        ),
        ("resourceGroup", Value::from(v.resource_group.as_str())),
        ("tags", obj(vec![])),
        ("type", Value::from("Microsoft.KeyVault/vaults")),
    ])
}

fn deleted_vault(v: &Vault, d: Deletion) -> Value {
    obj(vec![
        (
            "id",
            Value::from(format!(
                "/subscriptions/{}/providers/Microsoft.KeyVault/locations/{}/deletedVaults/{}",
                subscription_id(&v.subscription),
                v.location,
                v.name
            )),
        ),
        ("name", Value::from(v.name.as_str())),
        (
            "properties",
            obj(vec![
                ("deletionDate", Value::from(time(d.deleted_at))),
                ("location", Value::from(v.location.as_str())),
                ("purgeProtectionEnabled", Value::from(v.purge_protection)),
                ("scheduledPurgeDate", Value::from(time(d.purge_at))),
                ("tags", obj(vec![])),
                ("vaultId", Value::from(v.arm_id())),
            ]),
        ),
        ("type", Value::from("Microsoft.KeyVault/deletedVaults")),
    ])
}

fn version_of<'a, T>(
    versions: &'a [T],
    id: impl Fn(&T) -> &str,
    r: Option<&VersionRef>,
) -> Option<&'a T> {
    match r {
        None => versions.last(),
        Some(VersionRef::Ordinal(n)) => versions.get((*n as usize).checked_sub(1)?),
        Some(VersionRef::Id(p)) => versions.iter().find(|v| id(v).starts_with(p.as_str())),
    }
}

/// Adds a soft-deleted object's `deletedDate`, `recoveryId` and `scheduledPurgeDate`.
fn with_deletion(mut item: Value, v: &Vault, coll: &str, name: &str, d: Option<Deletion>) -> Value {
    if let (Some(d), Value::Object(m)) = (d, &mut item) {
        m.insert("deletedDate".into(), time(d.deleted_at).into());
        m.insert(
            "recoveryId".into(),
            format!("https://{}.vault.azure.net/deleted{coll}/{name}", v.name).into(),
        );
        m.insert("scheduledPurgeDate".into(), time(d.purge_at).into());
    }
    item
}

fn key_bundle(v: &Vault, k: &Key, ver: &KeyVersion) -> Value {
    obj(vec![
        ("attributes", attributes(v, &ver.attributes)),
        (
            "key",
            obj(vec![
                ("kid", Value::from(key_url(&v.name, &k.name, &ver.id))),
                ("kty", Value::from(k.kty.name())),
            ]),
        ),
        ("managed", Value::Null),
        ("releasePolicy", Value::Null),
        ("tags", Value::Null),
    ])
}

/// A key's or secret's identifier, with a version or without.
fn object_url(v: &Vault, coll: &str, name: &str, version: Option<&str>) -> String {
    match version {
        Some(ver) => format!("https://{}.vault.azure.net/{coll}/{name}/{ver}", v.name),
        None => format!("https://{}.vault.azure.net/{coll}/{name}", v.name),
    }
}

/// A key in a list: az's `KeyProperties`, `kid` with the version only in `list-versions`.
fn key_item(v: &Vault, k: &Key, ver: &KeyVersion, versioned: bool) -> Value {
    let kid = object_url(v, "keys", &k.name, versioned.then_some(ver.id.as_str()));
    // azure-cli `transform_key_list_output` adds `releasePolicy` to each.
    obj(vec![
        ("attributes", attributes(v, &ver.attributes)),
        ("kid", Value::from(kid)),
        ("managed", Value::Null),
        ("name", Value::from(k.name.as_str())),
        ("releasePolicy", Value::Null),
        ("tags", Value::Null),
    ])
}

fn key_op(v: &Vault, k: &Key, op: &ObjectOp) -> Option<Value> {
    let deleted = |item: Value| with_deletion(item, v, "keys", &k.name, k.deleted);
    match op {
        ObjectOp::Show { version } | ObjectOp::SetAttributes { version, .. } => Some(key_bundle(
            v,
            k,
            version_of(&k.versions, |x| &x.id, version.as_ref())?,
        )),
        ObjectOp::Recover => Some(key_bundle(v, k, k.latest()?)),
        ObjectOp::Delete | ObjectOp::ShowDeleted => Some(deleted(key_bundle(v, k, k.latest()?))),
        ObjectOp::ListVersions => {
            let items = k.versions.iter().map(|ver| key_item(v, k, ver, true));
            Some(Value::Array(items.collect()))
        }
        // az prints nothing after writing a file.
        ObjectOp::Purge | ObjectOp::Backup { .. } | ObjectOp::Download { .. } => None,
    }
}

fn tags(t: &crate::world::NameMap<String>) -> Value {
    if t.is_empty() {
        return Value::Null;
    }
    Value::Object(inserted(
        t.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))),
    ))
}

/// A secret version: az's `KeyVaultSecret` with its value, or its properties without.
/// A secret version as az prints it. `value` is the secret's for `set` and `show`; the other
/// commands print `"value": null` (azure-cli `transform_secret_set_attributes`,
/// `transform_secret_show_deleted`).
fn secret_bundle(v: &Vault, s: &Secret, ver: &SecretVersion, value: bool) -> Value {
    let shown = if value {
        ver.value().into()
    } else {
        Value::Null
    };
    obj(vec![
        ("attributes", attributes(v, &ver.attributes)),
        ("contentType", Value::from(ver.content_type.clone())),
        ("id", Value::from(secret_url(&v.name, &s.name, &ver.id))),
        ("kid", Value::Null),
        ("managed", Value::Null),
        ("name", Value::from(s.name.as_str())),
        ("tags", tags(&ver.tags)),
        ("value", shown),
    ])
}

fn secret_item(v: &Vault, s: &Secret, ver: &SecretVersion, versioned: bool) -> Value {
    let id = object_url(v, "secrets", &s.name, versioned.then_some(ver.id.as_str()));
    obj(vec![
        ("attributes", attributes(v, &ver.attributes)),
        ("contentType", Value::from(ver.content_type.clone())),
        ("id", Value::from(id)),
        ("managed", Value::Null),
        ("name", Value::from(s.name.as_str())),
        ("tags", tags(&ver.tags)),
    ])
}

fn secret_op(v: &Vault, s: &Secret, op: &ObjectOp) -> Option<Value> {
    let deleted = |item: Value| with_deletion(item, v, "secrets", &s.name, s.deleted);
    match op {
        ObjectOp::Show { version } => Some(secret_bundle(
            v,
            s,
            version_of(&s.versions, |x| &x.id, version.as_ref())?,
            true,
        )),
        ObjectOp::SetAttributes { version, .. } => Some(secret_bundle(
            v,
            s,
            version_of(&s.versions, |x| &x.id, version.as_ref())?,
            false,
        )),
        ObjectOp::Recover => Some(secret_bundle(v, s, s.versions.last()?, false)),
        ObjectOp::Delete | ObjectOp::ShowDeleted => {
            Some(deleted(secret_bundle(v, s, s.versions.last()?, false)))
        }
        ObjectOp::ListVersions => {
            let items = s.versions.iter().map(|ver| secret_item(v, s, ver, true));
            Some(Value::Array(items.collect()))
        }
        // az prints nothing after writing a file.
        ObjectOp::Purge | ObjectOp::Backup { .. } | ObjectOp::Download { .. } => None,
    }
}

fn vm_id(vm: &Vm) -> String {
    compute_id(vm, "Microsoft.Compute/virtualMachines", &vm.name)
}

/// A resource in the VM's subscription and resource group: the VM itself or one of its disks.
fn compute_id(vm: &Vm, kind: &str, name: &str) -> String {
    let subscription = subscription_id(&vm.subscription);
    resource_id(subscription, &vm.resource_group, kind, name)
}

/// `az vm create`'s summary, without what Keyfall has no network for (IP and MAC addresses,
/// FQDNs).
fn vm_create(vm: &Vm) -> Value {
    obj(vec![
        ("id", Value::from(vm_id(vm))),
        ("location", Value::from(vm.location.as_str())),
        // ARM's power state: a guest stuck at its unlock prompt still runs.
        ("powerState", Value::from(power_state(vm))),
        ("resourceGroup", Value::from(vm.resource_group.as_str())),
    ])
}

/// A Disk Encryption Set's ARM id (its subscription is its vault's).
fn des_id(w: &World, name: &str) -> String {
    let Some(d) = w.disk_encryption_sets().find(|d| d.name == name) else {
        return name.to_owned();
    };
    let sub = w
        .vault(&d.vault)
        .map_or("", |v| subscription_id(&v.subscription));
    resource_id(
        sub,
        &d.resource_group,
        "Microsoft.Compute/diskEncryptionSets",
        &d.name,
    )
}

/// A managed disk's id, in the VM's resource group.
fn disk_id(vm: &Vm, disk: &str) -> String {
    compute_id(vm, "Microsoft.Compute/disks", disk)
}

/// `managedDisk` of a VM's disk in its model: the disk's id and Disk Encryption Set.
fn managed_disk(w: &World, vm: &Vm, disk: &str, des: Option<&str>) -> Value {
    obj(vec![
        (
            "diskEncryptionSet",
            des.map_or(Value::Null, |d| {
                obj(vec![("id", Value::from(des_id(w, d)))])
            }),
        ),
        ("id", Value::from(disk_id(vm, disk))),
        ("storageAccountType", Value::from("Premium_LRS")),
    ])
}

/// `az vm show` (azure-cli `show_vm`: the VM model, flattened as the SDK prints it), with `-d` the
/// instance view's `powerState` (`get_vm_details`).
fn vm_show(w: &World, vm: &Vm, details: bool) -> Value {
    let p = &vm.profile;
    let windows = vm.is_windows();
    let os_type = vm.os_type();
    let config = if windows {
        (
            "windowsConfiguration",
            obj(vec![("provisionVmAgent", Value::from(true))]),
        )
    } else {
        (
            "linuxConfiguration",
            obj(vec![(
                "disablePasswordAuthentication",
                Value::from(!p.password_auth),
            )]),
        )
    };
    let os_disk = obj(vec![
        (
            "createOption",
            Value::from(if p.os_disk_attached {
                "Attach"
            } else {
                "FromImage"
            }),
        ),
        (
            "encryptionSettings",
            if vm.legacy_ade {
                obj(vec![("enabled", Value::from(vm.ade.is_some()))])
            } else {
                Value::Null
            },
        ),
        (
            "managedDisk",
            managed_disk(
                w,
                vm,
                &vm.disk_name,
                vm.cmk.as_ref().map(|c| c.des.as_str()),
            ),
        ),
        ("name", Value::from(vm.disk_name.as_str())),
        ("osType", Value::from(os_type)),
    ]);
    let data_disks = p
        .data_disks
        .iter()
        .map(|d| {
            obj(vec![
                ("createOption", Value::from("Empty")),
                ("diskSizeGb", Value::from(d.size_gb)),
                ("lun", Value::from(d.lun)),
                (
                    "managedDisk",
                    managed_disk(w, vm, &d.name, d.des.as_deref()),
                ),
                ("name", Value::from(d.name.as_str())),
            ])
        })
        .collect();
    let mut props = vec![
        (
            "hardwareProfile",
            obj(vec![("vmSize", Value::from(p.size.as_str()))]),
        ),
        ("id", Value::from(vm_id(vm))),
        ("location", Value::from(vm.location.as_str())),
        ("name", Value::from(vm.name.as_str())),
        (
            "osProfile",
            obj(vec![
                ("adminUsername", Value::from(p.admin_username.as_str())),
                ("computerName", Value::from(vm.name.as_str())),
                config,
            ]),
        ),
        ("provisioningState", Value::from("Succeeded")),
        ("resourceGroup", Value::from(vm.resource_group.as_str())),
        (
            "securityProfile",
            match p.encryption_at_host {
                Some(on) => obj(vec![("encryptionAtHost", Value::from(on))]),
                None => Value::Null,
            },
        ),
        (
            "storageProfile",
            obj(vec![
                ("dataDisks", Value::Array(data_disks)),
                ("osDisk", os_disk),
            ]),
        ),
        ("type", Value::from("Microsoft.Compute/virtualMachines")),
    ];
    if details {
        props.push(("powerState", Value::from(power_state(vm))));
    }
    obj(props)
}

/// The instance view's power state as `az vm show -d` and `az vm create` print it.
fn power_state(vm: &Vm) -> &'static str {
    match vm.power {
        PowerState::Running => "VM running",
        PowerState::Stopped => "VM stopped",
        PowerState::Deallocated => "VM deallocated",
    }
}

fn vault_arm_id(w: &World, name: &str) -> String {
    match w.vault(name) {
        Some(v) => v.arm_id(),
        None => name.to_owned(),
    }
}

/// `az vm encryption show` (azure-cli `show_vm_encryption_status`). For a VM the legacy flow
/// encrypted, az's older summary: the OS and data volumes' states, the model's
/// `osDiskEncryptionSettings` and `osType`. For the single-pass flow, each disk's encryption
/// settings and its `EncryptionState` status (`_show_vm_encryption_status_thru_new_ade`).
/// Nothing (az warns "Azure Disk Encryption is not enabled") for a VM without.
fn encryption_show(w: &World, vm: &Vm) -> Option<Value> {
    if vm.legacy_ade {
        let (os_disk, data_disk) = vm.legacy_volumes();
        let settings = match &vm.ade {
            Some(a) => ade_settings(w, a),
            None => obj(vec![("enabled", Value::from(false))]),
        };
        return Some(obj(vec![
            ("dataDisk", Value::from(data_disk)),
            ("osDisk", Value::from(os_disk)),
            ("osDiskEncryptionSettings", settings),
            ("osType", Value::from(vm.os_type())),
        ]));
    }
    let settings = ade_settings(w, vm.ade.as_ref()?);
    Some(obj(vec![(
        "disks",
        Value::Array(vec![obj(vec![
            ("encryptionSettings", Value::Array(vec![settings])),
            ("name", Value::from(vm.disk_name.as_str())),
            (
                "statuses",
                Value::Array(vec![obj(vec![
                    ("code", Value::from("EncryptionState/encrypted")),
                    (
                        "displayStatus",
                        Value::from("Encryption is enabled on disk"),
                    ),
                    ("level", Value::from("Info")),
                ])]),
            ),
        ])]),
    )]))
}

/// A disk's ADE settings (`diskEncryptionKey`, `keyEncryptionKey`, `enabled`), as the VM's
/// encryption status and the disk's `encryptionSettingsCollection` hold them.
fn ade_settings(w: &World, ade: &crate::world::AdeSettings) -> Value {
    let mut settings = obj(vec![
        (
            "diskEncryptionKey",
            obj(vec![
                ("secretUrl", Value::from(ade.secret_url.as_str())),
                (
                    "sourceVault",
                    obj(vec![("id", Value::from(vault_arm_id(w, &ade.vault)))]),
                ),
            ]),
        ),
        ("enabled", Value::from(true)),
    ]);
    if let (Some(kek), Value::Object(m)) = (&ade.kek, &mut settings) {
        m.insert(
            "keyEncryptionKey".into(),
            obj(vec![
                ("keyUrl", Value::from(kek.url.as_str())),
                (
                    "sourceVault",
                    obj(vec![("id", Value::from(vault_arm_id(w, &kek.vault)))]),
                ),
            ]),
        );
    }
    settings
}

/// `az disk show` for a VM's OS disk or one of its data disks (the managed disk resource):
/// `encryption.type` and `diskEncryptionSetId` for SSE, `encryptionSettingsCollection` for ADE
/// (on the OS disk: Keyfall's ADE covers it alone).
fn disk_show(w: &World, name: &str) -> Option<Value> {
    if let Some(d) = w
        .managed_disks()
        .find(|d| d.name.eq_ignore_ascii_case(name))
    {
        return Some(own_disk(w, d));
    }
    let (vm, name, size, des, ade) = w.vms().find_map(|vm| {
        if vm.disk_name.eq_ignore_ascii_case(name) {
            let size = (os_disk_bytes(vm.is_windows()) >> 30) as u32;
            let ade = vm.ade.as_ref().map(|a| {
                obj(vec![
                    ("enabled", Value::from(true)),
                    ("encryptionSettings", Value::Array(vec![ade_settings(w, a)])),
                    (
                        "encryptionSettingsVersion",
                        Value::from(if vm.legacy_ade { "1.0" } else { "1.1" }),
                    ),
                ])
            });
            return Some((
                vm,
                vm.disk_name.as_str(),
                size,
                vm.cmk.as_ref().map(|c| c.des.clone()),
                ade,
            ));
        }
        let d = vm
            .profile
            .data_disks
            .iter()
            .find(|d| d.name.eq_ignore_ascii_case(name))?;
        Some((vm, d.name.as_str(), d.size_gb, d.des.clone(), None))
    })?;
    let encryption = match &des {
        Some(d) => obj(vec![
            ("diskEncryptionSetId", Value::from(des_id(w, d))),
            ("type", Value::from("EncryptionAtRestWithCustomerKey")),
        ]),
        None => obj(vec![
            ("diskEncryptionSetId", Value::Null),
            ("type", Value::from("EncryptionAtRestWithPlatformKey")),
        ]),
    };
    let state = match (w.disk_sas(name), vm.power) {
        (Some(_), _) => "ActiveSAS",
        (None, PowerState::Deallocated) => "Reserved",
        (None, _) => "Attached",
    };
    Some(obj(vec![
        ("diskSizeBytes", Value::from(u64::from(size) << 30)),
        ("diskSizeGb", Value::from(size)),
        ("diskState", Value::from(state)),
        ("encryption", encryption),
        ("encryptionSettingsCollection", ade.unwrap_or(Value::Null)),
        ("id", Value::from(disk_id(vm, name))),
        ("location", Value::from(vm.location.as_str())),
        ("managedBy", Value::from(vm_id(vm))),
        ("name", Value::from(name)),
        ("provisioningState", Value::from("Succeeded")),
        ("resourceGroup", Value::from(vm.resource_group.as_str())),
        ("type", Value::from("Microsoft.Compute/disks")),
    ]))
}

/// `az disk show` for a disk no VM holds: made by `az disk create` or left by `az vm delete`.
fn own_disk(w: &World, d: &ManagedDisk) -> Value {
    let encryption = match &d.cmk {
        Some(c) => obj(vec![
            ("diskEncryptionSetId", Value::from(des_id(w, &c.des))),
            ("type", Value::from("EncryptionAtRestWithCustomerKey")),
        ]),
        None => obj(vec![
            ("diskEncryptionSetId", Value::Null),
            ("type", Value::from("EncryptionAtRestWithPlatformKey")),
        ]),
    };
    let mut creation = vec![("createOption", Value::from(d.create_option.as_str()))];
    if d.create_option == "Upload" {
        creation.push(("uploadSizeBytes", Value::from(d.size_bytes + VHD_FOOTER)));
    }
    obj(vec![
        ("creationData", obj(creation)),
        ("diskSizeBytes", Value::from(d.size_bytes)),
        ("diskSizeGb", Value::from(d.size_bytes >> 30)),
        ("diskState", Value::from(d.state(w.disk_sas(&d.name)))),
        ("encryption", encryption),
        (
            "id",
            Value::from(resource_id(
                subscription_id(&d.subscription),
                &d.resource_group,
                "Microsoft.Compute/disks",
                &d.name,
            )),
        ),
        ("location", Value::from(d.location.as_str())),
        ("managedBy", Value::Null),
        ("name", Value::from(d.name.as_str())),
        (
            "osType",
            d.os_type.as_deref().map_or(Value::Null, Value::from),
        ),
        ("provisioningState", Value::from("Succeeded")),
        ("resourceGroup", Value::from(d.resource_group.as_str())),
        ("type", Value::from("Microsoft.Compute/disks")),
    ])
}

fn des(w: &World, name: &str) -> Option<Value> {
    let d = w.disk_encryption_sets().find(|d| d.name == name)?;
    Some(obj(vec![
        (
            "activeKey",
            obj(vec![
                (
                    "keyUrl",
                    Value::from(key_url(&d.vault, &d.key, &d.key_version)),
                ),
                (
                    "sourceVault",
                    obj(vec![("id", Value::from(vault_arm_id(w, &d.vault)))]),
                ),
            ]),
        ),
        (
            "encryptionType",
            Value::from("EncryptionAtRestWithCustomerKey"),
        ),
        ("id", Value::from(des_id(w, &d.name))),
        (
            "identity",
            obj(vec![
                (
                    "principalId",
                    w.principals()
                        .find(|p| p.name == d.name)
                        .map_or(Value::Null, |p| Value::from(p.object_id.as_str())),
                ),
                ("type", Value::from("SystemAssigned")),
            ]),
        ),
        ("location", Value::from(d.location.as_str())),
        ("name", Value::from(d.name.as_str())),
        ("provisioningState", Value::from("Succeeded")),
        ("resourceGroup", Value::from(d.resource_group.as_str())),
        (
            "rotationToLatestKeyVersionEnabled",
            Value::from(d.auto_rotation),
        ),
        ("type", Value::from("Microsoft.Compute/diskEncryptionSets")),
    ]))
}

/// `rotation-policy show|update`: azure-keyvault-keys' `KeyRotationPolicy` as az serialises it
/// (azure-cli's `test_keyvault_key_rotation` checks `expiresIn`, `lifetimeActions[0].action`,
/// `lifetimeActions[0].timeAfterCreate`): flat, not the REST body's `trigger`/`action.type`/
/// `attributes`. A key with no policy set answers Key Vault's default, a notification 30 days
/// before expiry, with no times.
fn rotation_policy(v: &Vault, k: &Key) -> Value {
    use crate::command::PolicyTrigger;
    let id = format!(
        "https://{}.vault.azure.net/keys/{}/rotationpolicy",
        v.name, k.name
    );
    let action = |name: &str, after: Value, before: Value| {
        obj(vec![
            ("action", Value::from(name)),
            ("timeAfterCreate", after),
            ("timeBeforeExpiry", before),
        ])
    };
    let Some(p) = &k.rotation_policy else {
        return obj(vec![
            ("createdOn", Value::Null),
            ("expiresIn", Value::Null),
            ("id", Value::from(id)),
            (
                "lifetimeActions",
                Value::Array(vec![action("Notify", Value::Null, Value::from("P30D"))]),
            ),
            ("updatedOn", Value::Null),
        ]);
    };
    let actions = p
        .spec
        .lifetime_actions
        .iter()
        .map(|a| match a.trigger {
            PolicyTrigger::AfterCreate(t) => {
                action(a.action.name(), Value::from(t.to_string()), Value::Null)
            }
            PolicyTrigger::BeforeExpiry(t) => {
                action(a.action.name(), Value::Null, Value::from(t.to_string()))
            }
        })
        .collect();
    obj(vec![
        ("createdOn", Value::from(time(p.created))),
        (
            "expiresIn",
            p.spec
                .expiry_time
                .map_or(Value::Null, |e| Value::from(e.to_string())),
        ),
        ("id", Value::from(id)),
        ("lifetimeActions", Value::Array(actions)),
        ("updatedOn", Value::from(time(p.updated))),
    ])
}

/// The signed-in user's subscription as azure-cli's `Profile` keeps it and `az account
/// show|list` print it.
/// `az feature show|register`: the feature resource (Microsoft.Features' `FeatureResult`).
fn feature(w: &World, namespace: &str, name: &str) -> Value {
    use crate::world::SUBSCRIPTION_ID;
    let full = format!("{namespace}/{name}");
    obj(vec![
        (
            "id",
            Value::from(format!(
                "/subscriptions/{SUBSCRIPTION_ID}/providers/Microsoft.Features/providers/{namespace}/features/{name}"
            )),
        ),
        ("name", Value::from(full.as_str())),
        (
            "properties",
            obj(vec![("state", Value::from(w.feature_state(&full)))]),
        ),
        ("type", Value::from("Microsoft.Features/providers/features")),
    ])
}

fn account() -> Value {
    use crate::world::{ADMIN, DEFAULT_SUBSCRIPTION, SUBSCRIPTION_ID, TENANT_ID};
    obj(vec![
        ("environmentName", Value::from("AzureCloud")),
        ("homeTenantId", Value::from(TENANT_ID)),
        ("id", Value::from(SUBSCRIPTION_ID)),
        ("isDefault", Value::from(true)),
        ("managedByTenants", Value::Array(Vec::new())),
        ("name", Value::from(DEFAULT_SUBSCRIPTION)),
        ("state", Value::from("Enabled")),
        ("tenantId", Value::from(TENANT_ID)),
        (
            "user",
            obj(vec![
                ("name", Value::from(ADMIN)),
                ("type", Value::from("user")),
            ]),
        ),
    ])
}

/// A resource group as `az group show|create|list` print it (azure-mgmt-resource's
/// `ResourceGroup`).
fn group(name: &str, location: &str) -> Value {
    obj(vec![
        (
            "id",
            Value::from(format!(
                "/subscriptions/{}/resourceGroups/{name}",
                crate::world::SUBSCRIPTION_ID
            )),
        ),
        ("location", Value::from(location)),
        ("managedBy", Value::Null),
        ("name", Value::from(name)),
        (
            "properties",
            obj(vec![("provisioningState", Value::from("Succeeded"))]),
        ),
        ("tags", Value::Null),
        ("type", Value::from("Microsoft.Resources/resourceGroups")),
    ])
}

/// A built-in role's definition id as az prints `roleDefinitionId`.
fn role_definition_id(role: crate::vocab::Role) -> String {
    format!(
        "/subscriptions/{}/providers/Microsoft.Authorization/roleDefinitions/{}",
        crate::world::SUBSCRIPTION_ID,
        role.definition_id()
    )
}

/// A `--scope` ARM id as ARM answers it: the subscription by its GUID, however it was typed
/// (`sub1` or the GUID); the rest as given.
fn arm_scope(scope: &str) -> String {
    let Some(rest) = scope.strip_prefix("/subscriptions/") else {
        return scope.to_owned();
    };
    let (sub, tail) = rest
        .split_once('/')
        .map_or((rest, None), |(s, t)| (s, Some(t)));
    let sub = subscription_id(crate::world::subscription_key(sub));
    match tail {
        Some(t) => format!("/subscriptions/{sub}/{t}"),
        None => format!("/subscriptions/{sub}"),
    }
}

/// A scope as ARM compares it: lower case, the subscription's GUID read as its name, a vault's
/// name (Keyfall's shorthand) as its id.
fn scope_key(w: &World, scope: &str) -> String {
    let id = if scope.starts_with('/') {
        scope.to_owned()
    } else {
        vault_arm_id(w, scope)
    };
    let lower = id.trim_end_matches('/').to_ascii_lowercase();
    match lower.strip_prefix("/subscriptions/") {
        Some(rest) => {
            let (sub, tail) = rest.split_once('/').unwrap_or((rest, ""));
            let sub = crate::world::subscription_key(sub).to_ascii_lowercase();
            if tail.is_empty() {
                format!("/subscriptions/{sub}")
            } else {
                format!("/subscriptions/{sub}/{tail}")
            }
        }
        None => lower,
    }
}

/// `az role assignment list` (azure-cli role `custom.py` `list_role_assignments`, with
/// `principalName` and `roleDefinitionName` filled as it fills them): the assignments at `scope`
/// (the subscription's when none is given), or every one under the subscription with `--all`,
/// of `assignee` when given. Keyfall holds no assignment GUIDs, so `id` and `name` are left out.
fn role_assignments(w: &World, assignee: Option<&str>, scope: Option<&str>, all: bool) -> Value {
    let mut rows: Vec<(String, String, crate::vocab::Role)> = Vec::new();
    for s in w.subscriptions() {
        for g in &s.role_assignments {
            let at = match &g.resource_group {
                Some(rg) => format!(
                    "/subscriptions/{}/resourceGroups/{rg}",
                    subscription_id(&g.subscription)
                ),
                None => format!("/subscriptions/{}", subscription_id(&g.subscription)),
            };
            rows.push((g.principal.clone(), at, g.role));
        }
    }
    for v in w.vaults().filter(|v| v.deleted.is_none()) {
        for g in &v.role_assignments {
            let at = match &g.object {
                Some((kind, name)) => format!("{}/{}s/{name}", v.arm_id(), kind.name()),
                None => v.arm_id(),
            };
            rows.push((g.principal.clone(), at, g.role));
        }
    }
    let wanted = scope.map_or_else(
        || format!("/subscriptions/{}", crate::world::DEFAULT_SUBSCRIPTION),
        str::to_owned,
    );
    let wanted = scope_key(w, &wanted);
    Value::Array(
        rows.into_iter()
            .filter(|(_, at, _)| all || scope_key(w, at) == wanted)
            .filter_map(|(principal, at, role)| {
                let p = w.principals().find(|p| p.name == principal)?;
                if assignee.is_some_and(|a| p.name != a && !p.object_id.eq_ignore_ascii_case(a)) {
                    return None;
                }
                let principal_type = match p.kind {
                    PrincipalKind::User => "User",
                    _ => "ServicePrincipal",
                };
                Some(obj(vec![
                    ("principalId", Value::from(p.object_id.as_str())),
                    ("principalName", Value::from(p.name.as_str())),
                    ("principalType", Value::from(principal_type)),
                    ("roleDefinitionId", Value::from(role_definition_id(role))),
                    ("roleDefinitionName", Value::from(role.name())),
                    ("scope", Value::from(at)),
                    (
                        "type",
                        Value::from("Microsoft.Authorization/roleAssignments"),
                    ),
                ]))
            })
            .collect(),
    )
}
