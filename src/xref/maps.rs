//! DocFX xrefmap files (`.yml`, `.yaml`, `.json`): a `references:` list of `uid`, `name`,
//! `href` (and `fullName`, `nameWithType`, `commentId`), with an optional top-level `baseUrl`
//! that prefixes relative hrefs. Without one, a relative href is a path of this site.

use super::config::MapSource;
use crate::config::{Config, CONFIG_FILE};
use crate::diagnostics::{Code, Diagnostic};
use serde_json::Value;
use std::path::Path;

/// One entry of a map, its href made the URL to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapEntry {
    /// The uid.
    pub uid: String,
    /// Short name: an autolink's text.
    pub name: String,
    /// The URL: absolute (`https://…`) or a path of this site under base_url's path.
    pub href: String,
    /// `fullName`, if given.
    pub full_name: Option<String>,
    /// `nameWithType`, if given.
    pub name_with_type: Option<String>,
}

/// Reads every map of the site. Problems are `config` errors at the map's line (or at its
/// entry in site.toml when the file cannot be read).
pub fn load_all(config: &Config, sources: &[MapSource]) -> (Vec<MapEntry>, Vec<Diagnostic>) {
    let mut entries = Vec::new();
    let mut diags = Vec::new();
    for source in sources {
        let path = config.root.join(&source.path);
        let text = match std::fs::read(&path).map(String::from_utf8) {
            Ok(Ok(t)) => t,
            Ok(Err(_)) => {
                diags.push(
                    Diagnostic::error(&source.path, 1, 1, "the xrefmap is not valid UTF-8")
                        .with_code(Code::Config)
                        .with_hint("save the file as UTF-8"),
                );
                continue;
            }
            Err(e) => {
                let msg = format!("[xref] maps: cannot read `{}`: {e}", source.path);
                diags.push(
                    Diagnostic::error(CONFIG_FILE, source.line, source.col, msg)
                        .with_code(Code::Config)
                        .with_hint("name an xrefmap file relative to the site root, or remove the entry"),
                );
                continue;
            }
        };
        match parse(&text, Path::new(&source.path), &config.base_path) {
            Ok(e) => entries.extend(e),
            Err(d) => diags.push(d),
        }
    }
    (entries, diags)
}

/// Parses one map's text (`file` names it, and its extension picks JSON or YAML).
pub fn parse(text: &str, file: &Path, base_path: &str) -> Result<Vec<MapEntry>, Diagnostic> {
    let err = |line: usize, col: usize, msg: String| {
        Diagnostic::error(file, line, col, msg)
            .with_code(Code::Config)
            .with_hint("an xrefmap is `references:` followed by items with `uid:`, `name:` and `href:` (DocFX format)")
    };
    let is_json = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let value: Value = if is_json {
        serde_json::from_str(text).map_err(|e| err(e.line().max(1), e.column().max(1), format!("invalid JSON: {e}")))?
    } else {
        crate::text::yaml::parse_value(text).map_err(|e| err(e.line, e.col, format!("invalid YAML: {}", e.message)))?
    };
    let Value::Object(top) = value else {
        return Err(err(1, 1, "the xrefmap is not a mapping with `references:`".into()));
    };
    let base_url = top.get("baseUrl").and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    let refs = match top.get("references") {
        Some(Value::Array(items)) => items,
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(_) => {
            let (line, col) = find(text, "references").unwrap_or((1, 1));
            return Err(err(line, col, "`references` must be a list of items".into()));
        }
    };
    let mut out = Vec::with_capacity(refs.len());
    for (i, item) in refs.iter().enumerate() {
        let field = |k: &str| item.get(k).and_then(scalar);
        let Some(uid) = field("uid") else {
            let (line, col) = item_position(text, i).or_else(|| find(text, "references")).unwrap_or((1, 1));
            return Err(err(line, col, format!("item {} of `references` has no `uid`", i + 1)));
        };
        let Some(href) = field("href") else {
            let (line, col) = item_position(text, i).or_else(|| find(text, &uid)).unwrap_or((1, 1));
            return Err(err(line, col, format!("`{uid}` has no `href`")));
        };
        out.push(MapEntry {
            name: field("name").unwrap_or_else(|| uid.clone()),
            href: url(&href, base_url, base_path),
            full_name: field("fullName"),
            name_with_type: field("nameWithType"),
            uid,
        });
    }
    Ok(out)
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The URL to print for a map href.
fn url(href: &str, base_url: Option<&str>, base_path: &str) -> String {
    if crate::links::is_external(href) {
        return href.to_string();
    }
    match base_url {
        Some(b) => format!("{}/{}", b.trim_end_matches('/'), href.trim_start_matches('/')),
        None if href.starts_with('/') => format!("{base_path}{href}"),
        None => format!("{base_path}/{href}"),
    }
}

/// Where item `n` (0-based) of a YAML `references:` list starts: its `-`.
fn item_position(text: &str, n: usize) -> Option<(usize, usize)> {
    let start = text.lines().position(|l| l.trim_start().starts_with("references"))?;
    let mut indent = None;
    let mut seen = 0;
    for (i, line) in text.lines().enumerate().skip(start + 1) {
        let body = line.trim_start();
        let this = line.len() - body.len();
        if !body.starts_with('-') || indent.is_some_and(|d| d != this) {
            continue;
        }
        indent = Some(this);
        if seen == n {
            return Some((i + 1, this + 1));
        }
        seen += 1;
    }
    None
}

/// The 1-based line and column of the first occurrence of `needle` in `text`.
fn find(text: &str, needle: &str) -> Option<(usize, usize)> {
    let at = text.find(needle)?;
    Some(crate::diagnostics::LineIndex::new(text).position(at))
}
