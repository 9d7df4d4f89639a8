//! Watches the site's sources with notify and turns bursts of file events into one change:
//! editors that save by rename or by truncate-and-write, and a `git checkout` that touches
//! hundreds of files, all end in a single rebuild.

use crate::config::SOURCE_DIRS;
use crate::discover::{is_ignored_name, is_markdown};
use crate::workspace::Change;
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// Quiet time that ends a burst of events.
pub const QUIET: Duration = Duration::from_millis(25);
/// However busy the files are, a burst ends after this long.
const LONGEST_BURST: Duration = Duration::from_millis(500);

/// A notify watcher on the site's source folders and on the root (for site.toml).
pub struct Watcher {
    root: PathBuf,
    inner: RecommendedWatcher,
    rx: Receiver<notify::Result<notify::Event>>,
    /// The folders watched, with the identity of the folder each path named when watching began.
    watched: BTreeMap<PathBuf, FolderId>,
}

/// What a burst of file events touched.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Burst {
    /// The paths, sorted, once each.
    pub paths: Vec<PathBuf>,
    /// Events were lost (the system's queue overflowed, or notify failed): the paths are not
    /// the whole story, and only reading everything again is safe.
    pub lost: bool,
}

/// Which folder a path names: a folder deleted and created again (`rm -r content` and a
/// restore, a `git checkout` that replaces it) is another folder at the same path, and a watch
/// on the old one sees nothing of the new.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FolderId(u64, u64);

fn folder_id(path: &Path) -> Option<FolderId> {
    let meta = std::fs::metadata(path).ok().filter(|m| m.is_dir())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(FolderId(meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Some(FolderId(0, 0))
    }
}

impl Watcher {
    /// Starts watching `root`.
    pub fn new(root: &Path) -> notify::Result<Self> {
        let (tx, rx) = channel();
        // notify follows symlinks by default: a link to `/` in content/ would be walked and
        // watched whole. Links are judged by `crate::discover::symlinks` instead (see `refresh`).
        let config = notify::Config::default().with_follow_symlinks(false);
        let inner = RecommendedWatcher::new(
            move |e| {
                let _ = tx.send(e);
            },
            config,
        )?;
        let mut w = Watcher { root: root.to_path_buf(), inner, rx, watched: BTreeMap::new() };
        w.inner.watch(root, RecursiveMode::NonRecursive)?;
        w.refresh(false);
        Ok(w)
    }

    /// Watches the source folders that appeared or were replaced since the last call (a new
    /// `templates/`, a `content/` deleted and restored) and forgets the ones that went away.
    /// With `afresh`, watches every one again: after lost events, folders created meanwhile
    /// may have been missed by the recursive watch.
    pub fn refresh(&mut self, afresh: bool) {
        for dir in SOURCE_DIRS {
            let path = self.root.join(dir);
            // A source folder that is a symlink out of the site is not read, so not watched.
            let now = folder_id(&path).filter(|_| crate::discover::symlinks::not_followed(&self.root, &path).is_none());
            let before = self.watched.get(&path).copied();
            if !afresh && now.is_some() && before == now {
                continue;
            }
            if before.is_some() {
                // The watch may be gone already (its folder was deleted): nothing to undo then.
                let _ = self.inner.unwatch(&path);
                self.watched.remove(&path);
            }
            if let Some(id) = now {
                if self.inner.watch(&path, RecursiveMode::Recursive).is_ok() {
                    self.watched.insert(path, id);
                }
            }
        }
    }

    /// Waits for the next burst of events; `Some(None)` when nothing happens for `wait`; None
    /// when the watcher has stopped.
    pub fn next_burst_within(&self, wait: Option<Duration>) -> Option<Option<Burst>> {
        let mut paths = BTreeSet::new();
        let mut lost = false;
        let first = match wait {
            None => self.rx.recv().ok()?,
            Some(w) => match self.rx.recv_timeout(w) {
                Ok(e) => e,
                Err(RecvTimeoutError::Timeout) => return Some(None),
                Err(RecvTimeoutError::Disconnected) => return None,
            },
        };
        let started = Instant::now();
        add(&mut paths, &mut lost, first);
        loop {
            let left = LONGEST_BURST.saturating_sub(started.elapsed());
            match self.rx.recv_timeout(QUIET.min(left)) {
                Ok(e) => add(&mut paths, &mut lost, e),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
            if left.is_zero() {
                break;
            }
        }
        Some(Some(Burst { paths: paths.into_iter().collect(), lost }))
    }
}

fn add(paths: &mut BTreeSet<PathBuf>, lost: &mut bool, event: notify::Result<notify::Event>) {
    match event {
        // The kernel's event queue overflowed: changes went unreported.
        Ok(e) if e.need_rescan() => *lost = true,
        Ok(e) if !matches!(e.kind, notify::EventKind::Access(_)) => paths.extend(e.paths),
        Ok(_) => {}
        Err(_) => *lost = true,
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
    } else if templates && (statics || !string_locales.is_empty() || !pages.is_empty()) {
        // A template edit re-renders only the jobs that use it, with the strings, static files
        // and pages as they were: edits of those in the same burst need the whole build.
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
    use notify::event::{AccessKind, Flag, ModifyKind};
    use notify::{Event, EventKind};

    #[test]
    fn an_overflowed_queue_or_an_error_marks_the_burst_as_lost() {
        let (mut paths, mut lost) = (BTreeSet::new(), false);
        add(&mut paths, &mut lost, Ok(Event::new(EventKind::Modify(ModifyKind::Any)).add_path("/s/a.md".into())));
        add(&mut paths, &mut lost, Ok(Event::new(EventKind::Access(AccessKind::Any)).add_path("/s/b.md".into())));
        assert_eq!((paths.iter().cloned().collect::<Vec<_>>(), lost), (vec![PathBuf::from("/s/a.md")], false));
        add(&mut paths, &mut lost, Ok(Event::new(EventKind::Other).set_flag(Flag::Rescan)));
        assert!(lost, "a rescan notice means events were lost");
        let mut lost = false;
        add(&mut paths, &mut lost, Err(notify::Error::generic("queue overflow")));
        assert!(lost);
    }

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
        assert_eq!(
            classify(root, &[p("templates/page.html"), p("content/en-us/a.md")], &yes),
            Some(Change::Everything),
            "a template re-render keeps the pages as parsed: a page edit with it needs a full build"
        );
        assert_eq!(classify(root, &[p("templates/page.html"), p("static/style.css")], &yes), Some(Change::Everything));
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
