//! Heading ids as GitHub (and Microsoft Docs) make them, keeping letters of every script.

use rustc_hash::FxHashSet as HashSet;

/// GitHub's slug: lowercase, keep letters, digits, marks, `-` and `_` of every script (Hangul
/// stays), drop other punctuation, and turn each space into `-` (runs are not collapsed).
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        // ASCII and Hangul syllables (most headings here) without Unicode's tables: a Hangul
        // syllable is a letter with no case.
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                out.push(c.to_ascii_lowercase());
            } else if c == ' ' {
                out.push('-');
            }
            continue;
        }
        if crate::text::hangul::is_syllable(c) {
            out.push(c);
            continue;
        }
        if c.is_alphanumeric() || is_mark(c) {
            out.extend(c.to_lowercase());
        } else if c == ' ' {
            out.push('-');
        }
    }
    out
}

/// Combining marks (Hindi vowel signs, Hangul jamo fillers, ...) belong to the word they modify.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0900..=0x0DFF | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Hands out unique ids in document order: the second `Setup` becomes `setup-1`, as on GitHub.
#[derive(Default)]
pub struct IdAllocator {
    used: HashSet<String>,
}

impl IdAllocator {
    /// Marks an id as taken (explicit ids, ids found in raw HTML).
    pub fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }

    /// A unique id based on `base`.
    pub fn unique(&mut self, base: &str) -> String {
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        (1..)
            .map(|n| format!("{base}-{n}"))
            .find(|candidate| self.used.insert(candidate.clone()))
            .expect("an unused suffix always exists")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_match_github() {
        assert_eq!(slugify("Background information"), "background-information");
        assert_eq!(slugify("배경 정보"), "배경-정보");
        assert_eq!(slugify("What's new in v2.0?"), "whats-new-in-v20");
        assert_eq!(slugify("Azure Marketplace 게시자 프로필"), "azure-marketplace-게시자-프로필");
        assert_eq!(slugify("A -- B"), "a----b");
        assert_eq!(slugify("snake_case `code`"), "snake_case-code");
    }

    #[test]
    fn the_fast_paths_agree_with_unicode() {
        // Every ASCII character and Hangul syllable, against the general rule.
        let general = |c: char| -> String {
            if c.is_alphanumeric() || c == '-' || c == '_' || is_mark(c) {
                c.to_lowercase().collect()
            } else if c == ' ' {
                "-".into()
            } else {
                String::new()
            }
        };
        for c in (0u32..0x80).chain(0xAC00..=0xD7A3).filter_map(char::from_u32) {
            // Padded so trim() keeps white space other than the edges'.
            assert_eq!(slugify(&format!("x{c}x")), format!("x{}x", general(c)), "{c:?}");
        }
    }

    #[test]
    fn repeats_get_numbered() {
        let mut ids = IdAllocator::default();
        assert_eq!(ids.unique("setup"), "setup");
        assert_eq!(ids.unique("setup"), "setup-1");
        assert_eq!(ids.unique("setup"), "setup-2");
    }
}
