//! `az group create|show|list|delete`: resource groups as Resource Manager keeps them, the ones
//! lessons name without creating, and a vault's location taken from its group.

mod common;

use common::run_json;
use keyfall_core::Runner;

fn run(r: &mut Runner, text: &str) -> (bool, String) {
    let ran = r.run_text(1, text);
    if let Some(e) = ran.error {
        return (false, e.message);
    }
    let last = ran.records.last().expect("ran");
    (last.ok, last.output.join("\n") + &last.outcome())
}

#[test]
fn a_group_is_created_shown_and_listed_as_az_prints_it() {
    let mut r = Runner::new(1);
    let g = run_json(&mut r, "az group create -n myResourceGroup -l \"East US\"");
    assert_eq!(
        g["id"],
        "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/myResourceGroup"
    );
    // Resource Manager keeps the location's name: `East US`, `EastUS` and `eastus` are one.
    assert_eq!(g["location"], "eastus");
    assert_eq!(g["properties"]["provisioningState"], "Succeeded");
    assert_eq!(g["type"], "Microsoft.Resources/resourceGroups");
    assert_eq!(run_json(&mut r, "az group show --name myresourcegroup"), g);
    // Creating it again in the same location is the same PUT; another location is refused.
    assert!(run(&mut r, "az group create -n myResourceGroup -l EastUS").0);
    let (ok, out) = run(&mut r, "az group create -n myResourceGroup -l westeurope");
    assert!(
        !ok && out.contains("already exists in location 'eastus'"),
        "{out}"
    );
    // A vault without --location takes its group's, as az does.
    assert!(run(&mut r, "az keyvault create -n kv1 -g myResourceGroup").0);
    assert_eq!(r.world().vault("kv1").expect("kv1").location, "eastus");
}

#[test]
fn groups_the_lessons_name_without_creating_are_listed() {
    let mut r = Runner::new(1);
    assert!(run(&mut r, "az keyvault create -n kv1 -g rg -l westeurope").0);
    let list = run_json(&mut r, "az group list");
    assert_eq!(list[0]["name"], "rg");
    assert_eq!(list[0]["location"], "westeurope");
}

#[test]
fn a_missing_group_is_not_found_and_a_used_group_is_not_deleted() {
    let mut r = Runner::new(1);
    let (ok, out) = run(&mut r, "az group show -n nope");
    assert!(
        !ok && out.contains("Resource group 'nope' could not be found."),
        "{out}"
    );
    let (ok, out) = run(&mut r, "az keyvault create -n kv1 -g nope");
    assert!(
        !ok && out.contains("Resource group 'nope' could not be found."),
        "{out}"
    );
    assert!(run(&mut r, "az group create -n rg -l westeurope").0);
    assert!(run(&mut r, "az keyvault create -n kv1 -g rg").0);
    let (ok, out) = run(&mut r, "az group delete -n rg --yes");
    assert!(!ok && out.contains("not modelled"), "{out}");
    assert!(run(&mut r, "az group create -n empty -l westeurope").0);
    assert!(run(&mut r, "az group delete -n empty --yes").0);
    assert!(!run(&mut r, "az group show -n empty").0);
}

/// The code and message of the last command of `text`, which must fail.
fn refusal(r: &mut Runner, text: &str) -> (Option<String>, String) {
    let ran = r.run_text(1, text);
    let last = ran.records.last().expect("ran");
    assert!(!last.ok, "{text} ran: {}", last.outcome());
    (last.code.clone(), last.message.clone())
}

#[test]
fn once_a_session_creates_a_group_a_group_never_created_is_not_found() {
    let mut r = Runner::new(1);
    assert!(run(&mut r, "az group create -n myResourceGroup -l eastus").0);
    // Azure: a command naming a group that does not exist is ResourceGroupNotFound (404),
    // whether it creates, shows or lists; a typo in Learn's `-g` is the usual way to meet it.
    for line in [
        "az keyvault create -n kv1 -g myResourceGruop -l eastus",
        "az vm create -g myResourceGruop -n vm1 --image Ubuntu2204",
        "az vm show -g myResourceGruop -n vm1",
        "az keyvault list -g myResourceGruop",
        "az backup vault create -n rsv -g myResourceGruop -l eastus",
        "az disk-encryption-set show -n des -g myResourceGruop",
    ] {
        let (code, message) = refusal(&mut r, line);
        assert_eq!(code.as_deref(), Some("ResourceGroupNotFound"), "{line}");
        assert_eq!(
            message, "Resource group 'myResourceGruop' could not be found.",
            "{line}"
        );
    }
    assert!(r.world().vaults().next().is_none());
    assert!(r.world().vms().next().is_none());
    // The group that exists, in any case, is found.
    assert!(run(&mut r, "az keyvault create -n kv1 -g MYRESOURCEGROUP").0);
    assert_eq!(
        r.world().vault("kv1").expect("kv1").resource_group,
        "myResourceGroup"
    );
    let (code, _) = refusal(&mut r, "az group show -n nope");
    assert_eq!(code.as_deref(), Some("ResourceGroupNotFound"));
}

#[test]
fn a_session_that_never_creates_a_group_keeps_the_lessons_implied_groups() {
    // The built-in lessons and the share links made from them name `rg` without creating it;
    // they replay as they always did (docs/fidelity.md, "Groups are also implicit").
    let mut r = common::session(
        "az keyvault create -n kv1 -g rg -l westeurope
         az vm create -g rg2 -n vm1 -l westeurope --image Ubuntu2204",
    );
    assert_eq!(
        run_json(&mut r, "az group list").as_array().map(Vec::len),
        Some(2)
    );
}

#[test]
fn a_disk_encryption_set_takes_its_groups_location_and_a_backup_vault_must_name_one() {
    let (mut r, url) = common::cmk_session("westeurope");
    // azure-cli vm `operations/disk_encryption_set.py` (an aaz create): `--location` defaults
    // to the group's.
    let des = run_json(
        &mut r,
        &format!("az disk-encryption-set create -n des1 -g rg --source-vault kv --key-url {url}"),
    );
    assert_eq!(des["location"], "westeurope");
    // azure-cli backup `custom.py` `create_vault(client, vault_name, resource_group_name,
    // location, ...)`: `--location` is required.
    let ran = r.run_text(1, "az backup vault create -n rsv -g rg");
    let e = ran.error.expect("refused");
    assert!(
        e.message.contains("missing required flag --location"),
        "{e}"
    );
}
