//! What an author sees: a page open in headless Chromium shows the new text after its markdown
//! changes on disk, with no action in the page, and a broken edit shows the error over the page
//! until it is fixed. Skipped loudly without Chromium; CI sets GUIDEBOOK_REQUIRE_BROWSER=1.

#[path = "common/browser.rs"]
mod browser;
mod common;
#[path = "common/server.rs"]
mod server;

use std::time::Duration;

#[test]
fn an_open_page_follows_edits_on_disk() {
    let Some(browser) = browser::launch("browser_live_reload::an_open_page_follows_edits_on_disk") else { return };
    let site = common::site_copy("links-ok");
    let srv = server::start(site.path(), &[]);
    let mut tab = browser.open(&format!("http://{}/en-us/guide/setup/", srv.addr));
    assert_eq!(tab.eval("document.querySelector('h2#install').textContent"), "Install");
    // The live-reload stream is open before the edit (its hello event marks the page).
    assert!(tab.wait_for(browser::LIVE_RELOAD_CONNECTED, Duration::from_secs(5)));

    let page = site.path().join("content/en-us/guide/setup.md");
    let good = common::read(&page);
    std::fs::write(&page, good.replace("## Install", "## Install\n\nWritten while the page was open.")).unwrap();
    assert!(
        tab.wait_for("document.body.innerText.includes('Written while the page was open.')", Duration::from_secs(10)),
        "the page did not reload by itself:\n{}",
        srv.log.lock().unwrap()
    );

    // A broken edit whose message quotes HTML: it shows over the page as text, not markup.
    let bad = good.replace("## Install", "## Install\n\nSee <a href=\"gone</script><b>bold.md\">this</a>.");
    std::fs::write(&page, &bad).unwrap();
    let line = bad.lines().position(|l| l.contains("gone<")).unwrap() + 1;
    assert!(
        tab.wait_for("!!document.getElementById('guidebook-error-overlay')", Duration::from_secs(10)),
        "no error overlay"
    );
    let overlay = tab
        .eval("document.getElementById('guidebook-error-overlay').innerText")
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(overlay.contains(&format!("content/en-us/guide/setup.md:{line}:")), "{overlay}");
    assert!(overlay.contains("gone</script><b>bold.md"), "the author's text, shown as text: {overlay}");
    assert_eq!(
        tab.eval("document.querySelectorAll('#guidebook-error-overlay b').length"),
        0,
        "the message is text, not HTML"
    );

    // Fixed: the overlay goes away with the reload.
    std::fs::write(&page, good.replace("## Install", "## Install\n\nFixed again.")).unwrap();
    assert!(tab.wait_for(
        "document.body.innerText.includes('Fixed again.') && !document.getElementById('guidebook-error-overlay')",
        Duration::from_secs(10)
    ));
    let errors: Vec<String> = tab.console_errors().into_iter().filter(|e| !e.contains("__livereload")).collect();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

/// A reader previewing the site follows page after page in one tab: every page loads, however
/// many live-reload streams the pages before it opened.
#[test]
fn one_tab_goes_through_many_pages() {
    let Some(browser) = browser::launch("browser_live_reload::one_tab_goes_through_many_pages") else { return };
    let site = common::site_copy("links-ok");
    let srv = server::start(site.path(), &[]);
    let pages = ["en-us/", "en-us/guide/", "en-us/guide/setup/", "ko-kr/", "en-us/guide/setup/"];
    let mut tab = browser.open(&format!("http://{}/{}", srv.addr, pages[0]));
    for round in 0..3 {
        for page in pages {
            let url = format!("http://{}/{page}", srv.addr);
            // Before the fix the seventh page never loaded: the six before it, kept in the
            // back/forward cache, held the browser's six connections to the host open.
            if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| tab.goto(&url))).is_err() {
                panic!("round {round}, {page} did not load; the server said:\n{}", srv.log.lock().unwrap());
            }
            assert!(
                tab.wait_for(browser::LIVE_RELOAD_CONNECTED, Duration::from_secs(10)),
                "round {round}, {page}: the live-reload stream did not connect:\n{}",
                srv.log.lock().unwrap()
            );
        }
    }
    // Back to a page kept in that cache: it is loaded afresh and listens again.
    tab.eval("history.back()");
    let reloaded = "performance.getEntriesByType('navigation')[0].type === 'reload' \
                    && document.documentElement.dataset.livereload === 'connected'";
    assert!(tab.wait_for(reloaded, Duration::from_secs(10)), "a page restored by Back did not reconnect");
}
