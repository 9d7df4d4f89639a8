//! Atomic output: the new site is written into a staging folder beside the output folder and
//! swapped in with one `renameat2(RENAME_EXCHANGE)`, so readers never see a half-written site
//! and a failed build leaves the old one untouched. Only a folder guidebook made is replaced.

use crate::diagnostics::Diagnostic;
use std::io;
use std::path::{Path, PathBuf};

/// The file that marks an output folder as guidebook's own, safe to replace.
pub const MARKER: &str = ".guidebook-output";
const MARKER_TEXT: &str = "This folder is written by guidebook and replaced on every build. Do not keep files here.\n";
const STAGING_TAG: &str = ".guidebook-staging-";

/// A staging folder being filled; dropped without [`Staging::commit`], it is removed.
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
}

fn refuse(out: &Path, why: String, hint: &str) -> Diagnostic {
    Diagnostic::error(out, 0, 0, why).with_code("output").with_hint(hint.to_string())
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
pub fn prepare(out: &Path, root: &Path) -> Result<Staging, Diagnostic> {
    let io_err = |e: io::Error| {
        Diagnostic::error(out, 0, 0, format!("cannot prepare the output folder: {e}")).with_code("output")
    };
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
    for src in ["content", "themes", "locales", "templates", "static"] {
        let dir = root.join(src);
        if target.starts_with(&dir) {
            return Err(refuse(out, format!("the output folder is inside {src}/, among the site's sources"), hint));
        }
    }
    if target.exists() {
        if !target.is_dir() {
            return Err(refuse(out, "the output path exists and is not a folder".into(), hint));
        }
        let empty = std::fs::read_dir(&target).map_err(io_err)?.next().is_none();
        if !empty && !target.join(MARKER).is_file() {
            let why = format!(
                "{} exists, is not empty and was not written by guidebook (no {MARKER} in it); it is left untouched",
                out.display()
            );
            return Err(refuse(
                out,
                why,
                "move the folder away or choose another --out; guidebook never deletes files it did not write",
            ));
        }
    }
    let parent = target.parent().ok_or_else(|| refuse(out, "the output folder has no parent".into(), hint))?;
    std::fs::create_dir_all(parent).map_err(io_err)?;
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    remove_leftovers(parent, &name);
    let dir = parent.join(format!(".{name}{STAGING_TAG}{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir(&dir).map_err(io_err)?;
    std::fs::write(dir.join(MARKER), MARKER_TEXT).map_err(io_err)?;
    Ok(Staging { target, dir, committed: false })
}

/// Removes staging folders of builds that were killed before they could clean up: those that
/// hold the marker, and empty ones (a build killed between making the folder and marking it,
/// or after removing the marker, last, from an old site).
fn remove_leftovers(parent: &Path, name: &str) {
    let prefix = format!(".{name}{STAGING_TAG}");
    for entry in std::fs::read_dir(parent).into_iter().flatten().flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if !file_name.starts_with(&prefix) {
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
fn remove_marked(dir: &Path) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)?.flatten() {
        if entry.file_name() == MARKER {
            continue;
        }
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())?;
        } else {
            std::fs::remove_file(entry.path())?;
        }
    }
    std::fs::remove_file(dir.join(MARKER))?;
    std::fs::remove_dir(dir)
}

impl Staging {
    /// The staging folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one file of the new site (`rel` uses `/`).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)
    }

    /// Copies a file into the new site.
    pub fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(from, path).map(|_| ())
    }

    /// Puts the new site in place of the old in one step and removes the old.
    pub fn commit(mut self) -> io::Result<()> {
        if self.target.exists() {
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
pub struct NullSink;

impl Sink for NullSink {
    fn write(&self, _rel: &str, _bytes: &[u8]) -> io::Result<()> {
        Ok(())
    }
    fn copy(&self, _rel: &str, from: &Path) -> io::Result<()> {
        // The file must still be readable, as a build would need it.
        std::fs::metadata(from).map(|_| ())
    }
}
