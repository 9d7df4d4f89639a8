//! Content that would take an address someone else has: a file written where guidebook writes
//! a page of its own (`content/en-us/index.html`, `x/index.html` beside `x.md`, `404.html`,
//! `_search/`, `sitemap.xml`), a page that replaces the search results page (`search.md`), and
//! two names that differ only in case (`A.md` beside `a.md`), which are one file on the
//! case-insensitive hosts many sites are served from. Without this, the last writer won
//! silently.

use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic};
use crate::discover::Sources;
use crate::links::urls::output_path;
use crate::links::LinkIndex;
use crate::render::{Job, Renderer};
use crate::search::INDEX_DIR;
use crate::site::Site;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// Who writes an output file: a source of the site, or guidebook itself (and what for).
enum Writer {
    Source(PathBuf),
    Generated(String),
}

impl Writer {
    fn describe(&self) -> String {
        match self {
            Writer::Source(p) => p.display().to_string(),
            Writer::Generated(what) => what.clone(),
        }
    }
}

/// Every clash between the site's content and what guidebook generates, and every pair of
/// content names equal but for case.
pub fn check(site: &Site, sources: &Sources, links: &LinkIndex) -> Vec<Diagnostic> {
    let config = &site.config;
    let base = config.base_path.as_str();
    let mut written: FxHashMap<String, Writer> = generated(site);
    let mut diags = Vec::new();
    // A page of the site's own at `search/` is meant to be the results page (the search box
    // sends readers there); it replaces the generated one, which is worth saying once.
    for l in &config.locales {
        let url = format!("{}/search/", config.locale_prefix(&l.code));
        if let Some(p) = site.page_by_url(&url).filter(|p| site.pages[*p].fallback_from.is_none()) {
            let msg = format!("this page is published at {url}, in place of the search results page");
            let hint =
                "the search box sends readers here; rename the page unless it is meant to replace the results page";
            diags.push(
                Diagnostic::warning(&site.pages[p].source, 1, 1, msg).with_code(Code::SearchPage).with_hint(hint),
            );
        }
    }
    // Each locale's folder, where its search index is (see `reserved`): asked for every file.
    let folders: FxHashMap<&str, String> =
        config.locales.iter().map(|l| (l.code.as_str(), crate::search::locale_folder(config, &l.code))).collect();
    let folder = |locale: &str| match folders.get(locale) {
        Some(folder) => Cow::Borrowed(folder.as_str()),
        None => Cow::Owned(crate::search::locale_folder(config, locale)),
    };
    let pages: Vec<&crate::page::Page> = site.pages.iter().filter(|p| p.fallback_from.is_none()).collect();
    let mut content: Vec<(String, &Path, bool)> =
        pages.iter().map(|p| (format!("{}index.html", output_path(base, &p.url)), p.source.as_path(), true)).collect();
    written.reserve(content.len() + sources.assets.len());
    for p in &content {
        written.insert(p.0.clone(), Writer::Source(p.1.to_path_buf()));
    }
    for a in &sources.assets {
        let out = output_path(base, &links.asset_url(&a.locale, &a.rel_path));
        if let Some(other) = written.get(&out) {
            diags.push(taken(&a.display, false, &out, other));
            continue;
        }
        if let Some(other) = reserved(config, &folder(&a.locale), &out) {
            diags.push(taken(&a.display, false, &out, &other));
            continue;
        }
        written.insert(out.clone(), Writer::Source(a.display.clone()));
        content.push((out, &a.display, false));
    }
    // The pages are the first of `content`.
    for (page, (out, _, _)) in pages.iter().zip(&content) {
        if let Some(other) = reserved(config, &folder(&page.locale), out) {
            diags.push(taken(&page.source, true, out, &other));
        }
    }
    diags.extend(case_clashes(content));
    diags
}

/// The files guidebook writes of its own: folder listings, not-found and search pages, the
/// root redirect, the sitemap.
fn generated(site: &Site) -> FxHashMap<String, Writer> {
    let base = site.config.base_path.as_str();
    let mut out = FxHashMap::default();
    for job in Renderer::jobs(site) {
        let (path, what) = match &job {
            Job::Page(_) => continue,
            Job::Section(l, f) => match site.section(l, f) {
                Some(s) if s.index.is_none() => {
                    let what = format!("the listing guidebook makes for the folder content/{l}/{f}");
                    (format!("{}index.html", output_path(base, &s.url)), what)
                }
                _ => continue,
            },
            Job::NotFound(l) => {
                let home = output_path(base, &site.config.urls().page_url(l, ""));
                (format!("{home}404.html"), format!("the not-found page of {l} (template 404.html)"))
            }
            Job::Search(l) => {
                let url = format!("{}/search/", site.config.locale_prefix(l));
                (format!("{}index.html", output_path(base, &url)), format!("the search results page of {l}"))
            }
            Job::RootNotFound => ("404.html".into(), "the site's not-found page (template 404.html)".into()),
            Job::Redirect => ("index.html".into(), "the redirect to the default language".into()),
        };
        out.insert(path, Writer::Generated(what));
    }
    out.insert("sitemap.xml".into(), Writer::Generated("the sitemap guidebook writes".into()));
    out
}

/// The search index folders: `<locale>/_search/`, and `<locale>/<version>/_search/`, below
/// the locale's `folder` (`search::locale_folder`).
fn reserved(config: &Config, folder: &str, out: &str) -> Option<Writer> {
    let rest = out.strip_prefix(folder)?;
    let mut parts = rest.split('/');
    let first = parts.next()?;
    let hit = first == INDEX_DIR || (!config.versions.is_empty() && parts.next() == Some(INDEX_DIR));
    hit.then(|| Writer::Generated(format!("the search index ({INDEX_DIR}/)")))
}

/// `is_page`: a page is pointed at its first line; another file as a whole.
fn taken(file: &std::path::Path, is_page: bool, out: &str, other: &Writer) -> Diagnostic {
    let msg = format!("this would be written to {out}, which is {}", other.describe());
    let hint = match other {
        Writer::Generated(what) if what.contains("template 404.html") => {
            "to change the not-found page, put a 404.html in templates/ (see the README); remove or rename this file"
        }
        Writer::Generated(what) if what.contains(INDEX_DIR) => "`_search/` holds the search index; rename the folder",
        _ => "rename or remove one of them; each address of the site has one source",
    };
    let d = if is_page { Diagnostic::error(file, 1, 1, msg) } else { Diagnostic::file_error(file, msg) };
    d.with_code(Code::UrlCollision).with_hint(hint)
}

/// Output paths that differ only in case: one file on Windows and macOS hosts, so which one
/// readers get depends on where the site is served. A warning at the later name.
fn case_clashes(mut content: Vec<(String, &Path, bool)>) -> Vec<Diagnostic> {
    content.sort();
    let mut first: FxHashMap<String, (&str, &Path)> = FxHashMap::default();
    first.reserve(content.len());
    let mut diags = Vec::new();
    for (out, source, is_page) in &content {
        let lower = out.to_lowercase();
        match first.get(&lower) {
            Some((other_out, other)) if *other_out != out.as_str() => {
                let msg = format!(
                    "this is published as {out}, which differs only in case from {} ({other_out})",
                    other.display()
                );
                let hint = "rename one of them: case-insensitive hosts (Windows, macOS, many CDNs) keep only one";
                let d = if *is_page {
                    Diagnostic::warning(source, 1, 1, msg)
                } else {
                    Diagnostic::file_warning(source, msg)
                };
                diags.push(d.with_code(Code::UrlCase).with_hint(hint));
            }
            Some(_) => {}
            None => {
                first.insert(lower, (out.as_str(), source));
            }
        }
    }
    diags
}
