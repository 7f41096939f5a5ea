//! Names compare without case, as Azure's do: resource and resource group names ("Always
//! perform a case-insensitive comparison of names", Learn's naming rules for Azure resources)
//! and Key Vault's object names ("should always be compared as case-insensitive strings",
//! Learn's "About keys, secrets, and certificates"). The world keeps the spelling a resource was
//! created with, and that is what az prints.

use keyfall_core::Runner;

mod common;

/// What `text` printed, asserting that it ran.
#[track_caller]
fn ok(r: &mut Runner, text: &str) -> String {
    common::run_ok(r, text).output.join("\n")
}

fn refused(r: &mut Runner, text: &str) -> String {
    let ran = r.run_text(1, text);
    let last = ran.records.last().expect("ran");
    assert!(!last.ok, "{text} ran: {}", last.outcome());
    last.outcome()
}

#[test]
fn vaults_keys_and_secrets_are_found_in_any_case_and_keep_their_spelling() {
    let mut r = common::session(
        "az group create -n myRG -l eastus
         az keyvault create -n MyVault -g MYRG --enable-rbac-authorization false",
    );
    // The vault and its group keep their first spelling.
    for (line, printed) in [
        ("az keyvault show -n myvault --query name -o tsv", "MyVault"),
        (
            "az keyvault show -n MYVAULT --query resourceGroup -o tsv",
            "myRG",
        ),
    ] {
        assert_eq!(ok(&mut r, line), printed, "{line}");
    }
    // Another spelling of the key is the same key: a new version, not a second key.
    ok(
        &mut r,
        "az keyvault key create --vault-name myvault -n MyKek
         az keyvault key create --vault-name MYVAULT -n mykek",
    );
    let world = r.world();
    let vault = world.vault("MyVault").expect("vault");
    assert_eq!(vault.keys.len(), 1);
    assert_eq!(vault.keys["MyKek"].versions.len(), 2);
    // A download finds the key in any case too.
    ok(
        &mut r,
        "az keyvault key download --vault-name MYVAULT -n mykek -f kek.pem",
    );
    let kid = ok(
        &mut r,
        "az keyvault key show --vault-name myvault -n MYKEK --query key.kid -o tsv",
    );
    assert!(
        kid.starts_with("https://MyVault.vault.azure.net/keys/MyKek/"),
        "{kid}"
    );
    ok(
        &mut r,
        "az keyvault secret set --vault-name myvault -n Pass --value x",
    );
    assert_eq!(
        ok(
            &mut r,
            "az keyvault secret show --vault-name MyVault -n PASS --query value -o tsv"
        ),
        "x"
    );
    ok(
        &mut r,
        "az keyvault secret delete --vault-name myvault -n pass",
    );
    ok(
        &mut r,
        "az keyvault secret recover --vault-name myvault -n PASS",
    );
    assert!(
        r.world().vault("MyVault").expect("vault").secrets["Pass"]
            .deleted
            .is_none()
    );
    // A name nothing holds in any case is still not found.
    assert!(
        refused(&mut r, "az keyvault key show --vault-name myvault -n other").contains("other")
    );
}

#[test]
fn vms_disk_encryption_sets_and_backup_vaults_are_found_in_any_case() {
    let (mut r, url) = common::cmk_session("eastus");
    ok(
        &mut r,
        &format!(
            "az disk-encryption-set create -n MyDES -g RG -l eastus --source-vault KV --key-url {url}"
        ),
    );
    let des = ok(
        &mut r,
        "az disk-encryption-set show -n mydes -g rg --query name -o tsv",
    );
    assert_eq!(des, "MyDES");
    ok(
        &mut r,
        "az keyvault set-policy -n KV --spn mydes --key-permissions get wrapKey unwrapKey",
    );
    ok(
        &mut r,
        "az vm create -g rg -n myVM --image Ubuntu2204 --os-disk-encryption-set MYDES",
    );
    assert_eq!(
        r.world()
            .vm("myVM")
            .and_then(|v| v.cmk.as_ref())
            .map(|c| c.des.as_str()),
        Some("MyDES")
    );
    // The disk too: `az disk show` finds it in any case and prints its own name.
    let disk = ok(
        &mut r,
        "az vm show -g rg -n myvm --query storageProfile.osDisk.name -o tsv",
    );
    let shown = ok(
        &mut r,
        &format!(
            "az disk show -g rg -n {} --query name -o tsv",
            disk.to_ascii_uppercase()
        ),
    );
    assert_eq!(shown, disk);
    ok(&mut r, "az vm deallocate -g RG -n MYVM");
    ok(&mut r, "az vm start -g rg -n myvm");
    assert_eq!(r.world().vms().count(), 1);
    ok(&mut r, "az backup vault create -n MyRSV -g rg -l eastus");
    ok(
        &mut r,
        "az backup protection enable-for-vm --vault-name myrsv -g rg --vm MYVM --policy-name DefaultPolicy",
    );
    let rsv = r.world().recovery_vaults().next().expect("rsv");
    assert_eq!(rsv.name, "MyRSV");
    assert_eq!(rsv.items.keys().collect::<Vec<_>>(), ["myVM"]);
    ok(
        &mut r,
        "az backup protection backup-now --vault-name MYRSV -g rg --container-name MyVm --item-name MYvm",
    );
    let n = ok(
        &mut r,
        "az backup recoverypoint list --vault-name myrsv -g rg --container-name myvm --item-name myvm --query \"length(@)\" -o tsv",
    );
    assert_eq!(n, "1");
}
