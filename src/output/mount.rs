//! The output folder's file system: an `--out` that is a mount point cannot be renamed or
//! swapped (EBUSY, found only after the whole build), so it is detected first and the new site
//! is staged inside it and moved in entry by entry; a full disk is told as such, naming the
//! path and the room the staging copy needs.

use std::io;
use std::path::Path;

/// True when `dir` is a mount point: on another device than its parent, or the root itself.
pub fn is_mount_point(dir: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let Ok(own) = std::fs::symlink_metadata(dir) else { return false };
        if !own.is_dir() {
            return false;
        }
        let Ok(up) = std::fs::metadata(dir.join("..")) else { return false };
        own.dev() != up.dev() || own.ino() == up.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        false
    }
}

/// Puts the site staged in `staging` (a folder inside `target`) in place of `target`'s old
/// contents without renaming `target` itself: the old entries go into `aside` (also inside
/// it), the new ones move in, the new marker replaces the old in one rename (so the folder is
/// marked at every moment), and `aside` is removed. Entries for which `keep` is true
/// (`lost+found`, staging folders) stay where they are.
pub fn swap_in_place(
    target: &Path,
    staging: &Path,
    aside: &Path,
    marker: &str,
    keep: &dyn Fn(&str) -> bool,
) -> io::Result<()> {
    std::fs::create_dir_all(aside)?;
    for entry in std::fs::read_dir(target)?.flatten() {
        let name = entry.file_name();
        let text = name.to_string_lossy();
        if text == marker || keep(&text) || entry.path() == staging || entry.path() == aside {
            continue;
        }
        std::fs::rename(entry.path(), aside.join(&name))?;
    }
    for entry in std::fs::read_dir(staging)?.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy() == marker {
            continue;
        }
        std::fs::rename(entry.path(), target.join(&name))?;
    }
    std::fs::rename(staging.join(marker), target.join(marker))?;
    std::fs::remove_dir(staging)?;
    std::fs::remove_dir_all(aside)
}

/// Says what a failed write means when the disk is full: which path, and that the build keeps
/// a whole second copy of the site beside the old one until the swap. Other errors pass as
/// they are.
pub fn explain(e: io::Error, path: &Path, target: &Path) -> io::Error {
    #[cfg(unix)]
    let full = e.raw_os_error() == Some(libc::ENOSPC);
    #[cfg(not(unix))]
    let full = false;
    if !full {
        return e;
    }
    io::Error::new(
        e.kind(),
        format!(
            "no space left on the device writing {}: the new site is staged as a complete second copy \
             beside the old one in {} until it is swapped in, so the disk needs room for both sites; \
             free space there or build into an --out on a larger disk",
            path.display(),
            target.display()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mount_points_are_told_from_plain_folders() {
        assert!(is_mount_point(Path::new("/")));
        assert!(is_mount_point(Path::new("/proc")), "/proc is mounted on Linux");
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("out")).unwrap();
        assert!(!is_mount_point(&tmp.path().join("out")));
        assert!(!is_mount_point(&tmp.path().join("missing")));
    }

    #[test]
    fn a_full_disk_names_the_path_and_the_room_needed() {
        let e = io::Error::from_raw_os_error(libc::ENOSPC);
        let told = explain(e, Path::new("/srv/.public.guidebook-staging-7/en-us/a/index.html"), Path::new("/srv"));
        let text = told.to_string();
        assert!(text.contains("/srv/.public.guidebook-staging-7/en-us/a/index.html"), "{text}");
        assert!(text.contains("room for both sites"), "{text}");
        let other = explain(io::Error::from_raw_os_error(libc::EACCES), Path::new("x"), Path::new("y"));
        assert_eq!(other.raw_os_error(), Some(libc::EACCES));
    }
}
