//! A page: one markdown file of one locale (with its includes), parsed into front matter,
//! HTML, headings, anchors and resolved links. Parsing a page reads only that file and the
//! files it includes.

use crate::diagnostics::{Code, Diagnostic, Position};
use crate::discover::SourceFile;
use crate::i18n::translation::{freshness, Freshness, SourceHashes};
use crate::links::{LinkIndex, Target};
use crate::markdown::{self, highlight::Highlighter, AlertLabels, Heading, LinkKind, LinkRender, RenderContext};
use crate::text::front_matter_fields::FrontMatter;
use crate::text::frontmatter;
use crate::text::include;
use crate::text::source::{read_markdown, Expanded, Origin, ReadError, TextError};
use serde_json::{Map, Value};
use std::path::PathBuf;

/// A link in a page, resolved, with where the author wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLink {
    /// The destination as written.
    pub href: String,
    /// Link, image, raw HTML, or a front matter list.
    pub kind: LinkKind,
    /// The file it is written in (the page, or a file it includes).
    pub file: PathBuf,
    /// That file's path below its locale folder, which relative links start from.
    pub from_rel: String,
    /// Where in that file (None for a front matter entry that could not be located).
    pub at: Option<Position>,
    /// What it resolved to.
    pub target: Target,
}

/// A page in a front matter list (`prerequisites:` or `next:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnboardingLink {
    /// `prerequisites` or `next`.
    pub key: &'static str,
    /// The link, resolved like a body link.
    pub link: PageLink,
}

/// A parsed page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Its locale.
    pub locale: String,
    /// Its path below the locale folder: `marketplace/policies-terms.md`.
    pub rel_path: String,
    /// Its path as the author sees it: `content/en-us/marketplace/policies-terms.md`.
    pub source: PathBuf,
    /// Its absolute URL path: `/partner/en-us/marketplace/policies-terms/`.
    pub url: String,
    /// The title (front matter `title`, else the first h1).
    pub title: String,
    /// The heading to show on the page: the body's opening h1, else the title.
    pub heading: String,
    /// The id of the opening h1, so links to it keep working when the theme prints it.
    pub heading_id: Option<String>,
    /// Its front matter: the keys guidebook reads, typed, and every key as YAML gave it.
    pub meta: FrontMatter,
    /// Where its text is on disk (the original's file for a stand-in): the body's HTML is
    /// rendered from it when the page is written (see `page_body`), not kept.
    pub abs_path: PathBuf,
    /// h2..h6 for the on-this-page list.
    pub headings: Vec<Heading>,
    /// The page's text by heading, for the search index.
    pub sections: Vec<markdown::SectionText>,
    /// Every id and name in the page, sorted and without repeats: looked up by [`Page::has_anchor`].
    pub anchors: Vec<String>,
    /// The anchors the author chose in this file (not slugs, not includes), with their lines.
    pub explicit_anchors: Vec<(String, usize)>,
    /// Every link in the body (includes too), as written and resolved.
    pub links: Vec<PageLink>,
    /// `prerequisites:` and `next:`, resolved.
    pub onboarding: Vec<OnboardingLink>,
    /// For a stand-in of an untranslated page: the locale whose text it shows.
    pub fallback_from: Option<String>,
    /// For a translation: whether it is current with its source (None for sources and stand-ins).
    pub freshness: Option<Freshness>,
    /// Its `uid:` and the xrefs in its body (whose HTML holds markers for them until rendered).
    pub xrefs: crate::xref::PageXrefs,
    /// True for a page another shard builds, known here from the index file only (url, title,
    /// anchors, uid; no body): links and navigation see it, rendering and search skip it.
    pub stub: bool,
    /// Where the body's HTML is in the workspace's `BodyStore` (empty for a stub).
    pub body: crate::page_body::Body,
}

impl Page {
    /// A front matter value as text (`description`, `author`, ...), if it is a non-empty scalar.
    pub fn meta_str(&self, key: &str) -> Option<String> {
        self.meta.text(key)
    }

    /// Whether the page has an element with this id or name. A binary search: the link checks
    /// ask once per link with a fragment, and comparing with every anchor in turn was ~3 % of
    /// their time (perf).
    pub fn has_anchor(&self, anchor: &str) -> bool {
        self.anchors.binary_search_by(|a| a.as_str().cmp(anchor)).is_ok()
    }

    /// `anchors` as [`Page::anchors`] keeps them (sorted, each once), for [`Page::has_anchor`]:
    /// every way a page is made (parsed, or a stub from a shard's index) goes through here.
    pub fn anchor_list(mut anchors: Vec<String>) -> Vec<String> {
        anchors.sort_unstable();
        anchors.dedup();
        anchors
    }

    /// True for `draft: true`.
    pub fn is_draft(&self) -> bool {
        self.meta.draft
    }

    /// True for machine-translated pages (`translation: machine` or `ms.translationtype: MT`).
    pub fn is_machine_translated(&self) -> bool {
        self.meta.machine_translated
    }

    /// `order:` as a number, for navigation order.
    pub fn order(&self) -> Option<i64> {
        self.meta.order
    }

    /// The page date as ISO `YYYY-MM-DD`: `date`, else `ms.date`; only a real day (see
    /// [`crate::text::dates`]).
    pub fn date(&self) -> Option<String> {
        self.meta.date.clone()
    }
}

/// What parsing needs from the rest of the build (shared, read-only).
pub struct ParseContext<'a> {
    /// Which files exist, to resolve links.
    pub links: &'a LinkIndex,
    /// Grammars for code blocks.
    pub highlighter: &'a Highlighter,
    /// Alert labels per locale (the default labels when a locale has none).
    pub alerts: &'a (dyn Fn(&str) -> AlertLabels + Sync),
    /// The DocFX extensions' labels per locale (asked for only by pages that use them).
    pub docfx: &'a (dyn Fn(&str) -> crate::docfx::Labels + Sync),
    /// The default locale, whose pages are the sources of translations.
    pub default_locale: &'a str,
    /// Body hashes of source pages, for translations that record one.
    pub source_hashes: &'a SourceHashes,
    /// Where the bodies' HTML waits for the write; `None` keeps none (a shard index).
    pub bodies: Option<&'a crate::page_body::BodyStore>,
}

/// Reads and parses one page. Errors name the file, line and column; a page with errors in
/// its includes still parses (with those errors beside it).
pub fn parse(file: &SourceFile, ctx: &ParseContext<'_>) -> (Option<Page>, Vec<Diagnostic>) {
    match read_page(file) {
        Ok((text, nul)) => {
            let (page, mut diags) = parse_text(file, text, ctx);
            diags.extend(nul);
            (page, diags)
        }
        Err(d) => (None, vec![d]),
    }
}

/// Reads a page's text the one way guidebook reads markdown (size limit, UTF-8 checked with the
/// encoding guess, BOM dropped, NULs replaced), with the warning for NULs; errors name the file.
fn read_page(file: &SourceFile) -> Result<(String, Option<Diagnostic>), Diagnostic> {
    read_markdown(&file.abs_path, &file.display).map_err(|e| match e {
        TextError::Read(ReadError::Io(e)) => {
            Diagnostic::file_error(&file.display, format!("cannot read the page: {e}")).with_code(Code::Io)
        }
        TextError::Read(ReadError::TooLarge(size)) => {
            Diagnostic::file_error(&file.display, format!("the page is {}", crate::text::source::too_large(size)))
                .with_code(Code::TooLarge)
                .with_hint("split it into several pages (a folder of them, linked from an index.md)")
        }
        TextError::NotUtf8(bad) => bad.diagnostic(&file.display),
    })
}

/// Resolves one link of an expanded body as parsing does: an xref becomes a marker (recorded
/// in `xrefs`), any other link is resolved from the file it is written in.
fn resolve_link(
    expanded: &Expanded,
    links: &LinkIndex,
    xrefs: &mut crate::xref::PageXrefs,
    (href, kind, offset): (&str, LinkKind, usize),
) -> (LinkRender, Option<PageLink>) {
    let at = expanded.locate(offset);
    if let Some(how) = crate::xref::record(xrefs, href, kind, &at.origin.display, at.line, at.col) {
        return (how, None);
    }
    let (target, how) = links.render(&at.origin.locale, &at.origin.rel_path, href);
    let file = at.origin.display.clone();
    let from_rel = at.origin.rel_path.clone();
    (
        how,
        Some(PageLink {
            href: href.to_string(),
            kind,
            file,
            from_rel,
            at: Position::from_numbers(at.line, at.col),
            target,
        }),
    )
}

/// Parses a page from its text (the part of [`parse`] after reading).
pub fn parse_text(file: &SourceFile, text: String, ctx: &ParseContext<'_>) -> (Option<Page>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let split = match frontmatter::split(&text, &file.display) {
        Ok(s) => s,
        Err(d) => return (None, vec![d]),
    };
    let meta = match frontmatter::parse(&split, &file.display) {
        Ok(m) => FrontMatter::new(m),
        Err(d) => return (None, vec![d]),
    };
    let (yaml, yaml_line, body_offset) = (split.yaml.map(str::to_string), split.yaml_line, split.body_offset);
    let origin = Origin::new(file.display.clone(), &file.locale, &file.rel_path, text);
    let docfx_labels = || (ctx.docfx)(&file.locale);
    let expanded = include::expand(origin, body_offset, ctx.links, &docfx_labels, &mut diags);
    let alerts = (ctx.alerts)(&file.locale);
    let mut links = Vec::new();
    let mut xrefs = crate::xref::PageXrefs::default();
    let mut resolve = |href: &str, kind: LinkKind, offset: usize| {
        let (how, link) = resolve_link(&expanded, ctx.links, &mut xrefs, (href, kind, offset));
        links.extend(link);
        how
    };
    let rctx = RenderContext { highlighter: ctx.highlighter, alerts: &alerts };
    // The HTML waits for the write in the workspace's `BodyStore` (`page_body`): rendering it
    // again at write was a fifth of a build's CPU.
    let mut rendered = markdown::render(&expanded.text, &rctx, &mut resolve);
    for p in &rendered.html_problems {
        let at = expanded.locate(p.offset);
        diags.push(
            Diagnostic::warning(&at.origin.display, at.line, at.col, p.message.clone())
                .with_code(Code::RawHtml)
                .with_hint(p.hint.clone()),
        );
    }
    let mut explicit_anchors: Vec<(String, usize)> = rendered
        .explicit_anchors
        .iter()
        .map(|(id, offset)| (id, expanded.locate(*offset)))
        .filter(|(_, at)| at.origin.display == file.display)
        .map(|(id, at)| (id.clone(), at.line))
        .collect();
    explicit_anchors.dedup();
    for (id, offset) in &rendered.duplicate_ids {
        let at = expanded.locate(*offset);
        let msg = format!("a heading before this one already has the id `{id}`; this one gets a numbered id instead");
        let hint = "give each heading its own anchor; links to `#".to_string() + id + "` go to the first";
        diags.push(
            Diagnostic::warning(&at.origin.display, at.line, at.col, msg)
                .with_code(Code::DuplicateAnchor)
                .with_hint(hint),
        );
    }
    // Written but empty (or a list) is an error; absent, the first h1 is the title.
    let title = match meta.get("title") {
        Some(_) => match meta.title.clone() {
            Some(t) => t,
            None => {
                let line = title_line(expanded.page().text());
                let hint = "write a title after `title:`, or remove the key to use the page's first `# heading`";
                diags.push(
                    Diagnostic::error(&file.display, line, 1, "the title is empty")
                        .with_code(Code::NoTitle)
                        .with_hint(hint),
                );
                return (None, diags);
            }
        },
        None => match rendered.h1.clone().filter(|t| !t.is_empty()) {
            Some(t) => t,
            None => {
                let hint = "add `title: ...` to the front matter, or start the page with a `# Heading`";
                diags.push(
                    Diagnostic::error(&file.display, 1, 1, "the page has no title")
                        .with_code(Code::NoTitle)
                        .with_hint(hint),
                );
                return (None, diags);
            }
        },
    };
    let onboarding = onboarding_links(file, meta.keys(), yaml.as_deref(), yaml_line, ctx.links);
    let is_translation = file.locale != ctx.default_locale && file.fallback_from.is_none();
    // The source is looked up among the discovered pages, not asked of the file system: a
    // `stat` per translation (10,000 in a 2 x 10,000-page build) that discover already answered.
    let freshness = if is_translation && ctx.links.has_page(ctx.default_locale, &file.rel_path) {
        // `source_hash` is typed as a non-empty, trimmed text (FrontMatter).
        match meta.source_hash.as_deref() {
            // Nothing to compare with: the source need not be read and hashed (10,000 files
            // in a 2 x 10,000 build whose translations record no hash).
            None => Some(Freshness::Unknown),
            Some(r) => {
                let source = ctx.links.file_path(ctx.default_locale, &file.rel_path);
                ctx.source_hashes.get(&source).map(|h| freshness(Some(r), &h))
            }
        }
    } else {
        None
    };
    let uid = crate::xref::declared_uid(meta.keys(), yaml.as_deref(), yaml_line);
    diags.extend(crate::text::dates::check(meta.keys(), yaml.as_deref(), yaml_line, &file.display));
    // Every page is kept until the site is written: hand back the slack the growing buffers
    // left, which 20,000 pages add up to tens of MiB.
    for section in &mut rendered.sections {
        section.text.shrink_to_fit();
    }
    rendered.sections.shrink_to_fit();
    let page = Page {
        locale: file.locale.clone(),
        rel_path: file.rel_path.clone(),
        source: file.display.clone(),
        url: ctx.links.page_url(&file.locale, &file.rel_path),
        heading: rendered.leading_h1_id.as_ref().and(rendered.h1.clone()).unwrap_or_else(|| title.clone()),
        heading_id: rendered.leading_h1_id,
        title,
        meta,
        abs_path: file.abs_path.clone(),
        headings: rendered.headings,
        sections: rendered.sections,
        anchors: Page::anchor_list(rendered.anchors),
        explicit_anchors,
        links,
        onboarding,
        fallback_from: file.fallback_from.clone(),
        freshness,
        xrefs: crate::xref::PageXrefs { uid, ..xrefs },
        stub: false,
        body: ctx.bodies.map(|store| store.put(&rendered.html)).unwrap_or_default(),
    };
    (Some(page), diags)
}

/// The front matter keys that list onboarding pages (`path:` in a section's index lists the
/// steps of its onboarding path).
pub const ONBOARDING_KEYS: [&str; 3] = ["prerequisites", "next", "path"];

/// Resolves `prerequisites:` and `next:`, each entry located at its line in the front matter.
fn onboarding_links(
    file: &SourceFile,
    meta: &Map<String, Value>,
    yaml: Option<&str>,
    yaml_line: usize,
    links: &LinkIndex,
) -> Vec<OnboardingLink> {
    let mut out = Vec::new();
    for key in ONBOARDING_KEYS {
        let hrefs: Vec<&str> = match meta.get(key) {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            Some(Value::String(s)) => vec![s.as_str()],
            _ => continue,
        };
        for (n, href) in hrefs.iter().enumerate() {
            // The same href listed twice is reported at each of its own lines.
            let nth = hrefs[..n].iter().filter(|h| *h == href).count();
            let (line, col) = yaml.and_then(|y| locate_in_yaml(y, key, href, nth)).unwrap_or((0, 0));
            let link = PageLink {
                href: href.to_string(),
                kind: LinkKind::FrontMatter,
                file: file.display.clone(),
                from_rel: file.rel_path.clone(),
                at: Position::from_numbers(if line > 0 { yaml_line + line - 1 } else { 0 }, col),
                target: links.resolve(&file.locale, &file.rel_path, href),
            };
            out.push(OnboardingLink { key, link });
        }
    }
    out
}

/// The 1-based line and column of the `nth` (0-based) `value` under the top-level `key:` of a
/// YAML block: only the key's own lines count (up to the next top-level key), so a value that
/// also appears earlier, or under another key, is not taken for this one.
fn locate_in_yaml(yaml: &str, key: &str, value: &str, nth: usize) -> Option<(usize, usize)> {
    let (key_line, _) = crate::text::yaml::top_level_key(yaml, key)?;
    let block = yaml
        .lines()
        .enumerate()
        .skip(key_line)
        .take_while(|(i, l)| *i == key_line || l.is_empty() || l.starts_with([' ', '\t', '-', '#']));
    let found: Vec<(usize, usize)> = block
        .filter_map(|(i, l)| {
            // Past the `key:` on its own line: a flow list or a single value follows it there.
            let from = if i == key_line { l.find(':').map_or(0, |c| c + 1) } else { 0 };
            l[from..].find(value).map(|c| (i + 1, l[..from + c].chars().count() + 1))
        })
        .collect();
    // Two on one line (a flow list) share that line's place.
    found.get(nth).or(found.last()).copied()
}

/// The line of the `title:` key, to point at an empty title.
fn title_line(text: &str) -> usize {
    crate::text::yaml::top_level_key(text, "title").map(|(i, _)| i + 1).unwrap_or(1)
}

#[cfg(test)]
mod locate_tests {
    use super::locate_in_yaml;

    #[test]
    fn a_repeated_value_is_found_at_each_of_its_own_lines_under_its_own_key() {
        let yaml = "title: gone.md\nprerequisites:\n  - a.md\n  - gone.md\n  - gone.md\nnext: [x.md, gone.md]\n";
        assert_eq!(locate_in_yaml(yaml, "prerequisites", "gone.md", 0), Some((4, 5)));
        assert_eq!(locate_in_yaml(yaml, "prerequisites", "gone.md", 1), Some((5, 5)));
        assert_eq!(locate_in_yaml(yaml, "next", "gone.md", 0), Some((6, 14)));
        // Not under the key at all: no place rather than another key's.
        assert_eq!(locate_in_yaml(yaml, "prerequisites", "x.md", 0), None);
    }
}
