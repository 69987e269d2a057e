"""Benchmark: how long a clerk waits for `mkdocs serve` to show an edited report.

    python benchmarks/preview.py                 # 5,000 synthetic reports
    python benchmarks/preview.py --reports 1000 --no-dirty

Starts `mkdocs serve --dirty` (the preview the README recommends for a large portal) on a
copy of the portal with N synthetic reports, waits for the first build, edits one report's
text, and measures the seconds until the served page shows the edit (what the browser's
live reload then fetches). Prints the first build's time too.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import portal_project  # noqa: E402

MARK = "本报告为基准测试生成的合成数据"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, text: str, timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text in response.read().decode("utf-8"):
                    return time.perf_counter() - start
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise SystemExit(f"等待超时：{url} 未出现「{text}」")


def run(reports: int, dirty: bool, edits: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        project = portal_project(Path(tmp), reports)
        report = sorted((project / "data").glob("*/20*.yml"))[reports // 2]
        office, year = report.parent.name, report.stem
        port = _free_port()
        command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
        command += ["--dirty"] if dirty else []
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        log = open(Path(tmp) / "serve.log", "w", encoding="utf-8")
        server = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}/offices/{office}/{year}/"
            first = _wait_for(url, MARK, 3600)
            waits = []
            for edit in range(1, edits + 1):
                new = f"{MARK}（第 {edit} 次修改）"
                text = report.read_text(encoding="utf-8").replace(MARK, new, 1)
                report.write_text(text, encoding="utf-8")
                waits.append(_wait_for(url, new, 1800))
                time.sleep(2)
        finally:
            server.terminate()
            server.wait(30)
    return {"reports": reports, "dirty": dirty, "first_build_s": first, "edit_s": waits}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=2)
    parser.add_argument("--no-dirty", action="store_true", help="plain `mkdocs serve` (every page rebuilt)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    row = run(args.reports, not args.no_dirty, args.edits)
    print(
        f"{row['reports']} reports, mkdocs serve{' --dirty' if row['dirty'] else ''}: first build {row['first_build_s']:.1f} s; "
        f"an edited report shows after " + ", ".join(f"{s:.1f} s" for s in row["edit_s"])
    )
    if args.json:
        args.json.write_text(json.dumps(row, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
