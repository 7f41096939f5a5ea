//! Managed disks of their own on the stage (issue 16): Learn's Windows migration from ADE to
//! encryption at host copies the OS disk into a new disk made for upload, and every step of it is
//! drawn. A disk no VM holds is a card in its region with its `diskState` (ReadyToUpload,
//! ActiveUpload, ActiveSAS, Unattached), the SAS open on it, and a `UDE` badge when ADE's flag is
//! set (R35: encryption at host refuses such a disk). Each Compute and Storage call lands on the
//! actor that draws its disk: a VM's OS disk is drawn on the VM's card, so a call on it goes to
//! the VM.

use keyfall_core::{Scenario, parse_scenario};

mod common;
use common::texts;

use keyfall_stage::draw::stage;
use keyfall_stage::layout::Kind;
use keyfall_stage::scene::{El, Node};
use keyfall_stage::shot::Shot;
use keyfall_stage::view::CallView;

/// Learn's Windows migration, one step per stage of the copy, with a refused copy (the SAS URLs
/// swapped) and a `--source` copy that keeps the UDE flag and is refused encryption at host.
const MIGRATION: &str = r#"# Disks
id: disks
seed: 3

## An ADE VM, decrypted and deallocated

Narration.

$ az keyvault create --name kv-ade --resource-group rg --location westeurope --enabled-for-disk-encryption true --enable-rbac-authorization false
$ az keyvault key create --vault-name kv-ade --name kek --kty RSA --size 3072
$ az vm create --name win1 --resource-group rg --location westeurope --image Win2022Datacenter
$ az vm encryption enable --name win1 --resource-group rg --disk-encryption-keyvault kv-ade --key-encryption-key kek
$ az feature register --namespace Microsoft.Compute --name EncryptionAtHost
$ sim advance 5m
$ az vm encryption disable --name win1 --resource-group rg
$ az vm deallocate --name win1 --resource-group rg

## A disk for upload

Narration.

$ az disk create --name win1-os-eah --resource-group rg --upload-type Upload --upload-size-bytes 136365212160 --os-type Windows

## Both SAS, and the copy

Narration.

$ sourceSASURI=$(az disk grant-access --name win1-os --resource-group rg --duration-in-seconds 3600 --query accessSAS -o tsv)
$ targetSASURI=$(az disk grant-access --name win1-os-eah --resource-group rg --access-level Write --duration-in-seconds 3600 --query accessSAS -o tsv)
$ azcopy copy "$targetSASURI" "$sourceSASURI" --blob-type PageBlob
$ azcopy copy "$sourceSASURI" "$targetSASURI" --blob-type PageBlob

## Revoke both

Narration.

$ az disk revoke-access --name win1-os --resource-group rg
$ az disk revoke-access --name win1-os-eah --resource-group rg

## A copy with --source keeps the UDE flag

Narration.

$ az disk create --name win1-copy --resource-group rg --source win1-os
$ az vm create --name win1-copy-vm --resource-group rg --attach-os-disk win1-copy --os-type Windows --encryption-at-host true

## A VM with encryption at host on the uploaded disk

Narration.

$ az vm create --name win1-eah --resource-group rg --attach-os-disk win1-os-eah --os-type Windows --encryption-at-host true
"#;

fn migration() -> Scenario {
    parse_scenario(MIGRATION).expect("the scenario parses")
}

/// The migration with `from` replaced by `to`; `from` must be in it, so a test cannot go on
/// silently testing the unchanged scenario.
#[track_caller]
fn migration_with(from: &str, to: &str) -> Scenario {
    assert!(MIGRATION.contains(from), "the migration has no {from:?}");
    parse_scenario(&MIGRATION.replace(from, to)).expect("the changed scenario parses")
}

fn shot(s: &Scenario, step: usize) -> Shot {
    Shot::take(s, s.seed.unwrap_or(1), step).expect("the step exists")
}

/// The drawn disk card of `name`, if the stage draws one.
fn card(s: &Shot, name: &str) -> Option<El> {
    let tree = Node::El(stage(&s.frame()));
    tree.elements()
        .into_iter()
        .find(|e| e.get("data-actor") == Some(name) && e.get("data-disk-state").is_some())
        .cloned()
}

/// What a disk card says: its state (the chip's word, which must equal the card's
/// `data-disk-state`), whether it has a UDE badge, and the SAS chip's word.
fn says(card: &El) -> (String, bool, Option<String>) {
    let node = Node::El(card.clone());
    let els = node.elements();
    let text_of = |class: &str| {
        els.iter()
            .find(|e| {
                e.get("class")
                    .is_some_and(|c| c.split(' ').any(|x| x == class))
            })
            .map(|e| Node::El((*e).clone()).text())
    };
    let state = text_of("disk-state").expect("a state chip");
    assert_eq!(card.get("data-disk-state"), Some(state.as_str()));
    (
        state,
        text_of("ude").is_some_and(|t| t == "UDE"),
        text_of("sas"),
    )
}

/// Where each call of the step lands: (caller's actor, its kind, callee's actor, its kind,
/// operation, allowed, status).
fn landed(s: &Shot) -> Vec<(String, Kind, String, Kind, String, bool, u16)> {
    s.calls
        .iter()
        .map(|c: &CallView| {
            let from = s.layout.find(&c.caller).expect("the caller is on stage");
            let to = s.layout.find(&c.callee).expect("the callee is on stage");
            (
                from.name.clone(),
                from.kind,
                to.name.clone(),
                to.kind,
                c.operation.clone(),
                c.allowed,
                c.status,
            )
        })
        .collect()
}

#[test]
fn r35_a_disk_card_shows_its_state_its_sas_and_the_ude_badge() {
    let s = migration();
    // Before the upload disk exists, no card; the VM's own disk is drawn on the VM.
    assert!(card(&shot(&s, 1), "win1-os-eah").is_none());
    assert!(card(&shot(&s, 1), "win1-os").is_none());

    let made = card(&shot(&s, 2), "win1-os-eah").expect("the upload disk is drawn");
    assert_eq!(says(&made), ("ReadyToUpload".into(), false, None));

    let granted = card(&shot(&s, 3), "win1-os-eah").expect("drawn");
    assert_eq!(
        says(&granted),
        ("ActiveUpload".into(), false, Some("Write SAS".into()))
    );
    assert_eq!(granted.get("data-sas"), Some("Write"));
    // Two rows and nothing else: the name, then the state and the SAS (what the disk is, in
    // the state's tooltip).
    assert_eq!(
        texts(&granted),
        ["win1-os-eah", "ActiveUpload", "Write SAS"]
    );

    let closed = card(&shot(&s, 4), "win1-os-eah").expect("drawn");
    assert_eq!(says(&closed), ("Unattached".into(), false, None));

    // A --source copy keeps ADE's flag: the badge says so, and a Read SAS on it would show.
    let copy = card(&shot(&s, 5), "win1-copy").expect("the copy is drawn");
    assert_eq!(says(&copy), ("Unattached".into(), true, None));
    assert_eq!(copy.get("data-ude"), Some("true"));
    assert_eq!(texts(&copy), ["win1-copy", "UDE", "Unattached"]);

    // Attached, the disk is the new VM's OS disk: drawn on its card, no longer on its own.
    let attached = shot(&s, 6);
    assert!(card(&attached, "win1-os-eah").is_none());
    assert!(attached.world.vm("win1-eah").is_some());
    assert!(card(&attached, "win1-copy").is_some(), "the copy stays");
}

#[test]
fn r35_a_read_sas_on_a_disk_of_its_own_is_shown_as_active_sas() {
    let s = migration_with(
        "$ az vm create --name win1-copy-vm",
        "$ az disk grant-access --name win1-copy --resource-group rg --duration-in-seconds 3600\n$ az vm create --name win1-copy-vm",
    );
    let copy = card(&shot(&s, 5), "win1-copy").expect("drawn");
    assert_eq!(
        says(&copy),
        ("ActiveSAS".into(), true, Some("Read SAS".into()))
    );
}

#[test]
fn r35_each_call_of_the_copy_lands_on_the_actor_that_draws_its_disk() {
    let s = migration();
    let admin = |k: Kind| k == Kind::User;
    let grant = landed(&shot(&s, 3));
    assert_eq!(grant.len(), 4, "{grant:#?}");
    // The Read SAS on win1's own disk goes to win1's card; the Write SAS to the upload disk.
    let (ref who, wk, ref to, tk, ref op, ok, status) = grant[0];
    assert!(admin(wk), "{who}");
    assert_eq!(
        (to.as_str(), tk, op.as_str(), ok, status),
        ("win1", Kind::Vm, "grant access (Read SAS)", true, 200)
    );
    let (_, wk, ref to, tk, ref op, ok, _) = grant[1];
    assert!(admin(wk));
    assert_eq!(
        (to.as_str(), tk, op.as_str(), ok),
        ("win1-os-eah", Kind::Disk, "grant access (Write SAS)", true)
    );
    // The URLs swapped: Storage refuses, and the failed call runs from the disk the source
    // URL opens to the one the destination URL opens, with its status.
    assert_eq!(
        grant[2],
        (
            "win1-os-eah".into(),
            Kind::Disk,
            "win1".into(),
            Kind::Vm,
            "copy page blob".into(),
            false,
            403
        )
    );
    let refused = &shot(&s, 3).calls[2];
    assert_eq!(
        refused.code.as_deref(),
        Some("AuthorizationPermissionMismatch")
    );
    // The copy: from win1's card (its OS disk) to the upload disk.
    assert_eq!(
        grant[3],
        (
            "win1".into(),
            Kind::Vm,
            "win1-os-eah".into(),
            Kind::Disk,
            "copy page blob".into(),
            true,
            200
        )
    );

    let revoke: Vec<_> = landed(&shot(&s, 4))
        .into_iter()
        .map(|(_, _, to, tk, op, ok, _)| (to, tk, op, ok))
        .collect();
    assert_eq!(
        revoke,
        [
            ("win1".into(), Kind::Vm, "revoke access".into(), true),
            (
                "win1-os-eah".into(),
                Kind::Disk,
                "revoke access".into(),
                true
            ),
        ]
    );

    // Encryption at host refuses the copy with the UDE flag: a failed attach, on the disk.
    let ude = landed(&shot(&s, 5));
    assert_eq!(ude.len(), 1, "the --source copy makes no call: {ude:#?}");
    let (_, wk, ref to, tk, ref op, ok, status) = ude[0];
    assert!(admin(wk));
    assert_eq!(
        (to.as_str(), tk, op.as_str(), ok, status),
        ("win1-copy", Kind::Disk, "attach OS disk", false, 409)
    );

    // The attach lands on the VM made on the disk.
    let attach = landed(&shot(&s, 6));
    let (_, wk, ref to, tk, ref op, ok, _) = attach[0];
    assert!(admin(wk));
    assert_eq!(
        (to.as_str(), tk, op.as_str(), ok),
        ("win1-eah", Kind::Vm, "attach OS disk", true)
    );
}

#[test]
fn a_refused_command_before_any_request_draws_no_call() {
    // az refuses an attach without --os-type itself: nothing was sent, so nothing travels.
    let s = migration_with(
        "--attach-os-disk win1-os-eah --os-type Windows --encryption-at-host true",
        "--attach-os-disk win1-os-eah --encryption-at-host true",
    );
    let last = shot(&s, 6);
    assert!(last.calls.is_empty(), "{:#?}", last.calls);
    assert!(
        card(&last, "win1-os-eah").is_some(),
        "the disk stays its own"
    );
}

#[test]
fn the_planned_layout_keeps_a_place_for_every_disk_of_the_scenario() {
    // Planned from every step: the upload disk has its place before it exists, and the same
    // place at every step it is drawn.
    let s = migration();
    let at = |step: usize| {
        let sh = shot(&s, step);
        sh.layout
            .actors
            .iter()
            .find(|a| a.name == "win1-os-eah")
            .map(|a| (a.x, a.y, a.w, a.h, a.kind))
    };
    assert_eq!(at(1), None, "not created yet, so not present");
    let first = at(2).expect("placed");
    assert_eq!(first.4, Kind::Disk);
    for step in 3..=5 {
        assert_eq!(at(step), Some(first), "step {step}");
    }
}

/// Lesson 11 at the end of the first `typed` lines of its goal's solution.
fn lesson_11_typed(typed: usize) -> Shot {
    let s = common::solution_typed(&common::lesson("11"), typed).expect("lesson 11 has a goal");
    shot(&s, s.steps.len())
}

#[test]
fn lesson_11s_upload_disk_takes_room_the_stage_has_and_shrinks_nothing() {
    // The disk made for upload goes under the Recovery Services vault, in the column that is
    // shorter than the VMs': the stage keeps its size, so its text stays as large as before.
    let before = lesson_11_typed(2);
    assert!(before.world.managed_disks().next().is_none());
    let copying = lesson_11_typed(8);
    assert_eq!(
        copying
            .world
            .managed_disks()
            .map(|d| d.name.as_str())
            .collect::<Vec<_>>(),
        ["win1-os-eah"]
    );
    assert_eq!(before.layout.view_box(), copying.layout.view_box());
    let placed = |name: &str| {
        copying
            .layout
            .actors
            .iter()
            .find(|a| a.name == name)
            .cloned()
            .unwrap_or_else(|| panic!("{name} is placed"))
    };
    let (disk, rsv) = (placed("win1-os-eah"), placed("rsv"));
    assert_eq!(disk.x, rsv.x, "under the Recovery Services vault");
    assert!(disk.y > rsv.y + rsv.h);
}
