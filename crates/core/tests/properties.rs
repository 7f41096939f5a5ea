//! Property tests over random command sequences in a small universe (2 vaults, 2 keys, 2 secrets,
//! 2 VMs, 1 Recovery Services vault, 4 principals): the world never panics, a failed command
//! changes nothing but the audit log and events, every health verdict agrees with what the
//! operation it predicts actually does on a clone, and the same seed replays identically.

use std::collections::{BTreeMap, BTreeSet};

use keyfall_core::{
    AssetId, Command, ErrorCode, Event, PointRef, Power, Verdict, World, parse_line,
};
use proptest::prelude::*;
use proptest::sample::select;

const VAULTS: [&str; 2] = ["kv1", "kv2"];
const KEYS: [&str; 2] = ["kek1", "kek2"];
const SECRETS: [&str; 2] = ["s1", "s2"];
const VMS: [&str; 2] = ["vm1", "vm2"];
const PRINCIPALS: [&str; 4] = ["admin", "ade-app", "platform-ade", "azure-backup"];
const FILE: &str = "/data/payroll.csv";

/// A world worth exploring: both vaults with keys, a policy for every principal, vm1 (Linux)
/// encrypted with a KEK and protected by `rsv`, vm2 (Windows, where ADE can be disabled) plain. kv2 has purge protection and holds the CMK of
/// `vm-cmk` (through `des1`, auto-rotation on), which the random key commands reach (R32-R34).
const SETUP: &str = r#"
az ad sp create-for-rbac --name ade-app
az keyvault create --name kv1 --resource-group rg --location westeurope --enabled-for-disk-encryption true --retention-days 7 --enable-rbac-authorization false
az keyvault create --name kv2 --resource-group rg --location westeurope --enabled-for-disk-encryption true --retention-days 7 --enable-purge-protection true --enable-rbac-authorization false
az keyvault set-policy --name kv1 --upn admin@contoso.com --key-permissions get list create update import delete recover backup restore purge rotate --secret-permissions get list set delete recover backup restore purge
az keyvault set-policy --name kv2 --upn admin@contoso.com --key-permissions get list create update import delete recover backup restore purge rotate --secret-permissions get list set delete recover backup restore purge
az keyvault set-policy --name kv1 --spn azure-backup --key-permissions get list backup --secret-permissions get list backup
az keyvault set-policy --name kv1 --spn ade-app --key-permissions wrapKey --secret-permissions set
az keyvault key create --vault-name kv1 --name kek1 --kty RSA --size 3072
az keyvault key create --vault-name kv2 --name kek1 --kty RSA --size 3072
az keyvault secret set --vault-name kv1 --name s1 --value hunter2
az vm create --name vm1 --resource-group rg --location westeurope --image Ubuntu2204
az vm create --name vm2 --resource-group rg --location westeurope --image Win2022Datacenter
sim write vm1 /data/payroll.csv "alice,42000"
sim write vm2 /data/payroll.csv "bob,41000"
az vm encryption enable --name vm1 --resource-group rg --disk-encryption-keyvault kv1 --key-encryption-key kek1 --volume-type ALL
az backup vault create --name rsv --resource-group rg --location westeurope
az backup protection enable-for-vm --vault-name rsv --resource-group rg --vm vm1 --policy-name DefaultPolicy
az backup protection enable-for-vm --vault-name rsv --resource-group rg --vm vm2 --policy-name DefaultPolicy
az backup protection backup-now --vault-name rsv --resource-group rg --container-name vm1 --item-name vm1
az disk-encryption-set create --name des1 --resource-group rg --location westeurope --source-vault kv2 --key-url https://kv2.vault.azure.net/keys/kek1/@1 --enable-auto-key-rotation true
az keyvault set-policy --name kv2 --spn des1 --key-permissions get wrapKey unwrapKey
az vm create --name vm-cmk --resource-group rg --location westeurope --image Ubuntu2204 --os-disk-encryption-set des1
sim write vm-cmk /data/payroll.csv "dave,44000"
"#;

fn setup_commands() -> Vec<Command> {
    SETUP
        .lines()
        .filter_map(|l| parse_line(l).unwrap_or_else(|e| panic!("setup: {e}: {l}")))
        .collect()
}

/// One command line of the universe, mostly valid so that interesting states are reached.
fn command_text() -> impl Strategy<Value = String> {
    let v = || select(VAULTS.to_vec());
    let k = || select(KEYS.to_vec());
    let s = || select(SECRETS.to_vec());
    let m = || select(VMS.to_vec());
    let p = || select(PRINCIPALS.to_vec());
    let b = || any::<bool>();
    let key_perms = select(vec![
        "get list backup",
        "wrapKey",
        "get wrapKey unwrapKey",
        "get list create update import delete recover backup restore purge rotate",
    ]);
    let secret_perms = select(vec![
        "get list backup",
        "set",
        "get",
        "get list set delete recover backup restore purge",
    ]);
    let version = select(vec!["", " --version @1", " --version @2"]);
    let expires = select(vec!["", " --expires 2026-01-02", " --expires 2027-01-01"]);
    let rp = select(vec!["rp-1", "rp-2", "rp-3"]);
    let lifecycle = prop_oneof![
        (v(), k()).prop_map(|(v, k)| format!("az keyvault key delete --vault-name {v} --name {k}")),
        (v(), k())
            .prop_map(|(v, k)| format!("az keyvault key recover --vault-name {v} --name {k}")),
        (v(), k()).prop_map(|(v, k)| format!("az keyvault key purge --vault-name {v} --name {k}")),
        (v(), k()).prop_map(|(v, k)| format!("az keyvault key rotate --vault-name {v} --name {k}")),
        (v(), k()).prop_map(|(v, k)| format!(
            "az keyvault key create --vault-name {v} --name {k} --kty RSA --size 3072"
        )),
        (v(), k(), version.clone(), b(), expires.clone()).prop_map(|(v, k, ver, on, exp)| format!(
            "az keyvault key set-attributes --vault-name {v} --name {k}{ver} --enabled {on}{exp}"
        )),
        (v(), k()).prop_map(|(v, k)| format!(
            "az keyvault key backup --vault-name {v} --name {k} --file {k}.blob"
        )),
        (v(), k())
            .prop_map(|(v, k)| format!("az keyvault key restore --vault-name {v} --file {k}.blob")),
        (v(), s()).prop_map(|(v, s)| format!(
            "az keyvault secret set --vault-name {v} --name {s} --value x"
        )),
        (v(), s())
            .prop_map(|(v, s)| format!("az keyvault secret delete --vault-name {v} --name {s}")),
        (v(), s())
            .prop_map(|(v, s)| format!("az keyvault secret recover --vault-name {v} --name {s}")),
        (v(), s())
            .prop_map(|(v, s)| format!("az keyvault secret purge --vault-name {v} --name {s}")),
        (v(), s())
            .prop_map(|(v, s)| format!("az keyvault secret show --vault-name {v} --name {s}")),
        (v(), s(), b()).prop_map(|(v, s, on)| format!(
            "az keyvault secret set-attributes --vault-name {v} --name {s} --enabled {on}"
        )),
    ];
    let vault_ops = prop_oneof![
        (v(), p(), key_perms, secret_perms).prop_map(|(v, p, kp, sp)| {
            let flag = if p == "admin" { "--upn" } else { "--spn" };
            let p = if p == "admin" { "admin@contoso.com" } else { p };
            format!("az keyvault set-policy --name {v} {flag} {p} --key-permissions {kp} --secret-permissions {sp}")
        }),
        (v(), p()).prop_map(|(v, p)| {
            let (flag, p) = if p == "admin" { ("--upn", "admin@contoso.com") } else { ("--spn", p) };
            format!("az keyvault delete-policy --name {v} {flag} {p}")
        }),
        (v(), b()).prop_map(|(v, on)| format!(
            "az keyvault update --name {v} --enabled-for-disk-encryption {on}"
        )),
        v().prop_map(|v| format!("az keyvault update --name {v} --enable-purge-protection true")),
        v().prop_map(|v| format!("az keyvault delete --name {v}")),
        v().prop_map(|v| format!("az keyvault recover --name {v}")),
        v().prop_map(|v| format!("az keyvault purge --name {v}")),
    ];
    let vm_ops = prop_oneof![
        3 => (m(), v(), select(vec!["", " --key-encryption-key kek1", " --key-encryption-key kek2"]), b(), b())
            .prop_map(|(m, v, kek, legacy, force)| {
                let app = if legacy { " --aad-client-id ade-app --aad-client-secret ***" } else { "" };
                let force = if force { " --force" } else { "" };
                format!("az vm encryption enable --name {m} --resource-group rg --disk-encryption-keyvault {v}{kek} --volume-type ALL{force}{app}")
            }),
        1 => (m(), select(vec!["", " --volume-type DATA", " --volume-type OS"]), b()).prop_map(|(m, t, force)| {
            let force = if force { " --force" } else { "" };
            format!("az vm encryption disable --name {m} --resource-group rg{t}{force}")
        }),
        3 => m().prop_map(|m| format!("az vm deallocate --name {m} --resource-group rg")),
        3 => m().prop_map(|m| format!("az vm start --name {m} --resource-group rg")),
        1 => m().prop_map(|m| format!("az vm restart --name {m} --resource-group rg")),
        1 => m().prop_map(|m| format!("az vm stop --name {m} --resource-group rg")),
        1 => m().prop_map(|m| format!("sim write {m} {FILE} \"carol,43000\"")),
        1 => m().prop_map(|m| format!("sim read {m} {FILE}")),
    ];
    let backup_ops = prop_oneof![
        3 => m().prop_map(|m| format!(
            "az backup protection backup-now --vault-name rsv --resource-group rg --container-name {m} --item-name {m}"
        )),
        1 => (m(), rp.clone(), v()).prop_map(|(m, rp, v)| format!("sim restore-keys rsv {m} {rp} --vault {v}")),
        1 => (m(), rp).prop_map(|(m, rp)| format!("sim restore-vm rsv {m} {rp} --name {m}-restored")),
        1 => select(vec!["sim advance 1h", "sim advance 1d", "sim advance 8d"]).prop_map(str::to_owned),
    ];
    let plain = prop_oneof![4 => lifecycle, 2 => vault_ops, 3 => vm_ops, 2 => backup_ops];
    prop_oneof![
        6 => plain.clone(),
        // `sim as` wraps az commands only; sim verbs run as the admin.
        1 => (p(), plain)
            .prop_map(|(p, c)| if c.starts_with("az ") { format!("sim as {p} {c}") } else { c }),
    ]
}

fn commands(max: usize) -> impl Strategy<Value = Vec<Command>> {
    prop::collection::vec(command_text(), 1..=max).prop_map(|lines| {
        lines
            .iter()
            .map(|l| {
                parse_line(l)
                    .unwrap_or_else(|e| panic!("generated line does not parse: {e}: {l}"))
                    .expect("a command")
            })
            .collect()
    })
}

/// Everything a command may change, except the audit log and the event queue.
fn state(w: &World) -> String {
    format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
        w.now(),
        w.subscriptions().collect::<Vec<_>>(),
        w.principals().collect::<Vec<_>>(),
        w.vaults().collect::<Vec<_>>(),
        w.vms().collect::<Vec<_>>(),
        w.recovery_vaults().collect::<Vec<_>>(),
        w.disk_encryption_sets().collect::<Vec<_>>(),
        w.files().collect::<Vec<_>>(),
        w.restored_disks(),
    )
}

fn world_after(seed: u64, cmds: &[Command]) -> World {
    let mut w = World::new(seed);
    for c in setup_commands().iter().chain(cmds) {
        let _ = w.apply(c);
    }
    w
}

fn rg(vm: &str) -> (Command, Command) {
    (
        Command::vm_power(Power::Deallocate, vm, "rg"),
        Command::vm_power(Power::Start, vm, "rg"),
    )
}

/// What actually happens to `vm` on a clone: deallocate + start, then read what was written.
fn cycle_and_read(w: &World, vm: &str, files: &BTreeSet<String>) -> (bool, bool) {
    let mut c = w.clone();
    let (dealloc, start) = rg(vm);
    let boots = c.apply(&dealloc).is_ok() && c.apply(&start).is_ok();
    let readable = boots
        && files.iter().all(|path| {
            c.apply(&Command::Read {
                vm: vm.to_owned(),
                path: path.clone(),
            })
            .is_ok()
        });
    (boots, readable)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// Thousands of random sequences never panic; every failure carries an Azure code, a status
    /// and a message; and a failed command changes nothing but the audit and Activity logs (which
    /// only grow) and the events. The one documented exception is a boot stuck at the recovery screen
    /// (`VmBootLocked`, R17): the VM is powered on, waiting, as DESIGN.md says.
    #[test]
    fn random_sequences_never_panic_and_failures_change_nothing(cmds in commands(25)) {
        let mut w = World::new(7);
        for c in setup_commands() {
            w.apply(&c).unwrap_or_else(|e| panic!("setup {c}: {e}"));
        }
        for c in &cmds {
            let before = state(&w);
            let audit_before = w.audit().to_vec();
            let activity_before = w.activity().to_vec();
            match w.apply(c) {
                Ok(_) => {}
                Err(e) => {
                    prop_assert!(!e.code.name().is_empty(), "{c}: empty code");
                    // Status 0 only where Azure sends none: a CLI error, a failed long-running
                    // operation.
                    prop_assert_eq!(e.status, e.code.status(), "{}", c);
                    prop_assert!(e.status >= 400 || e.status == 0, "{c}: status {}", e.status);
                    prop_assert!(!e.message.is_empty(), "{c}: empty message");
                    if e.code != ErrorCode::VmBootLocked {
                        prop_assert_eq!(&state(&w), &before, "{} failed ({}) but changed the world", c, e);
                    }
                    prop_assert!(w.audit().starts_with(&audit_before), "{}: audit rewritten", c);
                    prop_assert!(
                        w.activity().starts_with(&activity_before),
                        "{}: activity log rewritten",
                        c
                    );
                }
            }
            while w.poll_event().is_some() {}
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// For every world reached, each verdict agrees with what actually happens on a clone:
    /// a VM is ok or at-risk only while it runs; ok means deallocate + start works and the data
    /// written reads back; at-risk means that cycle fails (R17); lost means it fails and
    /// the VM is down. A recovery point is ok exactly when `sim restore-vm` of it works; broken
    /// means its listed fixes make the restore work; lost means the restore fails (R29).
    #[test]
    fn health_verdicts_agree_with_what_happens(cmds in commands(25)) {
        let mut w = World::new(7);
        // Files written on each VM, as far as this test knows (a write that succeeded).
        let mut files: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for c in setup_commands().iter().chain(&cmds) {
            let ok = w.apply(c).is_ok();
            if let (true, Command::Write { vm, path, .. }) = (ok, c) {
                files.entry(vm.clone()).or_default().insert(path.clone());
            }
        }
        let report = w.health();
        for vm in w.vms() {
            let a = report.get(&AssetId::Vm(vm.name.clone())).expect("every VM has a verdict");
            let runs = vm.is_up();
            let written = files.get(&vm.name).cloned().unwrap_or_default();
            let (boots, readable) = cycle_and_read(&w, &vm.name, &written);
            let check = |name: &str| a.checks.iter().find(|(n, _)| n == name).map(|(_, v)| *v);
            prop_assert_eq!(check("runs now"), Some(runs), "{}", vm.name);
            prop_assert_eq!(check("boots after deallocate/start"), Some(boots), "{}", vm.name);
            match a.verdict {
                Verdict::Ok => {
                    prop_assert!(boots, "{} ok but does not boot: {:?}", vm.name, a);
                    prop_assert!(readable, "{} ok but its data does not read back: {:?}", vm.name, a);
                }
                Verdict::AtRisk => prop_assert!(runs && !boots, "{} at-risk: {:?}", vm.name, a),
                Verdict::Broken => prop_assert!(!runs, "{} broken but runs: {:?}", vm.name, a),
                Verdict::Lost => prop_assert!(!runs && !boots, "{} lost: {:?}", vm.name, a),
            }
            if runs && boots {
                prop_assert_eq!(a.verdict, Verdict::Ok, "{} runs and boots", &vm.name);
            }
        }
        for r in w.recovery_vaults() {
            for (item, it) in &r.items {
                for p in &it.points {
                    let point = PointRef::new(&r.name, item, &p.name);
                    let asset = AssetId::RecoveryPoint(point.clone());
                    let a = report.get(&asset).expect("every recovery point has a verdict");
                    let restore = Command::RestoreVm {
                        point,
                        name: format!("{item}-probe"),
                    };
                    let as_is = w.clone().apply(&restore).is_ok();
                    prop_assert_eq!(a.verdict == Verdict::Ok, as_is, "{}: {:?}", asset, a);
                    match a.verdict {
                        Verdict::Broken => {
                            let mut c = w.clone();
                            for f in &a.fixes {
                                prop_assert!(c.apply(f).is_ok(), "{}: fix {} fails", asset, f);
                            }
                            prop_assert!(c.apply(&restore).is_ok(), "{}: fixes do not fix: {:?}", asset, a);
                        }
                        Verdict::Lost | Verdict::AtRisk => prop_assert!(!as_is, "{}: {:?}", asset, a),
                        Verdict::Ok => {}
                    }
                }
            }
        }
        for vm in w.vms().filter(|v| v.cmk.is_some()) {
            let a = report.get(&AssetId::Disk(vm.disk_name.clone())).expect("CMK disk verdict");
            prop_assert_eq!(a.checks.first().map(|(_, v)| *v), Some(vm.is_up()));
        }
    }

    /// Same seed, same commands: identical events, audit and Activity logs and health report
    /// (DESIGN.md principle 3).
    #[test]
    fn same_seed_same_sequence_same_events_audit_and_health(
        cmds in commands(25),
        seed in any::<u64>(),
    ) {
        let run = |seed: u64| {
            let mut w = World::new(seed);
            let mut events: Vec<Event> = Vec::new();
            let mut results = Vec::new();
            for c in setup_commands().iter().chain(&cmds) {
                results.push(w.apply(c).map(|o| o.message).map_err(|e| e.to_string()));
                events.extend(std::iter::from_fn(|| w.poll_event()));
            }
            (
                results,
                serde_json::to_string(&events).expect("events as json"),
                serde_json::to_string(w.audit()).expect("audit as json")
                    + &serde_json::to_string(w.activity()).expect("activity log as json"),
                serde_json::to_string(&w.health()).expect("health as json"),
            )
        };
        let first = run(seed);
        let second = run(seed);
        prop_assert_eq!(first.0, second.0);
        prop_assert_eq!(first.1, second.1);
        prop_assert_eq!(first.2, second.2);
        prop_assert_eq!(first.3, second.3);
        // And the world replays the same way through `world_after`, the helper the other
        // properties use.
        prop_assert_eq!(state(&world_after(seed, &cmds)), state(&world_after(seed, &cmds)));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The what-if matrix rechecks only the assets whose checks read what a command changed; for
    /// any world reached, its diffs equal asking `what_if` (a full health report on a clone)
    /// command by command.
    #[test]
    fn what_if_matrix_equals_full_recomputation(cmds in commands(20)) {
        let w = world_after(7, &cmds);
        let matrix = w.what_if_matrix();
        prop_assert_eq!(matrix.len(), w.destructive_commands().len());
        for (cmd, diff) in &matrix {
            prop_assert_eq!(diff, &w.what_if(cmd), "{}", cmd);
        }
    }
}
