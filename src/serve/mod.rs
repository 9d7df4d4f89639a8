//! `guidebook serve`: builds the site into memory, serves it on tiny_http, watches the sources
//! with notify, rebuilds what changed and tells open browsers to reload. The server threads only
//! read the current snapshot; this thread alone builds, so a request never waits for a build.

mod compress;
mod events;
pub mod files;
mod fingerprint;
mod host;
mod http;
mod listen;
pub mod paths;
mod search_pages;
pub mod template_deps;
mod unbuilt;
mod watch;

use crate::diagnostics::{self, Diagnostic};
use crate::markdown::highlight::Highlighter;
use crate::options::{load_config, BuildOptions};
use crate::report::{self, Format};
use crate::workspace::{Timings, Update, Workspace};
use files::{File, MemorySink, Snapshot};
use fingerprint::Fingerprint;
use http::Shared;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Instant;
use watch::{Change, Watcher};

/// What one client may ask of the server: request line 8 KiB, header fields 32 KiB or 100,
/// bodies 64 KiB, a request head within 10 s of its first byte, idle keep-alive connections
/// closed after 10 s, no socket read or write waiting over 10 s (`ServerLimits::default()`).
/// The vendored tiny_http owns the numbers and enforces them; guidebook only passes them on,
/// so that tests can shorten the timeouts instead of waiting ten seconds.
pub use tiny_http::limits::Limits as ServerLimits;

/// What `guidebook serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Site root, drafts, broken-link policy (base_url is the server's own address).
    pub site: BuildOptions,
    /// Address to listen on (127.0.0.1 unless asked otherwise).
    pub bind: String,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Open the site in the default browser.
    pub open: bool,
    /// Request sizes and client timeouts (today's defaults unless a test shortens them).
    pub limits: ServerLimits,
}

/// Request-handling threads (event streams get threads of their own).
const WORKERS: usize = 8;
/// What `apply` returns when open pages need not hear of a change.
const NO_EVENT: &str = "";
/// Page edits in one burst above which the whole site is built again instead (a branch switch).
const MANY_PAGES: usize = 50;

/// The builder's state, owned by the watching thread.
struct Builder {
    opts: BuildOptions,
    highlighter: Arc<Highlighter>,
    workspace: Option<Workspace>,
    files: HashMap<Arc<str>, Arc<File>>,
    build_id: u64,
    /// The page whose edit failed, when only it stands between the author and a clean site.
    failed_page: Option<PathBuf>,
    /// The last change was a template edit that failed: the workspace still holds the last good
    /// templates, so the next template edit can be compared with them instead of a full build.
    failed_templates: bool,
    error: Option<String>,
    /// Page edits since the search index was last written.
    search_stale: bool,
    /// The sources as they were when the last full build began.
    sources: Option<Fingerprint>,
    /// The files of the last full build's pages, to tell page edits from other changes (a new
    /// or deleted page is another change, which a full build follows).
    page_files: HashSet<PathBuf>,
}

fn text_of(diags: &[Diagnostic]) -> String {
    report::format(diags, Format::Text)
}

impl Builder {
    fn snapshot(&mut self) -> Snapshot {
        self.build_id += 1;
        // Messages name files relative to the site root; a few name the root's own path.
        let error = self.error.as_deref().map(|e| unbuilt::relative_to_root(e, &self.opts.root));
        Snapshot { files: self.files.clone(), build_id: self.build_id, error }
    }

    /// The errors as browsers are shown them: paths relative to the site root, so a page (which
    /// anyone on the network may read with --bind) tells nothing of the machine's folders.
    fn for_browsers(&self, text: String) -> String {
        let root = self.opts.root.to_string_lossy();
        text.replace(&format!("{root}/"), "").replace(root.as_ref(), ".")
    }

    /// Builds everything; on failure keeps the last good files and records the errors.
    fn full(&mut self) -> Result<usize, Vec<Diagnostic>> {
        // Taken before reading: a change made while the build runs shows as a difference.
        self.sources = Some(Fingerprint::of(&self.opts.root));
        let config = load_config(&self.opts)?;
        let (ws, mut diags) =
            Workspace::prepare(config, &self.opts, Arc::clone(&self.highlighter), &mut Timings::start())?;
        let sink = MemorySink::default();
        diags.extend(ws.write_all(&sink));
        if diagnostics::error_count(&diags) > 0 {
            return Err(diags);
        }
        print_warnings(&diags, self.opts.all_warnings);
        self.files = sink.into_files();
        let pages = ws.site.pages.len();
        self.page_files = ws.sources.pages.iter().map(|f| f.abs_path.clone()).collect();
        self.workspace = Some(ws);
        Ok(pages)
    }

    /// Applies one change; returns what to tell browsers (`reload`, `css`) and what to print.
    fn apply(&mut self, change: Change) -> (&'static str, String) {
        let started = Instant::now();
        let ms = |s: Instant| s.elapsed().as_secs_f64() * 1000.0;
        // After a failed full build, or a failed edit of another page, only a full build knows.
        let had_error = self.error.is_some();
        let after_template_error = std::mem::take(&mut self.failed_templates);
        let must_rebuild = self.workspace.is_none()
            || (had_error
                && !matches!(&change, Change::Pages(p) if Some(p) == self.failed_page.as_ref().map(|f| vec![f.clone()]).as_ref())
                && !(after_template_error && change == Change::Templates));
        let result: Result<(&'static str, String), Vec<Diagnostic>> = match change {
            _ if must_rebuild => self.full().map(|n| ("reload", format!("rebuilt everything ({n} pages)"))),
            Change::Everything => self.full().map(|n| ("reload", format!("rebuilt everything ({n} pages)"))),
            Change::Templates => self.rerender_templates().map(|(n, of, changed)| {
                // Nothing rendered and no error to clear: open pages show what they did.
                let event = if n == 0 && !had_error { NO_EVENT } else { "reload" };
                (event, format!("re-rendered {n} of {of} pages (templates changed: {changed})"))
            }),
            Change::Statics { css_only } => self.recopy_statics().map(|()| {
                if css_only {
                    ("css", "reloaded styles".to_string())
                } else {
                    ("reload", "copied static files".to_string())
                }
            }),
            // One full build costs less than many one-page updates (each checks the whole site).
            Change::Pages(paths) if paths.len() > MANY_PAGES => {
                self.full().map(|n| ("reload", format!("rebuilt everything ({n} pages, {} edited)", paths.len())))
            }
            Change::Pages(paths) => self.update_pages(&paths),
            Change::Strings(locale) => self.reload_strings(locale.as_deref()),
        };
        match result {
            Ok((event, what)) => {
                self.error = None;
                self.failed_page = None;
                (event, format!("{what} in {:.1} ms", ms(started)))
            }
            Err(diags) => {
                let text = text_of(&diags);
                self.error = Some(self.for_browsers(text.clone()));
                (
                    "error-report",
                    format!("{text}build failed in {:.1} ms; still serving the last good site", ms(started)),
                )
            }
        }
    }

    /// Whether the sources differ from what the last full build began with (after lost events).
    fn sources_changed(&self) -> bool {
        self.sources.as_ref().is_none_or(|before| *before != Fingerprint::of(&self.opts.root))
    }

    fn update_pages(&mut self, paths: &[PathBuf]) -> Result<(&'static str, String), Vec<Diagnostic>> {
        let ws = self.workspace.as_mut().expect("checked by apply");
        let mut jobs = Vec::new();
        // Pages whose titles changed each ask for their whole locale: render it once.
        let mut queued = HashSet::new();
        let mut warnings = Vec::new();
        for path in paths {
            match ws.update_page(path) {
                Update::Rerender(j, w) => {
                    jobs.extend(j.into_iter().filter(|job| queued.insert(job.clone())));
                    warnings.extend(w);
                }
                Update::Failed(d) => {
                    self.failed_page = (paths.len() == 1).then(|| path.clone());
                    return Err(d);
                }
                Update::FullRebuild => {
                    return self.full().map(|n| ("reload", format!("rebuilt everything ({n} pages)")))
                }
            }
        }
        let sink = MemorySink::default();
        let errors = ws.write_jobs(&jobs, &sink);
        if !errors.is_empty() {
            return Err(errors);
        }
        print_warnings(&warnings, self.opts.all_warnings);
        self.files.extend(sink.into_files());
        self.search_stale = true;
        Ok(("reload", format!("re-rendered {} page(s)", jobs.len())))
    }

    /// Writes the search index again after page edits: done when the author pauses, so an
    /// edit reaches the screen first and search catches up a moment later. Returns what to
    /// print and the search pages whose index changed.
    fn refresh_search(&mut self) -> Option<(String, Vec<String>)> {
        if !std::mem::take(&mut self.search_stale) {
            return None;
        }
        let ws = self.workspace.as_ref()?;
        let started = Instant::now();
        let sink = MemorySink::default();
        if !ws.write_search(&sink).is_empty() {
            return None;
        }
        let fresh = sink.into_files();
        let pages = search_pages::to_reload(&ws.site.config, &self.files, &fresh);
        self.files.extend(fresh);
        Some((format!("updated the search index in {:.1} ms", started.elapsed().as_secs_f64() * 1000.0), pages))
    }

    fn reload_strings(&mut self, locale: Option<&str>) -> Result<(&'static str, String), Vec<Diagnostic>> {
        let ws = self.workspace.as_mut().expect("checked by apply");
        let jobs = ws.reload_strings(locale)?;
        let sink = MemorySink::default();
        let errors = ws.write_jobs(&jobs, &sink);
        if !errors.is_empty() {
            return Err(errors);
        }
        self.files.extend(sink.into_files());
        let which = locale.map(|l| format!("{l} strings")).unwrap_or_else(|| "UI strings".into());
        Ok(("reload", format!("re-rendered {} page(s) ({which} changed)", jobs.len())))
    }

    /// Compiles the templates again and re-renders the jobs whose template reads one that
    /// changed: (rendered, jobs in all, the changed templates' names). The new templates are
    /// kept only when every job renders, so a failed edit is later compared with the last good.
    fn rerender_templates(&mut self) -> Result<(usize, usize, String), Vec<Diagnostic>> {
        let ws = self.workspace.as_mut().expect("checked by apply");
        let fail = |failed: &mut bool, d| {
            *failed = true;
            Err(d)
        };
        let theme = match crate::theme::load(&ws.site.config) {
            Ok(t) => t,
            Err(d) => return fail(&mut self.failed_templates, d),
        };
        let renderer = match crate::render::Renderer::new(&ws.site, &theme, Arc::clone(&ws.strings)) {
            Ok(r) => r,
            Err(d) => return fail(&mut self.failed_templates, d),
        };
        let changed = template_deps::changed(ws.renderer.compiled(), renderer.compiled());
        let all = crate::render::Renderer::jobs(&ws.site);
        let jobs: Vec<_> = template_deps::TemplateDeps::of(renderer.compiled())
            .affected(&all, &changed)
            .into_iter()
            .cloned()
            .collect();
        let old = std::mem::replace(&mut ws.renderer, renderer);
        let sink = MemorySink::default();
        let errors = ws.write_jobs(&jobs, &sink);
        if !errors.is_empty() {
            ws.renderer = old;
            return fail(&mut self.failed_templates, errors);
        }
        ws.theme = theme;
        // Templates do not change what search finds, nor the files copied: those stay.
        self.files.extend(sink.into_files());
        let names: Vec<&str> = changed.iter().map(String::as_str).take(3).collect();
        let more = if changed.len() > 3 { format!(" and {} more", changed.len() - 3) } else { String::new() };
        let names = if names.is_empty() { "none".to_string() } else { names.join(", ") + &more };
        Ok((jobs.len(), all.len(), names))
    }

    fn recopy_statics(&mut self) -> Result<(), Vec<Diagnostic>> {
        let ws = self.workspace.as_mut().expect("checked by apply");
        ws.theme = crate::theme::load(&ws.site.config)?;
        for (rel, file) in &ws.theme.statics {
            let bytes = file
                .source
                .read()
                .map_err(|e| vec![Diagnostic::file_error(&file.origin, format!("cannot read: {e}"))])?;
            self.files.insert(rel.as_str().into(), Arc::new(File::new(bytes)));
        }
        Ok(())
    }
}

fn print_warnings(diags: &[Diagnostic], all: bool) {
    eprint!("{}", crate::warning_summary::format(diags, all));
}

/// Runs the preview server until the process is stopped.
pub fn serve(opts: ServeOptions) -> Result<(), String> {
    without_huge_pages();
    let listener = listen::listen(&opts.bind, opts.port).map_err(|e| {
        format!(
            "cannot listen on {}:{}: {e} (is another server using the port? try --port 0 for any free port)",
            opts.bind, opts.port
        )
    })?;
    let server = tiny_http::Server::from_listener_with_limits(listener, None, opts.limits)
        .map_err(|e| format!("cannot serve: {e}"))?;
    let addr = server.server_addr().to_ip().ok_or("the server has no IP address")?;
    // Bound to every interface: pages link to the loopback address (a URL with 0.0.0.0 in it
    // leads nowhere in most browsers), and the author is told the site is on the network.
    let local = if addr.ip().is_unspecified() {
        let loopback: std::net::IpAddr =
            if addr.is_ipv4() { std::net::Ipv4Addr::LOCALHOST.into() } else { std::net::Ipv6Addr::LOCALHOST.into() };
        eprintln!(
            "warning: listening on every network interface ({addr}): anyone who can reach this machine can read \
             the site; use --bind 127.0.0.1 to keep it to this machine"
        );
        std::net::SocketAddr::new(loopback, addr.port())
    } else {
        addr
    };
    let url = format!("http://{local}");
    let mut site_opts = opts.site.clone();
    site_opts.base_url = Some(url.clone());
    site_opts.plain_asset_names = true;
    let root = std::fs::canonicalize(&site_opts.root).map_err(|e| format!("{}: {e}", site_opts.root.display()))?;
    site_opts.root = root.clone();

    let mut builder = Builder {
        opts: site_opts,
        highlighter: Arc::new(Highlighter::default()),
        workspace: None,
        files: HashMap::new(),
        build_id: std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0),
        failed_page: None,
        failed_templates: false,
        error: None,
        search_stale: false,
        sources: None,
        page_files: HashSet::new(),
    };
    // Watch before the first build: an edit made while it runs is then rebuilt right after.
    let watcher = Watcher::new(&root).map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    let started = Instant::now();
    match builder.full() {
        Ok(n) => eprintln!("built {n} pages in memory in {:.2} s", started.elapsed().as_secs_f64()),
        Err(d) => {
            let text = text_of(&d);
            eprint!("{text}");
            eprintln!("the site does not build yet; serving the errors until they are fixed");
            builder.error = Some(builder.for_browsers(text));
        }
    }
    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Arc::new(builder.snapshot())),
        events: Arc::default(),
        hosts: host::Hosts::new(&opts.bind),
    });
    let server = Arc::new(server);
    for _ in 0..WORKERS {
        let (server, shared) = (Arc::clone(&server), Arc::clone(&shared));
        std::thread::spawn(move || {
            while let Ok(req) = server.recv() {
                // A bug in answering one request must not take a worker away from the rest.
                let answered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| http::handle(req, &shared)));
                if answered.is_err() {
                    eprintln!("error: a request failed inside guidebook (a bug); the server goes on");
                }
            }
        });
    }
    // Nothing is written to disk while serving, so stopping is only a matter of saying so.
    let _ = ctrlc::set_handler(|| {
        eprintln!("\nstopped");
        std::process::exit(0);
    });
    println!("serving {} at {url}/ (Ctrl-C to stop)", root.display());
    if opts.open {
        open_browser(&format!("{url}/"));
    }
    watch_and_rebuild(&root, watcher, &mut builder, &shared);
    Ok(())
}

fn watch_and_rebuild(root: &Path, mut watcher: Watcher, builder: &mut Builder, shared: &Shared) {
    // The search index is written again once the author pauses, so edits in a row stay fast.
    let pause = std::time::Duration::from_millis(800);
    while let Some(burst) = watcher.next_burst_within(builder.search_stale.then_some(pause)) {
        let Some(burst) = burst else {
            if let Some((done, pages)) = builder.refresh_search() {
                shared.publish(builder.snapshot());
                if !pages.is_empty() {
                    // Only the search pages named reload; other pages show no index.
                    shared.events.send("search-index", &serde_json::to_string(&pages).unwrap_or_default());
                }
                eprintln!("{done}");
            }
            continue;
        };
        if std::env::var_os("GUIDEBOOK_DEBUG_WATCH").is_some() {
            eprintln!("file events{}: {:?}", if burst.lost { " (some lost)" } else { "" }, burst.paths);
        }
        // A source folder created or replaced since the last burst is watched from now on;
        // after lost events, every one is watched afresh.
        watcher.refresh(burst.lost);
        let change = if burst.lost {
            // Edits since the last full build count as changes too: a full build then, once.
            if !builder.sources_changed() {
                continue;
            }
            eprintln!("file events were lost (a full event queue, or a watch error): reading everything again");
            Change::Everything
        } else {
            match watch::classify(root, &burst.paths, &|p: &Path| builder.page_files.contains(p)) {
                Some(change) => change,
                None => continue,
            }
        };
        let (event, message) = builder.apply(change);
        shared.publish(builder.snapshot());
        match event {
            "error-report" => shared.events.send(event, &serde_json::to_string(&builder.error).unwrap_or_default()),
            NO_EVENT => {}
            other => shared.events.send(other, ""),
        }
        eprintln!("{message}");
    }
}

/// tiny_http gives each connection a thread, and mimalloc gives each thread a heap of its own:
/// with transparent huge pages, each new heap's first allocation faults in a whole 2 MiB page.
/// A thousand connections then cost half a gigabyte and a second of zeroing memory, during
/// which every request waits (measured with benches/serve_load.rs). The preview server does
/// without huge pages; `build`, with a few threads, keeps them.
fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and only sets a flag of this process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; visit {url}");
    }
}
