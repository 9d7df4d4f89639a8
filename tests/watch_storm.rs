//! Storms of file events while `guidebook serve` runs: a `git checkout` that changes over a
//! thousand files (pages edited, a folder of pages deleted, a new folder added), then the whole
//! content folder deleted and restored. After each, once the server has settled, every file of
//! a fresh `guidebook build` of the same sources is fetched over HTTP and must be the same, page
//! for page; pages that no longer exist must be gone.

mod common;
#[path = "common/server.rs"]
mod server;
use common::*;
use server::{get, start, without_injection, Events};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const LOCALES: [&str; 2] = ["en-us", "ko-kr"];
const AREAS: usize = 10;
const PAGES_PER_AREA: usize = 50;

/// One page: a title, a few headings, and a link to the next page of its area.
fn page_text(locale: &str, area: usize, page: usize, variant: &str) -> String {
    let next = (page + 1) % PAGES_PER_AREA;
    format!(
        "---\ntitle: \"{variant}Area {area} page {page} ({locale})\"\norder: {page}\n---\n\
         ## Overview\n\nThis is page {page} of area {area}, {variant}in {locale}. See [the next page](page-{next}.md#details).\n\n\
         ## Details\n\n- one\n- two\n\n```json\n{{\"area\": {area}, \"page\": {page}}}\n```\n"
    )
}

/// `site.toml` and 2 locales x 10 areas x (an index and 50 pages): 1,020 pages.
fn generate(root: &Path) {
    write_file(&root.join("site.toml"), &bilingual_site_toml("Storm", "https://example.org"));
    for locale in LOCALES {
        write_file(&root.join(format!("content/{locale}/index.md")), "---\ntitle: Home\n---\nWelcome.\n");
        for area in 0..AREAS {
            let dir = root.join(format!("content/{locale}/area-{area}"));
            write_file(&dir.join("index.md"), &format!("---\ntitle: Area {area}\n---\nArea {area}.\n"));
            for page in 0..PAGES_PER_AREA {
                write_file(&dir.join(format!("page-{page}.md")), &page_text(locale, area, page, ""));
            }
        }
    }
}

/// The other branch: every page of areas 0-8 edited (area 0's titles too, so navigation
/// changes), area 9 deleted, a new area added. 1,100 files change.
fn change_everything(root: &Path) {
    for locale in LOCALES {
        for area in 0..AREAS - 1 {
            for page in 0..PAGES_PER_AREA {
                let variant = if area == 0 { "Renamed " } else { "edited on the other branch, " };
                let text = page_text(locale, area, page, variant);
                write_file(&root.join(format!("content/{locale}/area-{area}/page-{page}.md")), &text);
            }
        }
        std::fs::remove_dir_all(root.join(format!("content/{locale}/area-{}", AREAS - 1))).unwrap();
        let new = root.join(format!("content/{locale}/area-new"));
        write_file(&new.join("index.md"), "---\ntitle: New area\n---\nNew.\n");
        for page in 0..PAGES_PER_AREA {
            write_file(&new.join(format!("page-{page}.md")), &page_text(locale, 99, page, "new "));
        }
    }
}

/// Runs git in `root`; its output.
fn git(root: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=guidebook tests",
            "-c",
            "user.email=tests@example.org",
            "-c",
            "core.hooksPath=/dev/null",
        ])
        .args(args)
        .current_dir(root)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git must be installed to run this test");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Waits for the server to react to a change (an event), then for it to go quiet for a while
/// (a rebuild may still be running: the comparison that follows waits for the end).
fn settle(events: &mut Events, log: &std::sync::Mutex<String>) {
    let first = events.next(Duration::from_secs(60));
    assert!(first.is_some(), "no event after the change:\n{}", log.lock().unwrap());
    while events.next(Duration::from_millis(1500)).is_some() {}
}

/// Differences between the served site and a fresh build of the same sources (empty when equal).
fn differences(addr: &str, fresh: &Path) -> Vec<String> {
    let mut diffs = Vec::new();
    // `.guidebook-output` marks a folder guidebook wrote; it is not part of the site.
    for (rel, bytes) in tree(fresh).into_iter().filter(|(rel, _)| !rel.starts_with('.')) {
        let target =
            if rel.ends_with("index.html") { rel.trim_end_matches("index.html").to_string() } else { rel.clone() };
        let served = get(addr, &format!("/{target}"));
        if served.status != 200 {
            diffs.push(format!("{rel}: status {}", served.status));
        } else if rel.ends_with(".html") {
            let text = served.text();
            if text.contains("id=\"guidebook-initial-error\"") {
                diffs.push(format!("{rel}: served with a build error"));
            } else if without_injection(&text).as_bytes() != bytes.as_slice() {
                diffs.push(format!("{rel}: differs"));
            }
        } else if served.body != bytes {
            diffs.push(format!("{rel}: differs"));
        }
    }
    diffs
}

/// A fresh `guidebook build` of the sources as they are now, with the server's base URL.
fn fresh_build(root: &Path, addr: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    assert_ok(&build(root, out.path(), &["--base-url", &format!("http://{addr}"), "--no-asset-hashes"]));
    out
}

/// Waits (a bounded time: a rebuild may still be running) until the server serves `fresh`.
fn assert_serves(fresh: &Path, addr: &str, log: &std::sync::Mutex<String>) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let diffs = differences(addr, fresh);
        if diffs.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{} files differ from a fresh build, first: {:?}\nserver log:\n{}",
            diffs.len(),
            &diffs[..diffs.len().min(10)],
            log.lock().unwrap()
        );
        std::thread::sleep(Duration::from_millis(500));
    }
}

#[test]
fn a_branch_switch_and_a_deleted_content_folder_end_in_the_fresh_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    generate(root);
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "main"]);
    git(root, &["checkout", "-q", "-b", "other"]);
    change_everything(root);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "other"]);
    git(root, &["checkout", "-q", "main"]);
    let changed = git(root, &["diff", "--name-only", "main", "other"]).lines().count();
    assert!(changed >= 1000, "the branches differ in {changed} files");

    let srv = start(root, &[]);
    assert_eq!(get(&srv.addr, "/en-us/area-9/page-3/").status, 200);
    let mut events = Events::open(&srv.addr);

    // The branch switch: 1,100 files at once.
    git(root, &["checkout", "-q", "other"]);
    settle(&mut events, &srv.log);
    let fresh = fresh_build(root, &srv.addr);
    assert_serves(fresh.path(), &srv.addr, &srv.log);
    for locale in LOCALES {
        assert_eq!(get(&srv.addr, &format!("/{locale}/area-9/page-3/")).status, 404, "a deleted page is gone");
        assert!(get(&srv.addr, &format!("/{locale}/area-0/page-3/")).text().contains("Renamed Area 0 page 3"));
    }

    // The whole content folder deleted: the last good site stays, with the error over it.
    std::fs::remove_dir_all(root.join("content")).unwrap();
    settle(&mut events, &srv.log);
    // ... and restored: a new folder at the same path, which must be watched again.
    git(root, &["checkout", "-q", "--", "content"]);
    settle(&mut events, &srv.log);
    // git restored the very files built above, so that build is the fresh build of them.
    assert_eq!(git(root, &["status", "--porcelain"]), "");
    assert_serves(fresh.path(), &srv.addr, &srv.log);

    // Still watched: one more edit in the restored folder is served.
    let page = root.join("content/en-us/area-1/page-1.md");
    std::fs::write(&page, read(&page).replace("## Details", "## Details\n\nAfter the restore.")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !get(&srv.addr, "/en-us/area-1/page-1/").text().contains("After the restore.") {
        assert!(Instant::now() < deadline, "the edit was never served:\n{}", srv.log.lock().unwrap());
        std::thread::sleep(Duration::from_millis(200));
    }
}
