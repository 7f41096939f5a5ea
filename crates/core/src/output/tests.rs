use serde_json::json;

use super::*;
use crate::run::Runner;

fn block(text: &str) -> (Runner, crate::run::Ran) {
    let mut r = Runner::new(1);
    let ran = r.run_text(1, text);
    (r, ran)
}

const SETUP: &str = "\
az keyvault create --name kv --resource-group rg --location westeurope --retention-days 7 --enable-rbac-authorization false
az keyvault key create --vault-name kv --name kek
az keyvault secret set --vault-name kv --name s1 --value hunter2 --content-type text/plain
";

fn last_output(text: &str) -> Vec<String> {
    let (_, ran) = block(&format!("{SETUP}{text}"));
    assert_eq!(ran.error, None, "{text}");
    let last = ran.records.last().expect("ran");
    assert!(last.ok, "{text}: {}", last.outcome());
    last.output.clone()
}

/// What az printed for `text` (after the setup), read as JSON.
fn last_json(text: &str) -> Value {
    serde_json::from_str(&last_output(text).join("\n")).expect("json")
}

#[test]
fn vault_json_has_azs_names_and_the_worlds_values() {
    let out = last_output("az keyvault show --name kv").join("\n");
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        v["id"],
        "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"
    );
    assert_eq!(v["properties"]["enableRbacAuthorization"], false);
    assert_eq!(v["properties"]["enableSoftDelete"], true);
    assert_eq!(v["properties"]["softDeleteRetentionInDays"], 7);
    assert_eq!(v["properties"]["enablePurgeProtection"], Value::Null);
    assert_eq!(v["properties"]["vaultUri"], "https://kv.vault.azure.net/");
    // The creator's access policy, by object id.
    let keys = v["properties"]["accessPolicies"][0]["permissions"]["keys"].as_array();
    assert!(keys.is_some_and(|k| !k.is_empty()), "{out}");
    // Sorted keys, two-space indents, as knack's json.dumps(sort_keys=True, indent=2).
    assert!(out.starts_with("{\n  \"id\": "), "{out}");
}

#[test]
fn query_id_tsv_prints_the_bare_value() {
    assert_eq!(
        last_output("az keyvault show --name kv --query id -o tsv"),
        vec![
            "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"
        ]
    );
    let kid = last_output("az keyvault key show --vault-name kv --name kek --query key.kid -o tsv");
    assert_eq!(kid.len(), 1);
    assert!(
        kid[0].starts_with("https://kv.vault.azure.net/keys/kek/"),
        "{kid:?}"
    );
    assert_eq!(
        kid[0].len(),
        "https://kv.vault.azure.net/keys/kek/".len() + 32
    );
}

#[test]
fn full_jmespath_against_real_output() {
    // Filters, projections, functions, multiselect.
    assert_eq!(
        last_output(
            "az keyvault secret list --vault-name kv --query \"[?contentType=='text/plain'].name\" -o tsv"
        ),
        vec!["s1"]
    );
    assert_eq!(
        last_output(
            "az keyvault secret show --vault-name kv --name s1 --query \"[value, attributes.enabled]\" -o tsv"
        ),
        // A list is rows: one value per line (knack's tsv), a bare boolean in lower case.
        vec!["hunter2", "true"]
    );
    assert_eq!(
        last_output("az keyvault list --query \"length([])\" -o tsv"),
        vec!["1"]
    );
    assert_eq!(
        last_output(
            "az keyvault key show --vault-name kv --name kek --query \"{kty: key.kty, level: attributes.recoveryLevel}\""
        ),
        vec![
            "{",
            "  \"kty\": \"RSA\",",
            "  \"level\": \"CustomizedRecoverable+Purgeable\"",
            "}"
        ]
    );
    // A query that finds nothing prints nothing.
    assert!(last_output("az keyvault show --name kv --query nothing.here").is_empty());
}

#[test]
fn deleted_objects_carry_recovery_id_and_dates() {
    let v = last_json("az keyvault key delete --vault-name kv --name kek");
    assert_eq!(
        v["recoveryId"],
        "https://kv.vault.azure.net/deletedkeys/kek"
    );
    assert_eq!(v["deletedDate"], "2026-01-01T00:00:00+00:00");
    assert_eq!(v["scheduledPurgeDate"], "2026-01-08T00:00:00+00:00");
    assert_eq!(v["attributes"]["recoverableDays"], 7);
}

#[test]
fn output_formats() {
    let tsv = last_output(
        "az keyvault secret show --vault-name kv --name s1 --query \"{a: name, b: value, c: attributes}\" -o tsv",
    );
    // An object's values in key order; a nested object prints as nothing.
    assert_eq!(tsv, vec!["s1\thunter2\t"]);
    let table = last_output("az keyvault list -o table");
    assert_eq!(table[0], "Location    Name    ResourceGroup");
    assert_eq!(table[1], "----------  ------  ---------------");
    assert_eq!(table[2], "westeurope  kv      rg");
    assert!(last_output("az keyvault show -n kv -o none").is_empty());
    let yaml = last_output("az keyvault show -n kv -o yaml");
    assert!(yaml.contains(&"name: kv".to_owned()), "{yaml:?}");
    assert!(
        yaml.contains(&"  enableSoftDelete: true".to_owned()),
        "{yaml:?}"
    );
    assert!(
        yaml.contains(&"  - get".to_owned()) || yaml.iter().any(|l| l.trim() == "- get"),
        "{yaml:?}"
    );
}

#[test]
fn json_is_written_as_pythons_json_dumps() {
    let v = json!({"b": [1, {"c": "x\"y\n"}], "a": {}, "d": [], "e": null, "f": "é"});
    let mut out = String::new();
    json_into(&mut out, &v, 0);
    assert_eq!(out, serde_json::to_string_pretty(&v).expect("serialises"));
}

#[test]
fn tsv_rules() {
    assert_eq!(tsv(&json!("x")), "x\n");
    assert_eq!(tsv(&json!(["a", "b"])), "a\nb\n");
    assert_eq!(tsv(&json!(true)), "true\n");
    assert_eq!(
        tsv(&json!({"b": 2, "a": [1, 2, 3], "c": null})),
        "3\t2\tNone\n"
    );
    assert_eq!(tsv(&json!([["a", 1], ["b", 2]])), "a\t1\nb\t2\n");
}

#[test]
fn yaml_rules() {
    assert_eq!(
        yaml(
            &json!({"b": [], "a": "2026-01-01T00:00:00+00:00", "c": [{"x": 1, "y": "yes"}], "d": {"e": null}})
        ),
        "a: '2026-01-01T00:00:00+00:00'\nb: []\nc:\n- x: 1\n  y: 'yes'\nd:\n  e: null\n"
    );
}

#[test]
fn global_arguments_are_checked_like_az() {
    let (_, ran) = block("az keyvault list -o xml");
    let e = ran.error.expect("refused");
    assert_eq!((e.line, e.column), (1, 18));
    assert!(e.message.contains("invalid choice: 'xml'"), "{}", e.message);
    let (_, ran) = block("az keyvault list --query \"[?\"");
    let e = ran.error.expect("refused");
    assert_eq!(e.column, 18);
    assert!(e.message.contains("--query"), "{}", e.message);
    let (_, ran) = block("az keyvault list --output");
    assert!(
        ran.error
            .expect("refused")
            .message
            .contains("expected one argument")
    );
    // --only-show-errors is accepted and dropped.
    let (_, ran) = block("az keyvault list --only-show-errors -o tsv");
    assert_eq!(ran.error, None);
}

#[test]
fn a_role_assignment_prints_what_keyfall_holds_of_it() {
    let (_, ran) = block(
        "az keyvault create -n kv -g rg -l westeurope\naz ad sp create-for-rbac --name app\n\
         az role assignment create --assignee app --role \"Key Vault Crypto User\" --scope kv",
    );
    assert_eq!(ran.error, None);
    let last = ran.records.last().expect("ran");
    assert!(last.ok, "{}", last.outcome());
    let v: Value = serde_json::from_str(&last.output.join("\n")).expect("json");
    assert_eq!(
        v["scope"],
        "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"
    );
    assert_eq!(v["principalType"], "ServicePrincipal");
    assert!(v["principalId"].as_str().is_some_and(|s| !s.is_empty()));
}

#[test]
fn encryption_show_prints_azs_legacy_summary_for_a_dual_pass_vm() {
    // azure-cli `show_vm_encryption_status`: a VM the legacy flow encrypted gets az's older
    // summary (`osDisk`, `dataDisk`, `osType`, the model's `osDiskEncryptionSettings`), not the
    // single-pass flow's `disks`.
    let legacy = "\
az keyvault update --name kv --enabled-for-disk-encryption true
az ad sp create-for-rbac --name app
az keyvault set-policy --name kv --spn app --key-permissions wrapKey --secret-permissions set
az vm create --name vm1 --resource-group rg --location westeurope --image Ubuntu2204
az vm encryption enable --name vm1 --resource-group rg --disk-encryption-keyvault kv --key-encryption-key kek --volume-type ALL --aad-client-id app --aad-client-secret x
";
    let v = last_json(&format!(
        "{legacy}az vm encryption show --name vm1 --resource-group rg"
    ));
    assert_eq!(v["osType"], "Linux");
    assert_eq!(v["osDisk"], "Encrypted");
    assert_eq!(v["dataDisk"], "NotMounted");
    let settings = &v["osDiskEncryptionSettings"];
    assert_eq!(settings["enabled"], true);
    let url = settings["diskEncryptionKey"]["secretUrl"]
        .as_str()
        .expect("a URL");
    assert!(
        url.starts_with("https://kv.vault.azure.net/secrets/"),
        "{url}"
    );
    assert!(v.get("disks").is_none(), "{v}");

    // Disabled (Windows: Linux cannot disable its OS volume), the model keeps `enabled: false`.
    let windows = legacy.replace("Ubuntu2204", "Win2019Datacenter --admin-password x");
    let v = last_json(&format!(
        "{windows}az vm encryption disable --name vm1 --resource-group rg\naz vm encryption show --name vm1 --resource-group rg"
    ));
    assert_eq!(v["osType"], "Windows");
    assert_eq!(v["osDisk"], "Unknown");
    assert_eq!(v["osDiskEncryptionSettings"], json!({ "enabled": false }));
}

#[test]
fn secret_set_tags_the_values_encoding_as_az_does() {
    // azure-cli `process_secret_set_namespace`: `tags.update({'file-encoding': encoding})`, utf-8
    // for `--value`, over a tag of the same name.
    let v = last_json("az keyvault secret show --vault-name kv --name s1");
    assert_eq!(v["tags"], json!({ "file-encoding": "utf-8" }));
    let v = last_json(
        "az keyvault secret set --vault-name kv --name s2 --value x --tags team=pay file-encoding=ascii",
    );
    assert_eq!(
        v["tags"],
        json!({ "file-encoding": "utf-8", "team": "pay" })
    );
}

#[test]
fn disk_grant_access_prints_accesssas_as_todays_az_does() {
    // azure-cli `vm/aaz/latest/disk/_grant_access.py`: `serialized_name="accessSAS"`. The older
    // spelling `accessSas` (older az, older copies of Learn's script) finds nothing.
    let disk = "az disk create --name d1 --resource-group rg --location westeurope --upload-type Upload --upload-size-bytes 136365212160 --os-type Windows\n";
    let grant = "az disk grant-access --name d1 --resource-group rg --access-level Write --duration-in-seconds 3600";
    let v = last_json(&format!("{disk}{grant}"));
    let url = v["accessSAS"].as_str().expect("accessSAS");
    assert!(url.starts_with("https://"), "{url}");
    assert!(v.get("accessSas").is_none(), "{v}");
    let old = last_output(&format!("{disk}{grant} --query accessSas -o tsv"));
    assert!(old.iter().all(|l| l.is_empty()), "{old:?}");
}

#[test]
fn secret_commands_other_than_set_and_show_print_a_null_value() {
    // azure-cli keyvault `_transformers.py`: `transform_secret_set_attributes` and
    // `transform_secret_show_deleted` put `"value": None` in what they print.
    let shown = last_json("az keyvault secret show --vault-name kv --name s1");
    assert_eq!(shown["value"], "hunter2");
    let set =
        last_json("az keyvault secret set-attributes --vault-name kv --name s1 --enabled true");
    let obj = set.as_object().expect("an object");
    assert_eq!(obj.get("value"), Some(&Value::Null), "{set}");
    let deleted = last_json("az keyvault secret delete --vault-name kv --name s1");
    assert_eq!(
        deleted.as_object().and_then(|o| o.get("value")),
        Some(&Value::Null)
    );
}

#[test]
fn restore_prints_what_it_restored() {
    // azure-cli keyvault `commands.py`: `restore` of a key is transformed by
    // `transform_key_output`, of a secret by `transform_secret_set_attributes`.
    let key = last_json(
        "az keyvault key backup --vault-name kv --name kek --file kek.blob
az keyvault key delete --vault-name kv --name kek
az keyvault key purge --vault-name kv --name kek
az keyvault key restore --vault-name kv --file kek.blob",
    );
    assert!(
        key["key"]["kid"]
            .as_str()
            .is_some_and(|k| k.starts_with("https://kv.vault.azure.net/keys/kek/")),
        "{key}"
    );
    let secret = last_json(
        "az keyvault secret backup --vault-name kv --name s1 --file s1.blob
az keyvault secret delete --vault-name kv --name s1
az keyvault secret purge --vault-name kv --name s1
az keyvault secret restore --vault-name kv --file s1.blob -o json",
    );
    assert_eq!(secret["name"], "s1", "{secret}");
    assert_eq!(secret["contentType"], "text/plain");
    assert_eq!(
        secret.as_object().and_then(|o| o.get("value")),
        Some(&Value::Null)
    );
}
