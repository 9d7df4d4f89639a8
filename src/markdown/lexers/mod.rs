//! Hand-written lexers for the languages docs use most that `hl-lite` does not cover (C#,
//! Java, C/C++, Go and PowerShell). They are lexical, like highlight.js or Prism: one forward
//! pass over the bytes, no regex engine — syntect's grammars cost about 0.4 ms a block, these
//! a few microseconds. Spans use `hl_lite::Kind`, so every fast language shares one set of
//! CSS classes.

mod clike;
mod powershell;
mod scan;

pub use clike::Dialect;
use hl_lite::Span;

/// A language one of these lexers handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnLang {
    /// C, C++, C#, Java or Go: one lexer, a keyword list per dialect.
    CLike(Dialect),
    /// PowerShell (also Azure PowerShell samples).
    PowerShell,
}

impl OwnLang {
    /// The language for a fence's info string (already lowercased), if one of these lexers has it.
    pub fn from_slug(slug: &str) -> Option<OwnLang> {
        Some(match slug {
            "powershell" | "ps" | "ps1" | "pwsh" | "azurepowershell" | "azurepowershell-interactive" => {
                OwnLang::PowerShell
            }
            other => OwnLang::CLike(Dialect::from_slug(other)?),
        })
    }
}

/// Splits `src` into classified spans that concatenate back to exactly `src`.
pub fn highlight(lang: OwnLang, src: &str) -> Vec<Span<'_>> {
    let mut out = scan::Emit::new(src);
    match lang {
        OwnLang::CLike(dialect) => clike::lex(dialect, &mut out),
        OwnLang::PowerShell => powershell::lex(&mut out),
    }
    out.finish()
}

#[cfg(test)]
mod tests;
