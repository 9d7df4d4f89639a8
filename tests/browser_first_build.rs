//! An author opens `guidebook serve` on a site that has never built: the tab shows the errors,
//! and turns into the site by itself once the file is fixed. Skipped loudly without Chromium;
//! CI sets GUIDEBOOK_REQUIRE_BROWSER=1.

#[path = "common/browser.rs"]
mod browser;
mod common;
#[path = "common/server.rs"]
mod server;

use std::time::Duration;

#[test]
fn an_open_tab_turns_into_the_site_after_the_fix() {
    let Some(browser) = browser::launch("browser_first_build::an_open_tab_turns_into_the_site_after_the_fix") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("s");
    common::assert_ok(&common::guidebook(&["init", root.to_str().unwrap()]));
    let bad = root.join("content/en-us/bad.md");
    common::write_file(&bad, "---\ntitle: \"x\n---\n\nWritten with a quote left open.\n");
    let srv = server::start(&root, &[]);
    let mut tab = browser.open(&format!("http://{}/en-us/bad/", srv.addr));
    assert!(
        tab.wait_for("document.body.innerText.includes('content/en-us/bad.md:2:')", Duration::from_secs(5)),
        "the errors are not shown: {}",
        tab.eval("document.body.innerText")
    );
    assert!(tab.wait_for(browser::LIVE_RELOAD_CONNECTED, Duration::from_secs(5)), "the script did not connect");
    // What the author sees before the fix, kept for a look at both widths; the error text must
    // fit the phone's width (no sideways scroll).
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for (width, height) in [(1280, 800), (390, 844)] {
        tab.set_viewport(width, height);
        tab.screenshot(shots.join(format!("first-build-errors-{width}.png")));
        let wide = tab.eval("document.documentElement.scrollWidth > window.innerWidth + 1");
        assert_eq!(wide, serde_json::Value::Bool(false), "the error page scrolls sideways at {width} px");
    }

    // Another error first: the page shows the new one.
    common::write_file(&bad, "---\ntitle: \"x\n---\n\nStill open.\n");
    std::fs::write(root.join("content/en-us/worse.md"), "---\ntitle: [\n---\n").unwrap();
    assert!(
        tab.wait_for("document.body.innerText.includes('content/en-us/worse.md')", Duration::from_secs(10)),
        "the new error did not show:\n{}",
        srv.log.lock().unwrap()
    );
    std::fs::remove_file(root.join("content/en-us/worse.md")).unwrap();
    std::fs::write(&bad, "---\ntitle: Fixed page\n---\n\nWritten with the quote closed.\n").unwrap();
    assert!(
        tab.wait_for(
            "document.body.innerText.includes('Written with the quote closed.') && !document.getElementById('guidebook-unbuilt')",
            Duration::from_secs(15)
        ),
        "the tab did not turn into the page:\n{}\n{}",
        tab.eval("document.body.innerText"),
        srv.log.lock().unwrap()
    );
}
