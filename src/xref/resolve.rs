//! Which target an xref leads to, seen from a page, and the HTML that replaces its markers.
//!
//! Order: the uid exactly, then in any letter case (DocFX's uids are case-insensitive); for
//! each, a page of the linking page's locale, else the default locale's page (a link to another
//! language, as with `[i18n] fallback = "link"`), else an xrefmap entry.

use super::index::XrefIndex;
use super::maps::MapEntry;
use super::marker::{self, Kind};
use super::{Display, XrefLink};
use crate::page::Page;
use crate::site::{folder_of, Site};

/// What an xref leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution<'a> {
    /// A page of the site (an index into `Site::pages`), under the uid it has there.
    Page {
        /// The page.
        page: usize,
        /// The page's uid.
        uid: &'a str,
        /// True when it is the default locale's page because the linking locale has none.
        fallback: bool,
    },
    /// An entry of an xrefmap.
    Map(&'a MapEntry),
    /// Nothing.
    Unresolved,
}

/// How many leading folders two folder paths share.
fn shared_folders(a: &str, b: &str) -> usize {
    a.split('/').zip(b.split('/')).take_while(|(x, y)| x == y && !x.is_empty()).count()
}

impl XrefIndex {
    /// Resolves `uid` for a link in page `from_rel` of `locale`.
    pub fn resolve(&self, site: &Site, locale: &str, from_rel: &str, uid: &str) -> Resolution<'_> {
        let folded = uid.to_lowercase();
        let exact = [Some(uid), self.pages_folded.get(&folded).map(String::as_str)];
        let map_exact = [Some(uid), self.map_folded.get(&folded).map(String::as_str)];
        for round in 0..2 {
            if let Some((key, list)) = exact[round].and_then(|k| self.pages.get_key_value(k)) {
                if let Some(page) = self.best(site, list, locale, from_rel) {
                    return Resolution::Page { page, uid: key, fallback: false };
                }
                if locale != self.default_locale {
                    if let Some(page) = self.best(site, list, &self.default_locale, from_rel) {
                        return Resolution::Page { page, uid: key, fallback: true };
                    }
                }
            }
            if let Some(entry) = map_exact[round].and_then(|k| self.map.get(k)) {
                return Resolution::Map(entry);
            }
        }
        Resolution::Unresolved
    }

    /// Of the pages of `locale` in `list`, with `[[versions]]` the one in the linking page's
    /// version (a shared page's: the latest), then the one sharing the most leading folders with
    /// the linking page (a `7.2/` page links to the `7.2/` cmdlet), then one published under a
    /// mount (the version folder a reader who names no version gets, `module/`), then the first
    /// in path order.
    fn best(&self, site: &Site, list: &[usize], locale: &str, from_rel: &str) -> Option<usize> {
        let from = folder_of(from_rel);
        let urls = site.config.urls();
        let mounted = |rel: &str| urls.published_path(rel) != rel;
        let version = crate::versions::links::Preference::new(&site.config.versions, from_rel);
        let mut best: Option<((bool, usize, bool), usize)> = None;
        for &i in list.iter().filter(|&&i| site.pages[i].locale == locale) {
            let rel = &site.pages[i].rel_path;
            let key = (version.is_preferred(rel), shared_folders(from, folder_of(rel)), mounted(rel));
            if best.is_none_or(|(k, _)| key > k) {
                best = Some((key, i));
            }
        }
        best.map(|(_, i)| i)
    }
}

/// How one xref prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XrefRender {
    /// The URL, or None when it resolves to nothing.
    pub url: Option<String>,
    /// The language of the target when it is another language's page.
    pub hreflang: Option<String>,
    /// The text an autolink shows.
    pub text: String,
}

/// How `link` prints once resolved.
pub fn render_link(site: &Site, resolution: Resolution<'_>, link: &XrefLink) -> XrefRender {
    let fragment = link.fragment.as_deref().filter(|f| !f.is_empty()).map(|f| format!("#{f}")).unwrap_or_default();
    match resolution {
        Resolution::Page { page, uid, fallback } => {
            let p = &site.pages[page];
            let text = match link.display {
                Display::FullName => uid.to_string(),
                Display::Name | Display::NameWithType => p.title.clone(),
            };
            XrefRender { url: Some(format!("{}{fragment}", p.url)), hreflang: fallback.then(|| p.locale.clone()), text }
        }
        Resolution::Map(e) => {
            let text = match link.display {
                Display::FullName => e.full_name.clone(),
                Display::NameWithType => e.name_with_type.clone(),
                Display::Name => None,
            };
            let base = if fragment.is_empty() { e.href.as_str() } else { e.href.split('#').next().unwrap_or(&e.href) };
            XrefRender { url: Some(format!("{base}{fragment}")), hreflang: None, text: text.unwrap_or(e.name.clone()) }
        }
        Resolution::Unresolved => XrefRender { url: None, hreflang: None, text: link.uid.clone() },
    }
}

/// The body `html` of page `i` with its xref markers replaced; None when it has no xrefs (its
/// HTML is printed as it is).
pub fn page_html(site: &Site, index: &XrefIndex, i: usize, html: &str) -> Option<String> {
    let page: &Page = &site.pages[i];
    if page.xrefs.links.is_empty() {
        return None;
    }
    let renders: Vec<XrefRender> = page
        .xrefs
        .links
        .iter()
        .map(|l| render_link(site, index.resolve(site, &page.locale, &page.rel_path, &l.uid), l))
        .collect();
    let esc = crate::text::escape::attr;
    Some(marker::substitute(html, |n, kind, out| {
        let Some(r) = renders.get(n) else { return false };
        // The start tag without its `>`: a markdown link's title may follow.
        let start = |out: &mut String| match &r.url {
            Some(url) => {
                out.push_str(&format!("<a href=\"{}\"", esc(url)));
                if let Some(lang) = &r.hreflang {
                    out.push_str(&format!(" hreflang=\"{}\" class=\"xlang\"", esc(lang)));
                }
            }
            None => out.push_str("<span class=\"xref-unresolved\""),
        };
        let end = |out: &mut String| out.push_str(if r.url.is_some() { "</a>" } else { "</span>" });
        match kind {
            // An unresolved xref in raw HTML leads nowhere rather than to `xref:`.
            Kind::Value => out.push_str(&esc(r.url.as_deref().unwrap_or("#"))),
            Kind::Start => start(out),
            Kind::End => end(out),
            Kind::Whole => {
                start(out);
                out.push('>');
                out.push_str(&crate::text::escape::text(&r.text));
                end(out);
            }
        }
        true
    }))
}
