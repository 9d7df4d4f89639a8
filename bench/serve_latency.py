#!/usr/bin/env python3
"""Time from saving a file to the live-reload event of `guidebook serve`, on a generated corpus.

    cargo build --release
    python3 bench/serve_latency.py [--pages 10000] [--edits 20] [--corpus DIR] [--binary PATH] [--work DIR]

Generates the corpus with ../shared/bench/gen_corpus.py (layout `ours`) into /tmp, starts the
preview server on a free port, opens the /__livereload event stream like a browser, then edits
one page N times (the median is the figure that matters: under 100 ms is the goal), then a
partial every page includes (`partials/footer.html`) and `page.html` (the pages, not the section
pages) N/4 times each, timing each save until the `reload` event arrives. `--corpus` copies an
existing corpus (e.g. /tmp/gb-speed-10000) into `--work` instead of generating one.
"""
import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GEN = os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py")


class Events:
    """A raw Server-Sent Events reader."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(b"GET /__livereload HTTP/1.1\r\nHost: x\r\n\r\n")
        self.buf = b""

    def next(self, timeout):
        self.sock.settimeout(timeout)
        while b"\n\n" not in self.buf:
            self.buf += self.sock.recv(65536)
        block, self.buf = self.buf.split(b"\n\n", 1)
        name = [l[7:] for l in block.decode().split("\n") if l.startswith("event: ")]
        return name[0] if name else None

    def wait(self, want, timeout=120):
        deadline = time.monotonic() + timeout
        while True:
            name = self.next(max(0.1, deadline - time.monotonic()))
            if name == want:
                return
            if name == "error-report":
                sys.exit("the edit did not build")


def cpu_ms(pid):
    """The server's CPU time so far (user + sys), from /proc (Linux)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def timed_edits(events, path, n, mutate, pid=None, cpu=None):
    times = []
    before = cpu_ms(pid) if pid else 0
    for i in range(n):
        text = open(path, encoding="utf-8").read()
        start = time.perf_counter()
        with open(path, "w", encoding="utf-8") as f:
            f.write(mutate(text, i))
        events.wait("reload")
        times.append((time.perf_counter() - start) * 1000)
        time.sleep(0.2)
    if cpu is not None:
        cpu.append((cpu_ms(pid) - before) / n)
    return times


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--corpus", help="copy this corpus instead of generating one")
    ap.add_argument("--binary", default=os.path.join(REPO, "target", "release", "guidebook"))
    ap.add_argument("--work", default=None, help="where the edited copy lives (default /tmp/gb-serve-bench-N)")
    args = ap.parse_args()
    binary = args.binary
    root = args.work or f"/tmp/gb-serve-bench-{args.pages}"
    shutil.rmtree(root, ignore_errors=True)
    if args.corpus:
        shutil.copytree(args.corpus, root)
    else:
        subprocess.run([sys.executable, GEN, root, "--pages", str(args.pages), "--locales", "en-us,ko-kr",
                        "--layout", "ours"], check=True, stdout=subprocess.DEVNULL)
    # A site template to edit later, in place before the server starts.
    os.makedirs(os.path.join(root, "templates", "partials"), exist_ok=True)
    footer = os.path.join(root, "templates", "partials", "footer.html")
    with open(footer, "w") as f:
        f.write('<footer class="site-footer"><p>{{ site.title }}</p></footer>\n')
    page_tpl = os.path.join(root, "templates", "page.html")
    with open(os.path.join(REPO, "themes", "default", "templates", "page.html"), encoding="utf-8") as f:
        page_text = f.read()
    with open(page_tpl, "w", encoding="utf-8") as f:
        f.write(page_text)
    started = time.perf_counter()
    server = subprocess.Popen([binary, "serve", "--root", root, "--port", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()
        port = int(re.search(r"127\.0\.0\.1:(\d+)", line).group(1))
        print(f"initial build and start: {time.perf_counter() - started:.2f} s")
        events = Events(port)
        events.wait("hello")
        page = sorted(p for p in (os.path.join(d, f) for d, _, fs in os.walk(os.path.join(root, "content", "en-us"))
                                  for f in fs) if p.endswith(".md"))[len(os.listdir(os.path.join(root, "content", "en-us")))]
        page_times = timed_edits(events, page, args.edits, lambda t, i: t + f"\nEdit number {i}.\n")
        time.sleep(1.5)  # the search index catches up after the page edits
        cpu = []  # the server's CPU time per edit (user + sys), partial then page.html
        tpl_times = timed_edits(events, footer, max(3, args.edits // 4),
                                lambda t, i: f'<footer class="site-footer"><p>{{{{ site.title }}}} {i}</p></footer>\n',
                                server.pid, cpu)
        page_tpl_times = timed_edits(events, page_tpl, max(3, args.edits // 4),
                                     lambda t, i: page_text.replace("{% block content %}",
                                                                    "{% block content %}<!-- edit " + str(i) + " -->", 1),
                                     server.pid, cpu)
        print(f"{2 * args.pages} pages; save → reload event, median (min–max):")
        print(f"  one page edited : {statistics.median(page_times):7.1f} ms ({min(page_times):.1f}–{max(page_times):.1f}), {len(page_times)} edits")
        print(f"  partial edited  : {statistics.median(tpl_times):7.1f} ms ({min(tpl_times):.1f}–{max(tpl_times):.1f}), {len(tpl_times)} edits (footer.html, every page); server CPU {cpu[0]:.0f} ms/edit")
        print(f"  page.html edited: {statistics.median(page_tpl_times):7.1f} ms ({min(page_tpl_times):.1f}–{max(page_tpl_times):.1f}), {len(page_tpl_times)} edits; server CPU {cpu[1]:.0f} ms/edit")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
