//! Links the resolver made xrefs (see `crate::xref`): their tags become markers, replaced when
//! the page is rendered, since what an xref leads to is known only once every page is parsed.

use crate::xref::marker;
use pulldown_cmark::{Event, LinkType, Tag, TagEnd};
use std::ops::Range;

/// The start of link `events[i]`, xref number `n`: a whole-autolink marker (its text, the
/// target's title, is not known yet; its uid goes to `search`), else a start-tag marker whose
/// end tag [`end`] marks too. Returns the index of the last event used.
pub(super) fn start<'e>(
    events: &[(Event<'e>, Range<usize>)],
    mut i: usize,
    n: usize,
    search: Option<&mut String>,
    html_events: &mut Vec<Event<'e>>,
    open_links: &mut Vec<Option<usize>>,
) -> usize {
    match &events[i].0 {
        Event::Start(Tag::Link { link_type: LinkType::Autolink, .. }) => {}
        Event::Start(Tag::Link { title, .. }) => {
            // The marker opens the tag (`<a href=".."` or `<span class=".."`); the title closes it.
            let mut tag = marker::start(n);
            if !title.is_empty() {
                tag.push_str(&format!(" title=\"{}\"", crate::text::escape::attr(title)));
            }
            tag.push('>');
            html_events.push(Event::InlineHtml(tag.into()));
            open_links.push(Some(n));
            return i;
        }
        _ => return i,
    }
    html_events.push(Event::InlineHtml(marker::whole(n).into()));
    let mut search = search;
    while i < events.len() && !matches!(events[i].0, Event::End(TagEnd::Link)) {
        if let (Event::Text(t), Some(words)) = (&events[i].0, search.as_deref_mut()) {
            words.push_str(marker::autolink_text(t));
        }
        i += 1;
    }
    i
}

/// The end of a link: a marker when the link was an xref (`open` is what its start pushed).
pub(super) fn end<'e>(event: &Event<'e>, open: Option<Option<usize>>) -> Event<'e> {
    match open {
        Some(Some(n)) => Event::InlineHtml(marker::end(n).into()),
        _ => event.clone(),
    }
}
