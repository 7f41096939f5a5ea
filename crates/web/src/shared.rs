//! Types every panel shares: a cheap, comparable handle on the world, and what can be selected.

use std::collections::BTreeSet;
use std::rc::Rc;

use keyfall_core::World;

/// The world as components see it. Yew compares props to decide what to re-render; comparing
/// worlds would be slow, so the handle compares by a generation number the reducer bumps on
/// every change.
#[derive(Debug, Clone)]
pub struct WorldRef {
    pub world: Rc<World>,
    pub generation: u64,
}

impl PartialEq for WorldRef {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation && Rc::ptr_eq(&self.world, &other.world)
    }
}

impl std::ops::Deref for WorldRef {
    type Target = World;
    fn deref(&self) -> &World {
        &self.world
    }
}

/// Something the user clicked on the stage or in a panel, for the inspector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    Vault(String),
    Key {
        vault: String,
        name: String,
    },
    Secret {
        vault: String,
        name: String,
    },
    Vm(String),
    Principal(String),
    RecoveryVault(String),
    RecoveryPoint {
        rsv: String,
        item: String,
        rp: String,
    },
    DiskEncryptionSet(String),
}

/// The distinct strings of `items`, in order. Collecting into a `BTreeSet` sorts first, and every
/// sorted type brings its own copy of the sort routines into the wasm; inserting one at a time
/// uses none.
pub fn str_set<'a>(items: impl Iterator<Item = &'a str>) -> BTreeSet<&'a str> {
    let mut set = BTreeSet::new();
    for s in items {
        set.insert(s);
    }
    set
}
