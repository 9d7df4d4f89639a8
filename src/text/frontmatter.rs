//! Splits a page into its YAML front matter and markdown body, and parses the front matter
//! with positions translated from the YAML block to the file.

use crate::diagnostics::{Code, Diagnostic};
use crate::text::yaml;
use serde_json::{Map, Value};
use std::path::Path;

/// A page's text cut at its front matter.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines, if the page has front matter.
    pub yaml: Option<&'a str>,
    /// 1-based line of the file on which the YAML text starts.
    pub(crate) yaml_line: usize,
    /// The markdown after the closing `---`.
    pub body: &'a str,
    /// Byte offset of the body in the file (for positions in the body).
    pub body_offset: usize,
}

fn is_fence(line: &str, closing: bool) -> bool {
    let l = line.trim_end_matches(['\r', '\n']).trim_end();
    l == "---" || (closing && l == "...")
}

/// Cuts `text` (a whole file, BOM already removed) at its front matter.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if !is_fence(first, false) {
        return Ok(Split { yaml: None, yaml_line: 0, body: text, body_offset: 0 });
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for line in lines {
        if is_fence(line, true) {
            let body_offset = offset + line.len();
            return Ok(Split {
                yaml: Some(&text[yaml_start..offset]),
                yaml_line: 2,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(file, 1, 1, "front matter opened by `---` on line 1 is never closed")
        .with_code(Code::FrontMatter)
        .with_hint("add a line with only `---` after the last front matter key"))
}

/// Whether front matter marks a page machine translated: `translation: machine` or
/// `ms.translationtype: MT` (any case, surrounding spaces ignored). The build (the page's
/// banner and `lang` notes) and `i18n status` both ask here, so they cannot disagree.
pub(crate) fn is_machine_translated(meta: &Map<String, Value>) -> bool {
    let is =
        |key: &str, want: &str| matches!(meta.get(key), Some(Value::String(s)) if s.trim().eq_ignore_ascii_case(want));
    is("translation", "machine") || is("ms.translationtype", "mt")
}

/// Parses the YAML of a split page; errors are positioned in the file, not in the block.
pub fn parse(split: &Split<'_>, file: &Path) -> Result<Map<String, Value>, Diagnostic> {
    let Some(yaml_text) = split.yaml else {
        return Ok(Map::new());
    };
    yaml::parse_mapping(yaml_text).map_err(|e| {
        let line = split.yaml_line + e.line.max(1) - 1;
        let hint = if e.message.contains("tab character") || e.message.contains("cannot start any token") {
            "YAML does not allow tabs for indentation; indent with spaces"
        } else if e.message.contains("flow sequence") {
            "a value that starts with `[` is read as a list: close it with `]`, or put the whole value in quotes"
        } else if e.message.contains("flow mapping") {
            "a value that starts with `{` is read as a mapping: close it with `}`, or put the whole value in quotes"
        } else if e.message.contains("expand into too many values") {
            "write the values out, or use fewer aliases of aliases; front matter rarely needs anchors at all"
        } else if e.message.contains("levels deep") {
            "flatten the nested lists or mappings"
        } else {
            "check the quoting and indentation of the front matter (values with `: ` or `#` need quotes)"
        };
        Diagnostic::error(file, line, e.col, format!("invalid front matter: {}", e.message))
            .with_code(Code::FrontMatter)
            .with_hint(hint)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_translation_is_read_from_either_key_in_any_case() {
        let meta = |yaml: &str| yaml::parse_mapping(yaml).unwrap();
        assert!(is_machine_translated(&meta("translation: machine")));
        assert!(is_machine_translated(&meta("ms.translationtype: MT")));
        assert!(is_machine_translated(&meta("translation: ' Machine '")));
        assert!(!is_machine_translated(&meta("translation: human")));
        assert!(!is_machine_translated(&meta("ms.translationtype: HT")));
        assert!(!is_machine_translated(&meta("title: x")));
    }

    #[test]
    fn splits_front_matter_from_body() {
        let s = split("---\ntitle: x\n---\n# Body\n", Path::new("p.md")).unwrap();
        assert_eq!(s.yaml, Some("title: x\n"));
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_offset, 17);
    }

    #[test]
    fn no_front_matter_is_fine() {
        let s = split("# Only a body\n", Path::new("p.md")).unwrap();
        assert_eq!((s.yaml, s.body), (None, "# Only a body\n"));
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split("---\ntitle: x\n# Body\n", Path::new("p.md")).unwrap_err();
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn yaml_errors_are_positioned_in_the_file() {
        let text = "---\ntitle: a\nauthor: b\nms.date: 1\nx: 1\ny: 2\ndescription: \"unclosed\n---\nbody\n";
        let s = split(text, Path::new("p.md")).unwrap();
        let e = parse(&s, Path::new("p.md")).unwrap_err();
        assert_eq!(e.line_number(), 7, "{e}");
    }

    #[test]
    fn lines_are_counted_at_newlines_even_when_yaml_breaks_at_a_lone_cr() {
        let text = "---\ntitle: a\rb: 2\rc: x: y\n---\nbody\n";
        let e = parse(&split(text, Path::new("p.md")).unwrap(), Path::new("p.md")).unwrap_err();
        assert_eq!(e.line_number(), 2, "{e}");
    }
}
