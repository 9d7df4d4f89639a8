//! DocFX repositories as Microsoft Learn builds them.
//!
//! Settings: `config` reads `docfx.json` (and `.openpublishing.publish.config.json`) into
//! guidebook settings, for a root without site.toml (zero configuration, `inferred`) and for
//! `guidebook init --from-docfx` (`init`).
//!
//! Markdown: the extensions as Microsoft Learn writes them: `:::image:::`, code includes
//! (`[!code-csharp[](x.cs#region)]`, `:::code:::`), `[!VIDEO url]`, `> [!div class="…"]`, and the
//! `::: zone` / `::: moniker` blocks. They are rewritten, line by line, into markdown and raw HTML
//! during the include pass (see `include.rs`), so the text the renderer sees still maps every
//! byte back to the file, line and column the author wrote it at: a link or image path taken
//! from a directive is copied from the author's text, not retyped, and is checked at its column.

pub(crate) mod attrs;
mod code;
pub(crate) mod config;
mod container;
mod div;
mod image;
mod inferred;
pub mod init;
pub(crate) mod labels;
mod moniker;
mod snippet;
pub(crate) mod toc_md;
mod video;

pub use inferred::apply_inferred;
pub use labels::Labels;

use crate::diagnostics::{Code, Diagnostic};
use crate::links::LinkIndex;
use crate::text::source::{Expanded, Origin};

/// True when `text` may hold an extension; a page without one skips the pass entirely.
pub(crate) fn may_contain(text: &str) -> bool {
    use memchr::memmem;
    let bytes = text.as_bytes();
    memmem::find(bytes, b":::").is_some()
        || memmem::find_iter(bytes, b"[!").any(|i| {
            let after = &bytes[i + 2..];
            ["code", "video", "div"]
                .iter()
                .any(|w| after.get(..w.len()).is_some_and(|a| a.eq_ignore_ascii_case(w.as_bytes())))
        })
}

/// What an extension needs to rewrite its part of a file: the file, the text being built, and
/// where the copying of the file's own text has got to.
pub(crate) struct Cx<'a> {
    /// The file being expanded.
    pub(crate) origin: &'a Origin,
    /// Its index in `out`.
    pub(crate) me: usize,
    /// The text being built.
    pub(crate) out: &'a mut Expanded,
    /// The offset of `origin`'s text up to which `out` holds it.
    pub(crate) copied: &'a mut usize,
    /// Which files exist, to resolve code files.
    pub(crate) links: &'a LinkIndex,
    /// Problems found.
    pub(crate) diags: &'a mut Vec<Diagnostic>,
}

impl Cx<'_> {
    /// Copies the file's text up to `from`, then `text` (standing for offset `at`), and skips
    /// the file's text up to `to`.
    fn replace(&mut self, from: usize, to: usize, at: usize, text: &str) {
        self.out.push_text(self.me, *self.copied..from);
        self.out.push_synthetic(self.me, at, text);
        *self.copied = to;
    }

    /// Writes pieces of markup and of the author's text in place of `start..end`.
    fn emit(&mut self, start: usize, end: usize, pieces: &[Piece]) {
        let mut pos = start;
        let mut markup = String::new();
        for piece in pieces {
            match piece {
                Piece::Markup(s) => markup.push_str(s),
                Piece::Source(r) => {
                    self.replace(pos, r.start, start, &markup);
                    markup.clear();
                    pos = r.end;
                }
            }
        }
        self.replace(pos, end, start, &markup);
    }

    fn diagnostic(&self, at: usize, error: bool, msg: String) -> Diagnostic {
        let (line, col) = self.origin.position(at);
        let d = if error { Diagnostic::error } else { Diagnostic::warning };
        d(&self.origin.display, line, col, msg)
    }

    /// A warning about an extension at offset `at` of the file.
    fn warn(&mut self, at: usize, msg: impl Into<String>, hint: impl Into<String>) {
        let d = self.diagnostic(at, false, msg.into()).with_code(Code::Docfx).with_hint(hint);
        self.diags.push(d);
    }

    /// A code include that cannot be read, at offset `at`: an error, like a broken include.
    fn broken(&mut self, at: usize, msg: impl Into<String>, hint: impl Into<String>) {
        let d = self.diagnostic(at, true, msg.into()).with_code(Code::BrokenInclude).with_hint(hint);
        self.diags.push(d);
    }
}

/// A part of the HTML an extension writes: markup, or a range of the author's text (a path,
/// copied so that the link checker points at it).
enum Piece {
    Markup(String),
    Source(std::ops::Range<usize>),
}

/// The author's value at `range` as an attribute value: copied when it is safe inside double
/// quotes, else escaped (and then located at the directive).
fn value_piece(text: &str, range: std::ops::Range<usize>) -> Piece {
    let v = &text[range.clone()];
    if v.contains(['"', '<', '>', '\n']) {
        Piece::Markup(crate::text::escape::attr(v))
    } else {
        Piece::Source(range)
    }
}

/// A block an extension opened and has not closed yet.
enum Block {
    /// `[!div]`: ends with its quote (or at a blank line).
    Div(div::Open),
    /// A complex image's long description: ends at `:::image-end:::`.
    Complex,
    /// `::: zone` or `::: moniker`: ends at `::: zone-end` / `::: moniker-end`.
    Container(&'static str),
}

impl Block {
    fn name(&self) -> &'static str {
        match self {
            Block::Div(_) => "[!div]",
            Block::Complex => "complex image",
            Block::Container(kind) => kind,
        }
    }

    /// The markup that closes it; blank lines around, so that markdown goes on either side.
    fn closer(&self) -> &'static str {
        match self {
            Block::Complex => image::COMPLEX_END,
            _ => "\n\n</div>\n\n",
        }
    }

    /// How to end it, for a warning when it is left open.
    fn end_hint(&self) -> &'static str {
        match self {
            Block::Div(_) => "",
            Block::Complex => "end it with a line `:::image-end:::`",
            Block::Container("zone") => "end it with a line `::: zone-end`",
            Block::Container(_) => "end it with a line `::: moniker-end`",
        }
    }
}

/// The extensions' state over the lines of one file.
pub(crate) struct Pass<'l> {
    make_labels: &'l dyn Fn() -> Labels,
    labels: Option<Labels>,
    /// The blocks open, innermost last (their offsets in the file, for warnings).
    open: Vec<(Block, usize)>,
}

impl<'l> Pass<'l> {
    /// A pass over one file; `labels` gives the page's strings, asked for only when needed.
    pub(crate) fn new(labels: &'l dyn Fn() -> Labels) -> Self {
        Pass { make_labels: labels, labels: None, open: Vec::new() }
    }

    fn labels(&mut self) -> &Labels {
        let make = self.make_labels;
        self.labels.get_or_insert_with(make)
    }

    /// Closes the blocks from `index` on at offset `at` (inserted, or replacing up to `to`),
    /// warning about each inner one left open.
    fn close_from(&mut self, cx: &mut Cx<'_>, index: usize, at: usize, to: usize, why: &str) {
        let mut html = String::new();
        while self.open.len() > index {
            let Some((block, opened)) = self.open.pop() else { break };
            // The block asked to close is closed quietly; those inside it, or left at the end
            // of the file, were forgotten.
            let forgotten = self.open.len() > index || !why.is_empty();
            if forgotten && !matches!(block, Block::Div(_)) {
                let msg = format!("this {} is still open {why}; it is closed there", block.name());
                cx.warn(opened, msg, block.end_hint());
            }
            html.push_str(block.closer());
        }
        cx.replace(at, to, at, &html);
    }

    /// Called for every line outside fenced code (`line_start` is its offset in the file).
    pub(crate) fn line(&mut self, cx: &mut Cx<'_>, line: &str, line_start: usize) {
        let body = line.trim_end_matches(['\n', '\r']);
        let mut skip = 0;
        let div = self.open.iter().position(|(b, _)| matches!(b, Block::Div(_)));
        if let Some(i) = div {
            let Block::Div(open) = &self.open[i].0 else { return };
            match open.continues(body) {
                Some(prefix) => {
                    cx.replace(line_start, line_start + prefix, line_start, "");
                    skip = prefix;
                }
                None => {
                    let inner = if self.open.len() > i + 1 { "where the [!div] around it ends" } else { "" };
                    self.close_from(cx, i, line_start, line_start, inner);
                }
            }
        }
        let in_div = self.open.iter().any(|(b, _)| matches!(b, Block::Div(_)));
        let rest = &body[skip..];
        if !rest.contains(":::") && !rest.contains("[!") {
            return;
        }
        let at = line_start + skip;
        let trimmed = rest.trim_start_matches([' ', '\t']);
        let indent_len = rest.len() - trimmed.len();
        let start = at + indent_len;
        let end = at + rest.len();
        if let Some(c) = container::parse(trimmed) {
            // The block's tags go at the start of the line, whatever its indent: an indented
            // opening tag would be code (text) while its closing tag is markup.
            match c {
                container::Line::Start(kind, text, text_at) => {
                    let labels = self.labels().clone();
                    container::open(cx, kind, text, start + text_at, (at, end), &labels);
                    self.open.push((Block::Container(kind), start));
                }
                container::Line::End(kind) => self.end(cx, Block::Container(kind), (at, start), end),
            }
            return;
        }
        if image::is_end(trimmed) {
            self.end(cx, Block::Complex, (at, start), end);
            return;
        }
        if code::is_directive(trimmed) {
            let indent = &rest[..indent_len];
            code::apply(cx, trimmed, start, end, indent);
            return;
        }
        if video::is_directive(trimmed) || (!in_div && video::is_directive(div::unquote(trimmed).1)) {
            let title = self.labels().video.clone();
            video::apply(cx, trimmed, start, end, &title);
            return;
        }
        if !in_div {
            if let Some(open) = div::open(cx, rest, at, end) {
                self.open.push((Block::Div(open), start));
                return;
            }
        }
        if rest.contains(":::image") {
            let long = self.labels().long_description.clone();
            if let Some(opened) = image::apply(cx, rest, at, &long) {
                self.open.push((Block::Complex, opened));
            }
        }
    }

    /// An end line (`::: zone-end`, `:::image-end:::`) from `line` (its start) to `end`, its
    /// text at `start`: closes the innermost block if it is of that kind, else is reported and
    /// left out.
    fn end(&mut self, cx: &mut Cx<'_>, want: Block, (line, start): (usize, usize), end: usize) {
        let top = self.open.last().map(|(b, _)| b.name());
        if top == Some(want.name()) {
            self.close_from(cx, self.open.len() - 1, line, end, "");
            return;
        }
        let what = match top {
            Some(name) => format!("the block open here is a {name}"),
            None => "no block is open".into(),
        };
        let line = match want {
            Block::Complex => ":::image-end:::".to_string(),
            _ => format!("::: {}-end", want.name()),
        };
        cx.warn(
            start,
            format!("`{line}` closes nothing: {what}; the line is left out"),
            "remove it, or open the block it ends before it",
        );
        cx.replace(start, end, start, "");
    }

    /// Called after the last line (`end` is the file's length): closes what is still open.
    pub(crate) fn finish(&mut self, cx: &mut Cx<'_>, end: usize) {
        self.close_from(cx, 0, end, end, "at the end of the file");
    }
}
