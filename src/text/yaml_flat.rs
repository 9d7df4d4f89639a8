//! Front matter of plain `key: text` lines, read without the YAML library.
//!
//! Most front matter is only that (the Azure corpus: 51 of its 60 pages; the benchmark corpus:
//! every page), and the library took ~12 µs a page to read it, 5 % of a 20,000-page build
//! (perf): its parser builds a list of events, then a deserializer walks them. This reader
//! answers only where it is sure what YAML means and otherwise says `None`, and the caller
//! asks the library ([`super::yaml`]), which stays the reference: a test compares the two on
//! generated documents, and another on every page of the corpora.
//!
//! Read here: lines `key: value` at the start of the line, blank lines and `#` comment lines.
//! A key is a name (a letter or `_`, then letters, digits, `_`, `.` and `-`). A value is text
//! in double quotes without a backslash, in single quotes without a quote inside, or plain text
//! that YAML cannot read as anything but a string; nothing (`key:`) is null. Anything else
//! (lists, nesting, numbers, booleans, escapes, anchors, tags, tabs, a key given twice) is the
//! library's.

use serde_json::{Map, Value};

/// Plain words YAML (1.1 or 1.2) may read as a boolean, null or number: left to the library.
const TYPED_WORDS: &[&str] = &["true", "false", "null", "yes", "no", "on", "off", "y", "n", "inf", "infinity", "nan"];

/// The mapping a front-matter block of plain `key: text` lines holds, or `None` when the block
/// holds anything this reader leaves to the library.
pub fn read(text: &str) -> Option<Map<String, Value>> {
    let mut out = Map::new();
    for line in text.split('\n') {
        // A CRLF file's lines end in `\r`; a `\r` anywhere else is refused below.
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, rest) = line.split_once(':')?;
        if !is_plain_key(key) || out.contains_key(key) {
            return None;
        }
        let value = match rest.strip_prefix(' ') {
            Some(rest) => value(rest)?,
            None if rest.is_empty() => Value::Null,
            None => return None,
        };
        out.insert(key.to_string(), value);
    }
    Some(out)
}

/// A key YAML reads as the same string (not a number, boolean or null), and short enough to be
/// one: YAML ends a key without `?` at 1024 characters, and libyaml refuses a longer one.
fn is_plain_key(key: &str) -> bool {
    if key.len() > 1000 {
        return false;
    }
    let mut bytes = key.bytes();
    let starts = bytes.next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_');
    starts
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        && !TYPED_WORDS.iter().any(|w| key.eq_ignore_ascii_case(w))
}

/// The value after `key: `: a string, or null for nothing but spaces.
fn value(text: &str) -> Option<Value> {
    let text = text.trim_start_matches(' ');
    if !text.chars().all(is_printable) {
        return None;
    }
    let quoted = |q: char| {
        let inner = text.strip_prefix(q)?;
        let end = inner.find(q)?;
        // Only spaces after the closing quote (a second quote is an escape, `#` a comment).
        let (inner, after) = (&inner[..end], &inner[end + 1..]);
        (after.bytes().all(|b| b == b' ') && (q == '\'' || !inner.contains('\\'))).then(|| Value::String(inner.into()))
    };
    match text.chars().next() {
        None => Some(Value::Null),
        Some(q @ ('"' | '\'')) => quoted(q),
        Some(_) => plain(text.trim_end_matches(' ')).map(|s| Value::String(s.into())),
    }
}

/// Plain (unquoted) text, if YAML reads it as this very string.
fn plain(text: &str) -> Option<&str> {
    // An indicator first: a list item, a flow list or mapping, an anchor, alias or tag, a block
    // scalar, a reserved character, a comment, or a complex key.
    if text.starts_with(['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`', '~']) {
        return None;
    }
    // `: ` would start a mapping and ` #` a comment; a final `:` ends a key.
    if text.contains(": ") || text.contains(" #") || text.ends_with(':') {
        return None;
    }
    // What could be a number (`3`, `-1.5e3`, `0x1F`, `.inf`, `1_000`, `12:30`) or a boolean or
    // null word is typed by the library; any other character (a space, `/`) makes it text.
    let number_like = text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.' | b'_' | b':'));
    let typed = text.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.'))
        || TYPED_WORDS.iter().any(|w| text.eq_ignore_ascii_case(w));
    (!(number_like && typed)).then_some(text)
}

/// A character YAML allows in a one-line value as it is: no tab, control character, line
/// break of its own (U+2028, U+2029; U+0085 is a control character), byte-order mark or
/// non-character.
fn is_printable(c: char) -> bool {
    !(c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'))
}

#[cfg(test)]
mod tests {
    use super::read;
    use serde_json::json;

    #[test]
    fn plain_key_text_lines_are_read() {
        let m = read(
            "title: \"구성 내보내기\"\nms.date: 06/11/2021\nms.topic: reference\n# a note\n\nauthor: 'a b'\neditor:\n",
        )
        .unwrap();
        assert_eq!(
            serde_json::Value::Object(m),
            json!({"title": "구성 내보내기", "ms.date": "06/11/2021", "ms.topic": "reference", "author": "a b", "editor": null})
        );
        let m = read("title: Notes on C# and a:b  \r\ndescription: The \"best\" way, {really}\r\n").unwrap();
        assert_eq!(m["title"], json!("Notes on C# and a:b"));
        assert_eq!(m["description"], json!("The \"best\" way, {really}"));
    }

    #[test]
    fn what_yaml_may_read_otherwise_is_left_to_the_library() {
        for text in [
            "order: 3",
            "draft: false",
            "draft: Yes",
            "v: 1.5",
            "v: .inf",
            "v: 0x1F",
            "v: 2024-04-05",
            "v: 12:30",
            "v: ~",
            "v: -x",
            "v: [a, b]",
            "v: {a: 1}",
            "v: &a x",
            "v: *a",
            "v: !tag x",
            "v: |",
            "v: a: b",
            "v: a #c",
            "v: a:",
            "v: \"a\\tb\"",
            "v: 'it''s'",
            "v: \"a\" #c",
            "v: a\tb",
            "v:\ta",
            "v:a",
            "1: one",
            "true: x",
            " v: x",
            "v: x\n  more",
            "v:\n  - a",
            "v:\n- a",
            "v: x\nv: y",
            "---",
            "v: a\u{2028}b",
            "v: a\rb",
            "\"v\": x",
            &format!("{}: x", "k".repeat(1030)),
        ] {
            assert_eq!(read(text), None, "{text:?}");
        }
    }
}
