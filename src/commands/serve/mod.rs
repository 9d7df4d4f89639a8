//! `guidebook serve`: builds the site into memory, serves it on tiny_http, watches the sources
//! with notify, rebuilds what changed and tells open browsers to reload. The server threads only
//! read the current snapshot; this thread alone builds, so a request never waits for a build.

mod compress;
mod events;
pub(crate) mod files;
mod fingerprint;
mod host;
mod http;
mod listen;
pub mod paths;
mod preview;
mod search_pages;
mod unbuilt;
mod watch;

use crate::options::BuildOptions;
use crate::workspace::Change;
use events::Event;
use http::Shared;
use preview::Preview;
use std::path::Path;
use std::sync::{Arc, RwLock};
use std::time::Instant;
use watch::Watcher;

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
/// Runs the preview server until the process is stopped.
pub fn serve(opts: ServeOptions) -> Result<(), String> {
    crate::memory::without_huge_pages();
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

    // Watch before the first build: an edit made while it runs is then rebuilt right after.
    let watcher = Watcher::new(&root).map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    let started = Instant::now();
    let build_id = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let (mut preview, first) = Preview::start(site_opts, build_id);
    match first {
        Ok(n) => eprintln!("built {n} pages in memory in {:.2} s", started.elapsed().as_secs_f64()),
        Err(text) => {
            eprint!("{text}");
            eprintln!("the site does not build yet; serving the errors until they are fixed");
        }
    }
    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Arc::new(preview.snapshot())),
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
    watch_and_rebuild(&root, watcher, &mut preview, &shared);
    Ok(())
}

/// Maps bursts of file events to changes, applies them, publishes each new snapshot and tells
/// open pages.
fn watch_and_rebuild(root: &Path, mut watcher: Watcher, preview: &mut Preview, shared: &Shared) {
    // The search index is written again once the author pauses, so edits in a row stay fast.
    let pause = std::time::Duration::from_millis(800);
    while let Some(burst) = watcher.next_burst_within(preview.search_stale().then_some(pause)) {
        let Some(burst) = burst else {
            if let Some((done, pages)) = preview.refresh_search() {
                shared.publish(preview.snapshot());
                if !pages.is_empty() {
                    // Only the search pages named reload; other pages show no index.
                    shared.events.send(&Event::SearchIndex(pages));
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
            if !preview.sources_changed() {
                continue;
            }
            eprintln!("file events were lost (a full event queue, or a watch error): reading everything again");
            Change::Everything
        } else {
            match watch::classify(root, &burst.paths, &|p: &Path| preview.is_page(p)) {
                Some(change) => change,
                None => continue,
            }
        };
        let applied = preview.apply(change);
        shared.publish(preview.snapshot());
        if let Some(event) = &applied.event {
            shared.events.send(event);
        }
        eprintln!("{}", applied.message);
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
