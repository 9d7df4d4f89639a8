//! The example site's publisher-profile page in headless Chromium at 1280 and 390 px: one
//! visible "Next steps" heading, with the `next:` link in its section. Screenshots are kept in
//! target/tmp/next-steps-screenshots for people to look at. Skipped loudly without Chromium;
//! CI sets GUIDEBOOK_REQUIRE_BROWSER=1.

#[path = "common/browser.rs"]
mod browser;
mod common;
#[path = "common/server.rs"]
mod server;

const PAGE: &str = "/en-us/marketplace/cloud-partner-portal/portal-manage/cpp-manage-publisher-profile/";

#[test]
fn one_next_steps_section_on_a_page_that_writes_its_own() {
    let Some(browser) = browser::launch("browser_next_steps::one_next_steps_section_on_a_page_that_writes_its_own")
    else {
        return;
    };
    let site = common::example_site_copy();
    let srv = server::start(site.path(), &[]);
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("next-steps-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let url = format!("http://{}{PAGE}", srv.addr);
    let mut tab = browser.open(&url);
    for width in [1280, 390] {
        tab.set_viewport(width, 900);
        tab.goto(&url);
        let visible_headings = "Array.from(document.querySelectorAll('h2')).filter(h => h.offsetParent !== null \
                                && h.textContent.trim() === 'Next steps').length";
        assert_eq!(tab.eval(visible_headings), 1, "{width} px: one visible Next steps heading");
        let link_after_heading = "(() => { const h = document.getElementById('next-steps'); \
            const a = document.querySelector('[data-block=\"next-steps\"] a[href*=\"cpp-manage-users\"]'); \
            return !!(h && a && a.offsetParent !== null \
              && (h.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING)); })()";
        assert_eq!(tab.eval(link_after_heading), true, "{width} px: the next: link follows the author's heading");
        // The whole page, so the section at its end is in the picture.
        let height = tab.eval("document.documentElement.scrollHeight").as_u64().unwrap_or(900).min(8000) as u32;
        tab.set_viewport(width, height);
        let file = shots.join(format!("next-steps-{width}.png"));
        tab.screenshot(&file);
        eprintln!("screenshot: {}", file.display());
    }
}
