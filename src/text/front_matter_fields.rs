//! A page's front matter as guidebook reads it: the keys it acts on, read once into typed
//! fields, beside every key as YAML gave it, which templates see as `page.meta`.
//!
//! The typed fields are what guidebook makes of a key (`draft` is a draft only when it is
//! `true`, `order` only when it is a whole number, a `description` of `2024` is the text
//! "2024"), not a replacement for the written value: an author's `title: 2024` or
//! `draft: "yes"` still reaches templates exactly as written, so the map keeps every key and
//! serializes alone (the typed fields are derived from it and never serialized).

use crate::text::{dates, frontmatter};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

/// The typed keys, and every key as written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    /// Every key as YAML gave it, dotted keys (`ms.date`) included: `page.meta` in templates.
    keys: Map<String, Value>,
    /// `title` as text; None when absent, empty, or not a scalar (tell them apart with `get`).
    pub title: Option<String>,
    /// `description` as text.
    pub description: Option<String>,
    /// `author` as text.
    pub author: Option<String>,
    /// `nav_title`: the page's name in the navigation, when shorter than its title.
    pub nav_title: Option<String>,
    /// `draft: true`.
    pub draft: bool,
    /// `order:` as a whole number, for navigation order.
    pub order: Option<i64>,
    /// `translation: machine` or `ms.translationtype: MT`.
    pub machine_translated: bool,
    /// `date`, else `ms.date`, as ISO `YYYY-MM-DD`, only when a real day (see [`dates`]).
    pub date: Option<String>,
    /// `source_hash`: the source page's hash a translation was stamped with.
    pub source_hash: Option<String>,
}

impl FrontMatter {
    /// Reads the typed keys of a front matter mapping and keeps the mapping.
    pub fn new(keys: Map<String, Value>) -> Self {
        let text = |key: &str| keys.get(key).and_then(scalar_string);
        FrontMatter {
            title: text("title"),
            description: text("description"),
            author: text("author"),
            nav_title: text("nav_title"),
            draft: matches!(keys.get("draft"), Some(Value::Bool(true))),
            order: keys.get("order").and_then(Value::as_i64),
            machine_translated: frontmatter::is_machine_translated(&keys),
            date: dates::page_date(&keys),
            source_hash: text(crate::i18n::translation::SOURCE_HASH),
            keys,
        }
    }

    /// Any key's value as written (the untyped ones: `uid`, `prerequisites`, `ms.author`, ...).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.keys.get(key)
    }

    /// A key's value as text, if it is a non-empty scalar (a number or boolean as written).
    pub fn text(&self, key: &str) -> Option<String> {
        self.keys.get(key).and_then(scalar_string)
    }

    /// Every key as written.
    pub fn keys(&self) -> &Map<String, Value> {
        &self.keys
    }

    /// Sets a key, and the typed field it feeds.
    pub fn insert(&mut self, key: String, value: Value) {
        let mut keys = std::mem::take(&mut self.keys);
        keys.insert(key, value);
        *self = FrontMatter::new(keys);
    }
}

impl From<Map<String, Value>> for FrontMatter {
    fn from(keys: Map<String, Value>) -> Self {
        FrontMatter::new(keys)
    }
}

/// As templates have always seen it: the mapping as written, nothing added.
impl Serialize for FrontMatter {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.keys.serialize(serializer)
    }
}

/// A scalar as text, trimmed; None for an empty one, a list or a mapping.
pub(crate) fn scalar_string(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(yaml: &str) -> FrontMatter {
        FrontMatter::new(crate::text::yaml::parse_mapping(yaml).unwrap())
    }

    #[test]
    fn known_keys_are_typed_as_guidebook_reads_them() {
        let f = front(
            "title: ' A '\ndescription: 2024\ndraft: true\norder: 3\nms.translationtype: MT\nms.date: 03/14/2024\n",
        );
        assert_eq!(f.title.as_deref(), Some("A"));
        assert_eq!(f.description.as_deref(), Some("2024"));
        assert!(f.draft && f.machine_translated);
        assert_eq!(f.order, Some(3));
        assert_eq!(f.date.as_deref(), Some("2024-03-14"));
        let odd = front("title: ''\ndraft: 'yes'\norder: 1.5\n");
        assert_eq!((odd.title.as_deref(), odd.draft, odd.order), (None, false, None));
        assert!(odd.get("title").is_some());
    }

    #[test]
    fn templates_see_every_key_as_written() {
        let yaml = "title: 2024\ndraft: 'yes'\nms.date: 03/14/2024\nzz: [1, 2]\nauthor: a\n";
        let f = front(yaml);
        let as_written = serde_json::to_string(&crate::text::yaml::parse_mapping(yaml).unwrap()).unwrap();
        assert_eq!(serde_json::to_string(&f).unwrap(), as_written);
        let mut g = f.clone();
        g.insert("description".into(), "About".into());
        assert_eq!(g.description.as_deref(), Some("About"));
        assert_eq!(g.get("description"), Some(&Value::from("About")));
    }
}
