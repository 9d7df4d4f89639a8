//! Fluent messages that refer to themselves, directly (`search = { search }`) or through
//! others (`a = { b }`, `b = { a }`). fluent renders them as `{search}` and says nothing; this
//! finds each loop in a file and names it at the message's line.

use crate::diagnostics::{Code, Diagnostic, LineIndex};
use fluent::FluentResource;
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use std::collections::HashMap;
use std::path::Path;

/// A warning for each message or term of `resource` (the file `shown`) that reaches itself
/// through the messages and terms it refers to.
pub fn check(resource: &FluentResource, shown: &Path) -> Vec<Diagnostic> {
    // `-term` for terms, as they are written where they are used.
    let mut refs: HashMap<String, (Vec<String>, usize)> = HashMap::new();
    let source = resource.source();
    for entry in resource.entries() {
        let (id, patterns): (String, Vec<&Pattern<&str>>) = match entry {
            Entry::Message(m) => {
                let mut p: Vec<_> = m.value.iter().collect();
                p.extend(m.attributes.iter().map(|a| &a.value));
                (m.id.name.to_string(), p)
            }
            Entry::Term(t) => {
                let mut p = vec![&t.value];
                p.extend(t.attributes.iter().map(|a| &a.value));
                (format!("-{}", t.id.name), p)
            }
            _ => continue,
        };
        let name = match entry {
            Entry::Message(m) => m.id.name,
            Entry::Term(t) => t.id.name,
            _ => continue,
        };
        // The identifier is a slice of the source: its offset is its place in the file.
        let offset = (name.as_ptr() as usize).saturating_sub(source.as_ptr() as usize).min(source.len());
        let mut out = Vec::new();
        for p in patterns {
            pattern_refs(p, &mut out);
        }
        refs.insert(id, (out, offset));
    }
    let lines = LineIndex::new(source);
    let mut names: Vec<&String> = refs.keys().collect();
    names.sort_by_key(|n| refs[*n].1);
    let mut diags = Vec::new();
    for start in names {
        if let Some(path) = loop_from(start, &refs) {
            let (line, col) = lines.position(refs[start].1);
            let msg = format!(
                "the message `{start}` refers to itself ({}); it would show as `{{{start}}}`",
                path.join(" → ")
            );
            let hint = "write the text itself in one of these messages instead of a `{ reference }`";
            diags.push(Diagnostic::warning(shown, line, col, msg).with_code(Code::Strings).with_hint(hint));
        }
    }
    diags
}

/// The shortest chain of references from `start` back to itself, if there is one.
fn loop_from(start: &str, refs: &HashMap<String, (Vec<String>, usize)>) -> Option<Vec<String>> {
    let mut from: HashMap<&str, &str> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(at) = queue.pop_front() {
        for next in refs.get(at).map(|r| r.0.as_slice()).unwrap_or_default() {
            if next == start {
                // Walk back from `at` to `start`, then read it forwards.
                let mut path = vec![start.to_string()];
                let mut back = at;
                while back != start {
                    path.push(back.to_string());
                    back = from[back];
                }
                path.push(start.to_string());
                path.reverse();
                return Some(path);
            }
            if !from.contains_key(next.as_str()) && refs.contains_key(next) {
                from.insert(next, at);
                queue.push_back(next);
            }
        }
    }
    None
}

fn pattern_refs(p: &Pattern<&str>, out: &mut Vec<String>) {
    for e in &p.elements {
        if let PatternElement::Placeable { expression } = e {
            expression_refs(expression, out);
        }
    }
}

fn expression_refs(e: &Expression<&str>, out: &mut Vec<String>) {
    match e {
        Expression::Select { selector, variants } => {
            inline_refs(selector, out);
            for v in variants {
                pattern_refs(&v.value, out);
            }
        }
        Expression::Inline(i) => inline_refs(i, out),
    }
}

fn inline_refs(e: &InlineExpression<&str>, out: &mut Vec<String>) {
    match e {
        InlineExpression::MessageReference { id, .. } => out.push(id.name.to_string()),
        InlineExpression::TermReference { id, arguments, .. } => {
            out.push(format!("-{}", id.name));
            for a in arguments.iter().flat_map(|a| a.positional.iter().chain(a.named.iter().map(|n| &n.value))) {
                inline_refs(a, out);
            }
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in arguments.positional.iter().chain(arguments.named.iter().map(|n| &n.value)) {
                inline_refs(a, out);
            }
        }
        InlineExpression::Placeable { expression } => expression_refs(expression, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(ftl: &str) -> Vec<String> {
        let r = FluentResource::try_new(ftl.to_string()).unwrap_or_else(|(r, _)| r);
        check(&r, Path::new("locales/en-us/ui.ftl"))
            .iter()
            .map(|d| format!("{}:{} {}", d.line_number(), d.col_number(), d.message))
            .collect()
    }

    #[test]
    fn messages_that_reach_themselves_are_named_at_their_line() {
        let d = found("ok = Fine { other }\nother = Text\nsearch = { search }\na = x { b }\nb = { a } y\n");
        assert_eq!(d.len(), 3, "{d:?}");
        assert!(d[0].starts_with("3:1 the message `search` refers to itself (search → search)"), "{d:?}");
        assert!(d[1].starts_with("4:1 the message `a` refers to itself (a → b → a)"), "{d:?}");
        assert!(found("x = { -t }\n-t = T { $n ->\n *[one] { x }\n}\n").len() == 2);
        assert!(found("x = { y }\ny = plain\n").is_empty());
    }
}
