//! A tiny driver for Debian's headless Chromium over the Chrome DevTools Protocol (CDP), for
//! integration tests that need a real browser: CSS that loads, layout, scripts, console errors.
//!
//! Include it with `#[path = "common/browser.rs"] mod browser;` and start with [`launch`], which
//! returns `None` (after a loud skip line) where Chromium is not installed, so a stranger's
//! `cargo test` still passes; CI sets `GUIDEBOOK_REQUIRE_BROWSER=1` to make that a failure.
//!
//! How the protocol is used: each [`Tab`] has one WebSocket to its page target. Commands go out
//! with increasing `id`s and the reply carrying the same `id` is the answer; events (messages
//! with a `method` and no `id`) arrive interleaved with the replies, in any number, so while
//! waiting for a reply they are queued, and the console ones recorded for
//! [`Tab::console_errors`]. The socket has a short read timeout so that every wait checks its
//! deadline: nothing here can hang forever on a browser that stopped answering.
//!
//! Dependencies are kept to `tungstenite` (the WebSocket), `serde_json`, `tempfile` and std; the
//! two plain HTTP calls to the debugging port are hand-written HTTP/1.1 over a `TcpStream`.

// Each test includes this file on its own and uses only part of it.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::fmt;
use std::fs::File;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tungstenite::{Message, WebSocket};

/// How long Chromium may take to start and write `DevToolsActivePort`.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(15);
/// How long one CDP command may take to be answered (an `eval` that awaits a promise included).
const CALL_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a navigation may take to reach `document.readyState == "complete"`.
const LOAD_TIMEOUT: Duration = Duration::from_secs(30);
/// How often `wait_for` and the startup wait look again.
const POLL_INTERVAL: Duration = Duration::from_millis(50);
/// The socket read timeout: the longest a read blocks before the caller's deadline is checked.
const READ_SLICE: Duration = Duration::from_millis(50);
/// Timeout of the plain HTTP calls and of the WebSocket handshake.
const HTTP_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a graceful `Browser.close` may take before the process is killed.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(5);
/// Chromium's stdout and stderr go to this file in the profile folder, shown when startup fails.
const LOG_FILE: &str = "guidebook-chromium.log";
/// Set this (CI does) to make a missing Chromium a failure instead of a skip.
const REQUIRE_VAR: &str = "GUIDEBOOK_REQUIRE_BROWSER";

/// True in a page served by `guidebook serve` once its live-reload stream is open (the stream's
/// hello event marks the document); for [`Tab::wait_for`].
pub const LIVE_RELOAD_CONNECTED: &str = "document.documentElement.dataset.livereload === 'connected'";

/// Starts headless Chromium for the test `test_name`, or returns `None` after a loud skip line
/// when it is not installed (panics instead when `GUIDEBOOK_REQUIRE_BROWSER` is set).
pub fn launch(test_name: &str) -> Option<Browser> {
    let Some(exe) = find_chromium() else {
        if std::env::var_os(REQUIRE_VAR).is_some() {
            panic!("{test_name}: chromium is not installed (apt-get install chromium) and {REQUIRE_VAR} is set");
        }
        eprintln!(
            "\n*** SKIPPED {test_name}: chromium is not installed (apt-get install chromium); CI installs it ***\n"
        );
        return None;
    };
    Some(Browser::start(&exe, test_name))
}

/// `chromium` on PATH, else Debian's `/usr/bin/chromium`.
fn find_chromium() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").into_iter().flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>());
    on_path.map(|dir| dir.join("chromium")).chain([PathBuf::from("/usr/bin/chromium")]).find(|p| is_executable(p))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata().is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// A running headless Chromium with its own fresh profile; killed, and the profile removed, on
/// drop.
pub struct Browser {
    child: Child,
    /// The DevTools HTTP and WebSocket port (Chromium picks it: `--remote-debugging-port=0`).
    port: u16,
    /// `/devtools/browser/<id>`: the browser-wide WebSocket, used to close Chromium politely.
    browser_path: String,
    /// Declared last so it is removed after the process is gone (fields drop in order).
    profile: tempfile::TempDir,
}

impl Browser {
    fn start(exe: &Path, test_name: &str) -> Browser {
        let profile =
            tempfile::Builder::new().prefix("guidebook-chromium-").tempdir().expect("create a profile folder");
        // Chromium's output goes to a file rather than a pipe: an unread pipe fills up and
        // blocks the browser, and the file can be shown when startup fails.
        let log = File::create(profile.path().join(LOG_FILE)).expect("create the chromium log file");
        let child = Command::new(exe)
            // The flags this workplace requires: no sandbox (containers), no GPU, and nothing
            // that talks to the network on its own (QUIC, updates, sync, background fetches).
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                // Pages may embed players and images from other hosts (DocFX `[!VIDEO]`): the
                // browser resolves no name but localhost, so a test never reaches off this machine.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("clone the log file handle"))
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("{test_name}: cannot start {}: {e}", exe.display()));
        // Built before the wait so that a panic below still kills the process (Drop).
        let mut browser = Browser { child, port: 0, browser_path: String::new(), profile };
        // With port 0 Chromium picks a free port and writes "PORT\n/devtools/browser/ID" here.
        let active_port = browser.profile.path().join("DevToolsActivePort");
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            if let Some((port, path)) = read_active_port(&active_port) {
                browser.port = port;
                browser.browser_path = path;
                return browser;
            }
            if let Ok(Some(status)) = browser.child.try_wait() {
                panic!("{test_name}: chromium exited at startup ({status}); its output:\n{}", browser.log_tail());
            }
            if Instant::now() >= deadline {
                panic!(
                    "{test_name}: chromium wrote no DevToolsActivePort within {STARTUP_TIMEOUT:?}; its output:\n{}",
                    browser.log_tail()
                );
            }
            std::thread::sleep(POLL_INTERVAL);
        }
    }

    /// The last lines Chromium printed, for failure messages.
    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(self.profile.path().join(LOG_FILE)).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }

    /// Opens a new tab on `url` and returns once that page has loaded, with console capture on.
    ///
    /// The tab is created blank (`PUT /json/new?about:blank`) and then navigated, rather than
    /// created on `url`: that way console capture is on before the page runs, and the load wait
    /// cannot mistake the tab's initial blank document for the loaded page.
    #[track_caller]
    pub fn open(&self, url: &str) -> Tab {
        // Newer Chromium refuses GET for /json/new ("unsafe HTTP verb").
        let (status, body) = match http_request(self.port, "PUT", "/json/new?about:blank") {
            Ok(answer) => answer,
            Err(e) => panic!("creating a tab on the DevTools port failed: {e}"),
        };
        assert_eq!(status, 200, "PUT /json/new answered {status}: {body}");
        let target: Value = match serde_json::from_str(&body) {
            Ok(target) => target,
            Err(e) => panic!("PUT /json/new: {e}: {body}"),
        };
        let (Some(ws_url), Some(target_id)) = (target["webSocketDebuggerUrl"].as_str(), target["id"].as_str()) else {
            panic!("PUT /json/new gave no webSocketDebuggerUrl or id: {body}");
        };
        let conn = match Connection::connect(ws_url) {
            Ok(conn) => conn,
            Err(e) => panic!("connecting to the new tab: {e}"),
        };
        let mut tab = Tab { conn, port: self.port, target_id: target_id.to_string(), console_errors: Vec::new() };
        // Runtime: console.* calls and uncaught exceptions. Log: the browser's own errors, such
        // as a stylesheet or image that failed to load.
        for domain in ["Runtime.enable", "Log.enable"] {
            if let Err(e) = tab.call(domain, json!({}), CALL_TIMEOUT) {
                panic!("{domain}: {e}");
            }
        }
        tab.goto(url);
        tab
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        // Ask Chromium to quit so it ends and reaps its own helper processes; killing only the
        // main process would orphan them. The reply may never come (the socket closes first).
        if self.port != 0 {
            let url = format!("ws://127.0.0.1:{}{}", self.port, self.browser_path);
            if let Ok(mut conn) = Connection::connect(&url) {
                let _ = conn.call("Browser.close", json!({}), CLOSE_TIMEOUT);
            }
        }
        let deadline = Instant::now() + CLOSE_TIMEOUT;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(POLL_INTERVAL);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads `DevToolsActivePort` once it is complete: a port line and the browser's WebSocket path.
fn read_active_port(file: &Path) -> Option<(u16, String)> {
    let text = std::fs::read_to_string(file).ok()?;
    let mut lines = text.lines();
    let port = lines.next()?.trim().parse().ok()?;
    let path = lines.next()?.trim();
    // A half-written file has no second line yet.
    path.starts_with("/devtools/browser/").then(|| (port, path.to_string()))
}

/// One HTTP/1.1 request without a body to the DevTools port: (status, body).
fn http_request(port: u16, method: &str, target: &str) -> Result<(u16, String), String> {
    let mut stream = TcpStream::connect_timeout(&SocketAddr::from(([127, 0, 0, 1], port)), HTTP_TIMEOUT)
        .map_err(|e| format!("connect to 127.0.0.1:{port}: {e}"))?;
    stream.set_read_timeout(Some(HTTP_TIMEOUT)).map_err(|e| e.to_string())?;
    stream.set_write_timeout(Some(HTTP_TIMEOUT)).map_err(|e| e.to_string())?;
    // Chromium checks the Host header (DNS rebinding): it must name an IP address or localhost.
    let request = format!(
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).map_err(|e| format!("{method} {target}: {e}"))?;
    // Read until the body announced by Content-Length is complete or the server closes: not
    // just to EOF, in case the server keeps the connection open despite `Connection: close`.
    let mut data = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let n = stream.read(&mut chunk).map_err(|e| format!("{method} {target}: reading the answer: {e}"))?;
        data.extend_from_slice(&chunk[..n]);
        if n == 0 || http_response_complete(&data) {
            break;
        }
    }
    let text = String::from_utf8_lossy(&data);
    let (head, body) = text.split_once("\r\n\r\n").ok_or_else(|| format!("{method} {target}: bad answer: {text}"))?;
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok());
    let status = status.ok_or_else(|| format!("{method} {target}: bad status line: {head}"))?;
    Ok((status, body.to_string()))
}

/// Whether `data` holds the whole head and as many body bytes as Content-Length says.
fn http_response_complete(data: &[u8]) -> bool {
    let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") else { return false };
    let head = String::from_utf8_lossy(&data[..end]);
    let length = head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim().eq_ignore_ascii_case("content-length").then(|| value.trim().parse::<usize>().ok())?
    });
    length.is_some_and(|length| data.len() >= end + 4 + length)
}

/// Why a CDP command failed.
#[derive(Debug)]
enum CdpError {
    /// No reply before the deadline (the browser may still answer later; that reply is ignored).
    Timeout(String),
    /// The browser answered with an error, e.g. "Cannot find context" during a navigation.
    Protocol(String),
    /// The evaluated JavaScript threw.
    Exception(String),
    /// The WebSocket is closed or broken: the tab or the browser is gone.
    Dead(String),
}

impl fmt::Display for CdpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CdpError::Timeout(m) => write!(f, "no answer to {m} within the timeout"),
            CdpError::Protocol(m) => write!(f, "protocol error: {m}"),
            CdpError::Exception(m) => write!(f, "JavaScript exception: {m}"),
            CdpError::Dead(m) => write!(f, "connection to the browser lost: {m}"),
        }
    }
}

/// One CDP WebSocket: numbered commands, replies matched by id, events queued.
struct Connection {
    ws: WebSocket<TcpStream>,
    next_id: u64,
    /// Events read while waiting for replies, oldest first.
    events: VecDeque<Value>,
}

impl Connection {
    fn connect(ws_url: &str) -> Result<Connection, String> {
        // `ws://127.0.0.1:PORT/devtools/...`: connect the TCP socket ourselves so that it gets
        // timeouts, then run the WebSocket handshake over it.
        let authority = ws_url.strip_prefix("ws://").and_then(|rest| rest.split('/').next());
        let addr: SocketAddr =
            authority.and_then(|a| a.parse().ok()).ok_or_else(|| format!("unexpected URL {ws_url}"))?;
        let stream = TcpStream::connect_timeout(&addr, HTTP_TIMEOUT).map_err(|e| format!("connect to {addr}: {e}"))?;
        // A long timeout for the handshake (a short one would interrupt it), then short reads so
        // that waits can check their deadlines between them.
        stream.set_read_timeout(Some(HTTP_TIMEOUT)).map_err(|e| e.to_string())?;
        stream.set_write_timeout(Some(HTTP_TIMEOUT)).map_err(|e| e.to_string())?;
        let (ws, _) =
            tungstenite::client(ws_url, stream).map_err(|e| format!("WebSocket handshake with {ws_url}: {e}"))?;
        ws.get_ref().set_read_timeout(Some(READ_SLICE)).map_err(|e| e.to_string())?;
        Ok(Connection { ws, next_id: 0, events: VecDeque::new() })
    }

    /// Sends `method` and returns its reply's `result`, queueing the events read meanwhile.
    fn call(&mut self, method: &str, params: Value, timeout: Duration) -> Result<Value, CdpError> {
        self.next_id += 1;
        let id = self.next_id;
        let command = json!({ "id": id, "method": method, "params": params });
        self.ws
            .send(Message::text(command.to_string()))
            .map_err(|e| CdpError::Dead(format!("sending {method}: {e}")))?;
        let deadline = Instant::now() + timeout;
        loop {
            let mut message = self.next_message(deadline).map_err(|e| match e {
                CdpError::Timeout(_) => CdpError::Timeout(method.to_string()),
                other => other,
            })?;
            if message["id"].as_u64() == Some(id) {
                if let Some(error) = message.get("error") {
                    return Err(CdpError::Protocol(format!("{method}: {error}")));
                }
                return Ok(message.get_mut("result").map(Value::take).unwrap_or(Value::Null));
            }
            if message.get("method").is_some() {
                self.events.push_back(message);
            }
            // Anything else is a late reply to an earlier command that timed out: nobody waits
            // for it any more.
        }
    }

    /// The next JSON message, waiting at most until `deadline`.
    fn next_message(&mut self, deadline: Instant) -> Result<Value, CdpError> {
        loop {
            match self.ws.read() {
                Ok(Message::Text(text)) => {
                    return serde_json::from_str(text.as_str())
                        .map_err(|e| CdpError::Dead(format!("unparsable message ({e}): {}", text.as_str())));
                }
                Ok(Message::Close(frame)) => return Err(CdpError::Dead(format!("closed by the browser: {frame:?}"))),
                // Pings are answered by tungstenite itself; CDP sends nothing else we need.
                Ok(_) => {}
                // The read timeout: tungstenite keeps any partial frame, so reading again later
                // is safe.
                Err(tungstenite::Error::Io(e)) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    if Instant::now() >= deadline {
                        return Err(CdpError::Timeout(String::new()));
                    }
                }
                Err(e) => return Err(CdpError::Dead(e.to_string())),
            }
        }
    }
}

/// A page in the browser, driven over its own CDP connection; closed on drop.
pub struct Tab {
    conn: Connection,
    port: u16,
    target_id: String,
    /// Console errors, uncaught exceptions and browser error log entries seen so far.
    console_errors: Vec<String>,
}

impl Tab {
    /// Sends a command, then records the console errors among the events that came with it.
    fn call(&mut self, method: &str, params: Value, timeout: Duration) -> Result<Value, CdpError> {
        let result = self.conn.call(method, params, timeout);
        while let Some(event) = self.conn.events.pop_front() {
            self.console_errors.extend(console_error_text(&event));
        }
        result
    }

    /// Evaluates `js` in the page (awaiting it if it is a promise) and returns its value.
    fn try_eval(&mut self, js: &str, timeout: Duration) -> Result<Value, CdpError> {
        let params = json!({ "expression": js, "returnByValue": true, "awaitPromise": true });
        let mut reply = self.call("Runtime.evaluate", params, timeout)?;
        if let Some(details) = reply.get("exceptionDetails") {
            return Err(CdpError::Exception(exception_text(details)));
        }
        // `undefined` has no `value`: it comes back as null.
        Ok(reply["result"].get_mut("value").map(Value::take).unwrap_or(Value::Null))
    }

    /// Evaluates the JavaScript expression `js` in the page, awaiting it if it is a promise, and
    /// returns its value as JSON; panics with the exception text if it throws.
    #[track_caller]
    pub fn eval(&mut self, js: &str) -> Value {
        match self.try_eval(js, CALL_TIMEOUT) {
            Ok(value) => value,
            Err(e) => panic!("evaluating `{js}` failed: {e}"),
        }
    }

    /// Sends the CDP command `method` with `params` to this tab and returns its result; panics
    /// with the browser's error. For what the helpers here do not cover (e.g. the `CSS` domain).
    #[track_caller]
    pub fn cdp(&mut self, method: &str, params: Value) -> Value {
        match self.call(method, params, CALL_TIMEOUT) {
            Ok(result) => result,
            Err(e) => panic!("{method}: {e}"),
        }
    }

    /// Polls the JavaScript expression `js_condition` every ~50 ms until it is truthy (true) or
    /// `timeout` passes (false). Throwing counts as not yet true, so conditions may touch
    /// elements that do not exist yet, and a poll may land mid-navigation.
    #[track_caller]
    pub fn wait_for(&mut self, js_condition: &str, timeout: Duration) -> bool {
        // Newlines keep a trailing `//` comment in the condition from swallowing the `)`.
        let expression = format!("!!(\n{js_condition}\n)");
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now()).max(POLL_INTERVAL);
            match self.try_eval(&expression, left) {
                Ok(Value::Bool(true)) => return true,
                Err(CdpError::Dead(e)) => panic!("waiting for `{js_condition}`: {e}"),
                // False, a throw, or "no execution context" while a new document replaces the
                // old one: look again.
                _ => {}
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(POLL_INTERVAL);
        }
    }

    /// Navigates to `url` and returns once the new document has loaded
    /// (`document.readyState == "complete"`); panics if that fails or takes over 30 s.
    #[track_caller]
    pub fn goto(&mut self, url: &str) {
        // Mark the current document: Page.navigate may answer before the old document is
        // replaced, and the old one may well be "complete" already. (A Document object is never
        // reused across loads, unlike the window of an initial about:blank.) If the page is in
        // the middle of something this may fail, which only makes the wait below less strict.
        let _ = self.try_eval("document.__guidebookOldDocument = true", CALL_TIMEOUT);
        let reply = match self.call("Page.navigate", json!({ "url": url }), LOAD_TIMEOUT) {
            Ok(reply) => reply,
            Err(e) => panic!("navigating to {url}: {e}"),
        };
        if let Some(error) = reply["errorText"].as_str().filter(|e| !e.is_empty()) {
            panic!("navigating to {url} failed: {error}");
        }
        // A fragment-only change navigates within the same document: there is no load to await.
        if reply.get("loaderId").is_none() {
            return;
        }
        let loaded = "document.readyState === 'complete' && !document.__guidebookOldDocument";
        if !self.wait_for(loaded, LOAD_TIMEOUT) {
            panic!("{url} did not finish loading within {LOAD_TIMEOUT:?}");
        }
    }

    /// The console errors (`console.error`, failed `console.assert`), uncaught exceptions and
    /// browser error log entries (e.g. a resource that failed to load) seen so far.
    #[track_caller]
    pub fn console_errors(&mut self) -> Vec<String> {
        // A round trip: events sent before its reply are read (and recorded) on the way.
        if let Err(e) = self.try_eval("0", CALL_TIMEOUT) {
            panic!("reading console errors: {e}");
        }
        self.console_errors.clone()
    }

    /// Sets the page's viewport to `width` x `height` CSS pixels at scale 1, as a desktop window
    /// of that size would (not mobile emulation).
    #[track_caller]
    pub fn set_viewport(&mut self, width: u32, height: u32) {
        let params = json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false });
        if let Err(e) = self.call("Emulation.setDeviceMetricsOverride", params, CALL_TIMEOUT) {
            panic!("setting the viewport to {width}x{height}: {e}");
        }
    }

    /// Saves a PNG screenshot of the viewport to `path`.
    #[track_caller]
    pub fn screenshot(&mut self, path: impl AsRef<Path>) {
        let path = path.as_ref();
        let reply = match self.call("Page.captureScreenshot", json!({ "format": "png" }), CALL_TIMEOUT) {
            Ok(reply) => reply,
            Err(e) => panic!("taking a screenshot: {e}"),
        };
        let png = reply["data"].as_str().and_then(decode_base64).expect("Page.captureScreenshot gave no base64 data");
        if let Err(e) = std::fs::write(path, png) {
            panic!("{}: {e}", path.display());
        }
    }
}

impl Drop for Tab {
    fn drop(&mut self) {
        // Best effort: the browser may already be gone, and a test may be panicking.
        let _ = self.conn.ws.close(None);
        let _ = self.conn.ws.flush();
        let _ = http_request(self.port, "GET", &format!("/json/close/{}", self.target_id));
    }
}

/// The text of a CDP event if it reports an error: a `console.error` or failed
/// `console.assert`, an uncaught exception, or a browser log entry of level "error".
fn console_error_text(event: &Value) -> Option<String> {
    let params = &event["params"];
    match event["method"].as_str()? {
        "Runtime.consoleAPICalled" => {
            let kind = params["type"].as_str()?;
            if kind != "error" && kind != "assert" {
                return None;
            }
            let args = params["args"].as_array().map(Vec::as_slice).unwrap_or_default();
            let text: Vec<String> = args.iter().map(remote_object_text).collect();
            Some(format!("console.{kind}: {}{}", text.join(" "), location(&params["stackTrace"]["callFrames"][0])))
        }
        "Runtime.exceptionThrown" => Some(format!("uncaught {}", exception_text(&params["exceptionDetails"]))),
        "Log.entryAdded" if params["entry"]["level"] == "error" => {
            let entry = &params["entry"];
            let url = entry["url"].as_str().map(|u| format!(" ({u})")).unwrap_or_default();
            Some(format!("{} error: {}{url}", entry["source"].as_str().unwrap_or("browser"), entry["text"].as_str()?))
        }
        _ => None,
    }
}

/// A console argument (a CDP RemoteObject) as text.
fn remote_object_text(object: &Value) -> String {
    match (&object["value"], object["unserializableValue"].as_str(), object["description"].as_str()) {
        (Value::String(s), _, _) => s.clone(),
        (Value::Null, Some(text), _) | (Value::Null, None, Some(text)) => text.to_string(),
        (Value::Null, None, None) => object["type"].as_str().unwrap_or("?").to_string(),
        (value, _, _) => value.to_string(),
    }
}

/// An exception's message (with its stack when it is an Error) and where it was thrown.
fn exception_text(details: &Value) -> String {
    let message = details["exception"]["description"].as_str().or(details["text"].as_str()).unwrap_or("exception");
    format!("{message}{}", location(details))
}

/// ` (url:line)` for a CDP call frame or exception details that has a URL, else nothing.
fn location(at: &Value) -> String {
    match (at["url"].as_str().filter(|u| !u.is_empty()), at["lineNumber"].as_u64()) {
        // CDP line numbers count from 0.
        (Some(url), Some(line)) => format!(" ({url}:{})", line + 1),
        (Some(url), None) => format!(" ({url})"),
        _ => String::new(),
    }
}

/// Decodes standard base64 (what CDP uses for binary data), padding optional.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut bits, mut count) = (0u32, 0u32);
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace()) {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        bits = (bits << 6) | u32::from(value);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    Some(out)
}
