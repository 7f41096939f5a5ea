//! Backup and restore blobs of keys and secrets: sealed under the geography's HSM root, bound
//! to the subscription (R24-R27).

use super::*;

impl World {
    // ---- backup and restore of keys and secrets (R24-R27) ----

    /// `key backup`, `secret backup`: all versions, sealed under the geography's HSM root with
    /// the subscription as associated data (R24, R25).
    pub(crate) fn object_backup_blob(&mut self, at: ObjectAt<'_>) -> Result<Vec<u8>, SimError> {
        let (kind, vault, name) = (at.kind, at.vault, at.name);
        self.vault_call(at.spec(ObjectCall::Backup), None, |w| {
            let plain = w.backup_plain(kind, vault, name)?;
            Ok((w.seal_blob(vault, &plain)?, None))
        })
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
                e.u64(kty_code(k.kty)).u64(u64::from(k.size));
                // No policy writes the one 0 it always wrote; a policy its JSON and times.
                match &k.rotation_policy {
                    None => e.u64(0),
                    Some(p) => e
                        .u64(2)
                        .str(&p.spec.to_json())
                        .u64(p.created.0)
                        .u64(p.updated.0),
                };
                e.u64(k.last_rotation.0).u64(count as u64);
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
        at: ObjectAt<'_>,
        file: &str,
    ) -> Result<Outcome, SimError> {
        let (kind, vault, name) = (at.kind, at.vault, at.name);
        let blob = self.object_backup_blob(at)?;
        let detail = kind.backup_detail(blob.len());
        Arc::make_mut(&mut self.files).insert(file.to_owned(), blob);
        let word = kind.name();
        Ok(self.changed(
            AssetId::File(file.to_owned()),
            format!("{word} backup of {vault}/{name}"),
            format!("{word} {vault}/{name} backed up to {file}{detail}"),
        ))
    }

    /// `key download`, `secret download`: read the object as `show` does (keys/get,
    /// secrets/get: the same authorization, the same audit, disabled versions and deleted
    /// objects refused alike) and write what was read to a local file.
    ///
    /// Downloaded files share the namespace of backup files: both stand for the one local
    /// disk the az session writes to, so a download onto a name a backup used is refused as az
    /// refuses it, and a restore from a downloaded file fails as it would on a real disk (what
    /// is written is no backup blob). The content is not kept: nothing in the world reads a
    /// public key or a secret value from a file.
    pub(crate) fn object_download(
        &mut self,
        at: ObjectAt<'_>,
        version: Option<&VersionRef>,
        file: &str,
        overwrite: bool,
    ) -> Result<Outcome, SimError> {
        // az checks the file before it calls the vault (azure-cli keyvault `custom.py`,
        // `download_key`, `download_secret`); only `secret download` has `--overwrite`.
        if self.files.contains_key(file) && !overwrite {
            return Err(SimError::cli(match at.kind {
                ObjectKind::Key => format!("File or directory named '{file}' already exists."),
                ObjectKind::Secret => format!(
                    "File '{file}' already exists. Use --overwrite to overwrite the existing file."
                ),
            }));
        }
        let ObjectAt {
            who,
            kind,
            vault,
            name,
        } = at;
        let id = match kind {
            ObjectKind::Key => self.key_get(who, vault, name, version)?.0,
            ObjectKind::Secret => self.secret_get(who, vault, name, version)?.id,
        };
        Arc::make_mut(&mut self.files).insert(file.to_owned(), Vec::new());
        let what = match kind {
            ObjectKind::Key => "public key",
            ObjectKind::Secret => "secret value",
        };
        Ok(self.changed(
            AssetId::File(file.to_owned()),
            format!("{} download of {vault}/{name}", kind.name()),
            format!("{what} of {vault}/{name}/{id} downloaded to {file}"),
        ))
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
        self.fx.state(
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
        let rotation_policy = match d.u64().ok_or_else(invalid)? {
            0 => None,
            2 => {
                let json = d.str().ok_or_else(invalid)?;
                let spec = crate::lang::rotation::policy(&json).map_err(|_| invalid())?;
                let created = SimTime(d.u64().ok_or_else(invalid)?);
                let updated = SimTime(d.u64().ok_or_else(invalid)?);
                Some(crate::world::RotationPolicy {
                    spec,
                    created,
                    updated,
                })
            }
            _ => return Err(invalid()),
        };
        let last = SimTime(d.u64().ok_or_else(invalid)?);
        let n = d.u64().ok_or_else(invalid)?;
        let mut read = Vec::new();
        for _ in 0..n {
            let attributes = get_attrs(d).ok_or_else(invalid)?;
            let id = d.str().ok_or_else(invalid)?;
            let m = d.bytes().ok_or_else(invalid)?;
            read.push((attributes, id, m));
        }
        let newest = read.last().map_or("", |(_, id, _)| id.as_str());
        self.restore_name_free(ObjectKind::Key, vault, name, newest)?;
        let loc = self.vault_ref(vault)?.location.clone();
        let root = self.hsm_root(&loc)?.clone();
        let mut versions = Vec::new();
        for (attributes, id, m) in read {
            let sealed = root.seal(self.fx.rng(), &material_aad(name, &id), m);
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
                rotation_policy,
                last_rotation: last,
            }),
        );
        Ok(())
    }

    /// The rest of a secret's blob: its versions, values, tags and content types as they were.
    fn restore_secret(&mut self, vault: &str, name: &str, d: &mut Dec<'_>) -> Result<(), SimError> {
        let invalid = || ObjectKind::Secret.malformed_backup();
        let n = d.u64().ok_or_else(invalid)?;
        let mut versions = Vec::new();
        for _ in 0..n {
            versions.push(get_secret_version(d).ok_or_else(invalid)?);
        }
        let last = versions
            .last()
            .map_or("", |v: &SecretVersion| v.id.as_str());
        self.restore_name_free(ObjectKind::Secret, vault, name, last)?;
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

    /// A restore refuses a name in use, even by a soft-deleted object (R26), in Key Vault's
    /// words, which name the blob's newest version.
    fn restore_name_free(
        &self,
        kind: ObjectKind,
        vault: &str,
        name: &str,
        version: &str,
    ) -> Result<(), SimError> {
        if self.vault_ref(vault)?.holds(kind, name) {
            let url = match kind {
                ObjectKind::Key => key_url(vault, name, version),
                ObjectKind::Secret => secret_url(vault, name, version),
            };
            let k = kind.name();
            return Err(SimError::new(
                ErrorCode::Conflict,
                format!(
                    "There was a conflict restoring the {k} '{url}'. This can happen if either: a second {k} with the same name was created after the first {k} was deleted; thus trying to restore a {k} whose name is already in use. To fix this, rename the second {k} to something else so that the restore works. The second probable cause of this exception is when multiple operations are performed in parallel against the {k}. To avoid this error, perform operations against a {k} in a sequential manner."
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

    /// The name of the object a backup file holds for `vault`, if the vault can open it: what
    /// a restore from it made.
    pub(crate) fn backup_name(&self, kind: ObjectKind, vault: &str, file: &str) -> Option<String> {
        let plain = self.open_blob(vault, self.files.get(file)?).ok()?;
        let mut d = Dec::new(&plain);
        (d.str().as_deref() == Some(kind.backup_tag())).then_some(())?;
        d.str()
    }

    /// Seals bytes as a blob of `vault`'s geography and subscription.
    pub(crate) fn seal_blob(&mut self, vault: &str, plain: &[u8]) -> Result<Vec<u8>, SimError> {
        let v = self.vault_ref(vault)?;
        let (loc, sub) = (v.location.clone(), v.subscription.clone());
        let root = self.hsm_root(&loc)?.clone();
        Ok(root.seal(self.fx.rng(), &backup_aad(&sub), plain))
    }
}
