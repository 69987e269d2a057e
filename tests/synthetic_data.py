"""Synthetic data for tests that need more offices than the samples have: the benchmarks'
generator (every office named 「合成测试…」), written to a temporary folder only."""

from __future__ import annotations

import sys
from pathlib import Path

from paths import ROOT


def synthetic_data(out: Path, reports: int, years: int = 4) -> Path:
    if str(ROOT / "benchmarks") not in sys.path:
        sys.path.insert(0, str(ROOT / "benchmarks"))
    import synthetic

    synthetic.generate(out, reports, years=years)
    return out
