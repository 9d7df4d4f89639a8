//! The binary postings shard (`p<N>.bin`), decoded by `themes/default/static/search.js`.
//! Change one, change the other.
//!
//! Every number is an unsigned LEB128 varint (7 bits a byte, low bits first), so the small
//! numbers that fill an index (document gaps, scores, sections) take one byte each:
//!
//! ```text
//! shard    := count:varint  entry*count  postings*count
//! entry    := shared:varint  suffix_len:varint  suffix:bytes  postings_len:varint
//! postings := (gap:varint  packed:varint  [section-7:varint])*
//! ```
//!
//! Tokens are sorted by their bytes and front-coded: `shared` bytes are the previous token's
//! (a UTF-8 boundary), then `suffix`. The directory comes first so that the browser reads it
//! once and decodes only the postings of the tokens a query asks for. A token's postings are
//! in document order, each document as its gap from the previous one (the first, from 0), then
//! `packed` = score × 8 + the section (7 for section 7 and later, whose number follows minus 7):
//! scores below 16 in the first 7 sections, most postings, take one byte for both.

/// One document in a token's list: (document number, score, section of the best match).
pub type Posting = (u32, u32, u16);

/// Appends `n` as an unsigned LEB128 varint.
pub fn push_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Bytes two strings share at their start, cut back to a character boundary of both.
fn shared_prefix(a: &str, b: &str) -> usize {
    let mut n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !b.is_char_boundary(n) {
        n -= 1;
    }
    n
}

/// One shard's bytes. Sorts `bucket` by token and each token's postings by document.
pub fn shard(bucket: &mut [(Box<str>, Vec<Posting>)]) -> Vec<u8> {
    bucket.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut blocks = Vec::with_capacity(bucket.iter().map(|(_, l)| l.len() * 3).sum());
    let mut dir = Vec::with_capacity(bucket.len() * 8 + 4);
    push_varint(&mut dir, bucket.len() as u32);
    let mut previous: &str = "";
    for (token, list) in bucket.iter_mut() {
        // Gathering keeps lists in order (see `search::write_locale`): check before sorting.
        if !list.is_sorted_by_key(|p| p.0) {
            list.sort_unstable_by_key(|p| p.0);
        }
        let start = blocks.len();
        let mut last = 0;
        for &(doc, score, section) in list.iter() {
            push_varint(&mut blocks, doc - last);
            let section = u32::from(section);
            // Saturates: a score that high is far past any ranking difference.
            push_varint(&mut blocks, (score.min(u32::MAX >> 3) << 3) | section.min(7));
            if section >= 7 {
                push_varint(&mut blocks, section - 7);
            }
            last = doc;
        }
        let shared = shared_prefix(previous, token);
        push_varint(&mut dir, shared as u32);
        push_varint(&mut dir, (token.len() - shared) as u32);
        dir.extend_from_slice(&token.as_bytes()[shared..]);
        push_varint(&mut dir, (blocks.len() - start) as u32);
        previous = token;
    }
    dir.extend_from_slice(&blocks);
    dir
}

/// Reads a shard back: (token, postings in document order) in token order. For tests and
/// tools; None for bytes that are not a shard.
pub fn decode(bytes: &[u8]) -> Option<Vec<(String, Vec<Posting>)>> {
    let mut r = Reader { bytes, at: 0 };
    let count = r.varint()? as usize;
    let mut dir = Vec::with_capacity(count.min(bytes.len()));
    let mut previous = String::new();
    for _ in 0..count {
        let shared = r.varint()? as usize;
        let len = r.varint()? as usize;
        let suffix = std::str::from_utf8(bytes.get(r.at..r.at.checked_add(len)?)?).ok()?;
        r.at += len;
        let mut token = previous.get(..shared)?.to_string();
        token.push_str(suffix);
        previous.clone_from(&token);
        dir.push((token, r.varint()? as usize));
    }
    let mut out = Vec::with_capacity(dir.len());
    for (token, len) in dir {
        let end = r.at.checked_add(len)?;
        let mut list = Vec::new();
        let mut doc = 0u32;
        while r.at < end {
            doc = doc.checked_add(r.varint()?)?;
            let packed = r.varint()?;
            let mut section = packed & 7;
            if section == 7 {
                section = section.checked_add(r.varint()?)?;
            }
            list.push((doc, packed >> 3, u16::try_from(section).ok()?));
        }
        (r.at == end).then_some(())?;
        out.push((token, list));
    }
    (r.at == bytes.len()).then_some(out)
}

/// A cursor over a shard's bytes.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn varint(&mut self) -> Option<u32> {
        let mut n: u32 = 0;
        for shift in (0..35).step_by(7) {
            let b = *self.bytes.get(self.at)?;
            self.at += 1;
            n |= u32::from(b & 0x7f).checked_shl(shift)?;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shard_reads_back_sorted_and_front_coded() {
        let mut bucket: Vec<(Box<str>, Vec<Posting>)> = vec![
            ("게시자".into(), vec![(7, 1, 0)]),
            ("publisher".into(), vec![(300, 42, 2), (5, 1, 0), (200_000, 30, 700)]),
            ("publish".into(), vec![(0, 12, 1)]),
            ("게시".into(), vec![(9, 5, 3), (2, 6, 0), (4, 16, 7), (5, 1, 8)]),
        ];
        let bytes = shard(&mut bucket);
        let back = decode(&bytes).expect("a shard");
        assert_eq!(
            back,
            vec![
                ("publish".to_string(), vec![(0, 12, 1)]),
                ("publisher".to_string(), vec![(5, 1, 0), (300, 42, 2), (200_000, 30, 700)]),
                ("게시".to_string(), vec![(2, 6, 0), (4, 16, 7), (5, 1, 8), (9, 5, 3)]),
                ("게시자".to_string(), vec![(7, 1, 0)]),
            ]
        );
        // Front coding: "publisher" stores only "er", "게시자" only "자".
        assert!(!bytes.windows(9).any(|w| w == b"publisher"));
        assert_eq!(decode(&bytes[..bytes.len() - 1]), None, "a cut file is refused");
    }
}
