//! The repository's own example site (the root of this repository) builds into a complete
//! bilingual site: one HTML page per markdown page per locale, titles intact, explicit anchors
//! kept, every internal URL absolute under base_url's path, every internal link landing on a
//! file of the output.

mod common;
#[path = "common/html.rs"]
mod html;
use common::*;
use std::path::Path;

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    assert_ok(&build(&repo_root(), &out, &[]));
    (tmp, out)
}

/// Markdown pages of the example site: (locale, path below the locale).
fn sources() -> Vec<(String, String)> {
    let content = repo_root().join("content");
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(&content).into_iter().map(Result::unwrap) {
        let rel = entry.path().strip_prefix(&content).unwrap().to_string_lossy().into_owned();
        if let (Some((locale, path)), true) = (rel.split_once('/'), rel.ends_with(".md")) {
            pages.push((locale.to_string(), path.to_string()));
        }
    }
    pages
}

fn output_file(out: &Path, locale: &str, path: &str) -> std::path::PathBuf {
    let stem = path.strip_suffix(".md").unwrap();
    let stem = stem.strip_suffix("index").unwrap_or(stem);
    out.join(locale).join(stem).join("index.html")
}

#[test]
fn every_page_of_every_locale_is_written_with_its_title() {
    let (_tmp, out) = built();
    let pages = sources();
    assert!(pages.len() >= 14, "the example site has at least 7 pages in each of 2 locales");
    for (locale, path) in &pages {
        let file = output_file(&out, locale, path);
        let html = read(&file);
        let text = read(repo_root().join("content").join(locale).join(path));
        let title_line = text.lines().find_map(|l| l.strip_prefix("title: ")).expect("example pages have titles");
        assert!(html::unescape(&html::title(&html)).starts_with(title_line.trim()), "{}: title", file.display());
        assert!(html.contains(&format!("<html lang=\"{locale}\" dir=\"ltr\">")), "{}", file.display());
    }
}

#[test]
fn korean_headings_keep_their_english_anchors() {
    let (_tmp, out) = built();
    for locale in ["en-us", "ko-kr"] {
        let html =
            read(output_file(&out, locale, "marketplace/cloud-partner-portal/portal-manage/cpp-portal-management.md"));
        for id in ["background-information", "account-creation-and-management", "next-steps"] {
            assert!(html.contains(&format!("id=\"{id}\"")), "{locale}: #{id}");
        }
    }
    let ko =
        read(output_file(&out, "ko-kr", "marketplace/cloud-partner-portal/portal-manage/cpp-portal-management.md"));
    assert!(
        ko.contains("<h2 id=\"background-information\">배경 정보</h2>"),
        "the Korean heading text stays, with the English id"
    );
}

#[test]
fn internal_urls_are_absolute_under_the_base_path_and_land_on_files() {
    let (_tmp, out) = built();
    let mut checked = 0;
    for (rel, bytes) in tree(&out) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for url in html::link_values(&html) {
            if url.starts_with("https://")
                || url.starts_with("http://")
                || url.starts_with("mailto:")
                || url.starts_with('#')
            {
                continue;
            }
            assert!(url.starts_with("/partner/"), "{rel}: `{url}` is not an absolute path under /partner/");
            assert!(!url.contains(".md") && !url.contains("/../"), "{rel}: `{url}` was not resolved");
            let path = url.trim_start_matches("/partner/");
            let path = path.split(['#', '?']).next().unwrap();
            let target =
                if path.is_empty() || path.ends_with('/') { out.join(path).join("index.html") } else { out.join(path) };
            assert!(target.is_file(), "{rel}: `{url}` points at nothing in the output");
            checked += 1;
        }
    }
    assert!(checked > 200, "only {checked} internal links checked");
}

#[test]
fn machine_translated_pages_carry_the_notice_and_others_do_not() {
    let (_tmp, out) = built();
    let overview = "marketplace/cloud-partner-portal/portal-manage/cpp-portal-management.md";
    let ko = read(output_file(&out, "ko-kr", overview));
    assert!(ko.contains("data-block=\"translation-notice\""));
    assert!(
        ko.contains("href=\"/partner/en-us/marketplace/cloud-partner-portal/portal-manage/cpp-portal-management/\""),
        "links to the original"
    );
    let en = read(output_file(&out, "en-us", overview));
    assert!(!en.contains("data-block=\"translation-notice\""));
    let human = read(output_file(&out, "ko-kr", "marketplace/policies-terms.md"));
    assert!(!human.contains("data-block=\"translation-notice\""), "HT pages have no machine-translation notice");
}

#[test]
fn markdown_features_reach_the_output() {
    let (_tmp, out) = built();
    let all: String = tree(&out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .collect();
    for needle in [
        "class=\"alert alert-note\"",
        "class=\"alert alert-caution\"",
        "<table>",
        "type=\"checkbox\"",
        "<del>",
        "footnote-definition",
        "class=\"hl-",
        "id=\"sign-in\"",
    ] {
        assert!(all.contains(needle), "no `{needle}` anywhere in the example site");
    }
}

#[test]
fn root_404_and_static_files() {
    let (_tmp, out) = built();
    let root = read(out.join("index.html"));
    assert!(root.contains("/partner/en-us/") && root.contains("/partner/ko-kr/"), "the root leads to each locale");
    for f in [
        "404.html",
        "en-us/404.html",
        "ko-kr/404.html",
        "favicon.svg",
        "en-us/marketplace/cloud-partner-portal/portal-tour/media/portal-dashboard.svg",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    assert!(read(out.join("ko-kr/404.html")).contains("lang=\"ko-kr\""));
    // Stylesheets and scripts carry a content hash, and the pages name them so.
    let style = asset(&out, "style.css");
    assert!(read(out.join("en-us/index.html")).contains(&format!("href=\"/partner/{style}\"")));
    assert!(!out.join("style.css").exists());
}

#[test]
fn the_sites_own_locales_strings_replace_the_themes() {
    let (_tmp, out) = built();
    for (locale, built_with, placeholder) in [
        ("en-us", "Partner Portal Guide, built with guidebook", "Search the Partner Portal guide"),
        ("ko-kr", "파트너 포털 가이드, guidebook으로 만들었습니다", "파트너 포털 가이드 검색"),
    ] {
        let html = read(out.join(locale).join("index.html"));
        assert!(html.contains(built_with), "{locale}: the site's built-with string is missing");
        assert!(html.contains(&format!("placeholder=\"{placeholder}\"")), "{locale}: the site's placeholder");
        // Keys the site leaves alone still come from the theme.
        let theme_key = if locale == "en-us" { "On this page" } else { "이 페이지의 내용" };
        let page = read(
            out.join(locale).join("marketplace/cloud-partner-portal/portal-manage/cpp-portal-management/index.html"),
        );
        assert!(page.contains(theme_key), "{locale}: the theme's strings still fill the rest");
    }
}
