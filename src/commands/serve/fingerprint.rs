//! What the site's source files look like on disk (size, modification time, inode of each),
//! taken without opening any of them. When file events were lost, comparing with the
//! fingerprint taken before the last full build tells whether anything changed at all: a full
//! build opens every source file, and on a big site under load those opens alone can overflow
//! the system's event queue, which must not start another full build, and so on forever.

use crate::config::SOURCE_DIRS;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The state of every source file (and folder) of a site at one moment.
#[derive(Debug, PartialEq, Eq)]
pub struct Fingerprint(HashMap<PathBuf, (u64, Option<SystemTime>, u64)>);

impl Fingerprint {
    /// Reads the state of `site.toml` and of everything below the source folders of `root`.
    pub fn of(root: &Path) -> Fingerprint {
        let mut files = HashMap::new();
        // A source folder that is a symlink out of the site is not read, so not looked at.
        let roots = SOURCE_DIRS
            .iter()
            .map(|d| root.join(d))
            .filter(|d| crate::discover::symlinks::not_followed(root, d).is_none())
            .chain([root.join("site.toml")]);
        for entry in roots.flat_map(|r| walkdir::WalkDir::new(r).follow_links(false)).flatten() {
            if let Ok(meta) = entry.metadata() {
                files.insert(entry.into_path(), (meta.len(), meta.modified().ok(), inode(&meta)));
            }
        }
        Fingerprint(files)
    }
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.ino()
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> u64 {
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_change_to_the_sources_changes_it_and_nothing_else_does() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/en-us")).unwrap();
        std::fs::write(root.join("site.toml"), "title = \"x\"\n").unwrap();
        let page = root.join("content/en-us/index.md");
        std::fs::write(&page, "# Home\n").unwrap();
        let before = Fingerprint::of(root);
        // Reading, and files outside the sources, change nothing.
        std::fs::read(&page).unwrap();
        std::fs::write(root.join("notes.txt"), "x").unwrap();
        assert_eq!(Fingerprint::of(root), before);
        // A page replaced by one of the same size (as git does) is a change.
        std::fs::remove_file(&page).unwrap();
        std::fs::write(&page, "# Hone\n").unwrap();
        assert_ne!(Fingerprint::of(root), before);
        let again = Fingerprint::of(root);
        std::fs::create_dir_all(root.join("templates")).unwrap();
        assert_ne!(Fingerprint::of(root), again, "a new source folder is a change");
    }
}
