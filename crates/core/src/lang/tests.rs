//! Property tests of the whole language: nothing panics, every command round-trips through its
//! canonical line, and the canonical line does not depend on how the input was written.
//!
//! They live inside the crate so they can check the printer and the strategy against the grammar
//! table: a new `Command` variant needs a grammar row (the printer's and `exec`'s `match`es are
//! exhaustive), and its example then fails `the_strategy_covers_every_variant` until the strategy
//! draws it too.

use std::collections::BTreeSet;

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};

use super::grammar::SPECS;
use super::lexer::{Token, lex};
use super::values;
use super::{parse_line, parse_script};
use crate::asset::PointRef;
use crate::command::{
    AzCopy, BackupItem, Command, DesCreate, DiskCreate, DiskGrant, DiskOp, EncryptionEnable,
    Expectation, KeyCreate, KeyRef, ObjectOp, ObjectRef, PrincipalRef, RoleAssignment,
    RoleAssignmentDelete, SecretSet, SetPolicy, VaultCreate, VaultRef, VaultUpdate, VersionRef,
    VmCreate,
};
use crate::error::ErrorCode;
use crate::time::{Date, SimDuration};
use crate::vocab::{
    KeyEncryptionAlgorithm, KeyPerm, KeyType, ObjectKind, Power, Role, SecretPerm, Sku, VolumeType,
};

/// What `az keyvault key|secret` does to either kind.
fn object_op() -> impl Strategy<Value = ObjectOp> {
    prop_oneof![
        option::of(version()).prop_map(|version| ObjectOp::Show { version }),
        Just(ObjectOp::ListVersions),
        (
            option::of(version()),
            option::of(any::<bool>()),
            option::of(date()),
            option::of(date())
        )
            .prop_map(
                |(version, enabled, expires, not_before)| ObjectOp::SetAttributes {
                    version,
                    enabled,
                    expires,
                    not_before,
                }
            ),
        Just(ObjectOp::Delete),
        Just(ObjectOp::Recover),
        Just(ObjectOp::Purge),
        Just(ObjectOp::ShowDeleted),
        text().prop_map(|file| ObjectOp::Backup { file }),
        // The encodings differ by kind and the kind is drawn apart: lang.rs checks each.
        (option::of(version()), text()).prop_map(|(version, file)| ObjectOp::Download {
            version,
            file,
            encoding: None,
            overwrite: false,
        }),
    ]
}

/// A command's variant, by the name `Debug` starts with; `key|secret` commands by kind and verb.
fn variant(c: &Command) -> String {
    match c {
        Command::Object { kind, op, .. } => format!("{kind} {}", op.verb()),
        Command::ObjectRestore { kind, .. } => format!("{kind} restore"),
        Command::ObjectList { kind, deleted, .. } => format!("{kind} list deleted={deleted}"),
        other => {
            let debug = format!("{other:?}");
            let end = debug.find(|ch: char| !ch.is_alphanumeric());
            debug[..end.unwrap_or(debug.len())].to_owned()
        }
    }
}

/// The variants the grammar's examples parse to. Every form has an example and every variant a
/// form, so a new variant joins this set as soon as its grammar row is written.
fn grammar_variants() -> BTreeSet<String> {
    SPECS
        .iter()
        .flat_map(|s| {
            ObjectKind::ALL
                .iter()
                .map(|k| s.example.replace("{kind}", k.name()))
        })
        .map(|line| match parse_line(&line) {
            Ok(Some(c)) => variant(&c),
            other => panic!("{line}: {other:?}"),
        })
        .collect()
}

// ---- Strategies ----

/// Any text a name, path or value might hold: plausible names most of the time, and otherwise
/// printable ASCII (quotes, `#`, `-`, `@`, `=`, backslashes) or arbitrary Unicode, so quoting is
/// exercised.
fn text() -> BoxedStrategy<String> {
    prop_oneof![
        4 => "[a-z][a-z0-9-]{0,10}",
        2 => "[ -~]{0,8}",
        1 => any::<String>(),
    ]
    .boxed()
}

/// A recovery point named by any three texts.
fn point() -> impl Strategy<Value = PointRef> {
    (text(), text(), text()).prop_map(|(rsv, item, rp)| PointRef { rsv, item, rp })
}

/// One of a flag's fixed values, as the grammar spells it.
fn choice(names: &'static [&'static str]) -> impl Strategy<Value = String> {
    select(names).prop_map(str::to_owned)
}

/// Text without `/`, for the parts of a key URL.
fn url_part() -> impl Strategy<Value = String> {
    prop_oneof!["[a-z][a-z0-9-]{0,10}", "[^/]{1,6}"]
}

/// A vault as `--disk-encryption-keyvault` takes it: a name (never starting with `/`) or an id.
fn vault_ref() -> impl Strategy<Value = VaultRef> {
    prop_oneof![
        2 => text()
            .prop_filter("a name, not an id", |t| !t.starts_with('/'))
            .prop_map(VaultRef::Name),
        1 => (url_part(), url_part(), url_part()).prop_map(|(subscription, resource_group, name)| {
            VaultRef::Id {
                subscription,
                resource_group,
                name,
            }
        }),
    ]
}

/// A key name as `--key-encryption-key` takes it: anything but an identifier (`://`).
fn key_name() -> impl Strategy<Value = String> {
    text().prop_filter("a name, not a URL", |t| !t.contains("://"))
}

/// A key URL's version segment: `@N`, or an id that does not start with `@` (a URL cannot
/// quote it, so `@3` there always reads as the third version).
fn url_version() -> impl Strategy<Value = VersionRef> {
    prop_oneof![
        (1u32..).prop_map(VersionRef::Ordinal),
        url_part()
            .prop_filter("not an ordinal", |p| !p.starts_with('@'))
            .prop_map(VersionRef::Id),
    ]
}

fn version() -> impl Strategy<Value = VersionRef> {
    prop_oneof![
        (1u32..).prop_map(VersionRef::Ordinal),
        text().prop_map(VersionRef::Id),
    ]
}

fn date() -> impl Strategy<Value = Date> {
    (1u16..=9999, 1u8..=12, 1u8..=31)
        .prop_map(|(year, month, day)| Date { year, month, day })
        .prop_filter("a calendar date", |d| {
            values::date(&values::date_text(*d)).is_some()
        })
}

fn principal() -> impl Strategy<Value = PrincipalRef> {
    prop_oneof![
        text().prop_map(PrincipalRef::Spn),
        text().prop_map(PrincipalRef::Upn),
        text().prop_map(PrincipalRef::ObjectId),
    ]
}

fn key_perms() -> impl Strategy<Value = Vec<KeyPerm>> {
    // `nargs='*'`: a flag with no value is an empty list.
    vec(select(KeyPerm::ALL), 0..5)
}

fn secret_perms() -> impl Strategy<Value = Vec<SecretPerm>> {
    vec(select(SecretPerm::ALL), 0..4)
}

fn b() -> impl Strategy<Value = Option<bool>> {
    option::of(any::<bool>())
}

/// Every `az` command, each variant equally likely.
fn az_command() -> BoxedStrategy<Command> {
    use Command as C;
    let role = || select(Role::ALL);
    let vault_item = || (text(), text());
    let vm_rg = || (text(), text());
    let backup_item = || (text(), text(), text(), text());
    let item = || {
        backup_item().prop_map(|(vault, resource_group, container, item)| BackupItem {
            vault,
            resource_group,
            container,
            item,
        })
    };
    prop_oneof![
        Just(C::Login),
        text().prop_map(|subscription| C::AccountSet { subscription }),
        Just(C::AccountShow),
        Just(C::GroupList),
        (
            proptest::option::of(text()),
            prop_oneof![
                Just((None, None, true)),
                Just((None, None, false)),
                text().prop_map(|s| (Some(s), None, false)),
                text().prop_map(|g| (None, Some(g), false)),
            ],
        )
            .prop_map(
                |(assignee, (scope, resource_group, all))| C::RoleAssignmentList {
                    assignee,
                    scope,
                    resource_group,
                    all
                }
            ),
        (text(), text()).prop_map(|(name, location)| C::GroupCreate { name, location }),
        text().prop_map(|name| C::GroupShow { name }),
        text().prop_map(|name| C::GroupDelete { name }),
        Just(C::AccountList),
        (text(), any::<bool>())
            .prop_map(|(namespace, wait)| C::ProviderRegister { namespace, wait }),
        option::of(text()).prop_map(|name| C::SpCreate { name }),
        (text(), role(), text()).prop_map(|(assignee, role, scope)| C::RoleAssignmentCreate(
            RoleAssignment {
                assignee,
                role,
                scope
            }
        )),
        (
            option::of(text()),
            option::of(role()),
            prop_oneof![
                text().prop_map(|s| (Some(s), None)),
                text().prop_map(|g| (None, Some(g))),
            ],
        )
            .prop_map(|(assignee, role, (scope, resource_group))| {
                C::RoleAssignmentDelete(RoleAssignmentDelete {
                    assignee,
                    role,
                    scope,
                    resource_group,
                })
            }),
        (
            (
                text(),
                text(),
                text(),
                option::of(text()),
                option::of(select(Sku::ALL))
            ),
            (
                b(),
                b(),
                b(),
                option::of(any::<u32>()),
                b(),
                b(),
                any::<bool>()
            )
        )
            .prop_map(
                |(
                    (name, resource_group, location, subscription, sku),
                    (d, dep, t, r, pp, rbac, nsp),
                )| {
                    C::VaultCreate(VaultCreate {
                        name,
                        resource_group,
                        location,
                        subscription,
                        sku,
                        enabled_for_disk_encryption: d,
                        enabled_for_deployment: dep,
                        enabled_for_template_deployment: t,
                        retention_days: r,
                        enable_purge_protection: pp,
                        enable_rbac_authorization: rbac,
                        no_self_perms: nsp,
                    })
                }
            ),
        (text(), b(), b(), b(), b(), b()).prop_map(|(name, d, dep, t, pp, rbac)| C::VaultUpdate(
            VaultUpdate {
                name,
                enabled_for_disk_encryption: d,
                enabled_for_deployment: dep,
                enabled_for_template_deployment: t,
                enable_purge_protection: pp,
                enable_rbac_authorization: rbac,
            }
        )),
        (
            text(),
            principal(),
            option::of(key_perms()),
            option::of(secret_perms())
        )
            // az asks for at least one permission flag (`validate_policy_permissions`).
            .prop_filter("a permission flag", |(_, _, k, s)| k.is_some()
                || s.is_some())
            .prop_map(|(vault, principal, key_permissions, secret_permissions)| {
                C::SetPolicy(SetPolicy {
                    vault,
                    principal,
                    key_permissions,
                    secret_permissions,
                })
            }),
        (text(), principal()).prop_map(|(vault, principal)| C::DeletePolicy { vault, principal }),
        text().prop_map(|name| C::VaultDelete { name }),
        text().prop_map(|name| C::VaultRecover { name }),
        text().prop_map(|name| C::VaultPurge { name }),
        text().prop_map(|name| C::VaultShow { name }),
        option::of(text()).prop_map(|resource_group| C::VaultList { resource_group }),
        Just(C::VaultListDeleted),
        text().prop_map(|name| C::VaultShowDeleted { name }),
        (
            text(),
            text(),
            option::of(select(KeyType::ALL)),
            option::of(any::<u32>()),
            (option::of(date()), option::of(date()), any::<bool>()),
        )
            .prop_map(
                |(vault, name, kty, size, (expires, not_before, disabled))| {
                    C::KeyCreate(KeyCreate {
                        vault,
                        name,
                        kty,
                        size,
                        expires,
                        not_before,
                        disabled,
                    })
                }
            ),
        vault_item().prop_map(|(vault, name)| C::KeyRotate { vault, name }),
        (select(ObjectKind::ALL), vault_item(), object_op()).prop_map(
            |(kind, (vault, name), op)| C::Object {
                kind,
                object: ObjectRef { vault, name },
                op,
            }
        ),
        (select(ObjectKind::ALL), text(), text())
            .prop_map(|(kind, vault, file)| C::ObjectRestore { kind, vault, file }),
        (select(ObjectKind::ALL), text(), any::<bool>()).prop_map(|(kind, vault, deleted)| {
            C::ObjectList {
                kind,
                vault,
                deleted,
            }
        }),
        (
            text(),
            text(),
            1u32..1000,
            0u32..30,
            proptest::option::of(1u32..5)
        )
            .prop_map(|(vault, name, days, months, years)| {
                let p = |d, m, y| crate::time::Period {
                    years: y,
                    months: m,
                    days: d,
                    seconds: 0,
                };
                let mut policy =
                    crate::command::RotationPolicySpec::rotate_every(p(days, months, 0));
                policy.expiry_time = years.map(|y| p(0, 0, y));
                C::KeyRotationPolicyUpdate {
                    vault,
                    name,
                    policy,
                }
            }),
        vault_item().prop_map(|(vault, name)| C::KeyRotationPolicyShow { vault, name }),
        (
            text(),
            text(),
            text(),
            option::of(text()),
            vec(("[^=]{1,6}", text()), 0..3),
            (option::of(date()), option::of(date()), any::<bool>()),
        )
            .prop_map(
                |(vault, name, value, content_type, tags, (expires, not_before, disabled))| {
                    C::SecretSet(SecretSet {
                        vault,
                        name,
                        value,
                        content_type,
                        tags,
                        expires,
                        not_before,
                        disabled,
                    })
                }
            ),
        (
            (text(), text(), text(), text()),
            (
                option::of(text()),
                option::of(text()),
                option::of(text()),
                option::of(text())
            ),
            (
                any::<bool>(),
                any::<bool>(),
                option::of(any::<bool>()),
                vec(0u32..4096, 0..3),
                vec(text(), 0..3),
            ),
            (
                option::of(text()),
                option::of(choice(&["Windows", "Linux"]))
            ),
        )
            .prop_map(
                |(
                    (name, resource_group, location, image),
                    (subscription, os_disk_encryption_set, size, admin_username),
                    (admin_password, generate_ssh_keys, encryption_at_host, sizes, sets),
                    (attach_os_disk, os_type),
                )| {
                    C::VmCreate(VmCreate {
                        name,
                        resource_group,
                        location,
                        image,
                        subscription,
                        os_disk_encryption_set,
                        size,
                        admin_username,
                        admin_password,
                        generate_ssh_keys,
                        encryption_at_host,
                        data_disk_sizes_gb: sizes,
                        data_disk_encryption_sets: sets,
                        attach_os_disk,
                        os_type,
                    })
                }
            ),
        (
            (text(), text(), vault_ref(), option::of(vault_ref())),
            (
                option::of((key_name(), option::of(url_part()), any::<bool>())),
                option::of(select(KeyEncryptionAlgorithm::ALL)),
                option::of(select(VolumeType::ALL)),
                any::<bool>(),
                any::<bool>(),
                (option::of(text()), any::<bool>(), option::of(text()))
            )
        )
            .prop_map(
                |(
                    (vm, resource_group, vault, key_encryption_keyvault),
                    (
                        kek,
                        key_encryption_algorithm,
                        volume_type,
                        format_all,
                        force,
                        (aad_client_id, aad_client_secret, aad_client_cert_thumbprint),
                    ),
                )| {
                    // A key identifier must point into the KEK's vault, whose name must then fit
                    // in a URL's host.
                    let kek_vault = key_encryption_keyvault.as_ref().unwrap_or(&vault).name();
                    let key_encryption_key = kek.map(|(name, version, url)| {
                        let fits = |t: &str| !t.is_empty() && !t.contains('/');
                        if url && fits(kek_vault) && fits(&name) {
                            KeyRef::Url {
                                vault: kek_vault.to_owned(),
                                name,
                                version,
                            }
                        } else {
                            KeyRef::Name(name)
                        }
                    });
                    C::EncryptionEnable(EncryptionEnable {
                        vm,
                        resource_group,
                        vault,
                        key_encryption_keyvault,
                        key_encryption_key,
                        key_encryption_algorithm,
                        volume_type,
                        encrypt_format_all: format_all,
                        force,
                        aad_client_id,
                        aad_client_secret,
                        aad_client_cert_thumbprint,
                    })
                }
            ),
        (vm_rg(), option::of(select(VolumeType::ALL)), any::<bool>()).prop_map(
            |((vm, resource_group), volume_type, force)| C::EncryptionDisable {
                vm,
                resource_group,
                volume_type,
                force,
            }
        ),
        vm_rg().prop_map(|(vm, resource_group)| C::EncryptionShow { vm, resource_group }),
        (vm_rg(), any::<bool>()).prop_map(|((vm, resource_group), details)| C::VmShow {
            vm,
            resource_group,
            details
        }),
        (option::of(text()), any::<bool>()).prop_map(|(resource_group, details)| C::VmList {
            resource_group,
            details
        }),
        (select(Power::ALL), vm_rg()).prop_map(|(power, (vm, resource_group))| C::VmPower {
            power,
            vm,
            resource_group
        }),
        (vm_rg(), any::<bool>()).prop_map(|((vm, resource_group), encryption_at_host)| {
            C::VmUpdate {
                vm,
                resource_group,
                encryption_at_host,
            }
        }),
        vm_rg().prop_map(|(vm, resource_group)| C::VmDelete { vm, resource_group }),
        (any::<bool>(), text(), text()).prop_map(|(register, namespace, name)| C::Feature {
            op: if register {
                crate::command::FeatureOp::Register
            } else {
                crate::command::FeatureOp::Show
            },
            namespace,
            name,
        }),
        (
            (text(), text(), text()),
            (url_part(), url_part(), option::of(url_version()), b())
        )
            .prop_map(
                |((name, resource_group, location), (source_vault, key, key_version, auto))| {
                    C::DesCreate(DesCreate {
                        name,
                        resource_group,
                        location,
                        source_vault,
                        key,
                        key_version,
                        enable_auto_key_rotation: auto,
                    })
                }
            ),
        (
            vm_rg(),
            option::of((url_part(), url_part(), option::of(url_version()))),
            b()
        )
            .prop_map(
                |((name, resource_group), key_url, enable_auto_key_rotation)| {
                    C::DesUpdate {
                        name,
                        resource_group,
                        key_url,
                        enable_auto_key_rotation,
                    }
                }
            ),
        vm_rg().prop_map(|(name, resource_group)| C::Disk(DiskOp::Show {
            name,
            resource_group
        })),
        (
            (text(), text(), text()),
            (
                option::of(choice(&["Upload", "UploadWithSecurityData"])),
                any::<bool>(),
                option::of(any::<u64>()),
                option::of(text())
            ),
            (
                option::of(0u32..4096),
                option::of(choice(&["Windows", "Linux"])),
                option::of(choice(&["Premium_LRS", "Standard_LRS"])),
                option::of(choice(&["V1", "V2"]))
            ),
        )
            .prop_map(
                |(
                    (name, resource_group, location),
                    (upload_type, for_upload, upload_size_bytes, source),
                    (size_gb, os_type, sku, hyper_v_generation),
                )| {
                    C::Disk(DiskOp::Create(DiskCreate {
                        name,
                        resource_group,
                        location,
                        upload_type,
                        for_upload,
                        upload_size_bytes,
                        source,
                        size_gb,
                        os_type,
                        sku,
                        hyper_v_generation,
                    }))
                }
            ),
        (vm_rg(), any::<bool>(), any::<u64>()).prop_map(
            |((name, resource_group), write, duration_secs)| C::Disk(DiskOp::GrantAccess(
                DiskGrant {
                    name,
                    resource_group,
                    write,
                    duration_secs,
                }
            ))
        ),
        vm_rg().prop_map(|(name, resource_group)| C::Disk(DiskOp::RevokeAccess {
            name,
            resource_group
        })),
        vm_rg().prop_map(|(name, resource_group)| C::Disk(DiskOp::Delete {
            name,
            resource_group
        })),
        option::of(text()).prop_map(|resource_group| C::Disk(DiskOp::List { resource_group })),
        (
            text(),
            text(),
            option::of(choice(&["Detect", "PageBlob", "BlockBlob", "AppendBlob"]))
        )
            .prop_map(|(source, destination, blob_type)| {
                C::AzCopy(AzCopy {
                    source,
                    destination,
                    blob_type,
                })
            }),
        vm_rg().prop_map(|(name, resource_group)| C::DesShow {
            name,
            resource_group
        }),
        (text(), text(), text()).prop_map(|(name, resource_group, location)| {
            C::BackupVaultCreate {
                name,
                resource_group,
                location,
            }
        }),
        backup_item().prop_map(|(vault, resource_group, vm, policy)| C::BackupProtect {
            vault,
            resource_group,
            vm,
            policy
        }),
        (item(), option::of((1u8..=28, 1u8..=12, 2026u16..=2099))).prop_map(|(item, d)| {
            C::BackupNow(
                item,
                d.map(|(day, month, year)| crate::time::Date { year, month, day }),
            )
        }),
        item().prop_map(C::RecoveryPointList),
        (item(), text()).prop_map(|(item, name)| C::RecoveryPointShow { item, name }),
        (text(), text(), any::<bool>()).prop_map(|(name, resource_group, force)| {
            C::BackupVaultDelete {
                name,
                resource_group,
                force,
            }
        }),
        (item(), any::<bool>()).prop_map(|(item, delete_backup_data)| {
            C::BackupProtectionDisable {
                item,
                delete_backup_data,
            }
        }),
        (item(), text(), text(), option::of(text())).prop_map(
            |(item, rp, storage_account, target_resource_group)| C::RestoreDisks {
                item,
                rp,
                storage_account,
                target_resource_group,
            }
        ),
        (text(), text()).prop_map(|(name, resource_group)| C::BackupVaultShow {
            name,
            resource_group
        }),
        option::of(text()).prop_map(|resource_group| C::BackupVaultList { resource_group }),
        (text(), text()).prop_map(|(vault, resource_group)| C::BackupItemList {
            vault,
            resource_group
        }),
        (text(), text()).prop_map(|(vault, resource_group)| C::BackupJobList {
            vault,
            resource_group
        }),
    ]
    .boxed()
}

/// Every `sim` verb but `sim as`.
fn sim_command() -> BoxedStrategy<Command> {
    use Command as C;
    prop_oneof![
        any::<u64>().prop_map(|s| C::Advance(SimDuration(s))),
        (0u64..100).prop_map(|d| C::Advance(SimDuration::days(d))),
        (text(), text(), text()).prop_map(|(vm, path, content)| C::Write { vm, path, content }),
        (text(), text()).prop_map(|(vm, path)| C::Read { vm, path }),
        (point(), text()).prop_map(|(point, vault)| C::RestoreKeys { point, vault }),
        (point(), text()).prop_map(|(point, name)| C::RestoreVm { point, name }),
        Just(C::Expect(Expectation::Ok)),
        select(ErrorCode::ALL).prop_map(|code| C::Expect(Expectation::Error(code))),
    ]
    .boxed()
}

/// Every command the language can write: weighted so each variant turns up about as often.
fn command() -> impl Strategy<Value = Command> {
    prop_oneof![
        45 => az_command(),
        6 => sim_command(),
        1 => (
            text(),
            // `sim as` runs az; AzCopy authorizes with its SAS, not as a principal.
            az_command().prop_filter("an az command", |c| !matches!(c, Command::AzCopy(_)))
        )
            .prop_map(|(principal, command)| Command::As {
            principal,
            command: Box::new(command),
        }),
    ]
}

// ---- Helpers ----

/// The chars of `line` from column `col` up to (not including) column `end`.
fn slice(line: &str, col: usize, end: usize) -> String {
    line.chars().skip(col - 1).take(end - col).collect()
}

/// Splits a line into the words before the first flag and one group per flag (the flag and its
/// values), as raw text.
fn groups(line: &str) -> (String, Vec<(Token, Vec<Token>)>) {
    let tokens = lex(line).expect("a printed line lexes");
    let first_flag = tokens
        .iter()
        .position(Token::is_flag)
        .unwrap_or(tokens.len());
    let prefix = tokens[..first_flag]
        .iter()
        .map(|t| slice(line, t.col, t.end))
        .collect::<Vec<_>>()
        .join(" ");
    let mut out: Vec<(Token, Vec<Token>)> = Vec::new();
    for t in tokens[first_flag..].iter().cloned() {
        match out.last_mut() {
            Some((_, values)) if !t.is_flag() => values.push(t),
            _ => out.push((t, Vec::new())),
        }
    }
    (prefix, out)
}

/// The grammar row a line's tokens start with, and how many tokens its words take.
fn spec_of(tokens: &[Token]) -> Option<&'static super::grammar::Spec> {
    SPECS.iter().find(|s| {
        s.path.len() <= tokens.len()
            && s.path
                .iter()
                .zip(tokens)
                .all(|(w, t)| super::grammar::word_matches(w, &t.text))
    })
}

/// Whatever parses must print to a line that parses to the same command.
fn assert_reprints(c: &Command) -> Result<(), TestCaseError> {
    let line = c.to_string();
    prop_assert_eq!(parse_line(&line), Ok(Some(c.clone())), "line: {}", line);
    Ok(())
}

/// Applies `edits` (position, action, char) to `line`: insert, delete, or replace one char.
fn mutate(line: &str, edits: &[(usize, u8, char)]) -> String {
    let mut chars: Vec<char> = line.chars().collect();
    for &(at, action, c) in edits {
        let at = at % (chars.len() + 1);
        match action % 3 {
            0 => chars.insert(at, c),
            1 if at < chars.len() => {
                chars.remove(at);
            }
            _ if at < chars.len() => chars[at] = c,
            _ => {}
        }
    }
    chars.into_iter().collect()
}

/// Characters that matter to the lexer and parser, plus anything at all.
fn edit_char() -> impl Strategy<Value = char> {
    prop_oneof![
        select(vec![
            ' ', '"', '\'', '#', '=', '-', '@', '\\', '\t', '/', 'a', '1'
        ]),
        any::<char>(),
    ]
}

proptest! {
    #![proptest_config(Config { cases: 2000, ..Config::default() })]

    /// The printed line parses back to the same command, and printing that gives the same line.
    #[test]
    fn every_command_round_trips(c in command()) {
        let line = c.to_string();
        let back = parse_line(&line);
        prop_assert_eq!(back.as_ref(), Ok(&Some(c.clone())), "line: {}", line);
        prop_assert_eq!(back.expect("checked").expect("checked").to_string(), line);
    }

    /// The printer writes flags in the grammar table's order, so the order is defined in one
    /// place, and writes only flags the grammar knows.
    #[test]
    fn printed_flags_follow_the_table(c in command()) {
        let line = c.to_string();
        let tokens = lex(&line).expect("lexes");
        let tokens = match c {
            Command::As { .. } => &tokens[3..],
            _ => &tokens[..],
        };
        let spec = spec_of(tokens).expect("the line starts with a known command");
        let mut last = None;
        for t in tokens.iter().filter(|t| t.is_flag()) {
            let at = spec.flags.iter().position(|f| f.long == t.text);
            prop_assert!(at.is_some(), "{} is not a flag of {:?} in {}", t.text, spec.path, line);
            prop_assert!(at > last, "{} out of order in {}", t.text, line);
            last = at;
        }
    }

    /// Flags may come in any order, as `--flag value` or `--flag=value`, and with the short
    /// aliases; the command is the same.
    #[test]
    fn flag_order_and_form_do_not_matter(
        (c, order, styles) in command().prop_flat_map(|c| {
            let n = groups(&c.to_string()).1.len();
            (
                Just(c),
                Just((0..n).collect::<Vec<_>>()).prop_shuffle(),
                vec(any::<bool>(), n..=n),
            )
        })
    ) {
        let line = c.to_string();
        let (prefix, groups) = groups(&line);
        let prefix_words = prefix.clone();
        let mut words = vec![prefix];
        for (&i, &equals) in order.iter().zip(&styles) {
            let (flag, values) = &groups[i];
            let flag_text = match flag.text.as_str() {
                "--name" => "-n",
                "--resource-group" => "-g",
                "--location" => "-l",
                // `az provider`'s alias; `az feature` keeps `-n` for `--name`.
                "--namespace" if prefix_words.starts_with("az provider") => "-n",
                other => other,
            };
            let values: Vec<String> = values.iter().map(|v| slice(&line, v.col, v.end)).collect();
            if equals && values.len() == 1 {
                words.push(format!("{flag_text}={}", values[0]));
            } else {
                words.push(flag_text.to_owned());
                words.extend(values);
            }
        }
        let rewritten = words.join(" ");
        prop_assert_eq!(parse_line(&rewritten), Ok(Some(c)), "line: {}", rewritten);
    }

    /// Arbitrary text never panics the parser, and whatever it accepts prints back faithfully.
    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        if let Ok(Some(c)) = parse_line(&text) {
            assert_reprints(&c)?;
        }
        let _ = parse_script(&text);
    }

    /// Near-valid lines reach deep into the grammar: a few random edits of a real command never
    /// panic, errors point inside the line (or just past it), and accepted lines print back
    /// faithfully.
    #[test]
    fn edited_commands_never_panic(
        c in command(),
        edits in vec((any::<usize>(), any::<u8>(), edit_char()), 1..4),
    ) {
        let line = mutate(&c.to_string(), &edits);
        match parse_line(&line) {
            Ok(Some(c)) => assert_reprints(&c)?,
            Ok(None) => {}
            Err(e) => {
                prop_assert!(e.line == 1);
                prop_assert!(e.column >= 1 && e.column <= line.chars().count() + 1, "{} in {:?}", e, line);
            }
        }
    }
}

#[test]
fn the_strategy_covers_every_variant() {
    let mut runner = TestRunner::deterministic();
    let strategy = command();
    let wanted = grammar_variants();
    let mut seen = BTreeSet::new();
    for _ in 0..20_000 {
        let c = strategy.new_tree(&mut runner).expect("generates").current();
        seen.insert(variant(&c));
        if let Command::As { command, .. } = &c {
            seen.insert(variant(command.as_ref()));
        }
        if seen.is_superset(&wanted) {
            return;
        }
    }
    let missing: Vec<_> = wanted.difference(&seen).collect();
    panic!("the strategy never generated {missing:?}");
}

#[test]
fn unmodelled_commands_never_shadow_a_modelled_form() {
    for (words, _) in super::grammar::UNMODELLED {
        for s in SPECS {
            assert!(
                !s.path.starts_with(words) && !words.starts_with(s.path),
                "{words:?} / {:?}",
                s.path
            );
        }
    }
}

#[test]
fn no_command_form_is_a_prefix_of_another() {
    // The word walk in `parse_command` stops at the first complete form.
    for a in SPECS {
        for b in SPECS {
            if !std::ptr::eq(a, b) {
                assert!(!b.path.starts_with(a.path), "{:?} / {:?}", a.path, b.path);
            }
        }
    }
}

#[test]
fn every_flag_is_spelled_long_and_unique_per_form() {
    for s in SPECS {
        for (i, f) in s.flags.iter().enumerate() {
            assert!(f.long.starts_with("--"), "{}", f.long);
            assert!(!s.flags[..i].iter().any(|g| g.long == f.long), "{}", f.long);
        }
    }
}

/// Every modelled command takes exactly the short forms az gives it, each checked against
/// azure-cli's `_params.py`: core registers `--resource-group -g` and `--location -l` for every
/// command with those arguments, and `--yes -y` for a command with `confirmation=True`;
/// `--name -n` is each module's own (keyvault `vault_name`, `key_name`, `secret_name`; vm
/// `name_arg_type`, `disk_name`; `disk_encryption_set_name`; resource's group and provider
/// `--namespace -n`; backup's vault and `recoverypoint show`; role's `create-for-rbac
/// --name -n`); keyvault's `--version -v`, `--file -f`, key create's `--protection -p`; vm's
/// `--show-details -d`; profile's `--subscription -s`; backup's `--vault-name -v`,
/// `--container-name -c`, `--item-name -i`, `--policy-name -p`, `--rp-name -r`, restore-disks'
/// `--target-resource-group -t`. `az role assignment` has none.
#[test]
fn each_command_takes_the_short_forms_az_gives_it_and_no_other() {
    use super::grammar::{OBJECT, SHORT, long_flag};
    const AZ: &[(&str, &str)] = &[
        ("az ad sp create-for-rbac", "-n"),
        // role `_params.py`: `resource_group_name` is `--resource-group -g`, delete's `yes` `--yes -y`.
        ("az role assignment create", "-g"),
        ("az role assignment delete", "-g -y"),
        ("az role assignment list", "-g"),
        ("az login", ""),
        ("az account set", "-s"),
        ("az group create", "-l -n"),
        ("az group show", "-n"),
        ("az group list", ""),
        ("az group delete", "-n -y"),
        ("az account show", "-s"),
        ("az account list", ""),
        ("az provider register", "-n"),
        // resource/_params.py: `--namespace` alone, `feature_name` as `--name/-n`.
        ("az feature register", "-n"),
        ("az feature show", "-n"),
        ("az keyvault create", "-g -l -n"),
        ("az keyvault update", "-g -n"),
        ("az keyvault set-policy", "-g -n"),
        ("az keyvault delete-policy", "-g -n"),
        ("az keyvault delete", "-g -n"),
        ("az keyvault recover", "-g -l -n"),
        ("az keyvault purge", "-l -n"),
        ("az keyvault show", "-g -n"),
        ("az keyvault list", "-g"),
        ("az keyvault list-deleted", ""),
        ("az keyvault show-deleted", "-l -n"),
        ("az keyvault key create", "-n -p"),
        ("az keyvault key rotate", "-n"),
        ("az keyvault key rotation-policy update", "-n"),
        ("az keyvault key rotation-policy show", "-n"),
        ("az keyvault secret set", "-n"),
        ("az keyvault key|secret show", "-n -v"),
        ("az keyvault key|secret list-versions", "-n"),
        ("az keyvault key|secret set-attributes", "-n -v"),
        ("az keyvault key|secret delete", "-n"),
        ("az keyvault key|secret recover", "-n"),
        ("az keyvault key|secret purge", "-n"),
        ("az keyvault key|secret backup", "-f -n"),
        ("az keyvault key|secret show-deleted", "-n"),
        ("az keyvault key download", "-e -f -n -v"),
        ("az keyvault secret download", "-e -f -n -v"),
        ("az keyvault key|secret list", ""),
        ("az keyvault key|secret list-deleted", ""),
        ("az keyvault key|secret restore", "-f"),
        ("az vm create", "-g -l -n"),
        ("az vm show", "-d -g -n"),
        ("az vm list", "-d -g"),
        ("az vm encryption enable", "-g -n"),
        ("az vm encryption disable", "-g -n"),
        ("az vm encryption show", "-g -n"),
        ("az vm restart", "-g -n"),
        ("az vm stop", "-g -n"),
        ("az vm deallocate", "-g -n"),
        ("az vm start", "-g -n"),
        ("az vm update", "-g -n"),
        // `g.command('delete', ..., confirmation=True)` adds `--yes/-y`.
        ("az vm delete", "-g -n -y"),
        ("az disk show", "-g -n"),
        ("az disk create", "-g -l -n -z"),
        ("az disk grant-access", "-g -n"),
        ("az disk revoke-access", "-g -n"),
        ("az disk delete", "-g -n -y"),
        ("az disk list", "-g"),
        ("az disk-encryption-set create", "-g -l -n"),
        ("az disk-encryption-set show", "-g -n"),
        ("az disk-encryption-set update", "-g -n"),
        ("az backup vault create", "-g -l -n"),
        ("az backup protection enable-for-vm", "-g -p -v"),
        ("az backup protection backup-now", "-c -g -i -v"),
        ("az backup recoverypoint list", "-c -g -i -v"),
        ("az backup restore restore-disks", "-c -g -i -r -t -v"),
        ("az backup vault delete", "-g -n -y"),
        ("az backup protection disable", "-c -g -i -v -y"),
        ("az backup recoverypoint show", "-c -g -i -n -v"),
        ("az backup vault show", "-g -n"),
        ("az backup vault list", "-g"),
        ("az backup item list", "-g -v"),
        ("az backup job list", "-g -v"),
    ];
    let shorts: std::collections::BTreeSet<&str> = SHORT.iter().map(|(_, s, _)| *s).collect();
    for spec in SPECS.iter().filter(|s| s.path[0] == "az") {
        let path = spec.path.join(" ");
        let taken: Vec<&str> = shorts
            .iter()
            .copied()
            .filter(|s| long_flag(spec, s) != *s)
            .collect();
        let az = AZ
            .iter()
            .find(|(p, _)| *p == path)
            .unwrap_or_else(|| panic!("{path}: not in the table; check its _params.py"));
        assert_eq!(taken.join(" "), az.1, "{path}");
    }
    // Each short form stands for its long flag: the example with it parses to the same command.
    for spec in SPECS
        .iter()
        .filter(|s| s.path[0] == "az" && !s.path.contains(&OBJECT))
    {
        let long = parse_line(spec.example).expect("example parses");
        let mut short = spec.example.to_owned();
        for (_, s, l) in SHORT {
            if long_flag(spec, s) == *l {
                short = short.replace(&format!("{l} "), &format!("{s} "));
            }
        }
        assert_eq!(parse_line(&short), Ok(long), "{short}");
    }
    // And where az has no such short form, it is refused as az refuses it.
    for line in [
        "az role assignment create -n x --role Reader --scope kv",
        "az keyvault key create --vault-name kv -n k -g rg",
        "az keyvault key create --vault-name kv -n k -l westeurope",
        "az keyvault secret set --vault-name kv -n s --value v -p hsm",
        "az keyvault delete -n kv -y",
        "az keyvault key list --vault-name kv -n k",
        "az vm encryption enable -n vm1 -g rg --disk-encryption-keyvault kv -v kv",
        "az backup protection enable-for-vm -v rsv -g rg --vm vm1 -p DefaultPolicy -n vm1",
        "az backup vault create -v rsv -g rg -l westeurope",
    ] {
        let e = parse_line(line).expect_err(line);
        assert!(e.message.contains("unknown flag"), "{line}: {e}");
    }
}
