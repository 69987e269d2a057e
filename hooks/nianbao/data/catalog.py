"""The catalog: every office and report of the portal, the rules' and the audit's results
for each, and the problems found. Filled by :func:`nianbao.checks.run.load_catalog`; read
by the views and the outputs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..problems import Problems
from .model import Office, Report

if TYPE_CHECKING:
    from ..checks.audit import AuditFinding
    from ..checks.audit.measures import Measured
    from ..checks.rules import Finding, Rule

#: Statutory deadlines (条例 第四十九条), as "MM-DD" of the year after the report year.
STATUTORY_DEADLINES = {"政府部门": "01-31", "人民政府": "03-31"}


@dataclass
class Catalog:
    """Everything the pages and exports need, validated."""

    offices: dict[str, Office]
    reports: list[Report]
    """Sorted by office id, then year."""
    problems: Problems
    findings: dict[tuple[str, int], list[tuple[Rule, Finding]]] = field(default_factory=dict)
    """(office id, year) → rule outcomes, shown on the report page."""
    deadlines: dict[str, str] = field(default_factory=dict)
    today: dt.date = field(default_factory=dt.date.today)
    """The date the data is judged on (see :func:`nianbao.views.publication.build_date`)."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds spent per stage (``load``, ``validate``, ``audit``, ``audit_warnings``: the line
    numbers of new reports' findings), for the benchmark."""
    maintainers: str | None = None
    """The GitHub team that reviews the portal's code (``data/portal.yml``), for CODEOWNERS."""
    repository: str | None = None
    """The GitHub repository of the portal's data (``data/portal.yml``), for upload links."""
    audit: dict[tuple[str, int], list[AuditFinding]] = field(default_factory=dict)
    """(office id, year) → quality findings (:mod:`nianbao.checks.audit`), apart from the rules."""
    measured: dict[tuple[str, int], Measured] = field(default_factory=dict)
    """(office id, year) → what the audit measured (copied shares, figures read): for the pages."""
    _by_office: dict[str, dict[int, Report]] | None = field(default=None, repr=False)

    def published_by_year(self, office_id: str) -> dict[int, Report]:
        """An office's reports that are not drafts, by year (indexed once: no scan per page)."""
        if self._by_office is None:
            self._by_office = {}
            for report in self.reports:
                if not report.draft:
                    self._by_office.setdefault(report.office_id, {})[report.year] = report
        return self._by_office.get(office_id, {})

    @property
    def ok(self) -> bool:
        return not self.problems.errors
