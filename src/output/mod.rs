//! Atomic output: the new site is written into a staging folder beside the output folder and
//! swapped in with one `renameat2(RENAME_EXCHANGE)`, so readers never see a half-written site
//! and a failed build leaves the old one untouched. Only a folder guidebook provably wrote is
//! replaced ([`owner`]), one build at a time ([`lock`]); an output that is a mount
//! point is staged inside itself and filled in place ([`mount`]).

pub(crate) mod lock;
pub(crate) mod mount;
pub(crate) mod owner;
pub(crate) mod publish;

use crate::diagnostics::{Code, Diagnostic};
use lock::{LockError, OutputLock};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The file that marks an output folder as guidebook's own (see [`owner`]).
pub use owner::MARKER;
const STAGING_TAG: &str = ".guidebook-staging-";

/// A staging folder being filled; dropped without [`Staging::commit`], it is removed.
pub(crate) struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
    /// Every file written, for the marker's list.
    written: Mutex<Vec<String>>,
    /// The folders made so far (with every folder above each), by path below `dir`: a file's
    /// folder is made once, not asked for again per file. `create_dir_all` on a folder that
    /// exists fails its `mkdir` and then checks with a `stat`: two wasted calls for each of
    /// ~3,800 files (search shards and chunks, section pages) of a 2 x 10,000-page site (strace).
    folders: Mutex<rustc_hash::FxHashSet<String>>,
    /// The output is a mount point: staged inside it and moved in entry by entry.
    in_place: bool,
    /// Held until the new site is in place.
    _lock: OutputLock,
}

fn refuse(out: &Path, why: String, hint: &str) -> Diagnostic {
    Diagnostic::file_error(out, why).with_code(Code::Output).with_hint(hint.to_string())
}
/// An absolute, `..`-free form of a path that may not exist yet.
fn absolute(path: &Path) -> io::Result<PathBuf> {
    let abs = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir()?.join(path) };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    // Resolve symlinks in the part that exists, so `out` and `root` compare truly.
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name().map(|n| n.to_os_string()), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = std::fs::canonicalize(&existing).unwrap_or(existing);
    resolved.extend(rest.into_iter().rev());
    Ok(resolved)
}

/// Checks that `out` may be (re)placed for the site at `root` and opens a staging folder.
pub(crate) fn prepare(out: &Path, root: &Path) -> Result<Staging, Diagnostic> {
    let target = absolute(out).map_err(|e| io_refusal(out, e))?;
    let mount = mount::is_mount_point(&target);
    prepare_as(out, root, mount)
}

fn io_refusal(out: &Path, e: io::Error) -> Diagnostic {
    Diagnostic::file_error(out, format!("cannot prepare the output folder: {e}")).with_code(Code::Output)
}

/// Top-level names inside an output on its own file system that are not the site's: the file
/// system's `lost+found`, and staging folders of in-place builds.
fn mount_keep(name: &str) -> bool {
    name == "lost+found" || name.starts_with(STAGING_TAG)
}

fn plain_keep(_name: &str) -> bool {
    false
}

/// [`prepare`], told whether `out` is a mount point (tests inject it: mounting needs root).
pub(crate) fn prepare_as(out: &Path, root: &Path, mount: bool) -> Result<Staging, Diagnostic> {
    let io_err = |e: io::Error| io_refusal(out, e);
    let target = absolute(out).map_err(io_err)?;
    let root = absolute(root).map_err(io_err)?;
    let hint = "choose another --out, such as ROOT/public";
    if root.starts_with(&target) {
        return Err(refuse(
            out,
            "the output folder would contain the site's own files (it is the root or above it)".into(),
            hint,
        ));
    }
    for src in crate::config::SOURCE_DIRS {
        let dir = root.join(src);
        if target.starts_with(&dir) {
            return Err(refuse(out, format!("the output folder is inside {src}/, among the site's sources"), hint));
        }
    }
    if target.exists() && !target.is_dir() {
        return Err(refuse(out, "the output path exists and is not a folder".into(), hint));
    }
    let parent = target.parent().ok_or_else(|| refuse(out, "the output folder has no parent".into(), hint))?;
    std::fs::create_dir_all(parent).map_err(io_err)?;
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // The lock first: the ownership check and the leftover cleanup must not race another build.
    let lock = match lock::try_lock(&lock::lock_path(parent, &name)) {
        Ok(lock) => lock,
        Err(LockError::Busy(pid)) => {
            let who = pid.map(|p| format!(" (process {p})")).unwrap_or_default();
            return Err(refuse(
                out,
                format!("another guidebook build{who} is writing {} now", out.display()),
                "wait for it to finish and build again, or build into another --out",
            ));
        }
        Err(LockError::Io(e)) => return Err(io_err(e)),
    };
    let keep: &dyn Fn(&str) -> bool = if mount { &mount_keep } else { &plain_keep };
    if target.exists() {
        owner::check(&target, out, keep).map_err(|r| refuse(out, r.why, &r.hint))?;
    }
    let dir = if mount {
        remove_leftovers(&target, "");
        target.join(format!("{STAGING_TAG}{}", std::process::id()))
    } else {
        let prefix = format!(".{name}{STAGING_TAG}");
        remove_leftovers(parent, &prefix);
        parent.join(format!("{prefix}{}", std::process::id()))
    };
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir(&dir).map_err(io_err)?;
    owner::write(&dir, Vec::new()).map_err(io_err)?;
    Ok(Staging {
        target,
        dir,
        committed: false,
        written: Mutex::new(Vec::new()),
        folders: Mutex::default(),
        in_place: mount,
        _lock: lock,
    })
}

/// Removes staging folders (`prefix` then a process id) of builds that were killed before
/// they could clean up: those that hold the marker, and empty ones (a build killed between
/// making the folder and marking it, or after removing the marker, last, from an old site).
/// A folder whose process is still running is left alone: it may be a live build's.
fn remove_leftovers(parent: &Path, prefix: &str) {
    for entry in std::fs::read_dir(parent).into_iter().flatten().flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(prefix) else { continue };
        let Some(rest) = rest.strip_prefix(if prefix.is_empty() { STAGING_TAG } else { "" }) else { continue };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(lock::process_alive) {
            continue;
        }
        if entry.path().join(MARKER).is_file() {
            let _ = remove_marked(&entry.path());
        } else {
            // Removes the folder only if it is empty.
            let _ = std::fs::remove_dir(entry.path());
        }
    }
}

/// Removes a folder guidebook wrote, its marker last: a build killed halfway through leaves a
/// folder the next build still knows as its own (by the marker) and finishes removing.
///
/// The folders two levels down (`en-us/guide/`) are removed side by side on rayon's threads,
/// each by `remove_dir_all`: a rebuild removes the site it replaces before it returns, and on
/// one thread that took 0.4-0.5 s of a 2 x 10,000-page rebuild (24,000 files).
fn remove_marked(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    // What lies two levels down, and the folders one level down that hold it (emptied first).
    let (mut subtrees, mut files, mut folders) = (Vec::new(), Vec::new(), Vec::new());
    for entry in std::fs::read_dir(dir)?.flatten() {
        if entry.file_name() == MARKER {
            continue;
        }
        if !entry.file_type()?.is_dir() {
            files.push(entry.path());
            continue;
        }
        for inner in std::fs::read_dir(entry.path())?.flatten() {
            if inner.file_type()?.is_dir() { &mut subtrees } else { &mut files }.push(inner.path());
        }
        folders.push(entry.path());
    }
    subtrees.par_iter().try_for_each(std::fs::remove_dir_all)?;
    files.par_iter().try_for_each(std::fs::remove_file)?;
    for folder in folders {
        std::fs::remove_dir(folder)?;
    }
    std::fs::remove_file(dir.join(MARKER))?;
    std::fs::remove_dir(dir)
}

impl Staging {
    /// The staging folder.
    #[cfg(test)]
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    fn record(&self, rel: &str) {
        if let Ok(mut written) = self.written.lock() {
            written.push(rel.to_string());
        }
    }

    /// Writes one file of the new site (`rel` uses `/`).
    pub(crate) fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.dir.join(rel);
        self.record(rel);
        let result = self.make_folder_of(rel, &path).and_then(|_| std::fs::write(&path, bytes));
        result.map_err(|e| mount::explain(e, &path, &self.target))
    }

    /// Makes the folder file `rel` (at `path`) goes in, unless this staging made it already.
    fn make_folder_of(&self, rel: &str, path: &Path) -> io::Result<()> {
        let (Some((folder, _)), Some(parent)) = (rel.rsplit_once('/'), path.parent()) else {
            // A file at the top: the staging folder itself exists.
            return Ok(());
        };
        if self.folders.lock().unwrap_or_else(|p| p.into_inner()).contains(folder) {
            return Ok(());
        }
        std::fs::create_dir_all(parent)?;
        // The folder and those above it, up to the first one already known (whose own are known).
        let mut folders = self.folders.lock().unwrap_or_else(|p| p.into_inner());
        let mut at = folder;
        while folders.insert(at.to_string()) {
            match at.rsplit_once('/') {
                Some((up, _)) => at = up,
                None => break,
            }
        }
        Ok(())
    }

    /// Copies a file into the new site.
    pub(crate) fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        let path = self.dir.join(rel);
        self.record(rel);
        let result = self.make_folder_of(rel, &path).and_then(|_| std::fs::copy(from, &path).map(|_| ()));
        result.map_err(|e| mount::explain(e, &path, &self.target))
    }

    /// Puts the new site in place of the old in one step and removes the old.
    pub(crate) fn commit(mut self) -> io::Result<()> {
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(|p| p.into_inner()));
        owner::write(&self.dir, written).map_err(|e| mount::explain(e, &self.dir.join(MARKER), &self.target))?;
        if self.in_place {
            let mut aside = self.dir.clone().into_os_string();
            aside.push("-old");
            mount::swap_in_place(&self.target, &self.dir, Path::new(&aside), MARKER, &mount_keep)?;
        } else if self.target.exists() {
            match exchange(&self.dir, &self.target) {
                Ok(()) => {}
                Err(_) => {
                    // No RENAME_EXCHANGE here (another OS, some file systems): two renames, with
                    // the old site moved aside first so it is never deleted before the new is in.
                    // The aside name is a staging name, so a later build removes it if this one
                    // is killed before it does.
                    let mut aside = self.dir.clone().into_os_string();
                    aside.push("-old");
                    let aside = PathBuf::from(aside);
                    std::fs::rename(&self.target, &aside)?;
                    if let Err(e) = std::fs::rename(&self.dir, &self.target) {
                        let _ = std::fs::rename(&aside, &self.target);
                        return Err(e);
                    }
                    std::fs::rename(&aside, &self.dir)?;
                }
            }
            // The staging path now holds the old site (with its marker, or an empty folder).
            let _ = remove_marked(&self.dir).or_else(|_| std::fs::remove_dir(&self.dir));
        } else {
            std::fs::rename(&self.dir, &self.target)?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_marked(&self.dir);
        }
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let cb = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both are valid NUL-terminated paths; renameat2 reads them and touches no memory of ours.
    let rc =
        unsafe { libc::renameat2(libc::AT_FDCWD, ca.as_ptr(), libc::AT_FDCWD, cb.as_ptr(), libc::RENAME_EXCHANGE) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::new(io::ErrorKind::Unsupported, "no atomic exchange on this OS"))
}

/// Where rendered files go: a staging folder for `build`, memory for `serve`.
pub trait Sink: Sync {
    /// Stores one file of the site (`rel` uses `/`, no leading slash).
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;
    /// Stores a copy of a file on disk.
    fn copy(&self, rel: &str, from: &Path) -> io::Result<()>;
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        Staging::write(self, rel, bytes)
    }
    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        Staging::copy(self, rel, from)
    }
}

/// A sink that keeps nothing: `check` runs the whole pipeline without writing a site.
pub(crate) struct NullSink;

impl Sink for NullSink {
    fn write(&self, _rel: &str, _bytes: &[u8]) -> io::Result<()> {
        Ok(())
    }
    fn copy(&self, _rel: &str, from: &Path) -> io::Result<()> {
        // The file must still be readable, as a build would need it.
        std::fs::metadata(from).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn a_mount_point_is_filled_in_place_and_keeps_its_own_entries() {
        let tmp = tempfile::tempdir().unwrap();
        let (root, mnt) = (tmp.path().join("site"), tmp.path().join("mnt"));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::create_dir_all(mnt.join("lost+found")).unwrap();

        let staging = prepare_as(&mnt, &root, true).unwrap();
        assert_eq!(staging.dir().parent(), Some(mnt.as_path()), "staged inside the mount point");
        staging.write("index.html", b"one").unwrap();
        staging.write("en-us/a/index.html", b"a").unwrap();
        staging.commit().unwrap();
        assert_eq!(names(&mnt), [".guidebook-output", "en-us", "index.html", "lost+found"]);
        let record = owner::read(&mnt).unwrap();
        assert_eq!(record.files, ["en-us/a/index.html", "index.html"]);

        // The next build replaces the contents, not the folder.
        let staging = prepare_as(&mnt, &root, true).unwrap();
        staging.write("index.html", b"two").unwrap();
        staging.commit().unwrap();
        assert_eq!(names(&mnt), [".guidebook-output", "index.html", "lost+found"]);
        assert_eq!(std::fs::read(mnt.join("index.html")).unwrap(), b"two");

        // A file of someone else's there: refused, untouched.
        std::fs::write(mnt.join("notes.txt"), "mine").unwrap();
        let refusal = prepare_as(&mnt, &root, true).err().unwrap();
        assert!(refusal.message.contains("did not write"), "{refusal:?}");
        assert!(refusal.message.contains("notes.txt"), "{refusal:?}");
        assert_eq!(std::fs::read_to_string(mnt.join("notes.txt")).unwrap(), "mine");
    }

    #[test]
    fn a_plain_folder_is_staged_beside_it() {
        let tmp = tempfile::tempdir().unwrap();
        let (root, out) = (tmp.path().join("site"), tmp.path().join("out"));
        std::fs::create_dir_all(&root).unwrap();
        let staging = prepare(&out, &root).unwrap();
        assert_eq!(staging.dir().parent(), Some(tmp.path()));
        staging.write("index.html", b"x").unwrap();
        staging.commit().unwrap();
        assert_eq!(names(&out), [".guidebook-output", "index.html"]);
    }

    #[test]
    fn each_folder_is_made_once_and_known_with_those_above_it() {
        use rayon::prelude::*;
        let tmp = tempfile::tempdir().unwrap();
        let (root, out) = (tmp.path().join("site"), tmp.path().join("out"));
        std::fs::create_dir_all(&root).unwrap();
        let staging = prepare(&out, &root).unwrap();
        // Deepest first, then a folder above it (known), then a sibling (not known: made).
        for rel in ["en-us/a/b/index.html", "en-us/a/index.html", "en-us/c/index.html", "index.html"] {
            staging.write(rel, rel.as_bytes()).unwrap();
        }
        let mut known: Vec<String> = staging.folders.lock().unwrap().iter().cloned().collect();
        known.sort();
        assert_eq!(known, ["en-us", "en-us/a", "en-us/a/b", "en-us/c"]);
        // Many files into shared folders from several threads at once: every one written.
        let rels: Vec<String> = (0..400).map(|n| format!("ko-kr/s{}/p{}/index.html", n % 7, n % 13)).collect();
        rels.par_iter().for_each(|rel| staging.write(rel, b"x").unwrap());
        staging.commit().unwrap();
        for rel in rels.iter().chain([&"en-us/a/b/index.html".to_string()]) {
            assert!(out.join(rel).is_file(), "{rel}");
        }
        assert_eq!(std::fs::read(out.join("en-us/a/index.html")).unwrap(), b"en-us/a/index.html");
    }
}
