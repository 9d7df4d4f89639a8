//! One client cannot exhaust `guidebook serve`: request lines, header fields and bodies have
//! limits (414, 431, 413, each closing the connection); a head that trickles in is cut off
//! (408); idle connections are closed; event streams are capped (503 with Retry-After); a
//! client that does not read a large file holds no request worker; running out of file
//! descriptors only delays new connections. After each, the server answers a normal request.
//! Everything goes over raw TCP, so the tests send exactly the bytes they mean. The timeout
//! tests run the server with `--client-timeout 1` (the default is 10 s): the same behaviour,
//! seen in a second.

mod common;
#[path = "common/server.rs"]
mod server;
use common::*;
use server::{exchange, get, start, start_with_open_files, Events, Reply};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const PAGE: &str = "/en-us/guide/setup/";

/// The head and idle timeout the timeout tests give the server (`--client-timeout`), in seconds.
const CLIENT_TIMEOUT: &str = "1";

/// The server answers a normal request (after whatever a test did to it).
fn still_serves(addr: &str) {
    let r = get(addr, PAGE);
    assert_eq!(r.status, 200, "the server stopped answering");
    assert!(r.text().contains("</html>"));
}

fn refused(r: &Reply, status: u16) {
    assert_eq!(r.status, status, "{r:?}");
    assert_eq!(r.header("connection"), Some("close"), "a refusal closes the connection: {r:?}");
}

#[test]
fn a_request_line_over_8_kib_is_refused_with_414() {
    let site = site_copy("links-ok");
    let srv = start(site.path(), &[]);
    let long = format!("GET /{} HTTP/1.1\r\nHost: localhost\r\n\r\n", "a".repeat(9000));
    refused(&exchange(&srv.addr, long.as_bytes()), 414);
    // A request line under the limit reaches guidebook, which answers targets over 4 KiB 414 too,
    // but keeps the connection.
    let fits = format!("GET /{} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", "a".repeat(8000));
    let r = exchange(&srv.addr, fits.as_bytes());
    assert_eq!((r.status, r.header("connection")), (414, None), "{r:?}");
    let fits = format!("GET /en-us/?{} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", "a".repeat(3000));
    assert_eq!(exchange(&srv.addr, fits.as_bytes()).status, 200);
    still_serves(&srv.addr);
}

#[test]
fn header_fields_over_32_kib_or_100_fields_are_refused_with_431() {
    let site = site_copy("links-ok");
    let srv = start(site.path(), &[]);
    let huge = format!("GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: {}\r\n\r\n", "b".repeat(40 * 1024));
    refused(&exchange(&srv.addr, huge.as_bytes()), 431);
    // Many small fields that together pass 32 KiB.
    let fields: String = (0..90).map(|i| format!("X-F{i}: {}\r\n", "c".repeat(400))).collect();
    refused(&exchange(&srv.addr, format!("GET / HTTP/1.1\r\n{fields}\r\n").as_bytes()), 431);
    let many: String = (0..101).map(|i| format!("X-F{i}: y\r\n")).collect();
    refused(&exchange(&srv.addr, format!("GET / HTTP/1.1\r\n{many}\r\n").as_bytes()), 431);
    let enough: String = (0..99).map(|i| format!("X-F{i}: y\r\n")).collect();
    let ok = exchange(&srv.addr, format!("GET {PAGE} HTTP/1.1\r\n{enough}Connection: close\r\n\r\n").as_bytes());
    assert_eq!(ok.status, 200, "100 fields are allowed");
    still_serves(&srv.addr);
}

#[test]
fn bodies_are_refused_with_413_and_the_connection_closed() {
    let site = site_copy("links-ok");
    let srv = start(site.path(), &[]);
    refused(&exchange(&srv.addr, b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello"), 413);
    refused(&exchange(&srv.addr, b"HEAD / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\n\r\nx"), 413);
    let big =
        [b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\n".as_slice(), &[b'x'; 100_000]].concat();
    refused(&exchange(&srv.addr, &big), 413);
    let chunked = b"POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
    refused(&exchange(&srv.addr, chunked), 413);
    refused(&exchange(&srv.addr, b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: lots\r\n\r\n"), 400);
    // A small body on another method is read past: the same connection goes on to the next request.
    let two = b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\n0123456789\
                GET /en-us/guide/setup/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    let mut s = TcpStream::connect(&srv.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(two).unwrap();
    let mut replies = Vec::new();
    let _ = s.read_to_end(&mut replies);
    let replies = String::from_utf8_lossy(&replies);
    assert!(replies.starts_with("HTTP/1.1 405"), "{replies}");
    assert!(replies.contains("HTTP/1.1 200 OK") && replies.contains("</html>"), "{replies}");
    still_serves(&srv.addr);
}

#[test]
fn a_head_that_trickles_in_is_cut_off_with_408() {
    let site = site_copy("links-ok");
    let srv = start(site.path(), &["--client-timeout", CLIENT_TIMEOUT]);
    let mut s = TcpStream::connect(&srv.addr).unwrap();
    s.write_all(b"GET / HTTP/1.1\r\n").unwrap();
    let mut writer = s.try_clone().unwrap();
    // A slowloris: one more header field every 200 ms (6 s for all 30, six times the head's
    // timeout), never the blank line that ends the head.
    let trickle = std::thread::spawn(move || {
        let mut sent = 0;
        while sent < 30 && writer.write_all(format!("X-Slow-{sent}: a\r\n").as_bytes()).is_ok() {
            sent += 1;
            std::thread::sleep(Duration::from_millis(200));
        }
        sent
    });
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let asked = Instant::now();
    let mut reply = Vec::new();
    let _ = s.read_to_end(&mut reply);
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
    assert!(asked.elapsed() < Duration::from_secs(5), "the head's timeout was not the 1 s asked for");
    assert!(reply.contains("Connection: close"), "{reply}");
    let sent = trickle.join().unwrap();
    assert!(sent < 30, "the server waited for the whole trickle ({sent} fields)");
    still_serves(&srv.addr);
}

#[test]
fn an_idle_keep_alive_connection_is_closed() {
    let site = site_copy("links-ok");
    let srv = start(site.path(), &["--client-timeout", CLIENT_TIMEOUT]);
    let mut s = TcpStream::connect(&srv.addr).unwrap();
    s.write_all(format!("GET {PAGE} HTTP/1.1\r\nHost: localhost\r\n\r\n").as_bytes()).unwrap();
    // Well past the server's idle timeout of 1 s.
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    // Read the whole reply (it is kept alive), then nothing more comes: the server closes.
    let mut got = Vec::new();
    let mut buf = [0u8; 65536];
    let closed = loop {
        match s.read(&mut buf) {
            Ok(0) => break true,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(_) => break false,
        }
    };
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 200") && text.ends_with("</html>\n"), "one whole reply: {text}");
    assert!(closed, "the idle connection was still open after 5 s");
    still_serves(&srv.addr);
}

/// The status an event stream opens with (its body never ends, so only the status line is read).
fn stream_status(addr: &str) -> u16 {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(b"GET /__livereload HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let mut head = [0u8; 12];
    s.read_exact(&mut head).unwrap();
    String::from_utf8_lossy(&head[9..12]).parse().unwrap()
}

#[test]
fn event_streams_are_capped_with_503_and_retry_after() {
    let site = site_copy("links-ok");
    let srv = start(site.path(), &[]);
    let mut streams: Vec<Events> = (0..64).map(|_| Events::open(&srv.addr)).collect();
    let full = get(&srv.addr, "/__livereload");
    assert_eq!(full.status, 503, "{full:?}");
    assert_eq!(full.header("retry-after"), Some("1"));
    // A tab closes: its place is freed once the server notices (the next writes to it fail).
    drop(streams.pop());
    let deadline = Instant::now() + Duration::from_secs(20);
    let reopened = loop {
        let status = stream_status(&srv.addr);
        if status != 503 || Instant::now() > deadline {
            break status;
        }
        std::thread::sleep(Duration::from_millis(250));
    };
    assert_eq!(reopened, 200, "a closed stream's place was never freed");
    // Events still reach the streams that are open.
    let page = site.path().join("content/en-us/guide/setup.md");
    std::fs::write(&page, read(&page).replace("## Install", "## Install\n\nEdited.")).unwrap();
    assert!(streams[0].wait_for("reload", Duration::from_secs(10)).is_some());
    still_serves(&srv.addr);
}

#[test]
fn a_client_that_does_not_read_a_large_file_holds_no_worker() {
    let site = site_copy("links-ok");
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    // More than the kernel buffers between two sockets on loopback (a few MiB).
    let big: Vec<u8> = (0..16 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(site.path().join("static/big.bin"), &big).unwrap();
    let srv = start(site.path(), &[]);
    // As many clients as the server has request workers, and more: each asks and never reads.
    let stalled: Vec<TcpStream> = (0..12)
        .map(|_| {
            let mut s = TcpStream::connect(&srv.addr).unwrap();
            s.write_all(b"GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
            s
        })
        .collect();
    // Rather than a fixed pause: wait until the server has begun answering every stalled client
    // (a byte is there to peek at), so the request below comes after all of them are taken.
    let deadline = Instant::now() + Duration::from_secs(8);
    for (n, s) in stalled.iter().enumerate() {
        let left = deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(1));
        s.set_read_timeout(Some(left)).unwrap();
        assert!(s.peek(&mut [0u8; 1]).is_ok_and(|got| got == 1), "stalled client {n} was never answered");
    }
    // Each blocked write waits up to 10 s: answered before that, no worker was held.
    let mut s = TcpStream::connect(&srv.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(8))).unwrap();
    s.write_all(format!("GET {PAGE} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes()).unwrap();
    let mut reply = Vec::new();
    let _ = s.read_to_end(&mut reply);
    assert!(reply.starts_with(b"HTTP/1.1 200"), "a page waited behind clients that do not read");
    // A client that reads gets the whole file.
    let whole = get(&srv.addr, "/big.bin");
    assert_eq!(whole.status, 200);
    assert!(whole.body == big, "the large file arrived changed ({} bytes)", whole.body.len());
    drop(stalled);
}

#[cfg(unix)]
#[test]
fn running_out_of_file_descriptors_delays_connections_but_never_stops_the_server() {
    // An odd and an even number of descriptors: whichever the server has left when it runs out,
    // the connection that finds none waits in the kernel's queue; none is accepted and dropped.
    for limit in [64, 65] {
        fill_every_descriptor_then_serve(limit);
    }
}

#[cfg(unix)]
fn fill_every_descriptor_then_serve(limit: usize) {
    let site = site_copy("links-ok");
    let srv = start_with_open_files(site.path(), limit as u32);
    still_serves(&srv.addr);
    // Far more connections than descriptors left: accepting fails (EMFILE) until some close.
    let hogs: Vec<TcpStream> = (0..100).filter_map(|_| TcpStream::connect(&srv.addr).ok()).collect();
    // Rather than a fixed pause: on Linux, wait until the server holds all the descriptors it may
    // (it has then run into EMFILE); elsewhere, give it a moment.
    let fds = format!("/proc/{}/fd", srv.pid());
    if std::path::Path::new(&fds).exists() {
        let deadline = Instant::now() + Duration::from_secs(10);
        let open = || std::fs::read_dir(&fds).map(|d| d.count()).unwrap_or(0);
        while open() < limit {
            assert!(Instant::now() < deadline, "the server never used its {limit} descriptors: {} open", open());
            std::thread::sleep(Duration::from_millis(20));
        }
    } else {
        std::thread::sleep(Duration::from_millis(500));
    }
    drop(hogs);
    for _ in 0..20 {
        still_serves(&srv.addr);
    }
    let log = srv.log.lock().unwrap();
    assert!(!log.contains("panicked"), "{log}");
}
