//! Each asset's check, tried on forks of the world: a VM's deallocate and start, a recovery
//! point's restore, a CMK disk's next hours.

use crate::asset::{AssetId, PointRef};
use crate::command::Command;
use crate::error::SimError;
use crate::time::SimDuration;
use crate::vocab::Power;
use crate::world::{ADMIN, PowerState, World};

use super::explain::{cause, try_check};
use super::fixes::{FixMemo, find_fixes};
use super::report::{AssetHealth, HealthReport, Verdict};
use super::retirement::{retired, retired_note, retirement_risk};

/// A check: operations tried on a fork of the world, failing when one of them fails.
pub(super) type Check<'a> = &'a dyn Fn(&mut World) -> Result<(), SimError>;

/// A VM's check: deallocate, then start, so the platform fetches and unwraps its key (R17).
pub(super) fn vm_cycle(name: String) -> impl Fn(&mut World) -> Result<(), SimError> {
    move |w: &mut World| {
        // The VM's own group: a session that created its groups refuses any other.
        let rg = w
            .vm(&name)
            .map(|v| v.resource_group.clone())
            .unwrap_or_default();
        w.apply(&Command::vm_power(Power::Deallocate, &name, &rg))?;
        w.apply(&Command::vm_power(Power::Start, &name, &rg))?;
        Ok(())
    }
}

impl World {
    /// The health report: every VM, recovery point, secret and CMK disk, tried for real on
    /// clones of this world.
    pub fn health(&self) -> HealthReport {
        let mut access: Option<(String, Vec<String>)> = None;
        let assets = self
            .asset_refs()
            .iter()
            .map(|a| match a {
                AssetRef::Secret(vault, name) => {
                    if access.as_ref().is_none_or(|(v, _)| v != vault) {
                        let readers = self
                            .effective_access(vault)
                            .iter()
                            .filter(|a| a.capability == "secrets/get")
                            .map(|a| format!("{} via {}", a.principal, a.via))
                            .collect();
                        access = Some((vault.clone(), readers));
                    }
                    let readers = access.as_ref().map(|(_, r)| r.clone()).unwrap_or_default();
                    self.secret_health(vault, name, readers)
                }
                _ => self.asset_health(a),
            })
            .collect();
        HealthReport { assets }
    }

    /// Every asset the report covers, in its order.
    pub(super) fn asset_refs(&self) -> Vec<AssetRef> {
        let mut out: Vec<AssetRef> = self.vms().map(|v| AssetRef::Vm(v.name.clone())).collect();
        for r in self.recovery_vaults() {
            for (item, it) in &r.items {
                for p in &it.points {
                    out.push(AssetRef::Rp(PointRef::new(&r.name, item, &p.name)));
                }
            }
        }
        for v in self.vaults().filter(|v| v.deleted.is_none()) {
            for s in v.secrets.values() {
                out.push(AssetRef::Secret(v.name.clone(), s.name.clone()));
            }
        }
        for vm in self.vms().filter(|v| v.cmk.is_some()) {
            out.push(AssetRef::Cmk(vm.name.clone(), vm.disk_name.clone()));
        }
        out
    }

    /// One VM, recovery point or CMK disk (secrets need their vault's readers:
    /// [`World::secret_health`]).
    fn asset_health(&self, a: &AssetRef) -> AssetHealth {
        self.asset_check(a, true, None)
    }

    /// One asset's health; with `full` false, only what its verdict needs is tried (the verdict
    /// is the same): no data reads, no causes, and no fix search when any outcome of it gives
    /// the same verdict. The other fields are then incomplete.
    /// A recovery point's fix search shares `memo` (see [`FixMemo`]) when given.
    fn asset_check(&self, a: &AssetRef, full: bool, memo: Option<&mut FixMemo>) -> AssetHealth {
        match a {
            AssetRef::Vm(name) => self.vm_health(name, full),
            AssetRef::Rp(point) => self.rp_health(point, full, memo),
            AssetRef::Cmk(vm, disk) => self.cmk_health(vm, disk, full),
            AssetRef::Secret(vault, name) => self.secret_health(vault, name, Vec::new()),
        }
    }

    /// Only the verdict of one asset; fix searches share `memo`, made for this world, when
    /// given.
    pub(super) fn asset_verdict(&self, a: &AssetRef, memo: Option<&mut FixMemo>) -> Verdict {
        match a {
            AssetRef::Secret(vault, name) => self.secret_verdict(vault, name),
            _ => self.asset_check(a, false, memo).verdict,
        }
    }

    pub(super) fn secret_verdict(&self, vault: &str, name: &str) -> Verdict {
        let deleted = self
            .vault(vault)
            .and_then(|v| v.secrets.get(name))
            .is_some_and(|s| s.deleted.is_some());
        if deleted {
            Verdict::AtRisk
        } else {
            Verdict::Ok
        }
    }

    fn secret_health(&self, vault: &str, name: &str, readers: Vec<String>) -> AssetHealth {
        let mut notes = readers;
        let deleted = self
            .vault(vault)
            .and_then(|v| v.secrets.get(name))
            .and_then(|s| s.deleted);
        if let Some(d) = deleted {
            notes.push(format!("soft-deleted: purged at {}", d.purge_at));
        }
        AssetHealth {
            asset: AssetId::secret(vault, name),
            verdict: self.secret_verdict(vault, name),
            checks: Vec::new(),
            notes,
            causes: Vec::new(),
            fixes: Vec::new(),
        }
    }

    fn latest_rp_of(&self, vm: &str) -> Option<PointRef> {
        self.recovery_vaults().find_map(|r| {
            r.items
                .get(vm)
                .and_then(|i| i.points.last())
                .map(|p| PointRef::new(&r.name, vm, &p.name))
        })
    }

    fn vm_health(&self, name: &str, full: bool) -> AssetHealth {
        let Some(vm) = self.vm(name) else {
            return AssetHealth {
                asset: AssetId::Vm(name.into()),
                verdict: Verdict::Lost,
                checks: Vec::new(),
                notes: Vec::new(),
                causes: Vec::new(),
                fixes: Vec::new(),
            };
        };
        let runs = vm.is_up();
        let cycle = vm_cycle(name.to_owned());
        let boot = try_check(self, &cycle);
        let boots = boot.is_ok();
        let readable = full && {
            let mut c = self.fork();
            if !runs {
                let _ = cycle(&mut c);
            }
            let paths = c.file_paths(name);
            !paths.is_empty()
                && paths.iter().all(|p| {
                    c.apply(&Command::Read {
                        vm: name.to_owned(),
                        path: p.clone(),
                    })
                    .is_ok()
                })
        };
        let rp = self.latest_rp_of(name);
        let mut causes = Vec::new();
        let mut fixes = Vec::new();
        let verdict = match (runs, &boot) {
            (true, Ok(())) => Verdict::Ok,
            (false, Ok(())) if vm.power == PowerState::Deallocated || !vm.at_recovery_screen => {
                if vm.at_recovery_screen || vm.shut_down_by_cmk {
                    for power in [Power::Deallocate, Power::Start] {
                        fixes.push(Command::vm_power(power, name, &vm.resource_group));
                    }
                    Verdict::Broken
                } else {
                    Verdict::Ok
                }
            }
            (_, Ok(())) => Verdict::Broken,
            // Running, it is at risk whether or not a fix is found.
            (true, Err(_)) if !full => Verdict::AtRisk,
            (_, Err(f)) => {
                if full {
                    causes = cause(self, f.clone());
                }
                let found = find_fixes(self, &cycle, rp.as_ref(), f.clone(), None);
                match (runs, found) {
                    (true, Some(f)) => {
                        fixes = f;
                        Verdict::AtRisk
                    }
                    (true, None) => Verdict::AtRisk,
                    (false, Some(f)) => {
                        fixes = f;
                        Verdict::Broken
                    }
                    (false, None) => Verdict::Lost,
                }
            }
        };
        // ADE's retirement (Learn's notice on every ADE page): a VM still encrypted with ADE
        // boots today but not from 2028-09-15, tried on a fork set to that day. Within the
        // report's horizon that dated break makes it at risk, the retirement's call its cause;
        // further off it is a note with the date, and the verdict stays today's
        // (`retirement.rs`, docs/fidelity.md).
        let mut notes = Vec::new();
        let mut verdict = verdict;
        let dated = (vm.ade.is_some() && (full || verdict == Verdict::Ok))
            .then(|| retirement_risk(self, &cycle, full))
            .flatten();
        if let Some(r) = dated {
            if full {
                notes.push(r.note(
                    &format!("{name}'s disks fail to unlock at its next boot"),
                    "Migrate it to encryption at host.",
                ));
            }
            if r.near {
                if verdict == Verdict::Ok {
                    verdict = Verdict::AtRisk;
                }
                if full {
                    causes.extend(cause(self, r.failure));
                }
            }
        }
        // Past the date the VM's own boot check meets the retirement: say so in words.
        if full && retired(&boot) {
            notes.push(retired_note(&format!(
                "the platform no longer unlocks {name}'s ADE disks at a boot"
            )));
        }
        AssetHealth {
            asset: AssetId::Vm(name.into()),
            verdict,
            checks: vec![
                ("runs now".to_owned(), runs),
                ("boots after deallocate/start".to_owned(), boots),
                ("data readable".to_owned(), readable),
            ],
            notes,
            causes,
            fixes,
        }
    }

    fn rp_health(&self, point: &PointRef, full: bool, memo: Option<&mut FixMemo>) -> AssetHealth {
        // The restore as the admin would run it, up to the boot of the VM it makes: the same
        // authorization and the same calls, without building the VM (R28-R30).
        let restore = |w: &mut World| {
            let who = w.resolve_principal(ADMIN)?;
            w.try_restore(&who, point)
        };
        let as_is = try_check(self, &restore);
        let mut causes = Vec::new();
        let mut fixes = Vec::new();
        let mut verdict = match &as_is {
            Ok(()) => Verdict::Ok,
            Err(f) => {
                if full {
                    causes = cause(self, f.clone());
                }
                match find_fixes(self, &restore, Some(point), f.clone(), memo) {
                    Some(f) => {
                        fixes = f;
                        Verdict::Broken
                    }
                    None => Verdict::Lost,
                }
            }
        };
        // A point that holds ADE keys restores a VM the platform unlocks only until the
        // retirement ("All ADE-enabled VMs (including backups) must migrate"): within the
        // horizon it is at risk, tried as a restore on a fork set to that day. Only near the
        // date: a note on every ADE point for years would cost a restore per point per report.
        let mut notes = Vec::new();
        if verdict == Verdict::Ok
            && let Some(r) = retirement_risk(self, &restore, false)
        {
            verdict = Verdict::AtRisk;
            if full {
                notes.push(r.note(
                    "a VM restored from it fails to unlock its disks",
                    "Back the VM up again once it is migrated.",
                ));
                causes.extend(cause(self, r.failure));
            }
        }
        if full && retired(&as_is) {
            notes.push(retired_note(
                "a VM restored from this point holds ADE disks the platform no longer unlocks",
            ));
        }
        let after_keys = fixes
            .iter()
            .any(|c| matches!(c, Command::RestoreKeys { .. }));
        AssetHealth {
            asset: AssetId::RecoveryPoint(point.clone()),
            verdict,
            checks: vec![
                ("restorable as is".to_owned(), as_is.is_ok()),
                (
                    "restorable after restoring its key and secret".to_owned(),
                    as_is.is_ok() || verdict == Verdict::Broken && after_keys,
                ),
            ],
            notes,
            causes,
            fixes,
        }
    }

    fn cmk_health(&self, vm: &str, disk: &str, full: bool) -> AssetHealth {
        let accessible = self.vm(vm).is_some_and(|v| v.is_up());
        let mut notes = Vec::new();
        let mut causes = Vec::new();
        let mut fixes = Vec::new();
        let verdict = if accessible {
            // Step a clone's clock to see whether (and when) the disk goes dark.
            let mut c = self.fork();
            let mut dark_after = None;
            for quarter in 1..=8u64 {
                let _ = c.apply(&Command::Advance(SimDuration(900)));
                if !c.vm(vm).is_some_and(|v| v.is_up()) {
                    dark_after = Some(quarter * 15);
                    break;
                }
            }
            match dark_after {
                Some(m) => {
                    notes.push(format!("goes dark in about {m} minutes"));
                    Verdict::AtRisk
                }
                None => Verdict::Ok,
            }
        } else {
            let cycle = vm_cycle(vm.to_owned());
            match try_check(self, &cycle) {
                Ok(()) => Verdict::Broken,
                Err(f) => {
                    if full {
                        causes = cause(self, f.clone());
                    }
                    match find_fixes(self, &cycle, None, f, None) {
                        Some(f) => {
                            fixes = f;
                            Verdict::Broken
                        }
                        None => Verdict::Lost,
                    }
                }
            }
        };
        AssetHealth {
            asset: AssetId::Disk(disk.into()),
            verdict,
            checks: vec![("accessible now".to_owned(), accessible)],
            notes,
            causes,
            fixes,
        }
    }
}

/// An asset of the report.
#[derive(Debug, Clone)]
pub(super) enum AssetRef {
    Vm(String),
    Rp(PointRef),
    Secret(String, String),
    Cmk(String, String),
}

impl AssetRef {
    pub(super) fn id(&self) -> AssetId {
        match self {
            AssetRef::Vm(name) => AssetId::Vm(name.clone()),
            AssetRef::Rp(point) => AssetId::RecoveryPoint(point.clone()),
            AssetRef::Secret(vault, name) => AssetId::secret(vault, name),
            AssetRef::Cmk(_, disk) => AssetId::Disk(disk.clone()),
        }
    }
}
