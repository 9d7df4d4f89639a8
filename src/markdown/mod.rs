//! Markdown to HTML with pulldown-cmark: GFM extensions, docs alerts, highlighted code,
//! heading ids that honour `<a name>` and `{#id}`, every anchor collected, every link resolved
//! through the caller and recorded with its line and column.

mod headings;
pub mod highlight;
pub mod html_attrs;
pub mod slug;

use crate::diagnostics::LineIndex;
use highlight::Highlighter;
use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// One heading of a page, for the on-this-page list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Its anchor id.
    pub id: String,
    /// Its plain text.
    pub text: String,
}

/// What kind of element a link came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    /// `[text](href)` or a reference link.
    Link,
    /// `![alt](src)`.
    Image,
    /// `href`/`src` in raw HTML.
    Html,
}

/// A link as written in the source, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLink {
    /// The destination as written.
    pub href: String,
    /// Link, image or raw HTML.
    pub kind: LinkKind,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column in the file.
    pub col: usize,
}

/// The labels of the docs alerts, in the page's language.
#[derive(Debug, Clone)]
pub struct AlertLabels {
    /// Note, Tip, Important, Warning, Caution, in that order.
    pub labels: [String; 5],
}

impl Default for AlertLabels {
    fn default() -> Self {
        AlertLabels { labels: ["Note", "Tip", "Important", "Warning", "Caution"].map(String::from) }
    }
}

/// What the renderer needs from the rest of the pipeline.
pub struct RenderContext<'a> {
    /// Grammars for fenced code.
    pub highlighter: &'a Highlighter,
    /// Alert titles in the page's language.
    pub alerts: &'a AlertLabels,
    /// Maps a link as written to the URL to print (None keeps it as written).
    pub rewrite: &'a (dyn Fn(&str) -> Option<String> + Sync),
}

/// A page body rendered to HTML, with what the site graph needs to know about it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// h2..h6 in order (the h1 is the page title).
    pub headings: Vec<Heading>,
    /// Text of the first h1, if any.
    pub h1: Option<String>,
    /// The id of the h1 that opened the body; that h1 is left out of `html` because the theme
    /// prints the page heading itself.
    pub leading_h1_id: Option<String>,
    /// Every id and name a `#fragment` can point at.
    pub anchors: Vec<String>,
    /// Every link and image in the body.
    pub links: Vec<SourceLink>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Renders a page body. `body_offset` is where the body starts in the file `file_text`, so
/// recorded positions are the file's.
pub fn render(file_text: &str, body_offset: usize, ctx: &RenderContext<'_>) -> Rendered {
    let body = &file_text[body_offset..];
    let lines = LineIndex::new(file_text);
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(body, options()).into_offset_iter().collect();
    let mut out = Rendered::default();
    let ids = headings::assign_ids(&events, &mut out);
    let mut html_events: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        let at = |offset: usize| lines.position(body_offset + offset);
        match event {
            Event::Start(Tag::Heading { level: HeadingLevel::H1, .. })
                if html_events.is_empty() && out.leading_h1_id.is_none() =>
            {
                out.leading_h1_id = Some(ids[&i].id.clone());
                while i < events.len() && !matches!(events[i].0, Event::End(TagEnd::Heading(_))) {
                    i += 1;
                }
            }
            Event::Start(Tag::Heading { level, classes, attrs, .. }) => {
                let plan = &ids[&i];
                html_events.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(plan.id.clone())),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
                // The `<a name="x"></a>` that gave the id is dropped: the heading carries it now.
                i += 1 + plan.skip;
                continue;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let mut code = String::new();
                i += 1;
                while i < events.len() && !matches!(events[i].0, Event::End(TagEnd::CodeBlock)) {
                    if let Event::Text(t) = &events[i].0 {
                        code.push_str(t);
                    }
                    i += 1;
                }
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split([' ', ',', '{']).next().unwrap_or(""),
                    CodeBlockKind::Indented => "",
                };
                html_events.push(Event::Html(ctx.highlighter.code_block(lang, &code).to_string().into()));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, n) = alert_kind(*kind);
                let label = highlight::escape_text(&ctx.alerts.labels[n]);
                let html =
                    format!("<div class=\"alert alert-{class}\" role=\"note\"><p class=\"alert-title\">{label}</p>\n");
                html_events.push(Event::Html(html.into()));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => html_events.push(Event::Html("</div>\n".into())),
            Event::Start(tag @ (Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })) => {
                let (line, col) = at(range.start);
                let kind = if matches!(tag, Tag::Image { .. }) { LinkKind::Image } else { LinkKind::Link };
                out.links.push(SourceLink { href: dest_url.to_string(), kind, line, col });
                let mut tag = tag.clone();
                if let (Some(new), Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) =
                    ((ctx.rewrite)(dest_url), &mut tag)
                {
                    *dest_url = new.into();
                }
                html_events.push(Event::Start(tag));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                out.anchors.push(label.to_string());
                html_events.push(event.clone());
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                let html = raw_html(raw, range.start, &lines, body_offset, ctx, &mut out);
                let inline = matches!(event, Event::InlineHtml(_));
                let html = CowStr::from(html);
                html_events.push(if inline { Event::InlineHtml(html) } else { Event::Html(html) });
            }
            _ => html_events.push(event.clone()),
        }
        i += 1;
    }
    out.anchors.extend(ids.values().map(|p| p.id.clone()));
    out.anchors.sort();
    out.anchors.dedup();
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, html_events.into_iter());
    out.html = html;
    out
}

fn alert_kind(kind: BlockQuoteKind) -> (&'static str, usize) {
    match kind {
        BlockQuoteKind::Note => ("note", 0),
        BlockQuoteKind::Tip => ("tip", 1),
        BlockQuoteKind::Important => ("important", 2),
        BlockQuoteKind::Warning => ("warning", 3),
        BlockQuoteKind::Caution => ("caution", 4),
    }
}

/// Records the anchors and links of a raw HTML fragment and returns it with links rewritten.
fn raw_html(
    raw: &str,
    start: usize,
    lines: &LineIndex<'_>,
    body_offset: usize,
    ctx: &RenderContext<'_>,
    out: &mut Rendered,
) -> String {
    let attrs = html_attrs::scan(raw);
    let mut html = String::with_capacity(raw.len());
    let mut copied = 0;
    for a in &attrs {
        if html_attrs::is_anchor_attr(a) {
            out.anchors.push(a.value.to_string());
        } else if html_attrs::is_link_attr(a) {
            let (line, col) = lines.position(body_offset + start + a.value_range.start);
            out.links.push(SourceLink { href: a.value.to_string(), kind: LinkKind::Html, line, col });
            if let Some(new) = (ctx.rewrite)(a.value) {
                html.push_str(&raw[copied..a.value_range.start]);
                html.push_str(&highlight::escape_attr(&new));
                copied = a.value_range.end;
            }
        }
    }
    html.push_str(&raw[copied..]);
    html
}

#[cfg(test)]
mod tests;
