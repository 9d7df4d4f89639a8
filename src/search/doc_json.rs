//! The documents files of a search index (`d<n>.json`), written by hand: the same bytes as
//! serde_json writes for [`DocumentJson`] with `<`, `>` and `&` also escaped (so the JSON stays
//! inert wherever it is read, a title such as `</script>` included).
//!
//! Why by hand: serde_json reads a string a byte at a time through a table, and then the
//! inert-HTML pass read each run between escapes again; the documents are ~2 KB a page of
//! titles, headings and excerpts, and that was 2.2 % of a build's instructions (callgrind,
//! 2 x 1,000 pages). Here a string is read eight bytes at a time, and a word with nothing to
//! escape (nearly all of them) is passed over with a few arithmetic operations.

/// A document as the browser shows it: URL, title, and each section's anchor, heading and
/// opening words (fields in this order, the order the index has always had).
pub(super) struct DocumentJson<'a> {
    /// (anchor, heading, excerpt) per section.
    pub s: Vec<(&'a str, &'a str, String)>,
    /// Title.
    pub t: &'a str,
    /// URL.
    pub u: &'a str,
}

impl<'a> DocumentJson<'a> {
    /// What the browser shows of `page`: its sections' anchors, headings and excerpts.
    pub fn new(page: &'a crate::page::Page) -> Self {
        let sections = page
            .sections
            .iter()
            .map(|section| {
                (section.anchor.as_deref().unwrap_or_default(), section.heading.as_str(), super::excerpt(&section.text))
            })
            .collect();
        DocumentJson { s: sections, t: &page.heading, u: &page.url }
    }
}

/// `docs` as a JSON array: `[{"s":[["anchor","heading","excerpt"],...],"t":"...","u":"..."},...]`.
pub(super) fn write(docs: &[DocumentJson<'_>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(docs.len() * 2048);
    out.push(b'[');
    for (n, doc) in docs.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"s\":[");
        for (k, (anchor, heading, excerpt)) in doc.s.iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            out.push(b'[');
            push_string(&mut out, anchor);
            out.push(b',');
            push_string(&mut out, heading);
            out.push(b',');
            push_string(&mut out, excerpt);
            out.push(b']');
        }
        out.extend_from_slice(b"],\"t\":");
        push_string(&mut out, doc.t);
        out.extend_from_slice(b",\"u\":");
        push_string(&mut out, doc.u);
        out.push(b'}');
    }
    out.push(b']');
    out
}

/// `s` as a quoted JSON string.
fn push_string(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut from = 0;
    let mut at = 0;
    while at + 8 <= bytes.len() {
        let word = u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"));
        if may_need_escape(word) {
            for i in at..at + 8 {
                from = push_escaped(out, bytes, from, i);
            }
        }
        at += 8;
    }
    for i in at..bytes.len() {
        from = push_escaped(out, bytes, from, i);
    }
    out.extend_from_slice(&bytes[from..]);
    out.push(b'"');
}

/// When `bytes[i]` is escaped: writes the run before it (from `from`) and its escape, and
/// returns where the next run starts; otherwise returns `from`.
#[inline(always)]
fn push_escaped(out: &mut Vec<u8>, bytes: &[u8], from: usize, i: usize) -> usize {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let b = bytes[i];
    let control: [u8; 6];
    let escape: &[u8] = match b {
        b'"' => b"\\\"",
        b'\\' => b"\\\\",
        b'<' => b"\\u003c",
        b'>' => b"\\u003e",
        b'&' => b"\\u0026",
        0x08 => b"\\b",
        b'\t' => b"\\t",
        b'\n' => b"\\n",
        0x0C => b"\\f",
        b'\r' => b"\\r",
        0x00..=0x1F => {
            control = [b'\\', b'u', b'0', b'0', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xF)]];
            &control
        }
        _ => return from,
    };
    out.extend_from_slice(&bytes[from..i]);
    out.extend_from_slice(escape);
    i + 1
}

/// True when one of the eight bytes of `word` may need an escape (a control character, `"`,
/// `\`, `<`, `>` or `&`). Never false for a word that has one: the zero-byte test below
/// (`(v - 0x01..) & !v & 0x80..`) is nonzero whenever some byte of `v` is zero, and the
/// less-than test whenever some byte is below 0x20. A false alarm only costs a byte-wise look.
#[inline(always)]
fn may_need_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    let found = below_space
        | has_zero(word ^ (ONES * u64::from(b'"')))
        | has_zero(word ^ (ONES * u64::from(b'\\')))
        | has_zero(word ^ (ONES * u64::from(b'<')))
        | has_zero(word ^ (ONES * u64::from(b'>')))
        | has_zero(word ^ (ONES * u64::from(b'&')));
    found != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the documents were written with before: serde_json, with `<`, `>` and `&` in its
    /// string fragments escaped. The hand-written writer must give the same bytes.
    struct InertJson;

    impl serde_json::ser::Formatter for InertJson {
        fn write_string_fragment<W: ?Sized + std::io::Write>(
            &mut self,
            w: &mut W,
            fragment: &str,
        ) -> std::io::Result<()> {
            let inert = fragment.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026");
            w.write_all(inert.as_bytes())
        }
    }

    #[derive(serde::Serialize)]
    struct Reference<'a> {
        s: &'a [(&'a str, &'a str, String)],
        t: &'a str,
        u: &'a str,
    }

    fn by_serde(docs: &[DocumentJson<'_>]) -> Vec<u8> {
        let docs: Vec<Reference> = docs.iter().map(|d| Reference { s: &d.s, t: d.t, u: d.u }).collect();
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, InertJson);
        serde::Serialize::serialize(&docs, &mut ser).unwrap();
        out
    }

    #[test]
    fn documents_are_inert_in_html_and_keep_json_escapes() {
        let doc = DocumentJson {
            s: vec![("a\"b", "<h> & \\", "tab\there\u{1}".to_string())],
            t: "</script><!--",
            u: "/ko-kr/게시/",
        };
        let want = r#"[{"s":[["a\"b","\u003ch\u003e \u0026 \\","tab\there\u0001"]],"t":"\u003c/script\u003e\u003c!--","u":"/ko-kr/게시/"}]"#;
        assert_eq!(String::from_utf8(write(&[doc])).unwrap(), want);
    }

    #[test]
    fn every_byte_at_every_place_in_a_word_is_written_as_serde_json_writes_it() {
        // Each ASCII byte (controls, quotes, markup and plain) at each of the offsets of an
        // eight-byte word and in the tail after the last whole word, among Korean and Latin text.
        let mut texts: Vec<String> = Vec::new();
        for b in 0u8..0x80 {
            for pad in 0..17 {
                let c = char::from(b);
                texts.push(format!("{}{c}{}", "x".repeat(pad), "게시판".repeat(pad % 3)));
                texts.push(format!("{c}{c}{}{c}", "y".repeat(pad)));
            }
        }
        texts.extend(["", "plain words only", "한국어 텍스트", "\u{7f}\u{80}\u{ff}\u{2028}é"].map(String::from));
        let docs: Vec<DocumentJson> = texts
            .chunks(3)
            .map(|c| DocumentJson {
                s: c.iter().map(|t| (t.as_str(), t.as_str(), t.clone())).collect(),
                t: &c[0],
                u: c.last().map(String::as_str).unwrap_or_default(),
            })
            .collect();
        assert_eq!(String::from_utf8(write(&docs)).unwrap(), String::from_utf8(by_serde(&docs)).unwrap());
        let empty = [DocumentJson { s: Vec::new(), t: "", u: "" }];
        assert_eq!(write(&empty), by_serde(&empty));
        assert_eq!(write(&[]), by_serde(&[]));
    }
}
