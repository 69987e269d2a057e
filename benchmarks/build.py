"""Benchmark: build the portal for N synthetic reports, against a plain Material site.

    python benchmarks/build.py                  # N = 100, 1,000, 5,000 and 10,000
    python benchmarks/build.py --sizes 100,1000 --repeat 3
    python benchmarks/build.py --sizes 1000 --shards 4 --json figures.json

For each N, in the same run and on this machine:
  ours       `mkdocs build` of the portal (hooks, pages, downloads, Pagefind index);
  baseline   `mkdocs build` of a plain Material site with the same pages as static
             Markdown (the same page sources, the same navigation), Material's search on;
  one core   our build again pinned to one core (taskset), for sizes up to --one-core-max:
             the speed-up the machine's cores give;
  stages     our build's stages, timed by the hook in that build (NIANBAO_TIMINGS): load,
             validate, pages (plan, Jinja, Markdown, each report's downloads: the worker
             processes), mkdocs (MkDocs and the theme writing the pages), downloads_all,
             search_index (Pagefind, meanwhile); also per report, in milliseconds;
  sharded    with --shards K, the largest size built again as K shards one after another
             and assembled (publish.yml runs the shards in parallel on the job matrix):
             each shard's and the assembly's time and peak memory;
  size       of each built site (site_bytes, site_files), and by kind of file what each
             report added costs (the last two sizes; GitHub Pages: ≤ 90 KB, ≤ 15 files);
  search     bytes a browser downloads before the first search result (index and runtime),
             with Material's search (baseline site) and with Pagefind (ours), measured in
             Chromium by Playwright.
Wall times are medians of --repeat runs; peak memory is the largest sum, sampled every
0.1 s, of the proportional set size (PSS: shared pages counted once) of the build process
and all its children (page workers, Pagefind). (getrusage's ru_maxrss is not used: a child
started from a large process inherits that process's high-water mark.) Targets
(issue 16): 10,000 reports with a peak ≤ 1 GB; at 1,000 reports ≤ 0.6× the baseline's time.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic  # noqa: E402
from nianbao.build.site import build_sources  # noqa: E402
from nianbao.settings import find_chromium  # noqa: E402

# Runs `mkdocs build` and prints the peak memory of itself and its children (Pagefind).
_RUNNER = """
import os, sys, threading, time
from mkdocs.__main__ import cli

def tree(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            kids = [int(k) for k in f.read().split()]
    except OSError:
        return [pid]
    return [pid] + [q for k in kids for q in tree(k)]

def kb(pid, field):
    try:
        with open(f"/proc/{pid}/{'smaps_rollup' if field == 'Pss:' else 'status'}") as f:
            return next((int(line.split()[1]) for line in f if line.startswith(field)), 0)
    except OSError:
        return 0

peak = {"total": 0, "single": 0}
done = threading.Event()

def sample():
    while not done.wait(0.1):
        pids = tree(os.getpid())
        peak["total"] = max(peak["total"], sum(kb(p, "Pss:") for p in pids))
        peak["single"] = max(peak["single"], max(kb(p, "VmRSS:") for p in pids))

threading.Thread(target=sample, daemon=True).start()
try:
    cli(["build", "-q", "-d", sys.argv[1]], standalone_mode=False)
finally:
    done.set()
    import resource
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print("PEAK_KB", peak["total"], file=sys.stderr)
    print("SINGLE_KB", peak["single"], file=sys.stderr)
    print("CPU_S", own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime, file=sys.stderr)
"""
QUERY = "政务公开工作"


def portal_project(workdir: Path, reports: int) -> Path:
    project = workdir / "portal"
    project.mkdir()
    for name in ("mkdocs.yml", "docs", "overrides", "hooks"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
    synthetic.generate(project / "data", reports)
    return project


def baseline_project(workdir: Path, portal: Path) -> Path:
    """The same pages as static Markdown in a plain Material site (no hooks)."""
    project = workdir / "baseline"
    shutil.copytree(portal / "docs", project / "docs")
    sources = build_sources(portal, portal / "docs")
    for name, text in sources.pages.items():
        path = project / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    config = (portal / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("hooks:\n  - hooks/portal.py\n", "").replace(
        "plugins: []", "plugins:\n  - search:\n      lang: zh\n      separator: '[\\s\\u200b\\-]'"
    )
    config = config.replace("  custom_dir: overrides\n", "")
    config = re.sub(r"\nwatch:\n(  - .*\n)+", "\n", config)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project


def build(project: Path, out: Path, env: dict[str, str] | None = None, one_core: bool = False) -> dict:
    """One `mkdocs build`: wall seconds, peak memory (KB), CPU seconds, the hook's stages."""
    if out.exists():
        shutil.rmtree(out)
    timings = out.parent / (out.name + "-timings.json")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NIANBAO_TIMINGS": str(timings), **(env or {})}
    command = [sys.executable, "-c", _RUNNER, str(out)]
    if one_core:
        command = ["taskset", "-c", "0", *command]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{result.stderr[-3000:]}")
    lines = result.stderr.splitlines()
    peak = next(int(line.split()[1]) for line in lines if line.startswith("PEAK_KB"))
    cpu = next(float(line.split()[1]) for line in lines if line.startswith("CPU_S"))
    single = next(int(line.split()[1]) for line in lines if line.startswith("SINGLE_KB"))
    stages = json.loads(timings.read_text(encoding="utf-8")) if timings.exists() else {}
    return {"s": seconds, "peak_kb": peak, "single_kb": single, "cpu_s": cpu, "stages": stages}


def size_mb(site: Path) -> float:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6


#: The kinds of file in a built site, by path (first match wins): what a report costs is
#: the growth of each kind from one size to the next, divided by the reports added.
KINDS = (
    ("report page", re.compile(r"offices/[^/]+/[0-9]{4}/index\.html")),
    ("compare page", re.compile(r"offices/[^/]+/[0-9]{4}/compare/")),
    ("office page", re.compile(r"offices/[^/]+/index\.html")),
    ("report downloads", re.compile(r"data/[^/]+/[0-9]{4}\.")),
    ("all-data downloads", re.compile(r"data/[^/]+\.(?:csv|json|xlsx|xml|gz|zip)(?:\.gz)?")),
    ("search index", re.compile(r"pagefind/")),
    ("other", re.compile(r"")),
)


def site_census(site: Path) -> dict[str, dict[str, int]]:
    """Bytes and files of each kind (:data:`KINDS`) in a built site."""
    census = {kind: {"bytes": 0, "files": 0} for kind, _ in KINDS}
    for path in site.rglob("*"):
        if path.is_file():
            relative = path.relative_to(site).as_posix()
            kind = next(kind for kind, pattern in KINDS if pattern.match(relative))
            census[kind]["bytes"] += path.stat().st_size
            census[kind]["files"] += 1
    return census


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def first_search_bytes(site: Path, engine: str) -> int:
    """Bytes of the search engine's own requests until the first result shows."""
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    sizes: dict[str, int] = {}
    chromium = find_chromium() or "/usr/bin/chromium"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()

            def record(response):
                if any(part in response.url for part in ("/pagefind/", "/search/", "/workers/", "/lunr/")):
                    try:
                        sizes[response.url] = len(response.body())
                    except Exception:  # noqa: BLE001 - a redirect or aborted response has no body
                        pass

            page.on("response", record)
            page.goto(url)
            if engine == "pagefind":
                page.keyboard.press("/")
                page.locator("#nb-search-ui input.pagefind-ui__search-input").fill(QUERY)
                page.locator(".pagefind-ui__result").first.wait_for(timeout=120_000)
            else:
                field = page.locator("input.md-search__input")
                field.click()
                field.fill(QUERY)
                page.locator(".md-search-result__item").first.wait_for(timeout=300_000)
            page.wait_for_timeout(500)
            browser.close()
    finally:
        server.shutdown()
    return sum(sizes.values())


STAGES = ("load", "validate", "pages", "mkdocs_pages", "downloads_all", "search_index")


def run(reports: int, repeat: int, search: bool, one_core: bool, with_base: bool = True) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        portal = portal_project(workdir, reports)
        baseline = baseline_project(workdir, portal) if with_base else None
        ours, base = [], []
        for _ in range(repeat):
            ours.append(build(portal, workdir / "site-ours"))
            if baseline:
                base.append(build(baseline, workdir / "site-base"))
        if not base:  # --base-max: the baseline's figures are not measured at this size
            (workdir / "site-base").mkdir()
            base = [{"s": float("nan"), "peak_kb": float("nan"), "cpu_s": float("nan")}]
        median = statistics.median_low([r["s"] for r in ours])
        chosen = next(r for r in ours if r["s"] == median)
        stages = {k: chosen["stages"].get(k, 0.0) for k in STAGES}
        census = site_census(workdir / "site-ours")
        row = {
            "reports": reports,
            "ours_s": median,
            "base_s": statistics.median([r["s"] for r in base]),
            "ratio": median / statistics.median([r["s"] for r in base]),
            "peak_mb": max(r["peak_kb"] for r in ours) / 1024,
            "base_peak_mb": max(r["peak_kb"] for r in base) / 1024,
            "peak_single_process_mb": max(r["single_kb"] for r in ours) / 1024,
            "ours_cpu_s": chosen["cpu_s"],
            "base_cpu_s": statistics.median([r["cpu_s"] for r in base]),
            "stages": stages,
            "stage_ms_per_report": {k: 1000 * v / reports for k, v in stages.items()},
            "ours_mb": size_mb(workdir / "site-ours"),
            "site_bytes": sum(k["bytes"] for k in census.values()),
            "site_files": sum(k["files"] for k in census.values()),
            "site_kinds": census,
            "base_mb": size_mb(workdir / "site-base"),
        }
        if one_core:
            single = build(portal, workdir / "site-one-core", one_core=True)
            row["one_core_s"] = single["s"]
            row["speedup_2_cores"] = single["s"] / median
            # Amdahl: the part the cores shared took (one_core - ours) × 2 on one core; on
            # four cores it would take a quarter of that.
            parallel = 2 * (single["s"] - median)
            row["estimate_4_cores_s"] = single["s"] - parallel + parallel / 4
        if search:
            row["pagefind_kb"] = first_search_bytes(workdir / "site-ours", "pagefind") / 1024
            row["material_kb"] = first_search_bytes(workdir / "site-base", "material") / 1024
        return row


def run_sharded(reports: int, shards: int) -> dict:
    """The portal built as ``shards`` shards one after another, then assembled: each build's
    time and peak memory. (That the assembled site is the one-machine site, byte for byte, is
    tests/test_sharding.py's to prove; here only the cost is measured.)"""
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        portal = portal_project(workdir, reports)
        runs = [
            build(portal, workdir / "shards" / f"shard-{k}", {"NIANBAO_SHARD": f"{k}/{shards}"})
            for k in range(1, shards + 1)
        ]
        assembled = build(portal, workdir / "assembled", {"NIANBAO_ASSEMBLE": str(workdir / "shards")})
        return {
            "reports": reports,
            "shards": shards,
            "shard_s": [r["s"] for r in runs],
            "shard_peak_mb": [r["peak_kb"] / 1024 for r in runs],
            "assemble_s": assembled["s"],
            "assemble_peak_mb": assembled["peak_kb"] / 1024,
            "matrix_s": max(r["s"] for r in runs) + assembled["s"],
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000,10000")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-search", action="store_true", help="skip the browser measurement of search downloads")
    parser.add_argument("--search-max", type=int, default=5000, help="measure search downloads up to this size")
    parser.add_argument("--one-core-max", type=int, default=1000, help="also build pinned to one core up to this size")
    parser.add_argument("--base-max", type=int, default=10**9, help="build the baseline up to this size")
    parser.add_argument("--shards", type=int, default=0, help="also build the largest size as this many shards")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    rows = []
    sizes = [int(x) for x in args.sizes.split(",")]
    for n in sizes:
        print(f"… {n} reports", file=sys.stderr, flush=True)
        search = not args.no_search and n <= args.search_max
        rows.append(run(n, args.repeat, search, n <= args.one_core_max, n <= args.base_max))
        if args.json:  # after each size too: a long run interrupted keeps what it measured
            args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    sharded = None
    if args.shards:
        print(f"… {sizes[-1]} reports in {args.shards} shards", file=sys.stderr, flush=True)
        sharded = run_sharded(sizes[-1], args.shards)
    report(rows, sharded)
    if args.json:
        figures = rows + ([{"sharded": sharded}] if sharded else [])
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")


def report(rows: list[dict], sharded: dict | None) -> None:
    print(
        "build: wall seconds and peak memory, ours against the plain Material baseline; site size; first-search download"
    )
    print(
        f"{'reports':>8} {'ours s':>8} {'base s':>8} {'ratio':>6} {'ours MB':>8} {'base MB':>8} {'site MB':>8} {'base site':>9} {'Pagefind KB':>12} {'Material KB':>12}"
    )
    for r in rows:
        print(
            f"{r['reports']:>8} {r['ours_s']:8.1f} {r['base_s']:8.1f} {r['ratio']:6.2f} {r['peak_mb']:8.0f} {r['base_peak_mb']:8.0f} "
            f"{r['ours_mb']:8.1f} {r['base_mb']:9.1f} {r.get('pagefind_kb', float('nan')):12.0f} {r.get('material_kb', float('nan')):12.0f}"
        )
    print(
        "\nCPU seconds (ours / baseline), and the cores: one core pinned, speed-up on this machine's cores, 4-core estimate"
    )
    for r in rows:
        cores = ""
        if "one_core_s" in r:
            cores = f"  one core {r['one_core_s']:.1f} s, ×{r['speedup_2_cores']:.2f} on 2 cores, 4 cores ≈ {r['estimate_4_cores_s']:.1f} s"
        print(f"{r['reports']:>8} {r['ours_cpu_s']:8.1f} {r['base_cpu_s']:8.1f}{cores}")
    print("\nstages of our build (seconds; milliseconds per report in brackets):")
    print(f"{'reports':>8} " + " ".join(f"{k:>17}" for k in STAGES))
    for r in rows:
        cells = (f"{r['stages'][k]:7.2f} ({r['stage_ms_per_report'][k]:6.2f})" for k in STAGES)
        print(f"{r['reports']:>8} " + " ".join(f"{c:>17}" for c in cells))
    if len(rows) >= 2:
        a, b = rows[-2], rows[-1]
        scale = b["reports"] / a["reports"]
        print(
            f"\nscaling {a['reports']} → {b['reports']} reports (×{scale:.0f}): build time ×{b['ours_s'] / a['ours_s']:.2f}, peak memory ×{b['peak_mb'] / a['peak_mb']:.2f}"
        )
    if len(rows) >= 2:
        report_site_growth(rows[-2], rows[-1])
    if sharded:
        print(
            f"\nsharded, {sharded['reports']} reports in {sharded['shards']} shards: shards "
            + ", ".join(
                f"{s:.1f} s / {m:.0f} MB" for s, m in zip(sharded["shard_s"], sharded["shard_peak_mb"], strict=True)
            )
            + f"; assembly {sharded['assemble_s']:.1f} s / {sharded['assemble_peak_mb']:.0f} MB; "
            f"on a job matrix ≈ {sharded['matrix_s']:.1f} s (slowest shard + assembly)"
        )


#: GitHub Pages' limits (issue 20): a site of at most 1 GB, so at 10,000 reports at most
#: 90 KB and 15 files for each report added (everything included).
PER_REPORT_KB, PER_REPORT_FILES = 90, 15


def report_site_growth(a: dict, b: dict) -> None:
    """What each added report costs in the site, by kind of file: (b - a) / (reports added)."""
    added = b["reports"] - a["reports"]
    print(f"\nsite size per added report, {a['reports']} → {b['reports']} reports (KB = 1,000 bytes):")
    print(f"{'kind':>20} {'KB/report':>10} {'files/report':>13}")
    for kind, _ in KINDS:
        grown = {k: (b["site_kinds"][kind][k] - a["site_kinds"][kind][k]) / added for k in ("bytes", "files")}
        print(f"{kind:>20} {grown['bytes'] / 1000:10.1f} {grown['files']:13.2f}")
    size = (b["site_bytes"] - a["site_bytes"]) / added / 1000
    files = (b["site_files"] - a["site_files"]) / added
    print(
        f"{'all':>20} {size:10.1f} {files:13.2f}   (limits {PER_REPORT_KB} KB, {PER_REPORT_FILES} files: "
        f"{'within' if size <= PER_REPORT_KB and files <= PER_REPORT_FILES else 'OVER'}); "
        f"at 10,000 reports ≈ {(b['site_bytes'] + size * 1000 * (10_000 - b['reports'])) / 1e9:.2f} GB (extrapolated)"
    )


if __name__ == "__main__":
    main()
