"""The same commit builds the same site, byte for byte (SOURCE_DATE_EPOCH dates it, as the
publishing workflow sets it from the commit)."""

from __future__ import annotations

import os
import subprocess
import sys
import time


def build(root, out):
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": "1767225600",
        "SITE_URL": "https://portal.invalid/",
    }
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_two_builds_are_byte_identical(root, tmp_path):
    first = build(root, tmp_path / "a")
    time.sleep(1.1)  # a timestamp with seconds in it would differ
    second = build(root, tmp_path / "b")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert b"2026-01-01" in first["sitemap.xml"]
