//! Checks for sites with `[[versions]]` (warnings): a page of a maintained version should not
//! send readers into an archived one, where they find text no longer kept up to date. Links
//! between archived versions, from an archived version into a current one, and from shared
//! pages are left alone.

use crate::diagnostics::{Code, Diagnostic};
use crate::links::Target;
use crate::page::{Page, PageLink};
use crate::site::Site;
use crate::versions::{Status, Version, Versions};
use std::collections::HashSet;

/// Warnings `archived-link` for the pages of the site (only those in `only`, when given: an
/// edit in `serve`). Nothing to do, and no work, for a site without versions.
pub fn check_archived_links(site: &Site, only: Option<&HashSet<usize>>) -> Vec<Diagnostic> {
    let versions = &site.config.versions;
    if versions.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, page) in site.pages.iter().enumerate() {
        // A stand-in repeats its original's links: reported there, once.
        if page.fallback_from.is_some() || only.is_some_and(|o| !o.contains(&i)) {
            continue;
        }
        out.extend(page_warnings(versions, page));
    }
    out
}

/// The warnings for one page's body links and front matter lists.
fn page_warnings(versions: &Versions, page: &Page) -> Vec<Diagnostic> {
    let Some(from) = versions.version_of(&page.rel_path) else { return Vec::new() };
    let links = page.links.iter().chain(page.onboarding.iter().map(|o| &o.link));
    links.filter_map(|link| archived_target(versions, from, link).map(|to| warning(link, from, to))).collect()
}

/// The archived version `link` leads into, when a page of `from` should not link there.
fn archived_target<'v>(versions: &'v Versions, from: &Version, link: &PageLink) -> Option<&'v Version> {
    let (Target::Page(r) | Target::Asset(r)) = &link.target else { return None };
    let to = versions.version_of(&r.rel_path)?;
    newer_into_archived(versions, from, to).then_some(to)
}

/// True when `from` is maintained, `to` archived, and `from` listed before `to` (the switcher
/// lists the newest first).
pub fn newer_into_archived(versions: &Versions, from: &Version, to: &Version) -> bool {
    let position = |v: &Version| versions.iter().position(|x| x.name == v.name);
    from.status != Status::Archived && to.status == Status::Archived && position(from) < position(to)
}

fn warning(link: &PageLink, from: &Version, to: &Version) -> Diagnostic {
    let msg = format!("`{}` leads into archived version {}", link.href, to.name);
    Diagnostic::warning_at(&link.file, link.at, msg)
        .with_code(Code::ArchivedLink)
        .with_hint(format!("link to the same page in {}, or drop the link", from.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn versions() -> Versions {
        let v = |name: &str, status| Version {
            name: name.into(),
            folder: name.into(),
            label: name.into(),
            latest: name == "v3",
            status,
        };
        Versions::new(vec![
            v("v3", Status::Current),
            v("v2", Status::Archived),
            v("v1", Status::Archived),
            v("v0", Status::Current),
        ])
    }

    #[test]
    fn only_a_newer_maintained_version_into_an_archived_one_is_reported() {
        let vs = versions();
        let v = |n: &str| vs.by_name(n).unwrap();
        assert!(newer_into_archived(&vs, v("v3"), v("v2")));
        assert!(newer_into_archived(&vs, v("v3"), v("v1")));
        assert!(!newer_into_archived(&vs, v("v2"), v("v1")), "between two archived versions");
        assert!(!newer_into_archived(&vs, v("v1"), v("v2")), "between two archived versions, upwards");
        assert!(!newer_into_archived(&vs, v("v2"), v("v3")), "archived into current");
        assert!(!newer_into_archived(&vs, v("v0"), v("v1")), "v0 is listed after v1: not newer");
        assert!(!newer_into_archived(&vs, v("v3"), v("v3")), "within a version");
    }
}
