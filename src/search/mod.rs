//! Search with no server: at build time, an inverted index per locale written as static JSON
//! files the browser loads lazily — a small manifest, postings split into shards by the start
//! of each token (so a one-word query fetches one shard), and documents in small chunks
//! (fetched only for the results shown).

pub mod tokenize;

use crate::output::Sink;
use crate::site::Site;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap};
use tokenize::{shard_of, tokenize, FOLD};

/// Weights of where a token appears: a title match ranks above a heading, above the body.
const TITLE: u32 = 30;
const HEADING: u32 = 12;
const DESCRIPTION: u32 = 6;
const BODY: u32 = 1;
/// One token counts at most this often in a section's body.
const BODY_CAP: u32 = 5;
/// Characters of a section kept to show as a snippet.
const EXCERPT: usize = 280;
/// Documents per chunk file.
pub const CHUNK: usize = 20;
/// The folder of each locale's index, below the locale's URL.
pub const INDEX_DIR: &str = "_search";

/// Sizes of what was written, for reports and benchmarks.
#[derive(Debug, Default, Clone, Copy)]
pub struct IndexStats {
    /// Documents indexed.
    pub docs: usize,
    /// Bytes of all files of the index.
    pub bytes: usize,
    /// Postings shards.
    pub shards: u32,
    /// Bytes of the largest postings shard.
    pub largest_shard: usize,
}

/// Best score of a token in a document, and the section (index into the doc's sections) where
/// it scores best.
#[derive(Clone, Copy, Default)]
struct Hit {
    score: u32,
    section: usize,
    best_in_section: u32,
}

/// Writes the search index of every locale into `sink`, under `<locale>/_search/`.
pub fn write_indexes(site: &Site, sink: &dyn Sink) -> std::io::Result<Vec<(String, IndexStats)>> {
    let mut stats = Vec::new();
    for locale in &site.config.locales {
        // Paths in the sink are below the output root, which is base_url's path.
        let prefix = site.config.locale_prefix(&locale.code);
        let prefix = prefix.strip_prefix(&site.config.base_path).unwrap_or(&prefix).to_string();
        let pages: Vec<usize> = (0..site.pages.len()).filter(|i| site.pages[*i].locale == locale.code).collect();
        stats.push((locale.code.clone(), write_locale(site, &pages, &prefix, sink)?));
    }
    Ok(stats)
}

fn write_locale(site: &Site, pages: &[usize], prefix: &str, sink: &dyn Sink) -> std::io::Result<IndexStats> {
    let mut postings: HashMap<String, BTreeMap<usize, Hit>> = HashMap::new();
    let mut docs = Vec::with_capacity(pages.len());
    for (doc, &i) in pages.iter().enumerate() {
        let page = &site.pages[i];
        let mut add = |text: &str, weight: u32, section: usize, cap: u32| {
            let mut counts: HashMap<String, u32> = HashMap::new();
            for t in tokenize(text) {
                *counts.entry(t).or_default() += 1;
            }
            for (t, n) in counts {
                let gained = weight * n.min(cap);
                let hit = postings.entry(t).or_default().entry(doc).or_default();
                hit.score += gained;
                if gained > hit.best_in_section {
                    hit.best_in_section = gained;
                    hit.section = section;
                }
            }
        };
        add(&page.heading, TITLE, 0, 1);
        if let Some(d) = page.meta_str("description") {
            add(&d, DESCRIPTION, 0, 1);
        }
        let mut sections = Vec::new();
        for (s, section) in page.sections.iter().enumerate() {
            add(&section.heading, HEADING, s, 1);
            add(&section.text, BODY, s, BODY_CAP);
            let excerpt: String =
                section.text.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(EXCERPT).collect();
            sections.push(json!([section.anchor.clone().unwrap_or_default(), section.heading, excerpt]));
        }
        docs.push(json!({ "u": page.url, "t": page.heading, "s": sections }));
    }
    let shards = (pages.len() as u32 / 50).clamp(16, 1024);
    let mut shard_maps: Vec<BTreeMap<String, Vec<Value>>> = vec![BTreeMap::new(); shards as usize];
    for (token, hits) in postings {
        let mut list: Vec<(usize, Hit)> = hits.into_iter().collect();
        list.sort_by(|a, b| b.1.score.cmp(&a.1.score).then(a.0.cmp(&b.0)));
        let entries = list.into_iter().map(|(doc, h)| json!([doc, h.score, h.section])).collect();
        shard_maps[shard_of(&token, shards) as usize].insert(token, entries);
    }
    let dir = format!("{prefix}/{INDEX_DIR}").trim_start_matches('/').to_string();
    let mut stats = IndexStats { docs: docs.len(), shards, ..IndexStats::default() };
    let mut write = |name: String, value: &Value| -> std::io::Result<usize> {
        let bytes = serde_json::to_vec(value).expect("plain values serialise");
        sink.write(&format!("{dir}/{name}"), &bytes)?;
        stats.bytes += bytes.len();
        Ok(bytes.len())
    };
    for (n, map) in shard_maps.into_iter().enumerate() {
        let value = Value::Object(map.into_iter().map(|(k, v)| (k, Value::Array(v))).collect::<Map<_, _>>());
        let size = write(format!("p{n}.json"), &value)?;
        stats.largest_shard = stats.largest_shard.max(size);
    }
    for (n, chunk) in docs.chunks(CHUNK).enumerate() {
        write(format!("d{n}.json"), &Value::Array(chunk.to_vec()))?;
    }
    let fold: Map<String, Value> = FOLD.iter().map(|(c, s)| (c.to_string(), json!(s))).collect();
    write(
        "manifest.json".into(),
        &json!({ "version": 1, "shards": shards, "chunk": CHUNK, "docs": docs.len(), "fold": fold }),
    )?;
    Ok(stats)
}
