#!/usr/bin/env python3
"""Sharded builds against one build: wall time and peak memory (RSS) of a whole build of a
generated 2-locale corpus, then of `index export`, one shard per locale (`build --locale`,
run one after the other, as two CI machines would run them side by side) and `merge`; and
the whole build of a corpus a tenth the size, for how time and memory grow with pages.

    cargo build --release
    python3 bench/shards.py [--pages 100000] [--small 10000] [--keep]

Needs ../shared/bench/gen_corpus.py beside the repository. Corpora go to /tmp (`--keep`
reuses them), output to /dev/shm, each output removed once measured (a 200,000-page site
is several GiB, and /dev/shm is memory). Checks that the merged site equals the whole build.
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GEN = os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py")
GUIDEBOOK = os.path.join(REPO, "target", "release", "guidebook")
SHM = "/dev/shm/gb-shards"


def run(args):
    """Runs guidebook once; returns (wall seconds, peak RSS in MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen([GUIDEBOOK, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, rusage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"guidebook {' '.join(args)} failed:\n{err[-4000:]}")
    return wall, rusage.ru_maxrss / 1024


def corpus(pages, keep):
    path = f"/tmp/gb-shards-{pages}"
    if not (keep and os.path.isdir(path)):
        shutil.rmtree(path, ignore_errors=True)
        subprocess.run([sys.executable, GEN, path, "--pages", str(pages), "--locales", "en-us,ko-kr",
                        "--layout", "ours"], check=True, stdout=subprocess.DEVNULL)
    return path


def same_tree(a, b):
    """True when both folders hold the same files with the same bytes (`diff -r`)."""
    return subprocess.run(["diff", "-rq", a, b], stdout=subprocess.DEVNULL).returncode == 0


def report(name, figures):
    wall, rss = figures
    print(f"{name:<32} {wall:8.2f} s {rss:9.0f} MiB", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=100000, help="pages per locale of the large corpus")
    ap.add_argument("--small", type=int, default=10000, help="pages per locale of the small corpus")
    ap.add_argument("--corpus", help="an existing large corpus (gen_corpus.py --layout ours)")
    ap.add_argument("--keep", action="store_true", help="reuse corpora already in /tmp")
    ap.add_argument("--no-compare", action="store_true", help="skip the diff of merged and whole builds")
    args = ap.parse_args()
    if not os.path.exists(GUIDEBOOK):
        sys.exit("build guidebook first: cargo build --release")
    shutil.rmtree(SHM, ignore_errors=True)
    os.makedirs(SHM)
    small = corpus(args.small, args.keep)
    report(f"build 2 x {args.small}", run(["build", "-q", "--root", small, "--out", f"{SHM}/small"]))
    shutil.rmtree(f"{SHM}/small")
    large = args.corpus or corpus(args.pages, args.keep)
    # Shards and merge first, the whole build last: at most two copies of the site are in
    # /dev/shm at once (the shards and the merged site, then the merged and the whole).
    index = f"{SHM}/index.json"
    report("index export", run(["index", "export", "--root", large, "--out", index]))
    print(f"{'  index size':<32} {os.path.getsize(index) / 2**20:8.1f} MiB", flush=True)
    shards = []
    for locale in ("en-us", "ko-kr"):
        out = f"{SHM}/shard-{locale}"
        report(f"build --locale {locale}", run(["build", "-q", "--root", large, "--index", index,
                                                 "--locale", locale, "--out", out]))
        shards.append(out)
    report("merge", run(["merge", "--root", large, "--out", f"{SHM}/merged", *shards]))
    for s in shards:
        shutil.rmtree(s)
    if args.no_compare:
        shutil.rmtree(f"{SHM}/merged")
    report(f"build 2 x {args.pages}", run(["build", "-q", "--root", large, "--out", f"{SHM}/full"]))
    if not args.no_compare:
        print("merged == whole build:", same_tree(f"{SHM}/full", f"{SHM}/merged"), flush=True)
    shutil.rmtree(SHM, ignore_errors=True)


if __name__ == "__main__":
    main()
