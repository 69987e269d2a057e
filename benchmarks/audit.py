"""Benchmark: the cost of the quality audit and of the 「与上年对比」 pages.

    python benchmarks/audit.py                  # N = 100, 1,000 and 5,000 synthetic reports
    python benchmarks/audit.py --sizes 100,1000

For each N, in one process on this machine (no MkDocs: the same pipeline `nianbao pages` runs):
  load, validate   the catalog's own stages, the baseline;
  audit            the audit of every report (text against tables, required content, copied text);
  warnings         line numbers for the findings of new reports (the synthetic reports are
                   all origin: new), which parses each such file once more with positions;
  report pages     planning and rendering every report page;
  compare pages    planning and rendering every 「与上年对比」 page.
Printed with the ratios audit / (load + validate) and compare pages / report pages, and
the cost per report, which stays flat when the work is linear in the number of reports
(each report is compared with its own previous year only).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic  # noqa: E402
from nianbao.catalog import load_catalog  # noqa: E402
from nianbao.views.pages import plan_pages  # noqa: E402
from nianbao.views.render import PageRenderer  # noqa: E402


def measure(reports: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        count = synthetic.generate(data, reports)
        catalog = load_catalog(data, Path(folder))
        renderer = PageRenderer(ROOT / "overrides" / "portal")
        seconds: dict[str, float] = defaultdict(float)
        pages: dict[str, int] = defaultdict(int)
        planned = plan_pages(catalog)
        while True:
            clock = time.perf_counter()
            page = next(planned, None)
            if page is None:
                break
            renderer.render(page)
            seconds[page.template] += time.perf_counter() - clock
            pages[page.template] += 1
        return {
            "reports": count,
            "load": catalog.timings["load"],
            "validate": catalog.timings["validate"],
            "audit": catalog.timings["audit"],
            "warnings": catalog.timings["audit_warnings"],
            "report_pages": seconds["report.html"],
            "compare_pages": seconds["compare.html"],
            "compare_count": pages["compare.html"],
            "findings": sum(len(f) for f in catalog.audit.values()),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    args = parser.parse_args()
    print(
        "| 报告数 | 载入+校验 s | 质量检查 s | 比值 | 警告行号 s | 报告页 s | 对比页（页数） s | 比值 | 质量检查 ms/份 | 对比页 ms/页 |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        m = measure(size)
        base = m["load"] + m["validate"]
        per_compare = 1000 * m["compare_pages"] / max(1, m["compare_count"])
        print(
            f"| {m['reports']:,} | {base:.2f} | {m['audit']:.2f} | {m['audit'] / base:.2f}× | {m['warnings']:.2f} "
            f"| {m['report_pages']:.2f} | {m['compare_pages']:.2f}（{m['compare_count']:,}） "
            f"| {m['compare_pages'] / max(m['report_pages'], 1e-9):.2f}× "
            f"| {1000 * m['audit'] / m['reports']:.2f} | {per_compare:.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
