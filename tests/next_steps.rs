//! A page with `next:` shows one "Next steps" section: the generated links continue the
//! author's own "Next steps" section when the page has one (English anchor or the locale's own
//! words), and come with their own heading when it has none.

mod common;

const PAGE: &str = "marketplace/cloud-partner-portal/portal-manage/cpp-manage-publisher-profile";

fn h2_count(html: &str, words: &str) -> usize {
    html.split("<h2").skip(1).filter(|h| h.split("</h2>").next().unwrap_or("").contains(words)).count()
}

#[test]
fn the_authors_next_steps_heading_is_the_only_one() {
    let site = common::example_site_copy();
    let src = site.path().join(format!("content/en-us/{PAGE}.md"));
    let text = common::read(&src);
    // A second page whose "Next steps" section is followed by another: the links are left out.
    let early = site.path().join("content/en-us/marketplace/cloud-partner-portal/portal-manage/early.md");
    common::write_file(&early, "---\ntitle: Early\nnext:\n  - ./cpp-manage-users.md\n---\n\n# Early\n\n## Next steps\n\nSee below.\n\n## Appendix\n\nMore.\n");
    let out = site.path().join("out");
    common::assert_ok(&common::build(site.path(), &out, &[]));
    for (locale, words) in [("en-us", "Next steps"), ("ko-kr", "다음 단계")] {
        let html = common::read(out.join(format!("{locale}/{PAGE}/index.html")));
        assert_eq!(h2_count(&html, words), 1, "{locale}: one \"{words}\" heading:\n{html}");
        let block = html.split("data-block=\"next-steps\"").nth(1).expect("the next: links are there");
        assert!(block.starts_with(" aria-labelledby=\"next-steps\""), "{locale}: named by the author's heading");
        assert!(block.split("</section>").next().unwrap().contains("cpp-manage-users/"), "{locale}: the next: link");
    }
    let early = common::read(out.join("en-us/marketplace/cloud-partner-portal/portal-manage/early/index.html"));
    assert_eq!(h2_count(&early, "Next steps"), 1, "{early}");
    assert!(!early.contains("data-block=\"next-steps\""), "not shown under the Appendix heading");

    // Without the author's heading the links get the theme's.
    std::fs::write(&src, text.replace("## Next steps", "## Afterwards")).unwrap();
    common::assert_ok(&common::build(site.path(), &out, &[]));
    let html = common::read(out.join(format!("en-us/{PAGE}/index.html")));
    assert!(html.contains("<h2 id=\"gb-next-steps\">Next steps</h2>"), "{html}");
    assert_eq!(h2_count(&html, "Next steps"), 1);
}
