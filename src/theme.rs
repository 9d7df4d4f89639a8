//! Themes: tera templates, static files and UI strings, layered file by file. The default theme
//! is embedded in the binary (so a new site needs no theme files); `themes/<name>/` on disk
//! is laid over it, and the site's own `templates/` and `static/` over that.

use crate::config::Config;
use crate::diagnostics::{display_path, Code, Diagnostic};
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The default theme as it was when the binary was built.
pub static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a theme file's bytes come from.
#[derive(Debug, Clone)]
pub enum FileSource {
    /// Embedded in the binary.
    Embedded(&'static [u8]),
    /// A file on disk.
    Disk(PathBuf),
}

impl FileSource {
    /// The file's bytes.
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match self {
            FileSource::Embedded(b) => Ok(b.to_vec()),
            FileSource::Disk(p) => std::fs::read(p),
        }
    }
}

/// One file of a theme layer, with the name it is known by and where it came from.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// Where it is read from.
    pub source: FileSource,
    /// What to call it in messages: `themes/default/templates/page.html`, `(embedded) ...`.
    pub origin: PathBuf,
}

/// The merged theme of a site.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Templates by name (`page.html`, `partials/head.html`).
    pub templates: BTreeMap<String, ThemeFile>,
    /// Static files by path below `static/`.
    pub statics: BTreeMap<String, ThemeFile>,
    /// Fluent files by `<locale>/<file>.ftl`, the theme's own strings.
    pub strings: BTreeMap<String, ThemeFile>,
    /// Warnings met on the way: symlinks that were not followed.
    pub warnings: Vec<Diagnostic>,
}

/// Loads the theme named in the config, layering embedded default, theme folder and site files.
pub fn load(config: &Config) -> Result<Theme, Vec<Diagnostic>> {
    let mut theme = Theme::default();
    add_embedded(&mut theme, &DEFAULT_THEME);
    let dir = theme_dir(config)?;
    if dir.is_dir() {
        add_disk(&mut theme, &config.root, &dir);
    } else if config.theme != "default" {
        let msg = format!("theme `{}` not found: there is no themes/{}/ folder", config.theme, config.theme);
        return Err(vec![Diagnostic::file_error(crate::config::CONFIG_FILE, msg)
            .with_code(Code::Config)
            .with_hint("create the theme folder, or remove `theme` from site.toml to use the built-in theme")]);
    }
    let warnings = &mut theme.warnings;
    add_layer(&mut theme.templates, &config.root, &config.root.join("templates"), warnings);
    add_layer(&mut theme.statics, &config.root, &config.root.join("static"), warnings);
    Ok(theme)
}

/// `themes/<theme>`, once the name is known to stay inside `themes/` and no symlink on the way
/// leads out of the site: a theme's templates and files are published, so one named
/// `/etc` or `../../elsewhere` is refused rather than read.
fn theme_dir(config: &Config) -> Result<PathBuf, Vec<Diagnostic>> {
    let refuse = |msg: String| {
        vec![Diagnostic::file_error(crate::config::CONFIG_FILE, msg)
            .with_code(Code::Config)
            .with_hint("name a folder inside themes/ (theme = \"mytheme\" for themes/mytheme/)")]
    };
    let name = Path::new(&config.theme);
    let mut depth = 0usize;
    for part in name.components() {
        match part {
            std::path::Component::Normal(_) => depth += 1,
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if depth > 0 => depth -= 1,
            _ => {
                let msg = format!("theme `{}` is refused: it leads out of themes/", config.theme);
                return Err(refuse(msg));
            }
        }
    }
    if depth == 0 {
        return Err(refuse(format!("theme `{}` is refused: it names no folder inside themes/", config.theme)));
    }
    let themes = config.root.join("themes");
    let dir = themes.join(name);
    // Each symlink between the root and the theme folder is judged by the one rule.
    let mut at = themes.clone();
    for step in std::iter::once(None).chain(name.components().map(Some)) {
        if let Some(step) = step {
            at.push(step);
        }
        if let Some(why) = crate::discover::symlinks::not_followed(&config.root, &at) {
            return Err(refuse(format!("theme `{}` is refused: {why}", config.theme)));
        }
    }
    Ok(dir)
}

fn add_embedded(theme: &mut Theme, dir: &'static Dir<'static>) {
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        stack.extend(d.dirs());
        for f in d.files() {
            let path = f.path().to_string_lossy().replace('\\', "/");
            let file = ThemeFile {
                source: FileSource::Embedded(f.contents()),
                origin: Path::new("(built-in theme)").join(&path),
            };
            let Some((top, rest)) = path.split_once('/') else {
                continue;
            };
            match top {
                "templates" => theme.templates.insert(rest.to_string(), file),
                "static" => theme.statics.insert(rest.to_string(), file),
                "locales" => theme.strings.insert(rest.to_string(), file),
                _ => None,
            };
        }
    }
}

fn add_disk(theme: &mut Theme, root: &Path, dir: &Path) {
    let warnings = &mut theme.warnings;
    add_layer(&mut theme.templates, root, &dir.join("templates"), warnings);
    add_layer(&mut theme.statics, root, &dir.join("static"), warnings);
    add_layer(&mut theme.strings, root, &dir.join("locales"), warnings);
}

/// Lays the files below `dir` over `map`, by their path below `dir`. Symlinks that lead out
/// of the site root are not followed; `warnings` gets one per such link.
pub fn add_layer(map: &mut BTreeMap<String, ThemeFile>, root: &Path, dir: &Path, warnings: &mut Vec<Diagnostic>) {
    // A symlink in `dir`'s place is walked, so that the rule judges it (and warns).
    let is_link = std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link && !dir.is_dir() {
        return;
    }
    for entry in crate::discover::symlinks::walk(root, dir, |_| true, warnings).into_iter().flatten() {
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || crate::discover::is_ignored_name(&name) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let key = rel.to_string_lossy().replace('\\', "/");
        if key.is_empty() {
            continue;
        }
        let file = ThemeFile {
            source: FileSource::Disk(entry.path().to_path_buf()),
            origin: display_path(root, entry.path()),
        };
        map.insert(key, file);
    }
}
