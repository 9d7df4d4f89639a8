//! The properties the fuzz targets check, one function per target. Each panics when guidebook
//! breaks a promise on the input; libFuzzer turns the panic into a saved crashing input.
//!
//! `tests/fuzz_regressions.rs` includes this file too and replays every input kept under
//! `tests/fuzz-regressions/<target>/`, so a bug a fuzzer found stays fixed in `cargo test`.

use guidebook::commands::serve::paths::{lookup, Lookup};
use guidebook::config::{Config, ContentLayout, Direction, Locale};
use guidebook::discover::{SourceFile, Sources};
use guidebook::links::{LinkIndex, Target};
use guidebook::markdown::highlight::Highlighter;
use guidebook::markdown::{self, AlertLabels, LinkKind, LinkRender, RenderContext};
use std::path::{Component, Path};
use std::sync::OnceLock;

/// Every target's name, as the folders under `tests/fuzz-regressions/` spell them.
pub const TARGETS: [&str; 5] = ["frontmatter", "markdown", "links", "serve_paths", "highlight"];

/// Runs the named target's checks on one input.
pub fn run(target: &str, data: &[u8]) {
    match target {
        "frontmatter" => frontmatter(data),
        "markdown" => markdown(data),
        "links" => links(data),
        "serve_paths" => serve_paths(data),
        "highlight" => highlight(data),
        other => panic!("no fuzz target named {other}"),
    }
}

const LOCALES: [&str; 3] = ["en-us", "ko-kr", "ar-sa"];
const PAGES: [&str; 8] = [
    "index.md",
    "marketplace/index.md",
    "marketplace/partner-center-portal/cpp-portal-management.md",
    "marketplace/partner-center-portal/manage-account.md",
    "marketplace/user-roles.md",
    "marketplace/Mixed Case/Page.md",
    "가이드/시작.md",
    "a/b/c/d/e/f/deep.md",
];
const ASSETS: [&str; 3] = ["marketplace/media/shot.png", "media/한글 파일.svg", "downloads/tool.zip"];
const INCLUDES: [&str; 2] = ["includes/note.md", "marketplace/includes/prereq.md"];

/// A site of a few pages in three locales (ko-kr and ar-sa missing some), per content layout.
fn index(layout: ContentLayout) -> &'static LinkIndex {
    static PER_LOCALE: OnceLock<LinkIndex> = OnceLock::new();
    static FLAT: OnceLock<LinkIndex> = OnceLock::new();
    let cell = if layout == ContentLayout::Flat { &FLAT } else { &PER_LOCALE };
    cell.get_or_init(|| {
        let config = Config {
            root: "/site".into(),
            title: "Fuzz".into(),
            origin: "https://docs.example.org".into(),
            base_path: "/docs/partner".into(),
            default_locale: "en-us".into(),
            locales: LOCALES
                .iter()
                .map(|c| Locale {
                    code: c.to_string(),
                    name: c.to_string(),
                    dir: if *c == "ar-sa" { Direction::Rtl } else { Direction::Ltr },
                })
                .collect(),
            theme: "default".into(),
            layout,
            links: Default::default(),
            i18n: Default::default(),
            edit_url: None,
            mounts: Vec::new(),
            versions: Default::default(),
            hash_assets: true,
            xref: Default::default(),
        };
        let file = |locale: &str, rel: &str| SourceFile {
            locale: locale.into(),
            rel_path: rel.into(),
            display: format!("content/{locale}/{rel}").into(),
            abs_path: config.content_dir().join(locale).join(rel),
            fallback_from: None,
        };
        let mut sources = Sources { pages: vec![], assets: vec![], includes: vec![], tocs: vec![] };
        for (n, locale) in LOCALES.iter().enumerate() {
            // ko-kr lacks every other page, ar-sa has only the first two: links fall back.
            for (i, page) in PAGES.iter().enumerate() {
                if n == 0 || (n == 1 && i % 2 == 0) || i < 2 {
                    sources.pages.push(file(locale, page));
                }
            }
            if n == 0 {
                sources.assets.extend(ASSETS.iter().map(|a| file(locale, a)));
                sources.includes.extend(INCLUDES.iter().map(|a| file(locale, a)));
            }
        }
        LinkIndex::new(&config, &sources)
    })
}

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// True when `path` has no `..`, no root and no prefix: it stays below whatever it is joined to.
fn stays_below(path: &Path) -> bool {
    path.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// The front matter splitter and YAML parser: never panic, cut the page where they say, and
/// point errors at a line of the file.
pub fn frontmatter(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let file = Path::new("content/en-us/page.md");
    let split = match guidebook::text::frontmatter::split(text, file) {
        Ok(s) => s,
        Err(d) => {
            assert_eq!(
                (d.line_number(), d.col_number()),
                (1, 1),
                "an unclosed front matter is reported where it opens"
            );
            return;
        }
    };
    assert_eq!(&text[split.body_offset..], split.body, "the body is the file after the front matter");
    if let Some(yaml) = split.yaml {
        assert!(text[..split.body_offset].contains(yaml), "the YAML is cut from the file");
    }
    let lines = text.split('\n').count();
    if let Err(d) = guidebook::text::frontmatter::parse(&split, file) {
        let line = d.line_number();
        assert!(line >= 1 && line <= lines, "error on line {line} of a {lines}-line file: {}", d.message);
        assert!(!d.message.is_empty());
    }
}

/// Markdown rendering with heading ids and anchors: never panic; heading ids unique, non-empty
/// and among the anchors; every offset given to the link resolver inside the body.
pub fn markdown(data: &[u8]) {
    let Some(body) = text(data) else { return };
    // Long inputs only slow the fuzzer down; the hostile-content tests cover size.
    if body.len() > 64 * 1024 {
        return;
    }
    static HIGHLIGHTER: OnceLock<Highlighter> = OnceLock::new();
    let highlighter = HIGHLIGHTER.get_or_init(Highlighter::default);
    let alerts = AlertLabels::default();
    let ctx = RenderContext { highlighter, alerts: &alerts };
    let links = index(ContentLayout::PerLocale);
    let mut resolve = |href: &str, _kind: LinkKind, offset: usize| -> LinkRender {
        assert!(offset <= body.len() && body.is_char_boundary(offset), "link offset {offset} outside the body");
        links.render("ko-kr", "marketplace/partner-center-portal/cpp-portal-management.md", href).1
    };
    let rendered = markdown::render(body, &ctx, &mut resolve);
    let mut ids = std::collections::HashSet::new();
    for h in &rendered.headings {
        assert!(!h.id.is_empty(), "a heading without an id: {h:?}");
        assert!(ids.insert(h.id.as_str()), "two headings share the id {:?}", h.id);
        assert!(rendered.anchors.contains(&h.id), "heading id {:?} is not among the anchors", h.id);
        assert!((1..=6).contains(&h.level));
    }
    if let Some(id) = &rendered.leading_h1_id {
        assert!(!ids.contains(id.as_str()), "the page heading's id {id:?} is reused below it");
    }
    for (id, offset) in &rendered.explicit_anchors {
        assert!(*offset <= body.len(), "anchor {id:?} at offset {offset} outside the body");
    }
    // The layout guard's promise: the body it lets through closes only what it opened and
    // leaves nothing open, so a second pass over it, all of it taken as raw HTML, has nothing to do.
    let (changed, problems) = markdown::contain::contain(&rendered.html, &|_| true);
    assert!(
        changed.is_none() && problems.is_empty(),
        "the contained body still reaches out of the page: {problems:?}\n{}",
        rendered.html
    );
}

/// Link resolution: whatever a page writes, a link resolves to a file that exists, inside
/// content/, and to a URL under the site's base path; nothing climbs out of the content root.
pub fn links(data: &[u8]) {
    let [layout, locale, page, rest @ ..] = data else { return };
    let Some(href) = text(rest) else { return };
    let layout = if layout % 2 == 0 { ContentLayout::PerLocale } else { ContentLayout::Flat };
    let index = index(layout);
    let locale = LOCALES[*locale as usize % LOCALES.len()];
    let page = PAGES[*page as usize % PAGES.len()];
    let content = Path::new("/site/content");
    let check_file = |r: &guidebook::links::Resolved, assets: bool| {
        let known = if assets { &ASSETS[..] } else { &PAGES[..] };
        assert!(known.contains(&r.rel_path.as_str()), "{href:?} resolved to {:?}, not a file of the site", r.rel_path);
        assert!(LOCALES.contains(&r.locale.as_str()));
        let path = index.file_path(&r.locale, &r.rel_path);
        assert!(path.starts_with(content) && stays_below(path.strip_prefix(content).unwrap()), "{path:?}");
    };
    let (target, how) = index.render(locale, page, href);
    match &target {
        Target::Page(r) => check_file(r, false),
        Target::Asset(r) => check_file(r, true),
        Target::Missing { locale, path } => {
            assert!(LOCALES.contains(&locale.as_str()), "missing in unknown locale {locale:?}");
            assert!(!path.split('/').any(|s| s == ".." || s == "."), "{href:?} left {path:?} un-normalised");
        }
        Target::External | Target::SamePage | Target::SitePath(_) | Target::Host(_) | Target::OutsideRoot => {}
    }
    if let Some(url) = &how.url {
        match &target {
            Target::Page(_) | Target::Asset(_) => {
                assert!(url.starts_with("/docs/partner/"), "{href:?} printed as {url:?}, outside the base path");
                let path = url.split(['?', '#']).next().unwrap();
                assert!(!path.split('/').any(|s| s == ".."), "{href:?} printed as {url:?}");
            }
            Target::SitePath(_) => assert!(url.starts_with("/docs/partner"), "{url:?}"),
            _ => {}
        }
    }
    if let Ok(include) = index.resolve_include(locale, page, href) {
        let below = include.abs_path.strip_prefix(content).expect("an include outside content/");
        assert!(stays_below(below), "include {href:?} resolved to {:?}", include.abs_path);
        let known = INCLUDES.contains(&include.rel_path.as_str()) || PAGES.contains(&include.rel_path.as_str());
        assert!(known, "include {href:?} resolved to {:?}, not a file of the site", include.rel_path);
    }
}

/// The server's request-path normalisation: a key it accepts, joined to the output folder,
/// never names anything outside it, and a key is what a file of the site could be called.
pub fn serve_paths(data: &[u8]) {
    let Some(target) = text(data) else { return };
    match lookup(target) {
        Lookup::Refused => {}
        Lookup::File(key) => {
            assert!(!key.is_empty() && !key.starts_with('/'), "{target:?} gave the key {key:?}");
            assert!(!key.contains('\\') && !key.chars().any(char::is_control), "{target:?} gave {key:?}");
            assert!(key.split('/').all(|s| !s.is_empty() && s != "." && s != ".."), "{target:?} gave {key:?}");
            let out = Path::new("/srv/public");
            let joined = out.join(&key);
            assert!(joined.starts_with(out) && stays_below(Path::new(&key)), "{target:?} escapes as {joined:?}");
        }
    }
}

/// Code highlighting: whatever the language and code, the highlighted HTML is the code, only
/// escaped and wrapped in spans, never lost, reordered or left unescaped.
pub fn highlight(data: &[u8]) {
    // The languages of the hand-written lexers and hl-lite; syntect is too slow to fuzz here
    // and is a well-fuzzed library of its own.
    const LANGS: [&str; 20] = [
        "bash",
        "azurecli",
        "powershell",
        "json",
        "yaml",
        "js",
        "ts",
        "python",
        "html",
        "xml",
        "css",
        "toml",
        "dockerfile",
        "markdown",
        "rust",
        "csharp",
        "java",
        "cpp",
        "go",
        "c",
    ];
    let [lang, rest @ ..] = data else { return };
    let Some(code) = text(rest) else { return };
    static HIGHLIGHTER: OnceLock<Highlighter> = OnceLock::new();
    let lang = LANGS[*lang as usize % LANGS.len()];
    let html = HIGHLIGHTER.get_or_init(Highlighter::default).code_block(lang, code);
    let inner = html
        .split_once("<code")
        .and_then(|(_, r)| r.split_once('>'))
        .and_then(|(_, r)| r.strip_suffix("</code></pre>\n"))
        .unwrap_or_else(|| panic!("not a code block: {html:?}"));
    assert_eq!(visible_text(inner), code, "highlighting changed the {lang} code");
}

/// What a reader sees of highlighted HTML: the text, tags removed and entities decoded.
pub fn visible_text(html: &str) -> String {
    unescape(&strip_tags(html))
}

/// The text of HTML made of spans: everything outside `<...>`; a bare `<` or `>` in the text
/// would mean the code was not escaped, and fails the comparison.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tag = &rest[i..];
        let end = tag.find('>').expect("an unclosed tag in highlighted HTML");
        assert!(tag.starts_with("<span") || tag.starts_with("</span>"), "unexpected markup {:?}", &tag[..=end]);
        rest = &tag[end + 1..];
    }
    out.push_str(rest);
    out
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}
