"""The checks a report must pass, one small function each, in one registry.

The rules themselves live in the modules imported at the end, by what they look at:
``tables`` (the arithmetic of FORMAT.md §7), ``completeness`` (what a report must contain),
``record`` (dates, source, deadline), ``years`` (one year against the last).

Arithmetic rules read the sum and balance relations of the format definitions, so they hold
for any version. A rule reports :class:`Finding` objects; :mod:`nianbao.catalog` turns them
into problems whose severity depends on the report's origin (see :func:`severity_for`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ...data.model import ORIGIN_NEW, Office, Report, TableData
from ...problems import ERROR, NOTICE, WARNING, shortened

BROKEN = "broken"
NOT_CHECKABLE = "not_checkable"


@dataclass(frozen=True)
class Finding:
    """One rule outcome worth telling: a break, or a check that could not be made."""

    rule: str
    key: str
    """Dotted key path in the report file, for the line number."""
    message: str
    status: str = BROKEN
    table: str = ""
    cells: tuple[tuple[str, str], ...] = ()
    """(row, column) of the cells that break the rule, for highlighting on the page."""


@dataclass
class Context:
    """What a rule may look at besides the report itself."""

    today: dt.date
    offices: dict[str, Office]
    previous: Report | None = None
    """The same office's report for the year before, if any."""
    deadlines: dict[str, str] = field(default_factory=dict)
    """Office kind → "MM-DD" of the following year."""


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    """Chinese: what the rule demands, as the staff guide lists it."""
    severity: str
    check: Callable[[Report, Context], Iterator[Finding]]
    fix: str = ""
    """Chinese: how staff put it right, for the 填报指南."""
    about_numbers: bool = True
    """A rule on the printed numbers: a report taken from a published document keeps its
    numbers as printed, so there a break is a notice on its page, not an error. Rules on
    the record itself (dates, source, file name) apply to every report alike."""


REGISTRY: list[Rule] = []


def rule(rule_id: str, title: str, severity: str = ERROR, *, fix: str, about_numbers: bool = True):
    def register(check):
        REGISTRY.append(Rule(rule_id, title, severity, check, fix, about_numbers))
        return check

    return register


def severity_for(rule_def: Rule, report: Report, finding: Finding) -> str:
    if finding.status == NOT_CHECKABLE:
        return NOTICE
    if rule_def.about_numbers and report.origin != ORIGIN_NEW:
        return NOTICE
    if rule_def.severity == WARNING and rule_def.id in report.acknowledged:
        return NOTICE  # the report says why it is right as it is
    return rule_def.severity


def explained(rule_def: Rule, report: Report, finding: Finding) -> str:
    """The finding's message, with the report's own reason when it acknowledged the rule,
    or, for a warning still standing, how to acknowledge it."""
    reason = report.acknowledged.get(rule_def.id) if finding.status != NOT_CHECKABLE else None
    if reason:
        return f"{finding.message}（已说明：{shortened(reason)}）"
    if severity_for(rule_def, report, finding) == WARNING:
        return f"{finding.message}。{acknowledge_hint(rule_def.id)}"
    return finding.message


def acknowledge_hint(rule_id: str) -> str:
    """How staff accept a warning that is right as it is (the 填报指南 shows the same)."""
    return f"如核对无误、确有原因，请在文件中写明原因：acknowledged: [{{rule: {rule_id}, reason: 原因}}]"


def cell_path(table: TableData, cell: tuple[str, str]) -> str:
    """The dotted key of a cell in the data file, e.g. ``requests.results.total.total``."""
    return f"{table.id}.{cell[0]}.{cell[1]}"


def run_rules(report: Report, context: Context) -> Iterator[tuple[Rule, Finding]]:
    for rule_def in REGISTRY:
        for finding in rule_def.check(report, context):
            yield rule_def, finding


# Registration order is the order the staff guide lists the rules in.
from . import tables, completeness, record, years  # noqa: E402, F401, I001
from .record import deadline_for  # noqa: E402, F401
