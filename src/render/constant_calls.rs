//! Calls whose answer is known when the templates are compiled, replaced by that answer: a
//! `t(key="…")` of a string the locale has (also with other arguments, when each is a string
//! literal: `t(key="…", query="__QUERY__")`), an `asset(path="…")`. The default theme makes
//! ~25 such calls per page, each building an argument map and copying the answer (13 % of
//! tera's time in a 20,000-page build, perf); a string literal in their place renders the
//! same (tera escapes a literal as it escapes a function's answer, and filters and `not`
//! apply alike).
//!
//! Done on each locale's copy of the compiled templates: the page template, its blocks as
//! they are rendered (`blocks_definitions`) and its macros. A call not answered here stays a
//! call, answered (or failed) at render time as before. The same walk fuses chains of filters
//! that need not copy what they pass on (`borrowing_filters::fuse`).

use tera::ast::{Expr, ExprVal, FunctionCall, LogicOperator, Node};
use tera::Tera;

/// The answer to `function(name="literal", ...)`, given the function's name and its arguments
/// (in no particular order), when it is known now.
pub type Answer<'a> = dyn Fn(&str, &[(&str, &str)]) -> Option<String> + 'a;

/// Replaces every call `answer` knows in every template of `tera`.
pub fn fold(tera: &mut Tera, answer: &Answer<'_>) {
    for template in tera.templates.values_mut() {
        // `blocks` is left: tera reads it only while parsing; rendering reads the definitions.
        nodes(&mut template.ast, answer);
        for chain in template.blocks_definitions.values_mut() {
            for (_, block) in chain {
                nodes(&mut block.body, answer);
            }
        }
        for definition in template.macros.values_mut() {
            nodes(&mut definition.body, answer);
            for default in definition.args.values_mut().flatten() {
                expr(default, answer);
            }
        }
    }
}

fn nodes(list: &mut [Node], answer: &Answer<'_>) {
    for node in list {
        match node {
            Node::VariableBlock(_, e) => expr(e, answer),
            Node::Set(_, set) => expr(&mut set.value, answer),
            Node::FilterSection(_, section, _) => {
                call_args(&mut section.filter, answer);
                nodes(&mut section.body, answer);
            }
            Node::Block(_, block, _) => nodes(&mut block.body, answer),
            Node::Forloop(_, forloop, _) => {
                expr(&mut forloop.container, answer);
                nodes(&mut forloop.body, answer);
                if let Some(empty) = &mut forloop.empty_body {
                    nodes(empty, answer);
                }
            }
            Node::If(branches, _) => {
                for (_, condition, body) in &mut branches.conditions {
                    condition_expr(condition, answer);
                    nodes(body, answer);
                }
                if let Some((_, body)) = &mut branches.otherwise {
                    nodes(body, answer);
                }
            }
            // tera renders macros from `template.macros` (folded in `fold`), never from here.
            Node::MacroDefinition(..)
            | Node::Super
            | Node::Text(_)
            | Node::Extends(..)
            | Node::Include(..)
            | Node::ImportMacro(..)
            | Node::Raw(..)
            | Node::Break(_)
            | Node::Continue(_)
            | Node::Comment(..) => {}
        }
    }
}

fn expr(e: &mut Expr, answer: &Answer<'_>) {
    value(&mut e.val, answer, false);
    filters(&mut e.filters, answer);
}

/// A chain of filters: their arguments folded, and `filter | length` and `filter | first`
/// fused into one call on the way (see `borrowing_filters::fuse`).
fn filters(chain: &mut Vec<FunctionCall>, answer: &Answer<'_>) {
    super::borrowing_filters::fuse(chain);
    for filter in chain {
        call_args(filter, answer);
    }
}

/// An expression tera reads as a condition or a number (an `if`, the sides of `and`, `or`,
/// `<`): there a call must answer a bool or a number, or tera says so, and a string in its
/// place would be read differently. Such calls stay; their arguments are folded.
fn condition_expr(e: &mut Expr, answer: &Answer<'_>) {
    value(&mut e.val, answer, true);
    filters(&mut e.filters, answer);
}

fn call_args(call: &mut FunctionCall, answer: &Answer<'_>) {
    for arg in call.args.values_mut() {
        expr(arg, answer);
    }
}

fn value(v: &mut ExprVal, answer: &Answer<'_>, as_condition: bool) {
    match v {
        ExprVal::FunctionCall(call) => match known(call, answer).filter(|_| !as_condition) {
            Some(text) => *v = ExprVal::String(text),
            None => call_args(call, answer),
        },
        ExprVal::MacroCall(call) => call.args.values_mut().for_each(|a| expr(a, answer)),
        // `==` and `!=` compare values; the other operators read their sides as conditions
        // (`and`, `or`) or numbers (`<`, `>=`…).
        ExprVal::Logic(logic) if matches!(logic.operator, LogicOperator::Eq | LogicOperator::NotEq) => {
            expr(&mut logic.lhs, answer);
            expr(&mut logic.rhs, answer);
        }
        ExprVal::Logic(logic) => {
            condition_expr(&mut logic.lhs, answer);
            condition_expr(&mut logic.rhs, answer);
        }
        ExprVal::Test(test) => test.args.iter_mut().for_each(|a| expr(a, answer)),
        ExprVal::Array(items) => items.iter_mut().for_each(|a| expr(a, answer)),
        ExprVal::StringConcat(concat) => concat.values.iter_mut().for_each(|part| value(part, answer, false)),
        ExprVal::In(within) => {
            expr(&mut within.lhs, answer);
            expr(&mut within.rhs, answer);
        }
        // Arithmetic on a string is an error either way; left as written, it says so as before.
        ExprVal::Math(_)
        | ExprVal::String(_)
        | ExprVal::Int(_)
        | ExprVal::Float(_)
        | ExprVal::Bool(_)
        | ExprVal::Ident(_) => {}
    }
}

/// The answer to a call whose every argument is a plain string literal.
fn known(call: &FunctionCall, answer: &Answer<'_>) -> Option<String> {
    let mut literals = Vec::with_capacity(call.args.len());
    for (name, arg) in &call.args {
        match &arg.val {
            ExprVal::String(literal) if !arg.negated && arg.filters.is_empty() => {
                literals.push((name.as_str(), literal.as_str()))
            }
            _ => return None,
        }
    }
    answer(&call.name, &literals)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use tera::{Context, Value};

    /// Templates that call `t` everywhere a call can stand.
    const TEMPLATES: [(&str, &str); 4] = [
        // tera wants a bool from a call in a condition: a string is an error, folded or not.
        ("strict.html", r#"{% if t(key="a") or false %}yes{% endif %}"#),
        (
            "base.html",
            r#"{% import "macros.html" as m %}<title>{% block title %}{{ t(key="site") }}{% endblock title %}</title>
{{ t(key="a") }} {{ t(key="lt") }} {{ t(key="lt") | safe }} {{ t(key="a") | upper }}
{% set label = t(key="a") %}[{{ label }}] {% if t(key="a") == "Alpha" %}yes{% endif %} {% if t(key="none-here") == "" %}empty{% endif %}
{{ "x" ~ t(key="a") ~ "y" }} {{ m::card(title=t(key="a")) }} {{ m::card() }} {{ [t(key="a"), 1] | json_encode() }}
{{ "ab" | replace(from="a", to=t(key="a")) }} {{ t(key="n", n=2) }} {{ t(key="n", n="<3>") }} {% for x in [t(key="a")] %}{{ x }}{% endfor %}
{% filter upper %}{{ t(key="a") }}{% endfilter %} {{ asset(path="style.css") }} {% block body %}{% endblock body %}"#,
        ),
        ("macros.html", r#"{% macro card(title="none") %}<b>{{ title }}</b>{{ t(key="lt") }}{% endmacro card %}"#),
        (
            "page.html",
            r#"{% extends "base.html" %}{% block title %}{{ t(key="page") }} · {{ super() }}{% endblock title %}{% block body %}{{ t(key="a") }}{% endblock body %}"#,
        ),
    ];

    fn strings(key: &str) -> Option<String> {
        match key {
            "site" => Some("Site".into()),
            "page" => Some("Page".into()),
            "a" => Some("Alpha".into()),
            "lt" => Some("<b>&".into()),
            _ => None,
        }
    }

    /// The templates with `t` and `asset` as functions, counting `t`'s calls.
    fn compiled(calls: &Arc<AtomicUsize>) -> Tera {
        let mut tera = Tera::default();
        tera.add_raw_templates(TEMPLATES).unwrap();
        let counted = Arc::clone(calls);
        tera.register_function("t", move |args: &tera::Args| {
            counted.fetch_add(1, Ordering::Relaxed);
            let key = args["key"].as_str().unwrap();
            match (strings(key), args.get("n")) {
                (Some(text), None) => Ok(Value::String(text)),
                // A literal argument is text (`n="3"`), as guidebook's `t` reads it.
                (_, Some(Value::String(n))) => Ok(Value::String(format!("{key}:{n}"))),
                (_, Some(n)) => Ok(Value::String(format!("{key}:{n}"))),
                (None, None) => Ok(Value::String(String::new())),
            }
        });
        tera.register_function("asset", |args: &tera::Args| {
            Ok(Value::String(format!("/{}", args["path"].as_str().unwrap())))
        });
        tera
    }

    fn answer(function: &str, args: &[(&str, &str)]) -> Option<String> {
        match (function, args) {
            ("t", [("key", literal)]) => strings(literal),
            ("t", [("key", key), ("n", n)] | [("n", n), ("key", key)]) => Some(format!("{key}:{n}")),
            ("asset", [("path", literal)]) => Some(format!("/{literal}")),
            _ => None,
        }
    }

    #[test]
    fn folded_templates_render_the_same_without_calling_for_known_strings() {
        let (before, after) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let plain = compiled(&before);
        let mut folded = compiled(&after);
        fold(&mut folded, &answer);
        for name in ["base.html", "page.html"] {
            let want = plain.render(name, &Context::new()).unwrap();
            assert_eq!(folded.render(name, &Context::new()).unwrap(), want, "{name}");
        }
        assert!(before.load(Ordering::Relaxed) > 20, "the unfolded templates call t()");
        // Left: the key no locale has (in the `==` test, once per render of base.html and
        // page.html) and the call with a number besides the key (likewise); the call whose
        // arguments are all string literals is folded.
        assert_eq!(after.load(Ordering::Relaxed), 4);
        for tera in [&plain, &folded] {
            assert!(tera.render("strict.html", &Context::new()).is_err(), "a call in a condition is kept");
        }
        let page = folded.render("page.html", &Context::new()).unwrap();
        assert!(page.starts_with("<title>Page · Site</title>"), "{page}");
        assert!(page.contains("&lt;b&gt;&amp; <b>&"), "escaped unless marked safe: {page}");
        assert!(page.contains("&#x2F;style.css") && page.contains("<b>Alpha</b>&lt;b&gt;&amp;"), "{page}");
        assert!(page.contains("n:2 n:&lt;3&gt;"), "a folded answer is escaped as the call's was: {page}");
    }
}
