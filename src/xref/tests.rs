use super::index::XrefIndex;
use super::maps::{self, MapEntry};
use super::marker::{self, Kind};
use super::resolve::{page_html, render_link, Resolution};
use super::rule::{Piece, UidRule};
use super::*;
use crate::config::Config;
use crate::diagnostics::Code;
use crate::markdown::{highlight::Highlighter, AlertLabels, RenderContext};
use crate::page::Page;
use crate::site::Site;
use std::path::Path;

fn config() -> Config {
    crate::config::test_config("/docs", &["en-us", "ko-kr"])
}

/// A page with a title, optional `uid:` and extra front matter.
fn page(locale: &str, rel: &str, title: &str, uid: Option<&str>, meta: &[(&str, &str)]) -> Page {
    let mut m = serde_json::Map::new();
    for (k, v) in meta {
        m.insert(k.to_string(), serde_json::Value::String(v.to_string()));
    }
    if let Some(u) = uid {
        m.insert("uid".into(), u.into());
    }
    Page {
        locale: locale.into(),
        rel_path: rel.into(),
        source: format!("content/{locale}/{rel}").into(),
        url: config().urls().page_url(locale, rel),
        title: title.into(),
        heading: title.into(),
        heading_id: None,
        meta: m.clone().into(),
        abs_path: std::path::PathBuf::new(),
        headings: Vec::new(),
        sections: Vec::new(),
        anchors: vec!["streams".into()],
        explicit_anchors: Vec::new(),
        links: Vec::new(),
        onboarding: Vec::new(),
        fallback_from: None,
        freshness: None,
        xrefs: PageXrefs { uid: declared_uid(&m, Some("title: x\nuid: y\n"), 2), links: Vec::new() },
        stub: false,
        body: Default::default(),
    }
}

fn entry(uid: &str) -> MapEntry {
    MapEntry {
        uid: uid.into(),
        name: "String".into(),
        href: "https://learn.microsoft.com/dotnet/api/system.string".into(),
        full_name: Some("System.String".into()),
        name_with_type: Some("String (type)".into()),
    }
}

fn site(pages: Vec<Page>) -> Site {
    Site::new(config(), pages, Vec::new()).0
}

fn rule() -> UidRule {
    UidRule::parse("{Module Name}.{title}").unwrap()
}

fn resolved_path(site: &Site, r: Resolution<'_>) -> (String, bool) {
    match r {
        Resolution::Page { page, fallback, .. } => {
            (format!("{}/{}", site.pages[page].locale, site.pages[page].rel_path), fallback)
        }
        other => panic!("not a page: {other:?}"),
    }
}

#[test]
fn rules_parse_keys_with_spaces_and_dots() {
    let r = UidRule::parse("{Module Name}.{ms.service}-x").unwrap();
    assert_eq!(
        r.pieces,
        vec![
            Piece::Key("Module Name".into()),
            Piece::Text(".".into()),
            Piece::Key("ms.service".into()),
            Piece::Text("-x".into())
        ]
    );
    let p = page("en-us", "a.md", "Get-Item", None, &[("Module Name", "M.Mgmt"), ("ms.service", "ps")]);
    assert_eq!(r.apply(p.meta.keys(), &p.title).as_deref(), Some("M.Mgmt.ps-x"));
    // A page without every key has no rule uid.
    let q = page("en-us", "b.md", "Get-Item", None, &[("Module Name", "M.Mgmt")]);
    assert_eq!(r.apply(q.meta.keys(), &q.title), None);
    assert_eq!(rule().apply(q.meta.keys(), &q.title).as_deref(), Some("M.Mgmt.Get-Item"));
}

#[test]
fn bad_rules_say_where() {
    let at = |s: &str| UidRule::parse(s).unwrap_err().at;
    assert_eq!(at("{Module Name.{title}"), 13);
    assert_eq!(at("abc.{title"), 4);
    assert_eq!(at("x.{}"), 2);
    assert_eq!(at("x}"), 1);
    assert_eq!(at("constant"), 0);
}

#[test]
fn config_errors_point_into_site_toml() {
    let text = "title = \"t\"\n[xref]\nuid = \"{Module Name\"\n";
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("content")).unwrap();
    let errs = crate::config::from_toml(root.path(), text).unwrap_err();
    assert_eq!((errs[0].line_number(), errs[0].col_number(), errs[0].code), (3, 8, Code::Config), "{errs:?}");
    let ok = crate::config::from_toml(root.path(), "[xref]\nmaps = [\"m.yml\"]\n").unwrap();
    assert_eq!((ok.xref.maps[0].path.as_str(), ok.xref.maps[0].line, ok.xref.maps[0].col), ("m.yml", 2, 9));
    let unknown = crate::config::from_toml(root.path(), "[xref]\nmap = []\n").unwrap_err();
    assert_eq!(unknown[0].line_number(), 2);
}

#[test]
fn yaml_maps_prefix_relative_hrefs_with_base_url() {
    let text = "### YamlMime:XRefMap\nbaseUrl: https://learn.microsoft.com/dotnet/api/\nreferences:\n- uid: System.String\n  name: String\n  href: system.string\n  fullName: System.String\n- uid: X.Y\n  href: https://x.test/y\n";
    let e = maps::parse(text, Path::new("xrefmap.yml"), "/docs").unwrap();
    assert_eq!(e[0].href, "https://learn.microsoft.com/dotnet/api/system.string");
    assert_eq!(e[0].full_name.as_deref(), Some("System.String"));
    assert_eq!((e[1].name.as_str(), e[1].href.as_str()), ("X.Y", "https://x.test/y"));
}

#[test]
fn json_maps_without_base_url_are_site_paths() {
    let text = r#"{"references": [{"uid": "a.b", "name": "B", "href": "api/a.b.html"}, {"uid": "c", "href": "/c/"}]}"#;
    let e = maps::parse(text, Path::new("m.json"), "/docs").unwrap();
    assert_eq!(e[0].href, "/docs/api/a.b.html");
    assert_eq!(e[1].href, "/docs/c/");
}

#[test]
fn invalid_maps_are_errors_at_their_line() {
    let missing = "references:\n  - uid: A\n    href: a\n  - name: B\n    href: b\n";
    let d = maps::parse(missing, Path::new("m.yml"), "").unwrap_err();
    assert_eq!((d.line_number(), d.col_number(), d.code), (4, 3, Code::Config), "{d:?}");
    let no_href = maps::parse("references:\n- uid: A\n  href: a\n- uid: Bee\n", Path::new("m.yml"), "").unwrap_err();
    assert_eq!((no_href.line_number(), no_href.col_number()), (4, 1), "{no_href:?}");
    assert!(no_href.message.contains("`Bee` has no `href`"), "{no_href:?}");
    let bad = maps::parse("references:\n  - uid: [\n", Path::new("m.yml"), "").unwrap_err();
    assert!(bad.message.contains("invalid YAML"), "{bad:?}");
    assert_eq!(bad.line_number(), 3);
    let json = maps::parse("{\"references\": [}", Path::new("m.json"), "").unwrap_err();
    assert_eq!((json.line_number(), json.col_number()), (1, 17), "{json:?}");
}

#[test]
fn hrefs_decode_uid_fragment_and_display_property() {
    assert_eq!(
        parse_href("xref:System.String.Format%2A?displayProperty=fullName#remarks"),
        ("System.String.Format*".into(), Some("remarks".into()), Display::FullName)
    );
    assert_eq!(parse_href("XREF:a.b?displayProperty=nameWithType"), ("a.b".into(), None, Display::NameWithType));
    assert!(is_xref(" xref:a") && !is_xref("https://x") && !is_xref("xre"));
}

#[test]
fn declared_uid_points_at_its_line() {
    let p = page("en-us", "a.md", "A", Some("a.uid"), &[]);
    assert_eq!(p.xrefs.uid, Some(DeclaredUid { uid: "a.uid".into(), line: 3, col: 1 }));
    let nested = declared_uid(p.meta.keys(), Some("author:\n  uid: someone\nuid: a.uid\n"), 2).unwrap();
    assert_eq!((nested.line, nested.col), (4, 1));
    let mut listed = p.meta.keys().clone();
    listed.insert("uid".into(), serde_json::json!(["a", "b"]));
    assert_eq!(declared_uid(&listed, None, 2), None);
}

#[test]
fn locale_first_then_default_locale_then_map() {
    let s = site(vec![
        page("en-us", "a.md", "A", Some("a"), &[]),
        page("ko-kr", "a.md", "에이", Some("a"), &[]),
        page("en-us", "b.md", "B", Some("b"), &[]),
    ]);
    let (ix, _) = XrefIndex::new(&s, None, vec![entry("System.String"), entry("a")]);
    assert_eq!(resolved_path(&s, ix.resolve(&s, "ko-kr", "x.md", "a")), ("ko-kr/a.md".into(), false));
    assert_eq!(resolved_path(&s, ix.resolve(&s, "ko-kr", "x.md", "b")), ("en-us/b.md".into(), true));
    assert_eq!(resolved_path(&s, ix.resolve(&s, "en-us", "x.md", "b")), ("en-us/b.md".into(), false));
    assert!(matches!(ix.resolve(&s, "ko-kr", "x.md", "System.String"), Resolution::Map(e) if e.uid == "System.String"));
    assert_eq!(ix.resolve(&s, "en-us", "x.md", "nope"), Resolution::Unresolved);
}

#[test]
fn exact_case_wins_then_any_case() {
    let s = site(vec![page("en-us", "a.md", "A", Some("Foo.Bar"), &[])]);
    let (ix, _) = XrefIndex::new(&s, None, vec![entry("foo.bar"), entry("Only.Map")]);
    assert!(matches!(ix.resolve(&s, "en-us", "x.md", "Foo.Bar"), Resolution::Page { uid: "Foo.Bar", .. }));
    // The map has this spelling exactly: it wins over the page's other case.
    assert!(matches!(ix.resolve(&s, "en-us", "x.md", "foo.bar"), Resolution::Map(_)));
    assert!(matches!(ix.resolve(&s, "en-us", "x.md", "FOO.BAR"), Resolution::Page { uid: "Foo.Bar", .. }));
    assert!(matches!(ix.resolve(&s, "en-us", "x.md", "only.map"), Resolution::Map(e) if e.uid == "Only.Map"));
}

#[test]
fn duplicates_prefer_the_nearest_folder_and_warn_only_within_one_top_folder() {
    let cmd = |rel: &str| page("en-us", rel, "Get-Location", None, &[("Module Name", "M")]);
    let s = site(vec![
        cmd("5.1/M/Get-Location.md"),
        cmd("7.2/M/Get-Location.md"),
        page("en-us", "7.2/M/Set-Location.md", "Set-Location", None, &[("Module Name", "M")]),
        page("en-us", "index.md", "Home", None, &[]),
    ]);
    let (ix, diags) = XrefIndex::new(&s, Some(rule()), Vec::new());
    assert!(diags.is_empty(), "{diags:?}");
    let from = |rel: &str| resolved_path(&s, ix.resolve(&s, "en-us", rel, "M.Get-Location")).0;
    assert_eq!(from("7.2/M/Set-Location.md"), "en-us/7.2/M/Get-Location.md");
    assert_eq!(from("7.2/other.md"), "en-us/7.2/M/Get-Location.md");
    assert_eq!(from("index.md"), "en-us/5.1/M/Get-Location.md");

    let s =
        site(vec![page("en-us", "c/a.md", "A", Some("same"), &[]), page("en-us", "c/d/b.md", "B", Some("same"), &[])]);
    let (_, diags) = XrefIndex::new(&s, None, Vec::new());
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(
        (d.code, d.file.to_str(), d.line_number(), d.col_number()),
        (Code::DuplicateUid, Some("content/en-us/c/d/b.md"), 3, 1)
    );
    assert!(d.message.contains("content/en-us/c/a.md"), "{}", d.message);
    assert!(!d.is_error());
}

#[test]
fn display_property_picks_the_text() {
    let s = site(vec![page("en-us", "a.md", "About A", Some("a.A"), &[])]);
    let (ix, _) = XrefIndex::new(&s, None, vec![entry("System.String")]);
    let text = |href: &str| {
        let (uid, fragment, display) = parse_href(href);
        let link = XrefLink {
            href: href.into(),
            uid,
            fragment,
            display,
            kind: LinkKind::Link,
            file: "f".into(),
            line: 1,
            col: 1,
        };
        render_link(&s, ix.resolve(&s, "en-us", "x.md", &link.uid), &link)
    };
    assert_eq!(text("xref:a.A").text, "About A");
    assert_eq!(text("xref:a.A?displayProperty=fullName").text, "a.A");
    assert_eq!(text("xref:a.a?displayProperty=nameWithType").text, "About A");
    assert_eq!(text("xref:System.String").text, "String");
    assert_eq!(text("xref:System.String?displayProperty=fullName").text, "System.String");
    assert_eq!(text("xref:System.String?displayProperty=nameWithType").text, "String (type)");
    let with_anchor = text("xref:a.A#streams?displayProperty=fullName");
    assert_eq!(with_anchor.url.as_deref(), Some("/docs/en-us/a/#streams?displayProperty=fullName"));
    assert_eq!(text("xref:a.A?displayProperty=fullName#streams").url.as_deref(), Some("/docs/en-us/a/#streams"));
    assert_eq!(text("xref:nope").url, None);
    assert_eq!(text("xref:nope").text, "nope");
}

#[test]
fn markers_round_trip_and_unknown_ones_stay() {
    assert_eq!(marker::parse(&marker::start(12)), Some((12, Kind::Start, marker::start(12).len())));
    assert_eq!(marker::value_index(Some(&marker::value(3))), Some(3));
    assert_eq!(marker::value_index(Some(&marker::start(3))), None);
    assert_eq!(marker::value_index(Some("/x/")), None);
    let html = format!("a{}b{}c\u{E000}zz", marker::whole(0), marker::whole(9));
    let out = marker::substitute(&html, |n, _, out| {
        if n == 0 {
            out.push_str("<X>");
        }
        n == 0
    });
    assert_eq!(out, format!("a<X>b{}c\u{E000}zz", marker::whole(9)));
}

/// Renders markdown the way a page does, xrefs recorded; returns the body with its markers
/// replaced against a site with the pages `a` (titled `About <A>`) and a map entry.
fn render_page(src: &str) -> (String, Page) {
    let highlighter = Highlighter::default();
    let alerts = AlertLabels::default();
    let mut xrefs = PageXrefs::default();
    let mut resolve = |href: &str, kind: LinkKind, offset: usize| {
        record(&mut xrefs, href, kind, Path::new("f.md"), 1, offset + 1).unwrap_or_default()
    };
    let r = crate::markdown::render(src, &RenderContext { highlighter: &highlighter, alerts: &alerts }, &mut resolve);
    let mut p = page("en-us", "x.md", "X", None, &[]);
    p.sections = r.sections;
    p.xrefs.links = xrefs.links;
    let s = site(vec![page("en-us", "a.md", "About <A>", Some("a"), &[]), p.clone()]);
    let (ix, _) = XrefIndex::new(&s, None, vec![entry("System.String")]);
    let i = s.page("en-us", "x.md").unwrap();
    (page_html(&s, &ix, i, &r.html).unwrap(), p)
}

#[test]
fn every_xref_form_renders_to_a_link_or_a_span() {
    let src = "[A](xref:a \"t\") <xref:a> <xref:System.String> [ref][r] <a href=\"xref:a#streams\">h</a> [**bad**](xref:nope 'a \"b\"') <xref:nope2>\n\n[r]: xref:System.String\n";
    let (html, p) = render_page(src);
    assert!(!html.contains('\u{E000}') && !html.contains("xref:"), "{html}");
    assert!(html.contains("<a href=\"/docs/en-us/a/\" title=\"t\">A</a>"), "{html}");
    assert!(html.contains("<a href=\"/docs/en-us/a/\">About &lt;A&gt;</a>"), "{html}");
    assert!(html.contains("<a href=\"https://learn.microsoft.com/dotnet/api/system.string\">String</a>"), "{html}");
    assert!(html.contains("<a href=\"https://learn.microsoft.com/dotnet/api/system.string\">ref</a>"), "{html}");
    assert!(html.contains("<a href=\"/docs/en-us/a/#streams\">h</a>"), "{html}");
    assert!(
        html.contains("<span class=\"xref-unresolved\" title=\"a &quot;b&quot;\"><strong>bad</strong></span>"),
        "{html}"
    );
    assert!(html.contains("<span class=\"xref-unresolved\">nope2</span>"), "{html}");
    assert_eq!(p.xrefs.links.len(), 7);
    let search: String = p.sections.iter().map(|s| s.text.as_str()).collect();
    assert!(!search.contains('\u{E000}') && search.contains("System.String") && !search.contains("xref:"), "{search}");
}

#[test]
fn the_layout_guard_leaves_markers_alone() {
    // An unclosed <div> makes the guard walk the whole body.
    let (html, _) = render_page("<div class=\"x\">\n\n<xref:a> and [b](xref:nope \"T\")\n");
    assert!(html.contains("<a href=\"/docs/en-us/a/\">About &lt;A&gt;</a>"), "{html}");
    assert!(html.contains("<span class=\"xref-unresolved\" title=\"T\">b</span>"), "{html}");
    assert!(html.trim_end().ends_with("</div>"), "{html}");
}

#[test]
fn broken_xrefs_get_a_cheap_hint() {
    let s = site(vec![page("en-us", "a.md", "A", Some("Microsoft.PowerShell.Management.Get-Location"), &[])]);
    let (ix, _) = XrefIndex::new(&s, None, vec![entry("System.String")]);
    assert_eq!(
        check::hint(&ix, "Microsoft.PowerShell.Utility.Get-Location").as_deref(),
        Some("Microsoft.PowerShell.Management.Get-Location")
    );
    assert_eq!(check::hint(&ix, "System.Strng").as_deref(), Some("System.String"));
    assert_eq!(check::hint(&ix, "zzz.qqq"), None);
    // Past the scan limit, only the uid's own namespace is searched by edit distance.
    let many: Vec<MapEntry> =
        (0..2100).map(|k| entry(&format!("N{k}.Item{k}"))).chain([entry("Mod.Get-Item")]).collect();
    let (ix, _) = XrefIndex::new(&s, None, many);
    assert_eq!(check::hint(&ix, "Mod.Get-Itme").as_deref(), Some("Mod.Get-Item"));
    assert_eq!(check::hint(&ix, "Other.Get-Itme"), None);
}
