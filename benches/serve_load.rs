//! `guidebook serve` under load while a page is saved every 100 ms, on the generated corpus of
//! 2 x 10,000 pages: 1,000 connections opened together, 20 requests each (pages, assets, missing
//! pages, redirects; every 25th connection ends with an event stream held open through the run).
//!
//!     cargo bench --bench serve_load
//!     GUIDEBOOK_BENCH_CORPUS=/tmp/c cargo bench --bench serve_load   # a corpus already generated
//!
//! The corpus comes from ../shared/bench/gen_corpus.py (layout `ours`), generated into a
//! temporary folder, or copied from GUIDEBOOK_BENCH_CORPUS (the run edits a page).
//! GUIDEBOOK_LOAD_CONNECTIONS and GUIDEBOOK_LOAD_REQUESTS change the load; GUIDEBOOK_LOAD_EDITS=0
//! makes a control run without edits (so without rebuilds); GUIDEBOOK_LOAD_DEBUG=1 adds the
//! slowest requests and the server's log, in time. Prints errors, latency (p50, p90, p99, max),
//! requests/s, the rebuilds the edits caused, and how requests that overlapped a rebuild fared
//! against those that did not.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/common/load.rs"]
mod load;
#[path = "../tests/common/server.rs"]
mod server;

use load::{quantile_ms, Expect, Plan, Target};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The corpus to serve, in a folder of its own (the run edits it).
fn corpus(dir: &Path) -> PathBuf {
    let root = dir.join("site");
    if let Some(from) = std::env::var_os("GUIDEBOOK_BENCH_CORPUS") {
        common::copy_dir(Path::new(&from), &root);
        return root;
    }
    let gen = common::repo_root().join("../shared/bench/gen_corpus.py");
    assert!(gen.is_file(), "{} is missing: set GUIDEBOOK_BENCH_CORPUS to a generated corpus", gen.display());
    let status = std::process::Command::new("python3")
        .arg(&gen)
        .arg(&root)
        .args(["--pages", "10000", "--locales", "en-us,ko-kr", "--layout", "ours"])
        .status()
        .expect("run python3");
    assert!(status.success(), "gen_corpus.py failed");
    root
}

/// A thousand client sockets and as many on the server side need more than the usual 1,024.
fn raise_open_file_limit() {
    // SAFETY: getrlimit and setrlimit only read and write the struct passed to them.
    unsafe {
        let mut lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) == 0 {
            lim.rlim_cur = lim.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
        }
    }
}

/// The page URLs of the served site, from its sitemap.
fn pages(addr: &str) -> Vec<String> {
    let sitemap = server::get(addr, "/sitemap.xml").text();
    let prefix = format!("http://{addr}");
    sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .map(|url| url.trim_start_matches(&prefix).to_string())
        .collect()
}

/// The requests to make: six in ten pages, two assets, a missing page, a redirect.
fn targets(pages: &[String]) -> Vec<Target> {
    let assets =
        ["/style.css", "/guidebook.js", "/search.js", "/highlight.css", "/favicon.svg", "/en-us/_search/manifest.json"];
    (0..1000)
        .map(|i| match i % 10 {
            0..=5 => Target::new(&pages[(i * 7919) % pages.len()], Expect::Page),
            6 | 7 => Target::new(assets[i % assets.len()], Expect::Asset),
            8 => Target::new(&format!("/en-us/no-such-page-{i}/"), Expect::Missing),
            _ => Target::new(pages[(i * 104_729) % pages.len()].trim_end_matches('/'), Expect::Moved),
        })
        .collect()
}

/// A rebuild the server reported: when it ended and how long it took.
struct Rebuild {
    end: Instant,
    took: Duration,
}

/// The rebuilds in the server's log (`... in 12.3 ms` after an edit).
fn rebuilds(log: &[(Instant, String)]) -> Vec<Rebuild> {
    log.iter()
        .filter(|(_, l)| {
            l.starts_with("re-rendered") || l.starts_with("rebuilt") || l.starts_with("updated the search")
        })
        .filter_map(|(at, l)| {
            let ms: f64 = l.rsplit(" in ").next()?.strip_suffix(" ms")?.parse().ok()?;
            Some(Rebuild { end: *at, took: Duration::from_secs_f64(ms / 1000.0) })
        })
        .collect()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The edited page: its file and its URL.
fn page_to_edit(root: &Path) -> (PathBuf, String) {
    let en = root.join("content/en-us");
    let file = walkdir::WalkDir::new(&en)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .map(walkdir::DirEntry::into_path)
        .find(|p| p.extension().is_some_and(|x| x == "md") && !p.ends_with("index.md"))
        .expect("a page to edit");
    let url = format!("/en-us/{}/", file.strip_prefix(&en).unwrap().with_extension("").display());
    (file, url)
}

/// How requests fared against the rebuilds they overlapped.
struct Overlap {
    during: Vec<Duration>,
    outside: Vec<Duration>,
    /// The longest request that overlapped a rebuild, and the longest rebuild it overlapped.
    worst: Option<(Duration, Duration)>,
}

fn overlap(samples: &[load::Sample], rebuilds: &[Rebuild]) -> Overlap {
    let mut o = Overlap { during: Vec::new(), outside: Vec::new(), worst: None };
    for s in samples {
        let longest = rebuilds.iter().filter(|r| s.start < r.end && s.end > r.end - r.took).map(|r| r.took).max();
        let Some(longest) = longest else {
            o.outside.push(s.took());
            continue;
        };
        o.during.push(s.took());
        if o.worst.is_none_or(|(w, _)| s.took() > w) {
            o.worst = Some((s.took(), longest));
        }
    }
    o
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing to run.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let connections = env_number("GUIDEBOOK_LOAD_CONNECTIONS", 1000);
    let requests = env_number("GUIDEBOOK_LOAD_REQUESTS", 20);
    let edits = env_number("GUIDEBOOK_LOAD_EDITS", 1) != 0;
    raise_open_file_limit();
    let dir = tempfile::tempdir().unwrap();
    let root = corpus(dir.path());
    let started = Instant::now();
    let srv = server::start(&root, &[]);
    eprintln!("server up in {:.1} s", started.elapsed().as_secs_f64());
    let pages = pages(&srv.addr);
    assert!(pages.len() >= 1000, "the sitemap lists {} pages", pages.len());

    // The page saved every 100 ms is asked for like any other, and more often.
    let (edited, edited_url) = page_to_edit(&root);
    assert_eq!(server::get(&srv.addr, &edited_url).status, 200, "{edited_url}");
    let mut targets = targets(&pages);
    for i in (0..targets.len()).step_by(50) {
        targets[i] = Target::new(&edited_url, Expect::Page);
    }

    let stop = Arc::new(AtomicBool::new(false));
    let log_before = srv.timed_log.lock().unwrap().len();
    let editor = edits.then(|| load::edit_every(edited, Duration::from_millis(100), Arc::clone(&stop)));
    let plan = Plan {
        connections,
        requests,
        targets,
        stream_every: 25,
        min_reloads: usize::from(edits),
        timeout: Duration::from_secs(60),
        deadline: Instant::now() + Duration::from_secs(600),
    };
    let run_started = Instant::now();
    let outcome = load::run(&srv.addr, plan);
    let run_took = run_started.elapsed();
    stop.store(true, Ordering::SeqCst);
    let saves = editor.map(|e| e.join().unwrap()).unwrap_or(0);
    if saves > 0 {
        let want = format!("Load edit {saves}.");
        let deadline = Instant::now() + Duration::from_secs(120);
        while !server::get(&srv.addr, &edited_url).text().contains(&want) {
            assert!(Instant::now() < deadline, "the last edit was never served");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    let last_edit_served = run_started.elapsed() - run_took;
    let log: Vec<(Instant, String)> = srv.timed_log.lock().unwrap()[log_before..].to_vec();
    let rebuilds = rebuilds(&log);

    let n = outcome.samples.len();
    println!(
        "serve_load: {} pages, {connections} connections x {requests} requests ({} event streams), {}",
        pages.len(),
        outcome.reloads.len(),
        if edits { "a page saved every 100 ms" } else { "no edits (control run)" }
    );
    println!(
        "requests: {n} answered, {} errors, in {:.2} s ({:.0} requests/s)",
        outcome.errors.len(),
        run_took.as_secs_f64(),
        n as f64 / run_took.as_secs_f64()
    );
    for e in outcome.errors.iter().take(10) {
        println!("  error: {e}");
    }
    println!(
        "latency: p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        outcome.quantile_ms(0.5),
        outcome.quantile_ms(0.9),
        outcome.quantile_ms(0.99),
        outcome.quantile_ms(1.0)
    );
    let (mut first, mut later): (Vec<Duration>, Vec<Duration>) = (Vec::new(), Vec::new());
    for s in &outcome.samples {
        if s.first {
            first.push(s.took())
        } else {
            later.push(s.took())
        }
    }
    println!(
        "first request of a connection (connecting included): p50 {:.1} ms, p99 {:.1} ms; the others: p50 {:.1} ms, p99 {:.1} ms",
        quantile_ms(&mut first, 0.5),
        quantile_ms(&mut first, 0.99),
        quantile_ms(&mut later, 0.5),
        quantile_ms(&mut later, 0.99)
    );
    let (rmin, rmax) = (outcome.reloads.iter().min().unwrap_or(&0), outcome.reloads.iter().max().unwrap_or(&0));
    println!("event streams: {} open through the run, {rmin} to {rmax} reloads seen each", outcome.reloads.len());
    let mut took: Vec<Duration> = rebuilds.iter().map(|r| r.took).collect();
    println!(
        "edits: {saves} saves; {} rebuilds, median {:.1} ms, max {:.1} ms; the last save served {:.2} s after the run",
        rebuilds.len(),
        quantile_ms(&mut took, 0.5),
        quantile_ms(&mut took, 1.0),
        last_edit_served.as_secs_f64()
    );
    let mut o = overlap(&outcome.samples, &rebuilds);
    println!(
        "requests overlapping a rebuild: {}, p50 {:.1} ms, p99 {:.1} ms; the others: {}, p50 {:.1} ms, p99 {:.1} ms",
        o.during.len(),
        quantile_ms(&mut o.during, 0.5),
        quantile_ms(&mut o.during, 0.99),
        o.outside.len(),
        quantile_ms(&mut o.outside, 0.5),
        quantile_ms(&mut o.outside, 0.99)
    );
    if let Some((req, rebuild)) = o.worst {
        println!(
            "longest request overlapping a rebuild: {:.1} ms (the longest rebuild it overlapped took {:.1} ms); \
             compare with the max of a control run (GUIDEBOOK_LOAD_EDITS=0)",
            ms(req),
            ms(rebuild)
        );
    }
    if std::env::var_os("GUIDEBOOK_LOAD_DEBUG").is_some() {
        debug_dump(&outcome, &log, run_started);
    }
}

/// The slowest requests and the server's log, placed in time (GUIDEBOOK_LOAD_DEBUG=1).
fn debug_dump(outcome: &load::Outcome, log: &[(Instant, String)], t0: Instant) {
    let mut slow: Vec<&load::Sample> = outcome.samples.iter().collect();
    slow.sort_by_key(|s| std::cmp::Reverse(s.took()));
    for s in slow.iter().take(20) {
        let (start, took, connect) = (ms(s.start - t0), ms(s.took()), ms(s.connect));
        println!("  slow: sent at {start:.0} ms, took {took:.1} ms (connecting {connect:.1} ms)");
    }
    for (at, line) in log {
        println!("  log at {:.0} ms: {line}", ms(*at - t0));
    }
}
