//! What a command would do to the report: [`World::what_if`] for one command, and the matrix of
//! every destructive command, which reruns only the checks a command's changes can reach.

use std::collections::BTreeMap;

use crate::asset::AssetId;
use crate::command::{Command, ObjectOp, PrincipalRef, RoleAssignment, VaultUpdate, VersionRef};
use crate::vocab::Power;
use crate::world::tracked::{Probe, Readers};
use crate::world::{ObjectKind, PowerState, World};

use super::fixes::FixMemo;
use super::report::{HealthDiff, HealthReport, Verdict, VerdictChange};

impl World {
    /// The health diff `cmd` would cause, computed on a fork; this world is untouched.
    pub fn what_if(&self, cmd: &Command) -> HealthDiff {
        self.what_if_from(&self.health(), cmd)
    }

    /// [`World::what_if`] with this world's report already computed.
    fn what_if_from(&self, before: &HealthReport, cmd: &Command) -> HealthDiff {
        // A fork: the verdicts read no log, so the copy leaves the audit log and events behind.
        let mut c = self.fork();
        let result = c.apply(cmd).map(|o| o.message).map_err(|e| e.to_string());
        let after = c.health();
        let verdicts = |r: &HealthReport| -> Vec<(AssetId, Verdict)> {
            r.assets
                .iter()
                .map(|a| (a.asset.clone(), a.verdict))
                .collect()
        };
        HealthDiff {
            changes: {
                let before = verdicts(before);
                diff_verdicts(&before, &first_of_each(&before), &verdicts(&after))
            },
            result,
        }
    }

    /// Every destructive command against every object of this world, generated from its objects:
    /// for each live vault, `keyvault delete`, each vault switch that is on turned off, and the
    /// removal of each access policy and role assignment; for each live key and secret, `delete`
    /// and disabling each enabled version; for each soft-deleted vault, key or secret, `purge`;
    /// for each VM, `deallocate` (R17's trigger) and, when encrypted, `encryption disable`.
    ///
    /// Purge is generated only for soft-deleted objects: on a live one the command fails
    /// without touching anything, so its diff is known to be empty.
    pub fn destructive_commands(&self) -> Vec<Command> {
        let mut out = Vec::new();
        for v in self.vaults() {
            let vault = v.name.clone();
            if v.deleted.is_some() {
                out.push(Command::VaultPurge { name: vault });
                continue;
            }
            out.push(Command::VaultDelete {
                name: vault.clone(),
            });
            let off = Some(false);
            let switches = [
                (v.enabled_for_disk_encryption, 0),
                (v.enabled_for_deployment, 1),
                (v.enabled_for_template_deployment, 2),
            ];
            for (_, which) in switches.iter().filter(|(on, _)| *on) {
                out.push(Command::VaultUpdate(VaultUpdate {
                    name: vault.clone(),
                    enabled_for_disk_encryption: off.filter(|_| *which == 0),
                    enabled_for_deployment: off.filter(|_| *which == 1),
                    enabled_for_template_deployment: off.filter(|_| *which == 2),
                    enable_purge_protection: None,
                    enable_rbac_authorization: None,
                }));
            }
            for p in &v.policies {
                let principal = match self.principals.get(&p.principal).map(|p| p.kind) {
                    Some(crate::world::PrincipalKind::User) => {
                        PrincipalRef::Upn(p.principal.clone())
                    }
                    _ => PrincipalRef::Spn(p.principal.clone()),
                };
                out.push(Command::DeletePolicy {
                    vault: vault.clone(),
                    principal,
                });
            }
            for grant in &v.role_assignments {
                out.push(Command::RoleAssignmentDelete(
                    RoleAssignment {
                        assignee: grant.principal.clone(),
                        role: grant.role,
                        scope: v.scope_of(grant),
                    }
                    .into(),
                ));
            }
            // Keys, then secrets: a soft-deleted one can only be purged; a live one deleted, or
            // each enabled version disabled.
            let keys = v.keys.values().map(|k| {
                let enabled = k.versions.iter().filter(|x| x.attributes.enabled);
                let ids: Vec<&str> = enabled.map(|x| x.id.as_str()).collect();
                (ObjectKind::Key, &k.name, k.deleted.is_some(), ids)
            });
            let secrets = v.secrets.values().map(|s| {
                let enabled = s.versions.iter().filter(|x| x.attributes.enabled);
                let ids: Vec<&str> = enabled.map(|x| x.id.as_str()).collect();
                (ObjectKind::Secret, &s.name, s.deleted.is_some(), ids)
            });
            for (kind, name, deleted, enabled) in keys.chain(secrets) {
                if deleted {
                    out.push(Command::object(kind, &vault, name, ObjectOp::Purge));
                    continue;
                }
                out.push(Command::object(kind, &vault, name, ObjectOp::Delete));
                out.extend(enabled.into_iter().map(|id| {
                    let disable = ObjectOp::SetAttributes {
                        version: Some(VersionRef::Id(id.to_owned())),
                        enabled: Some(false),
                        not_before: None,
                        expires: None,
                    };
                    Command::object(kind, &vault, name, disable)
                }));
            }
        }
        for vm in self.vms() {
            let (name, rg) = (vm.name.clone(), vm.resource_group.clone());
            if vm.power != PowerState::Deallocated {
                out.push(Command::vm_power(Power::Deallocate, &name, &rg));
            }
            if vm.ade.is_some() {
                out.push(Command::EncryptionDisable {
                    vm: name,
                    resource_group: rg,
                    volume_type: None,
                    force: false,
                });
            }
        }
        out
    }

    /// What each of [`World::destructive_commands`] would do to the health report: the same
    /// diffs as calling [`World::what_if`] for each.
    ///
    /// Every verdict still comes from trying the operations. Each asset's check is first run on
    /// a fork that records which vaults (down to the key or secret a vault call is about) and
    /// which VMs it read. Each command is then applied to a fork, and an asset is tried again
    /// on that fork when the command changed something its check read; otherwise its check
    /// would read exactly the same state, so its verdict is the one already computed. When the
    /// command changed anything reads are not recorded for (the clock, recovery points,
    /// principals, Disk Encryption Sets...), every asset is tried again. Authorization is recorded
    /// per principal (its policy and role assignments), the clock's purges and rotations as the
    /// deadlines they reached, and checks run in verdict-only mode: no data reads, causes or fix
    /// search that cannot change the verdict. The checks tried again after one command share
    /// the worlds their fix searches reach (`FixMemo`): the recovery points of one VM call
    /// for the same fix.
    pub fn what_if_matrix(&self) -> Vec<(Command, HealthDiff)> {
        // One probe for the whole run: it records each check's reads, and remembers the
        // wrapped keys and disk sectors opened, which are opened again and again across commands.
        let probe = Probe::default();
        let refs = self.asset_refs();
        let mut before = Vec::with_capacity(refs.len());
        let mut reads = Vec::with_capacity(refs.len());
        let mut readers = Readers::default();
        for (i, a) in refs.iter().enumerate() {
            let verdict = self.recording(&probe).asset_verdict(a, None);
            let deps = probe.take_reads();
            readers.add(i, &deps);
            before.push((a.id(), verdict));
            reads.push(deps);
        }
        let index = first_of_each(&before);
        // With every asset id distinct, a command that leaves the list of assets as it is
        // changes exactly the verdicts that differ position by position.
        let distinct = index.len() == before.len();
        self.destructive_commands()
            .into_iter()
            .map(|cmd| {
                let mut c = self.with_memo(&probe);
                let result = c.apply(&cmd).map(|o| o.message).map_err(|e| e.to_string());
                let changes = c.changes_from(self);
                let mut memo = FixMemo::default();
                // The assets whose reads name what changed: only their checks can see it.
                let mut may = vec![false; refs.len()];
                if let Some(ch) = &changes {
                    readers.mark(ch, &mut may);
                }
                let kept = |i: usize| {
                    let ch = changes.as_ref()?;
                    let deps = &reads[i];
                    (!may[i] || !ch.touches(deps)).then_some(before[i].1)
                };
                if let Some(ch) = changes
                    .as_ref()
                    .filter(|ch| distinct && c.same_assets(self, ch))
                {
                    let mut out = Vec::new();
                    if !ch.is_empty() {
                        // An asset kept is one whose verdict stays: only the others can differ.
                        for (i, a) in refs.iter().enumerate().filter(|(i, _)| may[*i]) {
                            let verdict =
                                kept(i).unwrap_or_else(|| c.asset_verdict(a, Some(&mut memo)));
                            let (id, was) = &before[i];
                            if verdict != *was {
                                out.push(VerdictChange {
                                    asset: id.clone(),
                                    before: Some(*was),
                                    after: Some(verdict),
                                });
                            }
                        }
                    }
                    return (
                        cmd,
                        HealthDiff {
                            changes: out,
                            result,
                        },
                    );
                }
                let after: Vec<(AssetId, Verdict)> = c
                    .asset_refs()
                    .iter()
                    .map(|a| {
                        let id = a.id();
                        let verdict = index
                            .get(&id)
                            .and_then(|i| kept(*i))
                            .unwrap_or_else(|| c.asset_verdict(a, Some(&mut memo)));
                        (id, verdict)
                    })
                    .collect();
                let changes = diff_verdicts(&before, &index, &after);
                (cmd, HealthDiff { changes, result })
            })
            .collect()
    }
}

/// The index of each asset id's first entry in `list`: the first entry of an id wins, as
/// `HealthReport::get` finds it. An index rather than the verdict, so the what-if matrix looks
/// entries up with this same map (one map type fewer in the wasm).
fn first_of_each(list: &[(AssetId, Verdict)]) -> BTreeMap<&AssetId, usize> {
    let mut first = BTreeMap::new();
    for (i, (id, _)) in list.iter().enumerate() {
        first.entry(id).or_insert(i);
    }
    first
}

/// The verdicts that differ between two reports (by asset id), then the assets that are gone.
/// `b` is [`first_of_each`] of `before`.
fn diff_verdicts(
    before: &[(AssetId, Verdict)],
    b: &BTreeMap<&AssetId, usize>,
    after: &[(AssetId, Verdict)],
) -> Vec<VerdictChange> {
    let a = first_of_each(after);
    let mut changes = Vec::new();
    for (id, v) in after {
        let was = b.get(&id).map(|&i| before[i].1);
        if was != Some(*v) {
            changes.push(VerdictChange {
                asset: id.clone(),
                before: was,
                after: Some(*v),
            });
        }
    }
    for (id, v) in before {
        if !a.contains_key(id) {
            changes.push(VerdictChange {
                asset: id.clone(),
                before: Some(*v),
                after: None,
            });
        }
    }
    changes
}
