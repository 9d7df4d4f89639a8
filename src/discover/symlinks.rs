//! The one rule for symbolic links in a site, used by discovery, static and theme files, the
//! preview server's watcher, includes and links: a symlink is followed only when what it
//! leads to is inside the site root. One that leads out of it (`static -> /etc`, a link to `/`
//! in `content/`) or nowhere is not followed, and a warning at the link says so: a site's
//! files must never publish, watch or walk what lies outside the site.

use crate::diagnostics::{display_path, Code, Diagnostic};
use std::path::{Path, PathBuf};
use walkdir::{DirEntry, WalkDir};

/// Where a symlink leads, seen from the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// Not a symlink (or nothing there at all).
    NotSymlink,
    /// A symlink to somewhere inside the site root: followed.
    Inside,
    /// A symlink that leads out of the site root (to this place): not followed.
    Outside(PathBuf),
    /// A symlink to nothing (or a loop of links): not followed.
    Broken,
}

/// What the path at `path` is, for a site whose root is `root`. Only the last component is
/// looked at as a link; a link among the parents was judged when they were walked.
pub fn classify(root: &Path, path: &Path) -> Link {
    let is_link = std::fs::symlink_metadata(path).map(|m| m.file_type().is_symlink()).unwrap_or(false);
    if !is_link {
        return Link::NotSymlink;
    }
    let Ok(target) = std::fs::canonicalize(path) else { return Link::Broken };
    // The root as the system spells it, so that a root reached through a link compares truly.
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if target.starts_with(&root) {
        Link::Inside
    } else {
        Link::Outside(target)
    }
}

/// Why the symlink at `path` is not followed, or None when it is followed (or is no symlink).
pub fn not_followed(root: &Path, path: &Path) -> Option<String> {
    let shown = display_path(root, path);
    match classify(root, path) {
        Link::NotSymlink | Link::Inside => None,
        Link::Outside(to) => Some(format!(
            "{} is a symlink to {}, outside the site root; guidebook does not follow it",
            shown.display(),
            to.display()
        )),
        Link::Broken => {
            Some(format!("{} is a symlink that leads nowhere; guidebook does not follow it", shown.display()))
        }
    }
}

/// The warning at a symlink that is not followed (None when it is followed).
pub fn warning(root: &Path, path: &Path) -> Option<Diagnostic> {
    let msg = not_followed(root, path)?;
    Some(
        Diagnostic::file_warning(display_path(root, path), msg)
            .with_code(Code::Symlink)
            .with_hint("copy the files into the site, or point the link at a place inside the site folder"),
    )
}

/// Walks `dir` (below the site root `root`) in file-name order, following the symlinks that
/// stay inside the root and skipping, with a warning each, those that do not (also `dir`
/// itself). `keep` prunes entries below `dir` (hidden files). A link back to one of its own
/// folders is a warning too, not an endless walk. Read errors are returned for the caller.
pub fn walk(
    root: &Path,
    dir: &Path,
    mut keep: impl FnMut(&DirEntry) -> bool,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<walkdir::Result<DirEntry>> {
    if let Some(w) = warning(root, dir) {
        warnings.push(w);
        return Vec::new();
    }
    let (mut found, mut loops) = (Vec::new(), Vec::new());
    let walker = WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter().filter_entry(|e| {
        if e.depth() > 0 && !keep(e) {
            return false;
        }
        if e.depth() > 0 && e.path_is_symlink() {
            if let Some(w) = warning(root, e.path()) {
                warnings.push(w);
                return false;
            }
        }
        true
    });
    for entry in walker {
        match entry {
            Err(e) if e.loop_ancestor().is_some() => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                let shown = display_path(root, &path);
                let msg = format!(
                    "{} is a symlink to a folder that contains it; guidebook does not follow it",
                    shown.display()
                );
                loops.push(Diagnostic::file_warning(shown, msg).with_code(Code::Symlink).with_hint("remove the link"));
            }
            // A link to nothing cannot be followed to learn what it is: a warning, not an error.
            Err(e) if e.path().and_then(|p| warning(root, p)).is_some() => {
                loops.extend(e.path().and_then(|p| warning(root, p)));
            }
            other => found.push(other),
        }
    }
    warnings.extend(loops);
    found
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_inside_are_followed_and_links_outside_are_not() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "x").unwrap();
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir_all(root.join("static/css")).unwrap();
        std::fs::write(root.join("static/css/a.css"), "a").unwrap();
        symlink(outside.path(), root.join("static/out")).unwrap();
        symlink(root.join("static/css"), root.join("static/again")).unwrap();
        symlink(root.join("static"), root.join("static/css/up")).unwrap();
        symlink(root.join("nothing"), root.join("static/dangling")).unwrap();
        assert_eq!(classify(root, &root.join("static/again")), Link::Inside);
        assert!(matches!(classify(root, &root.join("static/out")), Link::Outside(_)));
        assert_eq!(classify(root, &root.join("static/dangling")), Link::Broken);
        assert_eq!(classify(root, &root.join("static/css/a.css")), Link::NotSymlink);
        let mut warnings = Vec::new();
        let files: Vec<String> = walk(root, &root.join("static"), |_| true, &mut warnings)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| display_path(root, e.path()).to_string_lossy().into_owned())
            .collect();
        assert_eq!(files, ["static/again/a.css", "static/css/a.css"]);
        let text: Vec<String> = warnings.iter().map(|w| w.message.clone()).collect();
        assert_eq!(warnings.len(), 4, "{text:?}");
        assert!(text.iter().any(|m| m.starts_with("static/out is a symlink to ")), "{text:?}");
        assert!(text.iter().any(|m| m.starts_with("static/dangling is a symlink that leads nowhere")), "{text:?}");
    }
}
