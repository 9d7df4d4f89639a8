//! `guidebook serve` compresses text with gzip for clients that take it, on a real server on an
//! ephemeral port: the search index's JSON, scripts, styles and pages (with the live-reload
//! script still in them), each with `Vary: Accept-Encoding` and an ETag of its own; small files
//! and clients that do not ask get the bytes as they are.

mod common;
#[path = "common/server.rs"]
mod server;
use flate2::read::GzDecoder;
use server::{get, request, start};
use std::io::Read;

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    GzDecoder::new(bytes).read_to_end(&mut out).expect("a valid gzip body");
    out
}

const GZIP: (&str, &str) = ("Accept-Encoding", "gzip, deflate, br");

#[test]
fn text_is_gzipped_for_clients_that_accept_it() {
    let site = common::example_site_copy();
    let srv = start(site.path(), &[]);
    for target in ["/en-us/_search/d0.json", "/en-us/_search/manifest.json", "/search.js", "/style.css"] {
        let plain = get(&srv.addr, target);
        assert_eq!(plain.status, 200, "{target}");
        assert_eq!(plain.header("content-encoding"), None, "{target}: not asked for gzip");
        assert_eq!(plain.header("vary"), Some("Accept-Encoding"), "{target}");
        if plain.body.len() < 1024 {
            continue; // too small to be worth it
        }
        let packed = request(&srv.addr, "GET", target, &[GZIP]);
        assert_eq!(packed.header("content-encoding"), Some("gzip"), "{target}");
        assert_eq!(packed.header("vary"), Some("Accept-Encoding"), "{target}");
        assert!(packed.body.len() < plain.body.len(), "{target}: {} of {}", packed.body.len(), plain.body.len());
        assert_eq!(gunzip(&packed.body), plain.body, "{target}: the same bytes once unpacked");
        // Another representation, another validator; each answers its own If-None-Match.
        let (etag, gz_etag) = (plain.header("etag").unwrap(), packed.header("etag").unwrap());
        assert_ne!(etag, gz_etag);
        let again = request(&srv.addr, "GET", target, &[GZIP, ("If-None-Match", gz_etag)]);
        assert_eq!(again.status, 304, "{target}");
        assert_eq!(request(&srv.addr, "GET", target, &[GZIP, ("If-None-Match", etag)]).status, 200, "{target}");
    }
    // The search's JSON: the reason for all this.
    let chunk = request(&srv.addr, "GET", "/en-us/_search/d0.json", &[GZIP]);
    let unpacked = gunzip(&chunk.body);
    assert!(
        chunk.body.len() * 2 < unpacked.len(),
        "JSON shrinks at least by half: {} of {}",
        chunk.body.len(),
        unpacked.len()
    );
    serde_json::from_slice::<serde_json::Value>(&unpacked).expect("the JSON parses once unpacked");
}

#[test]
fn pages_keep_the_live_reload_script_and_refusals_are_honoured() {
    let site = common::example_site_copy();
    let srv = start(site.path(), &[]);
    let page = request(&srv.addr, "GET", "/en-us/", &[GZIP]);
    assert_eq!((page.status, page.header("content-encoding")), (200, Some("gzip")));
    let html = String::from_utf8(gunzip(&page.body)).unwrap();
    assert!(html.contains("new EventSource(\"/__livereload\")"), "the live-reload script is in the page");
    let missing = request(&srv.addr, "GET", "/en-us/no-such-page/", &[GZIP]);
    assert_eq!((missing.status, missing.header("content-encoding")), (404, Some("gzip")));
    assert!(String::from_utf8(gunzip(&missing.body)).unwrap().contains("lang=\"en-us\""));
    // gzip refused, by weight or by name.
    for refusal in ["gzip;q=0, br", "identity", "br;q=1, *;q=0"] {
        let r = request(&srv.addr, "GET", "/search.js", &[("Accept-Encoding", refusal)]);
        assert_eq!(r.header("content-encoding"), None, "{refusal}");
    }
    // A HEAD says what a GET would send, without the body.
    let head = request(&srv.addr, "HEAD", "/search.js", &[GZIP]);
    assert_eq!((head.status, head.header("content-encoding"), head.body.len()), (200, Some("gzip"), 0));
    // A body under 1 KiB goes as it is.
    let icon = request(&srv.addr, "GET", "/favicon.svg", &[GZIP]);
    assert_eq!((icon.status, icon.header("content-encoding")), (200, None));
}
