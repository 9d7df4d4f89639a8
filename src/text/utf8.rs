//! Bytes to `String`, checked with SIMD.
//!
//! Every page is read as bytes and checked to be UTF-8, and every page body comes back from
//! the LZ4 store as bytes: 2 x 250 MB of mostly Korean text on the benchmark corpus. std's
//! check took 2.5 % of a build's CPU there (perf); simdutf8's is about ten times faster.

/// `bytes` as a `String` when they are UTF-8; else std's error (with the first bad byte), found
/// the slow way, which only a broken file takes.
pub fn into_string(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        return String::from_utf8(bytes);
    }
    // SAFETY: simdutf8 has just checked that the bytes are UTF-8, which is all this requires.
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

#[cfg(test)]
mod tests {
    use super::into_string;

    #[test]
    fn agrees_with_std_on_good_and_bad_bytes() {
        let cases: Vec<Vec<u8>> = vec![
            b"plain".to_vec(),
            "포털을 관리합니다 — é".as_bytes().to_vec(),
            vec![b'a', 0xff, b'b'],
            vec![0xe3, 0x81],
            "한".repeat(100).into_bytes().into_iter().chain([0x85]).collect(),
            Vec::new(),
        ];
        for bytes in cases {
            let ours = into_string(bytes.clone()).map_err(|e| e.utf8_error().valid_up_to());
            let std = String::from_utf8(bytes).map_err(|e| e.utf8_error().valid_up_to());
            assert_eq!(ours, std);
        }
    }
}
