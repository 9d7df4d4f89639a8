//! `name="value"` pairs as DocFX directives write them (`:::image type="content" source="a.png":::`),
//! each with the byte offsets of its name and value so problems point at the right column.

/// One attribute of a directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr<'a> {
    /// Its name, as written.
    pub name: &'a str,
    /// Offset of the name in the scanned text.
    pub name_at: usize,
    /// Its value, without quotes (empty for a bare name).
    pub value: &'a str,
    /// Offset of the value in the scanned text.
    pub value_at: usize,
}

/// Something in the attribute list that is not an attribute, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Junk {
    /// Offset in the scanned text.
    pub at: usize,
    /// What is wrong.
    pub message: String,
}

/// Reads `a="x" b='y' c=z d` from `text`; offsets are relative to `text`.
pub fn scan(text: &str) -> (Vec<Attr<'_>>, Vec<Junk>) {
    let bytes = text.as_bytes();
    let (mut attrs, mut junk) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let name_at = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'=' {
            i += 1;
        }
        let name = &text[name_at..i];
        if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.') {
            junk.push(Junk { at: name_at, message: format!("`{name}` is not an attribute (name=\"value\")") });
            continue;
        }
        let mut j = i;
        while j < bytes.len() && bytes[j] == b' ' {
            j += 1;
        }
        if j >= bytes.len() || bytes[j] != b'=' {
            attrs.push(Attr { name, name_at, value: "", value_at: i });
            continue;
        }
        j += 1;
        while j < bytes.len() && bytes[j] == b' ' {
            j += 1;
        }
        match bytes.get(j) {
            Some(&q) if q == b'"' || q == b'\'' => match text[j + 1..].find(q as char) {
                Some(len) => {
                    attrs.push(Attr { name, name_at, value: &text[j + 1..j + 1 + len], value_at: j + 1 });
                    i = j + 2 + len;
                }
                None => {
                    junk.push(Junk { at: j, message: format!("the value of `{name}` has no closing quote") });
                    i = bytes.len();
                }
            },
            _ => {
                let start = j;
                while j < bytes.len() && !bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                attrs.push(Attr { name, name_at, value: &text[start..j], value_at: start });
                i = j;
            }
        }
    }
    (attrs, junk)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quoted_and_bare_values_with_offsets() {
        let (attrs, junk) = scan(r#" type="content" source='media/a b.png'  border=false lightbox"#);
        assert!(junk.is_empty());
        let got: Vec<_> = attrs.iter().map(|a| (a.name, a.name_at, a.value, a.value_at)).collect();
        assert_eq!(
            got,
            [
                ("type", 1, "content", 7),
                ("source", 16, "media/a b.png", 24),
                ("border", 40, "false", 47),
                ("lightbox", 53, "", 61)
            ]
        );
    }

    #[test]
    fn reports_an_unclosed_quote_and_junk() {
        let (attrs, junk) = scan(r#"a="x" "b" c="open"#);
        assert_eq!(attrs.len(), 1);
        assert_eq!(junk.iter().map(|j| j.at).collect::<Vec<_>>(), [6, 12]);
    }
}
