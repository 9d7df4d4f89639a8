//! Recognises language tags among folder names, so a root with no site.toml can still be read
//! as a multilingual site (`content/en-us`, `content/ko-kr`) rather than as sections.

/// ISO 639-1 two-letter language codes. A three-letter word like `api` or `faq` is a common
/// folder name, so only primary subtags from this list count as languages.
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co \
cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr \
ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg \
li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi \
pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl \
tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// True when `name` looks like a BCP 47 language tag whose language is a known ISO 639-1 code:
/// `en`, `en-us`, `ko-KR`, `zh-hans`, `pt-br`, `sr-latn-rs`.
pub fn is_language_tag(name: &str) -> bool {
    let mut parts = name.split('-');
    let Some(lang) = parts.next() else {
        return false;
    };
    let lang = lang.to_ascii_lowercase();
    if lang.len() != 2 || !ISO_639_1.split(' ').any(|c| c == lang) {
        return false;
    }
    parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// True for scripts written right to left, to default `dir` when site.toml does not say.
pub fn is_rtl(tag: &str) -> bool {
    let lang = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
    matches!(lang.as_str(), "ar" | "he" | "fa" | "ur" | "yi" | "ps" | "sd" | "ug" | "dv")
}

/// Languages by their own names, for a language switcher built without site.toml: a reader
/// looks for "한국어", not "ko-kr". Region- and script-specific names come first.
const NATIVE_NAMES: &[(&str, &str)] = &[
    ("zh-hans", "简体中文"),
    ("zh-cn", "简体中文"),
    ("zh-sg", "简体中文"),
    ("zh-hant", "繁體中文"),
    ("zh-tw", "繁體中文"),
    ("zh-hk", "繁體中文"),
    ("pt-br", "Português (Brasil)"),
    ("pt-pt", "Português (Portugal)"),
    ("ar", "العربية"),
    ("cs", "Čeština"),
    ("da", "Dansk"),
    ("de", "Deutsch"),
    ("el", "Ελληνικά"),
    ("en", "English"),
    ("es", "Español"),
    ("fa", "فارسی"),
    ("fi", "Suomi"),
    ("fr", "Français"),
    ("he", "עברית"),
    ("hi", "हिन्दी"),
    ("hu", "Magyar"),
    ("id", "Bahasa Indonesia"),
    ("it", "Italiano"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("nb", "Norsk bokmål"),
    ("nl", "Nederlands"),
    ("no", "Norsk"),
    ("pl", "Polski"),
    ("pt", "Português"),
    ("ro", "Română"),
    ("ru", "Русский"),
    ("sv", "Svenska"),
    ("th", "ไทย"),
    ("tr", "Türkçe"),
    ("uk", "Українська"),
    ("vi", "Tiếng Việt"),
    ("zh", "中文"),
];

/// The language's own name for a locale code (`ko-kr` → 한국어, `en-us` → English); the code
/// itself for a language not in the list.
pub fn native_name(code: &str) -> String {
    let lower = code.to_ascii_lowercase();
    let lang = lower.split('-').next().unwrap_or("");
    let found = NATIVE_NAMES.iter().find(|(tag, _)| lower == *tag || lower.starts_with(&format!("{tag}-")));
    found
        .or_else(|| NATIVE_NAMES.iter().find(|(tag, _)| *tag == lang))
        .map(|(_, n)| n.to_string())
        .unwrap_or_else(|| code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_folders_are_told_from_section_folders() {
        for tag in ["en", "en-us", "ko-kr", "zh-hans", "ar", "sr-Latn-RS", "pt-BR"] {
            assert!(is_language_tag(tag), "{tag}");
        }
        for word in ["api", "faq", "docs", "marketplace", "images", "e", "en-", "en-x_y"] {
            assert!(!is_language_tag(word), "{word}");
        }
    }

    #[test]
    fn languages_are_named_in_their_own_words() {
        assert_eq!(native_name("ko-kr"), "한국어");
        assert_eq!(native_name("en-us"), "English");
        assert_eq!(native_name("EN"), "English");
        assert_eq!(native_name("zh-Hant-TW"), "繁體中文");
        assert_eq!(native_name("pt-BR"), "Português (Brasil)");
        assert_eq!(native_name("pt-ao"), "Português");
        assert_eq!(native_name("xx-yy"), "xx-yy", "unknown: the code as written");
    }

    #[test]
    fn arabic_and_hebrew_are_rtl() {
        assert!(is_rtl("ar") && is_rtl("he-IL") && !is_rtl("ko-kr"));
    }
}
