//! The kinds of problem a diagnostic can name. Each has a stable text (`broken-link`) that
//! tools read from `check --format json|sarif` and that `build` groups its warnings by, so a
//! variant's text never changes; the enum only keeps the Rust side from misspelling it.

use std::fmt;

/// Declares [`Code`] with each variant's text beside it, so the two cannot drift apart.
macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident => $text:literal,)*) => {
        /// A stable name for the kind of problem a [`Diagnostic`](super::Diagnostic) reports.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as tools see it (`broken-link`): in text, JSON and SARIF output.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }
        }
    };
}

codes! {
    /// No more specific kind: the default of a new diagnostic.
    General => "general",
    /// A translation lacks an explicit anchor of its source page, so links to it break there.
    AnchorParity => "anchor-parity",
    /// A link from a current version leads into an archived one.
    ArchivedLink => "archived-link",
    /// A `#fragment` names no anchor in the page the link leads to.
    BrokenAnchor => "broken-anchor",
    /// An image reference leads to no file.
    BrokenImage => "broken-image",
    /// An `[!INCLUDE]` leads to no file, or to one that cannot be included.
    BrokenInclude => "broken-include",
    /// A link (in the body, front matter or toc.yml) leads to no page or file.
    BrokenLink => "broken-link",
    /// An `xref:` names a uid that no page or xref map has.
    BrokenXref => "broken-xref",
    /// site.toml (or a file it names, like an xref map) is missing, unreadable or invalid.
    Config => "config",
    /// A docfx markdown extension (`:::`, `[!div]`, ...) that is malformed or not supported.
    Docfx => "docfx",
    /// Two headings in a page have the same id.
    DuplicateAnchor => "duplicate-anchor",
    /// Two pages declare the same uid.
    DuplicateUid => "duplicate-uid",
    /// Two sources are published at the same URL (`a.md` and `a/index.md`).
    DuplicateUrl => "duplicate-url",
    /// A file is not valid UTF-8, or holds NUL characters.
    Encoding => "encoding",
    /// An external link failed its check (`check --external`).
    ExternalLink => "external-link",
    /// A link has no version in the page's locale and leads to another locale's page.
    FallbackLink => "fallback-link",
    /// A file name that cannot be part of a URL.
    FileName => "file-name",
    /// Front matter that is not valid YAML, or a known key with a value of the wrong kind.
    FrontMatter => "front-matter",
    /// Includes that include themselves, directly or through others.
    IncludeCycle => "include-cycle",
    /// A shard's index file that cannot be read or is not one.
    Index => "index",
    /// A date in front matter that is not a date.
    InvalidDate => "invalid-date",
    /// A file or folder that cannot be read or written.
    Io => "io",
    /// A page published where the `latest/` alias of the newest version goes.
    LatestUrl => "latest-url",
    /// A link whose letter case differs from the file on disk.
    LinkCase => "link-case",
    /// A page's declared language disagrees with its locale folder.
    LocaleMismatch => "locale-mismatch",
    /// Shards that cannot be merged into one site.
    Merge => "merge",
    /// A template asks for a UI string that no locale defines.
    MissingString => "missing-string",
    /// A page with no title (empty `title:` and no first heading).
    NoTitle => "no-title",
    /// An output folder guidebook refuses to write into, or cannot prepare.
    Output => "output",
    /// A link that climbs out of the content folder.
    OutsideContent => "outside-content",
    /// Pages whose `prerequisites:` and `next:` form a cycle.
    PrerequisiteCycle => "prerequisite-cycle",
    /// Raw HTML in a page that had to be changed to keep it inside the page (an unclosed or stray tag).
    RawHtml => "raw-html",
    /// A page published in place of a locale's search results page.
    SearchPage => "search-page",
    /// A `--locale` or `--version` shard selection that names nothing in the site.
    Shard => "shard",
    /// Two shards write the same output file.
    ShardOverlap => "shard-overlap",
    /// `i18n stamp` cannot record the source's hash in a translation.
    Stamp => "stamp",
    /// A file outside every locale folder, which is not part of the site.
    StrayFile => "stray-file",
    /// A Fluent (.ftl) file that cannot be read or parsed, or a message that refers to itself.
    Strings => "strings",
    /// A symlink guidebook does not follow.
    Symlink => "symlink",
    /// A template that cannot be parsed or rendered.
    Template => "template",
    /// A toc.yml or toc.md that is invalid or loops.
    Toc => "toc",
    /// A file (or a page with its includes) larger than guidebook reads.
    TooLarge => "too-large",
    /// A folder under content/ that is not a locale of the site.
    UnknownLocale => "unknown-locale",
    /// Two outputs whose URLs differ only in letter case.
    UrlCase => "url-case",
    /// A page and another file (or generated output) published at the same URL.
    UrlCollision => "url-collision",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_distinct_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} twice");
            assert!(text.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{text}");
            assert_eq!(code.to_string(), text);
            assert_eq!(serde_json::to_value(code).unwrap(), serde_json::json!(text));
        }
    }
}
