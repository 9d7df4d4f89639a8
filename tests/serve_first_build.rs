//! `guidebook serve` on a site whose first build fails: every URL answers with the errors and
//! the live-reload script (not a bare "not found"), until the fix builds and the site is served.

mod common;
#[path = "common/server.rs"]
mod server;
use server::{get, start};
use std::time::{Duration, Instant};

/// A new site with a page whose front matter leaves a quote open.
fn broken_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("s");
    common::assert_ok(&common::guidebook(&["init", root.to_str().unwrap()]));
    let bad = root.join("content/en-us/bad.md");
    common::write_file(&bad, "---\ntitle: \"x\n---\n\nBody.\n");
    (dir, bad)
}

/// GETs `path` until `done` holds for the reply, or panics at the deadline with the server log.
fn poll(srv: &server::Server, path: &str, done: impl Fn(&server::Reply) -> bool) -> server::Reply {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let r = get(&srv.addr, path);
        if done(&r) {
            return r;
        }
        assert!(Instant::now() < deadline, "gave up waiting on {path}: last {r:?}\nlog:\n{}", srv.log.lock().unwrap());
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_first_build_that_fails_serves_its_errors_until_fixed() {
    let (dir, bad) = broken_site();
    let srv = start(&dir.path().join("s"), &[]);
    for path in ["/", "/en-us/", "/en-us/bad/", "/style.css"] {
        let r = get(&srv.addr, path);
        let text = r.text();
        assert_eq!(r.status, 503, "{path}: {text}");
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
        assert!(text.contains("content/en-us/bad.md:2:"), "{path}: the error, relative to the site root: {text}");
        assert!(!text.contains(&dir.path().to_string_lossy().into_owned()), "no absolute path: {text}");
        assert!(text.contains("new EventSource(\"/__livereload\")"), "{path}: the live-reload script");
    }
    std::fs::write(&bad, "---\ntitle: \"x\"\n---\n\nBody.\n").unwrap();
    let home = poll(&srv, "/en-us/", |r| r.status == 200);
    assert!(!home.text().contains("<main id=\"guidebook-unbuilt\""), "the site, not the errors");
    assert_eq!(poll(&srv, "/en-us/bad/", |r| r.status == 200).status, 200);
}

#[test]
fn a_root_without_content_serves_its_error_until_there_is_some() {
    let dir = tempfile::tempdir().unwrap();
    let srv = start(dir.path(), &[]);
    let r = get(&srv.addr, "/");
    assert_eq!(r.status, 503);
    assert!(r.text().contains("no content/ folder"), "{}", r.text());
    assert!(r.text().contains("new EventSource(\"/__livereload\")"));
    common::write_file(&dir.path().join("content/index.md"), "---\ntitle: Home\n---\n\n# Home\n\nHello there.\n");
    let home = poll(&srv, "/", |r| r.status == 200);
    assert!(home.text().contains("Hello there."), "{}", home.text());
}
