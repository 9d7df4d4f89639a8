//! Proof that an output folder is guidebook's own before a build replaces it. The marker file
//! (`.guidebook-output`) lists every file the build wrote. A folder is replaced only when it
//! holds nothing but those files: a deploy repository into which an old output was copied (its
//! `.git`, `CNAME`, notes) carries the marker too, and its files must never be deleted. A folder
//! with `.git` is never replaced. The marker does not record the folder's path, device or inode:
//! the list alone decides (a copy holding only listed files loses nothing when replaced), and a
//! marker without them is the same bytes for the same sources wherever the site is built, as
//! every other output file is (shard merges and reproducible builds compare whole trees).

use rayon::slice::ParallelSliceMut;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::io;
use std::path::Path;

/// The file that marks an output folder as guidebook's own.
pub const MARKER: &str = ".guidebook-output";
const NOTE: &str = "This folder is written by guidebook and replaced on every build. Do not keep files here.";

/// What the marker records.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Record {
    /// The sentence a person opening the file reads.
    pub note: String,
    /// Every file the build wrote, relative, with `/`, sorted (the marker itself left out).
    pub files: Vec<String>,
}

/// Writes the marker, listing `files`, into `dir`.
pub fn write(dir: &Path, mut files: Vec<String>) -> io::Result<()> {
    // On rayon's threads: ~24,000 paths for 2 x 10,000 pages, sorted while nothing else runs.
    files.par_sort_unstable();
    files.dedup();
    files.retain(|f| f != MARKER);
    let record = Record { note: NOTE.into(), files };
    let text = serde_json::to_string_pretty(&record).map_err(io::Error::other)?;
    std::fs::write(dir.join(MARKER), text + "\n")
}

/// Reads a marker; None when it is missing or not one this guidebook wrote.
pub fn read(dir: &Path) -> Option<Record> {
    let text = std::fs::read_to_string(dir.join(MARKER)).ok()?;
    serde_json::from_str(&text).ok()
}

/// Why a folder may not be replaced, and what to do about it.
#[derive(Debug, PartialEq, Eq)]
pub struct Refusal {
    /// What is wrong.
    pub why: String,
    /// What to do.
    pub hint: String,
}

/// Checks that the existing folder `target` (shown as `shown`) holds nothing guidebook did not
/// write. `keep` names top-level entries that are never the site's and never touched (the
/// staging folders of an in-place build, a file system's `lost+found`).
pub fn check(target: &Path, shown: &Path, keep: &dyn Fn(&str) -> bool) -> Result<(), Refusal> {
    let shown = shown.display();
    let entries: Vec<String> = match std::fs::read_dir(target) {
        Ok(rd) => rd.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).filter(|n| !keep(n)).collect(),
        Err(e) => {
            return Err(Refusal { why: format!("cannot read {shown}: {e}"), hint: "check its permissions".into() })
        }
    };
    if entries.is_empty() {
        return Ok(());
    }
    if entries.iter().any(|n| n == ".git") {
        return Err(Refusal {
            why: format!("{shown} holds a .git repository; guidebook never replaces a folder with one"),
            hint: "build into a folder of its own (such as public/) and copy the site into the repository, \
                   e.g. `rsync -a --delete --exclude .git public/ DEPLOY/`"
                .into(),
        });
    }
    if !entries.iter().any(|n| n == MARKER) {
        return Err(Refusal {
            why: format!(
                "{shown} exists, is not empty and was not written by guidebook (no {MARKER} in it); it is left untouched"
            ),
            hint: "move the folder away or choose another --out; guidebook never deletes files it did not write".into(),
        });
    }
    let Some(record) = read(target) else {
        return Err(Refusal {
            why: format!(
                "{shown} has a {MARKER} that does not list the files guidebook wrote (an older guidebook's, or \
                 copied); it is left untouched"
            ),
            hint: "if nothing in it is yours, delete the folder and build again; else choose another --out".into(),
        });
    };
    let foreign = unlisted(target, &record.files, keep);
    if foreign.is_empty() {
        return Ok(());
    }
    let mut names = foreign.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
    if foreign.len() > 5 {
        names.push_str(&format!(" and {} more", foreign.len() - 5));
    }
    Err(Refusal {
        why: format!("{shown} holds files guidebook did not write: {names}; it is left untouched"),
        hint: "move those files out of the folder, or build into another --out and copy the site where it goes; \
               guidebook never deletes files it did not write"
            .into(),
    })
}

/// Entries under `dir` that are neither a listed file nor a folder holding one, outermost
/// first (a foreign folder is named once, not file by file). Symlinks are never followed.
fn unlisted(dir: &Path, files: &[String], keep: &dyn Fn(&str) -> bool) -> Vec<String> {
    let files: HashSet<&str> = files.iter().map(String::as_str).collect();
    let mut folders: HashSet<&str> = HashSet::new();
    for f in &files {
        let mut rest = *f;
        while let Some((folder, _)) = rest.rsplit_once('/') {
            if !folders.insert(folder) {
                break;
            }
            rest = folder;
        }
    }
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((path, rel)) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&path) else {
            out.push(format!("{rel}/ (unreadable)"));
            continue;
        };
        for entry in rd.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if rel.is_empty() && (name == MARKER || keep(&name)) {
                continue;
            }
            let child = if rel.is_empty() { name } else { format!("{rel}/{name}") };
            let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
            if is_dir && folders.contains(child.as_str()) {
                stack.push((entry.path(), child));
            } else if is_dir || !files.contains(child.as_str()) {
                out.push(if is_dir { format!("{child}/") } else { child });
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_keep(_: &str) -> bool {
        false
    }

    fn site(dir: &Path) {
        std::fs::create_dir_all(dir.join("en-us/guide")).unwrap();
        std::fs::write(dir.join("index.html"), "home").unwrap();
        std::fs::write(dir.join("en-us/guide/index.html"), "guide").unwrap();
        let files = vec!["index.html".to_string(), "en-us/guide/index.html".to_string()];
        write(dir, files).unwrap();
    }

    #[test]
    fn a_folder_holding_only_what_the_build_wrote_is_ours() {
        let tmp = tempfile::tempdir().unwrap();
        site(tmp.path());
        assert_eq!(check(tmp.path(), tmp.path(), &no_keep), Ok(()));
        let record = read(tmp.path()).unwrap();
        assert_eq!(record.files, ["en-us/guide/index.html", "index.html"]);
    }

    #[test]
    fn a_copy_with_a_deploy_repository_is_refused_naming_its_files() {
        let tmp = tempfile::tempdir().unwrap();
        let (public, deploy) = (tmp.path().join("public"), tmp.path().join("deploy"));
        site(&public);
        std::fs::create_dir_all(&deploy).unwrap();
        for f in ["index.html", MARKER] {
            std::fs::copy(public.join(f), deploy.join(f)).unwrap();
        }
        std::fs::write(deploy.join("CNAME"), "docs.example.com").unwrap();
        std::fs::create_dir_all(deploy.join("drafts")).unwrap();
        std::fs::write(deploy.join("drafts/notes.md"), "mine").unwrap();
        let refusal = check(&deploy, Path::new("deploy"), &no_keep).unwrap_err();
        assert!(refusal.why.contains("holds files guidebook did not write"), "{refusal:?}");
        assert!(refusal.why.contains("CNAME, drafts/"), "{refusal:?}");
        std::fs::create_dir_all(deploy.join(".git")).unwrap();
        let refusal = check(&deploy, Path::new("deploy"), &no_keep).unwrap_err();
        assert!(refusal.why.contains(".git"), "{refusal:?}");
    }

    #[test]
    fn an_old_plain_marker_proves_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join(MARKER), NOTE).unwrap();
        std::fs::write(tmp.path().join("index.html"), "x").unwrap();
        let refusal = check(tmp.path(), tmp.path(), &no_keep).unwrap_err();
        assert!(refusal.why.contains("does not list the files"), "{refusal:?}");
    }
}
