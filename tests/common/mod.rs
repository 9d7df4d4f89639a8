//! Helpers shared by the integration tests: fixture copies, running the real binary, reading
//! output trees, and finding `../shared` (present in CI, absent in a stranger's clone).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (itself an example site).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<case>`.
pub fn fixture(case: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(case)
}

/// Copies a folder tree (files and folders only).
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A temporary copy of `tests/fixtures/<case>/site`, removed when dropped.
pub fn site_copy(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(case).join("site"), dir.path());
    dir
}

/// A temporary copy of the repository's example site: its content, its own UI strings and its
/// settings (the theme is built into the binary).
pub fn example_site_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_root().join("content"), &dir.path().join("content"));
    copy_dir(&repo_root().join("locales"), &dir.path().join("locales"));
    std::fs::copy(repo_root().join("site.toml"), dir.path().join("site.toml")).unwrap();
    dir
}

/// Runs the real `guidebook` binary.
pub fn guidebook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_guidebook")).args(args).output().expect("run guidebook")
}

/// Runs `guidebook build --root ROOT --out OUT`.
pub fn build(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build", "--root", root.to_str().unwrap(), "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    guidebook(&args)
}

/// Asserts a command succeeded, showing its output when it did not.
pub fn assert_ok(out: &Output) {
    assert!(
        out.status.success(),
        "guidebook failed ({}):\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every file below `dir` with its bytes, by path relative to `dir`.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// Reads an output file as text.
pub fn read(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `../shared` beside the repository, if it is there. Tests that need it call this and return
/// early when it is absent, saying so loudly; CI sets GUIDEBOOK_REQUIRE_SHARED=1, which makes
/// its absence a failure.
pub fn shared_dir(test: &str) -> Option<PathBuf> {
    let dir = repo_root().join("../shared");
    if dir.join("corpora").is_dir() {
        return Some(dir);
    }
    if std::env::var_os("GUIDEBOOK_REQUIRE_SHARED").is_some() {
        panic!("{test}: ../shared is missing and GUIDEBOOK_REQUIRE_SHARED is set");
    }
    eprintln!("\n*** SKIPPED {test}: ../shared is not beside the repository (it exists in CI) ***\n");
    None
}

/// The published name of a hashed theme asset: `asset(out, "style.css")` → `style.3fa9c1d2.css`.
pub fn asset(out: &Path, name: &str) -> String {
    let (stem, ext) = name.rsplit_once('.').unwrap();
    std::fs::read_dir(out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|f| f.starts_with(&format!("{stem}.")) && f.ends_with(&format!(".{ext}")) && f.len() == name.len() + 9)
        .unwrap_or_else(|| panic!("no hashed {name} in {}", out.display()))
}

/// The `site.toml` of a site in English (the default) and Korean.
pub fn bilingual_site_toml(title: &str, base_url: &str) -> String {
    format!(
        "title = \"{title}\"\nbase_url = \"{base_url}\"\ndefault_locale = \"en-us\"\n\n\
         [[locales]]\ncode = \"en-us\"\nname = \"English\"\n\n[[locales]]\ncode = \"ko-kr\"\nname = \"한국어\"\n"
    )
}

/// Writes a file, making the folders it needs.
pub fn write_file(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a file path has a parent")).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The output file a site-absolute URL (query and fragment ignored) is served from.
pub fn served_file(out: &Path, url: &str) -> PathBuf {
    let path = url.split(['?', '#']).next().unwrap().trim_start_matches('/');
    let path = path.replace("%20", " ");
    if path.is_empty() || path.ends_with('/') {
        out.join(path).join("index.html")
    } else {
        out.join(path)
    }
}

/// Every `href="..."` value in a piece of HTML, in order, as written.
pub fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"").skip(1).filter_map(|s| s.split('"').next()).map(str::to_string).collect()
}

/// The folders below `out` that hold an `index.html` (one per page URL), relative to `out`
/// ("" for `out` itself), sorted.
pub fn page_dirs(out: &Path) -> Vec<String> {
    let mut dirs: Vec<String> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_name() == "index.html")
        .map(|e| e.path().parent().unwrap().strip_prefix(out).unwrap().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    dirs
}
