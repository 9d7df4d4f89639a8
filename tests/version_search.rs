//! Versions, search and checks, on the 3-locale, 2-version fixture (v2 latest, v1 archived):
//! one search index per (locale, version) holding the version's pages and the shared ones, each
//! page pointing its search box at its own version's index, and the `archived-link` warning for
//! a v2 page linking into v1 — in `check`, and after an edit in `serve`.

mod common;
#[path = "common/server.rs"]
mod server;
use common::*;
use guidebook::search::tokenize::shard_of;
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

/// The URLs of the documents the index in `dir` lists under `token`.
fn hits(dir: &Path, token: &str) -> Vec<String> {
    let manifest: Value = serde_json::from_str(&read(dir.join("manifest.json"))).unwrap();
    let (shards, chunk) = (manifest["shards"].as_u64().unwrap() as u32, manifest["chunk"].as_u64().unwrap());
    let bytes = std::fs::read(dir.join(format!("p{}.bin", shard_of(token, shards)))).unwrap();
    let shard = guidebook::search::encode::decode(&bytes).expect("a postings shard");
    let Some((_, mut postings)) = shard.into_iter().find(|(t, _)| t == token) else { return Vec::new() };
    // Best first, as a reader sees them.
    postings.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    postings
        .iter()
        .map(|&(doc, _, _)| {
            let doc = u64::from(doc);
            let docs: Value = serde_json::from_str(&read(dir.join(format!("d{}.json", doc / chunk)))).unwrap();
            docs[(doc % chunk) as usize]["u"].as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn each_locale_and_version_gets_an_index_of_its_pages_and_the_shared_ones() {
    let site = site_copy("versions");
    let out = site.path().join("public");
    assert_ok(&build(site.path(), &out, &[]));
    for locale in ["en-us", "ko-kr", "ja-jp"] {
        for version in ["v1", "v2"] {
            let dir = out.join(format!("{locale}/{version}/_search"));
            assert!(dir.join("manifest.json").is_file(), "{}", dir.display());
        }
        assert!(!out.join(locale).join("_search").exists(), "{locale}: no index of all versions at once");
        assert!(out.join(locale).join("search/index.html").is_file(), "{locale}: one results page");
    }
    let (v1, v2) = (out.join("en-us/v1/_search"), out.join("en-us/v2/_search"));
    let mut found = hits(&v1, "blueprint");
    found.sort();
    assert_eq!(found, ["/cli/en-us/v1/commands/deploy/", "/cli/en-us/v1/commands/legacy-sync/"]);
    assert_eq!(hits(&v2, "blueprint"), Vec::<String>::new(), "v1's word is not in v2's index");
    assert_eq!(hits(&v2, "pipeline"), ["/cli/en-us/v2/commands/deploy/"]);
    assert_eq!(hits(&v1, "pipeline"), Vec::<String>::new());
    for (dir, other) in [(&v1, "/v2/"), (&v2, "/v1/")] {
        let found = hits(dir, "glossary");
        assert_eq!(found[0], "/cli/en-us/glossary/", "shared pages are in every version's index, title first");
        assert!(found.contains(&"/cli/en-us/".to_string()), "the shared home page too: {found:?}");
        assert!(!found.iter().any(|u| u.contains(other)), "never another version's page: {found:?}");
    }
    // Korean: v1's stand-ins (English text) are in the Korean v1 index, at Korean URLs.
    assert!(hits(&out.join("ko-kr/v1/_search"), "blueprint").contains(&"/cli/ko-kr/v1/commands/deploy/".to_string()));
}

#[test]
fn pages_search_their_own_version_and_shared_pages_the_latest() {
    let site = site_copy("versions");
    let out = site.path().join("public");
    assert_ok(&build(site.path(), &out, &[]));
    let page = |url: &str| read(out.join(url).join("index.html"));
    let v1 = page("en-us/v1/commands/deploy");
    assert!(v1.contains("<html lang=\"en-us\" dir=\"ltr\" data-version=\"v1\">"), "{v1}");
    assert!(v1.contains("data-index=\"/cli/en-us/v1/_search/\""));
    assert!(v1.contains("<input type=\"hidden\" name=\"v\" value=\"v1\">"), "the results page searches v1 too");
    let ko = page("ko-kr/v2/commands/deploy");
    assert!(ko.contains("data-version=\"v2\"") && ko.contains("data-index=\"/cli/ko-kr/v2/_search/\""));
    for shared in ["en-us/glossary", "en-us", "en-us/search"] {
        let html = page(shared);
        assert!(html.contains("data-version=\"v2\""), "{shared}: the latest");
        assert!(html.contains("data-index=\"/cli/en-us/v2/_search/\""), "{shared}");
    }
    // The results page lists every version with its index, the latest marked.
    let results = page("en-us/search");
    assert!(results.contains(
        "<a href=\"/cli/en-us/search/?v=v2\" data-version=\"v2\" data-index=\"/cli/en-us/v2/_search/\" data-label=\"Contoso CLI 2.x\" data-latest=\"true\">"
    ));
    assert!(
        results.contains("data-version=\"v1\" data-index=\"/cli/en-us/v1/_search/\" data-label=\"Contoso CLI 1.x\">")
    );
}

#[test]
fn a_site_without_versions_keeps_one_index_per_locale_and_no_version_attributes() {
    let site = site_copy("links-ok");
    let out = site.path().join("public");
    assert_ok(&build(site.path(), &out, &[]));
    assert!(out.join("en-us/_search/manifest.json").is_file());
    let home = read(out.join("en-us/index.html"));
    assert!(home.contains("<html lang=\"en-us\" dir=\"ltr\">\n"), "no data-version");
    assert!(!home.contains("name=\"v\""));
    assert!(!read(out.join("en-us/search/index.html")).contains("search-versions"));
}

#[test]
fn check_warns_of_a_link_from_a_newer_version_into_an_archived_one() {
    let site = site_copy("versions");
    // An archived page linking to the current version, and v1 pages linking each other (the
    // fixture's own), are fine.
    std::fs::write(
        site.path().join("content/en-us/v1/commands/upgrade.md"),
        "---\ntitle: upgrade\n---\n\nMove to [2.x](../../v2/index.md); see [deploy](deploy.md).\n",
    )
    .unwrap();
    let out = guidebook(&["check", "--root", site.path().to_str().unwrap()]);
    assert_ok(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "content/en-us/v2/commands/rollback.md:5:46: warning: `../../v1/commands/legacy-sync.md` leads into archived version v1\n  help: link to the same page in v2, or drop the link"
        ),
        "{stderr}"
    );
    assert_eq!(stderr.matches("archived version").count(), 1, "only v2 → v1, once (not for stand-ins): {stderr}");

    // The JSON report names the code.
    let json = guidebook(&["check", "--root", site.path().to_str().unwrap(), "--format", "json"]);
    let text = String::from_utf8_lossy(&json.stdout);
    assert!(text.contains("\"archived-link\""), "{text}");
}

#[test]
fn serve_warns_when_an_edit_adds_a_link_into_an_archived_version() {
    let site = site_copy("versions");
    let srv = server::start(site.path(), &[]);
    let mut events = server::Events::open(&srv.addr);
    let file = site.path().join("content/en-us/v2/get-started.md");
    let text = read(&file).replace("## Install\n", "## Install\n\nThe [old guide](../v1/get-started.md).\n");
    std::fs::write(&file, text).unwrap();
    assert!(events.wait_for("reload", Duration::from_secs(10)).is_some(), "{}", srv.log.lock().unwrap());
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    let want = "content/en-us/v2/get-started.md:8:5: warning: `../v1/get-started.md` leads into archived version v1";
    while !srv.log.lock().unwrap().contains(want) && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(srv.log.lock().unwrap().contains(want), "{}", srv.log.lock().unwrap());
}
