//! The real Azure Marketplace docs in ../shared/corpora (en-us and ko-kr, no site.toml): every
//! markdown page becomes an HTML page per locale, Korean titles intact, `<a name>` anchors kept;
//! and `check` finds exactly the links that are broken in this partial copy of the docs (pages
//! and images that were not collected, SOURCE.md counts them).
//! Needs ../shared; skips loudly without it (and fails in CI, see common::shared_dir).

mod common;
#[path = "common/html.rs"]
mod html;
use common::*;

#[test]
fn the_azure_corpus_builds_one_page_per_markdown_file() {
    let Some(shared) = shared_dir("the_azure_corpus_builds_one_page_per_markdown_file") else {
        return;
    };
    let root = shared.join("corpora/azure-marketplace");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    // The collection leaves out pages and images its links point at: build despite them.
    let result = build(&root, &out, &["--broken-links", "warn"]);
    assert_ok(&result);
    let stdout = String::from_utf8_lossy(&result.stdout);
    // Each locale's DocFX TOC.md is navigation, not a page.
    assert!(stdout.contains("en-us 30, ko-kr 30"), "{stdout}");

    let content = root.join("content");
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&content).into_iter().map(Result::unwrap) {
        let rel = entry.path().strip_prefix(&content).unwrap().to_string_lossy().into_owned();
        let Some(stem) = rel.strip_suffix(".md") else {
            continue;
        };
        if rel.ends_with("/TOC.md") {
            assert!(!out.join(stem).exists(), "{rel} is navigation, not a page");
            continue;
        }
        let file = out.join(stem).join("index.html");
        assert!(file.is_file(), "{rel} has no page at {}", file.display());
        pages += 1;
    }
    assert_eq!(pages, 60);

    let seed = read(out.join("ko-kr/marketplace/cloud-partner-portal/portal-manage/cpp-portal-management/index.html"));
    assert!(html::title(&seed).starts_with("클라우드 파트너 포털 관리 | Azure Marketplace"), "{}", html::title(&seed));
    assert!(seed.contains("<h2 id=\"background-information\">배경 정보</h2>"));
    assert!(seed.contains("<h1 id=\"cloud-partner-portal-management\">클라우드 파트너 포털 관리</h1>"));
    // Inferred settings: no site.toml, so the folder name is the title and en-us the default.
    assert!(read(out.join("index.html")).contains("/en-us/"));
    // The seed's relative links became absolute URLs of the same locale.
    assert!(seed.contains("href=\"/ko-kr/marketplace/cloud-partner-portal/portal-manage/cpp-manage-prerequisites/\""));
}

#[test]
fn docfx_isms_in_the_corpus_render_sensibly() {
    let Some(shared) = shared_dir("docfx_isms_in_the_corpus_render_sensibly") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    assert_ok(&build(&shared.join("corpora/azure-marketplace"), &out, &["--broken-links", "warn"]));
    let all: String = tree(&out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .collect();
    // `>[!Note]`, `> [!IMPORTANT]`, `>[!Important]` become callouts; none is left as text.
    assert!(all.matches("class=\"alert alert-note\"").count() >= 20);
    assert!(all.contains("class=\"alert alert-important\""));
    for raw in ["[!NOTE]\n", "[!Note]", "[!IMPORTANT]\n", "[!Important]"] {
        assert!(!all.contains(&format!("<p>{raw}")), "`{raw}` left as text");
    }
    // An indented code block of markdown is code, not a heading.
    assert!(!all.contains("<h3 id=\"agenda\">"), "indented `### Agenda` became a heading");
    assert!(all.contains("  ### Agenda"), "the indented block is kept as code text");
}

#[test]
fn check_reports_exactly_the_links_that_leave_the_collection() {
    let Some(shared) = shared_dir("check_reports_exactly_the_links_that_leave_the_collection") else { return };
    let root = shared.join("corpora/azure-marketplace");
    let result = guidebook(&["check", "--root", root.to_str().unwrap(), "--format", "json"]);
    assert_eq!(result.status.code(), Some(1));
    let items: Vec<serde_json::Value> = serde_json::from_slice(&result.stdout).unwrap();
    let count = |code: &str| items.iter().filter(|i| i["code"] == code).count();
    // SOURCE.md: 54 (en-us) + 62 (ko-kr) relative .md links point outside the collection, and
    // 53 + 60 relative images are missing; 10 more image links sit in `<img>` and `[![]()](x.png)`.
    assert_eq!(count("broken-link"), 116);
    assert_eq!(count("broken-image"), 123);
    assert_eq!(items.len(), 239, "nothing else: every anchor and every other link holds");
    let seed_like = items.iter().find(|i| {
        i["file"] == "content/en-us/marketplace/cloud-partner-portal/power-bi/cpp-power-bi-offer.md" && i["line"] == 54
    });
    let d = seed_like.expect("the power-bi page's link to ./cpp-prerequisites.md is reported");
    assert_eq!(d["hint"], "did you mean `../portal-manage/cpp-manage-prerequisites.md`?");
}
