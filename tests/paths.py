"""Where the tests find things. (Not in conftest.py: two conftest modules exist, and
importing by that name would pick either.)"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Copies of the project's shared reference material (../shared/), so the tests also run
# where only this repository is checked out (GitHub Actions). test_fixtures.py fails when
# a copy drifts from ../shared/.
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLES = FIXTURES / "samples"
FORMAT_MD = FIXTURES / "reference" / "FORMAT.md"
SHARED = ROOT.parent / "shared"
