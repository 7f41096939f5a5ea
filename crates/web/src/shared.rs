//! Types every panel shares: a cheap, comparable handle on the world, and what can be selected.

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

/// Something the user clicked on the stage or in a panel, for the inspector: the stage's drawing
/// (keyfall-stage) names its click targets with it.
pub use keyfall_stage::Selection;

/// The distinct strings of `items`, sorted. Collecting into a `BTreeSet` would sort first, and
/// every sorted or B-tree type brings its own copy of that code into the wasm; a Vec kept sorted
/// by binary search needs almost none.
pub fn distinct_sorted<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for s in items {
        if let Err(i) = out.binary_search(&s) {
            out.insert(i, s);
        }
    }
    out
}
