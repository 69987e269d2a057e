"""The vendored reference material equals the project's shared copy, where one is beside
the repository (as on the development machines and their CI)."""

from __future__ import annotations

import pytest
from paths import FIXTURES, SHARED


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/ 不在本仓库旁边（如 GitHub Actions）")
def test_fixtures_equal_shared():
    for name in ("samples", "reference"):
        shared = {p.relative_to(SHARED / name): p.read_bytes() for p in (SHARED / name).rglob("*") if p.is_file()}
        ours = {p.relative_to(FIXTURES / name): p.read_bytes() for p in (FIXTURES / name).rglob("*") if p.is_file()}
        if name == "reference":
            shared = {k: v for k, v in shared.items() if k.name == "FORMAT.md"}
        assert ours == shared, f"tests/fixtures/{name} 与 ../shared/{name} 不一致：请重新复制"
