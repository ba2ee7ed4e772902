#!/usr/bin/env python3
"""URLSession against AsyncHTTPClient on the link-check benchmark (issue 14).

Builds bench/http-clients (release, under `nice -n 19`), starts the 8 loopback
servers of bench/links (127.0.0.1-8, each answering after 50 ms), and runs
each client in turn, 3 rounds each, at N URLs and at N/4, with --concurrency 16
--per-host 2 --timeout 10: wall seconds and peak RSS (/usr/bin/time -v). The
clients run without nice. Then a few URLs on a port where nothing listens, to
show how each client reports a refused connection. Prints Markdown tables.

Unless --skip-cold, it first times a cold release build of the package with
and without AsyncHTTPClient (HTTP_CLIENTS_NO_AHC=1): each build folder is
deleted first; packages come from the local copies SwiftPM has cached.

    bench/http_clients.py [--urls 2000] [--runs 3] [--skip-cold]
"""
import argparse
import importlib.machinery
import importlib.util
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.join(ROOT, "bench", "http-clients")
OUT = os.path.join(ROOT, "bench", "out", "http-clients")
# bench/links (a script without .py): its hosts, delay, concurrency and server.
_loader = importlib.machinery.SourceFileLoader("links", os.path.join(ROOT, "bench", "links"))
links = importlib.util.module_from_spec(importlib.util.spec_from_loader("links", _loader))
_loader.exec_module(links)
PER_HOST, TIMEOUT, REFUSED_URLS = 2, 10, 4
CLIENTS = ["urlsession", "ahc"]
# (label, scratch folder, extra environment) of the two builds.
BUILDS = [("URLSession only (no dependency)", ".build-noahc", {"HTTP_CLIENTS_NO_AHC": "1"}),
          ("with AsyncHTTPClient 1.37.0", ".build", {})]


def load():
    return open("/proc/loadavg").read().split()[:3]


def build(scratch, env, cold):
    """Seconds of `swift package resolve` and of `swift build -c release`."""
    path = os.path.join(PACKAGE, scratch)
    if cold and os.path.exists(path):
        shutil.rmtree(path)
    env = dict(os.environ, **env)
    times = []
    for args in (["package", "resolve"], ["build", "-c", "release"]):
        start = time.perf_counter()
        result = subprocess.run(["nice", "-n", "19", "swift", *args, "--package-path", PACKAGE, "--scratch-path", path],
                                env=env, capture_output=True, text=True)
        if result.returncode != 0:  # SwiftPM's progress is noise, unless it failed
            sys.exit(result.stdout + result.stderr)
        times.append(time.perf_counter() - start)
    return times, os.path.join(path, "release", "http-clients")


def run(binary, client, urls_file, extra=()):
    """(process wall s, peak MiB, the binary's JSON report) of one run."""
    cmd = ["/usr/bin/time", "-v", binary, "--client", client, "--concurrency", str(links.CONCURRENCY),
           "--per-host", str(PER_HOST), "--timeout", str(TIMEOUT), *extra, urls_file]
    start = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    return wall, kb / 1024, json.loads(result.stdout)


def url_file(name, urls):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        f.write("\n".join(urls) + "\n")
    return path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--urls", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-cold", action="store_true", help="build incrementally, time no cold build")
    a = parser.parse_args()
    os.makedirs(OUT, exist_ok=True)

    builds = []
    for label, scratch, env in BUILDS:
        before = load()
        (resolve, compile_), binary = build(scratch, env, cold=not a.skip_cold)
        builds.append((label, resolve, compile_, before))
    # `binary` is the last build's: the one with both clients.

    server = subprocess.Popen([sys.executable, links.SERVER, "--hosts", ",".join(links.HOSTS),
                               "--delay-ms", str(links.DELAY * 1000)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        info = json.loads(server.stdout.readline())
        ports = info["ports"]
        sizes = [a.urls, a.urls // 4]
        files = {n: url_file(f"urls-{n}.txt", [f"http://{links.HOSTS[i % len(links.HOSTS)]}:"
                                               f"{ports[links.HOSTS[i % len(links.HOSTS)]]}/tool/{i}"
                                               for i in range(n)]) for n in sizes}
        refused = url_file("refused.txt", [f"http://127.0.0.1:{info['closed_port']}/refused/{i}"
                                           for i in range(REFUSED_URLS)])
        load_start = load()
        results = {(c, n): [] for c in CLIENTS for n in sizes}
        for n in sizes:
            for r in range(a.runs):
                # Alternate which client goes first from one round to the next.
                for client in CLIENTS[r % 2:] + CLIENTS[:r % 2]:
                    wall, peak, report = run(binary, client, files[n])
                    counts = report["counts"]
                    if counts["ok"] != n:
                        print(f"warning: {client} at {n} URLs: {counts}", file=sys.stderr)
                    results[(client, n)].append((wall, peak, report["wall_seconds"]))
        refusals = [(f"{c}{' --no-retry-connect' if x else ''}", run(binary, c, refused, x))
                    for c, x in (("urlsession", []), ("ahc", []), ("ahc", ["--no-retry-connect"]))]
        load_end = load()
        with urllib.request.urlopen(f"http://127.0.0.1:{ports['127.0.0.1']}/_stats") as response:
            peaks = json.load(response)["peak"]
    finally:
        server.stdin.close()
        server.wait()

    print(f"\nLoad average (1, 5, 15 min): {', '.join(load_start)} when the runs began, "
          f"{', '.join(load_end)} when they ended; 2 cores.")
    print(f"Most requests one server had at once over all runs: {max(peaks.values())} "
          f"({', '.join(f'{h} {p}' for h, p in sorted(peaks.items()))}).\n")
    print("| client | URLs | median wall s | ideal s | peak MiB | median in-process s |")
    print("|---|---:|---:|---:|---:|---:|")
    for n in sizes:
        for client in CLIENTS:
            runs = results[(client, n)]
            print(f"| {client} | {n} | {statistics.median(r[0] for r in runs):.2f} | "
                  f"{n * links.DELAY / links.CONCURRENCY:.2f} | {max(r[1] for r in runs):.1f} | "
                  f"{statistics.median(r[2] for r in runs):.2f} |")
    print("\nAll runs, wall s / peak MiB:")
    for (client, n), runs in results.items():
        print(f"- {client}, {n} URLs: " + ", ".join(f"{w:.2f} / {p:.1f}" for w, p, _ in runs))

    print(f"\n{REFUSED_URLS} URLs on a port where nothing listens (timeout {TIMEOUT} s, 2 per host):\n")
    print("| client | wall s | what it reported |")
    print("|---|---:|---|")
    for label, (wall, _, report) in refusals:
        reasons = "; ".join(f"{count} × {reason[:120]}" for reason, count in report["counts"]["failures"].items())
        print(f"| {label} | {wall:.2f} | {reasons.replace('|', '/')} |")

    print("\nRelease build of bench/http-clients under nice -n 19"
          + (" (incremental: --skip-cold)" if a.skip_cold else ", cold (build folder deleted first)") + ":\n")
    print("| package | resolve s | build s | load average at start |")
    print("|---|---:|---:|---|")
    for label, resolve, compile_, before in builds:
        print(f"| {label} | {resolve:.1f} | {compile_:.1f} | {', '.join(before)} |")


if __name__ == "__main__":
    main()
