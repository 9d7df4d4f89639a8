//! Live reload over Server-Sent Events: each open `/__livereload` stream has a channel; a
//! rebuild broadcasts one event to all of them. Streams are capped so one client cannot
//! exhaust the server, and a quiet stream gets a comment now and then so proxies keep it open.

use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Open event streams at most.
pub const MAX_STREAMS: usize = 64;

/// The senders of all open streams.
#[derive(Default)]
pub struct Broadcaster {
    streams: Mutex<Vec<Sender<String>>>,
}

/// One event, formatted for the wire.
pub fn event(name: &str, data: &str) -> String {
    let mut s = format!("event: {name}\n");
    for line in data.split('\n') {
        s.push_str("data: ");
        s.push_str(line);
        s.push('\n');
    }
    s.push('\n');
    s
}

impl Broadcaster {
    /// Opens a stream that starts with `first`; None when too many are open.
    pub fn open(self: &Arc<Self>, first: String) -> Option<EventStream> {
        let mut streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
        streams.retain(|s| s.send(": ping\n\n".into()).is_ok());
        if streams.len() >= MAX_STREAMS {
            return None;
        }
        let (tx, rx) = mpsc::channel();
        streams.push(tx);
        Some(EventStream { rx, first })
    }

    /// Sends an event to every open stream, forgetting the closed ones.
    pub fn send(&self, name: &str, data: &str) {
        let text = event(name, data);
        self.streams.lock().unwrap_or_else(|e| e.into_inner()).retain(|s| s.send(text.clone()).is_ok());
    }
}

/// One open event stream: the channel its events arrive on.
pub struct EventStream {
    rx: Receiver<String>,
    first: String,
}

impl EventStream {
    /// Writes the stream to a client until it goes away: the response head, the first events,
    /// then each event as it comes (flushed at once), with a comment every 15 s of quiet.
    pub fn run(self, mut out: impl Write) {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\nX-Accel-Buffering: no\r\nConnection: close\r\n\r\n";
        let mut next = format!("{head}{}", self.first);
        loop {
            if out.write_all(next.as_bytes()).and_then(|()| out.flush()).is_err() {
                return; // the browser closed the tab; dropping `rx` unregisters the stream
            }
            next = match self.rx.recv_timeout(Duration::from_secs(15)) {
                Ok(text) => text,
                Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
                Err(RecvTimeoutError::Disconnected) => return,
            };
        }
    }
}
