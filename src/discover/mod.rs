//! Finds the site's source files with walkdir: markdown pages per locale, and the other files
//! under `content/` (images, PDFs) that are copied as assets.

pub(crate) mod symlinks;

use crate::config::{Config, ContentLayout, Fallback};
use crate::diagnostics::{display_path, Code, Diagnostic};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// One file under `content/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceFile {
    /// The locale it belongs to.
    pub locale: String,
    /// Its path below the locale folder, with `/` separators: `marketplace/policies-terms.md`.
    pub rel_path: String,
    /// Its path as the author sees it, relative to the site root: `content/en-us/...`.
    pub display: PathBuf,
    /// Where it is on disk.
    pub abs_path: PathBuf,
    /// Set on the stand-in for a page this locale lacks: the locale whose file it shows
    /// (`[i18n] fallback = "page"`).
    pub fallback_from: Option<String>,
}

/// Everything discovery found, sorted by locale then path (so builds are deterministic).
#[derive(Debug, Default, Clone)]
pub struct Sources {
    /// Markdown pages.
    pub pages: Vec<SourceFile>,
    /// Other files, copied as they are.
    pub assets: Vec<SourceFile>,
    /// Markdown files in `includes/` folders: text for `[!INCLUDE]`, not pages.
    pub includes: Vec<SourceFile>,
    /// `toc.yml` files: the navigation order of their folders.
    pub tocs: Vec<SourceFile>,
}

impl Sources {
    /// Adds `other`'s files after this one's, list by list. Taken apart whole, so a list added
    /// to `Sources` cannot be left out here unnoticed.
    fn append(&mut self, other: Sources) {
        let Sources { pages, assets, includes, tocs } = other;
        self.pages.extend(pages);
        self.assets.extend(assets);
        self.includes.extend(includes);
        self.tocs.extend(tocs);
    }
}

/// True for files that are never part of the site: hidden files and editors' backups and
/// lock files (`*~`, `.#*`, `*.swp`, `#autosave#`).
pub(crate) fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
}

/// True for a DocFX build's own settings file, which a DocFX repository keeps beside its pages
/// and which is no page or file of the published site.
pub(crate) fn is_build_file(name: &str) -> bool {
    name.eq_ignore_ascii_case("docfx.json")
}

/// True for files that describe navigation (DocFX's `toc.yml`, also spelled `TOC.yml`, and its
/// markdown form `TOC.md`, which is navigation, not a page).
pub(crate) fn is_nav_file(name: &str) -> bool {
    ["toc.yml", "toc.yaml", "toc.md"].iter().any(|n| name.eq_ignore_ascii_case(n))
}

/// Walks `content/` and sorts what it finds into pages and assets per locale.
pub(crate) fn discover(config: &Config) -> (Sources, Vec<Diagnostic>) {
    let mut sources = Sources::default();
    let mut diags = Vec::new();
    let content = config.content_dir();
    if let Some(w) = crate::discover::symlinks::warning(&config.root, &content) {
        diags.push(w);
        return (sources, diags);
    }
    if !config.mounts.is_empty() {
        diags.extend(crate::links::mounts::missing_sources(config));
    }
    match config.layout {
        ContentLayout::Flat => {
            walk(config, &content, &config.default_locale, &mut sources, &mut diags);
        }
        ContentLayout::PerLocale => {
            let mut entries: Vec<_> = std::fs::read_dir(&content).into_iter().flatten().flatten().collect();
            entries.sort_by_key(|e| e.file_name());
            let mut locales = Vec::new();
            for entry in entries {
                let name = entry.file_name().to_string_lossy().into_owned();
                if is_ignored_name(&name) {
                    continue;
                }
                let shown = display_path(&config.root, &entry.path());
                if let Some(w) = crate::discover::symlinks::warning(&config.root, &entry.path()) {
                    diags.push(w);
                    continue;
                }
                // A link that stays inside the site counts as what it leads to.
                let is_dir = entry.path().is_dir();
                if !is_dir {
                    let msg = format!("`{name}` is outside every locale folder and is not part of the site");
                    diags.push(
                        Diagnostic::file_warning(shown, msg)
                            .with_code(Code::StrayFile)
                            .with_hint("move it into content/<locale>/"),
                    );
                } else if config.locale(&name).is_none() {
                    let known: Vec<_> = config.locales.iter().map(|l| l.code.as_str()).collect();
                    let msg = format!("content/{name}/ is not a locale of this site (locales: {})", known.join(", "));
                    let hint =
                        format!("add a [[locales]] entry with code = \"{name}\" to site.toml, or rename the folder");
                    diags.push(Diagnostic::file_error(shown, msg).with_code(Code::UnknownLocale).with_hint(hint));
                } else {
                    locales.push((entry.path(), name));
                }
            }
            // The locales' folders walked side by side (a walk waits on the file system, one
            // directory read at a time), their finds put together in folder order.
            let walked: Vec<(Sources, Vec<Diagnostic>)> = locales
                .par_iter()
                .map(|(path, name)| {
                    let (mut found, mut problems) = (Sources::default(), Vec::new());
                    walk(config, path, name, &mut found, &mut problems);
                    (found, problems)
                })
                .collect();
            for (found, problems) in walked {
                sources.append(found);
                diags.extend(problems);
            }
        }
    }
    if config.layout == ContentLayout::PerLocale && config.i18n.fallback == Fallback::Page {
        add_fallback_pages(config, &mut sources);
    }
    sources.pages.sort();
    sources.assets.sort();
    sources.includes.sort();
    sources.tocs.sort();
    (sources, diags)
}

/// Gives every locale a stand-in for each default-locale page it has not translated, so
/// readers stay in their language (links, navigation and the switcher find a page there).
fn add_fallback_pages(config: &Config, sources: &mut Sources) {
    // Borrowed keys, hashed with Fx, and the stand-ins gathered apart and added after: copying
    // every original first (so the list could grow while it was read) and hashing owned keys
    // with SipHash took ~6 ms on one thread for 2 x 10,000 pages, all of them translated.
    let have: rustc_hash::FxHashSet<(&str, &str)> =
        sources.pages.iter().map(|p| (p.locale.as_str(), p.rel_path.as_str())).collect();
    let mut stand_ins = Vec::new();
    for locale in config.locales.iter().filter(|l| l.code != config.default_locale) {
        for original in sources.pages.iter().filter(|p| p.locale == config.default_locale) {
            if !have.contains(&(locale.code.as_str(), original.rel_path.as_str())) {
                stand_ins.push(SourceFile {
                    locale: locale.code.clone(),
                    fallback_from: Some(original.locale.clone()),
                    ..original.clone()
                });
            }
        }
    }
    drop(have);
    sources.pages.extend(stand_ins);
}

fn walk(config: &Config, base: &Path, locale: &str, sources: &mut Sources, diags: &mut Vec<Diagnostic>) {
    let keep = |e: &walkdir::DirEntry| !is_ignored_name(&e.file_name().to_string_lossy());
    for entry in crate::discover::symlinks::walk(&config.root, base, keep, diags) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(|p| display_path(&config.root, p)).unwrap_or_default();
                diags.push(Diagnostic::file_error(path, format!("cannot read: {e}")).with_code(Code::Io));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        let abs_path = entry.path().to_path_buf();
        let display = display_path(&config.root, &abs_path);
        let Some(rel_path) = relative_slash_path(base, &abs_path) else {
            let msg = "file name is not valid UTF-8 and cannot be part of a URL";
            diags.push(Diagnostic::file_error(display, msg).with_code(Code::FileName).with_hint("rename the file"));
            continue;
        };
        let file = SourceFile { locale: locale.to_string(), rel_path, display, abs_path, fallback_from: None };
        if is_build_file(&name) {
            // The DocFX build's settings, read by `docfx::config`; not part of the site.
            continue;
        } else if is_nav_file(&name) {
            sources.tocs.push(file);
        } else if is_markdown(&name)
            && file.rel_path.split('/').rev().skip(1).any(|d| d.eq_ignore_ascii_case("includes"))
        {
            sources.includes.push(file);
        } else if is_markdown(&name) {
            sources.pages.push(file);
        } else {
            sources.assets.push(file);
        }
    }
}

/// True for markdown file names.
pub(crate) fn is_markdown(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

fn relative_slash_path(base: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(base).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_droppings_are_ignored() {
        for n in [".hidden.md", "page.md~", ".#page.md", "page.md.swp", "#page.md#"] {
            assert!(is_ignored_name(n), "{n}");
        }
        assert!(!is_ignored_name("page.md"));
    }
}
