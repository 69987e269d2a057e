"""`pdftotext -layout` (poppler-utils): a PDF's text with its table columns aligned with
spaces, as a PDF viewer's copy gives it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def layout_text(pdf: Path, out: Path) -> Path:
    tool = shutil.which("pdftotext")
    if not tool:
        pytest.fail("测试需要 pdftotext：apt-get install -y poppler-utils（.ci/run 会安装）")
    subprocess.run([tool, "-layout", str(pdf), str(out)], check=True, capture_output=True, timeout=120)
    return out
