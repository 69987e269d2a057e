from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = SHARED / "samples"
FORMAT_MD = SHARED / "reference" / "FORMAT.md"

# The package lives under hooks/ (as MkDocs loads it); make it importable when not installed.
if str(ROOT / "hooks") not in sys.path:
    sys.path.insert(0, str(ROOT / "hooks"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def pytest_collection_modifyitems(config, items):
    for item in items:
        if not SAMPLES.is_dir():  # pragma: no cover - CI always has shared/ beside the clone
            raise pytest.UsageError(f"找不到样本目录 {SAMPLES}（shared/ 应在仓库旁边）")
