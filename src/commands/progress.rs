//! The progress display of `build` and `check`: a spinner naming the phase, on a terminal
//! only, and only once a build has run for a second (short builds stay quiet).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Duration;

/// A progress display that may never show.
pub struct Progress {
    bar: Option<ProgressBar>,
}

/// How long a build runs before the progress display appears.
fn delay() -> Duration {
    // Tests set this to show the bar at once (it still needs a terminal).
    let ms = std::env::var("GUIDEBOOK_PROGRESS_AFTER_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
    Duration::from_millis(ms)
}

impl Progress {
    /// A display on stderr when it is a terminal and `quiet` is off; none otherwise.
    pub fn start(quiet: bool) -> Progress {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message("reading the site");
        let shown = bar.clone();
        let wait = delay();
        std::thread::spawn(move || {
            std::thread::sleep(wait);
            if !shown.is_finished() {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Progress { bar: Some(bar) }
    }

    /// What to tell about each finished phase.
    pub fn reporter(&self) -> Option<crate::options::PhaseReporter> {
        let bar = self.bar.clone()?;
        Some(Arc::new(move |phase: &'static str| bar.set_message(format!("{phase} done"))))
    }

    /// Removes the display before the summary is printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
