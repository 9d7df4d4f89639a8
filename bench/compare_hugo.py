#!/usr/bin/env python3
"""Builds the same generated corpus with guidebook and with Hugo, alternately, and prints the
median wall time and peak memory of each and their ratios; and, in the same runs, the physical
floor (../shared/bench/floor: walk, read, pulldown-cmark, write, 2 threads) and guidebook's ratio
to it.

    cargo build --release
    python3 bench/compare_hugo.py [--pages 10000] [--runs 5] [--keep] [--bare] [--against BINARY]...

`--against` times other guidebook binaries (an earlier commit's build, say) in the same
alternating runs and checks that each wrote the same site, byte for byte: how a change to the
build is measured, since this machine's speed drifts more between runs than most changes move it.

Needs ../shared/bench/gen_corpus.py beside the repository and `hugo` on PATH
(apt-get install hugo). Corpora go to /tmp, output to /dev/shm (memory), as
../shared/bench/README.md advises, so the figures are the generators' own work.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GEN = os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py")
FLOOR_SRC = os.path.join(REPO, "..", "shared", "bench", "floor")


def build_floor():
    """Builds the floor program in a copy (shared/ is read-only); returns its path or None."""
    if not os.path.isdir(FLOOR_SRC):
        return None
    work = "/tmp/gb-floor-src"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(FLOOR_SRC, work)
    subprocess.run(["cargo", "build", "--release", "--quiet", "--manifest-path", os.path.join(work, "Cargo.toml")],
                   check=True)
    return os.path.join(work, "target", "release", "floor")


def bare_corpus(ours, keep):
    """A copy of the `ours` corpus whose theme renders a page as its title and body alone, so a
    build's cost without the theme's chrome can be set beside the full build's. A copy, not a link:
    guidebook refuses a content folder that leads outside its site."""
    path = ours + "-bare"
    if keep and os.path.isdir(path):
        return path
    shutil.rmtree(path, ignore_errors=True)
    shutil.copytree(os.path.join(ours, "content"), os.path.join(path, "content"))
    with open(os.path.join(ours, "site.toml"), encoding="utf-8") as f:
        config = f.read()
    if 'theme = "default"' not in config:
        sys.exit(f"--bare: {ours}/site.toml does not say theme = \"default\"; cannot swap in the one-line theme")
    config = config.replace('theme = "default"', 'theme = "bare"')
    with open(os.path.join(path, "site.toml"), "w", encoding="utf-8") as f:
        f.write(config)
    templates = os.path.join(path, "themes", "bare", "templates")
    os.makedirs(templates)
    with open(os.path.join(templates, "page.html"), "w", encoding="utf-8") as f:
        f.write("<!DOCTYPE html>\n<title>{{ page.title }}</title>\n{{ page.content | safe }}\n")
    return path


def run(cmd, out):
    """Runs cmd once into a fresh `out`; returns (wall seconds, peak RSS in MiB, user CPU seconds,
    system CPU seconds)."""
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, rusage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed: {err}")
    return wall, rusage.ru_maxrss / 1024, rusage.ru_utime, rusage.ru_stime


def same_tree(a, b):
    """None when folders a and b hold the same files with the same bytes; else the first
    difference found."""
    def files(root):
        found = {}
        for folder, _, names in os.walk(root):
            for name in names:
                path = os.path.join(folder, name)
                found[os.path.relpath(path, root)] = path
        return found
    fa, fb = files(a), files(b)
    if fa.keys() != fb.keys():
        only = sorted(fa.keys() ^ fb.keys())
        return f"{len(only)} files in one only, first {only[0]}"
    for rel in sorted(fa):
        with open(fa[rel], "rb") as x, open(fb[rel], "rb") as y:
            if x.read() != y.read():
                return f"{rel} differs"
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=10000, help="pages per locale")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", action="store_true", help="reuse corpora already in /tmp")
    ap.add_argument("--bare", action="store_true",
                    help="also time guidebook with a one-line page template: what the theme costs")
    ap.add_argument("--against", action="append", default=[], metavar="BINARY",
                    help="also time this guidebook binary and check it writes the same site (repeatable)")
    args = ap.parse_args()
    guidebook = os.path.join(REPO, "target", "release", "guidebook")
    if not os.path.exists(guidebook):
        sys.exit("build guidebook first: cargo build --release")
    if not shutil.which("hugo"):
        sys.exit("hugo is not installed: apt-get install hugo")
    corpora = {}
    for layout in ("ours", "hugo"):
        path = f"/tmp/gb-bench-{layout}-{args.pages}"
        corpora[layout] = path
        if not (args.keep and os.path.isdir(path)):
            shutil.rmtree(path, ignore_errors=True)
            subprocess.run([sys.executable, GEN, path, "--pages", str(args.pages), "--locales", "en-us,ko-kr",
                            "--layout", layout], check=True, stdout=subprocess.DEVNULL)
    cmds = {
        "guidebook": [guidebook, "build", "--root", corpora["ours"], "--out", "/dev/shm/gb-bench-out-ours"],
        "hugo": ["hugo", "--quiet", "-s", corpora["hugo"], "-d", "/dev/shm/gb-bench-out-hugo"],
    }
    if args.bare:
        bare = bare_corpus(corpora["ours"], args.keep)
        cmds["bare"] = [guidebook, "build", "--root", bare, "--out", "/dev/shm/gb-bench-out-bare"]
    for n, other in enumerate(args.against, 1):
        if not os.access(other, os.X_OK):
            sys.exit(f"--against {other}: not an executable file")
        cmds[f"against{n}"] = [os.path.abspath(other), "build", "--root", corpora["ours"], "--out",
                               f"/dev/shm/gb-bench-out-against{n}"]
    floor = build_floor()
    if floor:
        cmds["floor"] = [floor, os.path.join(corpora["ours"], "content"), "2", "/dev/shm/gb-bench-out-floor"]
    results = {name: [] for name in cmds}
    for i in range(args.runs):
        for name, cmd in cmds.items():
            out = cmd[-1]
            if name == "floor":
                cmd = [cmd[0], cmd[1], out, cmd[2]]  # floor SRC OUT THREADS
            wall, rss, user, system = run(cmd, out)
            results[name].append((wall, rss, user, system))
            print(f"run {i + 1}: {name:9} {wall:6.2f} s {rss:8.0f} MiB  cpu {user:5.2f} user {system:5.2f} sys",
                  flush=True)
    med = {n: tuple(statistics.median(one[k] for one in r) for k in range(4)) for n, r in results.items()}
    print(f"\n{2 * args.pages} pages, median of {args.runs} alternating runs, output in /dev/shm")
    for name, (wall, rss, user, system) in med.items():
        print(f"  {name:9} {wall:6.2f} s  peak {rss:6.0f} MiB  cpu {user:5.2f} user {system:5.2f} sys")
    g, h = med["guidebook"], med["hugo"]
    print(f"  ratio     time {g[0] / h[0]:.2f} x Hugo, memory {g[1] / h[1]:.2f} x Hugo")
    if "floor" in med:
        f = med["floor"]
        print(f"  floor     time {g[0] / f[0]:.2f} x the floor ({f[0]:.2f} s, {f[1]:.0f} MiB)")
        if "bare" in med:
            print(f"  bare      time {med['bare'][0] / f[0]:.2f} x the floor with a one-line page template")
    for n, other in enumerate(args.against, 1):
        a = med[f"against{n}"]
        to_floor = f", {a[0] / med['floor'][0]:.2f} x the floor" if "floor" in med else ""
        differs = same_tree(cmds["guidebook"][-1], cmds[f"against{n}"][-1])
        print(f"  against{n}  {other}: time {a[0] / g[0]:.3f} x guidebook's{to_floor}; "
              + ("the same site, byte for byte" if differs is None else f"ANOTHER SITE: {differs}"))
    # Every command's output folder is its last argument (the floor's is put in place per run).
    for cmd in cmds.values():
        shutil.rmtree(cmd[-1], ignore_errors=True)


if __name__ == "__main__":
    main()
