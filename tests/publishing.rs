//! What a publisher deploys: a sitemap with every translation, robots.txt, a site that works
//! under a sub-path, content-hashed assets, byte-identical output from one build to the next
//! (whatever the number of threads), and a progress display only where a person watches.

mod common;
#[path = "common/html.rs"]
mod html;
use common::*;
use std::process::Command;

fn build_example(out: &std::path::Path, extra: &[&str]) {
    assert_ok(&build(&repo_root(), out, extra));
}

#[test]
fn the_sitemap_lists_every_translation_with_hreflang() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_example(&out, &[]);
    let sitemap = read(out.join("sitemap.xml"));
    assert!(sitemap.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    let page = "marketplace/cloud-partner-portal/portal-manage/cpp-portal-management/";
    let entry_start = sitemap
        .find(&format!("<loc>https://docs.example.com/partner/ko-kr/{page}</loc>"))
        .expect("the Korean page is listed");
    let entry = &sitemap[entry_start..entry_start + sitemap[entry_start..].find("</url>").unwrap()];
    for (lang, locale) in [("en-us", "en-us"), ("ko-kr", "ko-kr"), ("x-default", "en-us")] {
        let link = format!("<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"https://docs.example.com/partner/{locale}/{page}\"/>");
        assert!(entry.contains(&link), "missing {link} in {entry}");
    }
    assert!(entry.contains("<lastmod>2024-05-20</lastmod>"));
    assert_eq!(sitemap.matches("<url>").count(), 16, "every page once, both locales");
    let robots = read(out.join("robots.txt"));
    assert!(robots.contains("Sitemap: https://docs.example.com/partner/sitemap.xml"), "{robots}");
}

#[test]
fn a_sub_path_site_never_links_outside_its_sub_path() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_example(&out, &["--base-url", "https://example.org/docs/partner/"]);
    let mut checked = 0;
    for (rel, bytes) in tree(&out) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if rel.ends_with(".html") {
            for url in html::link_values(&text) {
                if url.starts_with('/') {
                    assert!(url.starts_with("/docs/partner/"), "{rel}: `{url}` escapes the sub-path");
                    checked += 1;
                }
            }
            for attr in ["data-index=\"", "action=\""] {
                for part in text.split(attr).skip(1) {
                    let url = &part[..part.find('"').unwrap()];
                    assert!(url.starts_with("/docs/partner/"), "{rel}: {attr}{url}");
                }
            }
        }
        if rel.ends_with("sitemap.xml") {
            assert!(
                !text.contains("<loc>https://example.org/en-us")
                    && text.contains("<loc>https://example.org/docs/partner/en-us/")
            );
        }
        if rel.contains("/_search/d") {
            let docs: serde_json::Value = serde_json::from_str(&text).unwrap();
            for d in docs.as_array().unwrap() {
                assert!(d["u"].as_str().unwrap().starts_with("/docs/partner/"), "{rel}");
            }
        }
    }
    assert!(checked > 500, "{checked} links checked");
}

#[test]
fn two_builds_are_byte_identical_whatever_the_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (tmp.path().join("a"), tmp.path().join("b"), tmp.path().join("c"));
    build_example(&a, &[]);
    build_example(&b, &[]);
    let one_thread = Command::new(env!("CARGO_BIN_EXE_guidebook"))
        .args(["build", "--root", repo_root().to_str().unwrap(), "--out", c.to_str().unwrap()])
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .unwrap();
    assert_ok(&one_thread);
    let (ta, tb, tc) = (tree(&a), tree(&b), tree(&c));
    assert!(ta.len() > 60, "{} files", ta.len());
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (name, bytes) in &ta {
        assert!(tb[name] == *bytes, "{name} differs between two builds");
        assert!(tc[name] == *bytes, "{name} differs with one thread");
    }
}

#[test]
fn assets_are_named_by_their_content() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_example(&out, &[]);
    for name in ["style.css", "highlight.css", "guidebook.js", "search.js"] {
        let published = asset(&out, name);
        let bytes = std::fs::read(out.join(&published)).unwrap();
        use sha2::Digest;
        let digest: String = sha2::Sha256::digest(&bytes).iter().take(4).map(|b| format!("{b:02x}")).collect();
        assert!(published.contains(&digest), "{published} is not named by its content");
    }
}

#[test]
fn no_progress_display_unless_a_person_watches() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    // Shown at once if it were to be shown at all; stderr here is a pipe, not a terminal.
    let piped = Command::new(env!("CARGO_BIN_EXE_guidebook"))
        .args(["build", "--root", repo_root().to_str().unwrap(), "--out", out.to_str().unwrap()])
        .env("GUIDEBOOK_PROGRESS_AFTER_MS", "0")
        .output()
        .unwrap();
    assert_ok(&piped);
    let stderr = String::from_utf8_lossy(&piped.stderr);
    assert!(!stderr.contains('\u{1b}') && !stderr.contains("done"), "a progress display on a pipe: {stderr:?}");
    assert!(String::from_utf8_lossy(&piped.stdout).starts_with("built 16 pages"));

    // The same on a terminal (script gives the command one) does show it.
    if Command::new("script").arg("--version").output().is_ok() {
        let cmd = format!(
            "{} build --root {} --out {}",
            env!("CARGO_BIN_EXE_guidebook"),
            repo_root().display(),
            out.display()
        );
        let tty = Command::new("script")
            .args(["-qc", &cmd, "/dev/null"])
            .env("GUIDEBOOK_PROGRESS_AFTER_MS", "0")
            .output()
            .unwrap();
        assert!(String::from_utf8_lossy(&tty.stdout).contains("parse done"), "the control: a terminal shows progress");
    } else {
        eprintln!("*** the terminal half of this test skipped: no `script` command ***");
    }

    let quiet = build(&repo_root(), &out, &["--quiet"]);
    assert_ok(&quiet);
    assert!(quiet.stdout.is_empty() && quiet.stderr.is_empty(), "--quiet prints nothing on success");
}
