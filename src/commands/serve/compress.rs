//! gzip for `serve`'s text responses (HTML, CSS, JavaScript, JSON, SVG, XML): a search on a
//! large reference set fetches megabytes of JSON, which gzip shrinks several times over. Only
//! when the request's `Accept-Encoding` allows it; `Vary: Accept-Encoding` on every response
//! that could have been compressed, so a cache never hands the gzip body to a client that
//! cannot read it. A file of the site is compressed once, on first demand, and kept with it.

use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;

/// Bodies smaller than this go as they are: gzip's header and trailer would eat the gain.
const MIN_SIZE: usize = 1024;

/// True when a response of this Content-Type is text that gzip shrinks (images, fonts and
/// PDFs are compressed already); such responses carry `Vary: Accept-Encoding`.
pub fn compressible(content_type: &str) -> bool {
    let mime = content_type.split(';').next().unwrap_or("").trim();
    mime.starts_with("text/")
        || matches!(mime, "application/json" | "application/xml" | "application/javascript" | "image/svg+xml")
}

/// True when the body of `key` (a path in the site), `len` bytes of this Content-Type, is worth
/// compressing. The search index's binary postings shards (`_search/p<N>.bin`) count too: their
/// token directories are text, and gzip takes a quarter or more off them.
pub fn worth(key: &str, content_type: &str, len: usize) -> bool {
    len >= MIN_SIZE && (compressible(content_type) || is_postings_shard(key))
}

fn is_postings_shard(key: &str) -> bool {
    key.ends_with(".bin") && key.rsplit('/').nth(1) == Some("_search")
}

/// True when an `Accept-Encoding` value (RFC 9110 §12.5.3) accepts gzip: `gzip` (or the old
/// `x-gzip`) with a non-zero weight, else `*` with a non-zero weight. An explicit `gzip;q=0`
/// refuses it even beside `*`.
pub fn accepts_gzip(accept_encoding: &str) -> bool {
    let mut star = None;
    for item in accept_encoding.split(',') {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let weight = parts
            .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        match coding.as_str() {
            "gzip" | "x-gzip" => return weight > 0.0,
            "*" => star = Some(weight > 0.0),
            _ => {}
        }
    }
    star.unwrap_or(false)
}

/// The ETag of the gzip form of a body whose ETag is `etag`: a strong validator names one
/// representation, and the compressed bytes are another.
pub fn gzip_etag(etag: &str) -> String {
    match etag.strip_suffix('"') {
        Some(open) => format!("{open}-gz\""),
        None => format!("{etag}-gz"),
    }
}

/// `bytes` gzipped (the default level: a file is compressed once and served many times).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 3 + 64), Compression::default());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn accept_encoding_is_read_with_weights() {
        assert!(accepts_gzip("gzip"));
        assert!(accepts_gzip("gzip, deflate, br"));
        assert!(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
        assert!(accepts_gzip("x-gzip"));
        assert!(accepts_gzip("*"));
        assert!(!accepts_gzip(""));
        assert!(!accepts_gzip("identity"));
        assert!(!accepts_gzip("br, deflate"));
        assert!(!accepts_gzip("gzip;q=0"));
        assert!(!accepts_gzip("gzip; q=0.0, *"));
        assert!(!accepts_gzip("*;q=0"));
    }

    #[test]
    fn only_text_of_some_size_is_compressed() {
        assert!(worth("en-us/_search/d0.json", "application/json", 5000));
        assert!(worth("en-us/index.html", "text/html; charset=utf-8", 5000));
        assert!(worth("favicon.svg", "image/svg+xml", 5000));
        assert!(worth("en-us/v2/_search/p3.bin", "application/octet-stream", 5000));
        assert!(!worth("en-us/_search/d0.json", "application/json", 100));
        assert!(!worth("media/a.png", "image/png", 5000));
        assert!(!worth("media/a.bin", "application/octet-stream", 5000));
    }

    #[test]
    fn the_gzip_form_has_its_own_etag_and_round_trips() {
        assert_eq!(gzip_etag("\"abc-12\""), "\"abc-12-gz\"");
        let text = "{\"t\":\"Get-AzContext\"}".repeat(200);
        let packed = gzip(text.as_bytes());
        assert!(packed.len() < text.len() / 5, "{} of {}", packed.len(), text.len());
        let mut back = String::new();
        flate2::read::GzDecoder::new(&packed[..]).read_to_string(&mut back).unwrap();
        assert_eq!(back, text);
    }
}
