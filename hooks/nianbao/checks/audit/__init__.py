"""Quality audit: observations about a published document, apart from the arithmetic rules.

The arithmetic rules (:mod:`nianbao.checks.rules`) ask whether the tables add up. The audit asks
what assessors ask next: does the text agree with the report's own tables, is the content
the format notice and the 条例 require there, and was a section copied from last year.
Each check is one small named function in :data:`REGISTRY`, with the source of the
requirement it reads. Precision comes before recall: a check says nothing when any
reasonable reading of the text fits, because a false alarm on a government report is
worse than a miss.

Findings are worded as neutral observations. On a published report they show on its page
and in the downloads; on a new report (``origin: new``) they are also warnings of
``nianbao validate``, which the report may acknowledge with a reason like any warning.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from ...data.model import Office, Report

#: Kinds of finding, in the order pages list them: key → (label, definition).
KINDS = {
    "text_vs_table": ("正文与表格", "正文所述数字与本报告表格中对应的数字（或其任何合理的合计）都不一致。"),
    "required_content": ("应有内容", "报告格式通知或《条例》要求写明的内容，在正文中没有找到。"),
    "copied_text": ("与上年雷同", "正文某一部分与上一年度报告的同一部分大段相同。"),
}

#: 国办公开办函〔2021〕30号: the 2021 format notice; it applies to reports on 2021 onwards.
NOTICE_2021 = "国办公开办函〔2021〕30号"
FIRST_YEAR_2021 = 2021


@dataclass(frozen=True)
class AuditFinding:
    """One observation about one report."""

    rule: str
    key: str
    """Dotted key in the data file (``sections.overview``), for the line number."""
    message: str
    """Chinese, neutral: what the text says and what the tables (or last year) show."""
    sentence: str = ""
    """The sentence quoted from the report, for text-against-table findings."""
    text_value: int | None = None
    table_value: int | None = None
    """The table figure closest in meaning to what the text states."""
    share: float | None = None
    """Copied text: the share of the section found in last year's same section (0–1)."""
    section: str = ""
    """Section key the finding is about (``overview``, ``problems`` …)."""


@dataclass(frozen=True)
class AuditContext:
    office: Office | None
    previous: Report | None = None
    """The same office's report for the year before, if the portal has it."""
    measures: Any = None
    """The report's :class:`~nianbao.checks.audit.measures.Measures`, shared by its checks
    (made by :func:`run_audit` when not given)."""


@dataclass(frozen=True)
class AuditRule:
    id: str
    kind: str
    """One of :data:`KINDS`."""
    title: str
    """Chinese: what the check looks for, as the staff guide lists it."""
    source: str
    """The requirement it reads: a format notice or an article of the 条例."""
    check: Callable[[Report, AuditContext], Iterator[AuditFinding]]
    example: str = ""
    """Chinese: a (synthetic) example of text the check would point out."""
    fix: str = ""
    """Chinese: how staff put it right."""

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind][0]


REGISTRY: list[AuditRule] = []


def audit_rule(rule_id: str, kind: str, title: str, *, source: str, example: str, fix: str):
    def register(check):
        REGISTRY.append(AuditRule(rule_id, kind, title, source, check, example, fix))
        return check

    return register


def rule_by_id(rule_id: str) -> AuditRule:
    return next(r for r in REGISTRY if r.id == rule_id)


def run_audit(report: Report, context: AuditContext) -> list[AuditFinding]:
    """Every finding of every audit rule for one report, in registry order."""
    if context.measures is None:
        context = replace(context, measures=Measures(report, context.previous))
    return [finding for rule_def in REGISTRY for finding in rule_def.check(report, context)]


def report_text(report: Report) -> str:
    """All narrative sections of a report, joined (for checks that look anywhere)."""
    return "\n".join(text for text in report.sections.values() if text)


# Registration order is the order the staff guide lists the checks in.
from . import figures, content, copying  # noqa: E402, F401, I001
from .measures import Measures  # noqa: E402

#: Audit rule ids: warnings a new report may acknowledge (see documents.WARNING_RULES).
AUDIT_RULE_IDS = tuple(r.id for r in REGISTRY)
