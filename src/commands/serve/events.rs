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

/// What the server tells open pages (livereload.js listens for each by its wire name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// First on every stream: the build the page was served from (a newer one means reload).
    Hello(u64),
    /// The site changed: reload the page.
    Reload,
    /// Only stylesheets changed: swap them without a reload.
    Styles,
    /// The last change failed: show these errors over the page.
    Errors(String),
    /// The search index changed: the search pages at these URLs reload, no others.
    SearchIndex(Vec<String>),
}

impl Event {
    /// The event formatted for the wire.
    pub fn to_wire(&self) -> String {
        match self {
            Event::Hello(build_id) => event("hello", &build_id.to_string()),
            Event::Reload => event("reload", ""),
            Event::Styles => event("css", ""),
            Event::Errors(text) => event("error-report", &serde_json::to_string(text).unwrap_or_default()),
            Event::SearchIndex(pages) => event("search-index", &serde_json::to_string(pages).unwrap_or_default()),
        }
    }
}

fn event(name: &str, data: &str) -> String {
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
    pub fn send(&self, event: &Event) {
        let text = event.to_wire();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_carry_the_names_the_live_reload_script_listens_for() {
        let script = include_str!("livereload.js");
        let events = [
            Event::Hello(7),
            Event::Reload,
            Event::Styles,
            Event::Errors("a\nb".into()),
            Event::SearchIndex(vec!["/en-us/search/".into()]),
        ];
        for e in &events {
            let wire = e.to_wire();
            let name = wire.strip_prefix("event: ").and_then(|w| w.split('\n').next()).unwrap();
            assert!(script.contains(&format!("addEventListener(\"{name}\"")), "{name}");
        }
        assert_eq!(Event::Hello(7).to_wire(), "event: hello\ndata: 7\n\n");
        assert_eq!(Event::Errors("a\nb".into()).to_wire(), "event: error-report\ndata: \"a\\nb\"\n\n");
        assert_eq!(
            Event::SearchIndex(vec!["/en-us/search/".into()]).to_wire(),
            "event: search-index\ndata: [\"/en-us/search/\"]\n\n"
        );
    }
}
