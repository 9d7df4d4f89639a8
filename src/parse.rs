//! The parse step: every discovered page parsed in parallel.

use crate::diagnostics::Diagnostic;
use crate::discover::Sources;
use crate::page::{self, Page, ParseContext};
use rayon::prelude::*;

/// What parsing made.
pub struct Parsed {
    /// The pages to publish.
    pub pages: Vec<Page>,
    /// (locale, path) of drafts left out, so links to them can say why they lead nowhere.
    pub drafts: Vec<crate::page_key::PageKey>,
    /// Problems found, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses all pages (drafts left out unless `drafts`).
pub fn parse_all(sources: &Sources, ctx: &ParseContext<'_>, drafts: bool) -> Parsed {
    // Parsed in the site graph's order (by locale, then path: discovery sorts them so), so the
    // pages need no sorting or regrouping after: each locale's list gathered apart and joined
    // after moved every page twice into fresh memory, ~25 ms on one thread with the other core
    // idle (perf, 2 x 10,000 pages). A translation finds its source's code blocks highlighted
    // all the same: the highlighter's cache is shared by the threads.
    let mut results: Vec<(Option<Page>, Vec<Diagnostic>)> =
        sources.pages.par_iter().with_max_len(crate::fan_out::PAGES_PER_TASK).map(|f| page::parse(f, ctx)).collect();
    let mut left_out = Vec::new();
    let mut diags = Vec::new();
    for ((page, d), file) in results.iter_mut().zip(&sources.pages) {
        // A stand-in for an untranslated page repeats its original's problems: reported there.
        if file.fallback_from.is_none() {
            diags.append(d);
        }
        if page.as_ref().is_some_and(|p| p.is_draft() && !drafts) {
            if let Some(p) = page.take() {
                left_out.push(crate::page_key::PageKey::new(p.locale, p.rel_path));
            }
        }
    }
    // Collected in place: the pages move down within the results' own memory.
    let pages: Vec<Page> = results.into_iter().filter_map(|(page, _)| page).collect();
    // An include used by many pages reports its problems once.
    crate::diagnostics::sort(&mut diags);
    diags.dedup();
    Parsed { pages, drafts: left_out, diagnostics: diags }
}
