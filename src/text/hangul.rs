//! Hangul syllables (U+AC00 to U+D7A3), most of a Korean text: told apart without Unicode's
//! tables wherever text is walked a character at a time (heading slugs, search tokens, search
//! excerpts). A syllable is a letter, has no case, folds to itself and is never white space.

/// True for a precomposed Hangul syllable.
#[inline]
pub(crate) fn is_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// True when a Hangul syllable starts at byte `at` of `bytes`, which are a `str`'s: read from
/// its three bytes of UTF-8 rather than by decoding the character in general. (In a `str`, a
/// three-byte lead byte is followed by its two continuation bytes.)
#[inline]
pub(crate) fn syllable_at(bytes: &[u8], at: usize) -> bool {
    let b0 = bytes[at];
    if b0 & 0xF0 != 0xE0 || at + 2 >= bytes.len() {
        return false;
    }
    let c = (u32::from(b0 & 0x0F) << 12) | (u32::from(bytes[at + 1] & 0x3F) << 6) | u32::from(bytes[at + 2] & 0x3F);
    char::from_u32(c).is_some_and(is_syllable)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_byte_test_agrees_with_the_character_test() {
        // Every character from U+0000 to U+FFFF, alone and between neighbours.
        for c in (0u32..=0xFFFF).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            assert_eq!(super::syllable_at(text.as_bytes(), 1), super::is_syllable(c), "U+{:04X}", c as u32);
        }
        assert!(!super::syllable_at("가".as_bytes()[..2].as_ref(), 0), "a cut syllable is not one");
    }
}
