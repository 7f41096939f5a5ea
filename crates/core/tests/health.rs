//! The health report and what-if, computed by trying operations on clones.

mod common;

use common::*;
use keyfall_core::*;

#[test]
fn r17_health_vm_at_risk_after_kek_deleted_with_cause_and_fix() {
    // R17, R21
    let mut l = Lab::ade();
    assert_eq!(l.verdict("vm:vm1"), Verdict::Ok);
    l.ok(key_delete("kv", "kek"));
    let h = l.w.health();
    let vm = h.get(&asset("vm:vm1")).expect("vm");
    assert_eq!(vm.verdict, Verdict::AtRisk);
    let c = &vm.causes[0];
    assert!(c.call.starts_with("unwrapKey kek/"), "{}", c.call);
    assert!(
        c.call.ends_with("as platform-ade -> 404 KeyNotFound"),
        "{}",
        c.call
    );
    let blame = c.audit.as_deref().expect("audit cite");
    assert!(blame.contains("admin@contoso.com KeyDelete"), "{blame}");
    assert!(matches!(
        vm.fixes.as_slice(),
        [Command::Object {
            kind: ObjectKind::Key,
            op: ObjectOp::Recover,
            ..
        }]
    ));
    // The fix really works.
    for f in vm.fixes.clone() {
        l.ok(f);
    }
    assert_eq!(l.verdict("vm:vm1"), Verdict::Ok);
}

#[test]
fn r27_health_vm_lost_after_purge_without_backup() {
    // R27
    let mut l = Lab::ade();
    l.grant_admin_keys("kv", &[KeyPerm::Purge]);
    l.purge_key("kv", "kek");
    l.ok(deallocate("vm1"));
    assert_eq!(l.verdict("vm:vm1"), Verdict::Lost);
}

#[test]
fn r29_health_recovery_point_broken_then_fixed_by_restore_keys() {
    // R29
    let mut l = Lab::ade();
    l.ok(rsv_create("rsv"));
    l.ok(protect("rsv", "vm1"));
    l.ok(backup_policy("kv"));
    l.ok(backup_now("rsv", "vm1"));
    assert_eq!(l.verdict("rp:rsv/vm1/rp-1"), Verdict::Ok);
    l.grant_admin_keys("kv", &[KeyPerm::Purge]);
    l.purge_key("kv", "kek");
    let h = l.w.health();
    let rp = h.get(&asset("rp:rsv/vm1/rp-1")).expect("rp");
    assert_eq!(rp.verdict, Verdict::Broken);
    assert!(matches!(rp.fixes.as_slice(), [Command::RestoreKeys { .. }]));
    // The running VM is at risk, and the same point rescues it.
    assert_eq!(
        h.get(&asset("vm:vm1")).expect("vm").verdict,
        Verdict::AtRisk
    );
}

#[test]
fn r10_health_secret_lists_readers_via_switch() {
    // R10
    let mut l = Lab::ade();
    l.ok(secret_set("kv", "app-db-password", "x"));
    let h = l.w.health();
    let s = h.get(&asset("secret:kv/app-db-password")).expect("secret");
    assert!(
        s.notes
            .iter()
            .any(|n| n == "platform-ade via vault switch enabledForDiskEncryption"),
        "{:?}",
        s.notes
    );
}

#[test]
fn r33_health_cmk_disk_goes_dark_and_what_if_previews_it() {
    // R33
    let mut l = Lab::cmk(None);
    assert_eq!(l.verdict("disk:vm1-os"), Verdict::Ok);
    let diff = l.w.what_if(&key_attrs("kv", "cmk", Some(false), None));
    assert!(
        diff.changes
            .iter()
            .any(|c| c.asset == asset("disk:vm1-os") && c.after == Some(Verdict::AtRisk)),
        "{diff:?}"
    );
    assert!(
        l.vault("kv").keys["cmk"].versions[0].attributes.enabled,
        "what-if leaves the world alone"
    );
    l.ok(key_attrs("kv", "cmk", Some(false), None));
    l.ok(advance_hours(2));
    let h = l.w.health();
    let d = h.get(&asset("disk:vm1-os")).expect("disk");
    assert_eq!(d.verdict, Verdict::Broken);
    assert!(matches!(
        d.fixes.as_slice(),
        [Command::Object {
            kind: ObjectKind::Key,
            op: ObjectOp::SetAttributes {
                enabled: Some(true),
                ..
            },
            ..
        }]
    ));
}

#[test]
fn what_if_key_delete_puts_vm_at_risk() {
    // R17
    let l = Lab::ade();
    let diff = l.w.what_if(&key_delete("kv", "kek"));
    assert_eq!(
        diff.changes,
        vec![VerdictChange {
            asset: asset("vm:vm1"),
            before: Some(Verdict::Ok),
            after: Some(Verdict::AtRisk)
        }]
    );
}

/// The audit entry a VM's first cause cites.
fn vm_blame(l: &Lab) -> String {
    let h = l.w.health();
    let vm = h.get(&asset("vm:vm1")).expect("vm");
    assert_eq!(vm.verdict, Verdict::AtRisk);
    vm.causes[0].audit.clone().expect("an audit cite")
}

#[test]
fn blame_cites_the_key_that_failed_not_one_whose_name_starts_like_it() {
    // R17: `kek` is deleted, then `kek-old`; unwrapping `kek` fails because of the first.
    let mut l = Lab::ade();
    l.ok(key_create("kv", "kek-old"));
    l.ok(key_delete("kv", "kek"));
    l.ok(key_delete("kv", "kek-old"));
    let blame = vm_blame(&l);
    assert!(blame.ends_with("KeyDelete keys/kek"), "{blame}");
}

#[test]
fn blame_cites_the_key_that_failed_not_a_secret_of_the_same_name() {
    // R17: a secret named like the KEK is deleted after the KEK.
    let mut l = Lab::ade();
    l.ok(secret_set("kv", "kek", "not a key"));
    l.ok(key_delete("kv", "kek"));
    l.ok(secret_op("kv", "kek", ObjectOp::Delete));
    let blame = vm_blame(&l);
    assert!(blame.ends_with("KeyDelete keys/kek"), "{blame}");
}
