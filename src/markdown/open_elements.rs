//! The two structures an HTML parser keeps while it reads, as `contain.rs` follows them: the
//! stack of open elements and the list of formatting elements to re-open. Both keep indexes
//! (by name, by kind of element) so that every question the parsing rules ask ("is a `<p>`
//! open in button scope?") is answered without walking the stack: a body of 10,000 nested
//! lists would otherwise walk 10,000 elements for each of its 20,000 tags.

use rustc_hash::FxHashMap as HashMap;

/// The language an element belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ns {
    Html,
    Svg,
    Math,
}

/// An element open in the body.
#[derive(Debug)]
pub struct Open {
    pub name: String,
    pub ns: Ns,
    /// Where its start tag is, when the author wrote it (None for the renderer's own markup).
    pub raw_at: Option<usize>,
    /// Taken off the stack by a formatting element's end tag while elements above it stay.
    pub gone: bool,
    kinds: u16,
}

pub fn is_one_of(name: &str, set: &[&str]) -> bool {
    set.contains(&name)
}

pub const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "hr", "image", "img", "input", "keygen", "link",
    "meta", "param", "source", "track", "wbr", "frame",
];
pub const FORMATTING: &[&str] =
    &["a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"];
/// Elements that put a marker in the formatting list (formatting does not leak out of them).
pub const MARKERS: &[&str] = &["td", "th", "caption", "applet", "marquee", "object", "template"];
pub const SPECIAL: &[&str] = &[
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "base",
    "basefont",
    "bgsound",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dir",
    "div",
    "dl",
    "dt",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "iframe",
    "img",
    "input",
    "keygen",
    "li",
    "link",
    "listing",
    "main",
    "marquee",
    "menu",
    "meta",
    "nav",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "p",
    "param",
    "plaintext",
    "pre",
    "script",
    "search",
    "section",
    "select",
    "source",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
    "wbr",
    "xmp",
];
/// HTML elements an end tag does not look past for its element ("has an element in scope").
const SCOPE: &[&str] = &["applet", "caption", "html", "table", "td", "th", "marquee", "object", "template"];
/// Start tags that close an open `<p>` first.
pub const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "search",
    "section",
    "summary",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "listing",
    "form",
    "li",
    "dd",
    "dt",
    "table",
    "hr",
    "xmp",
    "plaintext",
];
/// Elements whose end tag may be left out: closing them at the end is no author's mistake.
pub const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption",
    "rb", "rt", "rp", "rtc",
];
pub const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];
/// HTML start tags that end SVG or MathML content.
pub const BREAKOUT: &[&str] = &[
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
    "font",
];

/// Kinds of element the parsing rules stop at, one bit each.
pub mod kind {
    /// Ends the default scope (and every scope built on it).
    pub const SCOPE: u16 = 1;
    /// `<button>`: ends the button scope.
    pub const BUTTON: u16 = 2;
    /// `<ol>`, `<ul>`: end the list item scope.
    pub const LIST: u16 = 4;
    /// `<html>`, `<table>`, `<template>`: end the table scope.
    pub const TABLE: u16 = 8;
    /// A special element (or an SVG/MathML integration point).
    pub const SPECIAL: u16 = 16;
    /// What stops a new `<li>`, `<dd>` or `<dt>` looking for the one to close.
    pub const ITEM_STOP: u16 = 32;
    /// `<template>` and `<html>`: a `<select>` below them does not hold what follows.
    pub const SELECT_STOP: u16 = 64;
    /// Any HTML element.
    pub const HTML: u16 = 128;
    pub const COUNT: usize = 8;
}

/// Where HTML content resumes inside SVG and MathML.
pub fn integration_point(name: &str, ns: Ns) -> bool {
    match ns {
        Ns::Html => false,
        Ns::Svg => is_one_of(name, &["foreignobject", "desc", "title"]),
        Ns::Math => is_one_of(name, &["mi", "mo", "mn", "ms", "mtext", "annotation-xml"]),
    }
}

fn kinds_of(name: &str, ns: Ns) -> u16 {
    let mut k = 0;
    if ns == Ns::Html {
        k |= kind::HTML;
        let special = is_one_of(name, SPECIAL);
        for (set, bit) in [
            (SCOPE, kind::SCOPE),
            (&["button"][..], kind::BUTTON),
            (&["ol", "ul"][..], kind::LIST),
            (&["html", "table", "template"][..], kind::TABLE),
            (&["html", "template"][..], kind::SELECT_STOP),
        ] {
            if is_one_of(name, set) {
                k |= bit;
            }
        }
        if special {
            k |= kind::SPECIAL;
            if !is_one_of(name, &["address", "div", "p"]) {
                k |= kind::ITEM_STOP;
            }
        }
    } else {
        k |= kind::ITEM_STOP;
        if integration_point(name, ns) {
            k |= kind::SCOPE | kind::SPECIAL;
        }
    }
    k
}

/// The stack of open elements, indexed.
#[derive(Default)]
pub struct OpenElements {
    items: Vec<Open>,
    /// Stack positions of open HTML elements by name, and of SVG/MathML ones.
    html_at: HashMap<String, Vec<usize>>,
    foreign_at: HashMap<String, Vec<usize>>,
    /// Stack positions of the elements of each kind (bit `1 << n` in list n).
    kind_at: [Vec<usize>; kind::COUNT],
}

impl OpenElements {
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn last(&self) -> Option<&Open> {
        self.items.last()
    }

    /// True when the current element is SVG or MathML content (not an integration point).
    pub fn in_foreign(&self) -> bool {
        self.last().is_some_and(|t| t.ns != Ns::Html && !integration_point(&t.name, t.ns))
    }

    pub fn push(&mut self, name: String, ns: Ns, raw_at: Option<usize>) {
        let i = self.items.len();
        let kinds = kinds_of(&name, ns);
        let by_name = if ns == Ns::Html { &mut self.html_at } else { &mut self.foreign_at };
        by_name.entry(name.clone()).or_default().push(i);
        for (n, list) in self.kind_at.iter_mut().enumerate() {
            if kinds & (1 << n) != 0 {
                list.push(i);
            }
        }
        self.items.push(Open { name, ns, raw_at, gone: false, kinds });
    }

    /// Closes the elements from position `i` up; returns them, topmost first.
    pub fn pop_to(&mut self, i: usize) -> Vec<Open> {
        let mut closed = Vec::with_capacity(self.items.len().saturating_sub(i));
        while self.items.len() > i {
            let e = self.items.pop().expect("len > i");
            let at = self.items.len();
            if !e.gone {
                let by_name = if e.ns == Ns::Html { &mut self.html_at } else { &mut self.foreign_at };
                if let Some(list) = by_name.get_mut(&e.name) {
                    list.pop_if(|p| *p == at);
                }
            }
            for (n, list) in self.kind_at.iter_mut().enumerate() {
                if e.kinds & (1 << n) != 0 {
                    list.pop_if(|p| *p == at);
                }
            }
            closed.push(e);
        }
        closed
    }

    /// Takes the topmost open HTML `name` off the stack, leaving the elements above it open.
    pub fn take_out(&mut self, i: usize) {
        let e = &mut self.items[i];
        if let Some(list) = self.html_at.get_mut(&e.name) {
            list.pop_if(|p| *p == i);
        }
        e.gone = true;
    }

    /// The topmost open HTML element named one of `names`.
    pub fn top_html(&self, names: &[&str]) -> Option<usize> {
        names.iter().filter_map(|n| self.html_at.get(*n)?.last().copied()).max()
    }

    /// The topmost open SVG or MathML element named `name`.
    pub fn top_foreign(&self, name: &str) -> Option<usize> {
        self.foreign_at.get(name)?.last().copied()
    }

    /// The topmost open element of any of the kinds in `kinds`.
    pub fn top_kind(&self, kinds: u16) -> Option<usize> {
        (0..kind::COUNT).filter(|n| kinds & (1 << n) != 0).filter_map(|n| self.kind_at[n].last().copied()).max()
    }

    /// The topmost HTML element named one of `names`, unless an element of `stops` is above
    /// it (`Ok(None)`); `Err` when neither is open: the search would go on outside the body.
    pub fn find(&self, names: &[&str], stops: u16) -> Result<Option<usize>, ()> {
        match (self.top_html(names), self.top_kind(stops)) {
            (Some(n), Some(s)) if n >= s => Ok(Some(n)),
            (Some(n), None) => Ok(Some(n)),
            (_, Some(_)) => Ok(None),
            (None, None) => Err(()),
        }
    }
}

/// The list of formatting elements a browser re-opens in later content, indexed.
#[derive(Default)]
pub struct FormattingList {
    /// (name, where the author opened it); None for a removed entry.
    entries: Vec<Option<(String, Option<usize>)>>,
    by_name: HashMap<String, Vec<usize>>,
    markers: Vec<usize>,
}

impl FormattingList {
    pub fn push(&mut self, name: String, raw_at: Option<usize>) {
        self.by_name.entry(name.clone()).or_default().push(self.entries.len());
        self.entries.push(Some((name, raw_at)));
    }

    pub fn push_marker(&mut self) {
        self.markers.push(self.entries.len());
        self.entries.push(None);
    }

    /// Drops the entries after the last marker, and the marker.
    pub fn clear_to_marker(&mut self) {
        let from = self.markers.pop().unwrap_or(0);
        for (name, _) in self.entries.drain(from..).flatten() {
            if let Some(list) = self.by_name.get_mut(&name) {
                list.pop();
            }
        }
    }

    /// The entry of `name` after the last marker, if any.
    pub fn listed(&self, name: &str) -> Option<usize> {
        let at = *self.by_name.get(name)?.last()?;
        (self.markers.last().is_none_or(|m| at > *m)).then_some(at)
    }

    /// Removes the entry `listed` gave.
    pub fn remove(&mut self, at: usize) {
        if let Some((name, _)) = self.entries[at].take() {
            if let Some(list) = self.by_name.get_mut(&name) {
                list.pop_if(|p| *p == at);
            }
        }
    }

    /// Every remaining entry, last first.
    pub fn drain_rev(&mut self) -> Vec<(String, Option<usize>)> {
        self.by_name.clear();
        self.markers.clear();
        std::mem::take(&mut self.entries).into_iter().rev().flatten().collect()
    }
}
