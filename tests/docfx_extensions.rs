//! DocFX markdown extensions through the real binary: `:::image:::`, code includes, `[!VIDEO]`,
//! `[!div]`, zones and monikers render as Microsoft Learn readers expect, in English and Korean;
//! the paths in them are checked at their column; a page without them is unchanged.

mod common;

use common::{assert_ok, build, guidebook, read, site_copy};
use std::path::Path;

/// The page body: the theme's `.prose` block.
fn prose(out: &Path, page: &str) -> String {
    let html = read(out.join(page).join("index.html"));
    let start = html.find("<div class=\"prose\">").unwrap_or_else(|| panic!("no prose in {page}"));
    let end = start + html[start..].find("\n    </div>").unwrap();
    html[start + "<div class=\"prose\">\n      ".len()..end].to_string()
}

fn assert_has(body: &str, want: &[&str]) {
    for w in want {
        assert!(body.contains(w), "missing {w:?} in:\n{body}");
    }
}

#[test]
fn every_extension_renders_in_english_and_korean() {
    let site = site_copy("docfx-extensions");
    // A footer that prints the ms.* front matter, to see it reach templates as written.
    let meta = r#"<footer>{% if page and page.meta and page.meta["ms.topic"] is defined %}<p id="ms">{{ page.meta["ms.topic"] }}|{{ page.meta["ms.custom"] }}|{{ page.meta["ms.date"] }}</p>{% endif %}</footer>"#;
    std::fs::create_dir_all(site.path().join("templates/partials")).unwrap();
    std::fs::write(site.path().join("templates/partials/footer.html"), meta).unwrap();
    let out = site.path().join("public");
    let run = build(site.path(), &out, &[]);
    assert_ok(&run);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("0 warning(s)"), "{stdout}{}", String::from_utf8_lossy(&run.stderr));

    let en = prose(&out, "en-us/guide/extensions");
    assert_has(
        &en,
        &[
            "<figure class=\"docfx-image border\"><img src=\"/en-us/guide/media/overview.png\" alt=\"The overview screen.\"></figure>\n",
            "<p>Select <img class=\"docfx-icon\" src=\"/en-us/guide/media/icon.png\" alt=\"\"> <strong>Add</strong> to start.</p>",
            "<figure class=\"docfx-image\"><a class=\"lightbox\" href=\"/en-us/guide/media/overview-big.png\"><img src=\"/en-us/guide/media/overview.png\" alt=\"Without a border.\"></a></figure>",
            "<figure class=\"docfx-image complex border\"><img src=\"/en-us/guide/media/overview.png\" alt=\"A chart of three bars.\">\n<details class=\"long-description\"><summary>Long description</summary>\n<p>The chart shows <strong>three</strong> bars, the last one highest.</p>\n</details>\n</figure>",
            // #region Main, dedented, tags inside it left out, highlighted as C#.
            "<pre class=\"code\" data-lang=\"csharp\"><code class=\"language-csharp\"><span class=\"hl-keyword\">static</span> <span class=\"hl-keyword\">void</span> <span class=\"hl-function\">Main</span>()\n{\n    <span class=\"hl-type\">Console</span>.",
            // ?range=2-3 of setup.ps1.
            "<code class=\"language-powershell\"><span class=\"hl-function\">Install-Module</span> <span class=\"hl-attribute\">-Name</span> Az\n<span class=\"hl-function\">Connect-AzAccount</span>\n</code></pre>",
            // :::code with ~/ and a snippet tag.
            "<code class=\"language-csharp\"><span class=\"hl-type\">Console</span>.<span class=\"hl-function\">WriteLine</span>(<span class=\"hl-string\">\"Hello\"</span>);\n</code></pre>",
            "<div class=\"video\"><iframe src=\"https://learn-video.azurefd.net/vod/player?id=7c1a8a1e\" allowfullscreen loading=\"lazy\" title=\"Video\"></iframe></div>",
            "<div class=\"checklist\">\n<ul>\n<li>Create a workspace</li>\n<li>Deploy the app</li>\n</ul>\n</div>",
            "<div class=\"nextstepaction\">\n<p><a href=\"/en-us/guide/plain/\">Read the plain page</a></p>\n</div>",
            "<div class=\"zone\" data-pivot=\"windows\">\n<p class=\"zone-label\">Pivot: windows</p>\n<p>Run the installer on Windows.</p>\n</div>",
            "<div class=\"moniker\" data-moniker=\"&gt;=powershell-7.2\">\n<p class=\"moniker-label\">Applies to: PowerShell 7.2 and later</p>\n<p>This needs PowerShell 7.2.</p>\n</div>",
        ],
    );
    for stray in [":::", "[!code", "[!VIDEO", "[!div", "#region", "// <greeting>"] {
        assert!(!en.contains(stray), "{stray:?} left in the page:\n{en}");
    }

    let ko = prose(&out, "ko-kr/guide/extensions");
    assert_has(
        &ko,
        &[
            "<figure class=\"docfx-image border\"><img src=\"/ko-kr/guide/media/overview.png\" alt=\"개요 화면.\"></figure>",
            "<p><img class=\"docfx-icon\" src=\"/ko-kr/guide/media/icon.png\" alt=\"\"> <strong>추가</strong>를 선택합니다.</p>",
            "<details class=\"long-description\"><summary>자세한 설명</summary>\n<p>차트에는 막대가 <strong>세 개</strong> 있습니다.</p>\n</details>",
            // The code file exists only in en-us: it is found there, as an include would be.
            "<code class=\"language-csharp\"><span class=\"hl-keyword\">static</span>",
            "<code class=\"language-powershell\"><span class=\"hl-function\">Install-Module</span> <span class=\"hl-attribute\">-Name</span> Az\n<span class=\"hl-function\">Connect-AzAccount</span>\n</code></pre>",
            "<iframe src=\"https://www.youtube-nocookie.com/embed/abc123\" allowfullscreen loading=\"lazy\" title=\"동영상\"></iframe>",
            "<div class=\"checklist\">\n<ul>\n<li>작업 영역 만들기</li>\n</ul>\n</div>",
            "<div class=\"nextstepaction\">\n<p><a href=\"/ko-kr/guide/plain/\">일반 페이지 읽기</a></p>\n</div>",
            "<p class=\"zone-label\">피벗: windows</p>\n<p>Windows에서 설치 프로그램을 실행합니다.</p>",
            "<p class=\"moniker-label\">적용 대상: PowerShell 7.2 이상</p>",
        ],
    );
    assert!(!ko.contains(":::") && !ko.contains("[!"), "{ko}");

    // ms.* keys reach templates as written (ms.date is a date string, not reformatted).
    let footer = read(out.join("en-us/guide/extensions/index.html"));
    assert!(footer.contains(r#"<p id="ms">how-to|docfx-fixture|03/01/2024</p>"#), "{footer}");

    // The pictures are copied like any linked image.
    for f in ["en-us/guide/media/overview.png", "en-us/guide/media/overview-big.png", "ko-kr/guide/media/icon.png"] {
        assert!(out.join(f).is_file(), "{f} not published");
    }
}

#[test]
fn pages_without_extensions_are_unchanged() {
    let site = site_copy("docfx-extensions");
    let out = site.path().join("public");
    assert_ok(&build(site.path(), &out, &[]));
    // Directive-like text in code spans and fenced code stays text; includes and alerts as before.
    let plain = prose(&out, "en-us/guide/plain");
    assert_eq!(
        plain,
        "<p>Text with a <a href=\"/en-us/guide/extensions/\">link to the extensions</a> and <code>:::code:::</code> in a code span.</p>\n\
         <div class=\"alert alert-note\" role=\"note\"><p class=\"alert-title\">Note</p>\n<p>Included note text.</p>\n</div>\n\
         <div class=\"alert alert-tip\" role=\"note\"><p class=\"alert-title\">Tip</p>\n<p>A tip.</p>\n</div>\n\
         <pre class=\"code\" data-lang=\"markdown\"><code class=\"language-markdown\">:::image type=\"content\" source=\"nowhere.png\" alt-text=\"x\":::\n\
         [!code-csharp[x](<span class=\"hl-constant\">nowhere.cs</span>)]\n</code></pre>\n"
    );
    assert_eq!(
        prose(&out, "ko-kr/guide/plain"),
        "<p><a href=\"/ko-kr/guide/extensions/\">확장 페이지</a>로 가는 링크가 있는 텍스트입니다.</p>\n"
    );
}

#[test]
fn broken_images_code_files_and_regions_are_reported_at_their_column() {
    let site = site_copy("docfx-extensions");
    let page = "---\ntitle: Broken\n---\n\n\
        :::image type=\"content\" source=\"media/missing.png\" alt-text=\"Missing.\":::\n\n\
        [!code-csharp[](../code/Missing.cs#Main)]\n\n\
        :::code language=\"csharp\" source=\"../code/Program.cs\" id=\"nope\":::\n\n\
        [!code-powershell[](../code/setup.ps1?range=4-9)]\n\n\
        :::image type=\"diagram\" source=\"media/icon.png\" alt-text=\"x\":::\n\n\
        [!VIDEO javascript:alert(1)]\n\n\
        ::: zone pivot=\"linux\"\n\nUnclosed.\n\n::: moniker-end\n";
    std::fs::write(site.path().join("content/en-us/guide/broken.md"), page).unwrap();
    let run = guidebook(&["check", "--root", site.path().to_str().unwrap()]);
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    let found: Vec<&str> = stderr.lines().filter(|l| l.starts_with("content/")).collect();
    assert_eq!(
        found,
        [
            "content/en-us/guide/broken.md:5:33: error: `media/missing.png` leads to no image: en-us/guide/media/missing.png does not exist",
            "content/en-us/guide/broken.md:7:17: error: code file `../code/Missing.cs` not found",
            "content/en-us/guide/broken.md:9:59: error: code file content/en-us/code/Program.cs has no region or snippet tag named `nope`",
            "content/en-us/guide/broken.md:11:45: error: code file content/en-us/code/setup.ps1 has 5 lines, so the range 4-9 is past its end",
            "content/en-us/guide/broken.md:13:16: warning: unknown image type `diagram`; it is shown as type=\"content\"",
            "content/en-us/guide/broken.md:15:9: warning: [!VIDEO] needs an http(s) URL, not `javascript:alert(1)`; the video is left out",
            "content/en-us/guide/broken.md:17:1: warning: this zone is still open at the end of the file; it is closed there",
            "content/en-us/guide/broken.md:21:1: warning: `::: moniker-end` closes nothing: the block open here is a zone; the line is left out",
        ],
        "{stderr}"
    );
    assert!(stderr.contains("help: looked for code/Missing.cs in en-us"), "{stderr}");
}

#[test]
fn the_azure_corpus_videos_become_players() {
    let Some(shared) = common::shared_dir("the_azure_corpus_videos_become_players") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let root = shared.join("corpora/azure-marketplace");
    assert_ok(&build(&root, &out, &["--broken-links", "warn"]));
    // Written `>[!VIDEO url]`, `> [!VIDEO url]` and `> [!Video url]` in the real pages.
    let pages = [
        ("marketplace/cloud-partner-portal/azure-applications/cpp-azure-app-offer", "Build/2018/BRK3603/player"),
        ("marketplace/cloud-partner-portal/virtual-machine/cpp-virtual-machine-offer", "Build/2017/P4026"),
        ("marketplace/cloud-partner-portal-orig/cpp-customer-engagement-offer", "Build/2018/THR1202/player"),
    ];
    for locale in ["en-us", "ko-kr"] {
        for (page, video) in pages {
            let body = prose(&out, &format!("{locale}/{page}"));
            let player = "<div class=\"video\"><iframe src=\"https://channel9.msdn.com/";
            let at = body.find(player).unwrap_or_else(|| panic!("no player in {locale}/{page}:\n{body}"));
            assert!(body[at..].split('"').nth(3).is_some_and(|src| src.ends_with(video)), "{}", &body[at..at + 200]);
            assert!(!body.to_ascii_lowercase().contains("[!video"), "{locale}/{page} still shows the directive");
        }
    }
}

#[test]
fn blocks_nest_and_close_in_order_inside_quotes_and_lists() {
    let site = site_copy("docfx-extensions");
    let page = "---\ntitle: Nesting\n---\n\n\
        > [!NOTE]\n> :::image type=\"content\" source=\"media/icon.png\" alt-text=\"In a note.\":::\n> Still the note.\n\n\
        - An item\n  :::image type=\"content\" source=\"media/icon.png\" alt-text=\"In a list.\":::\n  More of the item.\n\n\
        ::: zone pivot=\"linux\"\n\n\
        > [!div class=\"nextstepaction\"]\n> [Plain](plain.md)\n\
        ::: zone-end\n\n\
        ::: moniker range=\"<=powershell-5.1\"\n\n\
        :::image type=\"complex\" source=\"media/icon.png\" alt-text=\"Never ended.\":::\nThe long text.\n";
    std::fs::write(site.path().join("content/en-us/guide/nesting.md"), page).unwrap();
    let out = site.path().join("public");
    let run = build(site.path(), &out, &[]);
    assert_ok(&run);
    let stderr = String::from_utf8_lossy(&run.stderr);
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.starts_with("content/")).collect();
    assert_eq!(
        warnings,
        [
            "content/en-us/guide/nesting.md:19:1: warning: this moniker is still open at the end of the file; it is closed there",
            "content/en-us/guide/nesting.md:21:1: warning: this complex image is still open at the end of the file; it is closed there",
        ],
        "nothing else (no raw-html warnings: every element the extensions open, they close): {stderr}"
    );
    let body = prose(&out, "en-us/guide/nesting");
    assert_has(
        &body,
        &[
            "<div class=\"alert alert-note\" role=\"note\"><p class=\"alert-title\">Note</p>\n\
             <figure class=\"docfx-image border\"><img src=\"/en-us/guide/media/icon.png\" alt=\"In a note.\"></figure>\n\
             <p>Still the note.</p>\n</div>",
            "<li>\n<p>An item</p>\n<figure class=\"docfx-image border\"><img src=\"/en-us/guide/media/icon.png\" alt=\"In a list.\"></figure>\n<p>More of the item.</p>\n</li>",
            "<div class=\"zone\" data-pivot=\"linux\">\n<p class=\"zone-label\">Pivot: linux</p>\n\
             <div class=\"nextstepaction\">\n<p><a href=\"/en-us/guide/plain/\">Plain</a></p>\n</div>\n</div>",
            "<p class=\"moniker-label\">Applies to: PowerShell 5.1 and earlier</p>\n\
             <figure class=\"docfx-image complex border\"><img src=\"/en-us/guide/media/icon.png\" alt=\"Never ended.\">\n\
             <details class=\"long-description\"><summary>Long description</summary>\n<p>The long text.</p>\n</details>\n</figure>\n</div>",
        ],
    );
}
