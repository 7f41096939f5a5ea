//! Keys and secrets: create, rotate, versions, attributes, wrap and unwrap, soft delete and
//! purge, shared by both kinds where Azure shares them (R3-R9, R20-R23, R33, R34).

use super::*;
use crate::command::{KeyCreate, RotationPolicySpec, SecretSet};
use crate::world::RotationPolicy;

/// One vault's keys and secrets, borrowed for the body of a call [`World::vault_call`] let
/// through, in the manner of quinn-proto's `Streams<'a>`: the vault, the effects (the clock and
/// the random generator new versions draw from) and the HSM roots new key material is sealed
/// under. A body holding it can change this vault's objects and nothing else of the world.
/// Calls that open sealed material (wrap, unwrap, backup blobs) stay on the `World`, whose probe
/// memoises the opening during a what-if run.
pub(crate) struct Objects<'a> {
    vault: &'a mut Vault,
    fx: &'a mut Effects,
    hsm_roots: &'a [SymKey],
}

/// What a new secret version carries besides its value: content type, tags (R3) and its own
/// attributes as `secret set` gives them (R8). The default is enabled, with no dates.
#[derive(Debug, Clone, Default)]
pub(crate) struct NewSecretVersion {
    pub(crate) content_type: Option<String>,
    pub(crate) tags: NameMap<String>,
    pub(crate) disabled: bool,
    pub(crate) not_before: Option<SimTime>,
    pub(crate) expires: Option<SimTime>,
}

impl World {
    /// The live vault `name`'s keys and secrets, for a call's body.
    pub(super) fn objects(&mut self, name: &str) -> Result<Objects<'_>, SimError> {
        match self.vaults.get_mut(name) {
            Some(vault) if vault.deleted.is_none() => Ok(Objects {
                vault,
                fx: &mut self.fx,
                hsm_roots: &self.hsm_roots[..],
            }),
            _ => Err(SimError::new(
                ErrorCode::VaultNotFound,
                format!("vault {name} not found"),
            )),
        }
    }

    /// One `vault_call` of `at` whose body changes only that vault's objects: no version for the
    /// event, what `body` returns for the handler.
    fn object_write<T>(
        &mut self,
        at: ObjectAt<'_>,
        call: ObjectCall,
        body: impl FnOnce(&mut Objects<'_>) -> Result<T, SimError>,
    ) -> Result<T, SimError> {
        self.vault_call(at.spec(call), None, |w| {
            Ok((body(&mut w.objects(at.vault)?)?, None))
        })
    }

    /// Records `change` as the state event of `at`'s object, and answers
    /// `"<kind> <vault>/<name> <done>"`.
    fn object_changed(
        &mut self,
        at: ObjectAt<'_>,
        change: impl Into<String>,
        done: &str,
    ) -> Outcome {
        let ObjectAt {
            kind, vault, name, ..
        } = at;
        let message = format!("{} {vault}/{name} {done}", kind.name());
        self.changed(AssetId::object(kind, vault, name), change, message)
    }

    /// The HSM unseals a version's material for one operation.
    pub(super) fn hsm_unseal(
        &self,
        vault: &str,
        name: &str,
        v: &KeyVersion,
    ) -> Result<SymKey, SimError> {
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

    pub(crate) fn key_create(&mut self, who: &str, args: &KeyCreate) -> Result<Outcome, SimError> {
        let (vault, name) = (args.vault.as_str(), args.name.as_str());
        let kty = args.kty.unwrap_or(KeyType::Rsa);
        let version =
            self.vault_call(CallSpec::new(who, vault, VOp::KeyCreate, name), None, |w| {
                let size = match kty {
                    KeyType::Rsa | KeyType::RsaHsm => {
                        let s = args.size.unwrap_or(2048);
                        if ![2048, 3072, 4096].contains(&s) {
                            return Err(SimError::new(
                                ErrorCode::BadParameter,
                                format!("RSA keys are 2048, 3072 or 4096 bits, not {s}"),
                            ));
                        }
                        s
                    }
                    KeyType::Ec | KeyType::EcHsm => args.size.unwrap_or(256),
                    KeyType::Oct => {
                        return Err(SimError::new(
                            ErrorCode::BadParameter,
                            "oct keys need a Managed HSM",
                        ));
                    }
                };
                let dates = AttributeChange {
                    enabled: args.disabled.then_some(false),
                    expires: args.expires,
                    not_before: args.not_before,
                };
                let id = w.objects(vault)?.create_key(name, (kty, size), dates)?;
                Ok((id.clone(), Some(id)))
            })?;
        self.fx.state(
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
                let id = w.objects(vault)?.rotate_key(name)?;
                Ok((id.clone(), Some(id)))
            },
        )?;
        self.fx.state(
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
    /// it is audited as `KeyRotateIfDue` under the service's name and does not go through
    /// [`World::authorize`].
    pub(crate) fn run_rotation_policies(&mut self, lines: &mut Vec<String>) {
        let now = self.now();
        let due = self
            .vaults
            .deadlines_reached(now)
            .into_iter()
            .filter_map(|d| match d {
                crate::world::tracked::Deadline::KeyRotation(vault, key) => Some((vault, key)),
                _ => None,
            });
        for (vault, name) in due {
            let Ok(mut o) = self.objects(&vault) else {
                continue;
            };
            let Ok(kv) = o.rotated_version(&name) else {
                continue;
            };
            let id = kv.id.clone();
            if let Some(k) = o.vault.keys.get_mut(&name).map(Arc::make_mut) {
                k.versions.push(kv);
                k.last_rotation = now;
            }
            // Learn's operation table: `KeyRotateIfDue` is the "scheduled automated key rotation
            // operation based on defined rotation policy", not a caller's POST to `/rotate`
            // (`KeyRotate`); the URI names the version it made.
            self.fx.audit_entry(
                crate::world::KEY_VAULT_SERVICE,
                &vault,
                "KeyRotateIfDue",
                format!("https://{vault}.vault.azure.net/keys/{name}/{id}?api-version=7.4"),
                200,
                "rotated by the key's rotation policy".to_owned(),
            );
            self.fx.state(
                AssetId::key(&vault, &name),
                format!("rotation policy added version {id}"),
            );
            lines.push(format!("key {vault}/{name} rotated by policy: {id}"));
        }
    }

    /// `rotation-policy update`: Key Vault checks the policy (its minimums, below) and keeps it;
    /// the clock then rotates by it (R34) and rotations stamp `expiryTime` on the new version.
    pub(crate) fn key_rotation_policy(
        &mut self,
        who: &str,
        vault: &str,
        name: &str,
        spec: &RotationPolicySpec,
    ) -> Result<Outcome, SimError> {
        let now = self.now();
        check_rotation_policy(spec, now)?;
        self.vault_call(
            CallSpec::new(who, vault, VOp::KeyRotationPolicy, name),
            None,
            |w| {
                let k = w.vault_mut(vault)?.live_key_mut(name)?;
                let created = k.rotation_policy.as_ref().map_or(now, |p| p.created);
                k.rotation_policy = Some(RotationPolicy {
                    spec: spec.clone(),
                    created,
                    updated: now,
                });
                Ok(((), None))
            },
        )?;
        let due = self
            .vault(vault)
            .and_then(|v| v.keys.get(name))
            .and_then(|k| k.rotation_due());
        let what = match due {
            Some(t) => format!("next rotation {}", t.date_string()),
            None => "no scheduled rotation".to_owned(),
        };
        Ok(self.changed(
            AssetId::key(vault, name),
            format!("rotation policy set: {what}"),
            format!("key {vault}/{name} rotation policy set: {what}"),
        ))
    }

    /// `rotation-policy show`: a GET of the key's policy (`keys/getrotationpolicy`).
    pub(crate) fn key_rotation_policy_show(
        &mut self,
        who: &str,
        vault: &str,
        name: &str,
    ) -> Result<Outcome, SimError> {
        self.vault_call(
            CallSpec::new(who, vault, VOp::KeyRotationPolicyGet, name),
            None,
            |w| {
                w.vault_mut(vault)?.live_key(name)?;
                Ok(((), None))
            },
        )?;
        Ok(Outcome::with(
            format!("key {vault}/{name} rotation policy"),
            Vec::new(),
        ))
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
        let at = ObjectAt {
            who,
            kind,
            vault,
            name,
        };
        match op {
            ObjectOp::Show { version } => self.object_show(at, version.as_ref()),
            ObjectOp::ListVersions => self.object_list_versions(at),
            ObjectOp::SetAttributes {
                version,
                enabled,
                expires,
                not_before,
            } => self.object_set_attributes(
                at,
                version.as_ref(),
                AttributeChange {
                    enabled: *enabled,
                    expires: *expires,
                    not_before: *not_before,
                },
            ),
            ObjectOp::Delete => self.object_delete(at),
            ObjectOp::Recover => self.object_recover(at),
            ObjectOp::Purge => self.object_purge(at),
            ObjectOp::ShowDeleted => self.object_show_deleted(at),
            ObjectOp::Backup { file } => self.object_backup(at, file),
            ObjectOp::Download {
                version,
                file,
                overwrite,
                ..
            } => self.object_download(at, version.as_ref(), file, *overwrite),
        }
    }

    /// `key delete`, `secret delete`: soft delete, the only delete there is (R20, R21).
    pub(crate) fn object_delete(&mut self, at: ObjectAt<'_>) -> Result<Outcome, SimError> {
        let d = self.object_write(at, ObjectCall::Delete, |o| o.soft_delete(at.kind, at.name))?;
        Ok(self.object_changed(
            at,
            format!("soft-deleted; purged automatically at {}", d.purge_at),
            &format!("soft-deleted (scheduled purge {})", d.purge_at),
        ))
    }

    /// `key recover`, `secret recover`: back from soft delete with every version (R21).
    pub(crate) fn object_recover(&mut self, at: ObjectAt<'_>) -> Result<Outcome, SimError> {
        self.object_write(at, ObjectCall::Recover, |o| o.recover(at.kind, at.name))?;
        Ok(self.object_changed(at, "recovered", "recovered"))
    }

    /// `key purge`, `secret purge`: gone for good, unless purge protection holds it until its
    /// retention ends (R22).
    pub(crate) fn object_purge(&mut self, at: ObjectAt<'_>) -> Result<Outcome, SimError> {
        self.object_write(at, ObjectCall::Purge, |o| o.purge(at.kind, at.name))?;
        Ok(self.object_changed(at, "purged", "purged"))
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

    /// `key list-versions`, `secret list-versions`: every version of a live object, oldest first.
    pub(crate) fn object_list_versions(&mut self, at: ObjectAt<'_>) -> Result<Outcome, SimError> {
        let (kind, vault, name) = (at.kind, at.vault, at.name);
        let lines = self.vault_call(at.spec(ObjectCall::ListVersions), None, |w| {
            let o = w.vault_ref(vault)?.live_object(kind, name)?;
            Ok((o.version_lines(), None))
        })?;
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

    /// `key list`, `secret list` (the live objects, each with its newest version) and
    /// `list-deleted` (the soft-deleted ones, with when they were deleted and when they are
    /// purged, R21). az: `list_keys`/`list_deleted_keys` and the secrets' alike (azure-cli
    /// keyvault `commands.py`).
    pub(crate) fn object_list_command(
        &mut self,
        kind: ObjectKind,
        who: &str,
        vault: &str,
        deleted: bool,
    ) -> Result<Outcome, SimError> {
        let call = if deleted {
            ObjectCall::ListDeleted
        } else {
            ObjectCall::List
        };
        let lines = self.vault_call(CallSpec::new(who, vault, kind.op(call), ""), None, |w| {
            let all = w.vault_ref(vault)?.object_summaries(kind);
            let lines = all
                .iter()
                .filter_map(|o| match (deleted, o.deleted) {
                    (false, None) => Some(format!(
                        "{} {} {}",
                        o.name,
                        o.url(kind, vault),
                        o.attributes_line()
                    )),
                    (true, Some(d)) => Some(format!(
                        "{} deletedDate={} scheduledPurgeDate={} {}",
                        o.name,
                        d.deleted_at,
                        d.purge_at,
                        o.recovery_id(kind, vault)
                    )),
                    _ => None,
                })
                .collect();
            Ok((lines, None))
        })?;
        let word = match kind {
            ObjectKind::Key => "keys",
            ObjectKind::Secret => "secrets",
        };
        let head = if deleted {
            format!("deleted {word} in {vault}")
        } else {
            format!("{word} in {vault}")
        };
        Ok(Outcome::with(head, lines))
    }

    /// `key show-deleted`, `secret show-deleted`: a soft-deleted object, its deletion and its
    /// newest version's attributes; 404 for a live or unknown one (R21). A secret's value is not
    /// shown (az's `get_deleted_secret` returns the deleted secret's properties).
    pub(crate) fn object_show_deleted(&mut self, at: ObjectAt<'_>) -> Result<Outcome, SimError> {
        let (kind, vault, name) = (at.kind, at.vault, at.name);
        let (o, d) = self.vault_call(at.spec(ObjectCall::GetDeleted), None, |w| {
            let all = w.vault_ref(vault)?.object_summaries(kind);
            match all.into_iter().find(|o| o.name == name) {
                Some(o) => match o.deleted {
                    Some(d) => Ok(((o, d), None)),
                    None => Err(kind.deleted_not_found(name)),
                },
                None => Err(kind.deleted_not_found(name)),
            }
        })?;
        let id = match kind {
            ObjectKind::Key => "kid",
            ObjectKind::Secret => "id",
        };
        Ok(Outcome::with(
            format!("deleted {} {vault}/{name}", kind.name()),
            vec![
                format!("recoveryId: {}", o.recovery_id(kind, vault)),
                format!("deletedDate: {}", d.deleted_at),
                format!("scheduledPurgeDate: {}", d.purge_at),
                format!("{id}: {}", o.url(kind, vault)),
                o.attributes_line(),
            ],
        ))
    }

    /// `key set-attributes`, `secret set-attributes`: enable, disable or set the expiry of one
    /// version (R7, R8).
    pub(crate) fn object_set_attributes(
        &mut self,
        at: ObjectAt<'_>,
        version: Option<&VersionRef>,
        change: AttributeChange,
    ) -> Result<Outcome, SimError> {
        let (kind, vault, name) = (at.kind, at.vault, at.name);
        let (id, line) = self.vault_call(at.spec(ObjectCall::Update), None, |w| {
            let (id, line) = w
                .objects(vault)?
                .set_attributes(kind, name, version, change)?;
            Ok(((id.clone(), line), Some(id)))
        })?;
        let word = kind.name();
        self.fx.state(
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
                        ErrorCode::Forbidden,
                        format!("key {name}/{version} is expired or not yet valid: wrapKey is refused; unwrapKey would still work (R7)"),
                    ));
                }
                let material = w.hsm_unseal(vault, name, &v)?;
                let wrapped = material.wrap(w.fx.rng(), &wrap_aad(name, version), key);
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
                format!(
                    "Operation is not allowed on a disabled key: {vault}/{name}/{version} (R7)"
                ),
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
        self.authorize(
            principal,
            vault,
            crate::authz::Op::Key(KeyPerm::UnwrapKey),
            Some(name),
        )?;
        self.usable_version(vault, name, version).map(|_| ())
    }

    // ---- secrets ----

    /// `az keyvault secret set`: a new version with the value, content type, tags and
    /// attributes given (R6, R8).
    pub(crate) fn secret_set_command(
        &mut self,
        who: &str,
        args: &SecretSet,
    ) -> Result<Outcome, SimError> {
        let mut tags: NameMap<String> = inserted(args.tags.iter().cloned());
        // azure-cli `process_secret_set_namespace` always tags the value's encoding
        // (`--encoding`, for `--file`; utf-8 for `--value`), over any tag of that name.
        tags.insert("file-encoding".to_owned(), "utf-8".to_owned());
        let new = NewSecretVersion {
            content_type: args.content_type.clone(),
            tags,
            disabled: args.disabled,
            not_before: args.not_before.map(SimTime::from_date),
            expires: args.expires.map(SimTime::from_date),
        };
        let (vault, name) = (&args.vault, &args.name);
        let v = self.secret_set(who, vault, name, &args.value, new)?;
        Ok(Outcome::msg(format!(
            "secret {vault}/{name} version {v} set"
        )))
    }

    /// `secret set`: adds a version (R6); a soft-deleted name is refused (R21).
    pub(crate) fn secret_set(
        &mut self,
        who: &str,
        vault: &str,
        name: &str,
        value: &str,
        new: NewSecretVersion,
    ) -> Result<String, SimError> {
        let version =
            self.vault_call(CallSpec::new(who, vault, VOp::SecretSet, name), None, |w| {
                let id = w.objects(vault)?.set_secret(name, value, new)?;
                Ok((id.clone(), Some(id)))
            })?;
        self.fx.state(
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
    ) -> Result<SecretVersion, SimError> {
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
                    format!(
                        "Operation get is not allowed on a disabled secret: {vault}/{name}/{} (R8)",
                        v.id
                    ),
                ));
            }
            Ok((v.clone(), Some(v.id.clone())))
        })
    }

    /// `key show`, `secret show`: one version (the newest by default), with a secret's value.
    pub(crate) fn object_show(
        &mut self,
        at: ObjectAt<'_>,
        version: Option<&VersionRef>,
    ) -> Result<Outcome, SimError> {
        let ObjectAt {
            who, vault, name, ..
        } = at;
        match at.kind {
            ObjectKind::Key => {
                let (id, kty, size, a) = self.key_get(who, vault, name, version)?;
                let lines = vec![
                    format!("kid: {}", key_url(vault, name, &id)),
                    format!("kty: {kty:?} {size}"),
                    attr_line(&a),
                ];
                Ok(Outcome::with(format!("key {vault}/{name}"), lines))
            }
            ObjectKind::Secret => {
                let s = self.secret_get(who, vault, name, version)?;
                let mut lines = vec![
                    format!("id: {}", secret_url(vault, name, &s.id)),
                    format!("value: {}", s.value),
                ];
                if let Some(ct) = &s.content_type {
                    lines.push(format!("contentType: {ct}"));
                }
                lines.extend(s.tags.iter().map(|(k, v)| format!("tag {k}: {v}")));
                Ok(Outcome::with(format!("secret {vault}/{name}"), lines))
            }
        }
    }
}

impl Objects<'_> {
    /// A new version of key `name`: fresh material sealed under the vault's region's HSM root.
    /// A version made by a rotation, on demand or by the policy: a new version whose expiry is
    /// the policy's `expiryTime` after now, when the policy has one.
    fn rotated_version(&mut self, name: &str) -> Result<KeyVersion, SimError> {
        let expiry = self
            .vault
            .keys
            .get(name)
            .and_then(|k| k.rotation_policy.as_ref())
            .and_then(|p| p.spec.expiry_time);
        let mut kv = self.new_key_version(name)?;
        if let Some(e) = expiry {
            kv.attributes.exp = Some(self.fx.now.plus_period(e));
        }
        Ok(kv)
    }

    fn new_key_version(&mut self, name: &str) -> Result<KeyVersion, SimError> {
        let id = self.fx.rng().hex(16);
        let material = self.fx.rng().key();
        let root = hsm_root(self.hsm_roots, &self.vault.location)?.clone();
        let sealed = root.seal(self.fx.rng(), &material_aad(name, &id), &material.0);
        Ok(KeyVersion {
            id,
            attributes: Attributes {
                enabled: true,
                nbf: None,
                exp: None,
                created: self.fx.now,
            },
            sealed,
        })
    }

    /// `key create` of a checked type and size: a new key, or a new version of a live one.
    fn create_key(
        &mut self,
        name: &str,
        (kty, size): (KeyType, u32),
        dates: AttributeChange,
    ) -> Result<String, SimError> {
        let v = &*self.vault;
        if matches!(kty, KeyType::RsaHsm | KeyType::EcHsm) && v.sku == Sku::Standard {
            // The service's answer (azure-docs issue 63888): only premium vaults hold
            // HSM-protected keys.
            return Err(SimError::new(
                ErrorCode::Forbidden,
                "Hardware key operation not allowed on standard vault",
            ));
        }
        if let Some(Some(_)) = v.keys.get(name).map(|k| k.deleted) {
            return Err(ObjectKind::Key.deleted_conflict(name));
        }
        let mut kv = self.new_key_version(name)?;
        // az's `create_key` sends `expires_on`, `not_before` and `enabled` with the key (R7).
        if let Some(enabled) = dates.enabled {
            kv.attributes.enabled = enabled;
        }
        kv.attributes.exp = dates.expires.map(SimTime::from_date);
        kv.attributes.nbf = dates.not_before.map(SimTime::from_date);
        let id = kv.id.clone();
        let now = self.fx.now;
        let key = Arc::make_mut(self.vault.keys.get_or_insert_with(name, || {
            Arc::new(Key {
                name: name.to_owned(),
                kty,
                size,
                versions: Vec::new(),
                deleted: None,
                rotation_policy: None,
                last_rotation: now,
            })
        }));
        key.versions.push(kv);
        key.last_rotation = now;
        Ok(id)
    }

    /// A new version of the live key `name` (`key rotate`); its id.
    fn rotate_key(&mut self, name: &str) -> Result<String, SimError> {
        self.vault.live_key(name)?;
        let kv = self.rotated_version(name)?;
        let id = kv.id.clone();
        let now = self.fx.now;
        let key = self.vault.live_key_mut(name)?;
        key.versions.push(kv);
        key.last_rotation = now;
        Ok(id)
    }

    /// `secret set`: a new version of secret `name` (R6); a soft-deleted name is refused (R21).
    fn set_secret(
        &mut self,
        name: &str,
        value: &str,
        new: NewSecretVersion,
    ) -> Result<String, SimError> {
        if self
            .vault
            .secrets
            .get(name)
            .is_some_and(|s| s.deleted.is_some())
        {
            return Err(ObjectKind::Secret.deleted_conflict(name));
        }
        let id = self.fx.rng().hex(16);
        let now = self.fx.now;
        let s = Arc::make_mut(self.vault.secrets.get_or_insert_with(name, || {
            Arc::new(Secret {
                name: name.to_owned(),
                versions: Vec::new(),
                deleted: None,
            })
        }));
        s.versions.push(SecretVersion {
            id: id.clone(),
            attributes: Attributes {
                enabled: !new.disabled,
                nbf: new.not_before,
                exp: new.expires,
                created: now,
            },
            content_type: new.content_type,
            tags: new.tags,
            value: value.to_owned(),
        });
        Ok(id)
    }

    /// `set-attributes` on one version of a live key or secret (R7, R8): its id and its
    /// attributes as az shows them.
    fn set_attributes(
        &mut self,
        kind: ObjectKind,
        name: &str,
        version: Option<&VersionRef>,
        change: AttributeChange,
    ) -> Result<(String, String), SimError> {
        let (id, a) = self.vault.live_attributes_mut(kind, name, version)?;
        if let Some(e) = change.enabled {
            a.enabled = e;
        }
        if let Some(d) = change.expires {
            a.exp = Some(SimTime::from_date(d));
        }
        if let Some(d) = change.not_before {
            a.nbf = Some(SimTime::from_date(d));
        }
        Ok((id, attr_line(a)))
    }

    /// Soft-deletes a live key or secret (R20, R21): its deletion, purged when the vault's
    /// retention ends.
    fn soft_delete(&mut self, kind: ObjectKind, name: &str) -> Result<Deletion, SimError> {
        let d = self.vault.deletion(self.fx.now);
        *self.vault.live_deletion_slot(kind, name)? = Some(d);
        Ok(d)
    }

    /// Brings a soft-deleted key or secret back with every version (R21).
    fn recover(&mut self, kind: ObjectKind, name: &str) -> Result<(), SimError> {
        match self.vault.deletion_slot(kind, name) {
            Some(slot) if slot.is_some() => {
                *slot = None;
                Ok(())
            }
            _ => Err(kind.deleted_not_found(name)),
        }
    }

    /// Removes a soft-deleted key or secret for good, unless purge protection holds it until
    /// its retention ends (R22).
    fn purge(&mut self, kind: ObjectKind, name: &str) -> Result<(), SimError> {
        let now = self.fx.now;
        let v = &mut *self.vault;
        let protection = v.purge_protection;
        let Some(d) = v.deletion_slot(kind, name).and_then(|slot| *slot) else {
            return Err(kind.deleted_not_found(name));
        };
        if protection && now < d.purge_at {
            let vault = &v.name;
            return Err(SimError::new(
                ErrorCode::Forbidden,
                format!(
                    "Operation \"purge\" is not allowed because purge protection is enabled for this vault. Key Vault service will automatically purge it after the retention period has passed. ({vault}/{name}: on {}, R22)",
                    d.purge_at
                ),
            ));
        }
        v.remove_object(kind, name);
        Ok(())
    }
}

/// Key Vault's checks of a rotation policy, each a `BadParameter` (400): `expiryTime` at least 28
/// days; every trigger at least 7 days; a rotation at least 7 days before the version expires
/// (`timeAfterCreate` at most `expiryTime` less 7 days, `timeBeforeExpiry` at most `expiryTime`
/// less 7 days); a `Rotate` before expiry only with an `expiryTime`; one action of each type.
/// Periods are compared from `now` on the simulated calendar, so `P1M` is the month it spans.
fn check_rotation_policy(spec: &RotationPolicySpec, now: SimTime) -> Result<(), SimError> {
    use crate::command::{PolicyAction, PolicyTrigger};
    use crate::time::SimDuration;
    let bad = |m: String| Err(SimError::new(ErrorCode::BadParameter, m));
    let expires = spec.expiry_time.map(|e| now.plus_period(e));
    if let (Some(e), Some(at)) = (spec.expiry_time, expires)
        && at < now.plus(SimDuration::days(28))
    {
        return bad(format!(
            "expiryTime {e} is too short: a rotation policy's expiry time must be at least 28 days"
        ));
    }
    for kind in [PolicyAction::Rotate, PolicyAction::Notify] {
        if spec
            .lifetime_actions
            .iter()
            .filter(|a| a.action == kind)
            .count()
            > 1
        {
            return bad(format!(
                "the policy has more than one {} action: Key Vault takes one Rotate and one Notify",
                kind.name()
            ));
        }
    }
    for a in &spec.lifetime_actions {
        let (t, field) = match a.trigger {
            PolicyTrigger::AfterCreate(t) => (t, "timeAfterCreate"),
            PolicyTrigger::BeforeExpiry(t) => (t, "timeBeforeExpiry"),
        };
        if now.plus_period(t) < now.plus(SimDuration::days(7)) {
            return bad(format!(
                "{field} {t} of the {} action is too short: it must be at least 7 days",
                a.action.name()
            ));
        }
        match (a.trigger, expires) {
            (PolicyTrigger::BeforeExpiry(_), None) if a.action == PolicyAction::Rotate => {
                return bad(format!(
                    "timeBeforeExpiry {t} needs attributes.expiryTime: a rotation before expiry needs versions that expire"
                ));
            }
            (PolicyTrigger::AfterCreate(t), Some(at))
                if now.plus_period(t).plus(SimDuration::days(7)) > at =>
            {
                return bad(format!(
                    "timeAfterCreate {t} is too close to expiryTime: rotation must come at least 7 days before the version expires"
                ));
            }
            (PolicyTrigger::BeforeExpiry(t), Some(at))
                if at.minus_period(t) < now.plus(SimDuration::days(7)) =>
            {
                return bad(format!(
                    "timeBeforeExpiry {t} is too long for expiryTime: it must leave at least 7 days after the version is created"
                ));
            }
            _ => {}
        }
    }
    Ok(())
}
