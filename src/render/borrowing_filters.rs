//! tera's `filter`, `first` and `last` filters, reading the array where it is instead of
//! copying it: tera's own clone the whole array and rebuild every element through serde before
//! looking at it (`try_get_value!`). The default theme runs `site.locales | filter(...) | first`
//! and `page.headings | filter(...)` on every page; the rebuilding was 2 % of a 20,000-page build
//! (perf). Same arguments, same errors, same answers as tera's (the tests render both).
//!
//! `filter(...) | length` and `filter(...) | first` are fused into one call when the templates
//! are compiled ([`fuse`]): counting, or finding the first, copies no element (the default
//! theme's on-this-page list counts a page's headings twice; copying them was ~1 % of a build).

use serde_json::Value;
use tera::ast::{Expr, ExprVal, FunctionCall};
use tera::dotted_pointer;

/// The argument [`fuse`] gives `filter`: the name of the filter that followed it. A template
/// cannot write it (it is not a name tera's grammar reads), so it never comes from an author.
const THEN: &str = "guidebook:then";

/// tera's message for a value that is not an array.
fn not_an_array(filter: &str, value: &Value) -> tera::Error {
    tera::Error::msg(format!(
        "Filter `{filter}` was called on an incorrect value: got `{value}` but expected a Vec<Value>"
    ))
}

fn array<'v>(filter: &str, value: &'v Value) -> tera::Result<&'v [Value]> {
    value.as_array().map(Vec::as_slice).ok_or_else(|| not_an_array(filter, value))
}

/// `filter(attribute=..., value=...)`: the elements whose attribute equals `value` (without
/// `value`: whose attribute is not null).
pub fn filter(value: &Value, args: &tera::Args) -> tera::Result<Value> {
    let arr = array("filter", value)?;
    if arr.is_empty() {
        // As tera's: no element, so the arguments are not looked at.
        return Ok(then(args, std::iter::empty()));
    }
    let key = match args.get("attribute") {
        Some(Value::String(key)) => key,
        Some(other) => {
            return Err(tera::Error::msg(format!(
                "Filter `filter` received an incorrect type for arg `attribute`: got `{other}` but expected a String"
            )))
        }
        None => return Err(tera::Error::msg("The `filter` filter has to have an `attribute` argument")),
    };
    let wanted = args.get("value").unwrap_or(&Value::Null);
    let kept = arr.iter().filter(|v| {
        let found = dotted_pointer(v, key).unwrap_or(&Value::Null);
        if wanted.is_null() {
            !found.is_null()
        } else {
            found == wanted
        }
    });
    Ok(then(args, kept))
}

/// The elements `filter` keeps as an array, or what `length` or `first` would give for that
/// array when [`fuse`] told `filter` that one follows.
fn then<'v>(args: &tera::Args, mut kept: impl Iterator<Item = &'v Value>) -> Value {
    match args.get(THEN).and_then(Value::as_str) {
        Some("length") => Value::from(kept.count()),
        Some("first") => kept.next().cloned().unwrap_or_else(|| Value::String(String::new())),
        _ => Value::Array(kept.cloned().collect()),
    }
}

/// Fuses `filter(...) | length` and `filter(...) | first` in a chain of filters into one
/// `filter` call told what followed it (see [`THEN`]). The name stays `filter`, so an error
/// reads as before; `length` and `first` take no arguments and cannot fail on an array.
pub fn fuse(filters: &mut Vec<FunctionCall>) {
    let mut k = 0;
    while k + 1 < filters.len() {
        let next = &filters[k + 1];
        let fusable = filters[k].name == "filter"
            && !filters[k].args.contains_key(THEN)
            && next.args.is_empty()
            && matches!(next.name.as_str(), "length" | "first");
        if fusable {
            let then = filters.remove(k + 1).name;
            filters[k].args.insert(THEN.to_string(), Expr::new(ExprVal::String(then)));
        }
        k += 1;
    }
}

/// `first`: the first element, or "" for an empty array.
pub fn first(value: &Value, _: &tera::Args) -> tera::Result<Value> {
    Ok(array("first", value)?.first().cloned().unwrap_or_else(|| Value::String(String::new())))
}

/// `last`: the last element, or "" for an empty array.
pub fn last(value: &Value, _: &tera::Args) -> tera::Result<Value> {
    Ok(array("last", value)?.last().cloned().unwrap_or_else(|| Value::String(String::new())))
}

/// Puts these in place of tera's own.
pub fn register(tera: &mut tera::Tera) {
    tera.register_filter("filter", filter);
    tera.register_filter("first", first);
    tera.register_filter("last", last);
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use tera::ast::Node;
    use tera::{Context, Tera};

    #[test]
    fn a_filter_and_the_length_or_first_after_it_become_one_call() {
        let mut tera = Tera::default();
        let source = r#"{{ x | filter(attribute="a") | length }}{{ x | filter(attribute="a", value=1) | first | upper }}{{ x | filter(attribute="a") | last }}{{ x | length }}"#;
        tera.add_raw_template("t", source).unwrap();
        crate::render::constant_calls::fold(&mut tera, &|_: &str, _: &[(&str, &str)]| None);
        let chains: Vec<Vec<String>> = tera.templates["t"]
            .ast
            .iter()
            .filter_map(|node| match node {
                Node::VariableBlock(_, e) => Some(e.filters.iter().map(|f| f.name.clone()).collect()),
                _ => None,
            })
            .collect();
        assert_eq!(chains, [vec!["filter"], vec!["filter", "upper"], vec!["filter", "last"], vec!["length"]]);
    }

    /// Renders `template` with `x` by tera's own filters and by ours (chains fused, as
    /// `Renderer::new` compiles them): output or error text.
    fn both(template: &str, x: serde_json::Value) -> (String, String) {
        let render = |ours: bool| {
            let mut tera = Tera::default();
            if ours {
                super::register(&mut tera);
            }
            tera.add_raw_template("t", template).unwrap();
            if ours {
                crate::render::constant_calls::fold(&mut tera, &|_: &str, _: &[(&str, &str)]| None);
            }
            let mut ctx = Context::new();
            ctx.insert("x", &x);
            tera.render("t", &ctx).unwrap_or_else(|e| {
                let mut msg = e.to_string();
                let mut source = std::error::Error::source(&e);
                while let Some(s) = source {
                    msg = format!("{msg}: {s}");
                    source = s.source();
                }
                msg
            })
        };
        (render(false), render(true))
    }

    /// The vendored tera splits a path of plain names on its dots, and leaves quotes, brackets
    /// and escapes to its state machine (vendor/tera/PATCHED.md): both must find the same values.
    #[test]
    fn dotted_paths_find_what_they_name() {
        let v = json!({"a": {"b": [1, {"c": 2}], "d": "e", "q.r": 5, "s/t": 6}, "x": 1});
        let cases = [
            ("a.b.1.c", Some(json!(2))),
            ("a.d", Some(json!("e"))),
            (".a.d", Some(json!("e"))),
            ("a..d", Some(json!("e"))),
            ("a.d.", Some(json!("e"))),
            ("a.b.0", Some(json!(1))),
            ("a.b.01", None),
            ("a.b.+1", None),
            ("a.b.9", None),
            ("nope.a", None),
            ("x.y", None),
            ("..", Some(v.clone())),
            // The state machine's paths: quoted names, brackets, RFC 6901 escapes.
            ("a.\"q.r\"", Some(json!(5))),
            ("a['q.r']", Some(json!(5))),
            ("a.s~1t", Some(json!(6))),
            // A name not found before the bytes that call for the state machine: its answer.
            ("nope['q.r']", None),
            ("a.nope.\"q.r\"", None),
            ("x.é", None),
        ];
        for (path, want) in cases {
            assert_eq!(tera::dotted_pointer(&v, path).cloned(), want, "{path}");
        }
        let mut tera = Tera::default();
        tera.add_raw_template("t", "{{ v.a.b.1.c }} {{ v.a.d }} {{ v.x }}").unwrap();
        let mut ctx = Context::new();
        ctx.insert("v", &v);
        assert_eq!(tera.render("t", &ctx).unwrap(), "2 e 1");
    }

    #[test]
    fn the_same_as_teras_own_on_good_and_bad_input() {
        let locales = json!([
            {"code": "en-us", "name": "English", "dir": "ltr", "nested": {"k": 1}},
            {"code": "ko-kr", "name": "한국어", "dir": "ltr", "nested": {"k": 2}},
            {"code": "ar", "name": null},
        ]);
        let templates = [
            r#"{{ x | filter(attribute="code", value="ko-kr") | first | json_encode() }}"#,
            r#"{{ x | filter(attribute="name") | length }}"#,
            r#"{{ x | filter(attribute="nested.k", value=2) | json_encode() }}"#,
            r#"{{ x | filter(attribute="code", value="xx") | first }}|{{ x | filter(attribute="code", value="xx") | last }}"#,
            r#"{{ x | last | json_encode() }}"#,
            r#"{{ x | filter(attribute=3) }}"#,
            r#"{{ x | filter(value=3) }}"#,
            r#"{{ x | first }}"#,
            // Chains fused into one call, where they stand in every place a filter can.
            r#"{% set n = x | filter(attribute="code", value="en-us") | length %}{{ n + 1 }}"#,
            r#"{% if x | filter(attribute="name") | length > 1 %}many{% endif %}"#,
            r#"{{ x | filter(attribute="code", value="ar") | first | json_encode() }}"#,
            r#"{{ x | filter(attribute="name") | first | upper }}"#,
            r#"{{ x | filter(attribute="code") | filter(attribute="name") | length }}"#,
            r#"{% for l in x | filter(attribute="nested") %}{{ l.code }}{% endfor %}"#,
            r#"{{ x | filter(attribute=3) | length }}|{{ x | filter(attribute="dir", value="ltr") | first | length }}"#,
        ];
        for template in templates {
            for x in [locales.clone(), json!([]), json!("text"), json!(null), json!({"a": 1}), json!([1, 2])] {
                let (theirs, ours) = both(template, x.clone());
                assert_eq!(theirs, ours, "{template} with {x}");
            }
        }
    }
}
