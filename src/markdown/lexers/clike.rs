//! C-family languages: comments, strings, characters, numbers, keywords, preprocessor lines,
//! and identifiers classified by shape (called → function, capitalised → type).

use super::scan::{ident_end, is_ident_start, line_end, number_end, past, quoted_end, utf8_len, Emit};
use hl_lite::Kind;

/// Which C-family language a block is in; they differ in keywords and string forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// C#.
    CSharp,
    /// Java (and Kotlin-free JVM samples).
    Java,
    /// C and C++.
    Cpp,
    /// Go.
    Go,
}

impl Dialect {
    /// The dialect for a fence's language name.
    pub fn from_slug(slug: &str) -> Option<Dialect> {
        Some(match slug {
            "csharp" | "cs" | "c#" => Dialect::CSharp,
            "java" => Dialect::Java,
            "c" | "cpp" | "c++" | "h" | "hpp" | "cc" => Dialect::Cpp,
            "go" | "golang" => Dialect::Go,
            _ => return None,
        })
    }

    fn keywords(self) -> &'static [&'static str] {
        match self {
            Dialect::CSharp => CSHARP,
            Dialect::Java => JAVA,
            Dialect::Cpp => CPP,
            Dialect::Go => GO,
        }
    }

    fn constants(self) -> &'static [&'static str] {
        match self {
            Dialect::Go => &["true", "false", "nil", "iota"],
            Dialect::Cpp => &["true", "false", "nullptr", "NULL"],
            _ => &["true", "false", "null"],
        }
    }
}

const CSHARP: &[&str] = &[
    "abstract",
    "as",
    "async",
    "await",
    "base",
    "bool",
    "break",
    "byte",
    "case",
    "catch",
    "char",
    "checked",
    "class",
    "const",
    "continue",
    "decimal",
    "default",
    "delegate",
    "do",
    "double",
    "dynamic",
    "else",
    "enum",
    "event",
    "explicit",
    "extern",
    "finally",
    "fixed",
    "float",
    "for",
    "foreach",
    "get",
    "goto",
    "if",
    "implicit",
    "in",
    "init",
    "int",
    "interface",
    "internal",
    "is",
    "lock",
    "long",
    "namespace",
    "new",
    "nameof",
    "object",
    "operator",
    "out",
    "override",
    "params",
    "partial",
    "private",
    "protected",
    "public",
    "readonly",
    "record",
    "ref",
    "required",
    "return",
    "sbyte",
    "sealed",
    "set",
    "short",
    "sizeof",
    "stackalloc",
    "static",
    "string",
    "struct",
    "switch",
    "this",
    "throw",
    "try",
    "typeof",
    "uint",
    "ulong",
    "unchecked",
    "unsafe",
    "ushort",
    "using",
    "var",
    "virtual",
    "void",
    "volatile",
    "when",
    "where",
    "while",
    "with",
    "yield",
    "value",
    "global",
];
const JAVA: &[&str] = &[
    "abstract",
    "assert",
    "boolean",
    "break",
    "byte",
    "case",
    "catch",
    "char",
    "class",
    "const",
    "continue",
    "default",
    "do",
    "double",
    "else",
    "enum",
    "extends",
    "final",
    "finally",
    "float",
    "for",
    "if",
    "implements",
    "import",
    "instanceof",
    "int",
    "interface",
    "long",
    "native",
    "new",
    "package",
    "private",
    "protected",
    "public",
    "record",
    "return",
    "short",
    "static",
    "super",
    "switch",
    "synchronized",
    "this",
    "throw",
    "throws",
    "try",
    "var",
    "void",
    "volatile",
    "while",
    "yield",
];
const CPP: &[&str] = &[
    "auto",
    "bool",
    "break",
    "case",
    "catch",
    "char",
    "class",
    "const",
    "constexpr",
    "continue",
    "default",
    "delete",
    "do",
    "double",
    "else",
    "enum",
    "explicit",
    "extern",
    "float",
    "for",
    "friend",
    "goto",
    "if",
    "inline",
    "int",
    "long",
    "namespace",
    "new",
    "noexcept",
    "operator",
    "private",
    "protected",
    "public",
    "register",
    "return",
    "short",
    "signed",
    "sizeof",
    "static",
    "struct",
    "switch",
    "template",
    "this",
    "throw",
    "try",
    "typedef",
    "typename",
    "union",
    "unsigned",
    "using",
    "virtual",
    "void",
    "volatile",
    "while",
    "override",
    "final",
];
const GO: &[&str] = &[
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
    "string",
    "int",
    "int64",
    "int32",
    "uint",
    "byte",
    "rune",
    "bool",
    "error",
    "float64",
    "float32",
    "any",
];

pub fn lex(dialect: Dialect, out: &mut Emit<'_>) {
    let b = out.bytes();
    let mut i = 0;
    let mut line_start = true;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied().unwrap_or(0);
        let start = i;
        if c == b'\n' {
            line_start = true;
            i += 1;
            continue;
        }
        if c == b' ' || c == b'\t' || c == b'\r' {
            i += 1;
            continue;
        }
        let at_line_start = std::mem::replace(&mut line_start, false);
        match c {
            b'/' if next == b'/' => {
                i = line_end(b, i);
                out.push(start, i, Kind::Comment);
            }
            b'/' if next == b'*' => {
                i = past(b, i + 2, b"*/");
                out.push(start, i, Kind::Comment);
            }
            b'#' if at_line_start && dialect != Dialect::Go => {
                // `#region`, `#include <x>`, `#pragma`: the directive word is the keyword.
                let end = ident_end(b, i + 1);
                out.push(start, end.max(i + 1), Kind::Keyword);
                i = end.max(i + 1);
            }
            b'@' if dialect == Dialect::CSharp && next == b'"' => {
                i = verbatim_end(b, i + 1);
                out.push(start, i, Kind::String);
            }
            b'$' if dialect == Dialect::CSharp && (next == b'"' || next == b'@') => {
                let quote = if next == b'@' { i + 2 } else { i + 1 };
                i = if next == b'@' { verbatim_end(b, quote) } else { quoted_end(b, quote, b'"', Some(b'\\'), true) };
                out.push(start, i, Kind::String);
            }
            b'"' if b[i..].starts_with(b"\"\"\"") && dialect != Dialect::Cpp => {
                // C# 11 / Java 15 raw and text blocks.
                i = past(b, i + 3, b"\"\"\"");
                out.push(start, i, Kind::String);
            }
            b'"' => {
                i = quoted_end(b, i, b'"', Some(b'\\'), true);
                out.push(start, i, Kind::String);
            }
            b'`' if dialect == Dialect::Go => {
                i = past(b, i + 1, b"`");
                out.push(start, i, Kind::String);
            }
            b'\'' => {
                i = quoted_end(b, i, b'\'', Some(b'\\'), true);
                out.push(start, i, Kind::String);
            }
            b'0'..=b'9' => {
                i = number_end(b, i);
                out.push(start, i, Kind::Number);
            }
            b'[' if dialect == Dialect::CSharp && at_line_start => {
                // An attribute line: `[HttpGet]`, `[Fact]`.
                let end = ident_end(b, i + 1);
                out.push(i + 1, end, Kind::Attribute);
                i = end.max(i + 1);
            }
            b'@' if dialect == Dialect::Java && b.get(i + 1).is_some_and(|&n| is_ident_start(n)) => {
                i = ident_end(b, i + 1);
                out.push(start, i, Kind::Attribute);
            }
            _ if is_ident_start(c) => {
                i = ident_end(b, i);
                let word = &out.src[start..i];
                let kind = classify(dialect, word, b, i);
                if kind != Kind::Plain {
                    out.push(start, i, kind);
                }
            }
            _ => {
                // Operators, punctuation and non-ASCII text stay plain; skip a whole UTF-8
                // sequence at once.
                i += utf8_len(c);
            }
        }
    }
}

fn classify(dialect: Dialect, word: &str, b: &[u8], end: usize) -> Kind {
    if dialect.keywords().contains(&word) {
        return Kind::Keyword;
    }
    if dialect.constants().contains(&word) {
        return Kind::Constant;
    }
    let mut j = end;
    while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
        j += 1;
    }
    if b.get(j) == Some(&b'(') {
        return Kind::Function;
    }
    if word.as_bytes()[0].is_ascii_uppercase() && word.bytes().any(|c| c.is_ascii_lowercase()) {
        return Kind::Type;
    }
    Kind::Plain
}

/// End of a C# verbatim string whose `"` is at `quote`: `""` is an escaped quote.
fn verbatim_end(b: &[u8], quote: usize) -> usize {
    let mut j = quote + 1;
    while j < b.len() {
        if b[j] == b'"' {
            if b.get(j + 1) == Some(&b'"') {
                j += 2;
                continue;
            }
            return j + 1;
        }
        j += 1;
    }
    b.len()
}
