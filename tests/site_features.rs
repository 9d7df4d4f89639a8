//! Site-level behaviour: inferred settings without site.toml, one-language sites, theme
//! overrides, typed front matter in templates, drafts, ignored files, and `init`.

mod common;
use common::*;

#[test]
fn language_folders_without_site_toml_are_the_locales() {
    let site = site_copy("inferred-locales");
    let out = site.path().join("public");
    let result = build(site.path(), &out, &[]);
    assert_ok(&result);
    assert!(String::from_utf8_lossy(&result.stdout).contains("(en 2, ko 1)"));
    assert!(read(out.join("ko/index.html")).contains("<html lang=\"ko\""));
    // The Korean page links to a page only the default locale has: Korean readers get a
    // stand-in of it at a Korean URL.
    assert!(read(out.join("ko/index.html")).contains("href=\"/ko/guide/setup/\""));
    assert!(read(out.join("ko/guide/setup/index.html")).contains("data-kind=\"fallback\""));
    assert!(read(out.join("index.html")).contains("/en/"), "the root leads to the default, en");
}

#[test]
fn a_one_language_site_has_no_locale_in_its_urls() {
    let site = site_copy("one-language");
    let out = site.path().join("public");
    assert_ok(&build(site.path(), &out, &[]));
    assert!(out.join("index.html").is_file());
    assert!(out.join("guide/setup/index.html").is_file());
    assert!(out.join("api/index.html").is_file(), "`api` is a section, not a language");
    // guide.md and the folder guide/ share /guide/: the page is what readers get there.
    assert!(read(out.join("guide/index.html")).contains("Guide overview"));
    assert!(read(out.join("index.html")).contains("href=\"/guide/setup/\""));
}

#[test]
fn site_templates_and_static_files_override_the_theme_one_by_one() {
    let site = site_copy("overrides");
    let out = site.path().join("public");
    assert_ok(&build(site.path(), &out, &[]));
    let page = read(out.join("en-us/page/index.html"));
    assert!(page.contains("<div id=\"custom-page\">"), "site templates/page.html wins");
    assert!(page.contains("class=\"skip-link\""), "base.html still comes from the theme");
    assert_eq!(read(out.join(asset(&out, "style.css"))), "/* site override */ body { color: black; }\n");
    asset(&out, "highlight.css"); // theme files not overridden stay
    assert!(out.join("extra.txt").is_file());
}

#[test]
fn front_matter_reaches_templates_with_its_yaml_types() {
    let site = site_copy("overrides");
    let out = site.path().join("public");
    assert_ok(&build(site.path(), &out, &[]));
    let page = read(out.join("en-us/page/index.html"));
    assert!(page.contains("<p id=\"meta-date\">04/01/2019</p>"), "dotted keys reach page.meta");
    assert!(page.contains("<p id=\"meta-order-plus-one\">42</p>"), "numbers stay numbers");
    assert!(page.contains("<p id=\"meta-draft-type\">list 3</p>"), "lists stay lists");
    assert!(page.contains("<p id=\"meta-null\">null</p>"), "an empty value is null");
}

#[test]
fn drafts_hidden_files_and_editor_backups_are_not_pages() {
    let site = site_copy("overrides");
    let out = site.path().join("public");
    let result = build(site.path(), &out, &[]);
    assert_ok(&result);
    assert!(String::from_utf8_lossy(&result.stdout).contains("(en-us 1)"));
    assert!(!out.join("en-us/draft").exists());
    let files: Vec<String> = tree(&out).into_keys().collect();
    assert!(
        files.iter().all(|f| !f.contains("hidden") && !f.ends_with('~') && !f.contains(".#") && !f.ends_with(".swp")),
        "{files:?}"
    );
    assert!(out.join("en-us/files/guide.pdf").is_file(), "other files are copied as assets");

    let with_drafts = site.path().join("with-drafts");
    assert_ok(&build(site.path(), &with_drafts, &["--drafts"]));
    assert!(with_drafts.join("en-us/draft/index.html").is_file());
}

#[test]
fn init_makes_a_site_that_builds_with_no_theme_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new-site");
    assert_ok(&guidebook(&["init", dir.to_str().unwrap()]));
    assert!(!dir.join("themes").exists(), "the theme is embedded, not copied");
    let out = dir.join("public");
    let result = build(&dir, &out, &[]);
    assert_ok(&result);
    assert!(read(out.join("ko-kr/index.html")).contains("환영합니다"));
    asset(&out, "style.css");

    // A second init never overwrites the author's site.
    let index = dir.join("content/en-us/index.md");
    std::fs::write(&index, "# Mine\n").unwrap();
    let again = guidebook(&["init", dir.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(read(&index), "# Mine\n");
}

#[test]
fn base_url_flag_moves_every_url_under_a_new_sub_path() {
    let site = site_copy("one-language");
    let out = site.path().join("public");
    assert_ok(&build(site.path(), &out, &["--base-url", "https://preview.example.net/pr-42/"]));
    let home = read(out.join("index.html"));
    assert!(home.contains("href=\"/pr-42/guide/setup/\""), "{home}");
    assert!(home.contains(&format!("href=\"/pr-42/{}\"", asset(&out, "style.css"))));
}
