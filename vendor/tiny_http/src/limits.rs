//! guidebook's patch: what one client may ask of the server, so that no client (a slow one, a
//! hostile one, or a thousand at once) can hold the server's threads or memory.

use std::io;
use std::sync::Mutex;
use std::time::{Duration, Instant};

// The defaults of [`Limits`] (guidebook's serve uses them unless told otherwise).

/// A request line longer than this is answered 414.
pub const MAX_REQUEST_LINE: usize = 8 * 1024;
/// Header fields longer than this in all are answered 431.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;
/// More header fields than this are answered 431.
pub const MAX_HEADER_FIELDS: usize = 100;
/// A request body longer than this (or any body on GET and HEAD) is answered 413.
pub const MAX_BODY: usize = 64 * 1024;
/// Once its first byte arrived, a request head must be complete within this time (else 408).
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// A connection that starts no new request for this long is closed.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(10);
/// No single read or write on a socket waits longer than this.
pub const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// After a refused request, how long its unread body is read and thrown away before closing,
/// so the client reads the refusal instead of a connection reset.
pub const LINGER: Duration = Duration::from_secs(1);
/// How much of a refused request's body is read and thrown away at most.
pub const MAX_LINGER_BYTES: usize = 1024 * 1024;
/// When accepting a connection fails (out of file descriptors, say), the wait before trying again.
pub const ACCEPT_RETRY: Duration = Duration::from_millis(50);

/// What one client may ask of the server, set per server (`Server::from_listener_with_limits`)
/// rather than as constants, so that a test can see a timeout fire in a second instead of ten.
/// `Limits::default()` holds the constants above.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A request line longer than this is answered 414.
    pub max_request_line: usize,
    /// Header fields longer than this in all are answered 431.
    pub max_header_bytes: usize,
    /// More header fields than this are answered 431.
    pub max_header_fields: usize,
    /// A request body longer than this (or any body on GET and HEAD) is answered 413.
    pub max_body: usize,
    /// Once its first byte arrived, a request head must be complete within this time (else 408).
    pub head_timeout: Duration,
    /// A connection that starts no new request for this long is closed.
    pub idle_timeout: Duration,
    /// No single read or write on a socket waits longer than this.
    pub io_timeout: Duration,
    /// How long a refused request's unread body is read and thrown away before closing.
    pub linger: Duration,
    /// How much of a refused request's body is read and thrown away at most.
    pub max_linger_bytes: usize,
    /// When accepting a connection fails, the wait before trying again.
    pub accept_retry: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_request_line: MAX_REQUEST_LINE,
            max_header_bytes: MAX_HEADER_BYTES,
            max_header_fields: MAX_HEADER_FIELDS,
            max_body: MAX_BODY,
            head_timeout: HEAD_TIMEOUT,
            idle_timeout: IDLE_TIMEOUT,
            io_timeout: IO_TIMEOUT,
            linger: LINGER,
            max_linger_bytes: MAX_LINGER_BYTES,
            accept_retry: ACCEPT_RETRY,
        }
    }
}

/// When the current read phase of a connection must end: shared by the connection's reader
/// (which sets it per request) and the socket (which waits no longer than it says).
#[derive(Debug)]
pub struct Deadline {
    at: Mutex<Option<Instant>>,
    /// The longest single read, with or without a deadline (`Limits::io_timeout`).
    io_timeout: Duration,
}

impl Default for Deadline {
    fn default() -> Self {
        Deadline::new(IO_TIMEOUT)
    }
}

impl Deadline {
    /// No deadline yet; each read waits at most `io_timeout`.
    pub fn new(io_timeout: Duration) -> Self {
        Deadline { at: Mutex::new(None), io_timeout }
    }

    /// Reads must be done within `wait` from now.
    pub fn set(&self, wait: Duration) {
        *self.at.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now() + wait);
    }

    /// Reads wait at most `io_timeout` each (a request body, say).
    pub fn clear(&self) {
        *self.at.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// How long the next read may wait: what is left before the deadline, else `io_timeout`.
    /// `Err(TimedOut)` once the deadline has passed.
    pub fn wait(&self) -> io::Result<Duration> {
        match *self.at.lock().unwrap_or_else(|e| e.into_inner()) {
            None => Ok(self.io_timeout),
            Some(at) => {
                let left = at.saturating_duration_since(Instant::now());
                // A zero socket timeout means "no timeout": anything under a millisecond is over.
                if left < Duration::from_millis(1) {
                    Err(timed_out())
                } else {
                    Ok(left.min(self.io_timeout))
                }
            }
        }
    }
}

/// The error of a read that waited too long (sockets say WouldBlock on Unix, TimedOut elsewhere).
pub fn timed_out() -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, "the client sent nothing in time")
}
