//! Every uid of the site: pages (by `uid:` or the site's rule) per locale, and xrefmap entries.
//! Built after parsing; the page part is rebuilt when an edit changes a uid or a title.

use super::maps::MapEntry;
use super::rule::UidRule;
use crate::diagnostics::{Code, Diagnostic};
use crate::page::Page;
use crate::site::Site;
use std::collections::HashMap;

/// uids to pages and map entries.
#[derive(Debug, Default)]
pub struct XrefIndex {
    pub(super) default_locale: String,
    /// uid → indices into `Site::pages` (every locale), in path order.
    pub(super) pages: HashMap<String, Vec<usize>>,
    /// Lowercased uid → the first page uid that lowercases to it.
    pub(super) pages_folded: HashMap<String, String>,
    /// uid → its entry (the first map that has it wins).
    pub(super) map: HashMap<String, MapEntry>,
    /// Lowercased uid → the first map uid that lowercases to it.
    pub(super) map_folded: HashMap<String, String>,
    /// [`hint_keys`] → uids, for "did you mean" hints without a scan over every uid.
    pub(super) neighbours: HashMap<String, Vec<String>>,
    rule: Option<UidRule>,
}

/// The uid of a page: its `uid:`, else what the site's rule makes of its front matter.
pub fn page_uid(page: &Page, rule: Option<&UidRule>) -> Option<String> {
    match &page.xrefs.uid {
        Some(d) => Some(d.uid.clone()),
        None => rule?.apply(page.meta.keys(), &page.title),
    }
}

/// The keys a uid is found by for hints: its last segment (after the final `.`, so
/// `Other.Module.Get-Item` finds `Module.Get-Item`) and its namespace (before it, so
/// `Module.Get-Itme` finds the cmdlets of `Module`), both lowercased.
pub(super) fn hint_keys(uid: &str) -> [String; 2] {
    let lower = uid.to_lowercase();
    let (parent, last) = lower.rsplit_once('.').unwrap_or(("", &lower));
    [format!("last:{last}"), format!("parent:{parent}")]
}

impl XrefIndex {
    fn add_neighbour(&mut self, uid: &str) {
        for key in hint_keys(uid) {
            self.neighbours.entry(key).or_default().push(uid.to_string());
        }
    }
}

impl XrefIndex {
    /// Indexes the site's pages and the map entries; warns about uids shared by two pages of
    /// one locale in the same top-level folder.
    pub fn new(site: &Site, rule: Option<UidRule>, entries: Vec<MapEntry>) -> (XrefIndex, Vec<Diagnostic>) {
        let mut index = XrefIndex { default_locale: site.config.default_locale.clone(), rule, ..Default::default() };
        for e in entries {
            if index.map.contains_key(&e.uid) {
                continue;
            }
            index.map_folded.entry(e.uid.to_lowercase()).or_insert_with(|| e.uid.clone());
            index.add_neighbour(&e.uid);
            index.map.insert(e.uid.clone(), e);
        }
        let diags = index.index_pages(site);
        (index, diags)
    }

    /// After an edit swapped pages in (`old`: each index with the page it replaced): when a uid
    /// or a title changed, indexes the pages again and returns the warnings found on the way;
    /// None when nothing xrefs see changed.
    pub fn after_edit(&mut self, site: &Site, old: &[(usize, Page)]) -> Option<Vec<Diagnostic>> {
        let identity = |p: &Page| page_uid(p, self.rule.as_ref()).map(|u| (u, p.title.clone()));
        let changed = old.iter().any(|(i, before)| identity(before) != identity(&site.pages[*i]));
        changed.then(|| self.reindex_pages(site))
    }

    /// Indexes the pages again (after an edit), keeping the map entries.
    pub fn reindex_pages(&mut self, site: &Site) -> Vec<Diagnostic> {
        for uid in self.pages.keys() {
            for key in hint_keys(uid) {
                if let Some(list) = self.neighbours.get_mut(&key) {
                    list.retain(|u| u != uid || self.map.contains_key(u));
                }
            }
        }
        self.pages.clear();
        self.pages_folded.clear();
        self.index_pages(site)
    }

    fn index_pages(&mut self, site: &Site) -> Vec<Diagnostic> {
        for (i, page) in site.pages.iter().enumerate() {
            let Some(uid) = page_uid(page, self.rule.as_ref()) else { continue };
            self.pages_folded.entry(uid.to_lowercase()).or_insert_with(|| uid.clone());
            let list = self.pages.entry(uid.clone()).or_default();
            let new = list.is_empty() && !self.map.contains_key(&uid);
            list.push(i);
            if new {
                self.add_neighbour(&uid);
            }
        }
        self.duplicates(site)
    }

    /// A warning for each page whose uid an earlier page of its locale, in the same top-level
    /// folder, has already. Versioned folders (`5.1/`, `7.2/`) may share uids freely.
    fn duplicates(&self, site: &Site) -> Vec<Diagnostic> {
        let top = |p: &Page| p.rel_path.split_once('/').map(|(t, _)| t.to_string()).unwrap_or_default();
        let mut diags = Vec::new();
        for (uid, list) in &self.pages {
            if list.len() < 2 {
                continue;
            }
            let mut seen: HashMap<(&str, String), usize> = HashMap::new();
            for &i in list {
                let page = &site.pages[i];
                // A stand-in repeats its original's uid, reported there.
                if page.fallback_from.is_some() {
                    continue;
                }
                match seen.get(&(page.locale.as_str(), top(page))) {
                    Some(&first) => {
                        let (line, col) = page.xrefs.uid.as_ref().map(|d| (d.line, d.col)).unwrap_or((1, 1));
                        let msg = format!(
                            "the uid `{uid}` is also the uid of {}; xrefs to it lead there",
                            site.pages[first].source.display()
                        );
                        diags.push(
                            Diagnostic::warning(&page.source, line, col, msg).with_code(Code::DuplicateUid).with_hint(
                                "give each page its own uid (versioned copies belong in separate top-level folders)",
                            ),
                        );
                    }
                    None => {
                        seen.insert((page.locale.as_str(), top(page)), i);
                    }
                }
            }
        }
        diags
    }
}
