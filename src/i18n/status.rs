//! `guidebook i18n status`: for each locale, which of the default locale's pages are
//! translated, missing, outdated (the source changed since `source_hash` was stamped), of
//! unknown age (no `source_hash`), and machine translated.

use crate::config::{Config, ContentLayout};
use crate::diagnostics::{Code, Diagnostic};
use crate::discover::{self, SourceFile};
use crate::i18n::translation::{body_hash, freshness, Freshness, SOURCE_HASH};
use crate::text::frontmatter;
use crate::text::source::{read_text, replace_nul, too_large, ReadError, TextError};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// One translation (or missing one) of one source page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageStatus {
    /// Path below the locale folder.
    pub(crate) path: String,
    /// `missing`, or the translation's freshness.
    pub(crate) state: State,
    /// Machine translated.
    pub(crate) machine: bool,
    /// Microsoft's `ms.openlocfilehash`, shown as found, not interpreted.
    pub(crate) openlocfilehash: Option<String>,
}

/// The state of a translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum State {
    /// Stamped with the source's current hash.
    Current,
    /// Stamped with an older source's hash.
    Outdated,
    /// Not stamped.
    Unknown,
    /// No translation.
    Missing,
}

/// One locale's figures.
#[derive(Debug, Clone, Serialize)]
pub struct LocaleStatus {
    /// The locale.
    pub(crate) locale: String,
    /// Pages in the default locale.
    pub(crate) sources: usize,
    /// Of those, how many this locale has.
    pub(crate) translated: usize,
    /// translated / sources, in percent (100 when there are no sources).
    pub percent: f64,
    /// Count per state.
    pub(crate) current: usize,
    /// Count of outdated translations.
    pub(crate) outdated: usize,
    /// Count of translations with no `source_hash`.
    pub(crate) unknown: usize,
    /// Count of missing translations.
    pub(crate) missing: usize,
    /// Count of machine-translated pages.
    pub(crate) machine: usize,
    /// Every source page, in path order.
    pub(crate) pages: Vec<PageStatus>,
    /// Pages of this locale with no source page.
    pub(crate) without_source: Vec<String>,
}

fn meta_of(file: &SourceFile) -> Result<(serde_json::Map<String, Value>, String), Diagnostic> {
    let cannot = |msg: String, code: Code| Diagnostic::file_error(&file.display, msg).with_code(code);
    let text = read_text(&file.abs_path).map_err(|e| match e {
        TextError::Read(ReadError::Io(e)) => cannot(format!("cannot read: {e}"), Code::Io),
        TextError::Read(ReadError::TooLarge(size)) => {
            cannot(format!("the page is {}", too_large(size)), Code::TooLarge)
        }
        TextError::NotUtf8(bad) => bad.diagnostic(&file.display),
    })?;
    // The front matter as the build reads it (NULs replaced); the text as written is returned
    // for its hash, which `i18n stamp` and the build take of the text as written.
    let meta = if text.contains('\0') {
        let (shown, _) = replace_nul(text.clone(), &file.display);
        frontmatter::parse(&frontmatter::split(&shown, &file.display)?, &file.display)?
    } else {
        frontmatter::parse(&frontmatter::split(&text, &file.display)?, &file.display)?
    };
    Ok((meta, text))
}

fn text_of(meta: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    match meta.get(key)? {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The status of each non-default locale (or only `only`).
pub fn status(config: &Config, only: Option<&str>) -> Result<Vec<LocaleStatus>, Vec<Diagnostic>> {
    if config.layout == ContentLayout::Flat {
        return Ok(Vec::new());
    }
    let mut plain = config.clone();
    plain.i18n.fallback = crate::config::Fallback::Link; // count real files only
    let (sources, mut diags) = discover::discover(&plain);
    let mut by_locale: BTreeMap<&str, BTreeMap<&str, &SourceFile>> = BTreeMap::new();
    for f in &sources.pages {
        by_locale.entry(&f.locale).or_default().insert(&f.rel_path, f);
    }
    let empty = BTreeMap::new();
    let originals = by_locale.get(config.default_locale.as_str()).unwrap_or(&empty);
    let mut source_hashes = BTreeMap::new();
    for (path, f) in originals {
        match meta_of(f) {
            Ok((_, text)) => {
                source_hashes.insert(*path, body_hash(&text));
            }
            Err(d) => diags.push(d),
        }
    }
    let mut out = Vec::new();
    for locale in config.locales.iter().filter(|l| l.code != config.default_locale) {
        if only.is_some_and(|o| o != locale.code) {
            continue;
        }
        let mine = by_locale.get(locale.code.as_str()).unwrap_or(&empty);
        let mut pages = Vec::new();
        for (path, hash) in &source_hashes {
            let status = match mine.get(path) {
                None => {
                    PageStatus { path: path.to_string(), state: State::Missing, machine: false, openlocfilehash: None }
                }
                Some(f) => match meta_of(f) {
                    Ok((meta, _)) => {
                        let machine = frontmatter::is_machine_translated(&meta);
                        let state = match freshness(text_of(&meta, SOURCE_HASH).as_deref(), hash) {
                            Freshness::Current => State::Current,
                            Freshness::Outdated => State::Outdated,
                            Freshness::Unknown => State::Unknown,
                        };
                        PageStatus {
                            path: path.to_string(),
                            state,
                            machine,
                            openlocfilehash: text_of(&meta, "ms.openlocfilehash"),
                        }
                    }
                    Err(d) => {
                        diags.push(d);
                        continue;
                    }
                },
            };
            pages.push(status);
        }
        let count = |s: State| pages.iter().filter(|p| p.state == s).count();
        let sources_n = source_hashes.len();
        let translated = sources_n - count(State::Missing);
        out.push(LocaleStatus {
            locale: locale.code.clone(),
            sources: sources_n,
            translated,
            percent: if sources_n == 0 { 100.0 } else { translated as f64 * 100.0 / sources_n as f64 },
            current: count(State::Current),
            outdated: count(State::Outdated),
            unknown: count(State::Unknown),
            missing: count(State::Missing),
            machine: pages.iter().filter(|p| p.machine).count(),
            without_source: mine.keys().filter(|p| !originals.contains_key(*p)).map(|p| p.to_string()).collect(),
            pages,
        });
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok(out)
}

/// The report for people.
pub fn text(report: &[LocaleStatus]) -> String {
    let mut s = String::new();
    for l in report {
        s.push_str(&format!("{}: {} of {} pages translated ({:.1}%)\n", l.locale, l.translated, l.sources, l.percent));
        s.push_str(&format!(
            "  current {}, outdated {}, unknown {} (no source_hash), missing {}, machine-translated {}\n",
            l.current, l.outdated, l.unknown, l.missing, l.machine
        ));
        for state in [State::Outdated, State::Missing] {
            for p in l.pages.iter().filter(|p| p.state == state) {
                let label = if state == State::Outdated { "outdated" } else { "missing " };
                s.push_str(&format!("  {label}  {}\n", p.path));
            }
        }
        for p in &l.without_source {
            s.push_str(&format!("  no source {p}\n"));
        }
    }
    s
}

/// A static page that shows translation coverage, to publish beside the site.
pub fn html(report: &[LocaleStatus], title: &str) -> String {
    let esc = crate::text::escape::text;
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Translation status · {}</title>\n<style>body{{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}}table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid #ccc;padding:.25rem .5rem;text-align:left}}.missing{{color:#a00}}.outdated{{color:#8a5300}}.current{{color:#2f6f1f}}</style>\n</head>\n<body>\n<h1>Translation status · {}</h1>\n",
        esc(title),
        esc(title)
    );
    for l in report {
        s.push_str(&format!(
            "<section>\n<h2>{} — {:.1}% translated</h2>\n<p>{} of {} pages; current {}, outdated {}, unknown {}, missing {}, machine-translated {}.</p>\n<table>\n<thead><tr><th>Page</th><th>State</th><th>Machine</th></tr></thead>\n<tbody>\n",
            esc(&l.locale), l.percent, l.translated, l.sources, l.current, l.outdated, l.unknown, l.missing, l.machine
        ));
        for p in &l.pages {
            let state =
                serde_json::to_value(p.state).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            s.push_str(&format!(
                "<tr><td>{}</td><td class=\"{state}\">{state}</td><td>{}</td></tr>\n",
                esc(&p.path),
                if p.machine { "yes" } else { "" }
            ));
        }
        s.push_str("</tbody>\n</table>\n</section>\n");
    }
    s.push_str("</body>\n</html>\n");
    s
}
