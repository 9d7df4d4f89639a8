//! Escaping text for HTML and XML (JSON read as HTML is `search::doc_json`'s): one loop that
//! copies the runs of bytes needing nothing at once (most values need no escaping at all) and
//! replaces the few that do.

/// Which bytes a context escapes, and how.
#[derive(Clone, Copy, Debug)]
pub enum Escapes {
    /// An HTML text node ([`text_entity`]).
    Text,
    /// A quoted HTML or XML attribute, or XML anywhere ([`attr_entity`]).
    Attr,
}

impl Escapes {
    fn entity(self, b: u8) -> Option<&'static str> {
        match self {
            Escapes::Text => text_entity(b),
            Escapes::Attr => attr_entity(b),
        }
    }
}

/// The longest text [`try_replacing`] reads a byte at a time.
const SHORT: usize = 64;

/// Hands `put` the pieces of `s` with each byte `escapes` names replaced: the runs between such
/// bytes as they are, and each replacement. Only ASCII bytes are replaced, which are never inside
/// a multi-byte character. The bytes are found by memchr's vector search rather than by testing
/// each byte in turn (every value a template writes, and every string of the search index, passes
/// here: the byte loop was 3 % of a build's instructions, callgrind). `put` may fail (a writer):
/// the first error ends it.
pub fn try_replacing<E>(s: &str, escapes: Escapes, mut put: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    let bytes = s.as_bytes();
    let mut from = 0;
    // A short text (most values a template prints: names, URLs, titles) is read a byte at a
    // time: memchr's searchers cost more to set up than such a text takes to read (~250
    // instructions a value, 2 % of a build's, callgrind). Every escaped byte is at most `>`.
    if bytes.len() <= SHORT {
        for (i, &b) in bytes.iter().enumerate() {
            if b <= b'>' {
                if let Some(e) = escapes.entity(b) {
                    put(&s[from..i])?;
                    put(e)?;
                    from = i + 1;
                }
            }
        }
        return put(&s[from..]);
    }
    let mut replace = |i: usize| -> Result<(), E> {
        if let Some(e) = escapes.entity(bytes[i]) {
            put(&s[from..i])?;
            put(e)?;
            from = i + 1;
        }
        Ok(())
    };
    let mut markup = memchr::memchr3_iter(b'&', b'<', b'>', bytes);
    match escapes {
        Escapes::Text => markup.try_for_each(&mut replace)?,
        Escapes::Attr => {
            // Two searches (memchr looks for at most three bytes), merged in order; each runs
            // over the text once, whatever the mix of bytes.
            let mut markup = markup.peekable();
            let mut quotes = memchr::memchr2_iter(b'"', b'\'', bytes).peekable();
            loop {
                let next = match (markup.peek(), quotes.peek()) {
                    (Some(&m), Some(&q)) if m < q => markup.next(),
                    (_, Some(_)) => quotes.next(),
                    (Some(_), None) => markup.next(),
                    (None, None) => break,
                };
                if let Some(i) = next {
                    replace(i)?;
                }
            }
        }
    }
    put(&s[from..])
}

/// Appends `s` to `out` with each byte `escapes` names replaced (see [`try_replacing`]).
pub fn push_replacing(out: &mut String, s: &str, escapes: Escapes) {
    let appended: Result<(), std::convert::Infallible> = try_replacing(s, escapes, |piece| {
        out.push_str(piece);
        Ok(())
    });
    let Ok(()) = appended;
}

fn replacing(s: &str, escapes: Escapes) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    push_replacing(&mut out, s, escapes);
    out
}

/// For an HTML text node: `&`, `<`, `>`.
fn text_entity(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        _ => None,
    }
}

/// For a quoted HTML or XML attribute (and anywhere in XML): the text's, and both quotes.
fn attr_entity(b: u8) -> Option<&'static str> {
    match b {
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        b => text_entity(b),
    }
}

/// `s` for an HTML text node.
pub fn text(s: &str) -> String {
    replacing(s, Escapes::Text)
}

/// `s` for a quoted HTML attribute, or for XML.
pub fn attr(s: &str) -> String {
    replacing(s, Escapes::Attr)
}

/// [`attr`], written into `out` rather than returned: templates escape every value they print
/// this way, with no String per value.
pub fn write_attr(s: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    try_replacing(s, Escapes::Attr, |piece| out.write_all(piece.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_context_gets_its_escapes_and_other_text_is_kept() {
        assert_eq!(text("a<b>&\"'한"), "a&lt;b&gt;&amp;\"'한");
        assert_eq!(attr("a<b>&\"'한"), "a&lt;b&gt;&amp;&quot;&#39;한");
        assert_eq!(text("plain"), "plain");
    }

    /// Each byte tested in turn, as the loop was before the vector search.
    fn byte_by_byte(s: &str, entity: fn(u8) -> Option<&'static str>) -> String {
        let mut out = String::new();
        for c in s.chars() {
            match u8::try_from(c).ok().and_then(entity) {
                Some(e) => out.push_str(e),
                None => out.push(c),
            }
        }
        out
    }

    #[test]
    fn the_vector_search_agrees_with_the_byte_loop() {
        // Texts made of every escaped byte, plain runs of several lengths (memchr reads in
        // blocks of 16 and 32 bytes) and multi-byte characters, in a fixed random order; from
        // empty to hundreds of bytes, so both the short texts' byte loop and the search run.
        let pieces = ["&", "<", ">", "\"", "'", "a", "한", "plain text ", "0123456789abcdefghijklmnopqrstuv", "é"];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            let mut s = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for k in 0..(seed % 40) {
                s.push_str(pieces[((seed >> (k % 50)) as usize + k as usize) % pieces.len()]);
            }
            assert_eq!(text(&s), byte_by_byte(&s, text_entity), "{s:?}");
            assert_eq!(attr(&s), byte_by_byte(&s, attr_entity), "{s:?}");
            let mut written = Vec::new();
            write_attr(&s, &mut written).unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), attr(&s), "{s:?}");
        }
    }
}
