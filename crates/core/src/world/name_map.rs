//! A small map from names to values, for the world's collections that hold a handful of entries.

use serde::{Serialize, Serializer};

/// A map from names to values kept as a `Vec` sorted by name, so it looks up, inserts and iterates
/// like a `BTreeMap<String, V>`, but finds a name in any case (see `find`): a new spelling of a
/// name it holds replaces that entry's value and keeps the first spelling. Subscriptions, principals, Recovery Services vaults and
/// their protected items, Disk Encryption Sets, backup files, vaults, their keys and secrets, VMs
/// and tags number a few to a few dozen each; a B-tree would put its insert, search, clone and
/// drop code into the wasm once per value type, where this needs a binary search and a `Vec`.
///
/// Public because vaults, secret versions and Recovery Services vaults show their maps; it has
/// the reading half of `BTreeMap`'s API, under the same names.
#[derive(Clone, PartialEq, Eq)]
pub struct NameMap<V>(Vec<(String, V)>);

impl<V> Default for NameMap<V> {
    fn default() -> Self {
        NameMap(Vec::new())
    }
}

impl<V> NameMap<V> {
    /// Where `name` is: the entry spelt exactly so, else the one spelt so ignoring ASCII case
    /// (Azure's resource names and Key Vault's object names compare without case: "Always
    /// perform a case-insensitive comparison of names", Learn's naming rules), else where it
    /// would go. Exact first, so a map that never held two spellings answers as it always did.
    fn find(&self, name: &str) -> Result<usize, usize> {
        let at = self.0.binary_search_by(|(k, _)| k.as_str().cmp(name));
        match at {
            Ok(i) => Ok(i),
            Err(i) => self
                .0
                .iter()
                .position(|(k, _)| k.eq_ignore_ascii_case(name))
                .ok_or(i),
        }
    }

    /// The name as the map keeps it (the spelling it was created with), for `name` in any case.
    pub fn key_of(&self, name: &str) -> Option<&str> {
        let i = self.find(name).ok()?;
        Some(&self.0[i].0)
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&V> {
        let i = self.find(name).ok()?;
        Some(&self.0[i].1)
    }

    pub(crate) fn get_mut(&mut self, name: &str) -> Option<&mut V> {
        let i = self.find(name).ok()?;
        Some(&mut self.0[i].1)
    }

    /// The value of `name`, inserting `make()` first if there is none (`BTreeMap`'s
    /// `entry(name).or_insert_with(make)`).
    pub(crate) fn get_or_insert_with(&mut self, name: &str, make: impl FnOnce() -> V) -> &mut V {
        let i = match self.find(name) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (name.to_owned(), make()));
                i
            }
        };
        &mut self.0[i].1
    }

    /// Whether `name` has a value.
    pub fn contains_key(&self, name: &str) -> bool {
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

    /// How many names have a value.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no name has a value.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entries, in the order of their names.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&String, &V)> + ExactSizeIterator {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The names, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator {
        self.0.iter().map(|(k, _)| k)
    }

    /// The names, in order, giving up the values.
    pub(crate) fn into_keys(self) -> impl Iterator<Item = String> {
        self.0.into_iter().map(|(k, _)| k)
    }

    /// The values, in the order of their names.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.0.iter().map(|(_, v)| v)
    }
}

impl<'a, V> IntoIterator for &'a NameMap<V> {
    type Item = (&'a String, &'a V);
    type IntoIter =
        std::iter::Map<std::slice::Iter<'a, (String, V)>, fn(&'a (String, V)) -> Self::Item>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

/// `map["name"]`, which panics when there is no such name, as `BTreeMap`'s does.
impl<V, Q: AsRef<str> + ?Sized> std::ops::Index<&Q> for NameMap<V> {
    type Output = V;

    fn index(&self, name: &Q) -> &V {
        self.get(name.as_ref()).expect("no entry found for key")
    }
}

/// Later entries replace earlier ones of the same name, as in `BTreeMap`.
impl<V> Extend<(String, V)> for NameMap<V> {
    fn extend<I: IntoIterator<Item = (String, V)>>(&mut self, entries: I) {
        for (k, v) in entries {
            self.insert(k, v);
        }
    }
}

impl<V> FromIterator<(String, V)> for NameMap<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(entries: I) -> Self {
        let mut m = NameMap::default();
        m.extend(entries);
        m
    }
}

impl<V: std::fmt::Debug> std::fmt::Debug for NameMap<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self).finish()
    }
}

/// A JSON object in name order, as a `BTreeMap` serializes.
impl<V: Serialize> Serialize for NameMap<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self)
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

    #[test]
    fn finds_a_name_in_any_case_and_keeps_its_first_spelling() {
        let mut m = NameMap::default();
        m.insert("myVM".to_owned(), 1);
        m.insert("b".to_owned(), 2);
        assert_eq!(m.get("MyVM"), Some(&1));
        assert_eq!(m.key_of("MYVM"), Some("myVM"));
        assert!(m.contains_key("myvm"));
        // Another spelling replaces the value under the first spelling.
        assert_eq!(m.insert("MYVM".to_owned(), 3), Some(1));
        assert_eq!(m.keys().collect::<Vec<_>>(), ["b", "myVM"]);
        *m.get_or_insert_with("myvm", || 0) += 1;
        assert_eq!(m["myVM"], 4);
        assert_eq!(m.remove("MyVm"), Some(4));
        assert!(!m.contains_key("myVM"));
        assert_eq!(m.key_of("c"), None);
    }

    #[test]
    fn collects_indexes_and_serializes_like_a_btree_map() {
        let pairs = [("b", 1), ("a", 2), ("b", 3)].map(|(k, v)| (k.to_owned(), v));
        let m: NameMap<i32> = pairs.iter().cloned().collect();
        let b: std::collections::BTreeMap<String, i32> = pairs.iter().cloned().collect();
        assert!(m.iter().eq(b.iter()));
        assert_eq!(m.len(), 2);
        assert_eq!(m["b"], 3);
        assert_eq!(m[&"a".to_owned()], 2);
        assert_eq!(
            serde_json::to_string(&m).ok(),
            serde_json::to_string(&b).ok()
        );
        let mut m = m;
        *m.get_or_insert_with("c", || 0) += 1;
        *m.get_or_insert_with("c", || 0) += 1;
        assert_eq!(m.values().copied().collect::<Vec<_>>(), [2, 3, 2]);
    }
}
