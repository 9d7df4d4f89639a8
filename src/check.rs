//! The link check: every link, image, raw-HTML `href`/`src`, include and onboarding entry of
//! every page must land on a file of the site, and every `#fragment` on an anchor of the page
//! it lands on. Runs on the site graph, before rendering, in parallel.

use crate::config::BrokenLinks;
use crate::diagnostics::Diagnostic;
use crate::links::{percent_decode, split_href, LinkIndex, Resolved, Target};
use crate::markdown::LinkKind;
use crate::page::{Page, PageLink};
use crate::site::{folder_of, Site};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Codes of problems that `broken = "warn"` turns into warnings.
const BROKEN_CODES: [&str; 6] =
    ["broken-link", "broken-anchor", "broken-image", "broken-include", "outside-content", "broken-xref"];

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
    let hints = Hints::new(site);
    let mut urls: HashSet<&str> = site.pages.iter().map(|p| p.url.as_str()).collect();
    urls.extend(site.sections.values().map(|s| s.url.as_str()));
    urls.extend(other_urls.iter().map(String::as_str));
    let ctx = Ctx { site, links, hints: &hints, urls: &urls };
    // A stand-in for an untranslated page repeats the original's links, checked there.
    site.pages
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
        .collect()
}

struct Ctx<'a> {
    site: &'a Site,
    links: &'a LinkIndex,
    hints: &'a Hints<'a>,
    urls: &'a HashSet<&'a str>,
}

impl Ctx<'_> {
    fn check(&self, page: &Page, link: &PageLink, out: &mut Vec<Diagnostic>) {
        let at =
            |code: &'static str, msg: String| Diagnostic::error(&link.file, link.line, link.col, msg).with_code(code);
        let fragment = split_href(&link.href).fragment.map(percent_decode);
        let from_rel = link.from_rel.clone();
        match &link.target {
            Target::External => {}
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
                        at("broken-link", format!("`{}` leads to a draft page, which is not published", link.href))
                            .with_hint("remove `draft: true` from the target, build with --drafts, or drop the link"),
                    ),
                }
            }
            Target::Asset(r) => self.note_resolution(page, r, link, &from_rel, out),
            Target::SitePath(p) => self.check_site_path(p, fragment.as_deref(), link, out),
            Target::OutsideRoot => out.push(
                at("outside-content", format!("`{}` climbs out of the content folder", link.href))
                    .with_hint("link to a page of this site, or use a full https:// URL for other sites"),
            ),
            Target::Missing { locale, path } => {
                let image = link.kind == LinkKind::Image || is_image_path(path);
                let (code, what) = match link.kind {
                    _ if image => ("broken-image", "image"),
                    LinkKind::FrontMatter => ("broken-link", "page"),
                    _ => ("broken-link", "file"),
                };
                let mut d = at(code, format!("`{}` leads to no {what}: {locale}/{path} does not exist", link.href));
                if let Some(best) = self.hints.closest_path(locale, path, image, self.links) {
                    d = d.with_hint(format!("did you mean `{}`?", relative_link(&from_rel, &best)));
                }
                out.push(d);
            }
        }
    }

    /// Warnings for links that resolve, but not as written: letter case, another language.
    fn note_resolution(&self, page: &Page, r: &Resolved, link: &PageLink, from_rel: &str, out: &mut Vec<Diagnostic>) {
        let warn =
            |code: &'static str, msg: String| Diagnostic::warning(&link.file, link.line, link.col, msg).with_code(code);
        if r.case_differs {
            let right = relative_link(from_rel, &r.rel_path);
            out.push(
                warn("link-case", format!("`{}` differs in letter case from the file on disk", link.href))
                    .with_hint(format!("write `{right}`: servers on Linux are case-sensitive")),
            );
        }
        if r.fallback && link.kind != LinkKind::Image {
            let msg = format!("`{}` has no {} version yet; it leads to the {} page", link.href, page.locale, r.locale);
            out.push(warn("fallback-link", msg).with_hint(format!("translate content/{}/{}", page.locale, r.rel_path)));
        }
    }

    fn check_anchor(&self, target: &Page, fragment: Option<&str>, link: &PageLink, out: &mut Vec<Diagnostic>) {
        let Some(fragment) = fragment.filter(|f| !f.is_empty() && *f != "top") else { return };
        if target.anchors.iter().any(|a| a == fragment) {
            return;
        }
        let msg = format!("`{}`: there is no anchor `#{fragment}` in {}", link.href, target.source.display());
        let mut d = Diagnostic::error(&link.file, link.line, link.col, msg).with_code("broken-anchor");
        if let Some(best) = closest(fragment, target.anchors.iter().map(String::as_str)) {
            d = d.with_hint(format!("did you mean `#{best}`?"));
        }
        out.push(d);
    }

    fn check_site_path(&self, path: &str, fragment: Option<&str>, link: &PageLink, out: &mut Vec<Diagnostic>) {
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
                Diagnostic::error(&link.file, link.line, link.col, msg)
                    .with_code("broken-link")
                    .with_hint("prefer a relative link to the .md file; guidebook turns it into the right URL"),
            );
        }
    }
}

/// True for paths of pictures (a link or `<img>` to an image is an image link too).
fn is_image_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif"].iter().any(|e| lower.ends_with(e))
}

/// A relative link from the file `from_rel` to `to_rel` (both below the same locale folder).
pub fn relative_link(from_rel: &str, to_rel: &str) -> String {
    let from: Vec<&str> = folder_of(from_rel).split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = to_rel.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    let joined = parts.join("/");
    if joined.starts_with("..") {
        joined
    } else {
        format!("./{joined}")
    }
}

/// The candidate nearest to `wanted` by edit distance, if it is near enough to be a likely
/// typo (at most a third of the longer string differs).
fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    candidates
        .map(|c| (strsim::levenshtein(&wanted_lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (wanted.chars().count().max(c.chars().count()) / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

/// The file name of a path.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The path whose file name is nearest to `wanted`'s, ties going to the nearest whole path.
fn closest_path<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let name = file_name(wanted).to_lowercase();
    candidates
        .map(|c| (strsim::levenshtein(&name, &file_name(c).to_lowercase()), strsim::levenshtein(wanted, c), c))
        .filter(|(d, _, c)| *d <= (name.chars().count().max(file_name(c).chars().count()) / 3).max(2))
        .min()
        .map(|(_, _, c)| c)
}

/// Candidate paths for "did you mean" hints, per locale, found without comparing a broken
/// link against every page of a large site.
struct Hints<'a> {
    by_locale: HashMap<&'a str, Vec<&'a str>>,
    by_name: HashMap<(&'a str, &'a str), Vec<&'a str>>,
}

impl<'a> Hints<'a> {
    fn new(site: &'a Site) -> Self {
        let mut by_locale: HashMap<&str, Vec<&str>> = HashMap::new();
        let mut by_name: HashMap<(&str, &str), Vec<&str>> = HashMap::new();
        for p in &site.pages {
            by_locale.entry(&p.locale).or_default().push(&p.rel_path);
            let name = p.rel_path.rsplit('/').next().unwrap_or(&p.rel_path);
            by_name.entry((&p.locale, name)).or_default().push(&p.rel_path);
        }
        Hints { by_locale, by_name }
    }

    /// The page (or, for images, the file) nearest to `path` in `locale`.
    fn closest_path(&self, locale: &str, path: &str, image: bool, links: &LinkIndex) -> Option<String> {
        if image {
            let assets = links.assets_in(locale);
            return closest_path(path, assets.iter().map(String::as_str)).map(str::to_string);
        }
        let name = path.rsplit('/').next().unwrap_or(path);
        if let Some(same_name) = self.by_name.get(&(locale, name)) {
            return closest_path(path, same_name.iter().copied()).map(str::to_string);
        }
        let all = self.by_locale.get(locale)?;
        // Past a few thousand pages, compare only within the same top folder.
        let top = path.split('/').next().unwrap_or("");
        let pool: Vec<&str> =
            if all.len() <= 5000 { all.clone() } else { all.iter().copied().filter(|p| p.starts_with(top)).collect() };
        closest_path(path, pool.into_iter()).map(str::to_string)
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
    }

    #[test]
    fn closest_ignores_far_candidates() {
        assert_eq!(
            closest("backgrund-information", ["next-steps", "background-information"].into_iter()),
            Some("background-information")
        );
        assert_eq!(closest("zzzzzzzzzzzz", ["a", "b"].into_iter()), None);
    }
}
