//! Checks that keep translations in step with their sources (warnings): a translation must keep
//! every anchor its source's author chose, since links in every language point at them; and a
//! page's declared language (`ms.contentlocale`, `lang`) must be its folder's.

use crate::diagnostics::{Code, Diagnostic};
use crate::site::Site;

/// Warnings for every translation of the site.
pub fn check_translations(site: &Site) -> Vec<Diagnostic> {
    let default = &site.config.default_locale;
    let mut out = Vec::new();
    for page in site.pages.iter().filter(|p| p.fallback_from.is_none()) {
        for key in ["ms.contentlocale", "lang"] {
            let Some(declared) = page.meta_str(key) else { continue };
            if !declared.eq_ignore_ascii_case(&page.locale) {
                let line = key_line(&page.source, key, &site.config.root);
                let msg = format!("`{key}: {declared}` disagrees with the page's folder, {}", page.locale);
                out.push(
                    Diagnostic::warning(&page.source, line, 1, msg)
                        .with_code(Code::LocaleMismatch)
                        .with_hint(format!("move the page to content/{}/ or correct `{key}`", declared.to_lowercase())),
                );
            }
        }
        if page.locale == *default {
            continue;
        }
        let Some(source) = site.page(default, &page.rel_path).map(|i| &site.pages[i]) else { continue };
        for (anchor, line) in &source.explicit_anchors {
            if !page.has_anchor(anchor) {
                let msg = format!(
                    "anchor `#{anchor}` of the original ({}:{line}) is missing here, so links to it break in {}",
                    source.source.display(),
                    page.locale
                );
                let hint = format!(
                    "give the translated heading the same anchor: `<a name=\"{anchor}\"></a>` or `{{#{anchor}}}`"
                );
                out.push(Diagnostic::file_warning(&page.source, msg).with_code(Code::AnchorParity).with_hint(hint));
            }
        }
    }
    out
}

/// The line of `key:` in a page's front matter (1 when it cannot be read).
fn key_line(file: &std::path::Path, key: &str, root: &std::path::Path) -> usize {
    let text = crate::text::source::read_text(&root.join(file)).unwrap_or_default();
    crate::text::yaml::top_level_key(&text, key).map_or(1, |(i, _)| i + 1)
}
