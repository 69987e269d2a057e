"""Everything the portal reads from the environment, read here and nowhere else.

Each variable is documented in README.md (tests/test_settings.py fails on one that is not).
``SITE_URL`` is read by mkdocs.yml itself (``!ENV``), the others by :func:`current`, at the
moment a build or command asks, so a test or a child process may set them.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

#: The variables this module reads, and what each sets (README.md says the same in Chinese).
VARIABLES = {
    "NIANBAO_SHARD": "build one shard (3/8) of a sharded build",
    "NIANBAO_ASSEMBLE": "assemble the shards' sites from this folder",
    "NIANBAO_SEARCH_PARTS": "the search index in this many parts",
    "NIANBAO_WORKERS": "page worker processes (default: the cores this process may use)",
    "NIANBAO_TIMINGS": "write each build stage's seconds (JSON) to this file",
    "NIANBAO_CHROMIUM": "the Chromium browser tests, screenshots and the benchmark use",
    "SOURCE_DATE_EPOCH": "the date the data is judged on (reproducible builds)",
    "GITHUB_STEP_SUMMARY": "where `nianbao validate --format github` writes its summary",
}


@dataclass(frozen=True)
class Settings:
    shard: str = ""
    assemble: str = ""
    search_parts: str = ""
    workers: int | None = None
    """None unless set to a positive whole number."""
    timings: Path | None = None
    chromium: str = ""
    source_date_epoch: int | None = None
    github_step_summary: Path | None = None

    @classmethod
    def read(cls, environ: Mapping[str, str]) -> Settings:
        def text(name: str) -> str:
            return environ.get(name, "").strip()

        workers, epoch = text("NIANBAO_WORKERS"), text("SOURCE_DATE_EPOCH")
        return cls(
            shard=text("NIANBAO_SHARD"),
            assemble=text("NIANBAO_ASSEMBLE"),
            search_parts=text("NIANBAO_SEARCH_PARTS"),
            workers=int(workers) if workers.isdigit() and int(workers) > 0 else None,
            timings=Path(text("NIANBAO_TIMINGS")) if text("NIANBAO_TIMINGS") else None,
            chromium=text("NIANBAO_CHROMIUM"),
            source_date_epoch=int(epoch) if epoch.isdigit() else None,
            github_step_summary=Path(text("GITHUB_STEP_SUMMARY")) if text("GITHUB_STEP_SUMMARY") else None,
        )


def current() -> Settings:
    """The settings of this process's environment, now."""
    return Settings.read(os.environ)


def child_environment(**extra: str) -> dict[str, str]:
    """The environment a child process runs with: this process's, with ``extra`` set."""
    return {**os.environ, **extra}


def python_path(first: Path) -> str:
    """A ``PYTHONPATH`` for a child process: ``first``, then this process's own."""
    return os.pathsep.join(p for p in (str(first), os.environ.get("PYTHONPATH", "")) if p)


def find_chromium() -> str | None:
    """``NIANBAO_CHROMIUM``, else the first Chromium on the PATH."""
    names = ("chromium", "chromium-browser", "google-chrome")
    return current().chromium or next((found for name in names if (found := shutil.which(name))), None)


def build_date() -> dt.date:
    """The date the site is built "as of": SOURCE_DATE_EPOCH when set (the publishing
    workflow sets it to the commit time, so a commit always builds the same pages)."""
    epoch = current().source_date_epoch
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).date()
    return dt.date.today()
