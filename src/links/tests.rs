use super::*;
use crate::discover::SourceFile;

fn index() -> LinkIndex {
    let config = crate::config::test_config("/partner", &["en-us", "ko-kr"]);
    let file = |l: &str, p: &str| SourceFile {
        locale: l.into(),
        rel_path: p.into(),
        display: p.into(),
        abs_path: p.into(),
        fallback_from: None,
    };
    let sources = Sources {
        pages: vec![
            file("en-us", "index.md"),
            file("en-us", "mp/policies-terms.md"),
            file("en-us", "mp/cpp/manage/overview.md"),
            file("en-us", "mp/cpp/manage/users.md"),
            file("en-us", "mp/cpp/tour/index.md"),
            file("ko-kr", "mp/cpp/manage/overview.md"),
        ],
        assets: vec![file("en-us", "mp/cpp/tour/media/Shot.png")],
        includes: vec![file("en-us", "includes/note.md")],
        tocs: vec![],
    };
    LinkIndex::new(&config, &sources)
}

#[test]
fn page_urls_are_absolute_under_the_base_path() {
    let i = index();
    assert_eq!(i.page_url("ko-kr", "mp/cpp/manage/overview.md"), "/partner/ko-kr/mp/cpp/manage/overview/");
    assert_eq!(i.page_url("en-us", "index.md"), "/partner/en-us/");
    assert_eq!(i.page_url("en-us", "mp/cpp/tour/index.md"), "/partner/en-us/mp/cpp/tour/");
}

#[test]
fn relative_links_resolve_in_the_locale_then_the_default() {
    let i = index();
    let from = "mp/cpp/manage/overview.md";
    assert_eq!(
        i.rewrite("ko-kr", from, "./overview.md#x").as_deref(),
        Some("/partner/ko-kr/mp/cpp/manage/overview/#x")
    );
    assert_eq!(
        i.rewrite("ko-kr", from, "../../policies-terms.md").as_deref(),
        Some("/partner/en-us/mp/policies-terms/")
    );
    assert_eq!(i.rewrite("en-us", from, "./../tour/").as_deref(), Some("/partner/en-us/mp/cpp/tour/"));
    assert_eq!(i.rewrite("en-us", from, "https://example.com/a.md"), None);
    assert!(matches!(
        i.resolve("ko-kr", from, "../../policies-terms.md"),
        Target::Page(Resolved { fallback: true, .. })
    ));
}

#[test]
fn assets_and_letter_case() {
    let i = index();
    let from = "mp/cpp/tour/index.md";
    assert_eq!(
        i.rewrite("en-us", from, "media/Shot.png").as_deref(),
        Some("/partner/en-us/mp/cpp/tour/media/Shot.png")
    );
    match i.resolve("en-us", from, "media/shot.PNG") {
        Target::Asset(r) => assert!(r.case_differs && r.rel_path == "mp/cpp/tour/media/Shot.png"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn links_out_of_content_and_missing_pages() {
    let i = index();
    assert_eq!(i.resolve("en-us", "index.md", "../../etc/passwd"), Target::OutsideRoot);
    assert_eq!(i.resolve("en-us", "index.md", "../fr-fr/x.md"), Target::OutsideRoot);
    assert!(matches!(i.resolve("en-us", "index.md", "nope.md"), Target::Missing { .. }));
    assert_eq!(i.resolve("en-us", "index.md", "#top"), Target::SamePage);
    assert_eq!(i.rewrite("en-us", "index.md", "/en-us/mp/").as_deref(), Some("/partner/en-us/mp/"));
}

#[test]
fn percent_escapes_decode() {
    assert_eq!(percent_decode("my%20file.md"), "my file.md");
    assert_eq!(percent_decode("100%"), "100%");
    assert_eq!(percent_decode("%zz"), "%zz");
    // A truncated escape, one before a multi-byte character, and a result that is not UTF-8
    // are kept as written.
    assert_eq!(percent_decode("a%2"), "a%2");
    assert_eq!(percent_decode("%가%41"), "%가A");
    assert_eq!(percent_decode("%ff%41"), "%ff%41");
    assert_eq!(percent_decode("%EA%B0%80"), "가");
}

#[test]
fn includes_resolve_per_locale_with_fallback() {
    let i = index();
    let t = i.resolve_include("ko-kr", "mp/cpp/manage/overview.md", "../../../includes/note.md").unwrap();
    assert_eq!((t.locale.as_str(), t.rel_path.as_str()), ("en-us", "includes/note.md"));
    assert!(i.resolve_include("en-us", "index.md", "includes/none.md").is_err());
    // An include file is not a page: a link to it leads nowhere.
    assert!(matches!(i.resolve("en-us", "index.md", "includes/note.md"), Target::Missing { .. }));
}

#[test]
fn paths_split_at_either_slash_and_skip_empty_and_dot_segments() {
    let i = index();
    let from = "mp/cpp/manage/overview.md";
    let users = Some("/partner/en-us/mp/cpp/manage/users/");
    assert_eq!(i.rewrite("en-us", from, r"..\manage\users.md").as_deref(), users);
    assert_eq!(i.rewrite("en-us", from, ".//users.md").as_deref(), users);
    assert_eq!(i.rewrite("en-us", from, r"..\./manage//users.md").as_deref(), users);
    assert_eq!(i.rewrite("en-us", from, r"..\..\..\..\..\x.md"), None, "out of content/");
    // A path of non-ASCII names keeps them whole (missing here, but named as written).
    match i.resolve("en-us", from, "가이드/%EC%82%AC%EC%9A%A9%EC%9E%90.md") {
        Target::Missing { path, .. } => assert_eq!(path, "mp/cpp/manage/가이드/사용자.md"),
        other => panic!("{other:?}"),
    }
}
