//! Everything a build derives from the sources, kept whole so that `serve` can change one page
//! without starting over: re-parse it, swap it into the site graph, re-check what could have
//! broken, and re-render only the pages whose output shows it.

mod apply;
mod change;
mod edit;
pub(crate) mod template_deps;

pub use apply::{Failure, InPlace, Outcome};
pub use change::Change;
pub use edit::Update;

use crate::checks;
use crate::checks::onboarding;
use crate::config::Config;
use crate::diagnostics::{self, Code, Diagnostic};
use crate::discover::{self, SourceFile, Sources};
use crate::i18n::translation::SourceHashes;
use crate::i18n::{self, Strings};
use crate::links::LinkIndex;
use crate::markdown::{highlight::Highlighter, AlertLabels};
use crate::options::{PhaseReporter, Switches};
use crate::output::Sink;
use crate::page::ParseContext;
use crate::parse;
use crate::render::{self, Job, Renderer};
use crate::site::Site;
use crate::theme::{self, Theme};
use crate::xref::XrefIndex;
use rayon::prelude::*;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Time per phase of a build, in order.
#[derive(Default)]
pub struct Timings {
    lap: Option<Instant>,
    /// (phase, time) in pipeline order.
    pub(crate) phases: Vec<(&'static str, Duration)>,
    /// Told about each phase as it ends.
    pub(crate) report: Option<PhaseReporter>,
}

impl Timings {
    /// Ends the current phase under `name`.
    pub(crate) fn phase(&mut self, name: &'static str) {
        let now = Instant::now();
        self.phases.push((name, now - self.lap.unwrap_or(now)));
        self.lap = Some(now);
        if let Some(report) = &self.report {
            report(name);
        }
    }

    /// Starts timing.
    pub fn start() -> Self {
        Timings { lap: Some(Instant::now()), phases: Vec::new(), report: None }
    }
}

/// A site built in memory, with what it was built from.
pub struct Workspace {
    /// The site graph (pages, sections, settings).
    pub(crate) site: Site,
    /// What discovery found.
    pub(crate) sources: Sources,
    /// The merged theme.
    pub(crate) theme: Theme,
    /// UI strings.
    pub(crate) strings: Arc<Strings>,
    /// Which files exist, for links.
    pub(crate) links: LinkIndex,
    /// Grammars and the blocks already highlighted (kept across rebuilds).
    pub(crate) highlighter: Arc<Highlighter>,
    /// Compiled templates.
    pub(crate) renderer: Renderer,
    /// Navigation per locale (sidebars, reading order, onboarding paths).
    pub(crate) nav: crate::nav::Navigation,
    /// uids of pages and xrefmap entries, for xrefs.
    pub(crate) xrefs: XrefIndex,
    /// The pages' body HTML, compressed, rendered when they were parsed.
    pub(crate) bodies: crate::page_body::BodyStore,
    drafts: bool,
    /// Pages were edited since the search index was last written.
    search_stale: bool,
}

/// Alert titles in a locale, from the UI strings (English when a key is missing).
fn alert_labels(strings: &Strings, locale: &str) -> AlertLabels {
    let mut labels = AlertLabels::default();
    let keys = ["alert-note", "alert-tip", "alert-important", "alert-warning", "alert-caution"];
    for (slot, key) in labels.labels.iter_mut().zip(keys) {
        if let Some(s) = strings.get(locale, key, None) {
            *slot = s;
        }
    }
    labels
}

impl Workspace {
    /// config → discover → parse → site graph → checks → compiled templates. Every diagnostic
    /// comes back: beside the workspace when all are warnings, alone when any is an error.
    pub fn prepare(
        config: Config,
        switches: &Switches,
        highlighter: Arc<Highlighter>,
        timings: &mut Timings,
    ) -> Result<(Workspace, Vec<Diagnostic>), Vec<Diagnostic>> {
        let fail = |mut d: Vec<Diagnostic>| {
            diagnostics::sort(&mut d);
            Err(d)
        };
        let (sources, mut diags) = discover::discover(&config);
        timings.phase("discover");
        let theme = match theme::load(&config) {
            Ok(t) => t,
            Err(d) => return fail([diags, d].concat()),
        };
        diags.extend(theme.warnings.iter().cloned());
        let (strings, string_diags) = i18n::load(&config, &theme);
        diags.extend(string_diags);
        let strings = Arc::new(strings);
        let links = LinkIndex::new(&config, &sources);
        timings.phase("load theme, strings, grammars");
        // A locale's labels made once, when its first page asks (not every page: five Fluent
        // lookups a page were 0.3 % of a build's instructions, callgrind); made on demand, as
        // before, so a locale without pages records no fallen-back strings.
        let alert_cache: std::sync::Mutex<std::collections::HashMap<String, AlertLabels>> = Default::default();
        let alerts = |locale: &str| {
            let mut cache = alert_cache.lock().unwrap_or_else(|e| e.into_inner());
            cache.entry(locale.to_string()).or_insert_with(|| alert_labels(&strings, locale)).clone()
        };
        let docfx = |locale: &str| crate::docfx::Labels::from_strings(&strings, locale);
        let source_hashes = SourceHashes::default();
        let bodies = crate::page_body::BodyStore::new(switches.bodies);
        let ctx = ParseContext {
            links: &links,
            highlighter: &highlighter,
            alerts: &alerts,
            docfx: &docfx,
            default_locale: &config.default_locale,
            source_hashes: &source_hashes,
            bodies: Some(&bodies),
        };
        let plan = match switches.shard.as_ref().map(|r| r.resolve(&config)).transpose() {
            Ok(p) => p,
            Err(d) => return fail([diags, d].concat()),
        };
        let parsed = match &plan {
            Some(p) => crate::commands::shard::stubs::parse(
                &sources,
                &ctx,
                switches.drafts,
                &config,
                &p.shard,
                &p.index,
                &p.index_path,
            ),
            None => parse::parse_all(&sources, &ctx, switches.drafts),
        };
        diags.extend(parsed.diagnostics);
        timings.phase("parse");
        let broken = config.links.broken;
        let (maps, map_diags) = crate::xref::maps::load_all(&config, &config.xref.maps);
        // With a map unread, every xref to it would be reported too: its error says enough.
        let maps_read = map_diags.is_empty();
        diags.extend(map_diags);
        let rule = config.xref.rule.clone();
        let (mut site, site_diags) = Site::new(config, parsed.pages, parsed.drafts);
        site.shard = plan.map(|p| p.shard);
        diags.extend(site_diags);
        let (xrefs, xref_diags) = XrefIndex::new(&site, rule, maps);
        diags.extend(xref_diags);
        timings.phase("site graph");
        // Navigation, the URL-clash check, the link checks and the templates' compiling read the
        // same site and nothing of each other's: four tasks for rayon's threads (the templates
        // took 5 ms after the checks, on one thread with the other idle). URL clashes are not
        // link problems (the policy below leaves them alone): they come back apart.
        let (((nav, nav_diags), clashes), (mut link_diags, renderer)) = rayon::join(
            || {
                rayon::join(
                    || crate::nav::build(&site, &links, &sources.tocs),
                    || crate::checks::url_clashes::check(&site, &sources, &links),
                )
            },
            || {
                rayon::join(
                    || link_checks(&site, &links, &theme, maps_read.then_some(&xrefs)),
                    || Renderer::new(&site, &theme, Arc::clone(&strings)),
                )
            },
        );
        link_diags.extend(nav_diags);
        diags.extend(checks::links::apply_policy(link_diags, broken));
        diags.extend(clashes);
        timings.phase("check links, compile templates");
        if switches.external {
            diags.extend(crate::checks::external::check_external(
                &site,
                &crate::checks::external::Politeness::default(),
            ));
            timings.phase("check external links");
        }
        // Templates compile even when pages have errors, so one run reports both.
        let renderer = match renderer {
            Ok(r) => r,
            Err(d) => return fail([diags, d].concat()),
        };
        if diagnostics::error_count(&diags) > 0 {
            return fail(diags);
        }
        let drafts = switches.drafts;
        let ws = Workspace {
            site,
            sources,
            theme,
            strings,
            links,
            highlighter,
            renderer,
            nav,
            xrefs,
            bodies,
            drafts,
            search_stale: false,
        };
        Ok((ws, diags))
    }

    /// Renders every page, copies every file and writes the search indexes into `sink`.
    pub fn write_all(&self, sink: &dyn Sink) -> Vec<Diagnostic> {
        let mut diags = self.write_pages(sink);
        diags.extend(self.write_search(sink));
        diags
    }

    /// Renders every page, copies every file and writes the sitemap into `sink`.
    pub(crate) fn write_pages(&self, sink: &dyn Sink) -> Vec<Diagnostic> {
        // The sitemap (~60 ms on one thread for 20,000 pages) is written while the pages render.
        let (mut diags, sitemap) = rayon::join(
            || self.with_inputs(|input| render::render_site(input, &self.renderer, sink)),
            || match &self.site.shard {
                // A shard's sitemap is merge's.
                Some(_) => Ok(()),
                None => {
                    let has_robots = self.theme.statics.contains_key("robots.txt");
                    crate::output::publish::write(&self.site, has_robots, sink)
                }
            },
        );
        if let Err(e) = sitemap {
            diags.push(Diagnostic::file_error("sitemap.xml", format!("cannot write: {e}")).with_code(Code::Io));
        }
        diags.extend(self.strings.fallback_warnings());
        if let Some(shard) = &self.site.shard {
            // The site's shared files are merge's; a shard leaves what merge needs in its manifest.
            diags.extend(crate::commands::shard::copy_assets(
                shard,
                &self.site.config,
                &self.sources,
                &self.links,
                sink,
            ));
            diags.extend(crate::commands::shard::manifest::write(&self.site, shard, sink));
            // The latest version's `/latest/` pages go with the locale's own files.
            diags.extend(crate::versions::latest::write_some(&self.site, sink, &|l| shard.writes_locale_files(l)));
            return diags;
        }
        diags.extend(copy_files(&self.theme, &self.sources, &self.links, &self.renderer, sink));
        diags.extend(crate::versions::latest::write(&self.site, sink));
        diags
    }

    /// Frees what a build needs no more once its pages are written — the bodies' HTML and the
    /// highlighted code — so the search index, built last, starts from less memory. `serve` keeps everything.
    pub(crate) fn release_rendered(&mut self) {
        self.highlighter.forget();
        self.bodies.clear();
        for page in &mut self.site.pages {
            page.body = Default::default();
        }
    }

    /// Frees each page's resolved links once the checks have read them (rendering prints the
    /// HTML the parse already resolved, and never reads them): 20,000 pages hold ~45 MiB of
    /// them, which the render buffers then reuse instead of touching fresh memory. A build
    /// calls this after `prepare`; `serve` keeps them to find the pages linking to an edit.
    /// Freed in parallel: the parse's threads allocated them, and freed on the main thread
    /// every one was a cross-thread free (50 ms with the other core idle; ~11 ms this way).
    pub(crate) fn release_checked(&mut self) {
        self.site.pages.par_iter_mut().for_each(|page| page.links = Vec::new());
    }

    /// Writes each locale's search index into `sink`.
    pub(crate) fn write_search(&self, sink: &dyn Sink) -> Vec<Diagnostic> {
        let filtered =
            self.site.shard.as_ref().map(|s| crate::commands::shard::search_sink(s, &self.site.config, sink));
        let sink: &dyn Sink = match &filtered {
            Some(f) => f,
            None => sink,
        };
        match crate::search::write_indexes(&self.site, sink) {
            Ok(_) => Vec::new(),
            Err(e) => vec![Diagnostic::file_error("search index", format!("cannot write: {e}")).with_code(Code::Io)],
        }
    }

    /// Renders some jobs into `sink` (after an edit).
    pub fn write_jobs(&self, jobs: &[Job], sink: &dyn Sink) -> Vec<Diagnostic> {
        self.with_inputs(|input| {
            jobs.par_iter()
                .filter_map(|job| match self.renderer.render(input, job) {
                    Ok((path, html)) => sink
                        .write(&path, &html)
                        .err()
                        .map(|e| Diagnostic::file_error(&path, format!("cannot write: {e}")).with_code(Code::Io)),
                    Err(d) => Some(d),
                })
                .collect()
        })
    }

    /// What rendering reads, handed to `f`.
    fn with_inputs<R>(&self, f: impl FnOnce(&render::Inputs<'_>) -> R) -> R {
        f(&render::Inputs {
            site: &self.site,
            links: &self.links,
            nav: &self.nav,
            xrefs: &self.xrefs,
            bodies: &self.bodies,
        })
    }
}

/// Every check of a whole site's links: links and anchors, onboarding cycles, translations,
/// links into archived versions, and xrefs (None when a map was not read: see `prepare`).
fn link_checks(site: &Site, links: &LinkIndex, theme: &Theme, xrefs: Option<&XrefIndex>) -> Vec<Diagnostic> {
    let mut d = checks::links::check_links(site, links, &other_urls(site, theme));
    d.extend(onboarding::check_cycles(site));
    d.extend(i18n::checks::check_translations(site));
    d.extend(crate::checks::versions::check_archived_links(site, None));
    if let Some(xrefs) = xrefs {
        d.extend(crate::xref::check::check_pages(site, xrefs, None));
    }
    d
}

/// URLs of output files that are neither pages nor content assets: theme files, 404 pages.
pub(crate) fn other_urls(site: &Site, theme: &Theme) -> HashSet<String> {
    let base = &site.config.base_path;
    let mut urls: HashSet<String> = theme.statics.keys().map(|k| format!("{base}/{k}")).collect();
    urls.insert(format!("{base}/404.html"));
    urls.extend(site.config.locales.iter().map(|l| format!("{base}/{}/404.html", l.code)));
    urls.extend(site.config.locales.iter().map(|l| format!("{}/search/", site.config.locale_prefix(&l.code))));
    urls
}

/// Copies the theme's static files to the site root and content assets beside their pages.
fn copy_files(
    theme: &Theme,
    sources: &Sources,
    links: &LinkIndex,
    renderer: &Renderer,
    sink: &dyn Sink,
) -> Vec<Diagnostic> {
    let mut diags: Vec<Diagnostic> = theme
        .statics
        .par_iter()
        .filter_map(|(rel, file)| {
            // Stylesheets and scripts go out under content-hashed names (see Renderer::assets).
            let rel = renderer.asset_name(rel);
            let result = match &file.source {
                theme::FileSource::Embedded(bytes) => sink.write(&rel, bytes),
                theme::FileSource::Disk(path) => sink.copy(&rel, path),
            };
            result.err().map(|e| Diagnostic::file_error(&file.origin, format!("cannot copy: {e}")).with_code(Code::Io))
        })
        .collect();
    diags.extend(copy_content_files(sources, links, sink, |_| true));
    diags
}

/// Copies the content files (images, PDFs) that `keep` accepts to their URLs (a shard copies
/// its own, a build all).
pub(crate) fn copy_content_files(
    sources: &Sources,
    links: &LinkIndex,
    sink: &dyn Sink,
    keep: impl Fn(&SourceFile) -> bool + Sync,
) -> Vec<Diagnostic> {
    sources
        .assets
        .par_iter()
        .filter(|a| keep(a))
        .filter_map(|a| {
            let url = links.asset_url(&a.locale, &a.rel_path);
            let rel = crate::links::urls::output_path(&links.base_path(), &url);
            sink.copy(&rel, &a.abs_path)
                .err()
                .map(|e| Diagnostic::file_error(&a.display, format!("cannot copy: {e}")).with_code(Code::Io))
        })
        .collect()
}
