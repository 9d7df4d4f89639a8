//! Build-time syntax highlighting of fenced code with syntect, as CSS classes (`hl-*`), so the
//! theme's stylesheet decides the colours for light and dark schemes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Loaded grammars, shared by every page, and the blocks already highlighted: translations
/// repeat their source's code samples verbatim, and highlighting is most of a page's parse
/// cost, so each distinct (language, code) is highlighted once.
pub struct Highlighter {
    syntaxes: SyntaxSet,
    done: Mutex<HashMap<(String, String), Arc<str>>>,
}

impl Default for Highlighter {
    fn default() -> Self {
        Highlighter { syntaxes: SyntaxSet::load_defaults_newlines(), done: Mutex::default() }
    }
}

/// Names docs authors use for languages that syntect knows by another name.
fn alias(lang: &str) -> &str {
    match lang {
        "azurecli" | "azurecli-interactive" | "console" | "shell" | "sh" | "zsh" | "bash" => "bash",
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
    fn syntax(&self, lang: &str) -> Option<&SyntaxReference> {
        let lang = lang.trim().to_ascii_lowercase();
        let token = alias(&lang);
        self.syntaxes.find_syntax_by_token(token)
    }

    /// The HTML of a code block: highlighted spans when the language is known, escaped text else.
    pub fn code_block(&self, lang: &str, code: &str) -> Arc<str> {
        let key = (lang.to_string(), code.to_string());
        if let Some(html) = self.done.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Arc::clone(html);
        }
        let html: Arc<str> = self.highlight(lang, code).into();
        self.done.lock().unwrap_or_else(|e| e.into_inner()).insert(key, Arc::clone(&html));
        html
    }

    /// Drops the blocks highlighted so far (a build that has rendered every page needs them
    /// no more).
    pub fn forget(&self) {
        self.done.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    fn highlight(&self, lang: &str, code: &str) -> String {
        let lang_attr = escape_attr(lang);
        let body = self.syntax(lang).and_then(|syntax| {
            let style = ClassStyle::SpacedPrefixed { prefix: "hl-" };
            let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, style);
            for line in LinesWithEndings::from(code) {
                gen.parse_html_for_line_which_includes_newline(line).ok()?;
            }
            Some(gen.finalize())
        });
        let body = body.unwrap_or_else(|| escape_text(code));
        if lang.is_empty() {
            format!("<pre class=\"code\"><code>{body}</code></pre>\n")
        } else {
            format!("<pre class=\"code\" data-lang=\"{lang_attr}\"><code class=\"language-{lang_attr}\">{body}</code></pre>\n")
        }
    }
}

/// Escapes text for an HTML text node.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes text for a double-quoted HTML attribute.
pub fn escape_attr(s: &str) -> String {
    escape_text(s).replace('"', "&quot;").replace('\'', "&#39;")
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
