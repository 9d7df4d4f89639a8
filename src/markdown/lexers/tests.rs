use super::*;
use hl_lite::Kind;

/// The classified (non-plain) spans.
fn kinds(spans: &[Span<'_>]) -> Vec<(Kind, String)> {
    spans.iter().filter(|s| s.kind != Kind::Plain).map(|s| (s.kind, s.text.to_string())).collect()
}

fn joined(spans: &[Span<'_>]) -> String {
    spans.iter().map(|s| s.text).collect()
}

const CSHARP_SAMPLE: &str = r#"#region Setup
using System.Net.Http; // 한국어 주석
[HttpGet]
public async Task<string> GetAsync(int id = 0x1F, double d = 1.5e3)
{
    var path = @"C:\temp\""x""";
    var msg = $"Hello {id}";
    /* block
       comment */
    return await client.GetStringAsync(path) ?? null;
}
"#;

const POWERSHELL_SAMPLE: &str = r#"<# .SYNOPSIS
   Creates a group #>
param([string]$Name = "rg-$env:USERNAME", [int[]]$Sizes)
$ctx = Get-AzContext # 현재 컨텍스트
if ($Name -eq $null) { Write-Host 'it''s empty' -ForegroundColor Red; exit 1 }
New-AzResourceGroup -Name $Name -Location westus2 | Out-Null
$text = @"
Hello $Name
"@
[System.IO.Path]::Combine($HOME, "x")
"#;

#[test]
fn spans_always_rebuild_the_source_exactly() {
    for (lang, src) in [
        (OwnLang::CLike(Dialect::CSharp), CSHARP_SAMPLE),
        (OwnLang::PowerShell, POWERSHELL_SAMPLE),
        (OwnLang::CLike(Dialect::Java), "@Override\nString s = \"unterminated\n"),
        (OwnLang::CLike(Dialect::Go), "x := `raw\nstring"),
        (OwnLang::PowerShell, "@\"\nnever closed $x"),
        (OwnLang::CLike(Dialect::Cpp), "/* never closed 한"),
        (OwnLang::PowerShell, "\"ends in backtick`"),
        (OwnLang::CLike(Dialect::CSharp), "'\\"),
    ] {
        assert_eq!(joined(&highlight(lang, src)), src, "{lang:?}");
    }
}

#[test]
fn csharp_tokens_are_classified() {
    let kinds = kinds(&highlight(OwnLang::CLike(Dialect::CSharp), CSHARP_SAMPLE));
    let has = |kind: Kind, text: &str| kinds.iter().any(|(k, t)| *k == kind && t == text);
    assert!(has(Kind::Keyword, "#region"), "{kinds:?}");
    assert!(has(Kind::Keyword, "public") && has(Kind::Keyword, "async") && has(Kind::Keyword, "var"));
    assert!(has(Kind::Comment, "// 한국어 주석"), "{kinds:?}");
    assert!(has(Kind::Attribute, "HttpGet"));
    assert!(has(Kind::Type, "Task") && has(Kind::Function, "GetAsync") && has(Kind::Function, "GetStringAsync"));
    assert!(has(Kind::Number, "0x1F") && has(Kind::Number, "1.5e3"));
    assert!(has(Kind::String, r#"@"C:\temp\""x""""#), "{kinds:?}");
    assert!(has(Kind::String, r#"$"Hello {id}""#));
    assert!(has(Kind::Comment, "/* block\n       comment */"));
    assert!(has(Kind::Constant, "null"));
}

#[test]
fn powershell_tokens_are_classified() {
    let kinds = kinds(&highlight(OwnLang::PowerShell, POWERSHELL_SAMPLE));
    let has = |kind: Kind, text: &str| kinds.iter().any(|(k, t)| *k == kind && t == text);
    assert!(has(Kind::Comment, "<# .SYNOPSIS\n   Creates a group #>"), "{kinds:?}");
    assert!(has(Kind::Keyword, "param") && has(Kind::Keyword, "if") && has(Kind::Keyword, "-eq"));
    assert!(has(Kind::Type, "string") && has(Kind::Type, "int[]") && has(Kind::Type, "System.IO.Path"));
    assert!(has(Kind::Variable, "$Name") && has(Kind::Variable, "$ctx") && has(Kind::Constant, "$null"));
    assert!(has(Kind::String, "\"rg-$env:USERNAME\"") && has(Kind::String, "'it''s empty'"), "{kinds:?}");
    assert!(has(Kind::Function, "Get-AzContext") && has(Kind::Function, "New-AzResourceGroup"));
    assert!(has(Kind::Attribute, "-Name") && has(Kind::Attribute, "-ForegroundColor"));
    assert!(has(Kind::Comment, "# 현재 컨텍스트"));
    assert!(has(Kind::String, "@\"\nHello $Name\n\"@"), "{kinds:?}");
    assert!(has(Kind::Number, "1"));
    // An argument word is not a command.
    assert!(!kinds.iter().any(|(_, t)| t == "westus2"), "{kinds:?}");
}

#[test]
fn fence_names_map_to_lexers() {
    assert_eq!(OwnLang::from_slug("azurepowershell-interactive"), Some(OwnLang::PowerShell));
    assert_eq!(OwnLang::from_slug("c#"), Some(OwnLang::CLike(Dialect::CSharp)));
    assert_eq!(OwnLang::from_slug("rust"), None);
}

#[test]
fn powershell_arguments_are_barewords_not_keywords() {
    let az = kinds(&highlight(OwnLang::PowerShell, "az data validate --name function-72 --share vault.\n"));
    assert_eq!(az, vec![(Kind::Function, "az".to_string())]);
    let each = kinds(&highlight(OwnLang::PowerShell, "foreach ($a in $list) { Remove-Item $a }"));
    assert!(each.contains(&(Kind::Keyword, "in".to_string())), "{each:?}");
    assert!(each.contains(&(Kind::Function, "Remove-Item".to_string())), "{each:?}");
}

#[test]
fn random_text_round_trips_in_every_lexer() {
    // Fragments that open and close every construct the lexers know, in random order: a lexer
    // that skips, repeats or splits a character, or fails to advance, fails here.
    const PIECES: &[&str] = &[
        "\"",
        "'",
        "`",
        "\\",
        "@",
        "$",
        "#",
        "<#",
        "#>",
        "/*",
        "*/",
        "//",
        "-",
        "--x",
        "[",
        "]",
        "{",
        "}",
        "(",
        "\n",
        " ",
        "\t",
        "a",
        "Get-Item",
        "if",
        "0x1F",
        "1.5e",
        "한국어",
        "é",
        "\"\"\"",
        "@\"",
        "\"@",
        "$env:",
        "${",
        ".",
    ];
    let langs = [
        OwnLang::PowerShell,
        OwnLang::CLike(Dialect::CSharp),
        OwnLang::CLike(Dialect::Java),
        OwnLang::CLike(Dialect::Cpp),
        OwnLang::CLike(Dialect::Go),
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..2000 {
        let len = (next() % 40) as usize;
        let src: String = (0..len).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect();
        for lang in langs {
            let spans = highlight(lang, &src);
            assert_eq!(joined(&spans), src, "{lang:?} on {src:?}");
            assert!(spans.iter().all(|s| !s.text.is_empty()), "{lang:?} made an empty span on {src:?}");
        }
    }
}
