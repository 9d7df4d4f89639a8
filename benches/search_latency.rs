//! Query latency of the browser search on a built site, measured in headless Chromium.
//!
//!     cargo build --release
//!     python3 ../shared/bench/gen_corpus.py /tmp/c --pages 10000 --locales en-us,ko-kr --layout ours
//!     ./target/release/guidebook build --root /tmp/c --out /dev/shm/out
//!     GUIDEBOOK_BENCH_SITE=/dev/shm/out cargo bench --bench search_latency
//!
//! Prints, per query, the time to the first results with a cold cache (index files fetched
//! over HTTP from a local server) and with a warm one, and how many bytes were fetched.

#[path = "../tests/common/browser.rs"]
mod browser;

use std::path::PathBuf;
use std::sync::Arc;

/// Serves a folder over HTTP on a free loopback port until the process ends.
fn serve(root: PathBuf) -> u16 {
    let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind"));
    let port = server.server_addr().to_ip().expect("ip").port();
    for _ in 0..4 {
        let (server, root) = (Arc::clone(&server), root.clone());
        std::thread::spawn(move || {
            for req in server.incoming_requests() {
                let path = req.url().split('?').next().unwrap_or("/").to_string();
                let path = percent(&path);
                let mut file = root.join(path.trim_start_matches('/'));
                if path.ends_with('/') {
                    file = file.join("index.html");
                }
                let resp = match (path.contains(".."), std::fs::read(&file)) {
                    (false, Ok(bytes)) => {
                        let ctype = if path.ends_with(".json") {
                            "application/json"
                        } else if path.ends_with(".js") {
                            "text/javascript"
                        } else {
                            "text/html; charset=utf-8"
                        };
                        tiny_http::Response::from_data(bytes)
                            .with_header(tiny_http::Header::from_bytes("Content-Type", ctype).unwrap())
                    }
                    _ => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
                };
                let _ = req.respond(resp);
            }
        });
    }
    port
}

fn percent(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn main() {
    let Some(site) = std::env::var_os("GUIDEBOOK_BENCH_SITE") else {
        eprintln!("set GUIDEBOOK_BENCH_SITE to a built site (see the top of benches/search_latency.rs)");
        return;
    };
    let Some(browser) = browser::launch("search_latency") else { return };
    let port = serve(PathBuf::from(site));
    for (locale, queries) in [
        ("en-us", ["configure", "portal subscription", "secure backup policy"]),
        ("ko-kr", ["포털", "구성을", "보안 정책"]),
    ] {
        let mut tab = browser.open(&format!("http://127.0.0.1:{port}/{locale}/"));
        for q in queries {
            let js = format!(
                "(async () => {{
                   const base = '/{locale}/_search/';
                   const t0 = performance.now();
                   const r1 = await guidebookSearch.search(base, {q:?}, 10);
                   const cold = performance.now() - t0;
                   const t1 = performance.now();
                   await guidebookSearch.search(base, {q:?}, 10);
                   const warm = performance.now() - t1;
                   const bytes = performance.getEntriesByType('resource').filter(e => e.name.includes('_search')).reduce((a, e) => a + e.encodedBodySize, 0);
                   performance.clearResourceTimings();
                   return [cold, warm, r1.length, bytes];
                 }})()"
            );
            let v = tab.eval(&js);
            println!(
                "{locale} {q:?}: cold {:.0} ms, warm {:.1} ms, {} results, {:.0} KiB fetched",
                v[0].as_f64().unwrap_or(0.0),
                v[1].as_f64().unwrap_or(0.0),
                v[2],
                v[3].as_f64().unwrap_or(0.0) / 1024.0
            );
        }
    }
}
