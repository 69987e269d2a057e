"""Benchmark: the same portal built with Zensical (the second engine) against MkDocs.

    python benchmarks/zensical.py                # 100 and 1,000 synthetic reports
    python benchmarks/zensical.py --sizes 300

Both builds write everything (pages, downloads, Pagefind index) from the same synthetic
data, one after the other in this run; the ratio is Zensical's time over MkDocs'.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import portal_project  # noqa: E402
from nianbao.build.zensical import build_with_zensical  # noqa: E402


def run(reports: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        project = portal_project(Path(tmp), reports)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        clock = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(Path(tmp) / "mkdocs")],
            cwd=project,
            env=env,
            check=True,
        )
        mkdocs = time.perf_counter() - clock
        clock = time.perf_counter()
        build_with_zensical(project, Path(tmp) / "zensical")
        zensical = time.perf_counter() - clock
        pages = [len(list((Path(tmp) / name).rglob("index.html"))) for name in ("mkdocs", "zensical")]
    return {"reports": reports, "mkdocs": mkdocs, "zensical": zensical, "pages": pages}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="报告数，逗号分隔")
    args = parser.parse_args()
    if importlib.util.find_spec("zensical") is None:
        raise SystemExit("未安装 Zensical：pip install -e '.[zensical]'")
    print("报告数  MkDocs  Zensical  比值（Zensical / MkDocs）  页面数")
    for size in (int(s) for s in args.sizes.split(",")):
        r = run(size)
        print(
            f"{r['reports']:>6}  {r['mkdocs']:>6.1f} s  {r['zensical']:>6.1f} s  {r['zensical'] / r['mkdocs']:>6.2f}"
            f"  {r['pages'][0]} / {r['pages'][1]}"
        )


if __name__ == "__main__":
    main()
