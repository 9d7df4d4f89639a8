//! The `guidebook` command line.

use clap::{Args, Parser, Subcommand};
use guidebook::build::{self, BuildOptions, Summary};
use guidebook::commands::report::{self, Format};
use guidebook::commands::warning_summary;
use guidebook::config::BrokenLinks;
use guidebook::diagnostics::{error_count, Diagnostic};
use std::path::PathBuf;
use std::process::ExitCode;

/// glibc's allocator spent a seventh of a large build in `malloc` under two threads; mimalloc
/// halves that (see bench/compare_hugo.py).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "guidebook", version, about = "Build multilingual documentation sites from markdown")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Options every command that reads a site takes.
#[derive(Args)]
struct SiteArgs {
    /// The site root (holding site.toml and content/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Replace site.toml's base_url (for preview deployments).
    #[arg(long)]
    base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// What a broken link is: an error (default) or a warning (same as `[links] broken`).
    #[arg(long, value_name = "error|warn")]
    broken_links: Option<BrokenLinks>,
    /// Print how long each phase took.
    #[arg(long)]
    timings: bool,
    /// Also check that external http(s) links still answer (politely, a few hosts at a time).
    #[arg(long)]
    external: bool,
    /// Keep stylesheet and script names as they are, as `serve` does (no content hashes).
    #[arg(long)]
    no_asset_hashes: bool,
    /// Print only problems: no progress display, no summary line.
    #[arg(long, short)]
    quiet: bool,
    /// Print every warning; `build` otherwise prints the first few of each code and counts the
    /// rest (`check` always lists them all).
    #[arg(long)]
    verbose: bool,
}

impl SiteArgs {
    fn options(&self, out: Option<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            out,
            drafts: self.drafts,
            base_url: self.base_url.clone(),
            broken_links: self.broken_links,
            external: self.external,
            plain_asset_names: self.no_asset_hashes,
            progress: None,
            shard: None,
            all_warnings: self.verbose,
        }
    }
}

/// `build` flags that make it build one shard of the site.
#[derive(Args)]
struct ShardArgs {
    /// Build only this locale's pages (repeatable; all when absent). Needs --index.
    #[arg(long = "locale", value_name = "L")]
    locales: Vec<String>,
    /// Build only this version's pages (repeatable; all when absent). Needs --index.
    #[arg(long = "version", value_name = "V")]
    versions: Vec<String>,
    /// The index file (`guidebook index export`) that tells a shard about the other pages.
    #[arg(long, value_name = "FILE")]
    index: Option<PathBuf>,
}

impl ShardArgs {
    /// The shard asked for, None for a whole build; Err for flags that do not go together.
    fn request(self) -> Result<Option<guidebook::commands::shard::Request>, String> {
        match (self.locales.is_empty() && self.versions.is_empty(), self.index) {
            (true, None) => Ok(None),
            (false, Some(index)) => {
                Ok(Some(guidebook::commands::shard::Request { locales: self.locales, versions: self.versions, index }))
            }
            (false, None) => Err("--locale and --version build a shard, which needs --index FILE \
                (write it first with `guidebook index export --root ROOT --out FILE`)"
                .into()),
            (true, Some(_)) => Err("--index is for sharded builds: add --locale L and/or --version V".into()),
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into an output folder (replaced atomically).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// The output folder [default: ROOT/public].
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        shard: ShardArgs,
    },
    /// The site's page index, for sharded builds.
    #[command(subcommand)]
    Index(IndexCommand),
    /// Join the output folders of sharded builds into one site (replaced atomically).
    Merge {
        /// The site root (holding site.toml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The output folder [default: ROOT/public].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace site.toml's base_url (as the shards were built).
        #[arg(long)]
        base_url: Option<String>,
        /// Keep stylesheet and script names as they are (as the shards were built).
        #[arg(long)]
        no_asset_hashes: bool,
        /// The shards' output folders.
        #[arg(required = true, value_name = "SHARD_DIR")]
        shards: Vec<PathBuf>,
    },
    /// Build into memory, serve on localhost, rebuild on every change and reload the browser.
    Serve {
        /// The site root (holding site.toml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on. Keep 127.0.0.1 unless others must see the preview.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// What a broken link is: an error (default) or a warning (same as `[links] broken`).
        #[arg(long, value_name = "error|warn")]
        broken_links: Option<BrokenLinks>,
        /// Print every warning, not the first few of each code.
        #[arg(long)]
        verbose: bool,
        /// Seconds a client may take to send a request head, or stay idle between requests
        /// (default 10). Hidden: it exists so tests need not wait ten seconds for a timeout.
        #[arg(long, hide = true, value_name = "SECS", value_parser = parse_seconds)]
        client_timeout: Option<std::time::Duration>,
    },
    /// Check front matter, links, anchors, includes and onboarding without writing anything.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// How to print the problems found.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Fail on warnings too (fallback links, letter case, ...).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Translation status and bookkeeping.
    #[command(subcommand)]
    I18n(I18nCommand),
    /// Create a new site with the built-in theme.
    Init {
        /// Where to create it (with --from-docfx: the DocFX repository's root).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Write only a site.toml for an existing DocFX repository, from its docfx.json.
        #[arg(long)]
        from_docfx: bool,
    },
}

#[derive(Subcommand)]
enum IndexCommand {
    /// Write every page's locale, path, URL, title, anchors, uid and draft flag as JSON.
    Export {
        /// The site root.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The file to write.
        #[arg(long, default_value = "index.json")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum I18nCommand {
    /// Per locale: pages translated, missing, outdated, of unknown age, machine translated.
    Status {
        /// The site root.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Only this locale.
        #[arg(long)]
        locale: Option<String>,
        /// text, json, or html (a page to publish).
        #[arg(long, value_enum, default_value = "text")]
        format: StatusFormat,
        /// Exit 1 when a locale has less than this percentage of pages translated.
        #[arg(long, value_name = "PCT")]
        fail_under: Option<f64>,
    },
    /// Record that translations are current with their sources (writes `source_hash`).
    Stamp {
        /// The site root.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Translated pages, e.g. content/ko-kr/guide/setup.md.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum StatusFormat {
    Text,
    Json,
    Html,
}

fn i18n(command: I18nCommand) -> ExitCode {
    match command {
        I18nCommand::Status { root, locale, format, fail_under } => {
            let config = match guidebook::config::load(&root) {
                Ok(c) => c,
                Err(d) => return fail(&d),
            };
            if let Some(l) = &locale {
                if config.locale(l).is_none() {
                    eprintln!("error: {l} is not a locale of this site");
                    return ExitCode::from(2);
                }
            }
            let report = match guidebook::i18n::status::status(&config, locale.as_deref()) {
                Ok(r) => r,
                Err(d) => return fail(&d),
            };
            match format {
                StatusFormat::Text => print!("{}", guidebook::i18n::status::text(&report)),
                StatusFormat::Json => println!("{}", serde_json::to_string_pretty(&report).expect("plain data")),
                StatusFormat::Html => print!("{}", guidebook::i18n::status::html(&report, &config.title)),
            }
            let below = fail_under.is_some_and(|pct| report.iter().any(|l| l.percent < pct));
            if below {
                eprintln!("translation coverage is under {}%", fail_under.unwrap_or_default());
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        I18nCommand::Stamp { root, paths } => {
            let config = match guidebook::config::load(&root) {
                Ok(c) => c,
                Err(d) => return fail(&d),
            };
            let mut errors = Vec::new();
            for path in &paths {
                match guidebook::i18n::translation::stamp(&config, path) {
                    Ok(hash) => println!("stamped {} with source_hash {hash}", path.display()),
                    Err(d) => errors.push(d),
                }
            }
            if errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                fail(&errors)
            }
        }
    }
}

/// A positive number of seconds (fractions allowed), for `serve --client-timeout`.
fn parse_seconds(text: &str) -> Result<std::time::Duration, String> {
    match text.parse::<f64>() {
        Ok(secs) if secs > 0.0 && secs.is_finite() => Ok(std::time::Duration::from_secs_f64(secs)),
        _ => Err(format!("{text:?} is not a positive number of seconds")),
    }
}

fn fail(diags: &[Diagnostic]) -> ExitCode {
    print_text(diags);
    ExitCode::from(1)
}

fn print_text(diags: &[Diagnostic]) {
    eprint!("{}", report::format(diags, Format::Text));
}

fn print_timings(summary: &Summary, wanted: bool) {
    if wanted {
        for (phase, took) in &summary.timings {
            eprintln!("{:>10.1} ms  {phase}", took.as_secs_f64() * 1000.0);
        }
    }
}

/// "14 pages (en-us 7, ko-kr 7)", with the stand-ins for untranslated pages after.
fn per_locale(summary: &Summary) -> String {
    let total: usize = summary.pages.iter().map(|(_, n)| n).sum();
    let list: Vec<String> = summary.pages.iter().map(|(l, n)| format!("{l} {n}")).collect();
    let mut text = format!("{total} pages ({})", list.join(", "));
    if summary.stand_ins > 0 {
        text.push_str(&format!(" + {} untranslated stand-ins", summary.stand_ins));
    }
    text
}

/// Huge pages off before the first allocation, which is the Rust runtime's own, before `main`:
/// mimalloc sets up its first arena then, and with huge pages its bookkeeping faulted in (and
/// zeroed) whole 2 MiB pages on the main thread, 0-40 ms before any work began (perf, four
/// builds). Every command wants them off (see memory::without_huge_pages); `build`, `check`
/// and `serve` turn them off again for library callers. A function in `.init_array` runs before
/// the runtime starts; it must not allocate or panic, and `prctl` does neither.
#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static HUGE_PAGES_OFF_AT_START: extern "C" fn() = {
    extern "C" fn huge_pages_off() {
        guidebook::memory::without_huge_pages();
    }
    huge_pages_off
};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { site, out, shard } => {
            guidebook::memory::for_one_shot_build();
            let mut opts = site.options(out.clone());
            match shard.request() {
                Ok(request) => opts.shard = request,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            }
            let progress = guidebook::commands::progress::Progress::start(site.quiet);
            opts.progress = progress.reporter();
            let result = build::build(&opts);
            progress.finish();
            match result {
                Ok(summary) if site.quiet => {
                    eprint!("{}", warning_summary::format(&summary.warnings, site.verbose));
                    ExitCode::SUCCESS
                }
                Ok(summary) => {
                    eprint!("{}", warning_summary::format(&summary.warnings, site.verbose));
                    print_timings(&summary, site.timings);
                    let pages = per_locale(&summary);
                    let out = out.unwrap_or_else(|| site.root.join("public"));
                    println!(
                        "built {pages} into {} in {:.2} s, {} warning(s)",
                        out.display(),
                        summary.elapsed.as_secs_f64(),
                        summary.warnings.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print_text(&diags);
                    eprintln!("build failed: {} error(s); the output folder was not changed", error_count(&diags));
                    ExitCode::from(1)
                }
            }
        }
        Command::Check { site, format, deny_warnings } => {
            guidebook::memory::for_one_shot_build();
            let mut opts = site.options(None);
            let progress = guidebook::commands::progress::Progress::start(site.quiet || format != Format::Text);
            opts.progress = progress.reporter();
            let checked = build::check(&opts);
            progress.finish();
            let (diags, summary) = match checked {
                Ok(summary) => (summary.warnings.clone(), Some(summary)),
                Err(diags) => (diags, None),
            };
            let errors = error_count(&diags);
            let warnings = diags.len() - errors;
            match format {
                Format::Text => print_text(&diags),
                other => print!("{}", report::format(&diags, other)),
            }
            if let Some(s) = &summary {
                print_timings(s, site.timings);
            }
            let failed = errors > 0 || (deny_warnings && warnings > 0);
            if format == Format::Text && (failed || !site.quiet) {
                let verdict = if failed { "check failed" } else { "check passed" };
                match &summary {
                    Some(s) => eprintln!("{verdict}: {}, {errors} error(s), {warnings} warning(s)", per_locale(s)),
                    None => eprintln!("{verdict}: {errors} error(s), {warnings} warning(s)"),
                }
            }
            if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::I18n(command) => i18n(command),
        Command::Index(IndexCommand::Export { root, out }) => {
            let index = match guidebook::commands::shard::index::export(&root) {
                Ok(i) => i,
                Err(d) => return fail(&d),
            };
            if let Err(d) = guidebook::commands::shard::index::write(&index, &out) {
                return fail(&[d]);
            }
            println!("wrote {} pages into {}", index.pages.len(), out.display());
            ExitCode::SUCCESS
        }
        Command::Merge { root, out, base_url, no_asset_hashes, shards } => {
            let opts = BuildOptions {
                root: root.clone(),
                out: out.clone(),
                base_url,
                plain_asset_names: no_asset_hashes,
                ..BuildOptions::default()
            };
            match guidebook::commands::shard::merge::merge(&opts, &shards) {
                Ok(s) => {
                    let out = out.unwrap_or_else(|| root.join("public"));
                    println!(
                        "merged {} shards ({} pages, {} files) into {} in {:.2} s",
                        s.shards,
                        s.pages,
                        s.files,
                        out.display(),
                        s.elapsed.as_secs_f64()
                    );
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    print_text(&d);
                    eprintln!("merge failed: {} error(s); the output folder was not changed", error_count(&d));
                    ExitCode::from(1)
                }
            }
        }
        Command::Serve { root, port, bind, open, drafts, broken_links, verbose, client_timeout } => {
            let site = BuildOptions { root, drafts, broken_links, all_warnings: verbose, ..BuildOptions::default() };
            let mut limits = guidebook::commands::serve::ServerLimits::default();
            if let Some(t) = client_timeout {
                (limits.head_timeout, limits.idle_timeout) = (t, t);
            }
            match guidebook::commands::serve::serve(guidebook::commands::serve::ServeOptions {
                site,
                bind,
                port,
                open,
                limits,
            }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Init { dir, from_docfx: true } => match guidebook::docfx::init::init_from_docfx(&dir) {
            Ok(docfx) => {
                println!(
                    "wrote {} from {docfx}; review it, then run `guidebook build --root {}`",
                    dir.join("site.toml").display(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(d) => fail(&[d]),
        },
        Command::Init { dir, from_docfx: false } => match guidebook::commands::init::init(&dir) {
            Ok(()) => {
                println!("created a new site in {}; run `guidebook serve --root {}`", dir.display(), dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
    }
}
