//! Byte scanning shared by the lexers. Every decision is made on ASCII bytes only, so every
//! index a scanner returns is a `char` boundary (UTF-8 continuation bytes are all >= 0x80).

use hl_lite::{Kind, Span};

/// Collects classified ranges; the gaps between them become `Plain`.
pub struct Emit<'a> {
    pub src: &'a str,
    spans: Vec<Span<'a>>,
    at: usize,
}

impl<'a> Emit<'a> {
    pub fn new(src: &'a str) -> Self {
        Emit { src, spans: Vec::new(), at: 0 }
    }

    pub fn bytes(&self) -> &'a [u8] {
        self.src.as_bytes()
    }

    /// Marks `start..end` as `kind`. Ranges must come in order and not overlap; an empty or
    /// backwards range is ignored, so a lexer bug can never lose or repeat source text.
    pub fn push(&mut self, start: usize, end: usize, kind: Kind) {
        let end = end.min(self.src.len());
        if start < self.at || end <= start {
            return;
        }
        if start > self.at {
            self.add(self.at, start, Kind::Plain);
        }
        self.add(start, end, kind);
        self.at = end;
    }

    fn add(&mut self, start: usize, end: usize, kind: Kind) {
        let text = &self.src[start..end];
        match self.spans.last_mut() {
            Some(last) if last.kind == kind => {
                // Adjacent spans of one kind are one span (fewer tags in the page).
                let from = last.text.as_ptr() as usize - self.src.as_ptr() as usize;
                last.text = &self.src[from..end];
            }
            _ => self.spans.push(Span { kind, text }),
        }
    }

    pub fn finish(mut self) -> Vec<Span<'a>> {
        if self.at < self.src.len() {
            self.add(self.at, self.src.len(), Kind::Plain);
        }
        self.spans
    }
}

pub fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

pub fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

pub fn ident_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && is_ident(b[i]) {
        i += 1;
    }
    i
}

/// Index of the `\n` ending the line containing `i`, or the input length.
pub fn line_end(b: &[u8], i: usize) -> usize {
    b[i..].iter().position(|&c| c == b'\n').map_or(b.len(), |p| i + p)
}

/// End of `needle` searched from `i` (just past it), or the input length when it never comes:
/// an unterminated comment or string runs to the end instead of failing.
pub fn past(b: &[u8], i: usize, needle: &[u8]) -> usize {
    if i >= b.len() {
        return b.len();
    }
    b[i..].windows(needle.len()).position(|w| w == needle).map_or(b.len(), |p| i + p + needle.len())
}

/// End of a quoted string opened at `i` by `quote`, with `escape` escaping the next byte.
/// Stops at the end of the line when `single_line` (an unclosed quote spoils one line only).
pub fn quoted_end(b: &[u8], i: usize, quote: u8, escape: Option<u8>, single_line: bool) -> usize {
    let mut j = i + 1;
    while j < b.len() {
        let c = b[j];
        if Some(c) == escape {
            j += 2;
            continue;
        }
        if c == quote {
            return j + 1;
        }
        if single_line && c == b'\n' {
            return j;
        }
        j += 1;
    }
    b.len()
}

/// End of a number starting at `i` (digits, hex, a fraction, an exponent, a type suffix).
pub fn number_end(b: &[u8], i: usize) -> usize {
    let mut j = i;
    if b[j] == b'0' && j + 1 < b.len() && matches!(b[j + 1], b'x' | b'X' | b'b' | b'B') {
        j += 2;
        while j < b.len() && (b[j].is_ascii_hexdigit() || b[j] == b'_') {
            j += 1;
        }
    } else {
        while j < b.len() && (b[j].is_ascii_digit() || b[j] == b'_') {
            j += 1;
        }
        if j + 1 < b.len() && b[j] == b'.' && b[j + 1].is_ascii_digit() {
            j += 1;
            while j < b.len() && (b[j].is_ascii_digit() || b[j] == b'_') {
                j += 1;
            }
        }
        if j < b.len() && matches!(b[j], b'e' | b'E') {
            let k = if j + 1 < b.len() && matches!(b[j + 1], b'+' | b'-') { j + 2 } else { j + 1 };
            if k < b.len() && b[k].is_ascii_digit() {
                j = k;
                while j < b.len() && b[j].is_ascii_digit() {
                    j += 1;
                }
            }
        }
    }
    // Suffixes: 10L, 1.5f, 2m, 3u, 4UL.
    while j < b.len() && matches!(b[j], b'l' | b'L' | b'u' | b'U' | b'f' | b'F' | b'd' | b'D' | b'm' | b'M') {
        j += 1;
    }
    j
}

/// Bytes in the UTF-8 sequence starting with `b`, so non-ASCII text is skipped a character at a
/// time (a continuation byte counts 1, which still advances).
pub fn utf8_len(b: u8) -> usize {
    match b {
        0x00..=0xBF => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}
