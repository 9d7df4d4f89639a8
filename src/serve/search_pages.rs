//! The search results pages to reload after the search index is written again: those of the
//! locales whose index files changed, so a reader with results open sees the edit in them (the
//! page reload that follows an edit comes before the index catches up).

use super::files::File;
use crate::config::Config;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// The URLs (`/en-us/search/`) of the search pages whose locale has an index file in `fresh`
/// that `old` lacks or holds other bytes of.
pub fn to_reload(
    config: &Config,
    old: &HashMap<Arc<str>, Arc<File>>,
    fresh: &HashMap<Arc<str>, Arc<File>>,
) -> Vec<String> {
    let changed: Vec<&str> = fresh
        .iter()
        .filter(|(key, file)| old.get(*key).is_none_or(|before| before.bytes != file.bytes))
        .map(|(key, _)| &**key)
        .collect();
    let mut pages = BTreeSet::new();
    for locale in &config.locales {
        let prefix = config.locale_prefix(&locale.code);
        // Keys are below the output root, which is base_url's path; `/` after the folder keeps
        // `en/` apart from `en-us/`. A site without locale folders has one prefix: the root.
        let rel = prefix.strip_prefix(&config.base_path).unwrap_or(&prefix).trim_matches('/');
        let dir = if rel.is_empty() { String::new() } else { format!("{rel}/") };
        if changed.iter().any(|key| key.starts_with(&dir)) {
            pages.insert(format!("{prefix}/search/"));
        }
    }
    pages.into_iter().collect()
}
