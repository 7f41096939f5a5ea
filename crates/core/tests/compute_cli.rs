//! `az vm create|show|list` as Learn's quickstarts type them, and the JSON az prints
//! (azure-cli vm `custom.py` `create_vm`, `show_vm`, `list_vm`; `_params.py`).

use keyfall_core::Runner;

fn run(runner: &mut Runner, text: &str) -> Vec<String> {
    let ran = runner.run_text(1, text);
    assert_eq!(ran.error, None, "{text}");
    let last = ran.records.last().expect("ran");
    for r in &ran.records {
        assert!(r.ok, "line {}: {} -> {}", r.line, r.command, r.outcome());
    }
    last.output.clone()
}

#[test]
fn the_windows_quickstart_vm_create_line_parses_and_records_its_flags() {
    // learn.microsoft.com/azure/virtual-machines/windows/disk-encryption-cli-quickstart
    let mut r = Runner::new(1);
    run(
        &mut r,
        "az vm create --resource-group rg --name MyVM -l westeurope --image win2016datacenter \
         --admin-username azureuser --admin-password 'myPassword12' --size Standard_D2s_v3",
    );
    let vm = r.world().vm("MyVM").expect("created");
    assert!(vm.is_windows());
    assert_eq!(vm.profile.size, "Standard_D2s_v3");
    assert_eq!(vm.profile.admin_username, "azureuser");
    assert!(vm.profile.password_auth);
    // The password is never kept: the canonical line shows where it went.
    let line = keyfall_core::parse_line(
        "az vm create -g rg -n v -l westeurope --image Win2022Datacenter --admin-password secret",
    )
    .expect("parses")
    .expect("a command")
    .to_string();
    assert!(line.ends_with("--admin-password ***"), "{line}");
    assert!(!line.contains("secret"));
}

#[test]
fn the_os_type_follows_the_image_alias_or_urn() {
    let mut r = Runner::new(1);
    run(
        &mut r,
        "az vm create -g rg -n lin -l westeurope --image Canonical:UbuntuServer:20.04-LTS:latest --generate-ssh-keys\n\
         az vm create -g rg -n win -l westeurope --image MicrosoftWindowsServer:WindowsServer:2019-Datacenter:latest --admin-password x",
    );
    let mut os = |name: &str| {
        let out = run(
            &mut r,
            &format!("az vm show -g rg -n {name} --query storageProfile.osDisk.osType -o tsv"),
        );
        out.join("")
    };
    assert_eq!(os("lin"), "Linux");
    assert_eq!(os("win"), "Windows");
}

#[test]
fn the_sse_cmk_page_runs_with_set_ids_and_shows_the_set_on_every_disk() {
    // The page as the Learn corpus holds it (tests/learn/sse-cmk-cli.sh): vault, key, set, the
    // set's identity granted get/wrapKey/unwrapKey (R32), a VM whose disks use the set by ARM id,
    // then a rotation and `disk-encryption-set update --key-url` (R34's move).
    let mut r = Runner::new(1);
    run(&mut r, include_str!("learn/sse-cmk-cli.sh"));
    let des_id = r.env().get("diskEncryptionSetId").expect("set").to_owned();
    let q = |r: &mut Runner, query: &str| {
        run(
            r,
            &format!("az vm show -g $rgName -n $vmName --query \"{query}\" -o tsv"),
        )
        .join("\n")
    };
    assert_eq!(
        q(
            &mut r,
            "storageProfile.osDisk.managedDisk.diskEncryptionSet.id"
        ),
        des_id
    );
    assert_eq!(
        q(
            &mut r,
            "storageProfile.dataDisks[].managedDisk.diskEncryptionSet.id"
        ),
        format!("{des_id}\n{des_id}")
    );
    assert_eq!(
        q(&mut r, "storageProfile.dataDisks[].diskSizeGb"),
        "128\n128"
    );
    assert_eq!(q(&mut r, "hardwareProfile.vmSize"), "Standard_DS3_V2");
    assert_eq!(
        q(
            &mut r,
            "osProfile.linuxConfiguration.disablePasswordAuthentication"
        ),
        "true"
    );
    // --encryption-at-host needs the subscription feature (tests/host_encryption.rs), and is
    // shown as securityProfile.encryptionAtHost.
    run(
        &mut r,
        "az feature register --namespace Microsoft.Compute --name EncryptionAtHost\nsim advance 5m",
    );
    run(
        &mut r,
        "az vm create -g $rgName -n eah --image Ubuntu2204 --encryption-at-host true",
    );
    assert_eq!(
        run(
            &mut r,
            "az vm show -g $rgName -n eah --query securityProfile.encryptionAtHost -o json"
        )
        .join(""),
        "true"
    );
    // `-d` adds the power state; `az vm list` holds the same model.
    assert_eq!(
        run(
            &mut r,
            "az vm show -g $rgName -n $vmName -d --query powerState -o tsv"
        )
        .join(""),
        "VM running"
    );
    assert_eq!(
        run(&mut r, "az vm list -g $rgName --query [].name -o tsv").join("\n"),
        "eah\nyourVMName"
    );

    // The page ends by pointing the set at the rotated version.
    let url = r.env().get("keyVaultKeyUrl").expect("set").to_owned();
    let set = |r: &mut Runner, query: &str| {
        run(
            r,
            &format!("az disk-encryption-set show -n $diskEncryptionSetName -g $rgName --query {query} -o tsv"),
        )
        .join("")
    };
    assert_eq!(set(&mut r, "activeKey.keyUrl"), url);
    assert_eq!(
        set(&mut r, "activeKey.sourceVault.id"),
        r.env().get("keyVaultId").expect("set")
    );
    run(&mut r, "sim advance 2h");
    let vm = r.world().vm("yourVMName").expect("vm");
    let cmk = vm.cmk.as_ref().expect("cmk");
    assert!(url.ends_with(&cmk.key_version), "{url} {}", cmk.key_version);
}

#[test]
fn data_disk_sets_must_match_the_data_disks() {
    let mut r = Runner::new(1);
    let ran = r.run_text(
        1,
        "az vm create -g rg -n v -l westeurope --image Ubuntu2204 --data-disk-sizes-gb 10 --data-disk-encryption-sets a b",
    );
    let rec = ran.records.last().expect("ran");
    assert!(!rec.ok);
    assert!(
        rec.outcome()
            .contains("mismatches with number of data disks"),
        "{}",
        rec.outcome()
    );
}

#[test]
fn disk_show_prints_the_encryption_type_the_set_and_ade_settings() {
    let mut r = Runner::new(1);
    run(
        &mut r,
        "az keyvault create -n kv -g rg -l westeurope --enabled-for-disk-encryption true --enable-rbac-authorization false\n\
         az keyvault key create --vault-name kv -n kek --size 3072\n\
         az vm create -g rg -n vm1 -l westeurope --image Win2022Datacenter --admin-password x --data-disk-sizes-gb 64\n\
         az vm encryption enable -g rg -n vm1 --disk-encryption-keyvault kv --key-encryption-key kek",
    );
    let show = |r: &mut Runner, disk: &str, q: &str| {
        run(
            r,
            &format!("az disk show -g rg -n {disk} --query \"{q}\" -o tsv"),
        )
        .join("\n")
    };
    assert_eq!(
        show(&mut r, "vm1-os", "encryption.type"),
        "EncryptionAtRestWithPlatformKey"
    );
    assert_eq!(
        show(&mut r, "vm1-os", "encryptionSettingsCollection.enabled"),
        "true"
    );
    assert!(
        show(
            &mut r,
            "vm1-os",
            "encryptionSettingsCollection.encryptionSettings[0].keyEncryptionKey.keyUrl"
        )
        .starts_with("https://kv.vault.azure.net/keys/kek/")
    );
    assert_eq!(show(&mut r, "vm1-data0", "diskSizeGb"), "64");
    let ran = r.run_text(1, "az disk show -g rg -n nope");
    assert!(!ran.records.last().expect("ran").ok);
    // An empty disk stays outside the simulation, with the message that says so (an upload
    // disk and a copy are modelled: tests/host_encryption.rs).
    let ran = r.run_text(1, "az disk create -g rg -n d -z 10");
    let rec = ran.records.last().expect("ran");
    assert!(!rec.ok);
    assert!(
        rec.message.contains("does not model empty managed disks"),
        "{}",
        rec.message
    );
    assert!(r.world().managed_disks().next().is_none());
}
