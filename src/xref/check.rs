//! The xref check: every xref must resolve (`broken-xref`, handled like a broken link), its
//! `#fragment` must be an anchor of the page it leads to, and a link to another language's page
//! is noted as links are.

use super::index::{hint_keys, XrefIndex};
use super::resolve::Resolution;
use crate::diagnostics::{Code, Diagnostic};
use crate::site::Site;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Past this many uids a broken xref gets a hint only from uids with its last segment.
const SCAN_LIMIT: usize = 2000;

/// Checks the xrefs of every page, or of the pages in `only`.
pub fn check_pages(site: &Site, index: &XrefIndex, only: Option<&HashSet<usize>>) -> Vec<Diagnostic> {
    // Each found problem, with the uid a "did you mean" is wanted for (broken xrefs only).
    let found: Vec<(Diagnostic, Option<&str>)> = site
        .pages
        .par_iter()
        .enumerate()
        // A stand-in repeats its original's xrefs, checked there.
        .filter(|(i, p)| !p.xrefs.links.is_empty() && p.fallback_from.is_none() && only.is_none_or(|o| o.contains(i)))
        .flat_map_iter(|(_, page)| {
            let mut out = Vec::new();
            for link in &page.xrefs.links {
                let at = |msg: String| Diagnostic::error(&link.file, link.line, link.col, msg);
                match index.resolve(site, &page.locale, &page.rel_path, &link.uid) {
                    Resolution::Unresolved => {
                        let d = at(format!("`{}`: no page or xrefmap entry has the uid `{}`", link.href, link.uid))
                            .with_code(Code::BrokenXref);
                        out.push((d, Some(link.uid.as_str())));
                    }
                    Resolution::Page { page: t, fallback, .. } => {
                        let target = &site.pages[t];
                        if let Some(f) = link.fragment.as_deref().filter(|f| !f.is_empty() && *f != "top") {
                            if !target.has_anchor(f) {
                                let msg = format!(
                                    "`{}`: there is no anchor `#{f}` in {}",
                                    link.href,
                                    target.source.display()
                                );
                                out.push((at(msg).with_code(Code::BrokenAnchor), None));
                            }
                        }
                        if fallback {
                            let at =
                                (link.file.as_path(), crate::diagnostics::Position::from_numbers(link.line, link.col));
                            let warning = crate::checks::links::fallback_link(
                                at,
                                &link.href,
                                &page.locale,
                                &target.locale,
                                &target.rel_path,
                            );
                            out.push((warning, None));
                        }
                    }
                    Resolution::Map(_) => {}
                }
            }
            out
        })
        .collect();
    with_hints(site, index, found)
}

/// Attaches the hints: each different broken uid is looked up once for the whole build, the
/// first `[links] hints` of them in sorted order (as the link check does).
fn with_hints(site: &Site, index: &XrefIndex, found: Vec<(Diagnostic, Option<&str>)>) -> Vec<Diagnostic> {
    let mut uids: Vec<&str> = found.iter().filter_map(|(_, uid)| *uid).collect();
    uids.sort_unstable();
    uids.dedup();
    uids.truncate(site.config.links.hints);
    let answers: HashMap<&str, Option<String>> = uids.par_iter().map(|u| (*u, hint(index, u))).collect();
    found
        .into_iter()
        .map(|(d, uid)| match uid.map(|u| answers.get(u)) {
            None => d,
            Some(Some(Some(best))) => d.with_hint(format!("did you mean `xref:{best}`?")),
            Some(_) => d.with_hint(
                "give the target page `uid: ...` in its front matter, or add an xrefmap under [xref] maps in site.toml",
            ),
        })
        .collect()
}

/// A uid near `uid`: the nearest with the same last segment, else the nearest near enough (by
/// edit distance) in the same namespace, else, on small sites, anywhere.
pub fn hint(index: &XrefIndex, uid: &str) -> Option<String> {
    let lower = uid.to_lowercase();
    let distance = |c: &String| strsim::levenshtein(&lower, &c.to_lowercase());
    let [last, parent] = hint_keys(uid);
    if let Some(same) = index.neighbours.get(&last) {
        return same.iter().min_by_key(|c| (distance(c), c.as_str())).cloned();
    }
    let limit = (uid.chars().count() / 3).max(2);
    let near = |pool: &mut dyn Iterator<Item = &String>| {
        pool.map(|c| (distance(c), c)).filter(|(d, _)| *d <= limit).min().map(|(_, c)| c.clone())
    };
    if let Some(found) = index.neighbours.get(&parent).and_then(|ns| near(&mut ns.iter())) {
        return Some(found);
    }
    if index.pages.len() + index.map.len() > SCAN_LIMIT {
        return None;
    }
    near(&mut index.pages.keys().chain(index.map.keys()))
}
