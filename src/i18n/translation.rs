//! Translation bookkeeping: the hash that ties a translation to the version of its source it
//! was made from (`source_hash`), whether a translation is current, and `i18n stamp`.

use crate::diagnostics::{Code, Diagnostic};
use crate::text::frontmatter;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The front matter key that records the source version a translation was made from.
pub(crate) const SOURCE_HASH: &str = "source_hash";

/// The hash of a page's markdown body: SHA-256 of the text after the front matter, with CRLF
/// read as LF and the file's trailing white space ignored; the first 16 hex digits.
pub(crate) fn body_hash(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let body = match frontmatter::split(text, Path::new("")) {
        Ok(split) => split.body,
        Err(_) => text,
    };
    let normalised = body.replace("\r\n", "\n");
    let digest = Sha256::digest(normalised.trim_end().as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// The body hashes of source pages, read on first need and kept for the rest of the build.
#[derive(Default)]
pub(crate) struct SourceHashes {
    cache: Mutex<HashMap<PathBuf, Option<String>>>,
}

impl SourceHashes {
    /// The hash of the page at `path`, None when it cannot be read.
    pub(crate) fn get(&self, path: &Path) -> Option<String> {
        if let Some(h) = self.cache.lock().unwrap_or_else(|e| e.into_inner()).get(path) {
            return h.clone();
        }
        let text = crate::text::source::read_text(path).ok();
        let hash = text.map(|t| body_hash(&t));
        self.cache.lock().unwrap_or_else(|e| e.into_inner()).insert(path.to_path_buf(), hash.clone());
        hash
    }
}

/// Where a translation stands against its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Freshness {
    /// `source_hash` matches the source as it is.
    Current,
    /// `source_hash` is of another version of the source.
    Outdated,
    /// No `source_hash`: nobody has said which version it translates.
    Unknown,
}

/// Compares a translation's recorded hash with its source's current one.
pub(crate) fn freshness(recorded: Option<&str>, source_hash: &str) -> Freshness {
    match recorded.map(str::trim) {
        None | Some("") => Freshness::Unknown,
        Some(h) if h.eq_ignore_ascii_case(source_hash) => Freshness::Current,
        Some(_) => Freshness::Outdated,
    }
}

/// Sets `source_hash: <hash>` in a page's front matter, changing no other byte: the value of an
/// existing key is replaced on its line; else a line is added before the closing `---` (or a
/// front matter block is added), with the file's own line ending.
pub(crate) fn set_source_hash(text: &str, hash: &str, file: &Path) -> Result<String, Diagnostic> {
    let new = insert_source_hash(text, hash, file)?;
    // A line edit suits block-style YAML only: a flow mapping (`{title: x}`), a document
    // marker or an odd indent would come out as a file that no longer builds. Prove the new
    // front matter is the old one plus the hash, or write nothing.
    let meta = |t: &str| {
        let t = t.strip_prefix('\u{feff}').unwrap_or(t);
        frontmatter::split(t, file).and_then(|s| frontmatter::parse(&s, file))
    };
    let mut before = meta(text)?;
    before.remove(SOURCE_HASH);
    // The hash is compared by presence: hex digits may read as a YAML number.
    let same = |after: &serde_json::Map<String, serde_json::Value>| {
        let mut after = after.clone();
        after.remove(SOURCE_HASH).is_some() && after == before
    };
    match meta(&new) {
        Ok(after) if same(&after) => Ok(new),
        _ => Err(Diagnostic::error(file, 1, 1, "cannot add `source_hash` to this front matter without changing what it says")
            .with_code(Code::Stamp)
            .with_hint(format!(
                "write the front matter as one `key: value` per line (not `{{title: x}}`), or add `{SOURCE_HASH}: {hash}` by hand"
            ))),
    }
}

fn insert_source_hash(text: &str, hash: &str, file: &Path) -> Result<String, Diagnostic> {
    let bom = if text.starts_with('\u{feff}') { "\u{feff}" } else { "" };
    let body = &text[bom.len()..];
    let split = frontmatter::split(body, file)?;
    let newline = if body.contains("\r\n") { "\r\n" } else { "\n" };
    let Some(yaml) = split.yaml else {
        return Ok(format!("{bom}---{newline}{SOURCE_HASH}: {hash}{newline}---{newline}{body}"));
    };
    // `yaml` is a slice of `body`: its offset is exact, whatever the text repeats.
    let yaml_start = yaml.as_ptr() as usize - body.as_ptr() as usize;
    let mut offset = yaml_start;
    for line in yaml.split_inclusive('\n') {
        let key_part = line.split(':').next().unwrap_or("");
        if key_part == SOURCE_HASH && line[SOURCE_HASH.len()..].starts_with(':') {
            let ending = if line.ends_with("\r\n") {
                "\r\n"
            } else if line.ends_with('\n') {
                "\n"
            } else {
                ""
            };
            let new_line = format!("{SOURCE_HASH}: {hash}{ending}");
            return Ok(format!("{bom}{}{new_line}{}", &body[..offset], &body[offset + line.len()..]));
        }
        offset += line.len();
    }
    // No such key: add it as the last line of the block.
    let end = yaml_start + yaml.len();
    let sep = if yaml.is_empty() || yaml.ends_with('\n') { "" } else { newline };
    Ok(format!("{bom}{}{sep}{SOURCE_HASH}: {hash}{newline}{}", &body[..end], &body[end..]))
}

/// `guidebook i18n stamp PATH`: records in a translation that it is current with its source.
/// Writes a temporary file beside the page and renames it over the page, so the page is
/// either the old file or the new one, never half written. Returns the hash written.
pub fn stamp(config: &crate::config::Config, path: &Path) -> Result<String, Diagnostic> {
    let shown = path.to_path_buf();
    let fail = |msg: String, hint: &str| {
        Diagnostic::file_error(&shown, msg).with_code(Code::Stamp).with_hint(hint.to_string())
    };
    let abs = std::fs::canonicalize(path)
        .map_err(|e| fail(format!("cannot read: {e}"), "give the path of a translated page"))?;
    let content =
        std::fs::canonicalize(config.content_dir()).map_err(|e| fail(format!("no content folder: {e}"), ""))?;
    let rel = abs.strip_prefix(&content).map_err(|_| {
        fail(
            "is not inside the site's content folder".into(),
            "give a page under content/<locale>/ (and --root for the site)",
        )
    })?;
    let rel = rel.to_string_lossy().replace('\\', "/");
    let (locale, rel_path) = rel.split_once('/').ok_or_else(|| fail("is not in a locale folder".into(), ""))?;
    if config.locale(locale).is_none() {
        return Err(fail(format!("{locale} is not a locale of this site"), "stamp a page under content/<locale>/"));
    }
    if locale == config.default_locale {
        return Err(fail(
            format!("is a page of the default locale, {locale}: there is nothing to stamp"),
            "stamp its translations",
        ));
    }
    let source = content.join(&config.default_locale).join(rel_path);
    let source_text = std::fs::read_to_string(&source).map_err(|_| {
        fail(
            format!("has no source page: {}/{rel_path} does not exist", config.default_locale),
            "only translations can be stamped",
        )
    })?;
    let hash = body_hash(&source_text);
    let text = std::fs::read_to_string(&abs).map_err(|e| fail(format!("cannot read as UTF-8 text: {e}"), ""))?;
    let new = set_source_hash(&text, &hash, &shown)?;
    if let (Some(dir), Some(name)) = (abs.parent(), abs.file_name()) {
        remove_stale_temps(dir, &name.to_string_lossy());
    }
    if new != text {
        write_atomically(&abs, new.as_bytes())
            .map_err(|e| fail(format!("cannot write: {e}"), "the page was left as it was"))?;
    }
    Ok(hash)
}

/// The temporary sibling `write_atomically` writes for `name`: hidden, so that builds, `serve`
/// and `i18n status` never take it for a page, whenever a killed process leaves it behind.
fn temp_prefix(name: &str) -> String {
    format!(".{name}.guidebook-")
}

/// Replaces a file by writing a sibling and renaming it into place, keeping its permissions.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!("{}{}", temp_prefix(&name), std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Removes the temporary siblings of `name` left by processes that were killed while writing
/// it (their process id is in the name, and no such process runs any more).
fn remove_stale_temps(dir: &Path, name: &str) {
    let prefix = temp_prefix(name);
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)).and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !process_runs(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
fn process_runs(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else { return true };
    // SAFETY: signal 0 sends nothing; kill only checks that the process exists.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_runs(_pid: u32) -> bool {
    // Without a way to ask, a temporary file is left alone: it is hidden and harmless.
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_ignores_front_matter_line_endings_and_trailing_space() {
        let a = body_hash("---\ntitle: A\n---\n# Body\n\ntext\n");
        assert_eq!(a.len(), 16);
        assert_eq!(a, body_hash("---\ntitle: Changed\nms.date: x\n---\n# Body\r\n\r\ntext\r\n\n\n  "));
        assert_ne!(a, body_hash("---\ntitle: A\n---\n# Body\n\ntext changed\n"));
    }

    #[test]
    fn stamping_changes_only_the_hash_line() {
        let p = Path::new("p.md");
        let before = "---\ntitle: 홈\nsource_hash: 0000\nms.date: 04/01/2019\n---\n본문\n";
        assert_eq!(
            set_source_hash(before, "abcd", p).unwrap(),
            "---\ntitle: 홈\nsource_hash: abcd\nms.date: 04/01/2019\n---\n본문\n"
        );
        let crlf = "---\r\ntitle: x\r\n---\r\nbody\r\n";
        assert_eq!(set_source_hash(crlf, "ff", p).unwrap(), "---\r\ntitle: x\r\nsource_hash: ff\r\n---\r\nbody\r\n");
        assert_eq!(set_source_hash("# Only body\n", "ff", p).unwrap(), "---\nsource_hash: ff\n---\n# Only body\n");
        // A flow mapping would be broken by a line added below it: refused, nothing changed.
        let flow = "---\n{title: x}\n---\nbody\n";
        let err = set_source_hash(flow, "ff", p).unwrap_err();
        assert_eq!(err.code, Code::Stamp, "{err}");
    }

    #[test]
    fn freshness_needs_a_recorded_hash() {
        assert_eq!(freshness(None, "ab"), Freshness::Unknown);
        assert_eq!(freshness(Some("AB"), "ab"), Freshness::Current);
        assert_eq!(freshness(Some("cd"), "ab"), Freshness::Outdated);
    }
}
