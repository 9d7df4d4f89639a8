//! PowerShell: comments (`#`, `<# #>`), strings and here-strings, `$variables`, `-Parameters`
//! and `-operators`, `[Type]` literals, `Verb-Noun` cmdlets and keywords.

use super::scan::{ident_end, is_ident, is_ident_start, line_end, number_end, past, utf8_len, Emit};
use hl_lite::Kind;

const KEYWORDS: &[&str] = &[
    "begin",
    "break",
    "catch",
    "class",
    "continue",
    "data",
    "do",
    "dynamicparam",
    "else",
    "elseif",
    "end",
    "enum",
    "exit",
    "filter",
    "finally",
    "for",
    "foreach",
    "function",
    "if",
    "in",
    "param",
    "process",
    "return",
    "switch",
    "throw",
    "trap",
    "try",
    "until",
    "using",
    "while",
    "workflow",
];
const OPERATORS: &[&str] = &[
    "eq",
    "ne",
    "gt",
    "ge",
    "lt",
    "le",
    "like",
    "notlike",
    "match",
    "notmatch",
    "contains",
    "notcontains",
    "in",
    "notin",
    "replace",
    "and",
    "or",
    "xor",
    "not",
    "band",
    "bor",
    "split",
    "join",
    "is",
    "isnot",
    "as",
    "f",
    "ceq",
    "cne",
    "ieq",
    "ine",
    "clike",
    "ilike",
    "cmatch",
    "imatch",
];

pub fn lex(out: &mut Emit<'_>) {
    let b = out.bytes();
    let mut i = 0;
    // A word after whitespace, `(`, `|`, `;` or at a line start is in command position.
    let mut command_position = true;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied().unwrap_or(0);
        let start = i;
        match c {
            b'\n' | b';' | b'|' | b'(' | b'{' | b'=' => {
                command_position = true;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            _ => {}
        }
        let was_command_position = std::mem::replace(&mut command_position, false);
        match c {
            b'<' if next == b'#' => {
                i = past(b, i + 2, b"#>");
                out.push(start, i, Kind::Comment);
            }
            b'#' => {
                i = line_end(b, i);
                out.push(start, i, Kind::Comment);
            }
            b'@' if next == b'"' || next == b'\'' => {
                // A here-string closes with the quote and `@` at the start of a line.
                let close: &[u8] = if next == b'"' { b"\n\"@" } else { b"\n'@" };
                i = past(b, i + 2, close);
                out.push(start, i, Kind::String);
            }
            b'"' => {
                i = string_end(b, i, b'"');
                out.push(start, i, Kind::String);
            }
            b'\'' => {
                i = string_end(b, i, b'\'');
                out.push(start, i, Kind::String);
            }
            b'$' => {
                i = variable_end(b, i);
                let name = out.src[start + 1..i].to_ascii_lowercase();
                let kind =
                    if matches!(name.as_str(), "true" | "false" | "null") { Kind::Constant } else { Kind::Variable };
                out.push(start, i, kind);
            }
            b'-' if is_ident_start(next) && preceded_by_space(b, i) => {
                let end = ident_end(b, i + 1);
                let word = out.src[i + 1..end].to_ascii_lowercase();
                let kind = if OPERATORS.contains(&word.as_str()) { Kind::Keyword } else { Kind::Attribute };
                out.push(start, end, kind);
                i = end;
            }
            b'[' if is_ident_start(next) => {
                // `[string]`, `[System.IO.Path]::Combine`: a type literal when it closes on
                // identifier characters and dots only.
                let mut j = i + 1;
                loop {
                    if j < b.len() && (is_ident(b[j]) || matches!(b[j], b'.' | b',')) {
                        j += 1;
                    } else if b[j..].starts_with(b"[]") {
                        j += 2;
                    } else {
                        break;
                    }
                }
                if b.get(j) == Some(&b']') {
                    out.push(i + 1, j, Kind::Type);
                    i = j;
                } else {
                    i += 1;
                }
            }
            b'0'..=b'9' => {
                i = number_end(b, i);
                // 10MB, 1GB
                while i < b.len() && b[i].is_ascii_alphabetic() {
                    i += 1;
                }
                out.push(start, i, Kind::Number);
            }
            _ if is_ident_start(c) && !was_command_position => {
                // An argument: a bareword (`westus2`, `report-99`, `./x.json`) is plain text,
                // whatever it spells; only `in` (of `foreach ($a in $b)`) is a keyword here.
                let end = bareword_end(b, i);
                if &out.src[start..end] == "in" {
                    out.push(start, end, Kind::Keyword);
                }
                i = end;
            }
            _ if is_ident_start(c) => {
                // Command position: a keyword, or a command (`Get-AzResource`, `az`, `npm`).
                let end = bareword_end(b, i);
                let lower = out.src[start..end].to_ascii_lowercase();
                if KEYWORDS.contains(&lower.as_str()) {
                    out.push(start, end, Kind::Keyword);
                    command_position = true;
                } else if b.get(end) != Some(&b'.') {
                    out.push(start, end, Kind::Function);
                }
                i = end;
            }
            _ => i += utf8_len(c),
        }
    }
}

/// End of a quoted string: the backtick escapes in double quotes, a doubled quote escapes
/// itself in both.
fn string_end(b: &[u8], i: usize, quote: u8) -> usize {
    let mut j = i + 1;
    while j < b.len() {
        if quote == b'"' && b[j] == b'`' {
            j += 2;
            continue;
        }
        if b[j] == quote {
            if b.get(j + 1) == Some(&quote) {
                j += 2;
                continue;
            }
            return j + 1;
        }
        j += 1;
    }
    b.len()
}

/// End of `$name`, `$env:Path`, `$script:x`, `${any name}`, `$_` or `$$`.
fn variable_end(b: &[u8], i: usize) -> usize {
    let j = i + 1;
    match b.get(j) {
        Some(b'{') => past(b, j, b"}"),
        Some(b'_' | b'$' | b'?' | b'^') if !b.get(j + 1).is_some_and(|&c| is_ident(c)) => j + 1,
        Some(&c) if is_ident_start(c) => {
            let end = ident_end(b, j);
            if b.get(end) == Some(&b':') && b.get(end + 1).is_some_and(|&c| is_ident_start(c)) {
                ident_end(b, end + 1)
            } else {
                end
            }
        }
        _ => j,
    }
}

fn preceded_by_space(b: &[u8], i: usize) -> bool {
    i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'(' | b'`')
}

/// End of a bareword: letters, digits and `_ - . : / \` up to whitespace or punctuation.
fn bareword_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (is_ident(b[i]) || matches!(b[i], b'-' | b'.' | b':' | b'/' | b'\\')) {
        i += 1;
    }
    // A trailing `.` ends a sentence or starts a member access, not the word.
    while i > 0 && b[i - 1] == b'.' {
        i -= 1;
    }
    i
}
