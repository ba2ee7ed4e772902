#!/usr/bin/env python3
"""Times the CSV import of two outpost binaries on the same file, alternating
them run by run so that a busy machine slows both alike, and prints each
one's median and the ratio. Used to show that a change leaves the import no
slower than the build before it:

    bench/compare_import.py --base OLD/outpost --new NEW/outpost --csv tools.csv --runs 7

bench/run calls it when OUTPOST_BASE_BINARY names the previous build."""
import argparse, os, statistics, subprocess, tempfile, time

def clean(path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)

def timed_import(binary, csv, catalog):
    clean(catalog)
    subprocess.run([binary, "init", "--empty", "--db", catalog], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start = time.perf_counter()
    subprocess.run([binary, "import", csv, "--db", catalog, "--quiet"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base", required=True)
    p.add_argument("--new", required=True)
    p.add_argument("--csv", required=True)
    p.add_argument("--runs", type=int, default=5)
    a = p.parse_args()
    folder = tempfile.mkdtemp(prefix="outpost-compare-")
    catalog = os.path.join(folder, "c.sqlite")
    times = {"base": [], "new": []}
    for i in range(a.runs):
        # Alternate which goes first, so neither always meets a warmer cache.
        order = ("base", "new") if i % 2 == 0 else ("new", "base")
        for which in order:
            times[which].append(timed_import(getattr(a, which), a.csv, catalog))
    clean(catalog)
    os.rmdir(folder)
    base, new = statistics.median(times["base"]), statistics.median(times["new"])
    print(f"import {os.path.basename(a.csv)}, {a.runs} alternating runs each")
    print(f"  base: median {base:.2f} s  ({' '.join(f'{t:.2f}' for t in times['base'])})")
    print(f"  new:  median {new:.2f} s  ({' '.join(f'{t:.2f}' for t in times['new'])})")
    print(f"  new / base: {new / base:.3f}")

if __name__ == "__main__":
    main()
