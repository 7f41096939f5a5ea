//! Maps of vaults and VMs that are shared between forks (copied on first write), and the
//! [`Probe`] a world carries while the what-if matrix probes it.
//!
//! The matrix runs each asset's check on a fork of the world that carries a probe, which
//! records what the check read; then, after a command, it rechecks only the assets whose reads
//! meet what the command changed. Every read goes through the methods here (there is no `Deref`
//! to the map), so the compiler makes sure nothing reads a vault or a VM unseen. The probe also
//! holds the memo of opened blobs that the world's own open helpers consult.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::Arc;

use super::{NameMap, ObjectKind};
use crate::crypto::{DecryptFailed, Disk, OpenMemo, SymKey};
use crate::time::SimTime;

/// One thing a computation read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Dep {
    /// Every vault (an iteration over them).
    AllVaults,
    /// Everything in one vault (present or not).
    Vault(String),
    /// A vault's own fields but its access policies and role assignments: existence,
    /// soft-deletion, switches, location, subscription... (everything but its keys, secrets,
    /// policies and role assignments). Recorded inside a vault call, whose body reads no
    /// policies or role assignments: authorization reads them, and records [`Dep::VaultAuth`].
    VaultMeta(String),
    /// What authorizing one principal in a vault reads: the vault's own fields (as
    /// [`Dep::VaultMeta`]) and that principal's access policy and role assignments.
    VaultAuth(String, String),
    /// One key or secret of a vault, by name.
    VaultObj(String, ObjectKind, String),
    /// Every VM.
    AllVms,
    /// One VM (present or not).
    Vm(String),
    /// Which VMs there are with a customer-managed key (the set of names; reading one of them
    /// records it as [`Dep::Vm`]).
    CmkVms,
    /// Which VM holds which OS disk (the disk names; reading the VM found records it as
    /// [`Dep::Vm`]).
    VmDisks,
    /// The resource group and location of every vault and VM: what the resource groups implied
    /// by resources are made of.
    Groups,
    /// Which vaults, keys and secrets have a deadline (the end of a soft-delete retention, a
    /// rotation policy's next run) at or before this time, across every vault: what the clock's
    /// automatic purges and rotations look at. Later deadlines were not read.
    Deadlines(SimTime),
}

/// What a computation read, and the vault call it is inside (if any).
#[derive(Debug, Default)]
struct ReadSet {
    /// Each read once. Only membership matters, and a computation makes a few dozen distinct
    /// reads at most, so a `Vec` serves (a B-tree set of `Dep` would be code of its own in the
    /// wasm).
    deps: Vec<Dep>,
    /// Vault calls in progress: (vault, collection, object). Inside one, reading that vault
    /// reads only its own fields and the call's object.
    /// A call whose collection is not a key's or a secret's has no object kind, and reads of its
    /// vault are recorded whole.
    scopes: Vec<(String, Option<ObjectKind>, String)>,
}

impl ReadSet {
    fn record(&mut self, dep: Dep) {
        if !self.deps.contains(&dep) {
            self.deps.push(dep);
        }
    }
}

/// What a probed world records: the reads of the check running on it, and the blobs opened
/// (see [`OpenMemo`]).
#[derive(Debug, Default)]
struct ProbeState {
    reads: ReadSet,
    opened: OpenMemo,
}

/// The probe state of a what-if matrix run, carried by the forks it probes and by the forks
/// their checks make, which record into the same state: a check forks the world and runs
/// operations on the fork, and what the fork reads is what the check read. A world gets one only
/// from [`World::recording`] or [`World::with_memo`]; without one it records nothing and opens
/// every blob afresh.
///
/// The state sits in a `RefCell` because reads happen through `&self` accessors (`vault_ref`,
/// `vm_ref`...) throughout the simulation; it is single-threaded, like the world.
///
/// [`World::recording`]: super::World::recording
/// [`World::with_memo`]: super::World::with_memo
#[derive(Debug, Clone, Default)]
pub(crate) struct Probe(Rc<RefCell<ProbeState>>);

impl Probe {
    /// Takes what was read since the last call; the memo of opened blobs stays.
    pub(crate) fn take_reads(&self) -> Vec<Dep> {
        std::mem::take(&mut self.0.borrow_mut().reads.deps)
    }

    fn reads(&self) -> std::cell::RefMut<'_, ReadSet> {
        std::cell::RefMut::map(self.0.borrow_mut(), |p| &mut p.reads)
    }
}

/// Which map a [`Tracked`] is, for what its reads record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Vaults,
    Vms,
}

/// A name-keyed map of shared values that records reads into the world's probe, if it has one.
#[derive(Debug, Clone)]
pub(crate) struct Tracked<T> {
    /// Shared between clones too: copying a world (every `apply` does) copies no map until the
    /// copy writes to it.
    map: Arc<NameMap<Arc<T>>>,
    /// The world's own probe while its reads are recorded ([`World::recording`] sets both).
    ///
    /// [`World::recording`]: super::World::recording
    probe: Option<Probe>,
    kind: Kind,
}

impl<T: Clone> Tracked<T> {
    pub(crate) fn new(kind: Kind) -> Tracked<T> {
        Tracked {
            map: Arc::default(),
            probe: None,
            kind,
        }
    }

    /// Records `dep` (a read coarser or finer than one value).
    fn note_dep(&self, dep: Dep) {
        if let Some(p) = &self.probe {
            p.reads().record(dep);
        }
    }

    fn note(&self, name: Option<&str>) {
        let Some(p) = &self.probe else { return };
        let mut r = p.reads();
        let dep = match (self.kind, name) {
            (Kind::Vaults, None) => Dep::AllVaults,
            (Kind::Vms, None) => Dep::AllVms,
            (Kind::Vms, Some(n)) => Dep::Vm(n.to_owned()),
            (Kind::Vaults, Some(n)) => match r.scopes.last() {
                Some((v, Some(kind), obj)) if v == n => {
                    let obj = Dep::VaultObj(v.clone(), *kind, obj.clone());
                    r.record(obj);
                    Dep::VaultMeta(n.to_owned())
                }
                _ => Dep::Vault(n.to_owned()),
            },
        };
        r.record(dep);
    }

    /// Enters a vault call on `object` of `collection` (`keys`, `secrets`) in `vault`.
    pub(crate) fn enter_call(&self, vault: &str, collection: &'static str, object: &str) {
        if let Some(p) = &self.probe {
            let kind = match collection {
                "keys" => Some(ObjectKind::Key),
                "secrets" => Some(ObjectKind::Secret),
                _ => None,
            };
            p.reads()
                .scopes
                .push((vault.to_owned(), kind, object.to_owned()));
        }
    }

    /// Leaves the innermost vault call.
    pub(crate) fn leave_call(&self) {
        if let Some(p) = &self.probe {
            p.reads().scopes.pop();
        }
    }

    pub(crate) fn get(&self, name: &str) -> Option<&T> {
        self.note(Some(name));
        self.map.get(name).map(|v| &**v)
    }

    /// A vault, for authorizing `principal` in it: records [`Dep::VaultAuth`], so the caller
    /// must read only the vault's own fields and that principal's policy and role assignments.
    pub(crate) fn get_authorizing(&self, name: &str, principal: &str) -> Option<&T> {
        self.note_dep(Dep::VaultAuth(name.to_owned(), principal.to_owned()));
        self.map.get(name).map(|v| &**v)
    }

    /// The value, copied first if another fork shares it.
    pub(crate) fn get_mut(&mut self, name: &str) -> Option<&mut T> {
        self.note(Some(name));
        if !self.map.contains_key(name) {
            return None;
        }
        Arc::make_mut(&mut self.map)
            .get_mut(name)
            .map(Arc::make_mut)
    }

    /// The name as the map keeps it, for `name` in any case; records no read (the spelling of
    /// a name is not a dependency: it never changes while the resource lives).
    pub(crate) fn key_of(&self, name: &str) -> Option<String> {
        self.map.key_of(name).map(str::to_owned)
    }

    /// The value, without recording a read (see [`Tracked::key_of`]).
    pub(crate) fn peek(&self, name: &str) -> Option<&T> {
        self.map.get(name).map(|v| &**v)
    }

    pub(crate) fn contains_key(&self, name: &str) -> bool {
        self.note(Some(name));
        self.map.contains_key(name)
    }

    pub(crate) fn insert(&mut self, name: String, value: impl Into<Arc<T>>) {
        self.note(Some(&name));
        Arc::make_mut(&mut self.map).insert(name, value.into());
    }

    pub(crate) fn remove(&mut self, name: &str) {
        self.note(Some(name));
        if self.map.contains_key(name) {
            Arc::make_mut(&mut self.map).remove(name);
        }
    }

    pub(crate) fn values(&self) -> impl Iterator<Item = &T> {
        self.note(None);
        self.map.values().map(|v| &**v)
    }

    /// The map itself, without recording: for comparing two worlds (here, never in the
    /// simulation).
    fn untracked(&self) -> &NameMap<Arc<T>> {
        &self.map
    }

    /// Whether two maps are the same shared map (so certainly equal).
    pub(crate) fn same_map(&self, other: &Tracked<T>) -> bool {
        Arc::ptr_eq(&self.map, &other.map)
    }
}

/// A deadline the clock has reached (see [`Dep::Deadlines`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Deadline {
    /// A soft-deleted vault's retention ended: purge it (R22).
    VaultPurge(String),
    /// A soft-deleted key's or secret's retention ended: purge it (R22).
    ObjectPurge(String, ObjectKind, String),
    /// A live key's rotation policy is due, in a live vault (R34).
    KeyRotation(String, String),
}

impl Tracked<super::Vault> {
    /// The deadlines reached at `now`, by vault, then keys, then secrets, each in name order.
    /// Records [`Dep::Deadlines`]: the answer depends on nothing but deadlines up to `now`, and
    /// holds names only, so a caller reads any vault it goes on to use through [`Tracked::get`].
    pub(crate) fn deadlines_reached(&self, now: SimTime) -> Vec<Deadline> {
        self.note_dep(Dep::Deadlines(now));
        let mut out = Vec::new();
        for v in self.map.values() {
            let name = || v.name.clone();
            if v.deleted.is_some_and(|d| d.purge_at <= now) {
                out.push(Deadline::VaultPurge(name()));
            }
            let live = v.deleted.is_none();
            for k in v.keys.values() {
                if key_deadline(k, live).is_some_and(|t| t <= now) {
                    out.push(match k.deleted {
                        Some(_) => Deadline::ObjectPurge(name(), ObjectKind::Key, k.name.clone()),
                        None => Deadline::KeyRotation(name(), k.name.clone()),
                    });
                }
            }
            for s in v.secrets.values() {
                if s.deleted.is_some_and(|d| d.purge_at <= now) {
                    out.push(Deadline::ObjectPurge(
                        name(),
                        ObjectKind::Secret,
                        s.name.clone(),
                    ));
                }
            }
        }
        out
    }
}

/// A resource placed in a resource group and a location.
pub(crate) trait Placed {
    /// Its resource group and location.
    fn placement(&self) -> (&String, &String);
}

impl Placed for super::Vault {
    fn placement(&self) -> (&String, &String) {
        (&self.resource_group, &self.location)
    }
}

impl Placed for super::Vm {
    fn placement(&self) -> (&String, &String) {
        (&self.resource_group, &self.location)
    }
}

impl<T: Placed + Clone> Tracked<T> {
    /// The resource group and location of each value. Records [`Dep::Groups`] only: nothing
    /// else of the values is read.
    pub(crate) fn placements(&self) -> impl Iterator<Item = (&String, &String)> {
        self.note_dep(Dep::Groups);
        self.map.values().map(|v| v.placement())
    }
}

impl Tracked<super::Vm> {
    /// The VM whose OS disk is `disk` (ignoring case). Records [`Dep::VmDisks`], and the VM found
    /// as [`Dep::Vm`], since the caller goes on to read it.
    pub(crate) fn holding_disk(&self, disk: &str) -> Option<&super::Vm> {
        self.note_dep(Dep::VmDisks);
        let vm = self
            .map
            .values()
            .find(|v| v.disk_name.eq_ignore_ascii_case(disk))?;
        self.note(Some(&vm.name));
        Some(vm)
    }

    /// Names of the VMs with a customer-managed key, in name order. Records [`Dep::CmkVms`]; a
    /// caller reads any of them it goes on to use through [`Tracked::get`].
    pub(crate) fn cmk_vm_names(&self) -> Vec<String> {
        self.note_dep(Dep::CmkVms);
        self.map
            .values()
            .filter(|v| v.cmk.is_some())
            .map(|v| v.name.clone())
            .collect()
    }
}

/// What one command changed in a world, at the grain [`Dep`] records reads.
#[derive(Debug, Default)]
pub(crate) struct Changes {
    /// Vaults that changed: whether their own fields did (or they appeared or went), and the
    /// keys and secrets that did.
    vaults: NameMap<VaultChange>,
    vms: BTreeSet<String>,
    /// Whether a VM with a customer-managed key (before or after) changed, appeared or went.
    cmk_vms: bool,
    /// Whether a VM appeared, went or changed its OS disk's name.
    vm_disks: bool,
    /// Whether a vault or VM appeared, went or moved to another resource group or location.
    groups: bool,
    /// The earliest deadline (see [`Dep::Deadlines`]) among the changed objects, before or after
    /// the change.
    earliest_deadline: Option<SimTime>,
}

#[derive(Debug, Default)]
struct VaultChange {
    /// Its own fields changed (or it appeared or went), policies and role assignments aside.
    core: bool,
    /// Principals whose access policy or role assignments changed.
    principals: BTreeSet<String>,
    /// `core` or any principal's: some own field changed.
    meta: bool,
    keys: BTreeSet<String>,
    secrets: BTreeSet<String>,
}

impl VaultChange {
    /// A vault that appeared or went: everything of its own changed.
    fn whole() -> VaultChange {
        VaultChange {
            core: true,
            meta: true,
            ..VaultChange::default()
        }
    }
}

/// Which of a list of computations read each vault and VM, by name: a read of one vault or VM
/// can only see a change to that vault or VM, so a command's changes find the computations
/// they may touch without visiting the others.
#[derive(Debug, Default)]
pub(crate) struct Readers {
    vaults: NameMap<Vec<usize>>,
    vms: NameMap<Vec<usize>>,
    /// Those that read something not tied to one vault or VM (every vault, every VM, the set of
    /// CMK VMs, which VM holds which disk, the resource groups, the deadlines).
    global: Vec<usize>,
}

impl Readers {
    /// Computation `i` (each added after the one before) read `deps`.
    pub(crate) fn add(&mut self, i: usize, deps: &[Dep]) {
        let push = |list: &mut Vec<usize>| {
            if list.last() != Some(&i) {
                list.push(i);
            }
        };
        for d in deps {
            match d {
                Dep::Vault(v) | Dep::VaultMeta(v) | Dep::VaultAuth(v, _) | Dep::VaultObj(v, ..) => {
                    push(self.vaults.get_or_insert_with(v, Vec::new))
                }
                Dep::Vm(v) => push(self.vms.get_or_insert_with(v, Vec::new)),
                Dep::AllVaults
                | Dep::AllVms
                | Dep::CmkVms
                | Dep::VmDisks
                | Dep::Groups
                | Dep::Deadlines(_) => push(&mut self.global),
            }
        }
    }

    /// Sets `may[i]` for each computation `changes` may touch: those that read a vault or VM it
    /// changed, and those that read something global. [`Changes::touches`] is false for the
    /// others.
    pub(crate) fn mark(&self, changes: &Changes, may: &mut [bool]) {
        let named = (changes.vaults.keys().filter_map(|v| self.vaults.get(v)))
            .chain(changes.vms.iter().filter_map(|v| self.vms.get(v)));
        for i in named.chain([&self.global]).flatten() {
            may[*i] = true;
        }
    }
}

impl Changes {
    /// Whether a computation that read `deps` may see something different.
    pub(crate) fn touches(&self, deps: &[Dep]) -> bool {
        deps.iter().any(|d| match d {
            Dep::AllVaults => !self.vaults.is_empty(),
            Dep::Vault(v) => self.vaults.contains_key(v),
            Dep::VaultMeta(v) => self.vaults.get(v).is_some_and(|c| c.core),
            Dep::VaultAuth(v, p) => self
                .vaults
                .get(v)
                .is_some_and(|c| c.core || c.principals.contains(p)),
            Dep::VaultObj(v, kind, o) => self.vaults.get(v).is_some_and(|c| {
                c.core
                    || match kind {
                        ObjectKind::Key => c.keys.contains(o),
                        ObjectKind::Secret => c.secrets.contains(o),
                    }
            }),
            Dep::AllVms => !self.vms.is_empty(),
            Dep::Vm(n) => self.vms.contains(n),
            Dep::CmkVms => self.cmk_vms,
            Dep::VmDisks => self.vm_disks,
            Dep::Groups => self.groups,
            Dep::Deadlines(t) => self.earliest_deadline.is_some_and(|e| e <= *t),
        })
    }

    /// Names of the VMs that changed, appeared or went.
    pub(crate) fn vms(&self) -> impl Iterator<Item = &String> {
        self.vms.iter()
    }

    /// Names of the vaults that changed, appeared or went, and whether their own fields did.
    pub(crate) fn vaults(&self) -> impl Iterator<Item = (&String, bool)> {
        self.vaults.iter().map(|(n, c)| (n, c.meta))
    }

    /// Whether nothing changed at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.vaults.is_empty() && self.vms.is_empty()
    }
}

/// A key's deadline: the end of its retention while soft-deleted, else its rotation policy's
/// next run (none in a soft-deleted vault), as the clock's purge and rotation read them.
fn key_deadline(k: &super::Key, vault_live: bool) -> Option<SimTime> {
    match &k.deleted {
        Some(d) => Some(d.purge_at),
        None if vault_live => k.rotation_due(),
        None => None,
    }
}

/// The earliest deadline in `v` among its own and the named keys and secrets (all of them when
/// `all`).
fn earliest_in(
    v: &super::Vault,
    all: bool,
    keys: &BTreeSet<String>,
    secrets: &BTreeSet<String>,
) -> Option<SimTime> {
    let live = v.deleted.is_none();
    let own = v.deleted.map(|d| d.purge_at);
    let ks = v
        .keys
        .iter()
        .filter(|(n, _)| all || keys.contains(*n))
        .filter_map(|(_, k)| key_deadline(k, live));
    let ss = v
        .secrets
        .iter()
        .filter(|(n, _)| all || secrets.contains(*n))
        .filter_map(|(_, s)| s.deleted.map(|d| d.purge_at));
    own.into_iter().chain(ks).chain(ss).min()
}

/// Whether two shared values are equal, without comparing them when they are one value.
fn same<T: PartialEq>(a: &Arc<T>, b: &Arc<T>) -> bool {
    Arc::ptr_eq(a, b) || a == b
}

/// The names whose values differ between two maps (present in one only, or unequal).
fn differing<'a, V: PartialEq>(a: &'a NameMap<V>, b: &'a NameMap<V>) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = super::inserted(
        a.iter()
            .filter(|(k, v)| b.get(k) != Some(*v))
            .map(|(k, _)| k.clone()),
    );
    out.extend(b.keys().filter(|k| !a.contains_key(k)).cloned());
    out
}

fn vault_change(a: &super::Vault, b: &super::Vault) -> VaultChange {
    let core = !a.same_core(b);
    let meta = core || a.policies != b.policies || a.role_assignments != b.role_assignments;
    let mut principals = BTreeSet::new();
    if meta && !core {
        let names = a
            .policies
            .iter()
            .chain(&b.policies)
            .map(|p| &p.principal)
            .chain(
                a.role_assignments
                    .iter()
                    .chain(&b.role_assignments)
                    .map(|r| &r.principal),
            );
        for n in names {
            let own = |p: &&crate::authz::AccessPolicy| p.principal == *n;
            let same_policy = a.policies.iter().find(own) == b.policies.iter().find(own);
            let mine = |r: &&crate::authz::RoleGrant| r.principal == *n;
            let same_roles =
                (a.role_assignments.iter().filter(mine)).eq(b.role_assignments.iter().filter(mine));
            if !same_policy || !same_roles {
                principals.insert(n.clone());
            }
        }
    }
    VaultChange {
        core,
        principals,
        meta,
        keys: differing(&a.keys, &b.keys),
        secrets: differing(&a.secrets, &b.secrets),
    }
}

impl super::Vault {
    /// Whether the vault's own fields equal `other`'s, its keys, secrets, access policies and
    /// role assignments aside. Every field is named, so a new one cannot be left out.
    fn same_core(&self, other: &super::Vault) -> bool {
        let super::Vault {
            name,
            resource_group,
            location,
            subscription,
            sku,
            enabled_for_disk_encryption,
            enabled_for_deployment,
            enabled_for_template_deployment,
            retention_days,
            purge_protection,
            rbac,
            policies: _,
            role_assignments: _,
            keys: _,
            secrets: _,
            deleted,
        } = self;
        *name == other.name
            && *resource_group == other.resource_group
            && *location == other.location
            && *subscription == other.subscription
            && *sku == other.sku
            && *enabled_for_disk_encryption == other.enabled_for_disk_encryption
            && *enabled_for_deployment == other.enabled_for_deployment
            && *enabled_for_template_deployment == other.enabled_for_template_deployment
            && *retention_days == other.retention_days
            && *purge_protection == other.purge_protection
            && *rbac == other.rbac
            && *deleted == other.deleted
    }
}

impl super::World {
    /// A fork that records into `probe` what it and its forks read, and opens blobs through
    /// the probe's memo.
    pub(crate) fn recording(&self, probe: &Probe) -> super::World {
        let mut w = self.with_memo(probe);
        w.vaults.probe = Some(probe.clone());
        w.vms.probe = Some(probe.clone());
        w
    }

    /// A fork that opens blobs through `probe`'s memo (it and its forks), recording no reads.
    pub(crate) fn with_memo(&self, probe: &Probe) -> super::World {
        let mut w = self.fork();
        w.probe = Some(probe.clone());
        w
    }

    /// [`SymKey::open`], remembered while probed: every blob the simulation opens goes through
    /// here or through plain `open` (the two give the same result).
    pub(crate) fn open_sealed(
        &self,
        key: &SymKey,
        aad: &[u8],
        sealed: &[u8],
    ) -> Result<Vec<u8>, DecryptFailed> {
        match &self.probe {
            Some(p) => p.0.borrow_mut().opened.open(key, aad, sealed),
            None => key.open(aad, sealed),
        }
    }

    /// [`SymKey::unwrap_key`] through [`World::open_sealed`].
    ///
    /// [`World::open_sealed`]: super::World::open_sealed
    pub(crate) fn unwrap_sealed(
        &self,
        kek: &SymKey,
        aad: &[u8],
        wrapped: &[u8],
    ) -> Result<SymKey, DecryptFailed> {
        SymKey::from_opened(self.open_sealed(kek, aad, wrapped)?)
    }

    /// [`Disk::decrypt`] through [`World::open_sealed`].
    ///
    /// [`World::open_sealed`]: super::World::open_sealed
    pub(crate) fn decrypt_disk(&self, disk: &Disk, key: &SymKey) -> Result<Vec<u8>, DecryptFailed> {
        disk.decrypt_with(|aad, sealed| self.open_sealed(key, aad, sealed))
    }

    /// What changed from `base` to this world, or `None` when something changed that reads are
    /// not recorded for (the clock, principals, subscriptions, Disk Encryption Sets, disks of
    /// their own and their SAS, files, resource groups made by `az group create`, features,
    /// restored disks, recovery points): then every check must be run again.
    ///
    /// The random generator is left out: checks branch on whether operations succeed, never on
    /// the values of fresh keys, ids or nonces.
    pub(crate) fn changes_from(&self, base: &super::World) -> Option<Changes> {
        // Every field named, so that a new one cannot be left out of the comparison.
        let super::World {
            fx,
            hsm_roots: _,
            subscriptions,
            principals,
            vaults: _,
            vms: _,
            rsvs,
            des,
            disks,
            disk_sas,
            files,
            groups,
            groups_checked,
            restored_disks,
            features,
            probe: _,
        } = self;
        let same_rest = fx.now == base.fx.now
            && Arc::ptr_eq(rsvs, &base.rsvs)
            && same(principals, &base.principals)
            && same(subscriptions, &base.subscriptions)
            && same(des, &base.des)
            && same(disks, &base.disks)
            && same(disk_sas, &base.disk_sas)
            && same(files, &base.files)
            && same(groups, &base.groups)
            && *groups_checked == base.groups_checked
            && same(features, &base.features)
            && *restored_disks == base.restored_disks;
        if !same_rest {
            return None;
        }
        let unchanged = NameMap::default();
        let (a, b) = if self.vaults.same_map(&base.vaults) {
            (&unchanged, &unchanged)
        } else {
            (base.vaults.untracked(), self.vaults.untracked())
        };
        let mut vaults = NameMap::default();
        let mut earliest: Option<SimTime> = None;
        let mut deadline = |t: Option<SimTime>| {
            if let Some(t) = t {
                earliest = Some(earliest.map_or(t, |e| e.min(t)));
            }
        };
        let mut moved = false;
        let none = BTreeSet::new();
        for (name, va) in a.iter() {
            match b.get(name) {
                Some(vb) if Arc::ptr_eq(va, vb) => {}
                Some(vb) => {
                    let ch = vault_change(va, vb);
                    deadline(earliest_in(va, ch.meta, &ch.keys, &ch.secrets));
                    deadline(earliest_in(vb, ch.meta, &ch.keys, &ch.secrets));
                    moved |= va.placement() != vb.placement();
                    vaults.insert(name.clone(), ch);
                }
                None => {
                    deadline(earliest_in(va, true, &none, &none));
                    moved = true;
                    vaults.insert(name.clone(), VaultChange::whole());
                }
            }
        }
        for (name, vb) in b.iter().filter(|(n, _)| !a.contains_key(n)) {
            deadline(earliest_in(vb, true, &none, &none));
            moved = true;
            vaults.insert(name.clone(), VaultChange::whole());
        }
        let unchanged = NameMap::default();
        let (a, b) = if self.vms.same_map(&base.vms) {
            (&unchanged, &unchanged)
        } else {
            (base.vms.untracked(), self.vms.untracked())
        };
        let mut vms: BTreeSet<String> = super::inserted(
            a.iter()
                .filter(|(n, va)| !b.get(n).is_some_and(|vb| Arc::ptr_eq(va, vb)))
                .map(|(n, _)| n.clone()),
        );
        vms.extend(b.keys().filter(|n| !a.contains_key(n)).cloned());
        let has_cmk =
            |m: &NameMap<Arc<super::Vm>>, n: &String| m.get(n).is_some_and(|v| v.cmk.is_some());
        let cmk_vms = vms.iter().any(|n| has_cmk(a, n) || has_cmk(b, n));
        // A VM that appeared or went changes both; one that stayed, only if its disk or place did.
        let (mut vm_disks, mut vm_moved) = (false, false);
        for n in &vms {
            match (a.get(n), b.get(n)) {
                (Some(va), Some(vb)) => {
                    vm_disks |= va.disk_name != vb.disk_name;
                    vm_moved |= va.placement() != vb.placement();
                }
                _ => (vm_disks, vm_moved) = (true, true),
            }
        }
        Some(Changes {
            vaults,
            vms,
            cmk_vms,
            vm_disks,
            groups: moved || vm_moved,
            earliest_deadline: earliest,
        })
    }
}

impl super::World {
    /// Whether the health report lists the same assets here as in `base`, `changes` being what
    /// changed from `base`: the same VMs (with the same CMK disks) and the same secrets in live
    /// vaults. Recovery points are left out: `changes` exists only when they did not change.
    pub(crate) fn same_assets(&self, base: &super::World, changes: &Changes) -> bool {
        let vms_same = changes.vms().all(|n| {
            match (base.vms.untracked().get(n), self.vms.untracked().get(n)) {
                (Some(a), Some(b)) => {
                    a.cmk.is_some() == b.cmk.is_some()
                        && (a.cmk.is_none() || a.disk_name == b.disk_name)
                }
                (None, None) => true,
                _ => false,
            }
        });
        vms_same
            && changes.vaults().all(|(n, _)| {
                match (
                    base.vaults.untracked().get(n),
                    self.vaults.untracked().get(n),
                ) {
                    (Some(a), Some(b)) => {
                        a.deleted.is_some() == b.deleted.is_some()
                            && (a.deleted.is_some() || a.secrets.keys().eq(b.secrets.keys()))
                    }
                    (None, None) => true,
                    (a, b) => a
                        .or(b)
                        .is_some_and(|v| v.deleted.is_some() || v.secrets.is_empty()),
                }
            })
    }
}

#[cfg(test)]
mod tests {
    use super::Dep;
    use crate::lang::parse_line;
    use crate::world::World;

    fn run(w: &mut World, line: &str) {
        let cmd = parse_line(line).expect("parses").expect("a command");
        w.apply(&cmd).unwrap_or_else(|e| panic!("{line}: {e}"));
    }

    /// Two VMs in one resource group, the first deallocated, and a vault in a group of its own.
    fn estate() -> World {
        let mut w = World::new(7);
        for line in [
            "az vm create --name vm1 --resource-group rg --location westeurope --image Ubuntu2204",
            "az vm create --name vm2 --resource-group rg --location westeurope --image Ubuntu2204",
            "az vm deallocate --name vm1 --resource-group rg",
            "az keyvault create --name kv1 --resource-group rg-kv --location westeurope",
            "az keyvault delete --name kv1",
        ] {
            run(&mut w, line);
        }
        w
    }

    /// What `line` changes from `base`.
    fn changes(base: &World, line: &str) -> Option<super::Changes> {
        let mut w = base.fork();
        run(&mut w, line);
        w.changes_from(base)
    }

    #[test]
    fn deallocating_a_vm_leaves_disk_holders_and_groups_alone() {
        // So the checks that only asked which VM holds a disk, or which groups exist (every
        // recovery point's restore does), are not tried again for it.
        let base = estate();
        let ch =
            changes(&base, "az vm deallocate --name vm2 --resource-group rg").expect("tracked");
        assert!(ch.touches(&[Dep::Vm("vm2".into())]));
        assert!(!ch.touches(&[Dep::Vm("vm1".into())]));
        assert!(!ch.touches(&[Dep::VmDisks]));
        assert!(!ch.touches(&[Dep::Groups]));
    }

    #[test]
    fn a_purged_vault_takes_its_group_with_it() {
        let base = estate();
        assert!(base.resource_group("rg-kv").is_some());
        let ch = changes(&base, "az keyvault purge --name kv1").expect("tracked");
        assert!(ch.touches(&[Dep::Groups]));
        assert!(!ch.touches(&[Dep::VmDisks]));
    }

    #[test]
    fn a_vm_deleted_changes_which_disks_vms_hold() {
        // `az vm delete` leaves the disk as one of its own: a change reads are not recorded for.
        let base = estate();
        assert!(changes(&base, "az vm delete --name vm2 --resource-group rg --yes").is_none());
    }

    #[test]
    fn a_sas_opened_on_a_disk_is_a_change() {
        // It changes nothing in a vault or VM, yet vm1 can no longer start: every check must
        // be tried again.
        let base = estate();
        let grant =
            "az disk grant-access --name vm1-os --resource-group rg --duration-in-seconds 3600";
        assert!(changes(&base, grant).is_none());
    }
}
