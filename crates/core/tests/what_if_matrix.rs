//! The what-if matrix: every destructive command against every object, generated from the
//! world, with the same diffs as asking `what_if` one command at a time.

use keyfall_core::{Command, Runner, World, builtin_lessons, parse_scenario};

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
            let delete = Command::KeyDelete {
                vault: v.name.clone(),
                name: k.name.clone(),
            };
            assert!(commands.contains(&&delete), "{delete}");
            let disables = commands
                .iter()
                .filter(|c| {
                    matches!(c, Command::KeySetAttributes { name, enabled: Some(false), .. } if *name == k.name)
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
            assert!(commands.contains(&&Command::SecretDelete {
                vault: v.name.clone(),
                name: s.name.clone(),
            }));
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
        .find(|(c, _)| matches!(c, Command::KeyDelete { name, .. } if name == "kek"))
        .expect("kek delete is in the matrix");
    assert!(!kek.1.changes.is_empty(), "{:?}", kek.1);
}

#[test]
fn matrix_purges_only_soft_deleted_objects() {
    // Lesson 4 ends with soft-deleted objects in the world.
    let w = lesson_world("04-soft-delete-and-purge.kf");
    for c in w.destructive_commands() {
        if let Command::KeyPurge { vault, name } = &c {
            let key = w
                .vault(vault)
                .and_then(|v| v.keys.get(name))
                .expect("exists");
            assert!(key.deleted.is_some(), "{c}");
        }
        if let Command::SecretPurge { vault, name } = &c {
            let s = w
                .vault(vault)
                .and_then(|v| v.secrets.get(name))
                .expect("exists");
            assert!(s.deleted.is_some(), "{c}");
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
