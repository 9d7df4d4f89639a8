//! Labels a reader sees for folders and languages on a site with no site.toml: a folder without
//! an index page is named by the page its author put first, in its own language, not by its
//! folder name; the language switcher names languages in their own words.

mod common;

#[test]
fn folders_and_languages_are_named_in_the_readers_language() {
    let site = tempfile::tempdir().unwrap();
    let w = |rel: &str, text: &str| common::write_file(&site.path().join("content").join(rel), text);
    w("en-us/index.md", "---\ntitle: Home\n---\n\n# Home\n");
    w("ko-kr/index.md", "---\ntitle: 홈\n---\n\n# 홈\n");
    w("en-us/portal-manage/overview.md", "---\ntitle: Manage | Site\norder: 1\n---\n\n# Manage your account\n");
    w("en-us/portal-manage/users.md", "---\ntitle: Users\norder: 2\n---\n\n# Users\n");
    w("ko-kr/portal-manage/overview.md", "---\ntitle: 관리 | Site\norder: 1\n---\n\n# 계정 관리\n");
    w("ko-kr/portal-manage/users.md", "---\ntitle: 사용자\norder: 2\n---\n\n# 사용자\n");
    let out = site.path().join("out");
    common::assert_ok(&common::build(site.path(), &out, &[]));
    let ko = common::read(out.join("ko-kr/index.html"));
    assert!(ko.contains(">계정 관리</a>"), "the Korean label of the folder:\n{ko}");
    assert!(!ko.contains("Portal manage"), "no label made from the folder name:\n{ko}");
    assert!(ko.contains(">한국어<") && ko.contains(">English<"), "languages by their own names:\n{ko}");
    let en = common::read(out.join("en-us/index.html"));
    assert!(en.contains(">Manage your account</a>") && !en.contains("Portal manage"), "{en}");
}

/// DocFX's `TOC.md` orders and names the menu; it is not published as a page.
#[test]
fn a_docfx_toc_md_is_navigation_not_a_page() {
    let site = tempfile::tempdir().unwrap();
    let w = |rel: &str, text: &str| common::write_file(&site.path().join("content").join(rel), text);
    w("index.md", "---\ntitle: Home\n---\n\n# Home\n");
    w("b.md", "---\ntitle: Bee\n---\n\n# Bee\n");
    w("a.md", "---\ntitle: Ay\n---\n\n# Ay\n");
    w("TOC.md", "# [Start](index.md)\n# Topics\n## [Second first](b.md)\n## [Then this](a.md)\n");
    let out = site.path().join("out");
    common::assert_ok(&common::build(site.path(), &out, &[]));
    assert!(!out.join("TOC/index.html").exists() && !out.join("toc/index.html").exists(), "no page made of it");
    // The branch of the page open is unfolded.
    let page = common::read(out.join("b/index.html"));
    let nav = page.split("data-block=\"sidebar\"").nth(1).unwrap_or("");
    let (second, then) = (nav.find(">Second first<"), nav.find(">Then this<"));
    assert!(second.is_some() && then.is_some() && second < then, "the menu follows TOC.md:\n{page}");
    assert!(nav.find(">Start<") < nav.find(">Topics<") && nav.contains(">Topics<"), "{page}");
}
