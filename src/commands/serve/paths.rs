//! Turns a request path into the key of a file of the site, refusing anything that could name
//! a file outside it: `..` and `.` segments (also percent-encoded, `%2e%2e`, `..%2f`),
//! backslashes, NUL and other control characters. The server only ever looks keys up in its
//! in-memory site, so even a key that slipped through could not read the disk.

/// What a request path asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The file with this key (`en-us/guide/index.html`).
    File(String),
    /// The path is refused.
    Refused,
}

/// Decodes `%XX` escapes into bytes; None for a malformed escape or non-UTF-8 result. The
/// decoding is the `percent-encoding` crate's, as for links; only the strictness is ours: it
/// keeps a malformed `%` as text, which a request path must not smuggle through.
fn decode(path: &str) -> Option<String> {
    let b = path.as_bytes();
    let escape_ok = |i: usize| b.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
    if (0..b.len()).any(|i| b[i] == b'%' && !escape_ok(i)) {
        return None;
    }
    percent_encoding::percent_decode_str(path).decode_utf8().ok().map(|d| d.into_owned())
}

/// Maps a request target (`/en-us/guide/?x=1`) to a file key: folders to their `index.html`.
pub fn lookup(target: &str) -> Lookup {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Lookup::Refused;
    }
    let Some(decoded) = decode(path) else { return Lookup::Refused };
    if decoded.chars().any(|c| c.is_control() || c == '\\') {
        return Lookup::Refused;
    }
    let mut segments = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" => {}
            "." | ".." => return Lookup::Refused,
            s if s.contains(':') => return Lookup::Refused, // `C:` and friends
            s => segments.push(s),
        }
    }
    let mut key = segments.join("/");
    if decoded.ends_with('/') || key.is_empty() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Lookup::File(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_map_to_their_index() {
        assert_eq!(lookup("/"), Lookup::File("index.html".into()));
        assert_eq!(lookup("/en-us/guide/?q=1"), Lookup::File("en-us/guide/index.html".into()));
        assert_eq!(lookup("/style.css"), Lookup::File("style.css".into()));
        assert_eq!(lookup("/ko-kr/%EA%B0%80/"), Lookup::File("ko-kr/가/index.html".into()));
    }

    #[test]
    fn traversal_in_every_spelling_is_refused() {
        for bad in [
            "/../etc/passwd",
            "/en-us/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%2fetc",
            "/a/%00",
            "/a\\..\\b",
            "/a%5c..%5cb",
            "/./index.html",
            "/C:/windows",
            "/%zz",
            "/a%2",
            "/a%",
            "/%%41",
            "/%ff",
            "etc/passwd",
        ] {
            assert_eq!(lookup(bad), Lookup::Refused, "{bad}");
        }
    }
}
