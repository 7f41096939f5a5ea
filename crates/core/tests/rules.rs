//! One test per DOMAIN.md rule (R1..R30), each building a world in memory from `Command` values.

mod common;

use common::*;
use keyfall_core::*;

fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && s.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
}

#[test]
fn r1_bek_is_a_secret_named_by_a_guid() {
    // R1
    let l = Lab::ade();
    let (name, _) = l.bek_secret("vm1");
    assert!(is_guid(&name), "{name}");
    assert!(l.vault("kv").secrets.contains_key(&name));
}

#[test]
fn r2_ec_kek_refused_and_windows_2022_needs_3072() {
    // R2
    let mut l = Lab::with_vault();
    l.ok(key_create_with("kv", "ec", |k| {
        k.kty = Some(KeyType::Ec);
        k.size = None;
    }));
    l.ok(key_create_with("kv", "small", |k| k.size = Some(2048)));
    l.ok(vm_create("vm1", "westeurope"));
    l.code(
        ade_enable("vm1", "kv", Some("ec"), None),
        ErrorCode::BadParameter,
    );
    l.ok(Command::VmCreate(VmCreate {
        name: "win".into(),
        resource_group: RG.into(),
        location: "westeurope".into(),
        image: "Win2022Datacenter".into(),
        subscription: None,
        os_disk_encryption_set: None,
        ..Default::default()
    }));
    l.code(
        ade_enable("win", "kv", Some("small"), None),
        ErrorCode::BadParameter,
    );
    l.ok(key_create("kv", "big"));
    l.ok(ade_enable("win", "kv", Some("big"), None));
    let (name, _) = l.bek_secret("win");
    let tags = &l.vault("kv").secrets[&name].versions[0].tags;
    assert!(tags["DiskEncryptionKeyFileName"].ends_with(".BEK"));
    assert_eq!(tags["VolumeLetter"], "C:\\");
}

#[test]
fn r2_r3_wrapped_bek_has_content_type_and_tags() {
    // R2, R3
    let l = Lab::ade();
    let (name, ver) = l.bek_secret("vm1");
    let s = &l.vault("kv").secrets[&name];
    let v = s.versions.iter().find(|v| v.id == ver).expect("version");
    assert_eq!(v.content_type.as_deref(), Some("Wrapped BEK"));
    let kek_ver = &l.vault("kv").keys["kek"].versions[0].id;
    assert_eq!(
        v.tags["DiskEncryptionKeyEncryptionKeyURL"],
        format!("https://kv.vault.azure.net/keys/kek/{kek_ver}")
    );
    assert_eq!(v.tags["DiskEncryptionKeyEncryptionAlgorithm"], "RSA-OAEP");
    assert_eq!(v.tags["MachineName"], "vm1");
    assert_eq!(
        v.tags["DiskEncryptionKeyFileName"],
        "LinuxPassPhraseFileName"
    );
}

#[test]
fn r3_tags_readable_with_get_value_is_the_wrapped_bek() {
    // R3: anyone with get sees the tags; the value is the wrapped key, not the BEK.
    let mut l = Lab::ade();
    let (name, _) = l.bek_secret("vm1");
    let out = l.ok(secret_show("kv", &name));
    assert!(
        out.lines
            .iter()
            .any(|x| x.contains("DiskEncryptionKeyEncryptionKeyURL"))
    );
    assert!(out.lines.iter().any(|x| x == "contentType: Wrapped BEK"));
}

#[test]
fn r3_bek_tags_readable_with_list_only() {
    // R3: tags are readable by anyone with get *or list*: a list-only principal sees the BEK's
    // versioned KEK URL and machine name in list-versions, without the value.
    let mut l = Lab::ade();
    let (name, _) = l.bek_secret("vm1");
    l.ok(sp_create("auditor"));
    l.ok(set_policy(
        "kv",
        "auditor",
        None,
        Some(vec![SecretPerm::List]),
    ));
    l.code(
        as_("auditor", secret_show("kv", &name)),
        ErrorCode::Forbidden,
    );
    let out = l.ok(as_(
        "auditor",
        secret_op("kv", &name, ObjectOp::ListVersions),
    ));
    let kek_ver = l.vault("kv").keys["kek"].versions[0].id.clone();
    let line = &out.lines[0];
    assert!(
        line.contains(&format!(
            "tag DiskEncryptionKeyEncryptionKeyURL=https://kv.vault.azure.net/keys/kek/{kek_ver}"
        )),
        "{line}"
    );
    assert!(line.contains("tag MachineName=vm1"), "{line}");
}

/// The KEK reference in `vm`'s ADE settings.
fn kek_of(l: &Lab, vm: &str) -> KekRef {
    let ade = l.vm(vm).ade.as_ref().expect("ADE settings");
    ade.kek.clone().expect("a KEK")
}

#[test]
fn r4_vm_model_stores_versioned_urls() {
    // R4
    let l = Lab::ade();
    let a = l.vm("vm1").ade.clone().expect("ade");
    let kek = a.kek.clone().expect("kek");
    assert_eq!(
        a.secret_url,
        format!(
            "https://kv.vault.azure.net/secrets/{}/{}",
            a.secret_name, a.secret_version
        )
    );
    assert_eq!(
        kek.url,
        format!("https://kv.vault.azure.net/keys/kek/{}", kek.version)
    );
    assert_eq!(kek.version.len(), 32);
}

#[test]
fn r4_kek_by_identifier_takes_its_version_without_a_key_get() {
    // R4. azure-cli `encrypt_vm`: a `--key-encryption-key` holding `://` is passed on as it is
    // (no `_get_keyvault_key_url`); a name is resolved to its current version.
    let mut l = Lab::with_vault();
    l.ok(key_create("kv", "kek"));
    l.grant_admin_keys("kv", &[KeyPerm::Rotate]);
    l.ok(key_rotate("kv", "kek"));
    let versions: Vec<String> = l.vault("kv").keys["kek"]
        .versions
        .iter()
        .map(|v| v.id.clone())
        .collect();
    l.ok(vm_create("vm1", "westeurope"));
    l.ok(vm_create("vm2", "westeurope"));
    l.drain();
    let first = KeyRef::Url {
        vault: "kv".into(),
        name: "kek".into(),
        version: Some(versions[0].clone()),
    };
    l.ok(ade_enable_with("vm1", "kv", None, None, |a| {
        a.key_encryption_key = Some(first)
    }));
    assert!(!call_ops(&mut l).contains(&"key get".to_owned()));
    let kek = kek_of(&l, "vm1");
    assert_eq!(
        kek.version, versions[0],
        "the identifier's version, not the newest"
    );
    // Without a version the wrap takes the current one, and ADE keeps its versioned URL.
    let unversioned = KeyRef::Url {
        vault: "kv".into(),
        name: "kek".into(),
        version: None,
    };
    l.ok(ade_enable_with("vm2", "kv", None, None, |a| {
        a.key_encryption_key = Some(unversioned)
    }));
    let kek = kek_of(&l, "vm2");
    assert_eq!(kek.version, versions[1]);
    assert_eq!(
        kek.url,
        format!("https://kv.vault.azure.net/keys/kek/{}", versions[1])
    );
    // Disabling the newest version locks out vm2 only (R7, R17).
    l.ok(key_attrs("kv", "kek", Some(false), None));
    for vm in ["vm1", "vm2"] {
        l.ok(deallocate(vm));
    }
    l.ok(start("vm1"));
    l.code(start("vm2"), ErrorCode::VmBootLocked);
}

#[test]
fn r4_kek_in_its_own_vault() {
    // R4. azure-cli `encrypt_vm` and `_verify_keyvault_good_for_encryption`: the KEK may live
    // in `--key-encryption-keyvault` (az reads that vault too); without `--key-encryption-key`
    // az's validator refuses the flag (`process_disk_encryption_namespace`).
    let mut l = Lab::with_vault();
    l.ok(vault_create("kv-kek", "westeurope"));
    l.ok(key_create("kv-kek", "kek"));
    l.vm1_with_payroll();
    l.drain();
    let e = l.code(
        ade_enable_with("vm1", "kv", None, None, |a| {
            a.key_encryption_keyvault = Some("kv-kek".into())
        }),
        ErrorCode::CliError,
    );
    assert_eq!(
        e.message,
        "Incorrect usage '--key-encryption-keyvault': '--key-encryption-key' is required"
    );
    assert!(call_ops(&mut l).is_empty(), "az sent nothing");
    l.code(
        ade_enable_with("vm1", "kv", Some("kek"), None, |a| {
            a.key_encryption_keyvault = Some("kv-none".into())
        }),
        ErrorCode::ResourceNotFound,
    );
    assert_eq!(
        call_ops(&mut l),
        ["vault get"],
        "only the disk vault answered"
    );
    l.ok(ade_enable_with("vm1", "kv", Some("kek"), None, |a| {
        a.key_encryption_keyvault = Some("kv-kek".into())
    }));
    assert_eq!(
        call_ops(&mut l),
        [
            "vault get",
            "vault get",
            "key get",
            "encrypt volume",
            "store BEK",
            "wrapKey",
            "secret set"
        ]
    );
    let a = l.vm("vm1").ade.clone().expect("ade");
    let kek = a.kek.clone().expect("kek");
    assert_eq!((a.vault.as_str(), kek.vault.as_str()), ("kv", "kv-kek"));
    assert!(
        kek.url
            .starts_with("https://kv-kek.vault.azure.net/keys/kek/")
    );
    assert_eq!(
        kek.source_vault,
        "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-kek"
    );
    l.reads_payroll();
    l.cold_boots_and_reads();
    // The platform unwraps in the KEK's vault at boot (R17).
    l.ok(key_delete("kv-kek", "kek"));
    l.cold_boot_locked();
}

#[test]
fn r3_wrap_algorithm_is_recorded_in_the_tag() {
    // R2, R3. azure-cli `encrypt_vm`: `--key-encryption-algorithm`, RSA-OAEP by default.
    let mut l = Lab::ade();
    l.ok(vm_create("vm2", "westeurope"));
    l.ok(ade_enable_with("vm2", "kv", Some("kek"), None, |a| {
        a.key_encryption_algorithm = Some(KeyEncryptionAlgorithm::RsaOaep256)
    }));
    let tag = |l: &Lab, vm: &str| {
        let (name, ver) = l.bek_secret(vm);
        let s = &l.vault("kv").secrets[&name];
        let v = s.versions.iter().find(|v| v.id == ver).expect("version");
        v.tags["DiskEncryptionKeyEncryptionAlgorithm"].clone()
    };
    assert_eq!(tag(&l, "vm1"), "RSA-OAEP");
    assert_eq!(tag(&l, "vm2"), "RSA-OAEP-256");
}

#[test]
fn volume_type_defaults_to_all_on_windows_and_os_on_linux() {
    // azure-cli `encrypt_vm`: ALL on Windows; on Linux OS when the VM has no data disks. On
    // Linux az then warns that encryption goes on in the guest.
    let mut l = Lab::with_vault();
    l.ok(key_create("kv", "kek"));
    l.ok(vm_create("lin", "westeurope"));
    l.ok(vm_create_with("win", "westeurope", |a| {
        a.image = "Win2022Datacenter".into()
    }));
    let default = |a: &mut EncryptionEnable| a.volume_type = None;
    let lin = l.ok(ade_enable_with("lin", "kv", Some("kek"), None, default));
    let win = l.ok(ade_enable_with("win", "kv", Some("kek"), None, default));
    let volume_type = |l: &Lab, vm: &str| l.vm(vm).ade.as_ref().map(|a| a.volume_type);
    assert_eq!(volume_type(&l, "lin"), Some(VolumeType::Os));
    assert_eq!(volume_type(&l, "win"), Some(VolumeType::All));
    assert_eq!(
        lin.lines,
        [
            "az: WARNING: The encryption request was accepted. Please use 'show' command to monitor the progress."
        ]
    );
    assert!(win.lines.is_empty(), "{:?}", win.lines);
}

#[test]
fn volume_type_is_asked_for_on_a_linux_vm_with_data_disks() {
    // azure-cli `encrypt_vm`: on Linux with data disks and no `--volume-type`, az stops before
    // any request with "VM has data disks, please supply --volume-type"; Windows takes ALL.
    let mut l = Lab::with_vault();
    l.ok(key_create("kv", "kek"));
    l.ok(vm_create_with("lin", "westeurope", |a| {
        a.data_disk_sizes_gb = vec![8]
    }));
    l.ok(vm_create_with("win", "westeurope", |a| {
        a.image = "Win2022Datacenter".into();
        a.data_disk_sizes_gb = vec![8];
    }));
    let default = |a: &mut EncryptionEnable| a.volume_type = None;
    let e = l.code(
        ade_enable_with("lin", "kv", Some("kek"), None, default),
        ErrorCode::CliError,
    );
    assert_eq!(e.message, "VM has data disks, please supply --volume-type");
    assert!(l.vm("lin").ade.is_none());
    l.ok(ade_enable("lin", "kv", Some("kek"), None));
    l.ok(ade_enable_with("win", "kv", Some("kek"), None, default));
    let volume_type = |l: &Lab, vm: &str| l.vm(vm).ade.as_ref().map(|a| a.volume_type);
    assert_eq!(volume_type(&l, "win"), Some(VolumeType::All));
}

#[test]
fn encrypt_format_all_is_for_linux_only() {
    // azure-cli `_params.py` ("Only supported for Linux virtual machines"); the Windows
    // extension has no `EnableEncryptionFormatAll` (azure-docs PR 47729).
    let mut l = windows_ade_lab();
    l.ok(vm_create_with("win2", "westeurope", |a| {
        a.image = "Win2022Datacenter".into()
    }));
    let format_all = |a: &mut EncryptionEnable| a.encrypt_format_all = true;
    let e = l.code(
        ade_enable_with("win2", "kv", Some("kek"), None, format_all),
        ErrorCode::VmExtensionProvisioningError,
    );
    assert!(
        e.message
            .contains("'EnableEncryptionFormatAll' was not found"),
        "{e}"
    );
    assert!(l.vm("win2").ade.is_none());
    l.ok(vm_create("lin", "westeurope"));
    l.ok(ade_enable_with("lin", "kv", Some("kek"), None, format_all));
}

#[test]
fn r5_vault_in_other_region_or_subscription_is_refused() {
    // R5. azure-cli `_verify_keyvault_good_for_encryption`: az reads the vault (a `VaultGet`)
    // and stops with its own error before the extension is called.
    let mut l = Lab::new();
    l.ok(vault_create("kv-ne", "northeurope"));
    l.ok(key_create("kv-ne", "kek"));
    let other_sub = vault_create_with("kv-sub2", "westeurope", |a| {
        a.subscription = Some("sub2".into())
    });
    l.ok(other_sub);
    l.ok(vault_create("kv", "westeurope"));
    l.ok(vm_create("vm1", "westeurope"));
    l.drain();
    let e = l.code(
        ade_enable("vm1", "kv-ne", Some("kek"), None),
        ErrorCode::CliError,
    );
    assert_eq!(
        e.to_string(),
        "az: ERROR: ERROR: VM vm1's region does not match keyvault's region."
    );
    assert_eq!(e.status, 0);
    assert_eq!(
        call_ops(&mut l),
        ["vault get"],
        "az read the vault and sent nothing else"
    );
    assert_eq!(
        l.w.audit().last().map(|a| a.operation_name.as_str()),
        Some("VaultGet")
    );
    // az reads the vault in the current subscription (the VM's): one elsewhere is not found,
    // whether named or given by id (`process_disk_encryption_namespace`, `client.get`).
    for vault in [
        VaultRef::Name("kv-sub2".into()),
        VaultRef::Id {
            subscription: "sub2".into(),
            resource_group: RG.into(),
            name: "kv-sub2".into(),
        },
    ] {
        let e = l.code(
            ade_enable_with("vm1", "kv-sub2", None, None, |a| a.vault = vault),
            ErrorCode::ResourceNotFound,
        );
        assert!(
            e.message.starts_with(
                "The Resource 'Microsoft.KeyVault/vaults/kv-sub2' under resource group 'rg' was not found."
            ),
            "{e}"
        );
    }
    assert!(call_ops(&mut l).is_empty(), "no vault answered");
    // az compares the VM's subscription with the one the id names.
    let e = l.code(
        ade_enable_with("vm1", "kv", None, None, |a| {
            a.vault = VaultRef::Id {
                subscription: "sub2".into(),
                resource_group: RG.into(),
                name: "kv".into(),
            }
        }),
        ErrorCode::CliError,
    );
    assert_eq!(
        e.message,
        "ERROR: VM vm1's subscription does not match keyvault's subscription."
    );
    assert!(l.vm("vm1").ade.is_none());
    // `--force` turns az's check into a warning; the vault must still share the VM's region.
    let forced = ade_enable_with("vm1", "kv-ne", Some("kek"), None, |a| a.force = true);
    l.code(forced, ErrorCode::BadParameter);
    let mut ok = l.ok(ade_enable_with("vm1", "kv", None, None, |a| {
        a.vault = VaultRef::Id {
            subscription: "sub2".into(),
            resource_group: RG.into(),
            name: "kv".into(),
        };
        a.force = true;
    }));
    ok.lines.truncate(1);
    assert_eq!(
        ok.lines,
        [
            "az: WARNING: WARNING: VM vm1's subscription does not match keyvault's subscription. Encryption might fail."
        ]
    );
}

/// The operations of the calls made since the last drain.
/// The calls among the events since the last drain, in order.
fn calls(l: &mut Lab) -> Vec<Call> {
    l.drain()
        .into_iter()
        .filter_map(|e| match e {
            Event::Call(c) => Some(c),
            _ => None,
        })
        .collect()
}

fn call_ops(l: &mut Lab) -> Vec<String> {
    calls(l).into_iter().map(|c| c.operation).collect()
}

#[test]
fn r6_rotation_adds_versions_and_backup_over_500_versions_fails() {
    // R6
    let mut l = Lab::with_vault();
    l.ok(key_create("kv", "k"));
    l.grant_admin_keys("kv", &[KeyPerm::Rotate]);
    l.ok(key_rotate("kv", "k"));
    assert_eq!(l.vault("kv").keys["k"].versions.len(), 2);
    for _ in 0..499 {
        l.ok(key_rotate("kv", "k"));
    }
    assert_eq!(l.vault("kv").keys["k"].versions.len(), 501);
    l.code(
        key_op(
            "kv",
            "k",
            ObjectOp::Backup {
                file: "k.blob".into(),
            },
        ),
        ErrorCode::BadParameter,
    );
}

#[test]
fn r6_r9_rotate_needs_the_rotate_permission() {
    // R6, R9: the creator holds `all`, rotate included; a policy of everyday key permissions
    // does not.
    let mut l = Lab::ade();
    l.grant_admin_keys("kv", &[]);
    let e = l.code(key_rotate("kv", "kek"), ErrorCode::Forbidden);
    assert_eq!(e.denied.expect("denied").missing.to_string(), "keys/rotate");
}

#[test]
fn r7_disabled_kek_refuses_unwrap_at_boot() {
    // R7, R17
    let mut l = Lab::ade();
    l.ok(key_attrs("kv", "kek", Some(false), None));
    let e = l.cold_boot_locked();
    assert!(e.message.contains("KeyDisabled"), "{e}");
}

#[test]
fn r7_expired_kek_still_unwraps_but_refuses_wrap() {
    // R7
    let mut l = Lab::ade();
    l.ok(key_attrs("kv", "kek", None, Some(date(2026, 1, 2))));
    l.ok(advance_days(3));
    l.cold_boots_and_reads();
    // Re-running ADE with the expired KEK needs a wrap, which is refused.
    l.code(
        ade_enable("vm1", "kv", Some("kek"), None),
        ErrorCode::VmExtensionProvisioningError,
    );
}

#[test]
fn r7_not_before_set_by_set_attributes_refuses_wrap_until_then() {
    // R7: `set-attributes --not-before` (azure-cli `keyvault key set-attributes`, `not_before`);
    // before that date the version is not yet valid and wrapKey is refused.
    let mut l = Lab::ade();
    l.ok(key_op(
        "kv",
        "kek",
        ObjectOp::SetAttributes {
            version: None,
            enabled: None,
            expires: None,
            not_before: Some(date(2026, 1, 10)),
        },
    ));
    let shown = l.ok(key_op("kv", "kek", ObjectOp::Show { version: None }));
    assert!(
        shown.lines.iter().any(|x| x.contains("notBefore=")),
        "{shown:?}"
    );
    l.code(
        ade_enable("vm1", "kv", Some("kek"), None),
        ErrorCode::VmExtensionProvisioningError,
    );
}

#[test]
fn r7_key_create_expires_and_not_before_set_the_first_version() {
    // R7: `az keyvault key create --expires --not-before` (azure-cli `create_key`, `expires_on`
    // and `not_before`) set the first version's attributes; before nbf, wrapKey is refused.
    let mut l = Lab::ade();
    l.ok(Command::KeyCreate(KeyCreate {
        vault: "kv".into(),
        name: "later".into(),
        expires: Some(date(2027, 1, 1)),
        not_before: Some(date(2026, 1, 10)),
        ..KeyCreate::default()
    }));
    let shown = l.ok(key_op("kv", "later", ObjectOp::Show { version: None }));
    let attrs = shown.lines.last().expect("attributes");
    assert!(
        attrs.contains("expires=") && attrs.contains("notBefore="),
        "{attrs}"
    );
    l.code(
        ade_enable("vm1", "kv", Some("later"), None),
        ErrorCode::VmExtensionProvisioningError,
    );
}

#[test]
fn r7_key_create_disabled_makes_its_first_version_disabled() {
    // R7: `az keyvault key create --disabled` (azure-cli `create_key(..., disabled=False)`).
    let mut l = Lab::ade();
    let c = parse_line("az keyvault key create --vault-name kv --name off --disabled")
        .expect("parses")
        .expect("a command");
    l.ok(c);
    assert!(!l.vault("kv").keys["off"].versions[0].attributes.enabled);
    let shown = l.ok(key_op("kv", "off", ObjectOp::Show { version: None }));
    let attrs = shown.lines.last().expect("attributes");
    assert!(attrs.contains("enabled=false"), "{attrs}");
}

#[test]
fn r2_protection_hsm_needs_a_premium_vault() {
    // R2: `--protection hsm` is az's way to ask for RSA-HSM (`validate_key_type`); the standard
    // vault refuses it as it refuses `--kty RSA-HSM`.
    let mut l = Lab::with_vault();
    let c = keyfall_core::parse_line(
        "az keyvault key create --vault-name kv --name k --protection hsm",
    )
    .expect("parses")
    .expect("a command");
    l.code(c, ErrorCode::Forbidden);
}

#[test]
fn r8_disabled_secret_refused_expired_secret_readable() {
    // R8
    let mut l = Lab::with_vault();
    l.ok(secret_set("kv", "db", "hunter2"));
    l.ok(secret_op(
        "kv",
        "db",
        ObjectOp::SetAttributes {
            version: Some(VersionRef::Ordinal(1)),
            enabled: None,
            not_before: None,
            expires: Some(date(2026, 1, 2)),
        },
    ));
    l.ok(advance_days(5));
    assert!(
        l.ok(secret_show("kv", "db"))
            .lines
            .contains(&"value: hunter2".to_owned())
    );
    l.ok(secret_op(
        "kv",
        "db",
        ObjectOp::SetAttributes {
            version: None,
            enabled: Some(false),
            not_before: None,
            expires: None,
        },
    ));
    l.code(secret_show("kv", "db"), ErrorCode::SecretDisabled);
}

#[test]
fn r8_secret_set_makes_its_version_disabled_or_dated_in_one_request() {
    // R8: `az keyvault secret set --disabled --expires --not-before` (azure-cli `_params.py`:
    // `expires_on`, `not_before`, `disabled` on `secret set`) set the new version's attributes.
    let mut l = Lab::with_vault();
    let line = |text: &str| parse_line(text).expect("parses").expect("a command");
    let audit = l.w.audit().len();
    l.ok(line(
        "az keyvault secret set --vault-name kv --name db --value hunter2 --disabled",
    ));
    assert_eq!(l.w.audit().len(), audit + 1, "one request");
    l.code(secret_show("kv", "db"), ErrorCode::SecretDisabled);
    l.ok(line(
        "az keyvault secret set --vault-name kv --name db --value hunter3 --expires 2026-01-02 --not-before 2026-01-01",
    ));
    let newest = l.vault("kv").secrets["db"].versions[1].attributes;
    assert!(newest.enabled);
    assert_eq!(
        (newest.nbf, newest.exp),
        (
            Some(SimTime::ZERO),
            Some(SimTime::from_date(date(2026, 1, 2)))
        )
    );
    // Expired, it is still read (R8).
    l.ok(advance_days(5));
    assert!(
        l.ok(secret_show("kv", "db"))
            .lines
            .contains(&"value: hunter3".to_owned())
    );
}

#[test]
fn r9_creator_policy_is_all_purge_included_and_no_self_perms_gives_nothing() {
    // R9
    let l = Lab::with_vault();
    let p = &l.vault("kv").policies[0];
    assert_eq!(p.principal, ADMIN);
    // azure-cli `create_vault`: keys, secrets and certificates `all`, and `all` is every
    // permission, purge and rotate included.
    assert_eq!(p.keys.len(), KeyPerm::ALL.len());
    assert_eq!(p.secrets.len(), SecretPerm::ALL.len());
    assert!(p.keys.contains(&KeyPerm::Purge) && p.secrets.contains(&SecretPerm::Purge));
    let mut l2 = Lab::new();
    let c = vault_create_with("kv2", "westeurope", |a| a.no_self_perms = true);
    l2.ok(c);
    assert!(l2.vault("kv2").policies.is_empty());
}

#[test]
fn r9_set_policy_replaces_named_categories_and_keeps_others() {
    // R9 conventions
    let mut l = Lab::with_vault();
    l.ok(sp_create("app"));
    l.ok(set_policy(
        "kv",
        "app",
        Some(vec![KeyPerm::Get]),
        Some(vec![SecretPerm::Get]),
    ));
    l.ok(set_policy("kv", "app", Some(vec![KeyPerm::WrapKey]), None));
    let p = l
        .vault("kv")
        .policies
        .iter()
        .find(|p| p.principal == "app")
        .expect("policy")
        .clone();
    assert_eq!(p.keys.into_iter().collect::<Vec<_>>(), [KeyPerm::WrapKey]);
    assert_eq!(p.secrets.into_iter().collect::<Vec<_>>(), [SecretPerm::Get]);
    l.ok(Command::DeletePolicy {
        vault: "kv".into(),
        principal: PrincipalRef::Spn("app".into()),
    });
    assert!(l.vault("kv").policies.iter().all(|p| p.principal != "app"));
}

#[test]
fn r10_platform_reads_any_secret_through_the_switch() {
    // R10: the ADE platform can read an app's DB password in a shared vault.
    let mut l = Lab::ade();
    l.ok(secret_set("kv", "app-db-password", "s3cret"));
    let out = l.ok(as_(PLATFORM_ADE, secret_show("kv", "app-db-password")));
    assert!(out.lines.contains(&"value: s3cret".to_owned()));
    let access = l.w.effective_access("kv");
    assert!(access.iter().any(|a| a.principal == PLATFORM_ADE
        && a.capability == "secrets/get"
        && a.via == Via::Switch(Switch::DiskEncryption)));
    let u = vault_update_with("kv", |a| a.enabled_for_disk_encryption = Some(false));
    l.ok(u);
    let e = l.code(
        as_(PLATFORM_ADE, secret_show("kv", "app-db-password")),
        ErrorCode::Forbidden,
    );
    assert_eq!(
        e.denied.expect("denied").missing.to_string(),
        "enabledForDiskEncryption"
    );
    // Compute and ARM need their own switches.
    l.code(
        as_("platform-compute", secret_show("kv", "app-db-password")),
        ErrorCode::Forbidden,
    );
    l.ok(vault_update_with("kv", |u| {
        u.enabled_for_deployment = Some(true);
        u.enabled_for_template_deployment = Some(true);
    }));
    l.ok(as_(
        "platform-compute",
        secret_show("kv", "app-db-password"),
    ));
    l.ok(as_("platform-arm", secret_show("kv", "app-db-password")));
    // The switch gives secrets and unwrap, not key deletion.
    l.code(
        as_(PLATFORM_ADE, key_delete("kv", "kek")),
        ErrorCode::Forbidden,
    );
}

#[test]
fn r11_rbac_voids_policies_and_roles_grant_access() {
    // R11
    let mut l = Lab::with_vault();
    l.ok(secret_set("kv", "s", "v"));
    let u = vault_update_with("kv", |a| a.enable_rbac_authorization = Some(true));
    l.ok(u);
    let e = l.code(secret_show("kv", "s"), ErrorCode::Forbidden);
    assert_eq!(
        e.denied.expect("denied").missing.to_string(),
        "Microsoft.KeyVault/vaults/secrets/getSecret/action"
    );
    l.ok(Command::RoleAssignmentCreate(RoleAssignment {
        assignee: "admin".into(),
        role: Role::KeyVaultSecretsUser,
        scope: "kv".into(),
    }));
    l.ok(secret_show("kv", "s"));
    l.code(secret_set("kv", "s", "w"), ErrorCode::Forbidden);
    l.ok(Command::RoleAssignmentCreate(RoleAssignment {
        assignee: "admin".into(),
        role: Role::KeyVaultReader,
        scope: "kv".into(),
    }));
    assert!(
        l.w.effective_access("kv")
            .iter()
            .any(|a| a.principal == ADMIN
                && a.capability == "secrets/get"
                && a.via == Via::Role(Role::KeyVaultSecretsUser))
    );
}

fn legacy_lab() -> Lab {
    let mut l = Lab::new();
    l.ok(sp_create("ade-app"));
    l.ok(vault_create("kv", "westeurope"));
    l.ok(key_create("kv", "kek"));
    l.ok(vm_create("vm1", "westeurope"));
    l
}

/// The legacy lab with the app holding what the legacy flow needs: wrapKey and set (R12).
fn legacy_lab_granted() -> Lab {
    let mut l = legacy_lab();
    l.ok(set_policy(
        "kv",
        "ade-app",
        Some(vec![KeyPerm::WrapKey]),
        Some(vec![SecretPerm::Set]),
    ));
    l
}

#[test]
fn r15_the_legacy_app_signs_in_with_a_secret_or_a_certificate() {
    // azure-cli `encrypt_vm`, after it reads the VM: the legacy flow needs the app's secret or
    // its certificate's thumbprint; in single pass a secret given without an app is ignored.
    let mut l = legacy_lab_granted();
    let no_credential = |a: &mut EncryptionEnable| a.aad_client_secret = false;
    let e = l.code(
        ade_enable_with("vm1", "kv", Some("kek"), Some("ade-app"), no_credential),
        ErrorCode::CliError,
    );
    assert_eq!(
        e.message,
        "Please provide either --aad-client-cert-thumbprint or --aad-client-secret"
    );
    assert!(l.vm("vm1").ade.is_none());
    let thumbprint = |a: &mut EncryptionEnable| {
        a.aad_client_secret = false;
        a.aad_client_cert_thumbprint = Some("0123ABCD".into());
    };
    l.ok(ade_enable_with(
        "vm1",
        "kv",
        Some("kek"),
        Some("ade-app"),
        thumbprint,
    ));
    assert!(l.vm("vm1").ade.is_some());

    let mut l = Lab::with_vault();
    l.ok(key_create("kv", "kek"));
    l.ok(vm_create("vm2", "westeurope"));
    let stray_secret = |a: &mut EncryptionEnable| a.aad_client_secret = true;
    l.ok(ade_enable_with(
        "vm2",
        "kv",
        Some("kek"),
        None,
        stray_secret,
    ));
    let a = l.vm("vm2").ade.clone().expect("encrypted");
    assert_eq!(a.aad_client_id, None, "single pass");
}

#[test]
fn r12_legacy_app_needs_only_wrap_and_set_and_never_reads() {
    // R12
    let mut l = legacy_lab();
    // The extension makes the call, so az reports the extension's failure, Key Vault's 403
    // inside it; the denial stays with it for the explainer.
    let e = l.code(
        ade_enable("vm1", "kv", Some("kek"), Some("ade-app")),
        ErrorCode::VmExtensionProvisioningError,
    );
    common::begins(
        &e.message,
        "VM has reported a failure when processing extension 'AzureDiskEncryptionForLinux'. Error message: \"Key Vault refused the request: (Forbidden)",
    );
    assert_eq!(
        e.denied.expect("denied").missing.to_string(),
        "keys/wrapKey"
    );
    l.ok(set_policy(
        "kv",
        "ade-app",
        Some(vec![KeyPerm::WrapKey]),
        None,
    ));
    let e = l.code(
        ade_enable("vm1", "kv", Some("kek"), Some("ade-app")),
        ErrorCode::VmExtensionProvisioningError,
    );
    assert_eq!(e.denied.expect("denied").missing.to_string(), "secrets/set");
    l.ok(set_policy(
        "kv",
        "ade-app",
        None,
        Some(vec![SecretPerm::Set]),
    ));
    l.ok(ade_enable("vm1", "kv", Some("kek"), Some("ade-app")));
    let (name, _) = l.bek_secret("vm1");
    l.code(
        as_("ade-app", secret_show("kv", &name)),
        ErrorCode::Forbidden,
    );
}

#[test]
fn r15_legacy_flow_wraps_then_sets_as_the_app() {
    // R15
    let mut l = legacy_lab_granted();
    l.drain();
    l.ok(ade_enable("vm1", "kv", Some("kek"), Some("ade-app")));
    let calls = calls(&mut l);
    let order: Vec<&str> = calls.iter().map(|c| c.operation.as_str()).collect();
    assert_eq!(
        order,
        [
            "vault get",
            "key get",
            "encrypt volume",
            "wrapKey",
            "secret set"
        ]
    );
    assert_eq!(calls[3].caller, "ade-app");
    assert_eq!(calls[4].caller, "ade-app");
    let a = l.vm("vm1").ade.clone().expect("ade");
    assert_eq!(a.aad_client_id.as_deref(), Some("ade-app"));
}

#[test]
fn r15_a_legacy_vm_stays_in_the_legacy_flow() {
    // R15. azure-cli `encrypt_vm` and `_detect_ade_status`: once the legacy flow encrypted a VM,
    // enable without `--aad-client-id` is refused ("Please provide --aad-client-id"), even after
    // a disable, which leaves the model's settings at `enabled: false`.
    let mut l = legacy_lab_granted();
    l.ok(vm_create_with("win", "westeurope", |a| {
        a.image = "Win2022Datacenter".into()
    }));
    l.ok(ade_enable("win", "kv", Some("kek"), Some("ade-app")));
    l.drain();
    let e = l.code(
        ade_enable("win", "kv", Some("kek"), None),
        ErrorCode::CliError,
    );
    assert_eq!(e.to_string(), "az: ERROR: Please provide --aad-client-id");
    assert!(call_ops(&mut l).is_empty(), "az sent nothing");
    assert_eq!(
        l.vm("win")
            .ade
            .as_ref()
            .and_then(|a| a.aad_client_id.as_deref()),
        Some("ade-app"),
        "still the legacy flow"
    );
    l.ok(ade_disable("win", None, false));
    l.code(
        ade_enable("win", "kv", Some("kek"), None),
        ErrorCode::CliError,
    );
    let shown = l.ok(ade_show("win")).lines;
    assert_eq!(
        shown,
        [
            "dataDisk: NotEncrypted",
            "osDisk: Unknown",
            "osDiskEncryptionSettings.enabled: false",
            "osType: Windows"
        ]
    );
}

#[test]
fn r15_r18_legacy_rerun_restarts_the_vm() {
    // R15, R18, R17. azure-cli `encrypt_vm`: re-running the legacy flow on an encrypted VM
    // deallocates it, updates the model and starts it again, so the platform fetches the new
    // BEK version at once.
    let mut l = legacy_lab_granted();
    l.ok(write("vm1", "/data/payroll.csv", "alice,42000"));
    l.ok(ade_enable("vm1", "kv", Some("kek"), Some("ade-app")));
    l.drain();
    let out = l.ok(ade_enable("vm1", "kv", Some("kek"), Some("ade-app")));
    assert_eq!(
        out.lines,
        [
            "az: WARNING: Deallocating the VM before updating encryption settings...",
            "az: WARNING: Restarting the VM after the update...",
            "az: WARNING: The encryption request was accepted. Please use 'show' command to monitor the progress. If you see 'VMRestartPending', please restart the VM, and the encryption will finish shortly"
        ]
    );
    let platform: Vec<(String, String)> = l
        .drain()
        .into_iter()
        .filter_map(|e| match e {
            Event::Call(c) if c.caller == PLATFORM_ADE => Some((c.operation, c.object)),
            _ => None,
        })
        .collect();
    let (secret, _) = l.bek_secret("vm1");
    assert_eq!(
        platform,
        [
            ("secret get".to_owned(), secret),
            ("unwrapKey".to_owned(), "kek".to_owned())
        ]
    );
    l.reads_payroll();
    let shown = l.ok(ade_show("vm1")).lines;
    assert_eq!(shown[..2], ["dataDisk: NotMounted", "osDisk: Encrypted"]);
    assert_eq!(shown.last().map(String::as_str), Some("osType: Linux"));
}

#[test]
fn show_prints_the_disk_instance_view_for_single_pass() {
    // R4. azure-cli `show_vm_encryption_status` (`_show_vm_encryption_status_thru_new_ade`):
    // the single-pass flow keeps the URLs on the disk.
    let mut l = Lab::ade();
    let a = l.vm("vm1").ade.clone().expect("ade");
    let kek = a.kek.clone().expect("kek");
    let id = "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv";
    assert_eq!(
        l.ok(ade_show("vm1")).lines,
        [
            format!(
                "disks[0].encryptionSettings[0].diskEncryptionKey.secretUrl: {}",
                a.secret_url
            ),
            format!("disks[0].encryptionSettings[0].diskEncryptionKey.sourceVault.id: {id}"),
            "disks[0].encryptionSettings[0].enabled: true".to_owned(),
            format!(
                "disks[0].encryptionSettings[0].keyEncryptionKey.keyUrl: {}",
                kek.url
            ),
            format!("disks[0].encryptionSettings[0].keyEncryptionKey.sourceVault.id: {id}"),
            "disks[0].name: vm1-os".to_owned(),
            "disks[0].statuses[0].code: EncryptionState/encrypted".to_owned(),
            "disks[0].statuses[0].displayStatus: Encryption is enabled on disk".to_owned(),
        ]
    );
}

#[test]
fn r16_single_pass_platform_stores_through_the_switch() {
    // R16, R10. With the switch off az refuses first, in either flow (azure-cli
    // `_verify_keyvault_good_for_encryption`); forced past its check, the platform is refused.
    let mut l = legacy_lab_granted();
    let u = vault_update_with("kv", |a| a.enabled_for_disk_encryption = Some(false));
    l.ok(u);
    l.drain();
    for app in [None, Some("ade-app")] {
        let e = l.code(
            ade_enable("vm1", "kv", Some("kek"), app),
            ErrorCode::CliError,
        );
        assert_eq!(
            e.message,
            "ERROR: Keyvault 'kv' is not enabled for disk encryption."
        );
        assert_eq!(
            call_ops(&mut l),
            ["vault get"],
            "az sent nothing after its read"
        );
    }
    let forced = ade_enable_with("vm1", "kv", Some("kek"), None, |a| a.force = true);
    let e = l.code(forced, ErrorCode::VmExtensionProvisioningError);
    let d = e.denied.expect("denied");
    assert_eq!(
        (d.principal.as_str(), d.missing.to_string().as_str()),
        (PLATFORM_ADE, "enabledForDiskEncryption")
    );
    assert!(l.vm("vm1").ade.is_none(), "a failed enable changes nothing");
    let u = vault_update_with("kv", |a| a.enabled_for_disk_encryption = Some(true));
    l.ok(u);
    l.drain();
    l.ok(ade_enable("vm1", "kv", Some("kek"), None));
    let platform_calls: Vec<String> = calls(&mut l)
        .into_iter()
        .filter(|c| c.caller == PLATFORM_ADE)
        .map(|c| c.operation)
        .collect();
    assert_eq!(platform_calls, ["wrapKey", "secret set"]);
}

#[test]
fn r10_forced_legacy_enable_writes_but_the_vm_cannot_boot() {
    // R10, R15, R17. `--force` makes az's check a warning (azure-cli
    // `_verify_keyvault_good_for_encryption`): the app writes the BEK, and the platform cannot
    // read it at the next start.
    let mut l = legacy_lab_granted();
    let u = vault_update_with("kv", |a| a.enabled_for_disk_encryption = Some(false));
    l.ok(u);
    let out = l.ok(ade_enable_with(
        "vm1",
        "kv",
        Some("kek"),
        Some("ade-app"),
        |a| a.force = true,
    ));
    assert_eq!(
        out.lines[0],
        "az: WARNING: WARNING: Keyvault 'kv' is not enabled for disk encryption. Encryption might fail."
    );
    l.cold_boot_locked();
}

#[test]
fn r17_running_vm_and_restart_survive_kek_deletion() {
    // R17
    let mut l = Lab::ade();
    l.ok(key_delete("kv", "kek"));
    l.reads_payroll();
    l.ok(restart("vm1"));
    l.reads_payroll();
}

#[test]
fn r17_boot_after_deallocate_fails_when_kek_deleted() {
    // R17
    let mut l = Lab::ade();
    l.ok(key_delete("kv", "kek"));
    l.ok(deallocate("vm1"));
    assert!(!l.vm("vm1").volume_key_in_memory());
    l.drain();
    let e = l.code(start("vm1"), ErrorCode::VmBootLocked);
    assert!(e.message.contains("KeyNotFound"), "{e}");
    let vm = l.vm("vm1");
    assert_eq!(vm.power, PowerState::Running);
    assert!(vm.at_recovery_screen);
    l.code(read("vm1", "/data/payroll.csv"), ErrorCode::VmBootLocked);
    // The chain: secret get allowed, unwrapKey 404, both as the platform.
    let calls: Vec<(String, String, u16)> = calls(&mut l)
        .into_iter()
        .map(|c| (c.caller, c.operation, c.status))
        .collect();
    assert_eq!(
        calls,
        [
            (PLATFORM_ADE.to_owned(), "secret get".to_owned(), 200),
            (PLATFORM_ADE.to_owned(), "unwrapKey".to_owned(), 404)
        ]
    );
    // Recover the key, deallocate + start again: it boots.
    l.ok(key_recover("kv", "kek"));
    l.cold_boots_and_reads();
}

#[test]
fn r17_stop_then_start_keeps_the_bek_volume() {
    // R17: only deallocation drops the key.
    let mut l = Lab::ade();
    l.ok(key_delete("kv", "kek"));
    l.ok(Command::vm_power(Power::Stop, "vm1", RG));
    l.ok(start("vm1"));
    l.ok(read("vm1", "/data/payroll.csv"));
}

#[test]
fn r17_boot_needs_the_platform_switch() {
    // R17, R10
    let mut l = Lab::ade();
    let u = vault_update_with("kv", |a| a.enabled_for_disk_encryption = Some(false));
    l.ok(u);
    let e = l.cold_boot_locked();
    assert_eq!(
        e.denied.expect("denied").missing.to_string(),
        "enabledForDiskEncryption"
    );
}

#[test]
fn r18_rerun_with_new_kek_rewraps_the_same_volume_key() {
    // R18
    let mut l = Lab::ade();
    let (name, v1) = l.bek_secret("vm1");
    let sectors_before = l.vm("vm1").disk().sectors().to_vec();
    l.ok(key_create("kv", "kek2"));
    l.ok(ade_enable("vm1", "kv", Some("kek2"), None));
    let (name2, v2) = l.bek_secret("vm1");
    assert_eq!(name, name2);
    assert_ne!(v1, v2);
    assert_eq!(
        l.vault("kv").secrets[&name].versions.len(),
        2,
        "old version remains"
    );
    assert_eq!(
        l.vm("vm1").disk().sectors(),
        sectors_before.as_slice(),
        "no re-encryption"
    );
    assert_eq!(
        l.vm("vm1")
            .ade
            .as_ref()
            .and_then(|a| a.kek.as_ref())
            .map(|k| k.name.as_str()),
        Some("kek2")
    );
    // The old KEK is no longer needed to boot.
    l.ok(key_delete("kv", "kek"));
    l.cold_boots_and_reads();
}

/// A Windows Server 2022 VM `win` with a payroll file, encrypted single-pass with `kek` in `kv`.
fn windows_ade_lab() -> Lab {
    let mut l = Lab::ade();
    l.ok(vm_create_with("win", "westeurope", |a| {
        a.image = "Win2022Datacenter".into()
    }));
    l.ok(write("win", "/data/payroll.csv", "alice,42000"));
    l.ok(ade_enable("win", "kv", Some("kek"), None));
    l
}

#[test]
fn r19_disable_decrypts_and_clears_settings() {
    // R19, on Windows (azure-cli `decrypt_vm`: volume type ALL by default).
    let mut l = windows_ade_lab();
    let (name, _) = l.bek_secret("win");
    l.ok(ade_disable("win", None, false));
    assert!(l.vm("win").ade.is_none());
    assert!(
        l.vault("kv").secrets.contains_key(&name),
        "the secret stays"
    );
    l.ok(key_delete("kv", "kek"));
    l.ok(deallocate("win"));
    l.ok(start("win"));
    assert_eq!(
        l.ok(read("win", "/data/payroll.csv")).lines,
        ["alice,42000"]
    );
}

#[test]
fn r19_linux_os_volume_cannot_be_decrypted() {
    // R19 on Linux. azure-cli `decrypt_vm` asks for DATA by default and refuses OS or ALL
    // unless forced; the Linux extension then refuses while the OS volume is encrypted
    // (azure-linux-extensions VMEncryption `disable_encryption`). Keyfall's VMs have only an
    // OS disk, so a Linux VM stays encrypted.
    let mut l = Lab::ade();
    l.drain();
    for t in [VolumeType::Os, VolumeType::All] {
        let e = l.code(ade_disable("vm1", Some(t), false), ErrorCode::CliError);
        assert_eq!(
            e.message,
            "Only Data disks can have encryption disabled in a Linux VM. Use '--force' to ignore the warning"
        );
    }
    assert!(call_ops(&mut l).is_empty(), "az sent nothing");
    for (t, force) in [
        (None, false),
        (Some(VolumeType::Data), false),
        (Some(VolumeType::Os), true),
    ] {
        let e = l.code(
            ade_disable("vm1", t, force),
            ErrorCode::VmExtensionProvisioningError,
        );
        assert!(
            e.message
                .contains("Disabling encryption is not supported when OS volume is encrypted"),
            "{e}"
        );
        assert_eq!(e.status, 0);
        assert_eq!(call_ops(&mut l), ["decrypt volume"]);
    }
    assert!(l.vm("vm1").ade.is_some(), "still encrypted");
    l.cold_boots_and_reads();
}

#[test]
fn r19_disable_without_ade_only_warns() {
    // R19. azure-cli `decrypt_vm` and `show_vm_encryption_status`: no ADE extension and no
    // legacy settings, and az only warns.
    let mut l = Lab::new();
    l.ok(vm_create("vm1", "westeurope"));
    for c in [ade_disable("vm1", None, false), ade_show("vm1")] {
        assert_eq!(
            l.ok(c).lines,
            ["az: WARNING: Azure Disk Encryption is not enabled"]
        );
    }
}

#[test]
fn r20_retention_is_7_to_90_days_default_90() {
    // R20
    let mut l = Lab::new();
    for bad in [6, 91] {
        let c = vault_create_with("kv", "westeurope", |a| a.retention_days = Some(bad));
        l.code(c, ErrorCode::BadParameter);
    }
    let c = vault_create_with("kv", "westeurope", |a| a.retention_days = None);
    l.ok(c);
    assert_eq!(l.vault("kv").retention_days, 90);
}

#[test]
fn r21_soft_deleted_key_is_404_and_its_name_conflicts() {
    // R21
    let mut l = Lab::ade();
    l.ok(key_delete("kv", "kek"));
    l.code(
        key_op("kv", "kek", ObjectOp::Show { version: None }),
        ErrorCode::KeyNotFound,
    );
    l.code(key_create("kv", "kek"), ErrorCode::Conflict);
    l.ok(secret_set("kv", "s", "v"));
    l.ok(secret_op("kv", "s", ObjectOp::Delete));
    l.code(secret_set("kv", "s", "w"), ErrorCode::Conflict);
    l.code(secret_show("kv", "s"), ErrorCode::SecretNotFound);
    l.ok(secret_op("kv", "s", ObjectOp::Recover));
    l.ok(secret_show("kv", "s"));
}

#[test]
fn r22_purge_needs_permission_and_respects_purge_protection() {
    // R22
    let mut l = Lab::ade();
    l.grant_admin_keys("kv", &[]);
    l.ok(key_delete("kv", "kek"));
    let e = l.code(key_purge("kv", "kek"), ErrorCode::Forbidden);
    assert_eq!(e.denied.expect("denied").missing.to_string(), "keys/purge");
    let u = vault_update_with("kv", |a| a.enable_purge_protection = Some(true));
    l.ok(u);
    l.grant_admin_keys("kv", &[KeyPerm::Purge]);
    // Azure: 403 Forbidden, 'Operation "purge" is not allowed because purge protection is
    // enabled for this vault' (no denial: the caller holds purge).
    let e = l.code(key_purge("kv", "kek"), ErrorCode::Forbidden);
    assert_eq!((e.code, e.denied.is_none()), (ErrorCode::Forbidden, true));
    assert!(e.message.contains("purge protection is enabled"), "{e}");
    // Azure: 400 BadRequest, 'The property "enablePurgeProtection" cannot be set to false'.
    let off = vault_update_with("kv", |a| a.enable_purge_protection = Some(false));
    let e = l.code(off, ErrorCode::BadRequest);
    assert_eq!(e.status, 400);
    assert!(l.vault("kv").purge_protection);
}

#[test]
fn r22_purge_without_protection_is_immediate_and_retention_end_purges() {
    // R22
    let mut l = Lab::ade();
    l.grant_admin_keys("kv", &[KeyPerm::Purge]);
    l.ok(key_create("kv", "other"));
    l.purge_key("kv", "other");
    assert!(!l.vault("kv").keys.contains_key("other"));
    l.ok(key_delete("kv", "kek"));
    l.ok(advance_days(6));
    assert!(l.vault("kv").keys.contains_key("kek"));
    l.ok(advance_days(1));
    assert!(
        !l.vault("kv").keys.contains_key("kek"),
        "purged at the end of 7-day retention"
    );
    assert!(
        l.w.audit()
            .iter()
            .any(|a| a.operation_name == "KeyPurge" && a.caller == "Microsoft.KeyVault")
    );
}

#[test]
fn r23_recovered_vault_keeps_policies_not_role_assignments() {
    // R23
    let mut l = Lab::ade();
    l.ok(Command::RoleAssignmentCreate(RoleAssignment {
        assignee: "admin".into(),
        role: Role::KeyVaultAdministrator,
        scope: "kv".into(),
    }));
    l.ok(Command::VaultDelete { name: "kv".into() });
    l.code(secret_show("kv", "x"), ErrorCode::VaultNotFound);
    l.code(vault_create("kv", "westeurope"), ErrorCode::Conflict);
    l.ok(Command::VaultRecover { name: "kv".into() });
    let v = l.vault("kv");
    assert!(v.keys.contains_key("kek"));
    assert_eq!(v.policies.len(), 1);
    assert!(v.role_assignments.is_empty());
}

#[test]
fn r22_vault_purge_respects_purge_protection() {
    // R22, R23
    let mut l = Lab::new();
    l.ok(vault_create_protected("kv", "westeurope"));
    l.ok(Command::VaultDelete { name: "kv".into() });
    l.code(
        Command::VaultPurge { name: "kv".into() },
        ErrorCode::MethodNotAllowed,
    );
    l.ok(advance_days(7));
    assert!(l.w.vault("kv").is_none(), "purged when retention ended");
    l.ok(vault_create("kv", "westeurope"));
}

fn backup(vault: &str, name: &str, file: &str) -> Command {
    key_op(vault, name, ObjectOp::Backup { file: file.into() })
}

fn restore(vault: &str, file: &str) -> Command {
    Command::ObjectRestore {
        kind: ObjectKind::Key,
        vault: vault.into(),
        file: file.into(),
    }
}

#[test]
fn r24_r25_key_restore_keeps_versions_within_geography_and_subscription() {
    // R24, R25
    let mut l = Lab::ade();
    l.ok(backup("kv", "kek", "kek.blob"));
    l.ok(vault_create("kv-ne", "northeurope"));
    l.ok(restore("kv-ne", "kek.blob"));
    assert_eq!(
        l.vault("kv-ne").keys["kek"].versions[0].id,
        l.vault("kv").keys["kek"].versions[0].id
    );
    l.ok(vault_create("kv-us", "eastus"));
    let e = l.code(restore("kv-us", "kek.blob"), ErrorCode::BackupBlobInvalid);
    assert_eq!(e.status, 400);
    let other = vault_create_with("kv-sub2", "westeurope", |a| {
        a.subscription = Some("sub2".into())
    });
    l.ok(other);
    l.code(restore("kv-sub2", "kek.blob"), ErrorCode::BackupBlobInvalid);
}

#[test]
fn r24_restored_kek_unwraps_the_bek_for_real() {
    // R24, R27: purge after backup, restore, boot works.
    let mut l = Lab::ade();
    l.grant_admin_keys("kv", &[KeyPerm::Purge]);
    l.ok(backup("kv", "kek", "kek.blob"));
    l.purge_key("kv", "kek");
    l.ok(restore("kv", "kek.blob"));
    l.cold_boots_and_reads();
}

#[test]
fn r26_restore_conflicts_with_a_soft_deleted_name() {
    // R26
    let mut l = Lab::ade();
    l.ok(backup("kv", "kek", "kek.blob"));
    l.code(restore("kv", "kek.blob"), ErrorCode::Conflict);
    l.ok(key_delete("kv", "kek"));
    l.code(restore("kv", "kek.blob"), ErrorCode::Conflict);
    l.ok(secret_set("kv", "s", "v"));
    l.ok(secret_op(
        "kv",
        "s",
        ObjectOp::Backup {
            file: "s.blob".into(),
        },
    ));
    l.ok(secret_op("kv", "s", ObjectOp::Delete));
    l.code(
        Command::ObjectRestore {
            kind: ObjectKind::Secret,
            vault: "kv".into(),
            file: "s.blob".into(),
        },
        ErrorCode::Conflict,
    );
}

#[test]
fn r27_purged_kek_without_backup_is_lost() {
    // R27: a new key with the same name does not help; its versions differ.
    let mut l = Lab::ade();
    l.grant_admin_keys("kv", &[KeyPerm::Purge]);
    l.purge_key("kv", "kek");
    l.ok(key_create("kv", "kek"));
    l.cold_boot_locked();
}

#[test]
fn r13_backup_without_permissions_fails() {
    // R13
    let mut l = Lab::ade();
    l.ok(rsv_create("rsv"));
    l.ok(protect("rsv", "vm1"));
    let e = l.code(
        backup_now("rsv", "vm1"),
        ErrorCode::UserErrorKeyVaultPermissionsNotConfigured,
    );
    assert_eq!(e.denied.expect("denied").principal, AZURE_BACKUP);
    l.ok(set_policy(
        "kv",
        AZURE_BACKUP,
        Some(vec![KeyPerm::Get, KeyPerm::List]),
        Some(vec![SecretPerm::Get, SecretPerm::List, SecretPerm::Backup]),
    ));
    let e = l.code(
        backup_now("rsv", "vm1"),
        ErrorCode::UserErrorKeyVaultPermissionsNotConfigured,
    );
    assert_eq!(e.denied.expect("denied").missing.to_string(), "keys/backup");
    l.ok(backup_policy("kv"));
    assert!(l.ok(backup_now("rsv", "vm1")).message.contains("rp-1"));
}

#[test]
fn r13_bek_only_vm_needs_secret_permissions_only() {
    // R13
    let mut l = Lab::with_vault();
    l.ok(vm_create("vm1", "westeurope"));
    l.ok(ade_enable("vm1", "kv", None, None));
    l.ok(rsv_create("rsv"));
    l.ok(protect("rsv", "vm1"));
    l.ok(set_policy(
        "kv",
        AZURE_BACKUP,
        None,
        Some(vec![SecretPerm::Get, SecretPerm::List, SecretPerm::Backup]),
    ));
    l.ok(backup_now("rsv", "vm1"));
}

#[test]
fn r14_every_vault_call_is_audited_denied_too_and_values_never() {
    // R14
    let mut l = Lab::ade();
    l.ok(sp_create("eve"));
    l.ok(secret_set("kv", "app-db-password", "hunter2"));
    l.err(as_("eve", secret_show("kv", "app-db-password")));
    let audit = l.w.audit();
    let last = audit.last().expect("entry");
    assert_eq!(
        (
            last.caller.as_str(),
            last.operation_name.as_str(),
            last.http_status_code,
            last.result_signature
        ),
        ("eve", "SecretGet", 403, "Forbidden")
    );
    assert!(
        audit
            .iter()
            .any(|a| a.operation_name == "KeyWrap" && a.caller == PLATFORM_ADE)
    );
    assert!(audit.iter().any(|a| a.operation_name == "VaultPut"));
    let json = serde_json::to_string(audit).expect("json");
    assert!(!json.contains("hunter2"));
    assert!(json.contains("\"operationName\":\"SecretGet\""));
    // Learn's example record: `"resultSignature": "OK"`, the number in `httpStatusCode`.
    assert!(json.contains("\"httpStatusCode\":403,\"resultSignature\":\"Forbidden\""));
    assert!(json.contains("\"httpStatusCode\":200,\"resultSignature\":\"OK\""));
    assert_eq!(
        audit.iter().map(|a| a.id).collect::<Vec<_>>(),
        (1..=audit.len() as u64).collect::<Vec<_>>()
    );
}

/// Every operation name of the Vault, Keys and Secrets tabs of the operation table in Learn's
/// "Azure Key Vault logging" (MicrosoftDocs/azure-security-docs
/// `articles/key-vault/general/logging.md`, 04/17/2025), Event Grid notifications left out.
const LEARN_OPERATION_NAMES: &[&str] = &[
    "Authentication",
    "VaultGet",
    "VaultPut",
    "VaultDelete",
    "VaultPatch",
    "VaultRecover",
    "KeyCreate",
    "KeyGet",
    "KeyImport",
    "KeyDelete",
    "KeySign",
    "KeyVerify",
    "KeyWrap",
    "KeyUnwrap",
    "KeyEncrypt",
    "KeyDecrypt",
    "KeyUpdate",
    "KeyList",
    "KeyListVersions",
    "KeyPurge",
    "KeyBackup",
    "KeyRestore",
    "KeyRecover",
    "KeyGetDeleted",
    "KeyListDeleted",
    "KeyRotate",
    "KeyRotateIfDue",
    "KeyRotationPolicyGet",
    "KeyRotationPolicySet",
    "SecretSet",
    "SecretGet",
    "SecretUpdate",
    "SecretDelete",
    "SecretList",
    "SecretListVersions",
    "SecretPurge",
    "SecretBackup",
    "SecretRestore",
    "SecretRecover",
    "SecretGetDeleted",
    "SecretListDeleted",
];

#[test]
fn r14_audit_operation_names_are_learns() {
    // R14: create, update and set-policy are all a PUT of the vault in az, so `VaultPut`, after
    // az's read of the vault (`VaultGet`, azure-cli `update_vault_setter`); a
    // rotation by the policy is `KeyRotateIfDue` by Key Vault, a caller's rotation `KeyRotate`;
    // setting the policy is `KeyRotationPolicySet`; purging a deleted vault and role assignments
    // are not in the table at all.
    let mut l = Lab::ade();
    l.grant_admin_keys(
        "kv",
        &[KeyPerm::Rotate, KeyPerm::SetRotationPolicy, KeyPerm::Purge],
    );
    let before = l.w.audit().len();
    l.ok(vault_update_with("kv", |a| {
        a.enabled_for_deployment = Some(true)
    }));
    l.ok(key_create("kv", "k2"));
    l.ok(key_rotate("kv", "k2"));
    l.ok(rotate_every_30_days("kv", "k2"));
    l.ok(advance_days(31));
    l.ok(Command::RoleAssignmentCreate(RoleAssignment {
        assignee: "admin".into(),
        role: Role::KeyVaultReader,
        scope: "kv".into(),
    }));
    l.ok(Command::VaultDelete { name: "kv".into() });
    l.ok(Command::VaultPurge { name: "kv".into() });
    let ops: Vec<(&str, &str)> = l.w.audit()[before..]
        .iter()
        .map(|a| (a.caller.as_str(), a.operation_name.as_str()))
        .collect();
    assert_eq!(
        ops,
        [
            (ADMIN, "VaultGet"),
            (ADMIN, "VaultPut"),
            (ADMIN, "KeyCreate"),
            (ADMIN, "KeyRotate"),
            (ADMIN, "KeyRotationPolicySet"),
            ("Microsoft.KeyVault", "KeyRotateIfDue"),
            (ADMIN, "VaultDelete"),
        ]
    );
    for a in l.w.audit() {
        assert!(
            LEARN_OPERATION_NAMES.contains(&a.operation_name.as_str()),
            "{} is not in Learn's operation table",
            a.operation_name
        );
    }
    // The purge is Resource Manager's alone.
    let purge = l.w.activity().last().expect("activity");
    assert_eq!(
        (
            purge.operation_name,
            purge.status,
            purge.resource_id.as_str()
        ),
        (
            "Microsoft.KeyVault/locations/deletedVaults/purge/action",
            "Succeeded",
            "/subscriptions/00000000-0000-4000-8000-000000000001/providers/Microsoft.KeyVault/locations/westeurope/deletedVaults/kv"
        )
    );
}

#[test]
fn r11_role_assignment_delete_takes_every_match_at_the_scope_and_only_there() {
    // R11: azure-cli `delete_role_assignments` lists the assignments made exactly at the scope
    // (the subscription's without --scope or -g), keeps those matching each filter given, and
    // deletes each by id; when none matches, it stops before any request.
    let line = |text: &str| parse_line(text).expect("parses").expect("a command");
    let mut l = Lab::new();
    l.ok(vault_create_with("kv", "westeurope", |a| {
        a.enable_rbac_authorization = Some(true)
    }));
    for sp in ["eve", "bob"] {
        l.ok(sp_create(sp));
    }
    for (who, role, scope) in [
        ("eve", "Key Vault Secrets User", "kv"),
        ("eve", "Key Vault Reader", "kv"),
        ("bob", "Key Vault Reader", "kv"),
        ("eve", "Key Vault Reader", "/subscriptions/sub1"),
    ] {
        l.ok(line(&format!(
            "az role assignment create --assignee {who} --role \"{role}\" --scope {scope}"
        )));
    }
    let held = |l: &Lab| -> Vec<(String, Role)> {
        let grants = &l.vault("kv").role_assignments;
        grants
            .iter()
            .map(|g| (g.principal.clone(), g.role))
            .collect()
    };
    // By role at the vault: both readers go, each by its own request.
    let activity = l.w.activity().len();
    let out = l.ok(line(
        "az role assignment delete --role \"Key Vault Reader\" --scope kv",
    ));
    assert_eq!(
        out.message,
        "Key Vault Reader unassigned to eve at kv; Key Vault Reader unassigned to bob at kv"
    );
    assert!(out.lines.is_empty(), "az prints nothing: {out:?}");
    assert_eq!(l.w.activity().len(), activity + 2);
    assert_eq!(held(&l), [("eve".to_owned(), Role::KeyVaultSecretsUser)]);
    // Without --scope, the subscription's own: eve's reader there goes, her vault role stays.
    l.ok(line("az role assignment delete --assignee eve"));
    assert_eq!(held(&l).len(), 1);
    // Nothing matches now, at either scope: az's words, and no request.
    let activity = l.w.activity().len();
    for text in [
        "az role assignment delete --assignee eve",
        "az role assignment delete --assignee bob --scope kv",
    ] {
        let e = l.code(line(text), ErrorCode::CliError);
        assert!(
            e.message
                .contains("No matched assignments were found to delete"),
            "{e}"
        );
    }
    assert_eq!(l.w.activity().len(), activity);
}

#[test]
fn sp_create_for_rbac_names_an_unnamed_app_by_its_time_and_patches_a_known_one() {
    // azure-cli `create_service_principal_for_rbac`: without --name the app is
    // `azure-cli-%Y-%m-%d-%H-%M-%S`; with the name of an app already there, `create_application`
    // patches it (a warning) and the password is replaced, not refused.
    let mut l = Lab::new();
    l.ok(advance_hours(2));
    let first = l.ok(Command::SpCreate { name: None });
    assert_eq!(
        first.message,
        "service principal azure-cli-2026-01-01-02-00-00 created"
    );
    assert!(
        first
            .lines
            .iter()
            .any(|x| x.contains("credentials that you must protect")),
        "{first:?}"
    );
    l.ok(sp_create("ade-app"));
    let again = l.ok(sp_create("ade-app"));
    assert!(
        again.lines[0].contains("Found an existing application instance"),
        "{again:?}"
    );
    assert_eq!(
        again.message,
        "service principal ade-app patched: its password replaced"
    );
}

#[test]
fn r14_role_assignments_go_to_the_activity_log_not_the_audit_log() {
    // R14: a role assignment is a Resource Manager resource; creating or deleting one is an
    // Administrative event of the subscription's Activity log, never an AuditEvent of the vault.
    let mut l = Lab::new();
    l.ok(vault_create_with("kv", "westeurope", |a| {
        a.enable_rbac_authorization = Some(true)
    }));
    l.ok(sp_create("eve"));
    let audit = l.w.audit().len();
    let assignment = RoleAssignment {
        assignee: "eve".into(),
        role: Role::KeyVaultSecretsUser,
        scope: "kv".into(),
    };
    l.ok(Command::RoleAssignmentCreate(assignment.clone()));
    l.ok(Command::RoleAssignmentDelete(assignment.clone().into()));
    l.code(
        as_("eve", Command::RoleAssignmentCreate(assignment)),
        ErrorCode::AuthorizationFailed,
    );
    assert_eq!(
        l.w.audit().len(),
        audit,
        "no audit entry for role assignments"
    );
    let scope = "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv";
    let events: Vec<(&str, &str, &str, &str, &str)> =
        l.w.activity()
            .iter()
            .map(|e| {
                (
                    e.caller.as_str(),
                    e.operation_name,
                    e.resource_id.as_str(),
                    e.status,
                    e.sub_status,
                )
            })
            .collect();
    let ra = format!("{scope}/providers/Microsoft.Authorization/roleAssignments");
    assert_eq!(
        events,
        [
            (
                ADMIN,
                "Microsoft.KeyVault/vaults/write",
                scope,
                "Succeeded",
                "OK"
            ),
            (
                ADMIN,
                "Microsoft.Authorization/roleAssignments/write",
                ra.as_str(),
                "Succeeded",
                "OK"
            ),
            (
                ADMIN,
                "Microsoft.Authorization/roleAssignments/delete",
                ra.as_str(),
                "Succeeded",
                "OK"
            ),
            (
                "eve",
                "Microsoft.Authorization/roleAssignments/write",
                ra.as_str(),
                "Failed",
                "Forbidden"
            ),
        ]
    );
    assert_eq!(
        l.w.activity()[1].description,
        "Key Vault Secrets User for eve"
    );
    assert_eq!(
        l.w.activity().iter().map(|e| e.id).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
}

fn backed_up_lab() -> Lab {
    let mut l = Lab::ade();
    l.ok(rsv_create("rsv"));
    l.ok(protect("rsv", "vm1"));
    l.ok(backup_policy("kv"));
    l.ok(backup_now("rsv", "vm1"));
    l
}

#[test]
fn r28_recovery_point_holds_snapshot_key_blob_and_bek_copy() {
    // R28
    let l = backed_up_lab();
    let rsv = l.w.recovery_vaults().next().expect("rsv");
    let rp = &rsv.items["vm1"].points[0];
    assert_eq!(rp.name, "rp-1");
    let a = rp.ade.as_ref().expect("ade material");
    assert_eq!(a.settings, l.vm("vm1").ade.clone().expect("ade"));
    assert!(
        l.w.audit()
            .iter()
            .any(|e| e.caller == AZURE_BACKUP && e.operation_name == "KeyBackup")
    );
}

#[test]
fn r28_daily_policy_makes_points() {
    // R28: the policy runs daily at 22:00.
    let mut l = backed_up_lab();
    l.ok(advance_days(2));
    let rsv = l.w.recovery_vaults().next().expect("rsv");
    let names: Vec<&str> = rsv.items["vm1"]
        .points
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["rp-1", "rp-2", "rp-3"]);
}

#[test]
fn r29_restore_vm_works_while_keys_exist() {
    // R29
    let mut l = backed_up_lab();
    l.ok(restore_vm("rsv", "vm1", "rp-1", "vm1-restored"));
    assert_eq!(
        l.ok(read("vm1-restored", "/data/payroll.csv")).lines,
        ["alice,42000"]
    );
}

#[test]
fn r29_restore_vm_after_purge_needs_restore_keys() {
    // R29, R26, R27
    let mut l = backed_up_lab();
    let (secret, _) = l.bek_secret("vm1");
    l.grant_admin_keys("kv", &[KeyPerm::Purge]);
    l.ok(set_policy(
        "kv",
        ADMIN,
        None,
        Some(vec![
            SecretPerm::Get,
            SecretPerm::List,
            SecretPerm::Set,
            SecretPerm::Delete,
            SecretPerm::Purge,
            SecretPerm::Recover,
        ]),
    ));
    l.ok(key_delete("kv", "kek"));
    l.ok(secret_op("kv", &secret, ObjectOp::Delete));
    l.code(
        restore_vm("rsv", "vm1", "rp-1", "r1"),
        ErrorCode::DiskEncryptionInternalError,
    );
    assert!(l.w.vm("r1").is_none(), "a failed restore creates nothing");
    // Soft-deleted names block the restore (R26).
    l.code(
        restore_keys("rsv", "vm1", "rp-1", "kv"),
        ErrorCode::Conflict,
    );
    l.ok(key_purge("kv", "kek"));
    l.ok(secret_op("kv", &secret, ObjectOp::Purge));
    // The point is found whatever the case of its name, and the restore is recorded on it.
    l.ok(restore_keys("rsv", "vm1", "RP-1", "kv"));
    let rsv = l.w.recovery_vault("rsv").expect("rsv");
    assert!(rsv.items["vm1"].points[0].restored.is_some());
    l.ok(restore_vm("rsv", "vm1", "rp-1", "r1"));
    assert_eq!(l.ok(read("r1", "/data/payroll.csv")).lines, ["alice,42000"]);
}

#[test]
fn r29_old_recovery_points_need_the_old_kek_version() {
    // R18, R28, R29: after re-running ADE with a new KEK, rp-1 still needs the old one.
    let mut l = backed_up_lab();
    l.grant_admin_keys("kv", &[KeyPerm::Purge]);
    l.ok(key_create("kv", "kek2"));
    l.ok(ade_enable("vm1", "kv", Some("kek2"), None));
    l.ok(backup_now("rsv", "vm1"));
    l.purge_key("kv", "kek");
    l.code(
        restore_vm("rsv", "vm1", "rp-1", "old"),
        ErrorCode::DiskEncryptionInternalError,
    );
    l.ok(restore_vm("rsv", "vm1", "rp-2", "new"));
    l.ok(restore_keys("rsv", "vm1", "rp-1", "kv"));
    l.ok(restore_vm("rsv", "vm1", "rp-1", "old"));
}

#[test]
fn r30_restore_keys_into_another_subscription_fails() {
    // R30, R25
    let mut l = backed_up_lab();
    let other = vault_create_with("kv-sub2", "westeurope", |a| {
        a.subscription = Some("sub2".into())
    });
    l.ok(other);
    l.code(
        restore_keys("rsv", "vm1", "rp-1", "kv-sub2"),
        ErrorCode::BackupBlobInvalid,
    );
}

#[test]
fn failed_command_changes_nothing_but_audit_and_events() {
    // R14 plus the apply contract.
    let mut l = Lab::ade();
    l.ok(sp_create("eve"));
    let before = format!("{:?}", l.w.vaults().collect::<Vec<_>>());
    let audit_len = l.w.audit().len();
    l.drain();
    l.err(as_("eve", key_delete("kv", "kek")));
    assert_eq!(format!("{:?}", l.w.vaults().collect::<Vec<_>>()), before);
    assert_eq!(l.w.audit().len(), audit_len + 1);
    assert!(matches!(
        l.drain().as_slice(),
        [Event::Call(Call {
            result: CallResult::Deny(_),
            status: 403,
            ..
        })]
    ));
}

#[test]
fn version_refs_take_ordinals_and_prefixes() {
    let mut l = Lab::ade();
    l.grant_admin_keys("kv", &[KeyPerm::Rotate]);
    l.ok(key_rotate("kv", "kek"));
    let v1 = l.vault("kv").keys["kek"].versions[0].id.clone();
    let out = l.ok(key_op(
        "kv",
        "kek",
        ObjectOp::Show {
            version: Some(VersionRef::Ordinal(1)),
        },
    ));
    assert!(out.lines[0].ends_with(&v1));
    let out = l.ok(key_op(
        "kv",
        "kek",
        ObjectOp::Show {
            version: Some(VersionRef::Id(v1[..6].to_owned())),
        },
    ));
    assert!(out.lines[0].ends_with(&v1));
    l.code(
        key_op(
            "kv",
            "kek",
            ObjectOp::Show {
                version: Some(VersionRef::Ordinal(3)),
            },
        ),
        ErrorCode::KeyNotFound,
    );
}

#[test]
fn outcomes_never_hold_key_material_and_time_displays() {
    let mut l = Lab::ade();
    let out = l.ok(ade_show("vm1"));
    assert!(out.lines.iter().any(|x| x.starts_with(
        "disks[0].encryptionSettings[0].keyEncryptionKey.keyUrl: https://kv.vault.azure.net/keys/kek/"
    )));
    l.ok(advance_hours(54));
    assert_eq!(l.w.now().to_string(), "2026-01-03T06:00:00Z");
}

/// One command line, as a user types it.
#[track_caller]
fn az(text: &str) -> Command {
    match parse_line(text) {
        Ok(Some(c)) => c,
        other => panic!("{text}: {other:?}"),
    }
}

#[test]
fn r11_new_vaults_use_rbac_and_the_owner_needs_a_role() {
    // R11: az 2.61+ (azure-cli PR 28886) and Key Vault API 2026-02-01 create RBAC vaults. The
    // subscription owner who created it is refused on the data plane until a role is assigned.
    let mut l = Lab::new();
    l.ok(az(
        "az keyvault create --name kv --resource-group rg --location westeurope",
    ));
    let v = l.vault("kv");
    assert!(v.rbac);
    assert!(
        v.policies.is_empty(),
        "an RBAC vault gets no creator policy"
    );
    let e = l.code(
        az("az keyvault key create --vault-name kv --name kek"),
        ErrorCode::ForbiddenByRbac,
    );
    assert_eq!(e.status, 403);
    assert_eq!(
        e.denied.expect("denied").missing.to_string(),
        "Microsoft.KeyVault/vaults/keys/create/action"
    );
    l.ok(az(
        "az role assignment create --assignee admin@contoso.com --role \"Key Vault Crypto Officer\" --scope kv",
    ));
    l.ok(az("az keyvault key create --vault-name kv --name kek"));
    // Crypto Officer holds keys, not secrets.
    l.code(
        az("az keyvault secret set --vault-name kv --name s --value v"),
        ErrorCode::ForbiddenByRbac,
    );
}

#[test]
fn r11_az_refuses_policies_on_an_rbac_vault_before_sending_them() {
    // R11: azure-cli `set_policy` and `delete_policy` read the vault and raise a CLIError.
    let mut l = Lab::new();
    l.ok(az(
        "az keyvault create --name kv --resource-group rg --location westeurope",
    ));
    l.ok(az("az ad sp create-for-rbac --name app"));
    let audit_before = l.w.audit().len();
    let e = l.code(
        az("az keyvault set-policy --name kv --spn app --secret-permissions get"),
        ErrorCode::CliError,
    );
    assert_eq!(
        e.message,
        "Cannot set policies to a vault with '--enable-rbac-authorization' specified"
    );
    assert_eq!(e.status, 0);
    assert!(l.vault("kv").policies.is_empty());
    // The only call az made was the read of the vault.
    let new: Vec<&str> = l.w.audit()[audit_before..]
        .iter()
        .map(|a| a.operation_name.as_str())
        .collect();
    assert_eq!(new, ["VaultGet"]);
    let e = l.code(
        az("az keyvault delete-policy --name kv --spn app"),
        ErrorCode::CliError,
    );
    assert_eq!(
        e.message,
        "Cannot delete policies to a vault with '--enable-rbac-authorization' specified"
    );
}

#[test]
fn r11_switching_the_model_keeps_policies_but_ignores_them() {
    // R11: the stored policies survive a switch to RBAC, unused, and work again on the way back.
    let mut l = Lab::ade();
    l.ok(secret_set("kv", "s", "v"));
    l.ok(vault_update_with("kv", |a| {
        a.enable_rbac_authorization = Some(true)
    }));
    assert!(!l.vault("kv").policies.is_empty(), "policies are kept");
    l.code(secret_show("kv", "s"), ErrorCode::ForbiddenByRbac);
    l.ok(vault_update_with("kv", |a| {
        a.enable_rbac_authorization = Some(false)
    }));
    l.ok(secret_show("kv", "s"));
}

#[test]
fn r9_delete_policy_without_an_entry_is_refused_by_az() {
    // R9: azure-cli `delete_policy` raises "No matching policies found" and sends nothing.
    let mut l = Lab::ade();
    l.ok(az("az ad sp create-for-rbac --name app"));
    let e = l.code(
        az("az keyvault delete-policy --name kv --spn app"),
        ErrorCode::CliError,
    );
    assert_eq!(e.message, "No matching policies found");
}

fn listing(kind: ObjectKind, deleted: bool) -> Command {
    Command::ObjectList {
        kind,
        vault: "kv".into(),
        deleted,
    }
}

#[test]
fn r21_list_deleted_and_show_deleted_see_only_soft_deleted_objects() {
    // R21: a soft-deleted key or secret leaves `list` for `list-deleted` (Get Deleted Keys, with
    // its deletion and scheduled purge dates) and answers `show-deleted` (Get Deleted Key); a
    // live one is 404 to `show-deleted`. Audited `KeyList`, `KeyListDeleted`, `KeyGetDeleted`.
    let mut l = Lab::ade();
    l.ok(key_create("kv", "k2"));
    l.ok(secret_set("kv", "s", "v"));
    let before = l.w.audit().len();
    let keys = l.ok(listing(ObjectKind::Key, false));
    assert_eq!(keys.lines.len(), 2, "{keys:?}");
    assert!(keys.lines[1].starts_with("kek https://kv.vault.azure.net/keys/kek/"));
    assert!(l.ok(listing(ObjectKind::Key, true)).lines.is_empty());
    let show_deleted = |kind, name: &str| Command::object(kind, "kv", name, ObjectOp::ShowDeleted);
    l.code(show_deleted(ObjectKind::Key, "k2"), ErrorCode::KeyNotFound);
    l.ok(key_delete("kv", "k2"));
    let keys = l.ok(listing(ObjectKind::Key, false));
    assert_eq!(keys.lines.len(), 1);
    let deleted = l.ok(listing(ObjectKind::Key, true));
    assert_eq!(deleted.lines.len(), 1);
    assert!(
        deleted.lines[0].starts_with("k2 deletedDate="),
        "{deleted:?}"
    );
    assert!(deleted.lines[0].ends_with("https://kv.vault.azure.net/deletedkeys/k2"));
    let shown = l.ok(show_deleted(ObjectKind::Key, "k2"));
    assert_eq!(
        shown.lines[0],
        "recoveryId: https://kv.vault.azure.net/deletedkeys/k2"
    );
    assert!(shown.lines[2].starts_with("scheduledPurgeDate: "));
    assert!(shown.lines[3].starts_with("kid: https://kv.vault.azure.net/keys/k2/"));
    l.ok(secret_op("kv", "s", ObjectOp::Delete));
    let secrets = l.ok(listing(ObjectKind::Secret, true));
    assert!(
        secrets
            .lines
            .iter()
            .any(|x| x.starts_with("s deletedDate="))
    );
    let shown = l.ok(show_deleted(ObjectKind::Secret, "s"));
    assert!(
        !shown
            .lines
            .iter()
            .any(|x| x.contains("v ") || x.ends_with(": v"))
    );
    let ops: Vec<&str> = l.w.audit()[before..]
        .iter()
        .map(|a| a.operation_name.as_str())
        .collect();
    assert_eq!(
        ops,
        [
            "KeyList",
            "KeyListDeleted",
            "KeyGetDeleted",
            "KeyDelete",
            "KeyList",
            "KeyListDeleted",
            "KeyGetDeleted",
            "SecretDelete",
            "SecretListDeleted",
            "SecretGetDeleted",
        ]
    );
    for a in l.w.audit() {
        assert!(LEARN_OPERATION_NAMES.contains(&a.operation_name.as_str()));
    }
    let uris: Vec<&str> = l.w.audit()[before..]
        .iter()
        .map(|a| a.request_uri.as_str())
        .collect();
    assert!(
        uris.contains(&"https://kv.vault.azure.net/deletedkeys/k2?api-version=7.4"),
        "{uris:?}"
    );
}

#[test]
fn r21_list_deleted_needs_list_and_show_deleted_get() {
    // R21 with R11: Get Deleted Keys requires keys/list, Get Deleted Key keys/get (Key Vault
    // REST reference).
    let mut l = Lab::ade();
    l.ok(key_create("kv", "k2"));
    l.ok(key_delete("kv", "k2"));
    l.ok(set_policy("kv", ADMIN, Some(vec![KeyPerm::Get]), None));
    l.code(listing(ObjectKind::Key, true), ErrorCode::ForbiddenByPolicy);
    l.code(
        listing(ObjectKind::Key, false),
        ErrorCode::ForbiddenByPolicy,
    );
    l.ok(key_op("kv", "k2", ObjectOp::ShowDeleted));
    l.ok(set_policy("kv", ADMIN, Some(vec![KeyPerm::List]), None));
    l.ok(listing(ObjectKind::Key, true));
    l.code(
        key_op("kv", "k2", ObjectOp::ShowDeleted),
        ErrorCode::ForbiddenByPolicy,
    );
}

#[test]
fn r21_vault_list_list_deleted_and_show_deleted() {
    // R21: a deleted vault leaves `az keyvault list` for `list-deleted`, and `show-deleted`
    // answers for it with its deletion and scheduled purge dates; a live vault is 404 there.
    // These are Resource Manager reads: no vault's audit log records them (Learn's table has no
    // vault list operation). Only the subscription's owner may read it here.
    let mut l = Lab::ade();
    l.ok(vault_create("kv2", "northeurope"));
    let list = l.ok(Command::VaultList {
        resource_group: None,
    });
    assert_eq!(list.lines.len(), 2, "{list:?}");
    assert!(list.lines[0].starts_with("kv location=westeurope resourceGroup="));
    let in_rg = l.ok(Command::VaultList {
        resource_group: Some("elsewhere".into()),
    });
    assert!(in_rg.lines.is_empty());
    // azure-cli `validate_deleted_vault_or_hsm_name`: az lists the deleted vaults first and
    // stops when none has the name; nothing reaches the vault, so its audit log stays as it is.
    let audited = l.w.audit().len();
    for live in [
        Command::VaultShowDeleted { name: "kv2".into() },
        Command::VaultRecover { name: "kv2".into() },
        Command::VaultPurge { name: "kv2".into() },
    ] {
        let e = l.code(live, ErrorCode::CliError);
        assert_eq!(e.message, "No deleted Vault or HSM was found with name kv2");
    }
    assert_eq!(l.w.audit().len(), audited);
    let before = l.w.audit().len();
    l.ok(Command::VaultDelete { name: "kv2".into() });
    let list = l.ok(Command::VaultList {
        resource_group: None,
    });
    assert_eq!(list.lines.len(), 1);
    let deleted = l.ok(Command::VaultListDeleted);
    assert_eq!(deleted.lines.len(), 1);
    assert!(deleted.lines[0].starts_with("kv2 location=northeurope deletionDate="));
    let shown = l.ok(Command::VaultShowDeleted { name: "kv2".into() });
    assert_eq!(shown.lines[0], "name: kv2");
    assert!(shown.lines[3].starts_with("scheduledPurgeDate: "));
    let ops: Vec<&str> = l.w.audit()[before..]
        .iter()
        .map(|a| a.operation_name.as_str())
        .collect();
    assert_eq!(ops, ["VaultDelete"]);
    l.ok(sp_create("eve"));
    l.code(
        as_("eve", Command::VaultListDeleted),
        ErrorCode::AuthorizationFailed,
    );
    l.code(
        as_("eve", Command::VaultShowDeleted { name: "kv2".into() }),
        ErrorCode::AuthorizationFailed,
    );
    l.ok(Command::VaultPurge { name: "kv2".into() });
    l.code(
        Command::VaultShowDeleted { name: "kv2".into() },
        ErrorCode::CliError,
    );
}

#[test]
fn r21_a_vault_command_naming_no_live_vault_stops_in_az() {
    // azure-cli keyvault `validate_resource_group_name`: without `-g`, az lists the live vaults
    // to find the vault's group and stops when none has the name, a soft-deleted one included.
    let mut l = Lab::with_vault();
    l.ok(vault_create("kv2", "westeurope"));
    l.ok(Command::VaultDelete { name: "kv2".into() });
    l.drain();
    let audited = l.w.audit().len();
    for name in ["nope", "kv2"] {
        for c in [
            Command::VaultShow { name: name.into() },
            vault_update_with(name, |a| a.enable_purge_protection = Some(true)),
            Command::VaultDelete { name: name.into() },
            set_policy(name, ADMIN, Some(vec![KeyPerm::Get]), None),
            Command::DeletePolicy {
                vault: name.into(),
                principal: PrincipalRef::Upn(ADMIN.into()),
            },
        ] {
            let e = l.code(c, ErrorCode::CliError);
            assert_eq!(
                e.message,
                format!("The Vault '{name}' not found within subscription.")
            );
        }
    }
    assert_eq!(l.w.audit().len(), audited, "nothing reached a vault");
    assert!(l.drain().is_empty(), "no call was made");
}

#[test]
fn r21_creating_a_vault_that_exists_is_refused_by_az_and_a_deleted_name_conflicts() {
    // R21: azure-cli `create_vault` reads the vault first: "The specified vault: NAME already
    // exists". A soft-deleted vault's name conflicts at the service (409).
    let mut l = Lab::with_vault();
    let e = l.code(vault_create("kv", "westeurope"), ErrorCode::CliError);
    assert_eq!(e.message, "The specified vault: kv already exists");
    l.ok(Command::VaultDelete { name: "kv".into() });
    let e = l.code(vault_create("kv", "westeurope"), ErrorCode::Conflict);
    assert_eq!(e.status, 409);
}

#[test]
fn r2_hsm_keys_need_a_premium_vault() {
    // R2: "Hardware key operation not allowed on standard vault" (azure-docs issue 63888);
    // `--sku` defaults to standard in azure-cli `create_vault`.
    let mut l = Lab::with_vault();
    let e = l.code(
        az("az keyvault key create --vault-name kv --name kek --kty RSA-HSM --size 3072"),
        ErrorCode::Forbidden,
    );
    assert_eq!(
        e.message,
        "Hardware key operation not allowed on standard vault"
    );
    l.ok(vault_create_with("kv-p", "westeurope", |a| {
        a.sku = Some(Sku::Premium)
    }));
    l.ok(az(
        "az keyvault key create --vault-name kv-p --name kek --kty RSA-HSM --size 3072",
    ));
}

#[test]
fn r11_roles_are_assigned_at_arm_scopes_and_inherited_downwards() {
    // R11: Learn's RBAC guide: roles at management group, subscription, resource group, vault,
    // key or secret scope; an assignment applies to everything below its scope.
    let mut l = Lab::new();
    l.ok(az("az ad sp create-for-rbac --name app"));
    for (vault, rg) in [("kv1", "rg"), ("kv2", "rg"), ("kv3", "other")] {
        l.ok(az(&format!(
            "az keyvault create --name {vault} --resource-group {rg} --location westeurope"
        )));
        l.ok(az(&format!(
            "az role assignment create --assignee admin@contoso.com --role \"Key Vault Secrets Officer\" --scope {vault}"
        )));
        l.ok(az(&format!(
            "az keyvault secret set --vault-name {vault} --name db --value v"
        )));
        l.ok(az(&format!(
            "az keyvault secret set --vault-name {vault} --name other --value v"
        )));
    }
    let read = |vault: &str, name: &str| {
        as_(
            "app",
            az(&format!(
                "az keyvault secret show --vault-name {vault} --name {name}"
            )),
        )
    };
    // Secret scope: that secret only.
    l.ok(az(
        "az role assignment create --assignee app --role \"Key Vault Secrets User\" --scope /subscriptions/sub1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1/secrets/db",
    ));
    l.ok(read("kv1", "db"));
    l.code(read("kv1", "other"), ErrorCode::ForbiddenByRbac);
    // Resource group scope: every vault in rg, none elsewhere.
    l.ok(az(
        "az role assignment create --assignee app --role \"Key Vault Secrets User\" --scope /subscriptions/sub1/resourceGroups/rg",
    ));
    l.ok(read("kv1", "other"));
    l.ok(read("kv2", "db"));
    l.code(read("kv3", "db"), ErrorCode::ForbiddenByRbac);
    // Subscription scope reaches kv3 too; deleting it takes that away again.
    let sub = "az role assignment create --assignee app --role \"Key Vault Secrets User\" --scope /subscriptions/sub1";
    l.ok(az(sub));
    l.ok(read("kv3", "db"));
    l.ok(az(&sub.replace(" create ", " delete ")));
    l.code(read("kv3", "db"), ErrorCode::ForbiddenByRbac);
    // A vault's ARM id and its name are the same scope.
    l.ok(az(
        "az role assignment create --assignee app --role \"Key Vault Secrets User\" --scope /subscriptions/sub1/resourceGroups/other/providers/Microsoft.KeyVault/vaults/kv3",
    ));
    l.ok(read("kv3", "db"));
    l.ok(az(
        "az role assignment delete --assignee app --role \"Key Vault Secrets User\" --scope kv3",
    ));
    l.code(read("kv3", "db"), ErrorCode::ForbiddenByRbac);
}

#[test]
fn r11_a_scope_that_names_nothing_is_refused() {
    // R11: the scope must name a subscription, group, vault, key or secret that exists.
    let mut l = Lab::with_vault();
    let assign = |scope: &str| {
        az(&format!(
            "az role assignment create --assignee admin@contoso.com --role \"Key Vault Reader\" --scope {scope}"
        ))
    };
    l.code(assign("/subscriptions/nope"), ErrorCode::ResourceNotFound);
    l.code(
        assign("/subscriptions/sub1/resourceGroups/other/providers/Microsoft.KeyVault/vaults/kv"),
        ErrorCode::ResourceNotFound,
    );
    l.code(assign("/tenants/x"), ErrorCode::BadParameter);
    l.code(assign("missing-vault"), ErrorCode::ResourceNotFound);
}

#[test]
fn r10_r11_r13_ade_and_backup_on_an_rbac_vault() {
    // R10, R11: the disk-encryption switch works in an RBAC vault too: the platform acts
    // through it, with no role. R13 (Learn, backup-azure-vms-encryption): on an RBAC vault the
    // Backup Management Service needs a role; Key Vault Administrator is the one Learn names.
    let mut l = Lab::new();
    l.ok(vault_create_with("kv", "westeurope", |a| {
        a.enable_rbac_authorization = None
    }));
    assert!(l.vault("kv").rbac);
    l.ok(az(
        "az role assignment create --assignee admin@contoso.com --role \"Key Vault Crypto Officer\" --scope kv",
    ));
    l.ok(key_create("kv", "kek"));
    l.vm1_with_payroll();
    l.ok(ade_enable("vm1", "kv", Some("kek"), None));
    l.ok(deallocate("vm1"));
    l.ok(start("vm1"));
    l.reads_payroll();
    l.ok(rsv_create("rsv"));
    l.ok(protect("rsv", "vm1"));
    let e = l.code(
        backup_now("rsv", "vm1"),
        ErrorCode::UserErrorKeyVaultPermissionsNotConfigured,
    );
    let d = e.denied.expect("denied");
    assert_eq!(d.principal, AZURE_BACKUP);
    assert!(
        d.missing
            .to_string()
            .starts_with("Microsoft.KeyVault/vaults/"),
        "{}",
        d.missing
    );
    l.ok(az(
        "az role assignment create --assignee azure-backup --role \"Key Vault Administrator\" --scope kv",
    ));
    assert!(l.ok(backup_now("rsv", "vm1")).message.contains("rp-1"));
}
