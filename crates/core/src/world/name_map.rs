//! A small map from names to values, for the world's collections that hold a handful of entries.

/// A map from names to values kept as a `Vec` sorted by name, so it looks up, inserts and iterates
/// exactly like a `BTreeMap<String, V>`. Subscriptions, principals, Recovery Services vaults, Disk
/// Encryption Sets, backup files, vaults and VMs number a few to a few dozen each; a B-tree would
/// put its insert, search, clone and drop code into the wasm once per value type, where this needs
/// a binary search and a `Vec`.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct NameMap<V>(Vec<(String, V)>);

impl<V> Default for NameMap<V> {
    fn default() -> Self {
        NameMap(Vec::new())
    }
}

impl<V> NameMap<V> {
    fn find(&self, name: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(name))
    }

    pub(crate) fn get(&self, name: &str) -> Option<&V> {
        let i = self.find(name).ok()?;
        Some(&self.0[i].1)
    }

    pub(crate) fn get_mut(&mut self, name: &str) -> Option<&mut V> {
        let i = self.find(name).ok()?;
        Some(&mut self.0[i].1)
    }

    pub(crate) fn contains_key(&self, name: &str) -> bool {
        self.find(name).is_ok()
    }

    /// Inserts or replaces the value of `name`; returns the value replaced, as `BTreeMap` does.
    pub(crate) fn insert(&mut self, name: String, value: V) -> Option<V> {
        match self.find(&name) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (name, value));
                None
            }
        }
    }

    /// Removes `name`; returns its value, as `BTreeMap` does.
    pub(crate) fn remove(&mut self, name: &str) -> Option<V> {
        let i = self.find(name).ok()?;
        Some(self.0.remove(i).1)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entries, in the order of their names.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The names, in order.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    /// The values, in the order of their names.
    pub(crate) fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }
}

impl<V: std::fmt::Debug> std::fmt::Debug for NameMap<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(k, v)| (k, v)))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::NameMap;

    #[test]
    fn inserts_in_name_order_and_replaces_like_a_btree_map() {
        let mut m = NameMap::default();
        assert_eq!(m.insert("b".to_owned(), 1), None);
        assert_eq!(m.insert("a".to_owned(), 2), None);
        assert_eq!(m.insert("c".to_owned(), 3), None);
        assert_eq!(m.insert("b".to_owned(), 4), Some(1));
        assert_eq!(m.keys().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(m.values().copied().collect::<Vec<_>>(), [2, 4, 3]);
        assert_eq!(m.get("b"), Some(&4));
        assert!(!m.contains_key("d"));
        assert_eq!(m.remove("a"), Some(2));
        assert_eq!(m.remove("a"), None);
        assert_eq!(m.insert("a".to_owned(), 2), None);
        if let Some(v) = m.get_mut("c") {
            *v = 5;
        }
        assert_eq!(format!("{m:?}"), r#"{"a": 2, "b": 4, "c": 5}"#);
    }
}
