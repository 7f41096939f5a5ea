//! Azure Backup of VMs: Recovery Services vaults, protection, backup jobs with their key-vault
//! permission check (R13), recovery points holding the protected key and secret (R28), and the
//! restores (R29, R30).

use std::sync::Arc;

use crate::asset::{AssetId, PointRef};
use crate::codec::{Dec, Enc};
use crate::command::VersionRef;
use crate::error::{ErrorCode, SimError};
use crate::lang::values::vault_id_text;

use super::vault::{ObjectAt, get_secret_version, put_secret_version};
use super::vm::{BootDisk, warning};
use super::{
    AZURE_BACKUP, AdeSettings, DEFAULT_SUBSCRIPTION, KekRef, NameMap, Outcome, PowerState,
    ProtectedItem, RecoveryPoint, RecoveryServicesVault, RestoredRefs, RpAde, Vm, World, geography,
    key_url, secret_url,
};
use crate::vocab::ObjectKind;

/// How long Azure Backup keeps deleted backup data in soft delete ("permanently deleted after
/// 14 days of delete operation", Learn's "Delete an Azure Backup Recovery Services vault").
const BACKUP_SOFT_DELETE_DAYS: u64 = 14;

impl ProtectedItem {
    /// Whether the daily policy backs it up: protection on and not deleted.
    pub fn is_protected(&self) -> bool {
        !self.stopped && self.deleted_until.is_none()
    }
}

pub(crate) fn rsv_not_found(name: &str) -> SimError {
    SimError::new(
        ErrorCode::ResourceNotFound,
        format!("Recovery Services vault {name} not found"),
    )
}

impl World {
    /// The Recovery Services vault `name`.
    pub fn recovery_vault(&self, name: &str) -> Option<&RecoveryServicesVault> {
        self.rsvs.get(name)
    }

    pub(crate) fn rsv_create(
        &mut self,
        who: &str,
        name: &str,
        resource_group: &str,
        location: &str,
    ) -> Result<Outcome, SimError> {
        self.authorize_subscription(
            who,
            DEFAULT_SUBSCRIPTION,
            "Microsoft.RecoveryServices/vaults/write",
        )
        .map_err(SimError::forbidden)?;
        if self.rsvs.contains_key(name) {
            // azure-cli backup `create_vault`: an existing vault goes to the update flow, with a
            // warning. The properties Keyfall models (group, location) are not updated there.
            return Ok(Outcome::with(
                format!("Recovery Services vault {name} exists: updated, nothing changed"),
                vec![warning(
                    "You are using the az backup vault create command to update vault properties. Please note that this is not officially supported, and can also reset some vault properties to their default values. It is recommended to use az backup vault update instead.",
                )],
            ));
        }
        if geography(location).is_none() {
            return Err(SimError::new(
                ErrorCode::BadParameter,
                format!("unknown location {location}"),
            ));
        }
        Arc::make_mut(&mut self.rsvs).insert(
            name.to_owned(),
            RecoveryServicesVault {
                name: name.to_owned(),
                resource_group: resource_group.to_owned(),
                location: location.to_owned(),
                subscription: DEFAULT_SUBSCRIPTION.to_owned(),
                items: NameMap::default(),
                jobs: Vec::new(),
            },
        );
        self.fx
            .state(AssetId::Rsv(name.into()), format!("created in {location}"));
        Ok(Outcome::msg(format!(
            "Recovery Services vault {name} created"
        )))
    }

    pub(crate) fn backup_protect(
        &mut self,
        who: &str,
        rsv: &str,
        vm: &str,
        policy: &str,
    ) -> Result<Outcome, SimError> {
        let r = self
            .rsvs
            .get(rsv)
            .ok_or_else(|| rsv_not_found(rsv))?
            .clone();
        self.authorize_subscription(
            who,
            &r.subscription,
            "Microsoft.RecoveryServices/vaults/write",
        )
        .map_err(SimError::forbidden)?;
        let v = self.vm_ref(vm)?;
        if v.subscription != r.subscription {
            return Err(SimError::new(
                ErrorCode::BadParameter,
                format!("{rsv} must be in the VM's subscription"),
            ));
        }
        // azure-cli backup `enable_protection_for_vm` compares the locations itself.
        if !v.location.eq_ignore_ascii_case(&r.location) {
            return Err(SimError::cli(
                "The VM should be in the same location as that of the Recovery Services vault to enable protection.",
            ));
        }
        // az finds no protectable item for a VM the vault already holds, protected, stopped or
        // soft-deleted (azure-cli backup `custom.py` `enable_protection_for_vm`).
        if r.items.contains_key(vm) {
            return Err(SimError::cli(
                "The specified Azure Virtual Machine Not Found. Possible causes are \
                 1. VM does not exist 2. The VM name or the Service name needs to be case \
                 sensitive 3. VM is already Protected with same or other Vault. Please Unprotect \
                 VM first and then try to protect it again.",
            ));
        }
        // Enabling protection succeeds; the permission check happens in the job (R13).
        if let Some(r) = Arc::make_mut(&mut self.rsvs).get_mut(rsv) {
            r.items.get_or_insert_with(vm, || ProtectedItem {
                vm: vm.to_owned(),
                policy: policy.to_owned(),
                points: Vec::new(),
                made: 0,
                stopped: false,
                deleted_until: None,
            });
        }
        self.add_job(rsv, "ConfigureBackup", vm);
        Ok(self.changed(
            AssetId::ProtectedItem {
                rsv: rsv.to_owned(),
                item: vm.to_owned(),
            },
            format!("protected with {policy} (daily at 22:00)"),
            format!("{vm} protected by {rsv}"),
        ))
    }

    /// One backup job: snapshot the disk and, for an ADE VM, copy the KEK (key backup) and the
    /// BEK secret version, all as Azure Backup (R13, R28).
    pub(crate) fn backup_job(&mut self, rsv: &str, item: &str) -> Result<String, SimError> {
        let r = self.rsvs.get(rsv).ok_or_else(|| rsv_not_found(rsv))?;
        let Some(it) = r.items.get(item).filter(|i| i.deleted_until.is_none()) else {
            return Err(SimError::new(
                ErrorCode::ResourceNotFound,
                format!("{item} is not protected by {rsv}"),
            ));
        };
        if it.stopped {
            return Err(SimError::new(
                ErrorCode::BadRequest,
                format!(
                    "protection of {item} is stopped: its recovery points are kept, and no \
                     backup is taken until protection is resumed (az backup protection resume, \
                     not modelled in Keyfall)"
                ),
            ));
        }
        let vm: Vm = self.vm_ref(item)?.clone();
        let ade = match &vm.ade {
            Some(a) => Some(self.backup_ade(a).map_err(|e| match e.denied {
                Some(d) => SimError {
                    code: ErrorCode::UserErrorKeyVaultPermissionsNotConfigured,
                    status: ErrorCode::UserErrorKeyVaultPermissionsNotConfigured.status(),
                    message: {
                        // What to grant depends on the vault's model (R11, R13).
                        let needs = match d.missing {
                            crate::authz::Missing::DataAction(_) => {
                                "on an RBAC vault it needs a role, such as Key Vault Administrator, R13"
                            }
                            _ => {
                                "needs keys get, list, backup and secrets get, list, backup, R13"
                            }
                        };
                        format!("Azure Backup lacks key vault permissions: {d} ({needs})")
                    },
                    denied: Some(d),
                },
                None => e,
            })?),
            None => None,
        };
        let now = self.now();
        // R28: only an ADE VM's point holds a copy of its key and secret.
        let made = if ade.is_some() {
            "recovery point created (encrypted snapshot + protected key and secret)"
        } else {
            "recovery point created (snapshot; no ADE key or secret to hold)"
        };
        let Some(it) = Arc::make_mut(&mut self.rsvs)
            .get_mut(rsv)
            .and_then(|r| r.items.get_mut(item))
        else {
            return Err(rsv_not_found(rsv));
        };
        it.made += 1;
        let name = format!("rp-{}", it.made);
        it.points.push(RecoveryPoint {
            name: name.clone(),
            time: now,
            location: vm.location.clone(),
            subscription: vm.subscription.clone(),
            image: vm.image.clone(),
            ade,
            cmk: vm.cmk.clone(),
            restored: None,
            snapshot: vm.disk.clone(),
            platform_key: vm.platform_key.clone(),
        });
        self.fx.call(
            AZURE_BACKUP,
            rsv,
            "store recovery point",
            &format!("{item}/{name}"),
            None,
            crate::event::CallResult::Allow,
        );
        self.fx
            .state(AssetId::recovery_point(rsv, item, &name), made);
        self.add_job(rsv, "Backup", item);
        Ok(name)
    }

    fn backup_ade(&mut self, a: &Arc<AdeSettings>) -> Result<RpAde, SimError> {
        let vault = a.vault.clone();
        let key_blob = match &a.kek {
            Some(k) => {
                self.object_list(ObjectKind::Key, AZURE_BACKUP, &k.vault)?;
                self.key_get(
                    AZURE_BACKUP,
                    &k.vault,
                    &k.name,
                    Some(&VersionRef::Id(k.version.clone())),
                )?;
                Some(self.object_backup_blob(ObjectAt {
                    who: AZURE_BACKUP,
                    kind: ObjectKind::Key,
                    vault: &k.vault,
                    name: &k.name,
                })?)
            }
            None => None,
        };
        self.object_list(ObjectKind::Secret, AZURE_BACKUP, &vault)?;
        let s = self.secret_get(
            AZURE_BACKUP,
            &vault,
            &a.secret_name,
            Some(&VersionRef::Id(a.secret_version.clone())),
        )?;
        self.object_backup_blob(ObjectAt {
            who: AZURE_BACKUP,
            kind: ObjectKind::Secret,
            vault: &vault,
            name: &a.secret_name,
        })?;
        let mut e = Enc::new();
        e.str(&a.secret_name);
        put_secret_version(&mut e, &s);
        let plain = e.finish();
        let secret_copy = self.seal_blob(&vault, &plain)?;
        Ok(RpAde {
            settings: Arc::clone(a),
            key_blob,
            secret_copy,
        })
    }

    /// Whether `who` may restore into `subscription`: Azure Backup's restore action, checked by
    /// Resource Manager on the point's own subscription (R30).
    fn authorize_restore(&self, who: &str, subscription: &str) -> Result<(), SimError> {
        self.authorize_subscription(
            who,
            subscription,
            "Microsoft.RecoveryServices/vaults/backup/restore/action",
        )
        .map(|_| ())
        .map_err(SimError::forbidden)
    }

    /// The recovery point a restore by `who` reads: found, and `who` allowed to restore into
    /// the point's own subscription (R30).
    fn point_to_restore(&self, who: &str, point: &PointRef) -> Result<&RecoveryPoint, SimError> {
        let p = self.rp_ref(point)?;
        self.authorize_restore(who, &p.subscription)?;
        Ok(p)
    }

    fn rp(&self, point: &PointRef) -> Result<RecoveryPoint, SimError> {
        self.rp_ref(point).cloned()
    }

    /// The recovery point, borrowed: a restore reads a few of its fields, not its blobs. A
    /// soft-deleted item's points are not found: Azure restores from them only after `az backup
    /// protection undelete`.
    pub(crate) fn rp_ref(&self, point: &PointRef) -> Result<&RecoveryPoint, SimError> {
        let PointRef { rsv, item, rp } = point;
        self.rsvs
            .get(rsv)
            .ok_or_else(|| rsv_not_found(rsv))?
            .items
            .get(item)
            .filter(|i| i.deleted_until.is_none())
            .and_then(|i| i.points.iter().find(|p| p.name.eq_ignore_ascii_case(rp)))
            .ok_or_else(|| {
                SimError::new(
                    ErrorCode::ResourceNotFound,
                    format!("recovery point {rsv}/{item}/{rp} not found"),
                )
            })
    }

    pub(crate) fn rp_list(
        &mut self,
        _who: &str,
        rsv: &str,
        item: &str,
    ) -> Result<Outcome, SimError> {
        let r = self.rsvs.get(rsv).ok_or_else(|| rsv_not_found(rsv))?;
        let it = r.items.get(item).ok_or_else(|| {
            SimError::new(
                ErrorCode::ResourceNotFound,
                format!("{item} is not protected"),
            )
        })?;
        let lines = it
            .points
            .iter()
            .map(|p| {
                let refs = match &p.ade {
                    Some(a) => {
                        let mut s = format!(" secret {}", a.settings.secret_url);
                        if let Some(k) = &a.settings.kek {
                            s.push_str(&format!(" kek {}", k.url));
                        }
                        s
                    }
                    None => String::new(),
                };
                format!("{} {}{refs}", p.name, p.time)
            })
            .collect();
        Ok(Outcome::with(format!("recovery points of {item}"), lines))
    }

    /// `az backup protection disable`: without `--delete-backup-data`, protection stops and
    /// the recovery points stay (Azure keeps them until deleted: "Stop protection and retain
    /// backup data"); with it, the item and its points are soft-deleted for 14 days, then
    /// deleted for good. Either way the keys and secrets the points hold are untouched: a
    /// retained point still restores (R28, R29).
    pub(crate) fn protection_disable(
        &mut self,
        who: &str,
        rsv: &str,
        item: &str,
        delete_backup_data: bool,
    ) -> Result<Outcome, SimError> {
        let r = self.rsvs.get(rsv).ok_or_else(|| rsv_not_found(rsv))?;
        let subscription = r.subscription.clone();
        let protected = r.items.get(item).is_some_and(|i| i.deleted_until.is_none());
        if !protected {
            return Err(SimError::new(
                ErrorCode::ResourceNotFound,
                format!("{item} is not protected by {rsv}"),
            ));
        }
        self.authorize_subscription(
            who,
            &subscription,
            "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/write",
        )
        .map_err(SimError::forbidden)?;
        let until = self.now() + crate::time::SimDuration::days(BACKUP_SOFT_DELETE_DAYS);
        let Some(it) = Arc::make_mut(&mut self.rsvs)
            .get_mut(rsv)
            .and_then(|r| r.items.get_mut(item))
        else {
            return Err(rsv_not_found(rsv));
        };
        let points = it.points.len();
        let (operation, change, message) = if delete_backup_data {
            it.deleted_until = Some(until);
            (
                "DeleteBackupData",
                format!("backup data deleted: {points} recovery points soft-deleted until {until}"),
                format!(
                    "protection of {item} stopped and its backup data deleted (soft-deleted until {until})"
                ),
            )
        } else {
            it.stopped = true;
            (
                "DisableBackup",
                format!("protection stopped; {points} recovery points retained"),
                format!("protection of {item} stopped; its {points} recovery points are retained"),
            )
        };
        self.add_job(rsv, operation, item);
        Ok(self.changed(
            AssetId::ProtectedItem {
                rsv: rsv.to_owned(),
                item: item.to_owned(),
            },
            change,
            message,
        ))
    }

    /// At the end of Azure Backup's soft-delete retention, a deleted item's points go for good.
    pub(crate) fn purge_deleted_backup_items(&mut self, lines: &mut Vec<String>) {
        let now = self.now();
        let due: Vec<(String, String)> = self
            .rsvs
            .values()
            .flat_map(|r| {
                r.items
                    .values()
                    .filter(|i| i.deleted_until.is_some_and(|t| t <= now))
                    .map(|i| (r.name.clone(), i.vm.clone()))
            })
            .collect();
        for (rsv, item) in due {
            if let Some(r) = Arc::make_mut(&mut self.rsvs).get_mut(&rsv) {
                r.items.remove(&item);
            }
            lines.push(format!("{rsv}/{item}: deleted backup data purged"));
            self.fx.state(
                AssetId::ProtectedItem { rsv, item },
                "backup data deleted for good at the end of soft delete",
            );
        }
    }

    /// `az backup vault delete`: refused while the vault holds items, protected, stopped or
    /// soft-deleted, with Azure Backup's messages; `--force` first deletes the backup data of
    /// every item (az's `_force_delete_vault`), which a soft-deleted item still blocks.
    pub(crate) fn rsv_delete(
        &mut self,
        who: &str,
        name: &str,
        force: bool,
    ) -> Result<Outcome, super::Failed> {
        let r = self.rsvs.get(name).ok_or_else(|| rsv_not_found(name))?;
        let subscription = r.subscription.clone();
        self.authorize_subscription(
            who,
            &subscription,
            "Microsoft.RecoveryServices/vaults/delete",
        )
        .map_err(SimError::forbidden)?;
        let r = self.rsvs.get(name).ok_or_else(|| rsv_not_found(name))?;
        let live: Vec<String> = r
            .items
            .values()
            .filter(|i| i.deleted_until.is_none())
            .map(|i| i.vm.clone())
            .collect();
        let soft_deleted = r.items.values().any(|i| i.deleted_until.is_some());
        if !live.is_empty() && !force {
            return Err(SimError::new(
                ErrorCode::BadRequest,
                "Vault cannot be deleted as there are existing resources within the vault. \
                 Please ensure there are no backup items, protected servers, or backup \
                 management servers associated with this vault.",
            )
            .into());
        }
        for item in &live {
            self.protection_disable(who, name, item, true)?;
        }
        if soft_deleted || !live.is_empty() {
            // With `--force`, the items' data really was deleted before the vault's delete
            // failed: that stays, as on Azure.
            let keep = if live.is_empty() {
                super::Failed::Undo
            } else {
                super::Failed::Keep
            };
            return Err(keep(SimError::new(
                ErrorCode::BadRequest,
                "Recovery Services vault cannot be deleted as there are backup items in soft \
                 deleted state in the vault. The soft deleted items are permanently deleted after \
                 14 days of delete operation. Please try vault deletion after the backup items are \
                 permanently deleted and there is no item in soft deleted state left in the vault.",
            )));
        }
        Arc::make_mut(&mut self.rsvs).remove(name);
        Ok(self.changed(
            AssetId::Rsv(name.into()),
            "deleted",
            format!("Recovery Services vault {name} deleted"),
        ))
    }

    /// Records a job that ran now in vault `rsv`.
    pub(crate) fn add_job(&mut self, rsv: &str, operation: &'static str, item: &str) {
        let now = self.now();
        if let Some(r) = Arc::make_mut(&mut self.rsvs).get_mut(rsv) {
            let n = r.jobs.len() as u64 + 1;
            // FNV-1a of the vault's name, so that two vaults' jobs differ.
            let h = r.name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
            });
            r.jobs.push(super::BackupJob {
                id: format!(
                    "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
                    (h >> 32) as u32,
                    (h >> 16) as u16,
                    n >> 12 & 0xfff,
                    n & 0xfff,
                    h & 0xffff_ffff_ffff
                ),
                operation,
                item: item.to_owned(),
                start: now,
                retain_until: None,
                target_resource_group: None,
            });
        }
    }

    pub(crate) fn last_job(&mut self, rsv: &str) -> Option<&mut super::BackupJob> {
        Arc::make_mut(&mut self.rsvs)
            .get_mut(rsv)
            .and_then(|r| r.jobs.last_mut())
    }

    /// `az backup job list`.
    pub(crate) fn job_list(&self, rsv: &str) -> Result<Outcome, SimError> {
        let r = self.rsvs.get(rsv).ok_or_else(|| rsv_not_found(rsv))?;
        Ok(Outcome::with(
            format!("jobs of {rsv}"),
            r.jobs
                .iter()
                .rev()
                .map(|j| {
                    format!(
                        "{} {} {} Completed {}",
                        &j.id[..8],
                        j.operation,
                        j.item,
                        j.start
                    )
                })
                .collect(),
        ))
    }

    pub(crate) fn restore_disks(
        &mut self,
        who: &str,
        point: &PointRef,
        storage_account: &str,
    ) -> Result<Outcome, SimError> {
        let PointRef { item, rp, .. } = point;
        let p = self.point_to_restore(who, point)?;
        let disk = format!("{item}-os-restored-{rp}");
        let mut lines = vec![format!("disk: {disk}")];
        if let Some(a) = &p.ade {
            lines.push(format!("needs secret {}", a.settings.secret_url));
            if let Some(k) = &a.settings.kek {
                lines.push(format!("needs key {}", k.url));
            }
        }
        self.restored_disks
            .push((storage_account.to_owned(), disk.clone()));
        self.fx.state(
            AssetId::Disk(disk.clone()),
            format!("restored into {storage_account} (still encrypted)"),
        );
        Ok(Outcome::with(
            format!("disks of {rp} restored to {storage_account}"),
            lines,
        ))
    }

    /// `sim restore-keys`: put back the exact KEK version and BEK secret a point needs (R29).
    pub(crate) fn restore_keys(
        &mut self,
        who: &str,
        point: &PointRef,
        vault: &str,
    ) -> Result<Outcome, SimError> {
        let PointRef { rsv, item, rp } = point;
        let p = self.rp(point)?;
        let Some(a) = &p.ade else {
            return Err(SimError::new(
                ErrorCode::BadParameter,
                format!("{rp} is not of an ADE-encrypted VM: nothing to restore"),
            ));
        };
        let mut lines = Vec::new();
        if let (Some(k), Some(blob)) = (&a.settings.kek, &a.key_blob) {
            let present = self
                .vault_ref(vault)
                .map(|v| v.has_key_version(&k.name, &k.version))?;
            if present {
                lines.push(format!("key {}/{} already present", k.name, k.version));
            } else {
                let name = self.object_restore_blob(ObjectKind::Key, who, vault, blob)?;
                lines.push(format!("key {name} restored with version {}", k.version));
            }
        }
        let plain = self.open_blob(vault, &a.secret_copy)?;
        let invalid = || SimError::new(ErrorCode::BackupBlobInvalid, "malformed BEK copy");
        let mut d = Dec::new(&plain);
        let name = d.str().ok_or_else(invalid)?;
        let copy = get_secret_version(&mut d).ok_or_else(invalid)?;
        let version = if self.vault_ref(vault)?.has_secret_version(&name, &copy.id) {
            lines.push(format!("secret {name}/{} already present", copy.id));
            copy.id.clone()
        } else {
            let new = super::vault::NewSecretVersion {
                content_type: copy.content_type.clone(),
                tags: copy.tags.clone(),
                ..Default::default()
            };
            let v = self.secret_set(who, vault, &name, &copy.value, new)?;
            lines.push(format!(
                "secret {name} set as version {v} with the point's tags and content type"
            ));
            v
        };
        if let Some(p) = Arc::make_mut(&mut self.rsvs)
            .get_mut(rsv)
            .and_then(|r| r.items.get_mut(item))
            .and_then(|i| {
                i.points
                    .iter_mut()
                    .find(|p| p.name.eq_ignore_ascii_case(rp))
            })
        {
            p.restored = Some(RestoredRefs {
                vault: vault.to_owned(),
                secret_name: name,
                secret_version: version,
            });
        }
        Ok(Outcome::with(
            format!("keys of {rp} restored into {vault}"),
            lines,
        ))
    }

    /// `sim restore-vm`: a new VM from the point's disks, booted through the platform with the
    /// referenced versions (R29); DiskEncryptionInternalError if they are not usable.
    pub(crate) fn restore_vm(
        &mut self,
        who: &str,
        point: &PointRef,
        name: &str,
    ) -> Result<Outcome, SimError> {
        // R30: the restored VM lands in the point's own subscription.
        let p = self.point_to_restore(who, point)?;
        if self.vms.contains_key(name) {
            return Err(SimError::new(
                ErrorCode::Conflict,
                format!("a VM named {name} exists"),
            ));
        }
        let ade = self.restored_settings(p);
        // Beside the Recovery Services vault it came from, in that vault's group.
        let resource_group = self
            .recovery_vault(&point.rsv)
            .map(|v| v.resource_group.clone())
            .unwrap_or_default();
        let disk_name = self.free_disk_name(&format!("{name}-os"));
        let mut disk = p.snapshot.clone();
        disk.name = disk_name.clone();
        let vm = Vm {
            name: name.to_owned(),
            resource_group,
            location: p.location.clone(),
            subscription: p.subscription.clone(),
            image: p.image.clone(),
            power: PowerState::Deallocated,
            at_recovery_screen: false,
            shut_down_by_cmk: false,
            disk_name,
            used_ade: ade.is_some(),
            legacy_ade: ade.as_ref().is_some_and(|a| a.aad_client_id.is_some()),
            ade,
            cmk: p.cmk.clone(),
            profile: Default::default(),
            disk,
            platform_key: p.platform_key.clone(),
            local_key: None,
        };
        self.vms.insert(name.to_owned(), vm);
        match self.platform_unlock(name) {
            Ok(k) => {
                if let Some(m) = self.vms.get_mut(name) {
                    m.power = PowerState::Running;
                    m.local_key = Some(k);
                }
                Ok(self.changed(
                    AssetId::Vm(name.into()),
                    format!("restored from {point} and booted"),
                    format!("VM {name} restored from {} and running", point.rp),
                ))
            }
            // Past ADE's retirement no key or secret put back helps: say so, not R29's repair.
            Err(e) if e.code == ErrorCode::AdeRetired => Err(e),
            Err(e) => Err(SimError {
                code: ErrorCode::DiskEncryptionInternalError,
                status: ErrorCode::DiskEncryptionInternalError.status(),
                message: format!(
                    "unknown error retrieving secret from Key Vault ({} {}): restore the key and secret of {} first (R29)",
                    e.code, e.message, point.rp
                ),
                denied: e.denied,
            }),
        }
    }

    /// The ADE settings a VM restored from `p` gets: the point's own, shared; after
    /// `sim restore-keys`, ones that point where the key and the secret went.
    fn restored_settings(&self, p: &RecoveryPoint) -> Option<Arc<AdeSettings>> {
        // `sim restore-keys` put the key and the secret back into one vault.
        let restored_id = p
            .restored
            .as_ref()
            .map(|r| match self.vaults.get(&r.vault) {
                Some(v) => vault_id_text(
                    super::subscription_id(&v.subscription),
                    &v.resource_group,
                    &v.name,
                ),
                None => String::new(),
            });
        p.ade.as_ref().map(|a| {
            let (Some(r), Some(id)) = (&p.restored, &restored_id) else {
                return Arc::clone(&a.settings);
            };
            let kek = a.settings.kek.clone().map(|k| KekRef {
                vault: r.vault.clone(),
                source_vault: id.clone(),
                url: key_url(&r.vault, &k.name, &k.version),
                ..k
            });
            Arc::new(AdeSettings {
                vault: r.vault.clone(),
                source_vault: id.clone(),
                secret_name: r.secret_name.clone(),
                secret_version: r.secret_version.clone(),
                secret_url: secret_url(&r.vault, &r.secret_name, &r.secret_version),
                kek,
                ..AdeSettings::clone(&a.settings)
            })
        })
    }

    /// Whether a VM restored from `rsv/item/rp` would boot, tried without making it: the
    /// restore's authorization (R30), then the platform's unlock of the point's disk with the
    /// calls `sim restore-vm` makes (R28, R29). A recovery point's health check: its calls name
    /// the disk the point copied (`win1-os`), since the VM a restore would make has no name.
    pub(crate) fn try_restore(&mut self, who: &str, point: &PointRef) -> Result<(), SimError> {
        let p = self.point_to_restore(who, point)?;
        let boot = BootDisk {
            vm: point.item.clone(),
            disk_name: p.snapshot.name.clone(),
            ade: self.restored_settings(p),
            cmk: p.cmk.clone(),
            platform_key: p.platform_key.clone(),
            disk: p.snapshot.clone(),
        };
        self.unlock(&boot).map(|_| ())
    }
}
