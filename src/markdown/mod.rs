//! Markdown to HTML with pulldown-cmark: GFM extensions, docs alerts, highlighted code,
//! heading ids that honour `<a name>` and `{#id}`, every anchor collected, every link resolved
//! through the caller and recorded with its line and column.

pub mod contain;
mod headings;
pub mod highlight;
pub(crate) mod html_attrs;
mod html_tokens;
pub(crate) mod lexers;
mod open_elements;
pub(crate) mod slug;
mod xref_link;

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
    pub(crate) text: String,
}

/// The text under one heading, for search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionText {
    /// The heading's anchor (None above the first heading).
    pub(crate) anchor: Option<String>,
    /// The heading's text.
    pub(crate) heading: String,
    /// The words under it.
    pub(crate) text: String,
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
    /// An entry of a front matter list (`prerequisites:`, `next:`).
    FrontMatter,
}

/// How to print one link, as decided by whoever resolves links.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkRender {
    /// The URL to print; None keeps the link as written.
    pub url: Option<String>,
    /// Set when the link leads to a page in another language (`hreflang`, class `xlang`).
    pub(crate) hreflang: Option<String>,
    /// Set when the link leads nowhere (class `broken`), for sites that only warn.
    pub(crate) broken: bool,
}

/// The link resolver: gets each link as written, what it is, and its byte offset in the text.
pub(crate) type Resolver<'a> = dyn FnMut(&str, LinkKind, usize) -> LinkRender + 'a;

/// The labels of the docs alerts, in the page's language.
#[derive(Debug, Clone)]
pub struct AlertLabels {
    /// Note, Tip, Important, Warning, Caution, in that order.
    pub(crate) labels: [String; 5],
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
}

/// A page body rendered to HTML, with what the site graph needs to know about it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// h2..h6 in order (the h1 is the page title).
    pub headings: Vec<Heading>,
    /// Text of the first h1, if any.
    pub(crate) h1: Option<String>,
    /// The id of the h1 that opened the body; that h1 is left out of `html` because the theme
    /// prints the page heading itself.
    pub leading_h1_id: Option<String>,
    /// Every id and name a `#fragment` can point at, in the order found (repeats kept;
    /// `Page::anchor_list` sorts them for the page).
    pub anchors: Vec<String>,
    /// The text of the page for search: one entry per heading (the first for the text above the
    /// first heading), code blocks left out.
    pub(crate) sections: Vec<SectionText>,
    /// Anchors the author chose (`{#id}`, `<a name>`, `id=` in HTML), with their offsets: a
    /// translation must keep these, as links in every language rely on them.
    pub explicit_anchors: Vec<(String, usize)>,
    /// Ids asked for by a heading after an earlier heading took them, with the later heading's
    /// offset; that heading got a numbered id instead.
    pub(crate) duplicate_ids: Vec<(String, usize)>,
    /// Raw HTML changed so that it stays inside the page (see `contain.rs`), by offset in the body.
    pub(crate) html_problems: Vec<HtmlProblem>,
}

/// A change made to the author's raw HTML to keep it inside the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HtmlProblem {
    /// Byte offset in the rendered body text.
    pub(crate) offset: usize,
    /// What was wrong and what was done.
    pub(crate) message: String,
    /// What the author can do.
    pub(crate) hint: String,
}

/// One raw HTML event of the author's, as handed to the HTML writer.
struct RawEvent {
    /// Its index among the events written.
    index: usize,
    /// Its offset in the body text.
    src: usize,
    /// The length of its (link-resolved) HTML.
    len: usize,
    /// After each link value replaced in it: (offset after the new value, offset after the old).
    moved: Vec<(usize, usize)>,
}

/// Where the author's raw HTML landed in the rendered HTML: from `out` on, the output is the
/// source text from `src` on (up to the next piece).
#[derive(Debug, Clone, Copy)]
struct RawPiece {
    out: usize,
    out_end: usize,
    src: usize,
}

/// A `fmt::Write` into a String that tells how much has been written, so the events fed to the
/// HTML writer can note where each lands.
struct Counting<'a> {
    out: &'a mut String,
    written: &'a std::cell::Cell<usize>,
}

impl std::fmt::Write for Counting<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.out.push_str(s);
        self.written.set(self.out.len());
        Ok(())
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Renders a markdown body; every link goes through `resolve` with its offset in `body`.
pub fn render(body: &str, ctx: &RenderContext<'_>, resolve: &mut Resolver<'_>) -> Rendered {
    // Sized from the body (about 19 bytes per event in the benchmark pages, 24 in the Azure docs)
    // rather than grown from empty by `collect`: the growth copied ~8 times per page (2 % of a
    // build's instructions, callgrind).
    let mut events: Vec<(Event<'_>, Range<usize>)> = Vec::with_capacity(body.len() / 16 + 16);
    events.extend(Parser::new_ext(body, options()).into_offset_iter());
    let mut out = Rendered::default();
    let ids = headings::assign_ids(&events, &mut out);
    let mut html_events: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut raw_events: Vec<RawEvent> = Vec::new();
    out.sections.push(SectionText::default());
    // The current section's words, copied into it at its exact size when it ends: grown in
    // each section's own string, the text was reallocated a dozen times a page and then
    // shrunk to fit (1 % of a build's instructions in realloc, callgrind).
    let mut words = String::with_capacity(body.len());
    let mut in_heading = false;
    // For each open link: the xref it is, whose end tag is a marker too.
    let mut open_links: Vec<Option<usize>> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
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
                let heading = out.headings.iter().find(|h| h.id == plan.id).map(|h| h.text.clone()).unwrap_or_default();
                end_section(&mut out.sections, &mut words);
                out.sections.push(SectionText { anchor: Some(plan.id.clone()), heading, text: String::new() });
                in_heading = true;
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
                let label = crate::text::escape::text(&ctx.alerts.labels[n]);
                let html =
                    format!("<div class=\"alert alert-{class}\" role=\"note\"><p class=\"alert-title\">{label}</p>\n");
                html_events.push(Event::Html(html.into()));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => html_events.push(Event::Html("</div>\n".into())),
            Event::Start(tag @ (Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })) => {
                let is_image = matches!(tag, Tag::Image { .. });
                let how = resolve(dest_url, if is_image { LinkKind::Image } else { LinkKind::Link }, range.start);
                match (!is_image).then(|| crate::xref::marker::value_index(how.url.as_deref())).flatten() {
                    Some(n) => {
                        let search = (!in_heading).then_some(&mut words);
                        i = xref_link::start(&events, i, n, search, &mut html_events, &mut open_links);
                    }
                    None => {
                        open_links.extend((!is_image).then_some(None));
                        html_events.push(link_start(tag, how));
                    }
                }
            }
            Event::End(TagEnd::Link) => html_events.push(xref_link::end(event, open_links.pop())),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                out.anchors.push(label.to_string());
                html_events.push(take(&mut events, i));
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                let (html, moved) = raw_html(raw, range.start, resolve, &mut out);
                raw_events.push(RawEvent { index: html_events.len(), src: range.start, len: html.len(), moved });
                let inline = matches!(event, Event::InlineHtml(_));
                let html = CowStr::from(html);
                html_events.push(if inline { Event::InlineHtml(html) } else { Event::Html(html) });
            }
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                html_events.push(take(&mut events, i));
            }
            Event::Text(t) | Event::Code(t) if !in_heading => {
                words.push_str(t);
                html_events.push(take(&mut events, i));
            }
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                words.push(' ');
                html_events.push(take(&mut events, i));
            }
            _ => html_events.push(take(&mut events, i)),
        }
        i += 1;
    }
    end_section(&mut out.sections, &mut words);
    out.anchors.extend(ids.values().map(|p| p.id.clone()));
    out.explicit_anchors
        .extend(ids.iter().filter(|(_, p)| p.explicit).map(|(i, p)| (p.id.clone(), events[*i].1.start)));
    out.explicit_anchors.sort_by_key(|(_, at)| *at);
    let guard = needs_guard(&html_events, &raw_events);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    if !guard {
        pulldown_cmark::html::push_html(&mut html, html_events.into_iter());
        out.html = html;
        return out;
    }
    // Where each raw piece lands in the HTML, so the guard can tell the author's markup from
    // the renderer's and point its warnings at the author's text.
    let written = std::cell::Cell::new(0);
    let mut starts = Vec::with_capacity(raw_events.len());
    let mut next_raw = raw_events.iter().map(|r| r.index).peekable();
    let events = html_events.into_iter().enumerate().map(|(k, event)| {
        // The writer has written every earlier event when it asks for this one.
        if next_raw.next_if_eq(&k).is_some() {
            starts.push(written.get());
        }
        event
    });
    pulldown_cmark::html::write_html_fmt(Counting { out: &mut html, written: &written }, events)
        .expect("writing to a String cannot fail");
    contain_body(&mut html, &raw_pieces(&raw_events, &starts), &mut out);
    out.html = html;
    out
}

/// Moves event `i` out for the HTML writer, leaving a placeholder: the walk over the events
/// only reads ahead of where it is, and after it only their offsets (cloning each event instead
/// was ~1 % of a build's instructions, callgrind).
fn take<'e>(events: &mut [(Event<'e>, Range<usize>)], i: usize) -> Event<'e> {
    std::mem::replace(&mut events[i].0, Event::SoftBreak)
}

/// Gives the last section the words gathered since it began (a string of their exact size)
/// and empties `words` for the next.
fn end_section(sections: &mut [SectionText], words: &mut String) {
    if let Some(section) = sections.last_mut() {
        section.text = words.as_str().into();
    }
    words.clear();
}

/// True unless every run of the author's raw HTML (pieces with only text between them, such as
/// `<a name="x">` and `</a>`) is self-contained (see [`contain::is_self_contained`]): the guard's
/// walk over the whole body is then skipped, which is most docs pages.
fn needs_guard(html_events: &[Event<'_>], raw_events: &[RawEvent]) -> bool {
    let mut raw = raw_events.iter().map(|r| r.index).peekable();
    let mut run = String::new();
    for (k, event) in html_events.iter().enumerate() {
        if raw.next_if_eq(&k).is_some() {
            if let Event::Html(h) | Event::InlineHtml(h) = event {
                run.push_str(h);
            }
            continue;
        }
        if matches!(event, Event::Text(_) | Event::Code(_) | Event::SoftBreak | Event::HardBreak) {
            continue;
        }
        if !run.is_empty() && !contain::is_self_contained(&run) {
            return true;
        }
        run.clear();
    }
    !run.is_empty() && !contain::is_self_contained(&run)
}

/// The map from the rendered HTML back to the body text, for the author's raw HTML.
fn raw_pieces(raw_events: &[RawEvent], starts: &[usize]) -> Vec<RawPiece> {
    let mut pieces = Vec::new();
    for (raw, &out) in raw_events.iter().zip(starts) {
        let mut from = (out, raw.src);
        for &(out_after, src_after) in &raw.moved {
            pieces.push(RawPiece { out: from.0, out_end: out + out_after, src: from.1 });
            from = (out + out_after, raw.src + src_after);
        }
        pieces.push(RawPiece { out: from.0, out_end: out + raw.len, src: from.1 });
    }
    pieces
}

/// Keeps the body's raw HTML inside the page, noting each change at the author's text.
fn contain_body(html: &mut String, pieces: &[RawPiece], out: &mut Rendered) {
    let piece_at = |at: usize| {
        let i = pieces.partition_point(|p| p.out <= at).checked_sub(1)?;
        Some(pieces[i]).filter(|p| at < p.out_end)
    };
    let (changed, problems) = contain::contain(html, &|at| piece_at(at).is_some());
    out.html_problems.extend(problems.into_iter().map(|p| {
        let offset = piece_at(p.at).map(|piece| piece.src + (p.at - piece.out)).unwrap_or(0);
        HtmlProblem { offset, message: p.message, hint: p.hint }
    }));
    if let Some(changed) = changed {
        *html = changed;
    }
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

/// The start of a link or image with its URL replaced. A link to another language or to
/// nothing gets raw HTML, as pulldown-cmark's tag has no room for `hreflang` and a class.
fn link_start<'e>(tag: &Tag<'e>, how: LinkRender) -> Event<'e> {
    let mut tag = tag.clone();
    if let Tag::Link { dest_url, title, .. } = &tag {
        if how.hreflang.is_some() || how.broken {
            let href = how.url.as_deref().unwrap_or(dest_url);
            let mut html = format!("<a href=\"{}\"", crate::text::escape::attr(href));
            if !title.is_empty() {
                html.push_str(&format!(" title=\"{}\"", crate::text::escape::attr(title)));
            }
            if let Some(lang) = &how.hreflang {
                html.push_str(&format!(" hreflang=\"{}\" class=\"xlang\"", crate::text::escape::attr(lang)));
            }
            if how.broken {
                html.push_str(" class=\"broken\"");
            }
            html.push('>');
            return Event::InlineHtml(html.into());
        }
    }
    if let (Some(new), Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = (how.url, &mut tag) {
        *dest_url = new.into();
    }
    Event::Start(tag)
}

/// Records the anchors of a raw HTML fragment and returns it with its links resolved, and
/// after each replaced value, where it ends in the new text and in the old.
fn raw_html(raw: &str, start: usize, resolve: &mut Resolver<'_>, out: &mut Rendered) -> (String, Vec<(usize, usize)>) {
    let attrs = html_attrs::scan(raw);
    let mut html = String::with_capacity(raw.len());
    let mut moved = Vec::new();
    let mut copied = 0;
    for a in &attrs {
        if html_attrs::is_anchor_attr(a) {
            out.anchors.push(a.value.to_string());
            out.explicit_anchors.push((a.value.to_string(), start + a.value_range.start));
        } else if html_attrs::is_link_attr(a) {
            if let Some(new) = resolve(a.value, LinkKind::Html, start + a.value_range.start).url {
                html.push_str(&raw[copied..a.value_range.start]);
                html.push_str(&crate::text::escape::attr(&new));
                copied = a.value_range.end;
                moved.push((html.len(), copied));
            }
        }
    }
    html.push_str(&raw[copied..]);
    (html, moved)
}

#[cfg(test)]
mod tests;
