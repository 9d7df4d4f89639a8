use super::*;

/// Renders with a resolver that maps `.md` links to `/x/...`, marks `de/` links as another
/// language and `gone.md` as broken, and records what it was asked.
fn render_recording(src: &str) -> (Rendered, Vec<(String, LinkKind, usize)>) {
    let highlighter = Highlighter::default();
    let alerts = AlertLabels::default();
    let mut seen = Vec::new();
    let mut resolve = |href: &str, kind: LinkKind, offset: usize| {
        seen.push((href.to_string(), kind, offset));
        LinkRender {
            url: href.ends_with(".md").then(|| format!("/x/{href}")),
            hreflang: href.starts_with("de/").then(|| "de".to_string()),
            broken: href == "gone.md",
        }
    };
    let r = render(src, &RenderContext { highlighter: &highlighter, alerts: &alerts }, &mut resolve);
    (r, seen)
}

fn render_plain(src: &str) -> Rendered {
    render_recording(src).0
}

#[test]
fn a_name_in_a_heading_becomes_its_id() {
    let r = render_plain("## <a name=\"background-information\"></a>배경 정보\n\ntext\n");
    assert!(r.html.contains("<h2 id=\"background-information\">배경 정보</h2>"), "{}", r.html);
    assert_eq!(r.headings, vec![Heading { level: 2, id: "background-information".into(), text: "배경 정보".into() }]);
    assert!(r.anchors.contains(&"background-information".to_string()));
}

#[test]
fn setext_headings_with_a_name_work_too() {
    let r = render_plain("<a name=\"intro\"></a>Intro\n-----\n");
    assert!(r.html.contains("<h2 id=\"intro\">"), "{}", r.html);
}

#[test]
fn explicit_ids_win_and_slugs_keep_hangul_and_number_repeats() {
    let r = render_plain("## Sign-in options {#sign-in}\n## 게시자 프로필\n## Setup\n## Setup\n");
    let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["sign-in", "게시자-프로필", "setup", "setup-1"]);
}

#[test]
fn first_h1_is_the_title_candidate() {
    let r = render_plain("# <a name=\"t\"></a>클라우드 파트너 포털 관리\n\n# Second\n");
    assert_eq!(r.h1.as_deref(), Some("클라우드 파트너 포털 관리"));
    assert!(r.headings.is_empty());
    // The opening h1 is the page heading, printed by the theme; a later h1 stays in the body.
    assert_eq!(r.leading_h1_id.as_deref(), Some("t"));
    assert!(!r.html.contains("클라우드") && r.html.contains("<h1 id=\"second\">Second</h1>"), "{}", r.html);
    assert!(r.anchors.contains(&"t".to_string()));
}

#[test]
fn docs_alerts_become_callouts() {
    for (src, class) in [
        ("> [!NOTE]\n> hi\n", "alert-note"),
        (">[!Important]\n> hi\n", "alert-important"),
        ("> [!CAUTION]\n> hi\n", "alert-caution"),
    ] {
        let r = render_plain(src);
        assert!(r.html.contains(&format!("<div class=\"alert {class}\" role=\"note\">")), "{src}: {}", r.html);
        assert!(!r.html.contains("[!"), "{}", r.html);
    }
    // Not alerts: the marker is malformed, so the text stays as written.
    assert!(render_plain("> [! 중요]\n> hi\n").html.contains("<blockquote>"));
}

#[test]
fn gfm_extensions_render() {
    let r = render_plain("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ and a note[^1]\n\n[^1]: the note\n");
    assert!(r.html.contains("<table>"), "{}", r.html);
    assert!(r.html.contains("type=\"checkbox\""));
    assert!(r.html.contains("<del>old</del>"));
    assert!(r.html.contains("footnote-definition"));
    assert!(r.anchors.contains(&"1".to_string()));
}

#[test]
fn fenced_code_is_highlighted_and_indented_code_is_not_markdown() {
    let r = render_plain("```json\n{\"a\": 1}\n```\n\n    ### Agenda\n");
    assert!(r.html.contains("data-lang=\"json\""), "{}", r.html);
    assert!(r.html.contains("hl-"));
    assert!(r.headings.is_empty());
    assert!(r.html.contains("### Agenda"));
}

#[test]
fn links_are_resolved_with_their_offsets() {
    let src = "para\n\nsee [x](./a.md#b) and <a href=\"c.md\">c</a> ![i](p.png)\n";
    let (r, seen) = render_recording(src);
    assert!(r.html.contains("href=\"/x/c.md\""), "{}", r.html);
    assert!(r.html.contains("src=\"p.png\""), "kept as written when the resolver has no URL");
    let offsets: Vec<_> = seen.iter().map(|(h, k, o)| (h.as_str(), *k, &src[*o..*o + 1])).collect();
    assert_eq!(
        offsets,
        vec![("./a.md#b", LinkKind::Link, "["), ("c.md", LinkKind::Html, "c"), ("p.png", LinkKind::Image, "!")]
    );
}

#[test]
fn cross_language_and_broken_links_are_marked() {
    let (r, _) = render_recording("[a](de/x.md \"T\") and [b](gone.md)\n");
    assert!(r.html.contains("<a href=\"/x/de/x.md\" title=\"T\" hreflang=\"de\" class=\"xlang\">a</a>"), "{}", r.html);
    assert!(r.html.contains("<a href=\"/x/gone.md\" class=\"broken\">b</a>"), "{}", r.html);
}

#[test]
fn raw_html_ids_are_anchors() {
    let r = render_plain("<div id=\"box\">\n\n<a name=\"old-anchor\"></a>\n\n</div>\n");
    assert!(r.anchors.contains(&"box".to_string()) && r.anchors.contains(&"old-anchor".to_string()));
}

#[test]
fn two_headings_asking_for_one_id_get_two_ids() {
    let src = "# T\n\n## <a name=\"next-steps\"></a>다음 단계\n\n## Next steps {#next-steps}\n";
    let r = render_plain(src);
    let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["next-steps", "next-steps-1"], "{}", r.html);
    assert_eq!(r.duplicate_ids, vec![("next-steps".to_string(), src.find("## Next").unwrap())]);
}

#[test]
fn a_page_finds_every_anchor_its_body_gives() {
    // Headings, raw ids and names, footnotes and repeats, out of order: Page::has_anchor
    // binary-searches the list Page::anchor_list makes of them.
    let r = render_plain(
        "## Zeta\n\n<a name=\"mid\"></a>\n\n## Alpha\n\n<div id=\"zz\"></div>\n\nNote[^b].\n\n[^b]: Foot.\n\n<a name=\"mid\"></a>\n\n## Alpha\n",
    );
    let page = crate::page::Page {
        anchors: crate::page::Page::anchor_list(r.anchors),
        ..crate::commands::shard::stubs::blank("en-us", "a.md", std::path::Path::new("a.md"), "/a/")
    };
    for a in ["zeta", "alpha", "alpha-1", "mid", "zz", "b"] {
        assert!(page.has_anchor(a), "{a} in {:?}", page.anchors);
    }
    assert!(!page.has_anchor("nope") && !page.has_anchor(""), "{:?}", page.anchors);
    assert_eq!(page.anchors.iter().filter(|a| *a == "mid").count(), 1, "{:?}", page.anchors);
}
