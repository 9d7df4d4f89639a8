//! `guidebook index export`: what every page of the site is, for shards that build only some of
//! them: per page its locale, path, URL, title, anchors, uid and draft flag (and the few front
//! matter values other pages show of it). Pages are parsed without highlighting and nothing
//! is rendered, checked or written but this file.

use crate::config::{self, Config};
use crate::diagnostics::{self, Code, Diagnostic};
use crate::discover;
use crate::i18n::translation::SourceHashes;
use crate::links::LinkIndex;
use crate::markdown::{highlight::Highlighter, AlertLabels};
use crate::page::{Page, ParseContext};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::path::Path;

/// The format number written in the file; a shard refuses another.
pub(crate) const FORMAT: u32 = 1;

/// Front matter keys other pages show (navigation labels and order, link descriptions).
const SHOWN_KEYS: [&str; 3] = ["description", "nav_title", "order"];

/// One page (or untranslated stand-in) of one locale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexPage {
    /// Its locale.
    pub(crate) locale: String,
    /// Its path below the locale folder.
    pub(crate) rel_path: String,
    /// Its version's name (absent for pages every version shares, and sites without versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) version: Option<String>,
    /// Its URL path.
    pub(crate) url: String,
    /// Its title.
    pub(crate) title: String,
    /// The heading shown on it, when it differs from the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) heading: Option<String>,
    /// Every id and name in it.
    #[serde(default)]
    pub(crate) anchors: Vec<String>,
    /// The anchors its author set, with their lines (translations must keep them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) explicit_anchors: Vec<(String, usize)>,
    /// Its uid (declared, or made by `[xref] uid`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) uid: Option<String>,
    /// `draft: true`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) draft: bool,
    /// For a stand-in of an untranslated page: the locale whose text it shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) fallback_from: Option<String>,
    /// `description`, `nav_title`, `order`, when set.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub(crate) meta: Map<String, Value>,
}

/// The index file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Index {
    /// [`FORMAT`].
    pub format: u32,
    /// Every page, sorted by locale then path.
    pub pages: Vec<IndexPage>,
    /// SHA-256 of the file read (hex; empty for an index made here).
    #[serde(skip)]
    pub(crate) digest: String,
}

impl IndexPage {
    /// What the index keeps of a parsed page.
    pub(crate) fn of(page: &Page, config: &Config) -> IndexPage {
        let meta: Map<String, Value> =
            SHOWN_KEYS.iter().filter_map(|k| page.meta.get(k).map(|v| (k.to_string(), v.clone()))).collect();
        IndexPage {
            locale: page.locale.clone(),
            rel_path: page.rel_path.clone(),
            version: config.versions.version_of(&page.rel_path).map(|v| v.name.clone()),
            url: page.url.clone(),
            title: page.title.clone(),
            heading: (page.heading != page.title).then(|| page.heading.clone()),
            anchors: page.anchors.clone(),
            explicit_anchors: page.explicit_anchors.clone(),
            uid: crate::xref::index::page_uid(page, config.xref.rule.as_ref()),
            draft: page.is_draft(),
            fallback_from: page.fallback_from.clone(),
            meta,
        }
    }
}

impl Index {
    /// The file's text: one page a line, so that two exports diff readably.
    pub(crate) fn to_json(&self) -> String {
        let mut text = format!("{{\"format\":{},\"pages\":[", self.format);
        for (n, p) in self.pages.iter().enumerate() {
            text.push_str(if n == 0 { "\n" } else { ",\n" });
            text.push_str(&serde_json::to_string(p).expect("plain data serialises"));
        }
        text.push_str("\n]}\n");
        text
    }

    /// Reads an index file; errors name the file, line and column.
    pub(crate) fn load(path: &Path) -> Result<Index, Diagnostic> {
        let hint = "write it with `guidebook index export --root ROOT --out FILE` from the same sources";
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostic::file_error(path, format!("cannot read the index file: {e}"))
                .with_code(Code::Index)
                .with_hint(hint)
        })?;
        let mut index: Index = serde_json::from_str(&text).map_err(|e| {
            Diagnostic::error(path, e.line(), e.column(), format!("not a guidebook index file: {e}"))
                .with_code(Code::Index)
                .with_hint(hint)
        })?;
        if index.format != FORMAT {
            let msg = format!("index format {} is not {FORMAT}, the one this guidebook reads", index.format);
            return Err(Diagnostic::error(path, 1, 1, msg).with_code(Code::Index).with_hint(hint));
        }
        use sha2::Digest;
        index.digest = sha2::Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        Ok(index)
    }
}

/// Parses every page of the site at `root` (drafts and stand-ins included) into an index.
/// Problems in pages are left to the shards that build them; what stops the export is a site
/// that cannot be read (site.toml, content folders).
pub fn export(root: &Path) -> Result<Index, Vec<Diagnostic>> {
    let config = config::load(root)?;
    let (sources, diags) = discover::discover(&config);
    if diagnostics::error_count(&diags) > 0 {
        let mut diags = diags;
        diagnostics::sort(&mut diags);
        return Err(diags);
    }
    let links = LinkIndex::new(&config, &sources);
    let highlighter = Highlighter::without_code();
    // Alert and DocFX labels are text in the body, which the index does not keep.
    let alerts = |_: &str| AlertLabels::default();
    let docfx = |_: &str| crate::docfx::Labels::default();
    let source_hashes = SourceHashes::default();
    let ctx = ParseContext {
        links: &links,
        highlighter: &highlighter,
        alerts: &alerts,
        docfx: &docfx,
        default_locale: &config.default_locale,
        source_hashes: &source_hashes,
        bodies: None,
    };
    // Each page is cut down to its entry as soon as it is parsed: the export holds no page's
    // HTML or text for longer than that page takes.
    let mut pages: Vec<IndexPage> = sources
        .pages
        .par_iter()
        .filter_map(|f| crate::page::parse(f, &ctx).0.map(|p| IndexPage::of(&p, &config)))
        .collect();
    pages.sort_by(|a, b| (&a.locale, &a.rel_path).cmp(&(&b.locale, &b.rel_path)));
    Ok(Index { format: FORMAT, pages, digest: String::new() })
}

/// Writes the index to `out` (through a temporary file beside it, so a reader never sees half).
pub fn write(index: &Index, out: &Path) -> Result<(), Diagnostic> {
    let fail = |e: std::io::Error| {
        Diagnostic::file_error(out, format!("cannot write the index file: {e}"))
            .with_code(Code::Io)
            .with_hint("choose another --out")
    };
    let mut tmp = out.as_os_str().to_owned();
    tmp.push(".tmp");
    std::fs::write(&tmp, index.to_json()).map_err(fail)?;
    std::fs::rename(&tmp, out).map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(locale: &str, rel: &str) -> IndexPage {
        IndexPage {
            locale: locale.into(),
            rel_path: rel.into(),
            version: None,
            url: format!("/{locale}/{rel}/"),
            title: "T".into(),
            heading: None,
            anchors: vec!["a".into()],
            explicit_anchors: Vec::new(),
            uid: None,
            draft: false,
            fallback_from: None,
            meta: Map::new(),
        }
    }

    #[test]
    fn the_file_reads_back_as_written_and_defaults_stay_out() {
        let mut draft = page("ko-kr", "b.md");
        draft.draft = true;
        draft.uid = Some("x.y".into());
        let index = Index { format: FORMAT, pages: vec![page("en-us", "a.md"), draft], digest: String::new() };
        let text = index.to_json();
        assert_eq!(text.lines().count(), 4, "{text}");
        assert!(!text.lines().nth(1).unwrap().contains("draft"), "{text}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index.json");
        write(&index, &path).unwrap();
        let read = Index::load(&path).unwrap();
        assert_eq!(read.pages, index.pages);
        assert_eq!(read.digest.len(), 64);
    }

    #[test]
    fn a_broken_file_is_reported_at_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index.json");
        std::fs::write(&path, "{\"format\":1,\n\"pages\":[}").unwrap();
        let e = Index::load(&path).unwrap_err();
        assert_eq!((e.line_number(), e.col_number()), (2, 10), "{e:?}");
        std::fs::write(&path, "{\"format\":7,\"pages\":[]}").unwrap();
        assert!(Index::load(&path).unwrap_err().message.contains("format 7"));
    }
}
