//! Pages' body HTML, kept LZ4-compressed in one store from the parse that renders it to the
//! write that wraps it in the theme.
//!
//! Why compressed: 20,000 pages' bodies are ~110 MiB of HTML, alive from parse to write.
//! Rendering them again at write time instead (reading each file a second time) cost a fifth of
//! the build's CPU; LZ4 keeps them in ~60 % of the memory (Korean text compresses little) for a
//! third of that CPU (compressing is 3 % of a build, decompressing 1 %, measured with perf).
//!
//! Why one store of large chunks rather than a box per page: boxes of a few KiB share the
//! allocator's pages with what the build keeps (the search text is of the same sizes), so
//! freeing them before the search index freed almost nothing (measured: the peak rose by the
//! bodies' whole size). Chunks of 4 MiB hold nothing else and go back whole.

use std::sync::RwLock;

/// Bytes per chunk (a body larger than this gets a chunk of its own).
const CHUNK: usize = 4 << 20;

/// Where one page's compressed body is in a [`BodyStore`]; the default is an empty body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Body {
    chunk: u32,
    start: u32,
    len: u32,
}

/// Every page's body, compressed, appended as pages are parsed (from any thread).
#[derive(Debug, Default)]
pub struct BodyStore {
    chunks: RwLock<Vec<Vec<u8>>>,
}

impl BodyStore {
    /// Compresses `html` into the store.
    pub fn put(&self, html: &str) -> Body {
        if html.is_empty() {
            return Body::default();
        }
        // Compressed outside the lock; this buffer is freed on the thread that made it, so the
        // next page's reuses its memory.
        let packed = lz4_flex::block::compress_prepend_size(html.as_bytes());
        let mut chunks = self.chunks.write().unwrap_or_else(|e| e.into_inner());
        let fits = chunks.last().is_some_and(|c| c.capacity() - c.len() >= packed.len());
        if !fits {
            chunks.push(Vec::with_capacity(CHUNK.max(packed.len())));
        }
        let chunk = chunks.len() - 1;
        let last = &mut chunks[chunk];
        let start = last.len();
        last.extend_from_slice(&packed);
        Body { chunk: chunk as u32, start: start as u32, len: packed.len() as u32 }
    }

    /// The HTML of `body` (empty for the default body, or once the store is cleared).
    pub fn html(&self, body: Body) -> String {
        if body.len == 0 {
            return String::new();
        }
        let chunks = self.chunks.read().unwrap_or_else(|e| e.into_inner());
        let Some(bytes) = chunks.get(body.chunk as usize).and_then(|c| c.get(body.start as usize..)) else {
            return String::new();
        };
        let bytes = &bytes[..(body.len as usize).min(bytes.len())];
        // The bytes are this store's own, compressed from a `str`: they come back whole.
        let html = lz4_flex::block::decompress_size_prepended(bytes).expect("a body compressed by BodyStore::put");
        crate::text::utf8::into_string(html).expect("a body compressed from a str")
    }

    /// Frees every body (a build, once its pages are written).
    pub fn clear(&self) {
        *self.chunks.write().unwrap_or_else(|e| e.into_inner()) = Vec::new();
    }

    /// Compressed bytes held.
    #[cfg(test)]
    fn bytes(&self) -> usize {
        self.chunks.read().unwrap_or_else(|e| e.into_inner()).iter().map(Vec::len).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::{Body, BodyStore, CHUNK};

    #[test]
    fn each_body_comes_back_as_it_went_in() {
        let store = BodyStore::default();
        let pages: Vec<String> =
            (0..200).map(|i| format!("<h2 id=\"a{i}\">제목 {i}</h2>\n<p>Text</p>\n").repeat(i + 1)).collect();
        let bodies: Vec<Body> = pages.iter().map(|p| store.put(p)).collect();
        for (page, body) in pages.iter().zip(&bodies) {
            assert_eq!(&store.html(*body), page);
        }
        assert!(store.bytes() < pages.iter().map(String::len).sum::<usize>() / 4, "repetitive HTML compresses");
        assert_eq!(store.put(""), Body::default());
        assert_eq!(store.html(Body::default()), "");
    }

    #[test]
    fn a_body_larger_than_a_chunk_gets_its_own_and_later_ones_still_fit() {
        let store = BodyStore::default();
        let small = store.put("<p>a</p>");
        // Pseudo-random syllables: incompressible enough to stay over a chunk's size.
        let mut seed = 1u64;
        let big: String = (0..CHUNK / 2)
            .map(|_| {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                char::from_u32(0xAC00 + (seed >> 33) as u32 % 11172).unwrap()
            })
            .collect();
        let large = store.put(&big);
        let after = store.put("<p>b</p>");
        assert_eq!(store.html(small), "<p>a</p>");
        assert_eq!(store.html(large), big);
        assert_eq!(store.html(after), "<p>b</p>");
        assert!(store.bytes() > CHUNK, "the large body was stored whole");
    }

    #[test]
    fn a_cleared_store_gives_empty_bodies() {
        let store = BodyStore::default();
        let body = store.put("<p>x</p>");
        store.clear();
        assert_eq!(store.html(body), "");
        assert_eq!(store.bytes(), 0);
    }
}
