//! Replays every input the fuzzers found a bug with (and a few hand-picked hard cases), kept
//! under `tests/fuzz-regressions/<target>/`, through the same checks the fuzz targets run
//! (`fuzz/src/lib.rs`), so what a fuzzer found stays fixed. `bench/fuzz.sh` runs the fuzzers.

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod checks;

use std::path::Path;

#[test]
fn every_kept_fuzz_input_passes_its_checks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut failures = Vec::new();
    let mut ran = 0;
    for target in checks::TARGETS {
        let dir = root.join(target);
        let mut inputs: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("a readable entry").path())
            .collect();
        inputs.sort();
        assert!(!inputs.is_empty(), "no kept inputs for {target} in {}", dir.display());
        for input in inputs {
            let data = std::fs::read(&input).expect("a readable input");
            ran += 1;
            if std::panic::catch_unwind(|| checks::run(target, &data)).is_err() {
                failures.push(input.display().to_string());
            }
        }
    }
    assert!(failures.is_empty(), "fuzz inputs that fail again:\n{}", failures.join("\n"));
    eprintln!("{ran} kept fuzz inputs pass");
}

/// The checks themselves can fail: a key that escapes, or highlighting that loses text, is caught.
#[test]
fn the_checks_catch_what_they_are_for() {
    assert!(std::panic::catch_unwind(|| checks::run("nosuchtarget", b"")).is_err());
    // The highlight check compares the text inside the spans with the code; prove it notices
    // a difference by giving it code the real highlighter would keep, then text it would not.
    assert_eq!(checks::visible_text("<span class=\"hl-keyword\">fn</span> a &amp;&lt;b"), "fn a &<b");
    assert!(std::panic::catch_unwind(|| checks::visible_text("a <b>bold</b>")).is_err());
}
