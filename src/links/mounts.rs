//! `[[mounts]]` and the `[links]` keys that place the site on a documentation host
//! (`site_path`, `host`): read from site.toml, checked, each problem at its line:col.

use crate::config::{Config, LinksConfig, CONFIG_FILE};
use crate::diagnostics::{Code, Diagnostic, LineIndex, Position};
use crate::links::urls::Mount;
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

/// A `[[mounts]]` table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMount {
    src: Spanned<String>,
    url: Spanned<String>,
}

/// A mount as declared anywhere (site.toml or docfx.json), before it is checked.
#[derive(Debug, Clone)]
pub struct Declared {
    /// `src` as written.
    pub src: String,
    /// `url` as written.
    pub url: String,
    /// 1-based line of `src`.
    pub line: usize,
    /// 1-based column of `src`.
    pub col: usize,
    /// 1-based line and column of `url`.
    pub url_at: (usize, usize),
}

/// Checks mounts: paths relative to the locale root, no `..`, each `src` once. The first
/// mount of a `url` is published there; later ones with the same `url` are kept unpublished.
pub fn settle(file: &Path, declared: &[Declared]) -> Result<Vec<Mount>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut mounts: Vec<Mount> = Vec::new();
    for d in declared {
        let err = |line, col, msg: String, hint: &str| {
            Diagnostic::error(file, line, col, msg).with_code(Code::Config).with_hint(hint.to_string())
        };
        let src = match clean_path(&d.src) {
            Ok(s) if !s.is_empty() => s,
            Ok(_) => {
                let hint = "name a folder below the locale root, e.g. `docs-conceptual`";
                errors.push(err(d.line, d.col, "a mount's `src` cannot be the locale root itself".into(), hint));
                continue;
            }
            Err(why) => {
                let hint = "write the folder relative to the locale root, e.g. `src = \"docs-conceptual\"`";
                errors.push(err(d.line, d.col, format!("mount src `{}` {why}", d.src), hint));
                continue;
            }
        };
        let url = match clean_path(&d.url) {
            Ok(u) => u,
            Err(why) => {
                let hint = "write the URL path relative to the locale, e.g. `url = \"scripting\"`, or `\"\"` for the locale root";
                errors.push(err(d.url_at.0, d.url_at.1, format!("mount url `{}` {why}", d.url), hint));
                continue;
            }
        };
        if mounts.iter().any(|m| m.src == src) {
            let hint = "list each folder once; to publish it twice, copy or include its pages";
            errors.push(err(d.line, d.col, format!("folder `{src}` is mounted twice"), hint));
            continue;
        }
        let published = !mounts.iter().any(|m| m.published && m.url == url);
        mounts.push(Mount {
            src,
            url,
            published,
            origin: file.to_path_buf(),
            at: Position::from_numbers(d.line, d.col),
        });
    }
    if errors.is_empty() {
        Ok(mounts)
    } else {
        Err(errors)
    }
}

/// A path relative to the locale root with `/` separators and no leading or trailing slash;
/// the error says why it is not one.
fn clean_path(path: &str) -> Result<String, &'static str> {
    let p = path.trim().replace('\\', "/");
    if p.starts_with('/') || p.contains(':') {
        return Err("is an absolute path");
    }
    let parts: Vec<&str> = p.split('/').filter(|s| !s.is_empty() && *s != ".").collect();
    if parts.contains(&"..") {
        return Err("climbs out of the locale folder with `..`");
    }
    Ok(parts.join("/"))
}

/// Reads `[[mounts]]` of a site.toml whose text is `text`.
pub fn from_site_toml(text: &str, raw: &[RawMount]) -> Result<Vec<Mount>, Vec<Diagnostic>> {
    let lines = LineIndex::new(text);
    let declared: Vec<Declared> = raw
        .iter()
        .map(|m| {
            let (line, col) = lines.position(m.src.span().start);
            Declared {
                src: m.src.get_ref().clone(),
                url: m.url.get_ref().clone(),
                line,
                col,
                url_at: lines.position(m.url.span().start),
            }
        })
        .collect();
    settle(Path::new(CONFIG_FILE), &declared)
}

#[derive(Deserialize, Default)]
struct Spans {
    #[serde(default)]
    links: LinkSpans,
}

#[derive(Deserialize, Default)]
struct LinkSpans {
    site_path: Option<Spanned<String>>,
    host: Option<Spanned<String>>,
}

/// Normalises `[links] site_path` (`/powershell`) and `host` (`https://learn.microsoft.com`)
/// in place; a value that cannot be used is an error at its place in site.toml.
pub fn check_link_keys(text: &str, links: &mut LinksConfig) -> Vec<Diagnostic> {
    let spans: Spans = toml::from_str(text).unwrap_or_default();
    let lines = LineIndex::new(text);
    let at = |s: &Option<Spanned<String>>| s.as_ref().map(|s| lines.position(s.span().start)).unwrap_or((0, 0));
    let mut errors = Vec::new();
    if let Some(path) = &links.site_path {
        match normalise_site_path(path) {
            Some(p) => links.site_path = Some(p),
            None => {
                let (line, col) = at(&spans.links.site_path);
                errors.push(
                    Diagnostic::error(CONFIG_FILE, line, col, format!("[links] site_path `{path}` is not a URL path"))
                        .with_code(Code::Config)
                        .with_hint("write the path the site is published under on its host, e.g. `site_path = \"/powershell/\"`"),
                );
            }
        }
    }
    if let Some(host) = &links.host {
        match normalise_host(host) {
            Some(h) => links.host = Some(h),
            None => {
                let (line, col) = at(&spans.links.host);
                errors.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        line,
                        col,
                        format!("[links] host `{host}` is not an http(s) origin"),
                    )
                    .with_code(Code::Config)
                    .with_hint("write scheme and host only, e.g. `host = \"https://learn.microsoft.com\"`"),
                );
            }
        }
    }
    errors
}

/// `powershell`, `/powershell/` → `/powershell`; None for the empty path or a full URL.
pub fn normalise_site_path(path: &str) -> Option<String> {
    let p = path.trim().trim_matches('/');
    (!p.is_empty() && !p.contains("://") && !p.contains(['?', '#', '\\'])).then(|| format!("/{p}"))
}

/// `https://learn.microsoft.com/` → `https://learn.microsoft.com`; None unless http(s) with a host.
pub fn normalise_host(host: &str) -> Option<String> {
    let h = host.trim().trim_end_matches('/');
    let rest = h.strip_prefix("https://").or_else(|| h.strip_prefix("http://"))?;
    (!rest.is_empty() && !rest.contains(['/', '?', '#', ' '])).then(|| h.to_string())
}

/// Warnings for mounts whose folder exists in no locale: nothing is published from them.
pub fn missing_sources(config: &Config) -> Vec<Diagnostic> {
    config
        .mounts
        .iter()
        .filter(|m| !config.locales.iter().any(|l| locale_root(config, &l.code).join(&m.src).is_dir()))
        .map(|m| {
            let msg = format!("mount src `{}` is not a folder in any locale, so nothing is published from it", m.src);
            Diagnostic::warning_at(&m.origin, m.at, msg)
                .with_code(Code::Config)
                .with_hint("fix the folder name (it is relative to content/<locale>/) or remove the mount")
        })
        .collect()
}

fn locale_root(config: &Config, locale: &str) -> std::path::PathBuf {
    match config.layout {
        crate::config::ContentLayout::PerLocale => config.content_dir().join(locale),
        crate::config::ContentLayout::Flat => config.content_dir(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declared(src: &str, url: &str, line: usize) -> Declared {
        Declared { src: src.into(), url: url.into(), line, col: 7, url_at: (line + 1, 7) }
    }

    #[test]
    fn first_mount_of_a_url_is_published_the_others_wait() {
        let with_url = |url: &str| {
            let three =
                [declared("./docs-conceptual/", url, 1), declared("7.2", "module", 3), declared("5.1", "module", 5)];
            settle(Path::new("site.toml"), &three)
        };
        // A leading slash in url is an absolute path.
        let errors = with_url("/scripting/").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].line_number(), errors[0].col_number()), (2, 7));
        let m = with_url("scripting/").unwrap();
        assert_eq!(m[0].src, "docs-conceptual");
        assert_eq!(m[0].url, "scripting");
        assert!(m[1].published);
        assert!(!m[2].published);
    }

    #[test]
    fn bad_mounts_are_errors_at_their_place() {
        let errors = settle(
            Path::new("site.toml"),
            &[
                declared("a", "x", 1),
                declared("a/", "y", 3),
                declared("../up", "z", 5),
                declared("/abs", "z", 7),
                declared("", "z", 9),
            ],
        )
        .unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|e| e.line_number()).collect();
        assert_eq!(lines, [3, 5, 7, 9]);
        assert!(errors[0].message.contains("mounted twice"), "{}", errors[0].message);
    }

    #[test]
    fn site_path_and_host_are_normalised() {
        assert_eq!(normalise_site_path("/powershell/").as_deref(), Some("/powershell"));
        assert_eq!(normalise_site_path("powershell").as_deref(), Some("/powershell"));
        assert_eq!(normalise_site_path("/"), None);
        assert_eq!(normalise_site_path("https://x/y"), None);
        assert_eq!(normalise_host("https://learn.microsoft.com/").as_deref(), Some("https://learn.microsoft.com"));
        assert_eq!(normalise_host("learn.microsoft.com"), None);
        assert_eq!(normalise_host("https://host/path"), None);
    }

    #[test]
    fn bad_link_keys_name_their_line() {
        let text = "title = \"t\"\n[links]\nsite_path = \"/\"\nhost = \"ftp://x\"\n";
        let mut links = LinksConfig { site_path: Some("/".into()), host: Some("ftp://x".into()), ..Default::default() };
        let errors = check_link_keys(text, &mut links);
        let at: Vec<(usize, usize)> = errors.iter().map(|e| (e.line_number(), e.col_number())).collect();
        assert_eq!(at, [(3, 13), (4, 8)]);
    }
}
