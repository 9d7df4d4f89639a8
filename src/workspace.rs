//! Everything a build derives from the sources, kept whole so that `serve` can change one page
//! without starting over: re-parse it, swap it into the site graph, re-check what could have
//! broken, and re-render only the pages whose output shows it.

use crate::check;
use crate::config::Config;
use crate::diagnostics::{self, Diagnostic};
use crate::discover::{self, SourceFile, Sources};
use crate::i18n::translation::SourceHashes;
use crate::i18n::{self, Strings};
use crate::links::{LinkIndex, Target};
use crate::markdown::{highlight::Highlighter, AlertLabels};
use crate::onboarding;
use crate::options::BuildOptions;
use crate::output::Sink;
use crate::page::{self, Page, ParseContext};
use crate::parse;
use crate::render::{self, Job, Renderer};
use crate::site::{folder_of, Site};
use crate::theme::{self, Theme};
use crate::xref::XrefIndex;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use crate::options::PhaseReporter;

/// Time per phase of a build, in order.
#[derive(Default)]
pub struct Timings {
    lap: Option<Instant>,
    /// (phase, time) in pipeline order.
    pub phases: Vec<(&'static str, Duration)>,
    /// Told about each phase as it ends.
    pub report: Option<PhaseReporter>,
}

impl Timings {
    /// Ends the current phase under `name`.
    pub fn phase(&mut self, name: &'static str) {
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
    pub site: Site,
    /// What discovery found.
    pub sources: Sources,
    /// The merged theme.
    pub theme: Theme,
    /// UI strings.
    pub strings: Arc<Strings>,
    /// Which files exist, for links.
    pub links: LinkIndex,
    /// Grammars and the blocks already highlighted (kept across rebuilds).
    pub highlighter: Arc<Highlighter>,
    /// Compiled templates.
    pub renderer: Renderer,
    /// Navigation per locale (sidebars, reading order, onboarding paths).
    pub nav: crate::nav::Navigation,
    /// uids of pages and xrefmap entries, for xrefs.
    pub xrefs: XrefIndex,
    drafts: bool,
}

/// What an edit of one page needs.
pub enum Update {
    /// Render these again (the edit parsed and checked clean); warnings found on the way.
    Rerender(Vec<Job>, Vec<Diagnostic>),
    /// The edit has errors; the site is as it was.
    Failed(Vec<Diagnostic>),
    /// The edit changes more than one page can (a new or vanished page, a draft): rebuild all.
    FullRebuild,
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
        opts: &BuildOptions,
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
        let alerts = |locale: &str| alert_labels(&strings, locale);
        let docfx = |locale: &str| crate::docfx::Labels::from_strings(&strings, locale);
        let source_hashes = SourceHashes::default();
        let ctx = ParseContext {
            links: &links,
            highlighter: &highlighter,
            alerts: &alerts,
            docfx: &docfx,
            default_locale: &config.default_locale,
            source_hashes: &source_hashes,
        };
        let plan = match opts.shard.as_ref().map(|r| r.resolve(&config)).transpose() {
            Ok(p) => p,
            Err(d) => return fail([diags, d].concat()),
        };
        let parsed = match &plan {
            Some(p) => {
                crate::shard::stubs::parse(&sources, &ctx, opts.drafts, &config, &p.shard, &p.index, &p.index_path)
            }
            None => parse::parse_all(&sources, &ctx, opts.drafts),
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
        diags.extend(crate::url_clashes::check(&site, &sources, &links));
        let (xrefs, xref_diags) = XrefIndex::new(&site, rule, maps);
        diags.extend(xref_diags);
        timings.phase("site graph");
        // Navigation and the checks read the same site and nothing of each other's.
        let ((nav, nav_diags), mut link_diags) = rayon::join(
            || crate::nav::build(&site, &links, &sources.tocs),
            || {
                let mut d = check::check_links(&site, &links, &other_urls(&site, &theme));
                d.extend(onboarding::check_cycles(&site));
                d.extend(i18n::checks::check_translations(&site));
                d.extend(crate::version_checks::check_archived_links(&site, None));
                if maps_read {
                    d.extend(crate::xref::check::check_pages(&site, &xrefs, None));
                }
                d
            },
        );
        link_diags.extend(nav_diags);
        diags.extend(check::apply_policy(link_diags, broken));
        timings.phase("check links");
        if opts.external {
            diags.extend(crate::external::check_external(&site, &crate::external::Politeness::default()));
            timings.phase("check external links");
        }
        // Templates compile even when pages have errors, so one run reports both.
        let renderer = match Renderer::new(&site, &theme, Arc::clone(&strings)) {
            Ok(r) => r,
            Err(d) => return fail([diags, d].concat()),
        };
        timings.phase("compile templates");
        if diagnostics::error_count(&diags) > 0 {
            return fail(diags);
        }
        let ws =
            Workspace { site, sources, theme, strings, links, highlighter, renderer, nav, xrefs, drafts: opts.drafts };
        Ok((ws, diags))
    }

    /// Renders every page, copies every file and writes the search indexes into `sink`.
    pub fn write_all(&self, sink: &dyn Sink) -> Vec<Diagnostic> {
        let mut diags = self.write_pages(sink);
        diags.extend(self.write_search(sink));
        diags
    }

    /// Renders every page, copies every file and writes the sitemap into `sink`.
    pub fn write_pages(&self, sink: &dyn Sink) -> Vec<Diagnostic> {
        let mut diags = self.with_inputs(|input| render::render_site(input, &self.renderer, sink));
        diags.extend(self.strings.fallback_warnings());
        if let Some(shard) = &self.site.shard {
            // The site's shared files are merge's; a shard leaves what merge needs in its manifest.
            diags.extend(crate::shard::copy_assets(shard, &self.site.config, &self.sources, &self.links, sink));
            diags.extend(crate::shard::manifest::write(&self.site, shard, sink));
            // The latest version's `/latest/` pages go with the locale's own files.
            diags.extend(crate::latest::write_some(&self.site, sink, &|l| shard.writes_locale_files(l)));
            return diags;
        }
        diags.extend(copy_files(&self.theme, &self.sources, &self.links, &self.renderer, sink));
        diags.extend(crate::latest::write(&self.site, sink));
        let has_robots = self.theme.statics.contains_key("robots.txt");
        if let Err(e) = crate::publish::write(&self.site, has_robots, sink) {
            diags.push(Diagnostic::error("sitemap.xml", 0, 0, format!("cannot write: {e}")).with_code("io"));
        }
        diags
    }

    /// Frees what a build needs no more once its pages are written — the bodies' HTML and the
    /// highlighted code — so the search index, built last, starts from less memory. `serve` keeps everything.
    pub fn release_rendered(&mut self) {
        self.highlighter.forget();
        for page in &mut self.site.pages {
            page.body = Default::default();
        }
    }

    /// Frees each page's resolved links once the checks have read them (rendering prints the
    /// HTML the parse already resolved, and never reads them): 20,000 pages hold ~45 MiB of
    /// them, which the render buffers then reuse instead of touching fresh memory. A build
    /// calls this after `prepare`; `serve` keeps them to find the pages linking to an edit.
    pub fn release_checked(&mut self) {
        for page in &mut self.site.pages {
            page.links = Vec::new();
        }
    }

    /// Writes each locale's search index into `sink`.
    pub fn write_search(&self, sink: &dyn Sink) -> Vec<Diagnostic> {
        let filtered = self.site.shard.as_ref().map(|s| crate::shard::search_sink(s, &self.site.config, sink));
        let sink: &dyn Sink = match &filtered {
            Some(f) => f,
            None => sink,
        };
        match crate::search::write_indexes(&self.site, sink) {
            Ok(_) => Vec::new(),
            Err(e) => vec![Diagnostic::error("search index", 0, 0, format!("cannot write: {e}")).with_code("io")],
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
                        .map(|e| Diagnostic::error(&path, 0, 0, format!("cannot write: {e}")).with_code("io")),
                    Err(d) => Some(d),
                })
                .collect()
        })
    }

    /// What rendering reads, handed to `f`.
    fn with_inputs<R>(&self, f: impl FnOnce(&render::Inputs<'_>) -> R) -> R {
        f(&render::Inputs { site: &self.site, links: &self.links, nav: &self.nav, xrefs: &self.xrefs })
    }

    /// Re-reads the page file at `path` (and the stand-ins that show it in other locales).
    pub fn update_page(&mut self, path: &Path) -> Update {
        let files: Vec<_> = self.sources.pages.iter().filter(|f| f.abs_path == path).cloned().collect();
        if files.is_empty() {
            return Update::FullRebuild;
        }
        let refs: Vec<&SourceFile> = files.iter().collect();
        let parsed =
            parse_files(&refs, &self.links, &self.highlighter, &self.strings, &self.site.config.default_locale);
        let mut fresh: Vec<(usize, Page)> = Vec::new();
        let mut diags = Vec::new();
        for (file, (page, d)) in files.iter().zip(parsed) {
            if file.fallback_from.is_none() {
                diags.extend(d);
            }
            match (page, self.site.page(&file.locale, &file.rel_path)) {
                // A draft that stopped or started being one changes the set of pages.
                (Some(p), Some(i)) if !p.is_draft() || self.drafts => fresh.push((i, p)),
                (Some(_), _) => return Update::FullRebuild,
                (None, _) => {}
            }
        }
        if diagnostics::error_count(&diags) > 0 {
            diagnostics::sort(&mut diags);
            return Update::Failed(diags);
        }
        // Swap the new pages in; keep the old ones to undo if the checks fail.
        let mut old = Vec::new();
        let mut shape_changed = false;
        for (i, p) in fresh {
            let before = self.site.replace_page(i, p);
            shape_changed |= shape(&before) != shape(&self.site.pages[i]);
            old.push((i, before));
        }
        let changed: HashSet<usize> = old.iter().map(|(i, _)| *i).collect();
        let to_check = if shape_changed { self.linking_to(&changed) } else { changed.clone() };
        let other = other_urls(&self.site, &self.theme);
        let mut found = check::check_pages(&self.site, &self.links, &other, Some(&to_check));
        found.extend(onboarding::check_cycles(&self.site));
        found.extend(crate::version_checks::check_archived_links(&self.site, Some(&changed)));
        // A new uid or title changes what xrefs anywhere lead to or show: index and check again.
        let uids_changed = self.xrefs.after_edit(&self.site, &old).map(|d| found.extend(d)).is_some();
        let xref_scope = (!uids_changed && !shape_changed).then_some(&changed);
        found.extend(crate::xref::check::check_pages(&self.site, &self.xrefs, xref_scope));
        let found = check::apply_policy(found, self.site.config.links.broken);
        diags.extend(found);
        if diagnostics::error_count(&diags) > 0 {
            for (i, p) in old {
                self.site.replace_page(i, p);
            }
            if uids_changed {
                self.xrefs.reindex_pages(&self.site);
            }
            diagnostics::sort(&mut diags);
            return Update::Failed(diags);
        }
        let mut jobs: Vec<Job> = if shape_changed {
            // Titles and order show in every sidebar of the locale: rebuild the navigation and
            // render the locale again.
            let (nav, nav_diags) = crate::nav::build(&self.site, &self.links, &self.sources.tocs);
            diags.extend(nav_diags);
            self.nav = nav;
            let locales: HashSet<&str> = changed.iter().map(|i| self.site.pages[*i].locale.as_str()).collect();
            let site = &self.site;
            Renderer::jobs(site)
                .into_iter()
                .filter(|j| Renderer::job_locale(site, j).is_some_and(|l| locales.contains(l)))
                .collect()
        } else {
            changed.iter().map(|i| self.job_of(*i)).collect()
        };
        if uids_changed {
            let have: HashSet<Job> = jobs.iter().cloned().collect();
            let more = crate::xref::pages_with_xrefs(&self.site).map(|i| self.job_of(i));
            jobs.extend(more.filter(|j| !have.contains(j)).collect::<Vec<_>>());
        }
        Update::Rerender(jobs, diags)
    }

    /// Reads the UI strings again after an .ftl file changed, and says what to render again:
    /// the pages of `locale` (their alert titles are strings too), or of every locale when the
    /// default locale's strings changed, since the others fall back to them.
    pub fn reload_strings(&mut self, locale: Option<&str>) -> Result<Vec<Job>, Vec<Diagnostic>> {
        let theme = theme::load(&self.site.config)?;
        let (strings, diags) = i18n::load(&self.site.config, &theme);
        if diagnostics::error_count(&diags) > 0 {
            return Err(diags);
        }
        let strings = Arc::new(strings);
        let renderer = Renderer::new(&self.site, &theme, Arc::clone(&strings))?;
        let everywhere = locale.is_none_or(|l| l == self.site.config.default_locale);
        let affected = |l: &str| everywhere || Some(l) == locale;
        // Alert titles are rendered while parsing: parse the affected pages again.
        let files: Vec<&SourceFile> = self.sources.pages.iter().filter(|f| affected(&f.locale)).collect();
        let parsed = parse_files(&files, &self.links, &self.highlighter, &strings, &self.site.config.default_locale);
        let mut fresh = Vec::new();
        for (f, (page, d)) in files.iter().zip(parsed) {
            if let (Some(p), Some(i)) = (page, self.site.page(&f.locale, &f.rel_path)) {
                fresh.push((i, p));
            } else if diagnostics::error_count(&d) > 0 {
                return Err(d);
            }
        }
        for (i, p) in fresh {
            self.site.replace_page(i, p);
        }
        self.theme = theme;
        self.strings = strings;
        self.renderer = renderer;
        let site = &self.site;
        Ok(Renderer::jobs(site).into_iter().filter(|j| Renderer::job_locale(site, j).is_none_or(&affected)).collect())
    }

    /// The render job that writes page `i`.
    fn job_of(&self, i: usize) -> Job {
        let p = &self.site.pages[i];
        let folder = folder_of(&p.rel_path);
        match self.site.section(&p.locale, folder).and_then(|s| s.index) {
            Some(index) if index == i => Job::Section(p.locale.clone(), folder.to_string()),
            _ => Job::Page(i),
        }
    }

    /// The pages that link to any of `targets` (and the targets), whose checks depend on them.
    fn linking_to(&self, targets: &HashSet<usize>) -> HashSet<usize> {
        let keys: HashSet<(&str, &str)> = targets
            .iter()
            .map(|i| (self.site.pages[*i].locale.as_str(), self.site.pages[*i].rel_path.as_str()))
            .collect();
        let mut out = targets.clone();
        for (i, p) in self.site.pages.iter().enumerate() {
            let hits = p.links.iter().chain(p.onboarding.iter().map(|o| &o.link)).any(|l| match &l.target {
                Target::Page(r) => keys.contains(&(r.locale.as_str(), r.rel_path.as_str())),
                _ => false,
            });
            if hits {
                out.insert(i);
            }
        }
        out
    }
}

/// Parses some pages again (after an edit, or new UI strings), in parallel.
fn parse_files(
    files: &[&SourceFile],
    links: &LinkIndex,
    highlighter: &Highlighter,
    strings: &Strings,
    default_locale: &str,
) -> Vec<(Option<Page>, Vec<Diagnostic>)> {
    let alerts = |locale: &str| alert_labels(strings, locale);
    let docfx = |locale: &str| crate::docfx::Labels::from_strings(strings, locale);
    let source_hashes = SourceHashes::default();
    let ctx = ParseContext {
        links,
        highlighter,
        alerts: &alerts,
        docfx: &docfx,
        default_locale,
        source_hashes: &source_hashes,
    };
    files.par_iter().map(|f| page::parse(f, &ctx)).collect()
}

/// Title, heading, description, headings, anchors and onboarding entries of a page.
type Shape<'a> = (&'a str, &'a str, Option<String>, &'a [crate::markdown::Heading], &'a [String], Vec<&'a str>);

/// What other pages show of a page: if this stays the same, an edit re-renders the page alone.
fn shape(p: &Page) -> Shape<'_> {
    let onboarding = p.onboarding.iter().map(|o| o.link.href.as_str()).collect();
    (&p.title, &p.heading, p.meta_str("description"), &p.headings, &p.anchors, onboarding)
}

/// URLs of output files that are neither pages nor content assets: theme files, 404 pages.
pub fn other_urls(site: &Site, theme: &Theme) -> HashSet<String> {
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
            result.err().map(|e| Diagnostic::error(&file.origin, 0, 0, format!("cannot copy: {e}")).with_code("io"))
        })
        .collect();
    diags.extend(copy_content_files(sources, links, sink, |_| true));
    diags
}

/// Copies the content files (images, PDFs) that `keep` accepts to their URLs (a shard copies
/// its own, a build all).
pub fn copy_content_files(
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
            let rel = crate::urls::output_path(&links.base_path(), &url);
            sink.copy(&rel, &a.abs_path)
                .err()
                .map(|e| Diagnostic::error(&a.display, 0, 0, format!("cannot copy: {e}")).with_code("io"))
        })
        .collect()
}
