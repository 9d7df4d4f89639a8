//! Addresses and invalid input, through the real binary (issue 20, items 7–9): file names
//! that need percent-encoding, names equal but for case, content that would take the place of
//! a page guidebook makes, impossible dates, Fluent messages that refer to themselves, and
//! `i18n stamp` on front matter it cannot edit line by line.

mod common;
use common::*;
use std::path::Path;
use std::process::Output;

/// A site with a home page in each locale and `files` (path below the site root, text).
fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_file(&dir.path().join("site.toml"), &bilingual_site_toml("Urls", "https://example.org/docs"));
    write_file(&dir.path().join("content/en-us/index.md"), "---\ntitle: Home\n---\nWelcome.\n");
    write_file(&dir.path().join("content/ko-kr/index.md"), "---\ntitle: 홈\n---\n환영합니다.\n");
    for (rel, text) in files {
        write_file(&dir.path().join(rel), text);
    }
    dir
}

fn build_site(dir: &Path) -> (Output, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let result = build(dir, &out.path().join("public"), &[]);
    (result, out)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn unusual_file_names_get_encoded_urls_and_decoded_files() {
    let dir = site(&[
        ("content/en-us/c#.md", "---\ntitle: C sharp\n---\nText.\n"),
        ("content/en-us/100%.md", "---\ntitle: All\n---\nText.\n"),
        ("content/en-us/a b?.md", "---\ntitle: Spaced\n---\n[c](c%23.md) ![i](media/x%20y.png)\n"),
        ("content/en-us/media/x y.png", "png"),
    ]);
    let (o, out) = build_site(dir.path());
    assert_ok(&o);
    let public = out.path().join("public");
    for file in ["en-us/c#/index.html", "en-us/100%/index.html", "en-us/a b?/index.html", "en-us/media/x y.png"] {
        assert!(public.join(file).is_file(), "{file} is written under its own name");
    }
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    for loc in ["/docs/en-us/c%23/<", "/docs/en-us/100%25/<", "/docs/en-us/a%20b%3F/<"] {
        assert!(sitemap.contains(loc), "{loc} in\n{sitemap}");
    }
    assert!(!sitemap.contains("c#/") && !sitemap.contains("a b"), "{sitemap}");
    let page = std::fs::read_to_string(public.join("en-us/a b?/index.html")).unwrap();
    assert!(page.contains("href=\"/docs/en-us/c%23/\""), "the link is encoded");
    assert!(page.contains("src=\"/docs/en-us/media/x%20y.png\""), "the image is encoded");
}

#[test]
fn names_equal_but_for_case_are_a_warning() {
    let dir = site(&[
        ("content/en-us/Guide.md", "---\ntitle: Upper\n---\nText.\n"),
        ("content/en-us/guide.md", "---\ntitle: Lower\n---\nText.\n"),
    ]);
    let (o, _out) = build_site(dir.path());
    assert_ok(&o);
    let err = stderr(&o);
    assert!(
        err.contains("content/en-us/guide.md:1:1: warning: this is published as en-us/guide/index.html, which differs only in case from content/en-us/Guide.md"),
        "{err}"
    );
}

/// Builds with `files`; asserts the build fails and reports `expected`.
fn refused(files: &[(&str, &str)], expected: &str) {
    let dir = site(files);
    let (o, out) = build_site(dir.path());
    let err = stderr(&o);
    assert!(!o.status.success(), "a collision fails the build:\n{err}");
    assert!(err.contains(expected), "expected `{expected}` in:\n{err}");
    assert!(!out.path().join("public").exists());
}

#[test]
fn content_in_the_place_of_a_generated_file_is_an_error_naming_both() {
    refused(
        &[("content/en-us/index.html", "<p>mine</p>")],
        "content/en-us/index.html: error: this would be written to en-us/index.html, which is content/en-us/index.md",
    );
    refused(
        &[("content/en-us/x.md", "---\ntitle: X\n---\nx\n"), ("content/en-us/x/index.html", "<p>x</p>")],
        "content/en-us/x/index.html: error: this would be written to en-us/x/index.html, which is content/en-us/x.md",
    );
    refused(
        &[("content/en-us/404.html", "<p>gone</p>")],
        "content/en-us/404.html: error: this would be written to en-us/404.html, which is the not-found page of en-us",
    );
    refused(
        &[("content/ko-kr/_search/meta.json", "{}")],
        "content/ko-kr/_search/meta.json: error: this would be written to ko-kr/_search/meta.json, which is the search index",
    );
}

#[test]
fn a_page_at_search_replaces_the_results_page_with_a_warning() {
    let dir = site(&[("content/en-us/search.md", "---\ntitle: Search\n---\nMine.\n")]);
    let (o, out) = build_site(dir.path());
    assert_ok(&o);
    let err = stderr(&o);
    assert!(err.contains("content/en-us/search.md:1:1: warning: this page is published at /docs/en-us/search/, in place of the search results page"), "{err}");
    let page = std::fs::read_to_string(out.path().join("public/en-us/search/index.html")).unwrap();
    assert!(page.contains("Mine."));
}

#[test]
fn impossible_dates_are_warned_about_and_not_shown() {
    let dir = site(&[
        ("content/en-us/d.md", "---\ntitle: D\nms.date: 2024-13-45\n---\nText.\n"),
        ("content/en-us/e.md", "---\ntitle: E\ndate: not a date\n---\nText.\n"),
        ("content/en-us/f.md", "---\ntitle: F\nms.date: 02/29/2024\n---\nText.\n"),
    ]);
    let (o, out) = build_site(dir.path());
    assert_ok(&o);
    let err = stderr(&o);
    assert!(err.contains("content/en-us/d.md:3:10: warning: `ms.date: 2024-13-45` is not a date"), "{err}");
    assert!(err.contains("content/en-us/e.md:3:7: warning: `date: not a date` is not a date"), "{err}");
    let public = out.path().join("public");
    let d = std::fs::read_to_string(public.join("en-us/d/index.html")).unwrap();
    assert!(!d.contains("45, 2024") && !d.contains("2024-13-45"), "the date is not shown");
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("2024-13-45"));
    assert!(sitemap.contains("<lastmod>2024-02-29</lastmod>"), "a real day still is:\n{sitemap}");
}

#[test]
fn fluent_messages_that_refer_to_themselves_are_named() {
    let dir = site(&[("locales/en-us/mine.ftl", "greeting = Hello\nloop-a = { loop-b }\nloop-b = x { loop-a }\n")]);
    let (o, _out) = build_site(dir.path());
    let err = stderr(&o);
    assert!(
        err.contains(
            "locales/en-us/mine.ftl:2:1: warning: the message `loop-a` refers to itself (loop-a → loop-b → loop-a)"
        ),
        "{err}"
    );
}

#[test]
fn stamp_refuses_flow_style_front_matter_and_leaves_the_file() {
    let flow = "---\n{title: x}\n---\n본문\n";
    let dir = site(&[("content/en-us/flow.md", "---\ntitle: X\n---\nBody\n"), ("content/ko-kr/flow.md", flow)]);
    let page = dir.path().join("content/ko-kr/flow.md");
    let o = guidebook(&["i18n", "stamp", "--root", dir.path().to_str().unwrap(), page.to_str().unwrap()]);
    assert!(!o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("cannot add `source_hash` to this front matter"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&page).unwrap(), flow, "the page is unchanged");
    let (built, _out) = build_site(dir.path());
    assert_ok(&built);
}
