//! Navigation and onboarding in the default theme: the sidebar follows toc.yml (nesting, a
//! folder's own toc.yml) or the folders (`order:` then title), in each locale with its own
//! titles; breadcrumbs, previous/next across folders, "Before you begin" and "Next steps" in
//! the reader's language, onboarding paths, edit links, and a second theme.

mod common;
use common::*;

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = site_copy("nav");
    let out = site.path().join("public");
    assert_ok(&build(site.path(), &out, &[]));
    (site, out)
}

/// The sidebar of a built page.
fn sidebar(out: &std::path::Path, page: &str) -> String {
    let html = read(out.join(page).join("index.html"));
    let start = html.find("data-block=\"sidebar\"").expect("a sidebar");
    let end = html[start..].find("</nav>").unwrap() + start;
    html[start..end].to_string()
}

/// (label, href) of every link in a piece of HTML, in order.
fn links(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<a href=\"") {
        let after = &rest[i + 9..];
        let href = after[..after.find('"').unwrap()].to_string();
        let text_start = after.find('>').unwrap() + 1;
        let text_end = after.find("</a>").unwrap();
        out.push((after[text_start..text_end].to_string(), href));
        rest = &after[text_end..];
    }
    out
}

#[test]
fn the_sidebar_follows_toc_yml_order_and_nesting() {
    let (_site, out) = built();
    let nav = sidebar(&out, "en-us/reference/alpha");
    let labels: Vec<String> = links(&nav).into_iter().map(|(l, _)| l).collect();
    // Top level in toc.yml order; the open branch (Reference, from its own toc.yml) in its order.
    assert_eq!(labels, ["Welcome", "Start here", "Reference", "Zeta comes first", "Alpha", "Auto"]);
    assert!(nav.contains("<a href=\"/docs/en-us/reference/alpha/\" aria-current=\"page\">Alpha</a>"));
    // Other branches are collapsed to their top level: Start here's steps are not listed.
    assert!(!nav.contains("/docs/en-us/start/a/"));
    // ... and leave nothing behind: no placeholder of where their lists would go.
    assert!(!nav.contains("<!--"), "{nav}");
    let start = links(&sidebar(&out, "en-us/start/a"));
    let order: Vec<&str> = start.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(order, ["Welcome", "Start here", "Second step first", "Step A", "Reference", "Auto"]);
}

#[test]
fn a_folder_without_toc_yml_is_ordered_by_order_then_title() {
    let (_site, out) = built();
    let labels: Vec<String> = links(&sidebar(&out, "en-us/auto/apple")).into_iter().map(|(l, _)| l).collect();
    assert_eq!(labels, ["Welcome", "Start here", "Reference", "Auto", "Cherry", "Deep", "Apple", "Banana"]);
}

#[test]
fn a_locale_without_toc_yml_uses_the_default_order_with_its_own_titles() {
    let (_site, out) = built();
    let labels: Vec<String> = links(&sidebar(&out, "ko-kr/start/a")).into_iter().map(|(l, _)| l).collect();
    assert_eq!(labels, ["환영합니다", "여기서 시작", "B 단계", "A 단계", "Reference", "Auto"]);
    for (_, href) in links(&sidebar(&out, "ko-kr/start/a")) {
        assert!(href.starts_with("/docs/ko-kr/"), "{href} leaves Korean");
    }
}

#[test]
fn breadcrumbs_and_previous_next_follow_the_tree_across_folders() {
    let (_site, out) = built();
    let a = read(out.join("en-us/start/a/index.html"));
    assert!(
        a.contains("<a class=\"pager-previous\" href=\"/docs/en-us/start/b/\" rel=\"prev\">"),
        "previous in toc order"
    );
    assert!(
        a.contains("<a class=\"pager-next\" href=\"/docs/en-us/reference/zeta/\" rel=\"next\">"),
        "next crosses into another folder"
    );
    let crumbs_start = a.find("breadcrumb").expect("breadcrumbs");
    let crumbs = &a[crumbs_start..crumbs_start + a[crumbs_start..].find("</nav>").unwrap()];
    let trail: Vec<String> = links(crumbs).into_iter().map(|(l, _)| l).collect();
    assert_eq!(trail, ["Welcome", "Start here"]);
    let ko_crumbs = read(out.join("ko-kr/start/a/index.html"));
    assert!(ko_crumbs.contains(">여기서 시작</a>"), "Korean breadcrumbs use Korean titles");
}

#[test]
fn onboarding_blocks_link_to_pages_in_the_readers_language() {
    let (_site, out) = built();
    let ko = read(out.join("ko-kr/start/a/index.html"));
    let block = |name: &str| {
        let start = ko.find(&format!("data-block=\"{name}\"")).unwrap_or_else(|| panic!("no {name} block"));
        ko[start..start + ko[start..].find("</section>").unwrap()].to_string()
    };
    let before = block("prerequisites");
    assert!(
        before.contains("<a href=\"/docs/ko-kr/start/b/\">B 단계</a>") && before.contains("시작하기 전에"),
        "{before}"
    );
    let next = block("next-steps");
    assert!(next.contains("<a href=\"/docs/ko-kr/reference/zeta/\">") && next.contains("다음 단계"), "{next}");
}

#[test]
fn pages_on_a_path_show_their_step_and_the_section_lists_the_path() {
    let (_site, out) = built();
    let b = read(out.join("en-us/start/b/index.html"));
    assert!(b.contains("data-block=\"step\" data-path=\"start\" data-step=\"start/b.md\""));
    assert!(b.contains("Step 1 of 2"));
    // The sidebar names every step (for the script that ticks the done ones), and the page's
    // own entry is both a step and the current page.
    let sidebar = &b[b.find("data-block=\"sidebar\"").expect("a sidebar")..];
    let sidebar = &sidebar[..sidebar.find("</nav>").unwrap()];
    assert!(
        sidebar.contains("<a href=\"/docs/en-us/start/b/\" data-step=\"start/b.md\" aria-current=\"page\">"),
        "{sidebar}"
    );
    assert!(sidebar.contains("<a href=\"/docs/en-us/start/a/\" data-step=\"start/a.md\">"), "{sidebar}");
    let a = read(out.join("en-us/start/a/index.html"));
    assert!(a.contains("<a href=\"/docs/en-us/start/b/\" data-step=\"start/b.md\">"), "b is a step on a's page too");
    assert!(read(out.join("ko-kr/start/a/index.html")).contains("2단계 중 2단계"));
    let section = read(out.join("en-us/start/index.html"));
    let path = &section[section.find("data-block=\"path-progress\"").expect("the path on its section page")..];
    let steps: Vec<String> = links(&path[..path.find("</section>").unwrap()]).into_iter().map(|(l, _)| l).collect();
    assert_eq!(steps, ["Step B", "Step A"]);
    assert!(!read(out.join("en-us/reference/zeta/index.html")).contains("data-block=\"step\""), "not on a path");
}

#[test]
fn edit_links_point_at_the_source_file() {
    let (_site, out) = built();
    assert!(read(out.join("ko-kr/start/a/index.html"))
        .contains("href=\"https://git.example.org/docs/edit/main/content/ko-kr/start/a.md\""));
    // A stand-in is edited in its original.
    assert!(read(out.join("ko-kr/auto/apple/index.html"))
        .contains("href=\"https://git.example.org/docs/edit/main/content/en-us/auto/apple.md\""));
}

#[test]
fn a_broken_toc_entry_is_reported_at_its_line() {
    let site = site_copy("nav");
    let toc = site.path().join("content/en-us/reference/toc.yml");
    std::fs::write(&toc, read(&toc) + "- name: Gone\n  href: gone.md\n").unwrap();
    let result = build(site.path(), &site.path().join("public"), &[]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("content/en-us/reference/toc.yml:6:9: error: toc.yml entry `gone.md` leads to no page"),
        "{stderr}"
    );
}

#[test]
fn a_repeated_toc_href_is_reported_at_each_entry_not_the_first_mention() {
    let site = site_copy("nav");
    let toc = site.path().join("content/en-us/reference/toc.yml");
    // Line 5 mentions the href in a name; lines 8 and 10 are two entries with the same broken href.
    let extra = "- name: Zeta again, not gone.md\n  href: zeta.md\n- name: Gone\n  href: gone.md\n- name: Gone again\n  href: gone.md\n";
    std::fs::write(&toc, read(&toc) + extra).unwrap();
    let result = build(site.path(), &site.path().join("public"), &[]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    for line in [8, 10] {
        let want = format!("content/en-us/reference/toc.yml:{line}:9: error: toc.yml entry `gone.md` leads to no page");
        assert!(stderr.contains(&want), "{want}\n{stderr}");
    }
    assert!(!stderr.contains("toc.yml:5:"), "{stderr}");
}

#[test]
fn a_second_theme_reuses_the_default_and_a_site_overrides_one_template() {
    let site = site_copy("nav");
    copy_dir(&repo_root().join("themes/minimal"), &site.path().join("themes/minimal"));
    let toml = site.path().join("site.toml");
    std::fs::write(&toml, read(&toml).replace("title = \"Nav\"", "title = \"Nav\"\ntheme = \"minimal\"")).unwrap();
    let out = site.path().join("public");
    assert_ok(&build(site.path(), &out, &[]));
    let page = read(out.join("en-us/start/a/index.html"));
    assert!(page.contains("class=\"theme-minimal\""), "the minimal theme's base template");
    assert!(
        page.contains("data-block=\"prerequisites\"") && page.contains("data-block=\"sidebar\""),
        "the default theme's page and partials"
    );
    asset(&out, "minimal.css");
    // One template of the site's own on top.
    std::fs::create_dir_all(site.path().join("templates/partials")).unwrap();
    std::fs::write(site.path().join("templates/partials/footer.html"), "<footer id=\"site-own-footer\"></footer>\n")
        .unwrap();
    assert_ok(&build(site.path(), &out, &[]));
    let page = read(out.join("en-us/start/a/index.html"));
    assert!(page.contains("id=\"site-own-footer\"") && page.contains("class=\"theme-minimal\""));
}

#[test]
fn a_page_listed_twice_is_marked_current_once_at_its_first_entry() {
    // The sidebar marks a page's link as it finds it, once for all where the page has one
    // entry; a page with two entries is marked at the first, not at both or neither.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_file(
        &root.join("site.toml"),
        "title = \"Twice\"\nbase_url = \"/\"\ndefault_locale = \"en-us\"\n\n[[locales]]\ncode = \"en-us\"\nname = \"English\"\n",
    );
    write_file(&root.join("content/en-us/index.md"), "---\ntitle: Home\n---\nWelcome.\n");
    write_file(&root.join("content/en-us/setup.md"), "---\ntitle: Setup\n---\nSetup.\n");
    write_file(&root.join("content/en-us/other.md"), "---\ntitle: Other\n---\nOther.\n");
    write_file(
        &root.join("content/en-us/toc.yml"),
        "- name: Setup first\n  href: setup.md\n- name: Other\n  href: other.md\n- name: Setup again\n  href: setup.md\n",
    );
    let out = root.join("public");
    assert_ok(&build(root, &out, &[]));
    let twice = sidebar(&out, "en-us/setup");
    assert_eq!(twice.matches("aria-current").count(), 1, "{twice}");
    assert!(twice.contains("<a href=\"/en-us/setup/\" aria-current=\"page\">Setup first</a>"), "{twice}");
    assert!(twice.contains("<a href=\"/en-us/setup/\">Setup again</a>"), "{twice}");
    let once = sidebar(&out, "en-us/other");
    assert_eq!(once.matches("aria-current").count(), 1, "{once}");
    assert!(once.contains("<a href=\"/en-us/other/\" aria-current=\"page\">Other</a>"), "{once}");

    // The first entry inside a group, the second at the top level after it: the group's list
    // is written inside the top level's, so the first the reader sees is the group's.
    write_file(
        &root.join("content/en-us/toc.yml"),
        "- name: Group\n  items:\n    - name: Setup in group\n      href: setup.md\n- name: Setup again\n  href: setup.md\n",
    );
    assert_ok(&build(root, &out, &[]));
    let nested = sidebar(&out, "en-us/setup");
    assert_eq!(nested.matches("aria-current").count(), 1, "{nested}");
    assert!(nested.contains("<a href=\"/en-us/setup/\" aria-current=\"page\">Setup in group</a>"), "{nested}");
    assert!(nested.contains("<a href=\"/en-us/setup/\">Setup again</a>"), "{nested}");
}
