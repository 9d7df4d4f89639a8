//! Answers requests from the in-memory site: GET and HEAD only, content types with charset,
//! ETag/304, folder URLs without a slash redirected, a themed 404 per locale, the live-reload
//! script and any build error injected into HTML, text gzipped when the client takes it
//! (compress.rs), and the event stream at `/__livereload`.

use super::compress;
use super::events::{Broadcaster, Event};
use super::files::{File, Snapshot};
use super::paths::{lookup, Lookup};
use std::borrow::Cow;
use std::io::Cursor;
use std::sync::{Arc, RwLock};
use tiny_http::{Header, Method, Request, Response, StatusCode};

/// What request handlers share: the current site and the event streams.
pub struct Shared {
    /// The site being served; replaced whole by each rebuild.
    pub snapshot: RwLock<Arc<Snapshot>>,
    /// Live-reload streams.
    pub events: Arc<Broadcaster>,
    /// The Host names answered.
    pub hosts: super::host::Hosts,
}

impl Shared {
    /// The current site (a cheap handle: requests never wait for a rebuild).
    pub fn current(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Puts a new site in place.
    pub fn publish(&self, snapshot: Snapshot) {
        let mut current = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
        let old = std::mem::replace(&mut *current, Arc::new(snapshot));
        drop(current);
        // Freeing the old site's map (tens of thousands of entries) is done outside the lock
        // that every request takes.
        drop(old);
    }
}

const LIVERELOAD_JS: &str = include_str!("livereload.js");
/// Request targets longer than this are refused (414).
const MAX_TARGET: usize = 4096;

/// A response header. Values can carry the request's path, which a client may send as raw
/// UTF-8: anything but printable ASCII is percent-encoded, so building a header never fails.
fn header(name: &str, value: &str) -> Header {
    let mut safe = String::with_capacity(value.len());
    for b in value.bytes() {
        if (0x20..0x7f).contains(&b) {
            safe.push(b as char);
        } else {
            safe.push_str(&format!("%{b:02X}"));
        }
    }
    Header::from_bytes(name.as_bytes(), safe.as_bytes())
        .unwrap_or_else(|_| Header::from_bytes("X-Invalid", "1").expect("ASCII"))
}

/// The Content-Type for a file name: mime_guess's table, with `; charset=utf-8` on text
/// (guidebook writes UTF-8 only, so browsers need not guess) and `application/octet-stream`
/// for what it does not know.
pub fn content_type(key: &str) -> Cow<'static, str> {
    let ext = key.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let mime = match ext.as_str() {
        // Where mime_guess's first guess is not what serve has always sent. Markdown shown as
        // text (browsers download text/markdown); the registered types of RFC 9239 (JavaScript
        // modules), RFC 8081 (WOFF) and RFC 7303 (XML, which prefers application/xml).
        "md" => "text/plain",
        "mjs" => "text/javascript",
        "woff" => "font/woff",
        "xml" => "application/xml",
        _ => mime_guess::from_ext(&ext).first_raw().unwrap_or("application/octet-stream"),
    };
    if mime.starts_with("text/") || mime == "application/xml" {
        Cow::Owned(format!("{mime}; charset=utf-8"))
    } else {
        Cow::Borrowed(mime)
    }
}

/// A page with the live-reload script (and the current build error, if any) before `</body>`.
fn inject(html: &[u8], error: Option<&str>) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let at = text.rfind("</body>").unwrap_or(text.len());
    let mut extra = String::new();
    if let Some(e) = error {
        // JSON in a script element: `</` must not end the element early.
        let json = serde_json::to_string(e).unwrap_or_default().replace("</", "<\\/");
        extra.push_str(&format!("<script type=\"application/json\" id=\"guidebook-initial-error\">{json}</script>\n"));
    }
    extra.push_str(&format!("<script>{LIVERELOAD_JS}</script>\n"));
    let mut out = String::with_capacity(text.len() + extra.len());
    out.push_str(&text[..at]);
    out.push_str(&extra);
    out.push_str(&text[at..]);
    out.into_bytes()
}

/// A response body: made for this request (a page with the script injected), or a file of
/// the site shared with the snapshot, not copied.
enum Body {
    Made(Vec<u8>),
    Shared(Arc<File>),
    /// A file of the site in its gzip form (compressed once, kept with the file).
    SharedGzip(Arc<File>),
}

impl AsRef<[u8]> for Body {
    fn as_ref(&self) -> &[u8] {
        match self {
            Body::Made(bytes) => bytes,
            Body::Shared(file) => &file.bytes,
            Body::SharedGzip(file) => file.gzipped(),
        }
    }
}

type Reply = Response<Cursor<Body>>;

fn reply(status: u16, body: Body) -> Reply {
    let len = body.as_ref().len();
    Response::new(StatusCode(status), Vec::new(), Cursor::new(body), Some(len), None)
}

/// Bodies larger than this are sent from a thread of their own: a client that reads slowly
/// holds that thread (each write waits up to `ServerLimits::io_timeout`), not a request worker.
const OWN_THREAD_ABOVE: usize = 64 * 1024;

fn send(req: Request, resp: Reply) {
    let large = *req.method() != Method::Head && resp.data_length().unwrap_or(0) > OWN_THREAD_ABOVE;
    // A client that went away is not the server's problem.
    if !large {
        let _ = req.respond(resp);
        return;
    }
    let slot = Arc::new(std::sync::Mutex::new(Some((req, resp))));
    let theirs = Arc::clone(&slot);
    let spawned = std::thread::Builder::new().name("guidebook-send".into()).spawn(move || {
        if let Some((req, resp)) = theirs.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = req.respond(resp);
        }
    });
    // No thread to be had: this worker sends it.
    if spawned.is_err() {
        if let Some((req, resp)) = slot.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = req.respond(resp);
        }
    }
}

fn plain(status: u16, text: &str) -> Reply {
    reply(status, Body::Made(text.as_bytes().to_vec())).with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

/// The 404 page of the locale the path is in, else the site's.
fn not_found_page<'a>(site: &'a Snapshot, key: &str) -> Option<&'a Arc<File>> {
    let first = key.split('/').next().unwrap_or("");
    site.files.get(format!("{first}/404.html").as_str()).or_else(|| site.files.get("404.html"))
}

/// Answers one request. Event streams are handed to a thread of their own.
pub fn handle(req: Request, shared: &Arc<Shared>) {
    if !matches!(req.method(), Method::Get | Method::Head) {
        let resp = plain(405, "only GET and HEAD are answered\n").with_header(header("Allow", "GET, HEAD"));
        return send(req, resp);
    }
    // Every Host field counts: a second one must not slip past a check of the first.
    let mut hosts = req.headers().iter().filter(|h| h.field.equiv("Host")).map(|h| h.value.as_str()).peekable();
    let allowed =
        if hosts.peek().is_none() { shared.hosts.allows(None) } else { hosts.all(|h| shared.hosts.allows(Some(h))) };
    if !allowed {
        let text = "this Host is not answered: guidebook serve answers localhost, 127.0.0.1, [::1] and the \
                    --bind address only (a guard against DNS rebinding); start it with --bind NAME to be \
                    reached by another name\n";
        return send(req, plain(403, text));
    }
    if req.url().len() > MAX_TARGET {
        return send(req, plain(414, "request target too long\n"));
    }
    let target = req.url().to_string();
    if target.split('?').next() == Some("/__livereload") {
        return open_stream(req, shared);
    }
    let site = shared.current();
    if let (true, Some(errors)) = (site.files.is_empty(), site.error.as_deref()) {
        // Never built: every URL shows the errors, with the script that reloads after the fix.
        let body = super::unbuilt::page(errors, site.build_id, LIVERELOAD_JS);
        let resp = reply(503, Body::Made(body))
            .with_header(header("Content-Type", "text/html; charset=utf-8"))
            .with_header(header("Cache-Control", "no-store"));
        return send(req, resp);
    }
    let key = match lookup(&target) {
        Lookup::File(k) => k,
        Lookup::Refused => return send(req, plain(400, "bad path\n")),
    };
    let Some(file) = site.files.get(key.as_str()) else {
        // `/en-us/guide` → `/en-us/guide/` when that folder has a page.
        let (path, query) = target.split_once('?').map_or((target.as_str(), None), |(p, q)| (p, Some(q)));
        if !path.ends_with('/') && site.files.contains_key(format!("{key}/index.html").as_str()) {
            // One leading slash only: `//en-us/` would send the browser to the host `en-us`.
            let mut location = format!("/{}/", path.trim_start_matches('/'));
            if let Some(q) = query {
                location = format!("{location}?{q}");
            }
            let resp = plain(301, "moved\n").with_header(header("Location", &location));
            return send(req, resp);
        }
        let body = not_found_page(&site, &key)
            .map(|f| inject(&f.bytes, site.error.as_deref()))
            .unwrap_or_else(|| b"not found\n".to_vec());
        let ctype = "text/html; charset=utf-8";
        let (body, gzip) = match compress::worth(&key, ctype, body.len()) && wants_gzip(&req) {
            true => (compress::gzip(&body), true),
            false => (body, false),
        };
        let resp = encoded(reply(404, Body::Made(body)), ctype, gzip).with_header(header("Content-Type", ctype));
        return send(req, resp);
    };
    let ctype = content_type(&key);
    let ctype: &str = &ctype;
    let is_html = ctype.starts_with("text/html");
    // Pages differ with the error state, so their validator includes it.
    let etag = if is_html && site.error.is_some() { format!("\"err-{}\"", site.build_id) } else { file.etag.clone() };
    // The gzip form is another representation, with its own validator.
    let gzip = compress::worth(&key, ctype, file.bytes.len()) && wants_gzip(&req);
    let etag = if gzip { compress::gzip_etag(&etag) } else { etag };
    let fresh = req.headers().iter().any(|h| h.field.equiv("If-None-Match") && h.value.as_str() == etag);
    let common = |r: Reply, gzip: bool| {
        encoded(r, ctype, gzip)
            .with_header(header("ETag", &etag))
            .with_header(header("Cache-Control", "no-cache"))
            .with_header(header("Content-Type", ctype))
    };
    if fresh {
        return send(req, common(reply(304, Body::Made(Vec::new())), false));
    }
    let body = match (is_html, gzip) {
        (true, false) => Body::Made(inject(&file.bytes, site.error.as_deref())),
        // A page carries the live-reload script, so it is compressed per request.
        (true, true) => Body::Made(compress::gzip(&inject(&file.bytes, site.error.as_deref()))),
        (false, false) => Body::Shared(Arc::clone(file)),
        (false, true) => Body::SharedGzip(Arc::clone(file)),
    };
    send(req, common(reply(200, body), gzip));
}

/// True when the request's Accept-Encoding takes gzip.
fn wants_gzip(req: &Request) -> bool {
    req.headers().iter().any(|h| h.field.equiv("Accept-Encoding") && compress::accepts_gzip(h.value.as_str()))
}

/// `Vary` on every response whose type could be compressed (caches must key on the request's
/// Accept-Encoding), and `Content-Encoding` on those that are.
fn encoded(resp: Reply, ctype: &str, gzip: bool) -> Reply {
    let resp =
        if compress::compressible(ctype) || gzip { resp.with_header(header("Vary", "Accept-Encoding")) } else { resp };
    if gzip {
        resp.with_header(header("Content-Encoding", "gzip"))
    } else {
        resp
    }
}

fn open_stream(req: Request, shared: &Arc<Shared>) {
    let site = shared.current();
    let mut first = Event::Hello(site.build_id).to_wire();
    if let Some(e) = &site.error {
        first.push_str(&Event::Errors(e.clone()).to_wire());
    }
    let Some(stream) = shared.events.open(first) else {
        // The live-reload script connects again a second later, as Retry-After says.
        let resp = plain(503, "too many live-reload connections; try again in a second\n")
            .with_header(header("Retry-After", "1"));
        return send(req, resp);
    };
    // tiny_http buffers response bodies in 8 KiB chunks, which would hold events back: the
    // stream writes its own response on the raw connection and flushes every event. It lives
    // as long as the browser tab, so it gets a thread of its own, not a request worker.
    let out = req.into_writer();
    std::thread::spawn(move || stream.run(out));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_closing_body_tag() {
        let page = inject(b"<html><body><p>x</p></body></html>", Some("a </script> b"));
        let page = String::from_utf8(page).unwrap();
        assert!(page.ends_with("</script>\n</body></html>"));
        assert!(page.contains("\"a <\\/script> b\""), "{page}");
    }

    #[test]
    fn content_types_are_those_serve_always_sent() {
        // The hand-written table mime_guess replaced, name for name (upper case too).
        let before = [
            ("a.html", "text/html; charset=utf-8"),
            ("a.HTM", "text/html; charset=utf-8"),
            ("a.css", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.mjs", "text/javascript; charset=utf-8"),
            ("a.json", "application/json"),
            ("a.xml", "application/xml; charset=utf-8"),
            ("a.txt", "text/plain; charset=utf-8"),
            ("a.md", "text/plain; charset=utf-8"),
            ("a.svg", "image/svg+xml"),
            ("a.png", "image/png"),
            ("a.jpg", "image/jpeg"),
            ("a.jpeg", "image/jpeg"),
            ("a.gif", "image/gif"),
            ("a.webp", "image/webp"),
            ("a.avif", "image/avif"),
            ("a.ico", "image/x-icon"),
            ("a.pdf", "application/pdf"),
            ("a.woff2", "font/woff2"),
            ("a.woff", "font/woff"),
            ("_search/p3.bin", "application/octet-stream"),
            ("no-extension", "application/octet-stream"),
            ("a.unknown-ext", "application/octet-stream"),
        ];
        for (name, want) in before {
            assert_eq!(content_type(name), want, "{name}");
        }
    }
}
