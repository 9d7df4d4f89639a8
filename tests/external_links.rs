//! `check --external` asks each external link once, over real HTTP, and warns about those that
//! fail. The "internet" here is a tiny_http server on an ephemeral loopback port.

mod common;
use common::*;
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Serves /ok (200), /gone (404) and /no-head (405 for HEAD, 200 for GET) until dropped.
fn serve(requests: Arc<AtomicUsize>) -> (u16, std::thread::JoinHandle<()>, Arc<tiny_http::Server>) {
    let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
    let port = server.server_addr().to_ip().unwrap().port();
    let s = Arc::clone(&server);
    let handle = std::thread::spawn(move || {
        for req in s.incoming_requests() {
            requests.fetch_add(1, Ordering::SeqCst);
            let code = match (req.method(), req.url()) {
                (_, "/ok") => 200,
                (tiny_http::Method::Head, "/no-head") => 405,
                (_, "/no-head") => 200,
                _ => 404,
            };
            let _ = req.respond(tiny_http::Response::empty(code));
        }
    });
    (port, handle, server)
}

/// A port with nothing listening on it.
fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

#[test]
fn failing_external_links_are_warnings_at_their_first_use() {
    let requests = Arc::new(AtomicUsize::new(0));
    let (port, handle, server) = serve(Arc::clone(&requests));
    let dead = closed_port();
    let site = tempfile::tempdir().unwrap();
    let page = site.path().join("content/en/index.md");
    std::fs::create_dir_all(page.parent().unwrap()).unwrap();
    let base = format!("http://127.0.0.1:{port}");
    std::fs::write(
        &page,
        format!("# Links\n\n[ok]({base}/ok) [ok again]({base}/ok#part)\n[gone]({base}/gone)\n[no head]({base}/no-head)\n[dead](http://127.0.0.1:{dead}/x)\n[mail](mailto:someone@example.com)\n"),
    )
    .unwrap();

    // Without --external nothing is asked.
    assert_ok(&guidebook(&["check", "--root", site.path().to_str().unwrap()]));
    assert_eq!(requests.load(Ordering::SeqCst), 0);

    let result = guidebook(&["check", "--root", site.path().to_str().unwrap(), "--external"]);
    assert_ok(&result); // warnings only
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains(&format!("content/en/index.md:4:1: warning: external link `{base}/gone` answered HTTP 404")),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("external link `http://127.0.0.1:{dead}/x` could not be reached")), "{stderr}");
    assert!(!stderr.contains("/ok`") && !stderr.contains("/no-head`"), "{stderr}");
    // /ok once (HEAD; the #part link is the same URL), /gone HEAD, /no-head HEAD then GET.
    assert_eq!(requests.load(Ordering::SeqCst), 4);
    server.unblock();
    handle.join().unwrap();
}
