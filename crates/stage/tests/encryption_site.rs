//! Where the stage says a disk's data is encrypted (issue 16): inside the guest for Azure Disk
//! Encryption, at the host for encryption at host, in storage for server-side encryption (with a
//! platform-managed key or a customer-managed key through a Disk Encryption Set). R35 (encryption
//! at host), R1 (ADE's BitLocker and DM-Crypt), R32 (SSE with a CMK). Each case is checked in the
//! view model and in the drawing: the VM's `data-encrypted-at`, the lane's filled pill, and the
//! links after it drawn as encrypted.

use keyfall_core::{Scenario, parse_scenario};

mod common;
use common::lesson;
use keyfall_stage::draw::stage;
use keyfall_stage::scene::{El, Node};
use keyfall_stage::shot::Shot;
use keyfall_stage::view::{DiskEncryption, Site, disk_encryption};

/// A one-step scenario of `lines`, played to its end.
fn played(lines: &[&str]) -> Shot {
    let mut text = String::from("# Sites\nid: sites\n\n## One\n\nNarration.\n\n");
    for l in lines {
        text.push_str("$ ");
        text.push_str(l);
        text.push('\n');
    }
    text.push_str("$ sim expect ok\n");
    shot(&parse_scenario(&text).expect("the script parses"), 1)
}

/// The shot after `lines`, and the disks of its VM `vm1`.
fn vm1_after(lines: &[&str]) -> (Shot, Vec<DiskEncryption>) {
    let s = played(lines);
    let disks = disks_of(&s, "vm1");
    (s, disks)
}

fn shot(s: &Scenario, step: usize) -> Shot {
    Shot::take(s, s.seed.unwrap_or(1), step).expect("the step exists")
}

/// How `vm`'s disks are encrypted, the OS disk first, as the view model says.
fn disks_of(s: &Shot, vm: &str) -> Vec<DiskEncryption> {
    disk_encryption(&s.world, s.world.vm(vm).expect("the VM exists"))
}

/// The drawn VM group named `vm`.
fn vm_group(tree: &Node, vm: &str) -> El {
    tree.elements()
        .into_iter()
        .find(|e| e.get("data-actor") == Some(vm) && e.get("data-power").is_some())
        .cloned()
        .unwrap_or_else(|| panic!("{vm} is drawn"))
}

/// What the drawing says about `vm`'s OS disk: its `data-encrypted-at`, the lane's site, the
/// word in the filled pill, and the classes of the two links (guest→host, host→storage).
fn drawn(s: &Shot, vm: &str) -> (String, String, String, Vec<String>) {
    let tree = Node::El(stage(&s.frame()));
    let g = Node::El(vm_group(&tree, vm));
    let at = g
        .elements()
        .first()
        .and_then(|e| e.get("data-encrypted-at"))
        .expect("data-encrypted-at")
        .to_owned();
    let els = g.elements();
    let lane = els
        .iter()
        .find(|e| e.get("class") == Some("encryption-lane"))
        .expect("the VM draws its encryption lane");
    let lane = Node::El((*lane).clone());
    let pill = lane
        .elements()
        .into_iter()
        .find(|e| e.get("class") == Some("site here"))
        .map(|e| Node::El(e.clone()).text())
        .expect("one place is marked");
    let links = lane
        .elements()
        .into_iter()
        .filter_map(|e| e.get("class").filter(|c| c.starts_with("site-link")))
        .map(str::to_owned)
        .collect();
    let site = lane_site(&lane);
    (at, site, pill, links)
}

/// Asserts that the drawing puts `vm`'s OS disk's encryption at `site` in each place that says
/// it (`data-encrypted-at`, the lane, the filled pill), and draws its two links as `links`.
#[track_caller]
fn assert_drawn(s: &Shot, vm: &str, site: &str, links: [&str; 2]) {
    let (at, lane, pill, drawn_links) = drawn(s, vm);
    assert_eq!(
        (at.as_str(), lane.as_str(), pill.as_str()),
        (site, site, site),
        "{vm}: data-encrypted-at, lane, pill"
    );
    assert_eq!(drawn_links, links, "{vm}: the links");
}

fn lane_site(lane: &Node) -> String {
    match lane {
        Node::El(e) => e.get("data-site").unwrap_or_default().to_owned(),
        _ => String::new(),
    }
}

#[test]
fn ade_encrypts_inside_the_guest() {
    // Lesson 11, step 1: win1 (Windows, BitLocker) and lin1 (Linux, DM-Crypt) under ADE.
    let s = shot(&lesson("11"), 1);
    for (vm, tool) in [("win1", "BitLocker"), ("lin1", "DM-Crypt")] {
        let disks = disks_of(&s, vm);
        assert_eq!(disks[0].site, Site::Guest, "{vm}: {:?}", disks[0]);
        // The key as the BEK's envelope stamps it, not the call label's `kek/@1`.
        assert_eq!(disks[0].key, "kek@1");
        assert!(disks[0].says.contains(tool), "{}", disks[0].says);
        // Encrypted from the guest on: both links after it are drawn encrypted.
        assert_drawn(&s, vm, "guest", ["site-link enc", "site-link enc"]);
    }
}

#[test]
fn encryption_at_host_encrypts_at_the_host_before_storage() {
    let (s, disks) = vm1_after(&[
        "az feature register --namespace Microsoft.Compute --name EncryptionAtHost",
        "sim advance 5m",
        "az vm create --name vm1 --resource-group rg --location westeurope --image Ubuntu2204 --encryption-at-host true --data-disk-sizes-gb 8",
    ]);
    // The OS disk and the data disk alike.
    assert_eq!(disks.len(), 2, "{disks:?}");
    assert!(disks.iter().all(|d| d.site == Site::Host), "{disks:?}");
    assert_eq!(disks[0].key, "platform key");
    // Plain inside the guest, encrypted from the host to storage.
    assert_drawn(&s, "vm1", "host", ["site-link plain", "site-link enc"]);
}

#[test]
fn sse_encrypts_in_storage_with_a_platform_or_customer_managed_key() {
    // A plain VM: SSE with a platform-managed key.
    let plain = played(&[
        "az vm create --name vm1 --resource-group rg --location westeurope --image Ubuntu2204",
    ]);
    // Lesson 09, step 4: vm1's disk uses des1 (SSE with a customer-managed key, R32).
    let cmk = shot(&lesson("09"), 4);
    for (s, key) in [(plain, "platform key"), (cmk, "DES des1")] {
        let disks = disks_of(&s, "vm1");
        assert_eq!(disks[0].site, Site::Storage, "{disks:?}");
        assert_eq!(disks[0].key, key);
        // Plain until storage encrypts it, whichever key it uses.
        assert_drawn(&s, "vm1", "storage", ["site-link plain", "site-link plain"]);
    }
}

#[test]
fn ade_on_the_os_volume_leaves_data_disks_to_storage() {
    let (_, disks) = vm1_after(&[
        "az keyvault create --name kv --resource-group rg --location westeurope --enabled-for-disk-encryption true",
        "az vm create --name vm1 --resource-group rg --location westeurope --image Ubuntu2204 --data-disk-sizes-gb 8",
        "az vm encryption enable --name vm1 --resource-group rg --disk-encryption-keyvault kv --volume-type OS",
    ]);
    let sites: Vec<Site> = disks.iter().map(|d| d.site).collect();
    assert_eq!(sites, [Site::Guest, Site::Storage], "{disks:?}");
    assert_eq!(disks[0].key, "no KEK");
}

#[test]
fn encryption_at_host_with_a_customer_managed_key_is_still_at_the_host() {
    // Learn: encryption at host uses the disk's own key, platform-managed or a CMK through a
    // Disk Encryption Set (R32, R35); the place stays the host.
    let scope = "/subscriptions/sub1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-cmk";
    let mut runner = keyfall_core::Runner::new(1);
    run_line(
        &mut runner,
        "az keyvault create --name kv-cmk --resource-group rg --location westeurope --enable-purge-protection true",
    );
    run_line(
        &mut runner,
        &format!(
            "az role assignment create --assignee admin@contoso.com --role \"Key Vault Crypto Officer\" --scope {scope}"
        ),
    );
    run_line(
        &mut runner,
        "az keyvault key create --vault-name kv-cmk --name cmk --kty RSA --size 3072",
    );
    let version = runner
        .world()
        .vault("kv-cmk")
        .and_then(|v| v.keys.get("cmk"))
        .and_then(|k| k.versions.first())
        .map(|v| v.id.clone())
        .expect("the key was created");
    run_line(
        &mut runner,
        &format!(
            "az disk-encryption-set create --name des1 --resource-group rg --location westeurope --source-vault kv-cmk --key-url https://kv-cmk.vault.azure.net/keys/cmk/{version}"
        ),
    );
    run_line(
        &mut runner,
        &format!(
            "az role assignment create --assignee des1 --role \"Key Vault Crypto Service Encryption User\" --scope {scope}"
        ),
    );
    run_line(
        &mut runner,
        "az feature register --namespace Microsoft.Compute --name EncryptionAtHost",
    );
    run_line(&mut runner, "sim advance 5m");
    run_line(
        &mut runner,
        "az vm create --name vm1 --resource-group rg --location westeurope --image Ubuntu2204 --encryption-at-host true --os-disk-encryption-set des1",
    );
    let world = runner.world();
    let vm = world.vm("vm1").expect("vm1 was created");
    assert!(vm.cmk.is_some(), "the OS disk uses des1");
    let disks = disk_encryption(world, vm);
    assert_eq!(disks[0].site, Site::Host, "{disks:?}");
    assert_eq!(disks[0].key, "DES des1");
    assert!(
        disks[0].says.contains("customer-managed key through des1"),
        "{}",
        disks[0].says
    );
}

fn run_line(runner: &mut keyfall_core::Runner, line: &str) {
    let ran = runner.run_text(1, line);
    assert!(ran.error.is_none(), "{line}: {:?}", ran.error);
}
