//! Search per version as a reader uses it, in headless Chromium on the versions fixture: the
//! box on a v1 page finds v1's deploy page by a word only v1 has ("blueprint"), the box on a
//! v2 page does not; the results page searches the version `?v=` names (default: the latest),
//! says which, and links to the same search in the other versions.

#[path = "common/browser.rs"]
mod browser;
mod common;
#[path = "common/server.rs"]
mod server;

use std::time::Duration;

const WAIT: Duration = Duration::from_secs(5);

/// Types `query` in the search box and waits for the box to answer (results or "no results").
fn type_in_box(tab: &mut browser::Tab, query: &str) {
    tab.eval(&format!(
        "{{ const i = document.getElementById('gb-search'); i.value = {query:?}; i.dispatchEvent(new Event('input')); }}"
    ));
    assert!(tab.wait_for("!document.getElementById('gb-search-results').hidden", WAIT), "the box answers {query:?}");
}

fn result_urls(tab: &mut browser::Tab, selector: &str) -> Vec<String> {
    let js =
        format!("Array.from(document.querySelectorAll('{selector} li a')).map(a => a.getAttribute('href')).join(' ')");
    tab.eval(&js).as_str().unwrap_or_default().split_whitespace().map(str::to_string).collect()
}

#[test]
fn the_box_searches_the_pages_version() {
    let Some(browser) = browser::launch("browser_version_search::the_box_searches_the_pages_version") else {
        return;
    };
    let site = common::site_copy("versions");
    let srv = server::start(site.path(), &[]);
    let mut tab = browser.open(&format!("http://{}/en-us/v1/get-started/", srv.addr));
    assert_eq!(tab.eval("document.documentElement.dataset.version"), "v1");
    type_in_box(&mut tab, "blueprint");
    assert!(
        tab.wait_for("document.querySelectorAll('#gb-search-results li').length > 0", WAIT),
        "v1's box finds blueprint"
    );
    let found = result_urls(&mut tab, "#gb-search-results");
    // (At its best section: `--blueprint FILE` is under Options.)
    assert!(found.iter().any(|u| u.starts_with("/en-us/v1/commands/deploy/")), "{found:?}");
    assert!(found.iter().all(|u| u.starts_with("/en-us/v1/")), "{found:?}");

    tab.goto(&format!("http://{}/en-us/v2/get-started/", srv.addr));
    assert!(tab.wait_for("document.documentElement.dataset.version === 'v2'", WAIT));
    type_in_box(&mut tab, "blueprint");
    assert_eq!(result_urls(&mut tab, "#gb-search-results"), Vec::<String>::new(), "v2 has no blueprint");
    type_in_box(&mut tab, "pipeline");
    assert!(tab.wait_for("document.querySelectorAll('#gb-search-results li').length > 0", WAIT));
    assert_eq!(result_urls(&mut tab, "#gb-search-results"), ["/en-us/v2/commands/deploy/#options"]);
    assert_eq!(tab.console_errors(), Vec::<String>::new());
}

#[test]
fn the_results_page_searches_the_version_it_names() {
    let Some(browser) = browser::launch("browser_version_search::the_results_page_searches_the_version_it_names")
    else {
        return;
    };
    let site = common::site_copy("versions");
    let srv = server::start(site.path(), &[]);
    let results = "[data-block=search-page] .search-page-results";
    let status = "document.querySelector('.search-version-status').textContent";
    // No `v=`: the latest, which has no blueprint.
    let mut tab = browser.open(&format!("http://{}/en-us/search/?q=blueprint", srv.addr));
    assert!(tab.wait_for(&format!("{status}.includes('Contoso CLI 2.x')"), WAIT));
    assert!(tab.wait_for(
        "document.querySelector('[data-block=search-page] .search-status').textContent.includes('No results')",
        WAIT
    ));
    // The link to v1 keeps the query; following it finds v1's pages.
    let v1 = tab.eval("document.querySelector('[data-block=search-versions] a[data-version=v1]').href");
    assert_eq!(v1, format!("http://{}/en-us/search/?v=v1&q=blueprint", srv.addr));
    tab.goto(v1.as_str().unwrap());
    assert!(tab.wait_for(&format!("document.querySelectorAll('{results} li').length > 0"), WAIT));
    let found = result_urls(&mut tab, results);
    assert!(found.iter().any(|u| u.starts_with("/en-us/v1/commands/deploy/")), "{found:?}");
    assert!(tab.eval(status).as_str().unwrap().contains("Contoso CLI 1.x"));
    assert_eq!(tab.eval("document.documentElement.dataset.version"), "v1");
    assert_eq!(
        tab.eval("document.querySelector('[data-block=search-versions] a[aria-current]').dataset.version"),
        "v1"
    );
    // The box on this page searches v1 too.
    type_in_box(&mut tab, "legacy");
    assert!(tab.wait_for("document.querySelectorAll('#gb-search-results li').length > 0", WAIT));
    assert_eq!(result_urls(&mut tab, "#gb-search-results"), ["/en-us/v1/commands/legacy-sync/"]);
    assert_eq!(tab.console_errors(), Vec::<String>::new());
}
