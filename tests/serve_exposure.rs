//! A preview server neither freezes nor exposes more than the site: HTTP/2 and HTTP/3 request
//! lines (and the h2 preface) are answered 505 and closed, holding no socket or thread; a Host
//! that is not a loopback name or the bound address is refused (DNS rebinding); `//en-us`
//! redirects inside the site, with its query; `--bind 0.0.0.0` warns and keeps 0.0.0.0 out of
//! the pages' URLs; and errors shown to browsers carry no absolute paths. Over raw TCP, on an
//! ephemeral port.

mod common;
#[path = "common/server.rs"]
mod server;
use common::*;
use server::{exchange, get, request, start, start_with_open_files, Events};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const PAGE: &str = "/en-us/guide/setup/";

fn still_serves(addr: &str) {
    let r = get(addr, PAGE);
    assert_eq!(r.status, 200, "the server stopped answering");
}

#[test]
fn http2_and_http3_request_lines_are_answered_505_and_closed() {
    let site = site_copy("links-ok");
    let srv = start(site.path(), &[]);
    for raw in [
        "GET / HTTP/2.0\r\nHost: localhost\r\n\r\n",
        "GET / HTTP/3.0\r\nHost: localhost\r\n\r\n",
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
    ] {
        let r = exchange(&srv.addr, raw.as_bytes());
        assert_eq!((r.status, r.header("connection")), (505, Some("close")), "{raw:?}: {r:?}");
    }
    still_serves(&srv.addr);
}

#[cfg(unix)]
#[test]
fn many_http2_request_lines_hold_no_socket_and_the_server_goes_on() {
    // An odd and an even number of descriptors, so that the connection that finds none left is
    // at some point the one accepted last (it must wait, not be reset).
    for limit in [128, 129] {
        refuse_more_http2_clients_than_descriptors(limit);
    }
}

#[cfg(unix)]
fn refuse_more_http2_clients_than_descriptors(limit: u32) {
    let site = site_copy("links-ok");
    let srv = start_with_open_files(site.path(), limit);
    still_serves(&srv.addr);
    // More than the server has descriptors, each left open by the client: every one must be
    // answered and closed by the server, or the server runs out and answers no one.
    let mut held = Vec::new();
    for _ in 0..150 {
        let Ok(mut s) = TcpStream::connect(&srv.addr) else { continue };
        let _ = s.write_all(b"GET / HTTP/2.0\r\nHost: localhost\r\n\r\n");
        held.push(s);
    }
    // Rather than a fixed pause: wait (to a deadline) for what the server must do, each held
    // connection answered 505 and closed by the server, though the client keeps its end open.
    let deadline = Instant::now() + Duration::from_secs(30);
    for (n, s) in held.iter_mut().enumerate() {
        let left = deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(1));
        s.set_read_timeout(Some(left)).unwrap();
        let mut reply = Vec::new();
        let closed = s.read_to_end(&mut reply).is_ok();
        assert!(closed, "connection {n} of {} was not closed by the server within 30 s", held.len());
        assert!(reply.starts_with(b"HTTP/1.1 505"), "connection {n}: {}", String::from_utf8_lossy(&reply));
    }
    still_serves(&srv.addr);
    drop(held);
}

#[test]
fn a_host_other_than_loopback_or_the_bound_address_is_refused() {
    let site = site_copy("links-ok");
    let srv = start(site.path(), &[]);
    let port = srv.addr.rsplit(':').next().unwrap().to_string();
    for host in ["attacker.example", &format!("attacker.example:{port}"), "localhost.attacker.example"] {
        for target in [PAGE, "/__livereload"] {
            let raw = format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
            let r = exchange(&srv.addr, raw.as_bytes());
            assert_eq!(r.status, 403, "{target} with Host {host}: {}", r.text());
            assert!(r.text().contains("DNS rebinding"), "{}", r.text());
        }
        // A second Host field does not slip past a check of the first.
        let r = request(&srv.addr, "GET", PAGE, &[("Host", host)]);
        assert_eq!(r.status, 403, "two Host fields, one {host}");
    }
    for host in ["localhost", &format!("localhost:{port}"), "127.0.0.1", &srv.addr, "[::1]", &format!("[::1]:{port}")] {
        let raw = format!("GET {PAGE} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        assert_eq!(exchange(&srv.addr, raw.as_bytes()).status, 200, "{host}");
    }
}

#[test]
fn folder_redirects_stay_on_the_site_and_keep_the_query() {
    let site = site_copy("links-ok");
    let srv = start(site.path(), &[]);
    let r = get(&srv.addr, "//en-us");
    assert_eq!((r.status, r.header("location")), (301, Some("/en-us/")), "{r:?}");
    let r = get(&srv.addr, "///en-us/guide?x=1&y=2");
    assert_eq!((r.status, r.header("location")), (301, Some("/en-us/guide/?x=1&y=2")), "{r:?}");
}

#[test]
fn binding_every_interface_warns_and_keeps_0_0_0_0_out_of_urls() {
    let site = site_copy("links-ok");
    let srv = start(site.path(), &["--bind", "0.0.0.0"]);
    assert!(srv.addr.starts_with("127.0.0.1:"), "the printed URL: {}", srv.addr);
    let page = get(&srv.addr, PAGE).text();
    assert!(page.contains(&format!("http://{}/en-us/guide/setup/", srv.addr)), "{page}");
    let sitemap = get(&srv.addr, "/sitemap.xml");
    assert_eq!(sitemap.status, 200);
    for text in [page, sitemap.text()] {
        assert!(!text.contains("0.0.0.0"), "{text}");
    }
    let log = srv.log_with("warning: listening on every network interface", Duration::from_secs(10));
    assert!(log.contains("warning: listening on every network interface"), "{log}");
}

#[test]
fn errors_shown_to_browsers_name_paths_relative_to_the_site() {
    let site = site_copy("links-ok");
    std::fs::remove_dir_all(site.path().join("content")).unwrap();
    let srv = start(site.path(), &[]);
    let mut events = Events::open(&srv.addr);
    let report = events.wait_for("error-report", Duration::from_secs(10)).expect("an error report");
    let root = std::fs::canonicalize(site.path()).unwrap();
    assert!(report.contains("no content/ folder"), "{report}");
    assert!(!report.contains(root.to_str().unwrap()), "an absolute path reached the browser: {report}");
    let log = srv.log_with(root.to_str().unwrap(), Duration::from_secs(10));
    assert!(log.contains(root.to_str().unwrap()), "the terminal still names the folder: {log}");
}
