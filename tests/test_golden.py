"""Golden copies of the generated page sources. Reviewing their diff *is* the review of a
rendering change. After an intended change, regenerate them with:

    python3 -m pytest tests/test_golden.py --update-golden

The pages are built as of a fixed date (GOLDEN_DATE), since the overview depends on it.
"""

from __future__ import annotations

import pytest
from building import nianbao_in_child, other_hash_seed, read_tree
from nianbao.build.site import build_sources

GOLDEN_DATE_EPOCH = "1796083200"  # 2026-12-01


@pytest.fixture
def sources(root, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", GOLDEN_DATE_EPOCH)
    return build_sources(root, root / "docs").pages


def test_generated_sources_equal_the_golden_copies(root, sources, request):
    golden = root / "tests" / "golden"
    if request.config.getoption("--update-golden"):
        for old in golden.rglob("*.md"):
            old.unlink()
        for name, text in sources.items():
            (golden / name).parent.mkdir(parents=True, exist_ok=True)
            (golden / name).write_text(text, encoding="utf-8")
    committed = {p.relative_to(golden).as_posix(): p.read_text(encoding="utf-8") for p in golden.rglob("*.md")}
    hint = "运行 python3 -m pytest tests/test_golden.py --update-golden 后检查差异"
    assert sorted(committed) == sorted(sources), f"页面集合有变化：{hint}"
    for name, text in sources.items():
        assert text == committed[name], f"{name} 与 golden 不一致：{hint}"


def test_two_renderings_are_identical(root, sources, tmp_path):
    """Rendered here and in a child process with another hash seed (an order taken from a
    set would differ)."""
    env = {"SOURCE_DATE_EPOCH": GOLDEN_DATE_EPOCH}
    nianbao_in_child(root, ["pages", str(tmp_path)], other_hash_seed(), env)
    rendered = {name: data.decode("utf-8") for name, data in read_tree(tmp_path).items() if name.endswith(".md")}
    assert rendered == sources
