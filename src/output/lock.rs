//! One build at a time per output folder: an advisory `flock` on a lock file beside it, held
//! from the ownership check until the new site is in place. Two builds into one `--out` at once
//! used to remove each other's staging folders and publish a partial site; now the second one
//! refuses at once, naming the output and the process that holds it.

use std::fs::File;
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// A held lock on an output folder; released when dropped (or when the process ends, however
/// it ends: the kernel drops a dead process's `flock`s, so a killed build never leaves a
/// stale lock behind).
#[derive(Debug)]
pub struct OutputLock {
    _file: File,
    /// The lock file (shown in the lock's `Debug` form; no code reads it).
    #[allow(dead_code)]
    pub path: PathBuf,
}

/// Why the lock could not be taken.
#[derive(Debug)]
pub enum LockError {
    /// Another live process holds it; its id, as it wrote it, when readable.
    Busy(Option<u32>),
    /// The lock file could not be made or locked.
    Io(io::Error),
}

/// The lock file for an output folder named `name` inside `parent` (beside the output, never
/// inside it: the output folder itself is swapped away by the build).
pub fn lock_path(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.guidebook-lock"))
}

/// Takes the lock without waiting. The file is never deleted: deleting a lock file lets a
/// third process lock a new file while a second still holds the old one.
pub fn try_lock(path: &Path) -> Result<OutputLock, LockError> {
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(LockError::Io)?;
    if let Err(e) = flock_exclusive(&file) {
        if e.kind() == io::ErrorKind::WouldBlock {
            let mut text = String::new();
            let _ = file.read_to_string(&mut text);
            return Err(LockError::Busy(text.trim().parse().ok()));
        }
        return Err(LockError::Io(e));
    }
    // Who holds it, for the message the next build shows.
    let _ = file.set_len(0).and_then(|_| file.rewind()).and_then(|_| write!(file, "{}", std::process::id()));
    Ok(OutputLock { _file: file, path: path.to_path_buf() })
}

#[cfg(unix)]
fn flock_exclusive(file: &File) -> io::Result<()> {
    use std::os::unix::io::AsRawFd;
    // SAFETY: flock only reads the descriptor number, which `file` keeps open.
    let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if rc == 0 {
        Ok(())
    } else {
        let e = io::Error::last_os_error();
        if e.raw_os_error() == Some(libc::EWOULDBLOCK) {
            Err(io::Error::new(io::ErrorKind::WouldBlock, e))
        } else {
            Err(e)
        }
    }
}

#[cfg(not(unix))]
fn flock_exclusive(_file: &File) -> io::Result<()> {
    // No advisory locks here: builds into one folder are not kept apart (see the README).
    Ok(())
}

/// True when a process with this id is running (a staging folder named after it may still be
/// being written). Unknown means alive: a folder is kept rather than deleted under a build.
pub fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else { return false };
        // SAFETY: signal 0 sends nothing; it only asks whether the process exists.
        let rc = unsafe { libc::kill(pid, 0) };
        rc == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_one_file_is_refused_with_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let path = lock_path(dir.path(), "public");
        let held = try_lock(&path).unwrap();
        match try_lock(&path) {
            Err(LockError::Busy(pid)) => assert_eq!(pid, Some(std::process::id())),
            other => panic!("expected busy, got {other:?}"),
        }
        drop(held);
        assert!(try_lock(&path).is_ok(), "released on drop");
    }

    #[test]
    fn dead_processes_are_told_from_live_ones() {
        assert!(process_alive(std::process::id()));
        assert!(process_alive(1));
        assert!(!process_alive(u32::MAX), "no such process id");
    }
}
