//! Diagnostics are plain values: every step returns them, the pipeline collects them,
//! sorts them by file and position, and prints them once.

mod code;
mod position;

pub use code::Code;
pub use position::Position;

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is: errors fail the build, warnings are printed and tolerated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the build (exit status 1).
    Error,
    /// Printed, the build goes on.
    Warning,
}

/// One problem found in the user's files, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The kind of problem, for tools ([`Code::General`] unless one is given).
    pub code: Code,
    /// The file, relative to the site root where possible (as the author sees it).
    pub file: PathBuf,
    /// Where in the file; `None` when the problem is about the whole file.
    pub position: Option<Position>,
    /// What is wrong.
    pub message: String,
    /// What to do about it, when there is something useful to say.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at a 1-based line and column of a file. A 0 from a source that uses it for
    /// "not known" (a parser's error, a position it could not find) leaves that part out, as
    /// [`Position::from_numbers`] says; a problem with the whole file is a [`Diagnostic::file_error`].
    pub(crate) fn error(file: impl Into<PathBuf>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Error, file.into(), Position::from_numbers(line, col), message.into())
    }

    /// A warning at a 1-based line and column of a file (0 as in [`Diagnostic::error`]).
    pub(crate) fn warning(file: impl Into<PathBuf>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Warning, file.into(), Position::from_numbers(line, col), message.into())
    }

    /// An error at a position of a file, or about the whole file when the position is not known.
    pub(crate) fn error_at(file: impl Into<PathBuf>, at: Option<Position>, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Error, file.into(), at, message.into())
    }

    /// A warning at a position of a file, or about the whole file when the position is not known.
    pub(crate) fn warning_at(file: impl Into<PathBuf>, at: Option<Position>, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Warning, file.into(), at, message.into())
    }

    /// An error about a whole file (or folder): it cannot be read, it is in the wrong place, ...
    pub(crate) fn file_error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Error, file.into(), None, message.into())
    }

    /// A warning about a whole file (or folder).
    pub(crate) fn file_warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Warning, file.into(), None, message.into())
    }

    fn new(severity: Severity, file: PathBuf, position: Option<Position>, message: String) -> Self {
        Diagnostic { severity, code: Code::General, file, position, message, hint: None }
    }

    /// The same diagnostic with a code naming its kind.
    pub(crate) fn with_code(mut self, code: Code) -> Self {
        self.code = code;
        self
    }

    /// The same diagnostic as a warning (for `--broken-links warn`).
    pub(crate) fn downgraded(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// The same diagnostic with a hint attached.
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// True for errors.
    pub(crate) fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The line, or 0 for a whole-file diagnostic: how the JSON report writes it.
    pub fn line_number(&self) -> usize {
        self.position.map_or(0, |p| p.line)
    }

    /// The column, or 0 when it is not known: how the JSON report writes it.
    pub fn col_number(&self) -> usize {
        self.position.and_then(|p| p.col).unwrap_or(0)
    }

    /// `file:line:col` as editors and terminals link it (`file:line` or `file` when less is known).
    pub fn location(&self) -> String {
        let file = self.file.display();
        match self.position {
            None => format!("{file}"),
            Some(Position { line, col: None }) => format!("{file}:{line}"),
            Some(Position { line, col: Some(col) }) => format!("{file}:{line}:{col}"),
        }
    }
}

/// The flat shape diagnostics have always serialised to: `line` and `col` are 0 when not known.
impl serde::Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Diagnostic", 7)?;
        s.serialize_field("severity", &self.severity)?;
        s.serialize_field("code", &self.code)?;
        s.serialize_field("file", &self.file)?;
        s.serialize_field("line", &self.line_number())?;
        s.serialize_field("col", &self.col_number())?;
        s.serialize_field("message", &self.message)?;
        s.serialize_field("hint", &self.hint)?;
        s.end()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {label}: {}", self.location(), self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  help: {hint}")?;
        }
        Ok(())
    }
}

/// Sorts diagnostics by file, line and column (then message) so output is stable; a whole-file
/// diagnostic comes before the file's positions, a line's unknown column before its known ones.
pub(crate) fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.position, &a.message, a.severity).cmp(&(&b.file, b.position, &b.message, b.severity))
    });
}

/// Counts the errors among diagnostics.
pub fn error_count(diags: &[Diagnostic]) -> usize {
    diags.iter().filter(|d| d.is_error()).count()
}

/// Makes `path` relative to `root` for display, leaving it whole when it is elsewhere.
pub(crate) fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

/// The byte offsets at which the lines of a text start, to turn offsets into positions.
#[derive(Debug, Clone, Default)]
pub(crate) struct LineStarts {
    starts: Vec<usize>,
    /// Every [`MARK_EVERY`] bytes (moved to a character boundary): the offset and the characters
    /// before it. Columns count characters; without these, each position on a 1 MB line would
    /// count up to a million of them, and a page with a link every few bytes would take minutes.
    marks: Vec<(usize, usize)>,
}

const MARK_EVERY: usize = 4096;

impl LineStarts {
    /// Indexes the line starts of `text`.
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        // memchr's vector search: every page and included file is indexed, and std's
        // `match_indices(char)` was a few hundredths of a build's CPU on its own.
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut marks = vec![(0, 0)];
        // Only a line longer than the spacing ever asks for them: most files have none.
        let longest = starts.windows(2).map(|w| w[1] - w[0]).chain([text.len() - starts[starts.len() - 1]]).max();
        let (mut at, mut chars) = (0, 0);
        while longest > Some(MARK_EVERY) && at + MARK_EVERY < text.len() {
            let mut next = at + MARK_EVERY;
            while !text.is_char_boundary(next) {
                next += 1;
            }
            chars += text[at..next].chars().count();
            marks.push((next, chars));
            at = next;
        }
        LineStarts { starts, marks }
    }

    /// Characters in `text[..offset]` (`offset` on a character boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let (at, chars) = self.marks[self.marks.partition_point(|m| m.0 <= offset).saturating_sub(1)];
        chars + text[at..offset].chars().count()
    }

    /// 1-based (line, column) of a byte offset of `text` (the text that was indexed); the column
    /// counts characters, as editors do.
    pub(crate) fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let col = if end - start <= MARK_EVERY {
            text[start..end].chars().count()
        } else {
            self.chars_before(text, end) - self.chars_before(text, start)
        };
        (line + 1, col + 1)
    }
}

/// A text with its line starts: offsets to 1-based line and column (in characters).
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: LineStarts,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        LineIndex { text, starts: LineStarts::new(text) }
    }

    /// 1-based (line, column) of a byte offset; the column counts characters.
    pub(crate) fn position(&self, offset: usize) -> (usize, usize) {
        self.starts.position(self.text, offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_say_as_much_as_is_known() {
        assert_eq!(Diagnostic::file_error("a.md", "x").location(), "a.md");
        assert_eq!(Diagnostic::error("a.md", 3, 0, "x").location(), "a.md:3");
        assert_eq!(Diagnostic::error("a.md", 3, 7, "x").location(), "a.md:3:7");
        assert_eq!(Diagnostic::error("a.md", 0, 0, "x"), Diagnostic::file_error("a.md", "x"));
        assert_eq!(Diagnostic::file_warning("a.md", "x").to_string(), "a.md: warning: x");
    }

    #[test]
    fn whole_file_first_then_by_line_and_column() {
        let mut diags = vec![
            Diagnostic::error("a.md", 2, 1, "d"),
            Diagnostic::error("a.md", 2, 0, "c"),
            Diagnostic::error("a.md", 1, 5, "b"),
            Diagnostic::file_error("a.md", "a"),
        ];
        sort(&mut diags);
        let order: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(order, ["a", "b", "c", "d"]);
    }

    #[test]
    fn serialises_flat_with_zero_for_unknown() {
        let d = Diagnostic::file_warning("a.md", "x").with_code(Code::BrokenLink);
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"severity": "warning", "code": "broken-link", "file": "a.md", "line": 0, "col": 0, "message": "x", "hint": null})
        );
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let idx = LineIndex::new("ab\n가나다x\n");
        assert_eq!(idx.position(0), (1, 1));
        assert_eq!(idx.position(3), (2, 1));
        assert_eq!(idx.position(3 + 9), (2, 4)); // the x after three Hangul syllables
    }

    #[test]
    fn positions_on_long_lines_match_counting() {
        // Lines far longer than the marks' spacing, with multi-byte characters across marks.
        let text = format!("intro\n{}\n{}end\n", "가a".repeat(5000), "b".repeat(9000));
        let idx = LineIndex::new(&text);
        for offset in (0..text.len()).step_by(997).chain([text.len() - 4, text.len()]) {
            let mut end = offset;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let line_start = text[..end].rfind('\n').map(|i| i + 1).unwrap_or(0);
            let line = text[..line_start].matches('\n').count() + 1;
            let col = text[line_start..end].chars().count() + 1;
            assert_eq!(idx.position(offset), (line, col), "offset {offset}");
        }
    }
}
