//! A page's text as the markdown renderer sees it, with includes spliced in, and the map back
//! from any byte of it to the file, line and column the author wrote it at.

use crate::diagnostics::{Code, Diagnostic, LineStarts};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest page or included file guidebook reads, and the largest a page may grow to with
/// its includes. A 50 MB page took 17 s and 1 GB of memory to build; no reader scrolls through
/// a page of a tenth of that, which is still ten times the largest page of the Azure corpus.
pub const MAX_PAGE_BYTES: usize = 10 << 20;

/// Why a source file could not be read.
pub enum ReadError {
    /// The operating system's error.
    Io(std::io::Error),
    /// The file is larger than [`MAX_PAGE_BYTES`] (its size).
    TooLarge(u64),
}

/// Reads a page or an included file, refusing one larger than [`MAX_PAGE_BYTES`] before
/// reading it (and reading no more than that, should it grow meanwhile).
pub fn read_source(path: &Path) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let size = file.metadata().map_err(ReadError::Io)?.len();
    if size > MAX_PAGE_BYTES as u64 {
        return Err(ReadError::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(MAX_PAGE_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() > MAX_PAGE_BYTES {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// A file that is not UTF-8: where its first bad byte is, and a guess at its encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotUtf8 {
    /// 1-based line of the first byte that is not UTF-8.
    pub line: usize,
    /// 1-based column (in characters) of that byte.
    pub col: usize,
    /// The byte itself.
    pub byte: u8,
    /// What to do: the encoding the bytes look like (see [`crate::text::encoding_guess`]).
    pub hint: String,
}

impl NotUtf8 {
    /// The error for a page or other markdown file: at the bad byte, with the encoding guess.
    pub fn diagnostic(self, display: &Path) -> Diagnostic {
        let msg = format!("the file is not valid UTF-8 (byte 0x{:02X})", self.byte);
        Diagnostic::error(display, self.line, self.col, msg).with_code(Code::Encoding).with_hint(self.hint)
    }
}

/// Why a source file could not be read as text.
pub enum TextError {
    /// It could not be read, or is too large.
    Read(ReadError),
    /// It is not UTF-8.
    NotUtf8(NotUtf8),
}

/// Reads a text source (a page, an included file, site.toml, ...) the one way guidebook reads
/// them: no larger than [`MAX_PAGE_BYTES`], UTF-8 (else where the first bad byte is), a BOM
/// dropped. NUL characters are kept: markdown callers replace them with [`replace_nul`], while
/// a TOML or YAML parser rejects them itself with a position.
pub fn read_text(path: &Path) -> Result<String, TextError> {
    let bytes = read_source(path).map_err(TextError::Read)?;
    decode_utf8(bytes).map_err(TextError::NotUtf8)
}

/// [`read_text`] for markdown: NUL characters replaced, with the warning to show for them.
pub fn read_markdown(path: &Path, display: &Path) -> Result<(String, Option<Diagnostic>), TextError> {
    read_text(path).map(|text| replace_nul(text, display))
}

/// Checks bytes are UTF-8, pointing at the first bad byte when they are not; drops a BOM.
pub fn decode_utf8(bytes: Vec<u8>) -> Result<String, NotUtf8> {
    match crate::text::utf8::into_string(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            // Bytes before the bad one are valid UTF-8, so they can be counted in characters.
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            let (line, col) = LineStarts::new(prefix).position(prefix, valid);
            Err(NotUtf8 { line, col, byte: bytes[valid], hint: crate::text::encoding_guess::hint(&bytes, valid) })
        }
    }
}

/// "12.3 MB, over the 10 MB guidebook reads" for a file of `size` bytes.
pub fn too_large(size: u64) -> String {
    let mb = |n: u64| n as f64 / (1u64 << 20) as f64;
    format!("{:.1} MB, over the {:.0} MB guidebook reads", mb(size), mb(MAX_PAGE_BYTES as u64))
}

/// Replaces each NUL character by U+FFFD, as CommonMark asks (a NUL reaching the HTML is
/// dropped or mangled differently by each browser); warns at the first, as a NUL in a text
/// file usually means it was saved in another encoding or damaged.
pub fn replace_nul(text: String, display: &Path) -> (String, Option<Diagnostic>) {
    // memchr's vector search: every page and included file is checked (`str::find` was 5,000
    // instructions for a 5 KB page, callgrind).
    let Some(first) = memchr::memchr(0, text.as_bytes()) else { return (text, None) };
    let (line, col) = LineStarts::new(&text).position(&text, first);
    let count = text.bytes().filter(|b| *b == 0).count();
    let warning = Diagnostic::warning(
        display,
        line,
        col,
        format!("the file holds {count} NUL character(s); they are shown as \u{FFFD}"),
    )
    .with_code(Code::Encoding)
    .with_hint("a NUL in a text file usually means it was saved as UTF-16 or damaged: save it as UTF-8");
    (text.replace('\0', "\u{FFFD}"), Some(warning))
}

/// One file that contributed text: the page itself or an included file.
#[derive(Debug, Clone)]
pub struct Origin {
    /// Its path as the author sees it (`content/en-us/includes/x.md`).
    pub display: PathBuf,
    /// Its locale folder.
    pub locale: String,
    /// Its path below the locale folder, to resolve the links written in it.
    pub rel_path: String,
    text: String,
    lines: LineStarts,
}

impl Origin {
    /// A file and its text.
    pub fn new(display: PathBuf, locale: &str, rel_path: &str, text: String) -> Self {
        let lines = LineStarts::new(&text);
        Origin { display, locale: locale.to_string(), rel_path: rel_path.to_string(), text, lines }
    }

    /// The file's text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// 1-based line and column of a byte offset of this file.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        self.lines.position(&self.text, offset)
    }
}

/// From `start` on (until the next segment), the expanded text is `origin`'s text from
/// `origin_offset` on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    start: usize,
    origin: usize,
    origin_offset: usize,
}

/// The text to render and where each part of it came from.
#[derive(Debug, Clone)]
pub struct Expanded {
    /// The markdown body to render (front matter excluded).
    pub text: String,
    origins: Vec<Origin>,
    segments: Vec<Segment>,
}

/// Where a byte of the expanded text was written.
pub struct Location<'a> {
    /// The file.
    pub origin: &'a Origin,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
}

impl Expanded {
    /// The body of a page without includes: `origin`'s text from `body_offset` on.
    pub fn single(origin: Origin, body_offset: usize) -> Self {
        let text = origin.text[body_offset..].to_string();
        Expanded {
            text,
            origins: vec![origin],
            segments: vec![Segment { start: 0, origin: 0, origin_offset: body_offset }],
        }
    }

    /// An empty text that will be built with [`Expanded::push_origin`] and [`Expanded::push_text`].
    pub fn empty() -> Self {
        Expanded { text: String::new(), origins: Vec::new(), segments: Vec::new() }
    }

    /// Adds a file; returns its index for [`Expanded::push_text`].
    pub fn push_origin(&mut self, origin: Origin) -> usize {
        self.origins.push(origin);
        self.origins.len() - 1
    }

    /// Appends the part of an origin's text at `range`.
    pub fn push_text(&mut self, origin: usize, range: std::ops::Range<usize>) {
        if range.is_empty() {
            return;
        }
        let text = &self.origins[origin].text[range.clone()];
        self.segments.push(Segment { start: self.text.len(), origin, origin_offset: range.start });
        self.text.push_str(text);
    }

    /// Appends text that stands for the place `origin_offset` of an origin (a newline around an
    /// include, an indent repeated on each included line).
    pub fn push_synthetic(&mut self, origin: usize, origin_offset: usize, text: &str) {
        if text.is_empty() {
            return;
        }
        self.segments.push(Segment { start: self.text.len(), origin, origin_offset });
        self.text.push_str(text);
        // Synthetic text maps to one place: the next segment starts right after it.
        self.segments.push(Segment { start: self.text.len(), origin, origin_offset });
    }

    /// Appends another expanded text (an included file), keeping its map, each of its lines
    /// prefixed by `indent` (mapped to `indent_at` in `indent_origin`).
    pub fn push_expanded(&mut self, child: Expanded, indent: &str, indent_origin: usize, indent_at: usize) {
        let base = self.origins.len();
        let Expanded { text, origins, segments } = child;
        self.origins.extend(origins);
        let mut line_start = 0;
        while line_start < text.len() {
            let line_end = text[line_start..].find('\n').map(|i| line_start + i + 1).unwrap_or(text.len());
            self.push_synthetic(indent_origin, indent_at, indent);
            // The child's segments that overlap this line, clipped to it.
            let first = segments.partition_point(|s| s.start <= line_start).saturating_sub(1);
            for (k, seg) in segments.iter().enumerate().skip(first) {
                let seg_end = segments.get(k + 1).map(|n| n.start).unwrap_or(text.len());
                let from = seg.start.max(line_start);
                let to = seg_end.min(line_end);
                if from >= to {
                    if seg.start >= line_end {
                        break;
                    }
                    continue;
                }
                self.segments.push(Segment {
                    start: self.text.len(),
                    origin: base + seg.origin,
                    origin_offset: seg.origin_offset + (from - seg.start),
                });
                self.text.push_str(&text[from..to]);
            }
            line_start = line_end;
        }
    }

    /// Where the byte at `offset` of [`Expanded::text`] was written.
    pub fn locate(&self, offset: usize) -> Location<'_> {
        let i = self.segments.partition_point(|s| s.start <= offset).saturating_sub(1);
        let seg = self.segments.get(i).copied().unwrap_or(Segment { start: 0, origin: 0, origin_offset: 0 });
        let origin = &self.origins[seg.origin];
        let (line, col) = origin.position(seg.origin_offset + offset.saturating_sub(seg.start));
        Location { origin, line, col }
    }

    /// The page's own file.
    pub fn page(&self) -> &Origin {
        &self.origins[0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_read_one_way_bom_dropped_bad_utf8_positioned_nul_kept() {
        let dir = tempfile::tempdir().unwrap();
        let file = |name: &str, bytes: &[u8]| {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        };
        let ok = |r: Result<String, TextError>| match r {
            Ok(t) => t,
            Err(_) => panic!("not read"),
        };
        assert_eq!(ok(read_text(&file("bom.md", b"\xEF\xBB\xBFtitle"))), "title");
        // NULs are the caller's: markdown replaces them, TOML and YAML parsers reject them.
        assert_eq!(ok(read_text(&file("nul.md", b"a\0b"))), "a\0b");
        let (text, warning) = match read_markdown(&file("nul2.md", b"a\0b"), Path::new("nul2.md")) {
            Ok(r) => r,
            Err(_) => panic!("not read"),
        };
        assert_eq!(text, "a\u{FFFD}b");
        assert!(warning.is_some());
        match read_text(&file("bad.md", b"one\n\xEA\xB0\x80x\xFFz")) {
            Err(TextError::NotUtf8(bad)) => assert_eq!((bad.line, bad.col, bad.byte), (2, 3, 0xFF)),
            _ => panic!("bad UTF-8 accepted"),
        }
        let big = file("big.md", &vec![b'a'; MAX_PAGE_BYTES + 1]);
        assert!(matches!(read_text(&big), Err(TextError::Read(ReadError::TooLarge(_)))));
    }

    #[test]
    fn offsets_map_back_through_an_indented_include() {
        let page = Origin::new("p.md".into(), "en", "p.md", "---\nt: x\n---\nA\n  [!INCLUDE]\nB\n".into());
        let inc = Origin::new("i.md".into(), "en", "i.md", "one\ntwo\n".into());
        let mut child = Expanded::empty();
        let c = child.push_origin(inc);
        child.push_text(c, 0..8);
        let mut e = Expanded::empty();
        let p = e.push_origin(page);
        e.push_text(p, 13..15); // "A\n"
        e.push_expanded(child, "  ", p, 15);
        e.push_text(p, 28..30); // "B\n"
        assert_eq!(e.text, "A\n  one\n  two\nB\n");
        let at = |needle: &str| {
            let l = e.locate(e.text.find(needle).unwrap());
            (l.origin.display.to_string_lossy().into_owned(), l.line, l.col)
        };
        assert_eq!(at("A"), ("p.md".into(), 4, 1));
        assert_eq!(at("two"), ("i.md".into(), 2, 1));
        assert_eq!(at("B"), ("p.md".into(), 6, 1));
    }
}
