//! `site.toml`: the site's settings, read strictly (an unknown key is an error naming its
//! line), or inferred from the `content/` folder when a root has no site.toml.

use crate::diagnostics::{Code, Diagnostic, LineIndex};
use crate::links::urls::{Mount, UrlScheme};
use crate::text::langtag;
use crate::text::source::{ReadError, TextError};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Text direction of a locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left (ar, he, fa, ...).
    Rtl,
}

/// One language of the site, in switcher order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Locale {
    /// The folder name under `content/` and the URL segment, e.g. `ko-kr`.
    pub code: String,
    /// The name shown in the language switcher, in that language.
    pub name: String,
    /// Text direction.
    pub dir: Direction,
}

/// What a broken link, anchor, image or include is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BrokenLinks {
    /// An error: the build fails (the default).
    #[default]
    Error,
    /// A warning: reported, and the link is rendered as written with a `broken` class.
    Warn,
}

impl std::str::FromStr for BrokenLinks {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "error" => Ok(BrokenLinks::Error),
            "warn" => Ok(BrokenLinks::Warn),
            _ => Err(format!("`{s}` is not error or warn")),
        }
    }
}

/// `[links]` in site.toml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinksConfig {
    /// `broken = "error" | "warn"`.
    #[serde(default)]
    pub(crate) broken: BrokenLinks,
    /// `hints = N`: at most N different broken targets get a "did you mean" hint (0: none).
    #[serde(default = "default_hints")]
    pub(crate) hints: usize,
    /// `site_path = "/powershell/"`: the path the site is published under on its host;
    /// site-absolute links under it resolve to this site's pages (normalised to `/powershell`).
    #[serde(default)]
    pub(crate) site_path: Option<String>,
    /// `host = "https://learn.microsoft.com"`: other site-absolute links lead to that host.
    #[serde(default)]
    pub(crate) host: Option<String>,
}

impl Default for LinksConfig {
    fn default() -> Self {
        LinksConfig { broken: BrokenLinks::default(), hints: default_hints(), site_path: None, host: None }
    }
}

fn default_hints() -> usize {
    crate::checks::hints::MAX_HINTS
}

/// What readers of a locale get for a page that exists only in the default locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Fallback {
    /// A copy of the original at the locale's URL, with a "not yet translated" notice.
    #[default]
    Page,
    /// No copy: links go to the original, marked as leading to another language.
    Link,
}

/// `[i18n]` in site.toml.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct I18nConfig {
    /// `fallback = "page" | "link"`.
    #[serde(default)]
    pub(crate) fallback: Fallback,
}

/// Where pages live under `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentLayout {
    /// `content/<locale>/...`, URLs `/<locale>/...`.
    PerLocale,
    /// A one-language site with pages directly under `content/`, URLs without a locale.
    Flat,
}

/// The settings of one site, with every default filled in.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site root (the folder holding site.toml and content/).
    pub root: PathBuf,
    /// Site title.
    pub title: String,
    /// Scheme and host of base_url (`https://docs.example.com`), or empty for a path-only site.
    pub origin: String,
    /// The path part of base_url without a trailing slash: `/partner`, or `` at the root.
    pub base_path: String,
    /// The locale pages fall back to.
    pub default_locale: String,
    /// All locales, in switcher order; the default is among them.
    pub locales: Vec<Locale>,
    /// The theme's name (a folder under `themes/`, or `default` for the embedded one).
    pub theme: String,
    /// How `content/` is laid out.
    pub layout: ContentLayout,
    /// `[links]` settings.
    pub links: LinksConfig,
    /// `[i18n]` settings.
    pub i18n: I18nConfig,
    /// "Edit this page" link pattern, with `{locale}` and `{path}` (the page below its locale).
    pub edit_url: Option<String>,
    /// `[[mounts]]`: folders published under another URL path (see [`crate::links::urls`]), and the
    /// version folders published at their version's name.
    pub mounts: Vec<Mount>,
    /// `[[versions]]`: the versions of the documentation, each a folder below every locale root.
    pub versions: crate::versions::Versions,
    /// Give stylesheets and scripts content-hashed names (`style.3fa9c1d2.css`) so hosts can
    /// cache them forever. On for `build`; off in `serve`, where styles are swapped live.
    pub hash_assets: bool,
    /// `[xref]` settings: the uid rule and the xrefmap files.
    pub xref: crate::xref::config::XrefConfig,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    base_url: Option<String>,
    default_locale: Option<Spanned<String>>,
    theme: Option<String>,
    #[serde(default)]
    locales: Vec<RawLocale>,
    #[serde(default)]
    links: LinksConfig,
    #[serde(default)]
    i18n: I18nConfig,
    edit_url: Option<String>,
    #[serde(default)]
    mounts: Vec<crate::links::mounts::RawMount>,
    #[serde(default)]
    versions: Vec<crate::versions::RawVersion>,
    #[serde(default)]
    xref: crate::xref::config::RawXref,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLocale {
    code: Spanned<String>,
    name: Option<String>,
    dir: Option<Direction>,
}

/// The name of the settings file in a site root.
pub(crate) const CONFIG_FILE: &str = "site.toml";

/// The folders of a site root whose files are its sources: a build refuses an output folder
/// inside one, and `serve` watches them (and fingerprints them for the cache).
pub(crate) const SOURCE_DIRS: [&str; 5] = ["content", "themes", "locales", "templates", "static"];

impl Config {
    /// The `content/` folder.
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// The locale with this code, if the site has it.
    pub fn locale(&self, code: &str) -> Option<&Locale> {
        self.locales.iter().find(|l| l.code == code)
    }

    /// The full base URL (origin and path) without a trailing slash.
    pub(crate) fn base_url(&self) -> String {
        format!("{}{}", self.origin, self.base_path)
    }

    /// The URL path every URL of a locale starts with: `/partner/ko-kr`, or just the base path
    /// for a one-language site.
    pub(crate) fn locale_prefix(&self, locale: &str) -> String {
        self.urls().locale_prefix(locale)
    }

    /// How this site's URLs are made (base path, layout, mounts).
    pub(crate) fn urls(&self) -> UrlScheme<'_> {
        UrlScheme { base_path: &self.base_path, layout: self.layout, mounts: &self.mounts }
    }

    /// Replaces base_url (the `--base-url` flag).
    pub(crate) fn set_base_url(&mut self, url: &str) {
        let (origin, path) = split_base_url(url);
        self.origin = origin;
        self.base_path = path;
    }
}

/// Settings with every default, for unit tests that build a site in memory: root `/site`,
/// `base_path` (`/docs`), the given locales with the first as the default, laid out per locale.
#[cfg(test)]
pub(crate) fn test_config(base_path: &str, locales: &[&str]) -> Config {
    Config {
        root: "/site".into(),
        title: "t".into(),
        origin: String::new(),
        base_path: base_path.into(),
        default_locale: locales[0].into(),
        locales: locales.iter().map(|c| Locale { code: (*c).into(), name: (*c).into(), dir: Direction::Ltr }).collect(),
        theme: "default".into(),
        layout: ContentLayout::PerLocale,
        links: Default::default(),
        i18n: Default::default(),
        edit_url: None,
        hash_assets: true,
        mounts: Vec::new(),
        versions: Default::default(),
        xref: Default::default(),
    }
}

/// Reads `ROOT/site.toml`, or infers the settings from `ROOT/content/` when there is none.
pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
    let file = root.join(CONFIG_FILE);
    if !root.join("content").is_dir() {
        let msg = format!("no content/ folder in {}", root.display());
        return Err(vec![Diagnostic::file_error(root, msg).with_code(Code::Config).with_hint(
            "run guidebook in a site root, pass --root DIR, or make a new site with `guidebook init DIR`",
        )]);
    }
    let error = |line, col, msg: String| vec![Diagnostic::error(CONFIG_FILE, line, col, msg).with_code(Code::Config)];
    match crate::text::source::read_text(&file) {
        Ok(text) => from_toml(root, &text),
        // A DocFX repository builds without a site.toml: its docfx.json says what it can.
        Err(TextError::Read(ReadError::Io(e))) if e.kind() == std::io::ErrorKind::NotFound => {
            crate::docfx::apply_inferred(infer(root))
        }
        Err(TextError::Read(ReadError::Io(e))) => Err(error(0, 0, format!("cannot read site.toml: {e}"))),
        Err(TextError::Read(ReadError::TooLarge(size))) => {
            Err(error(0, 0, format!("site.toml is {}", crate::text::source::too_large(size))))
        }
        Err(TextError::NotUtf8(bad)) => {
            Err(vec![Diagnostic::error(CONFIG_FILE, bad.line, bad.col, "site.toml is not valid UTF-8")
                .with_code(Code::Config)
                .with_hint("save the file as UTF-8")])
        }
    }
}

/// Parses the text of a site.toml for the site at `root`.
pub(crate) fn from_toml(root: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
    let lines = LineIndex::new(text);
    let at = |offset: usize, msg: String| {
        let (line, col) = lines.position(offset);
        Diagnostic::error(CONFIG_FILE, line, col, msg).with_code(Code::Config)
    };
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let offset = e.span().map(|s| s.start).unwrap_or(0);
        let msg = e.message().trim().to_string();
        let hint =
            "the keys are title, base_url, default_locale, theme, edit_url, [[locales]] (code, name, dir), [[mounts]] (src, url), [[versions]] (name, folder, label, latest, status), [links] (broken, hints, site_path, host), [i18n] (fallback) and [xref] (uid, maps)";
        vec![at(offset, format!("site.toml: {msg}")).with_hint(hint)]
    })?;

    let mut errors = Vec::new();
    let mut locales: Vec<Locale> = Vec::new();
    for l in &raw.locales {
        let code = l.code.get_ref().trim().to_string();
        if code.is_empty() || code.contains(['/', '\\', '.']) {
            errors.push(at(l.code.span().start, format!("locale code `{code}` is not a usable folder name")));
            continue;
        }
        if locales.iter().any(|x| x.code == code) {
            errors.push(
                at(l.code.span().start, format!("locale `{code}` is listed twice in [[locales]]"))
                    .with_hint("list each locale once; the order is the language switcher's order"),
            );
            continue;
        }
        let dir = l.dir.unwrap_or(if langtag::is_rtl(&code) { Direction::Rtl } else { Direction::Ltr });
        let name = l.name.clone().unwrap_or_else(|| code.clone());
        locales.push(Locale { code, name, dir });
    }
    let default_locale = match &raw.default_locale {
        Some(d) => {
            let code = d.get_ref().trim().to_string();
            if locales.is_empty() {
                locales.push(Locale { dir: default_dir(&code), name: langtag::native_name(&code), code: code.clone() });
            } else if !locales.iter().any(|l| l.code == code) {
                let known: Vec<_> = locales.iter().map(|l| l.code.as_str()).collect();
                errors.push(
                    at(d.span().start, format!("default_locale `{code}` is not one of the [[locales]]"))
                        .with_hint(format!("use one of: {}", known.join(", "))),
                );
            }
            code
        }
        None => match locales.first() {
            Some(l) => l.code.clone(),
            None => {
                let inferred = infer(root);
                locales = inferred.locales;
                inferred.default_locale
            }
        },
    };
    let mut links = raw.links;
    errors.extend(crate::links::mounts::check_link_keys(text, &mut links));
    let mut mounts = crate::links::mounts::from_site_toml(text, &raw.mounts).unwrap_or_else(|e| {
        errors.extend(e);
        Vec::new()
    });
    let versions = crate::versions::from_site_toml(text, &raw.versions).unwrap_or_else(|e| {
        errors.extend(e);
        Default::default()
    });
    // A version folder is published at its version's name (`ref/5.1/` at `/<locale>/5.1/`).
    for v in versions.iter().filter(|v| v.folder != v.name) {
        mounts.push(Mount {
            src: v.folder.clone(),
            url: v.name.clone(),
            published: true,
            origin: CONFIG_FILE.into(),
            at: None,
        });
    }
    let xref = crate::xref::config::from_raw(&raw.xref, &lines).unwrap_or_else(|e| {
        errors.extend(e);
        Default::default()
    });
    if !errors.is_empty() {
        return Err(errors);
    }
    let (origin, base_path) = split_base_url(raw.base_url.as_deref().unwrap_or("/"));
    let layout = layout_for(root, &locales);
    if layout == ContentLayout::Flat && locales.len() > 1 {
        let msg = format!("site.toml lists {} locales but content/ has no folder for any of them", locales.len());
        let hint = format!("put each locale's pages in content/<code>/, e.g. content/{default_locale}/");
        return Err(vec![Diagnostic::file_error(CONFIG_FILE, msg).with_code(Code::Config).with_hint(hint)]);
    }
    Ok(Config {
        root: root.to_path_buf(),
        title: raw.title.unwrap_or_else(|| folder_title(root)),
        origin,
        base_path,
        default_locale,
        locales,
        theme: raw.theme.unwrap_or_else(|| "default".into()),
        layout,
        links,
        i18n: raw.i18n,
        edit_url: raw.edit_url,
        mounts,
        versions,
        hash_assets: true,
        xref,
    })
}

/// Settings for a root with `content/` and no site.toml: language-tag folders are the
/// locales (default `en-us`, else `en`, else the first sorted), else a one-language site.
pub(crate) fn infer(root: &Path) -> Config {
    let mut tags: Vec<String> = std::fs::read_dir(root.join("content"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().map(|t| t.is_dir()).unwrap_or(false))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| !n.starts_with('.'))
        .collect();
    tags.sort();
    let multilingual = !tags.is_empty() && tags.iter().all(|t| langtag::is_language_tag(t));
    let (locales, default_locale) = if multilingual {
        let default = ["en-us", "en"]
            .iter()
            .find_map(|want| tags.iter().find(|t| t.eq_ignore_ascii_case(want)))
            .unwrap_or(&tags[0])
            .clone();
        // The default locale comes first in the switcher; the rest keep sorted order.
        let mut ordered = vec![default.clone()];
        ordered.extend(tags.iter().filter(|t| **t != default).cloned());
        let locales = ordered
            .into_iter()
            .map(|c| Locale { dir: default_dir(&c), name: langtag::native_name(&c), code: c })
            .collect();
        (locales, default)
    } else {
        let code = "en".to_string();
        (vec![Locale { dir: Direction::Ltr, name: langtag::native_name(&code), code: code.clone() }], code)
    };
    Config {
        root: root.to_path_buf(),
        title: folder_title(root),
        origin: String::new(),
        base_path: String::new(),
        layout: if multilingual { ContentLayout::PerLocale } else { ContentLayout::Flat },
        default_locale,
        locales,
        theme: "default".into(),
        links: LinksConfig::default(),
        i18n: I18nConfig::default(),
        edit_url: None,
        mounts: Vec::new(),
        versions: Default::default(),
        hash_assets: true,
        xref: Default::default(),
    }
}

fn default_dir(code: &str) -> Direction {
    if langtag::is_rtl(code) {
        Direction::Rtl
    } else {
        Direction::Ltr
    }
}

fn layout_for(root: &Path, locales: &[Locale]) -> ContentLayout {
    let content = root.join("content");
    if locales.iter().any(|l| content.join(&l.code).is_dir()) {
        ContentLayout::PerLocale
    } else {
        ContentLayout::Flat
    }
}

/// The folder's own name, used as a title when the site has none.
fn folder_title(root: &Path) -> String {
    let abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    abs.file_name().and_then(|n| n.to_str()).unwrap_or("Documentation").to_string()
}

/// Splits `https://host/sub/path/` into (`https://host`, `/sub/path`); a bare path has no origin.
fn split_base_url(url: &str) -> (String, String) {
    let url = url.trim();
    let (origin, path) = match url.find("://") {
        Some(i) => {
            let after = &url[i + 3..];
            let cut = after.find('/').map(|j| i + 3 + j).unwrap_or(url.len());
            (url[..cut].to_string(), &url[cut..])
        }
        None => (String::new(), url),
    };
    let path = path.trim_end_matches('/');
    let path = if path.is_empty() || path.starts_with('/') { path.to_string() } else { format!("/{path}") };
    (origin, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_site_toml_languages_are_named_in_their_own_words() {
        let root = tempfile::tempdir().unwrap();
        for code in ["en-us", "ko-kr"] {
            std::fs::create_dir_all(root.path().join("content").join(code)).unwrap();
        }
        let config = infer(root.path());
        let names: Vec<(&str, &str)> = config.locales.iter().map(|l| (l.code.as_str(), l.name.as_str())).collect();
        assert_eq!(names, [("en-us", "English"), ("ko-kr", "한국어")]);
    }

    #[test]
    fn base_url_splits_into_origin_and_sub_path() {
        assert_eq!(
            split_base_url("https://docs.example.com/partner/"),
            ("https://docs.example.com".into(), "/partner".into())
        );
        assert_eq!(split_base_url("https://docs.example.com"), ("https://docs.example.com".into(), "".into()));
        assert_eq!(split_base_url("/"), ("".into(), "".into()));
        assert_eq!(split_base_url("docs/"), ("".into(), "/docs".into()));
    }
}
