//! UI strings from Fluent files: the theme's own (`<theme>/locales/<locale>/*.ftl`), overridden
//! key by key by the site's `locales/<locale>/*.ftl`. A lookup falls back from the page's locale
//! to the default locale and then to the theme's English.

use crate::config::Config;
use crate::diagnostics::{display_path, Code, Diagnostic, LineIndex};
use crate::theme::{FileSource, Theme, ThemeFile};
use fluent::concurrent::FluentBundle;
use fluent::{FluentArgs, FluentResource};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Mutex;
use unic_langid::LanguageIdentifier;

/// The locale whose theme strings are the last resort.
const LAST_RESORT: &str = "en-us";

/// Every locale's strings, ready to format from many threads.
pub struct Strings {
    bundles: HashMap<String, FluentBundle<FluentResource>>,
    chains: HashMap<String, Vec<String>>,
    /// (locale, key, locale used instead) for every string a locale lacked, reported once each.
    fell_back: Mutex<BTreeSet<(String, String, String)>>,
}

impl Strings {
    /// The string for `key` in `locale`, falling back along the locale chain; None when no
    /// locale has the key.
    pub fn get(&self, locale: &str, key: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
        let chain = self.chain(locale);
        for (i, code) in chain.iter().enumerate() {
            let Some(bundle) = self.bundles.get(code) else {
                continue;
            };
            let Some(text) = format(bundle, key, args) else {
                continue;
            };
            if i > 0 {
                let mut fell_back = self.fell_back.lock().unwrap_or_else(|e| e.into_inner());
                fell_back.insert((chain[0].clone(), key.to_string(), code.clone()));
            }
            return Some(text);
        }
        None
    }

    /// The string `key` of `locale` (with `args`, if any) when the locale has it itself (the
    /// first of its chain, as [`Strings::get`] would find it), else None: nothing is recorded,
    /// so templates can ask for every string they might show (see `render::constant_calls`).
    pub fn own(&self, locale: &str, key: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
        let chain = self.chain(locale);
        format(self.bundles.get(chain.first()?)?, key, args)
    }

    /// True when `key` exists in `locale` or a locale it falls back to (records nothing).
    pub fn has(&self, locale: &str, key: &str) -> bool {
        self.chain(locale).iter().any(|c| self.bundles.get(c).is_some_and(|b| b.has_message(key)))
    }

    /// The locales whose strings `locale` shows, in order: its own, the default locale's, the
    /// theme's English (a locale the site does not list: itself, then English). Borrowed for a
    /// listed locale: `get` runs for every string a page asks for.
    fn chain(&self, locale: &str) -> Cow<'_, [String]> {
        match self.chains.get(locale) {
            Some(chain) => Cow::Borrowed(chain),
            None => Cow::Owned(vec![locale.to_string(), LAST_RESORT.to_string()]),
        }
    }

    /// Warnings for the strings some locale lacked: one per key and locale, or one per locale
    /// for a locale that has no strings at all.
    pub fn fallback_warnings(&self) -> Vec<Diagnostic> {
        let fell_back = self.fell_back.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = Vec::new();
        let mut whole_locales = BTreeSet::new();
        for (locale, key, used) in fell_back.iter() {
            let file = format!("locales/{locale}");
            if !self.bundles.contains_key(locale) {
                if whole_locales.insert(locale.clone()) {
                    let msg = format!("locale {locale} has no UI strings; its pages use {used}'s");
                    let hint = format!(
                        "add locales/{locale}/*.ftl with the theme's keys (see themes/default/locales/en-us/theme.ftl)"
                    );
                    out.push(Diagnostic::file_warning(file, msg).with_code(Code::MissingString).with_hint(hint));
                }
                continue;
            }
            let msg = format!("UI string `{key}` is missing in {locale}; {used}'s is used");
            let hint = format!("add `{key} = ...` to a file in locales/{locale}/");
            out.push(Diagnostic::file_warning(file, msg).with_code(Code::MissingString).with_hint(hint));
        }
        out
    }
}

/// Message `key` of one bundle, formatted; None when the bundle lacks it (or it has no value).
fn format(bundle: &FluentBundle<FluentResource>, key: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
    let pattern = bundle.get_message(key)?.value()?;
    let mut errors = Vec::new();
    Some(bundle.format_pattern(pattern, args, &mut errors).into_owned())
}

/// Loads the theme's and the site's Fluent files for every locale of the site.
pub fn load(config: &Config, theme: &Theme) -> (Strings, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    // Files per locale, in override order: theme first, then the site's own.
    let mut files: BTreeMap<String, Vec<ThemeFile>> = BTreeMap::new();
    for (key, file) in &theme.strings {
        if let Some((locale, name)) = key.split_once('/') {
            if name.ends_with(".ftl") {
                files.entry(locale.to_ascii_lowercase()).or_default().push(file.clone());
            }
        }
    }
    let site_dir = config.root.join("locales");
    let mut site_files = BTreeMap::new();
    crate::theme::add_layer(&mut site_files, &config.root, &site_dir, &mut diags);
    for (key, file) in site_files {
        if let Some((locale, name)) = key.split_once('/') {
            if name.ends_with(".ftl") {
                files.entry(locale.to_ascii_lowercase()).or_default().push(file);
            }
        }
    }
    let mut bundles = HashMap::new();
    for (locale, list) in files {
        let langid: LanguageIdentifier = locale.parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![langid]);
        // Isolation marks (U+2068/U+2069) would show up inside HTML attributes and titles.
        bundle.set_use_isolating(false);
        for file in list {
            if let Some(resource) = read_resource(&file, &config.root, &mut diags) {
                bundle.add_resource_overriding(resource);
            }
        }
        bundles.insert(locale, bundle);
    }
    let chains = config
        .locales
        .iter()
        .map(|l| {
            let mut chain =
                vec![l.code.to_ascii_lowercase(), config.default_locale.to_ascii_lowercase(), LAST_RESORT.into()];
            chain.dedup();
            (l.code.clone(), chain)
        })
        .collect();
    (Strings { bundles, chains, fell_back: Mutex::default() }, diags)
}

fn read_resource(file: &ThemeFile, root: &Path, diags: &mut Vec<Diagnostic>) -> Option<FluentResource> {
    let shown = match &file.source {
        FileSource::Disk(p) => display_path(root, p),
        FileSource::Embedded(_) => file.origin.clone(),
    };
    let text = match file.source.read().map(String::from_utf8) {
        Ok(Ok(t)) => t,
        Ok(Err(_)) => {
            diags.push(Diagnostic::file_error(shown, "the Fluent file is not valid UTF-8").with_code(Code::Strings));
            return None;
        }
        Err(e) => {
            diags.push(Diagnostic::file_error(shown, format!("cannot read: {e}")).with_code(Code::Strings));
            return None;
        }
    };
    match FluentResource::try_new(text) {
        Ok(r) => {
            diags.extend(super::cycles::check(&r, &shown));
            Some(r)
        }
        Err((r, errors)) => {
            let lines = LineIndex::new(r.source());
            for e in errors {
                // The entry's start says where to look; the error position is often past its end.
                let (line, col) = lines.position(e.slice.as_ref().map(|r| r.start).unwrap_or(e.pos.start));
                let msg = format!("Fluent syntax error: {}", e.kind);
                diags.push(
                    Diagnostic::error(&shown, line, col, msg)
                        .with_code(Code::Strings)
                        .with_hint("see https://projectfluent.org/fluent/guide/"),
                );
            }
            Some(r)
        }
    }
}
