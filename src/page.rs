//! A page: one markdown file of one locale, parsed into front matter, HTML, headings, anchors
//! and links. Parsing a page reads only that file.

use crate::diagnostics::{Diagnostic, LineIndex};
use crate::discover::SourceFile;
use crate::frontmatter;
use crate::links::LinkIndex;
use crate::markdown::{self, highlight::Highlighter, AlertLabels, Heading, RenderContext, SourceLink};
use serde_json::{Map, Value};
use std::path::PathBuf;

/// A parsed page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Its locale.
    pub locale: String,
    /// Its path below the locale folder: `marketplace/policies-terms.md`.
    pub rel_path: String,
    /// Its path as the author sees it: `content/en-us/marketplace/policies-terms.md`.
    pub source: PathBuf,
    /// Its absolute URL path: `/partner/en-us/marketplace/policies-terms/`.
    pub url: String,
    /// The title (front matter `title`, else the first h1).
    pub title: String,
    /// The heading to show on the page: the body's opening h1, else the title.
    pub heading: String,
    /// The id of the opening h1, so links to it keep working when the theme prints it.
    pub heading_id: Option<String>,
    /// Every front matter key, as YAML gave it.
    pub meta: Map<String, Value>,
    /// The body as HTML.
    pub html: String,
    /// h2..h6 for the on-this-page list.
    pub headings: Vec<Heading>,
    /// Every id and name in the page.
    pub anchors: Vec<String>,
    /// Every link in the body, as written, with its position.
    pub links: Vec<SourceLink>,
}

impl Page {
    /// A front matter value as text (`description`, `author`, ...), if it is a non-empty scalar.
    pub fn meta_str(&self, key: &str) -> Option<String> {
        scalar_string(self.meta.get(key)?)
    }

    /// True for `draft: true`.
    pub fn is_draft(&self) -> bool {
        matches!(self.meta.get("draft"), Some(Value::Bool(true)))
    }

    /// True for machine-translated pages (`translation: machine` or `ms.translationtype: MT`).
    pub fn is_machine_translated(&self) -> bool {
        let t = |k: &str| self.meta_str(k).map(|v| v.to_ascii_lowercase());
        t("translation").as_deref() == Some("machine") || t("ms.translationtype").as_deref() == Some("mt")
    }

    /// `order:` as a number, for navigation order.
    pub fn order(&self) -> Option<i64> {
        self.meta.get("order").and_then(Value::as_i64)
    }

    /// The page date: `date`, else `ms.date`.
    pub fn date(&self) -> Option<String> {
        self.meta_str("date").or_else(|| self.meta_str("ms.date"))
    }
}

fn scalar_string(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// What parsing needs from the rest of the build (shared, read-only).
pub struct ParseContext<'a> {
    /// Which files exist, to resolve links.
    pub links: &'a LinkIndex,
    /// Grammars for code blocks.
    pub highlighter: &'a Highlighter,
    /// Alert labels per locale (the default labels when a locale has none).
    pub alerts: &'a (dyn Fn(&str) -> AlertLabels + Sync),
}

/// Reads and parses one page. Errors name the file, line and column.
pub fn parse(file: &SourceFile, ctx: &ParseContext<'_>) -> Result<Page, Diagnostic> {
    let bytes = std::fs::read(&file.abs_path)
        .map_err(|e| Diagnostic::error(&file.display, 0, 0, format!("cannot read the page: {e}")))?;
    let text = decode(bytes, file)?;
    parse_text(file, &text, ctx)
}

/// Checks a file is UTF-8, pointing at the first bad byte when it is not; drops a BOM.
fn decode(bytes: Vec<u8>, file: &SourceFile) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let (line, col) = LineIndex::new(&prefix).position(valid);
            let msg = format!("the file is not valid UTF-8 (byte 0x{:02X})", bytes[valid]);
            Err(Diagnostic::error(&file.display, line, col, msg)
                .with_hint("save the file as UTF-8; editors call it \"UTF-8\" or \"Unicode (UTF-8)\""))
        }
    }
}

/// Parses a page from its text (the part of [`parse`] after reading).
pub fn parse_text(file: &SourceFile, text: &str, ctx: &ParseContext<'_>) -> Result<Page, Diagnostic> {
    let split = frontmatter::split(text, &file.display)?;
    let meta = frontmatter::parse(&split, &file.display)?;
    let alerts = (ctx.alerts)(&file.locale);
    let rewrite = |href: &str| ctx.links.rewrite(&file.locale, &file.rel_path, href);
    let rctx = RenderContext { highlighter: ctx.highlighter, alerts: &alerts, rewrite: &rewrite };
    let rendered = markdown::render(text, split.body_offset, &rctx);
    let title = match meta.get("title") {
        Some(v) => match scalar_string(v) {
            Some(t) => t,
            None => {
                let line = title_line(text);
                return Err(Diagnostic::error(&file.display, line, 1, "the title is empty")
                    .with_hint("write a title after `title:`, or remove the key to use the page's first `# heading`"));
            }
        },
        None => match rendered.h1.clone().filter(|t| !t.is_empty()) {
            Some(t) => t,
            None => {
                return Err(Diagnostic::error(&file.display, 1, 1, "the page has no title")
                    .with_hint("add `title: ...` to the front matter, or start the page with a `# Heading`"))
            }
        },
    };
    Ok(Page {
        locale: file.locale.clone(),
        rel_path: file.rel_path.clone(),
        source: file.display.clone(),
        url: ctx.links.page_url(&file.locale, &file.rel_path),
        heading: rendered.leading_h1_id.as_ref().and(rendered.h1.clone()).unwrap_or_else(|| title.clone()),
        heading_id: rendered.leading_h1_id,
        title,
        meta,
        html: rendered.html,
        headings: rendered.headings,
        anchors: rendered.anchors,
        links: rendered.links,
    })
}

/// The line of the `title:` key, to point at an empty title.
fn title_line(text: &str) -> usize {
    text.lines().position(|l| l.trim_start().starts_with("title:")).map(|i| i + 1).unwrap_or(1)
}
