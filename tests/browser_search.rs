//! Search as a reader uses it, in headless Chromium on the example site: the browser's
//! tokenizer gives the shared vectors, Korean and English queries find the publisher-profile
//! page with title matches ranked first, the box works with the keyboard (`/`, arrows, Enter
//! opening the result at its heading), the results page reads `?q=`, and nothing logs errors.

#[path = "common/browser.rs"]
mod browser;
mod common;
#[path = "common/server.rs"]
mod server;

use serde_json::Value;
use std::time::Duration;

/// Runs an async expression in the page and returns its value.
fn run(tab: &mut browser::Tab, js: &str) -> Value {
    tab.eval(&format!("(async () => {{ {js} }})()"))
}

#[test]
fn the_browser_tokenizer_gives_the_shared_vectors() {
    let Some(browser) = browser::launch("browser_search::the_browser_tokenizer_gives_the_shared_vectors") else {
        return;
    };
    let site = common::example_site_copy();
    let srv = server::start(site.path(), &[]);
    let mut tab = browser.open(&format!("http://{}/en-us/", srv.addr));
    let vectors = common::read(common::repo_root().join("tests/search-vectors.json"));
    let got = run(
        &mut tab,
        &format!(
            "const m = await guidebookSearch.fetchJSON('/en-us/_search/manifest.json');
             const v = {vectors};
             return v.map(x => ({{ input: x.input, tokens: guidebookSearch.tokenize(x.input, m.fold) }}));"
        ),
    );
    let want: Value = serde_json::from_str(&vectors).unwrap();
    for (w, g) in want.as_array().unwrap().iter().zip(got.as_array().unwrap()) {
        assert_eq!(w["tokens"], g["tokens"], "JavaScript and Rust differ on {:?}", w["input"]);
    }
    // Shards agree too.
    let shard =
        run(&mut tab, "return guidebookSearch.shardOf('게시', 16) + ',' + guidebookSearch.shardOf('publisher', 200);");
    let rust = format!(
        "{},{}",
        guidebook::search::tokenize::shard_of("게시", 16),
        guidebook::search::tokenize::shard_of("publisher", 200)
    );
    assert_eq!(shard, Value::String(rust));
}

#[test]
fn queries_in_korean_and_english_find_the_publisher_profile() {
    let Some(browser) = browser::launch("browser_search::queries_in_korean_and_english_find_the_publisher_profile")
    else {
        return;
    };
    let site = common::example_site_copy();
    let srv = server::start(site.path(), &[]);
    let mut tab = browser.open(&format!("http://{}/ko-kr/", srv.addr));
    let first = |tab: &mut browser::Tab, base: &str, q: &str| -> String {
        let r = run(
            tab,
            &format!("const r = await guidebookSearch.search('{base}', {q:?}, 5); return r.length ? r[0].url : '';"),
        );
        r.as_str().unwrap().to_string()
    };
    let profile = "/marketplace/cloud-partner-portal/portal-manage/cpp-manage-publisher-profile/";
    assert_eq!(first(&mut tab, "/ko-kr/_search/", "게시자 프로필"), format!("/ko-kr{profile}"));
    assert_eq!(first(&mut tab, "/en-us/_search/", "publisher profile"), format!("/en-us{profile}"));
    // Particles and inflections: the same page for 프로필을 and "publishers' profiles".
    assert_eq!(first(&mut tab, "/ko-kr/_search/", "게시자 프로필을"), format!("/ko-kr{profile}"));
    assert_eq!(first(&mut tab, "/en-us/_search/", "Publishers' Profiles"), format!("/en-us{profile}"));
    // A heading match links to its heading.
    assert_eq!(first(&mut tab, "/ko-kr/_search/", "도메인 확인"), format!("/ko-kr{profile}#verify-your-domain"));
    // Title above body: "users" is in many bodies, but one page is titled for it.
    assert!(first(&mut tab, "/en-us/_search/", "users").ends_with("/cpp-manage-users/"));
    // Mixed script.
    assert!(!first(&mut tab, "/ko-kr/_search/", "Azure Marketplace 게시자").is_empty());
    assert_eq!(first(&mut tab, "/ko-kr/_search/", "zzzzqqq"), "");
}

#[test]
fn the_search_box_works_from_the_keyboard() {
    let Some(browser) = browser::launch("browser_search::the_search_box_works_from_the_keyboard") else { return };
    let site = common::example_site_copy();
    let srv = server::start(site.path(), &[]);
    let mut tab = browser.open(&format!("http://{}/ko-kr/", srv.addr));
    // "/" focuses the box.
    tab.eval("document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '/', bubbles: true }))");
    assert_eq!(tab.eval("document.activeElement && document.activeElement.id"), "gb-search");
    tab.eval(
        "const i = document.getElementById('gb-search'); i.value = '도메인 확인'; i.dispatchEvent(new Event('input'))",
    );
    assert!(
        tab.wait_for("document.querySelectorAll('#gb-search-results li').length > 0", Duration::from_secs(5)),
        "results as you type"
    );
    assert_eq!(
        tab.eval("document.querySelector('#gb-search-results mark') !== null"),
        true,
        "the match is highlighted"
    );
    let key = |tab: &mut browser::Tab, k: &str| {
        tab.eval(&format!("document.getElementById('gb-search').dispatchEvent(new KeyboardEvent('keydown', {{ key: '{k}', bubbles: true }}))"));
    };
    key(&mut tab, "ArrowDown");
    assert_eq!(tab.eval("document.querySelector('#gb-search-results li').getAttribute('aria-selected')"), "true");
    key(&mut tab, "Enter");
    assert!(
        // The new page's URL is set when its navigation commits, before its body is parsed:
        // wait for the heading too (CI, on a busy machine, checked in between once).
        tab.wait_for(
            "location.hash === '#verify-your-domain' && document.getElementById('verify-your-domain') !== null",
            Duration::from_secs(5)
        ),
        "Enter opens the result at its heading"
    );
    assert_eq!(tab.eval("document.getElementById('verify-your-domain').textContent"), "도메인 확인");

    // The results page: a link to share.
    tab.goto(&format!("http://{}/ko-kr/search/?q=%EA%B2%8C%EC%8B%9C%EC%9E%90", srv.addr));
    assert!(tab.wait_for("document.querySelectorAll('.search-page-results li').length > 0", Duration::from_secs(5)));
    assert_eq!(tab.eval("document.getElementById('gb-search').value"), "게시자");
    tab.goto(&format!("http://{}/ko-kr/search/?q=zzzzqqq", srv.addr));
    assert!(tab.wait_for("document.querySelector('[data-block=search-page] .search-status').textContent.includes('검색 결과가 없습니다')", Duration::from_secs(5)));
    assert_eq!(tab.console_errors(), Vec::<String>::new());
}

#[test]
fn a_query_fetches_only_its_tokens_shards_and_its_results_documents() {
    let Some(browser) =
        browser::launch("browser_search::a_query_fetches_only_its_tokens_shards_and_its_results_documents")
    else {
        return;
    };
    let site = common::example_site_copy();
    let srv = server::start(site.path(), &[]);
    let mut tab = browser.open(&format!("http://{}/ko-kr/", srv.addr));
    for (base, query) in [("/ko-kr/_search/", "게시자 프로필"), ("/en-us/_search/", "publisher profile")] {
        let got = run(
            &mut tab,
            &format!(
                "performance.clearResourceTimings();
                 const r = await guidebookSearch.search('{base}', {query:?}, 8);
                 const files = performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)
                     .filter(p => p.startsWith('{base}')).map(p => p.slice({len})).sort();
                 return r.map(x => x.url).join(' ') + '|' + files.join(' ');",
                len = base.len()
            ),
        );
        let got = got.as_str().unwrap();
        let (urls, files) = got.split_once('|').unwrap();
        assert!(!urls.is_empty(), "{query}: results");
        // The files that query needs, from what the server holds (not from the example site's
        // page count): the shard of each token, and the document chunks holding the results.
        let manifest: Value =
            serde_json::from_slice(&server::get(&srv.addr, &format!("{base}manifest.json")).body).unwrap();
        let shards = manifest["shards"].as_u64().unwrap() as u32;
        let chunks = manifest["docs"].as_u64().unwrap().div_ceil(manifest["chunk"].as_u64().unwrap());
        let chunks_of_results = (0..chunks).map(|n| format!("d{n}.json")).filter(|chunk| {
            let docs: Value = serde_json::from_slice(&server::get(&srv.addr, &format!("{base}{chunk}")).body).unwrap();
            // A result's URL is its document's, with the section's anchor after `#`.
            docs.as_array().unwrap().iter().any(|d| urls.split(' ').any(|u| d["u"] == u.split('#').next().unwrap()))
        });
        let mut want: Vec<String> = guidebook::search::tokenize::tokenize(query)
            .iter()
            .map(|t| format!("p{}.bin", guidebook::search::tokenize::shard_of(t, shards)))
            .chain(chunks_of_results)
            .chain(["manifest.json".to_string()])
            .collect();
        want.sort();
        want.dedup();
        assert_eq!(files.split(' ').collect::<Vec<_>>(), want, "{query}: the files fetched");
    }
    assert_eq!(tab.console_errors(), Vec::<String>::new());
}
