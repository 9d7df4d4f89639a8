//! A Microsoft reference repository as it really is, built with zero configuration: docfx.json
//! with `src`/`dest` folders, versioned cmdlet folders (`5.1/`, `7.2/`) without `uid:`, xref links
//! and autolinks, an xrefmap, links written against the published site (`/powershell/...`) and
//! into the wider documentation host (`/dotnet/...`), DocFX markdown extensions, and a Korean
//! translation with fallback. Only the two links left broken on purpose are reported, and every
//! link of the output leads somewhere real.

mod common;
#[path = "common/html.rs"]
mod html;
use common::*;
use serde_json::Value;

const CASE: &str = "docfx-reference";
const GETTING_STARTED: &str = "content/en-us/docs-conceptual/learn/ps101/01-getting-started.md";

#[test]
fn only_the_truly_missing_targets_are_reported() {
    let site = site_copy(CASE);
    let result = guidebook(&["check", "--root", site.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(result.status.code(), Some(1), "{}", String::from_utf8_lossy(&result.stderr));
    let items: Vec<Value> = serde_json::from_slice(&result.stdout).expect("JSON on stdout");
    let found: Vec<(String, String, u64, u64)> = items
        .iter()
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or_default().to_string();
            (s("code"), s("file"), d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(
        found,
        [
            ("broken-link".to_string(), GETTING_STARTED.to_string(), 50, 29),
            ("broken-xref".to_string(), GETTING_STARTED.to_string(), 51, 29),
        ],
        "{items:#?}"
    );
    for d in &items {
        assert_eq!(d["severity"], "error", "{d}");
    }
}

#[test]
fn every_link_of_the_output_leads_to_a_page_that_exists() {
    let site = site_copy(CASE);
    let out = site.path().join("public");
    let result = build(site.path(), &out, &["--broken-links", "warn"]);
    assert_ok(&result);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(stderr.matches(": warning: ").count(), 2, "{stderr}");

    let links = html::output_links(&out);
    assert!(links.len() > 100, "the walk found the pages' links ({})", links.len());
    for (page, url) in &links {
        // The page missing on purpose keeps its link as written (marked broken).
        if url == "/powershell/scripting/learn/does-not-exist" {
            continue;
        }
        assert!(!url.starts_with("xref:"), "{page}: `{url}` is an xref left as written");
        assert!(!url.contains('\u{E000}'), "{page}: a placeholder reached the output");
        for docset in ["/powershell/", "/dotnet/", "/windows/"] {
            assert!(!url.starts_with(docset), "{page}: `{url}` was not rewritten");
        }
        if url.starts_with('/') && !url.starts_with("//") {
            assert!(served_file(&out, url).is_file(), "{page}: `{url}` leads to no file of the output");
        }
    }
    // The links of the one page that uses every form, as a reader meets them.
    let html = read(out.join("en-us/scripting/learn/ps101/01-getting-started/index.html"));
    for want in [
        // xref to a conceptual page with an anchor, written as a link.
        "href=\"/en-us/scripting/overview/#shell\">What is PowerShell?</a>",
        // xref autolinks take the cmdlet page's title; the newest version is published at module/.
        "href=\"/en-us/module/Microsoft.PowerShell.Management/Get-Location/\">Get-Location</a>",
        "href=\"/en-us/module/Microsoft.PowerShell.Management/Set-Location/\">Set-Location</a>",
        // xrefmap entries, with displayProperty.
        "href=\"https://learn.microsoft.com/dotnet/api/system.string\">System.String</a>",
        "href=\"https://learn.microsoft.com/dotnet/api/system.io.fileinfo\">FileInfo</a>",
        // Links written against the published site, in lower case.
        "href=\"/en-us/scripting/overview/\">overview</a>",
        "href=\"/en-us/module/Microsoft.PowerShell.Management/Get-Location/?view=powershell-7.2#description\">",
        "href=\"/en-us/module/Microsoft.PowerShell.Core/About/about_Modules/\">about_Modules</a>",
        // Links into the wider documentation host.
        "href=\"https://learn.microsoft.com/dotnet/api/system.string\">String</a>",
        "href=\"https://learn.microsoft.com/windows/win32/api/\">Win32 APIs</a>",
        // The two mistakes, shown as text, never as dead xref: links.
        "<span class=\"xref-unresolved\">Get-Nothing</span>",
        // The DocFX extensions, as Microsoft Learn readers expect them.
        "<img src=\"/en-us/scripting/media/console.png\" alt=\"A PowerShell console window.\">",
        "<span class=\"hl-function\">Push-Location</span> C:\\Windows",
        "<span class=\"hl-string\">'PS '</span>",
        "<iframe src=\"https://learn-video.azurefd.net/vod/player?id=0b8f3a2c-0000-4000-8000-000000000001\"",
        "<div class=\"zone\" data-pivot=\"windows\">",
        "<p class=\"moniker-label\">Applies to: PowerShell 7.2 and later</p>",
        "<div class=\"nextstepaction\">\n<p><a href=\"/en-us/scripting/overview/\">Read the overview</a></p>",
    ] {
        assert!(html.contains(want), "missing {want} in the getting-started page:\n{html}");
    }
    // Code includes show the region only, not the rest of the script.
    assert!(!html.contains("#region") && !html.contains("A script the getting-started page shows"));
    // Each version's cmdlet pages link within their version.
    let old = read(out.join("en-us/5.1/Microsoft.PowerShell.Management/Get-Location/index.html"));
    assert!(old.contains("href=\"/en-us/5.1/Microsoft.PowerShell.Management/Set-Location/\">Set-Location</a>"));
    // Korean readers stay in Korean: translated pages and stand-ins for the rest.
    let ko = read(out.join("ko-kr/module/Microsoft.PowerShell.Management/Get-Location/index.html"));
    for want in [
        "href=\"/ko-kr/module/Microsoft.PowerShell.Management/Set-Location/\">Set-Location</a>",
        "href=\"/ko-kr/module/Microsoft.PowerShell.Core/About/about_Modules/\">about_Modules</a>",
        "href=\"https://learn.microsoft.com/dotnet/api/system.string\">String</a>",
    ] {
        assert!(ko.contains(want), "missing {want} in the Korean Get-Location page");
    }
    let ko_overview = read(out.join("ko-kr/scripting/overview/index.html"));
    assert!(ko_overview
        .contains("href=\"/ko-kr/scripting/learn/ps101/01-getting-started/\">Getting started with PowerShell</a>"));
    // The DocFX build's own files are not part of the site.
    assert!(!out.join("en-us/docfx.json").exists());
}

#[test]
fn ms_translationtype_marks_the_korean_page_machine_translated() {
    let site = site_copy(CASE);
    let out = site.path().join("public");
    assert_ok(&build(site.path(), &out, &["--broken-links", "warn"]));
    let html = read(out.join("ko-kr/scripting/overview/index.html"));
    assert!(html.contains("<html lang=\"ko-kr\""));
    assert!(html.contains("data-block=\"translation-notice\" data-kind=\"machine\""), "no machine-translation notice");
    // The notice links to the original, at its mounted URL.
    assert!(html.contains("href=\"/en-us/scripting/overview/\""));
}
