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
        "/subscriptions/sub1/resourceGroups/myResourceGroup"
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
