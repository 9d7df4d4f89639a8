//! The whole pipeline, top to bottom: config → discover → parse → site graph → render → write.

use crate::config::Config;
use crate::diagnostics::{self, Code, Diagnostic};
use crate::markdown::highlight::Highlighter;
use crate::options::Switches;
pub use crate::options::{load_config, BuildOptions, PhaseReporter};
use crate::output::{self, Sink};
use crate::page_body::Keeping;
use crate::workspace::{Timings, Workspace};
use std::sync::Arc;
use std::time::{Duration, Instant};

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

/// Builds the site into `sink`. Every diagnostic comes back sorted: in `Err` when any is an
/// error (the sink may then hold part of a site and must be thrown away).
pub(crate) fn generate(config: Config, opts: &BuildOptions, sink: &dyn Sink) -> Result<Summary, Vec<Diagnostic>> {
    let started = Instant::now();
    let mut timings = Timings::start();
    timings.report = opts.progress.clone();
    // The bodies are freed before the search index, where the peak is: no need to compress them.
    let switches = Switches { bodies: Keeping::Plain, ..opts.switches() };
    let (mut ws, mut diags) = Workspace::prepare(config, &switches, Arc::new(Highlighter::default()), &mut timings)?;
    // Pages first, then the search index, each parallel inside: built side by side, the
    // index's postings and the pages' HTML were alive at once (the build's peak); in turn, the
    // index starts from what the pages freed (it reads the sections' text, kept apart).
    ws.release_checked();
    diags.extend(ws.write_pages(sink));
    timings.phase("render, write");
    ws.release_rendered();
    diags.extend(ws.write_search(sink));
    timings.phase("search index");
    diagnostics::sort(&mut diags);
    if diagnostics::error_count(&diags) > 0 {
        return Err(diags);
    }
    let (pages, stand_ins) = (ws.site.counts(), ws.site.stand_ins());
    // Freeing 20,000 pages' worth of small allocations takes a tenth of a second the build
    // need not wait for: a thread frees them while the output is moved into place (a process
    // that exits first leaves it to the OS).
    std::thread::spawn(move || drop(ws));
    Ok(Summary { pages, stand_ins, warnings: diags, elapsed: started.elapsed(), timings: timings.phases })
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
        vec![Diagnostic::file_error(&out, format!("cannot put the new site in place: {e}")).with_code(Code::Io)]
    })?;
    Ok(summary)
}
