//! Managed disks of their own, as Learn's migration from ADE to encryption at host handles them:
//! an empty disk made for upload, a SAS on each disk (`az disk grant-access`), AzCopy copying the
//! bytes, `az disk revoke-access`, and a VM built on the new disk (`az vm create
//! --attach-os-disk`). A VM's own OS disk stays inside its [`Vm`]; it joins this map when the VM
//! is deleted, as Azure keeps it. docs/fidelity.md, "Managed disks", cites each rule's source.

use crate::asset::AssetId;
use crate::command::{AzCopy, DiskCreate, DiskGrant, DiskOp, VmCreate};
use crate::crypto::{Disk, SymKey};
use crate::error::{ErrorCode, SimError};
use crate::event::CallResult;
use crate::time::{SimDuration, SimTime};

use super::{CmkSettings, DEFAULT_SUBSCRIPTION, Failed, Outcome, PowerState, Vm, World};

/// `diskSizeBytes` of the OS disk an image gives: 127 GiB for Windows, 30 GiB for Linux (the
/// marketplace images' sizes, which `az disk show` prints as `diskSizeGb`).
pub fn os_disk_bytes(windows: bool) -> u64 {
    (if windows { 127 } else { 30 }) << 30
}

/// The VHD footer Azure leaves out of `diskSizeBytes`, which an upload must include ("add 512
/// bytes to the disk size to account for the footer", Learn's migration page).
pub const VHD_FOOTER: u64 = 512;

/// A managed disk that no VM holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ManagedDisk {
    pub name: String,
    pub resource_group: String,
    pub location: String,
    pub subscription: String,
    /// `osType`: `Windows` or `Linux` for an OS disk.
    pub os_type: Option<String>,
    /// `diskSizeBytes`, without the VHD footer.
    pub size_bytes: u64,
    /// `creationData.createOption`: `Upload`, `Copy`, or how the VM it came from made it
    /// (`FromImage`, `Attach`, `Empty` for a data disk).
    pub create_option: String,
    /// Made for upload and not yet closed by `az disk revoke-access` (`ReadyToUpload`, or
    /// `ActiveUpload` while a Write SAS is open).
    pub awaiting_upload: bool,
    /// ADE's Unified Data Encryption flag: set on a disk ADE ever encrypted, kept by every copy
    /// (`--source`) and snapshot, and absent from a disk made by upload ("UDE flag
    /// persistence", Learn's migration page). Encryption at host refuses a disk that has it.
    pub ude: bool,
    /// SSE with a customer-managed key: the set its data key is wrapped by.
    pub cmk: Option<CmkSettings>,
    /// The bytes the guest wrote, sealed under the platform's key (or, for a disk a guest
    /// encrypted itself, under its BitLocker or dm-crypt key, which the platform does not
    /// have); `None` for a disk nothing was written to.
    #[serde(skip)]
    pub(crate) content: Option<Disk>,
    /// The key the platform opens the content with: its platform-managed key, or the data key
    /// a Disk Encryption Set wraps.
    #[serde(skip)]
    pub(crate) key: Option<SymKey>,
}

impl ManagedDisk {
    /// `diskState` as Resource Manager reports it, given the SAS open on the disk.
    pub fn state(&self, sas: Option<&DiskSas>) -> &'static str {
        match (sas, self.awaiting_upload) {
            (Some(s), _) if s.write => "ActiveUpload",
            (Some(_), _) => "ActiveSAS",
            (None, true) => "ReadyToUpload",
            (None, false) => "Unattached",
        }
    }
}

/// A SAS `az disk grant-access` opened on a disk.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DiskSas {
    /// The `accessSAS` URL az prints.
    pub url: String,
    /// `--access-level Write` (an upload), else Read.
    pub write: bool,
    pub expires: SimTime,
}

impl DiskSas {
    /// Its access level, as `--access-level` names it: `Write` or `Read`.
    pub fn level(&self) -> &'static str {
        sas_level(self.write)
    }
}

/// The access level of a SAS that writes (or only reads), as `--access-level` names it.
fn sas_level(write: bool) -> &'static str {
    if write { "Write" } else { "Read" }
}

fn disk_not_found(name: &str) -> SimError {
    SimError::new(
        ErrorCode::ResourceNotFound,
        format!(
            "The Resource 'Microsoft.Compute/disks/{name}' under resource group was not found."
        ),
    )
}

/// Compute's refusal of a SAS on a disk its running VM is using (the message Azure Storage
/// Explorer users quote from the service).
fn attached_to_running(disk: &str, vm: &Vm) -> SimError {
    SimError::new(
        ErrorCode::Conflict,
        format!(
            "Access not permitted because disk {disk} is currently attached to running VM {}.",
            crate::lang::values::resource_id(
                super::subscription_id(&vm.subscription),
                &vm.resource_group,
                "Microsoft.Compute/virtualMachines",
                &vm.name
            )
        ),
    )
}

/// A Write SAS asked of a disk that takes no upload.
fn no_write_sas(disk: &str) -> SimError {
    SimError::new(
        ErrorCode::Conflict,
        format!(
            "Disk {disk} is not in ReadyToUpload state: only a disk created with --upload-type takes a Write SAS, until revoke-access closes it."
        ),
    )
}

/// The refusal of encryption at host for a disk that has or had ADE (Learn: "Disks that have
/// or had Azure Disk Encryption enabled" cannot use it; the disk keeps the UDE flag).
pub(crate) fn ude_refusal(vm_name: &str, disk: &str) -> SimError {
    SimError::new(
        ErrorCode::Conflict,
        format!(
            "Encryption at host can't be enabled on {vm_name}: its disk {disk} has or had Azure Disk Encryption enabled (the UDE flag stays through decryption and copies). Migrate to a new disk made by upload."
        ),
    )
}

impl World {
    /// Managed disks no VM holds, by name.
    pub fn managed_disks(&self) -> impl Iterator<Item = &ManagedDisk> {
        self.disks.values()
    }

    /// The SAS open on disk `name` (a VM's OS disk or a disk of its own).
    pub fn disk_sas(&self, name: &str) -> Option<&DiskSas> {
        self.disk_sas.get(name)
    }

    /// `base`, or `base-2`, `base-3`... when a disk already has that name: a deleted VM's disk
    /// stays, and a VM created again under its name needs a new one (Azure's own names carry
    /// a GUID).
    pub(crate) fn free_disk_name(&self, base: &str) -> String {
        let taken = |n: &str| self.disks.contains_key(n) || self.vm_of_disk(n).is_some();
        (1..)
            .map(|i| match i {
                1 => base.to_owned(),
                i => format!("{base}-{i}"),
            })
            .find(|n| !taken(n))
            .unwrap_or_else(|| base.to_owned())
    }

    /// Compute's Conflict when a VM holds disk `name` as its OS disk: it cannot be deleted or
    /// attached to another VM.
    fn unattached(&self, name: &str) -> Result<(), SimError> {
        match self.vm_of_disk(name) {
            Some(vm) => Err(SimError::new(
                ErrorCode::Conflict,
                format!("Disk {} is attached to VM {}.", vm.disk_name, vm.name),
            )),
            None => Ok(()),
        }
    }

    /// The VM whose OS disk is `name`.
    pub(crate) fn vm_of_disk(&self, name: &str) -> Option<&Vm> {
        self.vms.holding_disk(name)
    }

    /// Disk `name`: one of its own, or a VM's OS disk.
    fn held_disk(&self, name: &str) -> Result<Held<'_>, SimError> {
        match (self.disks.get(name), self.vm_of_disk(name)) {
            (Some(d), _) => Ok(Held::Own(d)),
            (None, Some(vm)) => Ok(Held::Os(vm)),
            (None, None) => Err(disk_not_found(name)),
        }
    }

    /// Where a call on disk `name` lands, as (actor, disk): a VM's OS disk is drawn on its VM's
    /// card, so the call goes to the VM; a disk of its own is an actor itself.
    fn disk_target(&self, name: &str) -> (String, String) {
        match self.held_disk(name) {
            Ok(Held::Own(d)) => (d.name.clone(), d.name.clone()),
            Ok(Held::Os(vm)) => (vm.name.clone(), vm.disk_name.clone()),
            Err(_) => (name.to_owned(), name.to_owned()),
        }
    }

    /// Records the Compute or Storage call on `object` from `caller` to `callee` that ended in
    /// `done`, allowed or refused. az's own refusals sent no request, and make no call.
    fn disk_call<T>(
        &mut self,
        caller: &str,
        callee: &str,
        operation: &str,
        object: &str,
        done: &Result<T, SimError>,
    ) {
        let result = match done {
            Ok(_) => CallResult::Allow,
            Err(e) if e.code == ErrorCode::CliError => return,
            Err(e) => CallResult::refused(e),
        };
        self.fx
            .call(caller, callee, operation, object, None, result);
    }

    pub(crate) fn disk_command(&mut self, who: &str, op: &DiskOp) -> Result<Outcome, SimError> {
        match op {
            DiskOp::Show { name, .. } => self.disk_show(name),
            DiskOp::Create(args) => self.disk_create(who, args),
            DiskOp::GrantAccess(grant) => self.disk_grant_access(who, grant),
            DiskOp::RevokeAccess { name, .. } => self.disk_revoke_access(who, name),
            DiskOp::Delete { name, .. } => self.disk_delete(who, name),
            DiskOp::List { resource_group } => {
                let lines = self
                    .listed_disks(resource_group.as_deref())
                    .map(|d| match d {
                        Held::Os(vm) => format!("{}: Attached to {}", vm.disk_name, vm.name),
                        Held::Own(d) => {
                            format!("{}: {}", d.name, d.state(self.disk_sas.get(&d.name)))
                        }
                    })
                    .collect();
                Ok(Outcome::with("managed disks".to_owned(), lines))
            }
        }
    }

    /// The disks `az disk list` shows, in `resource_group` when given: each VM's OS disk, then
    /// the disks of their own.
    pub(crate) fn listed_disks<'a>(
        &'a self,
        resource_group: Option<&'a str>,
    ) -> impl Iterator<Item = Held<'a>> {
        let os = self.vms().map(Held::Os);
        let own = self.disks.values().map(Held::Own);
        os.chain(own).filter(move |d| {
            let group = match d {
                Held::Os(vm) => &vm.resource_group,
                Held::Own(d) => &d.resource_group,
            };
            resource_group.is_none_or(|g| g.eq_ignore_ascii_case(group))
        })
    }

    /// `az disk create`: an empty disk made for upload (`--upload-type Upload`), or a copy of
    /// another disk (`--source`, `createOption: Copy`), which keeps its UDE flag.
    fn disk_create(&mut self, who: &str, args: &DiskCreate) -> Result<Outcome, SimError> {
        let upload = args.for_upload || args.upload_type.is_some();
        if upload && args.source.is_some() {
            return Err(SimError::cli(
                "usage error: --source cannot be used together with --upload-type",
            ));
        }
        if args.size_gb.is_some() && !upload && args.source.is_none() {
            return Err(SimError::new(
                ErrorCode::BadParameter,
                "Keyfall does not model empty managed disks: make them with `az vm create --data-disk-sizes-gb`, or create a disk for upload (--upload-type Upload) or a copy (--source)",
            ));
        }
        if !upload && args.source.is_none() {
            return Err(SimError::cli(
                "usage error: Keyfall's az disk create takes --upload-type Upload --upload-size-bytes N, or --source DISK",
            ));
        }
        let location = self.location_or_group(&args.location, &args.resource_group)?;
        if super::geography(&location).is_none() {
            return Err(SimError::new(
                ErrorCode::BadParameter,
                format!("unknown location {location}"),
            ));
        }
        let sub = DEFAULT_SUBSCRIPTION;
        self.require_owner(who, sub, "Microsoft.Compute/disks/write")?;
        if self.disks.contains_key(&args.name) || self.vm_of_disk(&args.name).is_some() {
            return Err(SimError::new(
                ErrorCode::Conflict,
                format!("a disk named {} exists", args.name),
            ));
        }
        let mut warnings = Vec::new();
        if args.for_upload {
            // azure-cli vm `_params.py`: `deprecate_info=... redirect='--upload-type Upload'`.
            warnings.push(
                "az: WARNING: Argument '--for-upload' has been deprecated and will be removed in a future release. Use '--upload-type Upload' instead.".to_owned(),
            );
        }
        let disk = if upload {
            let Some(bytes) = args.upload_size_bytes else {
                return Err(SimError::cli(
                    "usage error: --upload-size-bytes should be used together with --upload-type",
                ));
            };
            ManagedDisk {
                name: args.name.clone(),
                resource_group: args.resource_group.clone(),
                location: location.clone(),
                subscription: sub.to_owned(),
                os_type: args.os_type.clone(),
                size_bytes: bytes.saturating_sub(VHD_FOOTER),
                create_option: "Upload".to_owned(),
                awaiting_upload: true,
                ude: false,
                cmk: None,
                content: None,
                key: Some(self.fx.rng().key()),
            }
        } else {
            let source = args.source.as_deref().unwrap_or_default();
            let source = super::vm::resource_name(source);
            let Copied {
                guest: content,
                ude,
                size,
                os_type,
            } = self.copy_of(source)?;
            let key = self.fx.rng().key();
            ManagedDisk {
                name: args.name.clone(),
                resource_group: args.resource_group.clone(),
                location: location.clone(),
                subscription: sub.to_owned(),
                os_type: args.os_type.clone().or(os_type),
                size_bytes: size,
                create_option: "Copy".to_owned(),
                awaiting_upload: false,
                ude,
                cmk: None,
                content: content.map(|g| self.seal_guest(&args.name, g, &key)),
                key: Some(key),
            }
        };
        let change = match (upload, disk.ude) {
            (true, _) => format!(
                "created empty for upload ({} bytes)",
                disk.size_bytes + VHD_FOOTER
            ),
            (false, true) => format!(
                "copied from {} (createOption Copy): keeps the UDE flag",
                args.source.as_deref().unwrap_or_default()
            ),
            (false, false) => format!(
                "copied from {} (createOption Copy)",
                args.source.as_deref().unwrap_or_default()
            ),
        };
        let name = disk.name.clone();
        std::sync::Arc::make_mut(&mut self.disks).insert(name.clone(), disk);
        let mut out = self.changed(
            AssetId::Disk(name.clone()),
            change,
            format!("disk {name} created in {location}"),
        );
        out.lines.extend(warnings);
        Ok(out)
    }

    /// What a copy of disk `name` (a VM's OS disk or a disk of its own) takes from it.
    fn copy_of(&mut self, name: &str) -> Result<Copied, SimError> {
        // Cloned out of the world: reading a CMK disk calls Key Vault, which needs it mutable.
        let (content, cmk, key, copied) = match self.held_disk(name)? {
            Held::Own(d) => (
                d.content.clone(),
                d.cmk.clone(),
                d.key.clone(),
                (d.ude, d.size_bytes, d.os_type.clone()),
            ),
            // An ADE volume has no key storage could open it with: it stays as the guest
            // encrypted it.
            Held::Os(vm) => (
                Some(vm.disk.clone()),
                vm.cmk.clone(),
                vm.platform_key.clone().filter(|_| vm.ade.is_none()),
                (
                    vm.used_ade,
                    os_disk_bytes(vm.is_windows()),
                    Some(os_name(vm.is_windows()).to_owned()),
                ),
            ),
        };
        let (ude, size, os_type) = copied;
        let guest = match content {
            None => None,
            Some(disk) => Some(self.guest_bytes(disk, cmk.as_ref(), key.as_ref())?),
        };
        Ok(Copied {
            guest,
            ude,
            size,
            os_type,
        })
    }

    /// A disk's bytes as the guest wrote them, which storage decrypts on the way out (with its
    /// platform key, or the data key its Disk Encryption Set unwraps); what that key does not
    /// open, the guest encrypted itself, and it stays so.
    fn guest_bytes(
        &mut self,
        disk: Disk,
        cmk: Option<&CmkSettings>,
        key: Option<&SymKey>,
    ) -> Result<Guest, SimError> {
        let key = match (cmk, key) {
            (Some(c), _) => self.cmk_data_key(c)?,
            (None, Some(k)) => k.clone(),
            (None, None) => return Ok(Guest::Encrypted(disk)),
        };
        Ok(match self.decrypt_disk(&disk, &key) {
            Ok(plain) => Guest::Plain(plain),
            Err(_) => Guest::Encrypted(disk),
        })
    }

    /// The data key of a disk encrypted with a customer-managed key, as Compute opens it.
    fn cmk_data_key(&mut self, c: &CmkSettings) -> Result<SymKey, SimError> {
        let des = self.des_ref(&c.des)?.clone();
        self.des_unwrap(&des, &c.key_version, &c.wrapped_dek)
    }

    /// The guest's bytes stored on a new disk under `key`.
    fn seal_guest(&mut self, name: &str, guest: Guest, key: &SymKey) -> Disk {
        match guest {
            Guest::Plain(plain) => Disk::encrypt(name, self.fx.rng(), key, &plain),
            Guest::Encrypted(d) => d,
        }
    }

    /// `az disk grant-access`: a SAS to read a disk (copy from it) or, on a disk made for
    /// upload, to write it.
    fn disk_grant_access(&mut self, who: &str, grant: &DiskGrant) -> Result<Outcome, SimError> {
        let (write, secs) = (grant.write, grant.duration_secs);
        let level = sas_level(write);
        let (actor, disk) = self.disk_target(&grant.name);
        let granted = self.grantable(who, grant);
        self.disk_call(
            who,
            &actor,
            &format!("grant access ({level} SAS)"),
            &disk,
            &granted,
        );
        let name = granted?;
        let url = format!(
            "https://md-impexp-{}.z{}.blob.storage.azure.net/{}/abcd?sv=2018-03-28&sr=b&si={}&sig={}",
            self.fx.rng().hex(6),
            10 + self.fx.rng().next_u64() % 40,
            self.fx.rng().hex(6),
            self.fx.guid(),
            self.fx.rng().hex(16),
        );
        let expires = self.now().plus(SimDuration(secs));
        std::sync::Arc::make_mut(&mut self.disk_sas).insert(
            name.clone(),
            DiskSas {
                url: url.clone(),
                write,
                expires,
            },
        );
        Ok(Outcome::with(
            self.changed(
                AssetId::Disk(name.clone()),
                format!("{level} SAS open until {}", expires),
                format!("{level} access granted to disk {name} for {secs} s"),
            )
            .message,
            vec![format!("accessSAS: {url}")],
        ))
    }

    /// The disk `grant` may open a SAS on, by its name, or Compute's refusal.
    fn grantable(&self, who: &str, grant: &DiskGrant) -> Result<String, SimError> {
        let (name, write) = (grant.name.as_str(), grant.write);
        self.require_owner(
            who,
            DEFAULT_SUBSCRIPTION,
            "Microsoft.Compute/disks/beginGetAccess/action",
        )?;
        match self.held_disk(name)? {
            Held::Own(d) => {
                if write && !d.awaiting_upload {
                    return Err(no_write_sas(&d.name));
                }
                if !write && d.awaiting_upload {
                    return Err(SimError::new(
                        ErrorCode::Conflict,
                        format!(
                            "Disk {} is waiting for an upload: grant it Write access, copy into it, then revoke access.",
                            d.name
                        ),
                    ));
                }
                Ok(d.name.clone())
            }
            Held::Os(vm) => {
                if vm.power == PowerState::Running {
                    return Err(attached_to_running(&vm.disk_name, vm));
                }
                if write {
                    return Err(no_write_sas(&vm.disk_name));
                }
                Ok(vm.disk_name.clone())
            }
        }
    }

    /// `az disk revoke-access`: the SAS stops working; a disk made for upload is closed
    /// (`Unattached`) and can be attached to a VM.
    fn disk_revoke_access(&mut self, who: &str, name: &str) -> Result<Outcome, SimError> {
        let (actor, disk) = self.disk_target(name);
        let found = self
            .require_owner(
                who,
                DEFAULT_SUBSCRIPTION,
                "Microsoft.Compute/disks/endGetAccess/action",
            )
            .and_then(|()| self.held_disk(name).map(|h| h.name().to_owned()));
        self.disk_call(who, &actor, "revoke access", &disk, &found);
        let name = found?;
        let had = std::sync::Arc::make_mut(&mut self.disk_sas)
            .remove(&name)
            .is_some();
        let closed = match std::sync::Arc::make_mut(&mut self.disks).get_mut(&name) {
            Some(d) if d.awaiting_upload => {
                d.awaiting_upload = false;
                true
            }
            _ => false,
        };
        let change = match (had, closed) {
            (_, true) => "upload closed: Unattached, ready to attach",
            (true, false) => "SAS revoked",
            (false, false) => {
                return Ok(Outcome::msg(format!("disk {name} has no access to revoke")));
            }
        };
        Ok(self.changed(
            AssetId::Disk(name.clone()),
            change,
            format!("access to disk {name} revoked"),
        ))
    }

    /// `az disk delete`: a disk of its own; a VM's OS disk goes with `az vm delete` first.
    fn disk_delete(&mut self, who: &str, name: &str) -> Result<Outcome, SimError> {
        self.unattached(name)?;
        let held = self
            .disks
            .key_of(name)
            .ok_or_else(|| disk_not_found(name))?
            .to_owned();
        self.require_owner(who, DEFAULT_SUBSCRIPTION, "Microsoft.Compute/disks/delete")?;
        std::sync::Arc::make_mut(&mut self.disks).remove(&held);
        std::sync::Arc::make_mut(&mut self.disk_sas).remove(&held);
        Ok(self.changed(
            AssetId::Disk(held.clone()),
            "deleted",
            format!("disk {held} deleted"),
        ))
    }

    /// `azcopy copy SOURCE DESTINATION`: the source's bytes, read through a Read SAS, written
    /// into a disk made for upload through its Write SAS. Storage serves the bytes as the guest
    /// wrote them, so a volume ADE still encrypts arrives encrypted; the new disk carries none
    /// of the source's metadata (no UDE flag).
    pub(crate) fn azcopy(&mut self, who: &str, copy: &AzCopy) -> Result<Outcome, SimError> {
        let AzCopy {
            source,
            destination,
            blob_type,
        } = copy;
        // Drawn from the source disk to the destination; an end whose URL opens no disk is the
        // user who ran AzCopy with it.
        let end = |w: &World, url: &str| {
            w.disk_sas
                .iter()
                .find(|(_, s)| s.url == url)
                .map(|(name, _)| w.disk_target(name))
        };
        let from = end(self, source);
        let to = end(self, destination);
        let caller = from.as_ref().map_or(who, |(actor, _)| actor.as_str());
        let callee = to.as_ref().map_or(who, |(actor, _)| actor.as_str());
        let object = from.as_ref().map_or("", |(_, disk)| disk.as_str());
        let checked = self.copyable(source, destination, blob_type.as_deref());
        self.disk_call(caller, callee, "copy page blob", object, &checked);
        let t = checked?;
        let (src, dst) = (&t.src, &t.dst);
        let encrypted_inside = matches!(t.guest, Guest::Encrypted(_));
        let key = t.target.key.clone().unwrap_or_else(|| self.fx.rng().key());
        let content = self.seal_guest(dst, t.guest, &key);
        if let Some(d) = std::sync::Arc::make_mut(&mut self.disks).get_mut(dst) {
            d.content = Some(content);
            d.key = Some(key);
        }
        let how = match (encrypted_inside, t.ude) {
            (true, _) => format!(
                "filled from {src}: its volume is still encrypted by ADE inside the guest, and no VM holds its key"
            ),
            (false, true) => {
                format!("filled from {src}: the decrypted bytes, without {src}'s UDE flag")
            }
            (false, false) => format!("filled from {src}"),
        };
        Ok(self.changed(
            AssetId::Disk(dst.clone()),
            how,
            format!(
                "AzCopy: {src} copied into {dst} (page blob, {} bytes)",
                t.want
            ),
        ))
    }

    /// What `azcopy copy` would copy, or Storage's refusal: the two disks the SAS URLs open,
    /// the source's bytes and the destination's size.
    fn copyable(
        &mut self,
        source: &str,
        destination: &str,
        blob_type: Option<&str>,
    ) -> Result<Transfer, SimError> {
        if let Some(t) = blob_type.filter(|t| *t != "PageBlob" && *t != "Detect") {
            return Err(SimError::new(
                ErrorCode::BadRequest,
                format!(
                    "InvalidBlobType: a managed disk is a page blob; --blob-type {t} cannot write it"
                ),
            ));
        }
        let (src, src_sas) = self.sas_target(source, "source")?;
        let (dst, dst_sas) = self.sas_target(destination, "destination")?;
        if !dst_sas.write {
            return Err(SimError::new(
                ErrorCode::AuthorizationPermissionMismatch,
                format!(
                    "This request is not authorized to perform this operation using this permission: the destination's SAS (disk {dst}) grants Read, and an upload needs --access-level Write."
                ),
            ));
        }
        if src_sas.write {
            return Err(SimError::new(
                ErrorCode::AuthorizationPermissionMismatch,
                format!(
                    "This request is not authorized to perform this operation using this permission: the source's SAS (disk {src}) is an upload SAS; copy from a disk granted Read access."
                ),
            ));
        }
        let Copied {
            guest, ude, size, ..
        } = self.copy_of(&src)?;
        let target = self
            .disks
            .get(&dst)
            .cloned()
            .ok_or_else(|| disk_not_found(&dst))?;
        let want = size + VHD_FOOTER;
        let have = target.size_bytes + VHD_FOOTER;
        if have != want {
            return Err(SimError::new(
                ErrorCode::BadRequest,
                format!(
                    "the copy fails: disk {dst} takes {have} bytes and {src}'s VHD is {want} ({size} bytes of diskSizeBytes + the {VHD_FOOTER}-byte footer). Create the disk with --upload-size-bytes {want}."
                ),
            ));
        }
        let Some(guest) = guest else {
            return Err(SimError::new(
                ErrorCode::BadRequest,
                format!("disk {src} holds no data to copy"),
            ));
        };
        Ok(Transfer {
            src,
            dst,
            want,
            guest,
            ude,
            target,
        })
    }

    /// The disk a SAS URL opens, with its SAS: refused when the URL is none of the open ones
    /// (revoked, or never granted) or has expired.
    fn sas_target(&self, url: &str, which: &str) -> Result<(String, DiskSas), SimError> {
        let found = self.disk_sas.iter().find(|(_, s)| s.url == url);
        let Some((name, sas)) = found else {
            return Err(SimError::new(
                ErrorCode::AuthenticationFailed,
                format!(
                    "Server failed to authenticate the request: the {which} URL is no SAS open on any disk (revoked, or never granted). Use the accessSAS `az disk grant-access` printed."
                ),
            ));
        };
        if self.now() >= sas.expires {
            return Err(SimError::new(
                ErrorCode::AuthenticationFailed,
                format!(
                    "Signature not valid in the specified time frame: the SAS on disk {name} expired at {}. Grant access again.",
                    sas.expires
                ),
            ));
        }
        Ok((name.clone(), sas.clone()))
    }

    /// A VM's start is refused while its disk has an open SAS (Learn's upload page: revoking
    /// access "is required in order to attach the disk to a VM"). The refusal is Compute's
    /// answer to the start, a call the stage draws and health reads (its fix is the revoke).
    pub(crate) fn require_no_sas(&mut self, who: &str, vm: &Vm) -> Result<(), SimError> {
        if !self.disk_sas.contains_key(&vm.disk_name) {
            return Ok(());
        }
        let e = SimError::new(
            ErrorCode::Conflict,
            format!(
                "Disk {} is in ActiveSAS state: run az disk revoke-access before {} starts again.",
                vm.disk_name, vm.name
            ),
        );
        self.fx.call(
            who,
            &vm.name,
            "start VM",
            &vm.disk_name,
            None,
            crate::event::CallResult::failed(&e),
        );
        Err(e)
    }

    /// `az vm create --attach-os-disk DISK --os-type T`: a VM built on a disk of its own, which
    /// boots as its bytes allow (a volume a guest encrypted without its key stops at the
    /// recovery screen). With `--encryption-at-host true`, the disk must never have had ADE.
    pub(crate) fn vm_create_attached(
        &mut self,
        who: &str,
        args: &VmCreate,
        disk_name: &str,
    ) -> Result<Outcome, Failed> {
        let held = super::vm::resource_name(disk_name);
        let (actor, object) = self.disk_target(held);
        let made = self.vm_made_on(who, args, held);
        // Refused, the call lands on the disk (or the VM that holds it); made, on the new VM.
        let callee = if made.is_ok() { &args.name } else { &actor };
        self.disk_call(who, callee, "attach OS disk", &object, &made);
        let Attach {
            disk,
            content,
            location,
            subscription,
            mut profile,
            image,
        } = made?;
        let name = args.name.clone();
        std::sync::Arc::make_mut(&mut self.disks).remove(&disk.name);
        profile.os_disk_attached = true;
        let how = super::vm::encryption_summary(disk.cmk.as_ref(), profile.encryption_at_host);
        self.vms.insert(
            name.clone(),
            Vm {
                name: name.clone(),
                resource_group: args.resource_group.clone(),
                location,
                subscription,
                image: image.to_owned(),
                power: PowerState::Deallocated,
                at_recovery_screen: false,
                shut_down_by_cmk: false,
                disk_name: disk.name.clone(),
                ade: None,
                used_ade: disk.ude,
                legacy_ade: false,
                cmk: disk.cmk.clone(),
                profile,
                disk: content,
                platform_key: if disk.cmk.is_some() {
                    None
                } else {
                    disk.key.clone()
                },
                local_key: None,
            },
        );
        self.fx.state(
            AssetId::Vm(name.clone()),
            format!("created on disk {} ({how})", disk.name),
        );
        self.fx.state(
            AssetId::Disk(disk.name.clone()),
            format!("attached to {name} as its OS disk"),
        );
        let booted = match self.boot(&name) {
            Ok(()) => None,
            Err(Failed::Keep(e)) => Some(e),
            Err(Failed::Undo(e)) => return Err(Failed::Undo(e)),
        };
        let mut out = Outcome::msg(format!("VM {name} created on disk {}", disk.name));
        if let Some(e) = booted {
            out.lines
                .push(format!("{name} is running, but {}", e.message));
        }
        Ok(out)
    }

    /// What `az vm create --attach-os-disk` on disk `disk_name` (its name, not its ID) makes the
    /// VM of; or the refusal, by az or by Compute.
    fn vm_made_on(
        &mut self,
        who: &str,
        args: &VmCreate,
        disk_name: &str,
    ) -> Result<Attach, SimError> {
        // azure-cli vm `_validators.py` `_validate_vm_create_storage_profile`.
        if !args.image.is_empty() {
            return Err(SimError::cli(
                "incorrect usage: --image IMAGE | --attach-os-disk DISK",
            ));
        }
        let mut not_applicable = Vec::new();
        if args.admin_username.is_some() {
            not_applicable.push("--admin-username");
        }
        if args.admin_password {
            not_applicable.push("--admin-password");
        }
        if args.generate_ssh_keys {
            not_applicable.push("--generate-ssh-keys");
        }
        let missing = args.os_type.is_none();
        if missing || !not_applicable.is_empty() {
            let mut e =
                "invalid usage for storage profile: attach existing managed OS disk:".to_owned();
            if missing {
                e.push_str("\n\tmissing: --os-type");
            }
            if !not_applicable.is_empty() {
                e.push_str("\n\tnot applicable: ");
                e.push_str(&not_applicable.join(", "));
            }
            return Err(SimError::cli(e));
        }
        if args.os_disk_encryption_set.is_some() {
            return Err(SimError::new(
                ErrorCode::BadParameter,
                "Keyfall does not model --os-disk-encryption-set with --attach-os-disk: the disk keeps the encryption it has",
            ));
        }
        self.unattached(disk_name)?;
        let disk = self
            .disks
            .get(disk_name)
            .cloned()
            .ok_or_else(|| disk_not_found(disk_name))?;
        let state = disk.state(self.disk_sas.get(&disk.name));
        if state != "Unattached" {
            return Err(SimError::new(
                ErrorCode::Conflict,
                format!(
                    "Disk {} is in {state} state and cannot be attached: run az disk revoke-access first.",
                    disk.name
                ),
            ));
        }
        let Some(content) = disk.content.clone() else {
            return Err(SimError::new(
                ErrorCode::BadRequest,
                format!(
                    "disk {} holds no data: nothing was copied into it before revoke-access closed the upload, so a VM on it would not boot (Keyfall refuses it here)",
                    disk.name
                ),
            ));
        };
        let location = if args.location.is_empty() {
            disk.location.clone()
        } else {
            super::location_name(&args.location)
        };
        if !super::same_location(&location, &disk.location) {
            return Err(SimError::new(
                ErrorCode::BadRequest,
                format!(
                    "disk {} is in {}, the VM in {location}: a VM attaches disks of its own region",
                    disk.name, disk.location
                ),
            ));
        }
        let windows = args.os_type.as_deref() == Some("Windows");
        // The frame checks that encryption at host is registered; then the disk must not carry
        // ADE's flag.
        let (subscription, profile) = self.vm_frame(who, args, &location, windows)?;
        if profile.encryption_at_host == Some(true) && disk.ude {
            return Err(ude_refusal(&args.name, &disk.name));
        }
        Ok(Attach {
            disk,
            content,
            location,
            subscription,
            profile,
            image: os_name(windows),
        })
    }

    /// What `az vm delete` leaves: the VM's disks, as disks of their own (the API's default
    /// `deleteOption` for a VM's disks is Detach; Learn's migration deletes the disk apart).
    pub(crate) fn keep_disks_of(&mut self, vm: &Vm) {
        let windows = vm.is_windows();
        let os = ManagedDisk {
            name: vm.disk_name.clone(),
            resource_group: vm.resource_group.clone(),
            location: vm.location.clone(),
            subscription: vm.subscription.clone(),
            os_type: Some(os_name(windows).to_owned()),
            size_bytes: os_disk_bytes(windows),
            create_option: if vm.profile.os_disk_attached {
                "Attach"
            } else {
                "FromImage"
            }
            .to_owned(),
            awaiting_upload: false,
            ude: vm.used_ade,
            cmk: vm.cmk.clone(),
            content: Some(vm.disk.clone()),
            key: vm.platform_key.clone(),
        };
        let data = vm.profile.data_disks.iter().map(|d| ManagedDisk {
            name: d.name.clone(),
            resource_group: vm.resource_group.clone(),
            location: vm.location.clone(),
            subscription: vm.subscription.clone(),
            os_type: None,
            size_bytes: u64::from(d.size_gb) << 30,
            create_option: "Empty".to_owned(),
            awaiting_upload: false,
            ude: false,
            cmk: None,
            content: None,
            key: None,
        });
        let disks = std::sync::Arc::make_mut(&mut self.disks);
        for d in std::iter::once(os).chain(data) {
            disks.insert(d.name.clone(), d);
        }
    }
}

/// What a copy takes from its source.
struct Copied {
    guest: Option<Guest>,
    /// The source's UDE flag: a `--source` copy keeps it, an upload does not.
    ude: bool,
    size: u64,
    os_type: Option<String>,
}

/// What `azcopy copy` copies, once Storage has accepted it.
struct Transfer {
    src: String,
    dst: String,
    /// The VHD's bytes, the footer included.
    want: u64,
    guest: Guest,
    /// The source's UDE flag, which the copy leaves behind.
    ude: bool,
    target: ManagedDisk,
}

/// A disk found by name.
pub(crate) enum Held<'w> {
    /// A disk of its own.
    Own(&'w ManagedDisk),
    /// A VM's OS disk.
    Os(&'w Vm),
}

impl Held<'_> {
    pub(crate) fn name(&self) -> &str {
        match self {
            Held::Own(d) => &d.name,
            Held::Os(vm) => &vm.disk_name,
        }
    }
}

/// A disk's bytes as its guest sees them.
enum Guest {
    /// Readable: the files.
    Plain(Vec<u8>),
    /// Encrypted inside the guest (BitLocker or dm-crypt), sectors as they are.
    Encrypted(Disk),
}

/// `osType` as Azure spells it.
/// A VM's making on a disk of its own, checked: the disk, its content, and the rest of the VM.
struct Attach {
    disk: ManagedDisk,
    content: Disk,
    location: String,
    subscription: String,
    profile: super::VmProfile,
    /// What the rest of the VM takes from: the OS the disk holds (`--os-type`).
    image: &'static str,
}

fn os_name(windows: bool) -> &'static str {
    if windows { "Windows" } else { "Linux" }
}
