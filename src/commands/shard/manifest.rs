//! `.guidebook-shard.json`: what a shard built, and what `merge` needs from it to write the
//! files the whole site shares: the shard's sitemap entries and, when the shard could not write
//! a locale's search index itself (a version shard), its pages' search documents.

use super::{stubs, Shard, MANIFEST};
use crate::diagnostics::{Code, Diagnostic};
use crate::markdown::SectionText;
use crate::output::Sink;
use crate::site::Site;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The manifest's format number.
pub const FORMAT: u32 = 1;

/// One `<url>` entry of the sitemap, with the URL it is sorted by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SitemapEntry {
    /// The page URL (the sort key).
    pub url: String,
    /// The entry's XML, as a single build writes it.
    pub xml: String,
}

/// What the search index reads of one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchDoc {
    /// Its path below the locale folder (pages are indexed in path order).
    pub rel_path: String,
    /// Its URL.
    pub url: String,
    /// Its heading.
    pub heading: String,
    /// Its `description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// (anchor, heading, text) per section.
    pub sections: Vec<(Option<String>, String, String)>,
}

/// The search documents of one locale's pages in this shard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchDocs {
    /// The locale.
    pub locale: String,
    /// Its pages built here, in path order.
    pub docs: Vec<SearchDoc>,
}

/// The manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT`].
    pub format: u32,
    /// Locales built (empty: all).
    pub locales: Vec<String>,
    /// Versions built (empty: all).
    pub versions: Vec<String>,
    /// Pages written (stand-ins not counted).
    pub pages: usize,
    /// The site's base URL the shard was built for.
    pub base_url: String,
    /// SHA-256 of the index file it was built with.
    pub index: String,
    /// Its pages' sitemap entries.
    pub sitemap: Vec<SitemapEntry>,
    /// Search documents of locales whose index `merge` writes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub search: Vec<SearchDocs>,
}

/// The sitemap entries of the pages the shard built: cut from the sitemap of its whole site
/// graph (stubs give each entry its translations), so they read as a single build's.
fn sitemap_entries(site: &Site) -> Vec<SitemapEntry> {
    let origin = &site.config.origin;
    let own: HashMap<String, &str> = site
        .pages
        .iter()
        .filter(|p| !p.stub && p.fallback_from.is_none())
        .map(|p| (crate::text::escape::attr(&format!("{origin}{}", p.url)), p.url.as_str()))
        .collect();
    let text = crate::output::publish::sitemap(site);
    let mut entries = Vec::new();
    for block in text.split_inclusive("</url>\n") {
        let Some(start) = block.find("  <url>\n") else { continue };
        let block = &block[start..];
        let loc = block.split_once("<loc>").and_then(|(_, r)| r.split_once("</loc>")).map(|(l, _)| l);
        if let Some(url) = loc.and_then(|l| own.get(l)) {
            entries.push(SitemapEntry { url: url.to_string(), xml: block.to_string() });
        }
    }
    entries
}

/// The search documents of the shard's pages in the locales whose index it cannot write.
fn search_docs(site: &Site, shard: &Shard) -> Vec<SearchDocs> {
    let locales =
        site.config.locales.iter().filter(|l| shard.has_locale(&l.code) && !shard.writes_search_index(&l.code));
    locales
        .map(|l| SearchDocs {
            locale: l.code.clone(),
            docs: site
                .pages
                .iter()
                .filter(|p| p.locale == l.code && !p.stub)
                .map(|p| SearchDoc {
                    rel_path: p.rel_path.clone(),
                    url: p.url.clone(),
                    heading: p.heading.clone(),
                    description: p.meta.description.clone(),
                    sections: p
                        .sections
                        .iter()
                        .map(|s| (s.anchor.clone(), s.heading.clone(), s.text.clone()))
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

/// Writes the manifest of a shard's build into `sink`.
pub fn write(site: &Site, shard: &Shard, sink: &dyn Sink) -> Vec<Diagnostic> {
    let manifest = Manifest {
        format: FORMAT,
        locales: shard.locales.clone(),
        versions: shard.versions.clone(),
        pages: site.counts().iter().map(|(_, n)| n).sum(),
        base_url: site.config.base_url(),
        index: shard.index_digest.clone(),
        sitemap: sitemap_entries(site),
        search: search_docs(site, shard),
    };
    let text = serde_json::to_string(&manifest).expect("plain data serialises");
    match sink.write(MANIFEST, text.as_bytes()) {
        Ok(()) => Vec::new(),
        Err(e) => vec![Diagnostic::file_error(MANIFEST, format!("cannot write: {e}")).with_code(Code::Io)],
    }
}

/// Reads a shard folder's manifest.
pub fn read(dir: &Path) -> Result<Manifest, Diagnostic> {
    let path = dir.join(MANIFEST);
    let hint = "give merge the --out folders of `guidebook build --locale/--version --index`";
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Diagnostic::file_error(dir, format!("{} is not a shard's output: cannot read {MANIFEST}: {e}", dir.display()))
            .with_code(Code::Merge)
            .with_hint(hint)
    })?;
    let manifest: Manifest = serde_json::from_str(&text).map_err(|e| {
        Diagnostic::error(&path, e.line(), e.column(), format!("not a shard manifest: {e}"))
            .with_code(Code::Merge)
            .with_hint(hint)
    })?;
    if manifest.format != FORMAT {
        let msg = format!("shard manifest format {} is not {FORMAT}", manifest.format);
        return Err(Diagnostic::error(&path, 1, 1, msg)
            .with_code(Code::Merge)
            .with_hint("build the shards and merge them with one guidebook"));
    }
    Ok(manifest)
}

/// Search documents as pages the search index can read.
pub fn doc_pages(docs: &[SearchDocs]) -> Vec<crate::page::Page> {
    let mut pages = Vec::new();
    for set in docs {
        for d in &set.docs {
            let mut page = stubs::blank(&set.locale, &d.rel_path, Path::new(&d.rel_path), &d.url);
            page.heading = d.heading.clone();
            if let Some(desc) = &d.description {
                page.meta.insert("description".into(), desc.clone().into());
            }
            page.sections = d
                .sections
                .iter()
                .map(|(anchor, heading, text)| SectionText {
                    anchor: anchor.clone(),
                    heading: heading.clone(),
                    text: text.clone(),
                })
                .collect();
            pages.push(page);
        }
    }
    pages
}

/// A sink that keeps only the search indexes of some locales (`search::write_indexes` writes
/// every locale's; a shard keeps those it owns).
pub struct SearchFilter<'a> {
    inner: &'a dyn Sink,
    /// The kept locales' folders below the output root (`en-us/`; empty for a flat site).
    keep: Vec<String>,
    /// The site's version names (their indexes sit one folder deeper).
    versions: Vec<String>,
}

impl<'a> SearchFilter<'a> {
    /// Keeps the indexes of `locales` of the site `config` describes: `<locale>/_search/`, and
    /// with versions `<locale>/<version>/_search/`.
    pub fn new(inner: &'a dyn Sink, config: &crate::config::Config, locales: &HashSet<String>) -> Self {
        let keep = config
            .locales
            .iter()
            .filter(|l| locales.contains(&l.code))
            .map(|l| crate::search::locale_folder(config, &l.code))
            .collect();
        let versions = config.versions.iter().map(|v| v.name.clone()).collect();
        SearchFilter { inner, keep, versions }
    }

    fn kept(&self, rel: &str) -> bool {
        let index = crate::search::INDEX_DIR;
        self.keep.iter().filter_map(|k| rel.strip_prefix(k.as_str())).any(|rest| {
            let mut parts = rest.splitn(3, '/');
            match (parts.next(), parts.next()) {
                (Some(first), _) if first == index => true,
                (Some(version), Some(second)) => second == index && self.versions.iter().any(|v| v == version),
                _ => false,
            }
        })
    }
}

impl Sink for SearchFilter<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        if self.kept(rel) {
            self.inner.write(rel, bytes)
        } else {
            Ok(())
        }
    }
    fn copy(&self, rel: &str, from: &Path) -> std::io::Result<()> {
        if self.kept(rel) {
            self.inner.copy(rel, from)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Memory(Mutex<Vec<String>>);

    impl Sink for Memory {
        fn write(&self, rel: &str, _: &[u8]) -> std::io::Result<()> {
            self.0.lock().unwrap().push(rel.to_string());
            Ok(())
        }
        fn copy(&self, rel: &str, _: &Path) -> std::io::Result<()> {
            self.write(rel, b"")
        }
    }

    #[test]
    fn the_search_filter_passes_only_the_kept_locales_indexes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/en-us")).unwrap();
        let text = "title = \"t\"\nbase_url = \"https://x.test/docs/\"\ndefault_locale = \"en-us\"\n\n[[locales]]\ncode = \"en-us\"\nname = \"E\"\n\n[[locales]]\ncode = \"ko-kr\"\nname = \"K\"\n";
        let config = crate::config::from_toml(dir.path(), text).unwrap();
        let memory = Memory::default();
        let filter = SearchFilter::new(&memory, &config, &HashSet::from(["ko-kr".to_string()]));
        for rel in ["en-us/_search/manifest.json", "ko-kr/_search/p0.json", "ko-kr/other.html"] {
            filter.write(rel, b"x").unwrap();
        }
        assert_eq!(*memory.0.lock().unwrap(), ["ko-kr/_search/p0.json"]);
    }

    #[test]
    fn search_documents_become_pages_the_index_reads() {
        let docs = [SearchDocs {
            locale: "ko-kr".into(),
            docs: vec![SearchDoc {
                rel_path: "a.md".into(),
                url: "/ko-kr/a/".into(),
                heading: "가".into(),
                description: Some("설명".into()),
                sections: vec![(Some("x".into()), "나".into(), "본문".into())],
            }],
        }];
        let pages = doc_pages(&docs);
        assert_eq!((pages[0].locale.as_str(), pages[0].heading.as_str()), ("ko-kr", "가"));
        assert_eq!(pages[0].meta_str("description").as_deref(), Some("설명"));
        assert_eq!(pages[0].sections[0].text, "본문");
    }
}
