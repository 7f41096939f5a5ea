//! Names as the world keeps them. Azure compares resource and resource group names without
//! case ("Always perform a case-insensitive comparison of names", Learn's naming rules), and Key
//! Vault its object names ("Key Vault object identifiers ... should always be compared as
//! case-insensitive strings"): `az vm encryption enable --name MyVM` finds the VM created as
//! `myVM`, and the output still says `myVM`. [`World::canonical`] rewrites a command's names
//! to the spelling their resources were created with before it runs, so every handler, event,
//! audit entry and what-if dependency speaks of one name; a name nothing holds yet is left as
//! typed (a create keeps the user's spelling).

use crate::command::{BackupItem, Command, DiskGrant, DiskOp, KeyRef, ObjectRef, VaultRef};
use crate::vocab::ObjectKind;

use super::World;

impl World {
    /// `cmd` with each name of a vault, key, secret, VM, disk encryption set, Recovery Services
    /// vault, protected item and resource group in the spelling the world keeps.
    pub(crate) fn canonical(&self, cmd: &Command) -> Command {
        self.canonical_checked(cmd).0
    }

    /// [`World::canonical`], and the first resource group the command names that does not
    /// exist (the `az group` commands answer for their own group themselves).
    pub(crate) fn canonical_checked(&self, cmd: &Command) -> (Command, Option<String>) {
        let mut cmd = cmd.clone();
        let missing = std::cell::RefCell::new(None);
        self.canonical_in(&mut cmd, &missing);
        (cmd, missing.into_inner())
    }

    fn canonical_in(&self, cmd: &mut Command, missing: &std::cell::RefCell<Option<String>>) {
        let vault = |n: &mut String| {
            if let Some(k) = self.vaults.key_of(n) {
                *n = k;
            }
        };
        let vm = |n: &mut String| {
            if let Some(k) = self.vms.key_of(n) {
                *n = k;
            }
        };
        let des = |n: &mut String| {
            if let Some(k) = self.des.key_of(n) {
                *n = k.to_owned();
            }
        };
        // A disk of its own, or a VM's OS disk.
        let disk = |n: &mut String| {
            let held = self
                .disks
                .key_of(n)
                .map(str::to_owned)
                .or_else(|| self.vm_of_disk(n).map(|v| v.disk_name.clone()));
            if let Some(k) = held {
                *n = k;
            }
        };
        let rsv = |n: &mut String| {
            if let Some(k) = self.rsvs.key_of(n) {
                *n = k.to_owned();
            }
        };
        let group = |n: &mut String| match self.resource_group(n) {
            Some((k, _)) => *n = k,
            None => {
                missing.borrow_mut().get_or_insert_with(|| n.clone());
            }
        };
        // The `az group` commands' own group: found or not, they answer for it.
        let own_group = |n: &mut String| {
            if let Some((k, _)) = self.resource_group(n) {
                *n = k;
            }
        };
        let object = |kind: ObjectKind, v: &str, n: &mut String| {
            let held = self.vaults.peek(v).and_then(|v| match kind {
                ObjectKind::Key => v.keys.key_of(n),
                ObjectKind::Secret => v.secrets.key_of(n),
            });
            if let Some(k) = held {
                *n = k.to_owned();
            }
        };
        let vault_ref = |r: &mut VaultRef| match r {
            VaultRef::Name(n) => vault(n),
            VaultRef::Id {
                name,
                resource_group,
                ..
            } => {
                vault(name);
                group(resource_group);
            }
        };
        let item = |b: &mut BackupItem| {
            rsv(&mut b.vault);
            group(&mut b.resource_group);
            let held = self
                .rsvs
                .get(&b.vault)
                .and_then(|r| r.items.key_of(&b.item));
            if let Some(k) = held {
                b.item = k.to_owned();
            }
        };
        let opt_group = |g: &mut Option<String>| {
            if let Some(g) = g {
                group(g);
            }
        };
        match cmd {
            Command::GroupShow { name }
            | Command::GroupDelete { name }
            | Command::GroupCreate { name, .. } => own_group(name),
            Command::VaultCreate(a) => {
                vault(&mut a.name);
                group(&mut a.resource_group);
            }
            Command::VaultUpdate(a) => vault(&mut a.name),
            Command::SetPolicy(a) => vault(&mut a.vault),
            Command::DeletePolicy { vault: v, .. } => vault(v),
            Command::VaultDelete { name }
            | Command::VaultRecover { name }
            | Command::VaultPurge { name }
            | Command::VaultShow { name }
            | Command::VaultShowDeleted { name } => vault(name),
            Command::VaultList { resource_group } => opt_group(resource_group),
            Command::KeyCreate(a) => {
                vault(&mut a.vault);
                object(ObjectKind::Key, &a.vault, &mut a.name);
            }
            Command::KeyRotate { vault: v, name }
            | Command::KeyRotationPolicyUpdate { vault: v, name, .. }
            | Command::KeyRotationPolicyShow { vault: v, name } => {
                vault(v);
                object(ObjectKind::Key, v, name);
            }
            Command::SecretSet(a) => {
                vault(&mut a.vault);
                object(ObjectKind::Secret, &a.vault, &mut a.name);
            }
            Command::Object {
                kind,
                object: ObjectRef { vault: v, name },
                ..
            } => {
                vault(v);
                object(*kind, v, name);
            }
            Command::ObjectRestore { vault: v, .. } | Command::ObjectList { vault: v, .. } => {
                vault(v)
            }
            Command::VmCreate(a) => {
                vm(&mut a.name);
                group(&mut a.resource_group);
                if let Some(d) = &mut a.attach_os_disk {
                    disk(d);
                }
                if let Some(d) = &mut a.os_disk_encryption_set {
                    des(d);
                }
                a.data_disk_encryption_sets.iter_mut().for_each(des);
            }
            Command::EncryptionEnable(a) => {
                vm(&mut a.vm);
                group(&mut a.resource_group);
                vault_ref(&mut a.vault);
                if let Some(k) = &mut a.key_encryption_keyvault {
                    vault_ref(k);
                }
                let kek_vault = a
                    .key_encryption_keyvault
                    .as_ref()
                    .unwrap_or(&a.vault)
                    .name()
                    .to_owned();
                match &mut a.key_encryption_key {
                    Some(KeyRef::Name(n)) => object(ObjectKind::Key, &kek_vault, n),
                    Some(KeyRef::Url { vault: v, name, .. }) => {
                        vault(v);
                        object(ObjectKind::Key, v, name);
                    }
                    None => {}
                }
            }
            Command::EncryptionDisable {
                vm: v,
                resource_group,
                ..
            }
            | Command::EncryptionShow {
                vm: v,
                resource_group,
            }
            | Command::VmShow {
                vm: v,
                resource_group,
                ..
            }
            | Command::VmPower {
                vm: v,
                resource_group,
                ..
            }
            | Command::VmUpdate {
                vm: v,
                resource_group,
                ..
            }
            | Command::VmDelete {
                vm: v,
                resource_group,
            } => {
                vm(v);
                group(resource_group);
            }
            Command::VmList { resource_group, .. } => opt_group(resource_group),
            Command::AzCopy(_) => {}
            Command::Disk(op) => match op {
                DiskOp::Create(a) => {
                    disk(&mut a.name);
                    group(&mut a.resource_group);
                    if let Some(s) = &mut a.source {
                        disk(s);
                    }
                }
                DiskOp::GrantAccess(DiskGrant {
                    name,
                    resource_group,
                    ..
                })
                | DiskOp::Show {
                    name,
                    resource_group,
                }
                | DiskOp::RevokeAccess {
                    name,
                    resource_group,
                }
                | DiskOp::Delete {
                    name,
                    resource_group,
                } => {
                    disk(name);
                    group(resource_group);
                }
                DiskOp::List { resource_group } => opt_group(resource_group),
            },
            Command::DesCreate(a) => {
                des(&mut a.name);
                group(&mut a.resource_group);
                vault(&mut a.source_vault);
                object(ObjectKind::Key, &a.source_vault, &mut a.key);
            }
            Command::DesShow {
                name,
                resource_group,
            } => {
                des(name);
                group(resource_group);
            }
            Command::DesUpdate {
                name,
                resource_group,
                key_url,
                ..
            } => {
                des(name);
                group(resource_group);
                if let Some((v, k, _)) = key_url {
                    vault(v);
                    object(ObjectKind::Key, v, k);
                }
            }
            Command::BackupVaultCreate {
                name,
                resource_group,
                ..
            }
            | Command::BackupVaultShow {
                name,
                resource_group,
            }
            | Command::BackupVaultDelete {
                name,
                resource_group,
                ..
            } => {
                rsv(name);
                group(resource_group);
            }
            Command::BackupVaultList { resource_group } => opt_group(resource_group),
            Command::BackupProtect {
                vault: v,
                resource_group,
                vm: m,
                ..
            } => {
                rsv(v);
                group(resource_group);
                vm(m);
            }
            Command::BackupNow(b, _)
            | Command::RecoveryPointList(b)
            | Command::RecoveryPointShow { item: b, .. }
            | Command::BackupProtectionDisable { item: b, .. } => item(b),
            Command::RestoreDisks {
                item: b,
                target_resource_group,
                ..
            } => {
                item(b);
                opt_group(target_resource_group);
            }
            Command::BackupItemList {
                vault: v,
                resource_group,
            }
            | Command::BackupJobList {
                vault: v,
                resource_group,
            } => {
                rsv(v);
                group(resource_group);
            }
            Command::As { command, .. } => self.canonical_in(command, missing),
            Command::Write { vm: v, .. } | Command::Read { vm: v, .. } => vm(v),
            Command::RestoreKeys { point, vault: v } => {
                rsv(&mut point.rsv);
                vault(v);
            }
            Command::RestoreVm { point, .. } => rsv(&mut point.rsv),
            Command::Login
            | Command::AccountSet { .. }
            | Command::GroupList
            | Command::AccountShow
            | Command::AccountList
            | Command::ProviderRegister { .. }
            | Command::SpCreate { .. }
            | Command::Feature { .. }
            | Command::RoleAssignmentCreate(_)
            | Command::RoleAssignmentDelete(_)
            | Command::RoleAssignmentList { .. }
            | Command::VaultListDeleted
            | Command::Advance(_)
            | Command::Expect(_) => {}
        }
    }
}
