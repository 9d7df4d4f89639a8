//! Crash safety: `guidebook build` and `guidebook i18n stamp` killed with SIGKILL at random
//! moments (a seeded RNG; the seed is printed, and GUIDEBOOK_CRASH_SEED replays one). After each
//! kill the output folder is exactly the previous site or exactly the new one (every path and
//! the SHA-256 of every file compared), a page being stamped is byte for byte its old or its new
//! text, and what a killed process leaves behind is cleaned up by the next run or ignored.
//! The sites are generated here, large enough that a debug build takes about a second.
//! Each test also asserts that its kills interrupted running processes (their exit status is
//! the signal), so a test whose kills all came too late cannot pass without testing anything.

mod common;
use common::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A small deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A duration between zero and `max`.
    fn below(&mut self, max: Duration) -> Duration {
        max.mul_f64((self.next() >> 11) as f64 / (1u64 << 53) as f64)
    }
}

fn seed() -> u64 {
    let seed = std::env::var("GUIDEBOOK_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
    });
    eprintln!("crash_safety: seed {seed} (GUIDEBOOK_CRASH_SEED={seed} replays it)");
    seed
}

/// Page `i` of the generated site, in its version `v`: a few sections of text, a code block,
/// links to its neighbours.
fn page_text(i: usize, v: u32, pages: usize) -> String {
    let mut text = format!("---\ntitle: Topic {i} v{v}\ndescription: About topic {i}.\n---\n");
    // Page 7 is not in version 2: nothing links to it.
    let next = match (i + 1) % pages {
        7 => 8,
        n => n,
    };
    for s in 0..4 {
        text.push_str(&format!("\n## Part {s}\n\n"));
        for p in 0..3 {
            text.push_str(&format!(
                "Paragraph {p} of part {s} of topic {i}, version {v}: words to index, *emphasis*, `code`, \
                 and a [link to the next topic](../sec{}/p{}.md).\n\n",
                next / 25,
                next
            ));
        }
    }
    text.push_str(&format!("```json\n{{ \"topic\": {i}, \"version\": {v} }}\n```\n"));
    text
}

/// Writes the site of version `v` into `root`: `pages` pages in folders of 25 (version 2
/// changes every third page, drops page 7 and adds one).
fn write_site(root: &Path, pages: usize, v: u32) {
    std::fs::create_dir_all(root).unwrap();
    std::fs::write(root.join("site.toml"), bilingual_site_toml("Crash", "https://example.org/")).unwrap();
    let en = root.join("content/en-us");
    std::fs::create_dir_all(&en).unwrap();
    std::fs::write(en.join("index.md"), format!("---\ntitle: Home v{v}\n---\nWelcome.\n")).unwrap();
    let ko = root.join("content/ko-kr");
    std::fs::create_dir_all(&ko).unwrap();
    std::fs::write(ko.join("index.md"), "---\ntitle: 홈\n---\n환영합니다.\n").unwrap();
    let count = if v == 2 { pages + 1 } else { pages };
    for i in 0..count {
        if v == 2 && i == 7 {
            continue;
        }
        let dir = en.join(format!("sec{}", i / 25));
        std::fs::create_dir_all(&dir).unwrap();
        let version = if v == 2 && i % 3 == 0 { 2 } else { 1 };
        std::fs::write(dir.join(format!("p{i}.md")), page_text(i, version, pages)).unwrap();
    }
}

/// Every file below `dir` with the SHA-256 of its bytes; None when `dir` does not exist.
fn digest(dir: &Path) -> Option<BTreeMap<String, [u8; 32]>> {
    if !dir.exists() {
        return None;
    }
    Some(
        walkdir::WalkDir::new(dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                (rel, Sha256::digest(std::fs::read(e.path()).unwrap()).into())
            })
            .collect(),
    )
}

fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_guidebook"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start guidebook")
}

fn build_args<'a>(root: &'a Path, out: &'a Path) -> [&'a str; 6] {
    ["build", "--root", root.to_str().unwrap(), "--out", out.to_str().unwrap(), "--quiet"]
}

/// Waits for a child, failing the test if it outlives `limit` (only a guard against hangs).
fn wait(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(started.elapsed() < limit, "guidebook did not end within {limit:?}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Lets `child` run for `delay`, then kills it. When it ends by itself first, returns how long it
/// ran: the caller shortens its kill delays to that, so a first timing slowed by a busy moment
/// does not push every later kill past the end of the run (kills that test nothing).
fn kill_after(child: &mut Child, delay: Duration) -> Option<Duration> {
    let started = Instant::now();
    while started.elapsed() < delay {
        if child.try_wait().unwrap().is_some() {
            return Some(started.elapsed());
        }
        std::thread::sleep(Duration::from_micros(500));
    }
    let _ = child.kill();
    None
}

/// Held by each test for its whole run: the two tests time their subject and then kill it at
/// moments drawn from that time, which only holds if the other test is not loading the machine
/// during one and idle during the other.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether `status` says the process was ended by SIGKILL, not by its own exit: the kill
/// interrupted it rather than arriving after it had finished.
fn killed(status: std::process::ExitStatus) -> bool {
    status.signal() == Some(libc::SIGKILL)
}

/// Kills the build the moment the output folder is swapped (its inode changes, or it appears):
/// the old site is then being removed from the staging path.
fn kill_after_swap(child: &mut Child, out: &Path) -> bool {
    let before = std::fs::metadata(out).map(|m| m.ino()).ok();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(120) {
        if std::fs::metadata(out).map(|m| m.ino()).ok() != before {
            let _ = child.kill();
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_micros(100));
    }
    panic!("the build neither swapped the output nor ended");
}

/// The names beside the output folder that are not among `expected`.
fn strays(parent: &Path, expected: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // The lock file beside each output stays (deleting a lock file races); it holds no site.
        .filter(|n| !expected.contains(&n.as_str()) && !n.ends_with(".guidebook-lock"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_killed_build_leaves_the_old_site_or_the_new_one_and_its_leftovers_go() {
    let _alone = one_at_a_time();
    let mut rng = Rng(seed());
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, out, reference) =
        (tmp.path().join("a"), tmp.path().join("b"), tmp.path().join("out"), tmp.path().join("reference"));
    const PAGES: usize = 200;
    write_site(&a, PAGES, 1);
    write_site(&b, PAGES, 2);
    // Each site from a clean build, and how long a build takes here.
    assert_ok(&build(&a, &out, &["--quiet"]));
    let site_a = digest(&out).unwrap();
    let started = Instant::now();
    assert_ok(&build(&b, &reference, &["--quiet"]));
    let mut took = started.elapsed();
    let site_b = digest(&reference).unwrap();
    std::fs::remove_dir_all(&reference).unwrap();
    assert_ne!(site_a, site_b);
    assert!(site_a.len() > PAGES && site_a.contains_key(".guidebook-output"), "{} files", site_a.len());
    eprintln!("crash_safety: a build of {} files takes {took:?}", site_b.len());

    // Each site's output kept aside, to put the output folder back in a known state.
    let refs = tmp.path().join("refs");
    copy_dir(&out, &refs.join("a"));
    // The shorter of two timed builds: a build slowed by a busy moment would stretch the kill
    // delays past the end of most builds, and fewer kills would interrupt anything.
    let started = Instant::now();
    assert_ok(&build(&b, &refs.join("b"), &["--quiet"]));
    took = took.min(started.elapsed());
    let sites = [(&a, &site_a, refs.join("a")), (&b, &site_b, refs.join("b"))];
    let (mut old_seen, mut new_seen, mut leftovers_seen, mut unmarked_seen) = (0, 0, 0, 0);
    // Kills that ended a running build (exit status SIGKILL); of those, the ones that left an
    // existing old site in place (killed before the swap) and the ones after the swap.
    let (mut interrupted, mut interrupted_before_swap, mut interrupted_after_swap) = (0, 0, 0);
    // 20 kills at random moments of a build, then 5 right after the swap, where the old site
    // is being removed. Every fifth build starts without an output folder.
    for round in 0..25 {
        let (from, to) = if round % 2 == 0 { (0, 1) } else { (1, 0) };
        if out.exists() {
            std::fs::remove_dir_all(&out).unwrap();
        }
        let old = if round % 5 == 4 {
            None
        } else {
            copy_dir(&sites[from].2, &out);
            Some(sites[from].1.clone())
        };
        let (root, new_site, _) = &sites[to];
        let mut child = spawn(&build_args(root, &out));
        if round < 20 {
            if let Some(ran) = kill_after(&mut child, rng.below(took.mul_f64(1.2))) {
                took = took.min(ran);
            }
        } else {
            kill_after_swap(&mut child, &out);
        }
        let status = wait(&mut child, Duration::from_secs(120));
        let was_killed = killed(status);
        assert!(was_killed || status.success(), "round {round}: the build ended with {status}");
        interrupted += usize::from(was_killed);
        let now = digest(&out);
        if now.as_ref() == Some(*new_site) {
            new_seen += 1;
            interrupted_after_swap += usize::from(was_killed && round >= 20);
        } else if now == old {
            old_seen += 1;
            interrupted_before_swap += usize::from(was_killed && old.is_some());
        } else {
            let files = now.map(|d| d.len()).unwrap_or(0);
            panic!("round {round}: the output ({files} files) is neither the old site nor the new one");
        }
        for name in strays(tmp.path(), &["a", "b", "out", "refs"]) {
            leftovers_seen += 1;
            unmarked_seen += usize::from(!tmp.path().join(name).join(".guidebook-output").exists());
        }
    }
    eprintln!(
        "crash_safety: after 25 kills the output was the old site {old_seen} times, the new one {new_seen}; \
         {interrupted} kills interrupted a running build ({interrupted_before_swap} before the swap, \
         {interrupted_after_swap} after it); {leftovers_seen} staging folders were left ({unmarked_seen} \
         without their marker)"
    );
    // The checks above only mean something if kills landed inside builds. The delays are drawn
    // up to 1.2 times a build (the shortest seen, each run that ends before its kill shortening
    // it), so about 5 in 6 random kills interrupt one, and the 5 kills right
    // after the swap interrupt the removal of the old site; the bounds leave room for a loaded
    // machine (builds there run longer, which only makes interruptions more likely), yet fail
    // if the kills always came after the builds had finished.
    assert!(interrupted >= 8, "only {interrupted} of 25 kills interrupted a running build");
    assert!(interrupted_before_swap >= 1, "no kill interrupted a build before it replaced the old site");
    assert!(interrupted_after_swap >= 1, "no kill right after the swap interrupted the removal of the old site");
    assert!(new_seen >= 1 && old_seen >= 1, "old site {old_seen} times, new {new_seen}: one outcome never seen");

    // A normal build: the new site, and nothing left of the killed ones beside or inside it.
    assert_ok(&build(&a, &out, &["--quiet"]));
    assert_eq!(digest(&out).as_ref(), Some(&site_a), "the output after a normal build");
    assert_eq!(strays(tmp.path(), &["a", "b", "out", "refs"]), Vec::<String>::new(), "leftovers beside the output");
}

/// The pages of the stamp test: an English source and an outdated Korean translation of each.
/// `guidebook i18n stamp --root <root> <pages...>`.
fn stamp_args(root: &Path, pages: &[PathBuf]) -> Vec<String> {
    let mut args = vec!["i18n".to_string(), "stamp".into(), "--root".into(), root.display().to_string()];
    args.extend(pages.iter().map(|p| p.display().to_string()));
    args
}

fn as_strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

fn write_stamp_site(root: &Path, pages: usize) -> Vec<PathBuf> {
    write_site(root, pages, 1);
    let ko = root.join("content/ko-kr");
    (0..pages)
        .map(|i| {
            let path = ko.join(format!("sec{}/p{i}.md", i / 25));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, old_translation(i)).unwrap();
            path
        })
        .collect()
}

fn old_translation(i: usize) -> String {
    format!("---\ntitle: 주제 {i}\nsource_hash: 0123456789abcdef\n---\n{}", "번역된 문단입니다. ".repeat(200))
}

/// Hidden temporary files a killed stamp leaves (`.p1.md.guidebook-PID`).
fn temp_files(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_name().to_string_lossy().contains(".guidebook-"))
        .map(|e| e.path().to_path_buf())
        .collect()
}

#[test]
fn a_killed_stamp_never_leaves_a_half_written_page() {
    let _alone = one_at_a_time();
    let mut rng = Rng(seed());
    let tmp = tempfile::tempdir().unwrap();
    const PAGES: usize = 250;
    // The stamped pages, from a stamp that is not killed; and how long it takes.
    let reference = tmp.path().join("reference");
    let ref_pages = write_stamp_site(&reference, PAGES);
    let started = Instant::now();
    assert_ok(&guidebook(&as_strs(&stamp_args(&reference, &ref_pages))));
    let mut took = started.elapsed();
    // Timed twice, the faster kept: a first stamp slowed by a cold cache or the build test
    // beside it set kill delays past the whole of later stamps, which then ran to the end.
    let again = tmp.path().join("reference-again");
    let again_args = stamp_args(&again, &write_stamp_site(&again, PAGES));
    let started = Instant::now();
    assert_ok(&guidebook(&as_strs(&again_args)));
    took = took.min(started.elapsed());
    let stamped: Vec<Vec<u8>> = ref_pages.iter().map(|p| std::fs::read(p).unwrap()).collect();
    eprintln!("crash_safety: stamping {PAGES} pages takes {took:?}");

    let root = tmp.path().join("site");
    let pages = write_stamp_site(&root, PAGES);
    let args = stamp_args(&root, &pages);
    let args = as_strs(&args);
    let (mut rewritten, mut interrupted, mut partly_done) = (0, 0, 0);
    for round in 0..20 {
        for (i, page) in pages.iter().enumerate() {
            std::fs::write(page, old_translation(i)).unwrap();
        }
        let mut child = spawn(&args);
        if let Some(ran) = kill_after(&mut child, rng.below(took.mul_f64(1.1))) {
            took = took.min(ran);
        }
        let status = wait(&mut child, Duration::from_secs(120));
        assert!(killed(status) || status.success(), "round {round}: the stamp ended with {status}");
        interrupted += usize::from(killed(status));
        let mut done = 0;
        for (i, page) in pages.iter().enumerate() {
            let now = std::fs::read(page).unwrap();
            if now == stamped[i] {
                done += 1;
            } else {
                assert_eq!(now, old_translation(i).into_bytes(), "round {round}: {} is half written", page.display());
            }
        }
        rewritten += done;
        partly_done += usize::from(done > 0 && done < PAGES);
    }
    eprintln!(
        "crash_safety: {interrupted} of 20 kills interrupted a running stamp, {partly_done} of them with some \
         pages stamped and some not"
    );
    // As in the build test: delays up to 1.1 times a stamp (the shortest seen) interrupt about 9
    // in 10 stamps, and a loaded machine only makes that likelier; none interrupted means nothing
    // was tested. (A stamp timed while the machine was busy once set delays past later, faster
    // stamps: 6 of 20 in CI; a stamp that ends before its kill now shortens the delays.)
    assert!(interrupted >= 8, "only {interrupted} of 20 kills interrupted a running stamp");
    assert!(partly_done >= 1, "no kill landed while the stamp was rewriting pages");
    // And one left by a stamp killed mid-write for sure: its process is gone.
    let mut gone = Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    let partial = pages[0].with_file_name(format!(".p0.md.guidebook-{dead}"));
    std::fs::write(&partial, &stamped[0][..40]).unwrap();
    let left = temp_files(&root);
    eprintln!("crash_safety: 20 killed stamps rewrote {rewritten} pages; {} temporary files are left", left.len());

    // Leftovers are not pages: the site builds exactly the pages it has.
    let out = tmp.path().join("out");
    assert_ok(&build(&root, &out, &["--quiet"]));
    let built = tree(&out);
    assert!(built.keys().all(|k| !k.contains(".md.guidebook-")), "a temporary file was published");
    let ko_pages = built.keys().filter(|k| k.starts_with("ko-kr/sec") && k.ends_with("/index.html")).count();
    assert_eq!(ko_pages, PAGES + PAGES.div_ceil(25), "one page per translation and per folder");
    // A stamp that is not killed finishes every page and removes the killed stamps' leftovers.
    assert_ok(&guidebook(&args));
    for (i, page) in pages.iter().enumerate() {
        assert_eq!(std::fs::read(page).unwrap(), stamped[i]);
    }
    assert_eq!(temp_files(&root), Vec::<PathBuf>::new(), "temporary files of killed stamps remain");
}
