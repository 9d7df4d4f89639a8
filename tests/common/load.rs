//! A load generator for `guidebook serve` on loopback: many keep-alive connections opened
//! together, each sending a series of requests (pages, assets, missing pages, redirects, and on some
//! connections an event stream kept open), every reply checked and timed; and an editor that
//! saves a page every 100 ms meanwhile. Bounded in count (the plan) and in time (a deadline).
//! Shared by tests/serve_load.rs (a short run) and benches/serve_load.rs (the long one), which
//! also include tests/common/server.rs as `server` (its reply parser is used here).
#![allow(dead_code)]

use crate::server::{parse_head, parse_reply, Reply};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::io::AsRawFd;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What a request should get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// 200 and a whole HTML page.
    Page,
    /// 200 and a body.
    Asset,
    /// 404.
    Missing,
    /// 301 with a Location.
    Moved,
}

/// One request path and what it should get.
#[derive(Debug, Clone)]
pub struct Target {
    /// The request target.
    pub path: String,
    /// The expected reply.
    pub expect: Expect,
}

impl Target {
    /// A target.
    pub fn new(path: &str, expect: Expect) -> Target {
        Target { path: path.to_string(), expect }
    }
}

/// How much load, of what.
pub struct Plan {
    /// Connections, opened one right after another (each sends its first request at once).
    pub connections: usize,
    /// Requests on each connection (keep-alive), the event stream included.
    pub requests: usize,
    /// What to ask for; connection `c` asks for `targets[(c * 7 + k) % len]` as its `k`th request.
    pub targets: Vec<Target>,
    /// Every this many connections (0: none), the last request opens the event stream, which
    /// stays open until the other connections are done and it has seen `min_reloads` reloads.
    pub stream_every: usize,
    /// Reload events each stream waits for before closing.
    pub min_reloads: usize,
    /// The longest wait for any reply.
    pub timeout: Duration,
    /// The whole run ends by then, done or not (what was not done counts as errors).
    pub deadline: Instant,
}

/// One answered request.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    /// When it was sent.
    pub start: Instant,
    /// When its reply was complete (for an event stream: its first event).
    pub end: Instant,
    /// The first request of its connection: its time includes connecting.
    pub first: bool,
    /// For the first request, the part of its time spent connecting.
    pub connect: Duration,
}

impl Sample {
    /// Its latency.
    pub fn took(&self) -> Duration {
        self.end - self.start
    }
}

/// What a run measured.
#[derive(Default)]
pub struct Outcome {
    /// Every request answered as expected.
    pub samples: Vec<Sample>,
    /// Every failure, described (connect, timeout, status, a cut-short body).
    pub errors: Vec<String>,
    /// Reload events each event stream saw.
    pub reloads: Vec<usize>,
}

impl Outcome {
    /// The latency at quantile `q` (0.5 for the median), in milliseconds.
    pub fn quantile_ms(&self, q: f64) -> f64 {
        quantile_ms(&mut self.samples.iter().map(Sample::took).collect::<Vec<_>>(), q)
    }
}

/// The value at quantile `q` of `durations`, in milliseconds (0 when there are none).
pub fn quantile_ms(durations: &mut [Duration], q: f64) -> f64 {
    if durations.is_empty() {
        return 0.0;
    }
    durations.sort();
    let i = ((durations.len() - 1) as f64 * q).round() as usize;
    durations[i].as_secs_f64() * 1000.0
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Whether a reply is what `expect` says; why not, if not.
fn check(reply: &Reply, expect: Expect) -> Result<(), String> {
    let ok = match expect {
        Expect::Page => {
            reply.status == 200
                && reply.header("content-type") == Some("text/html; charset=utf-8")
                && reply.body.ends_with(b"</html>\n")
        }
        Expect::Asset => reply.status == 200 && !reply.body.is_empty(),
        Expect::Missing => reply.status == 404,
        Expect::Moved => reply.status == 301 && reply.header("location").is_some(),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{expect:?} got {} with {} bytes", reply.status, reply.body.len()))
    }
}

/// Where a connection is.
enum Phase {
    /// Sending a request (`out[sent..]` is left).
    Send,
    /// Waiting for the reply to request `k`.
    Receive,
    /// Reading the event stream: its head seen yet, its first event seen yet, reloads seen.
    Stream { head: bool, hello: bool, reloads: usize },
    /// Finished (or failed).
    Done,
}

/// One client connection of the run.
struct Conn {
    id: usize,
    sock: TcpStream,
    phase: Phase,
    /// Whether the request being sent opens the event stream.
    streaming: bool,
    /// Requests answered so far.
    k: usize,
    /// Plain requests to make (the event stream comes after).
    plain: usize,
    out: Vec<u8>,
    sent: usize,
    inbuf: Vec<u8>,
    /// When the current request was started (the first: when connecting began).
    start: Instant,
    connect: Duration,
}

impl Conn {
    fn target<'a>(&self, plan: &'a Plan) -> &'a Target {
        &plan.targets[(self.id * 7 + self.k) % plan.targets.len()]
    }

    /// Queues the next request, or the event stream, or ends; false when the plain requests
    /// are over (the connection is no longer busy).
    fn next(&mut self, plan: &Plan, streams: bool) -> bool {
        if self.k > 0 {
            self.start = Instant::now();
        }
        self.sent = 0;
        if self.k < self.plain {
            self.out = format!("GET {} HTTP/1.1\r\nHost: localhost\r\n\r\n", self.target(plan).path).into_bytes();
            self.phase = Phase::Send;
            true
        } else if streams {
            self.out = b"GET /__livereload HTTP/1.1\r\nHost: localhost\r\n\r\n".to_vec();
            self.streaming = true;
            self.phase = Phase::Send;
            false
        } else {
            self.phase = Phase::Done;
            false
        }
    }

    /// Moves the connection on as far as its socket allows.
    fn progress(&mut self, plan: &Plan, out: &mut Outcome, busy: &mut usize) -> Result<(), String> {
        loop {
            match self.phase {
                Phase::Send => {
                    if !self.send()? {
                        return Ok(());
                    }
                }
                Phase::Receive => {
                    if !self.fill()? {
                        return Ok(());
                    }
                    let Some((reply, used)) = parse_reply(&self.inbuf)? else { continue };
                    self.inbuf.drain(..used);
                    let target = self.target(plan).clone();
                    check(&reply, target.expect).map_err(|e| format!("request {} ({}): {e}", self.k, target.path))?;
                    let first = self.k == 0;
                    let connect = if first { self.connect } else { Duration::ZERO };
                    out.samples.push(Sample { start: self.start, end: Instant::now(), first, connect });
                    self.k += 1;
                    let streams = plan.stream_every > 0 && self.id.is_multiple_of(plan.stream_every);
                    if !self.next(plan, streams) {
                        *busy -= 1;
                    }
                }
                Phase::Stream { ref mut head, ref mut hello, ref mut reloads } => {
                    let more = fill(&mut self.sock, &mut self.inbuf)?;
                    if !*head {
                        let Some(h) = parse_head(&self.inbuf)? else { return Ok(()) };
                        if h.status != 200 {
                            return Err(format!("event stream: status {}", h.status));
                        }
                        self.inbuf.drain(..h.len);
                        *head = true;
                    }
                    while let Some(end) = find(&self.inbuf, b"\n") {
                        let line: Vec<u8> = self.inbuf.drain(..=end).collect();
                        if !*hello && line.starts_with(b"event: hello") {
                            *hello = true;
                            out.samples.push(Sample {
                                start: self.start,
                                end: Instant::now(),
                                first: false,
                                connect: Duration::ZERO,
                            });
                        }
                        *reloads += usize::from(line.starts_with(b"event: reload"));
                    }
                    if !more {
                        return Ok(());
                    }
                }
                Phase::Done => return Ok(()),
            }
        }
    }

    /// Sends what the socket takes of the request; false when it takes nothing now.
    fn send(&mut self) -> Result<bool, String> {
        match self.sock.write(&self.out[self.sent..]) {
            Ok(n) => {
                self.sent += n;
                if self.sent == self.out.len() {
                    self.phase = if self.streaming {
                        Phase::Stream { head: false, hello: false, reloads: 0 }
                    } else {
                        Phase::Receive
                    };
                }
                Ok(true)
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Ok(false),
            Err(e) => Err(format!("send: {e}")),
        }
    }

    /// Reads what has arrived; false when nothing more has.
    fn fill(&mut self) -> Result<bool, String> {
        fill(&mut self.sock, &mut self.inbuf)
    }
}

/// Reads what has arrived on a non-blocking socket into `buf`; false when nothing has.
fn fill(sock: &mut TcpStream, buf: &mut Vec<u8>) -> Result<bool, String> {
    let mut chunk = [0u8; 64 * 1024];
    match sock.read(&mut chunk) {
        Ok(0) => Err("the server closed the connection".into()),
        Ok(n) => {
            buf.extend_from_slice(&chunk[..n]);
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Ok(false),
        Err(e) => Err(format!("receive: {e}")),
    }
}

/// Runs `plan` against the server at `addr` from one thread that polls every connection, so
/// the client's own threads do not compete with the server's for the CPU. Connections are
/// opened one right after another, each sending its first request at once.
pub fn run(addr: &str, plan: Plan) -> Outcome {
    let mut out = Outcome::default();
    let mut conns = Vec::new();
    for id in 0..plan.connections {
        let start = Instant::now();
        let sock = match TcpStream::connect(addr).and_then(|s| s.set_nonblocking(true).map(|()| s)) {
            Ok(s) => s,
            Err(e) => {
                out.errors.push(format!("connection {id}: connect: {e}"));
                continue;
            }
        };
        let _ = sock.set_nodelay(true);
        let streams = plan.stream_every > 0 && id.is_multiple_of(plan.stream_every);
        let plain = if streams { plan.requests - 1 } else { plan.requests };
        let mut conn = Conn {
            id,
            sock,
            phase: Phase::Done,
            streaming: false,
            k: 0,
            plain,
            out: Vec::new(),
            sent: 0,
            inbuf: Vec::new(),
            start,
            connect: start.elapsed(),
        };
        conn.next(&plan, streams);
        if let Err(e) = conn.send() {
            out.errors.push(format!("connection {id}: {e}"));
            continue;
        }
        conns.push(conn);
    }
    // Connections still making plain requests: event streams stay open until there are none.
    let mut busy = conns.iter().filter(|c| !c.streaming).count();
    let mut fds = Vec::new();
    loop {
        let now = Instant::now();
        for c in conns.iter_mut() {
            let waited = now - c.start;
            let failure = match c.phase {
                Phase::Send | Phase::Receive if waited > plan.timeout => {
                    Some(format!("no reply within {:?}", plan.timeout))
                }
                Phase::Send | Phase::Receive if now > plan.deadline => Some("the run's deadline passed".to_string()),
                Phase::Stream { reloads, .. } if (busy == 0 && reloads >= plan.min_reloads) || now > plan.deadline => {
                    if reloads < plan.min_reloads {
                        out.errors.push(format!(
                            "connection {}: the event stream saw {reloads} reloads by the deadline",
                            c.id
                        ));
                    }
                    out.reloads.push(reloads);
                    c.phase = Phase::Done;
                    None
                }
                _ => None,
            };
            if let Some(why) = failure {
                out.errors.push(format!("connection {}, request {}: {why}", c.id, c.k));
                if !c.streaming {
                    busy -= 1;
                }
                c.phase = Phase::Done;
            }
        }
        let live: Vec<usize> = (0..conns.len()).filter(|&i| !matches!(conns[i].phase, Phase::Done)).collect();
        if live.is_empty() {
            break;
        }
        fds.clear();
        for &i in &live {
            let events = if matches!(conns[i].phase, Phase::Send) { libc::POLLOUT } else { libc::POLLIN };
            fds.push(libc::pollfd { fd: conns[i].sock.as_raw_fd(), events, revents: 0 });
        }
        // SAFETY: `fds` is a live, initialised array of `fds.len()` pollfd structs.
        let ready = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, 100) };
        if ready < 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            out.errors.push(format!("poll: {e}"));
            break;
        }
        for (fd, &i) in fds.iter().zip(&live) {
            if fd.revents == 0 {
                continue;
            }
            let c = &mut conns[i];
            if let Err(e) = c.progress(&plan, &mut out, &mut busy) {
                out.errors.push(format!("connection {}: {e}", c.id));
                if let Phase::Stream { reloads, .. } = c.phase {
                    out.reloads.push(reloads);
                } else if !c.streaming {
                    busy -= 1;
                }
                c.phase = Phase::Done;
            }
        }
    }
    out
}

/// Saves a page every `every` until stopped, as editors do (a new file renamed over the old),
/// each save adding `Load edit N.` to the page's text. Returns the last N.
pub fn edit_every(page: PathBuf, every: Duration, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<usize> {
    std::thread::spawn(move || {
        let original = std::fs::read_to_string(&page).expect("the page to edit");
        let tmp = page.with_file_name(".load-edit.tmp");
        let mut n = 0;
        while !stop.load(Ordering::SeqCst) {
            n += 1;
            std::fs::write(&tmp, format!("{original}\n\nLoad edit {n}.\n")).expect("write the edit");
            std::fs::rename(&tmp, &page).expect("save the edit");
            std::thread::sleep(every);
        }
        n
    })
}
