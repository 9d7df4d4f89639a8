//! The site as `serve` holds it: every output file in memory, replaced whole (a new snapshot)
//! on each rebuild, so a request always sees one consistent site and never waits for a build.

use crate::output::Sink;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

/// One file of the site.
#[derive(Debug)]
pub struct File {
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// A strong validator of the bytes, for `ETag`/`If-None-Match`.
    pub etag: String,
    /// The bytes gzipped, made on the first request that accepts gzip (serve/compress.rs).
    gzipped: OnceLock<Vec<u8>>,
}

impl File {
    /// A file with its ETag computed.
    pub fn new(bytes: Vec<u8>) -> Self {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut h);
        File { etag: format!("\"{:016x}-{}\"", h.finish(), bytes.len()), bytes, gzipped: OnceLock::new() }
    }

    /// The bytes gzipped, compressed once and kept while this build's snapshot lives.
    pub fn gzipped(&self) -> &[u8] {
        self.gzipped.get_or_init(|| super::compress::gzip(&self.bytes))
    }
}

/// A whole site at one moment.
#[derive(Debug, Default, Clone)]
pub struct Snapshot {
    /// Files by path below the site root, `/`-separated, no leading slash.
    pub files: HashMap<Arc<str>, Arc<File>>,
    /// Changes on every rebuild: a reconnecting browser reloads when it sees a new one.
    pub build_id: u64,
    /// The last build's errors, shown over every page until fixed (the files are the last
    /// good build's).
    pub error: Option<String>,
}

/// Collects a build's files (rendering runs in parallel, hence the lock).
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<HashMap<Arc<str>, Arc<File>>>,
}

impl MemorySink {
    /// The files written so far.
    pub fn into_files(self) -> HashMap<Arc<str>, Arc<File>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySink {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let file = Arc::new(File::new(bytes.to_vec()));
        self.files.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.into(), file);
        Ok(())
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        self.write(rel, &std::fs::read(from)?)
    }
}
