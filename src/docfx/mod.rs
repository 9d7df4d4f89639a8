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

pub mod attrs;
mod code;
pub mod config;
mod container;
mod div;
mod image;
mod inferred;
pub mod init;
pub mod labels;
mod moniker;
mod snippet;
mod video;

pub use inferred::apply_inferred;
pub use labels::Labels;

use crate::diagnostics::Diagnostic;
use crate::links::LinkIndex;
use crate::source::{Expanded, Origin};

/// True when `text` may hold an extension; a page without one skips the pass entirely.
pub fn may_contain(text: &str) -> bool {
    text.contains(":::")
        || text.match_indices("[!").any(|(i, _)| {
            let after = &text.as_bytes()[i + 2..];
            ["code", "video", "div"]
                .iter()
                .any(|w| after.get(..w.len()).is_some_and(|a| a.eq_ignore_ascii_case(w.as_bytes())))
        })
}

/// What an extension needs to rewrite its part of a file: the file, the text being built, and
/// where the copying of the file's own text has got to.
pub struct Cx<'a> {
    /// The file being expanded.
    pub origin: &'a Origin,
    /// Its index in `out`.
    pub me: usize,
    /// The text being built.
    pub out: &'a mut Expanded,
    /// The offset of `origin`'s text up to which `out` holds it.
    pub copied: &'a mut usize,
    /// Which files exist, to resolve code files.
    pub links: &'a LinkIndex,
    /// Problems found.
    pub diags: &'a mut Vec<Diagnostic>,
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
        let d = self.diagnostic(at, false, msg.into()).with_code("docfx").with_hint(hint);
        self.diags.push(d);
    }

    /// A code include that cannot be read, at offset `at`: an error, like a broken include.
    fn broken(&mut self, at: usize, msg: impl Into<String>, hint: impl Into<String>) {
        let d = self.diagnostic(at, true, msg.into()).with_code("broken-include").with_hint(hint);
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
        Piece::Markup(crate::escape::attr(v))
    } else {
        Piece::Source(range)
    }
}

/// The extensions' state over the lines of one file.
pub struct Pass<'l> {
    make_labels: &'l dyn Fn() -> Labels,
    labels: Option<Labels>,
    div: Option<div::Open>,
    complex: Option<usize>,
    containers: Vec<container::Open>,
}

impl<'l> Pass<'l> {
    /// A pass over one file; `labels` gives the page's strings, asked for only when needed.
    pub fn new(labels: &'l dyn Fn() -> Labels) -> Self {
        Pass { make_labels: labels, labels: None, div: None, complex: None, containers: Vec::new() }
    }

    fn labels(&mut self) -> &Labels {
        let make = self.make_labels;
        self.labels.get_or_insert_with(make)
    }

    /// Called for every line outside fenced code (`line_start` is its offset in the file).
    pub fn line(&mut self, cx: &mut Cx<'_>, line: &str, line_start: usize) {
        let body = line.trim_end_matches(['\n', '\r']);
        let mut skip = 0;
        if let Some(open) = &self.div {
            match open.continues(body) {
                Some(prefix) => {
                    cx.replace(line_start, line_start + prefix, line_start, "");
                    skip = prefix;
                }
                None => {
                    cx.replace(line_start, line_start, line_start, "\n</div>\n\n");
                    self.div = None;
                }
            }
        }
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
            let labels = self.labels().clone();
            container::apply(cx, &mut self.containers, c, start, end, &labels);
            return;
        }
        if image::is_end(trimmed) {
            match self.complex.take() {
                Some(_) => cx.replace(start, end, start, image::COMPLEX_END),
                None => cx.warn(
                    start,
                    "`:::image-end:::` without a `:::image type=\"complex\"` before it",
                    "remove it, or open the image with type=\"complex\"",
                ),
            }
            return;
        }
        if code::is_directive(trimmed) {
            let indent = &rest[..indent_len];
            code::apply(cx, trimmed, start, end, indent);
            return;
        }
        if video::is_directive(trimmed) || (self.div.is_none() && video::is_directive(div::unquote(trimmed).1)) {
            let title = self.labels().video.clone();
            video::apply(cx, trimmed, start, end, &title);
            return;
        }
        if self.div.is_none() {
            if let Some(open) = div::open(cx, rest, at, end) {
                self.div = Some(open);
                return;
            }
        }
        if rest.contains(":::image") {
            let long = self.labels().long_description.clone();
            if let Some(opened) = image::apply(cx, rest, at, &long) {
                if self.complex.replace(opened).is_some() {
                    cx.warn(
                        opened,
                        "a complex image opens before the previous one ended",
                        "end each with `:::image-end:::`",
                    );
                }
            }
        }
    }

    /// Called after the last line (`end` is the file's length): closes what is still open.
    pub fn finish(&mut self, cx: &mut Cx<'_>, end: usize) {
        if self.div.take().is_some() {
            cx.replace(end, end, end, "\n\n</div>\n");
        }
        if let Some(at) = self.complex.take() {
            cx.warn(
                at,
                "this complex image's long description has no `:::image-end:::`",
                "end it with a line `:::image-end:::`",
            );
            cx.replace(end, end, end, image::COMPLEX_END);
        }
        container::close_all(cx, &mut self.containers, end);
    }
}
