//! Small readers of built HTML for assertions: link attributes and titles.
#![allow(dead_code)]

/// Every `href="..."` and `src="..."` value in a document, in order.
pub fn link_values(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            let after = &rest[i + attr.len()..];
            let end = after.find('"').unwrap_or(after.len());
            // Only real attributes: preceded by whitespace.
            if rest[..i].ends_with(char::is_whitespace) {
                out.push(after[..end].replace("&amp;", "&"));
            }
            rest = &after[end..];
        }
    }
    out
}

/// The text of `<title>`.
pub fn title(html: &str) -> String {
    let start = html.find("<title>").expect("a <title>") + "<title>".len();
    let end = html[start..].find("</title>").unwrap() + start;
    html[start..end].to_string()
}

/// Decodes the few entities the renderer writes.
pub fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Every `href`/`src` value of every HTML file below `out`, with the file it is in (relative to
/// `out`).
pub fn output_links(out: &std::path::Path) -> Vec<(String, String)> {
    let mut links = Vec::new();
    for entry in walkdir::WalkDir::new(out).into_iter().map(Result::unwrap) {
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "html") {
            let file = entry.path().strip_prefix(out).unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(entry.path()).unwrap_or_else(|e| panic!("{file}: {e}"));
            links.extend(link_values(&text).into_iter().map(|value| (file.clone(), value)));
        }
    }
    links
}
