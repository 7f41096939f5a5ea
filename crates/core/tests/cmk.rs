//! SSE with customer-managed keys through Disk Encryption Sets (R32-R34).

mod common;

use common::*;
use keyfall_core::*;

fn cmk_lab(auto: bool) -> Lab {
    let mut l = Lab::cmk(Some(auto));
    l.ok(write("vm1", "/data/x", "42"));
    l
}

#[test]
fn r32_des_needs_purge_protection_and_identity_access() {
    // R32
    let mut l = Lab::with_vault();
    l.ok(key_create("kv", "cmk"));
    l.code(des_create(Some(false)), ErrorCode::BadParameter);
    let u = vault_update_with("kv", |a| a.enable_purge_protection = Some(true));
    l.ok(u);
    l.ok(des_create(Some(false)));
    let e = l.code(cmk_vm_create("vm1"), ErrorCode::Forbidden);
    assert_eq!(e.denied.expect("denied").principal, "des");
    // RBAC alternative: Crypto Service Encryption User.
    let u = vault_update_with("kv", |a| a.enable_rbac_authorization = Some(true));
    l.ok(u);
    l.ok(Command::RoleAssignmentCreate(RoleAssignment {
        assignee: "des".into(),
        role: Role::KeyVaultCryptoServiceEncryptionUser,
        scope: "kv".into(),
    }));
    l.ok(cmk_vm_create("vm1"));
    assert_eq!(l.ok(read("vm1", "/etc/hostname")).lines, ["vm1"]);
}

#[test]
fn r32_des_key_url_must_name_a_version() {
    // R32: Compute takes only a fully versioned key URL, with auto-rotation on or off
    // (KeyForDiskEncryptionSet.keyUrl: "Version segment of the Url is required regardless of
    // rotationToLatestKeyVersionEnabled value").
    let mut l = Lab::new();
    l.ok(vault_create_protected("kv", "westeurope"));
    l.ok(key_create("kv", "cmk"));
    for auto in [Some(true), Some(false), None] {
        let Command::DesCreate(mut args) = des_create(auto) else {
            unreachable!("des_create builds a DesCreate")
        };
        args.key_version = None;
        let e = l.code(Command::DesCreate(args), ErrorCode::InvalidParameter);
        assert_eq!(e.code.status(), 400);
        assert_eq!(
            e.message,
            "https://kv.vault.azure.net/keys/cmk is not a valid versioned Key Vault Key URL. \
             It should be in the format https://<vaultEndpoint>/keys/<keyName>/<keyVersion>."
        );
    }
    assert_eq!(l.w.disk_encryption_sets().count(), 0, "nothing was created");
    // With the version, by id or by Keyfall's `@N`, the set is created on that version.
    let v1 = l.vault("kv").keys.get("cmk").expect("key").versions[0]
        .id
        .clone();
    let Command::DesCreate(mut args) = des_create(Some(true)) else {
        unreachable!("des_create builds a DesCreate")
    };
    args.key_version = Some(VersionRef::Id(v1.clone()));
    l.ok(Command::DesCreate(args));
    let des: Vec<_> = l.w.disk_encryption_sets().collect();
    assert_eq!(des.len(), 1);
    assert_eq!(des[0].key_version, v1);
}

#[test]
fn r33_vm_goes_dark_about_an_hour_after_key_disabled() {
    // R33
    let mut l = cmk_lab(false);
    l.ok(key_attrs("kv", "cmk", Some(false), None));
    l.ok(Command::Advance(SimDuration(1_800)));
    assert_eq!(
        l.vm("vm1").power,
        PowerState::Running,
        "still running after 30 minutes"
    );
    l.ok(Command::Advance(SimDuration(3_600)));
    assert_eq!(l.vm("vm1").power, PowerState::Stopped);
    assert!(l.vm("vm1").shut_down_by_cmk);
    l.code(start("vm1"), ErrorCode::KeyDisabled);
    l.ok(key_attrs("kv", "cmk", Some(true), None));
    l.ok(start("vm1"));
    assert_eq!(l.ok(read("vm1", "/data/x")).lines, ["42"]);
}

#[test]
fn r33_revoked_access_also_shuts_down() {
    // R33
    let mut l = cmk_lab(false);
    l.ok(Command::DeletePolicy {
        vault: "kv".into(),
        principal: PrincipalRef::Spn("des".into()),
    });
    l.ok(advance_hours(2));
    assert_eq!(l.vm("vm1").power, PowerState::Stopped);
    l.code(start("vm1"), ErrorCode::Forbidden);
}

#[test]
fn r33_expired_key_keeps_running_vm_but_fails_next_start() {
    // R33, R7
    let mut l = cmk_lab(false);
    l.ok(key_attrs("kv", "cmk", None, Some(date(2026, 1, 2))));
    l.ok(advance_days(3));
    assert_eq!(l.vm("vm1").power, PowerState::Running);
    l.ok(read("vm1", "/data/x"));
    l.ok(deallocate("vm1"));
    l.code(start("vm1"), ErrorCode::Forbidden);
}

#[test]
fn r34_auto_rotation_moves_disks_within_an_hour() {
    // R34
    let mut l = cmk_lab(true);
    l.grant_admin_keys("kv", &[KeyPerm::Rotate]);
    let v1 = l.vm("vm1").cmk.clone().expect("cmk").key_version;
    l.ok(key_rotate("kv", "cmk"));
    let v2 = l.vault("kv").keys["cmk"].versions[1].id.clone();
    l.ok(advance_hours(2));
    assert_eq!(l.vm("vm1").cmk.clone().expect("cmk").key_version, v2);
    assert_ne!(v1, v2);
    // The old version can now be disabled without harm.
    l.ok(key_op(
        "kv",
        "cmk",
        ObjectOp::SetAttributes {
            version: Some(VersionRef::Ordinal(1)),
            enabled: Some(false),
            not_before: None,
            expires: None,
        },
    ));
    l.ok(advance_hours(2));
    assert_eq!(l.vm("vm1").power, PowerState::Running);
    l.ok(deallocate("vm1"));
    l.ok(start("vm1"));
}

#[test]
fn r34_rotation_policy_fires_on_advance() {
    // R34
    let mut l = cmk_lab(true);
    l.grant_admin_keys("kv", &[KeyPerm::SetRotationPolicy]);
    l.ok(rotate_every_30_days("kv", "cmk"));
    l.ok(advance_days(31));
    assert_eq!(l.vault("kv").keys["cmk"].versions.len(), 2);
    let latest = l.vault("kv").keys["cmk"].versions[1].id.clone();
    assert_eq!(l.vm("vm1").cmk.clone().expect("cmk").key_version, latest);
}

#[test]
fn r34_ade_and_cmk_do_not_mix() {
    // R34
    let mut l = cmk_lab(false);
    let u = vault_update_with("kv", |a| a.enabled_for_disk_encryption = Some(true));
    l.ok(u);
    let e = l.code(
        ade_enable("vm1", "kv", Some("cmk"), None),
        ErrorCode::BadParameter,
    );
    // Refused for the mix itself, not for some other bad parameter.
    assert!(e.message.contains("cannot use both ADE and CMK"), "{e}");
}

#[test]
fn r14_r33_a_revoked_role_is_blamed_from_the_activity_log() {
    // R14, R33: the Disk Encryption Set's role is removed after the vault switched to RBAC; the
    // explainer cites the role assignment's deletion from the Activity log (the vault's audit log
    // never sees it), not the earlier `VaultPut` that switched the model.
    let mut l = Lab::new();
    l.ok(vault_create_protected("kv", "westeurope"));
    l.ok(key_create("kv", "cmk"));
    l.ok(des_create(Some(false)));
    l.ok(vault_update_with("kv", |a| {
        a.enable_rbac_authorization = Some(true)
    }));
    let role = RoleAssignment {
        assignee: "des".into(),
        role: Role::KeyVaultCryptoServiceEncryptionUser,
        scope: "kv".into(),
    };
    l.ok(Command::RoleAssignmentCreate(role.clone()));
    l.ok(cmk_vm_create("vm1"));
    l.ok(Command::RoleAssignmentDelete(role.into()));
    let h = l.w.health();
    let vm = h.get(&asset("vm:vm1")).expect("vm");
    assert_ne!(vm.verdict, Verdict::Ok);
    let blame = vm.causes[0].audit.clone().expect("a cite");
    assert!(blame.starts_with("activity log #"), "{blame}");
    assert!(
        blame.ends_with(
            "Microsoft.Authorization/roleAssignments/delete kv \
             (Key Vault Crypto Service Encryption User for des)"
        ),
        "{blame}"
    );
    // A later change of the vault's permissions is the newer cause.
    l.ok(vault_update_with("kv", |a| {
        a.enable_rbac_authorization = Some(false)
    }));
    let h = l.w.health();
    let blame = h.get(&asset("vm:vm1")).expect("vm").causes[0]
        .audit
        .clone()
        .expect("a cite");
    assert!(blame.ends_with("admin@contoso.com VaultPut kv"), "{blame}");
}
