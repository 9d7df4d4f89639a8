//! Sharded builds: `index export`, `build --locale/--version --index`, `merge`. The merged
//! shards must be the very site one `build` makes, file for file and byte for byte.

mod common;

use common::{assert_ok, build, example_site_copy, guidebook, read, site_copy, tree, write_file};
use std::path::{Path, PathBuf};
use std::process::Output;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Exports the index of the site at `root` into `dir/index.json`.
fn export(root: &Path, dir: &Path) -> PathBuf {
    let index = dir.join("index.json");
    assert_ok(&guidebook(&["index", "export", "--root", s(root), "--out", s(&index)]));
    index
}

/// Builds one shard with `flags` (`["--locale", "ko-kr"]`) into `dir/<name>`.
fn shard(root: &Path, index: &Path, dir: &Path, name: &str, flags: &[&str]) -> (PathBuf, Output) {
    let out = dir.join(name);
    let mut args = vec!["--index", s(index)];
    args.extend_from_slice(flags);
    let result = build(root, &out, &args);
    (out, result)
}

fn merge(root: &Path, out: &Path, shards: &[PathBuf]) -> Output {
    let mut args = vec!["merge", "--root", s(root), "--out", s(out)];
    args.extend(shards.iter().map(|p| s(p)));
    guidebook(&args)
}

/// index export → one shard per flag set → merge, compared with a single build.
fn assert_shards_equal_build(root: &Path, shards: &[&[&str]]) {
    let dir = tempfile::tempdir().unwrap();
    let index = export(root, dir.path());
    let full = dir.path().join("full");
    assert_ok(&build(root, &full, &[]));
    let outs: Vec<PathBuf> = shards
        .iter()
        .enumerate()
        .map(|(n, flags)| {
            let (out, result) = shard(root, &index, dir.path(), &format!("shard-{n}"), flags);
            assert_ok(&result);
            out
        })
        .collect();
    let merged = dir.path().join("merged");
    assert_ok(&merge(root, &merged, &outs));
    let (want, got) = (tree(&full), tree(&merged));
    let want_names: Vec<&String> = want.keys().collect();
    let got_names: Vec<&String> = got.keys().collect();
    assert_eq!(got_names, want_names, "the merged site has other files than the single build");
    for (name, bytes) in &want {
        assert!(
            got[name] == *bytes,
            "{name} differs:\n--- build\n{}\n--- merge\n{}",
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&got[name])
        );
    }
    // A shard writes its part only: no theme files, no sitemap or robots.txt, a manifest; the
    // root redirect and 404 page come from one shard (the default locale's own files).
    let trees: Vec<_> = outs.iter().map(|o| tree(o)).collect();
    for t in &trees {
        assert!(t.contains_key(".guidebook-shard.json"));
        for shared in ["sitemap.xml", "robots.txt", "favicon.svg"] {
            assert!(!t.contains_key(shared), "a shard wrote {shared}");
        }
    }
    for root_page in ["index.html", "404.html"] {
        assert_eq!(trees.iter().filter(|t| t.contains_key(root_page)).count(), 1, "{root_page} is one shard's");
    }
}

#[test]
fn one_shard_per_locale_merges_into_the_single_build_of_a_versioned_site() {
    let site = site_copy("versions");
    assert_shards_equal_build(site.path(), &[&["--locale", "en-us"], &["--locale", "ko-kr"], &["--locale", "ja-jp"]]);
}

#[test]
fn one_shard_per_version_merges_into_the_single_build() {
    let site = site_copy("versions");
    assert_shards_equal_build(site.path(), &[&["--version", "v1"], &["--version", "v2"]]);
}

#[test]
fn locale_and_version_shards_together_merge_into_the_single_build() {
    let site = site_copy("versions");
    assert_shards_equal_build(
        site.path(),
        &[
            &["--locale", "en-us", "--version", "v2"],
            &["--locale", "en-us", "--version", "v1"],
            &["--locale", "ko-kr", "--locale", "ja-jp"],
        ],
    );
}

#[test]
fn one_shard_per_locale_merges_into_the_single_build_of_the_example_site() {
    let site = example_site_copy();
    assert_shards_equal_build(site.path(), &[&["--locale", "ko-kr"], &["--locale", "en-us"]]);
}

#[test]
fn cross_shard_links_anchors_and_xrefs_resolve_and_shards_merge() {
    let site = site_copy("sharding");
    assert_shards_equal_build(site.path(), &[&["--locale", "en-us"], &["--locale", "ko-kr"]]);
    let dir = tempfile::tempdir().unwrap();
    let index = export(site.path(), dir.path());
    let (ko, result) = shard(site.path(), &index, dir.path(), "ko", &["--locale", "ko-kr"]);
    assert_ok(&result);
    let html = read(ko.join("ko-kr/index.html"));
    assert!(html.contains("href=\"/en-us/only-en/#limits\""), "the link into the English shard: {html}");
    assert!(html.contains(">Only in English</a>"), "the xref shows the other shard's title: {html}");
    assert!(!ko.join("en-us").exists(), "the Korean shard wrote English pages");
}

#[test]
fn a_broken_anchor_into_another_shard_is_still_reported() {
    let site = site_copy("sharding");
    let dir = tempfile::tempdir().unwrap();
    let index = export(site.path(), dir.path());
    let page = site.path().join("content/ko-kr/index.md");
    write_file(&page, &read(&page).replace("only-en.md#limits", "only-en.md#nope"));
    let (_, result) = shard(site.path(), &index, dir.path(), "ko", &["--locale", "ko-kr"]);
    assert!(!result.status.success());
    let err = String::from_utf8_lossy(&result.stderr);
    assert!(err.contains("content/ko-kr/index.md:5:") && err.contains("nope"), "{err}");
}

#[test]
fn a_page_newer_than_the_index_is_an_error() {
    let site = site_copy("sharding");
    let dir = tempfile::tempdir().unwrap();
    let index = export(site.path(), dir.path());
    write_file(&site.path().join("content/en-us/new.md"), "---\ntitle: New\n---\n\nNew.\n");
    let (_, result) = shard(site.path(), &index, dir.path(), "ko", &["--locale", "ko-kr"]);
    let err = String::from_utf8_lossy(&result.stderr);
    assert!(
        !result.status.success() && err.contains("content/en-us/new.md") && err.contains("not in the index"),
        "{err}"
    );
}

#[test]
fn a_path_written_by_two_shards_fails_the_merge_naming_both() {
    let site = site_copy("versions");
    let dir = tempfile::tempdir().unwrap();
    let index = export(site.path(), dir.path());
    let (en, r1) = shard(site.path(), &index, dir.path(), "en", &["--locale", "en-us"]);
    let (enko, r2) = shard(site.path(), &index, dir.path(), "en-ko", &["--locale", "en-us", "--locale", "ko-kr"]);
    let (ja, r3) = shard(site.path(), &index, dir.path(), "ja", &["--locale", "ja-jp"]);
    [r1, r2, r3].iter().for_each(assert_ok);
    let out = dir.path().join("merged");
    let result = merge(site.path(), &out, &[en.clone(), enko.clone(), ja.clone()]);
    let err = String::from_utf8_lossy(&result.stderr);
    assert!(!result.status.success(), "{err}");
    let both = format!("is written by two shards: {} and {}", en.display(), enko.display());
    assert!(err.contains("404.html") && err.contains(&both), "{err}");
    assert!(!out.exists(), "a failed merge wrote its output");
    let result = merge(site.path(), &out, &[en.clone(), en.clone(), enko]);
    assert!(String::from_utf8_lossy(&result.stderr).contains(&format!("{} and {}", en.display(), en.display())));
    // A locale no shard built is missing from the site: an error too.
    let result = merge(site.path(), &out, &[en, ja]);
    let err = String::from_utf8_lossy(&result.stderr);
    assert!(!result.status.success() && err.contains("no shard built ko-kr v2, ko-kr v1"), "{err}");
}

#[test]
fn shards_of_another_index_or_base_url_are_not_merged() {
    let site = site_copy("sharding");
    let root = site.path();
    let dir = tempfile::tempdir().unwrap();
    let first = export(root, dir.path());
    let (en, r) = shard(root, &first, dir.path(), "en", &["--locale", "en-us"]);
    assert_ok(&r);
    let page = root.join("content/en-us/guide.md");
    write_file(&page, &read(&page).replace("title: Guide", "title: Installation guide"));
    let later = dir.path().join("later.json");
    assert_ok(&guidebook(&["index", "export", "--root", s(root), "--out", s(&later)]));
    let (ko, r) = shard(root, &later, dir.path(), "ko", &["--locale", "ko-kr"]);
    assert_ok(&r);
    let out = dir.path().join("merged");
    let result = merge(root, &out, &[en.clone(), ko]);
    let e = String::from_utf8_lossy(&result.stderr);
    assert!(!result.status.success() && e.contains("was built from another index file than"), "{e}");
    let (ko, r) = shard(root, &first, dir.path(), "ko2", &["--locale", "ko-kr", "--base-url", "https://preview.test/"]);
    assert_ok(&r);
    let result = merge(root, &out, &[en, ko]);
    let e = String::from_utf8_lossy(&result.stderr);
    assert!(!result.status.success() && e.contains("was built for base URL https://preview.test"), "{e}");
    assert!(!out.exists());
}

#[test]
fn bad_flags_are_clear_errors() {
    let site = site_copy("versions");
    let root = site.path();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let err = |o: Output| {
        assert!(!o.status.success());
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    assert!(err(build(root, &out, &["--locale", "en-us"])).contains("needs --index"));
    let index = export(root, dir.path());
    let e = err(build(root, &out, &["--locale", "fr-fr", "--index", s(&index)]));
    assert!(e.contains("`--locale fr-fr` is not a locale") && e.contains("en-us, ko-kr, ja-jp"), "{e}");
    let e = err(build(root, &out, &["--version", "v9", "--index", s(&index)]));
    assert!(e.contains("`--version v9`") && e.contains("v2, v1"), "{e}");
    let e = err(build(root, &out, &["--locale", "en-us", "--index", s(&dir.path().join("none.json"))]));
    assert!(e.contains("none.json") && e.contains("cannot read the index file"), "{e}");
    assert!(err(build(root, &out, &["--index", s(&index)])).contains("add --locale"));
    let e = err(merge(root, &out, &[root.to_path_buf()]));
    assert!(e.contains("is not a shard's output"), "{e}");
    let plain = site_copy("sharding");
    let index = export(plain.path(), dir.path());
    let e = err(build(plain.path(), &out, &["--version", "v1", "--index", s(&index)]));
    assert!(e.contains("no [[versions]]"), "{e}");
    assert!(!out.exists());
}

#[test]
fn the_index_is_deterministic_and_lists_drafts_and_stand_ins() {
    let site = site_copy("versions");
    write_file(
        &site.path().join("content/en-us/v2/wip.md"),
        "---\ntitle: Work in progress\ndraft: true\n---\n\n## Soon\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let a = read(export(site.path(), dir.path()));
    let b = read(export(site.path(), dir.path()));
    assert_eq!(a, b);
    let line =
        |needle: &str| a.lines().find(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle} in {a}")).to_string();
    let wip = line("\"rel_path\":\"v2/wip.md\"");
    assert!(wip.contains("\"draft\":true") && wip.contains("\"version\":\"v2\"") && wip.contains("\"soon\""), "{wip}");
    // ja-jp has not translated the glossary: its stand-in is in the index, marked.
    let stand_in = line("{\"locale\":\"ja-jp\",\"rel_path\":\"glossary.md\"");
    assert!(
        stand_in.contains("\"fallback_from\":\"en-us\"") && stand_in.contains("\"url\":\"/cli/ja-jp/glossary/\""),
        "{stand_in}"
    );
}
