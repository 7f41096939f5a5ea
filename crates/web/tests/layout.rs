//! The stage layout, in the browser like the rest of the web crate's tests.

use keyfall_core::World;
use keyfall_web::layout::layout;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn boxes_never_overlap_and_regions_are_bands() {
    let mut w = World::new(1);
    for line in [
        "az keyvault create --name kv --resource-group rg --location westeurope",
        "az vm create --name vm1 --resource-group rg --location westeurope --image Ubuntu2204",
        "az vm create --name vm2 --resource-group rg --location eastus --image Ubuntu2204",
        "az vm create --name vm3 --resource-group rg --location eastus --image Ubuntu2204",
        "az backup vault create --name rsv --resource-group rg --location westeurope",
    ] {
        if let Ok(Some(c)) = keyfall_core::parse_line(line) {
            let _ = w.apply(&c);
        }
    }
    let l = layout(&w);
    for (i, a) in l.actors.iter().enumerate() {
        for b in &l.actors[i + 1..] {
            let apart =
                a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
            assert!(apart, "{} overlaps {}", a.name, b.name);
        }
    }
    assert_eq!(l.bands.len(), 2);
    assert!(l.find("vm1/ade-extension").is_some_and(|a| a.name == "vm1"));
    assert!(l.find("azure-backup").is_some());
    assert!(l.find("platform-compute").is_none());
}
