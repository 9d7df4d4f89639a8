//! A DocFX repository (docfx.json with `src`/`dest` folders, version folders sharing a `dest`,
//! links written as published URLs on learn.microsoft.com) built with no site.toml, and with
//! the site.toml `init --from-docfx` writes; `[[mounts]]` mistakes in a site.toml.

mod common;
#[path = "common/html.rs"]
mod html;
use common::*;

const CASE: &str = "docfx-mounts";

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_docfx_repository_builds_with_zero_configuration() {
    let site = site_copy(CASE);
    let out = site.path().join("public");
    let result = build(site.path(), &out, &["--broken-links", "warn"]);
    assert_ok(&result);
    let err = stderr(&result);

    // Mounted folders are published under their docfx `dest`; of the two version folders
    // sharing `module` the newest (7.2) takes it, the other stays at its own path.
    for file in [
        "en-us/scripting/index.html",
        "en-us/scripting/overview/index.html",
        "en-us/scripting/learn/ps101/01-getting-started/index.html",
        "en-us/scripting/media/overview/shot.png",
        "en-us/module/Microsoft.PowerShell.Core/About/about_Modules/index.html",
        "en-us/module/Microsoft.PowerShell.Core/About/about_Remote/index.html",
        "en-us/5.1/Microsoft.PowerShell.Core/About/about_Modules/index.html",
        "ko-kr/scripting/overview/index.html",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    assert!(!out.join("en-us/docs-conceptual").exists(), "the mounted folder is not published at its own path");
    assert!(!out.join("en-us/docfx.json").exists(), "the DocFX build settings are not published");

    // Every site-absolute href and src leads to a file of the output, but the one missing page.
    let refs = html::output_links(&out);
    assert!(refs.len() > 50, "the walk found the pages' links ({})", refs.len());
    for (page, url) in refs.iter().filter(|(_, u)| u.starts_with('/')) {
        if url == "/powershell/scripting/nope" {
            continue;
        }
        assert!(!url.starts_with("/powershell/"), "{page}: `{url}` was not rewritten");
        assert!(served_file(&out, url).is_file(), "{page}: `{url}` leads to no file of the output");
    }
    let links = read(out.join("en-us/scripting/links/index.html"));
    for want in [
        "href=\"/en-us/scripting/overview/\">lower case",
        "href=\"/en-us/scripting/learn/ps101/01-getting-started/\">trailing slash",
        "href=\"/en-us/scripting/\">folder",
        "href=\"/en-us/module/Microsoft.PowerShell.Core/About/about_Modules/?view=powershell-7.2#module-auto-loading\">view and anchor",
        "href=\"/en-us/scripting/learn/ps101/01-getting-started/#where-to-find-powershell\">locale segment",
        "href=\"/en-us/module/Microsoft.PowerShell.Core/About/about_Remote/\">later version",
        "href=\"/en-us/scripting/media/overview/shot.png\">picture",
        "href=\"/en-us/scripting/overview/\">own URL",
        "href=\"https://learn.microsoft.com/dotnet/api/system.string\">.NET",
        "href=\"https://learn.microsoft.com/en-us/windows/win32/api/?view=x#top\">Win32",
        "href=\"/powershell/scripting/nope\" class=\"broken\">missing",
    ] {
        assert!(links.contains(want), "links page lacks {want}");
    }
    // A Korean page's docset links stay in Korean.
    let ko = read(out.join("ko-kr/scripting/overview/index.html"));
    assert!(ko.contains("href=\"/ko-kr/scripting/learn/ps101/01-getting-started/\""), "{ko}");

    // The one broken link is the missing page, at its place; a mixed-case link that differs
    // from the disk warns, a lower-case one does not.
    let broken: Vec<&str> = err.lines().filter(|l| l.contains("leads to")).collect();
    assert_eq!(
        broken,
        ["content/en-us/docs-conceptual/links.md:19:3: warning: `/powershell/scripting/nope` leads to no page: nothing of en-us is published at /powershell/scripting/nope"],
        "{err}"
    );
    let case: Vec<&str> = err.lines().filter(|l| l.contains("letter case")).collect();
    assert_eq!(case.len(), 1, "{err}");
    assert!(case[0].starts_with("content/en-us/docs-conceptual/links.md:18:3:"), "{err}");
    assert!(!err.contains("dotnet"), "host links are not checked without --external: {err}");
}

#[test]
fn init_from_docfx_writes_a_site_toml_that_gives_the_same_site() {
    let zero = site_copy(CASE);
    let zero_out = tempfile::tempdir().unwrap();
    assert_ok(&build(zero.path(), zero_out.path(), &["--broken-links", "warn"]));

    let site = site_copy(CASE);
    let root = site.path().to_str().unwrap();
    assert_ok(&guidebook(&["init", "--from-docfx", root]));
    let toml = read(site.path().join("site.toml"));
    for want in [
        "title = \"PowerShell\"",
        "# build.content[1]: src \"docs-conceptual\", dest \"scripting\"\n[[mounts]]\nsrc = \"docs-conceptual\"\nurl = \"scripting\"",
        "[[mounts]]\nsrc = \"5.1\"\nurl = \"module\"",
        "[[mounts]]\nsrc = \"7.2\"\nurl = \"module\"",
        "# not mounted: build.content[5]: src `virtual-directory` is not a folder of any locale",
        "docsets_to_publish[0].build_output_subfolder.\nsite_path = \"/powershell/\"",
        "host = \"https://learn.microsoft.com\"",
    ] {
        assert!(toml.contains(want), "site.toml lacks {want:?}:\n{toml}");
    }
    // A second run refuses to overwrite it.
    let again = guidebook(&["init", "--from-docfx", root]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("never overwrites"), "{}", stderr(&again));
    assert_eq!(read(site.path().join("site.toml")), toml);

    let out = tempfile::tempdir().unwrap();
    assert_ok(&build(site.path(), out.path(), &["--broken-links", "warn"]));
    let (a, b) = (tree(zero_out.path()), tree(out.path()));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{path} differs between zero-config and init --from-docfx");
    }
}

#[test]
fn sitemap_search_and_navigation_use_mounted_urls() {
    let site = site_copy(CASE);
    let out = site.path().join("public");
    assert_ok(&build(site.path(), &out, &["--broken-links", "warn"]));
    let sitemap = read(out.join("sitemap.xml"));
    assert!(sitemap.contains("<loc>/en-us/scripting/overview/</loc>"), "{sitemap}");
    assert!(sitemap.contains("hreflang=\"ko-kr\" href=\"/ko-kr/scripting/overview/\""), "{sitemap}");
    assert!(!sitemap.contains("docs-conceptual"), "{sitemap}");
    let search: String = tree(&out.join("en-us/_search"))
        .into_iter()
        .filter(|(p, _)| p.starts_with('d'))
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .collect();
    assert!(search.contains("\"u\":\"/en-us/scripting/learn/ps101/01-getting-started/\""), "{search}");
    assert!(!search.contains("docs-conceptual"));
    // The sidebar from docs-conceptual/toc.yml, the language switcher and the breadcrumbs.
    let page = read(out.join("en-us/scripting/learn/ps101/01-getting-started/index.html"));
    for want in [
        "<a href=\"/en-us/scripting/overview/\">Overview",
        "<a href=\"https://learn.microsoft.com/dotnet/api/system.string\">.NET strings",
        "href=\"/ko-kr/scripting/learn/ps101/01-getting-started/\" hreflang=\"ko-kr\"",
        "<a href=\"/en-us/scripting/\">Scripting",
    ] {
        assert!(page.contains(want), "page lacks {want}");
    }
    assert!(!page.contains("docs-conceptual"), "a URL still names the mounted folder");
}

#[test]
fn mount_mistakes_are_reported_in_site_toml() {
    let site = site_copy(CASE);
    let toml = "title = \"T\"\n\n[[mounts]]\nsrc = \"docs-conceptual\"\nurl = \"scripting\"\n\n\
                [[mounts]]\nsrc = \"docs-conceptual/\"\nurl = \"again\"\n\n[[mounts]]\nsrc = \"../up\"\nurl = \"x\"\n\n\
                [[mounts]]\nsrc = \"5.1\"\nurl = \"/abs\"\n";
    std::fs::write(site.path().join("site.toml"), toml).unwrap();
    let result = guidebook(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    let err = stderr(&result);
    for want in [
        "site.toml:8:7: error: folder `docs-conceptual` is mounted twice",
        "site.toml:12:7: error: mount src `../up` climbs out of the locale folder",
        "site.toml:17:7: error: mount url `/abs` is an absolute path",
    ] {
        assert!(err.contains(want), "lacks {want}:\n{err}");
    }

    // A folder that is in no locale is a warning; a mounted page on another page's URL is
    // the usual duplicate-url error.
    let toml = "title = \"T\"\n[[mounts]]\nsrc = \"nowhere\"\nurl = \"x\"\n[[mounts]]\nsrc = \"docs-conceptual\"\nurl = \"\"\n";
    std::fs::write(site.path().join("site.toml"), toml).unwrap();
    std::fs::write(site.path().join("content/en-us/overview.md"), "# Clash\n").unwrap();
    let result = guidebook(&["check", "--root", site.path().to_str().unwrap(), "--broken-links", "warn"]);
    let err = stderr(&result);
    assert!(err.contains("site.toml:3:7: warning: mount src `nowhere` is not a folder in any locale"), "{err}");
    let clash = "content/en-us/overview.md: error: this page has the same URL (/en-us/overview/) as content/en-us/docs-conceptual/overview.md";
    assert!(err.contains(clash), "{err}");
    assert_eq!(result.status.code(), Some(1), "{err}");
}

#[test]
fn bad_docfx_json_is_an_error_at_its_place() {
    let site = site_copy(CASE);
    std::fs::write(site.path().join("content/en-us/docfx.json"), "{\n  \"build\": { \"content\": [ }\n}\n").unwrap();
    let result = guidebook(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    let err = stderr(&result);
    assert!(
        err.contains("content/en-us/docfx.json:2:27: error: docfx.json is not valid JSON: expected value\n"),
        "{err}"
    );
}

#[test]
fn host_links_are_checked_by_external_only() {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = std::sync::Arc::clone(&asked);
    std::thread::spawn(move || {
        for req in server.incoming_requests() {
            log.lock().unwrap().push(req.url().to_string());
            let code = if req.url().starts_with("/dotnet/") { 200 } else { 404 };
            let _ = req.respond(tiny_http::Response::empty(code));
        }
    });
    let site = tempfile::tempdir().unwrap();
    let page = site.path().join("content/en/index.md");
    std::fs::create_dir_all(page.parent().unwrap()).unwrap();
    std::fs::write(&page, "# Home\n\n[ok](/dotnet/api/x?view=1) and\n[gone](/windows/gone)\n").unwrap();
    std::fs::write(site.path().join("site.toml"), format!("[links]\nhost = \"http://127.0.0.1:{port}/\"\n")).unwrap();
    let root = site.path().to_str().unwrap();

    assert_ok(&guidebook(&["check", "--root", root]));
    assert!(asked.lock().unwrap().is_empty(), "asked without --external");
    let result = guidebook(&["check", "--root", root, "--external"]);
    assert_ok(&result);
    let err = stderr(&result);
    let want = format!(
        "content/en/index.md:4:1: warning: external link `http://127.0.0.1:{port}/windows/gone` answered HTTP 404"
    );
    assert!(err.contains(&want), "{err}");
    assert!(!err.contains("/dotnet/"), "{err}");
    assert!(asked.lock().unwrap().iter().any(|u| u == "/dotnet/api/x?view=1"), "{:?}", asked.lock().unwrap());
}
