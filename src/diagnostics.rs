//! Diagnostics are plain values: every step returns them, the pipeline collects them,
//! sorts them by file and position, and prints them once.

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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable name for the kind of problem (`broken-link`, `front-matter`, ...), for tools.
    pub code: &'static str,
    /// The file, relative to the site root where possible (as the author sees it).
    pub file: PathBuf,
    /// 1-based line in the file; 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub col: usize,
    /// What is wrong.
    pub message: String,
    /// What to do about it, when there is something useful to say.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at a position in a file.
    pub fn error(file: impl Into<PathBuf>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: "general",
            file: file.into(),
            line,
            col,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at a position in a file.
    pub fn warning(file: impl Into<PathBuf>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(file, line, col, message) }
    }

    /// The same diagnostic with a code naming its kind.
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = code;
        self
    }

    /// The same diagnostic as a warning (for `--broken-links warn`).
    pub fn downgraded(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// The same diagnostic with a hint attached.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col` as editors and terminals link it.
    pub fn location(&self) -> String {
        let file = self.file.display();
        match (self.line, self.col) {
            (0, _) => format!("{file}"),
            (l, 0) => format!("{file}:{l}"),
            (l, c) => format!("{file}:{l}:{c}"),
        }
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

/// Sorts diagnostics by file, line and column (then message) so output is stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.col, &a.message, a.severity).cmp(&(&b.file, b.line, b.col, &b.message, b.severity))
    });
}

/// Counts the errors among diagnostics.
pub fn error_count(diags: &[Diagnostic]) -> usize {
    diags.iter().filter(|d| d.is_error()).count()
}

/// Makes `path` relative to `root` for display, leaving it whole when it is elsewhere.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

/// The byte offsets at which the lines of a text start, to turn offsets into positions.
#[derive(Debug, Clone, Default)]
pub struct LineStarts {
    starts: Vec<usize>,
    /// Every [`MARK_EVERY`] bytes (moved to a character boundary): the offset and the characters
    /// before it. Columns count characters; without these, each position on a 1 MB line would
    /// count up to a million of them, and a page with a link every few bytes would take minutes.
    marks: Vec<(usize, usize)>,
}

const MARK_EVERY: usize = 4096;

impl LineStarts {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
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
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
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
pub struct LineIndex<'a> {
    text: &'a str,
    starts: LineStarts,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text`.
    pub fn new(text: &'a str) -> Self {
        LineIndex { text, starts: LineStarts::new(text) }
    }

    /// 1-based (line, column) of a byte offset; the column counts characters.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        self.starts.position(self.text, offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
