//! The site graph: pages by locale and path, their translations, and the sections (folders)
//! that hold them. Built once from parsed pages; read-only afterwards.

use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic};
use crate::page::Page;
use crate::page_key::{PageKey, PageKeyRef};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;

/// A folder of one locale: its index page if it has one, its pages and its subfolders.
#[derive(Debug, Clone, Default)]
pub struct Section {
    /// The locale.
    pub locale: String,
    /// The folder below the locale root, `` for the root, no trailing slash.
    pub folder: String,
    /// The folder's `index.md`, if any (an index into [`Site::pages`]).
    pub index: Option<usize>,
    /// Its other pages, in navigation order (`order:` then title).
    pub pages: Vec<usize>,
    /// Its subfolders (`folder` keys), sorted.
    pub subsections: Vec<String>,
    /// Its URL.
    pub url: String,
}

/// All pages of the site, indexed.
pub struct Site {
    /// The settings.
    pub config: Config,
    /// Every page, sorted by locale then path.
    pub pages: Vec<Page>,
    // Fx rather than SipHash: every link, view and check looks pages up here.
    by_key: FxHashMap<PageKey, usize>,
    by_url: FxHashMap<String, usize>,
    drafts: FxHashSet<PageKey>,
    /// Sections by (locale, folder).
    pub sections: BTreeMap<PageKey, Section>,
    /// For a sharded build (`build --locale/--version`): which pages and files it writes.
    pub shard: Option<std::sync::Arc<crate::commands::shard::Shard>>,
}

/// Sorts the pages by locale and path, keeps the first for each URL and reports the others.
fn drop_url_collisions(mut pages: Vec<Page>) -> (Vec<Page>, Vec<Diagnostic>) {
    pages.sort_by(|a, b| (&a.locale, &a.rel_path).cmp(&(&b.locale, &b.rel_path)));
    // By index, with borrowed URLs: no page's URL or path is copied to find the repeats.
    let mut first_at: FxHashMap<&str, usize> = FxHashMap::with_capacity_and_hasher(pages.len(), Default::default());
    let mut dropped = vec![false; pages.len()];
    let mut diags = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        match first_at.get(p.url.as_str()) {
            // A stand-in repeats its original's collision, reported there.
            Some(_) if p.fallback_from.is_some() => dropped[i] = true,
            Some(&first) => {
                let msg = format!("this page has the same URL ({}) as {}", p.url, pages[first].source.display());
                let hint = "rename or remove one of them: `a.md` and `a/index.md` are the same page";
                diags.push(Diagnostic::file_error(&p.source, msg).with_code(Code::DuplicateUrl).with_hint(hint));
                dropped[i] = true;
            }
            None => {
                first_at.insert(&p.url, i);
            }
        }
    }
    let mut keep = dropped.into_iter().map(|d| !d);
    pages.retain(|_| keep.next().unwrap_or(true));
    (pages, diags)
}

/// The folder of a page path: `a/b/c.md` → `a/b`, `c.md` → ``.
pub fn folder_of(rel_path: &str) -> &str {
    rel_path.rsplit_once('/').map(|(f, _)| f).unwrap_or("")
}

fn is_index(rel_path: &str) -> bool {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    name == "index.md" || name == "_index.md"
}

impl Site {
    /// Builds the graph from parsed pages. Two pages with one URL (`a.md` and `a/index.md`)
    /// are errors: the second is left out and named.
    pub fn new(config: Config, pages: Vec<Page>, drafts: Vec<PageKey>) -> (Site, Vec<Diagnostic>) {
        let (pages, diags) = drop_url_collisions(pages);
        let mut site = Site::from_unique(config, pages);
        site.drafts = drafts.into_iter().collect();
        (site, diags)
    }

    /// True for a page left out as a draft.
    pub fn is_draft(&self, locale: &str, rel_path: &str) -> bool {
        self.drafts.contains(PageKeyRef::new(locale, rel_path).key())
    }

    /// The site of `pages`, sorted by locale and path and with no URL twice (as
    /// `drop_url_collisions` leaves them).
    fn from_unique(config: Config, pages: Vec<Page>) -> Site {
        // The two lookup maps and the sections are made side by side: each reads only the
        // sorted pages, and one after another they were most of the site-graph step of a
        // 2 x 10,000-page build (45 ms) with the other core idle.
        let key_map = || pages.iter().enumerate().map(|(i, p)| (PageKey::new(&p.locale, &p.rel_path), i)).collect();
        let url_map = || pages.iter().enumerate().map(|(i, p)| (p.url.clone(), i)).collect();
        let ((by_key, by_url), sections) =
            rayon::join(|| rayon::join(key_map, url_map), || Self::sections_of(&config, &pages));
        Site { config, pages, by_key, by_url, sections, drafts: FxHashSet::default(), shard: None }
    }

    /// Every folder that holds a page (and each ancestor) as a section: its index page, its
    /// pages in menu order and its subfolders.
    fn sections_of(config: &Config, pages: &[Page]) -> BTreeMap<PageKey, Section> {
        let mut sections: BTreeMap<PageKey, Section> = BTreeMap::new();
        let mut pending: Vec<(PageKey, String)> = Vec::new();
        let urls = config.urls();
        for (i, page) in pages.iter().enumerate() {
            let folder = folder_of(&page.rel_path).to_string();
            // The folder and each of its ancestors exist, each listed in its parent (the lists
            // are deduplicated below); the walk stops at the first ancestor already known.
            let mut child = folder.clone();
            loop {
                if sections.contains_key(PageKeyRef::new(&page.locale, &child).key()) {
                    break;
                }
                let url = urls.section_url(&page.locale, &child);
                sections.insert(
                    PageKey::new(&page.locale, &child),
                    Section { locale: page.locale.clone(), folder: child.clone(), url, ..Section::default() },
                );
                if child.is_empty() {
                    break;
                }
                let parent = folder_of(&child).to_string();
                if let Some(p) = sections.get_mut(PageKeyRef::new(&page.locale, &parent).key()) {
                    p.subsections.push(child.clone());
                    break;
                }
                // The parent is created on the next turn and told about this child then.
                pending.push((PageKey::new(&page.locale, &parent), child.clone()));
                child = parent;
            }
            for (pkey, sub) in pending.drain(..) {
                if let Some(p) = sections.get_mut(&pkey) {
                    p.subsections.push(sub);
                }
            }
            let section = sections.get_mut(PageKeyRef::new(&page.locale, &folder).key()).expect("inserted above");
            if is_index(&page.rel_path) {
                section.index = Some(i);
            } else {
                section.pages.push(i);
            }
        }
        for s in sections.values_mut() {
            s.subsections.sort();
            s.subsections.dedup();
            s.pages.sort_by(|&a, &b| {
                let (a, b) = (&pages[a], &pages[b]);
                (a.order().unwrap_or(i64::MAX), &a.title).cmp(&(b.order().unwrap_or(i64::MAX), &b.title))
            });
        }
        sections
    }

    /// The page at a locale and path.
    pub fn page(&self, locale: &str, rel_path: &str) -> Option<usize> {
        self.by_key.get(PageKeyRef::new(locale, rel_path).key()).copied()
    }

    /// Puts an edited page in place of page `i` (same locale and path), returning the old one.
    pub fn replace_page(&mut self, i: usize, page: Page) -> Page {
        debug_assert_eq!((&self.pages[i].locale, &self.pages[i].rel_path), (&page.locale, &page.rel_path));
        std::mem::replace(&mut self.pages[i], page)
    }

    /// The page with this URL.
    pub fn page_by_url(&self, url: &str) -> Option<usize> {
        self.by_url.get(url).copied()
    }

    /// The same page in every locale that has it, in switcher order.
    pub fn translations(&self, page: usize) -> Vec<usize> {
        let rel = &self.pages[page].rel_path;
        self.config.locales.iter().filter_map(|l| self.page(&l.code, rel)).collect()
    }

    /// The section a page's folder makes (for an index page, the one it heads).
    pub fn section(&self, locale: &str, folder: &str) -> Option<&Section> {
        self.sections.get(PageKeyRef::new(locale, folder).key())
    }

    /// A section's title: its index page's title; else the heading of the page its author put
    /// first (`order:`), in the section's own language; else its folder name made readable
    /// ("Portal manage" in every language, which read badly in a Korean menu).
    pub fn section_title(&self, s: &Section) -> String {
        if let Some(i) = s.index {
            return self.pages[i].title.clone();
        }
        if s.folder.is_empty() {
            return self.config.title.clone();
        }
        let first = s.pages.first().map(|&p| &self.pages[p]).filter(|p| p.order().is_some());
        if let Some(page) = first.filter(|p| !p.heading.trim().is_empty()) {
            return page.heading.clone();
        }
        let name = s.folder.rsplit('/').next().unwrap_or(&s.folder).replace(['-', '_'], " ");
        let mut chars = name.chars();
        chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
    }

    /// Number of pages written in each locale (stand-ins not counted), in switcher order.
    pub fn counts(&self) -> Vec<(String, usize)> {
        self.config
            .locales
            .iter()
            .map(|l| {
                (
                    l.code.clone(),
                    self.pages.iter().filter(|p| p.locale == l.code && p.fallback_from.is_none() && !p.stub).count(),
                )
            })
            .collect()
    }

    /// Number of stand-ins published for untranslated pages.
    pub fn stand_ins(&self) -> usize {
        self.pages.iter().filter(|p| p.fallback_from.is_some() && !p.stub).count()
    }
}
