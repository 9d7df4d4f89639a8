//! A small scanner for attributes in raw HTML fragments of markdown: the `id`/`name` anchors
//! they define and the `href`/`src` links they hold. Authors' HTML is trusted and kept as
//! written; only link values are replaced.

use std::ops::Range;

/// One attribute of a start tag.
#[derive(Debug, PartialEq, Eq)]
pub struct Attr<'a> {
    /// The tag's name, lowercase as written (`a`, `img`).
    pub tag: &'a str,
    /// The attribute's name as written.
    pub name: &'a str,
    /// Its value without quotes (entities not decoded).
    pub value: &'a str,
    /// Where the value is in the scanned text.
    pub value_range: Range<usize>,
}

/// Every attribute with a value in the start tags of `html`, skipping comments.
pub fn scan(html: &str) -> Vec<Attr<'_>> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i + 4..].find("-->").map(|j| i + 4 + j + 3).unwrap_or(b.len());
            continue;
        }
        i += 1;
        let tag_start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
            i += 1;
        }
        if i == tag_start {
            continue; // `</x>`, `<!doctype>`, a lone `<`
        }
        let tag = &html[tag_start..i];
        loop {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' || b[i] == b'<' {
                break;
            }
            if b[i] == b'/' {
                i += 1;
                continue;
            }
            let name_start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/' | b'<') {
                i += 1;
            }
            let name = &html[name_start..i];
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= b.len() || b[i] != b'=' {
                continue; // a boolean attribute
            }
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let (start, end) = if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let quote = b[i];
                let start = i + 1;
                let end = b[start..].iter().position(|&c| c == quote).map(|p| start + p).unwrap_or(b.len());
                i = (end + 1).min(b.len());
                (start, end)
            } else {
                let start = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                (start, i)
            };
            out.push(Attr { tag, name, value: &html[start..end], value_range: start..end });
        }
    }
    out
}

/// True for attributes that name an anchor a `#fragment` can point at.
pub fn is_anchor_attr(a: &Attr<'_>) -> bool {
    a.name.eq_ignore_ascii_case("id") || (a.name.eq_ignore_ascii_case("name") && a.tag.eq_ignore_ascii_case("a"))
}

/// True for attributes that hold a URL the site must resolve.
pub fn is_link_attr(a: &Attr<'_>) -> bool {
    a.name.eq_ignore_ascii_case("href") || a.name.eq_ignore_ascii_case("src")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_anchors_and_links() {
        let html = r#"<a name="x"></a><!-- <a href="no"> --><img src='m.png' alt=y><a href=p.md id="z">"#;
        let attrs = scan(html);
        let pairs: Vec<_> = attrs.iter().map(|a| (a.tag, a.name, a.value)).collect();
        assert_eq!(
            pairs,
            vec![
                ("a", "name", "x"),
                ("img", "src", "m.png"),
                ("img", "alt", "y"),
                ("a", "href", "p.md"),
                ("a", "id", "z")
            ]
        );
        assert_eq!(&html[attrs[1].value_range.clone()], "m.png");
    }
}
