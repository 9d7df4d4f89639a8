//! Sharded builds for a CI matrix: `build --locale L --version V --index FILE` builds the pages
//! of some locales and versions only, knowing every other page from an index file
//! (`index export`) as a stub; `merge` joins the shards' outputs into the site one machine
//! would have built.
//!
//! Which shard writes what is decided here, in one place: pages and content files by their
//! locale and version (pages every version shares go with the latest version), per-locale 404
//! and search pages with the latest version, and the files the whole site shares by `merge`.

pub mod index;
pub(crate) mod manifest;
pub mod merge;
pub(crate) mod stubs;

use crate::config::{Config, CONFIG_FILE};
use crate::diagnostics::{Code, Diagnostic};
use crate::output::Sink;
use crate::render::Job;
use crate::site::Site;
use std::path::PathBuf;
use std::sync::Arc;

/// The file in a shard's output that says what the shard built.
pub(crate) const MANIFEST: &str = ".guidebook-shard.json";

/// The part of a site one sharded build writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shard {
    /// Locales built (all when empty), in switcher order.
    pub(crate) locales: Vec<String>,
    /// Versions built (all when empty), in switcher order.
    pub(crate) versions: Vec<String>,
    /// The latest version's name (None for a site without versions).
    latest: Option<String>,
    /// Every version of the site.
    all_versions: usize,
    /// The SHA-256 of the index file the shard was built with (shards merged together must
    /// share one index, or their links may disagree).
    pub(crate) index_digest: String,
}

/// What `build --locale/--version --index` asked for.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// `--locale` values.
    pub locales: Vec<String>,
    /// `--version` values.
    pub versions: Vec<String>,
    /// `--index`.
    pub index: PathBuf,
}

/// A request checked against the site, with its index read.
pub(crate) struct Plan {
    /// What the shard builds.
    pub(crate) shard: Arc<Shard>,
    /// Every page of the site.
    pub(crate) index: index::Index,
    /// Where the index was read from (for messages).
    pub(crate) index_path: PathBuf,
}

impl Request {
    /// Checks the flags against the site and reads the index.
    pub(crate) fn resolve(&self, config: &Config) -> Result<Plan, Vec<Diagnostic>> {
        let mut shard = Shard::new(config, &self.locales, &self.versions)?;
        let index = index::Index::load(&self.index).map_err(|d| vec![d])?;
        shard.index_digest = index.digest.clone();
        Ok(Plan { shard: Arc::new(shard), index, index_path: self.index.clone() })
    }
}

/// "a, b, c" for a list of names.
fn known(names: impl Iterator<Item = String>) -> String {
    names.collect::<Vec<_>>().join(", ")
}

impl Shard {
    /// Checks `--locale` and `--version` values against the site; errors list the known ones.
    pub(crate) fn new(config: &Config, locales: &[String], versions: &[String]) -> Result<Shard, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        for l in locales.iter().filter(|l| config.locale(l).is_none()) {
            let msg = format!("`--locale {l}` is not a locale of this site");
            let hint = format!("use one of: {}", known(config.locales.iter().map(|x| x.code.clone())));
            errors.push(Diagnostic::file_error(CONFIG_FILE, msg).with_code(Code::Shard).with_hint(hint));
        }
        for v in versions.iter().filter(|v| config.versions.by_name(v).is_none()) {
            let msg = format!("`--version {v}` is not a version of this site");
            let hint = if config.versions.is_empty() {
                "this site has no [[versions]] in site.toml: leave --version out".to_string()
            } else {
                format!("use one of: {}", known(config.versions.iter().map(|x| x.name.clone())))
            };
            errors.push(Diagnostic::file_error(CONFIG_FILE, msg).with_code(Code::Shard).with_hint(hint));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        // Switcher order, each once: the shard's description and manifest do not depend on
        // the order of the flags.
        let locales = config.locales.iter().map(|l| l.code.clone()).filter(|c| locales.contains(c)).collect();
        let versions = config.versions.iter().map(|v| v.name.clone()).filter(|n| versions.contains(n)).collect();
        Ok(Shard {
            locales,
            versions,
            latest: config.versions.latest().map(|v| v.name.clone()),
            all_versions: config.versions.iter().count(),
            index_digest: String::new(),
        })
    }

    /// True when the shard builds this locale.
    pub(crate) fn has_locale(&self, locale: &str) -> bool {
        self.locales.is_empty() || self.locales.iter().any(|l| l == locale)
    }

    /// True when the shard builds this version (None: the pages every version shares, which
    /// go with the latest version).
    pub(crate) fn has_version(&self, version: Option<&str>) -> bool {
        if self.versions.is_empty() {
            return true;
        }
        match version.or(self.latest.as_deref()) {
            Some(v) => self.versions.iter().any(|x| x == v),
            None => true,
        }
    }

    /// True when the shard builds the page or file at `rel_path` of `locale`.
    pub(crate) fn owns(&self, config: &Config, locale: &str, rel_path: &str) -> bool {
        self.has_locale(locale) && self.has_version(config.versions.version_of(rel_path).map(|v| v.name.as_str()))
    }

    /// True when the shard writes a locale's own files (404 page, search results page): the
    /// shard of that locale with the latest version.
    pub(crate) fn writes_locale_files(&self, locale: &str) -> bool {
        self.has_locale(locale) && self.has_version(None)
    }

    /// True when the shard writes the search index of `locale`. The index covers every page
    /// of the locale, all versions together, so only a shard with all versions can write it;
    /// version shards leave their pages' search documents in their manifest and `merge`
    /// writes the index (see [`manifest::SearchDocs`]). The one place to change when the
    /// index is split per version.
    pub(crate) fn writes_search_index(&self, locale: &str) -> bool {
        self.has_locale(locale) && (self.versions.is_empty() || self.versions.len() == self.all_versions)
    }

    /// True when the shard renders this job.
    pub(crate) fn writes_job(&self, site: &Site, job: &Job) -> bool {
        match job {
            Job::Page(i) => !site.pages[*i].stub,
            Job::Section(locale, folder) => match site.section(locale, folder).and_then(|s| s.index) {
                Some(i) => !site.pages[i].stub,
                None => self.owns(&site.config, locale, folder),
            },
            Job::NotFound(locale) | Job::Search(locale) => self.writes_locale_files(locale),
            // The site's root pages show the whole site (the version switcher's roots, the
            // locales): the shard of the default locale's own files renders them from its graph.
            Job::RootNotFound | Job::Redirect => self.writes_locale_files(&site.config.default_locale),
        }
    }

    /// `locales en-us, ko-kr; versions v2` (for messages).
    #[cfg(test)]
    pub(crate) fn describe(&self) -> String {
        let list = |v: &[String]| if v.is_empty() { "all".to_string() } else { v.join(", ") };
        format!("locales {}; versions {}", list(&self.locales), list(&self.versions))
    }
}

/// Copies the content files (images, PDFs) of the shard's locales and versions.
pub(crate) fn copy_assets(
    shard: &Shard,
    config: &Config,
    sources: &crate::discover::Sources,
    links: &crate::links::LinkIndex,
    sink: &dyn Sink,
) -> Vec<Diagnostic> {
    crate::workspace::copy_content_files(sources, links, sink, |a| shard.owns(config, &a.locale, &a.rel_path))
}

/// The sink a shard writes search indexes through: the indexes of the locales it owns
/// ([`Shard::writes_search_index`]) pass, the rest (made from stubs) are dropped.
pub(crate) fn search_sink<'a>(shard: &Shard, config: &Config, sink: &'a dyn Sink) -> manifest::SearchFilter<'a> {
    let owned = config.locales.iter().filter(|l| shard.writes_search_index(&l.code)).map(|l| l.code.clone()).collect();
    manifest::SearchFilter::new(sink, config, &owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        let text = "title = \"t\"\nbase_url = \"https://x.test/\"\ndefault_locale = \"en-us\"\n\n[[locales]]\ncode = \"en-us\"\nname = \"E\"\n\n[[locales]]\ncode = \"ko-kr\"\nname = \"K\"\n\n[[versions]]\nname = \"v2\"\n\n[[versions]]\nname = \"v1\"\nstatus = \"archived\"\n";
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/en-us")).unwrap();
        crate::config::from_toml(dir.path(), text).unwrap()
    }

    #[test]
    fn shared_pages_go_with_the_latest_version() {
        let c = config();
        let v1 = Shard::new(&c, &[], &["v1".into()]).unwrap();
        let v2 = Shard::new(&c, &[], &["v2".into()]).unwrap();
        assert!(v1.owns(&c, "ko-kr", "v1/a.md") && !v1.owns(&c, "ko-kr", "v2/a.md"));
        assert!(!v1.owns(&c, "en-us", "index.md") && v2.owns(&c, "en-us", "index.md"));
        assert!(v2.writes_locale_files("ko-kr") && !v1.writes_locale_files("ko-kr"));
        assert!(!v2.writes_search_index("en-us"), "a version shard cannot index the whole locale");
        let ko = Shard::new(&c, &["ko-kr".into()], &[]).unwrap();
        assert!(ko.owns(&c, "ko-kr", "v1/a.md") && !ko.owns(&c, "en-us", "v1/a.md"));
        assert!(ko.writes_search_index("ko-kr") && !ko.writes_search_index("en-us"));
    }

    #[test]
    fn unknown_flags_list_the_known_values() {
        let c = config();
        let e = Shard::new(&c, &["fr-fr".into()], &["v9".into()]).unwrap_err();
        assert_eq!(e.len(), 2);
        assert!(e[0].message.contains("fr-fr") && e[0].hint.as_deref().unwrap().contains("en-us, ko-kr"), "{e:?}");
        assert!(e[1].hint.as_deref().unwrap().contains("v2, v1"), "{e:?}");
    }

    #[test]
    fn flags_are_kept_in_switcher_order() {
        let c = config();
        let s = Shard::new(&c, &["ko-kr".into(), "en-us".into()], &[]).unwrap();
        assert_eq!(s.locales, ["en-us", "ko-kr"]);
        assert_eq!(s.describe(), "locales en-us, ko-kr; versions all");
    }
}
