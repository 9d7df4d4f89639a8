//! The one owner of the URL rule: where a page, a copied file or a folder of the site is
//! published. Every URL of a page, asset, section, locale home, sitemap entry and search
//! result comes from here, so `[[mounts]]` (a folder published under another path) applies
//! everywhere at once.
//!
//! URLs are percent-encoded here (a file `c#.md` is `/en-us/c%23/`); the file written for a URL
//! is its decoded path ([`output_path`]), so a static host serves `c#/index.html` for it.

use crate::config::ContentLayout;
use crate::diagnostics::Position;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use std::borrow::Cow;
use std::path::PathBuf;

/// A `[[mounts]]` entry: the folder `src` (below each locale root) published as `url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    /// The folder below the locale root, `/`-separated, no leading or trailing slash.
    pub src: String,
    /// The URL path it is published under, below the locale; `` is the locale root.
    pub url: String,
    /// False for a mount whose `url` an earlier mount already took (another version of the
    /// same docs): it stays at its own folder path and only serves docset-absolute links.
    pub published: bool,
    /// Where it was declared (site.toml or docfx.json), for diagnostics.
    pub origin: PathBuf,
    /// Where its `src` is in that file; None for a mount guidebook made (a version's folder).
    pub at: Option<Position>,
}

/// How URLs are made: base_url's path, the content layout and the mounts. Borrowed from
/// [`crate::config::Config::urls`] or built by whoever keeps those parts.
#[derive(Debug, Clone, Copy)]
pub struct UrlScheme<'a> {
    /// base_url's path without a trailing slash (`/partner`, or empty).
    pub base_path: &'a str,
    /// How `content/` is laid out.
    pub layout: ContentLayout,
    /// Every mount; only those with `published` move URLs.
    pub mounts: &'a [Mount],
}

impl UrlScheme<'_> {
    /// The URL path every URL of a locale starts with: `/partner/ko-kr`, or just the base path
    /// for a one-language site.
    pub fn locale_prefix(&self, locale: &str) -> String {
        match self.layout {
            ContentLayout::PerLocale => format!("{}/{locale}", self.base_path),
            ContentLayout::Flat => self.base_path.to_string(),
        }
    }

    /// Where a file or folder below the locale root is published, below the locale:
    /// `docs-conceptual/overview.md` → `scripting/overview.md` for a mount of
    /// `docs-conceptual` at `scripting`. The deepest mount holding the path wins.
    pub fn published_path<'p>(&self, rel_path: &'p str) -> Cow<'p, str> {
        if self.mounts.is_empty() {
            return Cow::Borrowed(rel_path);
        }
        let best = self
            .mounts
            .iter()
            .filter(|m| m.published)
            .filter(|m| under(rel_path, &m.src).is_some())
            .max_by_key(|m| m.src.len());
        match best {
            Some(m) => Cow::Owned(join_folder(&m.url, under(rel_path, &m.src).unwrap_or(""))),
            None => Cow::Borrowed(rel_path),
        }
    }

    /// The URL of a page: `/<base>/<locale>/<path without .md>/`; an `index.md` is its folder.
    /// A folder path (a section) gives the folder's URL.
    pub fn page_url(&self, locale: &str, rel_path: &str) -> String {
        let published = self.published_path(rel_path);
        let stem = page_stem(&published);
        // Pushed piece by piece into one string sized for them: `format!` went through the
        // formatting machinery, and every link, translation and sidebar entry asks for a URL.
        let stem = encode_path(stem);
        let mut url = String::with_capacity(self.base_path.len() + locale.len() + stem.len() + 3);
        url.push_str(self.base_path);
        url.push('/');
        if self.layout == ContentLayout::PerLocale {
            url.push_str(locale);
            url.push('/');
        }
        if !stem.is_empty() {
            url.push_str(&stem);
            url.push('/');
        }
        url
    }

    /// The URL of a folder of a locale (a section).
    pub fn section_url(&self, locale: &str, folder: &str) -> String {
        self.page_url(locale, folder)
    }

    /// The URL of a file copied from content/.
    pub fn asset_url(&self, locale: &str, rel_path: &str) -> String {
        format!("{}/{}", self.locale_prefix(locale), encode_path(&self.published_path(rel_path)))
    }
}

/// What a URL path may not hold as it is: everything but RFC 3986's `pchar` and `/`
/// (`#`, `?`, `%`, spaces, quotes, brackets, and every non-ASCII byte).
const NOT_IN_PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A `/`-separated path as a URL path: each segment percent-encoded. Plain names
/// (letters, digits, `-._~` and the like) come back unchanged and unallocated.
pub fn encode_path(path: &str) -> Cow<'_, str> {
    utf8_percent_encode(path, NOT_IN_PATH).into()
}

/// The file, below the output root, that serves the URL path `url` (which starts with
/// `base_path`): the decoded path, so `/docs/en-us/c%23/` is `en-us/c#/`.
pub fn output_path(base_path: &str, url: &str) -> String {
    let rel = url.strip_prefix(base_path).unwrap_or(url).trim_start_matches('/');
    if rel.contains('%') {
        crate::links::percent_decode(rel)
    } else {
        rel.to_string()
    }
}

/// A page path without `.md` and without a final `index`: what its URL is made of.
pub fn page_stem(path: &str) -> &str {
    let stem = path.strip_suffix(".md").or_else(|| path.strip_suffix(".markdown")).unwrap_or(path);
    let stem = stem.strip_suffix("index").filter(|s| s.is_empty() || s.ends_with('/')).unwrap_or(stem);
    stem.trim_end_matches('/')
}

/// `rest` below the folder `folder`, either of which may be `` (the root).
pub fn join_folder(folder: &str, rest: &str) -> String {
    match (folder.is_empty(), rest.is_empty()) {
        (true, _) => rest.to_string(),
        (false, true) => folder.to_string(),
        (false, false) => format!("{folder}/{rest}"),
    }
}

/// The rest of `path` below the folder `folder` (`` for the folder itself), if it is there.
fn under<'p>(path: &'p str, folder: &str) -> Option<&'p str> {
    let rest = path.strip_prefix(folder)?;
    if rest.is_empty() {
        Some("")
    } else {
        rest.strip_prefix('/')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mount(src: &str, url: &str, published: bool) -> Mount {
        Mount { src: src.into(), url: url.into(), published, origin: PathBuf::new(), at: None }
    }

    #[test]
    fn without_mounts_urls_are_the_paths() {
        let s = UrlScheme { base_path: "/partner", layout: ContentLayout::PerLocale, mounts: &[] };
        assert_eq!(s.page_url("ko-kr", "mp/cpp/overview.md"), "/partner/ko-kr/mp/cpp/overview/");
        assert_eq!(s.page_url("en-us", "index.md"), "/partner/en-us/");
        assert_eq!(s.page_url("en-us", "mp/tour/index.md"), "/partner/en-us/mp/tour/");
        assert_eq!(s.section_url("en-us", ""), "/partner/en-us/");
        assert_eq!(s.asset_url("en-us", "mp/media/a.png"), "/partner/en-us/mp/media/a.png");
        let flat = UrlScheme { base_path: "", layout: ContentLayout::Flat, mounts: &[] };
        assert_eq!(flat.page_url("en", "a/b.md"), "/a/b/");
    }

    #[test]
    fn mounted_folders_publish_under_their_url() {
        let mounts = [
            mount("docs-conceptual", "scripting", true),
            mount("7.2", "module", true),
            mount("5.1", "module", false),
            mount("root-docs", "", true),
            mount("7.2/deep", "deeper", true),
        ];
        let s = UrlScheme { base_path: "", layout: ContentLayout::PerLocale, mounts: &mounts };
        assert_eq!(s.page_url("en-us", "docs-conceptual/learn/a.md"), "/en-us/scripting/learn/a/");
        assert_eq!(s.page_url("en-us", "docs-conceptual/index.md"), "/en-us/scripting/");
        assert_eq!(s.section_url("en-us", "docs-conceptual"), "/en-us/scripting/");
        assert_eq!(s.page_url("en-us", "7.2/Core/About/about_X.md"), "/en-us/module/Core/About/about_X/");
        assert_eq!(s.page_url("en-us", "5.1/Core/a.md"), "/en-us/5.1/Core/a/");
        assert_eq!(s.page_url("en-us", "root-docs/a.md"), "/en-us/a/");
        assert_eq!(s.page_url("en-us", "7.2/deep/a.md"), "/en-us/deeper/a/");
        // A folder whose name only starts like a mounted one is not under it.
        assert_eq!(s.page_url("en-us", "docs-conceptual2/a.md"), "/en-us/docs-conceptual2/a/");
        assert_eq!(s.asset_url("ko-kr", "docs-conceptual/media/a.png"), "/ko-kr/scripting/media/a.png");
    }

    #[test]
    fn file_names_are_percent_encoded_and_written_decoded() {
        let s = UrlScheme { base_path: "/docs", layout: ContentLayout::PerLocale, mounts: &[] };
        assert_eq!(s.page_url("en-us", "c#.md"), "/docs/en-us/c%23/");
        assert_eq!(s.page_url("en-us", "why?/100%.md"), "/docs/en-us/why%3F/100%25/");
        assert_eq!(s.page_url("en-us", "a b/가.md"), "/docs/en-us/a%20b/%EA%B0%80/");
        assert_eq!(s.asset_url("en-us", "media/a b#1.png"), "/docs/en-us/media/a%20b%231.png");
        // Plain names keep their URLs byte for byte.
        assert_eq!(s.page_url("en-us", "a-b_c.d~e/(x)+y,z=1@!$&'*;:.md"), "/docs/en-us/a-b_c.d~e/(x)+y,z=1@!$&'*;:/");
        for name in ["c#.md", "why?/100%.md", "a%20b.md", "가 나.md"] {
            let url = s.page_url("en-us", name);
            assert_eq!(output_path("/docs", &url), format!("en-us/{}/", page_stem(name)), "{name}");
        }
    }
}
