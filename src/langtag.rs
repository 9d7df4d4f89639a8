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
    fn arabic_and_hebrew_are_rtl() {
        assert!(is_rtl("ar") && is_rtl("he-IL") && !is_rtl("ko-kr"));
    }
}
