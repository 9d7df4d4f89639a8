//! UI strings already formatted, kept per locale for the build. A string depends only on its
//! key and arguments, and pages ask for the same ones again and again: a string without
//! arguments on every page, `last-updated` with a date many pages share. Formatting one through
//! Fluent (an argument map, the pattern walked, the text copied) took ~5,000 instructions
//! (callgrind); a lookup here is a hash and a copy.

use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::sync::RwLock;
use tera::Value;

/// Formatted strings by a key that names all they depend on.
#[derive(Default)]
pub struct Formatted(RwLock<FxHashMap<String, String>>);

impl Formatted {
    /// The string kept under `key`, else what `make` gives (kept when it gives one).
    pub fn get_or(&self, key: &str, make: impl FnOnce() -> Option<String>) -> Option<String> {
        if let Some(text) = self.0.read().unwrap_or_else(|e| e.into_inner()).get(key) {
            return Some(text.clone());
        }
        let text = make()?;
        self.0.write().unwrap_or_else(|e| e.into_inner()).insert(key.to_string(), text.clone());
        Some(text)
    }
}

/// The key of a `t()` call: the string's key (borrowed, for a call of the key alone), then each
/// other argument by name (sorted, as tera's map has no order) with its value as JSON, which
/// tells `"2"` from `2`. Separated by U+001F, which neither a Fluent key nor a JSON text holds
/// unescaped.
pub fn call_key<'k>(key: &'k str, args: &tera::Args) -> Cow<'k, str> {
    let mut named: Vec<(&String, &Value)> = args.iter().filter(|(name, _)| name.as_str() != "key").collect();
    if named.is_empty() {
        return Cow::Borrowed(key);
    }
    named.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = String::with_capacity(key.len() + 32);
    out.push_str(key);
    for (name, value) in named {
        out.push('\u{1f}');
        out.push_str(name);
        out.push('=');
        out.push_str(&value.to_string());
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn args(pairs: &[(&str, Value)]) -> tera::Args {
        pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
    }

    #[test]
    fn a_call_key_names_every_argument_in_one_order_and_tells_text_from_numbers() {
        let a = args(&[("key", "k".into()), ("n", 2.into()), ("date", "2024-01-02".into())]);
        let b = args(&[("date", "2024-01-02".into()), ("key", "k".into()), ("n", 2.into())]);
        assert_eq!(call_key("k", &a), call_key("k", &b));
        assert_eq!(call_key("k", &a), "k\u{1f}date=\"2024-01-02\"\u{1f}n=2");
        let text = args(&[("key", "k".into()), ("n", "2".into())]);
        let number = args(&[("key", "k".into()), ("n", 2.into())]);
        assert_ne!(call_key("k", &text), call_key("k", &number));
        assert_eq!(call_key("k", &args(&[("key", "k".into())])), "k");
    }

    #[test]
    fn a_string_is_made_once_and_a_missing_one_is_asked_for_again() {
        let formatted = Formatted::default();
        let made = Cell::new(0);
        let make = || {
            made.set(made.get() + 1);
            Some("text".to_string())
        };
        assert_eq!(formatted.get_or("a", make).as_deref(), Some("text"));
        assert_eq!(formatted.get_or("a", make).as_deref(), Some("text"));
        assert_eq!(made.get(), 1);
        assert_eq!(formatted.get_or("b", || None), None);
        assert_eq!(formatted.get_or("b", || Some("late".into())).as_deref(), Some("late"));
    }
}
