//! Search, build side: the tokenizer against the shared vectors (the browser's tokenizer is
//! checked against the same file in tests/browser_search.rs), and the index files a build
//! writes per locale.

mod common;
use common::*;
use guidebook::search::tokenize::tokenize;
use serde_json::Value;

#[test]
fn the_tokenizer_gives_the_shared_vectors() {
    let vectors: Vec<Value> = serde_json::from_str(&read(repo_root().join("tests/search-vectors.json"))).unwrap();
    assert!(vectors.len() >= 30);
    for v in vectors {
        let input = v["input"].as_str().unwrap();
        let want: Vec<String> =
            v["tokens"].as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_string()).collect();
        assert_eq!(tokenize(input), want, "{input:?}");
    }
}

#[test]
fn each_locale_gets_a_sharded_index() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    assert_ok(&build(&repo_root(), &out, &[]));
    for locale in ["en-us", "ko-kr"] {
        let dir = out.join(locale).join("_search");
        let manifest: Value = serde_json::from_str(&read(dir.join("manifest.json"))).unwrap();
        let shards = manifest["shards"].as_u64().unwrap();
        assert_eq!(manifest["docs"].as_u64(), Some(8), "{locale}: one document per page");
        assert_eq!(manifest["fold"]["é"], "e", "the fold table travels with the index");
        let mut tokens = 0;
        for n in 0..shards {
            let shard: serde_json::Map<String, Value> =
                serde_json::from_str(&read(dir.join(format!("p{n}.json")))).unwrap();
            for (token, postings) in &shard {
                assert_eq!(
                    guidebook::search::tokenize::shard_of(token, shards as u32) as u64,
                    n,
                    "{token} in the wrong shard"
                );
                assert!(!postings.as_array().unwrap().is_empty());
            }
            tokens += shard.len();
        }
        assert!(tokens > 200, "{locale}: {tokens} tokens");
        assert!(out.join(locale).join("search/index.html").is_file(), "a results page");
    }
    // Korean text is indexed by character pairs, English by stemmed words.
    let ko_dir = out.join("ko-kr/_search");
    let shards = 16;
    let shard: Value = serde_json::from_str(&read(
        ko_dir.join(format!("p{}.json", guidebook::search::tokenize::shard_of("게시", shards))),
    ))
    .unwrap();
    assert!(shard.get("게시").is_some());
    // Code blocks are not indexed: `Resolve-DnsName` appears only in code in the example site.
    let en_dir = out.join("en-us/_search");
    let word = "dnsname";
    assert!(read(
        repo_root()
            .join("content/en-us/marketplace/cloud-partner-portal/portal-manage/cpp-manage-publisher-profile.md")
    )
    .contains("Resolve-DnsName"));
    let shard: Value = serde_json::from_str(&read(
        en_dir.join(format!("p{}.json", guidebook::search::tokenize::shard_of(word, shards))),
    ))
    .unwrap();
    assert!(shard.get(word).is_none(), "code was indexed");
}
