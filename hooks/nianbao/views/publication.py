"""Whether each office published each year's report, and when: the facts behind /overview/.

Which years an office owes a report comes from the data: from ``first_year`` (or its
earliest report on the portal) to ``last_year`` (or the last year whose report is due).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..checks.rules import deadline_for
from ..data.model import Office, Report
from ..settings import build_date  # noqa: F401 (named here too, where staff commands look for it)

ON_TIME = "on_time"
LATE = "late"
PUBLISHED = "published"
"""Published, and no deadline applies (街道、乡镇 without a portal setting)."""
MISSING = "missing"
NOT_DUE = "not_due"

STATUS_LABELS = {ON_TIME: "按期发布", LATE: "逾期发布", PUBLISHED: "已发布", MISSING: "未收录", NOT_DUE: "未到期限"}


@dataclass(frozen=True)
class YearStatus:
    office: Office
    year: int
    status: str
    report: Report | None = None
    deadline: dt.date | None = None
    days_late: int = 0
    breaks: int = 0

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def expected_years(office: Office, reports: list[Report], today: dt.date, deadlines: dict[str, str]) -> list[int]:
    """The report years this office owes, up to the last year whose report is due."""
    years = [r.year for r in reports]
    first = office.first_year or (min(years) if years else None)
    if first is None:
        return []
    last = today.year - 1  # the year just ended: its report may not be due yet
    if office.last_year:
        last = min(last, office.last_year)
    return list(range(first, max(last, max(years, default=first)) + 1))


def year_status(
    office: Office, year: int, report: Report | None, today: dt.date, deadlines: dict[str, str], breaks: int = 0
) -> YearStatus:
    deadline = deadline_for(office, year, deadlines)
    if report is None or report.draft:
        not_due = deadline is not None and today <= deadline
        return YearStatus(office, year, NOT_DUE if not_due else MISSING, None, deadline)
    if deadline is None or report.published is None:
        return YearStatus(office, year, PUBLISHED, report, None, breaks=breaks)
    if report.published <= deadline:
        return YearStatus(office, year, ON_TIME, report, deadline, breaks=breaks)
    return YearStatus(office, year, LATE, report, deadline, (report.published - deadline).days, breaks)
