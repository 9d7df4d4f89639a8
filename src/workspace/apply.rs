//! A change to the sources applied to a built workspace in place: page edits, templates, UI
//! strings, static files, and the search index caught up afterwards. What changed is rendered
//! into a sink; what the change needs beyond that (a full build, a retry) comes back as a value.

use super::template_deps::{self, TemplateDeps};
use super::{Change, Update, Workspace};
use crate::diagnostics::{Code, Diagnostic};
use crate::output::Sink;
use crate::render::Renderer;
use crate::theme;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

/// Page edits in one change above which the whole site is built again instead (a branch switch):
/// one full build costs less than many one-page updates (each checks the whole site).
const MANY_PAGES: usize = 50;

/// What a change that applied did (its files are in the sink), or that it needs a full build.
#[derive(Debug)]
pub enum Outcome {
    /// Edited pages parsed and checked clean; `rendered` jobs were rendered again.
    PagesRendered {
        /// Render jobs written.
        rendered: usize,
        /// Warnings the edited pages have.
        warnings: Vec<Diagnostic>,
    },
    /// Templates compiled again; the jobs whose template reads a changed one were rendered.
    TemplatesRendered {
        /// Render jobs written.
        rendered: usize,
        /// Render jobs of the whole site.
        of: usize,
        /// The templates whose parsed form changed, by name.
        changed: Vec<String>,
    },
    /// UI strings read again; the pages of `locale` (of every locale if None) rendered again.
    StringsReloaded {
        /// Render jobs written.
        rendered: usize,
        /// The locale whose strings changed, if only one.
        locale: Option<String>,
    },
    /// The theme's static files were read again.
    StaticsCopied {
        /// Only stylesheets changed.
        css_only: bool,
    },
    /// The change is more than a workspace takes in place (settings, a page added, removed or
    /// turned draft, a burst of many edits): the whole site must be built again.
    NeedsFullBuild {
        /// How many pages were edited, when that many is the reason.
        edited: Option<usize>,
    },
}

/// A change that has errors. The workspace may hold part of it; `retry` says what it can still
/// take in place.
#[derive(Debug)]
pub struct Failure {
    /// The errors (and warnings) found.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// The one change that may be applied in place next.
    pub(crate) retry: InPlace,
}

/// What a workspace whose change failed can still take in place: the failed edit made again (to
/// fix it), where the failure left the workspace as it was. Any other change needs a full build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InPlace {
    /// The one page whose edit failed to parse or check (the workspace holds its last good form).
    Page(PathBuf),
    /// Templates, whose edit failed (the workspace holds the last good ones).
    Templates,
    /// Nothing: the failure may have left part of the change applied.
    Nothing,
}

impl InPlace {
    /// Whether `change` may be applied in place after the failure.
    pub(crate) fn allows(&self, change: &Change) -> bool {
        match (self, change) {
            (InPlace::Page(failed), Change::Pages(paths)) => paths.as_slice() == std::slice::from_ref(failed),
            (InPlace::Templates, Change::Templates) => true,
            _ => false,
        }
    }
}

impl Failure {
    /// A failure after which only a full build is safe.
    pub(crate) fn needs_full_build(diagnostics: Vec<Diagnostic>) -> Self {
        Failure { diagnostics, retry: InPlace::Nothing }
    }
}

impl Workspace {
    /// Applies `change` in place and renders what it changed into `sink`.
    pub(crate) fn apply(&mut self, change: Change, sink: &dyn Sink) -> Result<Outcome, Failure> {
        match change {
            Change::Everything => Ok(Outcome::NeedsFullBuild { edited: None }),
            Change::Pages(paths) if paths.len() > MANY_PAGES => {
                Ok(Outcome::NeedsFullBuild { edited: Some(paths.len()) })
            }
            Change::Pages(paths) => self.edit_pages(&paths, sink),
            Change::Templates => self.edit_templates(sink),
            Change::Strings(locale) => self.edit_strings(locale, sink),
            Change::Statics { css_only } => self.recopy_statics(sink).map(|()| Outcome::StaticsCopied { css_only }),
        }
    }

    /// Whether page edits have left the search index behind (see `refresh_search`).
    pub(crate) fn search_stale(&self) -> bool {
        self.search_stale
    }

    /// Writes the search index into `sink` if page edits left it behind: `serve` does it when
    /// the author pauses, so an edit reaches the screen first and search catches up a moment
    /// later. Whether it wrote one.
    pub(crate) fn refresh_search(&mut self, sink: &dyn Sink) -> bool {
        std::mem::take(&mut self.search_stale) && self.write_search(sink).is_empty()
    }

    fn edit_pages(&mut self, paths: &[PathBuf], sink: &dyn Sink) -> Result<Outcome, Failure> {
        let mut jobs = Vec::new();
        // Pages whose titles changed each ask for their whole locale: render it once.
        let mut queued = HashSet::new();
        let mut warnings = Vec::new();
        for path in paths {
            match self.update_page(path) {
                Update::Rerender(j, w) => {
                    jobs.extend(j.into_iter().filter(|job| queued.insert(job.clone())));
                    warnings.extend(w);
                }
                Update::Failed(diagnostics) => {
                    // The pages before it are swapped in already: only a lone edit is undone whole.
                    let retry = if paths.len() == 1 { InPlace::Page(path.clone()) } else { InPlace::Nothing };
                    return Err(Failure { diagnostics, retry });
                }
                Update::FullRebuild => return Ok(Outcome::NeedsFullBuild { edited: None }),
            }
        }
        let errors = self.write_jobs(&jobs, sink);
        if !errors.is_empty() {
            return Err(Failure::needs_full_build(errors));
        }
        self.search_stale = true;
        Ok(Outcome::PagesRendered { rendered: jobs.len(), warnings })
    }

    fn edit_strings(&mut self, locale: Option<String>, sink: &dyn Sink) -> Result<Outcome, Failure> {
        let jobs = self.reload_strings(locale.as_deref()).map_err(Failure::needs_full_build)?;
        let errors = self.write_jobs(&jobs, sink);
        if !errors.is_empty() {
            return Err(Failure::needs_full_build(errors));
        }
        Ok(Outcome::StringsReloaded { rendered: jobs.len(), locale })
    }

    /// Compiles the templates again and re-renders the jobs whose template reads one that
    /// changed. The new templates are kept only when every job renders, so a failed edit is
    /// later compared with the last good.
    fn edit_templates(&mut self, sink: &dyn Sink) -> Result<Outcome, Failure> {
        let fail = |diagnostics| Failure { diagnostics, retry: InPlace::Templates };
        let theme = theme::load(&self.site.config).map_err(fail)?;
        let renderer = Renderer::new(&self.site, &theme, Arc::clone(&self.strings)).map_err(fail)?;
        let changed = template_deps::changed(self.renderer.compiled(), renderer.compiled());
        let all = Renderer::jobs(&self.site);
        let jobs: Vec<_> =
            TemplateDeps::of(renderer.compiled()).affected(&all, &changed).into_iter().cloned().collect();
        let old = std::mem::replace(&mut self.renderer, renderer);
        let errors = self.write_jobs(&jobs, sink);
        if !errors.is_empty() {
            self.renderer = old;
            return Err(fail(errors));
        }
        // Templates do not change what search finds, nor the files copied: those stay.
        self.theme = theme;
        Ok(Outcome::TemplatesRendered { rendered: jobs.len(), of: all.len(), changed: changed.into_iter().collect() })
    }

    /// Reads the theme again and writes its static files as they are named on disk (`serve`
    /// keeps plain asset names, so browsers can swap a stylesheet in place).
    fn recopy_statics(&mut self, sink: &dyn Sink) -> Result<(), Failure> {
        self.theme = theme::load(&self.site.config).map_err(Failure::needs_full_build)?;
        for (rel, file) in &self.theme.statics {
            let bytes = file.source.read().map_err(|e| {
                let d = Diagnostic::file_error(&file.origin, format!("cannot read: {e}")).with_code(Code::Io);
                Failure::needs_full_build(vec![d])
            })?;
            sink.write(rel, &bytes).map_err(|e| {
                let d = Diagnostic::file_error(&file.origin, format!("cannot write: {e}")).with_code(Code::Io);
                Failure::needs_full_build(vec![d])
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_a_failure_only_the_same_edit_goes_in_place() {
        let page = InPlace::Page("/site/content/a.md".into());
        assert!(page.allows(&Change::Pages(vec!["/site/content/a.md".into()])));
        assert!(!page.allows(&Change::Pages(vec!["/site/content/b.md".into()])));
        assert!(!page.allows(&Change::Pages(vec!["/site/content/a.md".into(), "/site/content/b.md".into()])));
        assert!(!page.allows(&Change::Templates));
        assert!(InPlace::Templates.allows(&Change::Templates));
        assert!(!InPlace::Templates.allows(&Change::Strings(None)));
        assert!(!InPlace::Nothing.allows(&Change::Templates));
        assert!(!InPlace::Nothing.allows(&Change::Everything));
    }
}
