"""The same commit builds the same site, byte for byte (SOURCE_DATE_EPOCH dates it, as the
publishing workflow sets it from the commit), search filters included (Pagefind writes them
in hash-map order; nianbao.outputs.pagefind_order sorts them)."""

from __future__ import annotations

import time

from building import build_site, nianbao_in_child, read_tree

ENV = {"SOURCE_DATE_EPOCH": "1767225600", "SITE_URL": "https://portal.invalid/"}


def build(root, out, seed):
    """`mkdocs build --strict` in a child process with this hash seed (set order would differ
    between seeds)."""
    build_site(root, out, {**ENV, "PYTHONHASHSEED": str(seed)})
    return read_tree(out)


def test_two_builds_are_byte_identical(root, tmp_path):
    first = build(root, tmp_path / "a", 1)
    time.sleep(1.1)  # a timestamp with seconds in it would differ
    # The second by `nianbao build`: the same pipeline, whichever command runs it.
    nianbao_in_child(root, ["build", "-d", str(tmp_path / "b")], 2, ENV)
    second = read_tree(tmp_path / "b")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert b"2026-01-01" in first["sitemap.xml"]
    assert len([name for name in first if name.startswith("pagefind/filter/")]) == 2  # 年度, 机关类型
