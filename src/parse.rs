//! The parse step: every discovered page parsed in parallel.

use crate::diagnostics::Diagnostic;
use crate::discover::Sources;
use crate::page::{self, Page, ParseContext};
use rayon::prelude::*;

/// Parses all pages (drafts left out unless `drafts`), in discovery order.
pub fn parse_all(
    sources: &Sources,
    ctx: &ParseContext<'_>,
    drafts: bool,
) -> (Vec<Page>, Vec<Diagnostic>) {
    let results: Vec<Result<Page, Diagnostic>> = sources
        .pages
        .par_iter()
        .map(|f| page::parse(f, ctx))
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut diags = Vec::new();
    for r in results {
        match r {
            Ok(p) if p.is_draft() && !drafts => {}
            Ok(p) => pages.push(p),
            Err(d) => diags.push(d),
        }
    }
    (pages, diags)
}
