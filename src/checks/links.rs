//! The link check: every link, image, raw-HTML `href`/`src`, include and onboarding entry of
//! every page must land on a file of the site, and every `#fragment` on an anchor of the page
//! it lands on. Runs on the site graph, before rendering, in parallel.

use crate::checks::hints::{self, Wanted};
use crate::config::BrokenLinks;
use crate::diagnostics::{Code, Diagnostic};
use crate::links::{percent_decode, split_href, LinkIndex, Resolved, Target};
use crate::markdown::LinkKind;
use crate::page::{Page, PageLink};
use crate::site::{folder_of, Site};
use rayon::prelude::*;
use std::collections::HashSet;

/// Codes of problems that `broken = "warn"` turns into warnings.
const BROKEN_CODES: [Code; 6] = [
    Code::BrokenLink,
    Code::BrokenAnchor,
    Code::BrokenImage,
    Code::BrokenInclude,
    Code::OutsideContent,
    Code::BrokenXref,
];

/// Makes broken-link errors warnings when the site asks for it.
pub fn apply_policy(diags: Vec<Diagnostic>, broken: BrokenLinks) -> Vec<Diagnostic> {
    match broken {
        BrokenLinks::Error => diags,
        BrokenLinks::Warn => {
            diags.into_iter().map(|d| if BROKEN_CODES.contains(&d.code) { d.downgraded() } else { d }).collect()
        }
    }
}

/// Checks every link of every page. `other_urls` are URLs of files that are not pages or
/// content assets (theme static files, 404 pages), so site-absolute links to them hold.
pub fn check_links(site: &Site, links: &LinkIndex, other_urls: &HashSet<String>) -> Vec<Diagnostic> {
    check_pages(site, links, other_urls, None)
}

/// Checks the links of some pages only (all when `only` is None): what a rebuild after an
/// edit needs.
pub fn check_pages(
    site: &Site,
    links: &LinkIndex,
    other_urls: &HashSet<String>,
    only: Option<&HashSet<usize>>,
) -> Vec<Diagnostic> {
    let mut urls: HashSet<&str> = site.pages.iter().map(|p| p.url.as_str()).collect();
    urls.extend(site.sections.values().map(|s| s.url.as_str()));
    urls.extend(other_urls.iter().map(String::as_str));
    let ctx = Ctx { site, links, urls: &urls };
    // A stand-in for an untranslated page repeats the original's links, checked there.
    let found: Vec<Found> = site
        .pages
        .par_iter()
        .enumerate()
        .filter(|(i, page)| page.fallback_from.is_none() && only.is_none_or(|o| o.contains(i)))
        .flat_map_iter(|(_, page)| {
            let mut out = Vec::new();
            for link in page.links.iter().chain(page.onboarding.iter().map(|o| &o.link)) {
                ctx.check(page, link, &mut out);
            }
            out
        })
        .collect();
    with_hints(site, links, found)
}

/// A problem found, and what its "did you mean" hint should look for, answered once all are
/// known (see [`hints::answer`]).
struct Found {
    diag: Diagnostic,
    wants: Option<(Wanted, HintText)>,
}

/// How a found name becomes a hint.
enum HintText {
    /// A relative link from this page path to the path found.
    LinkFrom(String),
    /// `#anchor`.
    Anchor,
}

impl From<Diagnostic> for Found {
    fn from(diag: Diagnostic) -> Self {
        Found { diag, wants: None }
    }
}

/// Attaches the hints: each different broken target is looked up once, for the whole build.
fn with_hints(site: &Site, links: &LinkIndex, found: Vec<Found>) -> Vec<Diagnostic> {
    if found.iter().all(|f| f.wants.is_none()) {
        return found.into_iter().map(|f| f.diag).collect();
    }
    let answers = hints::answer(
        found.iter().filter_map(|f| f.wants.as_ref().map(|(w, _)| w.clone())),
        site.config.links.hints,
        |locale| site.pages.iter().filter(|p| p.locale == locale).map(|p| p.rel_path.as_str()).collect(),
        |locale| links.assets_in(locale),
        |page| site.pages[page].anchors.iter().map(String::as_str).collect(),
    );
    found
        .into_iter()
        .map(|f| match f.wants {
            Some((w, how)) => match (answers.get(&w), how) {
                (Some(best), HintText::LinkFrom(from)) => {
                    f.diag.with_hint(format!("did you mean `{}`?", relative_link(&from, best)))
                }
                (Some(best), HintText::Anchor) => f.diag.with_hint(format!("did you mean `#{best}`?")),
                (None, _) => f.diag,
            },
            None => f.diag,
        })
        .collect()
}

/// The note on a link (`href`, written at `at`) from a page of `locale` that leads to the page
/// `rel_path` of `target_locale` because `locale` has no translation of it.
pub fn fallback_link(
    (file, at): (&std::path::Path, Option<crate::diagnostics::Position>),
    href: &str,
    locale: &str,
    target_locale: &str,
    rel_path: &str,
) -> Diagnostic {
    let msg = format!("`{href}` has no {locale} version yet; it leads to the {target_locale} page");
    Diagnostic::warning_at(file, at, msg)
        .with_code(Code::FallbackLink)
        .with_hint(format!("translate content/{locale}/{rel_path}"))
}

struct Ctx<'a> {
    site: &'a Site,
    links: &'a LinkIndex,
    urls: &'a HashSet<&'a str>,
}

impl Ctx<'_> {
    fn check(&self, page: &Page, link: &PageLink, out: &mut Vec<Found>) {
        let at = |code: Code, msg: String| Diagnostic::error_at(&link.file, link.at, msg).with_code(code);
        let fragment = split_href(&link.href).fragment.map(percent_decode);
        let from_rel = link.from_rel.clone();
        match &link.target {
            // Host links are checked by `check --external` only.
            Target::External | Target::Host(_) => {}
            Target::SamePage => {
                if link.kind != LinkKind::FrontMatter {
                    self.check_anchor(page, fragment.as_deref(), link, out);
                }
            }
            Target::Page(r) => {
                self.note_resolution(page, r, link, &from_rel, out);
                match self.site.page(&r.locale, &r.rel_path) {
                    Some(t) => self.check_anchor(&self.site.pages[t], fragment.as_deref(), link, out),
                    // A page that failed to parse has its own error; its anchors are unknown.
                    None if !self.site.is_draft(&r.locale, &r.rel_path) => {}
                    None => out.push(
                        at(Code::BrokenLink, format!("`{}` leads to a draft page, which is not published", link.href))
                            .with_hint("remove `draft: true` from the target, build with --drafts, or drop the link")
                            .into(),
                    ),
                }
            }
            Target::Asset(r) => self.note_resolution(page, r, link, &from_rel, out),
            Target::SitePath(p) => self.check_site_path(p, fragment.as_deref(), link, out),
            Target::OutsideRoot => out.push(
                at(Code::OutsideContent, format!("`{}` climbs out of the content folder", link.href))
                    .with_hint("link to a page of this site, or use a full https:// URL for other sites")
                    .into(),
            ),
            Target::Missing { locale, path } if link.href.trim_start().starts_with('/') => {
                // A link into the docset's published path (`[links] site_path`).
                let site_path = self.links.site_path().unwrap_or_default();
                let msg =
                    format!("`{}` leads to no page: nothing of {locale} is published at {site_path}/{path}", link.href);
                let hint = "links under [links] site_path resolve against the published URLs (mounts applied); fix the path or link the .md file relatively";
                out.push(at(Code::BrokenLink, msg).with_hint(hint).into());
            }
            Target::Missing { locale, path } => {
                let image = link.kind == LinkKind::Image || is_image_path(path);
                let (code, what) = match link.kind {
                    _ if image => (Code::BrokenImage, "image"),
                    LinkKind::FrontMatter => (Code::BrokenLink, "page"),
                    _ => (Code::BrokenLink, "file"),
                };
                let d = match self.links.symlink_note(locale, path) {
                    Some(why) => at(code, format!("`{}` leads to no {what}: {why}", link.href)),
                    None => at(code, format!("`{}` leads to no {what}: {locale}/{path} does not exist", link.href)),
                };
                let wanted = Wanted::Path { locale: locale.clone(), path: path.clone(), image };
                out.push(Found { diag: d, wants: Some((wanted, HintText::LinkFrom(from_rel))) });
            }
        }
    }

    /// Warnings for links that resolve, but not as written: letter case, another language.
    fn note_resolution(&self, page: &Page, r: &Resolved, link: &PageLink, from_rel: &str, out: &mut Vec<Found>) {
        let warn = |code: Code, msg: String| Diagnostic::warning_at(&link.file, link.at, msg).with_code(code);
        if r.case_differs && link.href.trim_start().starts_with('/') {
            out.push(
                warn(Code::LinkCase, format!("`{}` differs in letter case from the file on disk", link.href))
                    .with_hint(format!(
                    "write the link all in lower case, as the published site's URLs are, or as {} is spelled on disk",
                    r.rel_path
                ))
                    .into(),
            );
        } else if r.case_differs {
            let right = relative_link(from_rel, &r.rel_path);
            out.push(
                warn(Code::LinkCase, format!("`{}` differs in letter case from the file on disk", link.href))
                    .with_hint(format!("write `{right}`: servers on Linux are case-sensitive"))
                    .into(),
            );
        }
        if r.fallback && link.kind != LinkKind::Image {
            let at = (link.file.as_path(), link.at);
            out.push(fallback_link(at, &link.href, &page.locale, &r.locale, &r.rel_path).into());
        }
    }

    fn check_anchor(&self, target: &Page, fragment: Option<&str>, link: &PageLink, out: &mut Vec<Found>) {
        let Some(fragment) = fragment.filter(|f| !f.is_empty() && *f != "top") else { return };
        if target.has_anchor(fragment) {
            return;
        }
        let msg = format!("`{}`: there is no anchor `#{fragment}` in {}", link.href, target.source.display());
        let d = Diagnostic::error_at(&link.file, link.at, msg).with_code(Code::BrokenAnchor);
        match self.site.page(&target.locale, &target.rel_path) {
            Some(page) => {
                let wanted = Wanted::Anchor { page, fragment: fragment.to_string() };
                out.push(Found { diag: d, wants: Some((wanted, HintText::Anchor)) });
            }
            None => out.push(d.into()),
        }
    }

    fn check_site_path(&self, path: &str, fragment: Option<&str>, link: &PageLink, out: &mut Vec<Found>) {
        let url = self.links.site_url(path);
        let with_slash = format!("{}/", url.trim_end_matches('/'));
        let page = self.site.page_by_url(&url).or_else(|| self.site.page_by_url(&with_slash));
        if let Some(p) = page {
            self.check_anchor(&self.site.pages[p], fragment, link, out);
        } else if !self.urls.contains(url.as_str())
            && !self.urls.contains(with_slash.as_str())
            && !self.links.is_asset_url(&url)
        {
            let msg = format!("`{}` leads to nothing on this site", link.href);
            out.push(
                Diagnostic::error_at(&link.file, link.at, msg)
                    .with_code(Code::BrokenLink)
                    .with_hint("prefer a relative link to the .md file; guidebook turns it into the right URL")
                    .into(),
            );
        }
    }
}

/// True for paths of pictures (a link or `<img>` to an image is an image link too).
fn is_image_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif"].iter().any(|e| lower.ends_with(e))
}

/// A relative link from the file `from_rel` to `to_rel` (both below the same locale folder),
/// always starting with `./` or `../` as an author would write it.
pub fn relative_link(from_rel: &str, to_rel: &str) -> String {
    // Both paths are relative to the same folder, so pathdiff always has an answer.
    let rel = pathdiff::diff_paths(to_rel, folder_of(from_rel)).unwrap_or_else(|| to_rel.into());
    // Links use `/` whatever the platform's separator.
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let joined = parts.join("/");
    if joined.starts_with("..") {
        joined
    } else {
        format!("./{joined}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_between_pages() {
        assert_eq!(relative_link("a/b/c.md", "a/b/d.md"), "./d.md");
        assert_eq!(relative_link("a/b/c.md", "a/x/d.md"), "../x/d.md");
        assert_eq!(relative_link("a/b/c.md", "top.md"), "../../top.md");
        assert_eq!(relative_link("index.md", "a/b.md"), "./a/b.md");
        assert_eq!(relative_link("a/b/c.md", "a/b/x/y.md"), "./x/y.md");
        assert_eq!(relative_link("a/c.md", "b/c.md"), "../b/c.md");
        assert_eq!(relative_link("a/한국어.md", "a/b c.md"), "./b c.md");
    }
}
