//! Where in a file a diagnostic points.

/// A 1-based line, and the 1-based column (in characters) when it is known.
///
/// Ordered by line, then column, an unknown column first: the order diagnostics are printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// 1-based line.
    pub(crate) line: usize,
    /// 1-based column in characters, as editors count; `None` when only the line is known.
    pub(crate) col: Option<usize>,
}

impl Position {
    /// From 1-based numbers in which 0 means "not known", the convention of parsers' errors
    /// (serde_json, YAML) and of positions carried from them: no position when the line is 0,
    /// the line alone when the column is 0.
    pub(crate) fn from_numbers(line: usize, col: usize) -> Option<Position> {
        (line > 0).then_some(Position { line, col: (col > 0).then_some(col) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_means_unknown() {
        assert_eq!(Position::from_numbers(0, 0), None);
        assert_eq!(Position::from_numbers(0, 7), None);
        assert_eq!(Position::from_numbers(3, 0), Some(Position { line: 3, col: None }));
        assert_eq!(Position::from_numbers(3, 7), Some(Position { line: 3, col: Some(7) }));
    }

    #[test]
    fn an_unknown_column_sorts_first_on_its_line() {
        let line_only = Position { line: 2, col: None };
        assert!(line_only < Position { line: 2, col: Some(1) });
        assert!(Position { line: 1, col: Some(9) } < line_only);
    }
}
