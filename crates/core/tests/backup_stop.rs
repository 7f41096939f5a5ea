//! Stopping protection and deleting a Recovery Services vault, as Learn's Backup quickstart ends
//! (learn.microsoft.com/azure/backup/quick-backup-vm-cli, "Clean up deployment"): azure-cli
//! backup `custom.py` `disable_protection` (retain data, or `--delete-backup-data true`),
//! `delete_vault` (`--force`), `recoverypoint show`; Learn's "Delete an Azure Backup Recovery
//! Services vault" for the refusals and the 14 days of soft delete.

mod common;

use keyfall_core::Runner;

fn ok(r: &mut Runner, text: &str) -> String {
    common::run_ok(r, text).output.join("\n")
}

fn refused(r: &mut Runner, text: &str) -> (Option<String>, String) {
    let ran = r.run_text(1, text);
    let last = ran.records.last().expect("ran");
    assert!(!last.ok, "{text} ran: {}", last.outcome());
    (last.code.clone(), last.message.clone())
}

/// An ADE VM with a KEK, backed up once by a vault whose identity may read the key and secret
/// (R13).
const SETUP: &str = "\
az group create -n rg -l westeurope
az keyvault create -n kv-ade -g rg --enabled-for-disk-encryption true --enable-rbac-authorization false
az keyvault key create --vault-name kv-ade -n kek --kty RSA --size 3072
az vm create -n vm1 -g rg --image Ubuntu2204
az vm encryption enable -n vm1 -g rg --disk-encryption-keyvault kv-ade --key-encryption-key kek --volume-type ALL
sim write vm1 /data/payroll.csv \"alice,42000\"
az keyvault set-policy -n kv-ade --spn azure-backup --key-permissions get list backup --secret-permissions get list backup
az backup vault create -n rsv -g rg -l westeurope
az backup protection enable-for-vm -v rsv -g rg --vm vm1 -p DefaultPolicy
az backup protection backup-now -v rsv -g rg -c vm1 -i vm1
";

const DISABLE: &str = "az backup protection disable --vault-name rsv -g rg --container-name vm1 --item-name vm1 --yes";

fn points(r: &Runner) -> usize {
    r.world()
        .recovery_vault("rsv")
        .and_then(|v| v.items.get("vm1"))
        .map_or(0, |i| i.points.len())
}

#[test]
fn r28_stopping_protection_keeps_the_points_and_what_they_need_to_restore() {
    let mut r = Runner::new(1);
    ok(&mut r, SETUP);
    let job: serde_json::Value = serde_json::from_str(&ok(&mut r, DISABLE)).expect("json");
    assert_eq!(job["properties"]["operation"], "DisableBackup");
    assert_eq!(points(&r), 1);
    let item: serde_json::Value =
        serde_json::from_str(&ok(&mut r, "az backup item list -v rsv -g rg")).expect("json");
    assert_eq!(
        item[0]["properties"]["protectionState"],
        "ProtectionStopped"
    );
    // No more backups: the daily policy skips it, and an on-demand backup is refused.
    ok(&mut r, "sim advance 2d");
    assert_eq!(points(&r), 1);
    let (code, message) = refused(
        &mut r,
        "az backup protection backup-now -v rsv -g rg -c vm1 -i vm1",
    );
    assert_eq!(code.as_deref(), Some("BadRequest"));
    assert!(message.contains("stopped"), "{message}");
    // The retained point still restores, with the key and secret it backed up (R28, R29), even
    // after the KEK is gone from the vault.
    ok(&mut r, "az keyvault key delete --vault-name kv-ade -n kek");
    ok(&mut r, "az keyvault key purge --vault-name kv-ade -n kek");
    ok(&mut r, "sim restore-keys rsv vm1 rp-1 --vault kv-ade");
    ok(&mut r, "sim restore-vm rsv vm1 rp-1 --name vm1-restored");
    ok(&mut r, "sim read vm1-restored /data/payroll.csv");
    // The vault still holds the item: az finds nothing to protect (`enable_protection_for_vm`).
    let (code, message) = refused(
        &mut r,
        "az backup protection enable-for-vm -v rsv -g rg --vm vm1 -p DefaultPolicy",
    );
    assert_eq!(code.as_deref(), Some("CliError"));
    assert!(message.contains("VM is already Protected"), "{message}");
}

#[test]
fn deleted_backup_data_stays_soft_deleted_for_fourteen_days_and_blocks_the_vaults_delete() {
    let mut r = Runner::new(1);
    ok(&mut r, SETUP);
    // A vault with a protected item is not deleted.
    let (code, message) = refused(&mut r, "az backup vault delete -n rsv -g rg --yes");
    assert_eq!(code.as_deref(), Some("BadRequest"));
    assert!(
        message.starts_with(
            "Vault cannot be deleted as there are existing resources within the vault."
        ),
        "{message}"
    );
    let job: serde_json::Value =
        serde_json::from_str(&ok(&mut r, &format!("{DISABLE} --delete-backup-data true")))
            .expect("json");
    assert_eq!(job["properties"]["operation"], "DeleteBackupData");
    // Soft-deleted: listed as such, its points not restorable, the vault not deletable.
    let items: serde_json::Value =
        serde_json::from_str(&ok(&mut r, "az backup item list -v rsv -g rg")).expect("json");
    assert_eq!(items[0]["properties"]["isScheduledForDeferredDelete"], true);
    let (code, _) = refused(&mut r, "sim restore-vm rsv vm1 rp-1 --name vm2");
    assert_eq!(code.as_deref(), Some("ResourceNotFound"));
    let (_, message) = refused(&mut r, "az backup vault delete -n rsv -g rg --yes");
    assert!(
        message.starts_with("Recovery Services vault cannot be deleted as there are backup items in soft deleted state in the vault."),
        "{message}"
    );
    // Fourteen days later the data is gone for good, and the vault goes.
    ok(&mut r, "sim advance 13d");
    assert!(
        r.world()
            .recovery_vault("rsv")
            .is_some_and(|v| !v.items.is_empty())
    );
    ok(&mut r, "sim advance 1d");
    assert!(
        r.world()
            .recovery_vault("rsv")
            .is_some_and(|v| v.items.is_empty())
    );
    ok(&mut r, "az backup vault delete -n rsv -g rg --yes");
    assert!(r.world().recovery_vault("rsv").is_none());
}

#[test]
fn force_deletes_the_items_data_and_still_meets_soft_delete() {
    let mut r = Runner::new(1);
    ok(&mut r, SETUP);
    let (_, message) = refused(&mut r, "az backup vault delete -n rsv -g rg --force --yes");
    assert!(message.contains("soft deleted state"), "{message}");
    // What --force did before the delete failed stays, as on Azure.
    let item = r
        .world()
        .recovery_vault("rsv")
        .and_then(|v| v.items.get("vm1"))
        .expect("item");
    assert!(item.deleted_until.is_some());
}

#[test]
fn a_recovery_point_is_shown_as_az_prints_it() {
    let mut r = Runner::new(1);
    ok(&mut r, SETUP);
    let rp: serde_json::Value = serde_json::from_str(&ok(
        &mut r,
        "az backup recoverypoint show -v rsv -g rg -c vm1 -i vm1 -n rp-1",
    ))
    .expect("json");
    let list: serde_json::Value = serde_json::from_str(&ok(
        &mut r,
        "az backup recoverypoint list -v rsv -g rg -c vm1 -i vm1",
    ))
    .expect("json");
    assert_eq!(rp, list[0]);
    assert_eq!(rp["name"], "rp-1");
    assert_eq!(rp["properties"]["isSourceVmEncrypted"], true);
    let (code, _) = refused(
        &mut r,
        "az backup recoverypoint show -v rsv -g rg -c vm1 -i vm1 -n rp-9",
    );
    assert_eq!(code.as_deref(), Some("ResourceNotFound"));
}
