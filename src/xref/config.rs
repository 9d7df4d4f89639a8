//! `[xref]` in site.toml: the uid rule and the xrefmap files.
//!
//! ```toml
//! [xref]
//! uid = "{Module Name}.{title}"   # for pages without `uid:`
//! maps = ["xrefmap.yml"]          # DocFX xrefmaps, relative to the site root
//! ```

use super::rule::UidRule;
use crate::config::CONFIG_FILE;
use crate::diagnostics::{Code, Diagnostic, LineIndex};
use serde::Deserialize;
use toml::Spanned;

/// `[xref]` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawXref {
    uid: Option<Spanned<String>>,
    #[serde(default)]
    maps: Vec<Spanned<String>>,
}

/// An xrefmap file named in site.toml, with where it is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapSource {
    /// The path as written, relative to the site root.
    pub path: String,
    /// 1-based line of the entry in site.toml.
    pub line: usize,
    /// 1-based column of the entry in site.toml.
    pub col: usize,
}

/// `[xref]`, checked.
#[derive(Debug, Clone, Default)]
pub struct XrefConfig {
    /// The rule for pages without `uid:`.
    pub rule: Option<UidRule>,
    /// The xrefmap files, in the order written (an earlier map wins a uid).
    pub maps: Vec<MapSource>,
}

/// Checks `[xref]`; errors point into site.toml (`text` is its content).
pub fn from_raw(raw: &RawXref, lines: &LineIndex) -> Result<XrefConfig, Vec<Diagnostic>> {
    let at = |offset: usize, msg: String| {
        let (line, col) = lines.position(offset);
        Diagnostic::error(CONFIG_FILE, line, col, msg).with_code(Code::Config)
    };
    let mut errors = Vec::new();
    let rule = match &raw.uid {
        Some(text) => match UidRule::parse(text.get_ref()) {
            Ok(rule) => Some(rule),
            Err(e) => {
                // The value starts after its opening quote.
                errors.push(
                    at(text.span().start + 1 + e.at, format!("[xref] uid: {}", e.message))
                        .with_hint("a rule is text with front matter keys in braces: uid = \"{Module Name}.{title}\""),
                );
                None
            }
        },
        None => None,
    };
    let mut maps = Vec::new();
    for m in &raw.maps {
        let path = m.get_ref().trim().to_string();
        if path.is_empty() || path.contains("://") {
            errors.push(
                at(m.span().start, format!("[xref] maps: `{path}` is not a local file"))
                    .with_hint("download the xrefmap and name its path relative to the site root"),
            );
            continue;
        }
        let (line, col) = lines.position(m.span().start);
        maps.push(MapSource { path, line, col });
    }
    if errors.is_empty() {
        Ok(XrefConfig { rule, maps })
    } else {
        Err(errors)
    }
}
