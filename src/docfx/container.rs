//! `::: zone pivot="windows"` … `::: zone-end` and `::: moniker range=">=powershell-7.2"` …
//! `::: moniker-end` keep their markdown inside `<div class="zone" data-pivot="…">` /
//! `<div class="moniker" data-moniker="…">` with a small label. Every zone is shown (guidebook
//! has no pivot switcher), each labelled with its pivot.

use super::{attrs, labels::fill, moniker, Cx, Labels};

/// A parsed `:::` line.
pub enum Line<'a> {
    /// `::: zone …` or `::: moniker …` with its attribute text and that text's offset in the line.
    Start(&'static str, &'a str, usize),
    /// `::: zone-end` or `::: moniker-end`.
    End(&'static str),
}

/// Reads a zone or moniker line (already trimmed at the start).
pub fn parse(trimmed: &str) -> Option<Line<'_>> {
    let after = trimmed.strip_prefix(":::")?;
    let word_at = 3 + (after.len() - after.trim_start().len());
    let rest = &trimmed[word_at..];
    let word_end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
    let word = rest[..word_end].to_ascii_lowercase();
    let tail = rest[word_end..].trim_end().trim_end_matches(":::");
    let kind = match word.trim_end_matches(":::") {
        "zone" => Line::Start("zone", tail, word_at + word_end),
        "moniker" => Line::Start("moniker", tail, word_at + word_end),
        "zone-end" => Line::End("zone"),
        "moniker-end" => Line::End("moniker"),
        _ => return None,
    };
    Some(kind)
}

/// Opens a zone or moniker block in place of `line..end` of the file (`text` is its attribute
/// text, at offset `base` of the file).
pub fn open(cx: &mut Cx<'_>, kind: &str, text: &str, base: usize, (line, end): (usize, usize), labels: &Labels) {
    let (list, junk) = attrs::scan(text);
    let start = line + (cx.origin.text()[line..end].len() - cx.origin.text()[line..end].trim_start().len());
    for j in &junk {
        cx.warn(base + j.at, j.message.clone(), "write name=\"value\" pairs after the block's name");
    }
    let known = if kind == "zone" { "pivot=\"…\" (or target=\"…\")" } else { "range=\"…\"" };
    let mut html = format!("<div class=\"{kind}\"");
    let mut label = None;
    for a in &list {
        let name = a.name.to_ascii_lowercase();
        match (kind, name.as_str()) {
            ("zone", "pivot") => {
                html.push_str(&format!(" data-pivot=\"{}\"", crate::text::escape::attr(a.value)));
                label = Some(fill(&labels.pivot, &[("pivot", &a.value.replace(',', ", "))]));
            }
            ("zone", "target") => html.push_str(&format!(" data-target=\"{}\"", crate::text::escape::attr(a.value))),
            ("moniker", "range") if !a.value.trim().is_empty() => {
                html.push_str(&format!(" data-moniker=\"{}\"", crate::text::escape::attr(a.value)));
                let range = moniker::readable(a.value, labels);
                label = Some(fill(&labels.applies_to, &[("range", &range)]));
            }
            ("moniker", "range") => cx.warn(
                base + a.value_at,
                "the moniker range is empty",
                format!("a moniker takes {known}, such as range=\">=powershell-7.2\""),
            ),
            _ => cx.warn(
                base + a.name_at,
                format!("unknown {kind} attribute `{}`; it is ignored", a.name),
                format!("a {kind} takes {known}"),
            ),
        }
    }
    if !list.iter().any(|a| ["pivot", "target", "range"].contains(&a.name.to_ascii_lowercase().as_str())) {
        cx.warn(start, format!("this {kind} says nothing about what it applies to"), format!("a {kind} takes {known}"));
    }
    html.push_str(">\n");
    if let Some(label) = label {
        html.push_str(&format!("<p class=\"{kind}-label\">{}</p>\n", crate::text::escape::text(&label)));
    }
    cx.replace(line, end, start, &html);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_zone_and_moniker_lines() {
        assert!(matches!(parse(r#"::: zone pivot="windows""#), Some(Line::Start("zone", r#" pivot="windows""#, 8))));
        assert!(matches!(
            parse(r#":::moniker range=">=x-1":::"#),
            Some(Line::Start("moniker", r#" range=">=x-1""#, 10))
        ));
        assert!(matches!(parse("::: zone-end"), Some(Line::End("zone"))));
        assert!(matches!(parse(":::moniker-end:::  "), Some(Line::End("moniker"))));
        assert!(parse(":::image type=\"icon\":::").is_none());
        assert!(parse(":::row:::").is_none());
    }
}
