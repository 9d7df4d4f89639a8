//! The repository's own example site, built with the real binary and served over HTTP, works in
//! a real browser (headless Chromium): the Korean page renders in Korean with the theme's CSS,
//! its translation notice shows, the page logs no errors, the language switcher leads to the
//! English page, and neither page scrolls sideways on a 360 px wide phone screen.
//!
//! Skipped, loudly, where Chromium is not installed; CI sets GUIDEBOOK_REQUIRE_BROWSER=1.

#[path = "common/browser.rs"]
mod browser;
mod common;

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;
use tiny_http::{Header, Response};

const KO_PAGE: &str = "ko-kr/marketplace/cloud-partner-portal/portal-manage/cpp-portal-management/";
const EN_PAGE: &str = "en-us/marketplace/cloud-partner-portal/portal-manage/cpp-portal-management/";

#[test]
fn korean_page_renders_switches_to_english_and_fits_a_phone() {
    let Some(browser) = browser::launch("browser_smoke::korean_page_renders_switches_to_english_and_fits_a_phone")
    else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    // The server starts first because the site's base URL needs its port; it serves whatever
    // is in `out` at request time.
    let server = StaticServer::start(out.clone());
    let base = format!("http://127.0.0.1:{}/", server.port);
    common::assert_ok(&common::build(&common::repo_root(), &out, &["--base-url", &base]));

    let ko_url = format!("{base}{KO_PAGE}");
    let mut tab = browser.open(&ko_url);
    assert_eq!(tab.eval("document.documentElement.lang"), "ko-kr");
    assert_eq!(tab.eval("document.querySelector('h1').textContent.trim()"), "클라우드 파트너 포털 관리");
    let notice_size = tab.eval(
        r#"(() => {
            const notice = document.querySelector('[data-block="translation-notice"]');
            if (!notice || getComputedStyle(notice).visibility === 'hidden') return null;
            const box = notice.getBoundingClientRect();
            return [box.width, box.height];
        })()"#,
    );
    let visible = notice_size.as_array().is_some_and(|size| size.iter().all(|v| v.as_f64().unwrap_or(0.0) > 0.0));
    assert!(visible, "the translation notice is not visible (its size: {notice_size})");
    // The browser's default font is whatever an unstyled document gets: an empty iframe shows it.
    let fonts = tab.eval(
        r#"(() => {
            const frame = document.createElement('iframe');
            document.body.appendChild(frame);
            const fallback = getComputedStyle(frame.contentDocument.body).fontFamily;
            frame.remove();
            return [getComputedStyle(document.body).fontFamily, fallback];
        })()"#,
    );
    let (body_font, default_font) = (fonts[0].as_str().unwrap_or(""), fonts[1].as_str().unwrap_or(""));
    assert!(
        !body_font.is_empty() && body_font != default_font,
        "body uses the browser's default font ({body_font:?}): the theme's CSS did not load"
    );
    assert_eq!(page_errors(&mut tab), Vec::<String>::new(), "console errors on {ko_url}");

    // The language switcher's English link leads to the same page in English.
    tab.eval(r#"document.querySelector('[data-block="language-switcher"] a[hreflang="en-us"]').click()"#);
    let en_url = format!("{base}{EN_PAGE}");
    let on_english_page = format!(
        "location.href === {} && document.documentElement.lang === 'en-us' && document.readyState === 'complete'",
        serde_json::to_string(&en_url).unwrap()
    );
    if !tab.wait_for(&on_english_page, Duration::from_secs(15)) {
        panic!("the English link did not lead to {en_url}; the tab is at {}", tab.eval("location.href"));
    }

    // A phone: no page may be wider than the screen.
    tab.set_viewport(360, 740);
    for url in [&en_url, &ko_url] {
        if tab.eval("location.href") != url.as_str() {
            tab.goto(url);
        }
        // scrollWidth is the width of the laid-out content; clientWidth is the viewport less any
        // vertical scrollbar, so content a few pixels wider than the latter still scrolls.
        let widths = tab.eval("[document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        let (scroll, client) = (widths[0].as_u64().unwrap_or(u64::MAX), widths[1].as_u64().unwrap_or(0));
        assert!(
            scroll <= 360 && scroll <= client,
            "{url} scrolls sideways at 360 px: scrollWidth {scroll}, clientWidth {client}"
        );
    }
    // The screenshot API works (and the picture helps when this test is debugged).
    let shot = tmp.path().join("ko-360.png");
    tab.screenshot(&shot);
    assert!(std::fs::read(&shot).unwrap().starts_with(b"\x89PNG\r\n\x1a\n"), "the screenshot is not a PNG");
    assert_eq!(page_errors(&mut tab), Vec::<String>::new(), "console errors");
}

/// The tab's console errors, less the 404 of `/favicon.ico`: Chromium asks for that by itself
/// when a page names no icon, and whether its error arrives before a check is down to timing.
fn page_errors(tab: &mut browser::Tab) -> Vec<String> {
    tab.console_errors().into_iter().filter(|e| !e.contains("/favicon.ico")).collect()
}

/// A minimal static file server for a built site on 127.0.0.1 (a free port), stopped on drop.
struct StaticServer {
    server: Arc<tiny_http::Server>,
    port: u16,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    fn start(root: PathBuf) -> StaticServer {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1:0"));
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let requests = Arc::clone(&server);
        // tiny_http reads the connections on its own threads; answering them one at a time here
        // is plenty for one browser tab.
        let thread = std::thread::spawn(move || {
            for request in requests.incoming_requests() {
                let response = respond(&root, request.url());
                let _ = request.respond(response);
            }
        });
        StaticServer { server, port, thread: Some(thread) }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        // Ends `incoming_requests`, so the thread returns.
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The answer to a GET of `url` (path and query) from the site in `root`.
fn respond(root: &Path, url: &str) -> Response<Cursor<Vec<u8>>> {
    let raw_path = url.split(['?', '#']).next().unwrap_or_default();
    let Some(path) = percent_decode(raw_path) else { return text_response(400, "bad request") };
    // Checked after decoding, so `%2e%2e` is refused too: nothing outside `root` is served.
    if path.contains("..") || !path.starts_with('/') {
        return text_response(403, "forbidden");
    }
    let mut file = root.join(path.trim_start_matches('/'));
    if file.is_dir() {
        // As real static hosts do: a folder URL without its slash would break relative links.
        if !path.ends_with('/') {
            return text_response(301, "moved").with_header(header("Location", &format!("{raw_path}/")));
        }
        file.push("index.html");
    }
    match std::fs::read(&file) {
        Ok(bytes) => Response::from_data(bytes).with_header(header("Content-Type", content_type(&file))),
        Err(_) => text_response(404, "not found"),
    }
}

fn text_response(status: u16, text: &str) -> Response<Cursor<Vec<u8>>> {
    Response::from_data(text.as_bytes().to_vec())
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name, value).expect("a valid header")
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

/// Decodes `%XX` escapes in a URL path; None if an escape or the result is malformed.
fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).filter(|h| h.iter().all(u8::is_ascii_hexdigit))?;
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}
