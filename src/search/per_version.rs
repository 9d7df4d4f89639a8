//! Search in a site with `[[versions]]`: one index per (locale, version), at
//! `<locale>/<version>/_search/`, holding that version's pages and the locale's shared pages (a
//! reader searching 1.x finds the glossary too, never 2.x's pages). A page searches its own
//! version's index; a shared page, the latest version's. Sites without versions keep the one
//! index per locale and never reach this module.

use super::INDEX_DIR;
use crate::config::Config;
use crate::page::Page;
use crate::versions::Versions;
use serde::Serialize;

/// A version the results page can search, for `search.versions` in templates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionChoice {
    /// The version's name (`v1`), what `?v=` names.
    pub name: String,
    /// What readers call it (`Contoso CLI 1.x`).
    pub label: String,
    /// The folder of its index in this locale (`/cli/en-us/v1/_search/`).
    pub index: String,
    /// True for the latest version, which `/search/` without `?v=` searches.
    pub latest: bool,
}

/// The pages of each version's index among `pages` (one locale's): (version name, page
/// indexes), in switcher order. Shared pages are in every list.
pub fn split(versions: &Versions, all: &[Page], pages: &[usize]) -> Vec<(String, Vec<usize>)> {
    versions
        .iter()
        .map(|v| {
            let mine = pages
                .iter()
                .copied()
                .filter(|&i| versions.version_of(&all[i].rel_path).is_none_or(|of| of.name == v.name))
                .collect();
            (v.name.clone(), mine)
        })
        .collect()
}

/// The version whose index a page (or folder) at `rel` searches: its own, or the latest for
/// shared pages and pages of no path (404, results page). None for a site without versions.
pub fn version_for<'v>(versions: &'v Versions, rel: Option<&str>) -> Option<&'v crate::versions::Version> {
    rel.and_then(|r| versions.version_of(r)).or_else(|| versions.latest())
}

/// The index folder of `version` in `locale` (`/cli/en-us/v1/_search/`).
pub fn index_url(config: &Config, locale: &str, version: &str) -> String {
    format!("{}/{version}/{INDEX_DIR}/", config.locale_prefix(locale))
}

/// Every version of the site with its index in `locale`, in switcher order (empty without
/// versions).
pub fn choices(config: &Config, locale: &str) -> Vec<VersionChoice> {
    config
        .versions
        .iter()
        .map(|v| VersionChoice {
            name: v.name.clone(),
            label: v.label.clone(),
            index: index_url(config, locale, &v.name),
            latest: v.latest,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::versions::{Status, Version};

    fn versions() -> Versions {
        let v = |name: &str, latest, status| Version {
            name: name.into(),
            folder: format!("docs/{name}"),
            label: name.to_uppercase(),
            latest,
            status,
        };
        Versions::new(vec![
            v("v3", false, Status::Current),
            v("v2", true, Status::Current),
            v("v1", false, Status::Archived),
        ])
    }

    #[test]
    fn pages_pick_their_own_version_and_shared_pages_the_latest() {
        let vs = versions();
        let name = |rel: Option<&str>| version_for(&vs, rel).map(|v| v.name.clone());
        assert_eq!(name(Some("docs/v1/a/b.md")).as_deref(), Some("v1"));
        assert_eq!(name(Some("docs/v3")).as_deref(), Some("v3"), "a version's own folder");
        assert_eq!(name(Some("glossary.md")).as_deref(), Some("v2"), "shared: the latest, not the first listed");
        assert_eq!(name(None).as_deref(), Some("v2"));
        assert_eq!(version_for(&Versions::default(), Some("docs/v1/a.md")), None);
    }
}
