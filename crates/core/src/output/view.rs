//! What az prints for a command that succeeded, read from the world after it ran.
//!
//! Read-only: the world's handlers know nothing of this module. Each view builds the JSON object
//! az prints, with az's property names and nesting (the SDK models serialised by azure-cli), from
//! the ids and values the simulation holds. A property Keyfall does not hold (an RSA modulus, a
//! tenant id, a role assignment's GUID) is left out rather than invented; `docs/fidelity.md` lists
//! them.

use serde_json::{Map, Value, json};

use crate::command::{Command, ObjectOp, VersionRef};
use crate::time::SimTime;
use crate::vocab::ObjectKind;
use crate::world::{
    Attributes, Deletion, Key, KeyVersion, Secret, SecretVersion, Vault, Vm, World, key_url,
    secret_url,
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
                    None => json!({
                        "id": v.arm_id(),
                        "location": v.location,
                        "name": v.name,
                        "resourceGroup": v.resource_group,
                        "tags": {},
                        "type": "Microsoft.KeyVault/vaults",
                    }),
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
        Command::KeyCreate { vault, name, .. } | Command::KeyRotate { vault, name } => {
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
        Command::VmCreate(c) => w.vm(&c.name).map(vm_create),
        Command::EncryptionShow { vm, .. } => encryption_show(w, w.vm(vm)?),
        Command::DesCreate(c) => des(w, &c.name),
        Command::BackupVaultCreate { name, .. } => {
            let r = w.recovery_vaults().find(|r| r.name == *name)?;
            Some(json!({
                "id": format!(
                    "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.RecoveryServices/vaults/{}",
                    r.subscription, r.resource_group, r.name
                ),
                "location": r.location,
                "name": r.name,
                "properties": { "provisioningState": "Succeeded" },
                "resourceGroup": r.resource_group,
                "type": "Microsoft.RecoveryServices/vaults",
            }))
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
                        json!({
                            "id": format!(
                                "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.RecoveryServices/vaults/{}/backupFabrics/Azure/protectionContainers/{container}/protectedItems/{protected}/recoveryPoints/{}",
                                r.subscription, r.resource_group, r.name, rp.name
                            ),
                            "name": rp.name,
                            "properties": {
                                "isSourceVmEncrypted": rp.ade.is_some(),
                                "objectType": "IaasVMRecoveryPoint",
                                "recoveryPointTime": time(rp.time),
                                "sourceVMStorageType": "NormalStorage",
                            },
                            "resourceGroup": r.resource_group,
                            "type": "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints",
                        })
                    })
                    .collect(),
            ))
        }
        _ => None,
    }
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
    json!({
        "created": time(a.created),
        "enabled": a.enabled,
        "expires": opt_time(a.exp),
        "notBefore": opt_time(a.nbf),
        "recoverableDays": v.retention_days,
        "recoveryLevel": recovery_level(v),
    })
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
            json!({
                "applicationId": null,
                "objectId": object_id(w, &p.principal),
                "permissions": {
                    "certificates": [],
                    "keys": p.keys.iter().map(|k| k.name()).collect::<Vec<_>>(),
                    "secrets": p.secrets.iter().map(|s| s.name()).collect::<Vec<_>>(),
                    "storage": [],
                },
            })
        })
        .collect();
    json!({
        "id": v.arm_id(),
        "location": v.location,
        "name": v.name,
        "properties": {
            "accessPolicies": policies,
            "enablePurgeProtection": if v.purge_protection { Value::Bool(true) } else { Value::Null },
            "enableRbacAuthorization": v.rbac,
            "enableSoftDelete": true,
            "enabledForDeployment": v.enabled_for_deployment,
            "enabledForDiskEncryption": v.enabled_for_disk_encryption,
            "enabledForTemplateDeployment": v.enabled_for_template_deployment,
            "provisioningState": "Succeeded",
            "publicNetworkAccess": "Enabled",
            "sku": { "family": "A", "name": v.sku.name() },
            "softDeleteRetentionInDays": v.retention_days,
            "vaultUri": format!("https://{}.vault.azure.net/", v.name),
        },
        "resourceGroup": v.resource_group,
        "tags": {},
        "type": "Microsoft.KeyVault/vaults",
    })
}

fn deleted_vault(v: &Vault, d: Deletion) -> Value {
    json!({
        "id": format!(
            "/subscriptions/{}/providers/Microsoft.KeyVault/locations/{}/deletedVaults/{}",
            v.subscription, v.location, v.name
        ),
        "name": v.name,
        "properties": {
            "deletionDate": time(d.deleted_at),
            "location": v.location,
            "purgeProtectionEnabled": v.purge_protection,
            "scheduledPurgeDate": time(d.purge_at),
            "tags": {},
            "vaultId": v.arm_id(),
        },
        "type": "Microsoft.KeyVault/deletedVaults",
    })
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
    json!({
        "attributes": attributes(v, &ver.attributes),
        "key": {
            "kid": key_url(&v.name, &k.name, &ver.id),
            "kty": k.kty.name(),
        },
        "managed": null,
        "releasePolicy": null,
        "tags": null,
    })
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
    json!({
        "attributes": attributes(v, &ver.attributes),
        "kid": object_url(v, "keys", &k.name, versioned.then_some(ver.id.as_str())),
        "managed": null,
        "name": k.name,
        "tags": null,
    })
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
    let mut out = json!({
        "attributes": attributes(v, &ver.attributes),
        "contentType": ver.content_type,
        "id": secret_url(&v.name, &s.name, &ver.id),
        "kid": null,
        "managed": null,
        "name": s.name,
        "tags": tags(&ver.tags),
    });
    if value && let Value::Object(m) = &mut out {
        m.insert("value".into(), ver.value().into());
    }
    out
}

fn secret_item(v: &Vault, s: &Secret, ver: &SecretVersion, versioned: bool) -> Value {
    json!({
        "attributes": attributes(v, &ver.attributes),
        "contentType": ver.content_type,
        "id": object_url(v, "secrets", &s.name, versioned.then_some(ver.id.as_str())),
        "managed": null,
        "name": s.name,
        "tags": tags(&ver.tags),
    })
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
    json!({
        "id": vm_id(vm),
        "location": vm.location,
        "powerState": if vm.is_up() { "VM running" } else { "VM deallocated" },
        "resourceGroup": vm.resource_group,
    })
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
    let mut settings = json!({
        "diskEncryptionKey": {
            "secretUrl": ade.secret_url,
            "sourceVault": { "id": vault_arm_id(w, &ade.vault) },
        },
        "enabled": true,
    });
    if let (Some(kek), Value::Object(m)) = (&ade.kek, &mut settings) {
        m.insert(
            "keyEncryptionKey".into(),
            json!({
                "keyUrl": kek.url,
                "sourceVault": { "id": vault_arm_id(w, &kek.vault) },
            }),
        );
    }
    Some(json!({
        "disks": [{
            "encryptionSettings": [settings],
            "name": vm.disk_name,
            "statuses": [{
                "code": "EncryptionState/encrypted",
                "displayStatus": "Encryption is enabled on disk",
                "level": "Info",
            }],
        }],
    }))
}

fn des(w: &World, name: &str) -> Option<Value> {
    let d = w.disk_encryption_sets().find(|d| d.name == name)?;
    let sub = w.vault(&d.vault).map_or("", |v| v.subscription.as_str());
    Some(json!({
        "activeKey": {
            "keyUrl": key_url(&d.vault, &d.key, &d.key_version),
            "sourceVault": { "id": vault_arm_id(w, &d.vault) },
        },
        "encryptionType": "EncryptionAtRestWithCustomerKey",
        "id": format!(
            "/subscriptions/{sub}/resourceGroups/{}/providers/Microsoft.Compute/diskEncryptionSets/{}",
            d.resource_group, d.name
        ),
        "identity": { "type": "SystemAssigned" },
        "location": d.location,
        "name": d.name,
        "provisioningState": "Succeeded",
        "resourceGroup": d.resource_group,
        "rotationToLatestKeyVersionEnabled": d.auto_rotation,
        "type": "Microsoft.Compute/diskEncryptionSets",
    }))
}
