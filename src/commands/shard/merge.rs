//! `guidebook merge`: joins shard outputs into one site, swapped in atomically like a build.
//! Every file of every shard is copied once (a path two shards wrote is an error naming both);
//! the files the whole site shares — theme files, `sitemap.xml`, `robots.txt` — and search
//! indexes no shard could write are made here, as a single build makes them. (The root
//! `/index.html` and `/404.html` show every language and version: the shard of the default
//! locale's own files renders them from its whole site graph.)

use super::manifest::{self, Manifest, SearchFilter};
use super::MANIFEST;
use crate::diagnostics::{self, Code, Diagnostic};
use crate::options::BuildOptions;
use crate::output::{self, Staging};
use crate::render::Renderer;
use crate::site::Site;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What a merge made.
#[derive(Debug, Clone)]
pub struct MergeSummary {
    /// Shards joined.
    pub shards: usize,
    /// Pages in them.
    pub pages: usize,
    /// Files copied from them.
    pub files: usize,
    /// Wall time.
    pub elapsed: Duration,
}

/// Every file of a shard folder (its marker and manifest left out), as (path with `/`, file).
fn shard_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, Diagnostic> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            Diagnostic::file_error(dir, format!("cannot read the shard folder: {e}")).with_code(Code::Io)
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        let rel = rel.join("/");
        if rel == MANIFEST || rel == output::MARKER {
            continue;
        }
        files.push((rel, entry.path().to_path_buf()));
    }
    Ok(files)
}

/// Joins the shard folders `shards` of the site at `opts.root` into `opts.out`.
pub fn merge(opts: &BuildOptions, shards: &[PathBuf]) -> Result<MergeSummary, Vec<Diagnostic>> {
    let started = Instant::now();
    let config = crate::options::load_config(opts)?;
    if shards.is_empty() {
        let msg = "merge needs the shard folders to join";
        return Err(vec![Diagnostic::file_error(&opts.root, msg)
            .with_code(Code::Merge)
            .with_hint("guidebook merge --root ROOT --out OUT shard-en-us shard-ko-kr ...")]);
    }
    let manifests: Vec<Manifest> = collect(shards.iter().map(|d| manifest::read(d)))?;
    let listed: Vec<Vec<(String, PathBuf)>> = collect(shards.iter().map(|d| shard_files(d)))?;
    let mut errors = overlaps(shards, &listed);
    errors.extend(uncovered(&config, &manifests));
    errors.extend(mismatched(&config, shards, &manifests));
    if !errors.is_empty() {
        return Err(errors);
    }
    let out = opts.out.clone().unwrap_or_else(|| opts.root.join("public"));
    let staging = output::prepare(&out, &opts.root).map_err(|d| vec![d])?;
    let copied: Vec<Diagnostic> = listed
        .par_iter()
        .flatten()
        .filter_map(|(rel, from)| {
            staging
                .copy(rel, from)
                .err()
                .map(|e| Diagnostic::file_error(from, format!("cannot copy: {e}")).with_code(Code::Io))
        })
        .collect();
    if !copied.is_empty() {
        return Err(copied);
    }
    let files = listed.iter().map(Vec::len).sum();
    shared_files(config, &manifests, &staging)?;
    staging.commit().map_err(|e| {
        vec![Diagnostic::file_error(&out, format!("cannot put the merged site in place: {e}")).with_code(Code::Io)]
    })?;
    let pages = manifests.iter().map(|m| m.pages).sum();
    Ok(MergeSummary { shards: shards.len(), pages, files, elapsed: started.elapsed() })
}

/// Paths written by two shards: one error per pair of shards, naming its first path (a shard
/// given twice would otherwise repeat every one of its files).
fn overlaps(shards: &[PathBuf], listed: &[Vec<(String, PathBuf)>]) -> Vec<Diagnostic> {
    let mut owner: HashMap<&str, usize> = HashMap::new();
    // (first shard, second shard) → (first path, how many)
    let mut pairs: std::collections::BTreeMap<(usize, usize), (&str, usize)> = Default::default();
    for (s, files) in listed.iter().enumerate() {
        for (rel, _) in files {
            if let Some(first) = owner.insert(rel, s) {
                pairs.entry((first, s)).or_insert((rel, 0)).1 += 1;
            }
        }
    }
    pairs
        .into_iter()
        .map(|((a, b), (rel, n))| {
            let more = if n > 1 { format!(" (and {} more paths)", n - 1) } else { String::new() };
            let msg =
                format!("{rel} is written by two shards: {} and {}{more}", shards[a].display(), shards[b].display());
            let hint = "give each shard different --locale/--version values, and each shard folder to merge once";
            Diagnostic::file_error(&shards[b], msg).with_code(Code::ShardOverlap).with_hint(hint)
        })
        .collect()
}

/// Locales (and versions) no shard built: the merged site would lack them.
fn uncovered(config: &crate::config::Config, manifests: &[Manifest]) -> Vec<Diagnostic> {
    let versions: Vec<Option<&str>> = if config.versions.is_empty() {
        vec![None]
    } else {
        config.versions.iter().map(|v| Some(v.name.as_str())).collect()
    };
    let has = |list: &[String], x: &str| list.is_empty() || list.iter().any(|y| y == x);
    let mut missing = Vec::new();
    for l in &config.locales {
        for v in &versions {
            let built = manifests.iter().any(|m| has(&m.locales, &l.code) && v.is_none_or(|v| has(&m.versions, v)));
            if !built {
                missing.push(match v {
                    Some(v) => format!("{} {v}", l.code),
                    None => l.code.clone(),
                });
            }
        }
    }
    if missing.is_empty() {
        return Vec::new();
    }
    let msg = format!("no shard built {}", missing.join(", "));
    let hint =
        "build a shard for each locale (and version) with `guidebook build --locale L --index FILE` and merge them all";
    vec![Diagnostic::file_error(crate::config::CONFIG_FILE, msg).with_code(Code::Merge).with_hint(hint)]
}

/// Shards built for another base URL than the merge's, or from another index than the first
/// shard's: their pages would link past each other.
fn mismatched(config: &crate::config::Config, shards: &[PathBuf], manifests: &[Manifest]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let base_url = config.base_url();
    for (dir, m) in shards.iter().zip(manifests) {
        if m.base_url != base_url {
            let msg = format!("{} was built for base URL {}, the merge is for {base_url}", dir.display(), m.base_url);
            let hint = "give merge the --base-url the shards were built with";
            errors.push(Diagnostic::file_error(dir, msg).with_code(Code::Merge).with_hint(hint));
        }
        if m.index != manifests[0].index {
            let msg = format!("{} was built from another index file than {}", dir.display(), shards[0].display());
            let hint = "export the index once and build every shard with it";
            errors.push(Diagnostic::file_error(dir, msg).with_code(Code::Merge).with_hint(hint));
        }
    }
    errors
}

/// All the values, or all the errors.
fn collect<T>(results: impl Iterator<Item = Result<T, Diagnostic>>) -> Result<Vec<T>, Vec<Diagnostic>> {
    let mut values = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(v) => values.push(v),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

/// The theme's files, robots.txt, the sitemap from the shards'
/// entries, and the search indexes the shards left as documents.
fn shared_files(config: crate::config::Config, manifests: &[Manifest], sink: &Staging) -> Result<(), Vec<Diagnostic>> {
    let theme = crate::theme::load(&config)?;
    let (strings, string_diags) = crate::i18n::load(&config, &theme);
    if diagnostics::error_count(&string_diags) > 0 {
        return Err(string_diags);
    }
    let io = |what: &str, e: std::io::Error| {
        vec![Diagnostic::file_error(what, format!("cannot write: {e}")).with_code(Code::Io)]
    };
    // The root redirect and 404 page come from the shard of the default locale's own files.
    let (site, _) = Site::new(config.clone(), Vec::new(), Vec::new());
    let renderer = Renderer::new(&site, &theme, Arc::new(strings))?;
    for (rel, file) in &theme.statics {
        let rel = renderer.asset_name(rel);
        let done = match &file.source {
            crate::theme::FileSource::Embedded(bytes) => sink.write(&rel, bytes),
            crate::theme::FileSource::Disk(path) => sink.copy(&rel, path),
        };
        done.map_err(|e| io(&rel, e))?;
    }
    let has_robots = theme.statics.contains_key("robots.txt");
    crate::output::publish::write(&site, has_robots, sink).map_err(|e| io("robots.txt", e))?;
    // The empty site's sitemap is the frame the entries go in, sorted by URL as one build sorts.
    let frame = crate::output::publish::sitemap(&site);
    let cut = frame.rfind("</urlset>").unwrap_or(frame.len());
    let mut entries: Vec<&manifest::SitemapEntry> = manifests.iter().flat_map(|m| &m.sitemap).collect();
    entries.sort_by(|a, b| a.url.cmp(&b.url));
    let mut xml = String::with_capacity(entries.iter().map(|e| e.xml.len()).sum::<usize>() + frame.len());
    xml.push_str(&frame[..cut]);
    entries.iter().for_each(|e| xml.push_str(&e.xml));
    xml.push_str(&frame[cut..]);
    sink.write("sitemap.xml", xml.as_bytes()).map_err(|e| io("sitemap.xml", e))?;
    let docs: Vec<manifest::SearchDocs> = manifests.iter().flat_map(|m| m.search.iter().cloned()).collect();
    if !docs.is_empty() {
        let locales: HashSet<String> = docs.iter().map(|d| d.locale.clone()).collect();
        let (site, _) = Site::new(config, manifest::doc_pages(&docs), Vec::new());
        crate::search::write_indexes(&site, &SearchFilter::new(sink, &site.config, &locales))
            .map_err(|e| io("search index", e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlaps_are_reported_once_per_pair_of_shards_with_a_count() {
        let shards = [PathBuf::from("a"), PathBuf::from("b"), PathBuf::from("c")];
        let files = |names: &[&str]| names.iter().map(|n| (n.to_string(), PathBuf::from(n))).collect::<Vec<_>>();
        let listed = [files(&["x/1.html", "x/2.html"]), files(&["y.html"]), files(&["x/1.html", "x/2.html", "y.html"])];
        let msgs: Vec<String> = overlaps(&shards, &listed).into_iter().map(|d| d.message).collect();
        assert_eq!(
            msgs,
            [
                "x/1.html is written by two shards: a and c (and 1 more paths)",
                "y.html is written by two shards: b and c"
            ]
        );
        assert!(overlaps(&shards[..2], &listed[..2]).is_empty());
    }
}
