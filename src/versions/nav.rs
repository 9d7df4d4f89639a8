//! Navigation per version: a locale's tree cut down to one version's pages plus the pages
//! every version shares, so a page of `v1` lists only `v1` (its sidebar, previous/next and
//! breadcrumbs). `nav.rs` builds the whole locale's tree once and asks this for each version.

use crate::nav::NavNode;
use crate::site::Site;
use crate::versions::Version;

/// The nodes of `roots` that belong to `version` or to no version, their children likewise.
/// A node of another version goes with everything below it.
pub fn only(site: &Site, roots: &[NavNode], version: &Version) -> Vec<NavNode> {
    // Page-less nodes (a folder without index.md, a toc.yml heading with a link) are told
    // apart by URL: the other versions' roots in every locale.
    let urls = site.config.urls();
    let others: Vec<String> = site
        .config
        .versions
        .iter()
        .filter(|v| v.name != version.name)
        .flat_map(|v| site.config.locales.iter().map(move |l| urls.section_url(&l.code, &v.folder)))
        .collect();
    keep(site, roots, version, &others)
}

fn keep(site: &Site, nodes: &[NavNode], version: &Version, others: &[String]) -> Vec<NavNode> {
    nodes
        .iter()
        .filter(|n| belongs(site, n, version, others))
        .filter_map(|n| {
            let children = keep(site, &n.children, version, others);
            // A heading whose every entry was another version's has nothing left to group.
            if n.url.is_none() && n.page.is_none() && children.is_empty() && !n.children.is_empty() {
                return None;
            }
            Some(NavNode { title: n.title.clone(), url: n.url.clone(), page: n.page, children })
        })
        .collect()
}

fn belongs(site: &Site, node: &NavNode, version: &Version, others: &[String]) -> bool {
    match node.page {
        Some(p) => site.config.versions.version_of(&site.pages[p].rel_path).is_none_or(|v| v.name == version.name),
        None => node.url.as_ref().is_none_or(|u| !others.iter().any(|o| u.starts_with(o.as_str()))),
    }
}
