//! Code includes: `[!code-csharp[label](path/file.cs#region)]` (query forms `?name=region`,
//! `?range=3-10,12`, `?highlight=2-3`) and `:::code language="csharp" source="file.cs"
//! id="snippet" range="1-5" highlight="2":::`, alone on a line. The file resolves like an include
//! (the same locale, then the default; `~/` is the locale's root), the chosen lines are dedented
//! and become a fenced code block in the named language, which the highlighter colours.
//! `highlight` is accepted and ignored. A missing file, region or bad range is a
//! `broken-include` error at the path, region or range.

use super::{attrs, snippet, Cx};
use crate::links::Target;
use crate::text::source::{read_source, ReadError};

/// True for a line that starts like a code include.
pub fn is_directive(trimmed: &str) -> bool {
    let lower = |n: usize| trimmed.get(..n).map(str::to_ascii_lowercase);
    lower(6).is_some_and(|p| p == "[!code") || lower(8).is_some_and(|p| p == ":::code ")
}

/// A value of the directive and its offset in the directive's line.
type Located<'a> = Option<(&'a str, usize)>;

/// What a directive asks for.
#[derive(Debug, Default, PartialEq, Eq)]
struct Request<'a> {
    lang: &'a str,
    path: (&'a str, usize),
    region: Located<'a>,
    range: Located<'a>,
}

/// Reads `[!code-lang[label](path)]`; None when the line is not one.
fn parse_bang(t: &str) -> Option<Request<'_>> {
    let rest = &t[6..];
    let lang_end = rest.find('[')?;
    let lang = rest[..lang_end].strip_prefix('-').unwrap_or(&rest[..lang_end]);
    let label_close = lang_end + rest[lang_end..].find("](")?;
    let path_at = 6 + label_close + 2;
    let close = t[path_at..].find(')')?;
    if !t[path_at + close + 1..].trim().eq("]") {
        return None;
    }
    let full = &t[path_at..path_at + close];
    let (mut req, mut cut) = (Request { lang, ..Request::default() }, full.len());
    if let Some(h) = full.find('#') {
        req.region = Some((&full[h + 1..], path_at + h + 1));
        cut = h;
    }
    if let Some(q) = full[..cut].find('?') {
        let mut at = path_at + q + 1;
        for pair in full[q + 1..cut].split('&') {
            if let Some((k, v)) = pair.split_once('=') {
                let value = Some((v, at + k.len() + 1));
                match k.to_ascii_lowercase().as_str() {
                    "name" => req.region = value,
                    "range" => req.range = value,
                    _ => {} // highlight, dedent: accepted, not applied
                }
            }
            at += pair.len() + 1;
        }
        cut = q;
    }
    req.path = (&full[..cut], path_at);
    Some(req)
}

/// Reads `:::code …:::`; Err with an offset and message for a bad one.
fn parse_colon(t: &str) -> Result<Request<'_>, (usize, String)> {
    let end =
        t.trim_end().strip_suffix(":::").map(str::len).ok_or((0, "`:::code` does not end with `:::`".to_string()))?;
    let (list, junk) = attrs::scan(&t[7..end]);
    if let Some(j) = junk.first() {
        return Err((7 + j.at, j.message.clone()));
    }
    let mut req = Request::default();
    let mut has_source = false;
    for a in &list {
        let value = (a.value, 7 + a.value_at);
        match a.name.to_ascii_lowercase().as_str() {
            "language" => req.lang = a.value,
            "source" => {
                req.path = value;
                has_source = true;
            }
            "id" => req.region = Some(value),
            "range" => req.range = Some(value),
            "highlight" | "interactive" => {}
            _ => return Err((7 + a.name_at, format!("unknown :::code attribute `{}`", a.name))),
        }
    }
    if !has_source {
        return Err((0, "`:::code` without source=\"…\"".into()));
    }
    Ok(req)
}

/// The language of a file by its extension, for a directive that names none.
fn language_of(path: &str) -> &str {
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext.to_ascii_lowercase().as_str() {
        "cs" => "csharp",
        "ps1" | "psm1" => "powershell",
        "py" => "python",
        "js" => "javascript",
        "ts" => "typescript",
        "yml" => "yaml",
        "sh" => "bash",
        "md" => "markdown",
        "rs" => "rust",
        _ => ext,
    }
}

/// Replaces the directive at `start..end` (its line is `trimmed`) with a code block; `indent`
/// goes before each of the block's lines after the first.
pub fn apply(cx: &mut Cx<'_>, trimmed: &str, start: usize, end: usize, indent: &str) {
    let req = if trimmed.starts_with("[!") {
        match parse_bang(trimmed) {
            Some(r) => r,
            None => return,
        }
    } else {
        match parse_colon(trimmed) {
            Ok(r) => r,
            Err((at, msg)) => {
                cx.broken(start + at, msg, "write :::code language=\"csharp\" source=\"file.cs\" id=\"snippet\":::");
                cx.replace(start, end, start, "");
                return;
            }
        }
    };
    match code_text(cx, &req, start) {
        Some(code) => {
            let lang = if req.lang.is_empty() { language_of(req.path.0) } else { req.lang };
            // A fence longer than any run of backticks in the code, so the code cannot end it.
            let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
            let fence = "`".repeat(longest.max(2) + 1);
            let mut block = format!("{fence}{lang}\n");
            for line in code.lines() {
                block.push_str(indent);
                block.push_str(line);
                block.push('\n');
            }
            block.push_str(indent);
            block.push_str(&fence);
            cx.replace(start, end, start, &block);
        }
        None => cx.replace(start, end, start, ""),
    }
}

/// Reads the file and picks its lines; None after reporting why not.
fn code_text(cx: &mut Cx<'_>, req: &Request<'_>, start: usize) -> Option<String> {
    let (path, path_at) = req.path;
    let at = start + path_at;
    // `~/` is the locale folder's root: climb there from the including file's folder.
    let href = match path.strip_prefix("~/") {
        Some(rest) => "../".repeat(cx.origin.rel_path.matches('/').count()) + rest,
        None => path.to_string(),
    };
    let found = match cx.links.resolve(&cx.origin.locale, &cx.origin.rel_path, &href) {
        Target::Page(r) | Target::Asset(r) => r,
        Target::Missing { locale, path: looked } => {
            cx.broken(
                at,
                format!("code file `{path}` not found"),
                format!("looked for {looked} in {locale} (and the default locale); check the path"),
            );
            return None;
        }
        _ => {
            cx.broken(
                at,
                format!("code file `{path}` is not a file of the site"),
                "code files must be under content/, with a relative path or ~/",
            );
            return None;
        }
    };
    let display = cx.links.display_file(&found.locale, &found.rel_path);
    let text = match read_source(&cx.links.file_path(&found.locale, &found.rel_path)) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                cx.broken(at, format!("code file {} is not valid UTF-8", display.display()), "save it as UTF-8");
                return None;
            }
        },
        Err(ReadError::TooLarge(size)) => {
            cx.broken(
                at,
                format!("code file {} is {}", display.display(), crate::text::source::too_large(size)),
                "include a smaller file",
            );
            return None;
        }
        Err(ReadError::Io(e)) => {
            cx.broken(at, format!("cannot read code file {}: {e}", display.display()), "check the file");
            return None;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut lines: Vec<&str> = text.lines().collect();
    if let Some((name, name_at)) = req.region.filter(|(n, _)| !n.is_empty()) {
        match snippet::region(text, name) {
            Ok(l) => lines = l,
            Err(why) => {
                cx.broken(
                    start + name_at,
                    format!("code file {} {why}", display.display()),
                    "name a region (#region name) or snippet tag (// <name>) of the file",
                );
                return None;
            }
        }
    }
    if let Some((spec, spec_at)) = req.range {
        match snippet::ranges(spec).and_then(|r| snippet::select(&lines, &r)) {
            Ok(l) => lines = l,
            Err(why) => {
                let what = if why.starts_with('`') { why } else { format!("code file {} {why}", display.display()) };
                cx.broken(
                    start + spec_at,
                    what,
                    "give line numbers within the file (or the region), as in range=\"3-10,12\"",
                );
                return None;
            }
        }
    }
    Some(snippet::dedent(&lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bang_directives() {
        let r = parse_bang("[!code-csharp[Main](../code/app.cs#Main)]").unwrap();
        assert_eq!(
            r,
            Request { lang: "csharp", path: ("../code/app.cs", 20), region: Some(("Main", 35)), range: None }
        );
        let r = parse_bang("[!code-powershell[](x.ps1?range=3-10,12&highlight=2)]").unwrap();
        assert_eq!((r.path, r.range, r.region), (("x.ps1", 20), Some(("3-10,12", 32)), None));
        let r = parse_bang("[!code[](x.ps1?name=setup)]").unwrap();
        assert_eq!((r.lang, r.region), ("", Some(("setup", 20))));
        assert!(parse_bang("[!code-cs[x](a.cs)] trailing").is_none());
        assert!(is_directive("[!CODE-cs[x](a.cs)]") && is_directive(":::code source=\"a\":::"));
    }

    #[test]
    fn reads_colon_directives() {
        let r =
            parse_colon(r#":::code language="csharp" source="a.cs" id="snip" range="1-5" highlight="2":::"#).unwrap();
        assert_eq!(
            r,
            Request { lang: "csharp", path: ("a.cs", 34), region: Some(("snip", 44)), range: Some(("1-5", 57)) }
        );
        assert_eq!(parse_colon(r#":::code language="cs" source="a.cs" bogus="1":::"#).unwrap_err().0, 36);
        assert!(parse_colon(r#":::code language="cs":::"#).is_err());
        assert_eq!(language_of("a/b.ps1"), "powershell");
    }
}
