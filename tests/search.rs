//! Search, build side: the tokenizer against the shared vectors (the browser's tokenizer is
//! checked against the same file in tests/browser_search.rs), and the index files a build
//! writes per locale.

mod common;
use common::*;
use guidebook::search::encode::{decode, Posting};
use guidebook::search::tokenize::tokenize;
use serde_json::Value;
use std::path::Path;

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
        let pages = pages_of(&repo_root(), locale);
        assert_eq!(manifest["docs"].as_u64(), Some(pages), "{locale}: one document per page");
        assert_eq!(manifest["fold"]["é"], "e", "the fold table travels with the index");
        let mut tokens = 0;
        for n in 0..shards {
            let shard = postings(&dir, n as u32);
            for (token, postings) in &shard {
                assert_eq!(
                    guidebook::search::tokenize::shard_of(token, shards as u32) as u64,
                    n,
                    "{token} in the wrong shard"
                );
                assert!(!postings.is_empty());
                assert!(postings.windows(2).all(|w| w[0].0 < w[1].0), "{token}: documents in order, once each");
                assert!(postings.iter().all(|p| u64::from(p.0) < pages && p.1 > 0), "{token}: {postings:?}");
            }
            tokens += shard.len();
        }
        assert!(tokens > 200, "{locale}: {tokens} tokens");
        assert!(out.join(locale).join("search/index.html").is_file(), "a results page");
    }
    // Korean text is indexed by character pairs, English by stemmed words.
    let ko_dir = out.join("ko-kr/_search");
    let shards = |dir: &Path| {
        let manifest: Value = serde_json::from_str(&read(dir.join("manifest.json"))).unwrap();
        manifest["shards"].as_u64().unwrap() as u32
    };
    let shards_ko = shards(&ko_dir);
    let shard = postings(&ko_dir, guidebook::search::tokenize::shard_of("게시", shards_ko));
    assert!(shard.iter().any(|(t, _)| t == "게시"));
    // Code blocks are not indexed: `Resolve-DnsName` appears only in code in the example site.
    let en_dir = out.join("en-us/_search");
    let word = "dnsname";
    assert!(read(
        repo_root()
            .join("content/en-us/marketplace/cloud-partner-portal/portal-manage/cpp-manage-publisher-profile.md")
    )
    .contains("Resolve-DnsName"));
    let shard = postings(&en_dir, guidebook::search::tokenize::shard_of(word, shards(&en_dir)));
    assert!(!shard.iter().any(|(t, _)| t == word), "code was indexed");
}

/// The pages of `locale` in the site at `root`: its Markdown files, each one page (and one
/// search document). Counted from the content folder so that adding a page to the example
/// site does not break the test.
fn pages_of(root: &Path, locale: &str) -> u64 {
    walkdir::WalkDir::new(root.join("content").join(locale))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .count() as u64
}

/// The tokens and postings of shard `n` of the index in `dir`.
fn postings(dir: &Path, n: u32) -> Vec<(String, Vec<Posting>)> {
    let bytes = std::fs::read(dir.join(format!("p{n}.bin"))).unwrap();
    decode(&bytes).unwrap_or_else(|| panic!("p{n}.bin of {} is not a postings shard", dir.display()))
}

/// Words of the generated corpus, English and Korean side by side (nouns, then verbs).
const NOUNS: &[(&str, &str)] = &[
    ("publisher", "게시자"),
    ("profile", "프로필"),
    ("portal", "포털"),
    ("domain", "도메인"),
    ("account", "계정"),
    ("offer", "제품"),
    ("subscription", "구독"),
    ("resource", "리소스"),
    ("network", "네트워크"),
    ("storage", "스토리지"),
    ("database", "데이터베이스"),
    ("certificate", "인증서"),
    ("permission", "권한"),
    ("user", "사용자"),
    ("group", "그룹"),
    ("policy", "정책"),
    ("container", "컨테이너"),
    ("cluster", "클러스터"),
    ("dashboard", "대시보드"),
    ("metric", "메트릭"),
    ("alert", "경고"),
    ("token", "토큰"),
    ("endpoint", "엔드포인트"),
    ("template", "템플릿"),
    ("deployment", "배포"),
    ("namespace", "네임스페이스"),
    ("marketplace", "마켓플레이스"),
    ("partner", "파트너"),
    ("cloud", "클라우드"),
    ("identity", "ID"),
    ("backup", "백업"),
    ("region", "지역"),
    ("setting", "설정"),
    ("service", "서비스"),
    ("application", "애플리케이션"),
    ("script", "스크립트"),
    ("gateway", "게이트웨이"),
    ("pipeline", "파이프라인"),
    ("registry", "레지스트리"),
    ("secret", "비밀"),
    ("vault", "자격 증명 모음"),
    ("queue", "큐"),
    ("topic", "토픽"),
    ("event", "이벤트"),
    ("function", "함수"),
    ("trigger", "트리거"),
    ("schedule", "일정"),
    ("quota", "할당량"),
    ("limit", "한도"),
    ("invoice", "청구서"),
    ("payment", "결제"),
    ("customer", "고객"),
    ("tenant", "테넌트"),
    ("license", "라이선스"),
    ("package", "패키지"),
    ("module", "모듈"),
    ("version", "버전"),
    ("image", "이미지"),
    ("disk", "디스크"),
    ("snapshot", "스냅샷"),
    ("volume", "볼륨"),
    ("firewall", "방화벽"),
    ("address", "주소"),
    ("password", "암호"),
    ("session", "세션"),
    ("browser", "브라우저"),
    ("report", "보고서"),
    ("query", "쿼리"),
    ("table", "테이블"),
    ("index", "인덱스"),
    ("record", "레코드"),
    ("migration", "마이그레이션"),
    ("workflow", "워크플로"),
    ("agent", "에이전트"),
    ("node", "노드"),
    ("zone", "영역"),
];
const VERBS: &[(&str, &str)] = &[
    ("creates", "만듭니다"),
    ("deletes", "삭제합니다"),
    ("updates", "업데이트합니다"),
    ("verifies", "확인합니다"),
    ("manages", "관리합니다"),
    ("connects", "연결합니다"),
    ("monitors", "모니터링합니다"),
    ("restores", "복원합니다"),
    ("publishes", "게시합니다"),
    ("configures", "구성합니다"),
];
/// Korean particles after a noun (English has none: word order and small words do their job).
const PARTICLES: &[&str] = &["을", "의", "에서", "는", "와", "로", "", "에", "도"];
const SMALL: &[&str] = &["the", "of", "in", "and", "with", "to", "a", "for", "on"];

/// A bilingual site of `pages` pages per locale, the same words in both languages, the
/// Korean written the way Korean is (particles joined to the nouns, verbs at the end).
fn write_corpus(root: &Path, pages: usize) {
    write_file(&root.join("site.toml"), &bilingual_site_toml("Corpus", "https://docs.example.com"));
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: usize| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) % n as u64) as usize
    };
    for page in 0..pages {
        let words = |count: usize, next: &mut dyn FnMut(usize) -> usize| -> (String, String) {
            let picked: Vec<usize> = (0..count).map(|_| next(NOUNS.len())).collect();
            let en = picked.iter().map(|&w| NOUNS[w].0).collect::<Vec<_>>().join(" ");
            let ko = picked.iter().map(|&w| NOUNS[w].1).collect::<Vec<_>>().join(" ");
            (en, ko)
        };
        let (title_en, title_ko) = words(3, &mut next);
        let mut en = format!("---\ntitle: \"{title_en}\"\n---\n\n# {title_en}\n");
        let mut ko = format!("---\ntitle: \"{title_ko}\"\n---\n\n# {title_ko}\n");
        for section in 0..1 + next(5) {
            let (heading_en, heading_ko) = words(2, &mut next);
            en.push_str(&format!("\n## <a name=\"s{section}\"></a>{heading_en}\n\n"));
            ko.push_str(&format!("\n## <a name=\"s{section}\"></a>{heading_ko}\n\n"));
            for _ in 0..3 + next(6) {
                let (verb_en, verb_ko) = VERBS[next(VERBS.len())];
                let (mut s_en, mut s_ko) = (String::from("The"), String::new());
                for _ in 0..2 + next(5) {
                    let (noun_en, noun_ko) = NOUNS[next(NOUNS.len())];
                    s_en.push_str(&format!(" {noun_en} {}", SMALL[next(SMALL.len())]));
                    s_ko.push_str(&format!("{noun_ko}{} ", PARTICLES[next(PARTICLES.len())]));
                }
                en.push_str(&format!("{s_en} {verb_en}. "));
                ko.push_str(&format!("{s_ko}{verb_ko}. "));
            }
            en.push('\n');
            ko.push('\n');
        }
        write_file(&root.join(format!("content/en-us/p{page}.md")), &en);
        write_file(&root.join(format!("content/ko-kr/p{page}.md")), &ko);
    }
}

/// Bytes of the files in a folder.
fn bytes_of(dir: &Path) -> u64 {
    std::fs::read_dir(dir).unwrap().flatten().map(|e| e.metadata().unwrap().len()).sum()
}

#[test]
fn the_korean_index_is_at_most_half_again_the_english() {
    let tmp = tempfile::tempdir().unwrap();
    write_corpus(tmp.path(), 300);
    let out = tmp.path().join("public");
    assert_ok(&build(tmp.path(), &out, &[]));
    let (en, ko) = (bytes_of(&out.join("en-us/_search")), bytes_of(&out.join("ko-kr/_search")));
    eprintln!("index bytes: en-us {en}, ko-kr {ko} ({:.2} x)", ko as f64 / en as f64);
    assert!(en > 50_000, "a real index: {en} bytes");
    assert!(ko * 2 <= en * 3, "ko-kr {ko} bytes against en-us {en}: more than 1.5 x");
}

/// The files of the index in `dir` the browser fetches for `query` (typed, then a space: no
/// completions) when it shows `limit` results, ranked as search.js ranks them: the manifest,
/// the shard of each token, the chunk of each result shown.
fn files_for(dir: &Path, query: &str, limit: usize) -> Vec<String> {
    let manifest: Value = serde_json::from_str(&read(dir.join("manifest.json"))).unwrap();
    let (shards, chunk) = (manifest["shards"].as_u64().unwrap() as u32, manifest["chunk"].as_u64().unwrap() as u32);
    let tokens = tokenize(query);
    let mut files = vec!["manifest.json".to_string()];
    // Per document: (summed score, tokens matched).
    let mut docs: std::collections::BTreeMap<u32, (u32, usize)> = Default::default();
    for token in &tokens {
        let n = guidebook::search::tokenize::shard_of(token, shards);
        files.push(format!("p{n}.bin"));
        let shard = postings(dir, n);
        for (doc, score, _) in shard.iter().find(|(t, _)| t == token).map(|(_, l)| l.clone()).unwrap_or_default() {
            let entry = docs.entry(doc).or_default();
            entry.0 += score;
            entry.1 += 1;
        }
    }
    let strict: Vec<_> = docs.iter().filter(|(_, e)| e.1 == tokens.len()).collect();
    let mut ranked = if strict.is_empty() { docs.iter().collect() } else { strict };
    ranked.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    files.extend(ranked.iter().take(limit).map(|(doc, _)| format!("d{}.json", *doc / chunk)));
    files.sort();
    files.dedup();
    files
}

#[test]
fn a_query_downloads_a_small_part_of_the_index() {
    // Pages enough for 40 shards and 200 chunks per locale.
    let tmp = tempfile::tempdir().unwrap();
    write_corpus(tmp.path(), 2000);
    let out = tmp.path().join("public");
    assert_ok(&build(tmp.path(), &out, &[]));
    for (locale, queries) in [
        ("en-us", ["publisher profile", "verifies the certificate", "dashboard"]),
        ("ko-kr", ["게시자 프로필", "인증서를 확인", "대시보드"]),
    ] {
        let dir = out.join(locale).join("_search");
        let total = bytes_of(&dir);
        for query in queries {
            // The search box shows 8 results.
            let files = files_for(&dir, query, 8);
            let bytes: u64 = files.iter().map(|f| std::fs::metadata(dir.join(f)).unwrap().len()).sum();
            let share = bytes as f64 / total as f64;
            eprintln!("{locale} {query:?}: {} files, {bytes} of {total} bytes ({:.1} %)", files.len(), share * 100.0);
            assert!(files.iter().filter(|f| f.starts_with('d')).count() <= 8, "{files:?}");
            assert!(share < 0.1, "{locale} {query:?} fetches {bytes} of {total} bytes: {files:?}");
        }
    }
}
