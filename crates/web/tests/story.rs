//! The story on the stage (issue 17, points 2, 3 and free play): the relationships the stage
//! draws, the BEK as the shelf names it, the cause as a chain, and a free-play stage that keeps
//! its actors in place. All read from the simulation's real state.
// Pure logic: runs natively (`cargo test -p keyfall-web`), not in the browser.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::rc::Rc;

use common::{run, typed};
use keyfall_core::{AssetId, ObjectKind, Verdict};
use keyfall_web::layout::{Layout, arrange, shelf_row_y, vault_height};
use keyfall_web::playback::step_of_audit;
use keyfall_web::state::{Action, State};
use keyfall_web::view::{bek_of, cause_chain, parse_key_url, placed_ties, ties_of};

const SINGLE_PASS: &[&str] = &[
    "az keyvault create --name kv --resource-group rg --location westeurope --enabled-for-disk-encryption true --enable-rbac-authorization false",
    "az keyvault key create --vault-name kv --name kek --kty RSA --size 3072",
    "az vm create --name vm1 --resource-group rg --location westeurope --image Ubuntu2204",
    "az vm encryption enable --name vm1 --resource-group rg --disk-encryption-keyvault kv --key-encryption-key kek",
];

/// The KEK deleted, confirmed as the user would.
fn kek_deleted(state: Rc<State>) -> Rc<State> {
    let mut actions = typed(&["az keyvault key delete --vault-name kv --name kek"]);
    actions.push(Action::Confirm);
    run(state, actions)
}

fn encrypted() -> Rc<State> {
    run(Rc::new(State::new(7)), typed(SINGLE_PASS))
}

/// The BEK secret's name, from the VM's ADE settings.
fn bek_name(state: &State) -> String {
    let vm = state.play.world().vm("vm1").expect("vm1");
    vm.ade.as_ref().expect("encrypted").secret_name.clone()
}

#[test]
fn the_shelf_names_the_bek_by_its_vm_and_stamps_its_kek_version() {
    let state = encrypted();
    let w = state.play.world();
    let bek = bek_of(w, "kv", &bek_name(&state)).expect("a BEK");
    assert_eq!(bek.vm, "vm1");
    assert_eq!(bek.stamp.as_deref(), Some("kek@1"));
    assert!(!bek.sealed_for_good);
    // A secret that is no BEK is drawn as itself.
    let state = run(
        state,
        typed(&["az keyvault secret set --vault-name kv --name app-db --value hunter2"]),
    );
    assert!(bek_of(state.play.world(), "kv", "app-db").is_none());
}

#[test]
fn a_kek_delete_breaks_the_tie_before_any_deallocate() {
    let state = encrypted();
    let ties = ties_of(state.play.world());
    let kinds: Vec<_> = ties.iter().map(|t| (t.kind, t.broken)).collect();
    assert_eq!(kinds, [("bek", false), ("kek", false)]);

    let state = kek_deleted(state);
    let w = state.play.world();
    let ties = ties_of(w);
    assert!(ties.iter().any(|t| t.kind == "kek" && t.broken), "{ties:?}");
    assert!(ties.iter().any(|t| t.kind == "bek" && !t.broken));
    // The VM still runs on the key it holds in memory; the envelope gets its red padlock.
    let vm = w.vm("vm1").expect("vm1");
    assert!(vm.volume_key_in_memory());
    assert!(
        bek_of(w, "kv", &bek_name(&state))
            .expect("BEK")
            .sealed_for_good
    );
    // And the health report already says so: at risk, before the deallocate.
    let verdict = state
        .play
        .now
        .health
        .get(&AssetId::Vm("vm1".into()))
        .map(|a| a.verdict);
    assert_eq!(verdict, Some(Verdict::AtRisk));
}

#[test]
fn ties_are_drawn_between_the_disk_and_the_rows_they_name() {
    let state = encrypted();
    let w = state.play.world();
    let lay: Layout = arrange(&state.play.cast);
    let placed = placed_ties(w, &lay);
    assert_eq!(placed.len(), 2);
    let kv = lay.find("kv").expect("kv");
    let vm = lay.find("vm1").expect("vm1");
    // disk → BEK: leaves the VM at its disk row, enters the vault at the BEK row.
    let (bek, d) = &placed[0];
    assert_eq!(bek.kind, "bek");
    let row = kv.y + shelf_row_y(kv.key_rows, 1, ObjectKind::Secret, Some(0));
    assert!(d.contains(&format!("{}", (vm.y + 110.0) as i64)), "{d}");
    assert!(d.contains(&format!("{}", row as i64)), "{d} {row}");
    // Every row lies inside its vault's box.
    let v = w.vault("kv").expect("kv");
    let bottom = shelf_row_y(
        kv.key_rows,
        v.keys.len(),
        ObjectKind::Secret,
        Some(v.secrets.len() - 1),
    );
    assert!(bottom < vault_height(v.keys.len().max(kv.key_rows), v.secrets.len()));
}

#[test]
fn the_cause_reads_as_a_chain_back_to_the_step_that_made_it() {
    let state = kek_deleted(encrypted());
    let w = state.play.world();
    let a = state
        .play
        .now
        .health
        .get(&AssetId::Vm("vm1".into()))
        .expect("vm1 judged");
    let cause = a.causes.first().expect("a cause");
    let step_of = |id| state.play.step_of_audit(id);
    let chain = cause_chain(w, a, cause, &step_of);
    assert_eq!(chain[0], "vm1 will not boot", "{chain:?}");
    assert!(chain[1].starts_with("unwrapKey kek@1 → 4"), "{chain:?}");
    assert_eq!(
        chain[2],
        format!("{} deleted kek at step 5", admin(cause)),
        "{chain:?}"
    );
}

fn admin(c: &keyfall_core::Cause) -> String {
    let who = &c.blamed.as_ref().expect("blamed").caller;
    who.split('@').next().unwrap_or(who).to_owned()
}

#[test]
fn an_audit_id_maps_to_the_step_that_wrote_it() {
    let ends = [0, 3, 3, 7];
    assert_eq!(step_of_audit(&ends, 1), Some(2));
    assert_eq!(step_of_audit(&ends, 3), Some(2));
    assert_eq!(step_of_audit(&ends, 4), Some(4));
    assert_eq!(step_of_audit(&ends, 8), None);
}

#[test]
fn key_urls_are_read_into_vault_key_and_version() {
    assert_eq!(
        parse_key_url("https://kv.vault.azure.net/keys/kek/0123abcd"),
        Some(("kv", "kek", "0123abcd"))
    );
    assert_eq!(
        parse_key_url("https://kv.vault.azure.net/secrets/s/1"),
        None
    );
}

/// Free play: a second geography (and a region sorted before the first) appears; nothing
/// already on stage moves or resizes, and the frame of the first geography stays.
#[test]
fn free_play_keeps_its_actors_in_place_when_a_second_geography_appears() {
    let state = encrypted();
    let before = arrange(&state.play.cast);
    let state = run(
        state,
        typed(&[
            "az keyvault create --name kv-us --resource-group rg --location eastus --enable-rbac-authorization false",
            "az vm create --name avm --resource-group rg --location eastus --image Ubuntu2204",
            "az vm create --name vm0 --resource-group rg --location northeurope --image Ubuntu2204",
            "az keyvault key create --vault-name kv --name kek --kty RSA --size 3072",
            "az keyvault key create --vault-name kv --name kek --kty RSA --size 3072",
        ]),
    );
    let after = arrange(&state.play.cast);
    for a in &before.actors {
        let b = after.find(&a.name).expect("still drawn");
        assert_eq!(
            (a.x, a.y, a.w, a.h),
            (b.x, b.y, b.w, b.h),
            "{} moved",
            a.name
        );
    }
    assert!(after.find("kv-us").is_some() && after.find("vm0").is_some());
    let geo = |l: &Layout| l.bands.iter().filter(|b| b.geography).count();
    assert_eq!(geo(&before), 1);
    assert_eq!(geo(&after), 2);
    assert!(after.width >= before.width && after.height >= before.height);
}

/// Message stepping goes back through a step's calls: the earlier ones are drawn faded and
/// numbered, and `MessageBack` brings the one before back on stage (never before the first).
#[test]
fn message_stepping_goes_back_through_the_calls_of_a_step() {
    let state = encrypted();
    let calls = state.play.now.calls.len();
    assert!(calls >= 3, "enabling ADE makes several calls: {calls}");
    let state = run(
        state,
        [
            Action::MessageStep,
            Action::MessageStep,
            Action::MessageStep,
        ],
    );
    let shown = state.play.now.shown;
    let state = run(state, [Action::MessageBack]);
    assert_eq!(state.play.now.shown, shown - 1);
    assert!(state.play.messages_paused);
    let state = run(state, (0..calls + 2).map(|_| Action::MessageBack));
    assert_eq!(state.play.now.shown, 1);
}

/// A BEK's row fits its name beside its envelope in the narrowest vault, even with the red
/// padlock on (the envelope's width as `vault_actor` computes it).
#[test]
fn bek_name_fits_beside_its_envelope() {
    use keyfall_web::layout::{Face, VAULT_W, fit, text_width};
    let stamp = text_width("kek@1", 18.0, Face::Bold) + 12.0 + 14.0;
    let room = VAULT_W - 28.0 - stamp - 6.0;
    let (shown, cut) = fit("BEK · vm1", room, 18.0, Face::Sans);
    assert!(
        !cut,
        "{shown}: {} > {room}",
        text_width("BEK · vm1", 18.0, Face::Sans)
    );
}
