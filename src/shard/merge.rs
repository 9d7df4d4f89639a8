//! `guidebook merge`: joins shard outputs into one site, swapped in atomically like a build.
//! Every file of every shard is copied once (a path two shards wrote is an error naming both);
//! the files the whole site shares — theme files, `/index.html`, `/404.html`, `sitemap.xml`,
//! `robots.txt` — and search indexes no shard could write are made here, as a single build
//! makes them.

use super::manifest::{self, Manifest, SearchFilter};
use super::MANIFEST;
use crate::build::BuildOptions;
use crate::diagnostics::{self, Diagnostic};
use crate::discover::Sources;
use crate::links::LinkIndex;
use crate::output::{self, Staging};
use crate::render::{Inputs, Job, Renderer};
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
            Diagnostic::error(dir, 0, 0, format!("cannot read the shard folder: {e}")).with_code("io")
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
    let config = crate::build::load_config(opts)?;
    if shards.is_empty() {
        let msg = "merge needs the shard folders to join";
        return Err(vec![Diagnostic::error(&opts.root, 0, 0, msg)
            .with_code("merge")
            .with_hint("guidebook merge --root ROOT --out OUT shard-en-us shard-ko-kr ...")]);
    }
    let manifests: Vec<Manifest> = collect(shards.iter().map(|d| manifest::read(d)))?;
    let listed: Vec<Vec<(String, PathBuf)>> = collect(shards.iter().map(|d| shard_files(d)))?;
    // A path two shards wrote is reported with both; every one at once.
    let mut owner: HashMap<&str, usize> = HashMap::new();
    let mut errors = Vec::new();
    for (s, files) in listed.iter().enumerate() {
        for (rel, _) in files {
            if let Some(first) = owner.insert(rel, s) {
                let msg = format!(
                    "{rel} is written by two shards: {} and {}",
                    shards[first].display(),
                    shards[s].display()
                );
                let hint = "give each shard different --locale/--version values, and each shard folder to merge once";
                errors.push(Diagnostic::error(&shards[s], 0, 0, msg).with_code("shard-overlap").with_hint(hint));
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let out = opts.out.clone().unwrap_or_else(|| opts.root.join("public"));
    let staging = output::prepare(&out, &opts.root).map_err(|d| vec![d])?;
    let copied: Vec<Diagnostic> = listed
        .par_iter()
        .flatten()
        .filter_map(|(rel, from)| {
            staging.copy(rel, from).err().map(|e| Diagnostic::error(from, 0, 0, format!("cannot copy: {e}")).with_code("io"))
        })
        .collect();
    if !copied.is_empty() {
        return Err(copied);
    }
    let files = listed.iter().map(Vec::len).sum();
    shared_files(config, &manifests, &staging)?;
    staging.commit().map_err(|e| {
        vec![Diagnostic::error(&out, 0, 0, format!("cannot put the merged site in place: {e}")).with_code("io")]
    })?;
    let pages = manifests.iter().map(|m| m.pages).sum();
    Ok(MergeSummary { shards: shards.len(), pages, files, elapsed: started.elapsed() })
}

/// All the values, or all the errors.
fn collect<T>(results: impl Iterator<Item = Result<T, Diagnostic>>) -> Result<Vec<T>, Vec<Diagnostic>> {
    let (ok, errors): (Vec<_>, Vec<_>) = results.partition(Result::is_ok);
    if errors.is_empty() {
        Ok(ok.into_iter().map(|r| r.ok().expect("partitioned")).collect())
    } else {
        Err(errors.into_iter().map(|r| r.err().expect("partitioned")).collect())
    }
}

/// The theme's files, the root redirect and 404 page, robots.txt, the sitemap from the shards'
/// entries, and the search indexes the shards left as documents.
fn shared_files(config: crate::config::Config, manifests: &[Manifest], sink: &Staging) -> Result<(), Vec<Diagnostic>> {
    let theme = crate::theme::load(&config)?;
    let (strings, string_diags) = crate::i18n::load(&config, &theme);
    if diagnostics::error_count(&string_diags) > 0 {
        return Err(string_diags);
    }
    let io = |what: &str, e: std::io::Error| vec![Diagnostic::error(what, 0, 0, format!("cannot write: {e}")).with_code("io")];
    let links = LinkIndex::new(&config, &Sources::default());
    // The root files read the settings only: a site graph without pages renders them.
    let (site, _) = Site::new(config.clone(), Vec::new(), Vec::new());
    let renderer = Renderer::new(&site, &theme, Arc::new(strings))?;
    let nav = crate::nav::Navigation::default();
    let xrefs = crate::xref::XrefIndex::default();
    let inputs = Inputs { site: &site, links: &links, nav: &nav, xrefs: &xrefs };
    let jobs = Renderer::jobs(&site).into_iter().filter(|j| matches!(j, Job::RootNotFound | Job::Redirect));
    for job in jobs {
        let (path, html) = renderer.render(&inputs, &job).map_err(|d| vec![d])?;
        sink.write(&path, &html).map_err(|e| io(&path, e))?;
    }
    for (rel, file) in &theme.statics {
        let rel = renderer.asset_name(rel);
        let done = match &file.source {
            crate::theme::FileSource::Embedded(bytes) => sink.write(&rel, bytes),
            crate::theme::FileSource::Disk(path) => sink.copy(&rel, path),
        };
        done.map_err(|e| io(&rel, e))?;
    }
    let has_robots = theme.statics.contains_key("robots.txt");
    crate::publish::write(&site, has_robots, sink).map_err(|e| io("robots.txt", e))?;
    // The empty site's sitemap is the frame the entries go in, sorted by URL as one build sorts.
    let frame = crate::publish::sitemap(&site);
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
