//! Learn-style bash blocks pasted whole: variables, `$(... --query ... -o tsv)`, comments,
//! continuations, and the first failure stopping the block.

use keyfall_core::{Runner, Scenario};

#[test]
fn a_learn_block_with_a_captured_key_id_runs_end_to_end() {
    // After the ADE quickstart's shape (learn.microsoft.com/azure/virtual-machines/linux/
    // disk-encryption-cli-quickstart), with the key id captured as Learn's key-rotation pages do.
    let block = r#"
# Variables, as the page sets them
export RG="rg"
kv=kv-ade
location=westeurope

az keyvault create --name $kv --resource-group "$RG" --location ${location} \
    --enabled-for-disk-encryption true --enable-rbac-authorization false
az keyvault key create --vault-name "$kv" --name kek
id=$(az keyvault key show --vault-name $kv --name kek --query key.kid -o tsv)
az vm create -n vm1 -g $RG -l $location --image Ubuntu2204
az vm encryption enable -g $RG --name vm1 --disk-encryption-keyvault $kv \
    --key-encryption-key "$id" --volume-type ALL
az vm encryption show --name vm1 -g $RG --query "disks[0].encryptionSettings[0].keyEncryptionKey.keyUrl" -o tsv
"#;
    let mut runner = Runner::new(1);
    let ran = runner.run_text(1, block);
    assert_eq!(ran.error, None);
    for r in &ran.records {
        assert!(r.ok, "line {}: {} -> {}", r.line, r.command, r.outcome());
    }
    let id = runner.env().get("id").expect("id set").to_owned();
    assert!(
        id.starts_with("https://kv-ade.vault.azure.net/keys/kek/"),
        "{id}"
    );
    // The VM's model holds the very key id the block captured.
    let last = ran.records.last().expect("ran");
    assert_eq!(last.output, vec![id.clone()]);
    assert_eq!(
        runner
            .world()
            .vm("vm1")
            .and_then(|v| v.ade.as_ref())
            .and_then(|a| a.kek.as_ref())
            .map(|k| k.url.clone()),
        Some(id)
    );
    // The continuation's command is numbered by the line it starts on.
    assert!(
        ran.records
            .iter()
            .any(|r| r.line == 7 && r.command.starts_with("az keyvault create"))
    );
}

#[test]
fn a_block_stops_at_the_first_failure_unless_an_expectation_follows() {
    let mut runner = Runner::new(1);
    let ran = runner.run_text(
        10,
        "az keyvault key create --vault-name nope --name k\naz keyvault list\n",
    );
    assert_eq!(ran.records.len(), 1);
    assert_eq!(ran.records[0].line, 10);
    assert!(!ran.records[0].ok);

    let ran = runner.run_text(
        1,
        "az keyvault key create --vault-name nope --name k\nsim expect error VaultNotFound\naz keyvault list -o tsv",
    );
    assert_eq!(ran.records.len(), 3, "{:?}", ran.records);
    assert!(ran.records[1].ok && ran.records[2].ok);
}

#[test]
fn a_failed_substitution_stops_the_line_that_uses_it() {
    let mut runner = Runner::new(1);
    let ran = runner.run_text(
        1,
        "id=$(az keyvault show -n nope --query id -o tsv)\naz keyvault list",
    );
    assert_eq!(ran.records.len(), 1);
    assert!(!ran.records[0].ok);
    assert_eq!(runner.env().get("id"), None);
}

#[test]
fn errors_point_at_the_line_and_column_in_the_block() {
    let mut runner = Runner::new(1);
    let ran = runner.run_text(1, "kv=x\naz keyvault show --name $kv \\\n  --nme y");
    let e = ran.error.expect("refused");
    assert_eq!((e.line, e.column), (3, 3), "{e}");
    let ran = runner.run_text(1, "az keyvault show --name $missing");
    let e = ran.error.expect("refused");
    assert_eq!((e.line, e.column), (1, 25));
    let ran = runner.run_text(1, "\n\naz keyvault list | jq .");
    let e = ran.error.expect("refused");
    assert_eq!((e.line, e.column), (3, 18));
}

#[test]
fn replaying_the_same_lines_rebuilds_the_same_variables() {
    let block = "kv=kv1\naz keyvault create -n $kv -g rg -l westeurope\nid=$(az keyvault show -n $kv --query id -o tsv)\n";
    let mut a = Runner::new(7);
    let mut b = Runner::new(7);
    let ra = a.run_text(1, block);
    let rb = b.run_text(1, block);
    assert_eq!(ra, rb);
    assert_eq!(a.env(), b.env());
    assert_eq!(
        a.env().get("id"),
        Some(
            "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1"
        )
    );
}

#[test]
fn a_bare_script_file_keeps_its_continuations_and_variables() {
    let text = "# a saved Learn block\nkv=kv2\naz keyvault create -n $kv \\\n  -g rg -l westeurope\n\nsim expect ok\n";
    let scenario = Scenario::from_text("block.sh", text);
    let lines: Vec<usize> = scenario.steps[0].commands.iter().map(|c| c.line).collect();
    assert_eq!(lines, vec![2, 3, 6]);
    let mut runner = Runner::new(1);
    let records = runner.run_scenario(&scenario, true).expect("runs");
    assert!(records.iter().all(|r| r.ok), "{records:?}");
    assert!(runner.world().vault("kv2").is_some());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    /// Whatever is pasted, the runner answers (records or an error), and never panics.
    #[test]
    fn pasted_text_never_panics(text in "(az keyvault show -n |kv=|\\$\\(|\\$\\{|\\$kv|[a-z$(){}\"'\\\\ \n|;&<>#=`é-]){0,24}") {
        let mut runner = Runner::new(1);
        let _ = runner.run_text(1, &text);
        let _ = runner.run_line(3, 5, &text);
    }
}

/// The vault id `az keyvault show --query id` prints carries the subscription's GUID; passed
/// back as `--disk-encryption-keyvault`, it names the VM's own subscription (az compares them
/// in `process_disk_encryption_namespace`), and `--scope` takes the GUID or the name.
#[test]
fn an_id_az_printed_is_taken_back_with_its_guid() {
    let mut r = Runner::new(1);
    let ran = r.run_text(
        1,
        "az group create -n rg -l westeurope\n\
         az keyvault create -n kv1 -g rg --enabled-for-disk-encryption true\n\
         id=$(az keyvault show -n kv1 --query id -o tsv)\n\
         az vm create -g rg -n vm1 --image Ubuntu2204\n\
         az vm encryption enable -g rg -n vm1 --disk-encryption-keyvault $id\n\
         az role assignment create --assignee admin@contoso.com --role \"Key Vault Reader\" --scope $id\n\
         az role assignment create --assignee admin@contoso.com --role \"Key Vault Reader\" --scope /subscriptions/sub1/resourceGroups/rg\n",
    );
    assert_eq!(ran.error, None);
    for rec in &ran.records {
        assert!(rec.ok, "{}: {}", rec.command, rec.outcome());
    }
    let guid = "/subscriptions/00000000-0000-4000-8000-000000000001";
    assert_eq!(
        r.env().get("id"),
        Some(format!("{guid}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1").as_str())
    );
    let assigned: Vec<serde_json::Value> = ran
        .records
        .iter()
        .filter(|rec| rec.command.starts_with("az role assignment create"))
        .map(|rec| serde_json::from_str(&rec.output.join("\n")).expect("json"))
        .collect();
    let scope = |i: usize| assigned[i]["scope"].clone();
    assert_eq!(
        scope(0),
        format!("{guid}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1")
    );
    assert_eq!(scope(1), format!("{guid}/resourceGroups/rg"));
    let ade = r
        .world()
        .vm("vm1")
        .and_then(|v| v.ade.clone())
        .expect("encrypted");
    assert!(ade.source_vault.starts_with(guid), "{}", ade.source_vault);
}
