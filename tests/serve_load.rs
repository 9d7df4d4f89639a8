//! `guidebook serve` under load while a page is edited every 100 ms: 50 connections opened at
//! once, 20 requests each (pages, assets, missing pages, redirects, and event streams kept open
//! through the run). Every reply must be right (0 errors), every stream must see reloads, and
//! the last edit must be served. The long run, with latency figures, is
//! `cargo bench --bench serve_load`.

mod common;
#[path = "common/load.rs"]
mod load;
#[path = "common/server.rs"]
mod server;
use common::*;
use load::{Expect, Plan, Target};
use server::{get, start};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[test]
fn fifty_connections_while_a_page_is_edited_every_100_ms_get_no_errors() {
    let site = site_copy("links-ok");
    let srv = start(site.path(), &[]);
    let targets = vec![
        Target::new("/en-us/", Expect::Page),
        Target::new("/en-us/guide/setup/", Expect::Page),
        Target::new("/style.css", Expect::Asset),
        Target::new("/en-us/guide/", Expect::Page),
        Target::new("/guidebook.js", Expect::Asset),
        Target::new("/ko-kr/", Expect::Page),
        Target::new("/en-us/no-such-page/", Expect::Missing),
        Target::new("/search.js", Expect::Asset),
        Target::new("/en-us/guide", Expect::Moved),
        Target::new("/en-us/_search/manifest.json", Expect::Asset),
    ];
    assert_eq!(get(&srv.addr, "/en-us/_search/manifest.json").status, 200, "the search index has a manifest");

    let stop = Arc::new(AtomicBool::new(false));
    let page = site.path().join("content/en-us/guide/setup.md");
    let editor = load::edit_every(page, Duration::from_millis(100), Arc::clone(&stop));
    let plan = Plan {
        connections: 50,
        requests: 20,
        targets,
        stream_every: 10,
        min_reloads: 3,
        timeout: Duration::from_secs(20),
        deadline: Instant::now() + Duration::from_secs(30),
    };
    let outcome = load::run(&srv.addr, plan);
    stop.store(true, Ordering::SeqCst);
    let last = editor.join().unwrap();

    assert!(outcome.errors.is_empty(), "{} errors: {:#?}", outcome.errors.len(), &outcome.errors);
    assert_eq!(outcome.samples.len(), 50 * 20, "every request was answered");
    assert_eq!(outcome.reloads.len(), 5, "five event streams");
    assert!(outcome.reloads.iter().all(|r| *r >= 3), "every stream saw reloads: {:?}", outcome.reloads);
    // The last edit reaches the page.
    let want = format!("Load edit {last}.");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !get(&srv.addr, "/en-us/guide/setup/").text().contains(&want) {
        assert!(Instant::now() < deadline, "{want} never served:\n{}", srv.log.lock().unwrap());
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(!srv.log.lock().unwrap().contains("panicked"), "{}", srv.log.lock().unwrap());
}
