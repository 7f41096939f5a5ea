//! Encryption at host and ADE's retirement (R35), each test citing its Learn source:
//! - [EAH-CLI] learn.microsoft.com/azure/virtual-machines/linux/disks-enable-host-based-encryption-cli
//! - [EAH-RESTR] azure-compute-docs includes/virtual-machines-disks-encryption-at-host-restrictions.md
//! - [ADE-RETIRE] the retirement notice on every ADE page
//! - [ADE-MIGRATE] learn.microsoft.com/azure/virtual-machines/disk-encryption-migrate

mod common;

use keyfall_core::{AssetId, Event, Runner, Verdict};

/// Runs `text` and returns the last record's outcome text, asserting every line succeeded.
fn ok(r: &mut Runner, text: &str) -> String {
    let last = common::run_ok(r, text);
    if last.output.is_empty() {
        last.outcome()
    } else {
        last.output.join("\n")
    }
}

/// A failed command: its most specific code, its top-level code and its message.
#[derive(Debug)]
struct Failure {
    code: String,
    top: String,
    message: String,
}

/// Runs one line that must fail with `code` (its most specific), and returns its error.
#[track_caller]
fn fails(r: &mut Runner, line: &str, code: &str) -> Failure {
    let ran = r.run_text(1, line);
    assert_eq!(ran.error, None, "{line}");
    let rec = ran.records.last().expect("ran");
    assert!(!rec.ok, "{line} succeeded");
    let top = rec.code.clone().expect("a code");
    let f = Failure {
        code: rec.inner_code.clone().unwrap_or_else(|| top.clone()),
        top,
        message: rec.message.clone(),
    };
    assert_eq!(f.code, code, "{line}: {}", f.message);
    f
}

/// Runs one line that must fail with `code`, its message saying `says`.
#[track_caller]
fn refused(r: &mut Runner, line: &str, code: &str, says: &str) {
    let f = fails(r, line, code);
    assert!(f.message.contains(says), "{line}: {}", f.message);
}

/// One az line as a command, for `what_if`.
fn command(line: &str) -> keyfall_core::Command {
    keyfall_core::parse_line(line)
        .expect("parses")
        .expect("a command")
}

const REGISTER: &str = "az feature register --namespace Microsoft.Compute --name EncryptionAtHost";

/// An ADE VM (single pass, KEK) in kv-ade, as lesson 01 builds it.
const ADE_VM: &str = "az group create --name rg --location westeurope
az keyvault create --name kv-ade --resource-group rg --location westeurope --enabled-for-disk-encryption true --enable-rbac-authorization false
az keyvault key create --vault-name kv-ade --name kek --kty RSA --size 3072
az vm create --name vm1 --resource-group rg --image Win2022Datacenter
az vm encryption enable --name vm1 --resource-group rg --disk-encryption-keyvault kv-ade --key-encryption-key kek";

/// A world where the subscription has encryption at host registered and [`ADE_VM`] stands.
fn registered_with_ade_vm(seed: u64) -> Runner {
    let mut r = Runner::new(seed);
    ok(&mut r, &format!("{REGISTER}\nsim advance 5m\n{ADE_VM}"));
    r
}

#[test]
fn eah_cli_the_feature_registers_in_a_few_minutes_and_create_needs_it() {
    // [EAH-CLI] "You must enable the feature for your subscription before you use the
    // EncryptionAtHost property"; az's error for a subscription without it.
    let mut r = Runner::new(1);
    ok(&mut r, "az group create --name rg --location westeurope");
    let e = fails(
        &mut r,
        "az vm create --name vm1 --resource-group rg --image Ubuntu2204 --encryption-at-host true",
        "InvalidParameter",
    );
    common::holds(
        &e.message,
        "'Microsoft.Compute/EncryptionAtHost' feature is not enabled",
    );
    assert!(
        r.world().vm("vm1").is_none(),
        "a refused create creates nothing"
    );
    let show = "az feature show --namespace Microsoft.Compute --name EncryptionAtHost --query properties.state -o tsv";
    assert_eq!(ok(&mut r, show), "NotRegistered");
    assert!(ok(&mut r, REGISTER).contains("\"state\": \"Registering\""));
    // "Check that the registration state is Registered (takes a few minutes)".
    assert_eq!(ok(&mut r, show), "Registering");
    fails(
        &mut r,
        "az vm create --name vm1 --resource-group rg --image Ubuntu2204 --encryption-at-host true",
        "InvalidParameter",
    );
    ok(
        &mut r,
        "sim advance 5m\naz provider register -n Microsoft.Compute",
    );
    assert_eq!(ok(&mut r, show), "Registered");
    ok(
        &mut r,
        "az vm create --name vm1 --resource-group rg --image Ubuntu2204 --encryption-at-host true",
    );
    assert_eq!(
        ok(
            &mut r,
            "az vm show -n vm1 -g rg --query [securityProfile.encryptionAtHost] -o tsv"
        ),
        "true"
    );
    // Other features are not modelled, and say so.
    fails(
        &mut r,
        "az feature register --namespace Microsoft.Compute --name UltraSSD",
        "ResourceNotFound",
    );
}

#[test]
fn eah_restr_update_only_on_a_deallocated_vm() {
    // [EAH-RESTR] "Existing VMs must be deallocated and reallocated in order to be encrypted";
    // the Compute API's words for a running VM.
    let mut r = Runner::new(2);
    ok(
        &mut r,
        &format!(
            "{REGISTER}\nsim advance 5m\naz group create --name rg --location westeurope\naz vm create --name vm1 --resource-group rg --image Ubuntu2204"
        ),
    );
    let set = "az vm update -n vm1 -g rg --set securityProfile.encryptionAtHost=true";
    let e = fails(&mut r, set, "Conflict");
    assert!(e.message.contains("only when VM is in deallocated state"));
    assert_eq!(
        r.world().vm("vm1").expect("vm").profile.encryption_at_host,
        None
    );
    ok(&mut r, "az vm deallocate -n vm1 -g rg");
    let json = ok(&mut r, set);
    assert!(json.contains("\"encryptionAtHost\": true"), "{json}");
    ok(&mut r, "az vm start -n vm1 -g rg");
    // Learn's migration page spells it as a flag.
    ok(&mut r, "az vm deallocate -n vm1 -g rg");
    ok(
        &mut r,
        "az vm update -n vm1 -g rg --encryption-at-host false",
    );
    assert_eq!(
        r.world().vm("vm1").expect("vm").profile.encryption_at_host,
        Some(false)
    );
    // Anything else after --set is not modelled, with line and column.
    let e = keyfall_core::parse_line("az vm update -n vm1 -g rg --set tags.env=prod")
        .expect_err("not modelled");
    assert_eq!((e.line, e.column), (1, 33));
}

#[test]
fn eah_restr_r35_not_on_a_vm_that_has_or_had_ade_and_no_ade_on_eah() {
    // [EAH-RESTR] "Can't be enabled on virtual machines (VMs) ... that currently or ever had
    // Azure Disk Encryption enabled"; "Azure Disk Encryption can't be enabled on disks that
    // have encryption at host enabled" (the Compute API's 409 words).
    let mut r = registered_with_ade_vm(3);
    ok(
        &mut r,
        "az vm encryption disable --name vm1 --resource-group rg\naz vm deallocate -n vm1 -g rg",
    );
    refused(
        &mut r,
        "az vm update -n vm1 -g rg --set securityProfile.encryptionAtHost=true",
        "Conflict",
        "has or had Azure Disk Encryption",
    );
    ok(
        &mut r,
        "az vm create --name vm2 --resource-group rg --image Ubuntu2204 --encryption-at-host true",
    );
    let e = fails(
        &mut r,
        "az vm encryption enable --name vm2 --resource-group rg --disk-encryption-keyvault kv-ade",
        "Conflict",
    );
    assert_eq!(
        e.message,
        "Azure Disk Encryption cannot be enabled on disks that have encryption at host enabled"
    );
}

#[test]
fn eah_cli_with_a_cmk_a_disabled_key_stops_the_vm_starting() {
    // [EAH-CLI] encryption at host with a customer-managed key through a disk encryption set:
    // the caches of OS and data disks are encrypted with the CMK, so the key's state decides
    // the start as for SSE with CMK (R33).
    let mut r = Runner::new(4);
    ok(
        &mut r,
        &format!(
            "{REGISTER}\nsim advance 5m
az group create --name rg --location westeurope
az keyvault create --name kv-cmk --resource-group rg --location westeurope --enable-purge-protection true
az role assignment create --assignee admin@contoso.com --role \"Key Vault Crypto Officer\" --scope kv-cmk
az keyvault key create --vault-name kv-cmk --name cmk --kty RSA --size 3072
az disk-encryption-set create --name des1 --resource-group rg --location westeurope --source-vault kv-cmk --key-url $(az keyvault key show --vault-name kv-cmk --name cmk --query key.kid -o tsv)
az role assignment create --assignee des1 --role \"Key Vault Crypto Service Encryption User\" --scope kv-cmk
az vm create --name vm1 --resource-group rg --image Ubuntu2204 --encryption-at-host true --os-disk-encryption-set des1"
        ),
    );
    assert_eq!(
        r.world()
            .health()
            .get(&AssetId::Vm("vm1".into()))
            .expect("vm")
            .verdict,
        Verdict::Ok
    );
    ok(
        &mut r,
        "az keyvault key set-attributes --vault-name kv-cmk --name cmk --enabled false\naz vm deallocate -n vm1 -g rg",
    );
    let e = fails(&mut r, "az vm start -n vm1 -g rg", "KeyDisabled");
    assert_eq!(e.top, "Forbidden", "{e:?}");
}

#[test]
fn ade_retire_r35_health_names_the_date_and_the_boot_after_it_fails() {
    // [ADE-RETIRE] "On September 15, 2028, ADE-enabled workloads will continue to run, but
    // encrypted disks will fail to unlock after VM reboots."
    assert_eq!(keyfall_core::ade_retirement().date_string(), "2028-09-15");
    let mut r = Runner::new(5);
    ok(&mut r, ADE_VM);
    let entry = vm_health(&r, "vm1");
    assert_eq!(entry.verdict, Verdict::Ok, "it boots today");
    noted(&entry, "retires on 2028-09-15");
    // The day before, a boot still unlocks.
    ok(
        &mut r,
        "sim advance 987d\naz vm deallocate -n vm1 -g rg\naz vm start -n vm1 -g rg",
    );
    assert_eq!(r.world().now().date_string(), "2028-09-14");
    // From the date, the running VM keeps running, at risk, and its next boot fails.
    ok(&mut r, "sim advance 1d");
    assert!(
        r.world().vm("vm1").expect("vm").is_up(),
        "workloads continue to run"
    );
    let entry = vm_health(&r, "vm1");
    assert_eq!(entry.verdict, Verdict::AtRisk);
    assert!(
        entry.causes.iter().any(|c| c.call.contains("AdeRetired")),
        "the explainer names the retirement: {:?}",
        entry.causes
    );
    // The what-if of a deallocate says what the restart will do.
    ok(&mut r, "az vm deallocate -n vm1 -g rg");
    refused(
        &mut r,
        "az vm start -n vm1 -g rg",
        "VmBootLocked",
        "AdeRetired",
    );
}

#[test]
fn ade_migrate_a_new_vm_with_encryption_at_host_is_untouched_by_the_retirement() {
    // [ADE-MIGRATE] "For Linux VMs with ADE-encrypted OS disks, you must create a new VM with a
    // new OS disk"; then delete the original, and turn the vault's switch off when no longer
    // needed.
    let mut r = registered_with_ade_vm(6);
    ok(
        &mut r,
        "az vm create --name vm1-new --resource-group rg --image Win2022Datacenter --encryption-at-host true
az vm delete --name vm1 --resource-group rg --yes
az keyvault update --name kv-ade --resource-group rg --enabled-for-disk-encryption false
sim advance 1000d
az vm deallocate -n vm1-new -g rg
az vm start -n vm1-new -g rg",
    );
    let h = r.world().health();
    assert_eq!(
        h.get(&AssetId::Vm("vm1-new".into())).expect("vm").verdict,
        Verdict::Ok
    );
    assert!(h.get(&AssetId::Vm("vm1".into())).is_none(), "deleted");
}

#[test]
fn ade_migrate_r17_r28_the_vault_switch_goes_off_after_the_last_ade_vm_and_its_last_ade_backup() {
    // [ADE-MIGRATE] Cleanup: "If you no longer need the Key Vault for Azure Disk Encryption,
    // update its access policies to disable the special disk encryption setting". While an ADE
    // VM remains, its boot still needs the switch (R17); its recovery points still need the ADE
    // key and secret in the vault (R28), and past the date restore a VM that cannot unlock.
    let switch_off =
        command("az keyvault update --name kv-ade --enabled-for-disk-encryption false");
    let mut r = Runner::new(7);
    ok(
        &mut r,
        &format!(
            "sim advance 890d
{ADE_VM}
az backup vault create --name rsv --resource-group rg --location westeurope
az keyvault set-policy --name kv-ade --spn azure-backup --key-permissions get list backup --secret-permissions get list backup
az backup protection enable-for-vm --vault-name rsv --resource-group rg --vm vm1 --policy-name DefaultPolicy
az backup protection backup-now --vault-name rsv --resource-group rg --container-name vm1 --item-name vm1"
        ),
    );
    let vm = AssetId::Vm("vm1".into());
    let diff = r.world().what_if(&switch_off);
    assert!(
        diff.changes
            .iter()
            .any(|c| c.asset == vm && c.after == Some(Verdict::AtRisk)),
        "the ADE VM still needs the switch: {diff:?}"
    );
    // Windows: disable ADE, and the switch no longer matters to the VM.
    ok(
        &mut r,
        "az vm encryption disable --name vm1 --resource-group rg",
    );
    let diff = r.world().what_if(&switch_off);
    assert!(
        diff.changes.iter().all(|c| c.asset != vm),
        "no ADE VM left: {diff:?}"
    );
    ok(
        &mut r,
        "az keyvault update --name kv-ade --enabled-for-disk-encryption false",
    );
    // The ADE recovery point still restores through the switch: with it off, the point is
    // broken until the switch is back, which health finds as the fix.
    let rp = AssetId::recovery_point("rsv", "vm1", "rp-1");
    let h = r.world().health();
    let entry = h.get(&rp).expect("rp");
    assert_eq!(entry.verdict, Verdict::Broken);
    assert!(
        entry
            .fixes
            .iter()
            .any(|c| c.to_string().contains("--enabled-for-disk-encryption true")),
        "{entry:?}"
    );
    ok(
        &mut r,
        "az keyvault update --name kv-ade --enabled-for-disk-encryption true",
    );
    assert_eq!(
        r.world().health().get(&rp).expect("rp").verdict,
        Verdict::Ok
    );
    // 98 days before the date the point is ok; within 90 days of it, at risk of the date
    // ("All ADE-enabled VMs (including backups) must migrate"), the restore on the day its cause.
    assert_eq!(r.world().now().date_string(), "2028-06-09");
    ok(&mut r, "sim advance 10d");
    let h = r.world().health();
    let entry = h.get(&rp).expect("rp");
    assert_eq!(entry.verdict, Verdict::AtRisk, "{entry:?}");
    assert!(
        entry.causes.iter().any(|c| c.call.contains("AdeRetired"))
            && entry.notes.iter().any(|n| n.contains("(in 88 days)")),
        "{entry:?}"
    );
    // The scheduled backups taken after the disable hold no ADE keys.
    let later = AssetId::recovery_point("rsv", "vm1", "rp-2");
    assert_eq!(h.get(&later).expect("rp-2").verdict, Verdict::Ok);
    // Past the date the same point restores a VM the platform no longer unlocks.
    ok(&mut r, "sim advance 88d");
    assert_eq!(r.world().now().date_string(), "2028-09-15");
    let h = r.world().health();
    let entry = h.get(&rp).expect("rp");
    assert_eq!(entry.verdict, Verdict::Lost);
    assert!(
        entry.causes.iter().any(|c| c.call.contains("AdeRetired")),
        "{entry:?}"
    );
    // The restore itself says why, and does not send the user to R29's key restore.
    let e = fails(
        &mut r,
        "sim restore-vm rsv vm1 rp-1 --name vm1-back",
        "AdeRetired",
    );
    assert!(!e.message.contains("R29"), "{}", e.message);
}

/// The health entry of `vm:NAME`.
/// Asserts that one of the entry's notes says `says`.
#[track_caller]
fn noted(entry: &keyfall_core::AssetHealth, says: &str) {
    assert!(entry.notes.iter().any(|n| n.contains(says)), "{entry:?}");
}

fn vm_health(r: &Runner, name: &str) -> keyfall_core::AssetHealth {
    r.world()
        .health()
        .get(&AssetId::Vm(name.into()))
        .expect("in the report")
        .clone()
}

#[test]
fn ade_retire_r35_the_date_is_a_note_years_away_and_at_risk_within_90_days_of_it() {
    // [ADE-RETIRE] "Until that date, you can continue to use Azure Disk Encryption without
    // disruption": years before it the VM is ok and the date a note, so a what-if still shows a
    // KEK delete turning the VM at risk (R17). Within 90 days of it (the longest retention a
    // vault has, R20, the window in which a scheduled purge is at risk too) the dated break is
    // at risk, the platform's refusal on the day its cause.
    let mut r = registered_with_ade_vm(8);
    ok(
        &mut r,
        "az vm create --name eah1 --resource-group rg --image Ubuntu2204 --encryption-at-host true",
    );
    let far = vm_health(&r, "vm1");
    assert_eq!(far.verdict, Verdict::Ok);
    assert!(far.causes.is_empty(), "{far:?}");
    assert!(
        far.notes
            .iter()
            .any(|n| n.contains("retires on 2028-09-15:") && !n.contains("(in ")),
        "{far:?}"
    );
    let kek_delete = command("az keyvault key delete --vault-name kv-ade --name kek");
    let diff = r.world().what_if(&kek_delete);
    assert!(
        diff.changes
            .iter()
            .any(|c| c.asset == AssetId::Vm("vm1".into())
                && c.before == Some(Verdict::Ok)
                && c.after == Some(Verdict::AtRisk)),
        "{diff:?}"
    );
    // 91 days before the date: still a note.
    ok(&mut r, "sim advance 897d");
    assert_eq!(r.world().now().date_string(), "2028-06-16");
    assert_eq!(vm_health(&r, "vm1").verdict, Verdict::Ok);
    // 90 days before: at risk, though it boots today.
    ok(&mut r, "sim advance 1d");
    let near = vm_health(&r, "vm1");
    assert_eq!(near.verdict, Verdict::AtRisk, "{near:?}");
    assert!(
        near.checks.iter().all(|(_, ok)| *ok),
        "works today: {near:?}"
    );
    noted(&near, "retires on 2028-09-15 (in 90 days)");
    let cause = near.causes.first().expect("a cause");
    assert!(cause.call.contains("unlock ADE disk vm1-os"), "{cause:?}");
    assert_eq!(
        cause.failed.as_ref().and_then(|f| f.code),
        Some(keyfall_core::ErrorCode::AdeRetired)
    );
    assert!(near.fixes.is_empty(), "no one command migrates a VM");
    // Encryption at host is untouched by the date, near or past it.
    assert_eq!(vm_health(&r, "eah1").verdict, Verdict::Ok);
    assert!(vm_health(&r, "eah1").notes.is_empty());
    // The verdict-only what-if matrix finds the same dated risk as the full report.
    for (cmd, diff) in r.world().what_if_matrix() {
        assert_eq!(diff, r.world().what_if(&cmd), "{cmd}");
    }
}

#[test]
fn ade_retire_r35_r17_past_the_date_the_what_if_and_the_explainer_name_the_retirement() {
    // [ADE-RETIRE] "On September 15, 2028, ADE-enabled workloads will continue to run, but
    // encrypted disks will fail to unlock after VM reboots."
    let mut r = Runner::new(9);
    ok(&mut r, &format!("{ADE_VM}\nsim advance 988d"));
    assert_eq!(r.world().now().date_string(), "2028-09-15");
    let vm = AssetId::Vm("vm1".into());
    let running = vm_health(&r, "vm1");
    assert_eq!(running.verdict, Verdict::AtRisk, "it runs: {running:?}");
    noted(&running, "Azure Disk Encryption retired on 2028-09-15");
    // The what-if of a deallocate: the VM goes from at risk to lost, and the report of that
    // world explains it with the retirement's call, which no audited change caused.
    let deallocate = command("az vm deallocate --name vm1 --resource-group rg");
    let diff = r.world().what_if(&deallocate);
    assert_eq!(diff.changes.len(), 1, "{diff:?}");
    assert_eq!(diff.changes[0].asset, vm);
    assert_eq!(
        (diff.changes[0].before, diff.changes[0].after),
        (Some(Verdict::AtRisk), Some(Verdict::Lost))
    );
    ok(&mut r, "az vm deallocate --name vm1 --resource-group rg");
    let down = vm_health(&r, "vm1");
    assert_eq!(down.verdict, Verdict::Lost);
    let cause = down.causes.first().expect("a cause");
    assert_eq!(
        cause.failed.as_ref().and_then(|f| f.code),
        Some(keyfall_core::ErrorCode::AdeRetired),
        "{cause:?}"
    );
    assert!(
        cause.call.contains("AdeRetired") && cause.blamed.is_none(),
        "{cause:?}"
    );
    // The what-if of the start names the retirement in the start's own refusal.
    let start = command("az vm start --name vm1 --resource-group rg");
    let diff = r.world().what_if(&start);
    let refusal = diff.result.expect_err("the start fails");
    assert!(
        refusal.contains("VmBootLocked") && refusal.contains("retired on 2028-09-15"),
        "{refusal}"
    );
}

/// The verdict change `cmd` would make to each asset, as (asset, before, after).
fn what_if(r: &Runner, line: &str) -> Vec<(String, Option<Verdict>, Option<Verdict>)> {
    r.world()
        .what_if(&command(line))
        .changes
        .into_iter()
        .map(|c| (c.asset.to_string(), c.before, c.after))
        .collect()
}

#[test]
fn ade_migrate_r19_r28_r35_the_ade_secret_and_key_stay_and_only_ade_recovery_points_need_them() {
    // [ADE-MIGRATE] Windows disables ADE first; "Disabling ADE on Linux OS disks is not
    // supported", so Linux builds a new VM; Cleanup deletes the old VM and disks and turns the
    // vault's disk-encryption setting off "if you no longer need the Key Vault for disk
    // encryption". Nothing on the page deletes the ADE secret or key, and [ADE-RETIRE] says
    // backups must migrate too: a recovery point taken under ADE keeps its copy of the key and
    // secret and restores through them (R28, R29).
    let mut r = Runner::new(10);
    ok(
        &mut r,
        &format!(
            "sim advance 985d\n{REGISTER}\nsim advance 5m\n{ADE_VM}
az vm create --name lin1 --resource-group rg --image Ubuntu2204
az vm encryption enable --name lin1 --resource-group rg --disk-encryption-keyvault kv-ade --key-encryption-key kek --volume-type ALL
sim write lin1 /data/orders.csv \"order-1,42\"
az backup vault create --name rsv --resource-group rg --location westeurope
az keyvault set-policy --name kv-ade --spn azure-backup --key-permissions get list backup --secret-permissions get list backup
az backup protection enable-for-vm --vault-name rsv --resource-group rg --vm vm1 --policy-name DefaultPolicy
az backup protection backup-now --vault-name rsv --resource-group rg --container-name vm1 --item-name vm1"
        ),
    );
    let ade = r
        .world()
        .vm("vm1")
        .and_then(|v| v.ade.clone())
        .expect("ADE");
    let kv = |r: &Runner| r.world().vault("kv-ade").expect("kv-ade").clone();
    // Windows: the disable decrypts in place and clears the VM's settings (R19); the BEK
    // secret and the KEK stay in the vault, live.
    ok(
        &mut r,
        "az vm encryption disable --name vm1 --resource-group rg",
    );
    assert!(r.world().vm("vm1").expect("vm1").ade.is_none());
    let vault = kv(&r);
    assert!(
        vault
            .secrets
            .get(&ade.secret_name)
            .is_some_and(|s| s.deleted.is_none())
    );
    assert!(vault.keys.get("kek").is_some_and(|k| k.deleted.is_none()));
    assert_eq!(
        vm_health(&r, "vm1").verdict,
        Verdict::Ok,
        "no longer at risk"
    );
    // Linux: the extension refuses to decrypt an encrypted OS disk (R19).
    let e = fails(
        &mut r,
        "az vm encryption disable --name lin1 --resource-group rg",
        "VMExtensionProvisioningError",
    );
    assert!(
        e.message
            .contains("not supported when OS volume is encrypted"),
        "{e:?}"
    );
    assert!(r.world().vm("lin1").expect("lin1").ade.is_some());
    ok(
        &mut r,
        "sim read lin1 /data/orders.csv
az vm delete --name lin1 --resource-group rg --yes
az vm create --name lin1 --resource-group rg --image Ubuntu2204 --encryption-at-host true
sim write lin1 /data/orders.csv \"order-1,42\"",
    );
    assert_eq!(vm_health(&r, "lin1").verdict, Verdict::Ok);
    assert_eq!(kv(&r).secrets.len(), 2, "lin1's BEK secret outlives lin1");
    // Azure Backup: the point taken under ADE still holds ADE keys and is at risk of the date;
    // a backup after the disable holds none.
    ok(
        &mut r,
        "az backup protection backup-now --vault-name rsv --resource-group rg --container-name vm1 --item-name vm1",
    );
    let (old, new) = ("rp:rsv/vm1/rp-1", "rp:rsv/vm1/rp-2");
    let h = r.world().health();
    let verdict = |id: &str| {
        h.assets
            .iter()
            .find(|a| a.asset.to_string() == id)
            .map(|a| a.verdict)
    };
    assert_eq!(verdict(old), Some(Verdict::AtRisk));
    assert_eq!(verdict(new), Some(Verdict::Ok));
    // Before the date the ADE point is the one thing that still needs the vault switch, the
    // BEK secret and the KEK: turning the switch off or deleting the secret breaks it, and
    // touches no migrated VM.
    let switch_off = "az keyvault update --name kv-ade --enabled-for-disk-encryption false";
    assert_eq!(
        what_if(&r, switch_off),
        vec![(old.to_owned(), Some(Verdict::AtRisk), Some(Verdict::Broken))]
    );
    let bek_delete = format!(
        "az keyvault secret delete --vault-name kv-ade --name {}",
        ade.secret_name
    );
    // (The secret itself turns at risk: soft-deleted, purged when retention ends.)
    let changes = what_if(&r, &bek_delete);
    let others: Vec<_> = changes
        .iter()
        .filter(|c| !c.0.starts_with("secret:"))
        .collect();
    assert_eq!(
        others,
        vec![&(old.to_owned(), Some(Verdict::AtRisk), Some(Verdict::Broken))]
    );
    // From the date that point restores a VM the platform no longer unlocks: lost, and then
    // the switch, the secret and the key protect nothing that can be restored.
    ok(&mut r, "sim advance 3d");
    assert_eq!(r.world().now().date_string(), "2028-09-15");
    let h = r.world().health();
    let entry = h
        .assets
        .iter()
        .find(|a| a.asset.to_string() == old)
        .expect("rp-1");
    assert_eq!(entry.verdict, Verdict::Lost);
    assert!(
        entry.causes.iter().any(|c| c.call.contains("AdeRetired")),
        "{entry:?}"
    );
    assert_eq!(what_if(&r, switch_off), vec![]);
    assert!(
        what_if(&r, &bek_delete)
            .iter()
            .all(|c| c.0.starts_with("secret:")),
        "only the secret itself"
    );
    assert_eq!(
        what_if(&r, "az keyvault key delete --vault-name kv-ade --name kek"),
        vec![]
    );
}

// ---- Learn's migration path for Windows: new disks by upload, AzCopy, a VM on them ----
// [UPLOAD-CLI] learn.microsoft.com/azure/virtual-machines/linux/disks-upload-vhd-to-managed-disk-cli
// [CLI-VM-PARAMS] azure-cli vm `_params.py` and `_validators.py`

/// `vm1` (Windows, ADE with a KEK), with a file written before the migration, and the
/// subscription's encryption-at-host feature registered.
fn windows_ade_vm_with_file() -> Runner {
    let mut r = Runner::new(7);
    ok(&mut r, ADE_VM);
    ok(
        &mut r,
        &format!("sim write vm1 /data/payroll.csv \"alice,100\"\n{REGISTER}\nsim advance 5m"),
    );
    r
}

/// [`windows_ade_vm_with_file`] after Learn's first two steps on Windows: ADE disabled (the
/// volume decrypted in place, R19) and the VM deallocated.
fn decrypted_and_deallocated() -> Runner {
    let mut r = windows_ade_vm_with_file();
    ok(
        &mut r,
        "az vm encryption disable --name vm1 --resource-group rg
az vm deallocate --name vm1 --resource-group rg",
    );
    r
}

/// Learn's copy, as its CLI upload page writes it: an empty disk made for upload, a Read SAS on
/// the source, a Write SAS on the new disk, AzCopy, and both SAS revoked.
const UPLOAD_COPY: &str = "az disk create --name vm1-os-new --resource-group rg --upload-type Upload --upload-size-bytes 136365212160 --os-type Windows
src=$(az disk grant-access --name vm1-os --resource-group rg --duration-in-seconds 3600 --query accessSAS -o tsv)
dst=$(az disk grant-access --name vm1-os-new --resource-group rg --access-level Write --duration-in-seconds 3600 --query accessSAS -o tsv)
azcopy copy \"$src\" \"$dst\" --blob-type PageBlob
az disk revoke-access --name vm1-os --resource-group rg
az disk revoke-access --name vm1-os-new --resource-group rg";

#[test]
fn ade_migrate_windows_disable_copy_by_upload_and_a_vm_encrypted_at_host() {
    let mut r = decrypted_and_deallocated();
    ok(&mut r, UPLOAD_COPY);
    let made = common::run_ok(
        &mut r,
        "az vm create --name vm1-new --resource-group rg --attach-os-disk vm1-os-new --os-type Windows --encryption-at-host true",
    );
    assert!(made.message.contains("vm1-new"), "{}", made.message);
    // The VM is made on the disk and boots from it: no new disk from an image first.
    let changes: Vec<String> = (made.events.iter())
        .filter_map(|e| match e {
            Event::State { object, change, .. } if *object == AssetId::Vm("vm1-new".into()) => {
                Some(change.clone())
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        changes,
        [
            "created on disk vm1-os-new (SSE with platform-managed key, encrypted at host)",
            "booted: volume unlocked"
        ]
    );
    let vm = r.world().vm("vm1-new").expect("created");
    assert!(vm.is_up(), "the copied, decrypted volume boots");
    assert!(!vm.used_ade, "an upload carries no UDE flag");
    assert_eq!(vm.profile.encryption_at_host, Some(true));
    assert_eq!(vm.disk_name, "vm1-os-new");
    // The guest's files came across.
    assert_eq!(
        ok(&mut r, "sim read vm1-new /data/payroll.csv"),
        "alice,100"
    );
    assert_eq!(
        ok(
            &mut r,
            "az vm show --name vm1-new --resource-group rg --query storageProfile.osDisk.createOption -o tsv"
        ),
        "Attach"
    );
    // The new disk left the list of unattached disks; the source is still vm1's.
    assert!(r.world().managed_disks().next().is_none());
    assert_eq!(
        r.world()
            .health()
            .get(&AssetId::Vm("vm1-new".into()))
            .expect("vm")
            .verdict,
        Verdict::Ok
    );
}

#[test]
fn ade_migrate_a_copy_with_source_keeps_the_ude_flag_and_refuses_encryption_at_host() {
    let mut r = windows_ade_vm_with_file();
    ok(
        &mut r,
        "az vm encryption disable --name vm1 --resource-group rg
az disk create --name vm1-copy --resource-group rg --source vm1-os",
    );
    let copy = r
        .world()
        .managed_disks()
        .find(|d| d.name == "vm1-copy")
        .expect("copied");
    assert!(
        copy.ude,
        "Learn: copies using the Copy option retain the UDE flag"
    );
    assert_eq!(copy.create_option, "Copy");
    refused(
        &mut r,
        "az vm create --name vm1-new --resource-group rg --attach-os-disk vm1-copy --os-type Windows --encryption-at-host true",
        "Conflict",
        "UDE flag",
    );
    assert!(r.world().vm("vm1-new").is_none(), "nothing was created");
    // Without encryption at host the copy attaches and boots: it is decrypted, just flagged.
    ok(
        &mut r,
        "az vm create --name vm1-new --resource-group rg --attach-os-disk vm1-copy --os-type Windows",
    );
    let vm = r.world().vm("vm1-new").expect("created");
    assert!(vm.is_up() && vm.used_ade);
}

#[test]
fn ade_migrate_copying_before_the_disable_moves_a_volume_nobody_can_unlock() {
    let mut r = windows_ade_vm_with_file();
    ok(&mut r, "az vm deallocate --name vm1 --resource-group rg");
    ok(&mut r, UPLOAD_COPY);
    let rec = common::run_ok(
        &mut r,
        "az vm create --name vm1-new --resource-group rg --attach-os-disk vm1-os-new --os-type Windows --encryption-at-host true",
    );
    assert!(
        rec.detail.iter().any(|l| l.contains("recovery screen")),
        "{:?}",
        rec.detail
    );
    let vm = r
        .world()
        .vm("vm1-new")
        .expect("created: ARM sees a running VM");
    assert!(vm.at_recovery_screen && !vm.is_up());
    fails(&mut r, "sim read vm1-new /data/payroll.csv", "VmBootLocked");
}

#[test]
fn upload_cli_the_upload_size_needs_the_512_byte_footer() {
    let mut r = decrypted_and_deallocated();
    let size = ok(
        &mut r,
        "az disk show --name vm1-os --resource-group rg --query diskSizeBytes -o tsv",
    );
    assert_eq!(size, "136365211648", "127 GiB");
    // diskSizeBytes alone, without the footer.
    let short = UPLOAD_COPY.replace("136365212160", &size);
    let ran = r.run_text(1, &short);
    let copy = ran
        .records
        .iter()
        .find(|rec| rec.command.starts_with("azcopy"))
        .expect("ran");
    assert!(!copy.ok);
    assert_eq!(copy.code.as_deref(), Some("BadRequest"));
    common::holds(&copy.message, "--upload-size-bytes 136365212160");
    // The copy wrote nothing; closing the upload leaves an empty disk.
    ok(
        &mut r,
        "az disk revoke-access --name vm1-os --resource-group rg
az disk revoke-access --name vm1-os-new --resource-group rg",
    );
    assert_eq!(
        ok(
            &mut r,
            "az disk show --name vm1-os-new --resource-group rg --query diskState -o tsv"
        ),
        "Unattached"
    );
    // an empty disk does not make a VM
    fails(
        &mut r,
        "az vm create --name vm1-new --resource-group rg --attach-os-disk vm1-os-new --os-type Windows",
        "BadRequest",
    );
}

#[test]
fn upload_cli_a_disk_attaches_and_a_vm_starts_only_after_revoke_access() {
    let mut r = windows_ade_vm_with_file();
    ok(
        &mut r,
        "az vm encryption disable --name vm1 --resource-group rg",
    );
    // A running VM's disk gives no SAS.
    refused(
        &mut r,
        "az disk grant-access --name vm1-os --resource-group rg --duration-in-seconds 3600",
        "Conflict",
        "attached to running VM",
    );
    ok(&mut r, "az vm deallocate --name vm1 --resource-group rg");
    let open = UPLOAD_COPY.lines().take(4).collect::<Vec<_>>().join("\n");
    ok(&mut r, &open);
    assert_eq!(
        ok(
            &mut r,
            "az disk show --name vm1-os-new --resource-group rg --query diskState -o tsv"
        ),
        "ActiveUpload"
    );
    refused(
        &mut r,
        "az vm create --name vm1-new --resource-group rg --attach-os-disk vm1-os-new --os-type Windows",
        "Conflict",
        "ActiveUpload",
    );
    refused(
        &mut r,
        "az vm start --name vm1 --resource-group rg",
        "Conflict",
        "ActiveSAS",
    );
    ok(
        &mut r,
        "az disk revoke-access --name vm1-os --resource-group rg
az vm start --name vm1 --resource-group rg",
    );
}

#[test]
fn upload_cli_azcopy_needs_a_live_sas_of_the_right_level() {
    let mut r = decrypted_and_deallocated();
    ok(
        &mut r,
        "az disk create --name vm1-os-new --resource-group rg --upload-type Upload --upload-size-bytes 136365212160 --os-type Windows
src=$(az disk grant-access --name vm1-os --resource-group rg --duration-in-seconds 60 --query accessSAS -o tsv)
dst=$(az disk grant-access --name vm1-os-new --resource-group rg --access-level Write --duration-in-seconds 3600 --query accessSAS -o tsv)",
    );
    // Source and destination swapped: the upload SAS is not a source, the Read SAS writes nothing.
    let f = fails(
        &mut r,
        "azcopy copy \"$dst\" \"$src\"",
        "AuthorizationPermissionMismatch",
    );
    assert_eq!(f.top, "AuthorizationPermissionMismatch");
    fails(
        &mut r,
        "azcopy copy \"$src\" \"$dst\" --blob-type BlockBlob",
        "BadRequest",
    );
    ok(&mut r, "sim advance 2m");
    refused(
        &mut r,
        "azcopy copy \"$src\" \"$dst\"",
        "AuthenticationFailed",
        "expired",
    );
    // A revoked SAS is refused the same way.
    ok(
        &mut r,
        "src=$(az disk grant-access --name vm1-os --resource-group rg --duration-in-seconds 60 --query accessSAS -o tsv)
az disk revoke-access --name vm1-os --resource-group rg",
    );
    fails(
        &mut r,
        "azcopy copy \"$src\" \"$dst\"",
        "AuthenticationFailed",
    );
    // None of the refused copies wrote anything: closed, the disk is empty and makes no VM.
    ok(
        &mut r,
        "az disk revoke-access --name vm1-os-new --resource-group rg",
    );
    refused(
        &mut r,
        "az vm create --name vm1-new --resource-group rg --attach-os-disk vm1-os-new --os-type Windows",
        "BadRequest",
        "holds no data",
    );
}

#[test]
fn cli_vm_params_attach_os_disk_takes_os_type_and_no_image_or_credentials() {
    let mut r = windows_ade_vm_with_file();
    for (line, want) in [
        (
            "az vm create --name x --resource-group rg --attach-os-disk vm1-os",
            "missing: --os-type",
        ),
        (
            "az vm create --name x --resource-group rg --attach-os-disk vm1-os --os-type Windows --admin-username azureuser",
            "not applicable: --admin-username",
        ),
        (
            "az vm create --name x --resource-group rg --image Win2022Datacenter --attach-os-disk vm1-os --os-type Windows",
            "--image IMAGE | --attach-os-disk DISK",
        ),
        (
            "az vm create --name x --resource-group rg",
            "--image IMAGE | --attach-os-disk DISK",
        ),
        (
            "az vm create --name x --resource-group rg --image Win2022Datacenter --os-type Windows",
            "not applicable: --os-type",
        ),
    ] {
        refused(&mut r, line, "CliError", want);
    }
    // A disk in a region Azure does not have is refused, as a VM there is.
    refused(
        &mut r,
        "az disk create --name d --resource-group rg --location narnia --upload-type Upload --upload-size-bytes 1024",
        "BadParameter",
        "unknown location narnia",
    );
    // A disk a VM holds is not attached again.
    fails(
        &mut r,
        "az vm create --name x --resource-group rg --attach-os-disk vm1-os --os-type Windows",
        "Conflict",
    );
}

#[test]
fn ade_migrate_vm_delete_leaves_its_disk_and_disk_delete_removes_it() {
    let mut r = windows_ade_vm_with_file();
    // a VM's disk goes after its VM
    fails(
        &mut r,
        "az disk delete --name vm1-os --resource-group rg --yes",
        "Conflict",
    );
    ok(&mut r, "az vm delete --name vm1 --resource-group rg --yes");
    let left = r
        .world()
        .managed_disks()
        .find(|d| d.name == "vm1-os")
        .expect("the disk stays");
    assert!(left.ude);
    assert_eq!(
        ok(
            &mut r,
            "az disk show --name vm1-os --resource-group rg --query diskState -o tsv"
        ),
        "Unattached"
    );
    // The console completes the disk's name.
    let names = keyfall_core::editor::completion_names(r.world());
    assert!(names.iter().any(|n| n == "vm1-os"), "{names:?}");
    ok(
        &mut r,
        "az disk delete --name vm1-os --resource-group rg --yes",
    );
    assert!(r.world().managed_disks().next().is_none());
}

#[test]
fn ade_migrate_learns_cli_copy_line_is_refused_by_az_as_it_is_by_keyfall() {
    // Learn's CLI tab: `--upload-type "Copy"`, a value az's enum does not take.
    let line =
        "az disk create --resource-group rg --name MyTargetDisk --source vm1-os --upload-type Copy";
    let e = keyfall_core::parse_line(line).expect_err("az refuses Copy");
    assert_eq!(e.column, line.find("Copy").expect("there") + 1);
    common::holds(&e.message, "Upload, UploadWithSecurityData");
}

#[test]
fn upload_cli_an_open_sas_keeps_a_vm_from_starting_and_health_offers_the_revoke() {
    let mut r = decrypted_and_deallocated();
    ok(
        &mut r,
        "az disk grant-access --name vm1-os --resource-group rg --duration-in-seconds 3600",
    );
    let health = r.world().health();
    let vm = health.get(&AssetId::Vm("vm1".into())).expect("vm1");
    // Not lost: one command brings it back.
    assert_eq!(vm.verdict, Verdict::Broken, "{vm:?}");
    assert_eq!(
        vm.fixes.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["az disk revoke-access --name vm1-os --resource-group rg"]
    );
    ok(
        &mut r,
        "az disk revoke-access --name vm1-os --resource-group rg",
    );
    assert_ne!(
        r.world()
            .health()
            .get(&AssetId::Vm("vm1".into()))
            .expect("vm1")
            .verdict,
        Verdict::Broken
    );
}

#[test]
fn upload_cli_disk_list_shows_the_vms_disks_then_the_disks_of_their_own_in_the_group() {
    let mut r = decrypted_and_deallocated();
    ok(
        &mut r,
        "az group create --name rg2 --location westeurope
az disk create --name vm1-os-new --resource-group rg --upload-type Upload --upload-size-bytes 136365212160 --os-type Windows
az disk create --name spare --resource-group rg2 --upload-type Upload --upload-size-bytes 1073742336",
    );
    let names = |r: &mut Runner, group: &str| {
        ok(
            r,
            &format!("az disk list --resource-group {group} --query \"[].name\" -o tsv"),
        )
    };
    assert_eq!(names(&mut r, "rg"), "vm1-os\nvm1-os-new");
    assert_eq!(names(&mut r, "RG2"), "spare", "a group's name in any case");
    let all = common::run_ok(&mut r, "az disk list");
    // The VMs' disks first, then the disks of their own, each by name.
    assert_eq!(
        all.detail,
        [
            "vm1-os: Attached to vm1",
            "spare: ReadyToUpload",
            "vm1-os-new: ReadyToUpload"
        ]
    );
}
