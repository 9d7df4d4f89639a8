//! The `[xref] uid` rule: a uid made from front matter keys for pages that declare none,
//! `"{Module Name}.{title}"` for a PowerShell reference set. Keys may hold spaces and dots.

use serde_json::{Map, Value};

/// A piece of a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Text copied as it is.
    Text(String),
    /// The value of a front matter key (`title` is the page title).
    Key(String),
}

/// A parsed rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UidRule {
    /// Its pieces, in order.
    pub pieces: Vec<Piece>,
}

/// A rule that does not parse: what is wrong, at which byte of the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// Byte offset in the rule text.
    pub at: usize,
    /// What is wrong.
    pub message: String,
}

impl UidRule {
    /// Parses `text`: `{key}` names a front matter key, everything else is literal.
    pub fn parse(text: &str) -> Result<UidRule, RuleError> {
        let err = |at: usize, message: &str| Err(RuleError { at, message: message.to_string() });
        let mut pieces = Vec::new();
        let mut literal = String::new();
        let mut chars = text.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '{' => {
                    let close = match text[i + 1..].find(['{', '}']) {
                        Some(j) if text.as_bytes()[i + 1 + j] == b'}' => i + 1 + j,
                        Some(j) => return err(i + 1 + j, "a `{` inside a key; keys cannot nest"),
                        None => return err(i, "this `{` is never closed; write `{key}`"),
                    };
                    let key = text[i + 1..close].trim();
                    if key.is_empty() {
                        return err(i, "`{}` names no key; write a front matter key inside, such as `{title}`");
                    }
                    if !literal.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut literal)));
                    }
                    pieces.push(Piece::Key(key.to_string()));
                    // Skip to the closing brace.
                    for (k, _) in chars.by_ref() {
                        if k == close {
                            break;
                        }
                    }
                }
                '}' => return err(i, "a `}` with no `{` before it"),
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            pieces.push(Piece::Text(literal));
        }
        if !pieces.iter().any(|p| matches!(p, Piece::Key(_))) {
            return err(0, "the rule names no front matter key, so every page would get the same uid");
        }
        Ok(UidRule { pieces })
    }

    /// The uid of a page with this front matter and title; None when it lacks a key the rule
    /// names (or the key's value is not text).
    pub fn apply(&self, meta: &Map<String, Value>, title: &str) -> Option<String> {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Key(k) if k == "title" => out.push_str(title),
                Piece::Key(k) => match meta.get(k)? {
                    Value::String(s) if !s.trim().is_empty() => out.push_str(s.trim()),
                    Value::Number(n) => out.push_str(&n.to_string()),
                    _ => return None,
                },
            }
        }
        Some(out)
    }
}
