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
        // Keys are below the output root; the folder's `/` keeps `en/` apart from `en-us/`.
        let dir = crate::search::locale_folder(config, &locale.code);
        if changed.iter().any(|key| key.starts_with(&dir)) {
            pages.insert(format!("{}/search/", config.locale_prefix(&locale.code)));
        }
    }
    pages.into_iter().collect()
}
