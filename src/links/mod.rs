//! Resolves a link as written in a page (`./x.md`, `../dir/`, `media/a.png#x`) to a page or file
//! of the site, in the linking page's locale first and the default locale second, and gives
//! the absolute URL to print. It only knows which files exist, so it runs during parsing.

pub(crate) mod docset;
pub(crate) mod mounts;
pub(crate) mod urls;

use crate::config::{Config, ContentLayout};
use crate::diagnostics::display_path;
use crate::discover::Sources;
use crate::links::docset::DocsetLinks;
use crate::links::urls::{Mount, UrlScheme};
use crate::markdown::LinkRender;
use crate::page_key::{PageKey, PageKeyRef};
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::PathBuf;

/// What a link points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `https:`, `mailto:`, `//host`, ...: left alone.
    External,
    /// `#fragment` alone: this page.
    SamePage,
    /// A page of the site.
    Page(Resolved),
    /// A non-markdown file under content/.
    Asset(Resolved),
    /// A site-absolute path (`/en-us/x/`), kept as written under base_url's path.
    SitePath(String),
    /// A site-absolute path of the documentation host (`[links] host`): the full URL.
    Host(String),
    /// Resolves to nothing; `path` is the content path it was looked for at.
    Missing {
        /// Locale and path that were looked up.
        locale: String,
        /// The normalised path below the locale folder.
        path: String,
    },
    /// Climbs out of content/.
    OutsideRoot,
}

/// A link that found its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The locale of the file found.
    pub locale: String,
    /// Its path below the locale folder, spelled as on disk.
    pub rel_path: String,
    /// True when found in the default locale because the linking locale lacks it.
    pub(crate) fallback: bool,
    /// True when the link's letter case differs from the file on disk.
    pub(crate) case_differs: bool,
}

/// An include file a directive resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncludeTarget {
    /// Its locale.
    pub(crate) locale: String,
    /// Its path below the locale folder.
    pub rel_path: String,
    /// Where to read it.
    pub abs_path: PathBuf,
    /// How to name it to the author.
    pub(crate) display: PathBuf,
}

/// A link split into path, query and fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SplitHref<'a> {
    /// The path part (may be empty).
    pub(crate) path: &'a str,
    /// `?query` including the `?`, or empty.
    pub(crate) query: &'a str,
    /// The fragment without `#`, if any.
    pub(crate) fragment: Option<&'a str>,
}

/// Splits `path?query#fragment`.
pub(crate) fn split_href(href: &str) -> SplitHref<'_> {
    // Searched for by byte (ASCII, never inside a multi-byte character): `split_once(char)`
    // and `find(char)` go through std's general searcher, costly on strings this short.
    let (rest, fragment) = match memchr::memchr(b'#', href.as_bytes()) {
        Some(i) => (&href[..i], Some(&href[i + 1..])),
        None => (href, None),
    };
    let (path, query) = match memchr::memchr(b'?', rest.as_bytes()) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    SplitHref { path, query, fragment }
}

/// True for links that leave the site: any scheme (`https:`, `mailto:`, `tel:`) or `//host`.
pub(crate) fn is_external(href: &str) -> bool {
    if href.starts_with("//") {
        return true;
    }
    match href.find(':') {
        Some(i) => {
            let scheme = &href[..i];
            !scheme.is_empty()
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !href[..i].contains('/')
        }
        None => false,
    }
}

/// Which files exist, per locale, and how URLs are made.
pub struct LinkIndex {
    base_path: String,
    layout: ContentLayout,
    mounts: Vec<Mount>,
    default_locale: String,
    locales: Vec<String>,
    // Fx rather than SipHash: looked up for every link of every page (hashing was 1 % of a build).
    pages: FxHashSet<PageKey>,
    assets: FxHashSet<PageKey>,
    includes: FxHashSet<PageKey>,
    root: PathBuf,
    content_dir: PathBuf,
    /// Lowercased path → path on disk, for links written with other letter case.
    folded: FxHashMap<PageKey, String>,
    /// The URL of every content asset, for site-absolute links (`/en-us/media/a.png`).
    asset_urls: FxHashSet<String>,
    /// Site-absolute links under `[links] site_path` or to `[links] host`, when set.
    docset: Option<DocsetLinks>,
}

impl LinkIndex {
    /// Indexes the discovered files.
    pub fn new(config: &Config, sources: &Sources) -> Self {
        let key = |f: &crate::discover::SourceFile| PageKey::new(&f.locale, &f.rel_path);
        let pages: FxHashSet<_> = sources.pages.iter().map(key).collect();
        let assets: FxHashSet<_> = sources.assets.iter().map(key).collect();
        let includes: FxHashSet<_> = sources.includes.iter().map(key).collect();
        let folded = pages
            .iter()
            .chain(assets.iter())
            .map(|k| (PageKey::new(&k.locale, k.path.to_lowercase()), k.path.clone()))
            .collect();
        let mut index = LinkIndex {
            base_path: config.base_path.clone(),
            layout: config.layout,
            mounts: config.mounts.clone(),
            default_locale: config.default_locale.clone(),
            locales: config.locales.iter().map(|l| l.code.clone()).collect(),
            pages,
            assets,
            includes,
            root: config.root.clone(),
            content_dir: config.content_dir(),
            folded,
            asset_urls: FxHashSet::default(),
            docset: DocsetLinks::new(config, sources),
        };
        index.asset_urls = index.assets.iter().map(|k| index.asset_url(&k.locale, &k.path)).collect();
        index
    }

    /// How URLs are made (see [`crate::links::urls`]).
    pub(crate) fn urls(&self) -> UrlScheme<'_> {
        UrlScheme { base_path: &self.base_path, layout: self.layout, mounts: &self.mounts }
    }

    /// The URL of a page: `/<base>/<locale>/<path without .md>/`; an `index.md` is its folder.
    pub(crate) fn page_url(&self, locale: &str, rel_path: &str) -> String {
        self.urls().page_url(locale, rel_path)
    }

    /// base_url's path (`/partner`, or empty).
    pub(crate) fn base_path(&self) -> String {
        self.base_path.clone()
    }

    /// The URL of a file copied from content/.
    pub(crate) fn asset_url(&self, locale: &str, rel_path: &str) -> String {
        self.urls().asset_url(locale, rel_path)
    }

    /// Resolves `href` written in the page `from_rel` of locale `from_locale`.
    pub(crate) fn resolve(&self, from_locale: &str, from_rel: &str, href: &str) -> Target {
        let href = href.trim();
        if is_external(href) {
            return Target::External;
        }
        let parts = split_href(href);
        if parts.path.is_empty() {
            return Target::SamePage;
        }
        if parts.path.starts_with('/') {
            if let Some(target) = self.docset.as_ref().and_then(|d| d.resolve_from(from_locale, from_rel, parts.path)) {
                return target;
            }
            return Target::SitePath(parts.path.to_string());
        }
        let decoded = percent_decode(parts.path);
        let Some(PageKey { locale, path }) = self.normalise(from_locale, from_rel, &decoded) else {
            return Target::OutsideRoot;
        };
        // The page's own locale, then (for a translation) the default locale's page.
        let tries = if locale != self.default_locale { 2 } else { 1 };
        let candidates = [(locale.as_str(), false), (self.default_locale.as_str(), true)];
        let wants_folder = decoded.ends_with('/') || path.is_empty();
        for &(loc, fallback) in &candidates[..tries] {
            let is_page = |p: &str| self.pages.contains(PageKeyRef::new(loc, p).key());
            let is_asset = |p: &str| self.assets.contains(PageKeyRef::new(loc, p).key());
            if !wants_folder && is_page(&path) {
                return Target::Page(Resolved {
                    locale: loc.to_string(),
                    rel_path: path,
                    fallback,
                    case_differs: false,
                });
            }
            let index = if path.is_empty() { "index.md".to_string() } else { format!("{path}/index.md") };
            if is_page(&index) {
                return Target::Page(Resolved {
                    locale: loc.to_string(),
                    rel_path: index,
                    fallback,
                    case_differs: false,
                });
            }
            if !wants_folder && is_asset(&path) {
                return Target::Asset(Resolved {
                    locale: loc.to_string(),
                    rel_path: path,
                    fallback,
                    case_differs: false,
                });
            }
            if let Some(actual) = self.folded.get(PageKeyRef::new(loc, &path.to_lowercase()).key()) {
                let resolved =
                    Resolved { locale: loc.to_string(), rel_path: actual.clone(), fallback, case_differs: true };
                return if is_page(actual) { Target::Page(resolved) } else { Target::Asset(resolved) };
            }
        }
        Target::Missing { locale, path }
    }

    /// The URL to print for `href`, or None to keep it as written (external, missing).
    #[cfg(test)]
    pub(crate) fn rewrite(&self, from_locale: &str, from_rel: &str, href: &str) -> Option<String> {
        self.render(from_locale, from_rel, href).1.url
    }

    /// Resolves `href` and says how to print it.
    pub fn render(&self, from_locale: &str, from_rel: &str, href: &str) -> (Target, LinkRender) {
        let parts = split_href(href.trim());
        // The query and fragment as written, after the URL the path resolved to.
        let with_suffix = |mut url: String| {
            url.push_str(parts.query);
            if let Some(fragment) = parts.fragment {
                url.push('#');
                url.push_str(fragment);
            }
            Some(url)
        };
        let target = self.resolve(from_locale, from_rel, href);
        let how = match &target {
            Target::Page(r) => LinkRender {
                url: with_suffix(self.page_url(&r.locale, &r.rel_path)),
                hreflang: r.fallback.then(|| r.locale.clone()),
                broken: false,
            },
            Target::Asset(r) => {
                LinkRender { url: with_suffix(self.asset_url(&r.locale, &r.rel_path)), ..LinkRender::default() }
            }
            Target::SitePath(p) => LinkRender { url: with_suffix(self.site_url(p)), ..LinkRender::default() },
            Target::Host(url) => LinkRender { url: with_suffix(url.clone()), ..LinkRender::default() },
            Target::Missing { .. } | Target::OutsideRoot => LinkRender { broken: true, ..LinkRender::default() },
            Target::External | Target::SamePage => LinkRender::default(),
        };
        (target, how)
    }

    /// A site-absolute path as printed: under base_url's path unless written with it already.
    pub(crate) fn site_url(&self, path: &str) -> String {
        if self.base_path.is_empty() || path == self.base_path || path.starts_with(&format!("{}/", self.base_path)) {
            path.to_string()
        } else {
            format!("{}{path}", self.base_path)
        }
    }

    /// Where an include directive's path leads: an include file (or a page) in the including
    /// file's locale, else the default locale's. The error is a hint naming what was looked for.
    pub fn resolve_include(&self, from_locale: &str, from_rel: &str, href: &str) -> Result<IncludeTarget, String> {
        let path = percent_decode(split_href(href.trim()).path);
        let Some(PageKey { locale, path: rel }) = self.normalise(from_locale, from_rel, &path) else {
            return Err("the path climbs out of content/; includes must be inside the site".into());
        };
        let mut candidates = vec![locale.clone()];
        if locale != self.default_locale {
            candidates.push(self.default_locale.clone());
        }
        for loc in candidates {
            let key = PageKeyRef::new(&loc, &rel);
            if self.includes.contains(key.key()) || self.pages.contains(key.key()) {
                let abs_path = self.file_path(&loc, &rel);
                let display = display_path(&self.root, &abs_path);
                return Ok(IncludeTarget { locale: loc, rel_path: rel, abs_path, display });
            }
        }
        // A file skipped because it is a symlink out of the site says so, not "not found".
        if let Some(why) = self.symlink_note(&locale, &rel) {
            return Err(why);
        }
        Err(format!(
            "looked for {rel} in {locale}{}",
            if locale != self.default_locale { format!(" and {}", self.default_locale) } else { String::new() }
        ))
    }

    /// The docset's own path on its host (`[links] site_path`, as `/powershell`), if set.
    pub(crate) fn site_path(&self) -> Option<&str> {
        self.docset.as_ref().and_then(DocsetLinks::site_path)
    }

    /// A content file's path as the author sees it (`content/en-us/code/app.cs`).
    pub(crate) fn display_file(&self, locale: &str, rel_path: &str) -> PathBuf {
        display_path(&self.root, &self.file_path(locale, rel_path))
    }

    /// True when `url` is the URL of a content asset.
    pub(crate) fn is_asset_url(&self, url: &str) -> bool {
        self.asset_urls.contains(url)
    }

    /// The asset paths of a locale, for hints.
    pub(crate) fn assets_in(&self, locale: &str) -> Vec<String> {
        let mut v: Vec<String> = self.assets.iter().filter(|k| k.locale == locale).map(|k| k.path.clone()).collect();
        v.sort();
        v
    }

    /// Why the content file at `rel_path` of `locale` is not part of the site when it is a
    /// symlink that is not followed (None otherwise), for messages about links to it.
    pub(crate) fn symlink_note(&self, locale: &str, rel_path: &str) -> Option<String> {
        // The link may be the file or any folder on the way to it.
        let base = self.file_path(locale, "");
        let mut at = base.clone();
        rel_path.split('/').find_map(|part| {
            at.push(part);
            crate::discover::symlinks::not_followed(&self.root, &at)
        })
    }

    /// True when the site has a page file at `rel_path` in `locale` (as discovered: no file
    /// system call).
    pub(crate) fn has_page(&self, locale: &str, rel_path: &str) -> bool {
        self.pages.contains(PageKeyRef::new(locale, rel_path).key())
    }

    /// Where a file of a locale is on disk.
    pub fn file_path(&self, locale: &str, rel_path: &str) -> PathBuf {
        match self.layout {
            ContentLayout::PerLocale => self.content_dir.join(locale).join(rel_path),
            ContentLayout::Flat => self.content_dir.join(rel_path),
        }
    }

    /// Joins a relative path to the linking page's folder; None when it climbs out of content/.
    /// A path that climbs out of one locale folder into another lands in that locale.
    fn normalise(&self, from_locale: &str, from_rel: &str, path: &str) -> Option<PageKey> {
        // Borrowed segments: one string is made, the joined path (links are ~5 a page).
        let mut parts: Vec<&str> = Vec::with_capacity(16);
        if self.layout == ContentLayout::PerLocale {
            parts.push(from_locale);
        }
        parts.extend(from_rel.split('/'));
        parts.pop(); // the page's own file name
                     // Cut at each `/` or `\\` found by byte (both ASCII, so every piece is a `str`): the
                     // two-character pattern decoded the path a character at a time (callgrind).
        for seg in path.as_bytes().split(|&b| b == b'/' || b == b'\\').scan(0, |start, piece| {
            let seg = &path[*start..*start + piece.len()];
            *start += piece.len() + 1;
            Some(seg)
        }) {
            match seg {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                s => parts.push(s),
            }
        }
        match self.layout {
            ContentLayout::Flat => Some(PageKey::new(from_locale, parts.join("/"))),
            ContentLayout::PerLocale => {
                let locale = *parts.first()?;
                if !self.locales.iter().any(|l| l == locale) {
                    return None;
                }
                Some(PageKey::new(locale, parts[1..].join("/")))
            }
        }
    }
}

/// Decodes `%20`-style escapes; invalid escapes are kept as written.
pub(crate) fn percent_decode(s: &str) -> String {
    // Byte-wise (a `%` before a multi-byte character cannot split it); a malformed escape is
    // kept as written, and a result that is not UTF-8 leaves the text as written.
    // Most paths have no escape at all: copied as they are, not decoded byte by byte.
    if !s.as_bytes().contains(&b'%') {
        return s.to_string();
    }
    percent_encoding::percent_decode_str(s).decode_utf8().map_or_else(|_| s.to_string(), |d| d.into_owned())
}

#[cfg(test)]
mod tests;
