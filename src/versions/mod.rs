//! `[[versions]]`: several versions of the documentation at once, each a folder below every
//! locale root (`content/en-us/7.2/`, `content/en-us/5.1/`), published at `/<locale>/<name>/`.
//! Pages outside every version folder are shared by all versions (a home page, a glossary).
//!
//! ```toml
//! [[versions]]            # order = order in the version switcher, newest first
//! name = "7.2"            # the URL segment; also what `--version` names
//! folder = "7.2"          # below each locale root (default: the name)
//! label = "PowerShell 7.2"
//! latest = true           # the version readers who name none get (default: the first listed)
//!
//! [[versions]]
//! name = "5.1"
//! status = "archived"     # "current" (default) or "archived": no longer maintained
//! ```

pub(crate) mod latest;
pub(crate) mod links;
pub(crate) mod nav;
pub(crate) mod view;

use crate::config::CONFIG_FILE;
use crate::diagnostics::{Code, Diagnostic, LineIndex};
use serde::Deserialize;
use toml::Spanned;

/// The URL segment that always means the latest version (`/en-us/latest/...`).
pub const LATEST: &str = "latest";

/// A `[[versions]]` entry as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVersion {
    name: Spanned<String>,
    folder: Option<Spanned<String>>,
    label: Option<String>,
    latest: Option<Spanned<bool>>,
    status: Option<Spanned<String>>,
}

/// Whether a version is still maintained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Maintained.
    Current,
    /// No longer maintained: newer versions should not link into it.
    Archived,
}

/// One version of the documentation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Version {
    /// The URL segment (`7.2`).
    pub name: String,
    /// The folder below each locale root that holds its pages, `/`-separated.
    pub folder: String,
    /// What the version switcher and the banner call it.
    pub label: String,
    /// True for the version readers get when they name none.
    pub latest: bool,
    /// Maintained or archived.
    pub status: Status,
}

/// The site's versions, in switcher order (empty for a site without versions).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Versions {
    list: Vec<Version>,
}

impl Versions {
    /// Versions from a list already checked (tests, and settings made in code).
    pub fn new(list: Vec<Version>) -> Self {
        Versions { list }
    }

    /// True for a site without versions.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Every version, in switcher order.
    pub fn iter(&self) -> std::slice::Iter<'_, Version> {
        self.list.iter()
    }

    /// The latest version (None for a site without versions).
    pub fn latest(&self) -> Option<&Version> {
        self.list.iter().find(|v| v.latest)
    }

    /// The version called `name`.
    pub fn by_name(&self, name: &str) -> Option<&Version> {
        self.list.iter().find(|v| v.name == name)
    }

    /// The version a page or file belongs to, by its path below the locale root; None for the
    /// pages every version shares.
    pub fn version_of(&self, rel_path: &str) -> Option<&Version> {
        self.list.iter().find(|v| {
            rel_path.strip_prefix(v.folder.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
    }

    /// The same path in another version: `7.2/a/b.md` in `5.1` is `5.1/a/b.md` (the path
    /// itself for a shared page).
    pub fn path_in(&self, rel_path: &str, other: &Version) -> String {
        match self.version_of(rel_path) {
            Some(v) => format!("{}{}", other.folder, &rel_path[v.folder.len()..]),
            None => rel_path.to_string(),
        }
    }
}

/// Checks `[[versions]]`; errors point into site.toml (`text` is its content).
pub fn from_site_toml(text: &str, raw: &[RawVersion]) -> Result<Versions, Vec<Diagnostic>> {
    let lines = LineIndex::new(text);
    let at = |offset: usize, msg: String| {
        let (line, col) = lines.position(offset);
        Diagnostic::error(CONFIG_FILE, line, col, msg).with_code(Code::Config)
    };
    let mut errors = Vec::new();
    let mut list: Vec<Version> = Vec::new();
    for r in raw {
        let name = r.name.get_ref().trim().to_string();
        let name_at = r.name.span().start;
        if !is_segment(&name) || name == LATEST {
            errors.push(at(name_at, format!("version name `{name}` cannot be a URL segment")).with_hint(
                "use letters, digits, `.`, `-` and `_` (`7.2`, `v2`, `2024-10`); `latest` is taken by guidebook",
            ));
            continue;
        }
        let (folder, folder_at) = match &r.folder {
            Some(f) => (f.get_ref().trim().trim_matches('/').to_string(), f.span().start),
            None => (name.clone(), name_at),
        };
        if folder.is_empty() || folder.split('/').any(|s| s.is_empty() || s == "." || s == "..") {
            errors.push(
                at(folder_at, format!("version folder `{folder}` is not a folder below the locale root"))
                    .with_hint("name a folder inside content/<locale>/, such as \"7.2\" or \"reference/7.2\""),
            );
            continue;
        }
        if list.iter().any(|v| v.name == name) {
            errors.push(at(name_at, format!("version `{name}` is listed twice")).with_hint("list each version once"));
            continue;
        }
        if let Some(other) =
            list.iter().find(|v| v.folder == folder || nested(&v.folder, &folder) || nested(&folder, &v.folder))
        {
            errors.push(
                at(
                    folder_at,
                    format!("version folder `{folder}` overlaps version `{}` ({})", other.name, other.folder),
                )
                .with_hint("give each version a folder of its own"),
            );
            continue;
        }
        let status = match &r.status {
            None => Status::Current,
            Some(s) => match s.get_ref().as_str() {
                "current" => Status::Current,
                "archived" => Status::Archived,
                other => {
                    errors.push(
                        at(s.span().start, format!("version status `{other}` is not current or archived"))
                            .with_hint("write status = \"archived\" for a version no longer maintained"),
                    );
                    continue;
                }
            },
        };
        let latest = r.latest.as_ref().is_some_and(|l| *l.get_ref());
        if latest && status == Status::Archived {
            let span = r.latest.as_ref().map(|l| l.span().start).unwrap_or(name_at);
            errors.push(
                at(span, format!("version `{name}` cannot be both the latest and archived"))
                    .with_hint("mark the newest maintained version latest"),
            );
        }
        if latest && list.iter().any(|v| v.latest) {
            let span = r.latest.as_ref().map(|l| l.span().start).unwrap_or(name_at);
            errors.push(
                at(span, "only one version can be the latest".to_string()).with_hint("remove one `latest = true`"),
            );
        }
        let label = r.label.clone().filter(|l| !l.trim().is_empty()).unwrap_or_else(|| name.clone());
        list.push(Version { name, folder, label, latest, status });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if !list.is_empty() && !list.iter().any(|v| v.latest) {
        // The first listed is the newest by convention (switcher order).
        match list.iter_mut().find(|v| v.status == Status::Current) {
            Some(v) => v.latest = true,
            None => {
                // At the first version: the one readers would be sent to.
                return Err(vec![at(raw[0].name.span().start, "every version is archived".to_string())
                    .with_hint("keep one version current: readers are sent to it")]);
            }
        }
    }
    Ok(Versions { list })
}

/// True when `inner` is a folder inside `outer`.
fn nested(outer: &str, inner: &str) -> bool {
    inner.strip_prefix(outer).is_some_and(|rest| rest.starts_with('/'))
}

/// True for a name usable as one URL path segment without escaping.
fn is_segment(s: &str) -> bool {
    !s.is_empty() && s != "." && s != ".." && s.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(toml_text: &str) -> Result<Versions, Vec<Diagnostic>> {
        #[derive(Deserialize)]
        struct Doc {
            versions: Vec<RawVersion>,
        }
        let doc: Doc = toml::from_str(toml_text).unwrap();
        from_site_toml(toml_text, &doc.versions)
    }

    #[test]
    fn versions_are_read_in_switcher_order_with_defaults() {
        let v = parse(
            "[[versions]]\nname = \"7.2\"\nlabel = \"PowerShell 7.2\"\n\n[[versions]]\nname = \"5.1\"\nfolder = \"ref/5.1/\"\nstatus = \"archived\"\n",
        )
        .unwrap();
        let names: Vec<_> = v.iter().map(|x| (x.name.as_str(), x.folder.as_str(), x.label.as_str())).collect();
        assert_eq!(names, [("7.2", "7.2", "PowerShell 7.2"), ("5.1", "ref/5.1", "5.1")]);
        assert_eq!(v.latest().unwrap().name, "7.2", "the first listed is the latest by default");
        assert_eq!(v.by_name("5.1").unwrap().status, Status::Archived);
        assert_eq!(v.version_of("7.2/a/b.md").unwrap().name, "7.2");
        assert_eq!(v.version_of("ref/5.1/a.md").unwrap().name, "5.1");
        assert!(v.version_of("7.20/a.md").is_none());
        assert!(v.version_of("index.md").is_none());
        assert_eq!(v.path_in("7.2/a/b.md", v.by_name("5.1").unwrap()), "ref/5.1/a/b.md");
        assert_eq!(v.path_in("index.md", v.by_name("5.1").unwrap()), "index.md");
    }

    #[test]
    fn mistakes_are_reported_at_their_place() {
        let text = "[[versions]]\nname = \"latest\"\n\n[[versions]]\nname = \"a\"\nfolder = \"../x\"\n\n[[versions]]\nname = \"b\"\nstatus = \"old\"\n\n[[versions]]\nname = \"c\"\nlatest = true\nstatus = \"archived\"\n";
        let errors = parse(text).unwrap_err();
        let at: Vec<(usize, usize)> = errors.iter().map(|d| (d.line_number(), d.col_number())).collect();
        assert_eq!(at, [(2, 8), (6, 10), (10, 10), (14, 10)], "{errors:#?}");
    }

    #[test]
    fn overlapping_folders_and_two_latest_are_errors() {
        let e = parse("[[versions]]\nname = \"a\"\n\n[[versions]]\nname = \"b\"\nfolder = \"a/b\"\n").unwrap_err();
        assert!(e[0].message.contains("overlaps version `a`"), "{e:#?}");
        let e = parse("[[versions]]\nname = \"a\"\nlatest = true\n\n[[versions]]\nname = \"b\"\nlatest = true\n")
            .unwrap_err();
        assert!(e[0].message.contains("only one version"), "{e:#?}");
    }

    #[test]
    fn every_version_archived_is_reported_at_the_first() {
        let e = parse("[[versions]]\nname = \"a\"\nstatus = \"archived\"\n").unwrap_err();
        assert_eq!((e[0].line_number(), e[0].col_number()), (2, 8), "{e:#?}");
        assert!(e[0].message.contains("every version is archived"), "{e:#?}");
    }
}
