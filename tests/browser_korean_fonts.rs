//! Korean as readers see it: the example site's Korean overview page in headless Chromium, with
//! its Hangul drawn by a font that has Hangul, not as empty `.notdef` boxes. Screenshots at 1280
//! and 390 px are kept in target/tmp/screenshots (ko-hangul-1280.png, ko-hangul-390.png, and
//! ko-hangul-minimal-390.png for the minimal theme) for people to look at; what is asserted is
//! which fonts Chromium used (see common/fonts.rs), and Korean line breaking and leading.
//!
//! Without a font for Korean the test skips loudly; CI sets GUIDEBOOK_REQUIRE_CJK_FONT and
//! installs fonts-noto-cjk, so there it fails instead.

#[path = "common/browser.rs"]
mod browser;
mod common;
#[path = "common/fonts.rs"]
mod fonts;
#[path = "common/server.rs"]
mod server;

use fonts::UsedFont;

const OVERVIEW: &str = "/ko-kr/marketplace/cloud-partner-portal/portal-manage/cpp-portal-management/";

/// Elements of the overview whose own text is Korean: the title, the first paragraph, the
/// sidebar's current entry.
const KOREAN_TEXT: [&str; 3] = [".prose h1, h1", ".prose > p", "[data-block=sidebar] [aria-current=page]"];

fn shots() -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// How many Hangul syllables and jamo the text nodes directly inside `selector` hold.
fn hangul_in(tab: &mut browser::Tab, selector: &str) -> u64 {
    let js = format!(
        "[...document.querySelector({selector:?}).childNodes].filter(n => n.nodeType === 3)
           .map(n => n.data).join('').match(/[\\u1100-\\u11ff\\u3130-\\u318f\\uac00-\\ud7a3]/g)?.length ?? 0"
    );
    tab.eval(&js).as_u64().unwrap_or(0)
}

/// The font families the element's computed `font-family` names, unquoted.
fn stack_of(tab: &mut browser::Tab, selector: &str) -> Vec<String> {
    let js = format!("getComputedStyle(document.querySelector({selector:?})).fontFamily");
    let stack = tab.eval(&js);
    stack.as_str().unwrap_or_default().split(',').map(|f| f.trim().trim_matches('"').to_string()).collect()
}

/// Asserts that every Hangul character directly inside `selector` was drawn by a font that
/// covers Korean (one of `korean`), and that font is one the theme's stack names when the stack
/// names any installed one.
#[track_caller]
fn assert_hangul_drawn(tab: &mut browser::Tab, selector: &str, korean: &[String]) {
    let hangul = hangul_in(tab, selector);
    assert!(hangul > 0, "{selector}: expected Korean text in it");
    let used = fonts::fonts_used(tab, selector);
    eprintln!("{selector}: {hangul} Hangul characters; Chromium drew the text with {used:?}");
    let covers = |font: &UsedFont| korean.iter().any(|k| k.eq_ignore_ascii_case(&font.family));
    let drawn: u64 = used.iter().filter(|f| covers(f)).map(|f| f.glyphs).sum();
    assert!(
        drawn >= hangul,
        "{selector}: {hangul} Hangul characters, but fonts covering Korean drew only {drawn} glyphs; \
         Chromium used {used:?}, and the fonts covering Korean (fc-list :lang=ko) are {korean:?}: \
         the rest are empty boxes (install fonts-noto-cjk)"
    );
    // The theme names the common Korean faces: where one of them is installed, Hangul must come
    // from the stack, not from whatever the system falls back to.
    let stack = stack_of(tab, selector);
    let named: Vec<&String> = stack.iter().filter(|f| korean.iter().any(|k| k.eq_ignore_ascii_case(f))).collect();
    if !named.is_empty() {
        let from_stack = used.iter().filter(|f| covers(f) && named.iter().any(|n| n.eq_ignore_ascii_case(&f.family)));
        assert!(
            from_stack.map(|f| f.glyphs).sum::<u64>() >= hangul,
            "{selector}: Hangul drawn with {used:?}, not with the installed Korean faces the theme names ({named:?})"
        );
    }
}

#[test]
fn the_korean_overview_draws_hangul_at_1280_and_390_px() {
    const NAME: &str = "browser_korean_fonts::the_korean_overview_draws_hangul_at_1280_and_390_px";
    let Some(korean) = fonts::hangul_families(NAME) else { return };
    let Some(browser) = browser::launch(NAME) else { return };
    let site = common::example_site_copy();
    let srv = server::start(site.path(), &[]);
    let url = format!("http://{}{OVERVIEW}", srv.addr);
    let mut tab = browser.open(&url);
    for (width, height) in [(1280, 900), (390, 844)] {
        tab.set_viewport(width, height);
        tab.goto(&url);
        // Fonts load lazily: wait until those the page needs are ready before asking.
        tab.eval("document.fonts.ready.then(() => true)");
        // Below 56rem the sidebar is folded away (not laid out, so no fonts are used for it).
        let shown = if width < 896 { &KOREAN_TEXT[..2] } else { &KOREAN_TEXT[..] };
        for selector in shown {
            assert_hangul_drawn(&mut tab, selector, &korean);
        }
        // Korean wraps between words, with room between the lines.
        assert_eq!(tab.eval("getComputedStyle(document.querySelector('.prose > p')).wordBreak"), "keep-all");
        let leading = tab.eval(
            "(s => parseFloat(s.lineHeight) / parseFloat(s.fontSize))(getComputedStyle(document.querySelector('.prose > p')))",
        );
        assert!(leading.as_f64().is_some_and(|l| l >= 1.7), "line-height of Korean prose: {leading}");
        assert_eq!(
            tab.eval(&format!("document.documentElement.scrollWidth <= {width}")),
            true,
            "no sideways scrolling at {width} px"
        );
        tab.screenshot(shots().join(format!("ko-hangul-{width}.png")));
    }
    assert_eq!(tab.console_errors(), Vec::<String>::new());
}

#[test]
fn the_minimal_theme_draws_korean_prose_in_a_korean_serif_face() {
    const NAME: &str = "browser_korean_fonts::the_minimal_theme_draws_korean_prose_in_a_korean_serif_face";
    let Some(korean) = fonts::hangul_families(NAME) else { return };
    let Some(browser) = browser::launch(NAME) else { return };
    let site = common::example_site_copy();
    common::copy_dir(&common::repo_root().join("themes/minimal"), &site.path().join("themes/minimal"));
    let toml = site.path().join("site.toml");
    let config = std::fs::read_to_string(&toml).unwrap();
    assert!(config.contains("theme = \"default\""), "the example site names its theme");
    std::fs::write(&toml, config.replace("theme = \"default\"", "theme = \"minimal\"")).unwrap();
    let srv = server::start(site.path(), &[]);
    let url = format!("http://{}{OVERVIEW}", srv.addr);
    let mut tab = browser.open(&url);
    tab.set_viewport(390, 844);
    tab.goto(&url);
    tab.eval("document.fonts.ready.then(() => true)");
    assert_eq!(tab.eval("document.body.classList.contains('theme-minimal')"), true);
    // The minimal theme's stack names Korean serif (Myeongjo) faces: Hangul comes from one of
    // them where one is installed (Noto Serif CJK KR with fonts-noto-cjk).
    assert_hangul_drawn(&mut tab, ".doc-body .prose > p", &korean);
    // CI installs fonts-noto-cjk: the stack must name its serif family, or the check above
    // only sees the system's fallback at work.
    let stack = stack_of(&mut tab, ".doc-body .prose > p");
    assert!(stack.iter().any(|f| f == "Noto Serif CJK KR"), "the serif stack: {stack:?}");
    // The serif prose is below the page's header: bring it into the screenshot (at once, not
    // by the theme's smooth scrolling).
    tab.eval("document.querySelector('.doc-body .prose > p').scrollIntoView({ behavior: 'instant' })");
    tab.screenshot(shots().join("ko-hangul-minimal-390.png"));
    assert_eq!(tab.console_errors(), Vec::<String>::new());
}
