#!/usr/bin/env python3
"""Times `outpost site` against hugo on the same number of pages, alternating
the two, and prints a Markdown table. Called by bench/site."""
import argparse, csv, json, os, re, shutil, statistics, subprocess, sys, time

def run(cmd, **kw):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - start

def peak_mib(cmd):
    result = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, check=True)
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1)) / 1024

def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    return path

def hugo_project(folder, csv_path, pages):
    """A Hugo site of `pages` Markdown pages, each an entry's title, summary
    and description, with a minimal layout and no taxonomy, feed or sitemap."""
    fresh(folder)
    content = os.path.join(folder, "content", "p")
    layouts = os.path.join(folder, "layouts", "_default")
    os.makedirs(content)
    os.makedirs(layouts)
    with open(os.path.join(folder, "hugo.toml"), "w") as f:
        f.write('baseURL = "http://example.org/"\ntitle = "bench"\n'
                'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n')
    with open(os.path.join(layouts, "single.html"), "w") as f:
        f.write('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
                '<link rel="stylesheet" href="/style.css"></head><body><main><h1>{{ .Title }}</h1>'
                '{{ .Content }}</main></body></html>\n')
    with open(os.path.join(layouts, "list.html"), "w") as f:
        f.write('<!DOCTYPE html><html lang="en"><head><title>{{ .Title }}</title></head><body>'
                '<h1>{{ .Title }}</h1></body></html>\n')
    csv.field_size_limit(1 << 30)
    with open(csv_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for i in range(pages):
        row = rows[i % len(rows)]
        body = (row["summary"] or "") + "\n\n" + (row["description"] or "")
        title = json.dumps(row["title"], ensure_ascii=False)
        with open(os.path.join(content, f"{i}.md"), "w", encoding="utf-8") as f:
            f.write(f"---\ntitle: {title}\n---\n\n{body}\n")

def first_search_bytes(site, word):
    """What the browser loads for a first search of `word`: the index, the
    term chunk holding it, and the doc chunks of the first 20 results."""
    def load(path):
        text = open(os.path.join(site, "search", path), encoding="utf-8").read()
        return text, len(text.encode())
    index_text, total = load("index.js")
    index = json.loads(index_text[index_text.index("(") + 1:index_text.rindex(")")])
    chunk = [c for c in index["chunks"] if c[0] <= word][-1]
    chunk_text, size = load(chunk[1])
    total += size
    terms = json.loads(chunk_text[chunk_text.index("{"):chunk_text.rindex("}") + 1])
    digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
    ids, value, previous = [], 0, 0
    for ch in terms.get(word, ""):
        d = digits.index(ch)
        if d >= 32:
            value = value * 32 + d - 32
        else:
            previous += value * 32 + d
            ids.append(previous)
            value = 0
    shown = sorted(ids, reverse=True)[:20]
    for number in sorted({i // index["docsPerChunk"] for i in shown}):
        total += load(f"d-{number:04d}.js")[1]
    return total, len(ids)

def main():
    p = argparse.ArgumentParser()
    for name in ("binary", "out", "generator"):
        p.add_argument("--" + name)
    for name in ("tools", "stories", "runs"):
        p.add_argument("--" + name, type=int)
    a = p.parse_args()
    entries = a.tools + a.stories
    csv_path = os.path.join(a.out, f"site-{entries}.csv")
    catalog = os.path.join(a.out, f"site-{entries}.sqlite")
    if not os.path.exists(csv_path):
        subprocess.run(["python3", a.generator, str(a.tools), csv_path, "--stories", str(a.stories)], check=True)
    if not os.path.exists(catalog):
        subprocess.run([a.binary, "init", "--empty", "--db", catalog], check=True, stderr=subprocess.DEVNULL)
        subprocess.run([a.binary, "import", csv_path, "--db", catalog, "--quiet"], check=True)
    site = os.path.join(a.out, "site")
    print(f"site of {entries} entries, {a.runs} alternating rounds…", file=sys.stderr)
    run([a.binary, "site", fresh(site), "--db", catalog, "--quiet"])
    pages = sum(1 for _, _, files in os.walk(site) for f in files if f.endswith(".html"))
    files = sum(len(files) for _, _, files in os.walk(site))
    hugo_dir = os.path.join(a.out, "hugo")
    hugo_project(hugo_dir, csv_path, pages)
    times = {"outpost": [], "hugo": []}
    for round_ in range(a.runs):
        order = ["outpost", "hugo"] if round_ % 2 == 0 else ["hugo", "outpost"]
        for name in order:
            if name == "outpost":
                times[name].append(run([a.binary, "site", fresh(site), "--db", catalog, "--quiet"]))
            else:
                times[name].append(run(["hugo", "--quiet", "-s", hugo_dir, "-d", fresh(os.path.join(a.out, "hugo-public"))]))
    hugo_pages = sum(1 for _, _, fs in os.walk(os.path.join(a.out, "hugo-public")) for f in fs if f.endswith(".html"))
    peak = peak_mib([a.binary, "site", fresh(site), "--db", catalog, "--quiet"])
    hugo_peak = peak_mib(["hugo", "--quiet", "-s", hugo_dir, "-d", fresh(os.path.join(a.out, "hugo-public"))])
    rebuilds = []
    for i in range(a.runs):
        subprocess.run([a.binary, "edit", f"tool-{a.tools // 2 + i}", "--title", f"Edited title {time.time()}", "--db", catalog],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rebuilds.append(run([a.binary, "site", site, "--db", catalog, "--quiet"]))
    nothing = run([a.binary, "site", site, "--db", catalog, "--quiet"])
    search_bytes, matches = first_search_bytes(site, "music")
    o, h, r = statistics.median(times["outpost"]), statistics.median(times["hugo"]), statistics.median(rebuilds)
    print(f"Site: {entries:,} entries ({a.tools:,} tools, {a.stories:,} stories), {pages:,} HTML pages, {files:,} files; "
          f"hugo rendered {hugo_pages:,} pages from {pages:,} Markdown files.")
    print()
    print("| measure | Outpost | reference | ratio | bar | |")
    print("|---|---|---|---|---|---|")
    print(f"| site, full build | {o:.2f} s | hugo {h:.2f} s | {o / h:.2f}× | ≤ 1× | {'met' if o <= h else '**not met**'} |")
    print(f"| site peak memory | {peak:.0f} MiB | hugo {hugo_peak:.0f} MiB | — | ≤ 150 MiB | {'met' if peak <= 150 else '**not met**'} |")
    print(f"| site rebuild after one edit | {r:.2f} s | full build {o:.2f} s | {r / o:.3f}× | ≤ 0.05× | {'met' if r <= o / 20 else '**not met**'} |")
    print(f"| site rebuild, nothing changed | {nothing:.2f} s | — | — | — | |")
    print(f"| first search for 'music' ({matches:,} matches) | {search_bytes / 1024:.0f} kB | — | — | < 300 kB | {'met' if search_bytes < 300 * 1024 else '**not met**'} |")
    print()
    print("All runs (s): " + "; ".join(f"{k} " + ", ".join(f"{t:.2f}" for t in v) for k, v in times.items())
          + "; rebuild " + ", ".join(f"{t:.2f}" for t in rebuilds))

if __name__ == "__main__":
    main()
