//! What az prints for a command that succeeded, read from the world after it ran.
//!
//! Read-only: the world's handlers know nothing of this module. Each view builds the JSON object
//! az prints, with az's property names and nesting (the SDK models serialised by azure-cli), from
//! the ids and values the simulation holds. A property Keyfall does not hold (an RSA modulus, a
//! tenant id, a role assignment's GUID) is left out rather than invented; `docs/fidelity.md` lists
//! them.

use serde_json::{Map, Value};

use crate::command::{Command, KeyCreate, ObjectOp, VersionRef};
use crate::time::SimTime;
use crate::vocab::ObjectKind;
use crate::world::{
    Attributes, Deletion, Key, KeyVersion, PrincipalKind, Secret, SecretVersion, Vault, Vm, World,
    key_url, secret_url,
};

/// What az prints for `cmd`, run successfully on the world that is now `w`: `None` when az
/// prints nothing (a delete, a purge, `vm start`) or Keyfall does not hold what it would print.
pub(crate) fn view(w: &World, cmd: &Command) -> Option<Value> {
    match cmd {
        Command::As { command, .. } => view(w, command),
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
                a.scope.clone()
            } else {
                vault_arm_id(w, &a.scope)
            };
            Some(obj(vec![
                ("principalId", Value::from(p.object_id.as_str())),
                ("principalType", Value::from(principal_type)),
                ("scope", Value::from(scope)),
                (
                    "type",
                    Value::from("Microsoft.Authorization/roleAssignments"),
                ),
            ]))
        }
        Command::VmCreate(c) => w.vm(&c.name).map(vm_create),
        Command::EncryptionShow { vm, .. } => encryption_show(w, w.vm(vm)?),
        Command::DesCreate(c) => des(w, &c.name),
        Command::BackupVaultCreate { name, .. } => {
            let r = w.recovery_vaults().find(|r| r.name == *name)?;
            Some(obj(vec![
                (
                    "id",
                    Value::from(format!(
                        "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.RecoveryServices/vaults/{}",
                        r.subscription, r.resource_group, r.name
                    )),
                ),
                ("location", Value::from(r.location.as_str())),
                ("name", Value::from(r.name.as_str())),
                (
                    "properties",
                    obj(vec![("provisioningState", Value::from("Succeeded"))]),
                ),
                ("resourceGroup", Value::from(r.resource_group.as_str())),
                ("type", Value::from("Microsoft.RecoveryServices/vaults")),
            ]))
        }
        Command::RecoveryPointList(item) => {
            let r = w.recovery_vaults().find(|r| r.name == item.vault)?;
            let p = r.items.get(&item.item)?;
            let container = format!(
                "IaasVMContainer;iaasvmcontainerv2;{};{}",
                r.resource_group, p.vm
            );
            let protected = format!("VM;iaasvmcontainerv2;{};{}", r.resource_group, p.vm);
            Some(Value::Array(
                p.points
                    .iter()
                    .rev()
                    .map(|rp| {
                        obj(vec![("id", Value::from(format!(
                                "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.RecoveryServices/vaults/{}/backupFabrics/Azure/protectionContainers/{container}/protectedItems/{protected}/recoveryPoints/{}",
                                r.subscription, r.resource_group, r.name, rp.name
                            ))), ("name", Value::from(rp.name.as_str())), ("properties", obj(vec![("isSourceVmEncrypted", Value::from(rp.ade.is_some())), ("objectType", Value::from("IaasVMRecoveryPoint")), ("recoveryPointTime", Value::from(time(rp.time))), ("sourceVMStorageType", Value::from("NormalStorage"))])), ("resourceGroup", Value::from(r.resource_group.as_str())), ("type", Value::from("Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints"))])
                    })
                    .collect(),
            ))
        }
        _ => None,
    }
}

/// A JSON object from its properties (not `serde_json::json!`, whose per-type serialisation
/// costs the wasm more).
fn obj(pairs: Vec<(&str, Value)>) -> Value {
    Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
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
                v.subscription, v.location, v.name
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
    obj(vec![
        ("attributes", attributes(v, &ver.attributes)),
        (
            "kid",
            Value::from(object_url(
                v,
                "keys",
                &k.name,
                versioned.then_some(ver.id.as_str()),
            )),
        ),
        ("managed", Value::Null),
        ("name", Value::from(k.name.as_str())),
        ("tags", Value::Null),
    ])
}

fn key_op(v: &Vault, k: &Key, op: &ObjectOp) -> Option<Value> {
    let deleted = |item: Value| with_deletion(item, v, "keys", &k.name, k.deleted);
    match op {
        ObjectOp::Show { version } => Some(key_bundle(
            v,
            k,
            version_of(&k.versions, |x| &x.id, version.as_ref())?,
        )),
        ObjectOp::SetAttributes { version, .. } => Some(key_bundle(
            v,
            k,
            version_of(&k.versions, |x| &x.id, version.as_ref())?,
        )),
        ObjectOp::Recover => Some(key_bundle(v, k, k.latest()?)),
        ObjectOp::Delete | ObjectOp::ShowDeleted => Some(deleted(key_bundle(v, k, k.latest()?))),
        ObjectOp::ListVersions => Some(Value::Array(
            k.versions
                .iter()
                .map(|ver| key_item(v, k, ver, true))
                .collect(),
        )),
        ObjectOp::Purge | ObjectOp::Backup { .. } => None,
    }
}

fn tags(t: &crate::world::NameMap<String>) -> Value {
    if t.is_empty() {
        return Value::Null;
    }
    Value::Object(
        t.iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect::<Map<_, _>>(),
    )
}

/// A secret version: az's `KeyVaultSecret` with its value, or its properties without.
fn secret_bundle(v: &Vault, s: &Secret, ver: &SecretVersion, value: bool) -> Value {
    let mut out = obj(vec![
        ("attributes", attributes(v, &ver.attributes)),
        ("contentType", Value::from(ver.content_type.clone())),
        ("id", Value::from(secret_url(&v.name, &s.name, &ver.id))),
        ("kid", Value::Null),
        ("managed", Value::Null),
        ("name", Value::from(s.name.as_str())),
        ("tags", tags(&ver.tags)),
    ]);
    if value && let Value::Object(m) = &mut out {
        m.insert("value".into(), ver.value().into());
    }
    out
}

fn secret_item(v: &Vault, s: &Secret, ver: &SecretVersion, versioned: bool) -> Value {
    obj(vec![
        ("attributes", attributes(v, &ver.attributes)),
        ("contentType", Value::from(ver.content_type.clone())),
        (
            "id",
            Value::from(object_url(
                v,
                "secrets",
                &s.name,
                versioned.then_some(ver.id.as_str()),
            )),
        ),
        ("managed", Value::Null),
        ("name", Value::from(s.name.as_str())),
        ("tags", tags(&ver.tags)),
    ])
}

fn secret_op(v: &Vault, s: &Secret, op: &ObjectOp) -> Option<Value> {
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
        ObjectOp::Delete | ObjectOp::ShowDeleted => Some(with_deletion(
            secret_bundle(v, s, s.versions.last()?, false),
            v,
            "secrets",
            &s.name,
            s.deleted,
        )),
        ObjectOp::ListVersions => Some(Value::Array(
            s.versions
                .iter()
                .map(|ver| secret_item(v, s, ver, true))
                .collect(),
        )),
        ObjectOp::Purge | ObjectOp::Backup { .. } => None,
    }
}

fn vm_id(vm: &Vm) -> String {
    format!(
        "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Compute/virtualMachines/{}",
        vm.subscription, vm.resource_group, vm.name
    )
}

/// `az vm create`'s summary, without what Keyfall has no network for (IP and MAC addresses,
/// FQDNs).
fn vm_create(vm: &Vm) -> Value {
    obj(vec![
        ("id", Value::from(vm_id(vm))),
        ("location", Value::from(vm.location.as_str())),
        (
            "powerState",
            Value::from(if vm.is_up() {
                "VM running"
            } else {
                "VM deallocated"
            }),
        ),
        ("resourceGroup", Value::from(vm.resource_group.as_str())),
    ])
}

fn vault_arm_id(w: &World, name: &str) -> String {
    match w.vault(name) {
        Some(v) => v.arm_id(),
        None => name.to_owned(),
    }
}

/// `az vm encryption show` for a VM with ADE (azure-cli `_show_vm_encryption_status_thru_new_ade`):
/// each disk's encryption settings and its `EncryptionState` status. Nothing (az warns "Azure
/// Disk Encryption is not enabled") for a VM without.
fn encryption_show(w: &World, vm: &Vm) -> Option<Value> {
    let ade = vm.ade.as_ref()?;
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

fn des(w: &World, name: &str) -> Option<Value> {
    let d = w.disk_encryption_sets().find(|d| d.name == name)?;
    let sub = w.vault(&d.vault).map_or("", |v| v.subscription.as_str());
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
        (
            "id",
            Value::from(format!(
                "/subscriptions/{sub}/resourceGroups/{}/providers/Microsoft.Compute/diskEncryptionSets/{}",
                d.resource_group, d.name
            )),
        ),
        (
            "identity",
            obj(vec![("type", Value::from("SystemAssigned"))]),
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
