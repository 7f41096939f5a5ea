//! R25 with every public region: a key backup restores within its geography only, whatever
//! region of it, and az's spellings of a location are one region.

use keyfall_core::{Runner, geography};

fn outcome(r: &mut Runner, text: &str) -> (bool, Option<String>) {
    let ran = r.run_text(1, text);
    assert_eq!(ran.error, None, "{text}");
    let last = ran.records.last().expect("ran");
    (last.ok, last.code.clone())
}

/// Runs `text` and asserts it succeeded.
#[track_caller]
fn ok(r: &mut Runner, text: &str) {
    let (ok, code) = outcome(r, text);
    assert!(ok, "{text}: {code:?}");
}

/// Creates key `key` in `vault` and backs it up to the file `<key>.blob`.
fn backup_key(r: &mut Runner, vault: &str, key: &str) {
    ok(
        r,
        &format!("az keyvault key create --vault-name {vault} -n {key}"),
    );
    ok(
        r,
        &format!("az keyvault key backup --vault-name {vault} -n {key} --file {key}.blob"),
    );
}

/// Restores the backup [`backup_key`] made of `key` into `vault`.
fn restore_key(r: &mut Runner, vault: &str, key: &str) -> (bool, Option<String>) {
    outcome(
        r,
        &format!("az keyvault key restore --vault-name {vault} --file {key}.blob"),
    )
}

#[test]
fn r25_key_backups_restore_within_any_geography_and_not_across() {
    let mut r = Runner::new(7);
    for (kv, loc) in [
        ("kv-jpe", "japaneast"),
        ("kv-jpw", "Japan West"),
        ("kv-br", "brazilsouth"),
        ("kv-wcus", "WestCentralUS"),
        ("kv-eus", "eastus"),
    ] {
        let line = format!(
            "az keyvault create -n {kv} -g rg -l \"{loc}\" --enable-rbac-authorization false"
        );
        ok(&mut r, &line);
    }
    backup_key(&mut r, "kv-jpe", "k");
    // Japan East to Japan West: one geography.
    assert_eq!(restore_key(&mut r, "kv-jpw", "k"), (true, None));
    // Japan to Brazil: refused, as Azure refuses a blob from another geography.
    assert_eq!(
        restore_key(&mut r, "kv-br", "k"),
        (false, Some("BackupBlobInvalid".to_owned()))
    );
    // The first three geographies keep working: West Central US and East US are one.
    backup_key(&mut r, "kv-wcus", "u");
    assert_eq!(restore_key(&mut r, "kv-eus", "u"), (true, None));
}

#[test]
fn locations_resolve_as_az_spells_them() {
    assert_eq!(geography("East US"), Some("United States"));
    assert_eq!(geography("EastUS"), Some("United States"));
    assert_eq!(geography("westcentralus"), Some("United States"));
    assert_eq!(geography("eastus2"), Some("United States"));
    assert_eq!(geography("atlantis"), None);
    let mut r = Runner::new(1);
    let (ok, code) = outcome(&mut r, "az keyvault create -n kv -g rg -l atlantis");
    assert!(!ok);
    assert_eq!(code.as_deref(), Some("BadParameter"));
}
