//! The DocFX extensions page of the `docfx-extensions` fixture in headless Chromium: the
//! picture loads, the video player and the next-step button are visible, the zone and moniker
//! labels show, nothing scrolls sideways on a phone. Screenshots at 1280 and 390 px wide are
//! kept in target/tmp/docfx-screenshots for people to look at (the test prints where).
//!
//! Skipped, loudly, where Chromium is not installed; CI sets GUIDEBOOK_REQUIRE_BROWSER=1.

#[path = "common/browser.rs"]
mod browser;
mod common;
#[path = "common/server.rs"]
mod server;

const PAGE: &str = "/en-us/guide/extensions/";
const KO_PAGE: &str = "/ko-kr/guide/extensions/";

fn shots() -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("docfx-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Width and height of the first element matching `selector`, or [0, 0].
fn size(tab: &mut browser::Tab, selector: &str) -> (f64, f64) {
    let js = format!(
        "(() => {{ const e = document.querySelector({}); if (!e) return [0, 0]; const b = e.getBoundingClientRect(); \
         return getComputedStyle(e).visibility === 'hidden' ? [0, 0] : [b.width, b.height]; }})()",
        serde_json::to_string(selector).unwrap()
    );
    let v = tab.eval(&js);
    (v[0].as_f64().unwrap_or(0.0), v[1].as_f64().unwrap_or(0.0))
}

/// A screenshot of the whole page: the viewport made as tall as the page first.
fn full_page_shot(tab: &mut browser::Tab, width: u32, name: &str) {
    let height = tab.eval("document.documentElement.scrollHeight").as_u64().unwrap_or(900).min(8000) as u32;
    tab.set_viewport(width, height);
    tab.screenshot(shots().join(name));
}

#[test]
fn docfx_extensions_show_in_a_browser() {
    let Some(browser) = browser::launch("browser_docfx::docfx_extensions_show_in_a_browser") else { return };
    let site = common::site_copy("docfx-extensions");
    let srv = server::start(site.path(), &[]);
    let url = format!("http://{}{PAGE}", srv.addr);
    let mut tab = browser.open(&url);
    tab.set_viewport(1280, 900);
    tab.goto(&url);
    let loaded = "Array.from(document.querySelectorAll('.prose img')).every(i => i.complete && i.naturalWidth > 0)";
    assert!(tab.wait_for(loaded, std::time::Duration::from_secs(10)), "a picture did not load");
    assert_eq!(tab.eval("document.querySelectorAll('.prose img').length"), 4, "three figures' pictures and an icon");
    assert_eq!(tab.eval("document.querySelector('figure.docfx-image img').naturalWidth"), 480);
    // The icon sits in the line of text, no taller than the text.
    let (_, icon_h) = size(&mut tab, "img.docfx-icon");
    assert!(icon_h > 0.0 && icon_h <= 24.0, "the icon is {icon_h} px high");
    let (w, h) = size(&mut tab, ".video iframe");
    assert!(w > 300.0 && (w / h - 16.0 / 9.0).abs() < 0.05, "the player is {w}x{h}, not a visible 16:9 box");
    let (w, h) = size(&mut tab, ".nextstepaction a");
    assert!(w > 50.0 && h > 20.0, "the next-step link is {w}x{h}");
    assert_eq!(
        tab.eval(
            "getComputedStyle(document.querySelector('.nextstepaction a')).backgroundColor !== 'rgba(0, 0, 0, 0)'"
        ),
        true,
        "the next-step link is styled as a button"
    );
    assert_eq!(
        tab.eval("getComputedStyle(document.querySelector('.checklist li'), '::before').content"),
        "\"✓\"",
        "checklist items carry a check mark"
    );
    assert_eq!(
        tab.eval("document.querySelector('.moniker-label').textContent"),
        "Applies to: PowerShell 7.2 and later"
    );
    assert!(size(&mut tab, ".zone-label").1 > 0.0, "the zone label shows");
    // A complex image's long description opens under it, no wider than the picture.
    tab.eval("document.querySelector('.long-description summary').click()");
    let (desc_w, desc_h) = size(&mut tab, ".long-description p");
    let (img_w, _) = size(&mut tab, "figure.complex img");
    assert!(desc_h > 0.0 && desc_w <= img_w, "the long description is {desc_w} px wide under a {img_w} px picture");
    tab.eval("document.querySelector('figure.complex').scrollIntoView({ behavior: 'instant', block: 'center' })");
    tab.screenshot(shots().join("docfx-en-1280-complex.png"));
    full_page_shot(&mut tab, 1280, "docfx-en-1280.png");
    eprintln!("browser_docfx: screenshots in {}", shots().display());

    tab.set_viewport(390, 844);
    tab.goto(&format!("http://{}{KO_PAGE}", srv.addr));
    assert!(tab.wait_for(loaded, std::time::Duration::from_secs(10)), "a picture did not load on the Korean page");
    assert_eq!(tab.eval("document.documentElement.scrollWidth <= 390"), true, "no sideways scrolling at 390 px");
    let (w, _) = size(&mut tab, ".video iframe");
    assert!(w > 200.0 && w <= 390.0, "the player is {w} px wide on a phone");
    assert!(size(&mut tab, ".nextstepaction a").0 > 50.0, "the next-step link shows on a phone");
    full_page_shot(&mut tab, 390, "docfx-ko-390.png");
    // The players' own pages are not reachable from a test machine; only this page's errors count.
    let errors: Vec<String> = tab
        .console_errors()
        .into_iter()
        .filter(|e| !e.contains("favicon.ico") && !e.contains("youtube") && !e.contains("learn-video"))
        .collect();
    assert_eq!(errors, Vec::<String>::new());
}
