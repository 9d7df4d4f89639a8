//! Placeholders for xrefs in a page's HTML until the page is rendered. A marker is
//! U+E000, the xref's number, a kind letter, U+E001: private-use characters that markdown,
//! the HTML writer and the layout guard pass through as text, and that docs do not contain.
//!
//! Kinds: `u` an attribute value (the URL), `s` a link's start tag up to its `>` (which
//! markdown writes, after the link's title), `e` its end tag, `a` a whole autolink (start tag,
//! text, end tag).

/// Opens a marker.
pub const OPEN: char = '\u{E000}';
/// Closes a marker.
pub const CLOSE: char = '\u{E001}';

/// What a marker stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The URL inside an attribute value.
    Value,
    /// `<a href="..."` of a markdown link (its `>` follows the marker).
    Start,
    /// `</a>` of a markdown link.
    End,
    /// `<a href="...">text</a>` of an autolink.
    Whole,
}

fn make(n: usize, kind: char) -> String {
    format!("{OPEN}{n}{kind}{CLOSE}")
}

/// The marker for the URL of xref `n`.
pub fn value(n: usize) -> String {
    make(n, 'u')
}

/// The marker for the start tag of xref `n`.
pub fn start(n: usize) -> String {
    make(n, 's')
}

/// The marker for the end tag of xref `n`.
pub fn end(n: usize) -> String {
    make(n, 'e')
}

/// The marker for the whole autolink `n`.
pub fn whole(n: usize) -> String {
    make(n, 'a')
}

/// The xref number of a URL marker ([`value`]), as the link resolver hands it to markdown.
pub fn value_index(url: Option<&str>) -> Option<usize> {
    match parse(url?)? {
        (n, Kind::Value, len) if len == url?.len() => Some(n),
        _ => None,
    }
}

/// Reads a marker at the start of `s`: (number, kind, length in bytes).
pub fn parse(s: &str) -> Option<(usize, Kind, usize)> {
    let rest = s.strip_prefix(OPEN)?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let n = rest[..digits].parse().ok()?;
    let kind = match rest.as_bytes().get(digits)? {
        b'u' => Kind::Value,
        b's' => Kind::Start,
        b'e' => Kind::End,
        b'a' => Kind::Whole,
        _ => return None,
    };
    rest[digits + 1..].starts_with(CLOSE).then_some((n, kind, OPEN.len_utf8() + digits + 1 + CLOSE.len_utf8()))
}

/// The text an autolink gives search: its uid without `xref:`, query and fragment.
pub fn autolink_text(text: &str) -> &str {
    let t = text.trim();
    let t = if super::is_xref(t) { &t[5..] } else { t };
    t.split(['?', '#']).next().unwrap_or(t)
}

/// Replaces every marker in `html` with what `with` writes for (number, kind). A marker whose
/// number `with` does not know is left as it is.
pub fn substitute(html: &str, mut with: impl FnMut(usize, Kind, &mut String) -> bool) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match parse(rest) {
            Some((n, kind, len)) if with(n, kind, &mut out) => rest = &rest[len..],
            _ => {
                out.push(OPEN);
                rest = &rest[OPEN.len_utf8()..];
            }
        }
    }
    out.push_str(rest);
    out
}
