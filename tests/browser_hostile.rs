//! Raw HTML that would break out of a page, as a real browser (headless Chromium) parses the
//! built page: the body stays inside `<main>`'s article, and the navigation and the site footer
//! are where the theme put them, whole and not re-formatted by the body's leftovers.
//!
//! Skipped, loudly, where Chromium is not installed; CI sets GUIDEBOOK_REQUIRE_BROWSER=1.

#[path = "common/browser.rs"]
mod browser;
mod common;
#[path = "common/server.rs"]
mod server;

/// Pages whose raw HTML, unguarded, closes, swallows or re-formats the layout.
const PAGES: &[(&str, &str)] = &[
    ("script", "Text.\n\n<script>\nvar x = 1;\n"),
    ("closers", "Text.\n\n</div></article></main>\n\n</body></html>\n\nAfter.\n"),
    ("unclosed", "<div class=\"box\">\n<section>\n\n- item\n\n<table><tr><td>cell\n"),
    ("select", "Pick: <select><option>one\n"),
    ("comment", "Text.\n\n<!-- never closed\n"),
    ("textarea", "<textarea>\nunended\n"),
    ("bold", "Some <b>bold <i>and italic\n\nStill bold.\n"),
    ("quote", "Text.\n\n<div title=\"unclosed\n"),
];

/// Problems with the layout of the loaded page, as a list of strings (empty when whole).
const CHECK: &str = r#"(() => {
  const problems = [];
  const main = document.querySelectorAll('main');
  if (main.length !== 1) problems.push(main.length + ' main elements');
  const article = document.querySelector('main > article.doc');
  if (!article || !article.querySelector('.doc-body > .prose')) problems.push('the article or its prose is not in main');
  const footer = document.querySelector('footer.site-footer');
  if (!footer) problems.push('no site footer');
  else {
    if (footer.parentElement !== document.body) problems.push('the footer is inside ' + footer.parentElement.tagName);
    if (footer.querySelector('b, i, select, textarea, div.box')) problems.push('the footer holds the body\'s elements');
    if (footer.closest('b, i')) problems.push('the footer is inside the body\'s formatting');
    if (!footer.textContent.includes('Hostile')) problems.push('the footer lost its text');
  }
  const nav = document.querySelector('#gb-sidebar-nav');
  if (!nav || !nav.closest('.layout > aside.sidebar')) problems.push('the navigation is not in the sidebar');
  const header = document.querySelector('body > header.site-header');
  if (!header) problems.push('no site header');
  return problems;
})()"#;

#[test]
fn raw_html_leaves_the_parsed_layout_whole() {
    let Some(browser) = browser::launch("browser_hostile::raw_html_leaves_the_parsed_layout_whole") else { return };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("site.toml"),
        "title = \"Hostile\"\nbase_url = \"https://example.org/\"\ndefault_locale = \"en-us\"\n\n[[locales]]\ncode = \"en-us\"\nname = \"English\"\n",
    )
    .unwrap();
    let content = dir.path().join("content/en-us");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(content.join("index.md"), "---\ntitle: Home\n---\nWelcome.\n").unwrap();
    for (name, body) in PAGES {
        std::fs::write(content.join(format!("{name}.md")), format!("---\ntitle: {name}\n---\n\n{body}")).unwrap();
    }
    let srv = server::start(dir.path(), &[]);
    let mut tab = browser.open("about:blank");
    for (name, _) in PAGES {
        tab.goto(&format!("http://{}/en-us/{name}/", srv.addr));
        assert_eq!(tab.eval(CHECK), serde_json::json!([]), "{name}: the layout is broken");
    }
}
