//! A page's body as HTML, rendered when the page is written. Parsing keeps what the checks,
//! navigation and search read (links, anchors, headings, text) but not the HTML, which 20,000
//! pages held at ~120 MiB until the end of a build; writing reads the page's file again (from
//! the page cache, a fraction of the markdown work) and renders it straight for the template.

use crate::diagnostics::Diagnostic;
use crate::discover::SourceFile;
use crate::docfx;
use crate::links::LinkIndex;
use crate::markdown::{self, highlight::Highlighter, AlertLabels, LinkKind, RenderContext};
use crate::page::{self, Page};
use crate::source::Origin;

/// What rendering a body needs from the rest of the build (shared, read-only): what parsing
/// it had, so the HTML is the one a parse-time render would have made.
pub struct BodyContext<'a> {
    /// Which files exist, to resolve links.
    pub links: &'a LinkIndex,
    /// Grammars for code blocks.
    pub highlighter: &'a Highlighter,
    /// Alert labels per locale.
    pub alerts: &'a (dyn Fn(&str) -> AlertLabels + Sync),
    /// The DocFX extensions' labels per locale.
    pub docfx: &'a (dyn Fn(&str) -> docfx::Labels + Sync),
}

/// The body of `page` as HTML, its xrefs still markers (see `xref::resolve::page_html`).
/// Problems in the text were reported when it was parsed; an error here is a file that
/// changed or vanished since.
pub fn html(page: &Page, ctx: &BodyContext<'_>) -> Result<String, Diagnostic> {
    let file = SourceFile {
        locale: page.locale.clone(),
        rel_path: page.rel_path.clone(),
        display: page.source.clone(),
        abs_path: page.abs_path.clone(),
        fallback_from: page.fallback_from.clone(),
    };
    let text = page::read_text(&file)?;
    let body_offset = crate::frontmatter::split(&text, &file.display)?.body_offset;
    let origin = Origin::new(file.display.clone(), &file.locale, &file.rel_path, text);
    let labels = || (ctx.docfx)(&file.locale);
    // The include problems were reported by the parse.
    let mut reported = Vec::new();
    let expanded = crate::include::expand(origin, body_offset, ctx.links, &labels, &mut reported);
    let alerts = (ctx.alerts)(&file.locale);
    // Recorded afresh in the same order, so each xref gets the marker number the parse gave it.
    let mut xrefs = crate::xref::PageXrefs::default();
    let mut resolve = |href: &str, kind: LinkKind, offset: usize| {
        page::resolve_link(&expanded, ctx.links, &mut xrefs, (href, kind, offset)).0
    };
    let rctx = RenderContext { highlighter: ctx.highlighter, alerts: &alerts };
    Ok(markdown::render(&expanded.text, &rctx, &mut resolve).html)
}
