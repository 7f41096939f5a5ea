//! A Recovery Services vault's row for a protected VM: its newest recovery points as chips, and
//! how many older ones are left out. The count takes the last slot, so the VM's name keeps its
//! room on the row: a name cut to `win…` could be any VM's (lesson 11 backs up `win1` and
//! `win1-eah` into one vault).

use keyfall_core::parse_scenario;

mod common;
use keyfall_stage::draw::stage;
use keyfall_stage::scene::Node;
use keyfall_stage::shot::Shot;

const BACKED_UP: &str = r#"# Points
id: points
seed: 5

## Six days of backups

Narration.

$ az vm create --name win1-eah --resource-group rg --location westeurope --image Win2022Datacenter
$ az backup vault create --name rsv --resource-group rg --location westeurope
$ az backup protection enable-for-vm --vault-name rsv --resource-group rg --vm win1-eah --policy-name DefaultPolicy
$ az backup protection backup-now --vault-name rsv --resource-group rg --container-name win1-eah --item-name win1-eah
$ sim advance 5d
"#;

#[test]
fn a_protected_vms_name_stays_whole_when_older_points_are_counted() {
    let s = parse_scenario(BACKED_UP).expect("parses");
    let shot = Shot::take(&s, 5, 1).expect("the step exists");
    let tree = Node::El(stage(&shot.frame()));
    let els = tree.elements();
    let row = els
        .iter()
        .find(|e| e.get("class") == Some("rsv-item"))
        .expect("the vault draws the item's row");
    let texts = common::texts(row);
    let row = Node::El((*row).clone());
    assert_eq!(
        texts.first().map(String::as_str),
        Some("win1-eah"),
        "{texts:?}"
    );
    let shown = texts.iter().filter(|t| t.contains("rp-")).count();
    let more = row
        .elements()
        .into_iter()
        .find(|e| e.get("class") == Some("chip-more"));
    // A card with room for one point and a whole name has no room for the count: the vault's
    // label says how many points it holds.
    let Some(more) = more else {
        assert_eq!(shown, 1, "{texts:?}");
        let label = els
            .iter()
            .find_map(|e| e.get("aria-label").filter(|l| l.starts_with("rsv,")))
            .expect("the vault is labelled");
        assert!(label.contains("6 recovery points"), "{label}");
        return;
    };
    let more_x: f64 = more.get("x").expect("x").parse().expect("a number");
    let last_chip_x = row
        .elements()
        .into_iter()
        .filter(|e| e.get("class").is_some_and(|c| c.starts_with("chip rp")))
        .filter_map(|e| {
            let t = e.get("transform")?;
            t.trim_start_matches("translate(")
                .split([' ', ','])
                .next()?
                .parse::<f64>()
                .ok()
        })
        .fold(f64::MIN, f64::max);
    assert!(
        more_x > last_chip_x,
        "the count ({more_x}) comes after the newest chip ({last_chip_x})"
    );
    let count = Node::El(more.clone()).text();
    assert_eq!(count, format!("+{}", 6 - shown), "{texts:?}");
}
