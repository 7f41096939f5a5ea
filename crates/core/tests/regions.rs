//! R25 with every public region: a key backup restores within its geography only, whatever
//! region of it, and az's spellings of a location are one region.

use keyfall_core::{Runner, geography};

fn outcome(r: &mut Runner, text: &str) -> (bool, Option<String>) {
    let ran = r.run_text(1, text);
    assert_eq!(ran.error, None, "{text}");
    let last = ran.records.last().expect("ran");
    (last.ok, last.code.clone())
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
        assert!(outcome(&mut r, &line).0, "{line}");
    }
    assert!(outcome(&mut r, "az keyvault key create --vault-name kv-jpe -n k").0);
    assert!(
        outcome(
            &mut r,
            "az keyvault key backup --vault-name kv-jpe -n k --file k.blob"
        )
        .0
    );
    // Japan East to Japan West: one geography.
    assert!(
        outcome(
            &mut r,
            "az keyvault key restore --vault-name kv-jpw --file k.blob"
        )
        .0
    );
    // Japan to Brazil: refused, as Azure refuses a blob from another geography.
    assert_eq!(
        outcome(
            &mut r,
            "az keyvault key restore --vault-name kv-br --file k.blob"
        ),
        (false, Some("BackupBlobInvalid".to_owned()))
    );
    // The first three geographies keep working: West Central US and East US are one.
    assert!(outcome(&mut r, "az keyvault key create --vault-name kv-wcus -n u").0);
    assert!(
        outcome(
            &mut r,
            "az keyvault key backup --vault-name kv-wcus -n u --file u.blob"
        )
        .0
    );
    assert!(
        outcome(
            &mut r,
            "az keyvault key restore --vault-name kv-eus --file u.blob"
        )
        .0
    );
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
