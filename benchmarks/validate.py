"""Benchmark: validate a province's worth of reports.

    python benchmarks/validate.py [--reports 5000] [--repeat 3]

Generates synthetic reports in a temporary folder (benchmarks/synthetic.py), then times,
in the same run and on the same files:
  baseline   reading every file and parsing it with PyYAML's C loader (no checks at all);
  validate   nianbao's whole first phase: strict load, schema, every rule, cross-year.
Prints the median of each, files per second, and the ratio to the baseline.
Target (issue 3): 5,000 reports in under 10 s on one core.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic  # noqa: E402
import yaml  # noqa: E402
from nianbao.catalog import load_catalog  # noqa: E402


def baseline(data: Path) -> int:
    count = 0
    for path in sorted(data.glob("*/*.yml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        count += 1
    return count


def validate(data: Path) -> int:
    catalog = load_catalog(data, data.parent, today=dt.date(2026, 11, 29))
    if catalog.problems.errors:
        raise SystemExit(f"synthetic data did not validate: {catalog.problems.errors[0].format_text()}")
    return len(catalog.reports)


def timed(function, data: Path, repeat: int) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = function(data)
        times.append(time.perf_counter() - start)
    return statistics.median(times), count


def main() -> None:
    parser = argparse.ArgumentParser(description="validate N synthetic reports and print files per second")
    parser.add_argument("--reports", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        written = synthetic.generate(data, args.reports)
        size = sum(p.stat().st_size for p in data.glob("*/*.yml"))
        base_time, _ = timed(baseline, data, args.repeat)
        ours_time, reports = timed(validate, data, args.repeat)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"reports: {written} ({size / 1e6:.1f} MB of YAML), median of {args.repeat} runs, one process")
    print(f"{'stage':<10} {'seconds':>8} {'files/s':>9} {'ratio':>6}")
    print(f"{'baseline':<10} {base_time:8.2f} {written / base_time:9.0f} {1:6.2f}")
    print(f"{'validate':<10} {ours_time:8.2f} {reports / ours_time:9.0f} {ours_time / base_time:6.2f}")
    print(f"peak memory (whole process): {peak:.0f} MB")
    verdict = "meets" if ours_time < 10 * written / 5000 else "MISSES"
    print(f"target 5,000 reports < 10 s: {verdict} (scaled to {written} reports: {10 * written / 5000:.1f} s)")


if __name__ == "__main__":
    main()
