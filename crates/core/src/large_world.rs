//! The large world of DESIGN.md's budgets: 10 VMs, 50 keys and 100 recovery points.
//!
//! It is generated as a script in the command language rather than built through private
//! fields, so it doubles as a test fixture for the parser and the world, and anyone can print it
//! (`large_world_script()`) and replay it in the CLI or the console.

use crate::lang::parse_script;
use crate::world::World;

/// VMs encrypted with ADE, by region; each has its own KEK in its region's ADE vault.
const ADE_VMS: [(&str, &str, &[u32]); 2] = [
    ("westeurope", "we", &[1, 2, 3, 4]),
    ("eastus", "us", &[5, 6, 7, 8]),
];
/// VMs whose OS disk uses SSE with a customer-managed key through `des1` (westeurope).
const CMK_VMS: [u32; 2] = [9, 10];
/// Application keys in the two app vaults; with 8 KEKs and the CMK that makes 50 keys.
const APP_KEYS: u32 = 41;
/// Application secrets in the two app vaults (besides the 8 BEK secrets ADE makes).
const APP_SECRETS: u32 = 10;
/// Service principals that read the app secrets.
const APPS: u32 = 3;
/// Days of scheduled backups (one recovery point per VM per day at 22:00); a `backup-now` per VM
/// after them makes the tenth point, so 10 VMs give 100 recovery points.
const BACKUP_DAYS: u32 = 9;

/// The seed [`large_world`] uses.
pub const LARGE_WORLD_SEED: u64 = 2026;

/// The large world as a script: several key vaults with access policies for apps and Azure
/// Backup, 8 ADE VMs with KEKs (one KEK rotated and ADE re-run, so it has two versions), 2 VMs with
/// customer-managed keys through a Disk Encryption Set, 50 keys, 18 secrets, and 100 recovery
/// points made by the daily backup policy (`sim advance`) and `backup-now`.
///
/// Every command in it succeeds; [`large_world`] checks that.
pub fn large_world_script() -> String {
    let mut s = String::from(
        "# Keyfall's large world (DESIGN.md \"Budgets\"): 10 VMs, 50 keys, 100 recovery points.\n",
    );
    let mut line = |text: String| {
        s.push_str(&text);
        s.push('\n');
    };
    for app in 1..=APPS {
        line(format!("az ad sp create-for-rbac --name app-{app}"));
    }
    for (region, short, vms) in ADE_VMS {
        let kv = format!("kv-ade-{short}");
        let app_kv = format!("kv-app-{short}");
        let rsv = format!("rsv-{short}");
        line(format!(
            "az keyvault create --name {kv} --resource-group rg --location {region} --enabled-for-disk-encryption true --retention-days 7 --enable-rbac-authorization false"
        ));
        line(format!(
            "az keyvault create --name {app_kv} --resource-group rg --location {region} --retention-days 30 --enable-purge-protection true --enable-rbac-authorization false"
        ));
        for v in [&kv, &app_kv] {
            line(format!(
                "az keyvault set-policy --name {v} --spn azure-backup --key-permissions get list backup --secret-permissions get list backup"
            ));
        }
        line(format!(
            "az backup vault create --name {rsv} --resource-group rg --location {region}"
        ));
        for vm in vms {
            line(format!(
                "az keyvault key create --vault-name {kv} --name kek-vm{vm} --kty RSA --size 3072"
            ));
            line(format!(
                "az vm create --name vm{vm} --resource-group rg --location {region} --image Ubuntu2204"
            ));
            line(format!(
                "az vm encryption enable --name vm{vm} --resource-group rg --disk-encryption-keyvault {kv} --key-encryption-key kek-vm{vm} --volume-type ALL"
            ));
            line(format!(
                "sim write vm{vm} /data/orders-{vm}.csv \"order,{vm}\""
            ));
            line(format!(
                "az backup protection enable-for-vm --vault-name {rsv} --resource-group rg --vm vm{vm} --policy-name DefaultPolicy"
            ));
        }
    }
    // Rotate one KEK and move its VM onto the new version (R18): the old version stays needed by
    // the recovery points taken before, which is what the what-if matrix should notice.
    line(
        "az keyvault set-policy --name kv-ade-we --upn admin@contoso.com --key-permissions get list create update import delete recover backup restore rotate"
            .to_owned(),
    );
    line("az keyvault key rotate --vault-name kv-ade-we --name kek-vm1".to_owned());
    line("az vm encryption enable --name vm1 --resource-group rg --disk-encryption-keyvault kv-ade-we --key-encryption-key kek-vm1 --volume-type ALL".to_owned());

    // Customer-managed keys (R32).
    line("az keyvault create --name kv-cmk --resource-group rg --location westeurope --retention-days 7 --enable-purge-protection true --enable-rbac-authorization false".to_owned());
    line("az keyvault key create --vault-name kv-cmk --name cmk --kty RSA --size 3072".to_owned());
    line("az disk-encryption-set create --name des1 --resource-group rg --location westeurope --source-vault kv-cmk --key-url https://kv-cmk.vault.azure.net/keys/cmk/@1".to_owned());
    line(
        "az keyvault set-policy --name kv-cmk --spn des1 --key-permissions get wrapKey unwrapKey"
            .to_owned(),
    );
    for vm in CMK_VMS {
        line(format!(
            "az vm create --name vm{vm} --resource-group rg --location westeurope --image Ubuntu2204 --os-disk-encryption-set des1"
        ));
        line(format!(
            "sim write vm{vm} /data/orders-{vm}.csv \"order,{vm}\""
        ));
        line(format!(
            "az backup protection enable-for-vm --vault-name rsv-we --resource-group rg --vm vm{vm} --policy-name DefaultPolicy"
        ));
    }

    // Application keys and secrets, alternating between the two app vaults.
    let app_vault = |i: u32| {
        if i.is_multiple_of(2) {
            "kv-app-we"
        } else {
            "kv-app-us"
        }
    };
    for k in 1..=APP_KEYS {
        line(format!(
            "az keyvault key create --vault-name {} --name app-key-{k:02} --kty RSA --size 2048",
            app_vault(k)
        ));
    }
    for i in 1..=APP_SECRETS {
        line(format!(
            "az keyvault secret set --vault-name {} --name app-secret-{i:02} --value value-{i} --tags app=app-{}",
            app_vault(i),
            i % APPS + 1
        ));
    }
    for app in 1..=APPS {
        for v in ["kv-app-we", "kv-app-us"] {
            line(format!(
                "az keyvault set-policy --name {v} --spn app-{app} --key-permissions get wrapKey unwrapKey --secret-permissions get list"
            ));
        }
    }

    // The recovery points: nine scheduled runs, then one backup-now per VM.
    line(format!("sim advance {BACKUP_DAYS}d"));
    let items = ADE_VMS
        .iter()
        .flat_map(|(_, short, vms)| vms.iter().map(move |vm| (*short, *vm)))
        .chain(CMK_VMS.iter().map(|vm| ("we", *vm)));
    for (short, vm) in items {
        line(format!(
            "az backup protection backup-now --vault-name rsv-{short} --resource-group rg --container-name vm{vm} --item-name vm{vm}"
        ));
    }
    s
}

/// The world [`large_world_script`] builds, from `seed` ([`LARGE_WORLD_SEED`] in the benches).
///
/// # Panics
/// If the script does not parse or one of its commands fails: the script is fixed text, so that
/// is a bug in Keyfall, caught by this module's tests.
pub fn large_world(seed: u64) -> World {
    let script = large_world_script();
    let script = parse_script(&script).unwrap_or_else(|e| panic!("large world script: {e}"));
    let mut w = World::new(seed);
    for l in &script.lines {
        if let Err(e) = w.apply(&l.command) {
            panic!("large world, line {}: {} -> {e}", l.line, l.command);
        }
    }
    while w.poll_event().is_some() {}
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_the_budgeted_size() {
        let w = large_world(LARGE_WORLD_SEED);
        assert_eq!(w.vms().count(), 10);
        let keys: usize = w.vaults().map(|v| v.keys.len()).sum();
        assert_eq!(keys, 50);
        let rps: usize = w
            .recovery_vaults()
            .flat_map(|r| r.items.values())
            .map(|i| i.points.len())
            .sum();
        assert_eq!(rps, 100);
        assert!(w.vms().all(|v| v.is_up()));
    }

    #[test]
    fn script_round_trips_through_the_printer() {
        let text = large_world_script();
        let script = parse_script(&text).expect("parses");
        let printed = script.to_string();
        let commands = |s: &crate::lang::Script| -> Vec<crate::command::Command> {
            s.lines.iter().map(|l| l.command.clone()).collect()
        };
        // Every command comes back the same, not merely as many lines.
        assert_eq!(
            commands(&parse_script(&printed).expect("reparses")),
            commands(&script)
        );
    }
}
