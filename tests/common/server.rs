//! A real `guidebook serve` on an ephemeral loopback port, and small HTTP helpers that speak
//! raw HTTP/1.1 over TCP (so tests control exactly what is sent, `..` included).
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running preview server, stopped when dropped.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// What the server printed on stderr, collected in the background.
    pub log: std::sync::Arc<std::sync::Mutex<String>>,
    /// The same lines, each with the moment it was read (to place rebuilds in time).
    pub timed_log: std::sync::Arc<std::sync::Mutex<Vec<(Instant, String)>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// The server's process id (to look at what it holds, in `/proc` on Linux).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits up to `timeout` for `needle` in what the server printed on stderr, and returns the
    /// log so far. The server prints after it acts (a line about a rebuild follows its event),
    /// and a background thread collects the lines: reading the log at once can miss the last.
    pub fn log_with(&self, needle: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let log = self.log.lock().unwrap().clone();
            if log.contains(needle) || Instant::now() >= deadline {
                return log;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Starts `guidebook serve --root ROOT --port 0` and waits until it says where it listens.
pub fn start(root: &Path, extra: &[&str]) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_guidebook"));
    cmd.args(["serve", "--root", root.to_str().unwrap(), "--port", "0"]).args(extra);
    run(cmd)
}

/// Like [`start`], with the server allowed at most `files` open file descriptors (Unix).
pub fn start_with_open_files(root: &Path, files: u32) -> Server {
    let mut cmd = Command::new("sh");
    cmd.args(["-c", &format!("ulimit -n {files} && exec \"$0\" \"$@\"")]).arg(env!("CARGO_BIN_EXE_guidebook")).args([
        "serve",
        "--root",
        root.to_str().unwrap(),
        "--port",
        "0",
    ]);
    run(cmd)
}

fn run(mut cmd: Command) -> Server {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start guidebook serve");
    let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let timed_log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let stderr = child.stderr.take().unwrap();
    let (sink, timed_sink) = (std::sync::Arc::clone(&log), std::sync::Arc::clone(&timed_log));
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            // A test that failed while holding the lock must not end the collection.
            sink.lock().unwrap_or_else(|e| e.into_inner()).push_str(&(line.clone() + "\n"));
            timed_sink.lock().unwrap_or_else(|e| e.into_inner()).push((Instant::now(), line));
        }
    });
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).expect("the server prints its address");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}; stderr:\n{}", log.lock().unwrap()))
        .to_string();
    std::thread::spawn(move || for _ in stdout.lines() {});
    Server { child, addr, log, timed_log }
}

/// A response: status, headers (lowercase names), body.
#[derive(Debug)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Headers, names lowercased.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl Reply {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends one request with `Connection: close` and reads the whole reply.
pub fn request(addr: &str, method: &str, target: &str, headers: &[(&str, &str)]) -> Reply {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut req = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    parse(&raw, method == "HEAD")
}

/// Sends `raw` bytes as they are (a request of any shape) and reads the reply until the server
/// closes the connection (or 20 s pass).
pub fn exchange(addr: &str, raw: &[u8]) -> Reply {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    // The server may refuse and close before taking everything: what it answered still counts.
    let _ = s.write_all(raw);
    let mut reply = Vec::new();
    let _ = s.read_to_end(&mut reply);
    assert!(!reply.is_empty(), "no reply to {:?}", String::from_utf8_lossy(&raw[..raw.len().min(80)]));
    parse(&reply, false)
}

/// The head of a reply: status, headers (names lowercased), and its length in bytes.
pub struct Head {
    /// Status code.
    pub status: u16,
    /// Headers, names lowercased.
    pub headers: Vec<(String, String)>,
    /// Bytes up to and with the blank line.
    pub len: usize,
}

/// The head of the reply at the start of `buf`, once it is complete.
pub fn parse_head(buf: &[u8]) -> Result<Option<Head>, String> {
    let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else { return Ok(None) };
    let text = String::from_utf8_lossy(&buf[..end]);
    let mut lines = text.split("\r\n");
    let first = lines.next().unwrap_or("");
    let status =
        first.split(' ').nth(1).and_then(|s| s.parse().ok()).ok_or(format!("malformed status line {first:?}"))?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Ok(Some(Head { status, headers, len: end + 4 }))
}

/// A chunked body at the start of `data`, and the bytes it took; None while incomplete.
fn dechunk(data: &[u8]) -> Result<Option<(Vec<u8>, usize)>, String> {
    let (mut body, mut at) = (Vec::new(), 0);
    loop {
        let Some(line) = data[at..].windows(2).position(|w| w == b"\r\n") else { return Ok(None) };
        let size_text = String::from_utf8_lossy(&data[at..at + line]).into_owned();
        let size = usize::from_str_radix(size_text.trim(), 16).map_err(|_| format!("chunk size {size_text:?}"))?;
        let start = at + line + 2;
        if data.len() < start + size + 2 {
            return Ok(None);
        }
        if size == 0 {
            return Ok(Some((body, start + 2)));
        }
        body.extend_from_slice(&data[start..start + size]);
        at = start + size + 2;
    }
}

/// The first whole reply of a keep-alive connection in `buf` (Content-Length or chunked) and
/// the bytes it took; None while it is incomplete.
pub fn parse_reply(buf: &[u8]) -> Result<Option<(Reply, usize)>, String> {
    let Some(Head { status, headers, len }) = parse_head(buf)? else { return Ok(None) };
    let get = |n: &str| headers.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    let (body, used) = if let Some(length) = get("content-length") {
        let length: usize = length.parse().map_err(|_| format!("Content-Length {length:?}"))?;
        match buf.get(len..len + length) {
            Some(body) => (body.to_vec(), len + length),
            None => return Ok(None),
        }
    } else if get("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        match dechunk(&buf[len..])? {
            Some((body, used)) => (body, len + used),
            None => return Ok(None),
        }
    } else if status == 304 {
        (Vec::new(), len)
    } else {
        return Err("a reply with neither Content-Length nor chunks".into());
    };
    Ok(Some((Reply { status, headers, body }, used)))
}

/// A whole reply read until the server closed the connection (the body is what follows the
/// head, dechunked when chunked).
fn parse(raw: &[u8], head: bool) -> Reply {
    let h = parse_head(raw).unwrap().expect("a complete response head");
    let mut body = raw[h.len..].to_vec();
    let chunked = h.headers.iter().any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    if chunked && !head {
        body = dechunk(&body).ok().flatten().map(|(b, _)| b).unwrap_or_default();
    }
    Reply { status: h.status, headers: h.headers, body }
}

/// GET a path.
pub fn get(addr: &str, target: &str) -> Reply {
    request(addr, "GET", target, &[])
}

/// An open `/__livereload` stream.
pub struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// Opens the stream and reads its first event (`hello`).
    pub fn open(addr: &str) -> Events {
        let mut s = TcpStream::connect(addr).expect("connect");
        s.write_all(format!("GET /__livereload HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes()).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut reader = BufReader::new(s);
        let mut line = String::new();
        loop {
            line.clear();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
        }
        let mut events = Events { reader };
        let (name, _) = events.next(Duration::from_secs(10)).expect("a hello event");
        assert_eq!(name, "hello");
        events
    }

    /// The next event (name, data), skipping comments; None after `timeout`.
    pub fn next(&mut self, timeout: Duration) -> Option<(String, String)> {
        let deadline = Instant::now() + timeout;
        let (mut name, mut data) = (String::new(), Vec::new());
        let mut line = String::new();
        while Instant::now() < deadline {
            line.clear();
            let left = deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(1));
            self.reader.get_ref().set_read_timeout(Some(left)).unwrap();
            match self.reader.read_line(&mut line) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(_) => return None,
            }
            let l = line.trim_end_matches(['\r', '\n']);
            if l.is_empty() {
                if !name.is_empty() {
                    return Some((name, data.join("\n")));
                }
                continue;
            }
            if let Some(n) = l.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = l.strip_prefix("data: ") {
                data.push(d.to_string());
            } else if l == "data:" {
                data.push(String::new());
            }
        }
        None
    }

    /// Waits for an event named `want` (events on the way are skipped).
    pub fn wait_for(&mut self, want: &str, timeout: Duration) -> Option<String> {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            match self.next(deadline - Instant::now()) {
                Some((name, data)) if name == want => return Some(data),
                Some(_) => {}
                None => return None,
            }
        }
        None
    }
}

/// The page without what the preview server injects (live-reload script, error data).
pub fn without_injection(html: &str) -> String {
    match html
        .find("<script type=\"application/json\" id=\"guidebook-initial-error\">")
        .or_else(|| html.rfind("<script>"))
    {
        Some(start) => {
            let end = html.rfind("</script>\n").map(|e| e + "</script>\n".len()).unwrap();
            format!("{}{}", &html[..start], &html[end..])
        }
        None => html.to_string(),
    }
}
