//! `::: zone pivot="windows"` … `::: zone-end` and `::: moniker range=">=powershell-7.2"` …
//! `::: moniker-end` keep their markdown inside `<div class="zone" data-pivot="…">` /
//! `<div class="moniker" data-moniker="…">` with a small label. Every zone is shown (guidebook
//! has no pivot switcher), each labelled with its pivot.

use super::{attrs, labels::fill, moniker, Cx, Labels};

/// A block that is open.
pub struct Open {
    kind: &'static str,
    at: usize,
}

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

/// Opens or closes a block at the line `start..end` of the file.
pub fn apply(cx: &mut Cx<'_>, open: &mut Vec<Open>, line: Line<'_>, start: usize, end: usize, labels: &Labels) {
    match line {
        Line::End(kind) => {
            if open.last().is_some_and(|o| o.kind == kind) {
                open.pop();
                cx.replace(start, end, start, "\n</div>\n");
            } else {
                let what = match open.last() {
                    Some(o) => format!("the block open here is a {}", o.kind),
                    None => "no block is open".into(),
                };
                cx.warn(
                    start,
                    format!("`::: {kind}-end` closes nothing: {what}; the line is left out"),
                    format!("remove it, or open the block with `::: {kind} …`"),
                );
                cx.replace(start, end, start, "");
            }
        }
        Line::Start(kind, text, text_at) => {
            let (list, junk) = attrs::scan(text);
            let base = start + text_at;
            for j in &junk {
                cx.warn(base + j.at, j.message.clone(), "write name=\"value\" pairs after the block's name");
            }
            let mut html = format!("<div class=\"{kind}\"");
            let mut label = None;
            for a in &list {
                let name = a.name.to_ascii_lowercase();
                match (kind, name.as_str()) {
                    ("zone", "pivot") => {
                        html.push_str(&format!(" data-pivot=\"{}\"", crate::escape::attr(a.value)));
                        label = Some(fill(&labels.pivot, &[("pivot", &a.value.replace(',', ", "))]));
                    }
                    ("zone", "target") => html.push_str(&format!(" data-target=\"{}\"", crate::escape::attr(a.value))),
                    ("moniker", "range") => {
                        html.push_str(&format!(" data-moniker=\"{}\"", crate::escape::attr(a.value)));
                        let range = moniker::readable(a.value, labels);
                        label = Some(fill(&labels.applies_to, &[("range", &range)]));
                    }
                    _ => {
                        let known = if kind == "zone" { "pivot=\"…\" (or target=\"…\")" } else { "range=\"…\"" };
                        cx.warn(
                            base + a.name_at,
                            format!("unknown {kind} attribute `{}`; it is ignored", a.name),
                            format!("a {kind} takes {known}"),
                        );
                    }
                }
            }
            html.push_str(">\n");
            if let Some(label) = label {
                html.push_str(&format!("<p class=\"{kind}-label\">{}</p>\n", crate::escape::text(&label)));
            }
            open.push(Open { kind, at: start });
            cx.replace(start, end, start, &html);
        }
    }
}

/// Closes the blocks left open at the end of a file, with a warning at each.
pub fn close_all(cx: &mut Cx<'_>, open: &mut Vec<Open>, end: usize) {
    while let Some(o) = open.pop() {
        cx.warn(
            o.at,
            format!("this {} has no `::: {}-end`; it runs to the end of the file", o.kind, o.kind),
            format!("end it with a line `::: {}-end`", o.kind),
        );
        cx.replace(end, end, end, "\n\n</div>\n");
    }
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
