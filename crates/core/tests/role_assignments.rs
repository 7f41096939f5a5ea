//! R11: `az role assignment create|list|delete` as az takes them: `--role` by name, GUID or
//! definition id, `--assignee` or `--assignee-object-id`, `--scope` by ARM id; `list` printing
//! az's JSON.

mod common;

const SETUP: &str = r#"
az keyvault create -n kv -g rg -l westeurope
kvId=$(az keyvault show -n kv --query id -o tsv)
subId=$(az account show --query id -o tsv)
"#;

#[test]
fn r11_role_by_name_guid_or_definition_id_and_list_prints_azs_json() {
    let mut r = common::session(SETUP);
    // Key Vault Crypto Officer by its GUID, on the vault by ARM id.
    let made = common::run_json(
        &mut r,
        "az role assignment create --role 14b46e9e-c2b7-41b4-b07b-48a6ebf60603 --assignee admin@contoso.com --scope $kvId",
    );
    assert_eq!(
        made["roleDefinitionId"],
        "/subscriptions/00000000-0000-4000-8000-000000000001/providers/Microsoft.Authorization/roleDefinitions/14b46e9e-c2b7-41b4-b07b-48a6ebf60603"
    );
    let oid = made["principalId"]
        .as_str()
        .expect("principalId")
        .to_owned();
    // Key Vault Reader by its definition id, on the resource group, by object id.
    common::run_ok(
        &mut r,
        &format!(
            "az role assignment create --role /subscriptions/$subId/providers/Microsoft.Authorization/roleDefinitions/21090545-7ca7-4776-b22c-e363652d74d2 --assignee-object-id {oid} --assignee-principal-type User --scope /subscriptions/$subId/resourceGroups/rg"
        ),
    );
    let all = common::run_json(
        &mut r,
        "az role assignment list --assignee admin@contoso.com --all",
    );
    let names: Vec<&str> = all
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|a| a["roleDefinitionName"].as_str())
        .collect();
    assert!(names.contains(&"Key Vault Crypto Officer"), "{names:?}");
    assert!(names.contains(&"Key Vault Reader"), "{names:?}");
    let at_vault = common::run_json(&mut r, "az role assignment list --scope $kvId");
    let rows = at_vault.as_array().expect("array");
    assert!(rows.iter().all(|a| {
        a["scope"]
            .as_str()
            .is_some_and(|s| s.ends_with("/vaults/kv"))
    }));
    assert!(
        rows.iter()
            .any(|a| a["principalName"] == "admin@contoso.com"
                && a["principalId"] == oid.as_str()
                && a["principalType"] == "User"
                && a["type"] == "Microsoft.Authorization/roleAssignments")
    );
    // Without --scope or --all: the subscription's own assignments only, none here.
    assert_eq!(
        common::run_json(&mut r, "az role assignment list"),
        serde_json::json!([])
    );
    // Deleted by the role's name, it is gone from the list.
    common::run_ok(
        &mut r,
        "az role assignment delete --role \"Key Vault Reader\" --assignee admin@contoso.com --scope /subscriptions/$subId/resourceGroups/rg",
    );
    let all = common::run_json(&mut r, "az role assignment list --all");
    assert!(
        all.as_array()
            .expect("array")
            .iter()
            .all(|a| a["roleDefinitionName"] != "Key Vault Reader")
    );
}

#[test]
fn an_assignee_is_required_as_az_says() {
    let mut r = common::session(SETUP);
    let e = r
        .run_text(
            1,
            "az role assignment create --role \"Key Vault Reader\" --scope $kvId",
        )
        .error
        .expect("refused");
    common::holds(&e.message, "--assignee STRING | --assignee-object-id GUID");
}

#[test]
fn r11_deleting_an_assignment_that_is_not_there_stops_in_az() {
    // azure-cli role `delete_role_assignments`: az lists the assignments at the scope and, when
    // none matches, says so before any request: nothing reaches the vault or the Activity log.
    let mut r = common::session(SETUP);
    let (audit, activity) = (r.world().audit().len(), r.world().activity().len());
    for line in [
        "az role assignment delete --role \"Key Vault Reader\" --assignee admin@contoso.com --scope $kvId",
        "az role assignment delete --role \"Key Vault Reader\" --assignee admin@contoso.com --scope /subscriptions/$subId/resourceGroups/rg",
    ] {
        let ran = r.run_text(1, line);
        let last = ran.records.last().expect("ran");
        assert_eq!(last.code.as_deref(), Some("CliError"), "{line}");
        assert_eq!(last.message, "No matched assignments were found to delete");
    }
    assert_eq!(r.world().audit().len(), audit);
    assert_eq!(r.world().activity().len(), activity);
}

#[test]
fn r11_a_group_stands_for_its_scope_and_one_scope_is_enough() {
    // azure-cli role `_build_role_scope`: `-g G` is `/subscriptions/S/resourceGroups/G`; with
    // `--scope` as well it is "redundant"; `list --all` takes neither.
    let mut r = common::session(SETUP);
    common::run_ok(
        &mut r,
        "az role assignment create --role \"Key Vault Reader\" --assignee admin@contoso.com --scope /subscriptions/$subId/resourceGroups/rg",
    );
    let at_group = common::run_json(&mut r, "az role assignment list -g rg");
    let rows = at_group.as_array().expect("array");
    assert_eq!(rows.len(), 1, "{at_group}");
    assert_eq!(rows[0]["roleDefinitionName"], "Key Vault Reader");
    for (line, says) in [
        (
            "az role assignment list -g rg --scope $kvId",
            "Resource group \"rg\" is redundant because scope is supplied",
        ),
        (
            "az role assignment create --role \"Key Vault Reader\" --assignee admin@contoso.com --scope $kvId -g rg",
            "Resource group \"rg\" is redundant because scope is supplied",
        ),
        (
            "az role assignment list -g rg --all",
            "group or scope are not required when --all is used",
        ),
    ] {
        let e = r.run_text(1, line).error.expect("refused");
        common::holds(&e.message, says);
    }
    // The group's assignment goes by -g as well.
    common::run_ok(
        &mut r,
        "az role assignment delete --assignee admin@contoso.com -g rg",
    );
    assert_eq!(
        common::run_json(&mut r, "az role assignment list -g rg"),
        serde_json::json!([])
    );
}
