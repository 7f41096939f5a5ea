//! Learn's Backup CLI tutorials pasted: `--retain-until` in dd-mm-yyyy, the jobs a vault keeps
//! and `az backup job list -o table` with the columns the tutorials show, `restore-disks
//! --target-resource-group` (learn.microsoft.com/azure/backup/quick-backup-vm-cli and
//! /tutorial-restore-disk; azure-cli backup `custom.py`, `_format.py`).

use keyfall_core::{RecoveryServicesVault, Runner};

mod common;

/// Runs `text`, asserting every line succeeded, and returns what the last line printed.
#[track_caller]
fn ok(runner: &mut Runner, text: &str) -> Vec<String> {
    common::run_ok(runner, text).output
}

const SETUP: &str = "\
az vm create --resource-group myResourceGroup --name myVM -l westeurope --image Ubuntu2204 --generate-ssh-keys
az backup vault create --resource-group myResourceGroup --name myRecoveryServicesVault --location westeurope
az backup protection enable-for-vm --resource-group myResourceGroup --vault-name myRecoveryServicesVault --vm myVM --policy-name DefaultPolicy
az backup protection backup-now --resource-group myResourceGroup --vault-name myRecoveryServicesVault --container-name myVM --item-name myVM --retain-until 18-10-2027
";

/// The quickstart's Recovery Services vault, once [`SETUP`] backed up its VM.
fn rsv(r: &Runner) -> &RecoveryServicesVault {
    r.world()
        .recovery_vault("myRecoveryServicesVault")
        .expect("vault")
}

#[test]
fn the_quickstart_backs_up_and_lists_its_jobs_as_a_table() {
    let mut r = common::session(SETUP);
    let table = ok(
        &mut r,
        "az backup job list --resource-group myResourceGroup --vault-name myRecoveryServicesVault --output table",
    );
    assert_eq!(table.len(), 4, "{table:#?}");
    let header: Vec<&str> = table[0]
        .split("  ")
        .filter(|c| !c.is_empty())
        .map(str::trim)
        .collect();
    assert_eq!(
        header,
        [
            "Name",
            "Operation",
            "Status",
            "Item Name",
            "Start Time UTC",
            "Duration"
        ]
    );
    // Newest first, as az lists them; the item name as Learn's sample shows it.
    assert!(
        table[2].contains("Backup") && table[2].contains("Completed") && table[2].contains("myvm")
    );
    assert!(table[3].contains("ConfigureBackup"));
    // The same jobs as JSON, with ids that the world holds and a second run reproduces.
    let names = ok(
        &mut r,
        "az backup job list -g myResourceGroup --vault-name myRecoveryServicesVault --query [].name -o tsv",
    );
    let vault = rsv(&r);
    let held: Vec<String> = vault.jobs.iter().rev().map(|j| j.id.clone()).collect();
    assert_eq!(names, held);
    assert_eq!(
        vault.jobs[1].retain_until.map(|d| (d.day, d.month, d.year)),
        Some((18, 10, 2027))
    );
    let again = common::session(SETUP);
    let again_ids: Vec<String> = rsv(&again).jobs.iter().map(|j| j.id.clone()).collect();
    let ids: Vec<String> = vault.jobs.iter().map(|j| j.id.clone()).collect();
    assert_eq!(ids, again_ids);
}

#[test]
fn retain_until_takes_learns_day_month_year_and_prints_it_back() {
    let line = "az backup protection backup-now --vault-name v --resource-group g --container-name c --item-name i --retain-until 18-10-2027";
    let c = keyfall_core::parse_line(line)
        .expect("parses")
        .expect("a command");
    assert_eq!(c.to_string(), line);
    let bad = keyfall_core::parse_line(
        "az backup protection backup-now --vault-name v --resource-group g --container-name c --item-name i --retain-until 2027-10-18",
    )
    .expect_err("az's format is dd-mm-yyyy");
    // azure-cli backup `_validators.py` `datetime_type`: its words, and its two formats.
    assert_eq!(
        bad.message,
        "Input '2027-10-18' is not valid. Valid example: 31-12-2017, 31-12-2017-05:30:00"
    );
    for (given, printed) in [
        ("18-10-2027-05:30:00", "18-10-2027"),
        ("1-2-2027", "01-02-2027"),
    ] {
        let c = keyfall_core::parse_line(&line.replace("18-10-2027", given))
            .expect("parses")
            .expect("a command");
        assert_eq!(
            c.to_string(),
            line.replace("18-10-2027", printed),
            "{given}"
        );
    }
    for wrong in ["31-02-2027", "18-10-2027-25:00:00", "18-10-27"] {
        let e = keyfall_core::parse_line(&line.replace("18-10-2027", wrong)).expect_err(wrong);
        common::begins(&e.message, &format!("Input '{wrong}' is not valid."));
    }
}

#[test]
fn the_restore_tutorial_restores_disks_to_a_target_group_and_records_the_job() {
    let mut r = common::session(SETUP);
    let job = ok(
        &mut r,
        "rp=$(az backup recoverypoint list --resource-group myResourceGroup --vault-name myRecoveryServicesVault --container-name myVM --item-name myVM --query [0].name --output tsv)\n\
         az backup restore restore-disks --resource-group myResourceGroup --vault-name myRecoveryServicesVault --container-name myVM --item-name myVM \\\n\
             --storage-account mystorageaccount --rp-name $rp --target-resource-group myResourceGroup --query properties.operation -o tsv",
    );
    assert_eq!(job, ["Restore"]);
    let vault = rsv(&r);
    let last = vault.jobs.last().expect("job");
    assert_eq!(last.operation, "Restore");
    assert_eq!(
        last.target_resource_group.as_deref(),
        Some("myResourceGroup")
    );
}

#[test]
fn vaults_and_items_list_as_az_prints_them() {
    let mut r = common::session(SETUP);
    let subscription = keyfall_core::subscription_id(&rsv(&r).subscription).to_owned();
    let cases = [
        (
            "az backup vault show -n myRecoveryServicesVault -g myResourceGroup --query id -o tsv",
            format!(
                "/subscriptions/{subscription}/resourceGroups/myResourceGroup/providers/Microsoft.RecoveryServices/vaults/myRecoveryServicesVault"
            ),
        ),
        (
            "az backup vault list -g myResourceGroup --query [].name -o tsv",
            "myRecoveryServicesVault".to_owned(),
        ),
        (
            "az backup item list --vault-name myRecoveryServicesVault -g myResourceGroup --query \"[].[name, properties.friendlyName, properties.protectionState]\" -o tsv",
            "VM;iaasvmcontainerv2;myResourceGroup;myVM\tmyvm\tProtected".to_owned(),
        ),
    ];
    for (line, printed) in cases {
        assert_eq!(ok(&mut r, line), [printed], "{line}");
    }
}

#[test]
fn creating_a_vault_that_exists_updates_it_with_azs_warning() {
    // azure-cli backup `create_vault`: an existing vault goes to the update flow with a
    // warning, and keeps its items.
    let mut r = common::session(SETUP);
    let create = "az backup vault create --resource-group myResourceGroup --name myRecoveryServicesVault --location westeurope";
    let again = common::run_ok(&mut r, create);
    let warned = again.detail.iter().any(|l| {
        l.starts_with("az: WARNING: You are using the az backup vault create command to update vault properties.")
    });
    assert!(warned, "{:?}", again.detail);
    assert_eq!(rsv(&r).items.len(), 1);
}

#[test]
fn protecting_a_vm_of_another_region_stops_in_az() {
    // azure-cli backup `enable_protection_for_vm`: `if vm.location.lower() != vault.location.lower()`.
    let mut r = common::session(SETUP);
    common::run_ok(
        &mut r,
        "az vm create --resource-group myResourceGroup --name farVM -l northeurope --image Ubuntu2204 --generate-ssh-keys",
    );
    let ran = r.run_text(
        1,
        "az backup protection enable-for-vm --resource-group myResourceGroup --vault-name myRecoveryServicesVault --vm farVM --policy-name DefaultPolicy",
    );
    let last = ran.records.last().expect("ran");
    assert_eq!(last.code.as_deref(), Some("CliError"));
    assert_eq!(
        last.message,
        "The VM should be in the same location as that of the Recovery Services vault to enable protection."
    );
    assert_eq!(rsv(&r).items.len(), 1);
}

#[test]
fn backup_commands_take_azs_type_flags_and_backup_now_its_item_alone() {
    // azure-cli backup `_params.py`: `--backup-management-type` and `--workload-type` on
    // backup-now, disable, recoverypoint list|show and item list; `custom_base.py` `backup_now`:
    // `container_name=None`.
    let mut r = common::session(SETUP);
    let now = "az backup protection backup-now --resource-group myResourceGroup --vault-name myRecoveryServicesVault --item-name myVM --backup-management-type AzureIaaSVM --workload-type VM";
    common::run_ok(&mut r, now);
    let points = "az backup recoverypoint list --resource-group myResourceGroup --vault-name myRecoveryServicesVault --container-name myVM --item-name myVM --backup-management-type AzureIaasVM";
    assert!(!common::run_ok(&mut r, points).output.is_empty());
    assert_eq!(rsv(&r).items["myVM"].points.len(), 2);
    let files = "az backup item list --resource-group myResourceGroup --vault-name myRecoveryServicesVault --backup-management-type AzureStorage";
    let e = keyfall_core::parse_line(files).expect_err("refused");
    assert_eq!(e.column, files.find("AzureStorage").expect("there") + 1);
    common::holds(&e.message, "Keyfall backs up Azure VMs only");
}
