//! The one place that knows the YAML library. serde_yaml is archived upstream; a maintained
//! fork replaces it by changing this file alone (which one, and what to check: docs/dependencies.md).

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::cell::Cell;
use std::fmt;

/// A YAML syntax or shape error, positioned inside the YAML text (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// Line in the YAML text, 1-based.
    pub line: usize,
    /// Column in the YAML text, 1-based.
    pub col: usize,
    /// The parser's message, without its own position suffix.
    pub message: String,
}

/// Values a document may hold beyond one per byte of its text. Without aliases a document
/// holds fewer values than bytes; aliases (`*name`) repeat what their anchor holds, and a few
/// lines of them ("billion laughs") would otherwise expand into billions of values and fill
/// the memory. serde_yaml's own guard counts jumps, not values: 24 KB of front matter took
/// 54 s and 23 GB before it.
const EXTRA_VALUES: usize = 10_000;

/// Parses a front-matter block into a mapping of keys to values, keeping each value's YAML type.
/// An empty block is an empty mapping; anything but a mapping at the top is an error.
pub fn parse_mapping(text: &str) -> Result<Map<String, Value>, YamlError> {
    // Plain `key: text` lines, most front matter, are read without the library (see yaml_flat).
    if let Some(mapping) = super::yaml_flat::read(text) {
        return Ok(mapping);
    }
    library_mapping(text)
}

/// [`parse_mapping`] through the library alone.
fn library_mapping(text: &str) -> Result<Map<String, Value>, YamlError> {
    match parse_value(text)? {
        Value::Null => Ok(Map::new()),
        Value::Object(m) => Ok(m),
        other => Err(YamlError {
            line: 1,
            col: 1,
            message: format!("front matter must be `key: value` lines, not a {}", kind(&other)),
        }),
    }
}

/// Parses any YAML document (a `toc.yml` list, say) keeping each value's type.
pub fn parse_value(text: &str) -> Result<Value, YamlError> {
    let budget = Budget { left: Cell::new(text.len() + EXTRA_VALUES) };
    let de = serde_yaml::Deserializer::from_str(text);
    Node { budget: &budget }.deserialize(de).map_err(|e| {
        let (line, col) = e.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
        explain(text, &e.to_string(), line, col)
    })
}

/// A parser position (1-based line and column, in characters) as the rest of guidebook counts
/// lines. The parser also breaks lines at a lone `\r`, U+0085, U+2028 and U+2029, so its own
/// line numbers can point past the end of a file that has those (found by fuzzing).
fn position(text: &str, line: usize, col: usize) -> (usize, usize) {
    let mut starts = vec![0];
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let crlf = c == '\r' && matches!(chars.peek(), Some((_, '\n')));
        if !crlf && matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}') {
            starts.push(i + c.len_utf8());
        }
    }
    let start = starts[line.clamp(1, starts.len()) - 1];
    let offset = text[start..].char_indices().nth(col.saturating_sub(1)).map_or(text.len(), |(i, _)| start + i);
    crate::diagnostics::LineStarts::new(text).position(text, offset)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Array(_) => "list",
        Value::Object(_) => "mapping",
        _ => "single value",
    }
}

/// How many more values the document may produce.
struct Budget {
    left: Cell<usize>,
}

/// The message of the budget's error, told apart from the parser's own in [`explain`].
const TOO_MANY: &str = "aliases expand into too many values";

impl Budget {
    fn spend<E: de::Error>(&self) -> Result<(), E> {
        match self.left.get().checked_sub(1) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => Err(E::custom(TOO_MANY)),
        }
    }
}

/// One YAML node read straight into a JSON value, each value paid for from the budget, so an
/// alias bomb stops at the first value over it instead of after it has filled the memory.
#[derive(Clone, Copy)]
struct Node<'b> {
    budget: &'b Budget,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        self.budget.spend()?;
        Ok(Value::Bool(b))
    }
    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Value, E> {
        self.budget.spend()?;
        Ok(Value::Number(i.into()))
    }
    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Value, E> {
        self.budget.spend()?;
        Ok(Value::Number(u.into()))
    }
    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
        self.budget.spend()?;
        Ok(Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        self.budget.spend()?;
        Ok(Value::String(s.to_owned()))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Value, E> {
        self.budget.spend()?;
        Ok(Value::String(s))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.budget.spend()?;
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.budget.spend()?;
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(self)? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.budget.spend()?;
        let mut out = Map::new();
        // Keys as YAML typed them: `1` and `"1"` are different keys, though both print as 1.
        // A string key is its text after an `s`, any other its JSON after a `v`: the JSON of a
        // string key (through `Display`, quoted and escaped) cost more than the rest of the check.
        let mut seen = rustc_hash::FxHashSet::default();
        while let Some(k) = map.next_key_seed(self)? {
            let typed = match &k {
                Value::String(s) => ["s", s].concat(),
                other => format!("v{other}"),
            };
            if !seen.insert(typed) {
                return Err(de::Error::custom(format_args!("{DUPLICATE}{k}")));
            }
            let v = map.next_value_seed(self)?;
            out.insert(key_string(&k), v);
        }
        Ok(Value::Object(out))
    }
    /// A tagged value (`!Ref x`): the tag is dropped, the value kept.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_tag, contents): (String, _) = data.variant()?;
        contents.newtype_variant_seed(self)
    }
}

fn key_string(k: &Value) -> String {
    match k {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The first line (0-based) that sets the top-level `key` (at the start of the line: a nested
/// `key:` belongs to another key), with the 1-based column of its value. One rule for every
/// diagnostic that points at a front matter key (dates, `uid`, i18n checks).
pub fn top_level_key(text: &str, key: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, l)| {
        let rest = l.strip_prefix(key)?.trim_start().strip_prefix(':')?;
        Some((i, l.len() - rest.trim_start().len() + 1))
    })
}

/// Where each value of `key` is written (`key: value`, `- key: value`, `{a: 1, key: value}`),
/// in document order: the value as text, and its 1-based line and column (in characters;
/// inside the quotes of a quoted value). serde_yaml keeps no marks of the values it returns,
/// so this is a scan; what it cannot read alone on its line (a block scalar, a value continued
/// on the next line, a quoted value with escapes) has the text the scan saw, which the caller's
/// parsed value then does not match.
pub fn key_values(text: &str, key: &str) -> Vec<(String, usize, usize)> {
    let spellings = [key.to_string(), format!("\"{key}\""), format!("'{key}'")];
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        for (i, _) in line.char_indices() {
            let before = line[..i].trim_end_matches(' ');
            let in_flow = before.ends_with(['{', ',']);
            if !(before.is_empty() || before.ends_with('-') || in_flow) {
                continue;
            }
            let Some(rest) = spellings.iter().find_map(|k| line[i..].strip_prefix(k.as_str())) else { continue };
            let Some(after) = rest.trim_start_matches(' ').strip_prefix(':') else { continue };
            if !(after.is_empty() || after.starts_with([' ', '\t'])) {
                continue;
            }
            let value = after.trim_start_matches([' ', '\t']);
            let start = line.len() - value.len();
            let (start, raw) = match value.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let inner = &value[1..];
                    (start + 1, inner.find(q).map_or(inner, |end| &inner[..end]))
                }
                _ => {
                    let end = value.find(" #").unwrap_or(value.len());
                    let end = if in_flow { value[..end].find([',', '}']).unwrap_or(end) } else { end };
                    (start, value[..end].trim_end())
                }
            };
            if !raw.is_empty() {
                out.push((raw.to_string(), n + 1, line[..start].chars().count() + 1));
            }
        }
    }
    out
}

/// Turns libyaml's "PROBLEM at line L column C, while CONTEXT at line L2 column C2" into a
/// message without positions, placed where the author must look: for an unclosed quote that is
/// where the quote opens, not the end of the block where the parser gave up.
fn explain(text: &str, msg: &str, line: usize, col: usize) -> YamlError {
    let mut e = explain_at_parser_position(msg, line, col);
    (e.line, e.col) = position(text, e.line, e.col);
    if let Some(key) = e.message.split_once(DUPLICATE).map(|(_, k)| k.to_string()) {
        // The parser places the error at the mapping; the author needs the second key.
        let name = serde_json::from_str::<String>(&key).unwrap_or(key);
        let hits = key_positions(text, e.line, e.col, &name);
        // No line in the message: callers shift `line` into their file, not the text.
        e.message = format!("duplicate key `{name}`, already set above in the same mapping: keep one of them");
        if let [_, second, ..] = hits[..] {
            (e.line, e.col) = second;
        }
    }
    e
}

/// The start of the visitor's duplicate-key message, before the key as JSON.
const DUPLICATE: &str = "duplicate entry with key ";

/// Where `key` is written as a key in the mapping that starts at (`line`, `col`) (1-based,
/// characters): in a block mapping, the lines at that indentation until the mapping ends; in a
/// flow mapping (`{a: 1, a: 2}`), the rest of that line.
fn key_positions(text: &str, line: usize, col: usize, key: &str) -> Vec<(usize, usize)> {
    let spellings = [key.to_string(), format!("\"{key}\""), format!("'{key}'")];
    let is_key_at = |rest: &str| {
        spellings.iter().any(|k| rest.strip_prefix(k.as_str()).is_some_and(|r| r.trim_start().starts_with(':')))
    };
    let lines: Vec<&str> = text.lines().collect();
    let Some(first) = lines.get(line.saturating_sub(1)) else { return Vec::new() };
    let start: String = first.chars().skip(col.saturating_sub(1)).collect();
    let mut hits = Vec::new();
    if start.starts_with('{') {
        let mut prev = '{';
        for (i, c) in start.char_indices() {
            if matches!(prev, '{' | ',' | ' ') && is_key_at(&start[i..]) {
                hits.push((line, col + start[..i].chars().count()));
            }
            prev = c;
        }
        return hits;
    }
    let indent = col - 1;
    for (n, l) in lines.iter().enumerate().skip(line - 1) {
        let body = l.trim_start_matches(' ');
        let depth = l.len() - body.len();
        if body.is_empty() || body.starts_with('#') || depth > indent {
            continue;
        }
        // The first line may hold a `- ` before the mapping's first key.
        let at = if n + 1 == line { start.as_str() } else { body };
        if n + 1 != line && depth < indent {
            break;
        }
        if is_key_at(at) {
            hits.push((n + 1, if n + 1 == line { col } else { depth + 1 }));
        }
    }
    hits
}

/// [`explain`] with the parser's own line and column.
fn explain_at_parser_position(msg: &str, line: usize, col: usize) -> YamlError {
    // Limits that guard against hostile text, told in the author's terms (serde_yaml prefixes
    // a path to the value, such as `c[3].*b[0]: `, which is noise here).
    if msg.contains(TOO_MANY) || msg.contains("repetition limit exceeded") {
        let message = "aliases (`*name`) expand into too many values: each repeats everything its anchor \
                       (`&name`) holds, and these repeat each other"
            .to_string();
        return YamlError { line, col, message };
    }
    if msg.contains("recursion limit exceeded") {
        return YamlError { line, col, message: "values nest more than 128 levels deep".into() };
    }
    let problem = msg.split(" at line ").next().unwrap_or(msg).to_string();
    let context = msg.split_once(", while ").map(|(_, c)| c);
    let context_pos = context.and_then(|c| {
        let rest = c.split_once(" at line ")?.1;
        let (l, rest) = rest.split_once(" column ")?;
        let c: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some((l.trim().parse().ok()?, c.parse().ok()?))
    });
    match (context, context_pos) {
        (Some(c), Some((l, c_col))) if c.starts_with("scanning a quoted scalar") => YamlError {
            line: l,
            col: c_col,
            message: "unclosed quote: this value's opening quote has no closing quote".into(),
        },
        // A bracket or brace never closed: the parser notices at the end of the block, but the
        // author must look where the list or mapping opened.
        (Some(c), Some((l, c_col))) if c.starts_with("parsing a flow") => {
            let what = c.split(" at line ").next().unwrap_or(c);
            YamlError { line: l, col: c_col, message: format!("{problem} (while {what} that starts here)") }
        }
        (Some(c), _) => {
            let what = c.split(" at line ").next().unwrap_or(c);
            YamlError { line, col, message: format!("{problem} (while {what})") }
        }
        _ => YamlError { line, col, message: problem },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_values_are_found_in_document_order_where_written() {
        let text = "- name: see a.md\n  href: a.md\n- {name: B, href: 'b.md', x: 1}\n-   href:  \"가.md\" # note\n  items:\n  - href: a.md#x\n";
        let found = key_values(text, "href");
        let want = [("a.md", 2, 9), ("b.md", 3, 20), ("가.md", 4, 13), ("a.md#x", 6, 11)];
        let found: Vec<(&str, usize, usize)> = found.iter().map(|(v, l, c)| (v.as_str(), *l, *c)).collect();
        assert_eq!(found, want);
        // A key only as part of a value, or a longer key, is not the key.
        assert!(key_values("name: href: x\nhrefs: y\n", "href").is_empty());
    }

    #[test]
    fn values_keep_their_yaml_types() {
        let m = parse_mapping("ms.date: 04/01/2019\norder: 3\ndraft: false\neditor:\ntags: [a, b]\n").unwrap();
        assert_eq!(m["ms.date"], Value::String("04/01/2019".into()));
        assert_eq!(m["order"], Value::Number(3.into()));
        assert_eq!(m["draft"], Value::Bool(false));
        assert_eq!(m["editor"], Value::Null);
        assert_eq!(m["tags"], serde_json::json!(["a", "b"]));
    }

    #[test]
    fn errors_are_positioned_in_the_yaml_text() {
        let e = parse_mapping("title: ok\ndescription: \"unclosed\nauthor: x\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 14), "{e:?}");
        assert!(e.message.contains("unclosed quote"), "{e:?}");
        let e = parse_mapping("title: ok\n\tbad: tab\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 1), "{e:?}");
    }

    #[test]
    fn an_alias_bomb_stops_at_the_budget_with_a_position() {
        // Nine levels of nine aliases each: 387 million values if expanded.
        let mut text = String::from("title: x\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
            text.push_str(&format!("{name}: &{name} [{}]\n", vec![format!("*{prev}"); 9].join(", ")));
        }
        let e = parse_mapping(&text).unwrap_err();
        assert!(e.message.starts_with("aliases (`*name`) expand into too many values"), "{e:?}");
        assert!(e.line >= 2, "{e:?}");
        // A few aliases are fine.
        let m = parse_mapping("base: &b {x: 1}\ncopy: *b\n").unwrap();
        assert_eq!(m["copy"], serde_json::json!({"x": 1}));
    }

    #[test]
    fn tags_are_dropped_and_duplicate_keys_refused() {
        let m = parse_mapping("title: !Ref Home\n1: one\n").unwrap();
        assert_eq!((&m["title"], &m["1"]), (&Value::String("Home".into()), &Value::String("one".into())));
        let e = parse_mapping("title: a\ntitle: b\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 1), "{e:?}");
        assert!(e.message.starts_with("duplicate key `title`, already set above"), "{e:?}");
        // Keys as typed: `1` and `"1"` are two keys, `1` twice is one key set twice.
        assert!(parse_mapping("1: a\n\"1\": b\n").is_ok());
        assert!(parse_mapping("1: a\n1: b\n").is_err());
        assert!(parse_mapping("true: a\n\"true\": b\n").is_ok());
        let e = parse_mapping(&format!("x: {}{}\n", "[".repeat(500), "]".repeat(500))).unwrap_err();
        assert!(e.message.contains("levels deep"), "{e:?}");
    }

    #[test]
    fn a_duplicate_key_is_placed_at_the_duplicate() {
        let e = parse_mapping("title: a\nother: 1\n# note\ntitle: b\nx: 2\n").unwrap_err();
        assert_eq!((e.line, e.col), (4, 1), "{e:?}");
        let e = parse_mapping("a:\n  b: 1\n  c:\n    b: 9\n  \"b\": 3\n").unwrap_err();
        assert_eq!(
            (e.line, e.col, e.message.as_str()),
            (5, 3, "duplicate key `b`, already set above in the same mapping: keep one of them")
        );
        let e = parse_mapping("x: {a: 1, b: 2, a: 3}\n").unwrap_err();
        assert_eq!((e.line, e.col), (1, 17), "{e:?}");
        let e = parse_mapping("list:\n  - name: a\n    name: b\n").unwrap_err();
        assert_eq!((e.line, e.col), (3, 5), "{e:?}");
    }

    /// A document of `lines` lines, each `key: value` built from the pools, as a seeded
    /// generator picks them (keys repeat, values are every kind YAML has).
    fn random_document(seed: &mut u64, lines: usize) -> String {
        const KEYS: &[&str] = &["title", "ms.date", "a-b", "_x", "x", "Title", "y", "on", "1", "k.2", "\"q\"", " ind"];
        const VALUES: &[&str] = &[
            "",
            " ",
            "text",
            "two words",
            "06/11/2021",
            "2021-06-11",
            "3",
            "-3",
            "+3",
            "0x1F",
            "0o17",
            "1e3",
            "1.5",
            ".5",
            ".inf",
            "-.Inf",
            ".NaN",
            "nan",
            "inf",
            "1_000",
            "12:30",
            "true",
            "False",
            "yes",
            "No",
            "on",
            "y",
            "~",
            "null",
            "NULL",
            "\"quoted\"",
            "\"with \\\" escape\"",
            "'single'",
            "'it''s'",
            "\"unclosed",
            "a: b",
            "a #c",
            "a#c",
            "C#",
            "a:b",
            "a:",
            "-",
            "- x",
            "-x",
            "[a, b]",
            "{a: 1}",
            "&anchor x",
            "*alias",
            "!tag x",
            "|",
            ">",
            "%x",
            "@x",
            "`x",
            "?",
            "? x",
            ":x",
            ",x",
            "a, b",
            "포털 관리",
            "é",
            "a\tb",
            "\ta",
            "a\u{85}b",
            "a\u{2028}b",
            "\u{feff}x",
            "'a' ",
            "\"a\" #c",
            "3 steps",
            "1/2",
            "x \"y\"",
            "it's",
            "a\\b",
            "#",
            "\"\"",
            "''",
        ];
        const SEPARATORS: &[&str] = &[": ", ":", ":  ", ": \t", " : "];
        let mut pick = |n: usize| {
            *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (*seed >> 33) as usize % n
        };
        let mut text = String::new();
        for _ in 0..lines {
            match pick(12) {
                0 => text.push_str("# a comment"),
                1 => text.push_str("  - item"),
                _ => {
                    text.push_str(KEYS[pick(KEYS.len())]);
                    text.push_str(SEPARATORS[pick(SEPARATORS.len())]);
                    text.push_str(VALUES[pick(VALUES.len())]);
                }
            }
            text.push_str(["\n", "\r\n", "\n\n"][pick(3)]);
        }
        text
    }

    #[test]
    fn the_plain_line_reader_agrees_with_the_library() {
        let mut seed = 7;
        let mut read = 0;
        for n in 0..40_000 {
            let text = random_document(&mut seed, 1 + n % 4);
            if let Some(fast) = crate::text::yaml_flat::read(&text) {
                read += 1;
                assert_eq!(Ok(fast), library_mapping(&text), "{text:?}");
            }
        }
        // Most documents hold something the reader leaves to the library; enough do not.
        assert!(read > 1_000, "{read} documents read without the library");
    }

    /// Every front matter of the example site, the test fixtures and (when ../shared is
    /// beside the repository) the Azure corpus: what the plain-line reader reads, it reads as
    /// the library does.
    #[test]
    fn the_plain_line_reader_agrees_with_the_library_on_the_corpora() {
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let shared = repo.join("../shared/corpora");
        if !shared.is_dir() {
            assert!(std::env::var_os("GUIDEBOOK_REQUIRE_SHARED").is_none(), "../shared is missing");
            eprintln!("SKIPPED the Azure corpus part: ../shared is not beside the repository");
        }
        let (mut pages, mut read) = (0, 0);
        for dir in [repo.join("content"), repo.join("tests/fixtures"), shared] {
            for entry in walkdir::WalkDir::new(&dir).into_iter().filter_map(Result::ok) {
                let path = entry.path();
                // Markdown pages only, told by name before any file is read.
                if path.extension().is_none_or(|e| e != "md") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(path) else { continue };
                let Some(yaml) = crate::text::frontmatter::split(&text, path).ok().and_then(|s| s.yaml) else {
                    continue;
                };
                pages += 1;
                if let Some(fast) = crate::text::yaml_flat::read(yaml) {
                    read += 1;
                    assert_eq!(Ok(fast), library_mapping(yaml), "{}", path.display());
                }
            }
        }
        assert!(read * 2 > pages, "{read} of {pages} front matters read without the library");
    }

    #[test]
    fn a_list_is_not_front_matter() {
        assert!(parse_mapping("- a\n- b\n").unwrap_err().message.contains("list"));
    }
}
