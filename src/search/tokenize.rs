//! The search tokenizer. The browser runs the same algorithm in JavaScript
//! (`themes/default/static/search.js`); `tests/search-vectors.json` holds inputs and the tokens
//! both must give, checked on both sides. Change one, change the other and the vectors.
//!
//! 1. Each character is lowercased, then folded by [`FOLD`] (Latin accents: `é` → `e`).
//! 2. Characters of CJK scripts (Hangul, kana, Han) form runs cut into overlapping character
//!    pairs (`포털을` → `포털`, `털을`), so a query matches inside words whatever particle
//!    follows; a run of one character is kept whole.
//! 3. Other letters and digits (Unicode Alphabetic or Numeric) form words; a word of ASCII
//!    letters loses one common English ending (light stemming).
//! 4. Everything else separates tokens.

/// Latin letters folded to their base letters, for accent-insensitive search (sent to the
/// browser with each index, so both sides use this very table).
pub const FOLD: &[(char, &str)] = &[
    // Sorted by code point: looked up by binary search.
    ('ß', "ss"),
    ('à', "a"),
    ('á', "a"),
    ('â', "a"),
    ('ã', "a"),
    ('ä', "a"),
    ('å', "a"),
    ('æ', "ae"),
    ('ç', "c"),
    ('è', "e"),
    ('é', "e"),
    ('ê', "e"),
    ('ë', "e"),
    ('ì', "i"),
    ('í', "i"),
    ('î', "i"),
    ('ï', "i"),
    ('ð', "d"),
    ('ñ', "n"),
    ('ò', "o"),
    ('ó', "o"),
    ('ô', "o"),
    ('õ', "o"),
    ('ö', "o"),
    ('ø', "o"),
    ('ù', "u"),
    ('ú', "u"),
    ('û', "u"),
    ('ü', "u"),
    ('ý', "y"),
    ('þ', "th"),
    ('ÿ', "y"),
    ('ā', "a"),
    ('ă', "a"),
    ('ą', "a"),
    ('ć', "c"),
    ('č', "c"),
    ('ď', "d"),
    ('đ', "d"),
    ('ē', "e"),
    ('ė', "e"),
    ('ę', "e"),
    ('ě', "e"),
    ('ğ', "g"),
    ('ī', "i"),
    ('į', "i"),
    ('ı', "i"),
    ('ľ', "l"),
    ('ł', "l"),
    ('ń', "n"),
    ('ň', "n"),
    ('ō', "o"),
    ('ő', "o"),
    ('œ', "oe"),
    ('ř', "r"),
    ('ś', "s"),
    ('ş', "s"),
    ('š', "s"),
    ('ţ', "t"),
    ('ť', "t"),
    ('ū', "u"),
    ('ů', "u"),
    ('ű', "u"),
    ('ų', "u"),
    ('ź', "z"),
    ('ż', "z"),
    ('ž', "z"),
];

/// True for characters of scripts written without spaces between words, or with particles
/// joined to words (Korean): searched by character pairs.
pub fn is_gram_char(c: char) -> bool {
    matches!(c as u32,
        0xAC00..=0xD7A3 | 0x1100..=0x11FF | 0x3130..=0x318F | 0x3040..=0x309F | 0x30A0..=0x30FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || c.is_numeric()
}

/// Lowercases and folds a text, character by character.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        normalize_char(c, |l| out.push(l));
    }
    out
}

/// Gives the characters one character lowercases and folds to, in order (usually one).
#[inline]
fn normalize_char(c: char, mut each: impl FnMut(char)) {
    // Most text is ASCII: lowercase it without the general case's iterator.
    if c.is_ascii() {
        return each(c.to_ascii_lowercase());
    }
    // Hangul syllables have no case and fold to nothing: most of a Korean text.
    if crate::text::hangul::is_syllable(c) {
        return each(c);
    }
    for l in c.to_lowercase() {
        if l.is_ascii() {
            each(l);
            continue;
        }
        match FOLD.binary_search_by(|(k, _)| k.cmp(&l)) {
            Ok(i) => FOLD[i].1.chars().for_each(&mut each),
            Err(_) => each(l),
        }
    }
}

/// How much of a word light stemming keeps: its first `n` bytes, then `y` when `true`
/// (`flies` → `fl` + `y`). Only words of ASCII lowercase letters are stemmed.
#[inline(always)]
fn stem_parts(word: &str) -> (usize, bool) {
    let n = word.len();
    // Every ending below ends in `s`, `g` or `d`: any other last letter keeps the word whole,
    // told by one byte before the word is read letter by letter (most words; 1 % of a build's
    // instructions went to reading them, callgrind).
    if !matches!(word.as_bytes().last(), Some(b's' | b'g' | b'd')) {
        return (n, false);
    }
    if !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return (n, false);
    }
    if n > 4 && word.ends_with("ies") {
        (n - 3, true)
    } else if n > 4 && word.ends_with("sses") {
        (n - 2, false)
    } else if n > 3 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") && !word.ends_with("is") {
        (n - 1, false)
    } else if n > 5 && word.ends_with("ing") {
        (n - 3, false)
    } else if n > 4 && word.ends_with("ed") {
        (n - 2, false)
    } else {
        (n, false)
    }
}

/// One common English ending off a word of ASCII letters.
pub fn stem(word: &str) -> String {
    let (keep, y) = stem_parts(word);
    let mut out = word[..keep].to_string();
    if y {
        out.push('y');
    }
    out
}

/// Which bytes are ASCII letters and digits, by table: one load a byte where
/// `is_ascii_alphanumeric` compares with three ranges, in the loop that reads every byte of an
/// English text.
const ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Calls `each` with every token of a text, in order, without allocating a string per token
/// (the indexer's hot loop). Gives the same tokens as [`tokenize`].
///
/// One pass over the text as written, normalizing as it goes: the text is not first copied
/// lowercased and folded, then decoded a second time (that copy and second decoding were half
/// the indexer's tokenizing time). CJK characters have no case and fold to themselves (a test
/// checks every code point), so a CJK pair is a slice of the text itself.
///
/// Inlined always, with its `Cutter` steps: left to the compiler, whether the indexer's loop got
/// them inlined changed with unrelated edits elsewhere in the crate, and a build's instructions
/// with it by 3 % (callgrind).
#[inline(always)]
pub fn for_each_token(text: &str, each: impl FnMut(&str)) {
    let mut cut = Cutter { text, word: String::new(), pair_count: 0, last: 0..0, each };
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        // Most of an English text: ASCII, lowercased by a table rather than through `char`.
        if b < 0x80 {
            if ASCII_WORD[usize::from(b)] {
                // A run of ASCII letters and digits, taken at once rather than a letter at a time.
                let end = bytes[at..].iter().position(|&b| !ASCII_WORD[usize::from(b)]).map_or(bytes.len(), |n| at + n);
                cut.ascii_run(&text[at..end], end == bytes.len() || bytes[end] < 0x80);
                at = end;
            } else {
                cut.gap();
                at += 1;
            }
            continue;
        }
        // A Hangul syllable (most of a Korean text) is a CJK character: read from its bytes,
        // not decoded and matched against every CJK range.
        if crate::text::hangul::syllable_at(bytes, at) {
            cut.gram(at..at + 3);
            at += 3;
            continue;
        }
        let Some(c) = text[at..].chars().next() else { break };
        let len = c.len_utf8();
        if is_gram_char(c) {
            cut.gram(at..at + len);
        } else {
            normalize_char(c, |l| if is_word_char(l) { cut.letter(l) } else { cut.gap() });
        }
        at += len;
    }
    cut.gap();
}

/// [`for_each_token`]'s state: the word or CJK run being read, and where its tokens go.
/// Generic over the callback so that every call is inlined (through `&mut dyn FnMut`, each
/// token paid an indirect call).
struct Cutter<'t, F: FnMut(&str)> {
    text: &'t str,
    /// The current word, normalized (empty outside words).
    word: String,
    /// Characters so far in the current CJK run, and the last one's bytes in `text`: each pair
    /// is given as its second character arrives; a run of one character, whole when it ends.
    pair_count: usize,
    last: std::ops::Range<usize>,
    each: F,
}

impl<F: FnMut(&str)> Cutter<'_, F> {
    /// A (normalized) letter or digit: it continues a word, and ends a CJK run.
    #[inline(always)]
    fn letter(&mut self, l: char) {
        self.end_run();
        self.word.push(l);
    }

    /// A run of ASCII letters and digits; `ends_word` when what follows it is not a letter
    /// (ASCII that is not one, or the end). A whole word already in lowercase (most of them) is
    /// given as a slice of the text, like a CJK pair: no copy. Otherwise the run is added to the
    /// word, lowercased, and ends when the word does.
    #[inline(always)]
    fn ascii_run(&mut self, run: &str, ends_word: bool) {
        self.end_run();
        if self.word.is_empty() && ends_word && !run.bytes().any(|b| b.is_ascii_uppercase()) {
            match stem_parts(run) {
                (keep, false) => (self.each)(&run[..keep]),
                (keep, true) => {
                    self.word.push_str(&run[..keep]);
                    self.word.push('y');
                    (self.each)(&self.word);
                    self.word.clear();
                }
            }
            return;
        }
        let from = self.word.len();
        self.word.push_str(run);
        self.word[from..].make_ascii_lowercase();
    }

    /// The CJK character at `at` in the text: it ends a word and continues a run.
    #[inline(always)]
    fn gram(&mut self, at: std::ops::Range<usize>) {
        self.end_word();
        if self.pair_count > 0 {
            (self.each)(&self.text[self.last.start..at.end]);
        }
        self.pair_count += 1;
        self.last = at;
    }

    /// Anything else, or the end of the text: ends a word and a run.
    #[inline(always)]
    fn gap(&mut self) {
        self.end_word();
        self.end_run();
    }

    #[inline(always)]
    fn end_run(&mut self) {
        if self.pair_count == 1 {
            (self.each)(&self.text[self.last.clone()]);
        }
        self.pair_count = 0;
    }

    /// Gives the current word (if any), lightly stemmed.
    #[inline(always)]
    fn end_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        match stem_parts(&self.word) {
            (keep, false) => (self.each)(&self.word[..keep]),
            (keep, true) => {
                self.word.truncate(keep);
                self.word.push('y');
                (self.each)(&self.word);
            }
        }
        self.word.clear();
    }
}

/// The tokens of a text, in order (repeats kept).
pub fn tokenize(text: &str) -> Vec<String> {
    let norm = normalize(text);
    let mut tokens = Vec::new();
    let mut word = String::new();
    let mut grams: Vec<char> = Vec::new();
    let flush_word = |word: &mut String, tokens: &mut Vec<String>| {
        if !word.is_empty() {
            tokens.push(stem(word));
            word.clear();
        }
    };
    let flush_grams = |grams: &mut Vec<char>, tokens: &mut Vec<String>| {
        match grams.len() {
            0 => {}
            1 => tokens.push(grams[0].to_string()),
            _ => tokens.extend(grams.windows(2).map(|w| w.iter().collect::<String>())),
        }
        grams.clear();
    };
    for c in norm.chars() {
        if is_gram_char(c) {
            flush_word(&mut word, &mut tokens);
            grams.push(c);
        } else if is_word_char(c) {
            flush_grams(&mut grams, &mut tokens);
            word.push(c);
        } else {
            flush_word(&mut word, &mut tokens);
            flush_grams(&mut grams, &mut tokens);
        }
    }
    flush_word(&mut word, &mut tokens);
    flush_grams(&mut grams, &mut tokens);
    tokens
}

/// Which shard of `shards` holds a token: FNV-1a over the code points of its first character
/// (CJK pairs) or first two (words), so every completion of a typed prefix is in one shard.
pub fn shard_of(token: &str, shards: u32) -> u32 {
    let first = token.chars().next().unwrap_or(' ');
    let take = if is_gram_char(first) { 1 } else { 2 };
    let mut h: u32 = 0x811c_9dc5;
    for c in token.chars().take(take) {
        h ^= c as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h % shards.max(1)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn the_fold_table_is_sorted_for_binary_search() {
        assert!(FOLD.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn korean_particles_do_not_hide_the_word() {
        let query = tokenize("포털");
        for text in ["포털을", "포털에서", "포털의", "클라우드 파트너 포털"] {
            let doc = tokenize(text);
            assert!(query.iter().all(|q| doc.contains(q)), "{text}: {doc:?}");
        }
        assert_eq!(tokenize("게시자 프로필"), ["게시", "시자", "프로", "로필"]);
        assert_eq!(tokenize("홈"), ["홈"]);
    }

    #[test]
    fn english_is_folded_and_lightly_stemmed() {
        assert_eq!(tokenize("Publishers' Profiles"), ["publisher", "profile"]);
        assert_eq!(tokenize("Managing policies, Café"), ["manag", "policy", "cafe"]);
        assert_eq!(tokenize("access class status"), ["access", "class", "status"]);
        assert_eq!(tokenize("publishing"), tokenize("publishing"));
    }

    #[test]
    fn the_last_letter_shortcut_stems_as_the_rules_do() {
        // The rules written out in full, as they read before the shortcut on the last letter.
        fn by_rules(word: &str) -> (usize, bool) {
            let n = word.len();
            if !word.bytes().all(|b| b.is_ascii_lowercase()) {
                (n, false)
            } else if n > 4 && word.ends_with("ies") {
                (n - 3, true)
            } else if n > 4 && word.ends_with("sses") {
                (n - 2, false)
            } else if n > 3 && word.ends_with('s') && !["ss", "us", "is"].iter().any(|e| word.ends_with(e)) {
                (n - 1, false)
            } else if n > 5 && word.ends_with("ing") {
                (n - 3, false)
            } else if n > 4 && word.ends_with("ed") {
                (n - 2, false)
            } else {
                (n, false)
            }
        }
        let stems = ["", "a", "ab", "abc", "abcd", "abcde", "Ab", "a1", "flie", "cla", "stat", "sing", "sh"];
        let ends = ["", "s", "ss", "us", "is", "ies", "sses", "ing", "ed", "d", "g", "y", "S", "1", "é"];
        for stem in stems {
            for end in ends {
                let word = format!("{stem}{end}");
                assert_eq!(super::stem_parts(&word), by_rules(&word), "{word:?}");
            }
        }
    }

    #[test]
    fn mixed_script_text() {
        assert_eq!(tokenize("Azure Marketplace 게시자"), ["azure", "marketplace", "게시", "시자"]);
        assert_eq!(tokenize("v2.0 API를"), ["v2", "0", "api", "를"]);
    }

    #[test]
    fn the_allocation_free_tokenizer_agrees() {
        for text in ["포털에서 Azure Marketplace 게시자", "flies cries running", "ÉCOLE Straße", "a 가 b 나다", "홈"]
        {
            let mut got = Vec::new();
            for_each_token(text, |t| got.push(t.to_string()));
            assert_eq!(got, tokenize(text), "{text}");
        }
    }

    #[test]
    fn cjk_characters_are_their_own_normal_form() {
        // The one-pass tokenizer slices CJK pairs from the text as written: that is right only
        // if no CJK character changes when normalized, and no other character becomes one.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let norm = normalize(&c.to_string());
            if is_gram_char(c) {
                assert_eq!(norm, c.to_string(), "U+{:04X}", c as u32);
            } else {
                assert!(!norm.chars().any(is_gram_char), "U+{:04X} becomes CJK", c as u32);
            }
        }
    }

    /// `count` texts of up to `longest - 1` pieces each, drawn from `pieces` by a fixed
    /// sequence (the same texts every run), for tests that hold a fast path to a plain one.
    pub(crate) fn random_texts(pieces: &[&str], count: usize, longest: usize, seed: u64) -> Vec<String> {
        let mut seed = seed;
        (0..count)
            .map(|n| {
                let mut text = String::new();
                for _ in 0..(n % longest) {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
                }
                text
            })
            .collect()
    }

    #[test]
    fn the_one_pass_tokenizer_agrees_on_random_text() {
        let pieces = [
            "포털을",
            "관리",
            "가",
            " ",
            "\n",
            ".",
            "-",
            "'",
            "Word",
            "PUBLISHING",
            "flies",
            "cafÉ",
            "Straße",
            "İstanbul",
            "v2",
            "0",
            "日本語",
            "カタカナ",
            "ひらがな",
            "\u{3000}",
            "x",
            "é",
            "\u{0301}",
            "Ⅻ",
            "ｆｕｌｌ",
            "😀",
            "ǅ",
            "ß",
            "status",
            "classes",
            "ŉ",
            "ﬃ",
            "İ",
        ];
        for text in random_texts(&pieces, 3000, 40, 11) {
            let mut got = Vec::new();
            for_each_token(&text, |t| got.push(t.to_string()));
            assert_eq!(got, tokenize(&text), "{text:?}");
        }
    }

    #[test]
    fn completions_share_a_shard() {
        for n in [1, 7, 64, 200] {
            assert_eq!(shard_of("publisher", n), shard_of("pu", n));
            assert_eq!(shard_of("게시", n), shard_of("게", n));
            assert!(shard_of("anything", n) < n);
        }
    }
}
