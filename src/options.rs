//! What a build, check or preview was asked to do: the options every step reads. Kept apart
//! from `build` (the command) so the steps (`workspace`, `serve`, `shard`) depend on the options
//! and not on the command that runs them.

use crate::config::{self, Config};
use crate::diagnostics::Diagnostic;
use std::path::PathBuf;

/// Called with the name of each phase as it ends (for a progress display).
pub type PhaseReporter = std::sync::Arc<dyn Fn(&'static str) + Send + Sync>;

/// What `guidebook build` was asked to do.
#[derive(Clone, Default)]
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
    /// Keep stylesheet and script names as they are (the preview server swaps them live).
    pub plain_asset_names: bool,
    /// Told about each phase as it ends (the command line's progress bar).
    pub progress: Option<PhaseReporter>,
    /// Build one shard of the site (`--locale`, `--version`, `--index`).
    pub shard: Option<crate::commands::shard::Request>,
    /// Print every warning, not the first few of each code (`build` and `serve`).
    pub all_warnings: bool,
}

/// The switches that change what a build makes of the sources (which pages, which checks), apart
/// from where it writes and how it reports: all that `workspace` reads of the command line.
#[derive(Debug, Clone, Default)]
pub struct Switches {
    /// Include pages with `draft: true`.
    pub drafts: bool,
    /// Also ask external http(s) links whether they still answer.
    pub external: bool,
    /// Build one shard of the site.
    pub shard: Option<crate::commands::shard::Request>,
    /// How page bodies wait between parse and write: compressed unless the command frees them
    /// before its peak (`page_body`).
    pub bodies: crate::page_body::Keeping,
}

impl BuildOptions {
    /// The switches a workspace is prepared with.
    pub fn switches(&self) -> Switches {
        Switches {
            drafts: self.drafts,
            external: self.external,
            shard: self.shard.clone(),
            bodies: crate::page_body::Keeping::default(),
        }
    }
}

impl std::fmt::Debug for BuildOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BuildOptions")
            .field("root", &self.root)
            .field("out", &self.out)
            .field("drafts", &self.drafts)
            .finish_non_exhaustive()
    }
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
    config.hash_assets = !opts.plain_asset_names;
    Ok(config)
}
