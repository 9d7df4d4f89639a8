//! "Did you mean" hints: the nearest of many names to a misspelt one, found without comparing it
//! with every name. A reference repository with thousands of pages and thousands of broken links
//! spent most of its build comparing each broken link with each page (5.8 s of 7.9 s); here a
//! trigram index picks a few likely candidates, and a banded edit distance gives up on a
//! candidate as soon as it is too far to be a typo.

use rustc_hash::FxHashMap;

/// Up to this many names, every one is compared (with the length filter); past it, the
/// trigram index chooses.
const LINEAR: usize = 128;

/// Candidates compared by edit distance after the trigram count.
const SHORTLIST: usize = 24;

/// The names to choose from, and an index of their trigrams when there are many.
pub struct Nearest<'a> {
    names: Vec<&'a str>,
    lower: Vec<Vec<char>>,
    /// Trigram → the names that contain it (indexes, ascending); None for short lists.
    grams: Option<FxHashMap<u64, Vec<u32>>>,
}

/// How far two strings may be apart and still be a likely typo: a third of the longer, at
/// least 2 edits.
pub fn max_distance(a_len: usize, b_len: usize) -> usize {
    (a_len.max(b_len) / 3).max(2)
}

impl<'a> Nearest<'a> {
    /// Indexes `names` (compared case-insensitively).
    pub fn new(names: impl IntoIterator<Item = &'a str>) -> Self {
        let names: Vec<&str> = names.into_iter().collect();
        let lower: Vec<Vec<char>> = names.iter().map(|n| n.to_lowercase().chars().collect()).collect();
        let grams = (names.len() > LINEAR).then(|| {
            let mut grams: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
            for (i, name) in lower.iter().enumerate() {
                let mut own = trigrams(name);
                own.sort_unstable();
                own.dedup();
                for g in own {
                    grams.entry(g).or_default().push(i as u32);
                }
            }
            grams
        });
        Nearest { names, lower, grams }
    }

    /// The name nearest to `wanted` by edit distance, if it is near enough to be a likely typo;
    /// ties go to the name `tie_break` scores lowest, then to the first.
    pub fn closest_by(&self, wanted: &str, tie_break: impl Fn(&str) -> usize) -> Option<&'a str> {
        let want: Vec<char> = wanted.to_lowercase().chars().collect();
        let mut best: Option<(usize, usize, usize)> = None;
        for i in self.candidates(&want) {
            let name = &self.lower[i];
            let limit = max_distance(want.len(), name.len());
            let limit = best.map_or(limit, |(d, _, _)| limit.min(d));
            let Some(d) = bounded_levenshtein(&want, name, limit) else { continue };
            let key = (d, tie_break(self.names[i]), i);
            if best.is_none_or(|b| key < b) {
                best = Some(key);
            }
        }
        best.map(|(_, _, i)| self.names[i])
    }

    /// The name nearest to `wanted` (see [`Nearest::closest_by`]).
    pub fn closest(&self, wanted: &str) -> Option<&'a str> {
        self.closest_by(wanted, |_| 0)
    }

    /// Indexes of the names worth comparing with `want`: all of a short list, else those that
    /// share the most trigrams with it.
    fn candidates(&self, want: &[char]) -> Vec<usize> {
        let Some(grams) = &self.grams else {
            return (0..self.names.len()).collect();
        };
        let mut own = trigrams(want);
        own.sort_unstable();
        own.dedup();
        let mut lists: Vec<&[u32]> = own.iter().filter_map(|g| grams.get(g).map(Vec::as_slice)).collect();
        // A trigram most names share says little and costs most: count only the rarer ones
        // (all of them, should every one be common).
        let common = (self.names.len() / 8).max(LINEAR);
        if lists.iter().any(|l| l.len() <= common) {
            lists.retain(|l| l.len() <= common);
        }
        let mut shared = vec![0u16; self.names.len()];
        let mut touched: Vec<u32> = Vec::new();
        for list in lists {
            for &i in list {
                if shared[i as usize] == 0 {
                    touched.push(i);
                }
                shared[i as usize] = shared[i as usize].saturating_add(1);
            }
        }
        // Most shared trigrams first; the index breaks ties so the choice is deterministic.
        let rank = |i: &u32| (std::cmp::Reverse(shared[*i as usize]), *i);
        if touched.len() > SHORTLIST {
            touched.select_nth_unstable_by_key(SHORTLIST, rank);
            touched.truncate(SHORTLIST);
        }
        touched.sort_unstable_by_key(rank);
        touched.into_iter().map(|i| i as usize).collect()
    }
}

/// The trigrams of a string padded with one space each side, so short names have some.
fn trigrams(s: &[char]) -> Vec<u64> {
    let padded: Vec<char> = std::iter::once(' ').chain(s.iter().copied()).chain(std::iter::once(' ')).collect();
    padded.windows(3).map(|w| ((w[0] as u64) << 42) | ((w[1] as u64) << 21) | w[2] as u64).collect()
}

/// The edit distance of `a` and `b` if it is at most `limit`; None as soon as it cannot be.
pub fn bounded_levenshtein(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()]).filter(|d| *d <= limit)
}

/// What a broken link or anchor would like a "did you mean" for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Wanted {
    /// A page (or, for images, a file) near `path` in `locale`.
    Path {
        /// The locale looked in.
        locale: String,
        /// The path looked for, below the locale folder.
        path: String,
        /// True for images, which are looked for among the content files.
        image: bool,
    },
    /// An anchor near `fragment` in the page `page` (an index into the site's pages).
    Anchor {
        /// The page.
        page: usize,
        /// The fragment looked for.
        fragment: String,
    },
}

/// By default, at most this many different broken targets get a hint in one build: past that, a site is
/// mid-migration and a hint per link helps nobody, while each costs a lookup.
pub const MAX_HINTS: usize = 1000;

/// Paths of one locale grouped by file name, for hints that first match the name.
struct PathHints<'a> {
    names: Nearest<'a>,
    /// Lowercased file name → the paths with that name.
    groups: FxHashMap<String, Vec<&'a str>>,
}

impl<'a> PathHints<'a> {
    fn new(paths: impl IntoIterator<Item = &'a str>) -> Self {
        let mut groups: FxHashMap<String, Vec<&'a str>> = FxHashMap::default();
        let mut names = Vec::new();
        for p in paths {
            let name = file_name(p);
            let group = groups.entry(name.to_lowercase()).or_default();
            if group.is_empty() {
                names.push(name);
            }
            group.push(p);
        }
        PathHints { names: Nearest::new(names), groups }
    }

    /// The path whose file name is nearest to `wanted`'s; among paths with that name, the one
    /// nearest as a whole.
    fn closest(&self, wanted: &str) -> Option<&'a str> {
        let name = self.names.closest(file_name(wanted))?;
        let group = self.groups.get(&name.to_lowercase())?;
        if group.len() <= LINEAR {
            return group.iter().copied().min_by_key(|p| strsim::levenshtein(wanted, p));
        }
        Nearest::new(group.iter().copied()).closest(wanted)
    }
}

/// The file name of a path.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Answers the first `max` different requests (in sorted order, so every build gives
/// the same hints): the nearest page or file path, or the nearest anchor.
/// `pages(locale)` lists a locale's page paths, `assets(locale)` its other files, and
/// `anchors(page)` a page's anchors.
pub fn answer<'s>(
    wanted: impl IntoIterator<Item = Wanted>,
    max: usize,
    pages: impl Fn(&str) -> Vec<&'s str> + Sync,
    assets: impl Fn(&str) -> Vec<String> + Sync,
    anchors: impl Fn(usize) -> Vec<&'s str> + Sync,
) -> FxHashMap<Wanted, String> {
    use rayon::prelude::*;
    let mut unique: Vec<Wanted> = wanted.into_iter().collect();
    unique.sort();
    unique.dedup();
    unique.truncate(max);
    // One group per candidate list, so each list is indexed once however many ask it.
    let mut groups: std::collections::BTreeMap<(u8, String, usize), Vec<&Wanted>> = Default::default();
    for w in &unique {
        let key = match w {
            Wanted::Path { locale, image: false, .. } => (0, locale.clone(), 0),
            Wanted::Path { locale, image: true, .. } => (1, locale.clone(), 0),
            Wanted::Anchor { page, .. } => (2, String::new(), *page),
        };
        groups.entry(key).or_default().push(w);
    }
    let groups: Vec<_> = groups.into_iter().collect();
    // Each request of a group with the name `closest` finds for it.
    fn answer_all<'n>(asks: &[&Wanted], closest: impl Fn(&str) -> Option<&'n str>) -> Vec<(Wanted, String)> {
        asks.iter().filter_map(|w| Some(((*w).clone(), closest(wanted_text(w))?.to_string()))).collect()
    }
    groups
        .par_iter()
        .flat_map_iter(|((kind, locale, page), asks)| match kind {
            0 => {
                let list = pages(locale);
                let hints = PathHints::new(list.iter().copied());
                answer_all(asks, |w| hints.closest(w))
            }
            1 => {
                let list = assets(locale);
                let hints = PathHints::new(list.iter().map(String::as_str));
                answer_all(asks, |w| hints.closest(w))
            }
            _ => {
                let list = anchors(*page);
                let near = Nearest::new(list.iter().copied());
                answer_all(asks, |w| near.closest(w))
            }
        })
        .collect()
}

fn wanted_text(w: &Wanted) -> &str {
    match w {
        Wanted::Path { path, .. } => path,
        Wanted::Anchor { fragment, .. } => fragment,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn bounded_distance_agrees_with_the_full_one_within_its_limit() {
        let words = ["", "a", "kitten", "sitting", "background-information", "backgrund-information", "다음 단계"];
        for a in words {
            for b in words {
                let full = strsim::levenshtein(a, b);
                for limit in 0..8 {
                    let got = bounded_levenshtein(&chars(a), &chars(b), limit);
                    assert_eq!(got, (full <= limit).then_some(full), "{a:?} {b:?} limit {limit}");
                }
            }
        }
    }

    #[test]
    fn short_lists_are_compared_whole() {
        let n = Nearest::new(["next-steps", "background-information"]);
        assert_eq!(n.closest("backgrund-information"), Some("background-information"));
        assert_eq!(n.closest("zzzzzzzzzzzz"), None);
    }

    #[test]
    fn long_lists_find_the_typo_through_trigrams() {
        let names: Vec<String> = (0..5000).map(|i| format!("page-{i:05}-topic.md")).collect();
        let mut all: Vec<&str> = names.iter().map(String::as_str).collect();
        all.push("cpp-portal-management.md");
        let n = Nearest::new(all.iter().copied());
        assert_eq!(n.closest("cpp-portal-managment.md"), Some("cpp-portal-management.md"));
        assert_eq!(n.closest("page-01234-tpoic.md"), Some("page-01234-topic.md"));
        assert_eq!(n.closest("something-else-entirely.md"), None);
    }

    #[test]
    fn ties_go_to_the_tie_breaker_then_the_first() {
        let n = Nearest::new(["a/x.md", "b/x.md", "c/x.md"]);
        assert_eq!(n.closest("z/x.md"), Some("a/x.md"));
        assert_eq!(n.closest_by("z/x.md", |c| usize::from(!c.starts_with('c'))), Some("c/x.md"));
    }

    #[test]
    fn answers_are_capped_and_always_the_same_ones() {
        let pages: Vec<String> = (0..3000).map(|i| format!("guide/topic-{i:04}.md")).collect();
        let wanted: Vec<Wanted> = (0..1500)
            .rev()
            .map(|i| Wanted::Path { locale: "en-us".into(), path: format!("guide/topic-{i:04}x.md"), image: false })
            .collect();
        let ask = |max| {
            answer(
                wanted.iter().cloned(),
                max,
                |_| pages.iter().map(String::as_str).collect(),
                |_| Vec::new(),
                |_| Vec::new(),
            )
        };
        let got = ask(1000);
        assert_eq!(got.len(), 1000);
        // The first thousand in sorted order, each answered with its own page.
        for i in 0..1000 {
            let w = Wanted::Path { locale: "en-us".into(), path: format!("guide/topic-{i:04}x.md"), image: false };
            assert_eq!(got.get(&w).map(String::as_str), Some(format!("guide/topic-{i:04}.md").as_str()));
        }
        assert_eq!(ask(1000), got);
        assert!(ask(0).is_empty());
    }
}
