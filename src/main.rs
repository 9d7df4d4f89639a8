//! The `guidebook` command line.

use clap::{Parser, Subcommand};
use guidebook::build::{self, BuildOptions};
use guidebook::diagnostics::Diagnostic;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "guidebook", version, about = "Build multilingual documentation sites from markdown")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into an output folder (replaced atomically).
    Build {
        /// The site root (holding site.toml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The output folder [default: ROOT/public].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace site.toml's base_url (for preview deployments).
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Print how long each phase of the build took.
        #[arg(long)]
        timings: bool,
    },
    /// Create a new site with the built-in theme.
    Init {
        /// Where to create it.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

fn print(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { root, out, base_url, drafts, timings } => {
            let opts = BuildOptions { root: root.clone(), out: out.clone(), drafts, base_url };
            match build::build(&opts) {
                Ok(summary) => {
                    print(&summary.warnings);
                    if timings {
                        for (phase, took) in &summary.timings {
                            eprintln!("{:>10.1} ms  {phase}", took.as_secs_f64() * 1000.0);
                        }
                    }
                    let per_locale: Vec<String> = summary.pages.iter().map(|(l, n)| format!("{l} {n}")).collect();
                    let total: usize = summary.pages.iter().map(|(_, n)| n).sum();
                    let out = out.unwrap_or_else(|| root.join("public"));
                    println!(
                        "built {total} pages ({}) into {} in {:.2} s, {} warning(s)",
                        per_locale.join(", "),
                        out.display(),
                        summary.elapsed.as_secs_f64(),
                        summary.warnings.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print(&diags);
                    let errors = guidebook::diagnostics::error_count(&diags);
                    eprintln!("build failed: {errors} error(s); the output folder was not changed");
                    ExitCode::from(1)
                }
            }
        }
        Command::Init { dir } => match guidebook::init::init(&dir) {
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
