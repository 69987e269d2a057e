"""Benchmark: build the portal for N synthetic reports, against a plain Material site.

    python benchmarks/build.py                  # N = 100, 1,000 and 5,000
    python benchmarks/build.py --sizes 100,1000 --repeat 3

For each N, in the same run and on this machine:
  ours       `mkdocs build` of the portal (hooks, pages, downloads, Pagefind index);
  baseline   `mkdocs build` of a plain Material site with the same pages as static
             Markdown (the same page sources, the same navigation), Material's search on;
  stages     our pipeline's stages timed in-process (load, validate, plan, render, exports);
  size       of each built site;
  search     bytes a browser downloads before the first search result (index and runtime),
             with Material's search (baseline site) and with Pagefind (ours), measured in
             Chromium by Playwright.
Wall times are medians of --repeat runs; peak memory is the build process's and its
children's largest resident set. Targets (issue 6): ours ≤ 1.3× baseline; linear from
1,000 to 5,000; first search ≤ 1 MB at 5,000; peak memory ≤ 2 GB at 5,000.
"""

from __future__ import annotations

import argparse
import datetime as dt
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
from nianbao.site import build_sources, write_downloads  # noqa: E402

# Runs `mkdocs build` and prints the peak memory of itself and its children (Pagefind).
_RUNNER = """
import resource, sys
from mkdocs.__main__ import cli
try:
    cli(["build", "-q", "-d", sys.argv[1]], standalone_mode=False)
finally:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print("PEAK_KB", max(own, children), file=sys.stderr)
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


def build(project: Path, out: Path) -> tuple[float, int]:
    if out.exists():
        shutil.rmtree(out)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _RUNNER, str(out)], cwd=project, env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{result.stderr[-3000:]}")
    peak = next(int(line.split()[1]) for line in result.stderr.splitlines() if line.startswith("PEAK_KB"))
    return seconds, peak


def size_mb(site: Path) -> float:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6


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
    chromium = os.environ.get("NIANBAO_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
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


def run(reports: int, repeat: int, search: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        portal = portal_project(workdir, reports)
        baseline = baseline_project(workdir, portal)
        ours_runs, base_runs, peaks, base_peaks = [], [], [], []
        for _ in range(repeat):
            seconds, peak = build(portal, workdir / "site-ours")
            ours_runs.append(seconds)
            peaks.append(peak)
            seconds, peak = build(baseline, workdir / "site-base")
            base_runs.append(seconds)
            base_peaks.append(peak)
        sources = build_sources(portal, portal / "docs", today=dt.date(2026, 11, 29))
        stages = dict(sources.timings)
        stages["exports"] = write_downloads(sources.catalog, workdir / "downloads")
        row = {
            "reports": reports,
            "ours_s": statistics.median(ours_runs),
            "base_s": statistics.median(base_runs),
            "peak_mb": max(peaks) / 1024,
            "base_peak_mb": max(base_peaks) / 1024,
            "stages": stages,
            "ours_mb": size_mb(workdir / "site-ours"),
            "base_mb": size_mb(workdir / "site-base"),
        }
        if search:
            row["pagefind_kb"] = first_search_bytes(workdir / "site-ours", "pagefind") / 1024
            row["material_kb"] = first_search_bytes(workdir / "site-base", "material") / 1024
        return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-search", action="store_true", help="skip the browser measurement of search downloads")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    rows = []
    for n in (int(x) for x in args.sizes.split(",")):
        print(f"… {n} reports", file=sys.stderr, flush=True)
        rows.append(run(n, args.repeat, not args.no_search))
    print(
        "build: wall seconds and peak memory, ours against the plain Material baseline; site size; first-search download"
    )
    print(
        f"{'reports':>8} {'ours s':>8} {'base s':>8} {'ratio':>6} {'ours MB':>8} {'base MB':>8} {'site MB':>8} {'base site':>9} {'Pagefind KB':>12} {'Material KB':>12}"
    )
    for r in rows:
        print(
            f"{r['reports']:>8} {r['ours_s']:8.1f} {r['base_s']:8.1f} {r['ours_s'] / r['base_s']:6.2f} {r['peak_mb']:8.0f} {r['base_peak_mb']:8.0f} "
            f"{r['ours_mb']:8.1f} {r['base_mb']:9.1f} {r.get('pagefind_kb', float('nan')):12.0f} {r.get('material_kb', float('nan')):12.0f}"
        )
    print("\nstages of our pipeline (seconds, in-process):")
    print(f"{'reports':>8} " + " ".join(f"{k:>9}" for k in ("load", "validate", "plan", "render", "exports")))
    for r in rows:
        print(
            f"{r['reports']:>8} "
            + " ".join(f"{r['stages'].get(k, 0):9.2f}" for k in ("load", "validate", "plan", "render", "exports"))
        )
    if len(rows) >= 2:
        a, b = rows[-2], rows[-1]
        scale = b["reports"] / a["reports"]
        print(
            f"\nscaling {a['reports']} → {b['reports']} reports (×{scale:.0f}): build time ×{b['ours_s'] / a['ours_s']:.2f}, peak memory ×{b['peak_mb'] / a['peak_mb']:.2f}"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
