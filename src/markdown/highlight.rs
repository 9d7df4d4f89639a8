//! Build-time syntax highlighting of fenced code, as CSS classes (`hl-*`), so the theme's
//! stylesheet decides the colours for light and dark schemes.
//!
//! Two engines: the languages docs use most (shell, JSON, YAML, JavaScript/TypeScript, Python,
//! HTML/XML, CSS, C#, Java, C/C++, Go, PowerShell, ...) go through hand-written lexers
//! (`hl-lite` and [`super::lexers`]), a few microseconds a block; every other language syntect
//! knows goes through its Sublime grammars, about 0.4 ms a block. On the 20,000-page benchmark
//! corpus syntect alone was 29 % of the build's CPU time.

use super::lexers::{self, OwnLang};
use crate::text::escape;
use hl_lite::{Kind, Span};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Loaded grammars, shared by every page, and the blocks syntect already highlighted:
/// translations repeat their source's code samples verbatim, and a grammar costs far more than
/// a page's parse, so each distinct (language, code) it highlights is highlighted once.
#[derive(Default)]
pub struct Highlighter {
    /// syntect's grammars, loaded the first time a block needs one (most sites never do).
    syntaxes: OnceLock<SyntaxSet>,
    done: Mutex<HashMap<(String, String), Arc<str>>>,
    /// Skip code entirely (`index export` needs titles and anchors, never code HTML).
    skip_code: bool,
}

/// Which engine highlights a language.
enum Engine<'a> {
    Lite(hl_lite::Lang),
    Own(OwnLang),
    Grammar(&'a SyntaxReference),
}

/// Names docs authors use for languages that syntect knows by another name.
fn alias(lang: &str) -> &str {
    match lang {
        "azurecli" | "azurecli-interactive" | "console" | "shell" | "sh" | "zsh" | "bash" | "cmd" => "bash",
        "csharp" | "c#" => "cs",
        "yml" => "yaml",
        "js" | "javascript" | "node" => "js",
        "ts" | "typescript" => "js",
        "py" | "python3" => "python",
        "jsonc" | "json5" => "json",
        "xaml" | "csproj" => "xml",
        "htm" => "html",
        other => other,
    }
}

impl Highlighter {
    fn engine(&self, lang: &str) -> Option<Engine<'_>> {
        let lang = lang.trim().to_ascii_lowercase();
        if let Some(own) = OwnLang::from_slug(&lang) {
            return Some(Engine::Own(own));
        }
        let token = alias(&lang);
        if let Some(lite) = hl_lite::Lang::from_slug(&lang).or_else(|| hl_lite::Lang::from_slug(token)) {
            return Some(Engine::Lite(lite));
        }
        let syntaxes = self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines);
        syntaxes.find_syntax_by_token(token).map(Engine::Grammar)
    }

    /// A highlighter whose code blocks come out empty: for work that reads no page HTML.
    pub(crate) fn without_code() -> Self {
        Highlighter { skip_code: true, ..Highlighter::default() }
    }

    /// The HTML of a code block: highlighted spans when the language is known, escaped text else.
    pub fn code_block(&self, lang: &str, code: &str) -> Arc<str> {
        if self.skip_code {
            return Arc::from("");
        }
        let engine = self.engine(lang);
        if !matches!(engine, Some(Engine::Grammar(_))) {
            // The lexers are cheaper than the cache's hashing and copies.
            return self.highlight(lang, engine, code).into();
        }
        let key = (lang.to_string(), code.to_string());
        if let Some(html) = self.done.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Arc::clone(html);
        }
        let html: Arc<str> = self.highlight(lang, engine, code).into();
        self.done.lock().unwrap_or_else(|e| e.into_inner()).insert(key, Arc::clone(&html));
        html
    }

    /// Drops the blocks highlighted so far (a build that has rendered every page needs them
    /// no more).
    pub(crate) fn forget(&self) {
        self.done.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    fn highlight(&self, lang: &str, engine: Option<Engine<'_>>, code: &str) -> String {
        let lang_attr = escape::attr(lang);
        let body = engine.and_then(|engine| match engine {
            Engine::Lite(lang) => Some(spans_html(&hl_lite::highlight(lang, code))),
            Engine::Own(lang) => Some(spans_html(&lexers::highlight(lang, code))),
            Engine::Grammar(syntax) => {
                let syntaxes = self.syntaxes.get()?;
                let style = ClassStyle::SpacedPrefixed { prefix: "hl-" };
                let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, style);
                for line in LinesWithEndings::from(code) {
                    gen.parse_html_for_line_which_includes_newline(line).ok()?;
                }
                Some(gen.finalize())
            }
        });
        let body = body.unwrap_or_else(|| escape::text(code));
        if lang.is_empty() {
            format!("<pre class=\"code\"><code>{body}</code></pre>\n")
        } else {
            format!("<pre class=\"code\" data-lang=\"{lang_attr}\"><code class=\"language-{lang_attr}\">{body}</code></pre>\n")
        }
    }
}

/// Lexer spans as HTML. Operators, punctuation and plain text are left unwrapped: colouring
/// them is noise, and a span per `;` would double a code block's size.
fn spans_html(spans: &[Span<'_>]) -> String {
    let mut out = String::with_capacity(spans.iter().map(|s| s.text.len()).sum::<usize>() * 3 / 2);
    for span in spans {
        match span.kind {
            Kind::Plain | Kind::Operator | Kind::Punctuation => {
                escape::push_replacing(&mut out, span.text, escape::Escapes::Text)
            }
            kind => {
                out.push_str("<span class=\"hl-");
                out.push_str(kind.class());
                out.push_str("\">");
                escape::push_replacing(&mut out, span.text, escape::Escapes::Text);
                out.push_str("</span>");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_classes_and_unknown_are_escaped() {
        let h = Highlighter::default();
        let json = h.code_block("json", "{\"a\": 1}\n");
        assert!(json.contains("hl-"), "{json}");
        let plain = h.code_block("nosuchlang", "<b>\n");
        assert!(plain.contains("&lt;b&gt;") && !plain.contains("hl-"), "{plain}");
    }
}
