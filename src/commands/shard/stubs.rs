//! A shard's pages: its own parsed, every other one a stub made from the index file, so links,
//! anchors, xrefs, navigation and the language switcher see the whole site.

use super::index::{Index, IndexPage};
use super::Shard;
use crate::config::Config;
use crate::diagnostics::{self, Code, Diagnostic};
use crate::discover::{SourceFile, Sources};
use crate::page::{Page, ParseContext};
use crate::page_key::{PageKey, PageKeyRef};
use crate::parse::Parsed;
use std::collections::HashMap;
use std::path::Path;

/// A page with nothing but its place: the start of stubs and of search documents.
pub fn blank(locale: &str, rel_path: &str, source: &Path, url: &str) -> Page {
    Page {
        locale: locale.to_string(),
        rel_path: rel_path.to_string(),
        source: source.to_path_buf(),
        url: url.to_string(),
        title: String::new(),
        heading: String::new(),
        heading_id: None,
        meta: Default::default(),
        abs_path: std::path::PathBuf::new(),
        headings: Vec::new(),
        sections: Vec::new(),
        anchors: Vec::new(),
        explicit_anchors: Vec::new(),
        links: Vec::new(),
        onboarding: Vec::new(),
        fallback_from: None,
        freshness: None,
        xrefs: Default::default(),
        stub: true,
        body: Default::default(),
    }
}

/// A page another shard builds, as the index describes it.
pub fn stub(entry: &IndexPage, file: &SourceFile) -> Page {
    let uid = entry.uid.clone().map(|uid| crate::xref::DeclaredUid { uid, line: 0, col: 0 });
    Page {
        title: entry.title.clone(),
        heading: entry.heading.clone().unwrap_or_else(|| entry.title.clone()),
        meta: entry.meta.clone().into(),
        // An index written by hand or by another version may not hold them sorted.
        anchors: Page::anchor_list(entry.anchors.clone()),
        explicit_anchors: entry.explicit_anchors.clone(),
        fallback_from: file.fallback_from.clone(),
        xrefs: crate::xref::PageXrefs { uid, links: Vec::new() },
        ..blank(&file.locale, &file.rel_path, &file.display, &entry.url)
    }
}

/// Parses the shard's own pages (stand-ins of its locales read their default-locale sources)
/// and adds every other discovered page as a stub. A discovered page the index lacks is an
/// error: the index is older than the sources.
pub fn parse(
    sources: &Sources,
    ctx: &ParseContext<'_>,
    drafts: bool,
    config: &Config,
    shard: &Shard,
    index: &Index,
    index_path: &Path,
) -> Parsed {
    let own = Sources {
        pages: sources.pages.iter().filter(|f| shard.owns(config, &f.locale, &f.rel_path)).cloned().collect(),
        ..Sources::default()
    };
    let mut parsed = crate::parse::parse_all(&own, ctx, drafts);
    let entries: HashMap<PageKeyRef<'_>, &IndexPage> =
        index.pages.iter().map(|p| (PageKeyRef::new(&p.locale, &p.rel_path), p)).collect();
    for file in sources.pages.iter().filter(|f| !shard.owns(config, &f.locale, &f.rel_path)) {
        match entries.get(&PageKeyRef::new(&file.locale, &file.rel_path)) {
            Some(e) if e.draft && !drafts => parsed.drafts.push(PageKey::new(&file.locale, &file.rel_path)),
            Some(e) => parsed.pages.push(stub(e, file)),
            // A stand-in the index lacks: the original is new too, and reported as such.
            None if file.fallback_from.is_some() => {}
            None => {
                let msg = format!("this page is not in the index file {}", index_path.display());
                let hint =
                    "export the index again (`guidebook index export`) from these sources and give it to every shard";
                parsed
                    .diagnostics
                    .push(Diagnostic::file_error(&file.display, msg).with_code(Code::Index).with_hint(hint));
            }
        }
    }
    diagnostics::sort(&mut parsed.diagnostics);
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stub_has_the_index_entry_and_no_body() {
        let entry = IndexPage {
            locale: "en-us".into(),
            rel_path: "a.md".into(),
            version: None,
            url: "/en-us/a/".into(),
            title: "A page".into(),
            heading: Some("A heading".into()),
            // Out of order and repeated, as a hand-written index may hold them.
            anchors: vec!["x".into(), "b".into(), "x".into(), "a".into()],
            explicit_anchors: vec![("x".into(), 4)],
            uid: Some("a.uid".into()),
            draft: false,
            fallback_from: None,
            meta: [("order".to_string(), serde_json::Value::from(3))].into_iter().collect(),
        };
        let file = SourceFile {
            locale: "ko-kr".into(),
            rel_path: "a.md".into(),
            display: "content/en-us/a.md".into(),
            abs_path: "/site/content/en-us/a.md".into(),
            fallback_from: Some("en-us".into()),
        };
        let page = stub(&entry, &file);
        assert!(page.stub && page.sections.is_empty());
        assert_eq!(
            (page.locale.as_str(), page.url.as_str(), page.heading.as_str()),
            ("ko-kr", "/en-us/a/", "A heading")
        );
        assert_eq!(page.order(), Some(3));
        assert_eq!(page.fallback_from.as_deref(), Some("en-us"), "a stand-in stays one");
        assert!(["a", "b", "x"].iter().all(|a| page.has_anchor(a)) && !page.has_anchor("c"), "{:?}", page.anchors);
        assert_eq!(page.xrefs.uid.map(|u| u.uid).as_deref(), Some("a.uid"));
    }
}
