//! `[!INCLUDE [label](path.md)]` on a line of its own (Microsoft Docs' syntax) splices another
//! markdown file into the page before rendering. The path resolves like a link (same locale,
//! then the default), problems are reported at the directive in the including file, and the
//! source map keeps every included line traceable to its own file.

use crate::diagnostics::{Code, Diagnostic};
use crate::docfx::{self, Labels};
use crate::links::{IncludeTarget, LinkIndex};
use crate::page_key::PageKey;
use crate::text::frontmatter;
use crate::text::source::{read_markdown, too_large, Expanded, Origin, ReadError, TextError, MAX_PAGE_BYTES};

/// How deep includes may nest before it is taken for a mistake.
const MAX_DEPTH: usize = 16;

/// Expands the includes of a page body (`origin`'s text from `body_offset`), and the DocFX
/// extensions (see `docfx`) of the page and its includes; `labels` gives the page's strings.
pub fn expand(
    origin: Origin,
    body_offset: usize,
    links: &LinkIndex,
    labels: &dyn Fn() -> Labels,
    diags: &mut Vec<Diagnostic>,
) -> Expanded {
    let body = &origin.text()[body_offset..];
    if !contains_directive(body) && !docfx::may_contain(body) {
        return Expanded::single(origin, body_offset);
    }
    let mut stack = vec![PageKey::new(&origin.locale, &origin.rel_path)];
    expand_in(origin, body_offset, &Env { links, labels }, diags, &mut stack)
}

/// What every level of includes shares.
struct Env<'a> {
    links: &'a LinkIndex,
    labels: &'a dyn Fn() -> Labels,
}

fn contains_directive(text: &str) -> bool {
    // `[!` is rare in prose, so finding it first keeps the common case (no include) fast.
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, b"[!")
        .any(|i| bytes[i..].get(..9).is_some_and(|w| w.eq_ignore_ascii_case(b"[!include")))
}

/// A parsed directive: the indent before it, the path, and where the `[` is.
struct Directive<'a> {
    indent: &'a str,
    path: &'a str,
}

/// Reads `[!INCLUDE [label](path)]` alone on a line (after indentation).
fn parse_directive(line: &str) -> Option<Directive<'_>> {
    let body = line.trim_end_matches(['\n', '\r']);
    let trimmed = body.trim_start_matches([' ', '\t']);
    let indent = &body[..body.len() - trimmed.len()];
    let rest = trimmed.get(..9).filter(|p| p.eq_ignore_ascii_case("[!include")).map(|_| &trimmed[9..])?;
    let rest = rest.trim_start().strip_prefix('[')?;
    let rest = &rest[rest.find(']')? + 1..];
    let rest = rest.trim_start().strip_prefix('(')?;
    let close = rest.find(')')?;
    let path = rest[..close].split_whitespace().next()?;
    let rest = rest[close + 1..].trim_start().strip_prefix(']')?;
    rest.trim().is_empty().then_some(Directive { indent, path })
}

/// An opening or closing code fence: its character and length.
fn fence(line: &str) -> Option<(char, usize)> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return None;
    }
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

fn expand_in(
    origin: Origin,
    body_offset: usize,
    env: &Env<'_>,
    diags: &mut Vec<Diagnostic>,
    stack: &mut Vec<PageKey>,
) -> Expanded {
    let links = env.links;
    let mut out = Expanded::empty();
    let me = out.push_origin(origin.clone());
    let text = origin.text();
    // The extensions' pass runs over the same lines, only for files that may use them.
    let mut ext = docfx::may_contain(&text[body_offset..]).then(|| docfx::Pass::new(env.labels));
    let mut open_fence: Option<(char, usize)> = None;
    let mut copied = body_offset;
    let mut offset = body_offset;
    for line in text[body_offset..].split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        if let Some((c, n)) = open_fence {
            if fence(line).is_some_and(|(c2, n2)| c2 == c && n2 >= n && line.trim().chars().all(|x| x == c)) {
                open_fence = None;
            }
            continue;
        }
        if let Some(f) = fence(line) {
            open_fence = Some(f);
            continue;
        }
        let Some(d) = parse_directive(line) else {
            if let Some(ext) = ext.as_mut() {
                let mut cx = docfx::Cx { origin: &origin, me, out: &mut out, copied: &mut copied, links, diags };
                ext.line(&mut cx, line, line_start);
            }
            continue;
        };
        let at = line_start + d.indent.len();
        let (l, col) = origin.position(at);
        let error = |msg: String, hint: &str| {
            Diagnostic::error(&origin.display, l, col, msg).with_code(Code::BrokenInclude).with_hint(hint.to_string())
        };
        // A directive that fails is reported and dropped, not rendered as a stray link.
        let drop_line = |out: &mut Expanded, copied: &mut usize| {
            out.push_text(me, *copied..line_start);
            *copied = offset;
        };
        let target = match links.resolve_include(&origin.locale, &origin.rel_path, d.path) {
            Ok(t) => t,
            Err(hint) => {
                // A symlink that is not followed is named as such, not as a missing file.
                if hint.contains(" is a symlink") {
                    let msg = format!("include `{}`: {hint}", d.path);
                    diags.push(error(msg, "copy the file into the site, or link to a file inside it"));
                } else {
                    diags.push(error(format!("include `{}` not found", d.path), &hint));
                }
                drop_line(&mut out, &mut copied);
                continue;
            }
        };
        let key = PageKey::new(&target.locale, &target.rel_path);
        if let Some(pos) = stack.iter().position(|k| *k == key) {
            let chain: Vec<&str> = stack[pos..].iter().map(|k| k.path.as_str()).chain([key.path.as_str()]).collect();
            let msg = format!("include cycle: {}", chain.join(" → "));
            diags.push(
                error(msg, "remove one of the includes so that no file includes itself").with_code(Code::IncludeCycle),
            );
            drop_line(&mut out, &mut copied);
            continue;
        }
        if stack.len() >= MAX_DEPTH {
            diags.push(error(format!("includes nest deeper than {MAX_DEPTH} files"), "include fewer levels"));
            drop_line(&mut out, &mut copied);
            continue;
        }
        // Links in an included file resolve in the including page's language first, even when
        // the file itself came from the default locale.
        let reader_locale = origin.locale.clone();
        let Some(child) = read_included(&target, &reader_locale, &error, diags) else {
            drop_line(&mut out, &mut copied);
            continue;
        };
        stack.push(key);
        let (child_origin, child_body) = child;
        let expanded = expand_in(child_origin, child_body, env, diags, stack);
        stack.pop();
        // Includes of includes multiply: a few small files could make a page of gigabytes.
        if out.text.len() + expanded.text.len() > MAX_PAGE_BYTES {
            let msg = format!("with this include the page grows past {} MB", MAX_PAGE_BYTES >> 20);
            diags.push(error(msg, "include less, or split the page").with_code(Code::TooLarge));
            drop_line(&mut out, &mut copied);
            continue;
        }
        // Everything before the directive, then the included text on lines of its own.
        out.push_text(me, copied..line_start);
        out.push_synthetic(me, at, "\n");
        let ends_with_newline = expanded.text.ends_with('\n');
        out.push_expanded(expanded, d.indent, me, at);
        out.push_synthetic(me, at, if ends_with_newline { "\n" } else { "\n\n" });
        copied = offset;
    }
    if let Some(ext) = ext.as_mut() {
        let mut cx = docfx::Cx { origin: &origin, me, out: &mut out, copied: &mut copied, links, diags };
        ext.finish(&mut cx, text.len());
    }
    out.push_text(me, copied..text.len());
    out
}

fn read_included(
    target: &IncludeTarget,
    reader_locale: &str,
    error: &dyn Fn(String, &str) -> Diagnostic,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Origin, usize)> {
    let text = match read_markdown(&target.abs_path, &target.display) {
        Ok((text, nul)) => {
            diags.extend(nul);
            text
        }
        Err(TextError::Read(ReadError::TooLarge(size))) => {
            let msg = format!("included file {} is {}", target.display.display(), too_large(size));
            diags.push(error(msg, "split it into several files").with_code(Code::TooLarge));
            return None;
        }
        Err(TextError::NotUtf8(bad)) => {
            // Reported at the directive (the page fails there), naming the bad byte's place too.
            let shown = target.display.display();
            let msg = format!(
                "included file {shown} is not valid UTF-8 (byte 0x{:02X} at {shown}:{}:{})",
                bad.byte, bad.line, bad.col
            );
            diags.push(error(msg, &bad.hint));
            return None;
        }
        Err(TextError::Read(ReadError::Io(e))) => {
            diags.push(error(format!("cannot read included file {}: {e}", target.display.display()), "check the path"));
            return None;
        }
    };
    let origin = Origin::new(target.display.clone(), reader_locale, &target.rel_path, text);
    let body = match frontmatter::split(origin.text(), &target.display) {
        Ok(split) => split.body_offset,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    Some((origin, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_are_recognised_alone_on_their_line() {
        let d = parse_directive("[!INCLUDE [note](../includes/note.md)]\n").unwrap();
        assert_eq!((d.indent, d.path), ("", "../includes/note.md"));
        let d = parse_directive("   [!include[x](a.md)]  \n").unwrap();
        assert_eq!((d.indent, d.path), ("   ", "a.md"));
        assert!(parse_directive("text [!INCLUDE [x](a.md)]\n").is_none());
        assert!(parse_directive("`[!INCLUDE [x](a.md)]`\n").is_none());
        assert!(parse_directive("[!INCLUDE [x](a.md)] and more\n").is_none());
    }

    #[test]
    fn fences_are_told_apart() {
        assert_eq!(fence("```json\n"), Some(('`', 3)));
        assert_eq!(fence("   ~~~~\n"), Some(('~', 4)));
        assert_eq!(fence("    ```\n"), None);
    }
}
