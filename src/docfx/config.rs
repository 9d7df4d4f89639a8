//! Reads a DocFX repository's `docfx.json` (and `.openpublishing.publish.config.json` beside
//! it) into plain settings: what guidebook can take over from a DocFX build. Each setting
//! remembers where it came from, so `init --from-docfx` can say so.

use crate::diagnostics::{display_path, Code, Diagnostic, LineIndex};
use serde_json::Value;
use std::path::{Component, Path, PathBuf};

/// The host of Microsoft Learn, where repositories with an Open Publishing config publish.
pub const LEARN_HOST: &str = "https://learn.microsoft.com";

/// The uid of a platyPS cmdlet page (front matter `Module Name:` and `title:`), as Microsoft
/// Learn's PowerShell reference pipeline gives it: `Microsoft.PowerShell.Management.Get-Location`.
/// Pages without `Module Name` get no uid from it, so every DocFX repository can use it.
pub const CMDLET_UID_RULE: &str = "{Module Name}.{title}";

/// A folder of the docset published under another path (`build.content[]` `src` → `dest`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocfxMount {
    /// The folder below the locale root.
    pub src: String,
    /// The URL path below the locale (`dest`).
    pub url: String,
    /// Its position in `build.content` (0-based).
    pub entry: usize,
    /// 1-based line and column of its `src` in docfx.json.
    pub line: usize,
    /// See `line`.
    pub col: usize,
}

/// What a docfx.json says that guidebook uses.
#[derive(Debug, Clone, Default)]
pub struct DocfxSettings {
    /// The docfx.json read, as shown to the author (`content/en-us/docfx.json`).
    pub file: PathBuf,
    /// The site title and the key it came from.
    pub title: Option<(String, &'static str)>,
    /// Mounts, in `build.content` order, one per `src` folder that exists.
    pub mounts: Vec<DocfxMount>,
    /// Content entries not taken over, each with the reason (for init's comments).
    pub skipped: Vec<String>,
    /// The docset's own path on its host (`/powershell`) and where it came from.
    pub site_path: Option<(String, String)>,
    /// The documentation host and why.
    pub host: Option<(String, String)>,
    /// Local xrefmap files from `build.xref`, relative to the site root.
    pub xref_maps: Vec<String>,
}

/// The docfx.json of a site: at the root, else in the default locale's folder (or directly
/// in content/ for a one-language site).
pub fn find(root: &Path, default_locale: &str) -> Option<PathBuf> {
    let content = root.join("content");
    [root.join("docfx.json"), content.join(default_locale).join("docfx.json"), content.join("docfx.json")]
        .into_iter()
        .find(|p| p.is_file())
}

/// Reads `docfx` (a docfx.json of the site at `root`); `locales` are the site's locale codes.
/// Bad JSON is an error at its line:col; everything else that cannot be used is skipped.
pub fn read(root: &Path, docfx: &Path, locales: &[String]) -> Result<DocfxSettings, Diagnostic> {
    let shown = display_path(root, docfx);
    let text = std::fs::read_to_string(docfx)
        .map_err(|e| Diagnostic::file_error(&shown, format!("cannot read docfx.json: {e}")).with_code(Code::Config))?;
    let json: Value = serde_json::from_str(&text).map_err(|e| {
        // serde_json's message ends with the position, which the diagnostic already gives.
        let msg = e.to_string();
        let msg = msg.rsplit_once(" at line ").map(|(m, _)| m.to_string()).unwrap_or(msg);
        Diagnostic::error(&shown, e.line(), e.column(), format!("docfx.json is not valid JSON: {msg}"))
            .with_code(Code::Config)
            .with_hint("fix the JSON, or write a site.toml (guidebook then ignores docfx.json)")
    })?;
    let build = &json["build"];
    let docfx_dir = docfx.parent().unwrap_or(root);
    let mut settings = DocfxSettings { file: shown, ..DocfxSettings::default() };
    settings.title = ["titleSuffix", "_appTitle"].into_iter().find_map(|k| {
        build["globalMetadata"][k].as_str().filter(|t| !t.trim().is_empty()).map(|t| (t.trim().into(), k))
    });
    read_mounts(&text, build, root, docfx_dir, locales, &mut settings);
    newest_version_first(&mut settings.mounts);
    let publish = read_publish_config(root, docfx_dir);
    settings.site_path = site_path(publish.as_ref(), root, docfx_dir, build);
    settings.host = learn_marker(publish.is_some(), build).map(|why| (LEARN_HOST.to_string(), why));
    for x in build["xref"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        let local = docfx_dir.join(x);
        if !x.contains("://") && local.is_file() {
            settings.xref_maps.push(display_path(root, &local).to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(settings)
}

fn read_mounts(
    text: &str,
    build: &Value,
    root: &Path,
    docfx_dir: &Path,
    locales: &[String],
    settings: &mut DocfxSettings,
) {
    let lines = LineIndex::new(text);
    let entries = build["content"].as_array().map(Vec::as_slice).unwrap_or_default();
    // The `"src"` keys in text order from `build`'s `"content"` on are the entries' srcs in
    // array order (`metadata` and `resource` entries before it have `"src"` keys too).
    let content_at = text.find("\"build\"").and_then(|b| Some(b + text[b..].find("\"content\"")?)).unwrap_or(0);
    let mut src_keys = text[content_at..].match_indices("\"src\"").map(|(i, _)| content_at + i);
    let mut taken: Vec<String> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let at = entry.get("src").and(src_keys.next());
        let Some(src) = entry["src"].as_str() else {
            continue;
        };
        let (line, col) = at.map(|o| lines.position(o)).unwrap_or((0, 0));
        let dest = entry["dest"].as_str().unwrap_or("");
        let Some(folder) = below_locale_root(root, &docfx_dir.join(src), locales) else {
            settings.skipped.push(format!("build.content[{i}]: src `{src}` is not a folder inside a locale folder"));
            continue;
        };
        if folder.is_empty() || taken.contains(&folder) {
            continue;
        }
        // A folder listed several times (its toc.yml to one place, its pages to another)
        // is mounted where its pages go.
        let has_pages = |e: &Value| {
            e["files"].as_array().into_iter().flatten().filter_map(Value::as_str).any(|f| f.ends_with(".md"))
        };
        let same: Vec<(usize, &Value)> =
            entries.iter().enumerate().filter(|(_, e)| e["src"].as_str() == Some(src)).collect();
        let chosen = same.iter().find(|(_, e)| has_pages(e)).or(same.first()).map(|(j, _)| *j).unwrap_or(i);
        if chosen != i {
            settings.skipped.push(format!(
                "build.content[{i}]: src `{src}` is mounted from build.content[{chosen}], which lists its pages"
            ));
            continue;
        }
        let exists = locales.iter().any(|l| locale_dir(root, l, locales).join(&folder).is_dir());
        if !exists {
            settings.skipped.push(format!("build.content[{i}]: src `{src}` is not a folder of any locale"));
            continue;
        }
        taken.push(folder.clone());
        let url = dest.trim().trim_matches('/').to_string();
        settings.mounts.push(DocfxMount { src: folder, url, entry: i, line, col });
    }
}

/// Among folders published to one `dest` (DocFX's versioned reference folders `5.1`, `7.2`, told
/// apart there by `?view=`), puts the newest version first: it is the one guidebook publishes at
/// that path, as Microsoft Learn shows a reader who names no version the newest. Folders that
/// are not version numbers keep their place, before the versions.
fn newest_version_first(mounts: &mut [DocfxMount]) {
    let version = |src: &str| -> Option<Vec<u64>> {
        let name = src.rsplit('/').next().unwrap_or(src);
        name.split('.').map(|p| p.parse::<u64>().ok()).collect()
    };
    let first_with_url: Vec<usize> =
        mounts.iter().map(|m| mounts.iter().position(|x| x.url == m.url).unwrap_or(0)).collect();
    let mut keyed: Vec<_> = mounts
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, m)| {
            let v = version(&m.src);
            ((first_with_url[i], v.is_some(), std::cmp::Reverse(v), i), m)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    for (slot, (_, m)) in mounts.iter_mut().zip(keyed) {
        *slot = m;
    }
}

fn locale_dir(root: &Path, locale: &str, locales: &[String]) -> PathBuf {
    let content = root.join("content");
    if content.join(locale).is_dir() || locales.len() > 1 {
        content.join(locale)
    } else {
        content
    }
}

/// `content/<locale>/a/b` (or `content/a/b` in a one-language site) → `a/b`, lexically.
fn below_locale_root(root: &Path, path: &Path, locales: &[String]) -> Option<String> {
    let rel = lexical(path.strip_prefix(root).ok()?)?;
    let mut parts = rel.iter().map(String::as_str);
    if parts.next()? != "content" {
        return None;
    }
    let rest: Vec<&str> = parts.collect();
    let per_locale = locales.iter().any(|l| root.join("content").join(l).is_dir());
    let rest = if per_locale {
        let (first, rest) = rest.split_first()?;
        locales.iter().any(|l| l == first).then_some(rest)?
    } else {
        &rest[..]
    };
    Some(rest.join("/"))
}

/// The path's parts with `.` and `..` resolved; None when it climbs above its start.
fn lexical(path: &Path) -> Option<Vec<String>> {
    let mut parts = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_str()?.to_string()),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts)
}

/// `.openpublishing.publish.config.json` at the site root or beside docfx.json, if readable.
fn read_publish_config(root: &Path, docfx_dir: &Path) -> Option<Value> {
    let name = ".openpublishing.publish.config.json";
    let file = [root.join(name), docfx_dir.join(name)].into_iter().find(|p| p.is_file())?;
    let text = std::fs::read_to_string(file).ok()?;
    // An unreadable one still says the repository publishes to Learn.
    Some(serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn site_path(publish: Option<&Value>, root: &Path, docfx_dir: &Path, build: &Value) -> Option<(String, String)> {
    let docfx_folder = lexical(docfx_dir.strip_prefix(root).ok()?).map(|p| p.join("/")).unwrap_or_default();
    let docsets = publish.and_then(|p| p["docsets_to_publish"].as_array()).cloned().unwrap_or_default();
    let same_folder = |d: &Value| {
        d["build_source_folder"].as_str().map(|f| f.trim_matches(['.', '/']) == docfx_folder).unwrap_or(false)
    };
    let pick = docsets.iter().position(same_folder).or_else(|| (!docsets.is_empty()).then_some(0));
    if let Some(i) = pick {
        if let Some(path) =
            docsets[i]["build_output_subfolder"].as_str().and_then(crate::links::mounts::normalise_site_path)
        {
            let why = format!(".openpublishing.publish.config.json docsets_to_publish[{i}].build_output_subfolder");
            return Some((path, why));
        }
    }
    let crumb = build["globalMetadata"]["breadcrumb_path"].as_str()?;
    let first = crumb.trim_start_matches('/').split('/').next().filter(|s| !s.is_empty() && !s.contains('.'))?;
    Some((format!("/{first}"), "the first segment of build.globalMetadata.breadcrumb_path".into()))
}

/// Why the docs publish to Microsoft Learn, if they do.
fn learn_marker(has_publish_config: bool, build: &Value) -> Option<String> {
    if has_publish_config {
        return Some("the repository has .openpublishing.publish.config.json".into());
    }
    let templates = build["template"].as_array().into_iter().flatten().filter_map(Value::as_str);
    if let Some(t) = templates.into_iter().find(|t| t.starts_with("op.") || t.contains("docs.html")) {
        return Some(format!("build.template names the Learn template `{t}`"));
    }
    let meta = build["globalMetadata"].as_object()?;
    let key = meta.keys().find(|k| k.starts_with("ms.") || *k == "uhfHeaderId" || *k == "feedback_system")?;
    Some(format!("build.globalMetadata has the Learn key `{key}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_version_folder_is_published_at_a_shared_dest() {
        let m = |src: &str, url: &str, entry| DocfxMount { src: src.into(), url: url.into(), entry, line: 0, col: 0 };
        let mut mounts = vec![
            m("docs-conceptual", "scripting", 0),
            m("5.1", "module", 1),
            m("7.2", "module", 2),
            m("7.10", "module", 3),
        ];
        newest_version_first(&mut mounts);
        let order: Vec<&str> = mounts.iter().map(|m| m.src.as_str()).collect();
        assert_eq!(order, ["docs-conceptual", "7.10", "7.2", "5.1"]);
    }

    #[test]
    fn paths_resolve_below_the_locale_root() {
        let locales = vec!["en-us".to_string()];
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/en-us/a")).unwrap();
        let root = dir.path();
        let at = |p: &str| below_locale_root(root, &root.join(p), &locales);
        assert_eq!(at("content/en-us/a").as_deref(), Some("a"));
        assert_eq!(at("content/en-us/./a/../a/b").as_deref(), Some("a/b"));
        assert_eq!(at("content/fr-fr/a"), None);
        assert_eq!(at("elsewhere/a"), None);
        assert_eq!(at("content/en-us/../../x"), None);
    }

    #[test]
    fn site_path_comes_from_the_publish_config_else_the_breadcrumb() {
        let root = Path::new("/repo");
        let build =
            serde_json::json!({ "globalMetadata": { "breadcrumb_path": "/powershell/scripting/bread/toc.json" } });
        let (path, why) = site_path(None, root, &root.join("content/en-us"), &build).unwrap();
        assert_eq!((path.as_str(), why.contains("breadcrumb_path")), ("/powershell", true));
        let publish = serde_json::json!({ "docsets_to_publish": [
            { "build_source_folder": "other", "build_output_subfolder": "other" },
            { "build_source_folder": "content/en-us", "build_output_subfolder": "/azure/" }
        ] });
        let (path, why) = site_path(Some(&publish), root, &root.join("content/en-us"), &build).unwrap();
        assert_eq!(path, "/azure");
        assert!(why.contains("docsets_to_publish[1]"), "{why}");
        assert_eq!(site_path(None, root, root, &Value::Null), None);
    }

    #[test]
    fn learn_is_recognised_by_its_marks() {
        let build: Value = serde_json::json!({ "globalMetadata": { "ms.topic": "conceptual" } });
        assert!(learn_marker(false, &build).unwrap().contains("ms.topic"));
        assert!(learn_marker(false, &serde_json::json!({ "globalMetadata": { "title": "x" } })).is_none());
        assert!(learn_marker(true, &Value::Null).is_some());
    }

    #[test]
    fn mounts_are_located_at_their_src_in_build_content() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["a", "b"] {
            std::fs::create_dir_all(dir.path().join("content/en-us").join(f)).unwrap();
        }
        let file = dir.path().join("content/en-us/docfx.json");
        let text = r#"{ "metadata": [ { "src": [ { "files": [ "x.csproj" ], "src": "api" } ] } ],
  "build": {
    "resource": [ { "files": [ "**/*.png" ], "src": "a" } ],
    "content": [
      { "files": [ "**/*.md" ], "src": [ "odd" ] },
      { "files": [ "**/*.md" ], "src": "a", "dest": "x" },
      { "files": [ "**/*.md" ],
        "src": "b" }
    ]
  }
}"#;
        std::fs::write(&file, text).unwrap();
        let settings = read(dir.path(), &file, &["en-us".into()]).unwrap();
        let at: Vec<(&str, usize, usize)> = settings.mounts.iter().map(|m| (m.src.as_str(), m.line, m.col)).collect();
        assert_eq!(at, [("a", 6, 33), ("b", 8, 9)]);
    }

    #[test]
    fn bad_json_is_reported_at_its_place() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/en-us")).unwrap();
        let file = dir.path().join("content/en-us/docfx.json");
        std::fs::write(&file, "{ \"build\": {\n  \"content\": [ , ]\n} }").unwrap();
        let err = read(dir.path(), &file, &["en-us".into()]).unwrap_err();
        assert_eq!((err.line_number(), err.col_number()), (2, 16));
        assert_eq!(err.file, Path::new("content/en-us/docfx.json"));
    }
}
