//! Each thread's postings, dealt into shards and merged shard by shard, in parallel.
//!
//! Merging the threads' dictionaries into one before dealing them out took a tenth of a second
//! on one thread for 10,000 Korean pages (every token of the smaller dictionary looked up in
//! the larger); per shard, the merge is a sort of a few thousand tokens, on every thread.

use super::encode::Posting;
use super::tokenize::shard_of;
use rayon::prelude::*;

/// A token and the documents it is in (in document order).
pub type Entry = (Box<str>, Vec<Posting>);

/// One thread's dictionary: its tokens, and each token's postings (same index).
pub type Part = (Vec<Box<str>>, Vec<Vec<Posting>>);

/// Each shard's entries, unsorted, a token's (one per part) in document order: [`coalesce`]
/// makes them a shard. `parts` are the threads' (tokens, postings) in document order: every
/// document of a part comes before every document of the next.
pub fn deal(parts: Vec<Part>, shards: u32) -> Vec<Vec<Entry>> {
    let dealt: Vec<Vec<Vec<Entry>>> = parts
        .into_par_iter()
        .map(|(tokens, postings)| {
            let mut mine: Vec<Vec<Entry>> = vec![Vec::new(); shards as usize];
            for (token, list) in tokens.into_iter().zip(postings) {
                mine[shard_of(&token, shards) as usize].push((token, list));
            }
            mine
        })
        .collect();
    let mut per_shard: Vec<Vec<Entry>> = vec![Vec::new(); shards as usize];
    // Part by part: a token's entries stay in part order, so in document order.
    for part in dealt {
        for (all, mine) in per_shard.iter_mut().zip(part) {
            all.extend(mine);
        }
    }
    per_shard
}

/// Sorts one shard's entries by token and joins each token's lists. The sort is stable: the
/// lists of one token keep their order, the parts' (document) order.
pub fn coalesce(mut entries: Vec<Entry>) -> Vec<Entry> {
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out: Vec<Entry> = Vec::with_capacity(entries.len());
    for (token, list) in entries {
        match out.last_mut() {
            Some((last, lists)) if *last == token => lists.extend(list),
            _ => out.push((token, list)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A thread's part: (token, document) pairs, score 1, section 0.
    fn part(postings: &[(&str, u32)]) -> Part {
        let (mut tokens, mut lists): (Vec<Box<str>>, Vec<Vec<Posting>>) = (Vec::new(), Vec::new());
        for &(token, doc) in postings {
            match tokens.iter().position(|t| &**t == token) {
                Some(i) => lists[i].push((doc, 1, 0)),
                None => {
                    tokens.push(token.into());
                    lists.push(vec![(doc, 1, 0)]);
                }
            }
        }
        (tokens, lists)
    }

    #[test]
    fn every_token_lands_once_in_its_shard_with_its_documents_in_order() {
        let parts = vec![
            part(&[("b", 1), ("a", 1), ("게시", 2), ("a", 3)]),
            part(&[("a", 7), ("c", 8)]),
            part(&[("c", 9), ("게시", 9), ("a", 10)]),
        ];
        let shards = 4;
        let merged: Vec<Vec<Entry>> = deal(parts, shards).into_iter().map(coalesce).collect();
        assert_eq!(merged.len(), shards as usize);
        let mut seen = Vec::new();
        for (n, shard) in merged.iter().enumerate() {
            assert!(shard.windows(2).all(|w| w[0].0 < w[1].0), "sorted, each token once: {shard:?}");
            for (token, list) in shard {
                assert_eq!(shard_of(token, shards) as usize, n, "{token} in its own shard");
                seen.push((token.to_string(), list.iter().map(|p| p.0).collect::<Vec<_>>()));
            }
        }
        seen.sort();
        let want = [("a", vec![1, 3, 7, 10]), ("b", vec![1]), ("c", vec![8, 9]), ("게시", vec![2, 9])];
        assert_eq!(seen, want.map(|(t, d)| (t.to_string(), d)));
    }
}
