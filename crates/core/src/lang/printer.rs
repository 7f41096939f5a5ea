//! The canonical line of each command: what the "real commands" view, share links and exported
//! timelines show, and what `parse_line` reads back to the same [`Command`].
//!
//! Canonical means: long flags in the grammar's order, booleans spelled `true`/`false`, optional
//! flags only when set, values quoted with `"` only when they would not read back otherwise.
//!
//! Every command the parser produces prints back to itself. A few values the parser never produces
//! print lines that do not parse: an empty permission list, a tag key that is empty or holds `=`,
//! a Disk Encryption Set vault, key or version holding `/`, an impossible date, `@0`, a vault name
//! starting with `/`, a key name holding `://`, a vault id or key identifier whose parts hold `/`, a
//! key identifier in another vault than the KEK's, and `sim as` around anything but an `az` command.

use std::fmt;

use super::values;
use crate::asset::PointRef;
use crate::command::{
    AzCopy, BackupItem, Command, DiskOp, KeyRef, ObjectOp, PrincipalRef, VaultRef, VersionRef,
};
use crate::vocab::{KeyEncryptionAlgorithm, KeyType, VolumeType};

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut line = Line(String::new());
        render(self, &mut line);
        f.write_str(&line.0)
    }
}

/// A line being written.
struct Line(String);

impl Line {
    /// Command words, written as they are.
    fn words(&mut self, words: &str) -> &mut Self {
        self.sep();
        self.0.push_str(words);
        self
    }

    /// A positional argument.
    fn arg(&mut self, value: &str) -> &mut Self {
        self.sep();
        push_quoted(&mut self.0, value, false);
        self
    }

    /// A recovery point as `sim restore-*` takes it: `RSV ITEM RP`.
    fn point(&mut self, p: &PointRef) -> &mut Self {
        self.arg(&p.rsv).arg(&p.item).arg(&p.rp)
    }

    /// A positional argument that is always quoted: file contents read as text, not as a word.
    fn quoted(&mut self, value: &str) -> &mut Self {
        self.sep();
        push_quoted(&mut self.0, value, true);
        self
    }

    /// A JSON value (`--value` of a rotation policy): in single quotes, as Learn and a shell
    /// write it, when it holds no single quote of its own.
    fn json(&mut self, flag: &str, value: &str) -> &mut Self {
        if value.contains('\'') {
            return self.val(flag, value);
        }
        self.words(flag).sep();
        self.0.push('\'');
        self.0.push_str(value);
        self.0.push('\'');
        self
    }

    fn val(&mut self, flag: &str, value: &str) -> &mut Self {
        self.words(flag).arg(value)
    }

    fn opt(&mut self, flag: &str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value {
            self.val(flag, v);
        }
        self
    }

    fn bool(&mut self, flag: &str, value: Option<bool>) -> &mut Self {
        self.opt(flag, value.map(|b| if b { "true" } else { "false" }))
    }

    /// A switch that takes no value, written when it is on.
    fn bare(&mut self, flag: &str, on: bool) -> &mut Self {
        if on {
            self.words(flag);
        }
        self
    }

    /// The vault switches of `az keyvault create` and `update`, in az's order: disk encryption,
    /// deployment, template deployment.
    fn platform_switches(&mut self, values: [Option<bool>; 3]) -> &mut Self {
        let flags = [
            "--enabled-for-disk-encryption",
            "--enabled-for-deployment",
            "--enabled-for-template-deployment",
        ];
        for (flag, value) in flags.into_iter().zip(values) {
            self.bool(flag, value);
        }
        self
    }

    /// `<words> --name N --resource-group G --location L`: how a command that creates a
    /// resource starts.
    fn created(
        &mut self,
        words: &str,
        name: &str,
        resource_group: &str,
        location: &str,
    ) -> &mut Self {
        // An empty location is one not given: the group's (az's
        // `get_default_location_from_resource_group`).
        self.words(words)
            .val("--name", name)
            .val("--resource-group", resource_group)
            .location_or_group(location)
    }

    /// `--location L`, left out when empty: the resource then takes its resource group's
    /// location (az's `get_default_location_from_resource_group`).
    fn location_or_group(&mut self, location: &str) -> &mut Self {
        self.opt("--location", Some(location).filter(|l| !l.is_empty()))
    }

    fn num(&mut self, flag: &str, value: Option<u32>) -> &mut Self {
        if let Some(n) = value {
            self.words(flag).words(&n.to_string());
        }
        self
    }

    fn version(&mut self, flag: &str, value: Option<&VersionRef>) -> &mut Self {
        match value {
            Some(VersionRef::Ordinal(n)) => {
                self.words(flag).words(&format!("@{n}"));
            }
            Some(VersionRef::Id(id)) => {
                self.words(flag).sep();
                // A bare `@3` would read back as an ordinal; quoted, it stays an id.
                push_quoted(&mut self.0, id, id.starts_with('@'));
            }
            None => {}
        }
        self
    }

    fn date(&mut self, flag: &str, value: Option<crate::time::Date>) -> &mut Self {
        self.opt(flag, value.map(values::date_text).as_deref())
    }

    fn principal(&mut self, p: &PrincipalRef) -> &mut Self {
        match p {
            PrincipalRef::Spn(s) => self.val("--spn", s),
            PrincipalRef::Upn(s) => self.val("--upn", s),
            PrincipalRef::ObjectId(s) => self.val("--object-id", s),
        }
    }

    /// A many-value flag; nothing at all when there are no values.
    fn list<'a>(&mut self, flag: &str, items: impl IntoIterator<Item = &'a str>) -> &mut Self {
        let mut items = items.into_iter().peekable();
        if items.peek().is_some() {
            self.words(flag);
            for item in items {
                self.arg(item);
            }
        }
        self
    }

    fn sep(&mut self) {
        if !self.0.is_empty() {
            self.0.push(' ');
        }
    }
}

/// Whether `value` must be quoted to read back as one value: it would otherwise vanish (empty),
/// split (whitespace), turn into a comment (`#`), lose characters (quotes) or become a flag (`-`).
fn needs_quotes(value: &str) -> bool {
    value.is_empty()
        || value.starts_with('-')
        || value
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '#' | '"' | '\''))
}

fn push_quoted(out: &mut String, value: &str, force: bool) {
    if !force && !needs_quotes(value) {
        out.push_str(value);
        return;
    }
    out.push('"');
    for c in value.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
}

fn render(c: &Command, l: &mut Line) {
    use Command as C;
    match c {
        C::Login => {
            l.words("az login");
        }
        C::GroupCreate { name, location } => {
            l.words("az group create")
                .val("--name", name)
                .val("--location", location);
        }
        C::GroupShow { name } => {
            l.words("az group show").val("--name", name);
        }
        C::GroupList => {
            l.words("az group list");
        }
        C::GroupDelete { name } => {
            l.words("az group delete")
                .val("--name", name)
                .words("--yes");
        }
        C::AccountShow => {
            l.words("az account show");
        }
        C::AccountList => {
            l.words("az account list");
        }
        C::AccountSet { subscription } => {
            l.words("az account set")
                .val("--subscription", subscription);
        }
        C::ProviderRegister { namespace, wait } => {
            l.words("az provider register")
                .val("--namespace", namespace)
                .bare("--wait", *wait);
        }
        C::Feature {
            op,
            namespace,
            name,
        } => {
            l.words(match op {
                crate::command::FeatureOp::Register => "az feature register",
                crate::command::FeatureOp::Show => "az feature show",
            })
            .val("--namespace", namespace)
            .val("--name", name);
        }
        C::SpCreate { name } => {
            l.words("az ad sp create-for-rbac")
                .opt("--name", name.as_deref());
        }
        C::RoleAssignmentList {
            assignee,
            scope,
            resource_group,
            all,
        } => {
            l.words("az role assignment list")
                .opt("--assignee", assignee.as_deref())
                .opt("--scope", scope.as_deref())
                .opt("--resource-group", resource_group.as_deref())
                .bare("--all", *all);
        }
        C::RoleAssignmentCreate(a) => {
            l.words("az role assignment create")
                .val("--assignee", &a.assignee)
                .words("--role");
            // Role names always have spaces; they are quoted like any such value.
            l.arg(a.role.name()).val("--scope", &a.scope);
        }
        C::RoleAssignmentDelete(d) => {
            l.words("az role assignment delete")
                .opt("--assignee", d.assignee.as_deref());
            if let Some(role) = d.role {
                l.words("--role").arg(role.name());
            }
            l.opt("--scope", d.scope.as_deref())
                .opt("--resource-group", d.resource_group.as_deref());
        }
        C::VaultCreate(a) => {
            l.created(
                "az keyvault create",
                &a.name,
                &a.resource_group,
                &a.location,
            )
            .opt("--subscription", a.subscription.as_deref())
            .opt("--sku", a.sku.map(|s| s.name()))
            .platform_switches([
                a.enabled_for_disk_encryption,
                a.enabled_for_deployment,
                a.enabled_for_template_deployment,
            ])
            .num("--retention-days", a.retention_days)
            .bool("--enable-purge-protection", a.enable_purge_protection)
            .bool("--enable-rbac-authorization", a.enable_rbac_authorization);
            l.bare("--no-self-perms", a.no_self_perms);
        }
        C::VaultUpdate(a) => {
            l.words("az keyvault update")
                .val("--name", &a.name)
                .platform_switches([
                    a.enabled_for_disk_encryption,
                    a.enabled_for_deployment,
                    a.enabled_for_template_deployment,
                ])
                .bool("--enable-purge-protection", a.enable_purge_protection)
                .bool("--enable-rbac-authorization", a.enable_rbac_authorization);
        }
        C::SetPolicy(a) => {
            l.words("az keyvault set-policy")
                .val("--name", &a.vault)
                .principal(&a.principal);
            if let Some(perms) = &a.key_permissions {
                l.words("--key-permissions");
                for p in perms {
                    l.words(p.name());
                }
            }
            if let Some(perms) = &a.secret_permissions {
                l.words("--secret-permissions");
                for p in perms {
                    l.words(p.name());
                }
            }
        }
        C::DeletePolicy { vault, principal } => {
            l.words("az keyvault delete-policy")
                .val("--name", vault)
                .principal(principal);
        }
        C::VaultDelete { name } => {
            l.words("az keyvault delete").val("--name", name);
        }
        C::VaultRecover { name } => {
            l.words("az keyvault recover").val("--name", name);
        }
        C::VaultPurge { name } => {
            l.words("az keyvault purge").val("--name", name);
        }
        C::VaultShow { name } => {
            l.words("az keyvault show").val("--name", name);
        }
        C::VaultList { resource_group } => {
            in_group(l, "az keyvault list", resource_group);
        }
        C::VaultListDeleted => {
            l.words("az keyvault list-deleted");
        }
        C::VaultShowDeleted { name } => {
            l.words("az keyvault show-deleted").val("--name", name);
        }
        C::KeyCreate(k) => {
            l.words("az keyvault key create")
                .val("--vault-name", &k.vault)
                .val("--name", &k.name)
                .opt("--kty", k.kty.map(KeyType::name))
                .num("--size", k.size)
                .date("--expires", k.expires)
                .date("--not-before", k.not_before)
                .bare("--disabled", k.disabled);
        }
        C::KeyRotate { vault, name } => vault_item(l, "az keyvault key rotate", vault, name),
        C::Object { kind, object, op } => {
            l.words("az keyvault")
                .words(kind.name())
                .words(op.verb())
                .val("--vault-name", &object.vault)
                .val("--name", &object.name);
            match op {
                ObjectOp::Show { version } => {
                    l.version("--version", version.as_ref());
                }
                ObjectOp::SetAttributes {
                    version,
                    enabled,
                    expires,
                    not_before,
                } => {
                    l.version("--version", version.as_ref())
                        .bool("--enabled", *enabled)
                        .date("--expires", *expires)
                        .date("--not-before", *not_before);
                }
                ObjectOp::Backup { file } => {
                    l.val("--file", file);
                }
                ObjectOp::Download {
                    version,
                    file,
                    encoding,
                    overwrite,
                } => {
                    l.version("--version", version.as_ref())
                        .val("--file", file)
                        .opt("--encoding", encoding.as_deref())
                        .bare("--overwrite", *overwrite);
                }
                ObjectOp::ListVersions
                | ObjectOp::Delete
                | ObjectOp::Recover
                | ObjectOp::Purge
                | ObjectOp::ShowDeleted => {}
            }
        }
        C::ObjectRestore { kind, vault, file } => {
            l.words("az keyvault")
                .words(kind.name())
                .words("restore")
                .val("--vault-name", vault)
                .val("--file", file);
        }
        C::ObjectList {
            kind,
            vault,
            deleted,
        } => {
            l.words("az keyvault")
                .words(kind.name())
                .words(if *deleted { "list-deleted" } else { "list" })
                .val("--vault-name", vault);
        }
        C::KeyRotationPolicyUpdate {
            vault,
            name,
            policy,
        } => {
            vault_item(l, "az keyvault key rotation-policy update", vault, name);
            l.json("--value", &policy.to_json());
        }
        C::KeyRotationPolicyShow { vault, name } => {
            vault_item(l, "az keyvault key rotation-policy show", vault, name);
        }
        C::SecretSet(a) => {
            vault_item(l, "az keyvault secret set", &a.vault, &a.name);
            l.val("--value", &a.value)
                .opt("--content-type", a.content_type.as_deref());
            let tags: Vec<String> = a.tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
            l.list("--tags", tags.iter().map(String::as_str))
                .date("--expires", a.expires)
                .date("--not-before", a.not_before)
                .bare("--disabled", a.disabled);
        }
        C::VmCreate(a) => {
            l.created("az vm create", &a.name, &a.resource_group, &a.location)
                .opt("--image", Some(a.image.as_str()).filter(|i| !i.is_empty()))
                .opt("--attach-os-disk", a.attach_os_disk.as_deref())
                .opt("--os-type", a.os_type.as_deref())
                .opt("--subscription", a.subscription.as_deref())
                .opt(
                    "--os-disk-encryption-set",
                    a.os_disk_encryption_set.as_deref(),
                )
                .opt("--size", a.size.as_deref())
                .opt("--admin-username", a.admin_username.as_deref());
            if a.admin_password {
                // The password is never kept, so the line shows where it goes, not what it was.
                l.words("--admin-password ***");
            }
            let sizes: Vec<String> = a.data_disk_sizes_gb.iter().map(u32::to_string).collect();
            l.bare("--generate-ssh-keys", a.generate_ssh_keys)
                .bool("--encryption-at-host", a.encryption_at_host)
                .list("--data-disk-sizes-gb", sizes.iter().map(String::as_str))
                .list(
                    "--data-disk-encryption-sets",
                    a.data_disk_encryption_sets.iter().map(String::as_str),
                );
        }
        C::Disk(op) => match op {
            DiskOp::Show {
                name,
                resource_group,
            } => vm_rg(l, "az disk show", name, resource_group),
            DiskOp::Create(a) => {
                let bytes = a.upload_size_bytes.map(|b| b.to_string());
                let size = a.size_gb.map(|g| g.to_string());
                l.created("az disk create", &a.name, &a.resource_group, &a.location)
                    .opt("--upload-type", a.upload_type.as_deref())
                    .bare("--for-upload", a.for_upload)
                    .opt("--upload-size-bytes", bytes.as_deref())
                    .opt("--source", a.source.as_deref())
                    .opt("--size-gb", size.as_deref())
                    .opt("--os-type", a.os_type.as_deref())
                    .opt("--sku", a.sku.as_deref())
                    .opt("--hyper-v-generation", a.hyper_v_generation.as_deref());
            }
            DiskOp::GrantAccess(g) => {
                vm_rg(l, "az disk grant-access", &g.name, &g.resource_group);
                if g.write {
                    l.val("--access-level", "Write");
                }
                l.val("--duration-in-seconds", &g.duration_secs.to_string());
            }
            DiskOp::RevokeAccess {
                name,
                resource_group,
            } => vm_rg(l, "az disk revoke-access", name, resource_group),
            DiskOp::Delete {
                name,
                resource_group,
            } => {
                vm_rg(l, "az disk delete", name, resource_group);
                l.bare("--yes", true);
            }
            DiskOp::List { resource_group } => {
                in_group(l, "az disk list", resource_group);
            }
        },
        C::AzCopy(AzCopy {
            source,
            destination,
            blob_type,
        }) => {
            l.words("azcopy copy")
                .arg(source)
                .arg(destination)
                .opt("--blob-type", blob_type.as_deref());
        }
        C::VmShow {
            vm,
            resource_group,
            details,
        } => {
            vm_rg(l, "az vm show", vm, resource_group);
            l.bare("--show-details", *details);
        }
        C::VmList {
            resource_group,
            details,
        } => {
            in_group(l, "az vm list", resource_group).bare("--show-details", *details);
        }
        C::EncryptionEnable(a) => {
            vm_rg(l, "az vm encryption enable", &a.vm, &a.resource_group);
            l.val("--disk-encryption-keyvault", &vault_ref(&a.vault))
                .opt(
                    "--key-encryption-keyvault",
                    a.key_encryption_keyvault.as_ref().map(vault_ref).as_deref(),
                )
                .opt(
                    "--key-encryption-key",
                    a.key_encryption_key.as_ref().map(key_ref).as_deref(),
                )
                .opt(
                    "--key-encryption-algorithm",
                    a.key_encryption_algorithm.map(KeyEncryptionAlgorithm::name),
                )
                .opt("--volume-type", a.volume_type.map(VolumeType::name))
                .bare("--encrypt-format-all", a.encrypt_format_all)
                .bare("--force", a.force);
            l.opt("--aad-client-id", a.aad_client_id.as_deref());
            if a.aad_client_secret {
                // The secret is never kept, so the line shows where it goes, not what it was.
                l.words("--aad-client-secret ***");
            }
            l.opt(
                "--aad-client-cert-thumbprint",
                a.aad_client_cert_thumbprint.as_deref(),
            );
        }
        C::EncryptionDisable {
            vm,
            resource_group,
            volume_type,
            force,
        } => {
            vm_rg(l, "az vm encryption disable", vm, resource_group);
            l.opt("--volume-type", volume_type.map(VolumeType::name))
                .bare("--force", *force);
        }
        C::EncryptionShow { vm, resource_group } => {
            vm_rg(l, "az vm encryption show", vm, resource_group)
        }
        C::VmPower {
            power,
            vm,
            resource_group,
        } => vm_rg(l, &format!("az vm {}", power.name()), vm, resource_group),
        C::VmUpdate {
            vm,
            resource_group,
            encryption_at_host,
        } => {
            vm_rg(l, "az vm update", vm, resource_group);
            l.val(
                "--set",
                &format!("securityProfile.encryptionAtHost={encryption_at_host}"),
            );
        }
        C::VmDelete { vm, resource_group } => {
            vm_rg(l, "az vm delete", vm, resource_group);
            l.bare("--yes", true);
        }
        C::DesCreate(a) => {
            l.words("az disk-encryption-set create")
                .val("--name", &a.name)
                .val("--resource-group", &a.resource_group)
                .opt(
                    "--location",
                    Some(a.location.as_str()).filter(|l| !l.is_empty()),
                )
                .val("--source-vault", &a.source_vault)
                .val(
                    "--key-url",
                    &values::key_url_text(&a.source_vault, &a.key, a.key_version.as_ref()),
                )
                .bool("--enable-auto-key-rotation", a.enable_auto_key_rotation);
        }
        C::DesShow {
            name,
            resource_group,
        } => vm_rg(l, "az disk-encryption-set show", name, resource_group),
        C::DesUpdate {
            name,
            resource_group,
            key_url,
            enable_auto_key_rotation,
        } => {
            vm_rg(l, "az disk-encryption-set update", name, resource_group);
            if let Some((vault, key, version)) = key_url {
                l.val("--source-vault", vault).val(
                    "--key-url",
                    &values::key_url_text(vault, key, version.as_ref()),
                );
            }
            l.bool("--enable-auto-key-rotation", *enable_auto_key_rotation);
        }
        C::BackupVaultCreate {
            name,
            resource_group,
            location,
        } => {
            // `--location` is required here: printed even when empty.
            l.words("az backup vault create")
                .val("--name", name)
                .val("--resource-group", resource_group)
                .val("--location", location);
        }
        C::BackupProtect {
            vault,
            resource_group,
            vm,
            policy,
        } => {
            l.words("az backup protection enable-for-vm")
                .val("--vault-name", vault)
                .val("--resource-group", resource_group)
                .val("--vm", vm)
                .val("--policy-name", policy);
        }
        C::BackupNow(b, until) => {
            backup_item(l, "az backup protection backup-now", b);
            if let Some(d) = until {
                l.val(
                    "--retain-until",
                    &format!("{:02}-{:02}-{:04}", d.day, d.month, d.year),
                );
            }
        }
        C::BackupVaultShow {
            name,
            resource_group,
        } => vm_rg(l, "az backup vault show", name, resource_group),
        C::BackupVaultList { resource_group } => {
            in_group(l, "az backup vault list", resource_group);
        }
        C::BackupItemList {
            vault,
            resource_group,
        } => {
            l.words("az backup item list")
                .val("--vault-name", vault)
                .val("--resource-group", resource_group);
        }
        C::BackupJobList {
            vault,
            resource_group,
        } => {
            l.words("az backup job list")
                .val("--vault-name", vault)
                .val("--resource-group", resource_group);
        }
        C::RecoveryPointList(b) => backup_item(l, "az backup recoverypoint list", b),
        C::RecoveryPointShow { item, name } => {
            backup_item(l, "az backup recoverypoint show", item);
            l.val("--name", name);
        }
        C::BackupVaultDelete {
            name,
            resource_group,
            force,
        } => {
            vm_rg(l, "az backup vault delete", name, resource_group);
            if *force {
                l.words("--force");
            }
            l.words("--yes");
        }
        C::BackupProtectionDisable {
            item,
            delete_backup_data,
        } => {
            backup_item(l, "az backup protection disable", item);
            if *delete_backup_data {
                l.val("--delete-backup-data", "true");
            }
            l.words("--yes");
        }
        C::RestoreDisks {
            item,
            rp,
            storage_account,
            target_resource_group,
        } => {
            backup_item(l, "az backup restore restore-disks", item);
            l.val("--rp-name", rp)
                .val("--storage-account", storage_account)
                .opt("--target-resource-group", target_resource_group.as_deref());
        }
        C::As { principal, command } => {
            l.words("sim as").arg(principal);
            render(command, l);
        }
        C::Advance(d) => {
            l.words("sim advance").words(&values::duration_text(*d));
        }
        C::Write { vm, path, content } => {
            l.words("sim write").arg(vm).arg(path).quoted(content);
        }
        C::Read { vm, path } => {
            l.words("sim read").arg(vm).arg(path);
        }
        C::RestoreKeys { point, vault } => {
            l.words("sim restore-keys")
                .point(point)
                .val("--vault", vault);
        }
        C::RestoreVm { point, name } => {
            l.words("sim restore-vm").point(point).val("--name", name);
        }
        C::Expect(crate::command::Expectation::Ok) => {
            l.words("sim expect ok");
        }
        C::Expect(crate::command::Expectation::Error(code)) => {
            l.words("sim expect error").arg(code.name());
        }
    }
}

fn vault_item(l: &mut Line, words: &str, vault: &str, name: &str) {
    l.words(words)
        .val("--vault-name", vault)
        .val("--name", name);
}

/// A vault as `--disk-encryption-keyvault` took it: its name, or its Resource Manager id.
fn vault_ref(v: &VaultRef) -> String {
    match v {
        VaultRef::Name(n) => n.clone(),
        VaultRef::Id {
            subscription,
            resource_group,
            name,
        } => values::vault_id_text(subscription, resource_group, name),
    }
}

/// A key as `--key-encryption-key` took it: its name, or its identifier.
fn key_ref(k: &KeyRef) -> String {
    match k {
        KeyRef::Name(n) => n.clone(),
        KeyRef::Url {
            vault,
            name,
            version,
        } => {
            let version = version.clone().map(VersionRef::Id);
            values::key_url_text(vault, name, version.as_ref())
        }
    }
}

/// A list command, narrowed to a resource group when one is given.
fn in_group<'l>(l: &'l mut Line, words: &str, resource_group: &Option<String>) -> &'l mut Line {
    l.words(words)
        .opt("--resource-group", resource_group.as_deref())
}

fn vm_rg(l: &mut Line, words: &str, vm: &str, resource_group: &str) {
    l.words(words)
        .val("--name", vm)
        .val("--resource-group", resource_group);
}

fn backup_item(l: &mut Line, words: &str, b: &BackupItem) {
    l.words(words)
        .val("--vault-name", &b.vault)
        .val("--resource-group", &b.resource_group)
        .val("--container-name", &b.container)
        .val("--item-name", &b.item);
}
