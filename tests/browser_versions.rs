//! The `versions` fixture served by the real `guidebook serve`: every version-switcher and
//! language-switcher link of every page of every locale answers (no 404), and in headless
//! Chromium the version switcher is visible and opens at 1280 and 390 px, its entries reachable
//! by keyboard, and the older-version banner shows on a v1 page. Screenshots are kept in
//! target/tmp/versions-screenshots for people to look at (the test prints where).
//!
//! The link walk runs everywhere; the browser part is skipped, loudly, where Chromium is not
//! installed (CI sets GUIDEBOOK_REQUIRE_BROWSER=1).

#[path = "common/browser.rs"]
mod browser;
mod common;
#[path = "common/server.rs"]
mod server;

use std::time::Duration;

fn shots() -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("versions-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The `href`s inside the element that `data-block="NAME"` opens (up to its `</nav>`).
fn block_links(html: &str, name: &str) -> Vec<String> {
    let Some(at) = html.find(&format!("data-block=\"{name}\"")) else { return Vec::new() };
    let block = &html[at..];
    let block = &block[..block.find("</nav>").unwrap_or(block.len())];
    common::hrefs(block)
}

/// Every page URL of the site (not the `/latest/` aliases, which only send readers on), found
/// by building the same site with the server's address as base URL and walking the output.
fn page_urls(site: &std::path::Path, addr: &str) -> Vec<String> {
    let out = site.join("walk");
    common::assert_ok(&common::build(site, &out, &["--base-url", &format!("http://{addr}/")]));
    common::page_dirs(&out)
        .into_iter()
        .filter(|rel| !rel.is_empty() && !rel.split('/').any(|s| s == "latest"))
        .map(|rel| format!("/{rel}/"))
        .collect()
}

#[test]
fn every_switcher_link_answers_and_the_switcher_works_in_a_browser() {
    let site = common::site_copy("versions");
    let srv = server::start(site.path(), &[]);
    let pages = page_urls(site.path(), &srv.addr);
    assert!(pages.len() >= 30, "the fixture has 3 locales of pages: {pages:?}");

    // The walk: every switcher link of every page answers 200.
    let mut followed = 0;
    for url in &pages {
        let reply = server::get(&srv.addr, url);
        assert_eq!(reply.status, 200, "{url}");
        let html = reply.text();
        let versions = block_links(&html, "version-switcher");
        let languages = block_links(&html, "language-switcher");
        assert_eq!(versions.len(), 2, "{url} has no version switcher with two entries");
        assert_eq!(languages.len(), 3, "{url} has no language switcher with three entries");
        for link in versions.iter().chain(&languages) {
            let answer = server::get(&srv.addr, link);
            assert_eq!(answer.status, 200, "{url}: the switcher link {link} answers {}", answer.status);
            followed += 1;
        }
        if url.contains("/v2/") {
            let alias = url.replacen("/v2/", "/latest/", 1);
            assert_eq!(server::get(&srv.addr, &alias).status, 200, "{alias}");
        }
    }
    assert!(followed >= pages.len() * 5);

    let Some(browser) =
        browser::launch("browser_versions::every_switcher_link_answers_and_the_switcher_works_in_a_browser")
    else {
        return;
    };
    let v1 = format!("http://{}/en-us/v1/commands/deploy/", srv.addr);
    let mut tab = browser.open(&v1);
    for width in [1280, 390] {
        tab.set_viewport(width, 800);
        tab.goto(&v1);
        // The banner shows, with its link to the latest version.
        let banner = tab.eval(
            "(() => { const b = document.querySelector('[data-block=version-banner]'); if (!b) return null; \
             const r = b.getBoundingClientRect(); return [r.width, r.height, b.querySelector('a').getAttribute('href')]; })()",
        );
        assert!(banner[0].as_f64().unwrap_or(0.0) > 100.0 && banner[1].as_f64().unwrap_or(0.0) > 10.0, "{banner}");
        assert_eq!(banner[2], "/en-us/v2/commands/deploy/");
        // The switcher's button is on screen and takes keyboard focus.
        let summary = tab.eval(
            "(() => { const s = document.querySelector('[data-block=version-switcher] summary'); s.focus(); \
             const r = s.getBoundingClientRect(); \
             return [r.left, r.right, r.top, r.bottom, document.activeElement === s, innerWidth]; })()",
        );
        let (left, right, top, bottom) = (
            summary[0].as_f64().unwrap(),
            summary[1].as_f64().unwrap(),
            summary[2].as_f64().unwrap(),
            summary[3].as_f64().unwrap(),
        );
        assert!(left >= 0.0 && right <= summary[5].as_f64().unwrap() && bottom - top >= 24.0, "{width} px: {summary}");
        assert_eq!(summary[4], true, "{width} px: the switcher cannot take focus");
        // Opened, its entries are visible, inside the screen and in the tab order.
        tab.eval("document.querySelector('[data-block=version-switcher] summary').click()");
        let entries = tab.eval(
            "Array.from(document.querySelectorAll('[data-block=version-switcher] li a')).map(a => { \
             const r = a.getBoundingClientRect(); \
             return [r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= innerWidth, a.tabIndex, a.textContent.trim()]; })",
        );
        let entries = entries.as_array().unwrap();
        assert_eq!(entries.len(), 2, "{entries:?}");
        for e in entries {
            assert_eq!((e[0].as_bool(), e[1].as_i64()), (Some(true), Some(0)), "{width} px: {e}");
        }
        let widths = tab.eval("[document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        assert!(widths[0].as_u64() <= widths[1].as_u64(), "{width} px: the page scrolls sideways: {widths}");
        let shot = shots().join(format!("v1-deploy-{width}.png"));
        tab.screenshot(&shot);
        eprintln!("screenshot: {}", shot.display());
    }
    // Choosing v2 leads to the same page in v2, with no banner.
    tab.eval("document.querySelector('[data-block=version-switcher] a[data-version=v2]').click()");
    let v2 = format!("http://{}/en-us/v2/commands/deploy/", srv.addr);
    let arrived =
        format!("location.href === {} && document.readyState === 'complete'", serde_json::to_string(&v2).unwrap());
    assert!(tab.wait_for(&arrived, Duration::from_secs(15)), "the v2 entry did not lead to {v2}");
    assert_eq!(tab.eval("document.querySelector('[data-block=version-banner]') === null"), true);
    tab.goto(&format!("http://{}/ko-kr/v1/get-started/", srv.addr));
    tab.set_viewport(390, 800);
    tab.eval("document.querySelector('[data-block=version-switcher] summary').click()");
    let shot = shots().join("ko-v1-get-started-390-open.png");
    tab.screenshot(&shot);
    eprintln!("screenshot: {}", shot.display());
}
