"""The same commit builds the same site, byte for byte (SOURCE_DATE_EPOCH dates it, as the
publishing workflow sets it from the commit), search filters included (Pagefind writes them
in hash-map order; nianbao.outputs.pagefind_order sorts them)."""

from __future__ import annotations

import time

from building import build_site


def build(root, out, seed):
    """A build in a child process with this hash seed (set order would differ between seeds)."""
    env = {"SOURCE_DATE_EPOCH": "1767225600", "SITE_URL": "https://portal.invalid/", "PYTHONHASHSEED": str(seed)}
    build_site(root, out, env)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_two_builds_are_byte_identical(root, tmp_path):
    first = build(root, tmp_path / "a", 1)
    time.sleep(1.1)  # a timestamp with seconds in it would differ
    second = build(root, tmp_path / "b", 2)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert b"2026-01-01" in first["sitemap.xml"]
    assert len([name for name in first if name.startswith("pagefind/filter/")]) == 2  # 年度, 机关类型
