//! What breaks, in the words people use (issue 17): BEK secrets named after their VM, recovery
//! points after theirs, and an empty state that says what is on stage rather than nothing.
// Pure logic: runs natively (`cargo test -p keyfall-web`), not in the browser.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

mod common;

use common::apply as run;
use keyfall_core::{AssetId, World};
use keyfall_web::state::{Action, State};
use keyfall_web::view::{asset_name, health_empty_text};

/// R3: a BEK secret carries its VM's name in the `MachineName` tag; the panel says "BEK of vm1"
/// and keeps the GUID for the tooltip and the inspector.
#[test]
fn bek_secrets_are_named_after_their_vm() {
    let mut s = Rc::new(State::new(1)).reduce(Action::OpenLesson("01".to_owned()));
    while s.play.cursor < s.steps().len() {
        s = s.reduce(Action::StepNext);
    }
    let names: Vec<String> = s
        .play
        .now
        .health
        .assets
        .iter()
        .filter(|a| a.asset.kind() == "secret")
        .map(|a| asset_name(s.play.world(), &a.asset))
        .collect();
    assert!(names.contains(&"BEK of vm-legacy".to_owned()), "{names:?}");
    assert!(names.contains(&"BEK of vm-single".to_owned()), "{names:?}");
    assert!(names.iter().all(|n| n.starts_with("BEK of ")), "{names:?}");
}

#[test]
fn recovery_points_and_plain_secrets_keep_readable_names() {
    let w = World::new(1);
    let rp = AssetId::recovery_point("rsv", "vm1", "rp-2");
    assert_eq!(asset_name(&w, &rp), "rp-2 of vm1");
    assert_eq!(asset_name(&w, &AssetId::Vm("vm1".to_owned())), "vm1");
}

/// Never "Nothing to check yet" while vaults are on stage: say what is there instead.
#[test]
fn the_empty_state_names_what_is_on_stage() {
    let mut w = World::new(1);
    assert!(health_empty_text(&w).starts_with("Nothing to check yet"));
    run(
        &mut w,
        "az keyvault create --name kv --resource-group rg --location westeurope --enable-rbac-authorization false",
    );
    run(&mut w, "az keyvault key create --vault-name kv --name kek");
    assert!(w.health().assets.is_empty());
    let text = health_empty_text(&w);
    assert!(!text.contains("Nothing to check yet"), "{text}");
    assert!(text.contains("kv holds 1 key and no secrets"), "{text}");
}
