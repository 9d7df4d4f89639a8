//! The preview's state, owned by the watching thread: the workspace of the last good build, the
//! files it serves, and what a failed change left. A change goes to the workspace in place when
//! it can and to a full build when it cannot; what it comes to is told to open pages as an event.

use super::events::Event;
use super::files::{File, MemorySink, Snapshot};
use super::fingerprint::Fingerprint;
use super::{search_pages, unbuilt};
use crate::commands::report::{self, Format};
use crate::diagnostics::{self, Diagnostic};
use crate::markdown::highlight::Highlighter;
use crate::options::{load_config, BuildOptions};
use crate::workspace::{Change, Failure, InPlace, Outcome, Timings, Workspace};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// Where the preview stands.
enum State {
    /// Before the first build.
    Unbuilt,
    /// Every change so far applied: the next one goes to this workspace in place.
    Built(Workspace),
    /// The last build or change failed: pages show `errors` over the last good site, whose
    /// workspace `last_good` is (none before a first good build). Only the change `retry` allows
    /// goes to it in place; any other builds everything.
    Failed {
        /// The errors as browsers are shown them.
        errors: String,
        last_good: Option<Workspace>,
        retry: InPlace,
    },
}

/// What one change came to: what open pages are told (nothing when they show what they did
/// already) and the line the terminal is shown.
pub struct Applied {
    /// The event for open pages.
    pub event: Option<Event>,
    /// What happened, and how long it took.
    pub message: String,
}

/// The site `serve` previews, rebuilt as its sources change.
pub struct Preview {
    opts: BuildOptions,
    highlighter: Arc<Highlighter>,
    state: State,
    files: HashMap<Arc<str>, Arc<File>>,
    build_id: u64,
    /// The sources as they were when the last full build began.
    sources: Option<Fingerprint>,
    /// The files of the last full build's pages, to tell page edits from other changes (a new
    /// or deleted page is another change, which a full build follows).
    page_files: HashSet<PathBuf>,
}

fn text_of(diags: &[Diagnostic]) -> String {
    report::format(diags, Format::Text)
}

fn print_warnings(diags: &[Diagnostic], all: bool) {
    eprint!("{}", crate::commands::warning_summary::format(diags, all));
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

impl Preview {
    /// Builds the site a first time; gives the preview and the pages built, or the errors' text
    /// (the preview then serves the errors until a change fixes them).
    pub fn start(opts: BuildOptions, build_id: u64) -> (Preview, Result<usize, String>) {
        let mut preview = Preview {
            opts,
            highlighter: Arc::new(Highlighter::default()),
            state: State::Unbuilt,
            files: HashMap::new(),
            build_id,
            sources: None,
            page_files: HashSet::new(),
        };
        let built = preview.build_everything().map_err(|d| {
            let text = text_of(&d);
            preview.fail(&text, InPlace::Nothing);
            text
        });
        (preview, built)
    }

    /// The site as it now is, for the server threads.
    pub fn snapshot(&mut self) -> Snapshot {
        self.build_id += 1;
        // Messages name files relative to the site root; a few name the root's own path.
        let error = match &self.state {
            State::Failed { errors, .. } => Some(unbuilt::relative_to_root(errors, &self.opts.root)),
            State::Unbuilt | State::Built(_) => None,
        };
        Snapshot { files: self.files.clone(), build_id: self.build_id, error }
    }

    /// Whether `path` is the file of a page of the last full build.
    pub fn is_page(&self, path: &Path) -> bool {
        self.page_files.contains(path)
    }

    /// Whether the sources differ from what the last full build began with (after lost events).
    pub fn sources_changed(&self) -> bool {
        self.sources.as_ref().is_none_or(|before| *before != Fingerprint::of(&self.opts.root))
    }

    /// Whether page edits have left the search index behind.
    pub fn search_stale(&self) -> bool {
        self.last_good().is_some_and(Workspace::search_stale)
    }

    /// Applies one change: in place when the workspace can take it, else by a full build.
    pub fn apply(&mut self, change: Change) -> Applied {
        let started = Instant::now();
        let was_failed = matches!(self.state, State::Failed { .. });
        let sink = MemorySink::default();
        let outcome = match self.workspace_for(&change) {
            Some(ws) => ws.apply(change, &sink),
            // After a failed build, or a failed edit of something else, only a full build knows.
            None => Ok(Outcome::NeedsFullBuild { edited: None }),
        };
        let result = outcome.and_then(|outcome| self.conclude(outcome, sink, was_failed));
        match result {
            Ok((event, what)) => Applied { event, message: format!("{what} in {:.1} ms", ms(started)) },
            Err(Failure { diagnostics, retry }) => {
                let text = text_of(&diagnostics);
                let errors = self.fail(&text, retry);
                let message = format!("{text}build failed in {:.1} ms; still serving the last good site", ms(started));
                Applied { event: Some(Event::Errors(errors)), message }
            }
        }
    }

    /// Writes the search index again if page edits left it behind. Returns what to print and
    /// the search pages whose index changed.
    pub fn refresh_search(&mut self) -> Option<(String, Vec<String>)> {
        let started = Instant::now();
        let ws = match &mut self.state {
            State::Built(ws) | State::Failed { last_good: Some(ws), .. } => ws,
            State::Unbuilt | State::Failed { last_good: None, .. } => return None,
        };
        let sink = MemorySink::default();
        if !ws.refresh_search(&sink) {
            return None;
        }
        let fresh = sink.into_files();
        let pages = search_pages::to_reload(&ws.site.config, &self.files, &fresh);
        self.files.extend(fresh);
        Some((format!("updated the search index in {:.1} ms", ms(started)), pages))
    }

    /// Takes what an outcome made (or builds everything, when that is what it needs) and says
    /// what to tell open pages and the terminal.
    fn conclude(
        &mut self,
        outcome: Outcome,
        sink: MemorySink,
        was_failed: bool,
    ) -> Result<(Option<Event>, String), Failure> {
        let (event, what) = match outcome {
            Outcome::NeedsFullBuild { edited } => {
                let n = self.build_everything().map_err(Failure::needs_full_build)?;
                let edited = edited.map(|e| format!(", {e} edited")).unwrap_or_default();
                return Ok((Some(Event::Reload), format!("rebuilt everything ({n} pages{edited})")));
            }
            Outcome::PagesRendered { rendered, warnings } => {
                print_warnings(&warnings, self.opts.all_warnings);
                (Some(Event::Reload), format!("re-rendered {rendered} page(s)"))
            }
            Outcome::TemplatesRendered { rendered, of, changed } => {
                // Nothing rendered and no error to clear: open pages show what they did.
                let event = (rendered > 0 || was_failed).then_some(Event::Reload);
                (event, format!("re-rendered {rendered} of {of} pages (templates changed: {})", names(&changed)))
            }
            Outcome::StringsReloaded { rendered, locale } => {
                let which = locale.map(|l| format!("{l} strings")).unwrap_or_else(|| "UI strings".into());
                (Some(Event::Reload), format!("re-rendered {rendered} page(s) ({which} changed)"))
            }
            Outcome::StaticsCopied { css_only: true } => (Some(Event::Styles), "reloaded styles".to_string()),
            Outcome::StaticsCopied { css_only: false } => (Some(Event::Reload), "copied static files".to_string()),
        };
        self.files.extend(sink.into_files());
        self.settle();
        Ok((event, what))
    }

    /// The workspace `change` goes to in place: the built one, or after a failure the last good
    /// one when the change makes the failed edit again.
    fn workspace_for(&mut self, change: &Change) -> Option<&mut Workspace> {
        match &mut self.state {
            State::Built(ws) => Some(ws),
            State::Failed { last_good: Some(ws), retry, .. } if retry.allows(change) => Some(ws),
            State::Unbuilt | State::Failed { .. } => None,
        }
    }

    fn last_good(&self) -> Option<&Workspace> {
        match &self.state {
            State::Built(ws) | State::Failed { last_good: Some(ws), .. } => Some(ws),
            State::Unbuilt | State::Failed { last_good: None, .. } => None,
        }
    }

    /// A change applied in place: the errors it fixed are gone.
    fn settle(&mut self) {
        self.state = match std::mem::replace(&mut self.state, State::Unbuilt) {
            State::Failed { last_good: Some(ws), .. } => State::Built(ws),
            state => state,
        };
    }

    /// Records a failure; the last good site stays served. Gives the errors as browsers see them.
    fn fail(&mut self, text: &str, retry: InPlace) -> String {
        let errors = self.for_browsers(text);
        let last_good = match std::mem::replace(&mut self.state, State::Unbuilt) {
            State::Built(ws) => Some(ws),
            State::Failed { last_good, .. } => last_good,
            State::Unbuilt => None,
        };
        self.state = State::Failed { errors: errors.clone(), last_good, retry };
        errors
    }

    /// The errors as browsers are shown them: paths relative to the site root, so a page (which
    /// anyone on the network may read with --bind) tells nothing of the machine's folders.
    fn for_browsers(&self, text: &str) -> String {
        let root = self.opts.root.to_string_lossy();
        text.replace(&format!("{root}/"), "").replace(root.as_ref(), ".")
    }

    /// Builds everything; on failure keeps the last good files and workspace.
    fn build_everything(&mut self) -> Result<usize, Vec<Diagnostic>> {
        // Taken before reading: a change made while the build runs shows as a difference.
        self.sources = Some(Fingerprint::of(&self.opts.root));
        let config = load_config(&self.opts)?;
        let switches = self.opts.switches();
        let (ws, mut diags) =
            Workspace::prepare(config, &switches, Arc::clone(&self.highlighter), &mut Timings::start())?;
        let sink = MemorySink::default();
        diags.extend(ws.write_all(&sink));
        if diagnostics::error_count(&diags) > 0 {
            return Err(diags);
        }
        print_warnings(&diags, self.opts.all_warnings);
        self.files = sink.into_files();
        let pages = ws.site.pages.len();
        self.page_files = ws.sources.pages.iter().map(|f| f.abs_path.clone()).collect();
        self.state = State::Built(ws);
        Ok(pages)
    }
}

/// The first three names, and how many more.
fn names(changed: &[String]) -> String {
    let first: Vec<&str> = changed.iter().map(String::as_str).take(3).collect();
    let more = if changed.len() > 3 { format!(" and {} more", changed.len() - 3) } else { String::new() };
    if first.is_empty() {
        "none".to_string()
    } else {
        first.join(", ") + &more
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BAD: &str = "---\ntitle: [unclosed\n---\nBody.\n";

    /// A two-page site, and a preview of it.
    fn preview() -> (tempfile::TempDir, Preview, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content/en-us");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(content.join("a.md"), "---\ntitle: A\n---\nSee [B](./b.md).\n").unwrap();
        std::fs::write(content.join("b.md"), "---\ntitle: B\n---\nBody.\n").unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        let opts = BuildOptions { root: root.clone(), plain_asset_names: true, ..Default::default() };
        let (preview, built) = Preview::start(opts, 1);
        assert!(built.is_ok(), "{built:?}");
        (dir, preview, root.join("content/en-us/b.md"))
    }

    fn edit(preview: &mut Preview, page: &Path, text: &str) -> Applied {
        std::fs::write(page, text).unwrap();
        preview.apply(Change::Pages(vec![page.to_path_buf()]))
    }

    #[test]
    fn a_failed_page_edit_made_again_goes_to_the_last_good_workspace_in_place() {
        let (_dir, mut preview, b) = preview();
        let failed = edit(&mut preview, &b, BAD);
        assert!(matches!(failed.event, Some(Event::Errors(_))), "{}", failed.message);
        assert!(matches!(&preview.state, State::Failed { last_good: Some(_), retry: InPlace::Page(p), .. } if *p == b));
        assert!(preview.snapshot().error.is_some(), "the errors are shown over the last good site");

        let fixed = edit(&mut preview, &b, "---\ntitle: B again\n---\nBody.\n");
        assert_eq!(fixed.event, Some(Event::Reload));
        assert!(fixed.message.starts_with("re-rendered "), "in place: {}", fixed.message);
        assert!(matches!(preview.state, State::Built(_)));
        assert!(preview.snapshot().error.is_none());
        assert!(preview.search_stale(), "the edit is not in the search index yet");
        assert!(preview.refresh_search().is_some());
        assert!(!preview.search_stale());
    }

    #[test]
    fn after_a_failed_edit_another_change_builds_everything_until_one_succeeds() {
        let (_dir, mut preview, b) = preview();
        edit(&mut preview, &b, BAD);
        // The templates are fine, but the workspace does not hold the broken page: build it all.
        let other = preview.apply(Change::Templates);
        assert!(other.message.contains("build failed"), "{}", other.message);
        assert!(matches!(preview.state, State::Failed { retry: InPlace::Nothing, .. }));

        let fixed = edit(&mut preview, &b, "---\ntitle: B\n---\nBody.\n");
        assert!(fixed.message.starts_with("rebuilt everything (2 pages)"), "{}", fixed.message);
        assert!(matches!(preview.state, State::Built(_)));
        let again = edit(&mut preview, &b, "---\ntitle: B\n---\nMore body.\n");
        assert!(again.message.starts_with("re-rendered 1 page(s)"), "{}", again.message);
    }
}
