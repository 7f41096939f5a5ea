//! Maps of vaults and VMs that are shared between forks (copied on first write) and can record
//! what a computation read from them.
//!
//! The health report's what-if matrix uses the record: it runs each asset's check on a fork that
//! carries a [`ReadLog`], then, after a command, rechecks only the assets whose reads meet what the
//! command changed. Every read goes through the methods here (there is no `Deref` to the map), so
//! the compiler makes sure nothing reads a vault or a VM unseen.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, PoisonError};

/// One thing a computation read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Dep {
    /// Every vault (an iteration over them).
    AllVaults,
    /// Everything in one vault (present or not).
    Vault(String),
    /// A vault's own fields: existence, soft-deletion, switches, policies, role assignments,
    /// location, everything but its keys and secrets.
    VaultMeta(String),
    /// One key (`keys`) or secret (`secrets`) of a vault, by name.
    VaultObj(String, &'static str, String),
    /// Every VM.
    AllVms,
    /// One VM (present or not).
    Vm(String),
}

/// What a computation read, and the vault call it is inside (if any).
#[derive(Debug, Default)]
pub(crate) struct ReadSet {
    pub(crate) deps: BTreeSet<Dep>,
    /// Vault calls in progress: (vault, collection, object). Inside one, reading that vault
    /// reads only its own fields and the call's object.
    scopes: Vec<(String, &'static str, String)>,
}

/// A shared read record.
pub(crate) type ReadLog = Arc<Mutex<ReadSet>>;

/// Which map a [`Tracked`] is, for what its reads record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Vaults,
    Vms,
}

/// A name-keyed map of shared values that records reads when it carries a log.
#[derive(Debug, Clone)]
pub(crate) struct Tracked<T> {
    map: BTreeMap<String, Arc<T>>,
    log: Option<ReadLog>,
    kind: Kind,
}

impl<T: Clone> Tracked<T> {
    pub(crate) fn new(kind: Kind) -> Tracked<T> {
        Tracked {
            map: BTreeMap::new(),
            log: None,
            kind,
        }
    }

    pub(crate) fn set_log(&mut self, log: Option<ReadLog>) {
        self.log = log;
    }

    fn note(&self, name: Option<&str>) {
        let Some(log) = &self.log else { return };
        let mut r = log.lock().unwrap_or_else(PoisonError::into_inner);
        let dep = match (self.kind, name) {
            (Kind::Vaults, None) => Dep::AllVaults,
            (Kind::Vms, None) => Dep::AllVms,
            (Kind::Vms, Some(n)) => Dep::Vm(n.to_owned()),
            (Kind::Vaults, Some(n)) => match r.scopes.last() {
                Some((v, coll, obj)) if v == n => {
                    let obj = Dep::VaultObj(v.clone(), coll, obj.clone());
                    r.deps.insert(obj);
                    Dep::VaultMeta(n.to_owned())
                }
                _ => Dep::Vault(n.to_owned()),
            },
        };
        r.deps.insert(dep);
    }

    /// Enters a vault call on `object` of `collection` (`keys`, `secrets`) in `vault`.
    pub(crate) fn enter_call(&self, vault: &str, collection: &'static str, object: &str) {
        if let Some(log) = &self.log {
            let mut r = log.lock().unwrap_or_else(PoisonError::into_inner);
            r.scopes
                .push((vault.to_owned(), collection, object.to_owned()));
        }
    }

    /// Leaves the innermost vault call.
    pub(crate) fn leave_call(&self) {
        if let Some(log) = &self.log {
            log.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .scopes
                .pop();
        }
    }

    pub(crate) fn get(&self, name: &str) -> Option<&T> {
        self.note(Some(name));
        self.map.get(name).map(|v| &**v)
    }

    /// The value, copied first if another fork shares it.
    pub(crate) fn get_mut(&mut self, name: &str) -> Option<&mut T> {
        self.note(Some(name));
        self.map.get_mut(name).map(Arc::make_mut)
    }

    pub(crate) fn contains_key(&self, name: &str) -> bool {
        self.note(Some(name));
        self.map.contains_key(name)
    }

    pub(crate) fn insert(&mut self, name: String, value: impl Into<Arc<T>>) {
        self.note(Some(&name));
        self.map.insert(name, value.into());
    }

    pub(crate) fn remove(&mut self, name: &str) {
        self.note(Some(name));
        self.map.remove(name);
    }

    pub(crate) fn values(&self) -> impl Iterator<Item = &T> {
        self.note(None);
        self.map.values().map(|v| &**v)
    }

    /// The map itself, without recording: for comparing two worlds, never for simulating.
    pub(crate) fn untracked(&self) -> &BTreeMap<String, Arc<T>> {
        &self.map
    }
}

/// What one command changed in a world, at the grain [`Dep`] records reads.
#[derive(Debug, Default)]
pub(crate) struct Changes {
    /// Vaults that changed: whether their own fields did (or they appeared or went), and the
    /// keys and secrets that did.
    vaults: BTreeMap<String, VaultChange>,
    vms: BTreeSet<String>,
}

#[derive(Debug, Default)]
struct VaultChange {
    meta: bool,
    keys: BTreeSet<String>,
    secrets: BTreeSet<String>,
}

impl Changes {
    /// Whether a computation that read `deps` may see something different.
    pub(crate) fn touches(&self, deps: &BTreeSet<Dep>) -> bool {
        deps.iter().any(|d| match d {
            Dep::AllVaults => !self.vaults.is_empty(),
            Dep::Vault(v) => self.vaults.contains_key(v),
            Dep::VaultMeta(v) => self.vaults.get(v).is_some_and(|c| c.meta),
            Dep::VaultObj(v, coll, o) => self.vaults.get(v).is_some_and(|c| {
                c.meta
                    || if *coll == "keys" {
                        c.keys.contains(o)
                    } else {
                        c.secrets.contains(o)
                    }
            }),
            Dep::AllVms => !self.vms.is_empty(),
            Dep::Vm(n) => self.vms.contains(n),
        })
    }
}

/// The names whose values differ between two maps (present in one only, or unequal).
fn differing<'a, V: PartialEq>(
    a: &'a BTreeMap<String, V>,
    b: &'a BTreeMap<String, V>,
) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = a
        .iter()
        .filter(|(k, v)| b.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect();
    out.extend(b.keys().filter(|k| !a.contains_key(*k)).cloned());
    out
}

fn vault_change(a: &super::Vault, b: &super::Vault) -> VaultChange {
    VaultChange {
        meta: a.clone_without_objects() != b.clone_without_objects(),
        keys: differing(&a.keys, &b.keys),
        secrets: differing(&a.secrets, &b.secrets),
    }
}

impl super::Vault {
    /// The vault's own fields (every field is named, so a new one cannot be left out).
    fn clone_without_objects(&self) -> super::Vault {
        super::Vault {
            name: self.name.clone(),
            resource_group: self.resource_group.clone(),
            location: self.location.clone(),
            subscription: self.subscription.clone(),
            enabled_for_disk_encryption: self.enabled_for_disk_encryption,
            enabled_for_deployment: self.enabled_for_deployment,
            enabled_for_template_deployment: self.enabled_for_template_deployment,
            retention_days: self.retention_days,
            purge_protection: self.purge_protection,
            rbac: self.rbac,
            policies: self.policies.clone(),
            role_assignments: self.role_assignments.clone(),
            keys: BTreeMap::new(),
            secrets: BTreeMap::new(),
            deleted: self.deleted,
        }
    }
}

impl super::World {
    /// A fork whose vault and VM reads (its own and its forks') are recorded in `log`.
    pub(crate) fn fork_logged(&self, log: &ReadLog) -> super::World {
        let mut w = self.fork();
        w.vaults.set_log(Some(log.clone()));
        w.vms.set_log(Some(log.clone()));
        w
    }

    /// What changed from `base` to this world, or `None` when something changed that reads are
    /// not recorded for (the clock, principals, subscriptions, Disk Encryption Sets, files,
    /// restored disks, recovery points): then every check must be run again.
    ///
    /// The random generator is left out: checks branch on whether operations succeed, never on
    /// the values of fresh keys, ids or nonces.
    pub(crate) fn changes_from(&self, base: &super::World) -> Option<Changes> {
        let same_rest = self.now == base.now
            && Arc::ptr_eq(&self.rsvs, &base.rsvs)
            && self.principals == base.principals
            && self.subscriptions == base.subscriptions
            && self.des == base.des
            && self.files == base.files
            && self.restored_disks == base.restored_disks;
        if !same_rest {
            return None;
        }
        let (a, b) = (base.vaults.untracked(), self.vaults.untracked());
        let mut vaults = BTreeMap::new();
        for (name, va) in a {
            match b.get(name) {
                Some(vb) if Arc::ptr_eq(va, vb) => {}
                Some(vb) => {
                    vaults.insert(name.clone(), vault_change(va, vb));
                }
                None => {
                    vaults.insert(
                        name.clone(),
                        VaultChange {
                            meta: true,
                            ..VaultChange::default()
                        },
                    );
                }
            }
        }
        for name in b.keys().filter(|n| !a.contains_key(*n)) {
            vaults.insert(
                name.clone(),
                VaultChange {
                    meta: true,
                    ..VaultChange::default()
                },
            );
        }
        let (a, b) = (base.vms.untracked(), self.vms.untracked());
        let mut vms: BTreeSet<String> = a
            .iter()
            .filter(|(n, va)| !b.get(*n).is_some_and(|vb| Arc::ptr_eq(va, vb)))
            .map(|(n, _)| n.clone())
            .collect();
        vms.extend(b.keys().filter(|n| !a.contains_key(*n)).cloned());
        Some(Changes { vaults, vms })
    }
}
