//! VMs, their encrypted OS disk, Azure Disk Encryption (R1-R5, R15-R19) and SSE with
//! customer-managed keys through Disk Encryption Sets (R32-R34).

use std::sync::Arc;

use crate::asset::AssetId;
use crate::codec::{Dec, Enc, hex, unhex};
use crate::command::{DesCreate, EncryptionEnable, KeyRef, VaultRef, VersionRef, VmCreate};
use crate::crypto::{Disk, SymKey};
use crate::error::{ErrorCode, SimError};
use crate::event::CallResult;
use crate::lang::values::vault_id_text;
use crate::time::SimTime;
use crate::vocab::{KeyEncryptionAlgorithm, KeyType, VolumeType};

use super::{
    AdeSettings, CallSpec, CmkSettings, DEFAULT_SUBSCRIPTION, DiskEncryptionSet, Failed, KekRef,
    NameMap, Outcome, PLATFORM_ADE, PowerState, PrincipalKind, VOp, Vm, World, geography, inserted,
    key_url, secret_url,
};

/// How long the platform keeps using a CMK after access is lost, and how long auto-rotation
/// takes to reach the disks (R33, R34): "about an hour".
const CMK_GRACE_SECS: u64 = 3_600;

/// An OS disk the platform unlocks at boot, with what it unlocks it by: a VM's own, or the one
/// a restore from a recovery point would give a new VM.
#[derive(Debug)]
pub(crate) struct BootDisk {
    /// The VM it boots, for the retirement's message.
    pub(crate) vm: String,
    pub(crate) disk_name: String,
    pub(crate) ade: Option<Arc<AdeSettings>>,
    pub(crate) cmk: Option<CmkSettings>,
    pub(crate) platform_key: Option<SymKey>,
    pub(crate) disk: Disk,
}

/// How a new VM's OS disk is encrypted, for its first state event.
pub(super) fn encryption_summary(cmk: Option<&CmkSettings>, at_host: Option<bool>) -> String {
    let how = match cmk {
        Some(c) => format!("SSE with customer-managed key via {}", c.des),
        None => "SSE with platform-managed key".to_owned(),
    };
    if at_host == Some(true) {
        format!("{how}, encrypted at host")
    } else {
        how
    }
}

/// The disk's file table as bytes, to be sealed sector by sector.
fn encode_files(files: &NameMap<String>) -> Vec<u8> {
    let mut e = Enc::new();
    e.u64(files.len() as u64);
    for (p, c) in files {
        e.str(p).str(c);
    }
    e.finish()
}

fn decode_files(b: &[u8]) -> Option<NameMap<String>> {
    let mut d = Dec::new(b);
    let n = d.u64()?;
    let mut m = NameMap::default();
    for _ in 0..n {
        let p = d.str()?;
        m.insert(p, d.str()?);
    }
    Some(m)
}

fn vm_not_found(name: &str) -> SimError {
    SimError::new(ErrorCode::ResourceNotFound, format!("VM {name} not found"))
}

/// The ADE extension's actor name in events.
fn extension(vm: &str) -> String {
    format!("{vm}/ade-extension")
}

impl World {
    /// The ADE extension's work on VM `vm_name`'s volume (`encrypt volume`, `decrypt volume`).
    fn volume_call(&mut self, vm_name: &str, vm: &Vm, operation: &str, result: CallResult) {
        let ext = extension(vm_name);
        self.fx
            .call(&ext, vm_name, operation, &vm.disk_name, None, result);
    }

    pub(super) fn vm_mut(&mut self, name: &str) -> Result<&mut Vm, SimError> {
        self.vms.get_mut(name).ok_or_else(|| vm_not_found(name))
    }

    pub(crate) fn vm_ref(&self, name: &str) -> Result<&Vm, SimError> {
        self.vms.get(name).ok_or_else(|| vm_not_found(name))
    }

    /// Control-plane check for compute actions: the subscription owner only.
    pub(super) fn require_owner(
        &self,
        who: &str,
        sub: &str,
        action: &'static str,
    ) -> Result<(), SimError> {
        self.authorize_subscription(who, sub, action)
            .map(|_| ())
            .map_err(SimError::forbidden)
    }

    /// `az vm create --image`: a VM on a new OS disk made from the image, running.
    pub(crate) fn vm_create(&mut self, who: &str, args: &VmCreate) -> Result<Outcome, SimError> {
        let VmCreate { name, .. } = args;
        // azure-cli vm `_validators.py`: an image or an OS disk to attach, not both.
        if args.image.is_empty() || args.os_type.is_some() {
            let e = if args.image.is_empty() {
                "incorrect usage: --image IMAGE | --attach-os-disk DISK"
            } else {
                "invalid usage for storage profile: create managed OS disk from Azure Marketplace image:\n\tnot applicable: --os-type"
            };
            return Err(SimError::cli(e));
        }
        let location = &self.location_or_group(&args.location, &args.resource_group)?;
        let windows = args.image.to_ascii_lowercase().contains("win");
        let (sub, profile) = self.vm_frame(who, args, location, windows)?;
        let files: NameMap<String> = inserted([("/etc/hostname".to_owned(), name.clone())]);
        let plain = encode_files(&files);
        let disk_name = self.free_disk_name(&format!("{name}-os"));
        let volume_key = self.fx.rng().key();
        let disk = Disk::encrypt(&disk_name, self.fx.rng(), &volume_key, &plain);
        let (cmk, platform_key) = match &args.os_disk_encryption_set {
            Some(des_name) => {
                let des = self.des_ref(des_name)?.clone();
                let set = format!("disk encryption set {des_name}");
                same_region(&set, &des.location, "disk", location)?;
                let wrapped = self.des_wrap(&des, &des.key_version, &volume_key)?;
                (
                    Some(CmkSettings {
                        des: des.name.clone(),
                        key_version: des.key_version.clone(),
                        access_lost_since: None,
                        rotation_pending_since: None,
                        wrapped_dek: wrapped,
                    }),
                    None,
                )
            }
            None => (None, Some(volume_key.clone())),
        };
        let how = encryption_summary(cmk.as_ref(), args.encryption_at_host);
        self.vms.insert(
            name.clone(),
            Vm {
                name: name.clone(),
                resource_group: args.resource_group.clone(),
                location: location.clone(),
                subscription: sub,
                image: args.image.clone(),
                power: PowerState::Running,
                at_recovery_screen: false,
                shut_down_by_cmk: false,
                disk_name: disk_name.clone(),
                ade: None,
                used_ade: false,
                legacy_ade: false,
                cmk,
                profile,
                disk,
                platform_key,
                local_key: Some(volume_key),
            },
        );
        Ok(self.changed(
            AssetId::Vm(name.into()),
            format!("created and running ({how})"),
            format!("VM {name} created in {location}"),
        ))
    }

    /// What every new VM needs, however its OS disk comes: the caller may create in the
    /// subscription (its first VM makes the caller its owner), the name is free, the location
    /// exists, the data disks and their sets agree, and encryption at host is registered; then
    /// the subscription and the VM's profile.
    pub(super) fn vm_frame(
        &mut self,
        who: &str,
        args: &VmCreate,
        location: &str,
        windows: bool,
    ) -> Result<(String, super::VmProfile), SimError> {
        let name = &args.name;
        let sub = args
            .subscription
            .clone()
            .unwrap_or_else(|| DEFAULT_SUBSCRIPTION.to_owned());
        if self.subscriptions.contains_key(&sub) {
            self.require_owner(who, &sub, "Microsoft.Compute/virtualMachines/write")?;
        } else {
            Arc::make_mut(&mut self.subscriptions).insert(
                sub.clone(),
                super::Subscription {
                    name: sub.clone(),
                    owner: who.to_owned(),
                    role_assignments: Vec::new(),
                },
            );
        }
        if self.vms.contains_key(name) {
            return Err(SimError::new(
                ErrorCode::Conflict,
                format!("a VM named {name} exists"),
            ));
        }
        if geography(location).is_none() {
            return Err(SimError::new(
                ErrorCode::BadParameter,
                format!("unknown location {location}"),
            ));
        }
        // azure-cli vm `_template_builder.py` (`build_vm_resource`): a set for each data disk,
        // checked before any request.
        if !args.data_disk_encryption_sets.is_empty()
            && args.data_disk_encryption_sets.len() != args.data_disk_sizes_gb.len()
        {
            return Err(SimError::cli(
                "usage error: Number of --data-disk-encryption-sets mismatches with number of data disks.",
            ));
        }
        let mut data_disks = Vec::with_capacity(args.data_disk_sizes_gb.len());
        for (lun, size_gb) in (0u32..).zip(&args.data_disk_sizes_gb) {
            let des = match args.data_disk_encryption_sets.get(lun as usize) {
                Some(set) => {
                    let des = self.des_ref(set)?;
                    same_region(
                        &format!("disk encryption set {}", des.name),
                        &des.location,
                        "disk",
                        location,
                    )?;
                    Some(des.name.clone())
                }
                None => None,
            };
            data_disks.push(super::DataDisk {
                name: format!("{name}-data{lun}"),
                lun,
                size_gb: *size_gb,
                des,
            });
        }
        if args.encryption_at_host == Some(true) {
            self.require_eah_feature()?;
        }
        let profile = super::VmProfile {
            size: args
                .size
                .clone()
                .unwrap_or_else(|| "Standard_DS1_v2".to_owned()),
            admin_username: args
                .admin_username
                .clone()
                .unwrap_or_else(|| "azureuser".to_owned()),
            password_auth: windows || args.admin_password,
            encryption_at_host: args.encryption_at_host,
            os_disk_attached: false,
            data_disks,
        };
        Ok((sub, profile))
    }

    // ---- Azure Disk Encryption ----

    /// `az vm encryption enable`, in the order of azure-cli's `encrypt_vm`: az reads the VM and
    /// makes its own checks, reading the vaults, and sends nothing when one fails (a CLI error);
    /// then the extension encrypts the volume and stores the BEK through the app (R15) or the
    /// platform (R16).
    pub(crate) fn encryption_enable(
        &mut self,
        who: &str,
        args: &EncryptionEnable,
    ) -> Result<Outcome, Failed> {
        // az's argument validator (`process_disk_encryption_namespace`) runs before any request.
        if args.key_encryption_keyvault.is_some() && args.key_encryption_key.is_none() {
            return Err(SimError::cli(
                "Incorrect usage '--key-encryption-keyvault': '--key-encryption-key' is required",
            )
            .into());
        }
        let vm_name = args.vm.as_str();
        let aad_client_id = args.aad_client_id.as_deref();
        let vm = self.vm_to_write(who, vm_name)?;
        // `encrypt_vm`: a VM the legacy flow encrypted stays in that flow (`_detect_ade_status`).
        if vm.legacy_ade && aad_client_id.is_none() {
            return Err(SimError::cli("Please provide --aad-client-id").into());
        }
        // The legacy flow signs in as the app, with its secret or its certificate; in single
        // pass az ignores a secret given without an app.
        if aad_client_id.is_some()
            && !args.aad_client_secret
            && args.aad_client_cert_thumbprint.is_none()
        {
            return Err(SimError::cli(
                "Please provide either --aad-client-cert-thumbprint or --aad-client-secret",
            )
            .into());
        }
        // `encrypt_vm`'s default: ALL on Windows; on Linux OS, unless the VM has data disks, when
        // az asks which before it sends anything.
        let volume_type = match args.volume_type {
            Some(t) => t,
            None if vm.is_windows() => VolumeType::All,
            None if !vm.profile.data_disks.is_empty() => {
                return Err(SimError::cli("VM has data disks, please supply --volume-type").into());
            }
            None => VolumeType::Os,
        };
        let mut lines = Vec::new();
        let (source_vault, kek_source_vault) =
            self.verify_keyvault_good_for_encryption(who, &vm, args, &mut lines)?;
        let vault = args.vault.name();
        let kek_vault = args.key_encryption_keyvault.as_ref().unwrap_or(&args.vault);
        // A key name becomes a versioned URL with a `key get` as the caller (R4,
        // `_get_keyvault_key_url`); a key identifier goes on as it is.
        let kek = match &args.key_encryption_key {
            Some(KeyRef::Name(k)) => {
                let (version, kty, size, _) = self.key_get(who, kek_vault.name(), k, None)?;
                Some((k.clone(), Some(version), Some((kty, size))))
            }
            Some(KeyRef::Url { name, version, .. }) => {
                let meta = self
                    .vault_ref(kek_vault.name())
                    .and_then(|v| v.live_key(name))
                    .ok()
                    .map(|k| (k.kty, k.size));
                Some((name.clone(), version.clone(), meta))
            }
            None => None,
        };
        // What the service and the extension refuse, once az has sent the request. With
        // `--force` az goes on past a region mismatch; the vault must still be in the VM's
        // region (R5; Keyfall's code for the refusal).
        let vault_location = self.vault_ref(vault)?.location.clone();
        if vault_location != vm.location {
            return Err(SimError::new(
                ErrorCode::BadParameter,
                format!(
                    "vault {vault} is in {vault_location} and VM {vm_name} in {}: they must share a region (R5)",
                    vm.location
                ),
            )
            .into());
        }
        if vm.cmk.is_some() {
            return Err(SimError::new(
                ErrorCode::BadParameter,
                format!(
                    "{} uses SSE with a customer-managed key: a disk cannot use both ADE and CMK (R34)",
                    vm.disk_name
                ),
            )
            .into());
        }
        if vm.profile.encryption_at_host == Some(true) {
            // Learn's encryption-at-host restrictions; the words are the Compute API's (409).
            return Err(SimError::new(
                ErrorCode::Conflict,
                "Azure Disk Encryption cannot be enabled on disks that have encryption at host enabled",
            )
            .into());
        }
        let Some(bek_now) = vm.local_key.clone().filter(|_| vm.is_up()) else {
            return Err(SimError::new(
                ErrorCode::Conflict,
                format!(
                    "VM {vm_name} must be running with its volume unlocked to enable encryption"
                ),
            )
            .into());
        };
        if let Some((k, _, Some((kty, size)))) = &kek {
            if matches!(kty, KeyType::Ec | KeyType::EcHsm) {
                return Err(SimError::new(
                    ErrorCode::BadParameter,
                    format!("key {k} is EC: ADE needs an RSA key encryption key (R2)"),
                )
                .into());
            }
            let img = vm.image.to_ascii_lowercase();
            if (img.contains("2022") || img.contains("win11")) && *size < 3072 {
                return Err(SimError::new(
                    ErrorCode::BadParameter,
                    format!(
                        "{} needs a KEK of at least 3072 bits, {k} has {size} (R2)",
                        vm.image
                    ),
                )
                .into());
            }
        }
        let actor = match aad_client_id {
            Some(app) => {
                let p = self.resolve_principal(app)?;
                if self.principals.get(&p).map(|p| p.kind) != Some(PrincipalKind::ServicePrincipal)
                {
                    return Err(SimError::new(
                        ErrorCode::BadParameter,
                        format!("--aad-client-id {app} is not a service principal"),
                    )
                    .into());
                }
                p
            }
            None => PLATFORM_ADE.to_owned(),
        };
        let ext = extension(vm_name);
        // The Windows extension has no `EnableEncryptionFormatAll` operation (az's help: "Only
        // supported for Linux virtual machines"; the error as reported in azure-docs PR 47729).
        if args.encrypt_format_all && vm.is_windows() {
            let e = SimError::new(
                ErrorCode::VmExtensionProvisioningError,
                "VM has reported a failure when processing extension 'AzureDiskEncryption'. Error message: \"Failed to configure bitlocker as expected. Exception: Requested value 'EnableEncryptionFormatAll' was not found.\"",
            );
            self.volume_call(vm_name, &vm, "encrypt volume", CallResult::failed(&e));
            return Err(e.into());
        }
        // (1) The extension encrypts the volume with a fresh BEK; a re-run keeps the volume key
        // and only re-wraps it (R18). ADE acts on the OS disk alone, so
        // `--encrypt-format-all` (which formats data disks) changes nothing here.
        let rerun = vm.ade.is_some();
        let bek = if rerun {
            bek_now
        } else {
            let plain = vm.disk.decrypt(&bek_now).map_err(|_| {
                SimError::new(ErrorCode::BadParameter, "the volume does not decrypt")
            })?;
            let bek = self.fx.rng().key();
            let disk = Disk::encrypt(&vm.disk_name, self.fx.rng(), &bek, &plain);
            self.vm_mut(vm_name)?.disk = disk;
            self.volume_call(vm_name, &vm, "encrypt volume", CallResult::Allow);
            self.fx.state(
                AssetId::Disk(vm.disk_name.clone()),
                "encrypted with a new BEK (volume key)",
            );
            bek
        };
        if aad_client_id.is_none() {
            // Single pass (R16): the extension hands the BEK to the platform.
            self.fx.call(
                &ext,
                PLATFORM_ADE,
                "store BEK",
                &vm.disk_name,
                None,
                CallResult::Allow,
            );
        }
        // (2) wrapKey as the app (R15) or the platform (R16).
        let mut tags = NameMap::default();
        let file_name = if vm.is_windows() {
            let g = self.fx.guid().to_ascii_uppercase();
            format!("{g}.BEK")
        } else {
            "LinuxPassPhraseFileName".to_owned()
        };
        tags.insert("DiskEncryptionKeyFileName".to_owned(), file_name);
        tags.insert("MachineName".to_owned(), vm_name.to_owned());
        if vm.is_windows() {
            tags.insert("VolumeLetter".to_owned(), "C:\\".to_owned());
        }
        let (value, content_type, kek_ref) = match kek {
            Some((k, version, _)) => {
                let kv = kek_vault.name();
                // A key identifier without a version wraps with the key's current version, and
                // the versioned URL of that version is what ADE keeps (R4).
                let version = version.unwrap_or_else(|| {
                    self.vault_ref(kv)
                        .and_then(|v| v.live_key(&k))
                        .ok()
                        .and_then(|key| key.latest())
                        .map(|v| v.id.clone())
                        .unwrap_or_default()
                });
                let wrapped = self
                    .key_wrap(&actor, kv, &k, &version, &bek)
                    .map_err(|e| extension_failed(&vm, e))?;
                let url = key_url(kv, &k, &version);
                tags.insert("DiskEncryptionKeyEncryptionKeyURL".to_owned(), url.clone());
                let algorithm = args
                    .key_encryption_algorithm
                    .unwrap_or(KeyEncryptionAlgorithm::RsaOaep);
                tags.insert(
                    "DiskEncryptionKeyEncryptionAlgorithm".to_owned(),
                    algorithm.name().to_owned(),
                );
                let kek_ref = KekRef {
                    vault: kv.to_owned(),
                    source_vault: kek_source_vault.clone().unwrap_or_default(),
                    name: k,
                    version,
                    url,
                };
                (hex(&wrapped), "Wrapped BEK", Some(kek_ref))
            }
            None => (hex(&bek.0), "BEK", None),
        };
        // (3) secret set, same actor; the secret's name is a GUID (R1). A re-run in the same vault
        // adds a version to the same secret (R18).
        let secret_name = match &vm.ade {
            Some(a) if a.vault == vault => a.secret_name.clone(),
            _ => self.fx.guid(),
        };
        let version = self
            .secret_set(
                &actor,
                vault,
                &secret_name,
                &value,
                super::vault::NewSecretVersion {
                    content_type: Some(content_type.to_owned()),
                    tags,
                    ..Default::default()
                },
            )
            .map_err(|e| extension_failed(&vm, e))?;
        // (4) The VM model (legacy) or the disk (single pass) gets the versioned URLs (R4).
        let settings = AdeSettings {
            vault: vault.to_owned(),
            source_vault,
            secret_url: secret_url(vault, &secret_name, &version),
            secret_name,
            secret_version: version,
            kek: kek_ref,
            volume_type,
            aad_client_id: aad_client_id.map(str::to_owned),
        };
        // A legacy VM whose model already had enabled settings is deallocated for the update
        // and started again: the platform then fetches the new BEK (R17).
        let restart = vm.ade.as_ref().is_some_and(|a| a.aad_client_id.is_some());
        let m = self.vm_mut(vm_name)?;
        m.ade = Some(Arc::new(settings));
        m.used_ade = true;
        m.legacy_ade |= aad_client_id.is_some();
        m.platform_key = None;
        m.local_key = Some(bek);
        let (flow, kept_in) = if aad_client_id.is_some() {
            ("legacy dual-pass flow", "the VM model")
        } else {
            ("single-pass flow", "the disk's encryption settings")
        };
        self.fx.state(
            AssetId::Vm(vm_name.into()),
            format!("ADE enabled ({flow}); the versioned secret URL is kept in {kept_in}"),
        );
        if restart {
            lines.push(warning(
                "Deallocating the VM before updating encryption settings...",
            ));
            self.power_off(vm_name, PowerState::Deallocated)?;
            lines.push(warning("Restarting the VM after the update..."));
            self.boot(vm_name)?;
        }
        if !vm.is_windows() && volume_type != VolumeType::Data {
            let mut w = "The encryption request was accepted. Please use 'show' command to monitor the progress.".to_owned();
            if aad_client_id.is_some() {
                w.push_str(" If you see 'VMRestartPending', please restart the VM, and the encryption will finish shortly");
            }
            lines.push(warning(&w));
        }
        Ok(Outcome::with(
            format!("encryption enabled on {vm_name} ({flow})"),
            lines,
        ))
    }

    /// azure-cli `_verify_keyvault_good_for_encryption`: az reads the disk-encryption vault (and
    /// the KEK's vault, when it is another) and checks the switch (R10), the subscription and the
    /// region (R5). Each finding is a CLI error, or with `--force` a warning in `lines`. Returns
    /// the vault ids az hands on: the disk-encryption vault's, and the KEK vault's when a KEK is
    /// given.
    fn verify_keyvault_good_for_encryption(
        &mut self,
        who: &str,
        vm: &Vm,
        args: &EncryptionEnable,
        lines: &mut Vec<String>,
    ) -> Result<(String, Option<String>), SimError> {
        let mut report = |msg: String| -> Result<(), SimError> {
            if args.force {
                lines.push(warning(&format!("WARNING: {msg} Encryption might fail.")));
                Ok(())
            } else {
                Err(SimError::cli(format!("ERROR: {msg}")))
            }
        };
        // az turns a vault name into an id in the command's resource group and the current
        // subscription, the one it found the VM in (`process_disk_encryption_namespace`).
        let id_of = |v: &VaultRef| match v {
            VaultRef::Name(n) => (
                super::subscription_id(&vm.subscription).to_owned(),
                args.resource_group.clone(),
                n.clone(),
            ),
            VaultRef::Id {
                subscription,
                resource_group,
                name,
            } => (subscription.clone(), resource_group.clone(), name.clone()),
        };
        let (disk_sub, disk_rg, disk_name) = id_of(&args.vault);
        let (location, switch) = self.arm_vault_get(who, &vm.subscription, &disk_rg, &disk_name)?;
        if !switch {
            report(format!(
                "Keyvault '{disk_name}' is not enabled for disk encryption."
            ))?;
        }
        let kek_id = match (&args.key_encryption_key, &args.key_encryption_keyvault) {
            (None, _) => None,
            (Some(_), kek_vault) => {
                let (sub, rg, name) = id_of(kek_vault.as_ref().unwrap_or(&args.vault));
                if !name.eq_ignore_ascii_case(&disk_name) {
                    self.arm_vault_get(who, &vm.subscription, &rg, &name)?;
                }
                Some(vault_id_text(&sub, &rg, &name))
            }
        };
        if !vm
            .subscription
            .eq_ignore_ascii_case(super::subscription_key(&disk_sub))
        {
            report(format!(
                "VM {}'s subscription does not match keyvault's subscription.",
                vm.name
            ))?;
        }
        let squash = |l: &str| l.replace(' ', "").to_ascii_lowercase();
        if squash(&location) != squash(&vm.location) {
            report(format!(
                "VM {}'s region does not match keyvault's region.",
                vm.name
            ))?;
        }
        Ok((vault_id_text(&disk_sub, &disk_rg, &disk_name), kek_id))
    }

    /// az's Resource Manager read of a vault (`client.get(resource_group, name)`), made in the
    /// current subscription: a vault in another subscription or resource group is not found
    /// there. Returns the vault's region and its `enabledForDiskEncryption` switch.
    fn arm_vault_get(
        &mut self,
        who: &str,
        subscription: &str,
        resource_group: &str,
        name: &str,
    ) -> Result<(String, bool), SimError> {
        let here = self.vault_ref(name).is_ok_and(|v| {
            v.subscription == subscription && v.resource_group.eq_ignore_ascii_case(resource_group)
        });
        if !here {
            return Err(SimError::new(
                ErrorCode::ResourceNotFound,
                format!(
                    "The Resource 'Microsoft.KeyVault/vaults/{name}' under resource group '{resource_group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"
                ),
            ));
        }
        self.vault_call(CallSpec::new(who, name, VOp::VaultGet, ""), None, |w| {
            let v = w.vault_ref(name)?;
            Ok(((v.location.clone(), v.enabled_for_disk_encryption), None))
        })
    }

    /// VM `vm_name`, once Resource Manager lets `who` write it (the owner of its subscription).
    fn vm_to_write(&self, who: &str, vm_name: &str) -> Result<Vm, SimError> {
        let vm = self.vm_ref(vm_name)?.clone();
        self.require_owner(
            who,
            &vm.subscription,
            "Microsoft.Compute/virtualMachines/write",
        )?;
        Ok(vm)
    }

    /// `az vm encryption disable`, as azure-cli's `decrypt_vm` goes (R19).
    pub(crate) fn encryption_disable(
        &mut self,
        who: &str,
        vm_name: &str,
        volume_type: Option<VolumeType>,
        force: bool,
    ) -> Result<Outcome, SimError> {
        let vm = self.vm_to_write(who, vm_name)?;
        // No ADE extension and no legacy settings: az only warns.
        if !vm.used_ade && !vm.legacy_ade {
            return Ok(Outcome::with(
                format!("{vm_name} has no disk encryption to disable"),
                vec![warning("Azure Disk Encryption is not enabled")],
            ));
        }
        // On Linux az itself refuses anything but data volumes, unless forced; by default it
        // asks for DATA.
        if !vm.is_windows() && !force && volume_type.is_some_and(|t| t != VolumeType::Data) {
            return Err(SimError::cli(
                "Only Data disks can have encryption disabled in a Linux VM. Use '--force' to ignore the warning",
            ));
        }
        let Some(bek) = vm.local_key.clone().filter(|_| vm.is_up()) else {
            return Err(SimError::new(
                ErrorCode::Conflict,
                format!(
                    "VM {vm_name} must be running with its volume unlocked to disable encryption"
                ),
            ));
        };
        let Some(a) = &vm.ade else {
            // Nothing is encrypted any more: the extension has nothing to do.
            return Ok(Outcome::msg(format!("encryption disabled on {vm_name}")));
        };
        if !vm.is_windows() {
            // The Linux extension refuses to disable while the OS volume is encrypted, whatever
            // the volume type (azure-linux-extensions VMEncryption `disable_encryption`); ADE
            // encrypts only the OS volume here.
            let e = SimError::new(
                ErrorCode::VmExtensionProvisioningError,
                "VM has reported a failure when processing extension 'AzureDiskEncryptionForLinux'. Error message: \"Failed to disable the extension with error: Disabling encryption is not supported when OS volume is encrypted, stack trace: ...\"",
            );
            self.volume_call(vm_name, &vm, "decrypt volume", CallResult::failed(&e));
            return Err(e);
        }
        // R19: decrypt the volume (back to a platform-managed key) and clear the settings; a
        // legacy VM's model keeps them, set to `enabled: false`.
        let plain = vm
            .disk
            .decrypt(&bek)
            .map_err(|_| SimError::new(ErrorCode::BadParameter, "the volume does not decrypt"))?;
        let pk = self.fx.rng().key();
        let disk = Disk::encrypt(&vm.disk_name, self.fx.rng(), &pk, &plain);
        let m = self.vm_mut(vm_name)?;
        m.disk = disk;
        m.ade = None;
        m.platform_key = Some(pk.clone());
        m.local_key = Some(pk);
        self.volume_call(vm_name, &vm, "decrypt volume", CallResult::Allow);
        Ok(self.changed(
            AssetId::Vm(vm_name.into()),
            format!(
                "ADE disabled: volume decrypted, settings cleared (the BEK secret stays in {})",
                a.vault
            ),
            format!("encryption disabled on {vm_name}"),
        ))
    }

    /// `az vm encryption show`, as azure-cli's `show_vm_encryption_status` prints it: nothing but
    /// a warning without ADE; the disk's instance view for the single-pass flow; the VM model's
    /// `osDisk.encryptionSettings` and az's summary for the legacy flow. Keys in az's (sorted)
    /// order; the extension's own status messages are not modelled.
    /// `az vm show`: the VM's model, as Keyfall's lines (the console prints az's JSON).
    pub(crate) fn vm_show(&self, vm_name: &str) -> Result<Outcome, SimError> {
        let vm = self.vm_ref(vm_name)?;
        Ok(Outcome::with(format!("VM {vm_name}"), vm_lines(vm)))
    }

    /// `az disk show`: a VM's OS disk or data disk, or a disk of its own.
    pub(crate) fn disk_show(&self, name: &str) -> Result<Outcome, SimError> {
        if let Some(d) = self.disks.get(name) {
            return Ok(Outcome::msg(format!(
                "disk {}: {}",
                d.name,
                d.state(self.disk_sas(&d.name))
            )));
        }
        let found = self.vms.values().find(|v| {
            v.disk_name.eq_ignore_ascii_case(name)
                || v.profile
                    .data_disks
                    .iter()
                    .any(|d| d.name.eq_ignore_ascii_case(name))
        });
        match found {
            Some(vm) => Ok(Outcome::msg(format!("disk {name} of VM {}", vm.name))),
            None => Err(SimError::new(
                ErrorCode::ResourceNotFound,
                format!(
                    "The Resource 'Microsoft.Compute/disks/{name}' under resource group was not found."
                ),
            )),
        }
    }

    /// `az vm list`: the VMs, in a resource group if given.
    pub(crate) fn vm_list(&self, resource_group: Option<&str>) -> Result<Outcome, SimError> {
        let lines = self
            .vms
            .values()
            .filter(|v| resource_group.is_none_or(|g| g.eq_ignore_ascii_case(&v.resource_group)))
            .map(|v| format!("{} ({}, {})", v.name, v.resource_group, v.location))
            .collect();
        Ok(Outcome::with("VMs", lines))
    }

    pub(crate) fn encryption_show(
        &mut self,
        _who: &str,
        vm_name: &str,
    ) -> Result<Outcome, SimError> {
        let vm = self.vm_ref(vm_name)?;
        let lines = if !vm.used_ade && !vm.legacy_ade {
            vec![warning("Azure Disk Encryption is not enabled")]
        } else if !vm.legacy_ade {
            let mut l = Vec::new();
            if let Some(a) = &vm.ade {
                l.extend(settings_lines("disks[0].encryptionSettings[0].", a));
            }
            l.push(format!("disks[0].name: {}", vm.disk_name));
            l.push(match vm.ade {
                Some(_) => "disks[0].statuses[0].code: EncryptionState/encrypted".to_owned(),
                None => "disks[0].statuses[0].code: EncryptionState/notEncrypted".to_owned(),
            });
            if vm.ade.is_some() {
                l.push("disks[0].statuses[0].displayStatus: Encryption is enabled on disk".into());
            }
            l
        } else {
            let (os_disk, data_disk) = vm.legacy_volumes();
            let mut l = vec![
                format!("dataDisk: {data_disk}"),
                format!("osDisk: {os_disk}"),
            ];
            match &vm.ade {
                Some(a) => l.extend(settings_lines("osDiskEncryptionSettings.", a)),
                None => l.push("osDiskEncryptionSettings.enabled: false".to_owned()),
            }
            l.push(format!("osType: {}", vm.os_type()));
            l
        };
        Ok(Outcome::with(format!("encryption of {vm_name}"), lines))
    }

    // ---- power ----

    /// The platform fetches the volume key for a boot from nothing (R17, R33), with real calls.
    pub(crate) fn platform_unlock(&mut self, vm_name: &str) -> Result<SymKey, SimError> {
        let boot = {
            let vm = self.vm_ref(vm_name)?;
            BootDisk {
                vm: vm.name.clone(),
                disk_name: vm.disk_name.clone(),
                ade: vm.ade.clone(),
                cmk: vm.cmk.clone(),
                platform_key: vm.platform_key.clone(),
                disk: vm.disk.clone(),
            }
        };
        let (key, rewrapped) = self.unlock(&boot)?;
        if let Some(w) = rewrapped
            && let Some(cm) = self.vm_mut(vm_name)?.cmk.as_mut()
        {
            cm.wrapped_dek = w;
        }
        Ok(key)
    }

    /// What [`World::platform_unlock`] does for `boot`, a VM's disk or the disk a restore would
    /// give one: the volume key, and for a customer-managed key the data key wrapped again.
    pub(crate) fn unlock(
        &mut self,
        boot: &BootDisk,
    ) -> Result<(SymKey, Option<Vec<u8>>), SimError> {
        let mut rewrapped = None;
        let key = if let Some(a) = &boot.ade {
            if self.ade_retired() {
                let e = Self::ade_retired_error(&boot.vm);
                self.fx.call(
                    PLATFORM_ADE,
                    PLATFORM_ADE,
                    "unlock ADE disk",
                    &boot.disk_name,
                    None,
                    CallResult::Fail {
                        code: e.code,
                        status: e.status,
                    },
                );
                return Err(e);
            }
            let s = self.secret_get(
                PLATFORM_ADE,
                &a.vault,
                &a.secret_name,
                Some(&VersionRef::Id(a.secret_version.clone())),
            )?;
            let bytes = unhex(&s.value).ok_or_else(|| {
                SimError::new(ErrorCode::BadParameter, "the BEK secret is not a key")
            })?;
            match &a.kek {
                Some(k) => self.key_unwrap(PLATFORM_ADE, &k.vault, &k.name, &k.version, &bytes)?,
                None => SymKey(bytes.try_into().map_err(|_| {
                    SimError::new(ErrorCode::BadParameter, "the BEK secret is not a key")
                })?),
            }
        } else if let Some(c) = &boot.cmk {
            let des = self.des_ref(&c.des)?.clone();
            let dek = self.des_unwrap(&des, &c.key_version, &c.wrapped_dek)?;
            // Each attach re-wraps the data key: this is what makes an expired key fail at the
            // next start while a running VM keeps going (R7, R33).
            rewrapped = Some(self.des_wrap(&des, &c.key_version, &dek)?);
            dek
        } else {
            boot.platform_key
                .clone()
                .ok_or_else(|| SimError::new(ErrorCode::BadParameter, "the disk has no key"))?
        };
        // Whatever the chain said, the volume must really decrypt.
        self.decrypt_disk(&boot.disk, &key).map_err(|_| {
            SimError::new(
                ErrorCode::VmBootLocked,
                format!(
                    "the key fetched for {} does not decrypt its volume",
                    boot.disk_name
                ),
            )
        })?;
        Ok((key, rewrapped))
    }

    /// Boots a VM whose host holds no volume key. ADE: on failure the VM is on, at the recovery
    /// screen (R17), a failure the world keeps. CMK: on failure it does not start (R33).
    pub(super) fn boot(&mut self, vm_name: &str) -> Result<(), Failed> {
        let is_ade = self.vm_ref(vm_name)?.ade.is_some();
        match self.platform_unlock(vm_name) {
            Ok(k) => {
                let m = self.vm_mut(vm_name)?;
                m.power = PowerState::Running;
                m.at_recovery_screen = false;
                m.shut_down_by_cmk = false;
                m.local_key = Some(k);
                if let Some(c) = m.cmk.as_mut() {
                    c.access_lost_since = None;
                }
                self.fx
                    .state(AssetId::Vm(vm_name.into()), "booted: volume unlocked");
                Ok(())
            }
            Err(e) if is_ade || e.code == ErrorCode::VmBootLocked => {
                let m = self.vm_mut(vm_name)?;
                m.power = PowerState::Running;
                m.at_recovery_screen = true;
                m.local_key = None;
                self.fx.state(
                    AssetId::Vm(vm_name.into()),
                    format!(
                        "powered on but waiting at the recovery screen: {}",
                        e.message
                    ),
                );
                // What Azure itself reports for a start that cannot unwrap (azure-sdk-for-python
                // issue 4520); `VmBootLocked` is Keyfall's name for where that leaves the guest.
                let platform = match self.vm_ref(vm_name)?.ade.as_ref() {
                    // The retirement refuses before any unwrap is tried.
                    Some(_) if e.code == ErrorCode::AdeRetired => String::new(),
                    Some(a) => match &a.kek {
                        Some(k) => format!(
                            "Unwrap of secret {} value using key {} failed.",
                            a.secret_url, k.url
                        ),
                        None => format!("(The platform could not get secret {}.)", a.secret_url),
                    },
                    None => String::new(),
                };
                // The guest's unlock prompt: BitLocker's on Windows, dm-crypt's in the initramfs
                // on Linux (azure-linux-extensions issue 673).
                let prompt = if self.vm_ref(vm_name)?.is_windows() {
                    "the BitLocker recovery screen"
                } else {
                    "its dm-crypt passphrase prompt"
                };
                Err(Failed::Keep(SimError {
                    code: ErrorCode::VmBootLocked,
                    status: ErrorCode::VmBootLocked.status(),
                    message: format!(
                        "{vm_name} is at {prompt}: the platform could not unlock its volume. {platform} Cause: {} {}",
                        e.code.label(),
                        e.message
                    ),
                    denied: e.denied,
                }))
            }
            Err(e) => Err(e.into()),
        }
    }

    pub(crate) fn vm_start(&mut self, who: &str, vm_name: &str) -> Result<Outcome, Failed> {
        let vm = self.vm_ref(vm_name)?.clone();
        self.require_owner(
            who,
            &vm.subscription,
            "Microsoft.Compute/virtualMachines/start/action",
        )?;
        if vm.power != PowerState::Running {
            self.require_no_sas(who, &vm)?;
        }
        if vm.power == PowerState::Running {
            if vm.at_recovery_screen {
                return Err(SimError::new(
                    ErrorCode::VmBootLocked,
                    format!(
                        "{vm_name} is still at the recovery screen: deallocate and start to try again"
                    ),
                )
                .into());
            }
            return Ok(Outcome::msg(format!("{vm_name} is already running")));
        }
        if let (Some(k), None) = (&vm.local_key, &vm.cmk) {
            // Stopped, not deallocated: the BEK volume is still on the host (R17).
            let k = k.clone();
            let m = self.vm_mut(vm_name)?;
            m.power = PowerState::Running;
            m.local_key = Some(k);
            self.fx.state(
                AssetId::Vm(vm_name.into()),
                "started with the key kept on the host",
            );
            return Ok(Outcome::msg(format!("{vm_name} started")));
        }
        self.boot(vm_name)?;
        Ok(Outcome::msg(format!("{vm_name} started")))
    }

    pub(crate) fn vm_restart(&mut self, who: &str, vm_name: &str) -> Result<Outcome, SimError> {
        let vm = self.vm_ref(vm_name)?.clone();
        self.require_owner(
            who,
            &vm.subscription,
            "Microsoft.Compute/virtualMachines/restart/action",
        )?;
        if vm.power != PowerState::Running {
            return Err(SimError::new(
                ErrorCode::Conflict,
                format!("{vm_name} is not running"),
            ));
        }
        if !vm.is_up() {
            self.fx.state(
                AssetId::Vm(vm_name.into()),
                "restarted: still at the recovery screen",
            );
            return Err(SimError::new(
                ErrorCode::VmBootLocked,
                format!(
                    "{vm_name} restarted into the recovery screen again: deallocate and start to refetch the key"
                ),
            ));
        }
        // A plain restart keeps the local BEK volume: no call to the vault (R17).
        Ok(self.changed(
            AssetId::Vm(vm_name.into()),
            "restarted with the BEK kept on the host",
            format!("{vm_name} restarted"),
        ))
    }

    /// `az vm stop` (`power` Stopped) keeps the VM on its host, and its unlocked volume key
    /// with it; `az vm deallocate` (`power` Deallocated) releases the host, and the key leaves
    /// with it, so the next start fetches it again (R17).
    pub(crate) fn vm_power_off(
        &mut self,
        who: &str,
        vm_name: &str,
        power: PowerState,
    ) -> Result<Outcome, SimError> {
        let (action, done) = if power == PowerState::Deallocated {
            (
                "Microsoft.Compute/virtualMachines/deallocate/action",
                "deallocated",
            )
        } else {
            (
                "Microsoft.Compute/virtualMachines/powerOff/action",
                "stopped",
            )
        };
        let sub = self.vm_ref(vm_name)?.subscription.clone();
        self.require_owner(who, &sub, action)?;
        self.power_off(vm_name, power)?;
        Ok(Outcome::msg(format!("{vm_name} {done}")))
    }

    /// Powers a VM off as [`Self::vm_power_off`] describes, and records the change.
    fn power_off(&mut self, vm_name: &str, power: PowerState) -> Result<(), SimError> {
        let deallocate = power == PowerState::Deallocated;
        let m = self.vm_mut(vm_name)?;
        // A locked volume has no key to keep, and CMK disks re-attach through the DES.
        if deallocate || m.at_recovery_screen || m.cmk.is_some() {
            m.local_key = None;
        }
        m.power = power;
        m.at_recovery_screen = false;
        let change = if deallocate {
            "deallocated: the volume key left the host"
        } else {
            "stopped (still allocated)"
        };
        self.fx.state(AssetId::Vm(vm_name.into()), change);
        Ok(())
    }

    // ---- files through the encrypted volume ----

    fn unlocked(&self, vm_name: &str) -> Result<(Vm, SymKey), SimError> {
        let vm = self.vm_ref(vm_name)?.clone();
        if vm.power == PowerState::Running && vm.at_recovery_screen {
            return Err(SimError::new(
                ErrorCode::VmBootLocked,
                format!("{vm_name} is at the recovery screen: its volume is locked"),
            ));
        }
        match (&vm.local_key, vm.power) {
            (Some(k), PowerState::Running) => {
                let k = k.clone();
                Ok((vm, k))
            }
            _ => Err(SimError::new(
                ErrorCode::Conflict,
                format!("{vm_name} is not running"),
            )),
        }
    }

    /// The files on a running VM's unlocked volume, with the VM and the volume key.
    fn unlocked_files(&self, vm_name: &str) -> Result<(Vm, SymKey, NameMap<String>), SimError> {
        let (vm, key) = self.unlocked(vm_name)?;
        let plain = vm
            .disk
            .decrypt(&key)
            .map_err(|_| SimError::new(ErrorCode::VmBootLocked, "the volume does not decrypt"))?;
        let files = decode_files(&plain).unwrap_or_default();
        Ok((vm, key, files))
    }

    pub(crate) fn sim_write(
        &mut self,
        _who: &str,
        vm_name: &str,
        path: &str,
        content: &str,
    ) -> Result<Outcome, SimError> {
        let (vm, key, mut files) = self.unlocked_files(vm_name)?;
        files.insert(path.to_owned(), content.to_owned());
        let disk = Disk::encrypt(&vm.disk_name, self.fx.rng(), &key, &encode_files(&files));
        self.vm_mut(vm_name)?.disk = disk;
        Ok(self.changed(
            AssetId::Disk(vm.disk_name.clone()),
            format!("{path} written"),
            format!("wrote {path} on {vm_name}"),
        ))
    }

    pub(crate) fn sim_read(
        &mut self,
        _who: &str,
        vm_name: &str,
        path: &str,
    ) -> Result<Outcome, SimError> {
        let (_, _, files) = self.unlocked_files(vm_name)?;
        let content = files.get(path).ok_or_else(|| {
            SimError::new(
                ErrorCode::ResourceNotFound,
                format!("no file {path} on {vm_name}"),
            )
        })?;
        Ok(Outcome::with(
            format!("{vm_name}:{path}"),
            vec![content.clone()],
        ))
    }

    /// Paths on the VM's disk, if its volume is unlocked (the health report reads them).
    pub(crate) fn file_paths(&self, vm_name: &str) -> Vec<String> {
        self.unlocked(vm_name)
            .ok()
            .and_then(|(vm, k)| vm.disk.decrypt(&k).ok())
            .and_then(|p| decode_files(&p))
            .map(|f| f.into_keys().collect())
            .unwrap_or_default()
    }

    // ---- Disk Encryption Sets ----

    /// The Disk Encryption Set `name`.
    pub fn disk_encryption_set(&self, name: &str) -> Option<&DiskEncryptionSet> {
        self.des.get(name)
    }

    /// A set by its name, or by its ARM id (`.../diskEncryptionSets/NAME`), as az's
    /// `--os-disk-encryption-set` takes either.
    pub(crate) fn des_ref(&self, name: &str) -> Result<&DiskEncryptionSet, SimError> {
        let name = resource_name(name);
        self.des.get(name).ok_or_else(|| {
            SimError::new(
                ErrorCode::ResourceNotFound,
                format!("disk encryption set {name} not found"),
            )
        })
    }

    /// `wrapKey` by the set's identity with `version` of the set's key: how Compute seals a
    /// disk's data key (R32).
    fn des_wrap(
        &mut self,
        des: &DiskEncryptionSet,
        version: &str,
        dek: &SymKey,
    ) -> Result<Vec<u8>, SimError> {
        self.key_wrap(&des.name, &des.vault, &des.key, version, dek)
    }

    /// `unwrapKey` by the set's identity: how Compute opens a disk's data key (R33).
    pub(super) fn des_unwrap(
        &mut self,
        des: &DiskEncryptionSet,
        version: &str,
        wrapped: &[u8],
    ) -> Result<SymKey, SimError> {
        self.key_unwrap(&des.name, &des.vault, &des.key, version, wrapped)
    }

    /// The CMK settings of VM `name`, to change.
    fn cmk_mut(&mut self, name: &str) -> Option<&mut CmkSettings> {
        self.vms.get_mut(name).and_then(|m| m.cmk.as_mut())
    }

    /// `az disk-encryption-set show`.
    pub(crate) fn des_show(&self, name: &str) -> Result<Outcome, SimError> {
        let d = self.des_ref(name)?;
        Ok(Outcome::with(
            format!("disk encryption set {name}"),
            vec![
                format!("activeKey: {}", key_url(&d.vault, &d.key, &d.key_version)),
                format!("rotationToLatestKeyVersionEnabled: {}", d.auto_rotation),
            ],
        ))
    }

    /// `az disk-encryption-set update`: a new active key version (ARM resolves the key URL as
    /// the caller, as on create; R32 needs a version), and the auto-rotation switch. The set's
    /// disks move to the new version within about an hour, as on auto-rotation (R34).
    pub(crate) fn des_update(
        &mut self,
        who: &str,
        name: &str,
        new_key: Option<&(String, String, Option<VersionRef>)>,
        auto_rotation: Option<bool>,
    ) -> Result<Outcome, SimError> {
        let d = self.des_ref(name)?.clone();
        let v = self.vault_ref(&d.vault)?.clone();
        self.require_owner(
            who,
            &v.subscription,
            "Microsoft.Compute/diskEncryptionSets/write",
        )?;
        let mut updated = d.clone();
        if let Some((vault, key, version)) = new_key {
            if !vault.eq_ignore_ascii_case(&d.vault) {
                return Err(SimError::new(
                    ErrorCode::BadParameter,
                    format!(
                        "Keyfall keeps a disk encryption set's keys in one vault: {name} uses {}, not {vault}",
                        d.vault
                    ),
                ));
            }
            let Some(vref) = version else {
                return Err(versionless_key_url(vault, key));
            };
            let (version, _, _, _) = self.key_get(who, &d.vault, key, Some(vref))?;
            updated.key = key.clone();
            updated.key_version = version;
        }
        if let Some(on) = auto_rotation {
            updated.auto_rotation = on;
        }
        let active = key_url(&updated.vault, &updated.key, &updated.key_version);
        Arc::make_mut(&mut self.des).insert(name.to_owned(), updated);
        Ok(self.changed(
            AssetId::Des(name.to_owned()),
            format!("active key {active}"),
            format!("disk encryption set {name} updated"),
        ))
    }

    pub(crate) fn des_create(&mut self, who: &str, args: &DesCreate) -> Result<Outcome, SimError> {
        let DesCreate {
            name,
            location,
            source_vault,
            key,
            key_version,
            ..
        } = args;
        if self.des.contains_key(name) || self.principals.contains_key(name) {
            return Err(SimError::new(ErrorCode::Conflict, format!("{name} exists")));
        }
        // No `--location`: the group's, as az's `AAZResourceLocationArg` takes it.
        let location = &if location.is_empty() {
            self.resource_group(&args.resource_group)
                .map(|(_, l)| l)
                .ok_or_else(|| super::group_not_found(&args.resource_group))?
        } else {
            location.clone()
        };
        let v = self.vault_ref(source_vault)?.clone();
        self.require_owner(
            who,
            &v.subscription,
            "Microsoft.Compute/diskEncryptionSets/write",
        )?;
        // R32: Compute takes only a fully versioned key URL, whether auto-rotation is on or not
        // (KeyForDiskEncryptionSet.keyUrl). The wording is Compute's for a versionless key URL.
        let Some(vref) = key_version else {
            return Err(versionless_key_url(source_vault, key));
        };
        if !v.purge_protection {
            return Err(SimError::new(
                ErrorCode::BadParameter,
                format!(
                    "vault {source_vault} needs purge protection for a disk encryption set (R32)"
                ),
            ));
        }
        same_region(
            &format!("vault {source_vault}"),
            &v.location,
            "set",
            location,
        )?;
        // ARM resolves the key URL as the caller.
        let (version, kty, _, _) = self.key_get(who, source_vault, key, Some(vref))?;
        if !matches!(kty, KeyType::Rsa | KeyType::RsaHsm) {
            return Err(SimError::new(
                ErrorCode::BadParameter,
                "disk encryption sets need an RSA key",
            ));
        }
        self.add_principal(name, PrincipalKind::ManagedIdentity);
        Arc::make_mut(&mut self.des).insert(
            name.clone(),
            DiskEncryptionSet {
                name: name.clone(),
                resource_group: args.resource_group.clone(),
                location: location.clone(),
                vault: source_vault.clone(),
                key: key.clone(),
                key_version: version.clone(),
                auto_rotation: args.enable_auto_key_rotation.unwrap_or(false),
            },
        );
        self.fx.state(
            AssetId::Des(name.into()),
            format!("created with managed identity {name}, key {key}/{version}"),
        );
        // What the identity needs on the vault, in the vault's permission model (R32).
        let grant = if v.rbac {
            format!("assign it Key Vault Crypto Service Encryption User on {source_vault}")
        } else {
            format!("grant it get, wrapKey, unwrapKey on {source_vault}")
        };
        Ok(Outcome::with(
            format!("disk encryption set {name} created"),
            vec![
                format!("identity: {name} ({grant})"),
                format!("activeKey: {}", key_url(source_vault, key, &version)),
            ],
        ))
    }

    /// Hourly platform behaviour of CMK disks: auto-rotation (R34) and shutting down VMs whose
    /// key became unusable about an hour ago (R33).
    pub(crate) fn cmk_tick(&mut self, prev: SimTime, lines: &mut Vec<String>) {
        let now = self.now();
        // R34: sets with auto-rotation follow the key's newest version.
        let sets: Vec<DiskEncryptionSet> = self.des.values().cloned().collect();
        for des in &sets {
            if !des.auto_rotation {
                continue;
            }
            let latest = self
                .vault_ref(&des.vault)
                .ok()
                .and_then(|v| v.live_key(&des.key).ok())
                .and_then(|k| k.latest())
                .map(|v| v.id.clone());
            if let Some(l) = latest
                && l != des.key_version
                && let Some(d) = Arc::make_mut(&mut self.des).get_mut(&des.name)
            {
                d.key_version = l.clone();
                self.fx.state(
                    AssetId::Des(des.name.clone()),
                    format!("active key version now {l}"),
                );
            }
        }
        let names = self.vms.cmk_vm_names();
        let vms: Vec<Vm> = names
            .iter()
            .filter_map(|n| self.vms.get(n).cloned())
            .collect();
        for vm in vms {
            let (Some(c), Ok(des)) = (
                &vm.cmk,
                self.des_ref(vm.cmk.as_ref().map(|c| c.des.as_str()).unwrap_or_default())
                    .cloned(),
            ) else {
                continue;
            };
            // R34: disks move to the set's version within about an hour, without a reboot.
            if des.key_version != c.key_version {
                let since = c.rotation_pending_since.unwrap_or(prev);
                if now.0 >= since.0 + CMK_GRACE_SECS {
                    let moved = self
                        .des_unwrap(&des, &c.key_version, &c.wrapped_dek)
                        .and_then(|dek| self.des_wrap(&des, &des.key_version, &dek));
                    if let (Ok(w), Some(cm)) = (moved, self.cmk_mut(&vm.name)) {
                        cm.wrapped_dek = w;
                        cm.key_version = des.key_version.clone();
                        cm.rotation_pending_since = None;
                        lines.push(format!(
                            "{}: data key re-wrapped with {}/{}",
                            vm.disk_name, des.key, des.key_version
                        ));
                        self.fx.state(
                            AssetId::Disk(vm.disk_name.clone()),
                            format!("moved to key version {}", des.key_version),
                        );
                    }
                } else if let Some(cm) = self.cmk_mut(&vm.name) {
                    cm.rotation_pending_since = Some(since);
                }
            }
            if vm.power != PowerState::Running {
                continue;
            }
            let cur = self.vms.get(&vm.name).and_then(|m| m.cmk.clone());
            let Some(cur) = cur else { continue };
            // R33: a background probe (not a call) notices lost access; after about an hour the
            // platform's real unwrap fails and the VM shuts down.
            match self.probe_unwrap(&des.name, &des.vault, &des.key, &cur.key_version) {
                Ok(()) => {
                    if let Some(cm) = self.cmk_mut(&vm.name) {
                        cm.access_lost_since = None;
                    }
                }
                Err(_) => {
                    let since = cur.access_lost_since.unwrap_or(prev);
                    if now.0 >= since.0 + CMK_GRACE_SECS {
                        let err = self
                            .des_unwrap(&des, &cur.key_version, &cur.wrapped_dek)
                            .err();
                        if let Some(m) = self.vms.get_mut(&vm.name) {
                            m.power = PowerState::Stopped;
                            m.local_key = None;
                            m.shut_down_by_cmk = true;
                            if let Some(cm) = m.cmk.as_mut() {
                                cm.access_lost_since = Some(since);
                            }
                        }
                        let why = err
                            .map(|e| format!("{} {}", e.code, e.message))
                            .unwrap_or_default();
                        lines.push(format!("{} shut down: disk I/O failed ({why})", vm.name));
                        self.fx.state(
                            AssetId::Vm(vm.name.clone()),
                            format!("shut down: its customer-managed key is unusable ({why})"),
                        );
                    } else if let Some(cm) = self.cmk_mut(&vm.name) {
                        cm.access_lost_since = Some(since);
                    }
                }
            }
        }
    }
}

/// R32: a disk is in its set's region, and a set in its vault's: `named`, in `its_location`,
/// refuses the `other` resource in `location`.
fn same_region(
    named: &str,
    its_location: &str,
    other: &str,
    location: &str,
) -> Result<(), SimError> {
    if its_location == location {
        return Ok(());
    }
    Err(SimError::new(
        ErrorCode::BadParameter,
        format!("{named} is in {its_location}, the {other} in {location} (R32)"),
    ))
}

/// An az warning as Keyfall prints it, like its CLI errors (`az: ERROR: ...`).
pub(super) fn warning(text: &str) -> String {
    format!("az: WARNING: {text}")
}

/// The extension's enable failed on a Key Vault call (the app's in the legacy flow, the
/// platform's in single pass): az waits on the extension, not on Key Vault, so it reports the
/// extension's failure, `VMExtensionProvisioningError`, with Key Vault's refusal in its message.
/// The denial stays on the error, so the explainer still names what was missing.
fn extension_failed(vm: &Vm, e: SimError) -> SimError {
    let extension = if vm.is_windows() {
        "AzureDiskEncryption"
    } else {
        "AzureDiskEncryptionForLinux"
    };
    let inner = e
        .code
        .inner()
        .map(|c| format!(" (inner error {c})"))
        .unwrap_or_default();
    SimError {
        code: ErrorCode::VmExtensionProvisioningError,
        status: ErrorCode::VmExtensionProvisioningError.status(),
        message: format!(
            "VM has reported a failure when processing extension '{extension}'. Error message: \"Key Vault refused the request: ({}) {}{inner}\"",
            e.code.top(),
            e.message
        ),
        denied: e.denied,
    }
}

/// `diskEncryptionSettings` as az prints them, under `prefix`, keys in az's sorted order.
fn settings_lines(prefix: &str, a: &AdeSettings) -> Vec<String> {
    let mut l = vec![
        format!("{prefix}diskEncryptionKey.secretUrl: {}", a.secret_url),
        format!(
            "{prefix}diskEncryptionKey.sourceVault.id: {}",
            a.source_vault
        ),
        format!("{prefix}enabled: true"),
    ];
    if let Some(k) = &a.kek {
        l.push(format!("{prefix}keyEncryptionKey.keyUrl: {}", k.url));
        l.push(format!(
            "{prefix}keyEncryptionKey.sourceVault.id: {}",
            k.source_vault
        ));
    }
    l
}

/// A resource's name where az takes its name or ARM id (`--os-disk-encryption-set`,
/// `--attach-os-disk`, `az disk create --source`): the name, or the last segment of the id.
pub(crate) fn resource_name(text: &str) -> &str {
    if text.starts_with('/') {
        text.trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or(text)
    } else {
        text
    }
}

/// `az vm show`'s readable lines.
fn vm_lines(vm: &Vm) -> Vec<String> {
    let p = &vm.profile;
    let os = vm.os_type();
    let mut l = vec![
        if p.os_disk_attached {
            format!("OS disk attached ({os}), size {}", p.size)
        } else {
            format!("image: {} ({os}), size {}", vm.image, p.size)
        },
        format!(
            "location: {}, resource group {}",
            vm.location, vm.resource_group
        ),
        format!("power: {:?}", vm.power),
        format!(
            "OS disk {}: {}",
            vm.disk_name,
            match &vm.cmk {
                Some(c) => format!("SSE with customer-managed key via {}", c.des),
                None => "SSE with platform-managed key".to_owned(),
            }
        ),
    ];
    for d in &p.data_disks {
        l.push(format!(
            "data disk {} (LUN {}, {} GB): {}",
            d.name,
            d.lun,
            d.size_gb,
            match &d.des {
                Some(des) => format!("SSE with customer-managed key via {des}"),
                None => "SSE with platform-managed key".to_owned(),
            }
        ));
    }
    if let Some(on) = p.encryption_at_host {
        l.push(format!("encryption at host: {on}"));
    }
    l
}

/// R32: Compute's refusal of a key URL without a version, on create and update alike.
fn versionless_key_url(vault: &str, key: &str) -> SimError {
    SimError::new(
        ErrorCode::InvalidParameter,
        format!(
            "https://{vault}.vault.azure.net/keys/{key} is not a valid versioned Key Vault Key URL. \
             It should be in the format https://<vaultEndpoint>/keys/<keyName>/<keyVersion>."
        ),
    )
}
