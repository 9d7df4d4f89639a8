//! Hostile page content, through the real binary: template syntax in a page is text; front
//! matter values and page text are escaped wherever the theme, the search index or the sitemap
//! print them; raw HTML cannot close, swallow or hide the page layout around the body; and
//! inputs made to exhaust time, memory or the stack (an alias bomb, a 50 MB page, 10,000-deep
//! lists and quotes, NUL bytes, a 1 MB line) end in a clear error or a correct page, never in
//! a hang or a panic. Each site is written by the test into a temporary folder.

mod common;
#[path = "common/html.rs"]
mod html;
#[path = "common/server.rs"]
mod server;
use common::*;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Far above what any of these inputs needs (a few seconds in a debug build): only there so
/// that a hang fails the test instead of stalling the suite.
const DEADLINE: Duration = Duration::from_secs(120);

/// A site with a home page in each locale and `pages` (path below content/, text).
fn site(pages: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec![
        ("en-us/index.md", "---\ntitle: Home\n---\nWelcome.\n"),
        ("ko-kr/index.md", "---\ntitle: 홈\n---\n환영합니다.\n"),
    ];
    all.extend_from_slice(pages);
    write_file(&dir.path().join("site.toml"), &bilingual_site_toml("Hostile", "https://example.org/docs"));
    for (rel, text) in all {
        write_file(&dir.path().join("content").join(rel), text);
    }
    dir
}

/// Runs the real binary, killing it and failing the test if it outlives [`DEADLINE`]; asserts
/// it ended by itself with 0 or 1 and printed no panic.
fn run(args: &[&str]) -> Output {
    let logs = tempfile::tempdir().unwrap();
    let (out_path, err_path) = (logs.path().join("stdout"), logs.path().join("stderr"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_guidebook"))
        .args(args)
        .stdout(Stdio::from(std::fs::File::create(&out_path).unwrap()))
        .stderr(Stdio::from(std::fs::File::create(&err_path).unwrap()))
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("guidebook {args:?} still ran after {DEADLINE:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = Output { status, stdout: std::fs::read(out_path).unwrap(), stderr: std::fs::read(err_path).unwrap() };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "guidebook {args:?} panicked:\n{stderr}");
    assert!(matches!(status.code(), Some(0 | 1)), "guidebook {args:?} ended with {status}:\n{stderr}");
    output
}

fn build_site(root: &Path) -> (Output, std::path::PathBuf) {
    let out = root.join("public");
    // Every warning: the tests look for each one.
    let result = run(&["build", "--root", root.to_str().unwrap(), "--out", out.to_str().unwrap(), "--verbose"]);
    (result, out)
}

fn check_site(root: &Path) -> Output {
    run(&["check", "--root", root.to_str().unwrap()])
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn template_syntax_in_a_page_is_text() {
    let body = "---\ntitle: \"{{ site.title }} {% if x %}\"\ndescription: \"{# not a comment #}\"\n---\n\
                Value {{ x }}, tag {% if true %}yes{% endif %}, comment {# c #}, open {{ and {%.\n\n\
                ```\n{{ page.content }}\n```\n";
    let s = site(&[("en-us/tera.md", body)]);
    let (result, out) = build_site(s.path());
    assert_ok(&result);
    let html = read(out.join("en-us/tera/index.html"));
    assert!(
        html.contains("Value {{ x }}, tag {% if true %}yes{% endif %}, comment {# c #}, open {{ and {%."),
        "the body's template syntax is printed as written:\n{html}"
    );
    assert!(html.contains("<code>{{ page.content }}\n</code>"), "code blocks too");
    assert_eq!(html::title(&html), "{{ site.title }} {% if x %} · Hostile");
    assert!(html.contains("<meta name=\"description\" content=\"{# not a comment #}\">"));
}

/// Strings that end an HTML context: each appears in output only escaped.
const TITLE: &str = r#"</title><script>alert("gb-title")</script>"#;
const ATTR: &str = r#""><img src=x onerror=alert("gb-attr")>"#;

fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

#[test]
fn front_matter_and_page_text_are_escaped_wherever_they_are_printed() {
    let setup = format!(
        "---\ntitle: {t}\ndescription: {a}\nauthor: {t}\ndate: {a}\nnext:\n  - other.md\n---\n\
         Intro.\n\n## &lt;script&gt;alert(\"gb-heading\")&lt;/script&gt;\n\nText.\n\n## Second\n\nMore.\n",
        t = yaml_str(&format!("Setup {TITLE}")),
        a = yaml_str(ATTR),
    );
    let other =
        format!("---\ntitle: {}\ndescription: {}\n---\nOther.\n", yaml_str(&format!("Other {TITLE}")), yaml_str(ATTR));
    let index = format!("---\ntitle: {}\n---\nThe guide.\n", yaml_str(&format!("Guide {TITLE}")));
    let ko = format!("---\ntitle: {}\n---\n설정.\n", yaml_str(&format!("설정 {TITLE}")));
    let toc = format!(
        "- name: {}\n  href: index.md\n- name: {}\n  href: guide/\n  items:\n    - href: guide/setup.md\n    - name: {}\n      href: guide/other.md\n",
        yaml_str(&format!("Home {TITLE}")),
        yaml_str(&format!("Guide {ATTR}")),
        yaml_str(&format!("Other {TITLE}")),
    );
    let s = site(&[
        ("en-us/guide/index.md", &index),
        ("en-us/guide/setup.md", &setup),
        ("en-us/guide/other.md", &other),
        ("ko-kr/guide/setup.md", &ko),
        ("en-us/toc.yml", &toc),
    ]);
    let (result, out) = build_site(s.path());
    assert_ok(&result);

    // No file of the site holds the markup unescaped: not the pages (title, headings,
    // breadcrumbs, sidebar, pager, section lists, next steps, meta tags, language switcher), not
    // the 404 pages, the search index or the sitemap.
    let files = tree(&out);
    assert!(files.len() > 20, "{:?}", files.keys());
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for raw in ["<script>alert(", "<img src=x", "</title><"] {
            assert!(!text.contains(raw), "{path} holds `{raw}` unescaped");
        }
    }
    let page = read(out.join("en-us/guide/setup/index.html"));
    let escaped_title = "Setup &lt;&#x2F;title&gt;";
    let tera_title = "Setup &lt;/title&gt;&lt;script&gt;alert(&quot;gb-title&quot;)&lt;/script&gt;";
    assert!(!page.contains(escaped_title), "slashes are left alone");
    assert!(page.contains(&format!("<title>{tera_title} · Hostile</title>")), "{page}");
    assert!(page.contains(&format!("<h1>{tera_title}</h1>")));
    assert!(
        page.contains("content=\"&quot;&gt;&lt;img src=x onerror=alert(&quot;gb-attr&quot;)&gt;\""),
        "meta description"
    );
    assert!(page.contains("&lt;script&gt;alert(&quot;gb-heading&quot;)&lt;/script&gt;</a></li>"), "on this page");
    assert!(page.contains("Other &lt;/title&gt;&lt;script&gt;"), "sidebar, pager and next steps");
    let index = files.keys().find(|k| k.starts_with("en-us/_search/d")).unwrap();
    let docs = String::from_utf8_lossy(&files[index]).into_owned();
    assert!(docs.contains(r#"Setup \u003c/title\u003e\u003cscript\u003ealert(\"gb-title\")"#), "{docs}");
    let docs: serde_json::Value = serde_json::from_str(&docs).unwrap();
    assert!(docs.to_string().contains("Setup </title><script>alert("), "the index holds the same text");
}

/// One page per way raw HTML could reach out of the body: its markdown, and the warning it
/// gets (line:col: text).
const RAW_CASES: &[(&str, &str, &str)] = &[
    ("closers", "Text.\n\n</div></article></main>\n\n</body></html>\n", "7:1: warning: `</div>` closes no element"),
    (
        "unclosed",
        "<div class=\"box\">\n<section>\n\n- item\n\n<table><tr><td>cell\n",
        "5:1: warning: `<div>` is never closed",
    ),
    ("select", "Pick: <select><option>one\n", "5:7: warning: `<select>` is never closed"),
    ("comment", "Text.\n\n<!-- never closed\n\nMore.\n", "7:1: warning: `<!--` opens a comment that is never closed"),
    ("script", "Text.\n\n<script>\nvar x = 1;\n", "7:1: warning: `<script>` has no `</script>`"),
    ("textarea", "<textarea>\nunended\n", "5:1: warning: `<textarea>` has no `</textarea>`"),
    ("plaintext", "<plaintext>\nrest\n", "5:1: warning: `<plaintext>` would turn the rest of the page"),
    (
        "base",
        "<base href=\"https://elsewhere.example/\">\n\nText.\n",
        "5:1: warning: `<base>` would change where every link",
    ),
    ("bold", "Some <b>bold\n\nStill bold.\n", "5:6: warning: `<b>` is never closed"),
    ("quote", "<div title=\"unclosed\n", "5:1: warning: the tag `<div title=\"…` never ends"),
];

/// The page layout around the body is whole: each element the theme opens around the body is
/// closed once, after the body, and the site footer and navigation follow it.
fn assert_layout_intact(name: &str, html: &str) {
    let count = |s: &str| html.matches(s).count();
    for closer in ["</main>", "</article>", "</body>", "</html>"] {
        assert_eq!(count(closer), 1, "{name}: {closer} appears {} times:\n{html}", count(closer));
    }
    // Every comment, script and element opened is closed (the theme's own are balanced).
    for (open, close) in [
        ("<!--", "-->"),
        ("<script", "</script>"),
        ("<textarea", "</textarea>"),
        ("<div", "</div>"),
        ("<section", "</section>"),
        ("<table", "</table>"),
        ("<select", "</select>"),
        ("<b>", "</b>"),
    ] {
        assert_eq!(count(open), count(close), "{name}: {open} and {close} do not pair up:\n{html}");
    }
    let main_end = html.find("</main>").unwrap();
    assert!(html[main_end..].contains("<footer class=\"site-footer\">"), "{name}: the footer follows the main column");
    assert!(html[..main_end].contains("id=\"gb-sidebar-nav\""), "{name}: the navigation is there");
    assert!(!html.contains("<base") && !html.contains("<plaintext"), "{name}");
}

#[test]
fn raw_html_cannot_break_out_of_the_page_layout() {
    let texts: Vec<(String, String)> = RAW_CASES
        .iter()
        .map(|(name, body, _)| (format!("en-us/{name}.md"), format!("---\ntitle: {name}\n---\n\n{body}")))
        .collect();
    let pages: Vec<(&str, &str)> = texts.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let s = site(&pages);
    let (result, out) = build_site(s.path());
    assert_ok(&result);
    let log = stderr(&result);
    for (name, _, warning) in RAW_CASES {
        assert!(log.contains(&format!("content/en-us/{name}.md:{warning}")), "no `{warning}` for {name}:\n{log}");
        assert_layout_intact(name, &read(out.join(format!("en-us/{name}/index.html"))));
    }
    // What the author wrote is kept, shown as text where it could not be kept as markup.
    let closers = read(out.join("en-us/closers/index.html"));
    assert!(closers.contains("&lt;/div>&lt;/article>&lt;/main>"), "{closers}");
    let bold = read(out.join("en-us/bold/index.html"));
    assert!(bold.contains("<p>Some <b>bold</p>\n<p>Still bold.</p>\n</b>"), "{bold}");
    let script = read(out.join("en-us/script/index.html"));
    assert!(script.contains("<script>\nvar x = 1;\n</script>"), "{script}");
    // `check` finds the same.
    let checked = check_site(s.path());
    assert_eq!(checked.status.code(), Some(0), "warnings only");
    assert!(stderr(&checked).contains("content/en-us/closers.md:7:1: warning"), "{}", stderr(&checked));
}

/// Nine levels of nine aliases each: 387 million values if expanded.
fn alias_bomb() -> String {
    let mut text = String::from("---\ntitle: Bomb\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
        text.push_str(&format!("{name}: &{name} [{}]\n", vec![format!("*{prev}"); 9].join(", ")));
    }
    text + "---\nBody.\n"
}

/// Three levels of 2,000 aliases: 24 KB that serde_yaml's own limit let through, into 23 GB.
fn wide_alias_bomb() -> String {
    let mut text = format!("---\ntitle: Wide\na: &a [{}]\n", vec!["lol"; 2000].join(","));
    text.push_str(&format!("b: &b [{}]\n", vec!["*a"; 2000].join(",")));
    text.push_str(&format!("c: &c [{}]\n", vec!["*b"; 2000].join(",")));
    text + "---\nBody.\n"
}

#[test]
fn alias_bombs_are_clear_errors_in_bounded_time_and_memory() {
    for (name, text) in [("bomb", alias_bomb()), ("wide", wide_alias_bomb())] {
        let s = site(&[(&format!("en-us/{name}.md"), &text)]);
        for result in [build_site(s.path()).0, check_site(s.path())] {
            assert_eq!(result.status.code(), Some(1));
            let log = stderr(&result);
            // At the anchor whose values ran over the budget, in the file's front matter.
            let prefix = format!("content/en-us/{name}.md:");
            let line: usize = log.split(&prefix).nth(1).and_then(|r| r.split(':').next()?.parse().ok()).unwrap_or(0);
            assert!((3..=11).contains(&line), "{name}: the error is not in the front matter:\n{log}");
            assert!(
                log.contains("error: invalid front matter: aliases (`*name`) expand into too many values"),
                "{log}"
            );
        }
    }
}

#[test]
fn a_50_mb_page_is_refused_before_it_is_read() {
    let big = format!("---\ntitle: Big\n---\n{}", "Some words in a paragraph of a large page.\n\n".repeat(1_200_000));
    let s = site(&[("en-us/big.md", &big)]);
    for result in [build_site(s.path()).0, check_site(s.path())] {
        assert_eq!(result.status.code(), Some(1));
        let log = stderr(&result);
        assert!(
            log.contains("content/en-us/big.md: error: the page is 50.4 MB, over the 10 MB guidebook reads"),
            "{log}"
        );
        assert!(log.contains("help: split it into several pages"), "{log}");
    }
}

#[test]
fn deep_nesting_nul_bytes_and_long_lines_give_correct_pages() {
    let deep_list = format!("---\ntitle: Lists\n---\n{}deep\n", "- ".repeat(10_000));
    let deep_quote = format!("---\ntitle: Quotes\n---\n{}deep\n", "> ".repeat(10_000));
    let deep_mixed = format!("---\ntitle: Mixed\n---\n{}deep\n", "> 1. ".repeat(5_000));
    let deep_html = format!("---\ntitle: Html\n---\n{}deep{}\n", "<div>".repeat(10_000), "</div>".repeat(10_000));
    let deep_links = format!("---\ntitle: Brackets\n---\n{}x{}\n", "[".repeat(10_000), "](index.md)".repeat(10_000));
    // With raw HTML in them, the same depths go through the layout's guard too.
    let raw_deep = format!("---\ntitle: Raw\n---\n{}deep\n\n</main>\n", "- ".repeat(10_000));
    let bolds = format!("---\ntitle: Bolds\n---\n{}x{}\n", "<b><i>".repeat(10_000), "</u>".repeat(10_000));
    let nul = "---\ntitle: Nul\n---\nbefore\0after\n\n<p>x\0y</p>\n";
    let line = format!("---\ntitle: Line\n---\n{}\n", "word [home](index.md) ".repeat(45_000));
    let s = site(&[
        ("en-us/lists.md", &deep_list),
        ("en-us/quotes.md", &deep_quote),
        ("en-us/mixed.md", &deep_mixed),
        ("en-us/html.md", &deep_html),
        ("en-us/brackets.md", &deep_links),
        ("en-us/raw.md", &raw_deep),
        ("en-us/bolds.md", &bolds),
        ("en-us/nul.md", nul),
        ("en-us/line.md", &line),
    ]);
    let (result, out) = build_site(s.path());
    assert_ok(&result);
    let log = stderr(&result);
    let count = |page: &str, s: &str| read(out.join(format!("en-us/{page}/index.html"))).matches(s).count();
    assert_eq!((count("lists", "<ul>\n<li>"), count("lists", "</li>\n</ul>")), (10_000, 10_000));
    assert_eq!((count("quotes", "<blockquote>"), count("quotes", "</blockquote>")), (10_000, 10_000));
    assert_eq!((count("mixed", "<ol>\n<li>"), count("mixed", "</blockquote>")), (5_000, 5_000));
    assert_eq!(count("html", "<div"), count("html", "</div>"));
    assert_eq!((count("raw", "<ul>\n<li>"), count("raw", "&lt;/main>"), count("raw", "</main>")), (10_000, 1, 1));
    assert_eq!((count("bolds", "<b>"), count("bolds", "</b>"), count("bolds", "</i>")), (10_000, 10_000, 10_000));
    assert_eq!(count("brackets", "<a href=\"/docs/en-us/\">x</a>"), 1, "the innermost is the link");
    // NUL becomes U+FFFD, with a warning at the first one.
    let page = std::fs::read(out.join("en-us/nul/index.html")).unwrap();
    assert!(!page.contains(&0), "no NUL reaches the page");
    assert_eq!(count("nul", "before\u{FFFD}after"), 1);
    assert!(log.contains("content/en-us/nul.md:4:7: warning: the file holds 2 NUL character(s)"), "{log}");
    // The 1 MB line: every word and link is there, each link resolved.
    assert_eq!(count("line", "<a href=\"/docs/en-us/\">home</a>"), 45_000);
    assert_eq!(check_site(s.path()).status.code(), Some(0));
}

#[test]
fn serve_takes_hostile_edits_and_lives_on() {
    let site = site_copy("links-ok");
    let srv = server::start(site.path(), &[]);
    let mut events = server::Events::open(&srv.addr);
    let file = site.path().join("content/en-us/guide/setup.md");
    let wait = Duration::from_secs(30);

    std::fs::write(&file, alias_bomb()).unwrap();
    let report = events.wait_for("error-report", wait).expect("an error event");
    assert!(report.contains("content/en-us/guide/setup.md:4:4: error"), "{report}");
    assert!(report.contains("expand into too many values"), "{report}");

    // `## Install` stays: other pages link to it.
    let deep = format!("---\ntitle: Setup\n---\n## Install\n\n{}deep\n\n</main>\n", "- ".repeat(10_000));
    std::fs::write(&file, deep).unwrap();
    assert!(events.wait_for("reload", wait).is_some(), "{}", srv.log.lock().unwrap());
    let served = server::get(&srv.addr, "/en-us/guide/setup/").text();
    assert!(served.matches("<ul>").count() >= 10_000 && served.contains("<li>deep</li>"));
    assert!(served.contains("&lt;/main>"), "the stray end tag is shown as text");
    assert_eq!(served.matches("</main>").count(), 1);
}
