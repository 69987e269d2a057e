"""What the audit measures of one report, measured once: its checks read it, and so do the
pages (the 「质量提示」 box, 「与上年对比」 and ``/audit/``), which never measure again."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ...data.model import Report
from .copying import section_shares
from .figures import StatedFigure, stated_figures


@dataclass
class Measures:
    """Measured on first use, while the report's checks run."""

    report: Report
    previous: Report | None

    @cached_property
    def shares(self) -> dict[str, float]:
        """Copied share of each compared section (none without last year's report)."""
        return section_shares(self.report, self.previous) if self.previous is not None else {}

    @cached_property
    def stated(self) -> list[StatedFigure]:
        """Every figure the narrative states that a table of this report also counts."""
        return stated_figures(self.report)

    def kept(self) -> Measured:
        return Measured(self.shares, len(self.stated))


@dataclass(frozen=True)
class Measured:
    """What the pages need of :class:`Measures`, kept on the catalog for every report (the
    stated figures themselves are not: the pages only count them)."""

    shares: dict[str, float]
    figures_checked: int


NOTHING_MEASURED = Measured({}, 0)
