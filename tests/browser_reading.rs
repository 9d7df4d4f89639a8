//! Long reference pages as a reader meets them, in headless Chromium at 1280 and 390 px
//! (screenshots kept in target/tmp/screenshots for people to look at): "On this page" beside the
//! text from 1024 px and folded on a phone, the sidebar scrolled to the current page, long dotted
//! names wrapped at their dots, a keyboard-reachable copy button on each code block with its
//! "Copied" feedback in the page's language, the header still in view after scrolling, and
//! search results that share a title saying where each one is, with snippets cut on words.

#[path = "common/browser.rs"]
mod browser;
mod common;
#[path = "common/server.rs"]
mod server;

use serde_json::Value;
use std::path::Path;
use std::time::Duration;

const FOLDER: &str = "Microsoft.Azure.Management.ResourceManager.Fluent";
const LONG_TITLE: &str = "Az.Resources.Get-AzResourceGroupDeploymentOperationHistory";

fn shots() -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The example site with a reference folder of 40 cmdlet pages whose last one is long: a dozen
/// sections, each with a code block; and one cmdlet in two versioned folders.
fn reference_site() -> tempfile::TempDir {
    let site = common::example_site_copy();
    // Navigation from the folders, so the reference folder is in the sidebar.
    for locale in ["en-us", "ko-kr"] {
        let _ = std::fs::remove_file(site.path().join(format!("content/{locale}/toc.yml")));
    }
    let folder = site.path().join("content/en-us").join(FOLDER);
    for i in 1..=40 {
        common::write_file(
            &folder.join(format!("cmd-{i:02}.md")),
            &format!("---\ntitle: Az.Resources.Get-AzResourceGroupDeployment{i:02}\n---\nGets deployments.\n"),
        );
    }
    let mut body = format!("---\ntitle: {LONG_TITLE}\n---\nGets the operations of a deployment.\n\n");
    for s in 1..=12 {
        body.push_str(&format!(
            "## Section {s}\n\nThe parameter set number {s} of this cmdlet.\n\n```powershell\nGet-AzResourceGroupDeploymentOperation -Name \"deploy-{s}\"\n```\n\n"
        ));
        for p in 1..=3 {
            body.push_str(&format!("Paragraph {p} of section {s}: more words about the cmdlet and its output.\n\n"));
        }
    }
    common::write_file(&folder.join("zz-long.md"), &body);
    for version in ["5.1", "7.2"] {
        common::write_file(
            &site.path().join(format!("content/en-us/{version}/Microsoft.PowerShell.Management/get-location.md")),
            &format!("---\ntitle: Get-Location\n---\nGets information about the current working location in PowerShell {version}.\n"),
        );
    }
    site
}

fn long_page(srv: &server::Server) -> String {
    format!("http://{}/en-us/{}/zz-long/", srv.addr, FOLDER)
}

#[test]
fn a_long_reference_page_on_a_desktop_and_a_phone() {
    let Some(browser) = browser::launch("browser_reading::a_long_reference_page_on_a_desktop_and_a_phone") else {
        return;
    };
    let site = reference_site();
    let srv = server::start(site.path(), &[]);
    let url = long_page(&srv);
    let mut tab = browser.open(&url);
    tab.set_viewport(1280, 900);
    tab.goto(&url);
    assert_eq!(tab.eval("document.querySelector('h1').textContent"), LONG_TITLE);

    // "On this page": open, in a column beside the text.
    assert_eq!(tab.eval("document.querySelector('[data-block=toc] details').open"), true);
    assert_eq!(
        tab.eval(
            "document.querySelector('[data-block=toc]').getBoundingClientRect().left > \
             document.querySelector('.doc-body').getBoundingClientRect().right"
        ),
        true,
        "the toc is a column to the right of the text"
    );
    // The sidebar shows the current page, the last of 41 entries.
    assert_eq!(
        tab.eval(
            "(() => { const s = document.querySelector('.sidebar').getBoundingClientRect(); \
             const a = document.querySelector('[data-block=sidebar] [aria-current=page]').getBoundingClientRect(); \
             return document.querySelector('.sidebar').scrollTop > 0 && a.top >= s.top && a.bottom <= s.bottom; })()"
        ),
        true,
        "the current entry is scrolled into the sidebar's view: {}",
        tab.eval(
            "(() => { const s = document.querySelector('.sidebar'); \
             return [s.scrollTop, s.scrollHeight, s.clientHeight, getComputedStyle(s).overflowY, \
             JSON.stringify(document.querySelector('[data-block=sidebar] [aria-current=page]').getBoundingClientRect())].join(' '); })()"
        )
    );
    // Long dotted names are cut into their dotted parts.
    assert_eq!(tab.eval("document.querySelectorAll('[data-block=sidebar] [aria-current=page] .name-part').length"), 3);
    assert_eq!(tab.eval("document.querySelector('h1').textContent"), LONG_TITLE, "text unchanged by <wbr>");
    // Each line break of the sidebar entry and the h1 falls after a dot or a hyphen, never
    // between two letters; the entry does wrap, and nothing runs out of its box.
    for selector in ["[data-block=sidebar] [aria-current=page]", ".doc-header h1"] {
        let breaks = tab.eval(&format!(
            "(() => {{ const el = document.querySelector('{selector}'); const r = document.createRange(); \
             const out = []; let prev = null, top = null; \
             const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT); \
             for (let n = w.nextNode(); n; n = w.nextNode()) for (let i = 0; i < n.data.length; i++) {{ \
               r.setStart(n, i); r.setEnd(n, i + 1); const t = Math.round(r.getBoundingClientRect().top); \
               if (top !== null && t > top + 2) out.push(prev + n.data[i]); top = t; prev = n.data[i]; }} \
             return {{ breaks: out, overflow: el.scrollWidth > el.clientWidth }}; }})()"
        ));
        assert_eq!(breaks["overflow"], false, "{selector}: {breaks}");
        // Each break as the characters either side of it: after a dot or hyphen, or between
        // the words of a camel-case name too long for the column.
        for pair in breaks["breaks"].as_array().unwrap() {
            let pair: Vec<char> = pair.as_str().unwrap().chars().collect();
            let ok = pair[0] == '.' || pair[0] == '-' || (pair[0].is_lowercase() && pair[1].is_uppercase());
            assert!(ok, "{selector}: a line break inside a word, between {pair:?}: {breaks}");
        }
        if selector.contains("sidebar") {
            assert!(breaks["breaks"].to_string().contains('.'), "the entry wraps at a dot: {breaks}");
        }
    }
    tab.screenshot(shots().join("reference-long-1280.png"));

    // The header stays in view once scrolled far down.
    tab.eval("window.scrollTo(0, document.body.scrollHeight / 2)");
    assert!(tab.wait_for("window.scrollY > 500", Duration::from_secs(5)));
    assert_eq!(tab.eval("Math.round(document.querySelector('.site-header').getBoundingClientRect().top)"), 0);
    tab.screenshot(shots().join("reference-scrolled-1280.png"));

    // A phone: the toc folds, the header is one row, nothing scrolls sideways.
    tab.set_viewport(390, 844);
    tab.goto(&url);
    assert_eq!(tab.eval("document.querySelector('[data-block=toc] details').open"), false, "folded on a phone");
    tab.eval("document.querySelector('[data-block=toc] summary').click()");
    assert_eq!(tab.eval("document.querySelector('[data-block=toc] details').open"), true, "opens on demand");
    tab.eval("document.querySelector('[data-block=toc] summary').click()");
    assert_eq!(tab.eval("document.documentElement.scrollWidth <= 390"), true, "no sideways scrolling at 390 px");
    assert_eq!(tab.eval("document.querySelector('.site-header').offsetHeight < 70"), true, "a compact header");
    tab.screenshot(shots().join("reference-long-390.png"));
    tab.eval("window.scrollTo(0, document.body.scrollHeight / 2)");
    assert!(tab.wait_for("window.scrollY > 500", Duration::from_secs(5)));
    assert_eq!(tab.eval("Math.round(document.querySelector('.site-header').getBoundingClientRect().top)"), 0);
    tab.screenshot(shots().join("reference-scrolled-390.png"));
    assert_eq!(tab.console_errors(), Vec::<String>::new());
}

#[test]
fn code_blocks_have_a_copy_button_in_the_pages_language() {
    let Some(browser) = browser::launch("browser_reading::code_blocks_have_a_copy_button_in_the_pages_language") else {
        return;
    };
    let site = reference_site();
    let srv = server::start(site.path(), &[]);
    let url = long_page(&srv);
    let mut tab = browser.open(&url);
    tab.set_viewport(1280, 900);
    tab.goto(&url);
    assert_eq!(tab.eval("document.querySelectorAll('pre').length"), 12);
    assert_eq!(tab.eval("document.querySelectorAll('.code-block > .copy-code').length"), 12, "one button per block");
    // A real button in the tab order, named for screen readers.
    assert_eq!(tab.eval("document.querySelector('.copy-code').tagName"), "BUTTON");
    assert_eq!(tab.eval("document.querySelector('.copy-code').tabIndex"), 0);
    assert_eq!(
        tab.eval("document.querySelector('.copy-code').getAttribute('aria-label')"),
        "Copy code to the clipboard"
    );
    // The clipboard is the browser's: record what is written to it.
    tab.eval(
        "window.copied = []; navigator.clipboard.writeText = t => { window.copied.push(t); return Promise.resolve(); }",
    );
    tab.eval("document.querySelectorAll('.copy-code')[2].focus()");
    assert_eq!(tab.eval("document.activeElement.className"), "copy-code");
    tab.eval("document.activeElement.click()");
    assert!(tab.wait_for("window.copied.length === 1", Duration::from_secs(5)));
    assert_eq!(tab.eval("window.copied[0]"), "Get-AzResourceGroupDeploymentOperation -Name \"deploy-3\"");
    assert_eq!(tab.eval("document.querySelectorAll('.copy-code')[2].textContent"), "Copied");
    assert_eq!(tab.eval("document.querySelector('#content [role=status]').textContent"), "Copied");
    assert!(
        tab.wait_for("document.querySelectorAll('.copy-code')[2].textContent === 'Copy'", Duration::from_secs(5)),
        "the label comes back"
    );
    tab.screenshot(shots().join("copy-button-1280.png"));
    tab.set_viewport(390, 844);
    tab.goto(&url);
    tab.eval("document.querySelectorAll('pre')[0].scrollIntoView()");
    tab.screenshot(shots().join("copy-button-390.png"));

    // Korean labels on a Korean page.
    tab.goto(&format!("http://{}/ko-kr/", srv.addr));
    let ko = tab.eval(
        "document.querySelector('#content').dataset.copyCode + '|' + document.querySelector('#content').dataset.codeCopied",
    );
    assert_eq!(ko, "복사|복사됨");
    assert_eq!(tab.console_errors(), Vec::<String>::new());
}

/// Runs an async expression in the page and returns its value.
fn run(tab: &mut browser::Tab, js: &str) -> Value {
    tab.eval(&format!("(async () => {{ {js} }})()"))
}

#[test]
fn snippets_and_highlights_follow_the_shared_vectors() {
    let Some(browser) = browser::launch("browser_reading::snippets_and_highlights_follow_the_shared_vectors") else {
        return;
    };
    let site = common::example_site_copy();
    let srv = server::start(site.path(), &[]);
    let mut tab = browser.open(&format!("http://{}/en-us/", srv.addr));
    let vectors = common::read(common::repo_root().join("tests/search-snippet-vectors.json"));
    let got =
        run(&mut tab, &format!("return {vectors}.map(v => guidebookSearch.snippet(v.text, v.query, v.fold || {{}}));"));
    let want: Value = serde_json::from_str(&vectors).unwrap();
    for (w, g) in want.as_array().unwrap().iter().zip(got.as_array().unwrap()) {
        assert_eq!(&w["html"], g, "{}: {:?} in {:?}", w["why"], w["query"], w["text"]);
    }
}

#[test]
fn results_that_share_a_title_say_where_they_are() {
    let Some(browser) = browser::launch("browser_reading::results_that_share_a_title_say_where_they_are") else {
        return;
    };
    let site = reference_site();
    let srv = server::start(site.path(), &[]);
    let mut tab = browser.open(&format!("http://{}/en-us/search/?q=location", srv.addr));
    tab.set_viewport(1280, 900);
    tab.goto(&format!("http://{}/en-us/search/?q=location", srv.addr));
    assert!(tab.wait_for("document.querySelectorAll('.result-where').length === 2", Duration::from_secs(10)));
    let places = tab.eval("[...document.querySelectorAll('.result-where')].map(e => e.textContent).sort().join('|')");
    assert_eq!(places, "5.1 › Microsoft.PowerShell.Management|7.2 › Microsoft.PowerShell.Management");
    // Each with its snippet, the query's word marked whole.
    let marks = tab.eval("[...document.querySelectorAll('.result-snippet mark')].map(e => e.textContent).join('|')");
    assert_eq!(marks, "location|location");
    tab.screenshot(shots().join("search-shared-titles-1280.png"));
    assert_eq!(tab.console_errors(), Vec::<String>::new());
}
