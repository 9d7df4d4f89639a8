//! Version-first link resolution (fixture `versions-links`: v2 latest, v1; each version's
//! `commands/` mounted at `commands`, v2's published there; `setup` pages in both versions
//! carry one uid): a docset-absolute link and an xref from a page of a version lead to that
//! version's page, and from a shared page to the latest version's.

mod common;
use common::*;

/// The hrefs of a page's body, in order.
fn body_links(out: &std::path::Path, url: &str) -> Vec<String> {
    let html = read(out.join(url).join("index.html"));
    let body = &html[html.find("class=\"doc-body").expect("a page body")..];
    let body = &body[..body.find("</article>").unwrap_or(body.len())];
    body.split("<a href=\"").skip(1).map(|s| s[..s.find('"').unwrap()].to_string()).collect()
}

#[test]
fn links_resolve_within_the_linking_pages_version_first() {
    let site = site_copy("versions-links");
    let out = site.path().join("public");
    let built = build(site.path(), &out, &[]);
    assert_ok(&built);
    assert!(String::from_utf8_lossy(&built.stdout).contains(" 0 warning(s)"), "{built:?}");
    // v1: its own setup page (xref) and its own deploy page (docset link), though v2's deploy
    // page is the one published at /commands/.
    assert_eq!(
        body_links(&out, "en-us/v1/guides/links"),
        ["/cli/en-us/v1/guides/setup/", "/cli/en-us/v1/commands/deploy/"]
    );
    assert_eq!(
        body_links(&out, "en-us/v2/guides/links"),
        ["/cli/en-us/v2/guides/setup/", "/cli/en-us/commands/deploy/"]
    );
    // A shared page: the latest version's, not the first in path order (v1).
    // (The home page, a section, lists its folders after its text.)
    assert_eq!(body_links(&out, "en-us")[..2], ["/cli/en-us/v2/guides/setup/", "/cli/en-us/commands/deploy/"]);
}
