//! `guidebook serve` against a real server on an ephemeral port: pages and their headers, live
//! reload after edits (events sent on connect do not count), errors shown over the last good
//! site, deletions, hostile paths, and many clients at once.

mod common;
#[path = "common/server.rs"]
mod server;
use common::*;
use server::{get, request, start, without_injection, Events};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(10);
const HOME: &str = "/en-us/";
const SETUP: &str = "/en-us/guide/setup/";

fn page(site: &tempfile::TempDir, rel: &str) -> std::path::PathBuf {
    site.path().join("content").join(rel)
}

/// Waits until the server serves each of `files` (URL path to bytes) as given. The search index
/// is written just after the reload event goes out, so it is polled for (up to [`WAIT`]) rather
/// than read once after a fixed pause that a busy machine could outlast.
fn wait_until_served(addr: &str, files: &BTreeMap<String, Vec<u8>>) {
    let deadline = Instant::now() + WAIT;
    loop {
        let differ: Vec<&String> =
            files.iter().filter(|(url, bytes)| get(addr, url).body != **bytes).map(|(url, _)| url).collect();
        if differ.is_empty() {
            return;
        }
        assert!(Instant::now() < deadline, "still differing from a fresh build after {WAIT:?}: {differ:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn pages_are_served_with_the_right_headers() {
    let site = site_copy("links-ok");
    let srv = start(site.path(), &[]);
    let r = get(&srv.addr, SETUP);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(r.text().contains("<h2 id=\"install\">Install</h2>"));
    assert!(r.text().contains("new EventSource(\"/__livereload\")"), "the live-reload script is injected");
    let etag = r.header("etag").unwrap().to_string();
    assert_eq!(request(&srv.addr, "GET", SETUP, &[("If-None-Match", &etag)]).status, 304);
    let head = request(&srv.addr, "HEAD", SETUP, &[]);
    assert_eq!((head.status, head.body.len()), (200, 0));
    assert_eq!(request(&srv.addr, "POST", SETUP, &[]).status, 405);
    assert_eq!(request(&srv.addr, "DELETE", SETUP, &[]).header("allow"), Some("GET, HEAD"));
    assert_eq!(get(&srv.addr, "/style.css").header("content-type"), Some("text/css; charset=utf-8"));
    let moved = get(&srv.addr, "/en-us/guide/setup");
    assert_eq!((moved.status, moved.header("location")), (301, Some("/en-us/guide/setup/")));
    let missing = get(&srv.addr, "/ko-kr/no-such-page/");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("lang=\"ko-kr\""), "the Korean 404 page for a Korean path");
}

#[test]
fn an_edit_reloads_the_browser_and_serves_what_a_fresh_build_gives() {
    let site = site_copy("links-ok");
    let srv = start(site.path(), &[]);
    let mut events = Events::open(&srv.addr);
    let file = page(&site, "en-us/guide/setup.md");
    std::fs::write(&file, read(&file).replace("## Install", "## Install\n\nA sentence added while serving.")).unwrap();
    assert!(events.wait_for("reload", WAIT).is_some(), "no reload event:\n{}", srv.log.lock().unwrap());
    let served = get(&srv.addr, SETUP).text();
    assert!(served.contains("A sentence added while serving."));

    // The site in memory equals a fresh build of the same files.
    let out = site.path().join("fresh");
    assert_ok(&build(site.path(), &out, &["--base-url", &format!("http://{}", srv.addr), "--no-asset-hashes"]));
    assert_eq!(without_injection(&served), read(out.join("en-us/guide/setup/index.html")));
    assert_eq!(without_injection(&get(&srv.addr, HOME).text()), read(out.join("en-us/index.html")));
    // The search index follows the edit a moment after the reload.
    let search =
        tree(&out.join("en-us/_search")).into_iter().map(|(rel, bytes)| (format!("/en-us/_search/{rel}"), bytes));
    wait_until_served(&srv.addr, &search.collect());
}

#[test]
fn a_save_by_rename_is_seen_too() {
    let site = site_copy("links-ok");
    let srv = start(site.path(), &[]);
    let mut events = Events::open(&srv.addr);
    let file = page(&site, "en-us/guide/setup.md");
    let tmp = file.with_file_name(".setup.md.tmp~");
    std::fs::write(&tmp, read(&file).replace("## Install", "## Install\n\nSaved by rename.")).unwrap();
    std::fs::rename(&tmp, &file).unwrap();
    assert!(events.wait_for("reload", WAIT).is_some(), "no reload:\n{}", srv.log.lock().unwrap());
    assert!(get(&srv.addr, SETUP).text().contains("Saved by rename."));
}

#[test]
fn a_bad_edit_shows_the_error_over_the_last_good_page_until_fixed() {
    let site = site_copy("links-ok");
    let srv = start(site.path(), &[]);
    let mut events = Events::open(&srv.addr);
    let file = page(&site, "en-us/guide/setup.md");
    let good = read(&file);
    // A broken link whose text could end a script element and open an HTML one.
    let bad = good.replace("## Install", "## Install\n\nSee <a href=\"gone</script><b>bold.md\">this</a>.");
    std::fs::write(&file, &bad).unwrap();
    let line = bad.lines().position(|l| l.contains("gone<")).unwrap() + 1;
    let report = events.wait_for("error-report", WAIT).expect("an error event");
    assert!(report.contains(&format!("content/en-us/guide/setup.md:{line}:")), "{report}");
    assert!(report.contains("gone</script><b>bold.md"), "the message quotes the link: {report}");
    let served = get(&srv.addr, SETUP).text();
    assert!(served.contains("<h2 id=\"install\">Install</h2>"), "the last good page is still served");
    assert!(served.contains("id=\"guidebook-initial-error\""), "with the error to show over it");
    assert!(
        served.contains("gone<\\/script><b>bold.md"),
        "the quoted `</script>` cannot end the data's script element"
    );
    assert!(!served.contains("gone</script>"), "no raw `</script>` from the author's text in the page");

    std::fs::write(&file, good.replace("## Install", "## Install\n\nFixed.")).unwrap();
    assert!(events.wait_for("reload", WAIT).is_some());
    let served = get(&srv.addr, SETUP).text();
    assert!(served.contains("Fixed.") && !served.contains("guidebook-initial-error\">"), "the error is gone");
}

#[test]
fn a_deleted_page_is_gone_and_a_new_one_appears() {
    let site = site_copy("links-ok");
    let srv = start(site.path(), &[]);
    let mut events = Events::open(&srv.addr);
    std::fs::write(page(&site, "en-us/guide/new.md"), "# Brand new\n\nHello.\n").unwrap();
    assert!(events.wait_for("reload", WAIT).is_some());
    assert!(get(&srv.addr, "/en-us/guide/new/").text().contains("Brand new"));
    std::fs::remove_file(page(&site, "en-us/guide/new.md")).unwrap();
    assert!(events.wait_for("reload", WAIT).is_some());
    assert_eq!(get(&srv.addr, "/en-us/guide/new/").status, 404);
}

#[test]
fn template_and_style_edits() {
    let site = site_copy("links-ok");
    let srv = start(site.path(), &[]);
    let mut events = Events::open(&srv.addr);
    let templates = site.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("404.html"),
        "{% extends \"base.html\" %}{% block content %}<p id=\"custom-404\">gone</p>{% endblock content %}",
    )
    .unwrap();
    assert!(events.wait_for("reload", WAIT).is_some());
    // A new templates/ folder is watched from now on.
    std::fs::write(
        templates.join("404.html"),
        "{% extends \"base.html\" %}{% block content %}<p id=\"custom-404\">gone again</p>{% endblock content %}",
    )
    .unwrap();
    assert!(events.wait_for("reload", WAIT).is_some());
    assert!(get(&srv.addr, "/en-us/nothing/").text().contains("gone again"));

    let statics = site.path().join("static");
    std::fs::create_dir_all(&statics).unwrap();
    std::fs::write(statics.join("style.css"), "body { color: red; }\n").unwrap();
    events.wait_for("reload", WAIT); // the new folder: a full rebuild
    std::fs::write(statics.join("style.css"), "body { color: blue; }\n").unwrap();
    assert!(
        events.wait_for("css", WAIT).is_some(),
        "a stylesheet edit swaps styles without a reload:\n{}",
        srv.log.lock().unwrap()
    );
    assert_eq!(get(&srv.addr, "/style.css").text(), "body { color: blue; }\n");
}

#[test]
fn no_path_leads_outside_the_site() {
    let site = site_copy("links-ok");
    let secret = "TOP-SECRET-OUTSIDE-THE-SITE";
    std::fs::write(site.path().join("secret.txt"), secret).unwrap();
    std::fs::write(site.path().join("content/en-us/secret.txt.md"), "# Not secret\n").unwrap();
    let srv = start(site.path(), &[]);
    for target in [
        "/../secret.txt",
        "/en-us/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/en-us/..%5c..%5csecret.txt",
        "/secret.txt%00.html",
        "/..\\secret.txt",
        "//secret.txt",
        "/./secret.txt",
        "/content/en-us/index.md",
        "/site.toml",
    ] {
        let r = get(&srv.addr, target);
        assert!(!r.text().contains(secret), "{target} leaked a file");
        assert!(r.status == 400 || r.status == 404, "{target}: {}", r.status);
    }
}

#[test]
fn fifty_clients_and_ten_event_streams_are_all_answered() {
    let site = site_copy("links-ok");
    let srv = start(site.path(), &[]);
    let streams: Vec<Events> = (0..10).map(|_| Events::open(&srv.addr)).collect();
    let addr = srv.addr.clone();
    let handles: Vec<_> = (0..50)
        .map(|i| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let target = [HOME, SETUP, "/style.css", "/ko-kr/"][i % 4];
                get(&addr, target).status
            })
        })
        .collect();
    let statuses: Vec<u16> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    drop(streams);
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = site_copy("links-ok");
    let out = guidebook(&["serve", "--root", site.path().to_str().unwrap(), "--port", &port]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("cannot listen on 127.0.0.1:{port}")) && stderr.contains("--port 0"), "{stderr}");
}

#[test]
fn a_strings_edit_re_renders_its_locale() {
    let site = site_copy("links-ok");
    let ftl = site.path().join("locales/ko-kr/site.ftl");
    std::fs::create_dir_all(ftl.parent().unwrap()).unwrap();
    std::fs::write(&ftl, "skip-to-content = 본문 바로 가기\n").unwrap();
    let srv = start(site.path(), &[]);
    assert!(get(&srv.addr, "/ko-kr/").text().contains("본문 바로 가기"));
    let mut events = Events::open(&srv.addr);
    std::fs::write(&ftl, "skip-to-content = 본문으로 바로 이동\n").unwrap();
    assert!(events.wait_for("reload", WAIT).is_some(), "{}", srv.log.lock().unwrap());
    assert!(get(&srv.addr, "/ko-kr/").text().contains("본문으로 바로 이동"));
    assert!(get(&srv.addr, HOME).text().contains("Skip to main content"), "English is untouched");
    let log = srv.log_with("(ko-kr strings changed)", WAIT);
    assert!(log.contains("(ko-kr strings changed)"), "only Korean was re-rendered: {log}");
}

#[test]
fn stalled_clients_do_not_block_others() {
    use std::io::Write;
    let site = site_copy("links-ok");
    let srv = start(site.path(), &[]);
    // Twenty clients that send half a request and then nothing, and ten idle event streams.
    let stalled: Vec<std::net::TcpStream> = (0..20)
        .map(|_| {
            let mut s = std::net::TcpStream::connect(&srv.addr).unwrap();
            s.write_all(b"GET /en-us/ HTTP/1.1\r\nHost: localhost\r\n").unwrap();
            s
        })
        .collect();
    // No pause: connections arriving together once met a race in tiny_http's pool (fixed in
    // vendor/tiny_http, see PATCHED.md there).
    let streams: Vec<Events> = (0..10).map(|_| Events::open(&srv.addr)).collect();
    let started = std::time::Instant::now();
    for _ in 0..20 {
        assert_eq!(get(&srv.addr, SETUP).status, 200);
    }
    assert!(started.elapsed() < Duration::from_secs(5), "requests waited behind stalled clients");
    drop((stalled, streams));
}

#[test]
fn a_burst_of_changes_ends_in_one_consistent_site() {
    let site = site_copy("links-ok");
    let srv = start(site.path(), &[]);
    let mut events = Events::open(&srv.addr);
    // Like a `git checkout`: many files at once, a page added, one removed, one edited.
    for i in 0..30 {
        std::fs::write(page(&site, &format!("en-us/guide/extra-{i}.md")), format!("# Extra {i}\n")).unwrap();
    }
    std::fs::remove_file(page(&site, "en-us/guide/extra-0.md")).unwrap();
    let setup = page(&site, "en-us/guide/setup.md");
    std::fs::write(&setup, read(&setup).replace("## Install", "## Install\n\nAfter the checkout.")).unwrap();
    events.wait_for("reload", WAIT).expect("a reload");
    // Let any later burst finish, then compare with a fresh build.
    while events.wait_for("reload", Duration::from_millis(700)).is_some() {}
    let out = site.path().join("fresh");
    assert_ok(&build(site.path(), &out, &["--base-url", &format!("http://{}", srv.addr), "--no-asset-hashes"]));
    // The search index catches up just after the reload.
    let fresh = tree(&out);
    let search =
        fresh.iter().filter(|(rel, _)| rel.contains("/_search/")).map(|(rel, b)| (format!("/{rel}"), b.clone()));
    wait_until_served(&srv.addr, &search.collect());
    for (rel, bytes) in fresh {
        if rel.ends_with(".html") {
            let served = get(&srv.addr, &format!("/{}", rel.trim_end_matches("index.html")));
            assert_eq!(served.status, 200, "{rel}");
            assert_eq!(
                without_injection(&served.text()),
                String::from_utf8(bytes).unwrap(),
                "{rel} differs from a fresh build"
            );
        }
    }
    assert_eq!(get(&srv.addr, "/en-us/guide/extra-29/").status, 200);
    assert_eq!(get(&srv.addr, "/en-us/guide/extra-0/").status, 404);
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let site = site_copy("links-ok");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_guidebook"))
        .args(["serve", "--root", site.path().to_str().unwrap(), "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();
    assert!(line.contains("serving"));
    // SAFETY: sends SIGINT to a child process this test started and still owns.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "Ctrl-C ends the server with success");
}

#[test]
fn unusual_request_paths_are_answered_and_the_server_lives_on() {
    use std::io::{Read, Write};
    let site = site_copy("links-ok");
    std::fs::create_dir_all(page(&site, "en-us/가이드")).unwrap();
    std::fs::write(page(&site, "en-us/가이드/index.md"), "# 가이드\n").unwrap();
    let srv = start(site.path(), &[]);
    // A Korean folder asked for without its slash, percent-encoded as browsers send it.
    let moved = get(&srv.addr, "/en-us/%EA%B0%80%EC%9D%B4%EB%93%9C");
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("location"), Some("/en-us/%EA%B0%80%EC%9D%B4%EB%93%9C/"));
    assert_eq!(get(&srv.addr, "/en-us/%EA%B0%80%EC%9D%B4%EB%93%9C/").status, 200);
    // Raw UTF-8 bytes in the request line: refused or closed, never a crash.
    for _ in 0..20 {
        let mut s = std::net::TcpStream::connect(&srv.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        s.write_all("GET /en-us/가이드 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".as_bytes()).unwrap();
        let mut reply = Vec::new();
        let _ = s.read_to_end(&mut reply);
        assert!(reply.is_empty() || reply.starts_with(b"HTTP/1.1 4"), "{}", String::from_utf8_lossy(&reply));
    }
    assert_eq!(get(&srv.addr, SETUP).status, 200, "still answering");
}
