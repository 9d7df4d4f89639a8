//! Pages' body HTML, kept in one store from the parse that renders it to the write that wraps
//! it in the theme. Rendering a body again at write time instead (reading each file a second
//! time) cost a fifth of the build's CPU.
//!
//! How the bodies wait ([`Keeping`]) depends on the command:
//! - `serve` keeps every body for as long as it runs, so it keeps them LZ4-compressed: ~60 % of
//!   the memory (Korean text compresses little), for compressing at 6 % of a build's CPU (perf).
//! - `build` and `check` free the bodies once the pages are written, before the search index,
//!   where the build's peak is, and the chunks go back to the OS when freed (`Chunk`). So
//!   plain bodies raise the render phase's memory (~375 → ~430 MB on 2 x 10,000 pages, sampled
//!   every 100 ms) but not the peak (464–474 MB either way, /usr/bin/time), and compressing would
//!   only cost time (alternating builds: 3.08 s compressed, 2.89 s plain).
//!
//! Why one store of large chunks rather than a box per page: boxes of a few KiB share the
//! allocator's pages with what the build keeps (the search text is of the same sizes), so
//! freeing them before the search index freed almost nothing (measured: the peak rose by the
//! bodies' whole size). Chunks of 4 MiB hold nothing else and go back whole.

use std::borrow::Cow;
use std::sync::RwLock;

/// Bytes per chunk (a body larger than this gets a chunk of its own).
const CHUNK: usize = 4 << 20;

/// Where one page's body is in a [`BodyStore`]; the default is an empty body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Body {
    chunk: u32,
    start: u32,
    len: u32,
}

/// Memory for bodies, mapped from the OS apart from the allocator's heaps, so that freeing it
/// gives it back at once: the allocator, told to keep what a build frees (`memory.rs`), kept the
/// chunks, and the search index, built after they are freed, did not reuse them (+30 MB at the
/// build's peak, /usr/bin/time). A heap vector where the OS refuses a mapping.
#[derive(Debug)]
enum Chunk {
    Mapped { map: memmap2::MmapMut, len: usize },
    Heap(Vec<u8>),
}

impl Chunk {
    fn with_capacity(capacity: usize) -> Chunk {
        match memmap2::MmapMut::map_anon(capacity) {
            Ok(map) => Chunk::Mapped { map, len: 0 },
            Err(_) => Chunk::Heap(Vec::with_capacity(capacity)),
        }
    }

    fn room(&self) -> usize {
        match self {
            Chunk::Mapped { map, len } => map.len() - len,
            Chunk::Heap(v) => v.capacity() - v.len(),
        }
    }

    /// Appends `bytes` (which fit: see `room`), returning where they start.
    fn push(&mut self, bytes: &[u8]) -> usize {
        match self {
            Chunk::Mapped { map, len } => {
                let start = *len;
                map[start..start + bytes.len()].copy_from_slice(bytes);
                *len += bytes.len();
                start
            }
            Chunk::Heap(v) => {
                let start = v.len();
                v.extend_from_slice(bytes);
                start
            }
        }
    }

    fn bytes(&self) -> &[u8] {
        match self {
            Chunk::Mapped { map, len } => &map[..*len],
            Chunk::Heap(v) => v,
        }
    }
}

/// How bodies wait in a [`BodyStore`] (see the module's notes).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Keeping {
    /// LZ4-compressed: for a store kept long (`serve`).
    #[default]
    Compressed,
    /// As they are: for a store freed before the build's peak (`build`, `check`).
    Plain,
}

/// Every page's body, appended as pages are parsed (from any thread).
#[derive(Debug, Default)]
pub struct BodyStore {
    chunks: RwLock<Vec<Chunk>>,
    keeping: Keeping,
}

impl BodyStore {
    /// An empty store keeping bodies as `keeping` says.
    pub fn new(keeping: Keeping) -> BodyStore {
        BodyStore { chunks: RwLock::default(), keeping }
    }

    /// Puts `html` into the store.
    pub fn put(&self, html: &str) -> Body {
        if html.is_empty() {
            return Body::default();
        }
        // Compressed outside the lock; this buffer is freed on the thread that made it, so the
        // next page's reuses its memory.
        let packed: Cow<'_, [u8]> = match self.keeping {
            Keeping::Compressed => Cow::Owned(lz4_flex::block::compress_prepend_size(html.as_bytes())),
            Keeping::Plain => Cow::Borrowed(html.as_bytes()),
        };
        let mut chunks = self.chunks.write().unwrap_or_else(|e| e.into_inner());
        let fits = chunks.last().is_some_and(|c| c.room() >= packed.len());
        if !fits {
            chunks.push(Chunk::with_capacity(CHUNK.max(packed.len())));
        }
        let chunk = chunks.len() - 1;
        let start = chunks[chunk].push(&packed);
        Body { chunk: chunk as u32, start: start as u32, len: packed.len() as u32 }
    }

    /// The HTML of `body` (empty for the default body, or once the store is cleared).
    pub fn html(&self, body: Body) -> String {
        if body.len == 0 {
            return String::new();
        }
        let chunks = self.chunks.read().unwrap_or_else(|e| e.into_inner());
        let Some(bytes) = chunks.get(body.chunk as usize).and_then(|c| c.bytes().get(body.start as usize..)) else {
            return String::new();
        };
        let bytes = &bytes[..(body.len as usize).min(bytes.len())];
        // The bytes are this store's own, from a `str`: they come back whole.
        let html = match self.keeping {
            Keeping::Compressed => {
                lz4_flex::block::decompress_size_prepended(bytes).expect("a body compressed by BodyStore::put")
            }
            Keeping::Plain => bytes.to_vec(),
        };
        crate::text::utf8::into_string(html).expect("a body stored from a str")
    }

    /// Frees every body (a build, once its pages are written).
    pub fn clear(&self) {
        let chunks = std::mem::take(&mut *self.chunks.write().unwrap_or_else(|e| e.into_inner()));
        // Unmapping 2 x 10,000 pages' bodies (~150 MB) kept the kernel busy 13 ms on the main
        // thread with both workers idle (perf); on a thread of its own, the search index starts
        // at once. Where no thread can be made, the closure, and the chunks with it, are dropped
        // here.
        let _ = std::thread::Builder::new().name("free-bodies".into()).spawn(move || drop(chunks));
    }

    /// Bytes held.
    #[cfg(test)]
    fn bytes(&self) -> usize {
        self.chunks.read().unwrap_or_else(|e| e.into_inner()).iter().map(|c| c.bytes().len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::{Body, BodyStore, Chunk, Keeping, CHUNK};

    #[test]
    fn each_body_comes_back_as_it_went_in() {
        for keeping in [Keeping::Compressed, Keeping::Plain] {
            each_body_comes_back(keeping);
        }
    }

    fn each_body_comes_back(keeping: Keeping) {
        let store = BodyStore::new(keeping);
        let pages: Vec<String> =
            (0..200).map(|i| format!("<h2 id=\"a{i}\">제목 {i}</h2>\n<p>Text</p>\n").repeat(i + 1)).collect();
        let bodies: Vec<Body> = pages.iter().map(|p| store.put(p)).collect();
        for (page, body) in pages.iter().zip(&bodies) {
            assert_eq!(&store.html(*body), page);
        }
        let total = pages.iter().map(String::len).sum::<usize>();
        match keeping {
            Keeping::Compressed => assert!(store.bytes() < total / 4, "repetitive HTML compresses"),
            Keeping::Plain => assert_eq!(store.bytes(), total),
        }
        assert_eq!(store.put(""), Body::default());
        assert_eq!(store.html(Body::default()), "");
    }

    #[test]
    fn a_body_larger_than_a_chunk_gets_its_own_and_later_ones_still_fit() {
        for keeping in [Keeping::Compressed, Keeping::Plain] {
            a_large_body_gets_a_chunk_of_its_own(keeping);
        }
    }

    fn a_large_body_gets_a_chunk_of_its_own(keeping: Keeping) {
        let store = BodyStore::new(keeping);
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

    /// The heap chunk is only used where the OS refuses a mapping: it must keep bodies exactly
    /// as a mapped one does (same offsets, same room, same bytes).
    #[test]
    fn a_heap_chunk_keeps_bytes_as_a_mapped_one_does() {
        let mapped = Chunk::with_capacity(64);
        assert!(matches!(mapped, Chunk::Mapped { .. }), "this machine maps anonymous memory");
        for mut chunk in [mapped, Chunk::Heap(Vec::with_capacity(64))] {
            let room = chunk.room();
            assert!(room >= 64, "{room}");
            assert_eq!(chunk.push(b"<p>a</p>"), 0);
            assert_eq!(chunk.push("<p>한</p>".as_bytes()), 8);
            assert_eq!(chunk.bytes(), "<p>a</p><p>한</p>".as_bytes());
            assert_eq!(chunk.room(), room - 18);
        }
    }

    #[test]
    fn a_cleared_store_gives_empty_bodies() {
        for keeping in [Keeping::Compressed, Keeping::Plain] {
            let store = BodyStore::new(keeping);
            let body = store.put("<p>x</p>");
            store.clear();
            assert_eq!(store.html(body), "");
            assert_eq!(store.bytes(), 0);
        }
    }
}
