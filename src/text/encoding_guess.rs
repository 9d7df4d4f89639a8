//! Which encoding a file that is not UTF-8 was likely saved in, from its first bad byte, so the
//! hint can say what to reopen it as: "save it as UTF-8" alone leaves the author guessing.

/// What Windows-1252 puts at 0x80-0x9F (Latin-1 has control codes there; None where unused).
const CP1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// Whether `lead`, `trail` are a Hangul syllable in EUC-KR (rows 0xB0-0xC8) or one of the
/// syllables CP949 adds (lead 0x81-0xC6; their trail can also be an ASCII letter, but a
/// Windows-1252 quote before a word looks the same, so only high trail bytes count).
fn korean_pair(lead: u8, trail: u8) -> bool {
    let euc_kr = (0xB0..=0xC8).contains(&lead) && (0xA1..=0xFE).contains(&trail);
    let cp949 = (0x81..=0xC6).contains(&lead) && (0x81..=0xFE).contains(&trail);
    euc_kr || cp949
}

/// The hint for a file whose first byte that is not UTF-8 is at `at`.
pub fn hint(bytes: &[u8], at: usize) -> String {
    let save = "and save it as UTF-8 (editors call it \"UTF-8\" or \"Unicode (UTF-8)\")";
    let Some(&b) = bytes.get(at) else { return format!("reopen the file in its encoding {save}") };
    let next = bytes.get(at + 1).copied();
    // Korean text is mostly pairs of high bytes; a Western file rarely has two in a row.
    if let Some(n) = next.filter(|&n| korean_pair(b, n)) {
        return format!(
            "bytes 0x{b:02X} 0x{n:02X} look like Korean in EUC-KR/CP949: reopen the file as Korean (EUC-KR, CP949) {save}"
        );
    }
    // "þ" and "ÿ" are rare in any text; these two bytes begin a UTF-16 file.
    if b >= 0xFE {
        return format!(
            "byte 0x{b:02X} is rare in text: the file may be UTF-16 or damaged; reopen it in its encoding {save}"
        );
    }
    let western = match b {
        0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
        0xA0..=0xFF => char::from_u32(u32::from(b)),
        _ => None,
    };
    match western {
        Some(c) => format!(
            "byte 0x{b:02X} is \"{c}\" in Windows-1252, the usual Western Windows encoding: reopen the file as Windows-1252 {save}"
        ),
        None => format!("reopen the file in the encoding it was written in {save}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_likely_encoding_of_the_bad_byte() {
        let ellipsis = hint(b"Wait\x85 done", 4);
        assert!(ellipsis.contains("0x85 is \"\u{2026}\" in Windows-1252"), "{ellipsis}");
        let quote = hint(b"\x93quoted\x94", 0);
        assert!(quote.contains("0x93 is \"\u{201C}\" in Windows-1252"), "{quote}");
        let latin = hint(b"caf\xe9 au lait", 3);
        assert!(latin.contains("0xE9 is \"\u{e9}\" in Windows-1252"), "{latin}");
        // 한국어 in EUC-KR.
        let korean = hint(b"# \xc7\xd1\xb1\xb9\xbe\xee", 2);
        assert!(korean.contains("0xC7 0xD1 look like Korean in EUC-KR/CP949"), "{korean}");
        assert!(hint(b"\x81", 0).contains("the encoding it was written in"), "unused in Windows-1252");
        assert!(hint(b"\xff\xfe#\0", 0).contains("may be UTF-16"));
        assert!(hint(b"", 3).contains("save it as UTF-8"));
    }
}
