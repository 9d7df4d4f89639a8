//! The multilingual half: UI strings from Fluent files with fallbacks and warnings, the
//! language switcher and hreflang, translation notices in the reader's language, local dates,
//! right-to-left pages, translation status and stamping, and anchor parity.

mod common;
use common::*;

fn built(case: &str) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let site = site_copy(case);
    let out = site.path().join("public");
    let result = build(site.path(), &out, &[]);
    assert_ok(&result);
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    (site, out, stderr)
}

#[test]
fn ui_strings_come_from_fluent_in_the_page_language() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    assert_ok(&build(&repo_root(), &out, &[]));
    let ko = read(out.join("ko-kr/marketplace/cloud-partner-portal/portal-manage/cpp-portal-management/index.html"));
    let en = read(out.join("en-us/marketplace/cloud-partner-portal/portal-manage/cpp-portal-management/index.html"));
    for (ko_text, en_text) in [
        ("이 페이지의 내용", "On this page"),
        ("본문으로 건너뛰기", "Skip to main content"),
        ("시작하기 전에", "Before you begin"),
    ] {
        assert!(ko.contains(ko_text), "ko-kr lacks {ko_text}");
        assert!(en.contains(en_text), "en-us lacks {en_text}");
        assert!(!ko.contains(en_text), "English `{en_text}` on the Korean page");
    }
    assert!(ko.contains("이 페이지는 기계 번역으로 작성되어"), "the machine-translation notice is in Korean");
    assert!(
        read(out.join("ko-kr/404.html")).contains("페이지를 찾을 수 없습니다")
            || read(out.join("ko-kr/404.html")).contains("찾을 수 없")
    );
}

#[test]
fn a_missing_string_falls_back_to_the_default_locale_with_one_warning() {
    let (_site, out, stderr) = built("i18n");
    let ko = read(out.join("ko-kr/index.html"));
    assert!(ko.contains("<p id=\"extra\">2 extra notes</p>"), "English, with its plural rule");
    assert!(ko.contains("<p id=\"extra-one\">One extra note</p>"));
    let warning = "locales/ko-kr: warning: UI string `extra-note` is missing in ko-kr; en-us's is used";
    assert_eq!(stderr.matches(warning).count(), 1, "one warning however many pages use it:\n{stderr}");
    assert!(read(out.join("ar/index.html")).contains("<p id=\"extra\">ملاحظات إضافية</p>"));
}

#[test]
fn a_right_to_left_locale_gets_dir_rtl_and_its_own_strings() {
    let (_site, out, _) = built("i18n");
    let ar = read(out.join("ar/index.html"));
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(ar.contains("تخطَّ إلى المحتوى الرئيسي"), "the Arabic skip link");
    // The stand-in for the English-only guide: Arabic chrome, English text marked ltr.
    let guide = read(out.join("ar/guide/index.html"));
    assert!(guide.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(guide.contains("lang=\"en-us\" dir=\"ltr\""), "the English text keeps its direction");
    assert!(guide.contains("لم تُترجم هذه الصفحة بعد"), "the not-translated notice, in Arabic");
}

#[test]
fn hreflang_and_the_switcher_cover_pages_with_and_without_translations() {
    let (_site, out, _) = built("i18n");
    let home = read(out.join("en-us/index.html"));
    for (lang, url) in [("en-us", "/en-us/"), ("ko-kr", "/ko-kr/"), ("ar", "/ar/"), ("x-default", "/en-us/")] {
        assert!(
            home.contains(&format!("<link rel=\"alternate\" hreflang=\"{lang}\" href=\"https://example.org{url}\">")),
            "{lang}"
        );
    }
    // The guide has no translations: no alternates but itself, and the switcher goes to stand-ins.
    let guide = read(out.join("en-us/guide/index.html"));
    assert!(!guide.contains("hreflang=\"ko-kr\" href=\"https://example.org"), "a stand-in is not an alternate");
    assert!(
        guide.contains("<a href=\"/ko-kr/guide/\" hreflang=\"ko-kr\" lang=\"ko-kr\" data-fallback=\"true\""),
        "{guide}"
    );
    assert!(out.join("ko-kr/guide/index.html").is_file());
    let ko_guide = read(out.join("ko-kr/guide/index.html"));
    assert!(
        ko_guide.contains("<link rel=\"canonical\" href=\"https://example.org/en-us/guide/\">"),
        "stand-ins point search engines at the original"
    );
    assert!(ko_guide.contains("data-block=\"translation-notice\" data-kind=\"fallback\""));
    assert!(ko_guide.contains("이 페이지는 아직 번역되지 않아"));
}

#[test]
fn dates_are_shown_in_the_locale_format() {
    let (_site, out, _) = built("i18n");
    assert!(read(out.join("en-us/index.html"))
        .contains("<time datetime=\"2019-04-01\">Last updated on April 1, 2019</time>"));
    assert!(read(out.join("ko-kr/index.html")).contains("2019년 4월 1일"));
}

#[test]
fn locale_checks_warn_about_anchor_parity_and_declared_language() {
    let (_site, _out, stderr) = built("i18n");
    assert!(
        stderr.contains("content/ko-kr/index.md: warning: anchor `#legacy` of the original (content/en-us/index.md:9) is missing here"),
        "both locations:\n{stderr}"
    );
    assert!(!stderr.contains("#setup-steps"), "anchors the translation keeps are fine");
    assert!(!stderr.contains("content/ar/index.md: warning: anchor"), "ar keeps both anchors");
    assert!(stderr.contains(
        "content/ko-kr/index.md:5:1: warning: `ms.contentlocale: ja-JP` disagrees with the page's folder, ko-kr"
    ));
}

#[test]
fn fluent_syntax_errors_and_unknown_keys_are_located() {
    let site = site_copy("i18n");
    let bad = site.path().join("locales/ko-kr/bad.ftl");
    std::fs::create_dir_all(bad.parent().unwrap()).unwrap();
    std::fs::write(&bad, "# comment\ngood = fine\nbroken = { $x\n").unwrap();
    let footer = site.path().join("templates/partials/footer.html");
    std::fs::write(&footer, "<footer>\n{{ t(key=\"no-such-key\") }}\n</footer>\n").unwrap();
    let result = build(site.path(), &site.path().join("public"), &[]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("locales/ko-kr/bad.ftl:3:1: error: Fluent syntax error"), "{stderr}");
    assert!(
        stderr.contains(
            "templates/partials/footer.html:2:4: error: UI string `no-such-key` is not defined in any locale"
        ),
        "{stderr}"
    );
}

#[test]
fn stamp_and_status_track_translations_against_their_sources() {
    let site = site_copy("i18n");
    let root = site.path().to_str().unwrap();
    let status = |extra: &[&str]| {
        let mut args = vec!["i18n", "status", "--root", root, "--format", "json", "--locale", "ko-kr"];
        args.extend_from_slice(extra);
        let out = guidebook(&args);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        (out.status.code(), v[0].clone())
    };
    let (code, ko) = status(&[]);
    assert_eq!(code, Some(0));
    assert_eq!(
        (ko["sources"].as_u64(), ko["translated"].as_u64(), ko["missing"].as_u64()),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(
        (ko["unknown"].as_u64(), ko["machine"].as_u64(), ko["percent"].as_f64()),
        (Some(1), Some(1), Some(50.0))
    );
    assert_eq!(status(&["--fail-under", "60"]).0, Some(1));

    // Stamp: only the hash line is added, every other byte stays.
    let page = site.path().join("content/ko-kr/index.md");
    let before = read(&page);
    assert_ok(&guidebook(&["i18n", "stamp", "--root", root, page.to_str().unwrap()]));
    let after = read(&page);
    let added: Vec<&str> = after.lines().filter(|l| !before.lines().any(|b| b == *l)).collect();
    assert_eq!(added.len(), 1);
    assert!(added[0].starts_with("source_hash: ") && added[0].len() == "source_hash: ".len() + 16);
    assert_eq!(after.replace(&format!("{}\n", added[0]), ""), before);
    assert_eq!(status(&[]).1["current"].as_u64(), Some(1));

    // The source changes: the translation is outdated, and says so.
    let source = site.path().join("content/en-us/index.md");
    std::fs::write(&source, read(&source).replace("Old links point", "Older links point")).unwrap();
    assert_eq!(status(&[]).1["outdated"].as_u64(), Some(1));
    let out = site.path().join("public");
    assert_ok(&build(site.path(), &out, &[]));
    let ko = read(out.join("ko-kr/index.html"));
    assert!(ko.contains("data-kind=\"outdated\"") && ko.contains("이 페이지가 번역된 뒤 원문이 바뀌었습니다"));

    // Stamped again: current, and the file differs from before only in that line's value.
    let stale = read(&page);
    assert_ok(&guidebook(&["i18n", "stamp", "--root", root, page.to_str().unwrap()]));
    assert_eq!(status(&[]).1["current"].as_u64(), Some(1));
    let restamped = read(&page);
    let diff: Vec<(&str, &str)> = stale.lines().zip(restamped.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(diff.len(), 1);
    assert!(diff[0].0.starts_with("source_hash:") && diff[0].1.starts_with("source_hash:"));
}

#[test]
fn stamp_refuses_what_is_not_a_translation() {
    let site = site_copy("i18n");
    let root = site.path().to_str().unwrap();
    let source = site.path().join("content/en-us/index.md");
    let before = read(&source);
    let result = guidebook(&["i18n", "stamp", "--root", root, source.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&result.stderr).contains("is a page of the default locale"));
    assert_eq!(read(&source), before);
}

#[test]
fn status_writes_a_coverage_page() {
    let site = site_copy("i18n");
    let out = guidebook(&["i18n", "status", "--root", site.path().to_str().unwrap(), "--format", "html"]);
    assert_ok(&out);
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>")
            && html.contains("ko-kr — 50.0% translated")
            && html.contains("<td class=\"missing\">missing</td>")
    );
}
