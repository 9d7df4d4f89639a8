//! `[!VIDEO https://…]` (or `> [!VIDEO …]`) alone on a line becomes an embedded player:
//! `<div class="video"><iframe src="URL" allowfullscreen loading="lazy" title="…"></iframe></div>`.
//! Only http(s) URLs are embedded; anything else is dropped with a warning.

use super::{div::unquote, value_piece, Cx, Piece};

/// True for a `[!VIDEO` line (quoted or not).
pub fn is_directive(trimmed: &str) -> bool {
    trimmed.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("[!video"))
}

/// The URL of `[!VIDEO url]`: its offset in `text` and length; None when the line is more than
/// the directive.
fn parse(text: &str) -> Option<(usize, usize)> {
    let inner = text.get(..7).filter(|p| p.eq_ignore_ascii_case("[!video")).map(|_| &text[7..])?;
    let close = inner.rfind(']')?;
    if !text[7 + close + 1..].trim().is_empty() {
        return None;
    }
    let url = inner[..close].trim();
    let at = 7 + inner.find(url).unwrap_or(0);
    Some((at, url.len()))
}

/// Rewrites the video line `trimmed` (at `start`, up to `end`) into a player.
pub fn apply(cx: &mut Cx<'_>, trimmed: &str, start: usize, end: usize, title: &str) {
    let (q, text) = unquote(trimmed);
    let Some((url_at, len)) = parse(text) else {
        return;
    };
    let url = &text[url_at..url_at + len];
    let at = start + q + url_at;
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) || len <= 8 {
        let shown = if url.is_empty() { "nothing".to_string() } else { format!("`{url}`") };
        cx.warn(
            at,
            format!("[!VIDEO] needs an http(s) URL, not {shown}; the video is left out"),
            "write `[!VIDEO https://…]`, the player's embed URL",
        );
        cx.replace(start, end, start, "");
        return;
    }
    let title = crate::text::escape::attr(title);
    let pieces = [
        Piece::Markup("<div class=\"video\"><iframe src=\"".into()),
        value_piece(cx.origin.text(), at..at + len),
        Piece::Markup(format!("\" allowfullscreen loading=\"lazy\" title=\"{title}\"></iframe></div>\n")),
    ];
    cx.emit(start, end, &pieces);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_url() {
        assert_eq!(parse("[!VIDEO https://x.test/v?id=1]"), Some((8, 21)));
        assert_eq!(parse("[!video   https://x]  "), Some((10, 9)));
        assert_eq!(parse("[!VIDEO https://x] text"), None);
        assert_eq!(parse("[!VIDEO]"), Some((7, 0)));
    }
}
