//! DocFX's markdown table of contents (`TOC.md`): each heading is an entry, `# [Name](href)`
//! or `# Name`, and a deeper heading is an item of the one above it. Read as the same entries
//! a `toc.yml` holds, so it is navigation, not a page.

use serde_json::{json, Map, Value};

/// The entries of a `TOC.md`, as `toc.yml` would hold them (`name`, `href`, `items`).
pub fn parse(text: &str) -> Value {
    // (level, entry) from the top down; an entry is placed in its parent when it closes.
    let mut open: Vec<(usize, Map<String, Value>)> = Vec::new();
    let mut roots = Vec::new();
    let close = |open: &mut Vec<(usize, Map<String, Value>)>, roots: &mut Vec<Value>| {
        let (_, entry) = open.pop().expect("called with an open entry");
        match open.last_mut() {
            Some((_, parent)) => {
                let items = parent.entry("items").or_insert_with(|| json!([]));
                if let Value::Array(a) = items {
                    a.push(Value::Object(entry));
                }
            }
            None => roots.push(Value::Object(entry)),
        }
    };
    for line in text.lines() {
        let trimmed = line.trim_start();
        let level = trimmed.bytes().take_while(|b| *b == b'#').count();
        let rest = &trimmed[level..];
        if level == 0 || level > 6 || !(rest.is_empty() || rest.starts_with(' ')) {
            continue;
        }
        let rest = rest.trim().trim_end_matches('#').trim();
        let mut entry = Map::new();
        match link(rest) {
            Some((name, href)) => {
                entry.insert("name".into(), json!(name));
                entry.insert("href".into(), json!(href));
            }
            None => {
                entry.insert("name".into(), json!(rest));
            }
        }
        while open.last().is_some_and(|(l, _)| *l >= level) {
            close(&mut open, &mut roots);
        }
        open.push((level, entry));
    }
    while !open.is_empty() {
        close(&mut open, &mut roots);
    }
    Value::Array(roots)
}

/// `[name](href)` → (name, href), the href without a title.
fn link(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_prefix('[')?;
    let (name, after) = inner.split_once("](")?;
    let href = after.strip_suffix(')')?.split_whitespace().next().unwrap_or("");
    Some((name.trim(), href.trim_start_matches('<').trim_end_matches('>')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_nest_into_entries() {
        let toc = "# [Overview](index.md)\n# Manage\n## [Users](manage/users.md \"Users\")\n### [Roles](manage/roles.md)\n## [Profile](manage/profile.md)\n# [API](api/toc.yml)\n";
        assert_eq!(
            parse(toc),
            json!([
                { "name": "Overview", "href": "index.md" },
                { "name": "Manage", "items": [
                    { "name": "Users", "href": "manage/users.md", "items": [ { "name": "Roles", "href": "manage/roles.md" } ] },
                    { "name": "Profile", "href": "manage/profile.md" },
                ] },
                { "name": "API", "href": "api/toc.yml" },
            ])
        );
        assert_eq!(parse("text, no headings\n#hashtag\n"), json!([]));
    }
}
