//! Version-first link resolution in a site with `[[versions]]`: when a link could lead to the
//! same page in several versions (a docset-absolute link whose path two versions publish, an
//! xref whose uid each version's copy of a page carries), the page in the linking page's own
//! version wins; a shared page's links prefer the latest version, the one readers who name no
//! version get. Without versions every candidate is as good as before.

use crate::config::Config;
use crate::versions::{Version, Versions};

/// Which version a link written in one page prefers.
#[derive(Debug, Clone, Copy)]
pub struct Preference<'v> {
    versions: &'v Versions,
    wanted: Option<&'v Version>,
}

impl<'v> Preference<'v> {
    /// The preference of a link in the page `from_rel` (below its locale root; `` for none):
    /// its own version, else the latest.
    pub fn new(versions: &'v Versions, from_rel: &str) -> Self {
        let wanted = versions.version_of(from_rel).or_else(|| versions.latest());
        Preference { versions, wanted }
    }

    /// True when a target at `rel` is as good as any: in the preferred version, shared by every
    /// version, or the site has no versions.
    pub fn accepts(&self, rel: &str) -> bool {
        self.in_wanted(rel).unwrap_or(true)
    }

    /// True when a target at `rel` is in the preferred version itself (false for shared pages
    /// and sites without versions), for ranking candidates.
    pub fn is_preferred(&self, rel: &str) -> bool {
        self.in_wanted(rel).unwrap_or(false)
    }

    /// Whether a target at `rel` is in the preferred version; None for a shared page or a
    /// site without versions.
    fn in_wanted(&self, rel: &str) -> Option<bool> {
        Some(self.versions.version_of(rel)?.name == self.wanted?.name)
    }
}

/// The folders of the per-version search indexes (`/cli/en-us/v1/_search/`), lower case, which
/// are this site's own URLs and never the documentation host's.
pub fn search_prefixes(config: &Config) -> Vec<String> {
    let mut out = Vec::new();
    for l in &config.locales {
        for v in config.versions.iter() {
            out.push(crate::search::per_version::index_url(config, &l.code, &v.name).to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::versions::Status;

    fn versions() -> Versions {
        let v = |name: &str, latest| Version {
            name: name.into(),
            folder: format!("ref/{name}"),
            label: name.into(),
            latest,
            status: Status::Current,
        };
        Versions::new(vec![v("7.4", false), v("7.2", true), v("5.1", false)])
    }

    #[test]
    fn links_prefer_their_own_version_and_shared_pages_the_latest() {
        let vs = versions();
        let from_51 = Preference::new(&vs, "ref/5.1/a/b.md");
        assert!(from_51.accepts("ref/5.1/x.md") && from_51.is_preferred("ref/5.1/x.md"));
        assert!(!from_51.accepts("ref/7.2/x.md"));
        assert!(from_51.accepts("glossary.md") && !from_51.is_preferred("glossary.md"), "shared pages always do");
        let shared = Preference::new(&vs, "index.md");
        assert!(shared.is_preferred("ref/7.2/x.md"), "the latest, not the first listed");
        assert!(!shared.accepts("ref/7.4/x.md"));
        let none = Versions::default();
        let plain = Preference::new(&none, "ref/5.1/a.md");
        assert!(plain.accepts("ref/7.2/x.md") && !plain.is_preferred("ref/5.1/x.md"));
    }
}
