//! A key written twice in front matter is an error at the second one, not at the block.

mod common;
use common::*;

#[test]
fn a_duplicate_front_matter_key_points_at_the_duplicate() {
    let site = site_copy("links-ok");
    let page = site.path().join("content/en-us/twice.md");
    write_file(&page, "---\ntitle: First\ndescription: About.\ntitle: Second\n---\nText.\n");
    let result = guidebook(&["check", "--root", site.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "content/en-us/twice.md:4:1: error: invalid front matter: duplicate key `title`, already set above"
        ),
        "{stderr}"
    );
}
