//! `> [!div class="nextstepaction"]` and the quoted lines after it become
//! `<div class="nextstepaction">` holding those lines' markdown (`checklist`, `mx-tableFixed`
//! likewise). Unquoted, `[!div class="x"]` wraps the block that follows, up to a blank line.

use super::{attrs, Cx};

/// A div that is open, and how its lines continue.
pub struct Open {
    quoted: bool,
}

impl Open {
    /// For a line after the directive: the length of the prefix to drop (`> `) when the line
    /// belongs to the div, None when the div ends before it.
    pub fn continues(&self, line: &str) -> Option<usize> {
        if self.quoted {
            let (n, _) = unquote(line);
            (n > 0).then_some(n)
        } else {
            (!line.trim().is_empty()).then_some(0)
        }
    }
}

/// Splits a blockquote marker (up to 3 spaces, `>`, one optional space) from a line: its length
/// (0 when the line is not quoted) and the rest.
pub fn unquote(line: &str) -> (usize, &str) {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return (0, line);
    }
    match t.strip_prefix('>') {
        Some(r) => {
            let r = r.strip_prefix(' ').unwrap_or(r);
            (line.len() - r.len(), r)
        }
        None => (0, line),
    }
}

/// What a `[!div]` line says: its class and the class's offset, or a problem and its offset.
type Parsed<'a> = Result<(&'a str, usize), (usize, String)>;

/// The class of `[!div class="x"]` (the text after it must be blank), with the offsets in
/// `text` of the directive and of the class value.
fn parse(text: &str) -> Option<Parsed<'_>> {
    let t = text.trim_start();
    let lead = text.len() - t.len();
    let inner = t.get(..5).filter(|p| p.eq_ignore_ascii_case("[!div")).map(|_| &t[5..])?;
    let close = inner.rfind(']')?;
    if !inner[close + 1..].trim().is_empty() || !inner.starts_with([' ', '\t', ']']) {
        return None;
    }
    let base = lead + 5;
    let (list, junk) = attrs::scan(&inner[..close]);
    if let Some(j) = junk.first() {
        return Some(Err((base + j.at, j.message.clone())));
    }
    for a in &list {
        if !a.name.eq_ignore_ascii_case("class") {
            return Some(Err((
                base + a.name_at,
                format!("`{}` is not an attribute of [!div]; it takes class=\"…\"", a.name),
            )));
        }
    }
    match list.first() {
        Some(a) if !a.value.trim().is_empty() => Some(Ok((a.value, base + a.value_at))),
        _ => Some(Err((lead, "[!div] without a class".into()))),
    }
}

/// Opens a div at a `[!div]` line (`line` starts at offset `at` and ends at `end`).
pub fn open(cx: &mut Cx<'_>, line: &str, at: usize, end: usize) -> Option<Open> {
    let (q, rest) = unquote(line);
    let parsed = parse(rest)?;
    let start = at + (line.len() - line.trim_start().len());
    match parsed {
        Ok((class, _)) => {
            // At the start of the line, whatever its indent, as its closing tag will be.
            let html = format!("<div class=\"{}\">\n", crate::text::escape::attr(class.trim()));
            cx.replace(at, end, start, &html);
            Some(Open { quoted: q > 0 })
        }
        Err((col, msg)) => {
            cx.warn(at + q + col, msg, "write `> [!div class=\"nextstepaction\"]` (or checklist, mx-tableFixed)");
            cx.replace(at, end, start, "");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_class() {
        assert_eq!(parse(r#"[!div class="nextstepaction"]"#), Some(Ok(("nextstepaction", 13))));
        assert_eq!(parse(r#" [!DIV class='checklist'] "#), Some(Ok(("checklist", 14))));
        assert!(parse("[!divider]").is_none());
        assert!(parse(r#"[!div class="x"] more"#).is_none());
        assert!(matches!(parse(r#"[!div id="x"]"#), Some(Err((6, _)))));
        assert!(matches!(parse("[!div]"), Some(Err((0, _)))));
    }

    #[test]
    fn quote_markers() {
        assert_eq!(unquote("> [x](y.md)"), (2, "[x](y.md)"));
        assert_eq!(unquote("  >x"), (3, "x"));
        assert_eq!(unquote(">"), (1, ""));
        assert_eq!(unquote("x > y"), (0, "x > y"));
        assert_eq!(unquote("    > code"), (0, "    > code"));
    }
}
