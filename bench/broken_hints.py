#!/usr/bin/env python3
"""What "did you mean" hints cost on a site where a third of all links are broken.

    cargo build --release
    python3 bench/broken_hints.py [--pages 10000] [--runs 5]

Generates the benchmark corpus with ../shared/bench/gen_corpus.py, then misspells the target of
every third relative link (`./x.md` and `../x.md` alike, a third of all links) (a letter of the file name doubled: `./enable-image.md` becomes
`./enable-imagee.md`), so each one is a broken link whose hint has to be found among the
locale's pages. Runs `guidebook check --timings` with hints (the default, `[links] hints =
1000`) and without (`hints = 0`), alternately, and a full `build --timings`, and prints the
median time of the "check links" phase, its share of the build, and the number of broken links.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GEN = os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py")
BIN = os.path.join(REPO, "target", "release", "guidebook")
LINK = re.compile(r"\]\((\.\.?/[^)#\s]+?)\.md")


def break_links(root):
    """Misspells every third relative link of every page; returns how many it broke."""
    broken = 0
    seen = 0
    for folder, _, files in os.walk(os.path.join(root, "content")):
        for name in files:
            if not name.endswith(".md"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()

            def misspell(m):
                nonlocal seen, broken
                seen += 1
                if seen % 3:
                    return m.group(0)
                broken += 1
                return "](" + m.group(1) + m.group(1)[-1] + ".md"

            text = LINK.sub(misspell, text)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    return broken, seen


def set_hints(root, hints):
    """Writes site.toml's [links] table: broken links are warnings, and at most `hints` hints."""
    path = os.path.join(root, "site.toml")
    with open(path, encoding="utf-8") as f:
        text = f.read().split("\n[links]")[0]
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.rstrip("\n") + f'\n\n[links]\nbroken = "warn"\nhints = {hints}\n')


def phase(cmd, name):
    """Runs a guidebook command with --timings; returns (phase seconds, total seconds, stderr)."""
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
    out = proc.stdout + proc.stderr
    ms = [float(m.group(1)) for m in re.finditer(r"([\d.]+) ms\s+" + re.escape(name), out)]
    total = re.search(r" in ([\d.]+) s", out)
    return (ms[0] / 1000 if ms else 0.0), (float(total.group(1)) if total else 0.0), out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=10000, help="pages per locale")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--corpus", default="/tmp/gb-broken-hints")
    args = ap.parse_args()
    if not os.path.exists(GEN):
        sys.exit("../shared/bench/gen_corpus.py is not beside the repository")
    root = f"{args.corpus}-{args.pages}"
    if not os.path.isdir(root):
        subprocess.run([sys.executable, GEN, root, "--pages", str(args.pages), "--layout", "ours"], check=True,
                       stdout=subprocess.DEVNULL)
        broken, seen = break_links(root)
        print(f"corpus {root}: {seen} relative links, {broken} misspelt")
    timings = {"with hints": [], "without hints": []}
    build = []
    for _ in range(args.runs):
        for label, hints in (("with hints", 1000), ("without hints", 0)):
            set_hints(root, hints)
            t, _, out = phase([BIN, "check", "--root", root, "--timings"], "check links")
            timings[label].append(t)
        set_hints(root, 1000)
        check_s, total, out = phase([BIN, "build", "--root", root, "--out", "/dev/shm/gb-broken-hints",
                                     "--timings"], "check links")
        build.append((check_s, total))
    warnings = len(re.findall(r"warning\[broken-link\]|: warning: ", out))
    hinted = out.count("did you mean")
    print(f"broken-link warnings in the last build's output: {warnings}, with a hint: {hinted}")
    for label, values in timings.items():
        print(f"check links, {label}: median {statistics.median(values) * 1000:.1f} ms "
              f"(runs {', '.join(f'{v * 1000:.0f}' for v in values)})")
    check_med = statistics.median(c for c, _ in build)
    total_med = statistics.median(t for _, t in build)
    print(f"build: median {total_med:.2f} s, of which check links {check_med * 1000:.1f} ms "
          f"({100 * check_med / total_med:.1f} %)")


if __name__ == "__main__":
    main()
