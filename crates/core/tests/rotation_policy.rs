//! R34: a key's rotation policy as Key Vault takes it (`az keyvault key rotation-policy
//! update --value JSON`, `show`), its minimums, the rotation it schedules (`KeyRotateIfDue`) and
//! the expiry (`expiryTime`) it stamps on the versions rotations make.

use keyfall_core::{Runner, SimTime};

const SETUP: &str = "
az keyvault create --name kv --resource-group rg --location westeurope --enable-rbac-authorization false
az keyvault key create --vault-name kv --name k1 --kty RSA
";

fn runner() -> Runner {
    let mut r = Runner::new(1);
    let ran = r.run_text(1, SETUP);
    assert_eq!(ran.error, None);
    assert!(ran.records.iter().all(|x| x.ok), "setup failed");
    r
}

/// Runs `text`; the last record's (ok, code, output joined).
fn run(r: &mut Runner, text: &str) -> (bool, Option<String>, String) {
    let ran = r.run_text(100, text);
    if let Some(e) = ran.error {
        return (false, Some("ParseError".into()), e.message);
    }
    let last = ran.records.last().expect("a record");
    (
        last.ok,
        last.code.clone(),
        last.output.join("\n") + &last.outcome(),
    )
}

fn policy(json: &str) -> String {
    format!("az keyvault key rotation-policy update --vault-name kv --name k1 --value '{json}'")
}

/// A runner whose key `k1` has the policy `json`.
fn with_policy(json: &str) -> Runner {
    let mut r = runner();
    let (ok, _, out) = run(&mut r, &policy(json));
    assert!(ok, "{out}");
    r
}

/// Advances the clock `days` days; how many versions the key then has.
fn advance(r: &mut Runner, days: u32) -> usize {
    assert!(run(r, &format!("sim advance {days}d")).0);
    versions(r).len()
}

fn versions(r: &Runner) -> Vec<keyfall_core::KeyVersion> {
    r.world().vault("kv").expect("kv").keys["k1"]
        .versions
        .clone()
}

#[test]
fn r34_learns_example_policy_pasted_over_lines_runs_and_shows_back() {
    let mut r = runner();
    // The key-rotation page's block, with the JSON over several lines.
    let ran = r.run_text(
        10,
        r#"az keyvault key rotation-policy update --vault-name kv --name k1 --value '{
  "lifetimeActions": [
    { "trigger": { "timeAfterCreate": "P18M", "timeBeforeExpiry": null },
      "action": { "type": "Rotate" } },
    { "trigger": { "timeBeforeExpiry": "P30D" }, "action": { "type": "Notify" } }
  ],
  "attributes": { "expiryTime": "P2Y" }
}'
az keyvault key rotation-policy show --vault-name kv --name k1 -o json"#,
    );
    assert_eq!(ran.error, None);
    assert!(ran.records.iter().all(|x| x.ok));
    let shown: serde_json::Value =
        serde_json::from_str(&ran.records[1].output.join("\n")).expect("json");
    // az prints the SDK's flat KeyRotationPolicy (azure-cli test_keyvault_key_rotation).
    assert_eq!(
        shown["id"],
        "https://kv.vault.azure.net/keys/k1/rotationpolicy"
    );
    assert_eq!(shown["expiresIn"], "P2Y");
    assert_eq!(shown["lifetimeActions"][0]["action"], "Rotate");
    assert_eq!(shown["lifetimeActions"][0]["timeAfterCreate"], "P18M");
    assert_eq!(shown["lifetimeActions"][1]["action"], "Notify");
    assert_eq!(shown["lifetimeActions"][1]["timeBeforeExpiry"], "P30D");
    assert_eq!(shown["createdOn"], shown["updatedOn"]);
}

#[test]
fn r34_show_without_a_policy_gives_key_vaults_default() {
    let mut r = runner();
    let (ok, _, out) = run(
        &mut r,
        "az keyvault key rotation-policy show --vault-name kv --name k1 --query lifetimeActions[0].timeBeforeExpiry -o tsv",
    );
    assert!(ok);
    assert!(out.starts_with("P30D"), "{out}");
}

#[test]
fn r34_key_vaults_minimums_are_bad_parameter() {
    let mut r = runner();
    for (json, why) in [
        (
            r#"{"lifetimeActions":[],"attributes":{"expiryTime":"P27D"}}"#,
            "28 days",
        ),
        (
            r#"{"lifetimeActions":[{"trigger":{"timeAfterCreate":"P6D"},"action":{"type":"Rotate"}}]}"#,
            "7 days",
        ),
        (
            r#"{"lifetimeActions":[{"trigger":{"timeBeforeExpiry":"P30D"},"action":{"type":"Rotate"}}]}"#,
            "expiryTime",
        ),
        (
            r#"{"lifetimeActions":[{"trigger":{"timeAfterCreate":"P25D"},"action":{"type":"Rotate"}}],"attributes":{"expiryTime":"P1M"}}"#,
            "7 days before",
        ),
        (
            r#"{"lifetimeActions":[{"trigger":{"timeBeforeExpiry":"P25D"},"action":{"type":"Rotate"}}],"attributes":{"expiryTime":"P30D"}}"#,
            "at least 7 days",
        ),
    ] {
        let (ok, code, out) = run(&mut r, &policy(json));
        assert!(!ok, "{json} was accepted");
        assert_eq!(code.as_deref(), Some("BadParameter"), "{json}: {out}");
        assert!(out.contains(why), "{json}: {out}");
    }
    // A month of 28 days does not reach 28 days from 31 January? It does: Feb has 28 days.
    let (ok, _, out) = run(
        &mut r,
        &policy(r#"{"lifetimeActions":[],"attributes":{"expiryTime":"P1M"}}"#),
    );
    assert!(ok, "{out}");
}

#[test]
fn r34_az_refuses_files_and_bad_json_before_any_call() {
    let mut r = runner();
    for (value, why) in [
        ("@policy.json", "no file system"),
        ("policy.json", "no file system"),
        ("{oops", "Failed to parse string as JSON"),
        ("{}", "Please specify a valid policy"),
    ] {
        let (ok, code, out) = run(
            &mut r,
            &format!(
                "az keyvault key rotation-policy update --vault-name kv --name k1 --value '{value}'"
            ),
        );
        assert!(!ok);
        assert_eq!(code.as_deref(), Some("ParseError"), "{value}");
        assert!(out.contains(why), "{value}: {out}");
    }
}

#[test]
fn r34_policy_rotates_after_create_and_stamps_expiry_on_the_calendar() {
    let mut r = with_policy(
        r#"{"lifetime_actions":[{"trigger":{"time_after_create":"P1M"},"action":{"type":"rotate"}}],"attributes":{"expiry_time":"P3M"}}"#,
    );
    // Created 2026-01-01: due 2026-02-01, one calendar month later (31 days), not 30.
    assert_eq!(advance(&mut r, 30), 1);
    assert_eq!(advance(&mut r, 1), 2);
    let v = versions(&r);
    let made = v[1].attributes.created;
    assert_eq!(made.date_string(), "2026-02-01");
    // expiryTime P3M: the new version expires three calendar months after it was made.
    assert_eq!(
        v[1].attributes.exp.map(SimTime::date_string).as_deref(),
        Some("2026-05-01")
    );
    // The rotation is Key Vault's own, audited as KeyRotateIfDue.
    assert!(
        r.world()
            .audit()
            .iter()
            .any(|e| e.operation_name == "KeyRotateIfDue")
    );
    // A manual rotation also stamps the policy's expiry.
    assert!(run(&mut r, "az keyvault key rotate --vault-name kv --name k1").0);
    let v = versions(&r);
    assert_eq!(
        v[2].attributes.exp.map(SimTime::date_string).as_deref(),
        Some("2026-05-01")
    );
}

#[test]
fn r34_policy_rotates_before_expiry() {
    let mut r = with_policy(
        r#"{"lifetimeActions":[{"trigger":{"timeBeforeExpiry":"P10D"},"action":{"type":"Rotate"}}],"attributes":{"expiryTime":"P30D"}}"#,
    );
    // The first version has no expiry, so nothing is due until a rotation gives one.
    assert_eq!(advance(&mut r, 60), 1);
    assert!(run(&mut r, "az keyvault key rotate --vault-name kv --name k1").0);
    // Made on day 60 (2026-03-02), expires 30 days later, rotates 10 days before: day 80.
    assert_eq!(advance(&mut r, 19), 2);
    assert_eq!(advance(&mut r, 1), 3);
    let v = versions(&r);
    assert_eq!(v[2].attributes.created.date_string(), "2026-03-22");
}
