//! Key vaults: control plane (create, update, policies, roles, delete/recover/purge), keys,
//! secrets, their versions and attributes, soft delete, and backup/restore blobs (R6-R11, R20-R27).

use std::sync::Arc;

use std::collections::BTreeSet;

use crate::asset::AssetId;
use crate::codec::{Dec, Enc};
use crate::command::{
    Command, ObjectOp, ObjectRef, PrincipalRef, VaultCreate, VaultUpdate, VersionRef,
};
use crate::crypto::SymKey;
use crate::error::{ErrorCode, SimError};
use crate::event::CallResult;
use crate::time::Date;
use crate::time::SimTime;
use crate::vocab::{KeyPerm, KeyType, ObjectKind, Role, SecretPerm};

use super::{
    AccessPolicy, Attributes, CallSpec, DEFAULT_SUBSCRIPTION, Deletion, Key, KeyVersion, NameMap,
    Outcome, Secret, SecretVersion, Subscription, VOp, Vault, World, geography, inserted, key_url,
    secret_url,
};

/// Backups of objects with more versions than this fail (R6).
const MAX_BACKUP_VERSIONS: usize = 500;

/// What a fetched secret version carries back to the caller.
#[derive(Debug, Clone)]
pub(crate) struct FetchedSecret {
    pub(crate) version: String,
    pub(crate) value: String,
    pub(crate) content_type: Option<String>,
    pub(crate) tags: NameMap<String>,
}

fn not_found(code: ErrorCode, what: &str, vault: &str, name: &str) -> SimError {
    SimError::new(code, format!("{what} {vault}/{name} not found"))
}

/// What `set-attributes` changes on a version; `None` leaves it as it is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AttributeChange {
    pub(crate) enabled: Option<bool>,
    pub(crate) expires: Option<Date>,
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
            (ObjectKind::Key, ObjectCall::Backup) => VOp::KeyBackup,
            (ObjectKind::Key, ObjectCall::Restore) => VOp::KeyRestore,
            (ObjectKind::Secret, ObjectCall::Update) => VOp::SecretUpdate,
            (ObjectKind::Secret, ObjectCall::Delete) => VOp::SecretDelete,
            (ObjectKind::Secret, ObjectCall::Recover) => VOp::SecretRecover,
            (ObjectKind::Secret, ObjectCall::Purge) => VOp::SecretPurge,
            (ObjectKind::Secret, ObjectCall::List) => VOp::SecretList,
            (ObjectKind::Secret, ObjectCall::ListVersions) => VOp::SecretListVersions,
            (ObjectKind::Secret, ObjectCall::Backup) => VOp::SecretBackup,
            (ObjectKind::Secret, ObjectCall::Restore) => VOp::SecretRestore,
        }
    }

    /// `set-attributes --enabled false` on one version.
    pub(crate) fn disable_command(self, vault: &str, name: &str, version: &str) -> Command {
        Command::object(
            self,
            vault,
            name,
            ObjectOp::SetAttributes {
                version: Some(VersionRef::Id(version.to_owned())),
                enabled: Some(false),
                expires: None,
            },
        )
    }

    /// Recover and purge act only on soft-deleted objects; anything else is 404 (R21).
    fn deleted_not_found(self, vault: &str, name: &str) -> SimError {
        match self {
            ObjectKind::Key => not_found(ErrorCode::KeyNotFound, "deleted key", vault, name),
            ObjectKind::Secret => {
                not_found(ErrorCode::SecretNotFound, "deleted secret", vault, name)
            }
        }
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
        Ok(match kind {
            ObjectKind::Key => {
                let k = self.live_key_mut(name)?;
                let ids: Vec<&str> = k.versions.iter().map(|v| v.id.as_str()).collect();
                let i = pick_version(&ids, version, ErrorCode::KeyNotFound, name)?;
                let v = &mut k.versions[i];
                (v.id.clone(), &mut v.attributes)
            }
            ObjectKind::Secret => {
                let s = self.live_secret_mut(name)?;
                let ids: Vec<&str> = s.versions.iter().map(|v| v.id.as_str()).collect();
                let i = pick_version(&ids, version, ErrorCode::SecretNotFound, name)?;
                let v = &mut s.versions[i];
                (v.id.clone(), &mut v.attributes)
            }
        })
    }

    /// A live key or secret; 404 when missing or soft-deleted.
    fn live_object(&self, kind: ObjectKind, name: &str) -> Result<LiveObject<'_>, SimError> {
        Ok(match kind {
            ObjectKind::Key => LiveObject::Key(self.live_key(name)?),
            ObjectKind::Secret => LiveObject::Secret(self.live_secret(name)?),
        })
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
        match self.keys.get(name) {
            Some(k) if k.deleted.is_none() => Ok(k),
            Some(_) => Err(SimError::new(
                ErrorCode::KeyNotFound,
                format!(
                    "key {}/{name} is soft-deleted: it can only be recovered or purged",
                    self.name
                ),
            )),
            None => Err(not_found(ErrorCode::KeyNotFound, "key", &self.name, name)),
        }
    }

    fn live_key_mut(&mut self, name: &str) -> Result<&mut Key, SimError> {
        self.live_key(name)?;
        self.keys
            .get_mut(name)
            .map(Arc::make_mut)
            .ok_or_else(|| not_found(ErrorCode::KeyNotFound, "key", &self.name, name))
    }

    pub(crate) fn live_secret(&self, name: &str) -> Result<&Secret, SimError> {
        match self.secrets.get(name) {
            Some(s) if s.deleted.is_none() => Ok(s),
            Some(_) => Err(SimError::new(
                ErrorCode::SecretNotFound,
                format!(
                    "secret {}/{name} is soft-deleted: it can only be recovered or purged",
                    self.name
                ),
            )),
            None => Err(not_found(
                ErrorCode::SecretNotFound,
                "secret",
                &self.name,
                name,
            )),
        }
    }

    fn live_secret_mut(&mut self, name: &str) -> Result<&mut Secret, SimError> {
        self.live_secret(name)?;
        self.secrets
            .get_mut(name)
            .map(Arc::make_mut)
            .ok_or_else(|| not_found(ErrorCode::SecretNotFound, "secret", &self.name, name))
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

    // ---- control plane ----

    pub(crate) fn vault_create(
        &mut self,
        who: &str,
        args: &VaultCreate,
    ) -> Result<Outcome, SimError> {
        let VaultCreate {
            name,
            resource_group,
            location,
            subscription,
            enabled_for_disk_encryption,
            enabled_for_deployment,
            enabled_for_template_deployment,
            retention_days,
            enable_purge_protection,
            enable_rbac_authorization,
            no_self_perms,
        } = args;
        let sub = subscription
            .clone()
            .unwrap_or_else(|| DEFAULT_SUBSCRIPTION.to_owned());
        if let Err(mut d) =
            self.authorize_subscription(who, &sub, "Microsoft.KeyVault/vaults/write")
        {
            d.operation = "vault create".into();
            d.object = name.clone();
            self.call_event(
                who,
                name,
                "vault create",
                "",
                None,
                CallResult::Deny(d.clone()),
            );
            return Err(SimError::forbidden(d));
        }
        let fail = |w: &mut World, e: SimError| {
            w.call_event(
                who,
                name,
                "vault create",
                "",
                None,
                CallResult::Fail {
                    code: e.code,
                    status: e.status,
                },
            );
            Err(e)
        };
        if self.vaults.contains_key(name) {
            let e = SimError::new(
                ErrorCode::Conflict,
                format!("vault name {name} is in use (a soft-deleted vault keeps its name, R21)"),
            );
            return fail(self, e);
        }
        if geography(location).is_none() {
            let e = SimError::new(
                ErrorCode::BadParameter,
                format!("unknown location {location}"),
            );
            return fail(self, e);
        }
        let retention = retention_days.unwrap_or(90);
        if !(7..=90).contains(&retention) {
            let e = SimError::new(
                ErrorCode::BadParameter,
                format!("retention must be 7 to 90 days, not {retention} (R20)"),
            );
            return fail(self, e);
        }
        // A `--subscription` the admin names is one the admin owns (DESIGN.md conventions).
        if !self.subscriptions.contains_key(&sub) {
            Arc::make_mut(&mut self.subscriptions).insert(
                sub.clone(),
                Subscription {
                    name: sub.clone(),
                    owner: who.to_owned(),
                },
            );
        }
        let rbac = enable_rbac_authorization.unwrap_or(false);
        let mut policies = Vec::new();
        if !rbac && !no_self_perms {
            // What `az keyvault create` grants its creator: no purge, no rotate, no crypto (R9).
            use KeyPerm as K;
            use SecretPerm as S;
            policies.push(AccessPolicy {
                principal: who.to_owned(),
                keys: inserted([
                    K::Get,
                    K::List,
                    K::Create,
                    K::Update,
                    K::Import,
                    K::Delete,
                    K::Recover,
                    K::Backup,
                    K::Restore,
                ]),
                secrets: inserted([
                    S::Get,
                    S::List,
                    S::Set,
                    S::Delete,
                    S::Recover,
                    S::Backup,
                    S::Restore,
                ]),
            });
        }
        self.vaults.insert(
            name.clone(),
            Arc::new(Vault {
                name: name.clone(),
                resource_group: resource_group.clone(),
                location: location.clone(),
                subscription: sub.clone(),
                enabled_for_disk_encryption: enabled_for_disk_encryption.unwrap_or(false),
                enabled_for_deployment: enabled_for_deployment.unwrap_or(false),
                enabled_for_template_deployment: enabled_for_template_deployment.unwrap_or(false),
                retention_days: retention,
                purge_protection: enable_purge_protection.unwrap_or(false),
                rbac,
                policies,
                role_assignments: Vec::new(),
                keys: NameMap::default(),
                secrets: NameMap::default(),
                deleted: None,
            }),
        );
        self.vault_call(CallSpec::new(who, name, VOp::VaultCreate, ""), None, |_| {
            Ok(((), None))
        })?;
        self.state(
            AssetId::vault(name),
            format!("created in {location} ({sub})"),
        );
        Ok(Outcome::msg(format!("vault {name} created in {location}")))
    }

    pub(crate) fn vault_update(
        &mut self,
        who: &str,
        args: &VaultUpdate,
    ) -> Result<Outcome, SimError> {
        let VaultUpdate {
            name,
            enabled_for_disk_encryption,
            enabled_for_deployment,
            enabled_for_template_deployment,
            enable_purge_protection,
            enable_rbac_authorization,
        } = args;
        let changes =
            self.vault_call(CallSpec::new(who, name, VOp::VaultPatch, ""), None, |w| {
                let v = w.vault_mut(name)?;
                if enable_purge_protection == &Some(false) && v.purge_protection {
                    return Err(SimError::new(
                        ErrorCode::OperationNotAllowed,
                        "purge protection cannot be turned off once enabled (R22)",
                    ));
                }
                let mut changes = Vec::new();
                let mut set = |field: &mut bool, new: &Option<bool>, label: &str| {
                    if let Some(b) = new
                        && *field != *b
                    {
                        *field = *b;
                        changes.push(format!("{label} = {}", on_off(*b)));
                    }
                };
                set(
                    &mut v.enabled_for_disk_encryption,
                    enabled_for_disk_encryption,
                    "enabledForDiskEncryption",
                );
                set(
                    &mut v.enabled_for_deployment,
                    enabled_for_deployment,
                    "enabledForDeployment",
                );
                set(
                    &mut v.enabled_for_template_deployment,
                    enabled_for_template_deployment,
                    "enabledForTemplateDeployment",
                );
                set(
                    &mut v.purge_protection,
                    enable_purge_protection,
                    "enablePurgeProtection",
                );
                set(
                    &mut v.rbac,
                    enable_rbac_authorization,
                    "enableRbacAuthorization",
                );
                Ok((changes, None))
            })?;
        for c in &changes {
            self.state(AssetId::vault(name), c.clone());
        }
        Ok(Outcome::with(format!("vault {name} updated"), changes))
    }

    fn principal_of(&self, p: &PrincipalRef) -> Result<String, SimError> {
        match p {
            PrincipalRef::Spn(n) | PrincipalRef::Upn(n) | PrincipalRef::ObjectId(n) => {
                self.resolve_principal(n)
            }
        }
    }

    pub(crate) fn set_policy(
        &mut self,
        who: &str,
        vault: &str,
        principal: &PrincipalRef,
        keys: Option<&[KeyPerm]>,
        secrets: Option<&[SecretPerm]>,
    ) -> Result<Outcome, SimError> {
        let target = self.principal_of(principal)?;
        let line = self.vault_call(
            CallSpec::new(who, vault, VOp::VaultAccessPolicy, ""),
            None,
            |w| {
                let v = w.vault_mut(vault)?;
                let idx = match v.policies.iter().position(|p| p.principal == target) {
                    Some(i) => i,
                    None => {
                        v.policies.push(AccessPolicy {
                            principal: target.clone(),
                            keys: BTreeSet::new(),
                            secrets: BTreeSet::new(),
                        });
                        v.policies.len() - 1
                    }
                };
                let entry = &mut v.policies[idx];
                // `set-policy` replaces the categories it names and keeps the others.
                if let Some(k) = keys {
                    entry.keys = inserted(k.iter().copied());
                }
                if let Some(s) = secrets {
                    entry.secrets = inserted(s.iter().copied());
                }
                Ok((policy_line(entry), None))
            },
        )?;
        self.state(
            AssetId::Policy {
                vault: vault.to_owned(),
                principal: target.to_owned(),
            },
            line.clone(),
        );
        Ok(Outcome::with(
            format!("access policy for {target} on {vault} set"),
            vec![line],
        ))
    }

    pub(crate) fn delete_policy(
        &mut self,
        who: &str,
        vault: &str,
        principal: &PrincipalRef,
    ) -> Result<Outcome, SimError> {
        let target = self.principal_of(principal)?;
        self.vault_call(
            CallSpec::new(who, vault, VOp::VaultAccessPolicy, ""),
            None,
            |w| {
                let v = w.vault_mut(vault)?;
                v.policies.retain(|p| p.principal != target);
                Ok(((), None))
            },
        )?;
        self.state(
            AssetId::Policy {
                vault: vault.to_owned(),
                principal: target.to_owned(),
            },
            "removed",
        );
        Ok(Outcome::msg(format!(
            "access policy for {target} on {vault} removed"
        )))
    }

    pub(crate) fn role_assignment(
        &mut self,
        who: &str,
        assignee: &str,
        role: Role,
        scope: &str,
        create: bool,
    ) -> Result<Outcome, SimError> {
        let target = self.resolve_principal(assignee)?;
        let op = if create {
            VOp::RoleAssign
        } else {
            VOp::RoleUnassign
        };
        self.vault_call(CallSpec::new(who, scope, op, ""), None, |w| {
            let v = w.vault_mut(scope)?;
            let exists = v
                .role_assignments
                .iter()
                .any(|(p, r)| *p == target && *r == role);
            if create && !exists {
                v.role_assignments.push((target.clone(), role));
            } else if !create {
                if !exists {
                    return Err(SimError::new(
                        ErrorCode::ResourceNotFound,
                        "no such role assignment",
                    ));
                }
                v.role_assignments
                    .retain(|(p, r)| !(*p == target && *r == role));
            }
            Ok(((), None))
        })?;
        let verb = if create { "assigned" } else { "unassigned" };
        self.state(
            AssetId::RoleAssignment {
                scope: scope.to_owned(),
                principal: target.to_owned(),
            },
            format!("{} {verb}", role.name()),
        );
        Ok(Outcome::msg(format!(
            "{} {verb} to {target} on {scope}",
            role.name()
        )))
    }

    pub(crate) fn vault_delete(&mut self, who: &str, name: &str) -> Result<Outcome, SimError> {
        let now = self.now();
        self.vault_call(CallSpec::new(who, name, VOp::VaultDelete, ""), None, |w| {
            let v = w.vault_mut(name)?;
            v.deleted = Some(v.deletion(now));
            // Role assignments are ARM resources deleted with the vault: recovering the vault
            // does not bring them back (R23).
            v.role_assignments.clear();
            Ok(((), None))
        })?;
        self.state(AssetId::vault(name), "soft-deleted");
        Ok(Outcome::msg(format!("vault {name} soft-deleted")))
    }

    pub(crate) fn vault_recover(&mut self, who: &str, name: &str) -> Result<Outcome, SimError> {
        self.vault_call(CallSpec::new(who, name, VOp::VaultRecover, ""), None, |w| {
            let v = w.vault_mut(name)?;
            if v.deleted.is_none() {
                return Err(SimError::new(
                    ErrorCode::VaultNotFound,
                    format!("no deleted vault named {name}"),
                ));
            }
            v.deleted = None;
            Ok(((), None))
        })?;
        self.state(
            AssetId::vault(name),
            "recovered with its keys, secrets and access policies, not its role assignments",
        );
        Ok(Outcome::msg(format!("vault {name} recovered")))
    }

    pub(crate) fn vault_purge(&mut self, who: &str, name: &str) -> Result<Outcome, SimError> {
        let now = self.now();
        self.vault_call(CallSpec::new(who, name, VOp::VaultPurge, ""), None, |w| {
            let v = w.vault_mut(name)?;
            let Some(d) = v.deleted else {
                return Err(SimError::new(
                    ErrorCode::VaultNotFound,
                    format!("no deleted vault named {name}"),
                ));
            };
            if v.purge_protection && now < d.purge_at {
                return Err(SimError::new(
                    ErrorCode::PurgeProtected,
                    format!("purge protection: {name} can be purged from {}", d.purge_at),
                ));
            }
            w.vaults.remove(name);
            Ok(((), None))
        })?;
        self.state(AssetId::vault(name), "purged");
        Ok(Outcome::msg(format!("vault {name} purged")))
    }

    pub(crate) fn vault_show(&mut self, who: &str, name: &str) -> Result<Outcome, SimError> {
        let lines = self.vault_call(CallSpec::new(who, name, VOp::VaultGet, ""), None, |w| {
            let v = w.vault_ref(name)?;
            let mut l = vec![
                format!("name: {}", v.name),
                format!("location: {}", v.location),
                format!("subscription: {}", v.subscription),
                format!(
                    "enabledForDiskEncryption: {}",
                    on_off(v.enabled_for_disk_encryption)
                ),
                format!("enabledForDeployment: {}", on_off(v.enabled_for_deployment)),
                format!(
                    "enabledForTemplateDeployment: {}",
                    on_off(v.enabled_for_template_deployment)
                ),
                format!("softDeleteRetentionInDays: {}", v.retention_days),
                format!("enablePurgeProtection: {}", on_off(v.purge_protection)),
                format!("enableRbacAuthorization: {}", on_off(v.rbac)),
            ];
            l.extend(v.policies.iter().map(policy_line));
            l.extend(
                v.role_assignments
                    .iter()
                    .map(|(p, r)| format!("role {}: {p}", r.name())),
            );
            Ok((l, None))
        })?;
        Ok(Outcome::with(format!("vault {name}"), lines))
    }

    // ---- keys ----

    fn new_key_version(&mut self, location: &str, name: &str) -> Result<KeyVersion, SimError> {
        let id = self.rng().hex(16);
        let material = self.rng().key();
        let root = self.hsm_root(location)?.clone();
        let sealed = root.seal(self.rng(), &material_aad(name, &id), &material.0);
        Ok(KeyVersion {
            id,
            attributes: Attributes {
                enabled: true,
                nbf: None,
                exp: None,
                created: self.now(),
            },
            sealed,
        })
    }

    /// The HSM unseals a version's material for one operation.
    fn hsm_unseal(&self, vault: &str, name: &str, v: &KeyVersion) -> Result<SymKey, SimError> {
        let loc = &self.vault_ref(vault)?.location;
        let bytes = self
            .open_sealed(self.hsm_root(loc)?, &material_aad(name, &v.id), &v.sealed)
            .map_err(|_| {
                SimError::new(
                    ErrorCode::BadParameter,
                    format!("the HSM could not unseal {name}/{}", v.id),
                )
            })?;
        let arr: [u8; 32] = bytes.try_into().map_err(|_| {
            SimError::new(ErrorCode::BadParameter, "key material has the wrong length")
        })?;
        Ok(SymKey(arr))
    }

    pub(crate) fn key_create(
        &mut self,
        who: &str,
        vault: &str,
        name: &str,
        kty: Option<KeyType>,
        size: Option<u32>,
    ) -> Result<Outcome, SimError> {
        let kty = kty.unwrap_or(KeyType::Rsa);
        let version =
            self.vault_call(CallSpec::new(who, vault, VOp::KeyCreate, name), None, |w| {
                let size = match kty {
                    KeyType::Rsa | KeyType::RsaHsm => {
                        let s = size.unwrap_or(2048);
                        if ![2048, 3072, 4096].contains(&s) {
                            return Err(SimError::new(
                                ErrorCode::BadParameter,
                                format!("RSA keys are 2048, 3072 or 4096 bits, not {s}"),
                            ));
                        }
                        s
                    }
                    KeyType::Ec | KeyType::EcHsm => size.unwrap_or(256),
                    KeyType::Oct => {
                        return Err(SimError::new(
                            ErrorCode::BadParameter,
                            "oct keys need a Managed HSM",
                        ));
                    }
                };
                let loc = w.vault_ref(vault)?.location.clone();
                let existing = w.vault_ref(vault)?.keys.get(name).map(|k| k.deleted);
                if let Some(Some(_)) = existing {
                    return Err(SimError::new(
                        ErrorCode::Conflict,
                        format!(
                            "key {vault}/{name} is soft-deleted: recover or purge it first (R21)"
                        ),
                    ));
                }
                let kv = w.new_key_version(&loc, name)?;
                let id = kv.id.clone();
                let now = w.now();
                let v = w.vault_mut(vault)?;
                let key = Arc::make_mut(v.keys.get_or_insert_with(name, || {
                    Arc::new(Key {
                        name: name.to_owned(),
                        kty,
                        size,
                        versions: Vec::new(),
                        deleted: None,
                        rotate_every_days: None,
                        last_rotation: now,
                    })
                }));
                key.versions.push(kv);
                key.last_rotation = now;
                Ok((id.clone(), Some(id)))
            })?;
        self.state(
            AssetId::key(vault, name),
            format!("version {version} added"),
        );
        Ok(Outcome::with(
            format!("key {vault}/{name} created"),
            vec![format!("kid: {}", key_url(vault, name, &version))],
        ))
    }

    /// Adds a version to a live key (command, rotation policy). `caller` is audited.
    fn rotate_inner(&mut self, caller: &str, vault: &str, name: &str) -> Result<String, SimError> {
        let version = self.vault_call(
            CallSpec::new(caller, vault, VOp::KeyRotate, name),
            None,
            |w| {
                let loc = w.vault_ref(vault)?.location.clone();
                w.vault_ref(vault)?.live_key(name)?;
                let kv = w.new_key_version(&loc, name)?;
                let id = kv.id.clone();
                let now = w.now();
                let key = w.vault_mut(vault)?.live_key_mut(name)?;
                key.versions.push(kv);
                key.last_rotation = now;
                Ok((id.clone(), Some(id)))
            },
        )?;
        self.state(
            AssetId::key(vault, name),
            format!("rotated: version {version} added"),
        );
        Ok(version)
    }

    pub(crate) fn key_rotate(
        &mut self,
        who: &str,
        vault: &str,
        name: &str,
    ) -> Result<Outcome, SimError> {
        let v = self.rotate_inner(who, vault, name)?;
        Ok(Outcome::with(
            format!("key {vault}/{name} rotated"),
            vec![format!("kid: {}", key_url(vault, name, &v))],
        ))
    }

    /// Rotation policies fire as the clock passes their due time (R34). The rotation is Key
    /// Vault's own, so the authorization point sees the service, which a policy always allows:
    /// it is audited under the service's name and does not go through [`World::authorize`].
    pub(crate) fn run_rotation_policies(&mut self, lines: &mut Vec<String>) {
        let now = self.now();
        let due = self
            .vaults
            .deadlines_reached(now)
            .into_iter()
            .filter_map(|d| match d {
                super::tracked::Deadline::KeyRotation(vault, key) => Some((vault, key)),
                _ => None,
            });
        for (vault, name) in due {
            let Ok(loc) = self.vault_ref(&vault).map(|v| v.location.clone()) else {
                continue;
            };
            let Ok(kv) = self.new_key_version(&loc, &name) else {
                continue;
            };
            let id = kv.id.clone();
            if let Some(k) = self
                .vaults
                .get_mut(&vault)
                .and_then(|v| v.keys.get_mut(&name))
                .map(Arc::make_mut)
            {
                k.versions.push(kv);
                k.last_rotation = now;
            }
            self.push_audit(
                super::KEY_VAULT_SERVICE,
                &vault,
                "KeyRotate",
                format!("https://{vault}.vault.azure.net/keys/{name}/{id}/rotate?api-version=7.4"),
                200,
                "rotated by the key's rotation policy".to_owned(),
            );
            self.state(
                AssetId::key(&vault, &name),
                format!("rotation policy added version {id}"),
            );
            lines.push(format!("key {vault}/{name} rotated by policy: {id}"));
        }
    }

    pub(crate) fn key_rotation_policy(
        &mut self,
        who: &str,
        vault: &str,
        name: &str,
        days: u32,
    ) -> Result<Outcome, SimError> {
        self.vault_call(
            CallSpec::new(who, vault, VOp::KeyRotationPolicy, name),
            None,
            |w| {
                if days == 0 {
                    return Err(SimError::new(
                        ErrorCode::BadParameter,
                        "rotation interval must be at least one day",
                    ));
                }
                let k = w.vault_mut(vault)?.live_key_mut(name)?;
                k.rotate_every_days = Some(days);
                Ok(((), None))
            },
        )?;
        self.state(
            AssetId::key(vault, name),
            format!("rotation policy: every {days} days"),
        );
        Ok(Outcome::msg(format!(
            "key {vault}/{name} rotates every {days} days"
        )))
    }

    /// `az keyvault key|secret <op>`: one dispatch for the verbs keys and secrets share.
    pub(crate) fn object_command(
        &mut self,
        who: &str,
        kind: ObjectKind,
        object: &ObjectRef,
        op: &ObjectOp,
    ) -> Result<Outcome, SimError> {
        let ObjectRef { vault, name } = object;
        match op {
            ObjectOp::Show { version } => match kind {
                ObjectKind::Key => self.key_show(who, vault, name, version.as_ref()),
                ObjectKind::Secret => self.secret_show(who, vault, name, version.as_ref()),
            },
            ObjectOp::ListVersions => self.object_list_versions(kind, who, vault, name),
            ObjectOp::SetAttributes {
                version,
                enabled,
                expires,
            } => self.object_set_attributes(
                kind,
                who,
                vault,
                name,
                version.as_ref(),
                AttributeChange {
                    enabled: *enabled,
                    expires: *expires,
                },
            ),
            ObjectOp::Delete => self.object_delete(kind, who, vault, name),
            ObjectOp::Recover => self.object_recover(kind, who, vault, name),
            ObjectOp::Purge => self.object_purge(kind, who, vault, name),
            ObjectOp::Backup { file } => self.object_backup(kind, who, vault, name, file),
        }
    }

    /// `key delete`, `secret delete`: soft delete, the only delete there is (R20, R21).
    pub(crate) fn object_delete(
        &mut self,
        kind: ObjectKind,
        who: &str,
        vault: &str,
        name: &str,
    ) -> Result<Outcome, SimError> {
        let now = self.now();
        let d = self.vault_call(
            CallSpec::new(who, vault, kind.op(ObjectCall::Delete), name),
            None,
            |w| {
                let v = w.vault_mut(vault)?;
                let d = v.deletion(now);
                *v.live_deletion_slot(kind, name)? = Some(d);
                Ok((d, None))
            },
        )?;
        let word = kind.name();
        self.state(
            AssetId::object(kind, vault, name),
            format!("soft-deleted; purged automatically at {}", d.purge_at),
        );
        Ok(Outcome::msg(format!(
            "{word} {vault}/{name} soft-deleted (scheduled purge {})",
            d.purge_at
        )))
    }

    /// `key recover`, `secret recover`: back from soft delete with every version (R21).
    pub(crate) fn object_recover(
        &mut self,
        kind: ObjectKind,
        who: &str,
        vault: &str,
        name: &str,
    ) -> Result<Outcome, SimError> {
        self.vault_call(
            CallSpec::new(who, vault, kind.op(ObjectCall::Recover), name),
            None,
            |w| match w.vault_mut(vault)?.deletion_slot(kind, name) {
                Some(slot) if slot.is_some() => {
                    *slot = None;
                    Ok(((), None))
                }
                _ => Err(kind.deleted_not_found(vault, name)),
            },
        )?;
        let word = kind.name();
        self.state(AssetId::object(kind, vault, name), "recovered");
        Ok(Outcome::msg(format!("{word} {vault}/{name} recovered")))
    }

    /// `key purge`, `secret purge`: gone for good, unless purge protection holds it until its
    /// retention ends (R22).
    pub(crate) fn object_purge(
        &mut self,
        kind: ObjectKind,
        who: &str,
        vault: &str,
        name: &str,
    ) -> Result<Outcome, SimError> {
        let now = self.now();
        self.vault_call(
            CallSpec::new(who, vault, kind.op(ObjectCall::Purge), name),
            None,
            |w| {
                let v = w.vault_mut(vault)?;
                let protection = v.purge_protection;
                let Some(d) = v.deletion_slot(kind, name).and_then(|slot| *slot) else {
                    return Err(kind.deleted_not_found(vault, name));
                };
                if protection && now < d.purge_at {
                    return Err(SimError::new(
                        ErrorCode::PurgeProtected,
                        format!(
                            "purge protection: {vault}/{name} can be purged from {} (R22)",
                            d.purge_at
                        ),
                    ));
                }
                v.remove_object(kind, name);
                Ok(((), None))
            },
        )?;
        let word = kind.name();
        self.state(AssetId::object(kind, vault, name), "purged");
        Ok(Outcome::msg(format!("{word} {vault}/{name} purged")))
    }

    /// `key get`: metadata of one version; returns (version id, kty, size).
    pub(crate) fn key_get(
        &mut self,
        who: &str,
        vault: &str,
        name: &str,
        version: Option<&VersionRef>,
    ) -> Result<(String, KeyType, u32, Attributes), SimError> {
        self.vault_call(CallSpec::new(who, vault, VOp::KeyGet, name), None, |w| {
            let k = w.vault_ref(vault)?.live_key(name)?;
            let ids: Vec<&str> = k.versions.iter().map(|v| v.id.as_str()).collect();
            let i = pick_version(&ids, version, ErrorCode::KeyNotFound, name)?;
            let v = &k.versions[i];
            Ok((
                (v.id.clone(), k.kty, k.size, v.attributes),
                Some(v.id.clone()),
            ))
        })
    }

    pub(crate) fn key_show(
        &mut self,
        who: &str,
        vault: &str,
        name: &str,
        version: Option<&VersionRef>,
    ) -> Result<Outcome, SimError> {
        let (id, kty, size, a) = self.key_get(who, vault, name, version)?;
        Ok(Outcome::with(
            format!("key {vault}/{name}"),
            vec![
                format!("kid: {}", key_url(vault, name, &id)),
                format!("kty: {kty:?} {size}"),
                attr_line(&a),
            ],
        ))
    }

    /// `key list-versions`, `secret list-versions`: every version of a live object, oldest first.
    pub(crate) fn object_list_versions(
        &mut self,
        kind: ObjectKind,
        who: &str,
        vault: &str,
        name: &str,
    ) -> Result<Outcome, SimError> {
        let lines = self.vault_call(
            CallSpec::new(who, vault, kind.op(ObjectCall::ListVersions), name),
            None,
            |w| {
                let o = w.vault_ref(vault)?.live_object(kind, name)?;
                Ok((o.version_lines(), None))
            },
        )?;
        Ok(Outcome::with(
            format!("versions of {} {vault}/{name}", kind.name()),
            lines,
        ))
    }

    /// `key list`, `secret list`: the live names (Azure Backup's enumeration, R13).
    pub(crate) fn object_list(
        &mut self,
        kind: ObjectKind,
        who: &str,
        vault: &str,
    ) -> Result<Vec<String>, SimError> {
        self.vault_call(
            CallSpec::new(who, vault, kind.op(ObjectCall::List), ""),
            None,
            |w| Ok((w.vault_ref(vault)?.live_names(kind), None)),
        )
    }

    /// `key set-attributes`, `secret set-attributes`: enable, disable or set the expiry of one
    /// version (R7, R8).
    pub(crate) fn object_set_attributes(
        &mut self,
        kind: ObjectKind,
        who: &str,
        vault: &str,
        name: &str,
        version: Option<&VersionRef>,
        change: AttributeChange,
    ) -> Result<Outcome, SimError> {
        let AttributeChange { enabled, expires } = change;
        let (id, line) = self.vault_call(
            CallSpec::new(who, vault, kind.op(ObjectCall::Update), name),
            None,
            |w| {
                let (id, a) = w
                    .vault_mut(vault)?
                    .live_attributes_mut(kind, name, version)?;
                if let Some(e) = enabled {
                    a.enabled = e;
                }
                if let Some(d) = expires {
                    a.exp = Some(SimTime::from_date(d));
                }
                Ok(((id.clone(), attr_line(a)), Some(id)))
            },
        )?;
        let word = kind.name();
        self.state(
            AssetId::object(kind, vault, name),
            format!("version {id}: {line}"),
        );
        Ok(Outcome::with(
            format!("{word} {vault}/{name} updated"),
            vec![line],
        ))
    }

    pub(crate) fn key_wrap(
        &mut self,
        who: &str,
        vault: &str,
        name: &str,
        version: &str,
        key: &SymKey,
    ) -> Result<Vec<u8>, SimError> {
        let now = self.now();
        self.vault_call(
            CallSpec::new(who, vault, VOp::KeyWrap, name),
            Some(version.to_owned()),
            |w| {
                let v = w.usable_version(vault, name, version)?;
                let a = v.attributes;
                if a.exp.is_some_and(|e| now >= e) || a.nbf.is_some_and(|n| now < n) {
                    return Err(SimError::new(
                        ErrorCode::OperationNotAllowed,
                        format!("key {name}/{version} is expired or not yet valid: wrapKey is refused (R7)"),
                    ));
                }
                let material = w.hsm_unseal(vault, name, &v)?;
                let wrapped = material.wrap(w.rng(), &wrap_aad(name, version), key);
                Ok((wrapped, None))
            },
        )
    }

    /// `unwrapKey` with one key version (R7: works even when expired), real AES-GCM.
    pub(crate) fn key_unwrap(
        &mut self,
        who: &str,
        vault: &str,
        name: &str,
        version: &str,
        wrapped: &[u8],
    ) -> Result<SymKey, SimError> {
        self.vault_call(
            CallSpec::new(who, vault, VOp::KeyUnwrap, name),
            Some(version.to_owned()),
            |w| {
                let v = w.usable_version(vault, name, version)?;
                let material = w.hsm_unseal(vault, name, &v)?;
                let k = w
                    .unwrap_sealed(&material, &wrap_aad(name, version), wrapped)
                    .map_err(|_| {
                        SimError::new(
                            ErrorCode::BadParameter,
                            format!(
                                "unwrapKey: the ciphertext does not decrypt under {name}/{version}"
                            ),
                        )
                    })?;
                Ok((k, None))
            },
        )
    }

    /// A live, enabled key version (R7: a disabled version refuses everything).
    fn usable_version(
        &self,
        vault: &str,
        name: &str,
        version: &str,
    ) -> Result<KeyVersion, SimError> {
        let k = self.vault_ref(vault)?.live_key(name)?;
        let v = k.versions.iter().find(|v| v.id == version).ok_or_else(|| {
            SimError::new(
                ErrorCode::KeyNotFound,
                format!("key {vault}/{name}/{version} not found"),
            )
        })?;
        if !v.attributes.enabled {
            return Err(SimError::new(
                ErrorCode::KeyDisabled,
                format!("key {vault}/{name}/{version} is disabled (R7)"),
            ));
        }
        Ok(v.clone())
    }

    /// Whether `principal` could unwrap with this version right now, without making the call:
    /// the CMK platform's background probe (R33), which only records a call when it gives up.
    pub(crate) fn probe_unwrap(
        &self,
        principal: &str,
        vault: &str,
        name: &str,
        version: &str,
    ) -> Result<(), SimError> {
        self.vault_ref(vault)?;
        self.authorize(principal, vault, crate::authz::Op::Key(KeyPerm::UnwrapKey))?;
        self.usable_version(vault, name, version).map(|_| ())
    }

    // ---- backup and restore of keys and secrets (R24-R27) ----

    /// `key backup`, `secret backup`: all versions, sealed under the geography's HSM root with
    /// the subscription as associated data (R24, R25).
    pub(crate) fn object_backup_blob(
        &mut self,
        kind: ObjectKind,
        who: &str,
        vault: &str,
        name: &str,
    ) -> Result<Vec<u8>, SimError> {
        self.vault_call(
            CallSpec::new(who, vault, kind.op(ObjectCall::Backup), name),
            None,
            |w| {
                let plain = w.backup_plain(kind, vault, name)?;
                Ok((w.seal_blob(vault, &plain)?, None))
            },
        )
    }

    /// What a backup blob holds before it is sealed: the kind's tag, the name, what the kind
    /// keeps beside its versions, then every version.
    fn backup_plain(&self, kind: ObjectKind, vault: &str, name: &str) -> Result<Vec<u8>, SimError> {
        let object = self.vault_ref(vault)?.live_object(kind, name)?;
        let count = object.version_count();
        if count > MAX_BACKUP_VERSIONS {
            return Err(SimError::new(
                ErrorCode::BadParameter,
                format!(
                    "{} {name} has {count} versions: backup is limited to {MAX_BACKUP_VERSIONS} (R6)",
                    kind.name()
                ),
            ));
        }
        let mut e = Enc::new();
        e.str(kind.backup_tag()).str(name);
        match object {
            LiveObject::Key(k) => {
                e.u64(kty_code(k.kty))
                    .u64(u64::from(k.size))
                    .opt_u64(k.rotate_every_days.map(u64::from))
                    .u64(k.last_rotation.0)
                    .u64(count as u64);
                // The material leaves the HSM only into this blob, which is sealed at once.
                for kv in &k.versions {
                    let m = self.hsm_unseal(vault, name, kv)?;
                    put_attrs(&mut e, &kv.attributes);
                    e.str(&kv.id).bytes(&m.0);
                }
            }
            LiveObject::Secret(s) => {
                e.u64(count as u64);
                for v in &s.versions {
                    put_secret_version(&mut e, v);
                }
            }
        }
        Ok(e.finish())
    }

    pub(crate) fn object_backup(
        &mut self,
        kind: ObjectKind,
        who: &str,
        vault: &str,
        name: &str,
        file: &str,
    ) -> Result<Outcome, SimError> {
        let blob = self.object_backup_blob(kind, who, vault, name)?;
        let detail = kind.backup_detail(blob.len());
        Arc::make_mut(&mut self.files).insert(file.to_owned(), blob);
        let word = kind.name();
        self.state(
            AssetId::File(file.to_owned()),
            format!("{word} backup of {vault}/{name}"),
        );
        Ok(Outcome::msg(format!(
            "{word} {vault}/{name} backed up to {file}{detail}"
        )))
    }

    fn file(&self, file: &str) -> Result<Vec<u8>, SimError> {
        self.files
            .get(file)
            .cloned()
            .ok_or_else(|| SimError::new(ErrorCode::BadParameter, format!("no file named {file}")))
    }

    pub(crate) fn object_restore_file(
        &mut self,
        kind: ObjectKind,
        who: &str,
        vault: &str,
        file: &str,
    ) -> Result<Outcome, SimError> {
        let blob = self.file(file)?;
        let name = self.object_restore_blob(kind, who, vault, &blob)?;
        Ok(Outcome::msg(format!(
            "{} {vault}/{name} restored from {file}",
            kind.name()
        )))
    }

    /// `key restore`, `secret restore`: opens the blob with this vault's geography root and
    /// subscription (a real decryption that fails across the boundary, R25), keeps name and
    /// version ids, and refuses a name in use even soft-deleted (R26).
    pub(crate) fn object_restore_blob(
        &mut self,
        kind: ObjectKind,
        who: &str,
        vault: &str,
        blob: &[u8],
    ) -> Result<String, SimError> {
        let name = self.vault_call(
            CallSpec::new(who, vault, kind.op(ObjectCall::Restore), ""),
            None,
            |w| {
                let plain = w.open_blob(vault, blob)?;
                let mut d = Dec::new(&plain);
                if d.str().as_deref() != Some(kind.backup_tag()) {
                    return Err(kind.malformed_backup());
                }
                let name = d.str().ok_or_else(|| kind.malformed_backup())?;
                match kind {
                    ObjectKind::Key => w.restore_key(vault, &name, &mut d)?,
                    ObjectKind::Secret => w.restore_secret(vault, &name, &mut d)?,
                }
                Ok((name, None))
            },
        )?;
        self.state(
            AssetId::object(kind, vault, &name),
            "restored from backup with all its versions",
        );
        Ok(name)
    }

    /// The rest of a key's blob: its type, size and rotation policy, then each version's
    /// material, sealed again under this vault's HSM root.
    fn restore_key(&mut self, vault: &str, name: &str, d: &mut Dec<'_>) -> Result<(), SimError> {
        let invalid = || ObjectKind::Key.malformed_backup();
        let kty = kty_from(d.u64().ok_or_else(invalid)?);
        let size = u32::try_from(d.u64().ok_or_else(invalid)?).map_err(|_| invalid())?;
        let rot = d.opt_u64().ok_or_else(invalid)?;
        let last = SimTime(d.u64().ok_or_else(invalid)?);
        let n = d.u64().ok_or_else(invalid)?;
        self.restore_name_free(ObjectKind::Key, vault, name)?;
        let loc = self.vault_ref(vault)?.location.clone();
        let root = self.hsm_root(&loc)?.clone();
        let mut versions = Vec::new();
        for _ in 0..n {
            let attributes = get_attrs(d).ok_or_else(invalid)?;
            let id = d.str().ok_or_else(invalid)?;
            let m = d.bytes().ok_or_else(invalid)?;
            let sealed = root.seal(self.rng(), &material_aad(name, &id), m);
            versions.push(KeyVersion {
                id,
                attributes,
                sealed,
            });
        }
        self.vault_mut(vault)?.keys.insert(
            name.to_owned(),
            Arc::new(Key {
                name: name.to_owned(),
                kty,
                size,
                versions,
                deleted: None,
                rotate_every_days: rot.and_then(|r| u32::try_from(r).ok()),
                last_rotation: last,
            }),
        );
        Ok(())
    }

    /// The rest of a secret's blob: its versions, values, tags and content types as they were.
    fn restore_secret(&mut self, vault: &str, name: &str, d: &mut Dec<'_>) -> Result<(), SimError> {
        let invalid = || ObjectKind::Secret.malformed_backup();
        let n = d.u64().ok_or_else(invalid)?;
        self.restore_name_free(ObjectKind::Secret, vault, name)?;
        let mut versions = Vec::new();
        for _ in 0..n {
            versions.push(get_secret_version(d).ok_or_else(invalid)?);
        }
        self.vault_mut(vault)?.secrets.insert(
            name.to_owned(),
            Arc::new(Secret {
                name: name.to_owned(),
                versions,
                deleted: None,
            }),
        );
        Ok(())
    }

    /// A restore refuses a name in use, even by a soft-deleted object (R26).
    fn restore_name_free(&self, kind: ObjectKind, vault: &str, name: &str) -> Result<(), SimError> {
        if self.vault_ref(vault)?.holds(kind, name) {
            return Err(SimError::new(
                ErrorCode::Conflict,
                format!(
                    "a {} named {name} exists in {vault}, live or soft-deleted (R26)",
                    kind.name()
                ),
            ));
        }
        Ok(())
    }

    /// Opens a backup blob (or a recovery point's protected copy) for restore into `vault`.
    pub(crate) fn open_blob(&self, vault: &str, blob: &[u8]) -> Result<Vec<u8>, SimError> {
        let v = self.vault_ref(vault)?;
        self.open_sealed(self.hsm_root(&v.location)?, &backup_aad(&v.subscription), blob)
            .map_err(|_| {
                SimError::new(
                    ErrorCode::BackupBlobInvalid,
                    "Cannot decrypt backup blob: it was made in another geography or subscription (R25)",
                )
            })
    }

    /// Seals bytes as a blob of `vault`'s geography and subscription.
    pub(crate) fn seal_blob(&mut self, vault: &str, plain: &[u8]) -> Result<Vec<u8>, SimError> {
        let v = self.vault_ref(vault)?;
        let (loc, sub) = (v.location.clone(), v.subscription.clone());
        let root = self.hsm_root(&loc)?.clone();
        Ok(root.seal(self.rng(), &backup_aad(&sub), plain))
    }

    // ---- secrets ----

    /// `secret set`: adds a version (R6); a soft-deleted name is refused (R21).
    pub(crate) fn secret_set(
        &mut self,
        who: &str,
        vault: &str,
        name: &str,
        value: &str,
        content_type: Option<String>,
        tags: NameMap<String>,
    ) -> Result<String, SimError> {
        let version =
            self.vault_call(CallSpec::new(who, vault, VOp::SecretSet, name), None, |w| {
                if w.vault_ref(vault)?
                    .secrets
                    .get(name)
                    .is_some_and(|s| s.deleted.is_some())
                {
                    return Err(SimError::new(
                        ErrorCode::Conflict,
                        format!(
                            "secret {vault}/{name} is soft-deleted: recover or purge it first (R21)"
                        ),
                    ));
                }
                let id = w.rng().hex(16);
                let now = w.now();
                let v = w.vault_mut(vault)?;
                let s = Arc::make_mut(v.secrets.get_or_insert_with(name, || {
                    Arc::new(Secret {
                        name: name.to_owned(),
                        versions: Vec::new(),
                        deleted: None,
                    })
                }));
                s.versions.push(SecretVersion {
                    id: id.clone(),
                    attributes: Attributes {
                        enabled: true,
                        nbf: None,
                        exp: None,
                        created: now,
                    },
                    content_type,
                    tags,
                    value: value.to_owned(),
                });
                Ok((id.clone(), Some(id)))
            })?;
        self.state(
            AssetId::secret(vault, name),
            format!("version {version} added"),
        );
        Ok(version)
    }

    /// `secret get` of one version (latest if `None`); disabled refuses, exp/nbf do not (R8).
    pub(crate) fn secret_get(
        &mut self,
        who: &str,
        vault: &str,
        name: &str,
        version: Option<&VersionRef>,
    ) -> Result<FetchedSecret, SimError> {
        let hint = match version {
            Some(VersionRef::Id(id)) => Some(id.clone()),
            _ => None,
        };
        self.vault_call(CallSpec::new(who, vault, VOp::SecretGet, name), hint, |w| {
            let s = w.vault_ref(vault)?.live_secret(name)?;
            let ids: Vec<&str> = s.versions.iter().map(|v| v.id.as_str()).collect();
            let i = pick_version(&ids, version, ErrorCode::SecretNotFound, name)?;
            let v = &s.versions[i];
            if !v.attributes.enabled {
                return Err(SimError::new(
                    ErrorCode::SecretDisabled,
                    format!("secret {vault}/{name}/{} is disabled (R8)", v.id),
                ));
            }
            Ok((
                FetchedSecret {
                    version: v.id.clone(),
                    value: v.value.clone(),
                    content_type: v.content_type.clone(),
                    tags: v.tags.clone(),
                },
                Some(v.id.clone()),
            ))
        })
    }

    pub(crate) fn secret_show(
        &mut self,
        who: &str,
        vault: &str,
        name: &str,
        version: Option<&VersionRef>,
    ) -> Result<Outcome, SimError> {
        let s = self.secret_get(who, vault, name, version)?;
        let mut lines = vec![
            format!("id: {}", secret_url(vault, name, &s.version)),
            format!("value: {}", s.value),
        ];
        if let Some(ct) = &s.content_type {
            lines.push(format!("contentType: {ct}"));
        }
        lines.extend(s.tags.iter().map(|(k, v)| format!("tag {k}: {v}")));
        Ok(Outcome::with(format!("secret {vault}/{name}"), lines))
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
