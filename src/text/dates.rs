//! Page dates (`date`, `ms.date`): read as `MM/DD/YYYY` (Microsoft docs) or ISO `YYYY-MM-DD`
//! (optionally with a time after it), and only when they name a real day. `2024-13-45` is not
//! shown as "December 45, 2024" nor put in the sitemap's `<lastmod>`: it is a warning at the
//! value, and the page has no date.

use crate::diagnostics::{Code, Diagnostic};
use serde_json::{Map, Value};
use std::path::Path;

/// The front matter keys that give a page its date, first wins.
pub const DATE_KEYS: [&str; 2] = ["date", "ms.date"];

/// `(year, month, day)` of a date written as `MM/DD/YYYY` or `YYYY-MM-DD[T…| …]`, if it is a
/// day of the calendar.
pub fn parse(text: &str) -> Option<(u32, u32, u32)> {
    let text = text.trim();
    let (y, m, d) = if let [m, d, y] = text.split('/').collect::<Vec<_>>()[..] {
        (y, m, d)
    } else {
        let day = text.get(..10)?;
        let rest = &text[10..];
        if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
            return None;
        }
        match day.split('-').collect::<Vec<_>>()[..] {
            [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => (y, m, d),
            _ => return None,
        }
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y) && digits(m) && digits(d)) || y.len() != 4 {
        return None;
    }
    let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    (y >= 1000 && (1..=12).contains(&m) && (1..=days_in(y, m)).contains(&d)).then_some((y, m, d))
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The page's date as ISO `YYYY-MM-DD`: the first of [`DATE_KEYS`] that is a real day.
pub fn page_date(meta: &Map<String, Value>) -> Option<String> {
    DATE_KEYS
        .iter()
        .filter_map(|k| meta.get(*k).and_then(Value::as_str))
        .find_map(parse)
        .map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

/// A warning for each date key whose value is not a real day, at the value in the file.
pub fn check(meta: &Map<String, Value>, yaml: Option<&str>, yaml_line: usize, file: &Path) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for key in DATE_KEYS {
        let Some(value) = meta.get(key) else { continue };
        let text = match value {
            Value::String(s) => s.clone(),
            Value::Null => continue,
            other => other.to_string(),
        };
        if parse(&text).is_some() {
            continue;
        }
        // The top-level key, at the start of its line; the column is its value's.
        let at = yaml.and_then(|y| crate::text::yaml::top_level_key(y, key)).map(|(i, col)| (yaml_line + i, col));
        let (line, col) = at.unwrap_or((1, 1));
        let msg = format!("`{key}: {}` is not a date; the page is shown without one", text.trim());
        let hint = "write a real day as YYYY-MM-DD (2024-04-30) or MM/DD/YYYY (04/30/2024)";
        diags.push(Diagnostic::warning(file, line, col, msg).with_code(Code::InvalidDate).with_hint(hint));
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_days_are_dates() {
        assert_eq!(parse("04/30/2024"), Some((2024, 4, 30)));
        assert_eq!(parse("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(parse("2024-04-30T10:00:00Z"), Some((2024, 4, 30)));
        for bad in ["2024-13-45", "2023-02-29", "13/01/2024", "04/31/2024", "not a date", "2024-1-5", "", "2024-04-30x"]
        {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_invalid_date_is_a_warning_at_its_value() {
        let mut meta = Map::new();
        meta.insert("ms.date".into(), Value::String("2024-13-45".into()));
        let yaml = "title: a\nms.date: 2024-13-45\n";
        let d = check(&meta, Some(yaml), 2, Path::new("content/en-us/a.md"));
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line_number(), d[0].col_number()), (3, 10));
        assert_eq!(page_date(&meta), None);
    }
}
