//! The simulated world: subscriptions, principals, key vaults, VMs, Recovery Services vaults,
//! Disk Encryption Sets, the clock and the audit log.
//!
//! The UI changes it only through [`World::apply`] and learns what happened from the returned
//! [`Outcome`] or [`SimError`] and from [`World::poll_event`]. A failed command changes nothing but
//! the audit log and the events (denied calls are audited, R14): `apply` runs the command on a
//! copy and keeps the copy only on success. The one exception is a boot that reaches the recovery
//! screen (R17): that VM really is powered on, so the state is kept even though the command fails
//! (its handler returns [`Failed::Keep`]).

mod access;
pub(crate) use access::role_scope;
mod backup;
mod disk;
mod effects;
mod host_encryption;
mod name_map;
mod names;
pub use disk::{DiskSas, ManagedDisk, VHD_FOOTER, os_disk_bytes};
pub mod region;
#[cfg(test)]
mod state_events;
pub(crate) mod tracked;
mod vault;
mod vm;

use std::sync::Arc;

use serde::Serialize;

use crate::activity::ActivityEntry;
use crate::asset::{AssetId, PointRef};
use crate::audit::AuditEntry;
use crate::authz::Op;
use crate::command::Command;
use crate::crypto::{Disk, SimRng, SymKey};
use crate::error::{ErrorCode, SimError};
use crate::event::{CallResult, Event};
use crate::time::SimDuration;
use crate::time::SimTime;
pub(crate) use crate::vocab::ObjectKind;
use crate::vocab::{KeyPerm, KeyType, Power, SecretPerm, Sku, VolumeType};
use effects::Effects;
pub use host_encryption::ade_retirement;
pub use name_map::NameMap;
use tracked::{Kind, Tracked};

pub use crate::authz::{
    ADMIN, AZURE_BACKUP, AccessPolicy, InheritedGrant, PLATFORM_ADE, PLATFORM_ARM,
    PLATFORM_COMPUTE, RoleGrant,
};

/// Who the audit log names for what Key Vault does by itself (retention purges, rotations by a
/// rotation policy).
pub const KEY_VAULT_SERVICE: &str = "Microsoft.KeyVault";
/// The default subscription.
pub const DEFAULT_SUBSCRIPTION: &str = "sub1";

/// azure-cli role `CREDENTIAL_WARNING`, which `az ad sp create-for-rbac` always logs.
const CREDENTIAL_WARNING: &str = "The output includes credentials that you must protect. Be sure that you do not include these credentials in your code or check the credentials into your source control. For more information, see https://aka.ms/azadsp-cli";

/// The subscription's id as `az account show` prints it: a GUID, fixed (not drawn from the
/// seeded generator, so no draw moves), in the form of a version-4 UUID whose digits say it is
/// Keyfall's. The world keeps its subscriptions by name ([`DEFAULT_SUBSCRIPTION`]); every ARM
/// id it prints carries this GUID ([`subscription_id`]), and both name the one subscription
/// wherever a subscription is read ([`subscription_key`]).
pub const SUBSCRIPTION_ID: &str = "00000000-0000-4000-8000-000000000001";

/// The Entra tenant the signed-in user and the subscription belong to, as `az account show`
/// prints `tenantId`.
pub const TENANT_ID: &str = "00000000-0000-4000-8000-0000000000aa";

/// The subscription key `text` names: [`DEFAULT_SUBSCRIPTION`] for its name or its GUID (in any
/// case, as ARM compares ids), else `text` itself.
pub fn subscription_key(text: &str) -> &str {
    if text.eq_ignore_ascii_case(SUBSCRIPTION_ID) || text.eq_ignore_ascii_case(DEFAULT_SUBSCRIPTION)
    {
        DEFAULT_SUBSCRIPTION
    } else {
        text
    }
}

/// The subscription as an ARM id spells it: the GUID for [`DEFAULT_SUBSCRIPTION`] (in any
/// case), as Azure prints `/subscriptions/<GUID>/...`; another subscription, which Keyfall
/// gives no GUID, by its name.
pub fn subscription_id(name: &str) -> &str {
    if name.eq_ignore_ascii_case(DEFAULT_SUBSCRIPTION) {
        SUBSCRIPTION_ID
    } else {
        name
    }
}

/// The geography of a region (any of az's spellings: `eastus`, `EastUS`, `East US`), or `None`
/// for a region Azure does not have.
pub fn geography(region: &str) -> Option<&'static str> {
    region::region(region).map(|r| r.geography)
}

/// Whether two locations are one, as az compares them: `EastUS`, `East US` and `eastus` are.
pub fn same_location(a: &str, b: &str) -> bool {
    location_name(a) == location_name(b)
}

/// A location as Resource Manager keeps it: `East US` and `EastUS` are `eastus`.
pub fn location_name(l: &str) -> String {
    l.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Every geography of [`region::REGIONS`], each with its HSM root key. The first three are the
/// ones Keyfall had first: their roots are drawn from the world's generator at creation, in this
/// order, as they always were, so every seed's draws stay where they were; the others' roots come
/// from a second generator seeded from the world's seed ([`OTHER_ROOTS_SEED`]).
const GEOGRAPHIES: &[&str] = &[
    "Europe",
    "United States",
    "United Kingdom",
    "Asia Pacific",
    "Australia",
    "Brazil",
    "Canada",
    "France",
    "Germany",
    "India",
    "Israel",
    "Italy",
    "Japan",
    "Korea",
    "Mexico",
    "New Zealand",
    "Norway",
    "Poland",
    "Qatar",
    "South Africa",
    "Spain",
    "Sweden",
    "Switzerland",
    "United Arab Emirates",
];

/// How many geographies draw their roots from the world's own generator.
const FIRST_GEOGRAPHIES: usize = 3;

/// Mixed into the world's seed for the generator of the other geographies' roots.
const OTHER_ROOTS_SEED: u64 = 0x6765_6f67_7261_7068; // "geograph"

/// The human-readable result of a successful command. Never holds key material; secret values
/// appear only in `secret show` output, as in the real CLI.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Outcome {
    /// One line saying what happened.
    pub message: String,
    /// Details: show and list output.
    pub lines: Vec<String>,
}

impl Outcome {
    pub(crate) fn msg(message: impl Into<String>) -> Outcome {
        Outcome {
            message: message.into(),
            lines: Vec::new(),
        }
    }
    pub(crate) fn with(message: impl Into<String>, lines: Vec<String>) -> Outcome {
        Outcome {
            message: message.into(),
            lines,
        }
    }
}

/// What kind of identity a principal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum PrincipalKind {
    /// A user with a UPN.
    User,
    /// An app's service principal (`az ad sp create-for-rbac`).
    ServicePrincipal,
    /// A built-in Azure platform identity (`platform-ade`, `azure-backup`...).
    Platform,
    /// A managed identity (a Disk Encryption Set's).
    ManagedIdentity,
}

/// An identity that can call a vault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Principal {
    /// The name commands use (`ade-app`, `admin@contoso.com`).
    pub name: String,
    /// A GUID-like object id (`--object-id`).
    pub object_id: String,
    /// What it is.
    pub kind: PrincipalKind,
}

/// A subscription and its owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subscription {
    /// Its name (`sub1`).
    pub name: String,
    /// The principal who owns it.
    pub owner: String,
    /// Role assignments on the subscription or on one of its resource groups, inherited by
    /// every vault below (R11).
    pub role_assignments: Vec<InheritedGrant>,
}

/// Soft-deletion state of a vault, key or secret (R20-R22).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Deletion {
    /// When it was deleted.
    pub deleted_at: SimTime,
    /// When retention ends and it is purged automatically.
    pub purge_at: SimTime,
}

/// Version attributes (R7, R8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Attributes {
    /// Disabled versions refuse every operation.
    pub enabled: bool,
    /// Not before.
    pub nbf: Option<SimTime>,
    /// Expires.
    pub exp: Option<SimTime>,
    /// Created.
    pub created: SimTime,
}

/// One version of a key. Its material is sealed under the geography's HSM root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyVersion {
    /// The 32-hex-digit version id.
    pub id: String,
    /// Its attributes.
    pub attributes: Attributes,
    #[serde(skip)]
    pub(crate) sealed: Vec<u8>,
}

/// A key with its versions, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Key {
    /// Its name.
    pub name: String,
    /// Key type.
    pub kty: KeyType,
    /// RSA modulus size in bits.
    pub size: u32,
    /// Versions in order of creation.
    pub versions: Vec<KeyVersion>,
    /// Set while soft-deleted.
    pub deleted: Option<Deletion>,
    /// Its rotation policy (R34), once `rotation-policy update` set one.
    pub rotation_policy: Option<RotationPolicy>,
    /// When the latest version was made (the rotation policy counts from it).
    pub last_rotation: SimTime,
}

impl Key {
    /// The newest version.
    pub fn latest(&self) -> Option<&KeyVersion> {
        self.versions.last()
    }

    /// When the rotation policy's `Rotate` action next makes a version: `timeAfterCreate` after
    /// the current version was made, or `timeBeforeExpiry` before it expires (none when it has
    /// no expiry).
    pub fn rotation_due(&self) -> Option<SimTime> {
        use crate::command::{PolicyAction, PolicyTrigger};
        let policy = self.rotation_policy.as_ref()?;
        let action = policy
            .spec
            .lifetime_actions
            .iter()
            .find(|a| a.action == PolicyAction::Rotate)?;
        match action.trigger {
            PolicyTrigger::AfterCreate(t) => Some(self.last_rotation.plus_period(t)),
            PolicyTrigger::BeforeExpiry(t) => {
                self.latest()?.attributes.exp.map(|e| e.minus_period(t))
            }
        }
    }
}

/// A key's rotation policy as Key Vault keeps it: what `--value` set, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RotationPolicy {
    /// Its lifetime actions and `expiryTime`.
    pub spec: crate::command::RotationPolicySpec,
    /// When a policy was first set on the key.
    pub created: SimTime,
    /// When it was last set.
    pub updated: SimTime,
}

/// One version of a secret. Its value is only shown by `secret show`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecretVersion {
    /// The 32-hex-digit version id.
    pub id: String,
    /// Its attributes.
    pub attributes: Attributes,
    /// Content type (`Wrapped BEK`).
    pub content_type: Option<String>,
    /// Tags (R3).
    pub tags: NameMap<String>,
    #[serde(skip)]
    pub(crate) value: String,
}

impl SecretVersion {
    /// The value, for a UI that shows it only when the user explicitly reveals it (the
    /// inspector's "Reveal"). The audit log and events never carry it (R14).
    pub fn value(&self) -> &str {
        &self.value
    }
}

/// A secret with its versions, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Secret {
    /// Its name (a GUID for BEK secrets, R1).
    pub name: String,
    /// Versions in order of creation.
    pub versions: Vec<SecretVersion>,
    /// Set while soft-deleted.
    pub deleted: Option<Deletion>,
}

/// Keys and secrets name their shared fields alike, so one implementation serves both.
macro_rules! vault_object {
    ($($object:ty),+) => {$(
        impl vault::VaultObject for $object {
            fn name(&self) -> &str {
                &self.name
            }
            fn deletion(&self) -> Option<Deletion> {
                self.deleted
            }
            fn heads(&self) -> Vec<(&String, &Attributes)> {
                self.versions.iter().map(|v| (&v.id, &v.attributes)).collect()
            }
            fn head_mut(&mut self, i: usize) -> (&String, &mut Attributes) {
                let v = &mut self.versions[i];
                (&v.id, &mut v.attributes)
            }
        }
    )+};
}
vault_object!(Key, Secret);

/// A key vault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vault {
    /// Globally unique name.
    pub name: String,
    /// Resource group.
    pub resource_group: String,
    /// Region.
    pub location: String,
    /// Subscription.
    pub subscription: String,
    /// Pricing tier: HSM-protected keys need premium.
    pub sku: Sku,
    /// R10 switch for the ADE platform.
    pub enabled_for_disk_encryption: bool,
    /// R10 switch for the Compute resource provider.
    pub enabled_for_deployment: bool,
    /// R10 switch for ARM template deployments.
    pub enabled_for_template_deployment: bool,
    /// Soft-delete retention, 7 to 90 days (R20).
    pub retention_days: u32,
    /// Purge protection (R22): once on, never off.
    pub purge_protection: bool,
    /// Azure RBAC instead of access policies (R11).
    pub rbac: bool,
    /// Access policies (ignored for authorization while `rbac`).
    pub policies: Vec<AccessPolicy>,
    /// RBAC role assignments on this vault and on its keys and secrets.
    pub role_assignments: Vec<RoleGrant>,
    /// Keys by name, each shared between copies of the vault and copied on first write
    /// (`Arc::make_mut`): a key or secret command changes one object, not the whole vault.
    pub keys: NameMap<Arc<Key>>,
    /// Secrets by name, shared like the keys.
    pub secrets: NameMap<Arc<Secret>>,
    /// Set while the vault is soft-deleted.
    pub deleted: Option<Deletion>,
}

/// Power state of a VM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PowerState {
    /// On (possibly at the recovery screen; see [`Vm::at_recovery_screen`]).
    Running,
    /// Stopped but still allocated: the BEK volume stays on the host.
    Stopped,
    /// Deallocated: nothing of the VM remains on a host (R17).
    Deallocated,
}

/// A versioned KEK reference (R4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KekRef {
    /// The vault holding the key (`--key-encryption-keyvault`, by default the BEK's vault).
    pub vault: String,
    /// `keyEncryptionKey.sourceVault.id`: that vault's Resource Manager id, as az passed it.
    pub source_vault: String,
    /// Key name.
    pub name: String,
    /// Key version id.
    pub version: String,
    /// `https://VAULT.vault.azure.net/keys/NAME/VERSION`.
    pub url: String,
}

/// A VM model's ADE settings (R4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdeSettings {
    /// The vault holding the BEK secret.
    pub vault: String,
    /// `diskEncryptionKey.sourceVault.id`: that vault's Resource Manager id, as az passed it.
    pub source_vault: String,
    /// The BEK secret's name (a GUID, R1).
    pub secret_name: String,
    /// Its version.
    pub secret_version: String,
    /// `diskEncryptionKey.secretUrl`, versioned.
    pub secret_url: String,
    /// `keyEncryptionKey.keyUrl`, versioned, if a KEK wraps the BEK.
    pub kek: Option<KekRef>,
    /// `--volume-type` as the extension got it. Recorded, not modelled: Keyfall's VMs have one
    /// OS disk, and every enable encrypts it.
    pub volume_type: VolumeType,
    /// The legacy flow's app (R15), or `None` for single-pass (R16).
    pub aad_client_id: Option<String>,
}

/// A CMK disk's link to its Disk Encryption Set (R32).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CmkSettings {
    /// The Disk Encryption Set.
    pub des: String,
    /// The key version wrapping the disk's data key now.
    pub key_version: String,
    /// Since when the DES identity has been unable to use the key (R33).
    pub access_lost_since: Option<SimTime>,
    /// Since when a newer key version has been waiting to be adopted (R34).
    pub rotation_pending_since: Option<SimTime>,
    #[serde(skip)]
    pub(crate) wrapped_dek: Vec<u8>,
}

/// A virtual machine with one OS disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vm {
    /// Name.
    pub name: String,
    /// Resource group.
    pub resource_group: String,
    /// Region.
    pub location: String,
    /// Subscription.
    pub subscription: String,
    /// Image (`Ubuntu2204`, `Win2022Datacenter`).
    pub image: String,
    /// Power state.
    pub power: PowerState,
    /// Powered on but waiting at the BitLocker recovery screen (R17).
    pub at_recovery_screen: bool,
    /// Shut down by the platform because its CMK became unusable (R33).
    pub shut_down_by_cmk: bool,
    /// OS disk name (`vm1-os`).
    pub disk_name: String,
    /// ADE settings, when encrypted with ADE. Shared with the recovery points that copied them
    /// (settings are replaced whole, never edited), so a restore does not copy them again.
    pub ade: Option<Arc<AdeSettings>>,
    /// Whether ADE was ever enabled on this disk (R34: such a disk cannot use CMK). The ADE
    /// extension stays installed after a disable, so az still finds it.
    pub used_ade: bool,
    /// Whether the legacy flow (R15) ever encrypted this VM. Its model then keeps
    /// `osDisk.encryptionSettings` (a disable sets them to `enabled: false`, it does not remove
    /// them) and its extension the legacy version, so az treats the VM as a legacy one for good
    /// (azure-cli `_detect_ade_status`).
    pub legacy_ade: bool,
    /// SSE with a customer-managed key, when the disk uses a Disk Encryption Set.
    pub cmk: Option<CmkSettings>,
    /// What `az vm create` recorded that the simulation does not act on.
    pub profile: VmProfile,
    #[serde(skip)]
    pub(crate) disk: Disk,
    /// Platform-managed key of a disk with neither ADE nor CMK (R31).
    #[serde(skip)]
    pub(crate) platform_key: Option<SymKey>,
    /// The volume key on the host: in memory while running, on the BEK volume while stopped (R17).
    #[serde(skip)]
    pub(crate) local_key: Option<SymKey>,
}

impl Vm {
    /// Whether the VM runs with its volume unlocked.
    pub fn is_up(&self) -> bool {
        self.power == PowerState::Running && !self.at_recovery_screen && self.local_key.is_some()
    }
    /// Whether the host holds the volume key (R17).
    pub fn volume_key_in_memory(&self) -> bool {
        self.local_key.is_some()
    }
    /// Windows images store a BitLocker key; Linux a dm-crypt passphrase (R1).
    pub fn is_windows(&self) -> bool {
        self.image.to_ascii_lowercase().contains("win")
    }
    /// The encrypted sectors of the OS disk, for the inspector.
    pub fn disk(&self) -> &Disk {
        &self.disk
    }
    /// The OS and data volumes' states in `az vm encryption show`'s summary of a VM the legacy
    /// flow encrypted (azure-cli `show_vm_encryption_status`). Windows: the OS disk from the
    /// model, data disks from the extension's last settings; Linux: both from the extension's
    /// status, and Keyfall's ADE has no data volume to mount.
    pub(crate) fn legacy_volumes(&self) -> (&'static str, &'static str) {
        match (&self.ade, self.is_windows()) {
            (Some(a), true) if a.volume_type != VolumeType::Os => ("Encrypted", "Encrypted"),
            (Some(_), true) => ("Encrypted", "NotEncrypted"),
            (None, true) => ("Unknown", "NotEncrypted"),
            (Some(_), false) => ("Encrypted", "NotMounted"),
            (None, false) => ("NotEncrypted", "NotMounted"),
        }
    }
    /// `osType` as az prints it.
    pub(crate) fn os_type(&self) -> &'static str {
        if self.is_windows() {
            "Windows"
        } else {
            "Linux"
        }
    }
}

/// What `az vm create` records on a VM besides its OS disk: shown by `az vm show`, not acted on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VmProfile {
    /// `hardwareProfile.vmSize`.
    pub size: String,
    /// `osProfile.adminUsername`.
    pub admin_username: String,
    /// Password rather than SSH key authentication (Windows always; Linux with `--admin-password`).
    pub password_auth: bool,
    /// `securityProfile.encryptionAtHost`: the temp disk, caches and data flows encrypted on
    /// the host.
    pub encryption_at_host: Option<bool>,
    /// The OS disk was attached (`az vm create --attach-os-disk`), not made from an image.
    pub os_disk_attached: bool,
    /// Data disks: their sizes and Disk Encryption Sets. ADE, health and backup model only the
    /// OS disk.
    pub data_disks: Vec<DataDisk>,
}

/// An empty managed data disk `--data-disk-sizes-gb` created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataDisk {
    /// `VM_disk2_N`-style name: Keyfall's `{vm}-data{lun}`.
    pub name: String,
    pub lun: u32,
    pub size_gb: u32,
    /// The Disk Encryption Set's name, for SSE with a customer-managed key.
    pub des: Option<String>,
}

/// A Disk Encryption Set (R32).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiskEncryptionSet {
    /// Name; its managed identity has the same name.
    pub name: String,
    /// Resource group.
    pub resource_group: String,
    /// Region.
    pub location: String,
    /// Source vault.
    pub vault: String,
    /// Key name.
    pub key: String,
    /// Key version new disks are wrapped with.
    pub key_version: String,
    /// Follow new key versions automatically (R34).
    pub auto_rotation: bool,
}

/// What a recovery point of an ADE VM holds besides the snapshot (R28).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RpAde {
    /// The ADE settings at backup time: versioned references.
    pub settings: Arc<AdeSettings>,
    /// The KEK's key backup blob.
    #[serde(skip)]
    pub(crate) key_blob: Option<Vec<u8>>,
    /// The BEK secret version (value, tags, content type), sealed like a backup blob.
    #[serde(skip)]
    pub(crate) secret_copy: Vec<u8>,
}

/// Where `sim restore-keys` put a point's key and secret back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestoredRefs {
    /// Vault restored into.
    pub vault: String,
    /// Secret name.
    pub secret_name: String,
    /// Secret version now holding the BEK.
    pub secret_version: String,
}

/// A recovery point (`rp-1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecoveryPoint {
    /// `rp-N`.
    pub name: String,
    /// When it was taken.
    pub time: SimTime,
    /// The VM's region.
    pub location: String,
    /// The VM's subscription.
    pub subscription: String,
    /// The VM's image.
    pub image: String,
    /// ADE material, for an encrypted VM.
    pub ade: Option<RpAde>,
    /// CMK settings at backup time.
    pub cmk: Option<CmkSettings>,
    /// Set by `sim restore-keys`.
    pub restored: Option<RestoredRefs>,
    #[serde(skip)]
    pub(crate) snapshot: Disk,
    #[serde(skip)]
    pub(crate) platform_key: Option<SymKey>,
}

/// A VM protected by a Recovery Services vault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProtectedItem {
    /// The VM (also the container and item name).
    pub vm: String,
    /// Backup policy name; the policy runs daily at 22:00.
    pub policy: String,
    /// Recovery points, oldest first.
    pub points: Vec<RecoveryPoint>,
    /// Number of points ever made (names are never reused).
    pub made: u32,
    /// Protection stopped with its data retained (`az backup protection disable`): no more
    /// backups, and the points stay until deleted.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub stopped: bool,
    /// Soft-deleted with its points (`--delete-backup-data true`): Azure Backup keeps them
    /// until this time (14 days), then deletes them for good.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deleted_until: Option<SimTime>,
}

/// A Recovery Services vault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecoveryServicesVault {
    /// Name.
    pub name: String,
    /// Resource group.
    pub resource_group: String,
    /// Region.
    pub location: String,
    /// Subscription.
    pub subscription: String,
    /// Protected items by VM name.
    pub items: NameMap<ProtectedItem>,
    /// Its jobs, oldest first (`az backup job list`).
    pub jobs: Vec<BackupJob>,
}

/// A job of a Recovery Services vault. Keyfall's jobs run at once and only succeeded ones stay
/// (a command that fails leaves the world as it was).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupJob {
    /// A GUID-shaped id, from the vault's name and the job's number: deterministic, and drawn
    /// from no random generator.
    pub id: String,
    /// az's operation: `ConfigureBackup`, `Backup`, `Restore`.
    pub operation: &'static str,
    /// The protected VM (`entityFriendlyName`).
    pub item: String,
    pub start: SimTime,
    /// `--retain-until` of an on-demand backup.
    pub retain_until: Option<crate::time::Date>,
    /// `--target-resource-group` of a restore.
    pub target_resource_group: Option<String>,
}

/// The whole simulated world. Cloning it is how the health report and what-if fork it.
#[derive(Debug, Clone)]
pub struct World {
    /// The clock, the random generator, the events and the audit log.
    pub(crate) fx: Effects,
    /// One root key per entry of [`GEOGRAPHIES`], in that order.
    hsm_roots: Arc<[SymKey]>,
    // The maps below are shared between clones and copied on write (`Arc::make_mut`), so that
    // the many forks health makes stay cheap.
    pub(crate) subscriptions: Arc<NameMap<Subscription>>,
    pub(crate) principals: Arc<NameMap<Principal>>,
    /// Each vault shared between clones and copied on first write (`Arc::make_mut`): a command
    /// changes one vault at most, and health forks the world many times per report.
    pub(crate) vaults: Tracked<Vault>,
    /// Shared between clones like the vaults: a VM holds its whole disk.
    vms: Tracked<Vm>,
    /// Shared between clones (copied on write): the recovery points are the bulk of a large
    /// world, and health forks it once per check while only backup jobs change them.
    rsvs: Arc<NameMap<RecoveryServicesVault>>,
    des: Arc<NameMap<DiskEncryptionSet>>,
    /// Managed disks no VM holds: made by `az disk create`, or left by `az vm delete`.
    disks: Arc<NameMap<ManagedDisk>>,
    /// The SAS open on each disk (a VM's OS disk or one of `disks`), by disk name.
    disk_sas: Arc<NameMap<DiskSas>>,
    files: Arc<NameMap<Vec<u8>>>,
    /// Resource groups made by `az group create`; groups the lessons name without creating
    /// them are implied by their resources ([`World::resource_groups`]).
    groups: Arc<NameMap<String>>,
    /// Whether this session has made a group with `az group create`: from then on a command
    /// naming a group that does not exist is refused with `ResourceGroupNotFound`, as Azure
    /// refuses it. Before, a group a command names springs into being with its first resource:
    /// the built-in lessons, and the sessions and share links made with them, never create
    /// their groups, and they must replay as they always did.
    groups_checked: bool,
    restored_disks: Vec<(String, String)>,
    /// Preview features registered on the default subscription, with when `az feature
    /// register` ran (`Microsoft.Compute/EncryptionAtHost`).
    features: Arc<NameMap<SimTime>>,
    /// Set only on the forks the what-if matrix probes (and their forks): what they read, and
    /// the blobs they opened.
    probe: Option<tracked::Probe>,
}

/// A command that failed, and whether the world keeps what it did before failing.
#[derive(Debug)]
pub(crate) enum Failed {
    /// Undone: only the audit log and the events remain (R14).
    Undo(SimError),
    /// Kept: the failure is itself a state of the world (a VM powered on but stuck at the
    /// recovery screen, R17).
    Keep(SimError),
}

impl From<SimError> for Failed {
    fn from(e: SimError) -> Failed {
        Failed::Undo(e)
    }
}

/// Which vault call, with its event and audit names and the permission it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VOp {
    VaultCreate,
    VaultGet,
    /// `az keyvault update`, which az sends as a PUT (audited `VaultPut`).
    VaultPatch,
    /// `set-policy` and `delete-policy`, which az sends as a PUT of the vault (audited `VaultPut`).
    VaultAccessPolicy,
    VaultDelete,
    VaultRecover,
    VaultPurge,
    /// `az keyvault show-deleted`: a GET of `locations/deletedVaults` (Resource Manager's alone).
    VaultGetDeleted,
    RoleAssign,
    RoleUnassign,
    KeyCreate,
    KeyGet,
    KeyList,
    KeyListVersions,
    KeyListDeleted,
    KeyGetDeleted,
    KeyUpdate,
    KeyRotate,
    KeyDelete,
    KeyRecover,
    KeyPurge,
    KeyBackup,
    KeyRestore,
    KeyWrap,
    KeyUnwrap,
    KeyRotationPolicy,
    KeyRotationPolicyGet,
    SecretSet,
    SecretGet,
    SecretList,
    SecretListVersions,
    SecretListDeleted,
    SecretGetDeleted,
    SecretUpdate,
    SecretDelete,
    SecretRecover,
    SecretPurge,
    SecretBackup,
    SecretRestore,
}

impl VOp {
    pub(crate) fn event_name(self) -> &'static str {
        match self {
            VOp::VaultCreate => "vault create",
            VOp::VaultGet => "vault get",
            VOp::VaultPatch => "vault update",
            VOp::VaultAccessPolicy => "set-policy",
            VOp::VaultDelete => "vault delete",
            VOp::VaultRecover => "vault recover",
            VOp::VaultPurge => "vault purge",
            VOp::VaultGetDeleted => "vault show-deleted",
            VOp::RoleAssign => "role assignment create",
            VOp::RoleUnassign => "role assignment delete",
            VOp::KeyCreate => "key create",
            VOp::KeyGet => "key get",
            VOp::KeyList => "key list",
            VOp::KeyListVersions => "key list-versions",
            VOp::KeyListDeleted => "key list-deleted",
            VOp::KeyGetDeleted => "key show-deleted",
            VOp::KeyUpdate => "key set-attributes",
            VOp::KeyRotate => "key rotate",
            VOp::KeyDelete => "key delete",
            VOp::KeyRecover => "key recover",
            VOp::KeyPurge => "key purge",
            VOp::KeyBackup => "key backup",
            VOp::KeyRestore => "key restore",
            VOp::KeyWrap => "wrapKey",
            VOp::KeyUnwrap => "unwrapKey",
            VOp::KeyRotationPolicy => "key rotation-policy update",
            VOp::KeyRotationPolicyGet => "key rotation-policy show",
            VOp::SecretSet => "secret set",
            VOp::SecretGet => "secret get",
            VOp::SecretList => "secret list",
            VOp::SecretListVersions => "secret list-versions",
            VOp::SecretListDeleted => "secret list-deleted",
            VOp::SecretGetDeleted => "secret show-deleted",
            VOp::SecretUpdate => "secret set-attributes",
            VOp::SecretDelete => "secret delete",
            VOp::SecretRecover => "secret recover",
            VOp::SecretPurge => "secret purge",
            VOp::SecretBackup => "secret backup",
            VOp::SecretRestore => "secret restore",
        }
    }

    /// The operation name of the call's entry in the vault's audit log (AuditEvent), from the
    /// operation table of Learn's "Azure Key Vault logging"; `None` for an operation Key Vault
    /// does not log there (it is Resource Manager's alone: [`VOp::arm_operation`]).
    ///
    /// `az keyvault create`, `update`, `set-policy` and `delete-policy` all send the vault as a
    /// whole in a PUT (azure-cli `create_vault`, `update_vault_setter`, `set_policy`), so they are
    /// all `VaultPut`; `VaultPatch` is what a PATCH (the portal's) is logged as.
    pub(crate) fn audit_name(self) -> Option<&'static str> {
        Some(match self {
            VOp::VaultCreate | VOp::VaultPatch | VOp::VaultAccessPolicy => "VaultPut",
            VOp::VaultGet => "VaultGet",
            VOp::VaultDelete => "VaultDelete",
            VOp::VaultRecover => "VaultRecover",
            // Learn's table has no operation for purging a deleted vault (nor for role
            // assignments): the vault is gone, and the purge is an action on
            // `Microsoft.KeyVault/locations/deletedVaults`.
            VOp::VaultPurge | VOp::VaultGetDeleted | VOp::RoleAssign | VOp::RoleUnassign => {
                return None;
            }
            VOp::KeyCreate => "KeyCreate",
            VOp::KeyGet => "KeyGet",
            VOp::KeyList => "KeyList",
            VOp::KeyListVersions => "KeyListVersions",
            VOp::KeyListDeleted => "KeyListDeleted",
            VOp::KeyGetDeleted => "KeyGetDeleted",
            VOp::KeyUpdate => "KeyUpdate",
            VOp::KeyRotate => "KeyRotate",
            VOp::KeyDelete => "KeyDelete",
            VOp::KeyRecover => "KeyRecover",
            VOp::KeyPurge => "KeyPurge",
            VOp::KeyBackup => "KeyBackup",
            VOp::KeyRestore => "KeyRestore",
            VOp::KeyWrap => "KeyWrap",
            VOp::KeyUnwrap => "KeyUnwrap",
            VOp::KeyRotationPolicy => "KeyRotationPolicySet",
            VOp::KeyRotationPolicyGet => "KeyRotationPolicyGet",
            VOp::SecretSet => "SecretSet",
            VOp::SecretGet => "SecretGet",
            VOp::SecretList => "SecretList",
            VOp::SecretListVersions => "SecretListVersions",
            VOp::SecretListDeleted => "SecretListDeleted",
            VOp::SecretGetDeleted => "SecretGetDeleted",
            VOp::SecretUpdate => "SecretUpdate",
            VOp::SecretDelete => "SecretDelete",
            VOp::SecretRecover => "SecretRecover",
            VOp::SecretPurge => "SecretPurge",
            VOp::SecretBackup => "SecretBackup",
            VOp::SecretRestore => "SecretRestore",
        })
    }

    /// The Resource Manager operation the call is, for the subscription's Activity log; `None`
    /// for a data-plane call or a read (the Activity log records writes, deletes and actions).
    /// `az keyvault recover` is a PUT with `createMode: recover`, so a write.
    pub(crate) fn arm_operation(self) -> Option<&'static str> {
        Some(match self {
            VOp::VaultCreate | VOp::VaultPatch | VOp::VaultAccessPolicy | VOp::VaultRecover => {
                "Microsoft.KeyVault/vaults/write"
            }
            VOp::VaultDelete => "Microsoft.KeyVault/vaults/delete",
            VOp::VaultPurge => "Microsoft.KeyVault/locations/deletedVaults/purge/action",
            VOp::RoleAssign => "Microsoft.Authorization/roleAssignments/write",
            VOp::RoleUnassign => "Microsoft.Authorization/roleAssignments/delete",
            _ => return None,
        })
    }

    pub(crate) fn required(self) -> Op {
        use KeyPerm as K;
        use SecretPerm as S;
        match self {
            VOp::VaultCreate | VOp::VaultPatch => Op::Control("Microsoft.KeyVault/vaults/write"),
            VOp::VaultGet => Op::Control("Microsoft.KeyVault/vaults/read"),
            VOp::VaultAccessPolicy => Op::Control("Microsoft.KeyVault/vaults/accessPolicies/write"),
            VOp::VaultDelete => Op::Control("Microsoft.KeyVault/vaults/delete"),
            VOp::VaultRecover => Op::Control("Microsoft.KeyVault/vaults/write"),
            VOp::VaultPurge => {
                Op::Control("Microsoft.KeyVault/locations/deletedVaults/purge/action")
            }
            VOp::VaultGetDeleted => Op::Control("Microsoft.KeyVault/locations/deletedVaults/read"),
            VOp::RoleAssign | VOp::RoleUnassign => {
                Op::Control("Microsoft.Authorization/roleAssignments/write")
            }
            VOp::KeyCreate => Op::Key(K::Create),
            VOp::KeyGet => Op::Key(K::Get),
            // Get Deleted Keys needs keys/list, Get Deleted Key keys/get (Key Vault REST
            // reference, and the .NET KeyClient's GetDeletedKeys/GetDeletedKey remarks).
            VOp::KeyList | VOp::KeyListVersions | VOp::KeyListDeleted => Op::Key(K::List),
            VOp::KeyGetDeleted => Op::Key(K::Get),
            VOp::KeyUpdate => Op::Key(K::Update),
            VOp::KeyRotate => Op::Key(K::Rotate),
            VOp::KeyDelete => Op::Key(K::Delete),
            VOp::KeyRecover => Op::Key(K::Recover),
            VOp::KeyPurge => Op::Key(K::Purge),
            VOp::KeyBackup => Op::Key(K::Backup),
            VOp::KeyRestore => Op::Key(K::Restore),
            VOp::KeyWrap => Op::Key(K::WrapKey),
            VOp::KeyUnwrap => Op::Key(K::UnwrapKey),
            VOp::KeyRotationPolicy => Op::Key(K::SetRotationPolicy),
            VOp::KeyRotationPolicyGet => Op::Key(K::GetRotationPolicy),
            VOp::SecretSet | VOp::SecretUpdate => Op::Secret(S::Set),
            VOp::SecretGet => Op::Secret(S::Get),
            VOp::SecretList | VOp::SecretListVersions | VOp::SecretListDeleted => {
                Op::Secret(S::List)
            }
            VOp::SecretGetDeleted => Op::Secret(S::Get),
            VOp::SecretDelete => Op::Secret(S::Delete),
            VOp::SecretRecover => Op::Secret(S::Recover),
            VOp::SecretPurge => Op::Secret(S::Purge),
            VOp::SecretBackup => Op::Secret(S::Backup),
            VOp::SecretRestore => Op::Secret(S::Restore),
        }
    }

    /// The URI path segment after the object (`/wrapkey`), for the audit's requestUri.
    fn uri_suffix(self) -> &'static str {
        match self {
            VOp::KeyWrap => "/wrapkey",
            VOp::KeyUnwrap => "/unwrapkey",
            VOp::KeyBackup | VOp::SecretBackup => "/backup",
            VOp::KeyRotate => "/rotate",
            VOp::KeyRecover | VOp::SecretRecover => "/recover",
            VOp::KeyRestore | VOp::SecretRestore => "/restore",
            VOp::KeyListVersions | VOp::SecretListVersions => "/versions",
            VOp::KeyRotationPolicy | VOp::KeyRotationPolicyGet => "/rotationpolicy",
            _ => "",
        }
    }

    fn collection(self) -> &'static str {
        let name = self.audit_name().unwrap_or_default();
        // Deleted objects live under their own collection (`GET {vault}/deletedkeys/{name}`).
        if name.ends_with("Deleted") {
            if name.starts_with("Key") {
                "deletedkeys"
            } else {
                "deletedsecrets"
            }
        } else if name.starts_with("Key") {
            "keys"
        } else if name.starts_with("Secret") {
            "secrets"
        } else {
            ""
        }
    }
}

/// A vault call about to be made: who, where, what, on which object.
#[derive(Debug, Clone)]
pub(crate) struct CallSpec<'a> {
    pub(crate) caller: &'a str,
    pub(crate) vault: &'a str,
    pub(crate) op: VOp,
    pub(crate) object: &'a str,
    /// What the request asks for, in words, for its Activity log event (a role assignment's role
    /// and principal); empty for most calls.
    pub(crate) detail: &'a str,
}

impl<'a> CallSpec<'a> {
    pub(crate) fn new(caller: &'a str, vault: &'a str, op: VOp, object: &'a str) -> Self {
        CallSpec {
            caller,
            vault,
            op,
            object,
            detail: "",
        }
    }

    /// The same call, described as `detail` in the Activity log.
    pub(crate) fn detail(self, detail: &'a str) -> Self {
        CallSpec { detail, ..self }
    }
}

/// How [`World::vault_call`] goes on after its checks.
enum VaultGate {
    /// The vault is live and the caller allowed: run the body.
    Open,
    /// The caller is not allowed: record the denial.
    Denied(SimError),
    /// No live vault: the event is recorded already, and there is no audit log to write to.
    Gone(SimError),
}

/// Collects into a B-tree map or set by inserting the items one by one. `collect()` sorts them
/// first, with a stable sort the wasm would carry once per item type; the result is the same
/// (a later duplicate key replaces the value of an earlier one either way).
pub(crate) fn inserted<C: Default + Extend<T>, T>(items: impl IntoIterator<Item = T>) -> C {
    let mut c = C::default();
    c.extend(items);
    c
}

/// The `https://VAULT.vault.azure.net/keys/NAME/VERSION` URL of a key version (R4).
pub fn key_url(vault: &str, name: &str, version: &str) -> String {
    format!("https://{vault}.vault.azure.net/keys/{name}/{version}")
}

/// The versioned URL of a secret version (R4).
pub fn secret_url(vault: &str, name: &str, version: &str) -> String {
    format!("https://{vault}.vault.azure.net/secrets/{name}/{version}")
}

impl World {
    /// A fresh world: the clock at [`SimTime::ZERO`], subscription `sub1` owned by the admin, the
    /// built-in principals, and one HSM root key per geography drawn from the seed.
    pub fn new(seed: u64) -> World {
        let mut rng = SimRng::from_seed(seed);
        // The first three in the order of GEOGRAPHIES from the world's generator, as always;
        // the rest from their own, so adding geographies moved no draw.
        let mut others = SimRng::from_seed(seed ^ OTHER_ROOTS_SEED);
        let hsm_roots: Vec<SymKey> = (0..GEOGRAPHIES.len())
            .map(|i| {
                if i < FIRST_GEOGRAPHIES {
                    rng.key()
                } else {
                    others.key()
                }
            })
            .collect();
        let mut w = World {
            fx: Effects::new(rng),
            hsm_roots: Arc::from(hsm_roots),
            subscriptions: Arc::default(),
            principals: Arc::default(),
            vaults: Tracked::new(Kind::Vaults),
            vms: Tracked::new(Kind::Vms),
            rsvs: Arc::default(),
            des: Arc::default(),
            disks: Arc::default(),
            disk_sas: Arc::default(),
            files: Arc::default(),
            groups: Arc::default(),
            groups_checked: false,
            restored_disks: Vec::new(),
            features: Arc::default(),
            probe: None,
        };
        Arc::make_mut(&mut w.subscriptions).insert(
            DEFAULT_SUBSCRIPTION.to_owned(),
            Subscription {
                name: DEFAULT_SUBSCRIPTION.to_owned(),
                owner: ADMIN.to_owned(),
                role_assignments: Vec::new(),
            },
        );
        for (name, kind) in [
            (ADMIN, PrincipalKind::User),
            (PLATFORM_ADE, PrincipalKind::Platform),
            (PLATFORM_COMPUTE, PrincipalKind::Platform),
            (PLATFORM_ARM, PrincipalKind::Platform),
            (AZURE_BACKUP, PrincipalKind::Platform),
        ] {
            w.add_principal(name, kind);
        }
        w
    }

    /// Runs one command as the admin. A failure changes nothing but the audit log and events.
    pub fn apply(&mut self, cmd: &Command) -> Result<Outcome, SimError> {
        self.apply_as(ADMIN, cmd)
    }

    /// Runs one command as `principal` (what `sim as` does).
    pub fn apply_as(&mut self, principal: &str, cmd: &Command) -> Result<Outcome, SimError> {
        // The copy that runs the command takes the audit log and the events instead of cloning
        // them: they only grow, and both outcomes below keep the copy's version of them.
        let log = self.fx.take_log();
        let mut next = self.clone();
        next.fx.put_log(log);
        let who = match next.resolve_principal(principal) {
            Ok(who) => who,
            Err(e) => {
                self.fx.put_log(next.fx.take_log());
                return Err(e);
            }
        };
        let (cmd, missing_group) = next.canonical_checked(cmd);
        let ran = match missing_group {
            Some(g) if next.groups_checked => Err(Failed::Undo(group_not_found(&g))),
            _ => next.exec(&who, &cmd),
        };
        match ran {
            Ok(o) => {
                *self = next;
                Ok(o)
            }
            Err(Failed::Keep(e)) => {
                *self = next;
                Err(e)
            }
            Err(Failed::Undo(e)) => {
                // Denied and failed calls stay on the record (R14); nothing else changes.
                self.fx.put_log(next.fx.take_log());
                Err(e)
            }
        }
    }

    /// A copy to try operations on, for health and what-if: the same state, clock and random
    /// generator, without the pending events and with none of the audit log (forks only read
    /// their own new events; entry ids keep counting from this world's, so a fork's entries read
    /// as they would here). Much cheaper than `clone` for a world with a long history.
    pub(crate) fn fork(&self) -> World {
        World {
            fx: self.fx.fork(),
            hsm_roots: self.hsm_roots.clone(),
            subscriptions: self.subscriptions.clone(),
            principals: self.principals.clone(),
            vaults: self.vaults.clone(),
            vms: self.vms.clone(),
            rsvs: self.rsvs.clone(),
            des: self.des.clone(),
            disks: self.disks.clone(),
            disk_sas: self.disk_sas.clone(),
            files: self.files.clone(),
            groups: self.groups.clone(),
            groups_checked: self.groups_checked,
            restored_disks: self.restored_disks.clone(),
            features: self.features.clone(),
            probe: self.probe.clone(),
        }
    }

    /// The next event, oldest first.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.fx.poll_event()
    }

    /// Records `change` as `asset`'s state event and answers `message`: how a command that
    /// changed one thing ends.
    pub(crate) fn changed(
        &mut self,
        asset: AssetId,
        change: impl Into<String>,
        message: impl Into<String>,
    ) -> Outcome {
        self.fx.state(asset, change);
        Outcome::msg(message)
    }

    /// The simulated clock.
    pub fn now(&self) -> SimTime {
        self.fx.now
    }

    /// The audit log, oldest first.
    pub fn audit(&self) -> &[AuditEntry] {
        self.fx.audit()
    }

    /// The subscription's Activity log: the Resource Manager operations (role assignments, vault
    /// writes, deletes and purges), oldest first.
    pub fn activity(&self) -> &[ActivityEntry] {
        self.fx.activity()
    }

    /// Subscriptions by name.
    pub fn subscriptions(&self) -> impl Iterator<Item = &Subscription> {
        self.subscriptions.values()
    }

    /// Principals by name.
    pub fn principals(&self) -> impl Iterator<Item = &Principal> {
        self.principals.values()
    }

    /// Key vaults by name, soft-deleted ones included.
    pub fn vaults(&self) -> impl Iterator<Item = &Vault> {
        self.vaults.values()
    }

    /// One vault, soft-deleted or not.
    pub fn vault(&self, name: &str) -> Option<&Vault> {
        self.vaults.get(name)
    }

    /// VMs by name.
    pub fn vms(&self) -> impl Iterator<Item = &Vm> {
        self.vms.values()
    }

    /// One VM.
    pub fn vm(&self, name: &str) -> Option<&Vm> {
        self.vms.get(name)
    }

    /// Recovery Services vaults by name.
    pub fn recovery_vaults(&self) -> impl Iterator<Item = &RecoveryServicesVault> {
        self.rsvs.values()
    }

    /// Disk Encryption Sets by name.
    pub fn disk_encryption_sets(&self) -> impl Iterator<Item = &DiskEncryptionSet> {
        self.des.values()
    }

    /// Names of the admin's local files: backups (`kek.blob`) and downloads (`kek.pem`).
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Disks restored into storage accounts: (storage account, disk name).
    pub fn restored_disks(&self) -> &[(String, String)] {
        &self.restored_disks
    }

    /// The principal a name refers to: `admin` is the admin's UPN; object ids work too.
    pub fn resolve_principal(&self, name: &str) -> Result<String, SimError> {
        let name = if name == "admin" { ADMIN } else { name };
        if let Some(held) = self.principals.key_of(name) {
            return Ok(held.to_owned());
        }
        self.principals
            .values()
            .find(|p| p.object_id == name)
            .map(|p| p.name.clone())
            .ok_or_else(|| {
                SimError::new(
                    ErrorCode::ResourceNotFound,
                    format!("no principal named {name}"),
                )
            })
    }

    fn add_principal(&mut self, name: &str, kind: PrincipalKind) {
        let object_id = self.fx.guid();
        Arc::make_mut(&mut self.principals).insert(
            name.to_owned(),
            Principal {
                name: name.to_owned(),
                object_id,
                kind,
            },
        );
    }

    fn exec(&mut self, who: &str, cmd: &Command) -> Result<Outcome, Failed> {
        let done = match cmd {
            Command::Login => Ok(Outcome::msg(format!(
                "az login: the console is signed in as {who} already; nothing to do in Keyfall \
                 (`sim as PRINCIPAL` runs a command as another principal)"
            ))),
            Command::GroupCreate { name, location } => self.group_create(name, location),
            Command::GroupShow { name } => self
                .resource_group(name)
                .map(|(n, l)| Outcome::msg(format!("resource group {n} in {l}")))
                .ok_or_else(|| group_not_found(name)),
            Command::GroupList => Ok(Outcome::msg(format!(
                "{} resource groups",
                self.resource_groups().len()
            ))),
            Command::GroupDelete { name } => self.group_delete(name),
            Command::AccountShow | Command::AccountList => Ok(Outcome::msg(format!(
                "signed in as {ADMIN}; subscription {DEFAULT_SUBSCRIPTION} ({SUBSCRIPTION_ID}), the default"
            ))),
            Command::AccountSet { subscription } => {
                if subscription_key(subscription) == DEFAULT_SUBSCRIPTION {
                    Ok(Outcome::msg(format!(
                        "{subscription} is the default subscription already; nothing to do in Keyfall"
                    )))
                } else {
                    // Switching would silently move later commands; Keyfall keeps one default
                    // and says so rather than pretend.
                    Err(SimError::cli(format!(
                        "Keyfall keeps {DEFAULT_SUBSCRIPTION} as the default subscription: switching \
                         to {subscription} with az account set is not modelled; give \
                         --subscription {subscription} to the commands that create resources"
                    )))
                }
            }
            Command::ProviderRegister { namespace, .. } => Ok(Outcome::msg(format!(
                "az provider register: {namespace} needs no registration in Keyfall; nothing to do"
            ))),
            Command::Feature {
                op,
                namespace,
                name,
            } => self.feature_command(who, *op, namespace, name),
            Command::VmUpdate {
                vm,
                encryption_at_host,
                ..
            } => self.vm_update_eah(who, vm, *encryption_at_host),
            Command::VmDelete { vm, .. } => self.vm_delete(who, vm),
            Command::SpCreate { name } => self.sp_create(who, name.as_deref()),
            Command::RoleAssignmentCreate(a) => self.role_assignment(who, a, true),
            Command::RoleAssignmentDelete(d) => self.role_assignment_delete(who, d),
            Command::RoleAssignmentList { .. } => Ok(Outcome::msg("role assignments listed")),
            Command::VaultCreate(args) => self.vault_create(who, args),
            Command::VaultUpdate(args) => self.vault_update(who, args),
            Command::SetPolicy(args) => self.set_policy(who, args),
            Command::DeletePolicy { vault, principal } => self.delete_policy(who, vault, principal),
            Command::VaultDelete { name } => self.vault_delete(who, name),
            Command::VaultRecover { name } => self.vault_recover(who, name),
            Command::VaultPurge { name } => self.vault_purge(who, name),
            Command::VaultShow { name } => self.vault_show(who, name),
            Command::VaultList { resource_group } => {
                self.vault_list(who, resource_group.as_deref(), false)
            }
            Command::VaultListDeleted => self.vault_list(who, None, true),
            Command::VaultShowDeleted { name } => self.vault_show_deleted(who, name),
            Command::KeyCreate(args) => self.key_create(who, args),
            Command::KeyRotate { vault, name } => self.key_rotate(who, vault, name),
            Command::Object { kind, object, op } => self.object_command(who, *kind, object, op),
            Command::ObjectRestore { kind, vault, file } => {
                self.object_restore_file(*kind, who, vault, file)
            }
            Command::ObjectList {
                kind,
                vault,
                deleted,
            } => self.object_list_command(*kind, who, vault, *deleted),
            Command::KeyRotationPolicyUpdate {
                vault,
                name,
                policy,
            } => self.key_rotation_policy(who, vault, name, policy),
            Command::KeyRotationPolicyShow { vault, name } => {
                self.key_rotation_policy_show(who, vault, name)
            }
            Command::SecretSet(args) => self.secret_set_command(who, args),
            Command::VmCreate(args) => match &args.attach_os_disk {
                Some(disk) => return self.vm_create_attached(who, args, disk),
                None => self.vm_create(who, args),
            },
            Command::EncryptionEnable(args) => return self.encryption_enable(who, args),
            Command::EncryptionDisable {
                vm,
                volume_type,
                force,
                ..
            } => self.encryption_disable(who, vm, *volume_type, *force),
            Command::EncryptionShow { vm, .. } => self.encryption_show(who, vm),
            Command::VmShow { vm, .. } => self.vm_show(vm),
            Command::Disk(op) => self.disk_command(who, op),
            Command::AzCopy(copy) => self.azcopy(who, copy),
            Command::VmList { resource_group, .. } => self.vm_list(resource_group.as_deref()),
            Command::VmPower { power, vm, .. } => match power {
                Power::Restart => self.vm_restart(who, vm),
                Power::Stop => self.vm_power_off(who, vm, PowerState::Stopped),
                Power::Deallocate => self.vm_power_off(who, vm, PowerState::Deallocated),
                Power::Start => return self.vm_start(who, vm),
            },
            Command::DesCreate(args) => self.des_create(who, args),
            Command::DesShow { name, .. } => self.des_show(name),
            Command::DesUpdate {
                name,
                key_url,
                enable_auto_key_rotation,
                ..
            } => self.des_update(who, name, key_url.as_ref(), *enable_auto_key_rotation),
            Command::BackupVaultCreate {
                name,
                resource_group,
                location,
            } => self.rsv_create(who, name, resource_group, location),
            Command::BackupProtect {
                vault, vm, policy, ..
            } => self.backup_protect(who, vault, vm, policy),
            Command::BackupNow(b, until) => {
                let rp = self.backup_job(&b.vault, &b.item)?;
                if let Some(j) = self.last_job(&b.vault) {
                    j.retain_until = *until;
                }
                Ok(Outcome::msg(format!(
                    "backup of {} completed: recovery point {rp}",
                    b.item
                )))
            }
            Command::RecoveryPointList(b) => self.rp_list(who, &b.vault, &b.item),
            Command::RestoreDisks {
                item,
                rp,
                storage_account,
                target_resource_group,
            } => {
                let point = PointRef::new(&item.vault, &item.item, rp);
                let out = self.restore_disks(who, &point, storage_account)?;
                self.add_job(&item.vault, "Restore", &item.item);
                if let Some(j) = self.last_job(&item.vault) {
                    j.target_resource_group = target_resource_group.clone();
                }
                Ok(out)
            }
            Command::BackupJobList { vault, .. } => self.job_list(vault),
            Command::BackupVaultDelete { name, force, .. } => {
                return self.rsv_delete(who, name, *force);
            }
            Command::BackupProtectionDisable {
                item,
                delete_backup_data,
            } => self.protection_disable(who, &item.vault, &item.item, *delete_backup_data),
            Command::RecoveryPointShow { item, name } => self
                .rp_ref(&PointRef::new(&item.vault, &item.item, name))
                .map(|p| Outcome::msg(format!("recovery point {} of {}", p.name, item.item))),
            Command::BackupVaultShow { name, .. } => self
                .rsvs
                .get(name)
                .map(|r| {
                    Outcome::msg(format!(
                        "Recovery Services vault {} in {}",
                        r.name, r.location
                    ))
                })
                .ok_or_else(|| backup::rsv_not_found(name)),
            Command::BackupVaultList { resource_group } => Ok(Outcome::with(
                "Recovery Services vaults",
                self.rsvs
                    .values()
                    .filter(|r| {
                        resource_group
                            .as_deref()
                            .is_none_or(|g| g.eq_ignore_ascii_case(&r.resource_group))
                    })
                    .map(|r| format!("{} ({})", r.name, r.location))
                    .collect(),
            )),
            Command::BackupItemList { vault, .. } => self
                .rsvs
                .get(vault)
                .map(|r| {
                    Outcome::with(
                        format!("items of {vault}"),
                        r.items
                            .values()
                            .map(|i| format!("{} ({})", i.vm, i.policy))
                            .collect(),
                    )
                })
                .ok_or_else(|| backup::rsv_not_found(vault)),
            Command::As { principal, command } => {
                let inner = self.resolve_principal(principal)?;
                return self.exec(&inner, command);
            }
            Command::Advance(d) => self.advance(*d),
            Command::Write { vm, path, content } => self.sim_write(who, vm, path, content),
            Command::Read { vm, path } => self.sim_read(who, vm, path),
            Command::RestoreKeys { point, vault } => self.restore_keys(who, point, vault),
            Command::RestoreVm { point, name } => self.restore_vm(who, point, name),
            Command::Expect(_) => Ok(Outcome::msg(
                "sim expect is checked by the script runner; the world is unchanged",
            )),
        };
        Ok(done?)
    }

    /// `az ad sp create-for-rbac [--name N]`: an app, its service principal and a new password
    /// (azure-cli `create_service_principal_for_rbac`). Without a name az names the app
    /// `azure-cli-%Y-%m-%d-%H-%M-%S` at the time of creation. An app of that name already there
    /// is patched, not refused: its passwords are replaced by the new one.
    fn sp_create(&mut self, who: &str, name: Option<&str>) -> Result<Outcome, SimError> {
        let name = match name {
            Some(n) => n.to_owned(),
            None => {
                let now = self.now().to_string();
                format!(
                    "azure-cli-{}",
                    now.trim_end_matches('Z').replace([':', 'T'], "-")
                )
            }
        };
        let mut said = Vec::new();
        let found = self
            .principals
            .get(&name)
            .map(|p| (p.kind, p.object_id.clone()));
        let done = match found {
            None => {
                self.add_principal(&name, PrincipalKind::ServicePrincipal);
                self.fx.state(
                    AssetId::Principal(name.clone()),
                    format!("service principal created by {who}"),
                );
                "created"
            }
            // azure-cli `create_application`: the display name finds the app.
            Some((PrincipalKind::ServicePrincipal, id)) => {
                said.push(vm::warning(&format!(
                    "Found an existing application instance: (id) {id}. We will patch it."
                )));
                "patched: its password replaced"
            }
            Some(_) => {
                return Err(SimError::new(
                    ErrorCode::Conflict,
                    format!("{name} is a user: Keyfall keeps one principal per name"),
                ));
            }
        };
        let id = self
            .principals
            .get(&name)
            .map(|p| p.object_id.clone())
            .unwrap_or_default();
        said.push(vm::warning(CREDENTIAL_WARNING));
        said.push(format!("appId: {id}"));
        said.push(format!("displayName: {name}"));
        said.push("password: *** (not stored)".to_owned());
        Ok(Outcome::with(
            format!("service principal {name} {done}"),
            said,
        ))
    }

    // ---- calls, events and the audit log ----

    /// Makes one vault call: checks the vault is live, asks [`World::authorize`], runs `body`,
    /// then records the event, the audit entry and, for a Resource Manager operation, the
    /// Activity log event, allowed or not (R14). `body` returns its value and the version it
    /// touched, for the event and the request URI.
    ///
    /// Only the call to `body` is generic; the checks and the records around it are non-generic
    /// methods, so the wasm holds one copy of them rather than one per call site.
    pub(crate) fn vault_call<T>(
        &mut self,
        spec: CallSpec<'_>,
        version_hint: Option<String>,
        body: impl FnOnce(&mut World) -> Result<(T, Option<String>), SimError>,
    ) -> Result<T, SimError> {
        // Taken before `body` runs: a purge removes the vault the ID is made from.
        let resource = self.arm_resource_id(&spec);
        let result = match self.open_vault_call(&spec, &version_hint) {
            VaultGate::Open => body(self),
            VaultGate::Denied(e) => Err(e),
            VaultGate::Gone(e) => {
                self.leave_vault_call(&spec);
                return Err(e);
            }
        };
        match result {
            Ok((t, version)) => {
                self.close_vault_call(&spec, version.or(version_hint), resource, None);
                Ok(t)
            }
            Err(e) => {
                self.close_vault_call(&spec, version_hint, resource, Some(&e));
                Err(e)
            }
        }
    }

    /// The Resource Manager ID of what a control-plane call operates on, for its Activity log
    /// event; `None` for a call Resource Manager does not log, or on a vault that does not exist.
    fn arm_resource_id(&self, spec: &CallSpec<'_>) -> Option<String> {
        spec.op.arm_operation()?;
        let v = self.vaults.get(spec.vault)?;
        Some(match spec.op {
            VOp::VaultPurge => format!(
                "/subscriptions/{}/providers/Microsoft.KeyVault/locations/{}/deletedVaults/{}",
                subscription_id(&v.subscription),
                v.location,
                v.name
            ),
            VOp::RoleAssign | VOp::RoleUnassign => format!(
                "{}/providers/Microsoft.Authorization/roleAssignments",
                crate::activity::vault_id(&v.subscription, &v.resource_group, &v.name)
            ),
            _ => crate::activity::vault_id(&v.subscription, &v.resource_group, &v.name),
        })
    }

    /// The first half of [`World::vault_call`]: enters the call's scope, checks the vault is
    /// live and the caller allowed.
    fn open_vault_call(&mut self, spec: &CallSpec<'_>, version_hint: &Option<String>) -> VaultGate {
        // A call on one key or secret reads the vault's own fields and that object only.
        if Self::scoped(spec) {
            self.vaults
                .enter_call(spec.vault, spec.op.collection(), spec.object);
        }
        let live = self
            .vaults
            .get(spec.vault)
            .is_some_and(|v| v.deleted.is_none());
        let control_on_deleted = matches!(
            spec.op,
            VOp::VaultRecover | VOp::VaultPurge | VOp::VaultGetDeleted
        ) && self.vaults.contains_key(spec.vault);
        if !live && !control_on_deleted {
            let e = SimError::new(
                ErrorCode::VaultNotFound,
                format!("vault {} not found", spec.vault),
            );
            // No live vault, so no audit log to write to: only the event.
            self.fx.call(
                spec.caller,
                spec.vault,
                spec.op.event_name(),
                spec.object,
                version_hint.clone(),
                CallResult::failed(&e),
            );
            return VaultGate::Gone(e);
        }
        let object = (!spec.object.is_empty()).then_some(spec.object);
        match self.authorize(spec.caller, spec.vault, spec.op.required(), object) {
            Err(mut d) => {
                d.operation = spec.op.event_name().to_owned();
                d.object = if spec.object.is_empty() {
                    spec.vault.to_owned()
                } else {
                    format!("{}/{}", spec.vault, spec.object)
                };
                VaultGate::Denied(SimError::forbidden(d))
            }
            Ok(_) => VaultGate::Open,
        }
    }

    /// The second half of [`World::vault_call`]: records the event, the audit entry and the
    /// Activity log event (on `resource`) for the call's outcome (`error`, or success on
    /// `version`) and leaves its scope.
    fn close_vault_call(
        &mut self,
        spec: &CallSpec<'_>,
        version: Option<String>,
        resource: Option<String>,
        error: Option<&SimError>,
    ) {
        let (call_result, status, description) = match error {
            None => (CallResult::Allow, 200, "OK".to_owned()),
            Some(e) => (CallResult::refused(e), e.status, e.message.clone()),
        };
        self.fx.call(
            spec.caller,
            spec.vault,
            spec.op.event_name(),
            spec.object,
            version.clone(),
            call_result,
        );
        if let Some(name) = spec.op.audit_name() {
            let mut uri = format!("https://{}.vault.azure.net", spec.vault);
            let coll = spec.op.collection();
            if !coll.is_empty() {
                uri.push('/');
                uri.push_str(coll);
                if !spec.object.is_empty() {
                    uri.push('/');
                    uri.push_str(spec.object);
                }
                if let Some(v) = &version {
                    uri.push('/');
                    uri.push_str(v);
                }
                uri.push_str(spec.op.uri_suffix());
            }
            uri.push_str("?api-version=7.4");
            self.fx.audit_entry(
                spec.caller,
                spec.vault,
                name,
                uri,
                status,
                description.clone(),
            );
        }
        if let (Some(op), Some(resource)) = (spec.op.arm_operation(), resource) {
            let description = match error {
                None => spec.detail.to_owned(),
                Some(_) => description,
            };
            self.fx
                .activity_entry(spec.caller, op, resource, status, description);
        }
        self.leave_vault_call(spec);
    }

    /// Whether a call reads one key or secret only, and so runs in that object's scope.
    fn scoped(spec: &CallSpec<'_>) -> bool {
        !spec.object.is_empty() && !spec.op.collection().is_empty()
    }

    fn leave_vault_call(&mut self, spec: &CallSpec<'_>) {
        if Self::scoped(spec) {
            self.vaults.leave_call();
        }
    }

    // ---- the clock ----

    fn advance(&mut self, d: SimDuration) -> Result<Outcome, SimError> {
        let target = self.fx.now + d;
        let mut lines = Vec::new();
        while self.fx.now < target {
            // Step to the next whole hour so hourly effects (R33, R34) and the daily backup run
            // happen at the same instants however the advance is split.
            let next_hour = (self.fx.now.0 / 3_600 + 1) * 3_600;
            let prev = self.fx.now;
            self.fx.now = SimTime(next_hour.min(target.0));
            self.tick(prev, &mut lines);
        }
        self.fx
            .state(AssetId::Clock, format!("advanced to {}", self.fx.now));
        Ok(Outcome::with(format!("clock at {}", self.fx.now), lines))
    }

    /// Everything that happens by itself between `prev` and `self.fx.now`.
    fn tick(&mut self, prev: SimTime, lines: &mut Vec<String>) {
        self.purge_expired(lines);
        self.purge_deleted_backup_items(lines);
        self.run_rotation_policies(lines);
        self.cmk_tick(prev, lines);
        // The daily backup policy runs at 22:00 UTC.
        let backup_at = 22 * 3_600;
        let crossed = |t: SimTime| (t.0 + 86_400 - backup_at) / 86_400;
        if crossed(self.fx.now) > crossed(prev) {
            let items: Vec<(String, String)> = self
                .rsvs
                .values()
                .flat_map(|r| {
                    r.items
                        .values()
                        .filter(|i| i.is_protected())
                        .map(|i| (r.name.clone(), i.vm.clone()))
                })
                .collect();
            for (rsv, item) in items {
                match self.backup_job(&rsv, &item) {
                    Ok(rp) => lines.push(format!("{rsv}/{item}: scheduled backup made {rp}")),
                    Err(e) => lines.push(format!("{rsv}/{item}: scheduled backup failed: {e}")),
                }
            }
        }
    }

    /// At the end of retention, soft-deleted objects are purged automatically (R22).
    fn purge_expired(&mut self, lines: &mut Vec<String>) {
        let due = self.vaults.deadlines_reached(self.fx.now);
        let mut gone = Vec::new();
        for d in &due {
            if let tracked::Deadline::VaultPurge(v) = d {
                self.vaults.remove(v);
                lines.push(format!("vault {v} purged: retention ended"));
                self.fx
                    .state(AssetId::Vault(v.into()), "purged at the end of retention");
                gone.push(v);
            }
        }
        let mut purged = Vec::new();
        for d in &due {
            let tracked::Deadline::ObjectPurge(vault, kind, name) = d else {
                continue;
            };
            if gone.contains(&vault) {
                continue;
            }
            // Only vaults with something due are written (and so copied, when shared).
            let Some(v) = self.vaults.get_mut(vault) else {
                continue;
            };
            match kind {
                ObjectKind::Key => drop(v.keys.remove(name)),
                ObjectKind::Secret => drop(v.secrets.remove(name)),
            }
            purged.push((vault.clone(), *kind, name.clone()));
        }
        for (vault, kind, name) in purged {
            let (op, coll) = match kind {
                ObjectKind::Key => ("KeyPurge", "deletedkeys"),
                ObjectKind::Secret => ("SecretPurge", "deletedsecrets"),
            };
            self.fx.audit_entry(
                KEY_VAULT_SERVICE,
                &vault,
                op,
                format!("https://{vault}.vault.azure.net/{coll}/{name}?api-version=7.4"),
                204,
                "purged at the end of retention".to_owned(),
            );
            lines.push(format!("{kind} {vault}/{name} purged: retention ended"));
            self.fx.state(
                AssetId::object(kind, &vault, &name),
                "purged at the end of retention",
            );
        }
    }

    // ---- crypto helpers ----

    fn hsm_root(&self, location: &str) -> Result<&SymKey, SimError> {
        hsm_root(&self.hsm_roots[..], location)
    }
}

/// The HSM root key of `location`'s geography, among `roots` (one per entry of [`GEOGRAPHIES`]).
fn hsm_root<'a>(roots: &'a [SymKey], location: &str) -> Result<&'a SymKey, SimError> {
    geography(location)
        .and_then(|g| GEOGRAPHIES.iter().position(|x| *x == g))
        .map(|i| &roots[i])
        .ok_or_else(|| {
            SimError::new(
                ErrorCode::BadParameter,
                format!("unknown location {location}"),
            )
        })
}

/// ARM's answer for a group that does not exist.
pub(crate) fn group_not_found(name: &str) -> SimError {
    SimError::new(
        ErrorCode::ResourceGroupNotFound,
        format!("Resource group '{name}' could not be found."),
    )
}

impl World {
    /// Every resource group with its location: those `az group create` made, and those the
    /// resources name (a lesson's `--resource-group rg` without `az group create`), at the
    /// location of the first resource in them. Sorted by name, ignoring case.
    pub fn resource_groups(&self) -> Vec<(String, String)> {
        // Kept sorted as it grows, each group placed after those whose names sort the same: the
        // order a stable sort by lower-case name gives, without a sort for this item type in
        // the wasm.
        let mut out: Vec<(String, String)> = Vec::new();
        let add = |out: &mut Vec<(String, String)>, g: &String, l: &String| {
            let key = g.to_ascii_lowercase();
            let at = out.partition_point(|(n, _)| n.to_ascii_lowercase() <= key);
            out.insert(at, (g.clone(), l.clone()));
        };
        for (g, l) in self.groups.iter() {
            add(&mut out, g, l);
        }
        let implied = self.vaults.placements().chain(self.vms.placements()).chain(
            self.disk_encryption_sets()
                .map(|d| (&d.resource_group, &d.location)),
        );
        for (g, l) in implied {
            if !out.iter().any(|(n, _)| n.eq_ignore_ascii_case(g)) {
                add(&mut out, g, l);
            }
        }
        out
    }

    /// The group `name` (ignoring case) and its location, if it exists.
    pub fn resource_group(&self, name: &str) -> Option<(String, String)> {
        self.resource_groups()
            .into_iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
    }

    /// The location a new resource takes, as az's `get_default_location_from_resource_group`
    /// reads it: `--location` when given, else its resource group's; a group that does not exist
    /// is ARM's ResourceGroupNotFound.
    pub(crate) fn location_or_group(
        &self,
        location: &str,
        group: &str,
    ) -> Result<String, SimError> {
        if location.is_empty() {
            self.resource_group(group)
                .map(|(_, l)| l)
                .ok_or_else(|| group_not_found(group))
        } else {
            Ok(location_name(location))
        }
    }

    /// `az group create`: a PUT, so creating it again in the same location changes nothing;
    /// another location is ARM's `InvalidResourceGroupLocation` (409).
    fn group_create(&mut self, name: &str, location: &str) -> Result<Outcome, SimError> {
        if let Some((n, l)) = self.resource_group(name) {
            if !same_location(&l, location) {
                return Err(SimError::new(
                    ErrorCode::Conflict,
                    format!(
                        "Invalid resource group location '{location}'. The Resource group already exists in location '{l}'."
                    ),
                ));
            }
            return Ok(Outcome::msg(format!("resource group {n} exists in {l}")));
        }
        let location = location_name(location);
        if geography(&location).is_none() {
            return Err(SimError::new(
                ErrorCode::BadParameter,
                format!("unknown location {location}"),
            ));
        }
        Arc::make_mut(&mut self.groups).insert(name.to_owned(), location.clone());
        self.groups_checked = true;
        Ok(Outcome::msg(format!(
            "resource group {name} created in {location}"
        )))
    }

    /// `az group delete`: Keyfall deletes an empty group; deleting a group's resources with it
    /// is not modelled, and it says so rather than pretend.
    fn group_delete(&mut self, name: &str) -> Result<Outcome, SimError> {
        let (n, _) = self
            .resource_group(name)
            .ok_or_else(|| group_not_found(name))?;
        let used = self
            .vaults()
            .any(|v| v.resource_group.eq_ignore_ascii_case(name))
            || self
                .vms()
                .any(|v| v.resource_group.eq_ignore_ascii_case(name))
            || self
                .disk_encryption_sets()
                .any(|d| d.resource_group.eq_ignore_ascii_case(name));
        if used {
            return Err(SimError::cli(format!(
                "deleting resource group {n} with the resources in it is not modelled in Keyfall: \
                 delete its vaults, VMs and disk encryption sets first"
            )));
        }
        let key = self
            .groups
            .iter()
            .find(|(g, _)| g.eq_ignore_ascii_case(name))
            .map(|(g, _)| g.clone());
        if let Some(k) = key {
            Arc::make_mut(&mut self.groups).remove(&k);
        }
        Ok(Outcome::msg(format!("resource group {n} deleted")))
    }
}
