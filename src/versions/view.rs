//! What templates see of `[[versions]]`: `versions` (the switcher), `version` (the page's own)
//! and `version_banner` (on pages of an older version). Every URL here leads to a page that is
//! written: the same page in another version when it exists in the reader's locale (stand-ins
//! count), else its nearest folder that exists, up to the version's root.

use crate::site::{folder_of, Site};
use crate::versions::{Status, Version};
use crate::view::LinkView;
use serde::Serialize;

/// What a rendered file shows: a page, a folder without index page, or neither (404, search).
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    /// Page `i` of the site.
    Page(usize),
    /// A folder of a locale without index page: (locale, folder).
    Folder(&'a str, &'a str),
    /// A page that is no page of the content (404, search results) in a locale.
    Other(&'a str),
}

/// One entry of `versions` in templates.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct VersionView {
    /// The URL segment (`v2`).
    pub name: String,
    /// What the switcher shows.
    pub label: String,
    /// The same page in that version, else its nearest folder there, else the version's root.
    pub url: String,
    /// True for the version of the page being rendered.
    pub current: bool,
    /// No longer maintained.
    pub archived: bool,
    /// The version readers get when they name none.
    pub latest: bool,
}

/// `version` in templates: the version of the page being rendered.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct PageVersionView {
    /// The URL segment.
    pub name: String,
    /// Its label.
    pub label: String,
    /// True for the latest version.
    pub latest: bool,
    /// No longer maintained.
    pub archived: bool,
    /// The version's root in this locale.
    pub root: String,
    /// On a page of an older version that the latest version also has: that page's URL (what
    /// `<link rel="canonical">` names). None: the page is its own canonical.
    pub canonical: Option<String>,
}

/// `version_banner` in templates: on every page of a version that is not the latest.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct BannerView {
    /// The label of the page's version (`$version` in the banner string).
    pub version: String,
    /// True when that version is no longer maintained.
    pub archived: bool,
    /// The same page in the latest version, else its nearest folder there.
    pub latest_url: String,
    /// The latest version's label.
    pub latest_label: String,
}

/// The three template variables of a rendered file.
#[derive(Debug, Default)]
pub struct VersionContext {
    /// `versions`: empty for a site without versions.
    pub versions: Vec<VersionView>,
    /// `version`: None on shared pages and sites without versions.
    pub version: Option<PageVersionView>,
    /// `version_banner`: None unless the page is of an older version.
    pub banner: Option<BannerView>,
}

/// The path below the locale root a subject stands for, with whether it is a folder.
fn subject_path(site: &Site, subject: Subject<'_>) -> Option<(String, bool)> {
    match subject {
        Subject::Page(i) => Some((site.pages[i].rel_path.clone(), false)),
        Subject::Folder(_, f) => Some((f.to_string(), true)),
        Subject::Other(_) => None,
    }
}

fn subject_locale<'a>(site: &'a Site, subject: Subject<'a>) -> &'a str {
    match subject {
        Subject::Page(i) => &site.pages[i].locale,
        Subject::Folder(l, _) | Subject::Other(l) => l,
    }
}

/// The version whose navigation a subject shows: its own, else (shared pages, 404, search)
/// the latest. None for a site without versions.
pub fn nav_version<'a>(site: &'a Site, subject: Subject<'_>) -> Option<&'a Version> {
    let versions = &site.config.versions;
    if versions.is_empty() {
        return None;
    }
    subject_path(site, subject).and_then(|(p, _)| versions.version_of(&p)).or_else(|| versions.latest())
}

/// The URL of the first folder that exists from `folder` up to `stop` (inclusive) in a locale.
fn nearest_folder(site: &Site, locale: &str, folder: &str, stop: &str) -> Option<String> {
    let mut current = folder;
    loop {
        if let Some(s) = site.section(locale, current) {
            return Some(s.url.clone());
        }
        if current == stop || current.is_empty() || !current.starts_with(stop) {
            return None;
        }
        current = folder_of(current);
    }
}

/// Where a reader of `locale` on `subject` goes for `target`: the same page or folder in that
/// version, else its nearest folder that exists, up to the version's root; then the same in
/// the default locale; then the locale's home. A shared page goes to the version's root.
pub fn url_in(site: &Site, subject: Subject<'_>, target: &Version) -> String {
    let versions = &site.config.versions;
    let locale = subject_locale(site, subject);
    let own = subject_path(site, subject).filter(|(p, _)| versions.version_of(p).is_some());
    let find = |locale: &str| match &own {
        Some((path, is_folder)) => {
            let there = versions.path_in(path, target);
            if !is_folder {
                if let Some(p) = site.page(locale, &there) {
                    return Some(site.pages[p].url.clone());
                }
            }
            let folder = if *is_folder { there.as_str() } else { folder_of(&there) };
            nearest_folder(site, locale, folder, &target.folder)
        }
        None => nearest_folder(site, locale, &target.folder, &target.folder),
    };
    find(locale)
        .or_else(|| find(&site.config.default_locale))
        .unwrap_or_else(|| site.config.urls().page_url(locale, ""))
}

/// The canonical URL of page `i` when it is of an older version and the latest version has
/// it: that page in the original's locale (a stand-in's canonical is its original's).
fn canonical(site: &Site, i: usize, own: &Version, latest: &Version) -> Option<String> {
    if own.latest {
        return None;
    }
    let page = &site.pages[i];
    let locale = page.fallback_from.as_deref().unwrap_or(&page.locale);
    let there = site.config.versions.path_in(&page.rel_path, latest);
    let t = site.page(locale, &there)?;
    // The latest page may itself be a stand-in: its original is the canonical one.
    let t_locale = site.pages[t].fallback_from.as_deref().unwrap_or(locale);
    site.page(t_locale, &there).map(|o| site.pages[o].url.clone())
}

/// `versions`, `version` and `version_banner` for a subject (all empty without versions).
pub fn context(site: &Site, subject: Subject<'_>) -> VersionContext {
    let versions = &site.config.versions;
    let Some(latest) = versions.latest() else { return VersionContext::default() };
    let own = subject_path(site, subject).and_then(|(p, _)| versions.version_of(&p));
    let list: Vec<VersionView> = versions
        .iter()
        .map(|v| VersionView {
            name: v.name.clone(),
            label: v.label.clone(),
            url: url_in(site, subject, v),
            current: own.is_some_and(|o| o.name == v.name),
            archived: v.status == Status::Archived,
            latest: v.latest,
        })
        .collect();
    let locale = subject_locale(site, subject);
    let version = own.map(|v| PageVersionView {
        name: v.name.clone(),
        label: v.label.clone(),
        latest: v.latest,
        archived: v.status == Status::Archived,
        root: url_in(site, Subject::Other(locale), v),
        canonical: match subject {
            Subject::Page(i) => canonical(site, i, v, latest),
            _ => None,
        },
    });
    let banner = own.filter(|v| !v.latest).map(|v| BannerView {
        version: v.label.clone(),
        archived: v.status == Status::Archived,
        // The switcher's entry for the latest version already went there.
        latest_url: list.iter().find(|l| l.latest).map_or_else(|| url_in(site, subject, latest), |l| l.url.clone()),
        latest_label: latest.label.clone(),
    });
    VersionContext { versions: list, version, banner }
}

/// Breadcrumbs of a versioned page start at its version's root: the locale home and anything
/// else outside the version are left out.
pub fn trim_breadcrumbs(version: Option<&PageVersionView>, crumbs: &mut Vec<LinkView>) {
    if let Some(v) = version {
        crumbs.retain(|c| c.url.starts_with(&v.root));
    }
}

#[cfg(test)]
mod tests;
