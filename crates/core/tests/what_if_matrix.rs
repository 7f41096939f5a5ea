//! The what-if matrix: every destructive command against every object, generated from the
//! world, with the same diffs as asking `what_if` one command at a time.

use keyfall_core::{
    AssetId, Command, ObjectKind, ObjectOp, ObjectRef, Runner, VaultUpdate, World, builtin_lessons,
    parse_scenario,
};

fn lesson_world(file: &str) -> World {
    let (_, text) = builtin_lessons()
        .into_iter()
        .find(|(f, _)| *f == file)
        .expect("lesson exists");
    let scenario = parse_scenario(text).expect("parses");
    let mut runner = Runner::new(scenario.seed.unwrap_or(1));
    runner.run_scenario(&scenario, true).expect("runs");
    runner.world().clone()
}

#[test]
fn matrix_covers_every_object_and_agrees_with_what_if() {
    // Lesson 5: a rotated KEK with two versions, a BEK secret, a backup vault with two points.
    let w = lesson_world("05-rotate-the-kek.kf");
    let matrix = w.what_if_matrix();
    let commands: Vec<&Command> = matrix.iter().map(|(c, _)| c).collect();
    assert_eq!(commands.len(), w.destructive_commands().len());
    for v in w.vaults().filter(|v| v.deleted.is_none()) {
        assert!(commands.contains(&&Command::VaultDelete {
            name: v.name.clone()
        }));
        for k in v.keys.values() {
            let delete = Command::object(ObjectKind::Key, &v.name, &k.name, ObjectOp::Delete);
            assert!(commands.contains(&&delete), "{delete}");
            let disables = commands
                .iter()
                .filter(|c| {
                    matches!(c, Command::Object { kind: ObjectKind::Key, object: ObjectRef { name, .. }, op: ObjectOp::SetAttributes { enabled: Some(false), .. }, .. } if *name == k.name)
                })
                .count();
            let enabled = k.versions.iter().filter(|x| x.attributes.enabled).count();
            assert_eq!(
                disables, enabled,
                "one disable per enabled version of {}",
                k.name
            );
        }
        for s in v.secrets.values() {
            assert!(commands.contains(&&Command::object(
                ObjectKind::Secret,
                &v.name,
                &s.name,
                ObjectOp::Delete
            )));
        }
        assert_eq!(
            commands
                .iter()
                .filter(|c| matches!(c, Command::DeletePolicy { vault, .. } if *vault == v.name))
                .count(),
            v.policies.len()
        );
    }
    for (cmd, diff) in &matrix {
        assert_eq!(diff, &w.what_if(cmd), "{cmd}");
    }
    // The matrix must see something: deleting the KEK puts vm1 and both points at risk.
    let kek = matrix
        .iter()
        .find(|(c, _)| matches!(c, Command::Object { kind: ObjectKind::Key, object: ObjectRef { name, .. }, op: ObjectOp::Delete, .. } if name == "kek"))
        .expect("kek delete is in the matrix");
    assert!(!kek.1.changes.is_empty(), "{:?}", kek.1);
}

#[test]
fn matrix_purges_only_soft_deleted_objects() {
    // Lesson 4 ends with soft-deleted objects in the world.
    let w = lesson_world("04-soft-delete-and-purge.kf");
    for c in w.destructive_commands() {
        if let Command::Object {
            kind,
            object,
            op: ObjectOp::Purge,
        } = &c
        {
            let v = w.vault(&object.vault).expect("exists");
            let deleted = match kind {
                ObjectKind::Key => v.keys.get(&object.name).map(|k| k.deleted.is_some()),
                ObjectKind::Secret => v.secrets.get(&object.name).map(|s| s.deleted.is_some()),
            };
            assert_eq!(deleted, Some(true), "{c}");
        }
    }
}

#[test]
fn large_world_matrix_agrees_with_what_if() {
    // The budgeted world: every command kind is in the sample (vaults, switches, policies, keys,
    // secrets, VMs), checked against a full health report on a clone.
    let w = keyfall_core::large_world(keyfall_core::LARGE_WORLD_SEED);
    let matrix = w.what_if_matrix();
    assert_eq!(matrix.len(), w.destructive_commands().len());
    let mut seen = std::collections::HashSet::new();
    for (i, (cmd, diff)) in matrix.iter().enumerate() {
        let kind = std::mem::discriminant(cmd);
        if seen.insert(kind) || i % 12 == 0 {
            assert_eq!(diff, &w.what_if(cmd), "{cmd}");
        }
    }
    assert!(matrix.iter().any(|(_, d)| !d.changes.is_empty()));
}

fn script_world(script: &str) -> World {
    let script = keyfall_core::parse_script(script).expect("parses");
    let mut w = World::new(11);
    for l in &script.lines {
        if let Err(e) = w.apply(&l.command) {
            panic!("line {}: {} -> {e}", l.line, l.command);
        }
    }
    w
}

fn assert_matrix_agrees(w: &World) {
    let matrix = w.what_if_matrix();
    assert_eq!(matrix.len(), w.destructive_commands().len());
    for (cmd, diff) in &matrix {
        assert_eq!(diff, &w.what_if(cmd), "{cmd}");
    }
}

#[test]
fn matrix_agrees_when_deadlines_fall_inside_the_cmk_probe() {
    // The CMK check advances the clock two hours on a clone, and the clock's purges and
    // rotations read only deadlines up to then. Here soft-deleted objects and a rotation policy
    // fall due inside that window, in the CMK vault and in another one, so purging them (and
    // every other destructive command) must still give the diffs of a full recomputation.
    let w = script_world(
        "az keyvault create --name kv --resource-group rg --location westeurope --retention-days 7 --enable-purge-protection true --enable-rbac-authorization false
az keyvault key create --vault-name kv --name cmk --kty RSA --size 3072
az disk-encryption-set create --name des1 --resource-group rg --location westeurope --source-vault kv --key-url https://kv.vault.azure.net/keys/cmk/@1 --enable-auto-key-rotation true
az keyvault set-policy --name kv --spn des1 --key-permissions get wrapKey unwrapKey
az vm create --name vm1 --resource-group rg --location westeurope --image Ubuntu2204 --os-disk-encryption-set des1
sim write vm1 /data/x \"42\"
az keyvault set-policy --name kv --upn admin@contoso.com --key-permissions get list create delete recover purge rotate setrotationpolicy
az keyvault key rotation-policy update --vault-name kv --name cmk --value '{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"P7D\"},\"action\":{\"type\":\"Rotate\"}}]}'
az keyvault create --name kv2 --resource-group rg --location westeurope --retention-days 7 --enable-rbac-authorization false
az keyvault key create --vault-name kv2 --name soon --kty RSA --size 2048
az keyvault secret set --vault-name kv2 --name s1 --value v
az keyvault key delete --vault-name kv2 --name soon
az keyvault secret delete --vault-name kv2 --name s1
az keyvault key create --vault-name kv --name other --kty RSA --size 2048
az keyvault key delete --vault-name kv --name other
sim advance 6d
sim advance 23h
",
    );
    assert!(w.health().get(&AssetId::Disk("vm1-os".into())).is_some());
    assert_matrix_agrees(&w);
}

#[test]
fn matrix_agrees_when_policies_change_per_principal() {
    // Authorization reads are recorded per principal: removing one principal's access policy
    // reruns only the checks that authorized that principal. Here the platform reads the BEK
    // through a policy as well as the switch, and backup's own identity has one too.
    let w = script_world(
        "az keyvault create --name kv --resource-group rg --location westeurope --enabled-for-disk-encryption true --retention-days 7 --enable-rbac-authorization false
az keyvault set-policy --name kv --spn platform-ade --secret-permissions get --key-permissions unwrapKey wrapKey
az keyvault set-policy --name kv --spn azure-backup --key-permissions get list backup --secret-permissions get list backup
az keyvault key create --vault-name kv --name kek --kty RSA --size 3072
az vm create --name vm1 --resource-group rg --location westeurope --image Ubuntu2204
az vm encryption enable --name vm1 --resource-group rg --disk-encryption-keyvault kv --key-encryption-key kek --volume-type ALL
az backup vault create --name rsv --resource-group rg --location westeurope
az backup protection enable-for-vm --vault-name rsv --resource-group rg --vm vm1 --policy-name DefaultPolicy
az backup protection backup-now --vault-name rsv --resource-group rg --container-name vm1 --item-name vm1
az vm deallocate --name vm1 --resource-group rg
",
    );
    assert_matrix_agrees(&w);
    // Without the switch, the platform's own policy is what the checks read.
    let mut off = w.clone();
    off.apply(&Command::VaultUpdate(VaultUpdate {
        name: "kv".into(),
        enabled_for_disk_encryption: Some(false),
        enabled_for_deployment: None,
        enabled_for_template_deployment: None,
        enable_purge_protection: None,
        enable_rbac_authorization: None,
    }))
    .expect("switch off");
    assert_matrix_agrees(&off);
    let m = off.what_if_matrix();
    let drop_platform = m
        .iter()
        .find(|(c, _)| matches!(c, Command::DeletePolicy { principal: keyfall_core::PrincipalRef::Spn(p), .. } if p == "platform-ade"))
        .expect("the platform's policy can be removed");
    assert!(!drop_platform.1.changes.is_empty(), "{:?}", drop_platform.1);
}
