//! The output folder is replaced in one step or not at all, and guidebook never deletes a
//! folder it did not write.

mod common;
use common::*;

#[test]
fn a_failed_build_leaves_the_previous_site_byte_identical() {
    let site = site_copy("error-yaml-tab");
    // Start from a good site: fix the broken page, build once.
    let page = site.path().join("content/en-us/guide.md");
    std::fs::write(&page, "---\ntitle: Guide\n---\n## Setup\n").unwrap();
    let out = site.path().join("public");
    assert_ok(&build(site.path(), &out, &[]));
    let before = tree(&out);
    assert!(before.contains_key("en-us/guide/index.html"));

    // Break it again: the build fails and the old site is untouched, with no staging left over.
    std::fs::write(&page, "---\ntitle: Guide\n\tbad: tab\n---\n").unwrap();
    let result = build(site.path(), &out, &[]);
    assert_eq!(result.status.code(), Some(1));
    assert_eq!(tree(&out), before, "the previous output changed");
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left behind: {leftovers:?}");
}

#[test]
fn a_good_build_replaces_the_old_site_whole() {
    let site = site_copy("error-yaml-tab");
    let page = site.path().join("content/en-us/guide.md");
    std::fs::write(&page, "---\ntitle: Guide\n---\nfirst\n").unwrap();
    let out = site.path().join("public");
    assert_ok(&build(site.path(), &out, &[]));
    std::fs::remove_file(&page).unwrap();
    std::fs::write(site.path().join("content/en-us/index.md"), "---\ntitle: Home\n---\nNo guide any more.\n").unwrap();
    assert_ok(&build(site.path(), &out, &[]));
    let after = tree(&out);
    assert!(!after.contains_key("en-us/guide/index.html"), "a removed page's output must go with the swap");
    assert!(after.contains_key(".guidebook-output"));
    // The old site, swapped out, is removed whole (its folders side by side): nothing is left.
    let left: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_folder_guidebook_did_not_write_is_never_replaced() {
    let site = site_copy("error-yaml-tab");
    std::fs::write(site.path().join("content/en-us/guide.md"), "---\ntitle: Guide\n---\n").unwrap();
    let out = site.path().join("public");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "an author's file").unwrap();
    let result = build(site.path(), &out, &[]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("was not written by guidebook"), "{stderr}");
    assert_eq!(read(out.join("notes.txt")), "an author's file");
}

#[test]
fn output_over_the_sources_is_refused() {
    let site = site_copy("error-yaml-tab");
    for bad in [site.path().to_path_buf(), site.path().join("content/en-us/out"), site.path().join("..")] {
        let result = build(site.path(), &bad, &[]);
        assert_eq!(result.status.code(), Some(1), "{}", bad.display());
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(stderr.contains("output folder"), "{}: {stderr}", bad.display());
    }
    assert!(site.path().join("content/en-us/index.md").is_file(), "sources intact");
}

#[test]
fn staging_left_by_a_killed_build_is_cleaned_up() {
    let site = site_copy("error-yaml-tab");
    std::fs::write(site.path().join("content/en-us/guide.md"), "---\ntitle: Guide\n---\n").unwrap();
    let stale = site.path().join(".public.guidebook-staging-999999");
    std::fs::create_dir_all(stale.join("en-us")).unwrap();
    std::fs::write(stale.join(".guidebook-output"), "").unwrap();
    assert_ok(&build(site.path(), &site.path().join("public"), &[]));
    assert!(!stale.exists());
}

#[test]
fn empty_staging_folders_go_and_unmarked_ones_with_files_stay() {
    let site = site_copy("error-yaml-tab");
    std::fs::write(site.path().join("content/en-us/guide.md"), "---\ntitle: Guide\n---\n").unwrap();
    // A build killed between making its staging folder and marking it, or after removing the
    // marker, last, from an old site: an empty folder.
    let empty = site.path().join(".public.guidebook-staging-999998");
    std::fs::create_dir_all(&empty).unwrap();
    // Files without the marker: not known to be guidebook's, so never deleted.
    let unknown = site.path().join(".public.guidebook-staging-999997");
    std::fs::create_dir_all(&unknown).unwrap();
    std::fs::write(unknown.join("notes.txt"), "an author's file").unwrap();
    assert_ok(&build(site.path(), &site.path().join("public"), &[]));
    assert!(!empty.exists(), "the empty staging folder is removed");
    assert_eq!(read(unknown.join("notes.txt")), "an author's file");
}
