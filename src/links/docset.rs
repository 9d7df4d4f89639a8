//! Site-absolute links of a site published on a documentation host: links into the site's
//! own published path (`[links] site_path`, `/powershell/scripting/overview`) resolve to its
//! pages by their published URLs, mounts applied; other site-absolute links lead to the host
//! (`[links] host`). Built once per build, only for sites that set either key.

use crate::config::Config;
use crate::discover::Sources;
use crate::links::urls::{join_folder, page_stem, UrlScheme};
use crate::links::{percent_decode, Resolved, Target};
use crate::page_key::{PageKey, PageKeyRef};
use std::collections::{HashMap, HashSet};

/// A file found under a published path.
struct Entry {
    /// Its path below the locale folder.
    rel_path: String,
    /// Its published path (a page's without `.md` and `index`), spelled as on disk.
    spelled: String,
}

/// One lookup: the page key, the file key, and the unpublished mount (url, src) swapped in.
type Try<'a> = (String, String, Option<(&'a str, &'a str)>);

/// The lookup tables for site-absolute links.
pub struct DocsetLinks {
    /// `/powershell`, lower case.
    site_path: Option<String>,
    host: Option<String>,
    default_locale: String,
    base_path: String,
    /// (locale, lower-case published page path) → page.
    pages: HashMap<PageKey, Entry>,
    /// (locale, lower-case published file path) → asset.
    assets: HashMap<PageKey, Entry>,
    /// Mounts not published at their url (later versions): (url, src), lower case, in order.
    alternates: Vec<(String, String)>,
    /// URLs of this site's pages, folders and files, lower case: these are never the host's.
    own: HashSet<String>,
    /// Prefixes of generated files (search indexes).
    own_prefixes: Vec<String>,
    /// The site's versions: a link prefers the page in its own page's version.
    versions: crate::versions::Versions,
}

impl DocsetLinks {
    /// The tables for a site, or None when it sets neither `site_path` nor `host`.
    pub fn new(config: &Config, sources: &Sources) -> Option<DocsetLinks> {
        let (site_path, host) = (config.links.site_path.clone(), config.links.host.clone());
        if site_path.is_none() && host.is_none() {
            return None;
        }
        let urls = config.urls();
        let mut d = DocsetLinks {
            site_path: site_path.map(|p| p.to_lowercase()),
            host,
            default_locale: config.default_locale.clone(),
            base_path: config.base_path.clone(),
            pages: HashMap::new(),
            assets: HashMap::new(),
            alternates: config
                .mounts
                .iter()
                .filter(|m| !m.published)
                .map(|m| (m.url.to_lowercase(), m.src.to_lowercase()))
                .collect(),
            own: HashSet::new(),
            own_prefixes: Vec::new(),
            versions: config.versions.clone(),
        };
        if d.site_path.is_some() {
            // Sorted sources: of two files differing only in letter case, the first wins.
            for (files, is_page) in [(&sources.pages, true), (&sources.assets, false)] {
                for f in files.iter() {
                    let published = urls.published_path(&f.rel_path);
                    let spelled = if is_page { page_stem(&published) } else { &published }.to_string();
                    let key = PageKey::new(&f.locale, spelled.to_lowercase());
                    let table = if is_page { &mut d.pages } else { &mut d.assets };
                    table.entry(key).or_insert(Entry { rel_path: f.rel_path.clone(), spelled });
                }
            }
        }
        if d.host.is_some() {
            d.own = own_urls(config, &urls, sources).into_iter().map(|u| u.to_lowercase()).collect();
            let search = |l: &crate::config::Locale| format!("{}/_search/", urls.locale_prefix(&l.code)).to_lowercase();
            d.own_prefixes = config.locales.iter().map(search).collect();
            d.own_prefixes.extend(crate::versions::links::search_prefixes(config));
        }
        Some(d)
    }

    /// The docset's path (`/powershell`), if the site has one.
    pub fn site_path(&self) -> Option<&str> {
        self.site_path.as_deref()
    }

    /// What the site-absolute `path` (no query or fragment) written in a page of `from_locale`
    /// leads to; None when it is an ordinary site-absolute link of this site.
    #[cfg(test)]
    pub fn resolve(&self, from_locale: &str, path: &str) -> Option<Target> {
        self.resolve_from(from_locale, "", path)
    }

    /// Like [`DocsetLinks::resolve`], for a link in the page `from_rel`: of several versions'
    /// pages at the path, the one in that page's version wins (for shared pages, the latest's).
    pub fn resolve_from(&self, from_locale: &str, from_rel: &str, path: &str) -> Option<Target> {
        let decoded = percent_decode(path);
        if let Some(rel) = self.under_site_path(&decoded) {
            return Some(self.find(from_locale, from_rel, rel));
        }
        let host = self.host.as_ref()?;
        let url = if self.base_path.is_empty() || path.starts_with(&format!("{}/", self.base_path)) {
            path.to_string()
        } else {
            format!("{}{path}", self.base_path)
        };
        // Compared in lower case: this site's URL in other letters is still not the host's.
        let url = url.to_lowercase();
        let own = self.own.contains(&url)
            || self.own.contains(&format!("{url}/"))
            || self.own_prefixes.iter().any(|p| url.starts_with(p.as_str()));
        (!own).then(|| Target::Host(format!("{host}{path}")))
    }

    /// The part of a site-absolute path below site_path (after an optional locale segment:
    /// `/en-us/powershell/...`), if it is under it.
    fn under_site_path<'p>(&self, path: &'p str) -> Option<&'p str> {
        let site_path = self.site_path.as_deref()?;
        let below = |p: &'p str| -> Option<&'p str> {
            let head = p.get(..site_path.len())?;
            let rest = &p[site_path.len()..];
            (head.eq_ignore_ascii_case(site_path) && (rest.is_empty() || rest.starts_with('/'))).then_some(rest)
        };
        below(path).or_else(|| {
            let (first, _) = path.strip_prefix('/')?.split_once('/')?;
            crate::text::langtag::is_language_tag(first).then(|| below(&path[1 + first.len()..]))?
        })
    }

    /// Looks `rel` (below site_path) up among the published paths, in the linking locale and
    /// then the default one, then under the folders of unpublished mounts.
    fn find(&self, from_locale: &str, from_rel: &str, rel: &str) -> Target {
        // `.` and `..` segments resolve as a browser would; `..` stops at site_path.
        let mut segments: Vec<&str> = Vec::new();
        for seg in rel.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    segments.pop();
                }
                s => segments.push(s),
            }
        }
        let joined = segments.join("/");
        let written = joined.as_str();
        let stem = link_stem(written);
        let (stem_key, file_key) = (stem.to_lowercase(), written.to_lowercase());
        // Written all in lower case is the published site's convention, never a case warning.
        let lower_case = !written.chars().any(char::is_uppercase);
        let mut locales = vec![(from_locale, false)];
        if from_locale != self.default_locale {
            locales.push((&self.default_locale, true));
        }
        let prefer = crate::versions::links::Preference::new(&self.versions, from_rel);
        // The same lookups in every locale: as written, then under each unpublished mount.
        let mut tries: Vec<Try<'_>> = vec![(stem_key.clone(), file_key.clone(), None)];
        for (url, src) in &self.alternates {
            if let (Some(s), Some(f)) = (swap_prefix(&stem_key, url, src), swap_prefix(&file_key, url, src)) {
                tries.push((s, f, Some((url.as_str(), src.as_str()))));
            }
        }
        for (locale, fallback) in locales {
            // Another version's page, kept in case the preferred version has none.
            let mut other: Option<Target> = None;
            for (s, f, swapped) in &tries {
                let found = self
                    .pages
                    .get(PageKeyRef::new(locale, s).key())
                    .map(|e| (e, stem, true))
                    .or_else(|| self.assets.get(PageKeyRef::new(locale, f).key()).map(|e| (e, written, false)));
                let Some((entry, as_written, page)) = found else { continue };
                // The spelling a link should have: the published path, with an unpublished
                // mount's url in place of its folder.
                let spelled = match swapped {
                    Some((url, src)) => swap_prefix(&entry.spelled, src, url).unwrap_or(entry.spelled.clone()),
                    None => entry.spelled.clone(),
                };
                let case_differs = !lower_case && as_written != spelled;
                let r =
                    Resolved { locale: locale.to_string(), rel_path: entry.rel_path.clone(), fallback, case_differs };
                let preferred = prefer.accepts(&r.rel_path);
                let target = if page { Target::Page(r) } else { Target::Asset(r) };
                if preferred {
                    return target;
                }
                other.get_or_insert(target);
            }
            if let Some(target) = other {
                return target;
            }
        }
        Target::Missing { locale: from_locale.to_string(), path: written.to_string() }
    }
}

/// A link path as a page's published path: without `.md` and a final `index`.
fn link_stem(path: &str) -> &str {
    let lower = path.to_ascii_lowercase();
    let mut end = path.len();
    if lower.ends_with(".md") {
        end -= 3;
    }
    let stem = &path[..end];
    if stem.eq_ignore_ascii_case("index") {
        return "";
    }
    match stem.len().checked_sub(6) {
        Some(i) if stem.is_char_boundary(i) && stem[i..].eq_ignore_ascii_case("/index") => &stem[..i],
        _ => stem,
    }
}

/// `path` with the folder prefix `from` replaced by `to` (either may be ``, the root).
fn swap_prefix(path: &str, from: &str, to: &str) -> Option<String> {
    let rest = if from.is_empty() {
        path
    } else {
        let rest = path.get(from.len()..)?;
        if !path[..from.len()].eq_ignore_ascii_case(from) || !(rest.is_empty() || rest.starts_with('/')) {
            return None;
        }
        rest.trim_start_matches('/')
    };
    Some(join_folder(to, rest))
}

/// Every URL this site publishes from content/ or generates, for telling its own links from
/// the host's.
fn own_urls(config: &Config, urls: &UrlScheme<'_>, sources: &Sources) -> HashSet<String> {
    let mut own = HashSet::new();
    for p in &sources.pages {
        own.insert(urls.page_url(&p.locale, &p.rel_path));
        let mut folder = crate::site::folder_of(&p.rel_path);
        loop {
            own.insert(urls.section_url(&p.locale, folder));
            if folder.is_empty() {
                break;
            }
            folder = crate::site::folder_of(folder);
        }
    }
    own.extend(sources.assets.iter().map(|a| urls.asset_url(&a.locale, &a.rel_path)));
    let base = &config.base_path;
    for name in ["404.html", "sitemap.xml", "robots.txt"] {
        own.insert(format!("{base}/{name}"));
    }
    for l in &config.locales {
        own.insert(urls.page_url(&l.code, ""));
        own.insert(format!("{}/search/", urls.locale_prefix(&l.code)));
        own.insert(format!("{}/404.html", urls.locale_prefix(&l.code)));
    }
    own
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::config::{ContentLayout, Direction, Locale};
    use crate::discover::SourceFile;
    use crate::links::urls::Mount;

    fn links() -> DocsetLinks {
        let mut config = crate::config::infer(std::path::Path::new("/nonexistent"));
        config.layout = ContentLayout::PerLocale;
        config.default_locale = "en-us".into();
        config.locales =
            ["en-us", "ko-kr"].map(|c| Locale { code: c.into(), name: c.into(), dir: Direction::Ltr }).to_vec();
        config.links.site_path = Some("/PowerShell".into());
        config.links.host = Some("https://learn.microsoft.com".into());
        let mount = |src: &str, url: &str, published| Mount {
            src: src.into(),
            url: url.into(),
            published,
            origin: "site.toml".into(),
            at: crate::diagnostics::Position::from_numbers(1, 1),
        };
        config.mounts =
            vec![mount("docs", "scripting", true), mount("7.2", "module", true), mount("5.1", "module", false)];
        let file = |l: &str, p: &str| SourceFile {
            locale: l.into(),
            rel_path: p.into(),
            display: p.into(),
            abs_path: p.into(),
            fallback_from: None,
        };
        let sources = Sources {
            pages: vec![
                file("en-us", "docs/index.md"),
                file("en-us", "docs/Overview.md"),
                file("en-us", "7.2/Core/about_X.md"),
                file("en-us", "5.1/Core/about_Old.md"),
                file("ko-kr", "docs/Overview.md"),
            ],
            assets: vec![file("en-us", "docs/media/a.png")],
            ..Sources::default()
        };
        DocsetLinks::new(&config, &sources).unwrap()
    }

    fn page(t: Option<Target>) -> (String, String, bool, bool) {
        match t {
            Some(Target::Page(r)) | Some(Target::Asset(r)) => (r.locale, r.rel_path, r.fallback, r.case_differs),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn docset_links_find_published_pages() {
        let d = links();
        assert_eq!(page(d.resolve("en-us", "/powershell/scripting/overview")).1, "docs/Overview.md");
        assert_eq!(page(d.resolve("en-us", "/powershell/scripting/")).1, "docs/index.md");
        assert_eq!(page(d.resolve("en-us", "/powershell/scripting/index.md")).1, "docs/index.md");
        assert!(!page(d.resolve("en-us", "/en-us/powershell/scripting/Overview.md")).3);
        assert_eq!(page(d.resolve("en-us", "/powershell/scripting/a/../overview")).1, "docs/Overview.md");
        // The later version is found at its own folder, through the mount it shares a url with.
        assert_eq!(page(d.resolve("en-us", "/powershell/module/core/about_old")).1, "5.1/Core/about_Old.md");
        assert_eq!(page(d.resolve("en-us", "/powershell/scripting/media/a.png")).1, "docs/media/a.png");
        // Korean first, English second; a mixed-case spelling unlike the disk is flagged.
        assert_eq!(
            page(d.resolve("ko-kr", "/powershell/scripting/overview")),
            ("ko-kr".into(), "docs/Overview.md".into(), false, false)
        );
        assert_eq!(
            page(d.resolve("ko-kr", "/powershell/module/core/about_x")),
            ("en-us".into(), "7.2/Core/about_X.md".into(), true, false)
        );
        assert!(page(d.resolve("en-us", "/powershell/module/Core/About_x")).3);
        assert!(!page(d.resolve("en-us", "/powershell/module/Core/about_X")).3);
        assert_eq!(
            d.resolve("en-us", "/powershell/scripting/nope"),
            Some(Target::Missing { locale: "en-us".into(), path: "scripting/nope".into() })
        );
    }

    #[test]
    fn other_site_absolute_links_go_to_the_host_unless_they_are_this_sites() {
        let d = links();
        let host = |u: &str| Some(Target::Host(format!("https://learn.microsoft.com{u}")));
        assert_eq!(d.resolve("en-us", "/dotnet/api/system.string"), host("/dotnet/api/system.string"));
        assert_eq!(d.resolve("en-us", "/powershellx/a"), host("/powershellx/a"));
        assert_eq!(d.resolve("en-us", "/en-us/scripting/overview/"), None);
        assert_eq!(d.resolve("en-us", "/en-us/scripting/Overview"), None);
        assert_eq!(d.resolve("en-us", "/ko-kr/_search/manifest.json"), None);
        assert_eq!(d.resolve("en-us", "/en-us/"), None);
    }

    #[test]
    fn link_stems_drop_md_and_index() {
        assert_eq!(link_stem("scripting/overview.md"), "scripting/overview");
        assert_eq!(link_stem("scripting/Index.md"), "scripting");
        assert_eq!(link_stem("index"), "");
        assert_eq!(link_stem("module/x"), "module/x");
        assert_eq!(link_stem("a/reindex"), "a/reindex");
    }

    #[test]
    fn prefixes_swap_on_folder_boundaries_only() {
        assert_eq!(swap_prefix("module/a/b", "module", "5.1").as_deref(), Some("5.1/a/b"));
        assert_eq!(swap_prefix("module", "module", "5.1").as_deref(), Some("5.1"));
        assert_eq!(swap_prefix("modules/a", "module", "5.1"), None);
        assert_eq!(swap_prefix("a/b", "", "x").as_deref(), Some("x/a/b"));
        assert_eq!(swap_prefix("x/a", "x", "").as_deref(), Some("a"));
    }
}
