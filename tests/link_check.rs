//! Cross-links: every kind of broken link reported at its exact place, in text, JSON and SARIF;
//! links that hold rendered to the right URL in the reader's language, marked when they lead
//! to another language; includes spliced in; `--broken-links warn` for sites mid-migration.

mod common;
use common::*;
use serde_json::Value;

fn check(root: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["check", "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    guidebook(&args)
}

#[test]
fn every_broken_link_is_reported_where_it_is_written() {
    let site = site_copy("links-broken");
    let result = check(site.path(), &[]);
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    let expected = fixture("links-broken").join("expected-check.txt");
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        std::fs::write(&expected, &stderr).unwrap();
    }
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr, read(&expected));
}

#[test]
fn json_has_one_object_per_diagnostic_with_every_field() {
    let site = site_copy("links-broken");
    let result = check(site.path(), &["--format", "json"]);
    assert_eq!(result.status.code(), Some(1));
    let items: Vec<Value> = serde_json::from_slice(&result.stdout).expect("stdout is JSON");
    assert_eq!(items.len(), 12);
    for item in &items {
        for key in ["severity", "code", "file", "line", "column", "message", "hint"] {
            assert!(item.get(key).is_some(), "{key} missing in {item}");
        }
    }
    let codes: std::collections::BTreeSet<&str> = items.iter().map(|i| i["code"].as_str().unwrap()).collect();
    let want = [
        "broken-anchor",
        "broken-image",
        "broken-include",
        "broken-link",
        "fallback-link",
        "include-cycle",
        "outside-content",
        "prerequisite-cycle",
    ];
    assert_eq!(codes.into_iter().collect::<Vec<_>>(), want);
    let anchor = items.iter().find(|i| i["code"] == "broken-anchor" && i["line"] == 9).unwrap();
    assert_eq!((anchor["file"].as_str(), anchor["column"].as_u64()), (Some("content/en-us/index.md"), Some(5)));
    assert_eq!(anchor["hint"], "did you mean `#install`?");
}

#[test]
fn sarif_annotates_exact_lines() {
    let site = site_copy("links-broken");
    let result = check(site.path(), &["--format", "sarif"]);
    let log: Value = serde_json::from_slice(&result.stdout).expect("stdout is JSON");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "guidebook");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 12);
    let image = results.iter().find(|r| r["ruleId"] == "broken-image").unwrap();
    let loc = &image["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "content/en-us/index.md");
    assert_eq!((loc["region"]["startLine"].as_u64(), loc["region"]["startColumn"].as_u64()), (Some(12), Some(3)));
    assert_eq!(image["level"], "error");
}

#[test]
fn links_that_hold_render_to_the_right_urls() {
    let site = site_copy("links-ok");
    let out = site.path().join("public");
    let result = build(site.path(), &out, &[]);
    assert_ok(&result);
    let home = read(out.join("en-us/index.html"));
    for href in [
        "/docs/en-us/guide/setup/#install",
        "/docs/en-us/guide/",
        "/docs/en-us/files/Handbook.pdf?download=1",
        "/docs/en-us/guide/setup/\"",
    ] {
        assert!(home.contains(&format!("href=\"{href}")), "no {href} in en-us home");
    }
    assert!(out.join("en-us/files/Handbook.pdf").is_file(), "linked files are copied");
    assert!(home.contains("href=\"/docs/en-us/files/Handbook.pdf\""), "a site-absolute link to a file holds");
    // The include is spliced in, with its heading and its link resolved from its own folder.
    assert!(home.contains("<h2 id=\"shared-note\">Shared note</h2>"));
    assert!(home.contains("Included text with a <a href=\"/docs/en-us/guide/setup/#install\">link back</a>"));
    // In code, the directive is text.
    assert!(home.contains("[!INCLUDE [literal](./includes/none.md)]"));
    assert!(home.contains("<code>[!INCLUDE [x](./includes/none.md)]</code>"));
    assert!(!out.join("en-us/includes").exists(), "an include file is not a page");

    // Korean: the page exists only in English, so Korean readers get a stand-in copy at a
    // Korean URL, which says it is not translated; the link stays in Korean.
    let ko = read(out.join("ko-kr/index.html"));
    assert!(ko.contains("<a href=\"/docs/ko-kr/guide/setup/#install\">설정</a>"), "{ko}");
    assert!(ko.contains("<h2 id=\"shared-note\">Shared note</h2>"), "the English include fills in for Korean");
    let stand_in = read(out.join("ko-kr/guide/setup/index.html"));
    assert!(stand_in.contains("<html lang=\"ko-kr\""));
    assert!(stand_in.contains("data-kind=\"fallback\""), "the stand-in says it is not translated");
    assert!(stand_in.contains("이 페이지는 아직 번역되지 않아"), "in Korean");
    assert!(stand_in.contains("<div class=\"prose\" lang=\"en-us\""), "its text is marked as English");
    assert!(stand_in.contains("href=\"/docs/ko-kr/\""), "its own links stay in Korean");

    // Onboarding: the setup page lists its prerequisite, localized.
    let setup = read(out.join("en-us/guide/setup/index.html"));
    let block = &setup[setup.find("data-block=\"prerequisites\"").expect("a prerequisites block")..];
    let block = &block[..block.find("</section>").unwrap()];
    assert!(block.contains("<a href=\"/docs/en-us/\">Home</a>"), "{block}");
}

#[test]
fn with_fallback_link_untranslated_pages_are_linked_across_languages() {
    let site = site_copy("links-ok");
    let toml = site.path().join("site.toml");
    std::fs::write(&toml, read(&toml) + "\n[i18n]\nfallback = \"link\"\n").unwrap();
    let out = site.path().join("public");
    let result = build(site.path(), &out, &[]);
    assert_ok(&result);
    let ko = read(out.join("ko-kr/index.html"));
    assert!(
        ko.contains("<a href=\"/docs/en-us/guide/setup/#install\" hreflang=\"en-us\" class=\"xlang\">설정</a>"),
        "{ko}"
    );
    assert!(!out.join("ko-kr/guide/setup").exists(), "no stand-in copies");
    // The switcher never leads to a 404: Korean has no setup page, so it goes to the Korean home.
    let setup = read(out.join("en-us/guide/setup/index.html"));
    assert!(
        setup.contains("<a href=\"/docs/ko-kr/\" hreflang=\"ko-kr\" lang=\"ko-kr\" data-fallback=\"true\""),
        "{setup}"
    );
    assert!(String::from_utf8_lossy(&result.stderr)
        .contains("warning: `./guide/setup.md#install` has no ko-kr version yet"));
}

#[test]
fn warnings_do_not_fail_unless_denied() {
    let site = site_copy("links-ok");
    let result = check(site.path(), &[]);
    assert_ok(&result);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("content/en-us/index.md:9:53: warning: `./Guide/Setup.md` differs in letter case"),
        "{stderr}"
    );
    assert!(stderr.contains("help: write `./guide/setup.md`"));
    assert!(
        stderr
            .contains("check passed: 4 pages (en-us 3, ko-kr 1) + 2 untranslated stand-ins, 0 error(s), 1 warning(s)"),
        "{stderr}"
    );
    assert_eq!(check(site.path(), &["--deny-warnings"]).status.code(), Some(1));
}

#[test]
fn broken_links_can_be_warnings_for_a_site_mid_migration() {
    let site = site_copy("links-ok");
    let page = site.path().join("content/en-us/guide/index.md");
    std::fs::write(&page, "# Guide\n\nSee [the old page](./old.md) and [a gap](./setup.md#gone).\n").unwrap();
    let out = site.path().join("public");
    assert_eq!(build(site.path(), &out, &[]).status.code(), Some(1), "broken links fail by default");

    let result = build(site.path(), &out, &["--broken-links", "warn"]);
    assert_ok(&result);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("warning: `./old.md` leads to no file"), "{stderr}");
    let guide = read(out.join("en-us/guide/index.html"));
    assert!(guide.contains("<a href=\"./old.md\" class=\"broken\">the old page</a>"), "{guide}");

    // The same from site.toml.
    let toml = site.path().join("site.toml");
    std::fs::write(&toml, read(&toml) + "\n[links]\nbroken = \"warn\"\n").unwrap();
    assert_ok(&build(site.path(), &out, &[]));
}

#[test]
fn usage_errors_exit_with_status_2() {
    let result = guidebook(&["check", "--format", "xml"]);
    assert_eq!(result.status.code(), Some(2));
    let result = guidebook(&["check", "--broken-links", "sometimes"]);
    assert_eq!(result.status.code(), Some(2));
}

#[test]
fn check_writes_nothing() {
    let site = site_copy("links-ok");
    assert_ok(&check(site.path(), &[]));
    assert!(!site.path().join("public").exists());
}

#[test]
fn two_headings_with_one_anchor_are_reported_where_the_second_is() {
    let site = site_copy("links-ok");
    let page = site.path().join("content/en-us/guide/setup.md");
    let mut text = read(&page);
    text.push_str("\n## <a name=\"again\"></a>First\n\n## Second {#again}\n");
    let line = text[..text.find("## Second").unwrap()].matches('\n').count() + 1;
    std::fs::write(&page, text).unwrap();
    let result = check(site.path(), &[]);
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    let want =
        format!("content/en-us/guide/setup.md:{line}:1: warning: a heading before this one already has the id `again`");
    assert!(stderr.contains(&want), "{stderr}");
    assert_eq!(result.status.code(), Some(0), "a warning does not fail check: {stderr}");
}

/// Issue 20: a page of 8,000 headings with 40,000 links to anchors it lacks once took 72 s,
/// every broken anchor compared against every heading. The "did you mean" hints are capped by
/// `[links] hints` (the same cap as for broken pages): exactly that many hints, the rest of the
/// broken anchors reported without one.
#[test]
fn broken_anchor_hints_are_capped_on_a_huge_page() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("site.toml"),
        format!("{}\n[links]\nhints = 25\n", bilingual_site_toml("Anchors", "https://example.org/")),
    )
    .unwrap();
    let mut page = String::from("---\ntitle: Huge\n---\n\n");
    for h in 0..8000 {
        page.push_str(&format!("## Heading number {h}\n\n"));
    }
    for l in 0..40000 {
        page.push_str(&format!("[x](#heading-numbr-{l}x) "));
    }
    write_file(&root.join("content/en-us/index.md"), &page);
    write_file(&root.join("content/ko-kr/index.md"), "---\ntitle: 홈\n---\n\n홈.\n");
    let result = check(root, &["--format", "json", "--broken-links", "warn"]);
    let items: Vec<Value> = serde_json::from_slice(&result.stdout).expect("stdout is JSON");
    let anchors: Vec<&Value> =
        items.iter().filter(|i| i["message"].as_str().unwrap_or("").contains("#heading-numbr-")).collect();
    assert_eq!(anchors.len(), 40000, "every broken anchor is reported");
    let hinted = anchors.iter().filter(|i| i["hint"].as_str().unwrap_or("").contains("did you mean")).count();
    assert_eq!(hinted, 25, "did-you-mean hints are capped by [links] hints");
}
