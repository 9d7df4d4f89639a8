//! Which templates each template reads (`{% extends %}`, `{% include %}`, `{% import %}`,
//! transitively), taken from tera's parsed templates rather than the text, so comments, raw
//! blocks and quoted strings cannot fool it. With it, a template edit in `serve` re-renders only
//! the jobs whose template reaches an edited file.

use crate::render::Job;
use std::collections::{BTreeMap, BTreeSet};
use tera::ast::Node;
use tera::Tera;

/// The templates each compiled template names directly.
#[derive(Debug, Default)]
pub struct TemplateDeps {
    uses: BTreeMap<String, BTreeSet<String>>,
}

impl TemplateDeps {
    /// Reads the direct dependencies of every template of `tera` (computed once per compile).
    pub fn of(tera: &Tera) -> TemplateDeps {
        let uses = tera
            .templates
            .iter()
            .map(|(name, t)| {
                let mut used = BTreeSet::new();
                used.extend(t.parent.iter().cloned());
                used.extend(t.imported_macro_files.iter().map(|(file, _)| file.clone()));
                collect(&t.ast, &mut used);
                // Macro bodies are in the AST too, but tera keeps them apart as well: read both.
                for m in t.macros.values() {
                    collect(&m.body, &mut used);
                }
                (name.clone(), used)
            })
            .collect();
        TemplateDeps { uses }
    }

    /// `root` and every template it reads, directly or not. A name with no template (an
    /// `include ... ignore missing`, or one just deleted) is in the set too: its appearing or
    /// vanishing changes what `root` renders.
    pub fn closure(&self, root: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![root.to_string()];
        while let Some(name) = stack.pop() {
            if let Some(used) = self.uses.get(&name) {
                stack.extend(used.iter().filter(|u| !seen.contains(*u)).cloned());
            }
            seen.insert(name);
        }
        seen
    }

    /// The jobs whose template reads any of `changed`. A job reads only the templates in its
    /// template's closure under the new templates; when none of those changed, that closure
    /// (made of their unchanged text) is also what it read before, so its output is the same.
    pub fn affected<'j>(&self, jobs: &'j [Job], changed: &BTreeSet<String>) -> Vec<&'j Job> {
        let mut hit: BTreeMap<&'static str, bool> = BTreeMap::new();
        jobs.iter()
            .filter(|job| {
                *hit.entry(job.template())
                    .or_insert_with(|| self.closure(job.template()).iter().any(|n| changed.contains(n)))
            })
            .collect()
    }
}

/// The templates named by `{% include %}`, `{% extends %}` and `{% import %}` anywhere in `ast`.
fn collect(ast: &[Node], used: &mut BTreeSet<String>) {
    for node in ast {
        match node {
            Node::Include(_, names, _) => used.extend(names.iter().cloned()),
            Node::Extends(_, name) | Node::ImportMacro(_, name, _) => {
                used.insert(name.clone());
            }
            Node::MacroDefinition(_, m, _) => collect(&m.body, used),
            Node::Block(_, b, _) => collect(&b.body, used),
            Node::FilterSection(_, f, _) => collect(&f.body, used),
            Node::Forloop(_, f, _) => {
                collect(&f.body, used);
                collect(f.empty_body.as_deref().unwrap_or_default(), used);
            }
            Node::If(i, _) => {
                for (_, _, body) in &i.conditions {
                    collect(body, used);
                }
                collect(i.otherwise.as_ref().map(|(_, b)| b.as_slice()).unwrap_or_default(), used);
            }
            _ => {}
        }
    }
}

/// The templates whose parsed form differs between two compiles, and those only one of them has.
/// The AST holds all a template renders (text, tags, comments), so a change in it is a change
/// in the template; a file saved unchanged is no change.
pub fn changed(old: &Tera, new: &Tera) -> BTreeSet<String> {
    let names: BTreeSet<&String> = old.templates.keys().chain(new.templates.keys()).collect();
    names
        .into_iter()
        .filter(|name| match (old.templates.get(*name), new.templates.get(*name)) {
            (Some(a), Some(b)) => a.ast != b.ast,
            _ => true,
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(files: &[(&str, &str)]) -> Tera {
        let mut t = Tera::default();
        t.add_raw_templates(files.to_vec()).unwrap();
        t
    }

    const THEME: &[(&str, &str)] = &[
        ("base.html", "{% include \"partials/head.html\" %}{% block content %}{% endblock content %}"),
        ("partials/head.html", "<head>{% if x %}{% include \"partials/meta.html\" %}{% endif %}</head>"),
        ("partials/meta.html", "<meta>"),
        ("partials/macros.html", "{% macro m() %}{% include \"partials/in-macro.html\" %}{% endmacro m %}"),
        ("partials/in-macro.html", "<i>"),
        ("partials/toc.html", "{# {% include \"partials/commented.html\" %} #}<nav>"),
        ("partials/commented.html", "c"),
        (
            "page.html",
            "{% extends \"base.html\" %}{% import \"partials/macros.html\" as macros %}\
             {% block content %}{% for a in b %}{% include \"partials/toc.html\" %}{% endfor %}{% endblock content %}",
        ),
        ("404.html", "{% extends \"base.html\" %}{% block content %}{% raw %}{% include \"x.html\" %}{% endraw %}{% endblock content %}"),
    ];

    fn names(v: &[&str]) -> BTreeSet<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn closures_follow_extends_includes_and_imports_but_not_comments_or_raw_text() {
        let deps = TemplateDeps::of(&tera(THEME));
        assert_eq!(
            deps.closure("page.html"),
            names(&[
                "page.html",
                "base.html",
                "partials/head.html",
                "partials/meta.html",
                "partials/macros.html",
                "partials/in-macro.html",
                "partials/toc.html",
            ])
        );
        assert_eq!(
            deps.closure("404.html"),
            names(&["404.html", "base.html", "partials/head.html", "partials/meta.html"])
        );
    }

    #[test]
    fn affected_jobs_are_those_whose_template_reads_a_changed_one() {
        let deps = TemplateDeps::of(&tera(THEME));
        let jobs = vec![Job::Page(0), Job::NotFound("en".into()), Job::RootNotFound, Job::Page(1)];
        let only = |changed: &[&str]| deps.affected(&jobs, &names(changed)).into_iter().cloned().collect::<Vec<_>>();
        assert_eq!(only(&["partials/toc.html"]), vec![Job::Page(0), Job::Page(1)]);
        assert_eq!(only(&["partials/meta.html"]), jobs);
        assert_eq!(only(&["404.html"]), vec![Job::NotFound("en".into()), Job::RootNotFound]);
        assert!(only(&["partials/commented.html"]).is_empty(), "a template nobody uses");
    }

    #[test]
    fn changed_templates_are_found_by_their_parsed_form() {
        let old = tera(THEME);
        let mut edited: Vec<(&str, &str)> = THEME.to_vec();
        edited[2].1 = "<meta charset=utf-8>";
        edited.push(("partials/new.html", "new"));
        edited.retain(|(n, _)| *n != "partials/commented.html");
        assert_eq!(
            changed(&old, &tera(&edited)),
            names(&["partials/meta.html", "partials/new.html", "partials/commented.html"])
        );
        assert!(changed(&old, &tera(THEME)).is_empty(), "saved unchanged");
    }
}
