//! Key vaults, by the subsystems Azure has: the control plane (`control.rs`: create, update,
//! policies, roles, delete/recover/purge), keys and secrets with their versions, attributes and
//! soft delete (`objects.rs`, R6-R9, R20-R23), and backup and restore blobs (`blobs.rs`,
//! R24-R27). This file holds what they share: the vault's own queries and the codecs.

mod blobs;
mod control;
mod objects;

pub(crate) use objects::NewSecretVersion;

use std::sync::Arc;

use std::collections::BTreeSet;

use crate::asset::AssetId;
use crate::codec::{Dec, Enc};
use crate::command::{
    ObjectOp, ObjectRef, PrincipalRef, RoleAssignment, SetPolicy, VaultCreate, VaultUpdate,
    VersionRef,
};
use crate::crypto::SymKey;
use crate::error::{ErrorCode, SimError};
use crate::event::CallResult;
use crate::time::Date;
use crate::time::SimTime;
use crate::vocab::{KeyPerm, KeyType, ObjectKind, SecretPerm, Sku};

use super::access::ScopeTarget;

use super::effects::Effects;
use super::{
    AccessPolicy, Attributes, CallSpec, DEFAULT_SUBSCRIPTION, Deletion, InheritedGrant, Key,
    KeyVersion, NameMap, Outcome, RoleGrant, Secret, SecretVersion, Subscription, VOp, Vault,
    World, geography, hsm_root, inserted, key_url, secret_url,
};

/// Backups of objects with more versions than this fail (R6).
const MAX_BACKUP_VERSIONS: usize = 500;

/// A call on one key or secret: who calls, and which object. Every handler of the verbs keys
/// and secrets share (`az keyvault key|secret <op>`) is handed one.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ObjectAt<'a> {
    pub(crate) who: &'a str,
    pub(crate) kind: ObjectKind,
    pub(crate) vault: &'a str,
    pub(crate) name: &'a str,
}

impl<'a> ObjectAt<'a> {
    /// The gate's description of this call.
    fn spec(self, call: ObjectCall) -> CallSpec<'a> {
        CallSpec::new(self.who, self.vault, self.kind.op(call), self.name)
    }
}

/// What `set-attributes` changes on a version; `None` leaves it as it is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AttributeChange {
    pub(crate) enabled: Option<bool>,
    pub(crate) expires: Option<Date>,
    pub(crate) not_before: Option<Date>,
}

/// A call that keys and secrets answer alike.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ObjectCall {
    /// `set-attributes` on one version (R7, R8).
    Update,
    Delete,
    Recover,
    Purge,
    List,
    ListVersions,
    ListDeleted,
    GetDeleted,
    Backup,
    Restore,
}

impl ObjectKind {
    fn op(self, op: ObjectCall) -> VOp {
        match (self, op) {
            (ObjectKind::Key, ObjectCall::Update) => VOp::KeyUpdate,
            (ObjectKind::Key, ObjectCall::Delete) => VOp::KeyDelete,
            (ObjectKind::Key, ObjectCall::Recover) => VOp::KeyRecover,
            (ObjectKind::Key, ObjectCall::Purge) => VOp::KeyPurge,
            (ObjectKind::Key, ObjectCall::List) => VOp::KeyList,
            (ObjectKind::Key, ObjectCall::ListVersions) => VOp::KeyListVersions,
            (ObjectKind::Key, ObjectCall::ListDeleted) => VOp::KeyListDeleted,
            (ObjectKind::Key, ObjectCall::GetDeleted) => VOp::KeyGetDeleted,
            (ObjectKind::Key, ObjectCall::Backup) => VOp::KeyBackup,
            (ObjectKind::Key, ObjectCall::Restore) => VOp::KeyRestore,
            (ObjectKind::Secret, ObjectCall::Update) => VOp::SecretUpdate,
            (ObjectKind::Secret, ObjectCall::Delete) => VOp::SecretDelete,
            (ObjectKind::Secret, ObjectCall::Recover) => VOp::SecretRecover,
            (ObjectKind::Secret, ObjectCall::Purge) => VOp::SecretPurge,
            (ObjectKind::Secret, ObjectCall::List) => VOp::SecretList,
            (ObjectKind::Secret, ObjectCall::ListVersions) => VOp::SecretListVersions,
            (ObjectKind::Secret, ObjectCall::ListDeleted) => VOp::SecretListDeleted,
            (ObjectKind::Secret, ObjectCall::GetDeleted) => VOp::SecretGetDeleted,
            (ObjectKind::Secret, ObjectCall::Backup) => VOp::SecretBackup,
            (ObjectKind::Secret, ObjectCall::Restore) => VOp::SecretRestore,
        }
    }

    /// The 404 code for an object of this kind that is not there.
    fn not_found_code(self) -> ErrorCode {
        match self {
            ObjectKind::Key => ErrorCode::KeyNotFound,
            ObjectKind::Secret => ErrorCode::SecretNotFound,
        }
    }

    /// The kind as Key Vault's messages start a sentence with it.
    fn title(self) -> &'static str {
        match self {
            ObjectKind::Key => "Key",
            ObjectKind::Secret => "Secret",
        }
    }

    /// No live object of this kind named `name`: a soft-deleted one is not there either (R21).
    /// Key Vault's 404, in its words.
    fn not_found(self, name: &str) -> SimError {
        let kind = self.name();
        SimError::new(
            self.not_found_code(),
            format!(
                "A {kind} with (name/id) {name} was not found in this key vault. If you recently deleted this {kind} you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182"
            ),
        )
    }

    /// Recover and purge act only on soft-deleted objects; anything else is 404 (R21).
    fn deleted_not_found(self, name: &str) -> SimError {
        SimError::new(
            self.not_found_code(),
            format!("Deleted {} not found: {name}", self.title()),
        )
    }

    /// A new version of a soft-deleted name is refused (R21), in Key Vault's words.
    fn deleted_conflict(self, name: &str) -> SimError {
        let kind = self.name();
        SimError::new(
            ErrorCode::Conflict,
            format!(
                "{} {name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the {kind} can only be recovered or purged.",
                self.title()
            ),
        )
    }

    /// The first string of a backup blob, so a key's blob never restores as a secret nor the
    /// reverse.
    fn backup_tag(self) -> &'static str {
        match self {
            ObjectKind::Key => "keyfall-key-backup-v1",
            ObjectKind::Secret => "keyfall-secret-backup-v1",
        }
    }

    fn malformed_backup(self) -> SimError {
        SimError::new(
            ErrorCode::BackupBlobInvalid,
            format!("malformed {} backup blob", self.name()),
        )
    }

    /// What `backup` adds to its message: a key's blob carries key material, so the message gives
    /// its size and says the HSM protects it; a secret's adds nothing.
    fn backup_detail(self, bytes: usize) -> String {
        match self {
            ObjectKind::Key => format!(" ({bytes} bytes, protected by the HSM)"),
            ObjectKind::Secret => String::new(),
        }
    }
}

/// What `list`, `list-deleted` and `show-deleted` say of one key or secret.
#[derive(Debug, Clone)]
pub(crate) struct ObjectSummary {
    pub(crate) name: String,
    /// The newest version's id.
    pub(crate) version: String,
    pub(crate) attributes: Option<Attributes>,
    pub(crate) deleted: Option<Deletion>,
}

impl ObjectSummary {
    /// The object's identifier with its newest version (`kid` or `id`).
    fn url(&self, kind: ObjectKind, vault: &str) -> String {
        match kind {
            ObjectKind::Key => key_url(vault, &self.name, &self.version),
            ObjectKind::Secret => secret_url(vault, &self.name, &self.version),
        }
    }

    fn attributes_line(&self) -> String {
        self.attributes.as_ref().map(attr_line).unwrap_or_default()
    }

    /// `recoveryId`, as Key Vault names a deleted object (`{vault}/deletedkeys/{name}`).
    fn recovery_id(&self, kind: ObjectKind, vault: &str) -> String {
        let coll = match kind {
            ObjectKind::Key => "deletedkeys",
            ObjectKind::Secret => "deletedsecrets",
        };
        format!("https://{vault}.vault.azure.net/{coll}/{}", self.name)
    }
}

/// A live key or secret, borrowed from its vault.
enum LiveObject<'a> {
    Key(&'a Key),
    Secret(&'a Secret),
}

impl LiveObject<'_> {
    fn version_count(&self) -> usize {
        match self {
            LiveObject::Key(k) => k.versions.len(),
            LiveObject::Secret(s) => s.versions.len(),
        }
    }

    /// `list-versions` lines: ordinal, id and attributes, and for a secret its content type and
    /// tags.
    fn version_lines(&self) -> Vec<String> {
        let line = |i: usize, id: &str, a: &Attributes| format!("@{} {id} {}", i + 1, attr_line(a));
        match self {
            LiveObject::Key(k) => k
                .versions
                .iter()
                .enumerate()
                .map(|(i, v)| line(i, &v.id, &v.attributes))
                .collect(),
            LiveObject::Secret(s) => s
                .versions
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    // R3: tags are readable by anyone with get *or list*, so a list-only
                    // principal sees a BEK's KEK URL and machine name here.
                    let tags: String = v
                        .tags
                        .iter()
                        .map(|(k, t)| format!(" tag {k}={t}"))
                        .collect();
                    format!(
                        "{} contentType={}{tags}",
                        line(i, &v.id, &v.attributes),
                        v.content_type.as_deref().unwrap_or("-")
                    )
                })
                .collect(),
        }
    }
}

/// Associated data for key material at rest: binds the sealed bytes to the key and version.
fn material_aad(name: &str, version: &str) -> Vec<u8> {
    format!("keyfall/key/{name}/{version}").into_bytes()
}

/// Associated data of a wrap: the key id and version (R4), not the vault, so a key restored into
/// another vault of the geography still unwraps what it wrapped.
pub(crate) fn wrap_aad(name: &str, version: &str) -> Vec<u8> {
    format!("{name}/{version}").into_bytes()
}

/// Associated data of backup blobs: the subscription, so a blob only opens in it (R25).
pub(crate) fn backup_aad(subscription: &str) -> Vec<u8> {
    format!("keyfall-backup/{subscription}").into_bytes()
}

/// Resolves `--version`: a full id, a unique prefix, or `@N` (DESIGN.md conventions).
pub(crate) fn pick_version(
    ids: &[&str],
    v: Option<&VersionRef>,
    code: ErrorCode,
    label: &str,
) -> Result<usize, SimError> {
    let missing = || SimError::new(code, format!("{label}: version not found"));
    match v {
        None => ids.len().checked_sub(1).ok_or_else(missing),
        Some(VersionRef::Ordinal(n)) => {
            let i = (*n as usize).checked_sub(1).ok_or_else(missing)?;
            if i < ids.len() { Ok(i) } else { Err(missing()) }
        }
        Some(VersionRef::Id(id)) => {
            let hits: Vec<usize> = ids
                .iter()
                .enumerate()
                .filter(|(_, v)| v.starts_with(id.as_str()))
                .map(|(i, _)| i)
                .collect();
            match hits.as_slice() {
                [i] => Ok(*i),
                [] => Err(missing()),
                _ => Err(SimError::new(
                    ErrorCode::BadParameter,
                    format!("{label}: version prefix {id} is ambiguous"),
                )),
            }
        }
    }
}

impl Vault {
    /// The deletion mark of a key or secret, live or soft-deleted; `None` if there is no such
    /// object.
    fn deletion_slot(&mut self, kind: ObjectKind, name: &str) -> Option<&mut Option<Deletion>> {
        match kind {
            ObjectKind::Key => self
                .keys
                .get_mut(name)
                .map(|k| &mut Arc::make_mut(k).deleted),
            ObjectKind::Secret => self
                .secrets
                .get_mut(name)
                .map(|s| &mut Arc::make_mut(s).deleted),
        }
    }

    /// The deletion mark of a live key or secret; 404 when missing or already soft-deleted.
    fn live_deletion_slot(
        &mut self,
        kind: ObjectKind,
        name: &str,
    ) -> Result<&mut Option<Deletion>, SimError> {
        Ok(match kind {
            ObjectKind::Key => &mut self.live_key_mut(name)?.deleted,
            ObjectKind::Secret => &mut self.live_secret_mut(name)?.deleted,
        })
    }

    /// The id and attributes of one version of a live key or secret (`--version`, default the
    /// newest).
    fn live_attributes_mut(
        &mut self,
        kind: ObjectKind,
        name: &str,
        version: Option<&VersionRef>,
    ) -> Result<(String, &mut Attributes), SimError> {
        fn pick<'a>(
            o: &'a mut impl VaultObject,
            kind: ObjectKind,
            name: &str,
            version: Option<&VersionRef>,
        ) -> Result<(String, &'a mut Attributes), SimError> {
            let ids: Vec<&str> = o.heads().into_iter().map(|(id, _)| id.as_str()).collect();
            let i = pick_version(&ids, version, kind.not_found_code(), name)?;
            let (id, attributes) = o.head_mut(i);
            Ok((id.clone(), attributes))
        }
        match kind {
            ObjectKind::Key => pick(self.live_key_mut(name)?, kind, name, version),
            ObjectKind::Secret => pick(self.live_secret_mut(name)?, kind, name, version),
        }
    }

    /// A live key or secret; 404 when missing or soft-deleted.
    fn live_object(&self, kind: ObjectKind, name: &str) -> Result<LiveObject<'_>, SimError> {
        Ok(match kind {
            ObjectKind::Key => LiveObject::Key(self.live_key(name)?),
            ObjectKind::Secret => LiveObject::Secret(self.live_secret(name)?),
        })
    }

    /// Every key or secret, live or soft-deleted, in name order: its name, the newest version's
    /// id and attributes, and its deletion mark.
    fn object_summaries(&self, kind: ObjectKind) -> Vec<ObjectSummary> {
        fn newest<'a>(
            mut ids: impl DoubleEndedIterator<Item = (&'a String, &'a Attributes)>,
        ) -> (String, Option<Attributes>) {
            ids.next_back()
                .map_or((String::new(), None), |(id, a)| (id.clone(), Some(*a)))
        }
        fn summary(o: &impl VaultObject) -> ObjectSummary {
            let (version, attributes) = newest(o.heads().into_iter());
            ObjectSummary {
                name: o.name().to_owned(),
                version,
                attributes,
                deleted: o.deletion(),
            }
        }
        match kind {
            ObjectKind::Key => self.keys.values().map(|k| summary(&**k)).collect(),
            ObjectKind::Secret => self.secrets.values().map(|s| summary(&**s)).collect(),
        }
    }

    /// The names of the live keys or secrets, in order.
    fn live_names(&self, kind: ObjectKind) -> Vec<String> {
        fn live<'a>(
            objects: impl Iterator<Item = (&'a String, &'a Option<Deletion>)>,
        ) -> Vec<String> {
            objects
                .filter(|(_, deleted)| deleted.is_none())
                .map(|(name, _)| name.clone())
                .collect()
        }
        match kind {
            ObjectKind::Key => live(self.keys.values().map(|k| (&k.name, &k.deleted))),
            ObjectKind::Secret => live(self.secrets.values().map(|s| (&s.name, &s.deleted))),
        }
    }

    /// Whether a key or secret holds this name, live or soft-deleted.
    fn holds(&self, kind: ObjectKind, name: &str) -> bool {
        match kind {
            ObjectKind::Key => self.keys.contains_key(name),
            ObjectKind::Secret => self.secrets.contains_key(name),
        }
    }

    fn remove_object(&mut self, kind: ObjectKind, name: &str) {
        match kind {
            ObjectKind::Key => {
                self.keys.remove(name);
            }
            ObjectKind::Secret => {
                self.secrets.remove(name);
            }
        }
    }

    pub(crate) fn live_key(&self, name: &str) -> Result<&Key, SimError> {
        live(&self.keys, ObjectKind::Key, name)
    }

    fn live_key_mut(&mut self, name: &str) -> Result<&mut Key, SimError> {
        live_mut(&mut self.keys, ObjectKind::Key, name)
    }

    pub(crate) fn live_secret(&self, name: &str) -> Result<&Secret, SimError> {
        live(&self.secrets, ObjectKind::Secret, name)
    }

    fn live_secret_mut(&mut self, name: &str) -> Result<&mut Secret, SimError> {
        live_mut(&mut self.secrets, ObjectKind::Secret, name)
    }

    fn deletion(&self, now: SimTime) -> Deletion {
        Deletion {
            deleted_at: now,
            purge_at: now.plus(crate::time::SimDuration::days(u64::from(
                self.retention_days,
            ))),
        }
    }

    /// Whether this exact key version exists and is live.
    pub fn has_key_version(&self, name: &str, version: &str) -> bool {
        self.live_key(name)
            .is_ok_and(|k| k.versions.iter().any(|v| v.id == version))
    }

    /// Whether this exact secret version exists and is live.
    pub fn has_secret_version(&self, name: &str, version: &str) -> bool {
        self.live_secret(name)
            .is_ok_and(|s| s.versions.iter().any(|v| v.id == version))
    }
}

/// What keys and secrets share, so the code of the verbs az gives both is written once: a
/// name, a soft-deletion mark, and versions (oldest first) with an id and attributes each.
pub(crate) trait VaultObject: Clone {
    fn name(&self) -> &str;
    fn deletion(&self) -> Option<Deletion>;
    /// Each version's id and attributes, oldest first.
    fn heads(&self) -> Vec<(&String, &Attributes)>;
    /// Version `i`'s id and attributes, to change them.
    fn head_mut(&mut self, i: usize) -> (&String, &mut Attributes);
}

/// The live object `name` of `objects` (a vault's keys or secrets); 404 when it is missing or
/// soft-deleted.
fn live<'a, T: VaultObject>(
    objects: &'a NameMap<Arc<T>>,
    kind: ObjectKind,
    name: &str,
) -> Result<&'a T, SimError> {
    match objects.get(name) {
        Some(o) if o.deletion().is_none() => Ok(o),
        _ => Err(kind.not_found(name)),
    }
}

/// [`live`], to change it: the vault's copy is unshared first (`Arc::make_mut`).
fn live_mut<'a, T: VaultObject>(
    objects: &'a mut NameMap<Arc<T>>,
    kind: ObjectKind,
    name: &str,
) -> Result<&'a mut T, SimError> {
    live(objects, kind, name)?;
    objects
        .get_mut(name)
        .map(Arc::make_mut)
        .ok_or_else(|| kind.not_found(name))
}

fn on_off(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

impl World {
    fn vault_mut(&mut self, name: &str) -> Result<&mut Vault, SimError> {
        self.vaults.get_mut(name).ok_or_else(|| {
            SimError::new(ErrorCode::VaultNotFound, format!("vault {name} not found"))
        })
    }

    pub(crate) fn vault_ref(&self, name: &str) -> Result<&Vault, SimError> {
        match self.vaults.get(name) {
            Some(v) if v.deleted.is_none() => Ok(v),
            _ => Err(SimError::new(
                ErrorCode::VaultNotFound,
                format!("vault {name} not found"),
            )),
        }
    }
}

pub(crate) fn put_secret_version(e: &mut Enc, v: &SecretVersion) {
    put_attrs(e, &v.attributes);
    e.str(&v.id)
        .opt_str(v.content_type.as_deref())
        .u64(v.tags.len() as u64);
    for (k, t) in &v.tags {
        e.str(k).str(t);
    }
    e.str(&v.value);
}

pub(crate) fn get_secret_version(d: &mut Dec<'_>) -> Option<SecretVersion> {
    let attributes = get_attrs(d)?;
    let id = d.str()?;
    let content_type = d.opt_str()?;
    let n = d.u64()?;
    let mut tags = NameMap::default();
    for _ in 0..n {
        let k = d.str()?;
        tags.insert(k, d.str()?);
    }
    let value = d.str()?;
    Some(SecretVersion {
        id,
        attributes,
        content_type,
        tags,
        value,
    })
}

fn put_attrs(e: &mut Enc, a: &Attributes) {
    e.u64(u64::from(a.enabled))
        .opt_u64(a.nbf.map(|t| t.0))
        .opt_u64(a.exp.map(|t| t.0))
        .u64(a.created.0);
}

fn get_attrs(d: &mut Dec<'_>) -> Option<Attributes> {
    Some(Attributes {
        enabled: d.u64()? != 0,
        nbf: d.opt_u64()?.map(SimTime),
        exp: d.opt_u64()?.map(SimTime),
        created: SimTime(d.u64()?),
    })
}

fn kty_code(k: KeyType) -> u64 {
    match k {
        KeyType::Rsa => 0,
        KeyType::RsaHsm => 1,
        KeyType::Ec => 2,
        KeyType::EcHsm => 3,
        KeyType::Oct => 4,
    }
}

fn kty_from(c: u64) -> KeyType {
    match c {
        1 => KeyType::RsaHsm,
        2 => KeyType::Ec,
        3 => KeyType::EcHsm,
        4 => KeyType::Oct,
        _ => KeyType::Rsa,
    }
}

fn attr_line(a: &Attributes) -> String {
    let mut s = format!("enabled={} created={}", on_off(a.enabled), a.created);
    if let Some(e) = a.exp {
        s.push_str(&format!(" expires={e}"));
    }
    if let Some(n) = a.nbf {
        s.push_str(&format!(" notBefore={n}"));
    }
    s
}

fn policy_line(p: &AccessPolicy) -> String {
    let keys: Vec<&str> = p.keys.iter().map(|k| k.name()).collect();
    let secrets: Vec<&str> = p.secrets.iter().map(|s| s.name()).collect();
    format!(
        "policy {}: keys [{}] secrets [{}]",
        p.principal,
        keys.join(", "),
        secrets.join(", ")
    )
}
