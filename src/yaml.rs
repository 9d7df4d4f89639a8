//! The one place that knows the YAML library. serde_yaml is archived upstream; a maintained
//! fork (serde_yml, serde_norway, ...) replaces it by changing this file alone.

use serde_json::{Map, Number, Value};

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

/// Parses a front-matter block into a mapping of keys to values, keeping each value's YAML type.
/// An empty block is an empty mapping; anything but a mapping at the top is an error.
pub fn parse_mapping(text: &str) -> Result<Map<String, Value>, YamlError> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let (line, col) = e.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
        explain(text, &e.to_string(), line, col)
    })?;
    match value {
        serde_yaml::Value::Null => Ok(Map::new()),
        serde_yaml::Value::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                out.insert(key_string(&k), to_json(v));
            }
            Ok(out)
        }
        other => Err(YamlError {
            line: 1,
            col: 1,
            message: format!("front matter must be `key: value` lines, not a {}", kind(&other)),
        }),
    }
}

/// Parses any YAML document (a `toc.yml` list, say) keeping each value's type.
pub fn parse_value(text: &str) -> Result<Value, YamlError> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let (line, col) = e.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
        explain(text, &e.to_string(), line, col)
    })?;
    Ok(to_json(value))
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

fn kind(v: &serde_yaml::Value) -> &'static str {
    match v {
        serde_yaml::Value::Sequence(_) => "list",
        serde_yaml::Value::Mapping(_) => "mapping",
        serde_yaml::Value::Tagged(_) => "tagged value",
        _ => "single value",
    }
}

fn key_string(k: &serde_yaml::Value) -> String {
    match k {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Null => "null".into(),
        other => serde_yaml::to_string(other).unwrap_or_default().trim().to_string(),
    }
}

fn to_json(v: serde_yaml::Value) -> Value {
    match v {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Number(i.into())
            } else if let Some(u) = n.as_u64() {
                Value::Number(u.into())
            } else {
                n.as_f64().and_then(Number::from_f64).map(Value::Number).unwrap_or(Value::Null)
            }
        }
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(seq) => Value::Array(seq.into_iter().map(to_json).collect()),
        serde_yaml::Value::Mapping(m) => {
            Value::Object(m.into_iter().map(|(k, v)| (key_string(&k), to_json(v))).collect())
        }
        serde_yaml::Value::Tagged(t) => to_json(t.value),
    }
}

/// Turns libyaml's "PROBLEM at line L column C, while CONTEXT at line L2 column C2" into a
/// message without positions, placed where the author must look: for an unclosed quote that is
/// where the quote opens, not the end of the block where the parser gave up.
fn explain(text: &str, msg: &str, line: usize, col: usize) -> YamlError {
    let mut e = explain_at_parser_position(msg, line, col);
    (e.line, e.col) = position(text, e.line, e.col);
    e
}

fn explain_at_parser_position(msg: &str, line: usize, col: usize) -> YamlError {
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
    fn a_list_is_not_front_matter() {
        assert!(parse_mapping("- a\n- b\n").unwrap_err().message.contains("list"));
    }
}
