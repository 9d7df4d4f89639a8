//! A change to a site's sources, as the preview server's watcher sees it: the question each
//! burst of file events comes down to, which `Workspace::apply` answers.

use std::path::PathBuf;

/// What a burst of file events means for the site.
#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    /// Markdown pages that existed and still exist were edited.
    Pages(Vec<PathBuf>),
    /// Templates alone were edited: render the jobs that use them again, without parsing.
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
