//! A file of the site named by its locale and its path below that locale's folder: the key of
//! the maps and sets that say which pages, assets, sections and toc.yml files exist.
//!
//! Maps own their keys ([`PageKey`]); a lookup borrows them ([`PageKeyRef`]), so asking for a
//! page does not build two Strings first (link resolution asks millions of times on a large
//! site). The borrowed form reaches the owned map through `Borrow<dyn Parts>`: both forms hash
//! and compare through [`Parts`], field by field, exactly as the `(locale, path)` tuple did.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// A locale and a site-relative path (a page, an asset, an include, or a folder, `` for the
/// locale's root), owned: the key a map stores.
#[derive(Debug, Clone, Default)]
pub struct PageKey {
    /// The locale code (`en-us`).
    pub locale: String,
    /// The path below the locale's folder, `/`-separated, no leading slash.
    pub path: String,
}

/// The same key borrowed: what a lookup builds, without allocating.
#[derive(Debug, Clone, Copy)]
pub struct PageKeyRef<'a> {
    /// The locale code.
    pub locale: &'a str,
    /// The path below the locale's folder.
    pub path: &'a str,
}

/// The two parts of a key, whichever form holds them. Hash, equality and order are defined on
/// `dyn Parts` once, so an owned and a borrowed key of the same parts are the same key.
pub trait Parts {
    /// The locale code.
    fn locale(&self) -> &str;
    /// The site-relative path.
    fn path(&self) -> &str;
}

impl PageKey {
    /// A key from its parts.
    pub fn new(locale: impl Into<String>, path: impl Into<String>) -> Self {
        PageKey { locale: locale.into(), path: path.into() }
    }

    /// The borrowed form of this key.
    pub fn borrowed(&self) -> PageKeyRef<'_> {
        PageKeyRef { locale: &self.locale, path: &self.path }
    }
}

impl<'a> PageKeyRef<'a> {
    /// A borrowed key from its parts.
    pub fn new(locale: &'a str, path: &'a str) -> Self {
        PageKeyRef { locale, path }
    }

    /// The form a `HashMap<PageKey, _>`, `HashSet<PageKey>` or `BTreeMap<PageKey, _>` looks
    /// up: `map.get(PageKeyRef::new(locale, path).key())`.
    pub fn key(&self) -> &(dyn Parts + 'a) {
        self
    }

    /// The owned form, for storing.
    pub fn owned(self) -> PageKey {
        PageKey::new(self.locale, self.path)
    }
}

impl Parts for PageKey {
    fn locale(&self) -> &str {
        &self.locale
    }
    fn path(&self) -> &str {
        &self.path
    }
}

impl Parts for PageKeyRef<'_> {
    fn locale(&self) -> &str {
        self.locale
    }
    fn path(&self) -> &str {
        self.path
    }
}

impl<'a> Borrow<dyn Parts + 'a> for PageKey {
    fn borrow(&self) -> &(dyn Parts + 'a) {
        self
    }
}

impl Hash for dyn Parts + '_ {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.locale().hash(state);
        self.path().hash(state);
    }
}

impl PartialEq for dyn Parts + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.locale() == other.locale() && self.path() == other.path()
    }
}

impl Eq for dyn Parts + '_ {}

impl PartialOrd for dyn Parts + '_ {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Locale first, then path: the order of the `(locale, path)` tuples this key replaced.
impl Ord for dyn Parts + '_ {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.locale(), self.path()).cmp(&(other.locale(), other.path()))
    }
}

// The owned and borrowed forms hash, compare and order as `dyn Parts` does: `Borrow` requires
// the owned key to agree with the form it is looked up by.
macro_rules! by_parts {
    ($($t:ty),*) => {$(
        impl Hash for $t {
            fn hash<H: Hasher>(&self, state: &mut H) {
                (self as &dyn Parts).hash(state)
            }
        }
        impl PartialEq for $t {
            fn eq(&self, other: &Self) -> bool {
                (self as &dyn Parts) == (other as &dyn Parts)
            }
        }
        impl Eq for $t {}
        impl PartialOrd for $t {
            fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
                Some(self.cmp(other))
            }
        }
        impl Ord for $t {
            fn cmp(&self, other: &Self) -> Ordering {
                (self as &dyn Parts).cmp(other as &dyn Parts)
            }
        }
    )*};
}
by_parts!(PageKey, PageKeyRef<'_>);

impl fmt::Display for PageKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.locale, self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, HashMap, HashSet};

    #[test]
    fn a_borrowed_key_finds_the_owned_one() {
        let mut map = HashMap::new();
        map.insert(PageKey::new("en-us", "a/b.md"), 1);
        assert_eq!(map.get(PageKeyRef::new("en-us", "a/b.md").key()), Some(&1));
        assert_eq!(map.get(PageKeyRef::new("ko-kr", "a/b.md").key()), None);
        // The parts are not run together: ("en-u", "sa/b.md") is another key.
        assert_eq!(map.get(PageKeyRef::new("en-u", "sa/b.md").key()), None);
        let set: HashSet<PageKey> = [PageKey::new("en-us", "")].into_iter().collect();
        assert!(set.contains(PageKeyRef::new("en-us", "").key()));
    }

    #[test]
    fn keys_order_as_the_tuples_did() {
        let pairs = [("ko-kr", "a"), ("en-us", "b"), ("en-us", ""), ("en", "z"), ("en-us", "a/b")];
        let map: BTreeMap<PageKey, ()> = pairs.iter().map(|(l, p)| (PageKey::new(*l, *p), ())).collect();
        let mut tuples = pairs.to_vec();
        tuples.sort();
        let keys: Vec<(&str, &str)> = map.keys().map(|k| (k.locale.as_str(), k.path.as_str())).collect();
        assert_eq!(keys, tuples);
        assert!(map.contains_key(PageKeyRef::new("en", "z").key()));
    }
}
