//! Heading ids: `{#id}` wins, then a leading `<a name="id"></a>` (how translated docs keep the
//! English anchor), then a GitHub slug of the text, made unique in document order.

use super::html_attrs;
use super::slug::{slugify, IdAllocator};
use super::{Heading, Rendered};
use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
// Fx rather than SipHash: the keys are the page's own event indexes and ids, not an attacker's
// choice that could flood one bucket, and a page's few headings are hashed on every build.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

/// The id chosen for the heading that starts at an event index, and how many events after the
/// start tag (the `<a name>` and its `</a>`) the renderer must skip.
pub struct HeadingPlan {
    /// The heading's id.
    pub id: String,
    /// Events to skip after the start tag.
    pub skip: usize,
    /// True when the author chose the id (`{#id}` or `<a name>`), not the slug.
    pub explicit: bool,
}

/// Chooses every heading's id and records the headings (and the first h1) in `out`. Two
/// headings that ask for the same id (`{#x}` or `<a name="x">` twice) would give the page
/// duplicate ids, which browsers resolve to the first: the second gets `x-1`, and is recorded
/// in `out.duplicate_ids` so the author hears of it.
pub fn assign_ids(events: &[(Event<'_>, Range<usize>)], out: &mut Rendered) -> HashMap<usize, HeadingPlan> {
    let mut ids = IdAllocator::default();
    // Explicit ids are reserved first so a slug never takes an id an author chose later on.
    for (event, _) in events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            ids.reserve(id);
        }
    }
    let mut plans = HashMap::default();
    let mut on_headings = HashSet::default();
    for (i, (event, range)) in events.iter().enumerate() {
        let Event::Start(Tag::Heading { level, id: explicit, .. }) = event else {
            continue;
        };
        let (anchor, skip) = leading_anchor(&events[i + 1..]);
        let text = heading_text(&events[i + 1..]);
        let chosen = explicit.is_some() || anchor.is_some();
        let asked = explicit.as_ref().map(|id| id.to_string()).or(anchor);
        let id = match asked {
            Some(id) if on_headings.contains(&id) => {
                out.duplicate_ids.push((id.clone(), range.start));
                ids.unique(&id)
            }
            Some(id) => {
                ids.reserve(&id);
                id
            }
            None => {
                let slug = slugify(&text);
                ids.unique(if slug.is_empty() { "section" } else { &slug })
            }
        };
        on_headings.insert(id.clone());
        let skip = if explicit.is_some() { 0 } else { skip };
        if *level == HeadingLevel::H1 {
            if out.h1.is_none() {
                out.h1 = Some(text.clone());
            }
        } else {
            out.headings.push(Heading { level: *level as u8, id: id.clone(), text });
        }
        plans.insert(i, HeadingPlan { id, skip, explicit: chosen });
    }
    plans
}

/// An `<a name="x">` or `<a id="x">` opening the heading, and how many events it spans.
fn leading_anchor(inner: &[(Event<'_>, Range<usize>)]) -> (Option<String>, usize) {
    let Some((Event::InlineHtml(tag), _)) = inner.first() else {
        return (None, 0);
    };
    let attrs = html_attrs::scan(tag);
    let Some(a) = attrs.iter().find(|a| a.tag.eq_ignore_ascii_case("a") && html_attrs::is_anchor_attr(a)) else {
        return (None, 0);
    };
    if a.value.is_empty() {
        return (None, 0);
    }
    let closes_itself = tag.trim_end().ends_with("</a>");
    let skip = match inner.get(1) {
        Some((Event::InlineHtml(close), _)) if !closes_itself && close.trim().eq_ignore_ascii_case("</a>") => 2,
        _ if closes_itself => 1,
        _ => 0, // an `<a name>` that wraps text is kept; the heading only borrows its id
    };
    (Some(a.value.to_string()), skip)
}

/// The plain text of a heading (code spans included, HTML left out).
fn heading_text(inner: &[(Event<'_>, Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in inner {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}
