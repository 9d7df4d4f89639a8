//! The parse step: every discovered page parsed in parallel.

use crate::diagnostics::Diagnostic;
use crate::discover::{SourceFile, Sources};
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
    // Translations side by side (by path, then locale), so the thread that parses a page
    // usually parses its translations next and finds their code blocks already highlighted.
    let mut order: Vec<&SourceFile> = sources.pages.iter().collect();
    order.sort_by(|a, b| (&a.rel_path, &a.locale).cmp(&(&b.rel_path, &b.locale)));
    let results: Vec<(Option<Page>, Vec<Diagnostic>)> = order.par_iter().map(|f| page::parse(f, ctx)).collect();
    // Pages come out by locale, then path, the site graph's order: each locale's pages are
    // already in path order above, so gathering them per locale spares the graph sorting
    // 20,000 large pages (~25 ms, on one thread).
    let mut by_locale: std::collections::BTreeMap<String, Vec<Page>> = Default::default();
    let mut left_out = Vec::new();
    let mut diags = Vec::new();
    for ((page, d), file) in results.into_iter().zip(&order) {
        // A stand-in for an untranslated page repeats its original's problems: reported there.
        if file.fallback_from.is_none() {
            diags.extend(d);
        }
        match page {
            Some(p) if p.is_draft() && !drafts => left_out.push(crate::page_key::PageKey::new(p.locale, p.rel_path)),
            Some(p) => match by_locale.get_mut(&p.locale) {
                Some(list) => list.push(p),
                None => {
                    by_locale.insert(p.locale.clone(), vec![p]);
                }
            },
            None => {}
        }
    }
    let pages: Vec<Page> = by_locale.into_values().flatten().collect();
    // An include used by many pages reports its problems once.
    crate::diagnostics::sort(&mut diags);
    diags.dedup();
    Parsed { pages, drafts: left_out, diagnostics: diags }
}
