//! `build` prints the first few warnings of each code and counts the rest; `--verbose` and
//! `check` print them all.

mod common;

#[test]
fn build_summarises_many_warnings_of_one_code() {
    let site = tempfile::tempdir().unwrap();
    let links: String = (1..=8).map(|i| format!("See [gone {i}](gone-{i}.md).\n\n")).collect();
    common::write_file(&site.path().join("content/index.md"), &format!("---\ntitle: Home\n---\n\n# Home\n\n{links}"));
    let out = site.path().join("out");
    let text = |o: &std::process::Output| String::from_utf8_lossy(&o.stderr).into_owned();
    let built = common::build(site.path(), &out, &["--broken-links", "warn"]);
    common::assert_ok(&built);
    let err = text(&built);
    assert!(err.contains("gone-5.md") && !err.contains("gone-6.md"), "{err}");
    assert!(err.contains("... and 3 more `broken-link` warning(s)"), "{err}");
    assert!(err.contains("warnings by code: broken-link 8") && err.contains("; 3 not shown"), "{err}");
    let verbose = text(&common::build(site.path(), &out, &["--broken-links", "warn", "--verbose"]));
    assert!(verbose.contains("gone-8.md") && !verbose.contains("warnings by code"), "{verbose}");
    let root = site.path().to_str().unwrap();
    let checked = text(&common::guidebook(&["check", "--root", root, "--broken-links", "warn"]));
    assert!(checked.contains("gone-8.md") && !checked.contains("warnings by code"), "{checked}");
}
