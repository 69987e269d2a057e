from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Copies of the project's shared reference material (../shared/), so the tests also run
# where only this repository is checked out (GitHub Actions). test_fixtures.py fails when
# a copy drifts from ../shared/.
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLES = FIXTURES / "samples"
FORMAT_MD = FIXTURES / "reference" / "FORMAT.md"
SHARED = ROOT.parent / "shared"

# The package lives under hooks/ (as MkDocs loads it); make it importable when not installed.
if str(ROOT / "hooks") not in sys.path:
    sys.path.insert(0, str(ROOT / "hooks"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden from the current output")
