"""One file of `nianbao import`: where it goes (:class:`Job`) and how it ended
(:class:`Outcome`); :mod:`nianbao.importing.archive` runs them and
:mod:`nianbao.importing.summary` shows them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import ImportResult


@dataclass
class Job:
    source: Path
    office: str | None = None
    year: int | None = None
    name: str | None = None
    url: str | None = None


@dataclass
class Outcome:
    job: Job
    target: Path | None = None
    result: ImportResult | None = None
    refused: str | None = None
    wrote_office: str | None = None
    breaks: list[str] = field(default_factory=list)
    """「message（rule）」 for every rule the original breaks."""
