//! Two builds into one `--out` at once never publish a partial site (the second refuses while
//! the first holds the output), and a folder into which an old output was copied — a deploy
//! repository with `.git`, `CNAME`, notes — is never emptied by the next build.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

/// A site of `pages` pages with enough text that a build takes a while.
fn write_site(root: &Path, pages: usize) {
    write_file(&root.join("site.toml"), &bilingual_site_toml("Race", "https://example.org/"));
    write_file(&root.join("content/en-us/index.md"), "---\ntitle: Home\n---\nWelcome.\n");
    write_file(&root.join("content/ko-kr/index.md"), "---\ntitle: 홈\n---\n환영합니다.\n");
    for i in 0..pages {
        let mut text = format!("---\ntitle: Topic {i}\n---\n");
        for s in 0..6 {
            text.push_str(&format!("\n## Part {s}\n\nWords about topic {i}, part {s}, to index and search.\n"));
        }
        write_file(&root.join(format!("content/en-us/sec{}/p{i}.md", i / 50)), &text);
    }
}

/// The output's files and bytes.
fn site_files(out: &Path) -> BTreeMap<String, Vec<u8>> {
    tree(out)
}

#[test]
fn two_builds_into_one_output_at_once_never_publish_a_partial_site() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, out, reference) = (tmp.path().join("site"), tmp.path().join("out"), tmp.path().join("reference"));
    write_site(&root, 600);
    assert_ok(&build(&root, &reference, &["--quiet"]));
    let expected = site_files(&reference);
    assert!(expected.keys().any(|k| k.starts_with("en-us/_search/")), "the reference has a search index");
    let (mut refused, mut overlapped) = (0, 0);
    for round in 0..4 {
        let spawn = || {
            Command::new(env!("CARGO_BIN_EXE_guidebook"))
                .args(["build", "--quiet", "--root", root.to_str().unwrap(), "--out", out.to_str().unwrap()])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        for result in [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()] {
            let stderr = String::from_utf8_lossy(&result.stderr);
            if !result.status.success() {
                assert!(stderr.contains("another guidebook build"), "round {round}: {stderr}");
                assert!(stderr.contains("is writing"), "round {round}: {stderr}");
                refused += 1;
            }
        }
        overlapped += usize::from(refused > round);
        let now = site_files(&out);
        assert_eq!(now.len(), expected.len(), "round {round}: {} files of {}", now.len(), expected.len());
        assert!(now == expected, "round {round}: the output differs from a clean build");
        let strays: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("staging"))
            .collect();
        assert!(strays.is_empty(), "round {round}: {strays:?}");
    }
    eprintln!("output_ownership: {refused} of 8 builds refused, {overlapped} of 4 rounds overlapped");
    assert!(refused <= 4, "at most one build of each pair refuses");
}

#[test]
fn a_deploy_folder_holding_a_copied_output_is_never_emptied() {
    let site = site_copy("links-ok");
    let (public, deploy) = (site.path().join("public"), site.path().join("deploy"));
    assert_ok(&build(site.path(), &public, &[]));
    copy_dir(&public, &deploy);
    write_file(&deploy.join(".git/HEAD"), "ref: refs/heads/main\n");
    write_file(&deploy.join("CNAME"), "docs.example.org\n");
    write_file(&deploy.join("notes/deploy.md"), "how we deploy\n");
    let before = tree(&deploy);

    let result = build(site.path(), &deploy, &[]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("holds a .git repository; guidebook never replaces a folder with one"), "{stderr}");
    assert!(stderr.contains("rsync"), "says what to do: {stderr}");
    assert_eq!(tree(&deploy), before, "nothing in the deploy folder changed");

    // Without .git, the author's files are named and kept.
    std::fs::remove_dir_all(deploy.join(".git")).unwrap();
    let before = tree(&deploy);
    let result = build(site.path(), &deploy, &[]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("holds files guidebook did not write: CNAME"), "{stderr}");
    assert!(stderr.contains("CNAME, notes/"), "{stderr}");
    assert_eq!(tree(&deploy), before);

    // A copy holding nothing but what guidebook wrote may be replaced: nothing of anyone's is lost.
    std::fs::remove_file(deploy.join("CNAME")).unwrap();
    std::fs::remove_dir_all(deploy.join("notes")).unwrap();
    assert_ok(&build(site.path(), &deploy, &[]));
}

#[test]
fn a_file_added_to_the_output_is_kept_and_named() {
    let site = site_copy("links-ok");
    let public = site.path().join("public");
    assert_ok(&build(site.path(), &public, &[]));
    write_file(&public.join("en-us/extra.txt"), "mine\n");
    let result = build(site.path(), &public, &[]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("holds files guidebook did not write: en-us/extra.txt"), "{stderr}");
    assert_eq!(read(public.join("en-us/extra.txt")), "mine\n");
}
