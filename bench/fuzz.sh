#!/usr/bin/env bash
# Runs guidebook's fuzz targets (cargo fuzz, libFuzzer, nightly toolchain), each until it has run
# RUNS inputs or SECONDS_EACH seconds, whichever comes first, and prints how many inputs ran.
#
#   rustup toolchain install nightly && cargo install cargo-fuzz
#   bench/fuzz.sh                       # every target, 1,000,000 inputs or 10 minutes each
#   RUNS=100000 SECONDS_EACH=60 bench/fuzz.sh links serve_paths
#
# Seeds: the inputs kept in tests/fuzz-regressions/, the repository's own pages and fixtures,
# and the real Azure corpus in ../shared when it is there. A crash is saved under
# fuzz/artifacts/<target>/; once fixed, copy it to tests/fuzz-regressions/<target>/ so
# `cargo test` replays it for good.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-1000000}
SECONDS_EACH=${SECONDS_EACH:-600}
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(frontmatter markdown links serve_paths highlight)

cargo +nightly fuzz build -O

seed() { # copies files into a corpus folder, named by content so reruns add nothing twice
  local dir=$1; shift
  for f in "$@"; do cp "$f" "$dir/seed-$(sha1sum <"$f" | cut -c1-16)"; done
}

for t in "${targets[@]}"; do
  corpus=fuzz/corpus/$t
  mkdir -p "$corpus"
  seed "$corpus" tests/fuzz-regressions/"$t"/*
  if [ "$t" = frontmatter ] || [ "$t" = markdown ]; then
    mapfile -t pages < <(find content tests/fixtures ../shared/corpora ../shared/seed -name '*.md' -size -64k 2>/dev/null | sort | head -3000)
    seed "$corpus" "${pages[@]}"
  fi
  log=$(mktemp)
  echo "== $t: up to $RUNS inputs or $SECONDS_EACH s"
  set +e
  cargo +nightly fuzz run -O "$t" "$corpus" -- -runs="$RUNS" -max_total_time="$SECONDS_EACH" \
    -max_len=65536 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 >"$log" 2>&1
  status=$?
  set -e
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  secs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | tail -1 || true)
  echo "$t: $runs inputs ran ($secs), exit status $status, corpus $(ls "$corpus" | wc -l) files"
  if [ $status -ne 0 ]; then
    grep -E 'panicked at|ERROR: libFuzzer|SUMMARY|artifact_prefix|Test unit written' "$log" | head -20
  fi
  rm -f "$log"
done
