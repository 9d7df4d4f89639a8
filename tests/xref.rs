//! xrefs (DocFX): `uid:` pages, the `[xref] uid` rule for versioned cmdlet folders, an xrefmap,
//! per-locale resolution with fallback, broken xrefs reported where written and shown as text,
//! and `serve`'s one-page rebuild keeping autolink texts current.

mod common;
use common::*;
use guidebook::build::BuildOptions;
use guidebook::config::BrokenLinks;
use guidebook::diagnostics::Code;
use guidebook::workspace::{Timings, Update, Workspace};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

const LEARN_STRING: &str = "https://learn.microsoft.com/dotnet/api/system.string";

fn check_json(root: &Path, extra: &[&str]) -> (Option<i32>, Vec<Value>) {
    let mut args = vec!["check", "--root", root.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let out = guidebook(&args);
    let items =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), items)
}

fn with_code<'a>(items: &'a [Value], code: &str) -> Vec<&'a Value> {
    items.iter().filter(|i| i["code"] == code).collect()
}

/// The article body of an output page (the part the markdown made).
fn body(out: &Path, rel: &str) -> String {
    let html = read(out.join(rel));
    let start = html.find("class=\"prose\"").unwrap_or_else(|| panic!("{rel} has no body"));
    let end = html[start..].find("</article>").map(|e| start + e).unwrap_or(html.len());
    html[start..end].to_string()
}

#[test]
fn every_xref_leads_to_a_page_of_the_output_or_the_map_url() {
    let site = site_copy("docfx-xref");
    let out = tempfile::tempdir().unwrap();
    let result = build(site.path(), out.path(), &["--broken-links", "warn"]);
    assert_ok(&result);
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    assert!(stderr.contains("content/en-us/concepts/broken.md:7:22: warning: `xref:concepts.pipelnes`"), "{stderr}");
    let files = tree(out.path());
    let mut xref_targets = 0;
    for (rel, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.to_lowercase().contains("href=\"xref:"), "{rel} keeps an xref: href");
        assert!(!text.contains('\u{E000}') && !text.contains('\u{E001}'), "{rel} keeps an xref marker");
        if !rel.ends_with("index.html") || !text.contains("class=\"prose\"") {
            continue;
        }
        for href in hrefs(&body(out.path(), rel)) {
            if href.starts_with("https://") {
                assert!(href.starts_with(LEARN_STRING), "{rel}: unexpected external {href}");
                continue;
            }
            let path = href.split('#').next().unwrap().strip_prefix("/docs/").unwrap_or_else(|| panic!("{href}"));
            let file = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.into() };
            assert!(files.contains_key(&file), "{rel}: {href} leads to no output file");
            xref_targets += 1;
        }
    }
    assert!(xref_targets > 10, "only {xref_targets} internal links checked");

    let home = body(out.path(), "en-us/index.html");
    for want in [
        "Run <a href=\"/docs/en-us/5.1/Microsoft.PowerShell.Management/Get-Location/\">Get-Location</a>",
        &format!("<a href=\"{LEARN_STRING}\">String</a>, <a href=\"{LEARN_STRING}\">System.String</a>"),
        "<a href=\"https://learn.microsoft.com/dotnet/api/system.string.format\">Format</a>",
        "Read <a href=\"/docs/en-us/concepts/pipelines/\">About pipelines</a>",
        "its <a href=\"/docs/en-us/concepts/pipelines/#streams\">streams</a>",
        // Case-insensitive uid, fullName of a page is its uid.
        "and <a href=\"/docs/en-us/concepts/pipelines/\">concepts.pipelines</a>",
        "See <a href=\"/docs/en-us/concepts/pipelines/\">the pipeline</a>",
        "<a href=\"/docs/en-us/concepts/pipelines/\">pipelines in HTML</a>",
    ] {
        assert!(home.contains(want), "missing {want} in\n{home}");
    }
    // Each version's cmdlet links to its own version's neighbour.
    for v in ["5.1", "7.2"] {
        let page = body(out.path(), &format!("en-us/{v}/Microsoft.PowerShell.Management/Get-Location/index.html"));
        let want =
            format!("<a href=\"/docs/en-us/{v}/Microsoft.PowerShell.Management/Set-Location/\">Set-Location</a>");
        assert!(page.contains(&want), "{page}");
    }
    // Korean readers stay in Korean: the translated title, the stand-in of the untranslated cmdlet.
    let ko = body(out.path(), "ko-kr/index.html");
    assert!(ko.contains("<a href=\"/docs/ko-kr/concepts/pipelines/\">파이프라인 정보</a>"), "{ko}");
    assert!(
        ko.contains("<a href=\"/docs/ko-kr/5.1/Microsoft.PowerShell.Management/Get-Location/\">Get-Location</a>"),
        "{ko}"
    );
    let ko_pipes = body(out.path(), "ko-kr/concepts/pipelines/index.html");
    assert!(ko_pipes.contains("<a href=\"/docs/ko-kr/\">PowerShell 참조</a>"), "{ko_pipes}");
    // The broken one is its text, in every locale that shows the page.
    for locale in ["en-us", "ko-kr"] {
        let broken = body(out.path(), &format!("{locale}/concepts/broken/index.html"));
        assert!(broken.contains("is <span class=\"xref-unresolved\">here</span>, or was."), "{broken}");
    }
    // Search finds the autolink's uid, not a marker.
    let search: String = files
        .iter()
        .filter(|(k, _)| k.starts_with("en-us/_search/"))
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        .collect();
    assert!(search.contains("System.String"), "{search}");
}

#[test]
fn check_reports_the_broken_xref_where_it_is_written_and_fails() {
    let site = site_copy("docfx-xref");
    let (code, items) = check_json(site.path(), &[]);
    assert_eq!(code, Some(1), "{items:?}");
    let broken = with_code(&items, "broken-xref");
    assert_eq!(broken.len(), 1, "{items:?}");
    let b = broken[0];
    assert_eq!(
        (b["severity"].as_str(), b["file"].as_str(), b["line"].as_u64(), b["column"].as_u64()),
        (Some("error"), Some("content/en-us/concepts/broken.md"), Some(7), Some(22))
    );
    assert_eq!(b["hint"], "did you mean `xref:concepts.pipelines`?");
    // Nothing else is wrong with the fixture: versioned copies share uids without a warning.
    assert_eq!(items.len(), 1, "{items:?}");

    let (code, items) = check_json(site.path(), &["--broken-links", "warn"]);
    assert_eq!(code, Some(0));
    assert_eq!(with_code(&items, "broken-xref")[0]["severity"], "warning");
}

#[test]
fn fallback_link_mode_leads_to_the_default_locale_marked_as_another_language() {
    let site = site_copy("docfx-xref");
    let toml = read(site.path().join("site.toml")) + "\n[i18n]\nfallback = \"link\"\n";
    std::fs::write(site.path().join("site.toml"), toml).unwrap();
    let out = tempfile::tempdir().unwrap();
    assert_ok(&build(site.path(), out.path(), &["--broken-links", "warn"]));
    let ko = body(out.path(), "ko-kr/index.html");
    let want = "<a href=\"/docs/en-us/5.1/Microsoft.PowerShell.Management/Get-Location/\" hreflang=\"en-us\" class=\"xlang\">Get-Location</a>";
    assert!(ko.contains(want), "{ko}");
    let (_, items) = check_json(site.path(), &["--broken-links", "warn"]);
    let fallback = with_code(&items, "fallback-link");
    assert_eq!(fallback.len(), 1, "{items:?}");
    assert_eq!((fallback[0]["file"].as_str(), fallback[0]["line"].as_u64()), (Some("content/ko-kr/index.md"), Some(5)));
}

#[test]
fn two_pages_of_one_folder_with_one_uid_are_warned_about() {
    let site = site_copy("docfx-xref");
    let dup = "---\ntitle: Pipelines again\nuid: concepts.pipelines\n---\nA copy.\n";
    write_file(&site.path().join("content/en-us/concepts/pipelines2.md"), dup);
    let (_, items) = check_json(site.path(), &["--broken-links", "warn"]);
    let dups = with_code(&items, "duplicate-uid");
    assert_eq!(dups.len(), 1, "{items:?}");
    let d = dups[0];
    assert_eq!(
        (d["severity"].as_str(), d["file"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
        (Some("warning"), Some("content/en-us/concepts/pipelines2.md"), Some(3), Some(1))
    );
    assert!(d["message"].as_str().unwrap().contains("content/en-us/concepts/pipelines.md"), "{d}");
}

#[test]
fn bad_xref_settings_are_config_errors_where_written() {
    let site = site_copy("docfx-xref");
    let toml = read(site.path().join("site.toml"));
    let bad_rule = toml.replace("\"{Module Name}.{title}\"", "\"{Module Name.{title}\"");
    std::fs::write(site.path().join("site.toml"), bad_rule).unwrap();
    let out = guidebook(&["check", "--root", site.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("site.toml:14:21: error: [xref] uid: a `{` inside a key"), "{stderr}");

    let missing = toml.replace("xrefmap.yml", "nowhere.yml");
    std::fs::write(site.path().join("site.toml"), missing).unwrap();
    let out = guidebook(&["check", "--root", site.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("site.toml:15:9: error: [xref] maps: cannot read `nowhere.yml`"), "{stderr}");

    std::fs::write(site.path().join("site.toml"), &toml).unwrap();
    std::fs::write(site.path().join("xrefmap.yml"), "references:\n- uid: A\n  href: [a\n").unwrap();
    let out = guidebook(&["check", "--root", site.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("xrefmap.yml:3:9: error: invalid YAML"), "{stderr}");
    assert!(!stderr.contains("broken-xref") && !stderr.contains("System.String"), "{stderr}");
}

/// Keeps what a build writes, as `serve` does.
#[derive(Default)]
struct Memory(Mutex<HashMap<String, Vec<u8>>>);

impl guidebook::output::Sink for Memory {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.0.lock().unwrap().insert(rel.to_string(), bytes.to_vec());
        Ok(())
    }
    fn copy(&self, rel: &str, from: &Path) -> std::io::Result<()> {
        self.write(rel, &std::fs::read(from)?)
    }
}

impl Memory {
    fn page(&self, rel: &str) -> String {
        String::from_utf8(self.0.lock().unwrap()[rel].clone()).unwrap()
    }
}

fn rerender(ws: &mut Workspace, path: &Path, sink: &Memory) -> Vec<guidebook::diagnostics::Diagnostic> {
    match ws.update_page(path) {
        Update::Rerender(jobs, diags) => {
            assert!(ws.write_jobs(&jobs, sink).is_empty());
            diags
        }
        Update::Failed(d) => panic!("the edit failed: {d:?}"),
        Update::FullRebuild => panic!("asked for a full rebuild"),
    }
}

#[test]
fn editing_a_target_in_serve_updates_the_pages_that_link_to_it() {
    let site = site_copy("docfx-xref");
    let opts =
        BuildOptions { root: site.path().to_path_buf(), broken_links: Some(BrokenLinks::Warn), ..Default::default() };
    let config = guidebook::build::load_config(&opts).unwrap();
    let (mut ws, _) = Workspace::prepare(config, &opts.switches(), Arc::default(), &mut Timings::start()).unwrap();
    let sink = Memory::default();
    assert!(ws.write_all(&sink).is_empty());
    assert!(sink.page("en-us/index.html").contains(">About pipelines</a>"));

    let target = site.path().join("content/en-us/concepts/pipelines.md");
    let text = read(&target);
    std::fs::write(&target, text.replace("title: About pipelines", "title: All about pipelines")).unwrap();
    rerender(&mut ws, &target, &sink);
    let home = sink.page("en-us/index.html");
    assert!(home.contains("Read <a href=\"/docs/en-us/concepts/pipelines/\">All about pipelines</a>"), "{home}");

    // A new uid: the page that linked to the old one breaks, the one with the typo now holds.
    std::fs::write(&target, text.replace("uid: concepts.pipelines", "uid: concepts.pipelnes")).unwrap();
    let diags = rerender(&mut ws, &target, &sink);
    let broken: Vec<String> = diags.iter().filter(|d| d.code == Code::BrokenXref).map(|d| d.location()).collect();
    assert!(broken.iter().any(|l| l.starts_with("content/en-us/index.md:")), "{diags:?}");
    assert!(!broken.iter().any(|l| l.contains("broken.md")), "{diags:?}");
    let typo = sink.page("en-us/concepts/broken/index.html");
    assert!(typo.contains("<a href=\"/docs/en-us/concepts/pipelines/\">here</a>"), "{typo}");
    let home = sink.page("en-us/index.html");
    assert!(home.contains("Read <span class=\"xref-unresolved\">concepts.pipelines</span>"), "{home}");
}
