//! The words DocFX extensions add to a page (a video's title, "Applies to: …"), in the page's
//! language, from the theme's Fluent strings. Templates keep `{version}`-style placeholders that
//! the extensions fill in.

use crate::i18n::Strings;
use fluent::FluentArgs;

/// Labels for one locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    /// The `title` of an embedded video player.
    pub video: String,
    /// The summary of a complex image's long description.
    pub long_description: String,
    /// The label of a zone: `{pivot}` is the zone's pivot.
    pub pivot: String,
    /// The label of a moniker block: `{range}` is the readable range.
    pub applies_to: String,
    /// `>=x`: `{version}` and later.
    pub and_later: String,
    /// `<=x`: `{version}` and earlier.
    pub and_earlier: String,
    /// `>x`.
    pub later_than: String,
    /// `<x`.
    pub earlier_than: String,
    /// `>=a <=b`: `{from}` and `{to}`.
    pub between: String,
}

impl Default for Labels {
    fn default() -> Self {
        Labels {
            video: "Video".into(),
            long_description: "Long description".into(),
            pivot: "Pivot: {pivot}".into(),
            applies_to: "Applies to: {range}".into(),
            and_later: "{version} and later".into(),
            and_earlier: "{version} and earlier".into(),
            later_than: "later than {version}".into(),
            earlier_than: "earlier than {version}".into(),
            between: "{from} to {to}".into(),
        }
    }
}

impl Labels {
    /// The labels of `locale` (English for a key no locale has).
    pub fn from_strings(strings: &Strings, locale: &str) -> Labels {
        let mut l = Labels::default();
        let slots: [(&mut String, &str, &[&str]); 9] = [
            (&mut l.video, "docfx-video", &[]),
            (&mut l.long_description, "docfx-long-description", &[]),
            (&mut l.pivot, "docfx-pivot", &["pivot"]),
            (&mut l.applies_to, "docfx-applies-to", &["range"]),
            (&mut l.and_later, "moniker-and-later", &["version"]),
            (&mut l.and_earlier, "moniker-and-earlier", &["version"]),
            (&mut l.later_than, "moniker-later-than", &["version"]),
            (&mut l.earlier_than, "moniker-earlier-than", &["version"]),
            (&mut l.between, "moniker-between", &["from", "to"]),
        ];
        for (slot, key, names) in slots {
            // Each argument is given as its own placeholder, filled in by `fill` later.
            let mut args = FluentArgs::new();
            for n in names {
                args.set(*n, format!("{{{n}}}"));
            }
            if let Some(s) = strings.get(locale, key, Some(&args)) {
                *slot = s;
            }
        }
        l
    }
}

/// A template with its placeholders replaced: `fill("{version} and later", &[("version", "7.2")])`.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    // One pass, so a value that itself holds `{to}` is not filled in again.
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let hit = after
            .find('}')
            .and_then(|close| values.iter().find(|(n, _)| *n == &after[..close]).map(|(_, v)| (close, *v)));
        match hit {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders() {
        assert_eq!(fill(&Labels::default().between, &[("from", "A 1"), ("to", "A 2")]), "A 1 to A 2");
        assert_eq!(fill("{x}{x} {z}", &[("x", "y")]), "yy {z}");
        assert_eq!(fill("{a}-{b}", &[("a", "{b}"), ("b", "2")]), "{b}-2");
    }
}
