//! guidebook's patch: what one client may ask of the server, so that no client (a slow one, a
//! hostile one, or a thousand at once) can hold the server's threads or memory.

use std::io;
use std::sync::Mutex;
use std::time::{Duration, Instant};

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

/// When the current read phase of a connection must end: shared by the connection's reader
/// (which sets it per request) and the socket (which waits no longer than it says).
#[derive(Debug, Default)]
pub struct Deadline {
    at: Mutex<Option<Instant>>,
}

impl Deadline {
    /// Reads must be done within `wait` from now.
    pub fn set(&self, wait: Duration) {
        *self.at.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now() + wait);
    }

    /// Reads wait at most `IO_TIMEOUT` each (a request body, say).
    pub fn clear(&self) {
        *self.at.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// How long the next read may wait: what is left before the deadline, else `IO_TIMEOUT`.
    /// `Err(TimedOut)` once the deadline has passed.
    pub fn wait(&self) -> io::Result<Duration> {
        match *self.at.lock().unwrap_or_else(|e| e.into_inner()) {
            None => Ok(IO_TIMEOUT),
            Some(at) => {
                let left = at.saturating_duration_since(Instant::now());
                // A zero socket timeout means "no timeout": anything under a millisecond is over.
                if left < Duration::from_millis(1) {
                    Err(timed_out())
                } else {
                    Ok(left.min(IO_TIMEOUT))
                }
            }
        }
    }
}

/// The error of a read that waited too long (sockets say WouldBlock on Unix, TimedOut elsewhere).
pub fn timed_out() -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, "the client sent nothing in time")
}
