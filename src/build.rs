//! The whole pipeline, top to bottom: config → discover → parse → site graph → render → write.

use crate::check;
use crate::config::{self, Config};
use crate::diagnostics::{self, Diagnostic};
use crate::discover;
use crate::external;
use crate::i18n;
use crate::links::LinkIndex;
use crate::locale_checks;
use crate::markdown::{highlight::Highlighter, AlertLabels};
use crate::onboarding;
use crate::output::{self, Sink};
use crate::page::ParseContext;
use crate::parse;
use crate::render::{self, Renderer};
use crate::site::Site;
use crate::theme;
use crate::translation;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What `guidebook build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site root.
    pub root: PathBuf,
    /// The output folder (default `ROOT/public`).
    pub out: Option<PathBuf>,
    /// Include pages with `draft: true`.
    pub drafts: bool,
    /// Replaces site.toml's base_url.
    pub base_url: Option<String>,
    /// Replaces site.toml's `[links] broken`.
    pub broken_links: Option<config::BrokenLinks>,
    /// Also ask external http(s) links whether they still answer (`--external`).
    pub external: bool,
}

/// What a successful build made.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Pages per locale, in switcher order (stand-ins for untranslated pages not counted).
    pub pages: Vec<(String, usize)>,
    /// Stand-ins published for untranslated pages.
    pub stand_ins: usize,
    /// Warnings (sorted).
    pub warnings: Vec<Diagnostic>,
    /// Wall time.
    pub elapsed: Duration,
    /// Time per pipeline phase, in pipeline order (`--timings`).
    pub timings: Vec<(&'static str, Duration)>,
}

/// Reads the config with command-line overrides applied.
pub fn load_config(opts: &BuildOptions) -> Result<Config, Vec<Diagnostic>> {
    let mut config = config::load(&opts.root)?;
    if let Some(url) = &opts.base_url {
        config.set_base_url(url);
    }
    if let Some(broken) = opts.broken_links {
        config.links.broken = broken;
    }
    Ok(config)
}

/// Builds the site into `sink`. Every diagnostic comes back sorted: in `Err` when any is an
/// error (the sink may then hold part of a site and must be thrown away).
pub fn generate(config: Config, opts: &BuildOptions, sink: &dyn Sink) -> Result<Summary, Vec<Diagnostic>> {
    let started = Instant::now();
    let mut timings = Vec::new();
    let mut lap = Instant::now();
    let mut phase = |name: &'static str| {
        timings.push((name, lap.elapsed()));
        lap = Instant::now();
    };
    let fail = |mut d: Vec<Diagnostic>| {
        diagnostics::sort(&mut d);
        Err(d)
    };
    let (sources, mut diags) = discover::discover(&config);
    phase("discover");
    let theme = match theme::load(&config) {
        Ok(t) => t,
        Err(d) => return fail([diags, d].concat()),
    };
    let (strings, string_diags) = i18n::load(&config, &theme);
    diags.extend(string_diags);
    let strings = Arc::new(strings);
    let links = LinkIndex::new(&config, &sources);
    let highlighter = Highlighter::default();
    phase("load theme, strings, grammars");
    let alerts = |locale: &str| alert_labels(&strings, locale);
    let source_hashes = translation::SourceHashes::default();
    let ctx = ParseContext {
        links: &links,
        highlighter: &highlighter,
        alerts: &alerts,
        default_locale: &config.default_locale,
        source_hashes: &source_hashes,
    };
    let parsed = parse::parse_all(&sources, &ctx, opts.drafts);
    diags.extend(parsed.diagnostics);
    phase("parse");
    let broken = config.links.broken;
    let (site, site_diags) = Site::new(config, parsed.pages, parsed.drafts);
    diags.extend(site_diags);
    phase("site graph");
    let mut link_diags = check::check_links(&site, &links, &other_urls(&site, &theme));
    link_diags.extend(onboarding::check_cycles(&site));
    link_diags.extend(locale_checks::check_translations(&site));
    diags.extend(check::apply_policy(link_diags, broken));
    phase("check links");
    if opts.external {
        diags.extend(external::check_external(&site, &external::Politeness::default()));
        phase("check external links");
    }
    // Templates compile even when pages have errors, so one run reports both.
    let renderer = match Renderer::new(&site, &theme, Arc::clone(&strings)) {
        Ok(r) => r,
        Err(d) => return fail([diags, d].concat()),
    };
    if diagnostics::error_count(&diags) > 0 {
        return fail(diags);
    }
    phase("compile templates");
    diags.extend(render::render_site(&site, &links, &renderer, sink));
    diags.extend(strings.fallback_warnings());
    phase("render and write");
    diags.extend(copy_files(&theme, &sources, &links, sink));
    phase("copy files");
    if diagnostics::error_count(&diags) > 0 {
        return fail(diags);
    }
    diagnostics::sort(&mut diags);
    let (pages, stand_ins) = (site.counts(), site.stand_ins());
    drop(site);
    phase("free memory");
    Ok(Summary { pages, stand_ins, warnings: diags, elapsed: started.elapsed(), timings })
}

/// URLs of output files that are neither pages nor content assets: theme files, 404 pages.
fn other_urls(site: &Site, theme: &theme::Theme) -> HashSet<String> {
    let base = &site.config.base_path;
    let mut urls: HashSet<String> = theme.statics.keys().map(|k| format!("{base}/{k}")).collect();
    urls.insert(format!("{base}/404.html"));
    urls.extend(site.config.locales.iter().map(|l| format!("{base}/{}/404.html", l.code)));
    urls
}

/// Copies the theme's static files to the site root and content assets beside their pages.
fn copy_files(
    theme: &theme::Theme,
    sources: &discover::Sources,
    links: &LinkIndex,
    sink: &dyn Sink,
) -> Vec<Diagnostic> {
    let mut diags: Vec<Diagnostic> = theme
        .statics
        .par_iter()
        .filter_map(|(rel, file)| {
            let result = match &file.source {
                theme::FileSource::Embedded(bytes) => sink.write(rel, bytes),
                theme::FileSource::Disk(path) => sink.copy(rel, path),
            };
            result.err().map(|e| Diagnostic::error(&file.origin, 0, 0, format!("cannot copy: {e}")).with_code("io"))
        })
        .collect();
    diags.extend(
        sources
            .assets
            .par_iter()
            .filter_map(|a| {
                let url = links.asset_url(&a.locale, &a.rel_path);
                let rel = url.strip_prefix(&links.base_path()).unwrap_or(&url).trim_start_matches('/').to_string();
                sink.copy(&rel, &a.abs_path)
                    .err()
                    .map(|e| Diagnostic::error(&a.display, 0, 0, format!("cannot copy: {e}")).with_code("io"))
            })
            .collect::<Vec<_>>(),
    );
    diags
}

/// Alert titles in a locale, from the UI strings (English when a key is missing).
fn alert_labels(strings: &i18n::Strings, locale: &str) -> AlertLabels {
    let mut labels = AlertLabels::default();
    for (slot, key) in
        labels.labels.iter_mut().zip(["alert-note", "alert-tip", "alert-important", "alert-warning", "alert-caution"])
    {
        if let Some(s) = strings.get(locale, key, None) {
            *slot = s;
        }
    }
    labels
}

/// `guidebook check`: everything `build` does, without writing a site.
pub fn check(opts: &BuildOptions) -> Result<Summary, Vec<Diagnostic>> {
    let config = load_config(opts)?;
    generate(config, opts, &output::NullSink)
}

/// `guidebook build`: generates the site and swaps it into the output folder atomically.
pub fn build(opts: &BuildOptions) -> Result<Summary, Vec<Diagnostic>> {
    let config = load_config(opts)?;
    let out = opts.out.clone().unwrap_or_else(|| opts.root.join("public"));
    let staging = output::prepare(&out, &opts.root).map_err(|d| vec![d])?;
    let summary = generate(config, opts, &staging)?;
    staging.commit().map_err(|e| {
        vec![Diagnostic::error(&out, 0, 0, format!("cannot put the new site in place: {e}")).with_code("io")]
    })?;
    Ok(summary)
}
