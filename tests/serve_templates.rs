//! `guidebook serve` after a template edit re-renders only the pages whose templates read the
//! edited file (through extends, include and import, transitively), and what it serves then is
//! what a fresh build of the same files gives. After page edits, the refreshed search index
//! tells open search pages to reload.

mod common;
#[path = "common/server.rs"]
mod server;
use common::*;
use server::{get, start, without_injection, Events, Server};
use std::path::Path;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

/// A copy of links-ok with site templates laid over the built-in theme.
fn site_with(templates: &[(&str, &str)]) -> tempfile::TempDir {
    let site = site_copy("links-ok");
    for (name, text) in templates {
        write_file(&site.path().join("templates").join(name), text);
    }
    site
}

fn builtin(name: &str) -> String {
    read(repo_root().join("themes/default/templates").join(name))
}

/// (rendered, jobs in all) of each `re-rendered N of M pages` line the server printed.
fn rerenders(srv: &Server) -> Vec<(usize, usize)> {
    let log = srv.log.lock().unwrap().clone();
    log.lines()
        .filter(|l| l.starts_with("re-rendered "))
        .map(|line| {
            let words: Vec<&str> = line.split(' ').collect();
            assert_eq!(words[2], "of", "{line}");
            (words[1].parse().unwrap(), words[3].parse().unwrap())
        })
        .collect()
}

/// Waits for the server's re-render line number `nth` (from 1): it prints it just after the
/// event goes out.
fn rerender(srv: &Server, nth: usize) -> (usize, usize) {
    let deadline = std::time::Instant::now() + WAIT;
    while rerenders(srv).len() < nth && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    *rerenders(srv).get(nth - 1).unwrap_or_else(|| panic!("no re-render {nth}:\n{}", srv.log.lock().unwrap()))
}

/// Saves `text` as the site template `name` and waits until the server has re-rendered.
fn edit(site: &Path, srv: &Server, events: &mut Events, name: &str, text: &str) -> (usize, usize) {
    std::fs::write(site.join("templates").join(name), text).unwrap();
    let reload = events.wait_for("reload", WAIT);
    assert!(reload.is_some(), "no reload:\n{}", srv.log.lock().unwrap());
    rerender(srv, 1)
}

/// Every HTML file of a fresh build of the same sources, as the server serves it; returns how
/// many contain `marker`.
fn assert_same_as_fresh_build(site: &Path, srv: &Server, marker: &str) -> usize {
    let out = site.join("fresh");
    let _ = std::fs::remove_dir_all(&out);
    assert_ok(&build(site, &out, &["--base-url", &format!("http://{}", srv.addr), "--no-asset-hashes"]));
    let mut with_marker = 0;
    for (rel, bytes) in tree(&out) {
        if !rel.ends_with(".html") {
            continue;
        }
        let served = get(&srv.addr, &format!("/{}", rel.trim_end_matches("index.html")));
        let expected = String::from_utf8(bytes).unwrap();
        assert_eq!(without_injection(&served.text()), expected, "{rel} differs from a fresh build");
        with_marker += usize::from(expected.contains(marker));
    }
    with_marker
}

#[test]
fn a_partial_used_only_by_the_404_template_re_renders_only_the_404_pages() {
    let not_found =
        "{% extends \"base.html\" %}{% block content %}{% include \"partials/gone.html\" %}{% endblock content %}";
    let site = site_with(&[("404.html", not_found), ("partials/gone.html", "<p id=\"gone\">Gone, first words</p>")]);
    let srv = start(site.path(), &[]);
    let mut events = Events::open(&srv.addr);
    let (n, of) = edit(site.path(), &srv, &mut events, "partials/gone.html", "<p id=\"gone\">Gone, second words</p>");
    // en-us/404.html, ko-kr/404.html and /404.html.
    assert_eq!(n, 3, "only the 404 pages, of {of}:\n{}", srv.log.lock().unwrap());
    assert!(get(&srv.addr, "/ko-kr/nothing/").text().contains("Gone, second words"));
    assert_eq!(assert_same_as_fresh_build(site.path(), &srv, "Gone, second words"), 3);
}

#[test]
fn a_page_template_edit_leaves_section_pages_alone() {
    let site = site_with(&[("page.html", &builtin("page.html"))]);
    let srv = start(site.path(), &[]);
    let mut events = Events::open(&srv.addr);
    let edited = builtin("page.html").replacen(
        "{% block content %}",
        "{% block content %}<p id=\"edited\">Edited page template</p>",
        1,
    );
    let (n, of) = edit(site.path(), &srv, &mut events, "page.html", &edited);
    assert!(get(&srv.addr, "/en-us/guide/setup/").text().contains("Edited page template"));
    assert!(!get(&srv.addr, "/en-us/guide/").text().contains("Edited page template"), "a section page");
    // Exactly the pages that show the change were rendered: the page.html jobs.
    let showing = assert_same_as_fresh_build(site.path(), &srv, "Edited page template");
    assert!(showing > 0 && showing < of, "{showing} of {of}");
    assert_eq!(n, showing, "rendered {n} of {of}, {showing} use page.html:\n{}", srv.log.lock().unwrap());
}

#[test]
fn a_partial_of_the_base_template_re_renders_everything() {
    let site = site_with(&[("partials/footer.html", "<footer>First footer</footer>")]);
    let srv = start(site.path(), &[]);
    let mut events = Events::open(&srv.addr);
    let (n, of) = edit(site.path(), &srv, &mut events, "partials/footer.html", "<footer>Second footer</footer>");
    // Every page extends base.html, which includes the footer; the redirect at /index.html
    // is the one template that does not.
    assert_eq!(n, of - 1, "{}", srv.log.lock().unwrap());
    assert_eq!(assert_same_as_fresh_build(site.path(), &srv, "Second footer"), n);
}

#[test]
fn a_template_nobody_uses_is_checked_but_re_renders_nothing() {
    let site = site_with(&[("partials/unused.html", "<p>unused</p>")]);
    let srv = start(site.path(), &[]);
    let mut events = Events::open(&srv.addr);
    let unused = site.path().join("templates/partials/unused.html");
    std::fs::write(&unused, "<p>still unused</p>").unwrap();
    assert_eq!(rerender(&srv, 1).0, 0);
    assert!(events.wait_for("reload", Duration::from_secs(1)).is_none(), "nothing changed on any page");

    // It is still compiled: a syntax error in it shows, at its line, until it is fixed.
    std::fs::write(&unused, "<p>\n{% if %}</p>").unwrap();
    let report = events.wait_for("error-report", WAIT).expect("an error event");
    assert!(report.contains("templates/partials/unused.html:2:"), "{report}");
    std::fs::write(&unused, "<p>fixed</p>").unwrap();
    assert!(events.wait_for("reload", WAIT).is_some(), "the fix clears the error");
    assert_eq!(rerender(&srv, 2).0, 0);
    assert!(!get(&srv.addr, "/en-us/").text().contains("guidebook-initial-error\">"), "no error left");
}

#[test]
fn a_template_syntax_error_shows_until_fixed_and_the_fix_re_renders_what_changed() {
    let site = site_with(&[("page.html", &builtin("page.html"))]);
    let srv = start(site.path(), &[]);
    let mut events = Events::open(&srv.addr);
    let file = site.path().join("templates/page.html");
    let bad = builtin("page.html").replacen("{% block content %}", "{% block content %}\n{{ oops( }}", 1);
    std::fs::write(&file, &bad).unwrap();
    let line = bad.lines().position(|l| l.contains("oops(")).unwrap() + 1;
    let report = events.wait_for("error-report", WAIT).expect("an error event");
    assert!(report.contains(&format!("templates/page.html:{line}:")), "{report}");
    let served = get(&srv.addr, "/en-us/guide/setup/").text();
    assert!(served.contains("guidebook-initial-error"), "the last good page, with the error over it");

    let good = builtin("page.html").replacen("{% block content %}", "{% block content %}<p>Fixed template</p>", 1);
    std::fs::write(&file, good).unwrap();
    assert!(events.wait_for("reload", WAIT).is_some(), "{}", srv.log.lock().unwrap());
    let (n, _) = rerender(&srv, 1);
    assert_eq!(n, assert_same_as_fresh_build(site.path(), &srv, "Fixed template"), "compared with the last good");
}

#[test]
fn a_refreshed_search_index_reloads_the_search_pages_that_show_it() {
    let site = site_copy("links-ok");
    let srv = start(site.path(), &[]);
    let mut events = Events::open(&srv.addr);
    let file = site.path().join("content/en-us/guide/setup.md");
    let text = read(&file);
    std::fs::write(&file, text.replace("## Install", "## Install\n\nZanzibarite appears.")).unwrap();
    assert!(events.wait_for("reload", WAIT).is_some());
    let pages = events.wait_for("search-index", WAIT).expect("a search-index event after the index refresh");
    let pages: Vec<String> = serde_json::from_str(&pages).unwrap();
    assert!(pages.contains(&"/en-us/search/".to_string()), "{pages:?}");
    assert!(pages.iter().all(|p| p.ends_with("/search/")), "{pages:?}");
    assert!(get(&srv.addr, "/en-us/search/").status == 200);

    // Saved without a change the index stays as it was: no search page reloads.
    std::fs::write(&file, read(&file)).unwrap();
    assert!(events.wait_for("reload", WAIT).is_some());
    let refreshes = || srv.log.lock().unwrap().matches("updated the search index").count();
    let deadline = std::time::Instant::now() + WAIT;
    while refreshes() < 2 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(refreshes(), 2, "the index was written again:\n{}", srv.log.lock().unwrap());
    // The event goes out before the line is printed: had there been one, it is in the stream.
    assert!(events.wait_for("search-index", Duration::from_millis(500)).is_none(), "{}", srv.log.lock().unwrap());
}
