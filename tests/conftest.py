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
