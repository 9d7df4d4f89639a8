//! `[[versions]]` in the rendered site, on the fixture `versions` (en-us, ko-kr, ja-jp; v2
//! latest, v1 archived; index.md and glossary.md shared): the version switcher, the banner on
//! older pages, navigation per version, canonical links, `/latest/` pages, and hreflang only
//! within a version. A site without versions shows none of it.

mod common;

use common::{assert_ok, build, hrefs, page_dirs, read, served_file, site_copy};
use std::path::{Path, PathBuf};

fn built() -> (tempfile::TempDir, PathBuf) {
    let site = site_copy("versions");
    let out = site.path().join("public");
    assert_ok(&build(site.path(), &out, &[]));
    (site, out)
}

/// The HTML served at a site-absolute URL (`/cli/en-us/v1/`).
fn page(out: &Path, url: &str) -> String {
    read(served_file(out, url.strip_prefix("/cli").expect("a URL under /cli")))
}

/// The part of `html` from the first `start` to the next `end` after it ("" when absent).
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let Some(at) = html.find(start) else { return "" };
    let rest = &html[at..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// The version switcher's entries: (data-version, href, aria-current).
fn switcher(html: &str) -> Vec<(String, String, bool)> {
    let menu = between(html, "data-block=\"version-switcher\"", "</nav>");
    menu.split("<li>")
        .skip(1)
        .map(|li| {
            let href = hrefs(li).remove(0);
            let name = li.split("data-version=\"").nth(1).and_then(|v| v.split('"').next()).unwrap_or("");
            (name.to_string(), href, li.contains("aria-current=\"true\""))
        })
        .collect()
}

fn canonical(html: &str) -> String {
    hrefs(between(html, "<link rel=\"canonical\"", ">")).remove(0)
}

/// Every page file of the output (no `/latest/` aliases, no 404 or search pages), as URLs.
fn page_urls(out: &Path) -> Vec<String> {
    page_dirs(out)
        .into_iter()
        .filter(|rel| rel.contains('/') && !rel.contains("/latest") && !rel.ends_with("/search"))
        .map(|rel| format!("/cli/{rel}/"))
        .collect()
}

#[test]
fn the_switcher_offers_the_same_page_or_its_nearest_folder_in_each_version() {
    let (_site, out) = built();
    let s = |url: &str| switcher(&page(&out, url));
    let entry = |name: &str, href: &str, current: bool| (name.to_string(), href.to_string(), current);
    assert_eq!(
        s("/cli/en-us/v2/get-started/"),
        [entry("v2", "/cli/en-us/v2/get-started/", true), entry("v1", "/cli/en-us/v1/get-started/", false)]
    );
    // rollback is new in v2: v1's commands folder.
    assert_eq!(s("/cli/en-us/v2/commands/rollback/")[1], entry("v1", "/cli/en-us/v1/commands/", false));
    // legacy-sync is gone in v2: v2's commands folder.
    assert_eq!(s("/cli/en-us/v1/commands/legacy-sync/")[0], entry("v2", "/cli/en-us/v2/commands/", false));
    // Korean: stand-ins count (ko-kr has no v1/commands/deploy.md of its own).
    assert_eq!(s("/cli/ko-kr/v2/commands/deploy/")[1], entry("v1", "/cli/ko-kr/v1/commands/deploy/", false));
    // A shared page: each version's root, none current.
    for url in ["/cli/en-us/", "/cli/ko-kr/glossary/"] {
        let locale = &url[5..10];
        assert_eq!(
            s(url),
            [entry("v2", &format!("/cli/{locale}/v2/"), false), entry("v1", &format!("/cli/{locale}/v1/"), false)],
            "{url}"
        );
    }
    // Archived versions say so; the label of the page's version heads the menu.
    let v1 = page(&out, "/cli/en-us/v1/");
    assert!(between(&v1, "<a href=\"/cli/en-us/v1/\" data-version=\"v1\"", "</li>").contains("(archived)"), "{v1}");
    assert!(between(&v1, "<summary>", "</summary>").contains("Contoso CLI 1.x"));
    // Every entry of every page leads to a page that was written.
    let urls = page_urls(&out);
    assert_eq!(urls.len(), 33, "{urls:?}");
    for url in urls {
        for (_, href, _) in s(&url) {
            assert!(served_file(&out, &href[4..]).is_file(), "{url}: the switcher's {href} is not written");
        }
    }
}

#[test]
fn pages_of_the_archived_version_carry_the_banner_in_their_language() {
    let (_site, out) = built();
    let mut v1_pages = 0;
    for url in page_urls(&out) {
        let html = page(&out, &url);
        let banner = between(&html, "data-block=\"version-banner\"", "</div>");
        if !url.contains("/v1/") {
            assert!(banner.is_empty(), "{url} is not of an older version but has the banner");
            continue;
        }
        v1_pages += 1;
        let latest = hrefs(banner);
        assert_eq!(latest.len(), 1, "{url}: {banner}");
        assert!(served_file(&out, &latest[0][4..]).is_file(), "{url}: the banner's {} is not written", latest[0]);
        assert!(latest[0].contains("/v2/"), "{url}: {banner}");
        if url.starts_with("/cli/ko-kr/") {
            assert!(
                banner.contains("더 이상 유지 관리되지 않는 Contoso CLI 1.x 문서를 보고 있습니다."),
                "{url}: {banner}"
            );
            assert!(banner.contains("최신 버전으로 이동"), "{url}: {banner}");
        } else {
            // ja-jp has no strings of its own: the English ones.
            assert!(
                banner
                    .contains("You are reading the documentation for Contoso CLI 1.x, which is no longer maintained."),
                "{url}: {banner}"
            );
            assert!(banner.contains("Go to the latest version"), "{url}: {banner}");
        }
    }
    assert_eq!(v1_pages, 15, "5 v1 pages in each of 3 locales");
    let banner = page(&out, "/cli/en-us/v1/commands/legacy-sync/");
    assert_eq!(hrefs(between(&banner, "data-block=\"version-banner\"", "</div>")), ["/cli/en-us/v2/commands/"]);
}

#[test]
fn a_page_shows_its_own_version_in_the_sidebar_pager_and_breadcrumbs() {
    let (_site, out) = built();
    let html = page(&out, "/cli/en-us/v1/commands/deploy/");
    let sidebar = hrefs(between(&html, "data-block=\"sidebar\"", "</nav>"));
    assert!(sidebar.iter().all(|h| !h.contains("/v2/")), "a v1 sidebar lists v2 pages: {sidebar:?}");
    for want in ["/cli/en-us/", "/cli/en-us/glossary/", "/cli/en-us/v1/", "/cli/en-us/v1/commands/legacy-sync/"] {
        assert!(sidebar.contains(&want.to_string()), "{want} is missing from the v1 sidebar: {sidebar:?}");
    }
    let crumbs = hrefs(between(&html, "class=\"breadcrumbs\"", "</nav>"));
    assert_eq!(crumbs, ["/cli/en-us/v1/", "/cli/en-us/v1/commands/"], "breadcrumbs start at the version's root");
    let pager = hrefs(between(&html, "class=\"pager\"", "</nav>"));
    assert!(!pager.is_empty() && pager.iter().all(|h| !h.contains("/v2/")), "{pager:?}");
    // A shared page shows the latest version's tree.
    let home = page(&out, "/cli/ko-kr/");
    let sidebar = hrefs(between(&home, "data-block=\"sidebar\"", "</nav>"));
    assert!(sidebar.contains(&"/cli/ko-kr/v2/".to_string()), "{sidebar:?}");
    assert!(sidebar.iter().all(|h| !h.contains("/v1/")), "a shared page lists v1 pages: {sidebar:?}");
}

#[test]
fn older_pages_are_canonical_in_the_latest_version_when_it_has_them() {
    let (_site, out) = built();
    let c = |url: &str| canonical(&page(&out, url));
    let origin = "https://docs.example.com";
    assert_eq!(c("/cli/en-us/v1/get-started/"), format!("{origin}/cli/en-us/v2/get-started/"));
    assert_eq!(c("/cli/ko-kr/v1/get-started/"), format!("{origin}/cli/ko-kr/v2/get-started/"));
    // A stand-in of a v1 page: the latest English original (ko-kr's v2 deploy is translated,
    // but the stand-in repeats English text).
    assert_eq!(c("/cli/ja-jp/v1/commands/deploy/"), format!("{origin}/cli/en-us/v2/commands/deploy/"));
    // Only in v1: itself.
    assert_eq!(c("/cli/en-us/v1/commands/legacy-sync/"), format!("{origin}/cli/en-us/v1/commands/legacy-sync/"));
    // Latest and shared pages: themselves (a stand-in: its original, as before).
    assert_eq!(c("/cli/en-us/v2/commands/rollback/"), format!("{origin}/cli/en-us/v2/commands/rollback/"));
    assert_eq!(c("/cli/ko-kr/glossary/"), format!("{origin}/cli/en-us/glossary/"));
    assert_eq!(c("/cli/en-us/"), format!("{origin}/cli/en-us/"));
}

#[test]
fn latest_urls_send_readers_to_every_page_of_the_latest_version() {
    let (_site, out) = built();
    let latest: Vec<String> = page_urls(&out).into_iter().filter(|u| u.contains("/v2/")).collect();
    assert_eq!(latest.len(), 15, "5 v2 pages in each of 3 locales");
    for url in &latest {
        let alias = url.replacen("/v2/", "/latest/", 1);
        let html = page(&out, &alias);
        assert!(html.contains(&format!("<meta http-equiv=\"refresh\" content=\"0; url={url}\">")), "{alias}: {html}");
        assert!(html.contains(&format!("<link rel=\"canonical\" href=\"https://docs.example.com{url}\">")), "{html}");
        assert!(html.contains(&format!("<a href=\"{url}\">")), "{alias} has no plain link: {html}");
        assert!(!html.contains("<script"), "{alias} needs no script");
    }
    // No alias for older or shared pages, and none in the sitemap or the search index.
    assert!(!out.join("en-us/latest/commands/legacy-sync").exists());
    assert!(!out.join("en-us/latest/glossary").exists());
    assert!(!read(out.join("sitemap.xml")).contains("/latest/"));
    for entry in walkdir::WalkDir::new(&out).into_iter().map(Result::unwrap) {
        if entry.path().components().any(|c| c.as_os_str() == "_search") && entry.file_type().is_file() {
            let text = String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into_owned();
            assert!(!text.contains("/latest/"), "{} lists a /latest/ page", entry.path().display());
        }
    }
}

#[test]
fn hreflang_alternates_stay_within_a_version() {
    let (_site, out) = built();
    let sitemap = read(out.join("sitemap.xml"));
    let mut checked = 0;
    for entry in sitemap.split("<url>").skip(1) {
        let loc = between(entry, "<loc>", "</loc>").trim_start_matches("<loc>");
        let version = ["/v1/", "/v2/"].into_iter().find(|v| loc.contains(v));
        for href in hrefs(entry) {
            checked += 1;
            match version {
                Some(v) => assert!(href.contains(v), "{loc} has an alternate in another version: {href}"),
                None => assert!(!href.contains("/v1/") && !href.contains("/v2/"), "{loc}: {href}"),
            }
        }
    }
    assert!(checked > 10, "the sitemap has alternates: {sitemap}");
    let html = page(&out, "/cli/ko-kr/v1/get-started/");
    let tags: Vec<&str> = html.split("<link rel=\"alternate\"").skip(1).map(|t| &t[..t.find('>').unwrap()]).collect();
    let alternates = hrefs(&tags.join(" "));
    assert!(!alternates.is_empty() && alternates.iter().all(|h| h.contains("/v1/")), "{alternates:?}");
}

#[test]
fn a_site_without_versions_shows_no_version_furniture() {
    let site = site_copy("nav");
    let out = site.path().join("public");
    assert_ok(&build(site.path(), &out, &[]));
    for entry in walkdir::WalkDir::new(&out).into_iter().map(Result::unwrap) {
        assert_ne!(entry.file_name(), "latest", "a site without versions got /latest/ pages");
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = read(entry.path());
            for absent in ["version-switcher", "version-banner", "versions."] {
                assert!(!html.contains(absent), "{}: {absent}", entry.path().display());
            }
        }
    }
}

#[test]
fn a_shared_folder_named_latest_wins_with_a_warning() {
    let site = site_copy("versions");
    common::write_file(&site.path().join("content/en-us/latest/index.md"), "---\ntitle: Latest news\n---\n\nNews.\n");
    let out = site.path().join("public");
    let run = build(site.path(), &out, &[]);
    assert_ok(&run);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(stderr.matches("content/en-us/latest/index.md:1:1: warning").count(), 1, "{stderr}");
    assert!(read(out.join("en-us/latest/index.html")).contains("News."));
    assert!(out.join("en-us/latest/get-started/index.html").is_file(), "the other aliases are still written");
}
