//! A tokenizer for HTML as a browser's reads it, reduced to what decides the document's shape:
//! start and end tags with their names, and the comments, raw text and unfinished markup
//! that make a browser read on past where the author meant to stop. Attributes are skipped the
//! way a browser skips them (a quoted `>` does not end a tag), not collected.

/// One piece of markup, with its byte range in the scanned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// `<name ...>`: the name in lowercase; `self_closing` for `<name ... />`.
    Start { name: String, self_closing: bool, at: usize, end: usize },
    /// `</name ...>`, the name in lowercase.
    End { name: String, at: usize, end: usize },
    /// Markup that opens at `at` and is never finished: a browser would read everything after
    /// it, the page's layout included, as part of it.
    Unfinished { kind: Unfinished, at: usize },
}

/// What kind of markup never ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unfinished {
    /// `<!--` without `-->`.
    Comment,
    /// `<!x`, `<?x` or `</3` without `>`.
    Declaration,
    /// A start or end tag without its `>` (often an unclosed quote in an attribute).
    Tag,
}

/// Elements whose content is text up to their own end tag, markup included.
pub const RAW_TEXT: [&str; 9] =
    ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"];

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// The tokens of `html` from `from` on, one at a time.
pub struct Tokens<'a> {
    html: &'a str,
    pos: usize,
}

impl<'a> Tokens<'a> {
    /// Starts at the beginning of `html`.
    pub fn new(html: &'a str) -> Self {
        Tokens { html, pos: 0 }
    }

    /// Skips the content of a raw-text element whose start tag just ended: returns where its
    /// end tag `</name` starts, or None when it has none (the position is then the end).
    pub fn skip_raw_text(&mut self, name: &str) -> Option<usize> {
        let b = self.html.as_bytes();
        let mut from = self.pos;
        while let Some(i) = self.html[from..].find("</").map(|i| from + i) {
            let after = i + 2 + name.len();
            if b.len() >= after
                && b[i + 2..after].eq_ignore_ascii_case(name.as_bytes())
                && b.get(after).is_none_or(|c| is_space(*c) || *c == b'/' || *c == b'>')
            {
                self.pos = i;
                return Some(i);
            }
            from = i + 2;
        }
        self.pos = b.len();
        None
    }

    /// Reads on from just after the `<` at `at`, once that `<` is to be shown as text: what
    /// followed it, up to the `>` the tag seemed to end at, is then read as a browser will read it.
    pub fn resume_after(&mut self, at: usize) {
        self.pos = at + 1;
    }

    /// Markup at `at` that never ends: reading goes on right after its `<`, which is text.
    fn unfinished(&mut self, kind: Unfinished, at: usize) -> Token {
        self.pos = at + 1;
        Token::Unfinished { kind, at }
    }

    /// `>` after `from`, past quoted attribute values; None when the text ends first.
    fn tag_end(&self, from: usize) -> Option<(usize, bool)> {
        let b = self.html.as_bytes();
        let mut i = from;
        loop {
            while i < b.len() && (is_space(b[i]) || b[i] == b'/') {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'>') {
                    return Some((i + 2, true));
                }
                i += 1;
            }
            match b.get(i)? {
                b'>' => return Some((i + 1, false)),
                _ => {
                    // An attribute name (its first character may be `=`), then perhaps a value.
                    i += 1;
                    while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
                        i += 1;
                    }
                    while i < b.len() && is_space(b[i]) {
                        i += 1;
                    }
                    if b.get(i) != Some(&b'=') {
                        continue;
                    }
                    i += 1;
                    while i < b.len() && is_space(b[i]) {
                        i += 1;
                    }
                    match b.get(i)? {
                        q @ (b'"' | b'\'') => {
                            let q = *q;
                            i += 1 + b[i + 1..].iter().position(|c| *c == q)? + 1;
                        }
                        _ => {
                            while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
                                i += 1;
                            }
                        }
                    }
                }
            }
        }
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let b = self.html.as_bytes();
        loop {
            let at = self.pos + self.html[self.pos..].find('<')?;
            let rest = &self.html[at..];
            let next = b.get(at + 1).copied();
            if rest.starts_with("<!--") {
                // `<!-->` and `<!--->` are whole (empty) comments; else `-->` or `--!>` ends one.
                let body = &self.html[at + 4..];
                let end = if body.starts_with('>') {
                    Some(at + 5)
                } else if body.starts_with("->") {
                    Some(at + 6)
                } else {
                    let close = body.find("-->").map(|i| at + 4 + i + 3);
                    let bang = body.find("--!>").map(|i| at + 4 + i + 4);
                    match (close, bang) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    }
                };
                match end {
                    Some(end) => self.pos = end,
                    None => return Some(self.unfinished(Unfinished::Comment, at)),
                }
                continue;
            }
            let end_tag = next == Some(b'/');
            let name_start = at + if end_tag { 2 } else { 1 };
            let starts_name = b.get(name_start).is_some_and(u8::is_ascii_alphabetic);
            if next == Some(b'!') || next == Some(b'?') || (end_tag && !starts_name && b.get(name_start) != Some(&b'>'))
            {
                // A declaration or a bogus comment: it ends at the first `>`.
                match self.html[at + 2..].find('>') {
                    Some(i) => self.pos = at + 2 + i + 1,
                    None => return Some(self.unfinished(Unfinished::Declaration, at)),
                }
                continue;
            }
            if !starts_name {
                // `</>` is dropped by a browser, a `<` before anything else is text.
                self.pos = at + if end_tag { 3 } else { 1 };
                continue;
            }
            let mut name_end = name_start;
            while name_end < b.len() && !is_space(b[name_end]) && !matches!(b[name_end], b'/' | b'>') {
                name_end += 1;
            }
            let name = self.html[name_start..name_end].to_ascii_lowercase();
            let Some((end, self_closing)) = self.tag_end(name_end) else {
                return Some(self.unfinished(Unfinished::Tag, at));
            };
            self.pos = end;
            return Some(if end_tag {
                Token::End { name, at, end }
            } else {
                Token::Start { name, self_closing, at, end }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(html: &str) -> Vec<String> {
        Tokens::new(html)
            .map(|t| match t {
                Token::Start { name, self_closing, .. } => format!("<{name}{}", if self_closing { "/" } else { "" }),
                Token::End { name, .. } => format!("</{name}"),
                Token::Unfinished { kind, at } => format!("{kind:?}@{at}"),
            })
            .collect()
    }

    #[test]
    fn tags_comments_and_text_as_a_browser_reads_them() {
        assert_eq!(
            names(r#"<DIV class="a>b" data-x='y'>x < y<!-- </div> --><br/></Div ><!doctype html><?pi?></>"#),
            ["<div", "<br/", "</div"]
        );
        assert_eq!(names("<!--><p><!---><p>"), ["<p", "<p"]);
        assert_eq!(names("<p title=a/>"), ["<p"], "an unquoted value takes the slash");
    }

    #[test]
    fn unfinished_markup_is_reported_where_it_opens() {
        assert_eq!(names("<p>x<!-- never"), ["<p", "Comment@4"]);
        assert_eq!(names(r#"<a href="x>never"#), ["Tag@0"]);
        assert_eq!(names("ok <!doctype"), ["Declaration@3"]);
    }

    #[test]
    fn raw_text_ends_at_its_own_end_tag_only() {
        let html = "<script>if (a </b) x = '</scripts>';</SCRIPT >after";
        let mut t = Tokens::new(html);
        assert!(matches!(t.next(), Some(Token::Start { ref name, .. }) if name == "script"));
        let at = t.skip_raw_text("script").unwrap();
        assert_eq!(&html[at..at + 9], "</SCRIPT ");
        assert!(matches!(t.next(), Some(Token::End { ref name, .. }) if name == "script"));
        let mut t = Tokens::new("<style>never closed");
        t.next();
        assert_eq!(t.skip_raw_text("style"), None);
        assert_eq!(t.next(), None);
    }
}
