//! The default theme as a reader meets it, in headless Chromium: the Korean overview at desktop
//! and phone widths (screenshots kept in target/tmp/screenshots for people to look at, not
//! compared pixel by pixel), the sidebar folding behind its menu button on a phone, a step of
//! the onboarding path marked done and still done after a reload, and no console errors.

#[path = "common/browser.rs"]
mod browser;
mod common;
#[path = "common/server.rs"]
mod server;

use std::time::Duration;

const OVERVIEW: &str = "/ko-kr/marketplace/cloud-partner-portal/portal-manage/cpp-portal-management/";
const STEP_TWO: &str = "/ko-kr/marketplace/cloud-partner-portal/portal-manage/cpp-manage-publisher-profile/";
const PATH_PAGE: &str = "/ko-kr/marketplace/cloud-partner-portal/";

fn shots() -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_korean_overview_on_a_desktop_and_a_phone() {
    let Some(browser) = browser::launch("browser_theme::the_korean_overview_on_a_desktop_and_a_phone") else { return };
    let site = common::example_site_copy();
    let srv = server::start(site.path(), &[]);
    let mut tab = browser.open(&format!("http://{}{OVERVIEW}", srv.addr));
    tab.set_viewport(1280, 900);
    tab.goto(&format!("http://{}{OVERVIEW}", srv.addr));
    assert_eq!(tab.eval("document.querySelector('[data-block=sidebar] [aria-current=page]').textContent"), "계정 관리");
    assert_eq!(
        tab.eval("getComputedStyle(document.querySelector('.sidebar-toggle')).display"),
        "none",
        "no menu button on a desktop"
    );
    assert_eq!(tab.eval("document.querySelector('#gb-sidebar-nav').offsetHeight > 100"), true, "the sidebar shows");
    tab.screenshot(shots().join("ko-overview-1280.png"));

    // A phone: the sidebar folds behind the menu button, and nothing scrolls sideways.
    tab.set_viewport(360, 780);
    assert!(
        tab.wait_for("!document.querySelector('.sidebar-toggle').hidden", Duration::from_secs(5)),
        "a menu button on a phone"
    );
    assert_eq!(tab.eval("document.querySelector('#gb-sidebar-nav').offsetHeight"), 0, "folded");
    assert_eq!(tab.eval("document.documentElement.scrollWidth <= 360"), true, "no sideways scrolling at 360 px");
    tab.screenshot(shots().join("ko-overview-360.png"));
    tab.eval("document.querySelector('.sidebar-toggle').click()");
    assert_eq!(tab.eval("document.querySelector('.sidebar-toggle').getAttribute('aria-expanded')"), "true");
    assert_eq!(tab.eval("document.querySelector('#gb-sidebar-nav').offsetHeight > 100"), true, "unfolded");
    tab.screenshot(shots().join("ko-overview-360-menu.png"));
    tab.eval("document.querySelector('.sidebar-toggle').click()");
    assert_eq!(tab.eval("document.querySelector('#gb-sidebar-nav').offsetHeight"), 0, "folded again");
    assert_eq!(tab.console_errors(), Vec::<String>::new());
}

#[test]
fn a_step_marked_done_stays_done() {
    let Some(browser) = browser::launch("browser_theme::a_step_marked_done_stays_done") else { return };
    let site = common::example_site_copy();
    let srv = server::start(site.path(), &[]);
    let mut tab = browser.open(&format!("http://{}{STEP_TWO}", srv.addr));
    assert_eq!(
        tab.eval("document.querySelector('.step-position').textContent.trim().startsWith('4단계 중 2단계')"),
        true
    );
    assert_eq!(tab.eval("document.querySelector('.mark-done').hidden"), false, "the button shows when scripts run");
    assert_eq!(tab.eval("document.querySelector('.mark-done').getAttribute('aria-pressed')"), "false");
    tab.eval("document.querySelector('.mark-done').click()");
    assert_eq!(tab.eval("document.querySelector('.mark-done').textContent"), "완료");

    // A reload (and another page) still know.
    tab.goto(&format!("http://{}{STEP_TWO}", srv.addr));
    assert_eq!(
        tab.eval("document.querySelector('.mark-done').getAttribute('aria-pressed')"),
        "true",
        "done survives a reload"
    );
    assert_eq!(
        tab.eval("document.querySelector('[data-block=sidebar] a[aria-current=page]').classList.contains('done')"),
        true
    );
    tab.goto(&format!("http://{}{PATH_PAGE}", srv.addr));
    assert_eq!(tab.eval("document.querySelector('[data-block=path-progress] progress').value"), 1);
    assert_eq!(tab.eval("document.querySelector('.path-progress-text').textContent"), "4단계 중 1단계 완료");
    // Progress is per path, not per language: the English step shows done too.
    tab.goto(&format!("http://{}{}", srv.addr, STEP_TWO.replace("/ko-kr/", "/en-us/")));
    assert_eq!(tab.eval("document.querySelector('.mark-done').textContent"), "Done");
    tab.screenshot(shots().join("en-step-done-1280.png"));
    assert_eq!(tab.console_errors(), Vec::<String>::new());
}
