//! `az account show|list`, the subscription's GUID, and `--subscription` wherever az takes it
//! (Learn's Key Vault recovery page gives it to every command).

mod common;

use common::run_json;
use keyfall_core::Runner;

#[test]
fn account_show_and_list_print_the_subscription_as_az_does() {
    let mut r = Runner::new(1);
    let shown = run_json(&mut r, "az account show");
    assert_eq!(shown["id"], "00000000-0000-4000-8000-000000000001");
    assert_eq!(shown["name"], "sub1");
    assert_eq!(shown["isDefault"], true);
    assert_eq!(shown["user"]["name"], "admin@contoso.com");
    assert_eq!(shown["user"]["type"], "user");
    assert!(shown["tenantId"].as_str().is_some_and(|t| t.len() == 36));
    let listed = run_json(&mut r, "az account list");
    assert_eq!(listed, serde_json::Value::Array(vec![shown]));
}

#[test]
fn the_subscription_by_guid_or_name_is_accepted_and_another_is_not() {
    let mut r = Runner::new(1);
    let ran = r.run_text(
        1,
        "subscriptionId=$(az account show --query id -o tsv)
az keyvault create --subscription $subscriptionId -g ContosoRG -n ContosoVault -l westeurope --enable-rbac-authorization false
az keyvault show --subscription $subscriptionId -g ContosoRG -n ContosoVault
az keyvault key create --subscription sub1 --vault-name ContosoVault --name k
az keyvault key delete --subscription $subscriptionId --vault-name ContosoVault --name k
az keyvault key list-deleted --subscription $subscriptionId --vault-name ContosoVault
az account set --subscription $subscriptionId
az role assignment create --role \"Key Vault Reader\" --assignee admin@contoso.com --scope /subscriptions/$subscriptionId/resourceGroups/ContosoRG
az keyvault delete --subscription $subscriptionId -g ContosoRG -n ContosoVault
az keyvault list-deleted --subscription $subscriptionId --resource-type vault
az keyvault recover --subscription $subscriptionId -n ContosoVault",
    );
    assert_eq!(ran.error, None);
    for r in &ran.records {
        assert!(r.ok, "line {}: {} -> {}", r.line, r.command, r.outcome());
    }
    let ran = r.run_text(1, "az keyvault show --subscription other -n ContosoVault");
    let e = ran.error.expect("refused");
    common::holds(&e.message, "Subscription 'other' not found");
}

#[test]
fn list_deleted_takes_az_resource_types() {
    let mut r = Runner::new(1);
    assert_eq!(
        run_json(&mut r, "az keyvault list-deleted --resource-type vault"),
        serde_json::json!([])
    );
    let e = r
        .run_text(1, "az keyvault list-deleted --resource-type hsm")
        .error
        .expect("refused");
    common::holds(&e.message, "Managed HSM is not modelled");
}
