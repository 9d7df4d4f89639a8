//! Search with no server: at build time, an inverted index per locale written as static files
//! the browser loads lazily — a small JSON manifest, binary postings split into shards by the
//! start of each token (so a one-word query fetches one shard; format in [`encode`]), and JSON
//! documents in small chunks (fetched only for the results shown).

mod by_shard;
mod doc_json;
pub mod encode;
pub mod per_version;
pub mod tokenize;

use crate::output::Sink;
use crate::site::Site;
use doc_json::DocumentJson;
use encode::Posting;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::{json, Map, Value};
use tokenize::{for_each_token, FOLD};

/// Weights of where a token appears: a title match ranks above a heading, above the body.
const TITLE: u32 = 30;
const HEADING: u32 = 12;
const DESCRIPTION: u32 = 6;
const BODY: u32 = 1;
/// One token counts at most this often in a section's body.
const BODY_CAP: u32 = 5;
/// Columns of a section kept to show as a snippet (see [`excerpt`]).
const EXCERPT: usize = 280;
/// Postings per shard aimed at (2 to 3 bytes each).
const SHARD_POSTINGS: usize = 5000;
/// Documents per chunk file.
pub const CHUNK: usize = 10;
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

/// Writes the search index of every locale into `sink`, under `<locale>/_search/` (with
/// `[[versions]]`: of every locale and version, under `<locale>/<version>/_search/`).
pub fn write_indexes(site: &Site, sink: &dyn Sink) -> std::io::Result<Vec<(String, IndexStats)>> {
    // Every index to write: (its name in reports, its folder, its pages).
    let mut indexes: Vec<(String, String, Vec<usize>)> = Vec::new();
    for locale in &site.config.locales {
        let folder = locale_folder(&site.config, &locale.code);
        let pages: Vec<usize> = (0..site.pages.len()).filter(|i| site.pages[*i].locale == locale.code).collect();
        let versions = &site.config.versions;
        if versions.is_empty() {
            indexes.push((locale.code.clone(), folder, pages));
            continue;
        }
        // With versions: one index per version (`<locale>/<version>/_search/`), none per locale.
        for (version, mine) in per_version::split(versions, &site.pages, &pages) {
            indexes.push((format!("{}/{version}", locale.code), format!("{folder}{version}/"), mine));
        }
    }
    // Two indexes side by side: each is parallel inside, but between its steps (gathering,
    // dealing, encoding) one thread waited for the other's last run, and the other index's work
    // fills those gaps. Two at most: each holds its postings until written (a site with many
    // versions has many indexes).
    let mut stats = Vec::with_capacity(indexes.len());
    for pair in indexes.chunks(2) {
        let written: std::io::Result<Vec<(String, IndexStats)>> = pair
            .par_iter()
            .map(|(name, folder, pages)| Ok((name.clone(), write_locale(site, pages, folder, sink)?)))
            .collect();
        stats.extend(written?);
    }
    Ok(stats)
}

/// A locale's folder below the output root (which is base_url's path), where sink paths
/// start: `en-us/`, or empty for a site without locale folders. Its search index is in
/// `<folder>_search/` (with versions, `<folder><version>/_search/`).
pub fn locale_folder(config: &crate::config::Config, locale: &str) -> String {
    let prefix = config.locale_prefix(locale);
    let rel = prefix.strip_prefix(&config.base_path).unwrap_or(&prefix).trim_matches('/');
    if rel.is_empty() {
        String::new()
    } else {
        format!("{rel}/")
    }
}

/// Postings gathered by one thread: each distinct token is stored once, as a number, so the hot
/// loop looks tokens up by `&str` and allocates only for a token this thread has never seen.
#[derive(Default)]
struct Gathered {
    /// Tokens of up to 8 bytes (Korean pairs, most words), keyed by their bytes as a number:
    /// hashing and comparing a `u64` is several times cheaper than a string.
    short_ids: FxHashMap<u64, u32>,
    /// The last id seen for each slot of short keys, looked up before `short_ids`: one
    /// multiplication and one compare, where the map's probe took ~20 instructions more
    /// (callgrind). A text repeats its words and pairs, so most lookups stop here.
    recent: Recent,
    ids: FxHashMap<Box<str>, u32>,
    tokens: Vec<Box<str>>,
    postings: Vec<Vec<Posting>>,
    /// Per-document scratch, by token id: (score, section, best gain in one section); `hit`
    /// lists the ids with a score. Indexed by id rather than hashed: a third fewer cycles per
    /// token than two hash maps (perf, 2 x 10,000 pages).
    hits: Vec<(u32, u16, u16)>,
    hit: Vec<u32>,
    /// Per-text scratch, by token id: occurrences (saturating: a cap is at most a few);
    /// `counted` lists the ids seen.
    counts: Vec<u16>,
    counted: Vec<u32>,
}

impl Gathered {
    #[inline(always)]
    fn id(&mut self, token: &str) -> u32 {
        let next = self.tokens.len() as u32;
        let id = match short_key(token) {
            Some(key) => {
                let slot = Recent::slot(key);
                match self.recent.0[slot] {
                    (k, id) if k == key => id,
                    _ => {
                        let id = *self.short_ids.entry(key).or_insert(next);
                        self.recent.0[slot] = (key, id);
                        id
                    }
                }
            }
            None => match self.ids.get(token) {
                Some(&id) => id,
                None => {
                    self.ids.insert(token.into(), next);
                    next
                }
            },
        };
        if id == next {
            self.tokens.push(token.into());
            self.postings.push(Vec::new());
        }
        id
    }

    /// [`Gathered::id`], with room for the token in the scratch tables.
    #[inline(always)]
    fn scratch_id(&mut self, token: &str) -> u32 {
        let id = self.id(token);
        if self.counts.len() <= id as usize {
            self.counts.resize(self.tokens.len(), 0);
            self.hits.resize(self.tokens.len(), (0, 0, 0));
        }
        id
    }

    /// Scores one text of a document: each token gains `weight` per occurrence, at most `cap`
    /// occurrences; the section where a token gains most is where a result points.
    fn add(&mut self, text: &str, weight: u32, section: usize, cap: u32) {
        let mut counted = std::mem::take(&mut self.counted);
        for_each_token(text, |t| {
            let id = self.scratch_id(t);
            let n = &mut self.counts[id as usize];
            if *n == 0 {
                counted.push(id);
            }
            *n = n.saturating_add(1);
        });
        for id in counted.drain(..) {
            let n = std::mem::take(&mut self.counts[id as usize]);
            let gained = weight * u32::from(n).min(cap);
            let hit = &mut self.hits[id as usize];
            if hit.0 == 0 {
                self.hit.push(id);
            }
            hit.0 += gained;
            // A gain is at most a weight times a cap (30 x 5): it fits.
            let gained = gained.min(u16::MAX as u32) as u16;
            if gained > hit.2 {
                hit.2 = gained;
                hit.1 = section.min(u16::MAX as usize) as u16;
            }
        }
        self.counted = counted;
    }

    /// Adds one document's postings.
    fn document(&mut self, doc: u32, page: &crate::page::Page) {
        self.add(&page.heading, TITLE, 0, 1);
        if let Some(d) = &page.meta.description {
            self.add(d, DESCRIPTION, 0, 1);
        }
        for (s, section) in page.sections.iter().enumerate() {
            self.add(&section.heading, HEADING, s, 1);
            self.add(&section.text, BODY, s, BODY_CAP);
        }
        for id in self.hit.drain(..) {
            let (score, section, _) = std::mem::take(&mut self.hits[id as usize]);
            self.postings[id as usize].push((doc, score, section));
        }
    }
}

/// [`Gathered::recent`]: a direct-mapped cache of short keys' ids.
struct Recent(Box<[(u64, u32)]>);

impl Recent {
    const BITS: u32 = 12;

    #[inline(always)]
    fn slot(key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - Self::BITS)) as usize
    }
}

impl Default for Recent {
    /// Every slot empty: no short key is all ones (its bytes are a token's UTF-8, zero-padded,
    /// and UTF-8 has no byte 0xFF).
    fn default() -> Self {
        Recent(vec![(u64::MAX, 0); 1 << Self::BITS].into_boxed_slice())
    }
}

/// A token of at most 8 bytes as a number (its bytes, zero-padded: tokens hold no NUL, so two
/// tokens never share a key). Read as two overlapping loads (or three bytes) rather than a copy
/// into a buffer, whose variable-length `memcpy` call was 2 % of a build (perf).
fn short_key(token: &str) -> Option<u64> {
    let b = token.as_bytes();
    let n = b.len();
    let key = match n {
        0 => 0,
        // The first, middle and last bytes: all of them, for up to three.
        1..=3 => u64::from(b[0]) | (u64::from(b[n / 2]) << (8 * (n / 2))) | (u64::from(b[n - 1]) << (8 * (n - 1))),
        // The first four and the last four, which overlap where the token is under 8 bytes: the
        // shared bytes land in the same place from both, and OR leaves them as they are.
        4..=8 => {
            let first = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            let last = u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]);
            u64::from(first) | (u64::from(last) << (8 * (n - 4)))
        }
        _ => return None,
    };
    Some(key)
}

/// The opening words of a text, white space collapsed, at most [`EXCERPT`] columns wide: a
/// character of a CJK script is drawn twice as wide as a Latin letter (and takes three bytes
/// of UTF-8), so a Korean excerpt holds half as many characters in the same space.
fn excerpt(text: &str) -> String {
    // One pass over the bytes (the words split on white space, joined by one space). Text is
    // copied in whole pieces: words the text itself joins by one space are copied together,
    // with their space. The rest of an ASCII word is counted in one tight loop, and Hangul
    // syllables, most of a Korean text, are told from white space without Unicode's table.
    // (Character by character, with `char_indices`, this was 3 % of a build's instructions.)
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(EXCERPT + 8);
    let mut columns = 0;
    // The text not yet copied starts at `from`: whole words up to `to`, then the word being
    // read when `in_word`.
    let mut from: Option<usize> = None;
    let mut to = 0;
    let mut in_word = false;
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        let (space, width, len) = if b < 0x80 {
            // ASCII white space: `\t`, `\n`, the vertical tab, `\x0c`, `\r`, and the space.
            (b == b' ' || (b'\t'..=b'\r').contains(&b), 1, 1)
        } else {
            // `at` is a character boundary: it only ever moves by a whole character.
            let Some(c) = text[at..].chars().next() else { break };
            if crate::text::hangul::is_syllable(c) {
                (false, 2, 3)
            } else {
                (c.is_whitespace(), if tokenize::is_gram_char(c) { 2 } else { 1 }, c.len_utf8())
            }
        };
        if space {
            if in_word {
                in_word = false;
                to = at;
            }
            at += len;
            continue;
        }
        if !in_word {
            if columns >= EXCERPT {
                if let Some(f) = from {
                    out.push_str(&text[f..to]);
                }
                return out;
            }
            match from {
                // A word before this one (so `columns > 0`): one space between them.
                Some(f) => {
                    if !(to + 1 == at && bytes[to] == b' ') {
                        out.push_str(&text[f..to]);
                        out.push(' ');
                        from = Some(at);
                    }
                    columns += 1;
                }
                None => from = Some(at),
            }
            in_word = true;
        }
        if columns >= EXCERPT {
            out.push_str(&text[from.unwrap_or(at)..at]);
            return out;
        }
        columns += width;
        at += len;
        // The rest of the word while there is room, in a tight loop: ASCII letters (one column)
        // and Hangul syllables (two). Anything else, or the end of the room, goes back to the
        // loop above, which cuts the word where the room ends as it would a character at a time.
        while columns < EXCERPT && at < bytes.len() {
            let b = bytes[at];
            if b > b' ' && b < 0x80 {
                columns += 1;
                at += 1;
            } else if crate::text::hangul::syllable_at(bytes, at) {
                columns += 2;
                at += 3;
            } else {
                break;
            }
        }
    }
    if let Some(f) = from {
        out.push_str(&text[f..if in_word { text.len() } else { to }]);
    }
    out
}

/// Writes the index of `pages` into `<folder>_search/` (`folder` from [`locale_folder`]).
fn write_locale(site: &Site, pages: &[usize], folder: &str, sink: &dyn Sink) -> std::io::Result<IndexStats> {
    // Postings per token, gathered in parallel: a few runs of pages per thread, each with its
    // own dictionary, merged shard by shard after (see `by_shard`). A `fold` over single pages
    // made a dictionary per split rayon chose, each holding most of a locale's tokens: ~90 MiB
    // more at the peak for Korean pairs.
    let run = pages.len().div_ceil(2 * rayon::current_num_threads()).max(1);
    let parts: Vec<by_shard::Part> = pages
        .par_chunks(run)
        .enumerate()
        .map(|(n, chunk)| {
            let mut acc = Gathered::default();
            for (k, &i) in chunk.iter().enumerate() {
                acc.document((n * run + k) as u32, &site.pages[i]);
            }
            (acc.tokens, acc.postings)
        })
        .collect();
    // Shards of about SHARD_POSTINGS postings each, so a query fetches about as many bytes per
    // token in any language: Korean, indexed by character pairs, has twice English's postings
    // and gets twice its shards.
    let postings: usize = parts.iter().flat_map(|(_, lists)| lists.iter().map(Vec::len)).sum();
    let shards = (postings / SHARD_POSTINGS).clamp(16, 1024) as u32;
    let buckets = by_shard::deal(parts, shards);
    let dir = format!("{folder}{INDEX_DIR}");
    // Each shard: tokens in order, each token's documents in order, in binary (see `encode`).
    let sizes: Vec<std::io::Result<usize>> = buckets
        .into_par_iter()
        .enumerate()
        .map(|(n, bucket)| {
            let bytes = encode::shard(&mut by_shard::coalesce(bucket));
            sink.write(&format!("{dir}/p{n}.bin"), &bytes).map(|()| bytes.len())
        })
        .collect();
    let mut stats = IndexStats { docs: pages.len(), shards, ..IndexStats::default() };
    for size in sizes {
        let size = size?;
        stats.bytes += size;
        stats.largest_shard = stats.largest_shard.max(size);
    }
    let chunk_sizes: Vec<std::io::Result<usize>> = pages
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(n, chunk)| {
            let docs: Vec<DocumentJson> = chunk.iter().map(|&i| DocumentJson::new(&site.pages[i])).collect();
            let bytes = doc_json::write(&docs);
            sink.write(&format!("{dir}/d{n}.json"), &bytes).map(|()| bytes.len())
        })
        .collect();
    for size in chunk_sizes {
        stats.bytes += size?;
    }
    let fold: Map<String, Value> = FOLD.iter().map(|(c, s)| (c.to_string(), json!(s))).collect();
    let manifest = json!({ "version": 2, "shards": shards, "chunk": CHUNK, "docs": pages.len(), "fold": fold });
    let bytes = serde_json::to_vec(&manifest).expect("plain values serialise");
    sink.write(&format!("{dir}/manifest.json"), &bytes)?;
    stats.bytes += bytes.len();
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::{excerpt, tokenize, EXCERPT};

    #[test]
    fn ids_stay_one_per_token_when_the_recent_slots_collide() {
        // Far more short tokens than the cache has slots, each seen twice, in two orders: a
        // token keeps its first id whichever token last held its slot.
        let tokens: Vec<String> = (0..20_000).map(|n| format!("t{n}")).collect();
        let mut gathered = super::Gathered::default();
        let first: Vec<u32> = tokens.iter().map(|t| gathered.id(t)).collect();
        assert_eq!(first, (0..20_000).collect::<Vec<u32>>(), "each new token its own id");
        for (t, id) in tokens.iter().zip(&first).rev() {
            assert_eq!(gathered.id(t), *id, "{t}");
        }
        assert_eq!(gathered.tokens.len(), 20_000);
    }

    #[test]
    fn a_short_key_is_the_token_zero_padded() {
        for token in ["", "a", "ab", "abc", "abcd", "게", "게시", "abcdefg", "abcdefgh", "é", "xé"] {
            let mut padded = [0u8; 8];
            padded[..token.len()].copy_from_slice(token.as_bytes());
            assert_eq!(super::short_key(token), Some(u64::from_le_bytes(padded)), "{token:?}");
        }
        assert_eq!(super::short_key("abcdefghi"), None);
    }

    /// The excerpt as first written: words split on white space, joined by one space.
    fn by_words(text: &str) -> String {
        let mut out = String::new();
        let mut columns = 0;
        for word in text.split_whitespace() {
            if columns > 0 {
                out.push(' ');
                columns += 1;
            }
            for c in word.chars() {
                if columns >= EXCERPT {
                    return out;
                }
                out.push(c);
                columns += if tokenize::is_gram_char(c) { 2 } else { 1 };
            }
            if columns >= EXCERPT {
                break;
            }
        }
        out
    }

    #[test]
    fn the_one_pass_excerpt_agrees_with_the_word_loop() {
        let pieces = [
            "포털을",
            "관리",
            "word",
            "a",
            "\u{3000}",
            " ",
            "\n\t",
            "é",
            "Microsoft.Azure",
            "  ",
            "x",
            "\x0b",
            "\u{a0}",
            "漢字",
        ];
        for text in tokenize::tests::random_texts(&pieces, 2000, 300, 7) {
            assert_eq!(excerpt(&text), by_words(&text), "{text:?}");
        }
        assert_eq!(excerpt("  lead  and   trail  "), "lead and trail");
    }
}
