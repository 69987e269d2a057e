from __future__ import annotations

import sys
from pathlib import Path

import pytest
from paths import ROOT

# The package lives under hooks/ (as MkDocs loads it); make it importable when not installed.
if str(ROOT / "hooks") not in sys.path:
    sys.path.insert(0, str(ROOT / "hooks"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden from the current output")


@pytest.fixture(scope="session")
def sharded(root, tmp_path_factory):
    """Thirty synthetic reports of eight offices, built whole and in three shards."""
    from building import build_sharded, copy_portal
    from synthetic_data import synthetic_data

    out = tmp_path_factory.mktemp("sharded")
    project = copy_portal(root, out / "project")
    synthetic_data(project / "data", 30)
    return build_sharded(project, out, 3, {"SOURCE_DATE_EPOCH": "1767225600", "SITE_URL": "https://portal.invalid/"})
