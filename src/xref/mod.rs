//! Cross references in the DocFX style: `[text](xref:uid)`, `<xref:uid>`, `xref:` in raw HTML
//! `href`. A page is a target when its front matter has `uid:` (or when the site's `[xref] uid`
//! rule makes one from its front matter); DocFX xrefmap files add targets outside the site.
//!
//! uids are known only once every page is parsed, but a page renders its body while parsing:
//! so parsing records each xref (see [`record`]) and leaves a private-use marker in the HTML
//! ([`marker`]); the [`index::XrefIndex`] is built from the parsed pages, the link check reports
//! what does not resolve ([`check`]), and the markers are replaced when the page is rendered.

pub mod check;
pub mod config;
pub mod index;
pub mod maps;
pub mod marker;
pub mod resolve;
pub mod rule;

use crate::markdown::{LinkKind, LinkRender};
use serde_json::{Map, Value};
use std::path::PathBuf;

pub use index::XrefIndex;

/// What text an autolink shows (`?displayProperty=` in the link).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Display {
    /// The target's title (a page) or `name` (a map entry).
    #[default]
    Name,
    /// `fullName`: a map entry's fullName, a page's uid.
    FullName,
    /// `nameWithType`: a map entry's nameWithType, a page's title.
    NameWithType,
}

/// One xref of a page, as written and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XrefLink {
    /// The destination as written (`xref:System.String?displayProperty=fullName`).
    pub href: String,
    /// The uid, percent-decoded.
    pub uid: String,
    /// The `#fragment`, percent-decoded, if any.
    pub fragment: Option<String>,
    /// What an autolink shows.
    pub display: Display,
    /// A markdown link, or an `href` in raw HTML.
    pub kind: LinkKind,
    /// The file it is written in (the page or an include).
    pub file: PathBuf,
    /// 1-based line in that file.
    pub line: usize,
    /// 1-based column in that file.
    pub col: usize,
}

/// A `uid:` declared in a page's front matter, with where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredUid {
    /// The uid.
    pub uid: String,
    /// 1-based line of the `uid:` key in the page file.
    pub line: usize,
    /// 1-based column of the key.
    pub col: usize,
}

/// The xref side of a page: its own uid and the xrefs in its body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageXrefs {
    /// `uid:` from the front matter.
    pub uid: Option<DeclaredUid>,
    /// Every xref in the body, in order; a marker's number is an index here.
    pub links: Vec<XrefLink>,
}

/// The pages whose bodies have xrefs (indices into `Site::pages`).
pub fn pages_with_xrefs(site: &crate::site::Site) -> impl Iterator<Item = usize> + '_ {
    site.pages.iter().enumerate().filter(|(_, p)| !p.xrefs.links.is_empty()).map(|(i, _)| i)
}

/// True when `href` is an xref (`xref:` in any letter case).
pub fn is_xref(href: &str) -> bool {
    href.trim_start().get(..5).is_some_and(|s| s.eq_ignore_ascii_case("xref:"))
}

/// Parses `xref:uid?query#fragment` into its uid, fragment and display property.
pub fn parse_href(href: &str) -> (String, Option<String>, Display) {
    let rest = &href.trim()[5..];
    let parts = crate::links::split_href(rest);
    let mut display = Display::Name;
    for pair in parts.query.trim_start_matches('?').split('&') {
        if let Some((k, v)) = pair.split_once('=') {
            if k.eq_ignore_ascii_case("displayProperty") {
                if v.eq_ignore_ascii_case("fullName") {
                    display = Display::FullName;
                } else if v.eq_ignore_ascii_case("nameWithType") {
                    display = Display::NameWithType;
                }
            }
        }
    }
    let uid = crate::links::percent_decode(parts.path.trim());
    (uid, parts.fragment.map(crate::links::percent_decode), display)
}

/// Records `href` when it is an xref and says how to print it for now (a marker); None for
/// every other link. Images are not xrefs.
pub fn record(
    xrefs: &mut PageXrefs,
    href: &str,
    kind: LinkKind,
    file: &std::path::Path,
    line: usize,
    col: usize,
) -> Option<LinkRender> {
    if matches!(kind, LinkKind::Image | LinkKind::FrontMatter) || !is_xref(href) {
        return None;
    }
    let (uid, fragment, display) = parse_href(href);
    let n = xrefs.links.len();
    xrefs.links.push(XrefLink {
        href: href.to_string(),
        uid,
        fragment,
        display,
        kind,
        file: file.to_path_buf(),
        line,
        col,
    });
    Some(LinkRender { url: Some(marker::value(n)), ..LinkRender::default() })
}

/// The `uid:` of a page's front matter with its line (`yaml` is the front matter text, starting
/// at line `yaml_line` of the file). A uid that is not text is ignored.
pub fn declared_uid(meta: &Map<String, Value>, yaml: Option<&str>, yaml_line: usize) -> Option<DeclaredUid> {
    let uid = match meta.get("uid")? {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    if uid.is_empty() {
        return None;
    }
    // The top-level key: at the start of its line (a nested `uid:` belongs to another key).
    let line = yaml.and_then(|y| crate::text::yaml::top_level_key(y, "uid")).map_or(1, |(i, _)| yaml_line + i);
    let col = 1;
    Some(DeclaredUid { uid, line, col })
}

#[cfg(test)]
mod tests;
