//! Principle 3: the same seed and commands give identical events, audit and ciphertexts.

mod common;

use common::*;
use keyfall_core::*;

fn script() -> Vec<Command> {
    vec![
        Command::SpCreate {
            name: "ade-app".into(),
        },
        vault_create("kv", "westeurope"),
        key_create("kv", "kek"),
        vm_create("vm1", "westeurope"),
        write("vm1", "/data/payroll.csv", "alice,42000"),
        set_policy(
            "kv",
            "ade-app",
            Some(vec![KeyPerm::WrapKey]),
            Some(vec![SecretPerm::Set]),
        ),
        ade_enable("vm1", "kv", Some("kek"), Some("ade-app")),
        rsv_create("rsv"),
        protect("rsv", "vm1"),
        backup_now("rsv", "vm1"),
        backup_policy("kv"),
        advance_days(2),
        key_delete("kv", "kek"),
        deallocate("vm1"),
        start("vm1"),
    ]
}

fn run(seed: u64) -> (String, Vec<Event>, Vec<Vec<u8>>) {
    let mut w = World::new(seed);
    for c in script() {
        let _ = w.apply(&c);
    }
    let events = std::iter::from_fn(|| w.poll_event()).collect();
    let audit = serde_json::to_string(w.audit()).expect("json");
    let sectors = w.vm("vm1").expect("vm").disk().sectors().to_vec();
    (audit, events, sectors)
}

#[test]
fn same_seed_same_audit_events_and_ciphertexts() {
    let a = run(42);
    let b = run(42);
    assert_eq!(a, b);
    let c = run(43);
    assert_ne!(a.2, c.2, "another seed gives other ciphertexts");
}
