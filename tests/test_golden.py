"""Golden copies of the generated page sources. Reviewing their diff *is* the review of a
rendering change. Regenerate after an intended change with:

    nianbao pages --clean tests/golden
"""

from __future__ import annotations

from nianbao.site import build_sources


def test_generated_sources_equal_the_golden_copies(root):
    golden = root / "tests" / "golden"
    sources = build_sources(root, root / "docs").pages
    committed = {p.relative_to(golden).as_posix(): p.read_text(encoding="utf-8") for p in golden.rglob("*.md")}
    assert sorted(committed) == sorted(sources), "页面集合有变化：运行 nianbao pages --clean tests/golden 后检查差异"
    for name, text in sources.items():
        assert text == committed[name], f"{name} 与 golden 不一致：运行 nianbao pages --clean tests/golden 后检查差异"


def test_two_renderings_are_identical(root):
    assert build_sources(root, root / "docs").pages == build_sources(root, root / "docs").pages
