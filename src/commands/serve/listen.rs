//! The listening socket, with a backlog long enough for a burst of connections: the standard
//! library listens with a backlog of 128, so a thousand clients connecting at once (a busy
//! page's assets in many tabs, a load test) would see connections refused or delayed by SYN
//! retries while the accept loop catches up.

use std::net::TcpListener;

/// Connections the kernel queues for the accept loop (capped by the system's somaxconn).
pub const BACKLOG: i32 = 1024;

/// Listens on `bind:port` with a backlog of [`BACKLOG`].
pub fn listen(bind: &str, port: u16) -> std::io::Result<TcpListener> {
    let listener = TcpListener::bind((bind, port))?;
    lengthen_backlog(&listener)?;
    Ok(listener)
}

#[cfg(unix)]
fn lengthen_backlog(listener: &TcpListener) -> std::io::Result<()> {
    use std::os::unix::io::AsRawFd;
    // Calling listen() again on a listening socket only changes its backlog (POSIX; Linux and
    // the BSDs do so).
    // SAFETY: the descriptor belongs to `listener`, which is alive for the whole call.
    if unsafe { libc::listen(listener.as_raw_fd(), BACKLOG) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(unix))]
fn lengthen_backlog(_: &TcpListener) -> std::io::Result<()> {
    Ok(())
}
