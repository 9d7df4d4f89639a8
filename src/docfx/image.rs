//! `:::image type="content" source="media/a.png" alt-text="…":::` → a figure (types `content`,
//! `icon` for an inline decorative image, `complex` with a long description up to
//! `:::image-end:::` shown in a `<details>`). `source`, `lightbox` and `link` are copied from the
//! author's text into `src`/`href`, so the link checker resolves them and points at them.

use super::{attrs, value_piece, Cx, Piece};

/// What closes a complex image's figure.
pub const COMPLEX_END: &str = "\n\n</details>\n</figure>\n\n";

/// True for a `:::image-end:::` line.
pub fn is_end(trimmed: &str) -> bool {
    trimmed.trim_end().eq_ignore_ascii_case(":::image-end:::")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Content,
    Icon,
    Complex,
}

/// Where an image stands in its line.
struct Place<'a> {
    /// Nothing else on the line but a blockquote marker.
    alone: bool,
    /// In a blockquote.
    quoted: bool,
    /// What goes on the blank line after a figure: the quote marker, to stay in the quote.
    after: &'a str,
}

/// One `:::image …:::` in a line: offsets in the line of its start, its attribute text, its end.
fn find(line: &str, from: usize) -> Option<(usize, usize, usize)> {
    let mut search = from;
    loop {
        let start = search + line[search..].find(":::image")?;
        let attrs_at = start + 8;
        search = attrs_at;
        // `:::image-end:::` and `:::imagefoo` are not images; nor is one in a code span.
        if !line[attrs_at..].starts_with([' ', '\t']) || line[..start].matches('`').count() % 2 == 1 {
            continue;
        }
        let close = attrs_at + line[attrs_at..].find(":::")?;
        return Some((start, attrs_at, close + 3));
    }
}

/// Rewrites the images of a line (`line` starts at offset `at` of the file). Returns the offset
/// of a complex image, whose long description follows.
pub fn apply(cx: &mut Cx<'_>, line: &str, at: usize, long_description: &str) -> Option<usize> {
    let mut from = 0;
    let mut complex = None;
    while let Some((start, attrs_at, end)) = find(line, from) {
        from = end;
        // Alone on its line, perhaps in a blockquote (`> :::image …:::`): a figure, after which
        // the quote (if any) goes on.
        let before = &line[..start];
        let quoted = before.contains('>');
        let alone = before.trim_start_matches([' ', '\t', '>']).is_empty() && line[end..].trim().is_empty();
        let place = Place { alone, quoted, after: before.trim_end() };
        let opened = one(cx, line, at, (start, attrs_at, end), place, long_description);
        complex = complex.or(opened);
    }
    complex
}

fn one(
    cx: &mut Cx<'_>,
    line: &str,
    at: usize,
    (start, attrs_at, end): (usize, usize, usize),
    place: Place<'_>,
    long_description: &str,
) -> Option<usize> {
    let dir = at + start;
    let (list, junk) = attrs::scan(&line[attrs_at..end - 3]);
    let base = at + attrs_at;
    for j in &junk {
        cx.warn(base + j.at, j.message.clone(), "write name=\"value\" pairs between `:::image` and `:::`");
    }
    let (mut kind, mut source, mut alt, mut border, mut lightbox, mut link) =
        (Kind::Content, None, None, None, None, None);
    for a in &list {
        let value = base + a.value_at..base + a.value_at + a.value.len();
        match a.name.to_ascii_lowercase().as_str() {
            "type" => {
                kind = match a.value.to_ascii_lowercase().as_str() {
                    "content" => Kind::Content,
                    "icon" => Kind::Icon,
                    "complex" => Kind::Complex,
                    other => {
                        let msg = format!("unknown image type `{other}`; it is shown as type=\"content\"");
                        cx.warn(value.start, msg, "use type=\"content\", \"icon\" or \"complex\"");
                        Kind::Content
                    }
                }
            }
            "source" => source = Some(value),
            "alt-text" => alt = Some(a.value),
            "border" => border = Some(!a.value.eq_ignore_ascii_case("false")),
            "lightbox" => lightbox = Some(value),
            "link" => link = Some(value),
            "loc-scope" => {}
            _ => cx.warn(
                base + a.name_at,
                format!("unknown image attribute `{}`; it is ignored", a.name),
                "the attributes are type, source, alt-text, border, lightbox, link and loc-scope",
            ),
        }
    }
    let alone = place.alone;
    // A complex image's long description runs to `:::image-end:::`, so it needs a line of its own.
    if kind == Kind::Complex && (!alone || place.quoted) {
        cx.warn(
            dir,
            "a complex image must be alone on its line, outside blockquotes; it is shown as type=\"content\"",
            "put `:::image type=\"complex\" …:::` on a line of its own",
        );
        kind = Kind::Content;
    }
    let Some(source) = source.filter(|s| !s.is_empty()) else {
        cx.warn(dir, "this image has no source; it is left out", "add source=\"media/picture.png\"");
        cx.replace(dir, at + end, dir, "");
        return None;
    };
    if alt.is_none() && kind != Kind::Icon {
        cx.warn(
            dir,
            "this image has no alt-text, which screen readers need",
            "add alt-text=\"what the picture shows\"",
        );
    }
    let text = cx.origin.text();
    let border = border.unwrap_or(kind != Kind::Icon);
    let mut class = if kind == Kind::Icon { "docfx-icon" } else { "docfx-image" }.to_string();
    if kind == Kind::Complex {
        class.push_str(" complex");
    }
    if border {
        class.push_str(" border");
    }
    let alt = crate::text::escape::attr(if kind == Kind::Icon { "" } else { alt.unwrap_or("") });
    let figure = alone && kind != Kind::Icon;
    let mut pieces = Vec::new();
    let img_class = if figure { String::new() } else { format!(" class=\"{class}\"") };
    if figure {
        pieces.push(Piece::Markup(format!("<figure class=\"{class}\">")));
    }
    // `link` makes the picture a link; `lightbox` a link to a larger picture. Link wins.
    let wrap = link.clone().map(|r| (r, "")).or(lightbox.map(|r| (r, " class=\"lightbox\"")));
    if let Some((href, a_class)) = &wrap {
        pieces.push(Piece::Markup(format!("<a{a_class} href=\"")));
        pieces.push(value_piece(text, href.clone()));
        pieces.push(Piece::Markup("\">".into()));
    }
    pieces.push(Piece::Markup(format!("<img{img_class} src=\"")));
    pieces.push(value_piece(text, source));
    pieces.push(Piece::Markup(format!("\" alt=\"{alt}\">")));
    if wrap.is_some() {
        pieces.push(Piece::Markup("</a>".into()));
    }
    match (figure, kind) {
        (true, Kind::Complex) => {
            let summary = crate::text::escape::text(long_description);
            pieces.push(Piece::Markup(format!("\n<details class=\"long-description\"><summary>{summary}</summary>\n")));
        }
        // The blank line ends the HTML block, so that the next line is markdown again.
        (true, _) => pieces.push(Piece::Markup(format!("</figure>\n{}", place.after))),
        (false, _) => {}
    }
    cx.emit(dir, at + end, &pieces);
    (figure && kind == Kind::Complex).then_some(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_images_in_a_line() {
        let line = r#"Select :::image type="icon" source="a.svg"::: then `:::image x:::` :::image-end:::"#;
        assert_eq!(find(line, 0), Some((7, 15, 45)));
        assert_eq!(find(line, 45), None);
        assert!(is_end(":::image-end:::  "));
        assert!(!is_end(":::image-end::: x"));
    }
}
