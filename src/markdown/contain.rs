//! Keeps a page body inside the page. The theme prints the body inside its own elements
//! (`<main>`, `<article>`, `<div class="prose">`), with the site navigation and footer around
//! them; raw HTML in markdown is passed through as authored, except markup that would reach
//! out of the body: an end tag with no element of the body to close (`</div>`, `</main>`,
//! `</body>`) and markup a browser would read on past the body's end (an unclosed comment, an
//! unfinished tag, `<plaintext>`) are shown as text; `<base>`, which would move every link of
//! the page, is shown as text; elements and raw-text elements (`<script>`, `<textarea>`, ...)
//! still open at the end of the body are closed there. Each change is reported as a warning.
//!
//! The body's elements are followed with the HTML parsing rules that decide what an end tag
//! closes (scopes, implied end tags, formatting elements), reduced to what can change which
//! elements are open when the body ends.

use super::html_tokens::{Token, Tokens, Unfinished, RAW_TEXT};

/// A change made to keep the body in place, at a byte of the HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where, in the body HTML.
    pub at: usize,
    /// What was wrong and what guidebook did.
    pub message: String,
    /// What the author can do.
    pub hint: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    Html,
    Svg,
    Math,
}

/// An element open in the body.
#[derive(Debug)]
struct Open {
    name: String,
    ns: Ns,
    /// Where its start tag is, when the author wrote it (None for the renderer's own markup).
    raw_at: Option<usize>,
}

/// An entry of the list of formatting elements a browser re-opens in later content.
#[derive(Debug)]
enum Formatting {
    Marker,
    Element { name: String, raw_at: Option<usize> },
}

fn is_one_of(name: &str, set: &[&str]) -> bool {
    set.contains(&name)
}

const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "hr", "image", "img", "input", "keygen", "link",
    "meta", "param", "source", "track", "wbr", "frame",
];
const FORMATTING: &[&str] =
    &["a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"];
const SPECIAL: &[&str] = &[
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
    "mi",
    "mo",
    "mn",
    "ms",
    "mtext",
    "annotation-xml",
    "foreignobject",
    "desc",
];
/// Elements an end tag does not look past for its element ("has an element in scope").
const SCOPE: &[&str] = &[
    "applet",
    "caption",
    "html",
    "table",
    "td",
    "th",
    "marquee",
    "object",
    "template",
    "mi",
    "mo",
    "mn",
    "ms",
    "mtext",
    "annotation-xml",
    "foreignobject",
    "desc",
    "title",
];
/// Start tags that close an open `<p>` first.
const CLOSES_P: &[&str] = &[
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
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption",
    "rb", "rt", "rp", "rtc",
];
const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];
/// HTML start tags that end SVG or MathML content.
const BREAKOUT: &[&str] = &[
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

/// Where HTML content resumes inside SVG and MathML.
fn integration_point(e: &Open) -> bool {
    match e.ns {
        Ns::Html => false,
        Ns::Svg => is_one_of(&e.name, &["foreignobject", "desc", "title"]),
        Ns::Math => is_one_of(&e.name, &["mi", "mo", "mn", "ms", "mtext", "annotation-xml"]),
    }
}

/// The body's open elements and the changes it needs.
struct Model<'a> {
    html: &'a str,
    /// Which bytes of `html` the author wrote (raw HTML), to tell them from the renderer's own.
    is_raw: &'a dyn Fn(usize) -> bool,
    stack: Vec<Open>,
    formatting: Vec<Formatting>,
    /// Byte offsets whose `<` is shown as `&lt;`.
    escape: Vec<usize>,
    /// Byte ranges left out (the renderer's own end tags, once the author closed their element).
    drop: Vec<(usize, usize)>,
    /// End tags to add after the body.
    closing: String,
    problems: Vec<Problem>,
}

impl Model<'_> {
    fn problem(&mut self, at: usize, message: String, hint: String) {
        self.problems.push(Problem { at, message, hint });
    }

    /// Where the element `name` is open, looking down from the top and stopping at elements that
    /// end the search (`stops`); None when it is not, or when the body ran out (`Err`).
    fn find(&self, wanted: &dyn Fn(&str) -> bool, stops: &dyn Fn(&Open) -> bool) -> Result<Option<usize>, ()> {
        for (i, e) in self.stack.iter().enumerate().rev() {
            if e.ns == Ns::Html && wanted(&e.name) {
                return Ok(Some(i));
            }
            if stops(e) {
                return Ok(None);
            }
        }
        Err(())
    }

    fn in_scope(&self, name: &str, extra: &[&str]) -> Result<Option<usize>, ()> {
        self.find(&|n| n == name, &|e| {
            integration_point(e) || (e.ns == Ns::Html && (is_one_of(&e.name, SCOPE) || is_one_of(&e.name, extra)))
        })
    }

    fn in_table_scope(&self, names: &[&str]) -> Option<usize> {
        self.find(&|n| is_one_of(n, names), &|e| e.ns == Ns::Html && is_one_of(&e.name, &["html", "table", "template"]))
            .ok()
            .flatten()
    }

    /// Closes every element from `i` up; formatting elements among them stay listed, as a
    /// browser re-opens them in the content that follows.
    fn pop_to(&mut self, i: usize) {
        for e in self.stack.drain(i..) {
            if is_one_of(&e.name, &["td", "th", "caption", "applet", "marquee", "object", "template"]) {
                while let Some(f) = self.formatting.pop() {
                    if matches!(f, Formatting::Marker) {
                        break;
                    }
                }
            }
        }
    }

    fn close_p(&mut self) {
        if let Ok(Some(i)) = self.in_scope("p", &["button"]) {
            self.pop_to(i);
        }
    }

    fn push(&mut self, name: String, ns: Ns, raw_at: Option<usize>) {
        if ns == Ns::Html && FORMATTING.contains(&name.as_str()) {
            self.formatting.push(Formatting::Element { name: name.clone(), raw_at });
        }
        if ns == Ns::Html && is_one_of(&name, &["td", "th", "caption", "applet", "marquee", "object", "template"]) {
            self.formatting.push(Formatting::Marker);
        }
        self.stack.push(Open { name, ns, raw_at });
    }

    /// The listed formatting element `name` after the last marker, if any.
    fn listed(&self, name: &str) -> Option<usize> {
        for (i, f) in self.formatting.iter().enumerate().rev() {
            match f {
                Formatting::Marker => return None,
                Formatting::Element { name: n, .. } if n == name => return Some(i),
                _ => {}
            }
        }
        None
    }

    /// The end of a formatting element (the "adoption agency" reduced): it leaves the list; it
    /// closes what was opened inside it unless a block was, which a browser keeps open.
    /// Returns false when the body holds no such element at all.
    fn end_formatting(&mut self, name: &str) -> bool {
        let Some(listed) = self.listed(name) else { return false };
        self.formatting.remove(listed);
        let Some(i) = self.stack.iter().rposition(|e| e.ns == Ns::Html && e.name == name) else { return true };
        match self.stack[i + 1..].iter().position(|e| e.ns == Ns::Html && is_one_of(&e.name, SPECIAL)) {
            None => self.pop_to(i),
            Some(_) => {
                self.stack.remove(i);
            }
        }
        true
    }

    fn start(&mut self, name: String, self_closing: bool, at: usize) {
        let raw = (self.is_raw)(at);
        let raw_at = raw.then_some(at);
        // Inside SVG or MathML, most tags are of that language, until one of HTML's ends it.
        if let Some(top) = self.stack.last().filter(|t| t.ns != Ns::Html && !integration_point(t)) {
            if !is_one_of(&name, BREAKOUT) {
                let ns = top.ns;
                if !self_closing {
                    self.push(name, ns, raw_at);
                }
                return;
            }
            while self.stack.last().is_some_and(|t| t.ns != Ns::Html && !integration_point(t)) {
                self.stack.pop();
            }
        }
        if raw && (name == "base" || name == "plaintext") {
            self.escape.push(at);
            let (message, hint) = if name == "base" {
                ("`<base>` would change where every link of the page leads, its navigation included; it is shown as text",
                 "write full URLs in the links that need them")
            } else {
                ("`<plaintext>` would turn the rest of the page, its layout included, into text; it is shown as text",
                 "use `<pre>` for preformatted text")
            };
            self.problem(at, message.into(), hint.into());
            return;
        }
        match name.as_str() {
            "svg" | "math" => {
                if !self_closing {
                    let ns = if name == "svg" { Ns::Svg } else { Ns::Math };
                    self.push(name, ns, raw_at);
                }
                return;
            }
            "li" | "dd" | "dt" => {
                let same: &[&str] = if name == "li" { &["li"] } else { &["dd", "dt"] };
                for i in (0..self.stack.len()).rev() {
                    let e = &self.stack[i];
                    if e.ns == Ns::Html && is_one_of(&e.name, same) {
                        self.pop_to(i);
                        break;
                    }
                    if e.ns != Ns::Html
                        || (is_one_of(&e.name, SPECIAL) && !is_one_of(&e.name, &["address", "div", "p"]))
                    {
                        break;
                    }
                }
            }
            "a" | "nobr" if self.listed(&name).is_some() => {
                self.end_formatting(&name.clone());
            }
            "button" => {
                if let Ok(Some(i)) = self.in_scope("button", &[]) {
                    self.pop_to(i);
                }
            }
            "td" | "th" => {
                if let Some(i) = self.in_table_scope(&["td", "th"]) {
                    self.pop_to(i);
                }
            }
            "tr" => {
                if let Some(i) = self.in_table_scope(&["tr"]) {
                    self.pop_to(i);
                }
            }
            "tbody" | "thead" | "tfoot" => {
                if let Some(i) = self.in_table_scope(&["tbody", "thead", "tfoot"]) {
                    self.pop_to(i);
                }
            }
            "option" | "optgroup" if self.stack.last().is_some_and(|t| t.name == "option") => {
                self.stack.pop();
            }
            _ => {}
        }
        if is_one_of(&name, CLOSES_P) {
            self.close_p();
        }
        if is_one_of(&name, HEADINGS) && self.stack.last().is_some_and(|t| is_one_of(&t.name, HEADINGS)) {
            self.stack.pop();
        }
        if !is_one_of(&name, VOID) {
            self.push(name, Ns::Html, raw_at);
        }
    }

    /// An end tag that would look for its element outside the body.
    fn stray(&mut self, name: &str, at: usize, end: usize) {
        if (self.is_raw)(at) {
            self.escape.push(at);
            self.problem(
                at,
                format!(
                    "`</{name}>` closes no element of this page; it would close the page layout around it, so it is shown as text"
                ),
                format!("remove it, or add the `<{name}>` it was meant to close"),
            );
        } else {
            // The renderer's own end tag, for an element the author's HTML closed already.
            self.drop.push((at, end));
        }
    }

    fn end(&mut self, name: String, at: usize, end: usize) {
        // In SVG and MathML an end tag closes the nearest element of its name, down to HTML.
        for i in (0..self.stack.len()).rev() {
            if self.stack[i].ns == Ns::Html {
                break;
            }
            if self.stack[i].name == name {
                self.pop_to(i);
                return;
            }
        }
        let found = match name.as_str() {
            // A browser reads `</br>` as `<br>`, and a lone `</p>` as an empty paragraph: neither
            // can close an element around the body.
            "br" => return,
            "p" => match self.in_scope("p", &["button"]) {
                Ok(found) => Ok(found),
                Err(()) => return,
            },
            "body" | "html" => Err(()),
            "li" => self.in_scope("li", &["ol", "ul"]),
            n if is_one_of(n, HEADINGS) => self.find(&|n| is_one_of(n, HEADINGS), &|e| {
                integration_point(e) || (e.ns == Ns::Html && is_one_of(&e.name, SCOPE))
            }),
            "table" | "tbody" | "thead" | "tfoot" | "tr" | "td" | "th" | "caption" | "colgroup" | "template" => {
                self.find(&|n| n == name, &|e| e.ns == Ns::Html && is_one_of(&e.name, &["html", "table", "template"]))
            }
            n if is_one_of(n, FORMATTING) => {
                if self.end_formatting(n) {
                    return;
                }
                self.any_other(&name)
            }
            n if is_one_of(n, SPECIAL) => self.in_scope(n, &[]),
            _ => self.any_other(&name),
        };
        match found {
            Ok(Some(i)) => self.pop_to(i),
            // Stopped inside the body: a browser ignores it, and so is the page unharmed.
            Ok(None) => {}
            Err(()) => self.stray(&name, at, end),
        }
    }

    /// An end tag without rules of its own closes the nearest element of its name, unless an
    /// element such as `<div>` comes first.
    fn any_other(&self, name: &str) -> Result<Option<usize>, ()> {
        for (i, e) in self.stack.iter().enumerate().rev() {
            if e.name == name {
                return Ok(Some(i));
            }
            if e.ns == Ns::Html && is_one_of(&e.name, SPECIAL) || integration_point(e) {
                return Ok(None);
            }
        }
        Err(())
    }

    /// Markup that never ends: its `<` is shown as text.
    fn unfinished(&mut self, kind: Unfinished, at: usize) {
        self.escape.push(at);
        if !(self.is_raw)(at) {
            return;
        }
        let snippet: String = self.html[at..].chars().take(12).take_while(|c| *c != '\n').collect();
        let (message, hint) = match kind {
            Unfinished::Comment => (
                "`<!--` opens a comment that is never closed; it would hide the rest of the page, its layout included, so it is shown as text".to_string(),
                "end the comment with `-->`",
            ),
            Unfinished::Declaration => (
                format!("`{snippet}` is never ended with `>`; it would swallow the rest of the page, so it is shown as text"),
                "end it with `>`",
            ),
            Unfinished::Tag => (
                format!("the tag `{snippet}…` never ends (an attribute's quote left open?); it would swallow the rest of the page, so it is shown as text"),
                "close the attribute's quotes and end the tag with `>`",
            ),
        };
        self.problem(at, message, hint.into());
    }

    /// After the body: closes what it left open.
    fn finish(&mut self) {
        while let Some(e) = self.stack.pop() {
            self.closing.push_str(&format!("</{}>", e.name));
            if let (Some(at), false) = (e.raw_at, is_one_of(&e.name, OPTIONAL_END) || e.ns != Ns::Html) {
                self.problem(
                    at,
                    format!("`<{}>` is never closed; guidebook closes it at the end of the page", e.name),
                    format!("add `</{}>` where the element should end", e.name),
                );
            }
            if e.ns == Ns::Html && FORMATTING.contains(&e.name.as_str()) {
                if let Some(i) = self.listed(&e.name) {
                    self.formatting.remove(i);
                }
            }
        }
        // Formatting elements closed only implicitly (a `<b>` across a `</p>`): a browser would
        // re-open them in the page's footer; an end tag takes them off its list.
        for f in std::mem::take(&mut self.formatting).into_iter().rev() {
            if let Formatting::Element { name, raw_at } = f {
                self.closing.push_str(&format!("</{name}>"));
                if let Some(at) = raw_at {
                    self.problem(
                        at,
                        format!("`<{name}>` is never closed; guidebook closes it at the end of the page"),
                        format!("add `</{name}>` where the element should end"),
                    );
                }
            }
        }
    }
}

/// Keeps `html` (a page body) inside the page; `is_raw` tells the bytes the author wrote as
/// HTML from the renderer's own. Returns the HTML to print (None when nothing needed changing)
/// and the changes made, in the order of the HTML.
pub fn contain(html: &str, is_raw: &dyn Fn(usize) -> bool) -> (Option<String>, Vec<Problem>) {
    let mut model = Model {
        html,
        is_raw,
        stack: Vec::new(),
        formatting: Vec::new(),
        escape: Vec::new(),
        drop: Vec::new(),
        closing: String::new(),
        problems: Vec::new(),
    };
    let mut tokens = Tokens::new(html);
    while let Some(token) = tokens.next() {
        match token {
            Token::Start { name, self_closing, at, .. } => {
                // In SVG and MathML, `<style>` and `<title>` hold markup like any other element.
                let foreign = model.stack.last().is_some_and(|t| t.ns != Ns::Html && !integration_point(t));
                if RAW_TEXT.contains(&name.as_str()) && !foreign {
                    // Its text runs to its end tag, which must be a whole one: `</script` and
                    // nothing after would end only inside the page layout.
                    let ended = tokens.skip_raw_text(&name).is_some()
                        && match tokens.next() {
                            Some(Token::End { .. }) => true,
                            Some(Token::Unfinished { at, .. }) => {
                                model.escape.push(at);
                                false
                            }
                            _ => false,
                        };
                    if !ended {
                        model.closing.push_str(&format!("</{name}>"));
                        if is_raw(at) {
                            model.problem(
                                at,
                                format!("`<{name}>` has no `</{name}>`; guidebook ends it at the end of the page"),
                                format!("add `</{name}>` where it should end"),
                            );
                        }
                        // The rest of the body is its text.
                        break;
                    }
                    continue;
                }
                model.start(name, self_closing, at);
            }
            Token::End { name, at, end } => model.end(name, at, end),
            Token::Unfinished { kind, at } => model.unfinished(kind, at),
        }
    }
    model.finish();
    let Model { escape, drop, closing, mut problems, .. } = model;
    problems.sort_by_key(|p| p.at);
    if escape.is_empty() && drop.is_empty() && closing.is_empty() {
        return (None, problems);
    }
    let mut edits: Vec<(usize, usize, &str)> = escape.iter().map(|&at| (at, at + 1, "&lt;")).collect();
    edits.extend(drop.iter().map(|&(a, b)| (a, b, "")));
    edits.sort_unstable();
    let mut out = String::with_capacity(html.len() + closing.len() + 4 * edits.len());
    let mut copied = 0;
    for (from, to, with) in edits {
        out.push_str(&html[copied..from]);
        out.push_str(with);
        copied = to;
    }
    out.push_str(&html[copied..]);
    out.push_str(&closing);
    (Some(out), problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Contains `html` as if the author wrote all of it.
    fn raw(html: &str) -> (String, Vec<String>) {
        let (out, problems) = contain(html, &|_| true);
        (
            out.unwrap_or_else(|| html.to_string()),
            problems.into_iter().map(|p| format!("{}: {}", p.at, p.message)).collect(),
        )
    }

    #[test]
    fn balanced_html_is_left_alone() {
        for html in [
            "<div><p>a<b>b</b></p><ul><li>x<li>y</ul></div>",
            "<table><tr><td>a<td>b<tr><td>c</table>",
            "<p>one<p>two<div>three</div>",
            "<svg><path d='M0'/><circle/></svg><br></br></p>",
            "<details><summary>s</summary><script>document.write('</div>')</script></details>",
            "<dl><dt>a<dd>b<dt>c</dl><select><option>a<option>b</select>",
        ] {
            let (out, problems) = contain(html, &|_| true);
            assert_eq!((out, problems), (None, vec![]), "{html}");
        }
    }

    #[test]
    fn end_tags_that_would_close_the_layout_are_shown_as_text() {
        let (out, problems) = raw("<p>x</p></div></article></main><span>y</span></span></body>");
        assert_eq!(out, "<p>x</p>&lt;/div>&lt;/article>&lt;/main><span>y</span>&lt;/span>&lt;/body>");
        assert_eq!(problems.len(), 5, "{problems:?}");
        assert!(problems[0].starts_with("8: `</div>` closes no element"), "{problems:?}");
        // The renderer's own end tags are never shown: one for an element the author closed goes.
        let (out, problems) = contain("<div class=\"alert\"><p>x</div></p></div>", &|at| at == 23);
        assert_eq!(out.as_deref(), Some("<div class=\"alert\"><p>x</div></p>"));
        assert!(problems.is_empty());
    }

    #[test]
    fn end_tags_stopped_inside_the_body_are_harmless() {
        // A browser ignores these: the table cell and the div stop the search.
        for html in ["<table><tr><td></div></td></tr></table>", "<div><span></em></span></div>"] {
            assert_eq!(contain(html, &|_| true), (None, vec![]), "{html}");
        }
    }

    #[test]
    fn elements_left_open_are_closed_at_the_end() {
        let (out, problems) = raw("<div class=x><ul><li>a<table><tr><td>b");
        assert_eq!(out, "<div class=x><ul><li>a<table><tr><td>b</td></tr></table></li></ul></div>");
        assert_eq!(
            problems,
            [
                "0: `<div>` is never closed; guidebook closes it at the end of the page",
                "13: `<ul>` is never closed; guidebook closes it at the end of the page",
                "22: `<table>` is never closed; guidebook closes it at the end of the page"
            ]
        );
        let (out, _) = raw("<select><option>a");
        assert_eq!(out, "<select><option>a</option></select>");
    }

    #[test]
    fn formatting_left_open_across_paragraphs_is_closed() {
        // The renderer's `</p>` closes the `<b>`, but a browser would re-open it in the footer.
        let (out, problems) = contain("<p><b>bold</p><p>more</p>", &|at| at == 3);
        assert_eq!(out.as_deref(), Some("<p><b>bold</p><p>more</p></b>"));
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn unfinished_markup_and_raw_text_cannot_swallow_the_layout() {
        let (out, problems) = raw("<p>a</p><!-- note");
        assert_eq!(out, "<p>a</p>&lt;!-- note");
        assert_eq!(problems.len(), 1);
        let (out, _) = raw("<img src=\"x.png alt=y>z");
        assert_eq!(out, "&lt;img src=\"x.png alt=y>z");
        let (out, problems) = raw("<script>let a = 1;<p>");
        assert_eq!(out, "<script>let a = 1;<p></script>");
        assert!(problems[0].contains("`<script>` has no `</script>`"), "{problems:?}");
        let (out, _) = raw("<textarea>x</div>");
        assert_eq!(out, "<textarea>x</div></textarea>");
        let (out, _) = raw("<style>p{}</style");
        assert_eq!(out, "<style>p{}&lt;/style</style>");
        let (out, _) = raw("<plaintext>x<base href=\"https://elsewhere.example/\">");
        assert_eq!(out, "&lt;plaintext>x&lt;base href=\"https://elsewhere.example/\">");
    }

    #[test]
    fn svg_content_follows_its_own_rules() {
        assert_eq!(contain("<svg><g><rect/></g><title>t</title></svg>", &|_| true), (None, vec![]));
        // An HTML tag inside SVG ends the SVG; the `</svg>` after it closes nothing.
        let (out, problems) = raw("<div><svg><g><p>x</p></svg></div>");
        assert_eq!(out, "<div><svg><g><p>x</p></svg></div>");
        assert!(problems.is_empty(), "{problems:?}");
    }
}
