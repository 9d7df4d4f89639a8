//! The onboarding graph: `prerequisites:` (what to read before) and `next:` (what to read
//! after) order pages. A cycle in that order leaves a newcomer nowhere to start, so it is an
//! error that names every page on it.

use crate::diagnostics::{Code, Diagnostic};
use crate::links::Target;
use crate::site::Site;
use std::collections::{BTreeMap, BTreeSet};

/// "Read `from` before `to`" edges of one locale, by page path.
type Graph<'a> = BTreeMap<&'a str, BTreeSet<&'a str>>;

/// Reports each cycle of each locale's onboarding graph once.
pub fn check_cycles(site: &Site) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for locale in &site.config.locales {
        let mut graph: Graph<'_> = BTreeMap::new();
        // Stand-ins repeat their original's lists, whose cycles the original's locale reports.
        for page in site.pages.iter().filter(|p| p.locale == locale.code && p.fallback_from.is_none()) {
            for o in &page.onboarding {
                let Target::Page(r) = &o.link.target else { continue };
                let (before, after) = match o.key {
                    "prerequisites" => (r.rel_path.as_str(), page.rel_path.as_str()),
                    "next" => (page.rel_path.as_str(), r.rel_path.as_str()),
                    _ => continue, // a path's steps are an order, not a dependency
                };
                graph.entry(before).or_default().insert(after);
            }
        }
        for cycle in cycles(&graph) {
            let first = site.page(&locale.code, cycle[0]).map(|i| &site.pages[i]);
            let Some(first) = first else { continue };
            // Point at the entry of the first page that keeps the cycle going.
            let entry = first.onboarding.iter().find(|o| match &o.link.target {
                Target::Page(r) => cycle.contains(&r.rel_path.as_str()),
                _ => false,
            });
            let mut names: Vec<&str> = cycle.clone();
            names.push(cycle[0]);
            let msg = format!("onboarding cycle in {}: {}", locale.code, names.join(" → "));
            let d = match entry {
                Some(o) => Diagnostic::error_at(&first.source, o.link.at, msg),
                None => Diagnostic::file_error(&first.source, msg),
            };
            diags.push(d.with_code(Code::PrerequisiteCycle).with_hint(
                "a page cannot come before itself: remove one `prerequisites:` or `next:` entry on the cycle",
            ));
        }
    }
    diags
}

/// One cycle per strongly connected component that has one, each starting at its least page
/// and following edges in order (Tarjan's algorithm, iterative so deep graphs cannot overflow).
fn cycles<'a>(graph: &Graph<'a>) -> Vec<Vec<&'a str>> {
    let nodes: BTreeSet<&str> =
        graph.iter().flat_map(|(k, vs)| std::iter::once(*k).chain(vs.iter().copied())).collect();
    let nodes: Vec<&str> = nodes.into_iter().collect();
    let index_of: BTreeMap<&str, usize> = nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let succ: Vec<Vec<usize>> = nodes
        .iter()
        .map(|n| graph.get(n).map(|s| s.iter().map(|t| index_of[t]).collect()).unwrap_or_default())
        .collect();
    let n = nodes.len();
    let (mut index, mut low, mut on_stack) = (vec![usize::MAX; n], vec![0; n], vec![false; n]);
    let (mut stack, mut next_index, mut sccs) = (Vec::new(), 0, Vec::new());
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut child)) = work.last_mut() {
            if *child == 0 {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = succ[v].get(*child) {
                *child += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut scc = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    scc.push(w);
                    if w == v {
                        break;
                    }
                }
                if scc.len() > 1 || succ[v].contains(&v) {
                    sccs.push(scc);
                }
            }
        }
    }
    let mut out: Vec<Vec<&str>> =
        sccs.into_iter().map(|scc| walk_cycle(&scc, &succ).into_iter().map(|i| nodes[i]).collect()).collect();
    out.sort();
    out
}

/// A cycle through a strongly connected component: from its least node, a shortest way back.
fn walk_cycle(scc: &[usize], succ: &[Vec<usize>]) -> Vec<usize> {
    let start = *scc.iter().min().expect("components are not empty");
    let inside: BTreeSet<usize> = scc.iter().copied().collect();
    let mut came_from: BTreeMap<usize, usize> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in &succ[v] {
            if w == start {
                let mut path = vec![v];
                while let Some(&p) = came_from.get(path.last().unwrap()) {
                    path.push(p);
                }
                path.reverse();
                if path[0] != start {
                    path.insert(0, start);
                }
                path.dedup();
                return path;
            }
            if inside.contains(&w) && w != start && !came_from.contains_key(&w) {
                came_from.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    vec![start]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph<'a>(edges: &[(&'a str, &'a str)]) -> Graph<'a> {
        let mut g: Graph<'a> = BTreeMap::new();
        for (a, b) in edges {
            g.entry(*a).or_default().insert(*b);
        }
        g
    }

    #[test]
    fn finds_each_cycle_once_naming_every_page() {
        let g = graph(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("x", "x")]);
        assert_eq!(cycles(&g), vec![vec!["a", "b", "c"], vec!["x"]]);
        assert!(cycles(&graph(&[("a", "b"), ("b", "c"), ("a", "c")])).is_empty());
    }
}
