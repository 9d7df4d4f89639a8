//! Watches the site's sources with notify and turns bursts of file events into one change:
//! editors that save by rename or by truncate-and-write, and a `git checkout` that touches
//! hundreds of files, all end in a single rebuild.

use crate::discover::{is_ignored_name, is_markdown};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// Quiet time that ends a burst of events.
pub const QUIET: Duration = Duration::from_millis(25);
/// However busy the files are, a burst ends after this long.
const LONGEST_BURST: Duration = Duration::from_millis(500);
/// The folders of a site whose files are sources.
pub const SOURCE_DIRS: [&str; 5] = ["content", "themes", "locales", "templates", "static"];

/// What a burst of file events means for the site.
#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    /// Markdown pages that existed and still exist were edited.
    Pages(Vec<PathBuf>),
    /// Templates were edited: render everything again, without parsing.
    Templates,
    /// Fluent files were edited: of one locale, or of several (None).
    Strings(Option<String>),
    /// Static files were edited; `css_only` when all of them are stylesheets.
    Statics {
        /// Only `.css` files changed: browsers can swap styles without a reload.
        css_only: bool,
    },
    /// Anything else (pages added or removed, settings, strings): build everything again.
    Everything,
}

/// A notify watcher on the site's source folders and on the root (for site.toml).
pub struct Watcher {
    root: PathBuf,
    inner: RecommendedWatcher,
    rx: Receiver<notify::Result<notify::Event>>,
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Starts watching `root`.
    pub fn new(root: &Path) -> notify::Result<Self> {
        let (tx, rx) = channel();
        let inner = notify::recommended_watcher(move |e| {
            let _ = tx.send(e);
        })?;
        let mut w = Watcher { root: root.to_path_buf(), inner, rx, watched: BTreeSet::new() };
        w.inner.watch(root, RecursiveMode::NonRecursive)?;
        w.refresh();
        Ok(w)
    }

    /// Watches source folders that appeared since the last call (a new `templates/`, say).
    pub fn refresh(&mut self) {
        for dir in SOURCE_DIRS {
            let path = self.root.join(dir);
            if path.is_dir()
                && !self.watched.contains(&path)
                && self.inner.watch(&path, RecursiveMode::Recursive).is_ok()
            {
                self.watched.insert(path);
            }
        }
    }

    /// Waits for the next burst of events and returns the paths it touched (sorted, once each);
    /// `Some(None)` when nothing happens for `wait`; None when the watcher has stopped.
    pub fn next_burst_within(&self, wait: Option<Duration>) -> Option<Option<Vec<PathBuf>>> {
        let mut paths = BTreeSet::new();
        let first = match wait {
            None => self.rx.recv().ok()?,
            Some(w) => match self.rx.recv_timeout(w) {
                Ok(e) => e,
                Err(RecvTimeoutError::Timeout) => return Some(None),
                Err(RecvTimeoutError::Disconnected) => return None,
            },
        };
        let started = Instant::now();
        add(&mut paths, first);
        loop {
            let left = LONGEST_BURST.saturating_sub(started.elapsed());
            match self.rx.recv_timeout(QUIET.min(left)) {
                Ok(e) => add(&mut paths, e),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
            if left.is_zero() {
                break;
            }
        }
        Some(Some(paths.into_iter().collect()))
    }
}

fn add(paths: &mut BTreeSet<PathBuf>, event: notify::Result<notify::Event>) {
    match event {
        Ok(e) if !matches!(e.kind, notify::EventKind::Access(_)) => paths.extend(e.paths),
        Ok(_) => {}
        // An overflowed queue lost events: rebuilding everything is the safe answer.
        Err(_) => {
            paths.insert(PathBuf::from("site.toml"));
        }
    }
}

/// Classifies the paths of a burst. `is_page` says whether a path was a page of the last build.
pub fn classify(root: &Path, paths: &[PathBuf], is_page: &dyn Fn(&Path) -> bool) -> Option<Change> {
    let mut pages = Vec::new();
    let (mut templates, mut statics, mut css_only, mut everything) = (false, false, true, false);
    let mut string_locales = BTreeSet::new();
    for path in paths {
        let Ok(rel) = path.strip_prefix(root) else { continue };
        let name = rel.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        if is_ignored_name(&name) || parts.iter().any(|p| p.starts_with('.')) {
            continue; // editors' temporary files, hidden folders
        }
        if path.is_dir() {
            // A new or renamed folder can hold anything: read everything again.
            everything |= SOURCE_DIRS.iter().any(|d| parts.first().is_some_and(|t| t == d));
            continue;
        }
        let top = parts.first().map(String::as_str).unwrap_or("");
        let in_templates =
            top == "templates" || (top == "themes" && parts.get(2).map(String::as_str) == Some("templates"));
        let in_static = top == "static" || (top == "themes" && parts.get(2).map(String::as_str) == Some("static"));
        // locales/<locale>/x.ftl or themes/<theme>/locales/<locale>/x.ftl
        let ftl_locale = match (top, name.ends_with(".ftl")) {
            ("locales", true) if parts.len() == 3 => Some(parts[1].clone()),
            ("themes", true) if parts.len() == 5 && parts[2] == "locales" => Some(parts[3].clone()),
            _ => None,
        };
        match top {
            "site.toml" => everything = true,
            _ if ftl_locale.is_some() => {
                string_locales.extend(ftl_locale);
            }
            "content"
                if is_markdown(&name)
                    && path.is_file()
                    && is_page(path)
                    && !parts.iter().any(|p| p.eq_ignore_ascii_case("includes")) =>
            {
                pages.push(path.clone())
            }
            "content" | "locales" => everything = true,
            _ if in_templates => templates = true,
            _ if in_static => {
                statics = true;
                css_only &= name.ends_with(".css");
            }
            "themes" => everything = true,
            _ => {}
        }
    }
    if everything {
        Some(Change::Everything)
    } else if templates {
        Some(Change::Templates)
    } else if !string_locales.is_empty() {
        let one = (string_locales.len() == 1).then(|| string_locales.into_iter().next()).flatten();
        Some(Change::Strings(one))
    } else if statics {
        Some(Change::Statics { css_only })
    } else if !pages.is_empty() {
        Some(Change::Pages(pages))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bursts_are_classified_by_what_they_touch() {
        let root = Path::new("/site");
        let yes = |_: &Path| true;
        let p = |s: &str| PathBuf::from(format!("/site/{s}"));
        assert_eq!(classify(root, &[p("templates/page.html")], &yes), Some(Change::Templates));
        assert_eq!(
            classify(root, &[p("themes/default/static/style.css")], &yes),
            Some(Change::Statics { css_only: true })
        );
        assert_eq!(classify(root, &[p("site.toml"), p("templates/x.html")], &yes), Some(Change::Everything));
        assert_eq!(classify(root, &[p("locales/ko-kr/a.ftl")], &yes), Some(Change::Strings(Some("ko-kr".into()))));
        assert_eq!(
            classify(root, &[p("themes/default/locales/ko-kr/theme.ftl"), p("locales/ar/x.ftl")], &yes),
            Some(Change::Strings(None))
        );
        assert_eq!(classify(root, &[p("locales/ko-kr/notes.txt")], &yes), Some(Change::Everything));
        assert_eq!(classify(root, &[p("content/en-us/.page.md.swp"), p("content/en-us/page.md~")], &yes), None);
        assert_eq!(classify(root, &[p("public/index.html"), p("target/x")], &yes), None);
        // A page that is not on disk (deleted, or a rename's old name): everything.
        assert_eq!(classify(root, &[p("content/en-us/gone.md")], &yes), Some(Change::Everything));
    }
}
