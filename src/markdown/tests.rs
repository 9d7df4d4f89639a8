use super::*;

fn render_plain(src: &str) -> Rendered {
    let highlighter = Highlighter::default();
    let alerts = AlertLabels::default();
    let rewrite = |href: &str| href.ends_with(".md").then(|| format!("/x/{href}"));
    render(src, 0, &RenderContext { highlighter: &highlighter, alerts: &alerts, rewrite: &rewrite })
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
fn links_are_rewritten_and_recorded_with_positions() {
    let r = render_plain("para\n\nsee [x](./a.md#b) and <a href=\"c.md\">c</a>\n");
    assert!(r.html.contains("href=\"./a.md#b\""), "not rewritten by this rewriter: {}", r.html);
    assert!(r.html.contains("href=\"/x/c.md\""), "{}", r.html);
    assert_eq!(r.links.len(), 2);
    assert_eq!((r.links[0].line, r.links[0].col), (3, 5));
    assert_eq!(r.links[1].kind, LinkKind::Html);
    assert_eq!((r.links[1].line, r.links[1].col), (3, 32));
}

#[test]
fn raw_html_ids_are_anchors() {
    let r = render_plain("<div id=\"box\">\n\n<a name=\"old-anchor\"></a>\n\n</div>\n");
    assert!(r.anchors.contains(&"box".to_string()) && r.anchors.contains(&"old-anchor".to_string()));
}
