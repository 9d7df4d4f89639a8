//! A reader with search results open in `serve` sees an edited page's new words among them once
//! the search index catches up, with no action in the page. Skipped loudly without Chromium;
//! CI sets GUIDEBOOK_REQUIRE_BROWSER=1.

#[path = "common/browser.rs"]
mod browser;
mod common;
#[path = "common/server.rs"]
mod server;

use std::time::Duration;

#[test]
fn open_search_results_follow_an_edit() {
    let Some(browser) = browser::launch("browser_search_reload::open_search_results_follow_an_edit") else { return };
    let site = common::site_copy("links-ok");
    let srv = server::start(site.path(), &[]);
    let mut tab = browser.open(&format!("http://{}/en-us/search/?q=zanzibarite", srv.addr));
    assert!(tab.wait_for(browser::LIVE_RELOAD_CONNECTED, Duration::from_secs(5)));
    let results = "document.querySelectorAll('.search-page-results li').length";
    assert!(tab.wait_for(
        "!!document.querySelector('[data-block=search-page] .search-status').textContent",
        Duration::from_secs(5)
    ));
    assert_eq!(tab.eval(results), 0, "no page has the word yet");

    let page = site.path().join("content/en-us/guide/setup.md");
    let text = common::read(&page);
    std::fs::write(&page, text.replace("## Install", "## Install\n\nZanzibarite is a word added while serving."))
        .unwrap();
    assert!(
        tab.wait_for(&format!("{results} > 0"), Duration::from_secs(10)),
        "the open results page did not show the edit:\n{}",
        srv.log.lock().unwrap()
    );
    assert!(tab.eval("location.search").as_str().unwrap_or_default().contains("q=zanzibarite"), "the query is kept");
}
