"""Run the audit over the whole catalog: findings for every report's page, and warnings
for new reports (``origin: new``), which must be put right or acknowledged with a reason."""

from __future__ import annotations

from typing import Any

from ...data.loading import Locator
from ...data.model import ORIGIN_NEW, Report
from ...problems import NOTICE, WARNING, Problem, Problems, shortened
from ..rules import acknowledge_hint
from . import AuditContext, AuditFinding, run_audit
from .measures import Measured, Measures

Findings = dict[tuple[str, int], list[AuditFinding]]


def audit_reports(reports: list[Report], offices: dict[str, Any]) -> tuple[Findings, dict[tuple[str, int], Measured]]:
    """Findings per (office id, year), and what was measured for them (the pages show it).
    Each report is compared with its own previous year only, so the work is linear in the
    number of reports. Drafts are not audited: they are unfinished by design."""
    by_key = {(r.office_id, r.year): r for r in reports}
    findings, measured = {}, {}
    for r in reports:
        if r.draft:
            continue
        measures = Measures(r, by_key.get((r.office_id, r.year - 1)))
        findings[(r.office_id, r.year)] = run_audit(
            r, AuditContext(offices.get(r.office_id), measures.previous, measures)
        )
        measured[(r.office_id, r.year)] = measures.kept()
    return findings, measured


def audit_problems(reports: list[Report], findings: Findings) -> Problems:
    """New reports' findings as warnings (a notice once acknowledged, with the reason)."""
    problems = Problems()
    for report in reports:
        if report.origin != ORIGIN_NEW:
            continue  # a published document is shown as published: its page states these
        # A locator per report: the shared one keeps every file it parsed, which at thousands
        # of new reports with findings costs more in memory than parsing each file again.
        here = Locator()
        for finding in findings.get((report.office_id, report.year), []):
            line, column = here.position(report.path, finding.key) if report.path else (0, 0)
            reason = report.acknowledged.get(finding.rule)
            message = f"质量提示：{finding.message}"
            if finding.sentence:
                message += f"原文：「{finding.sentence}」"
            problems.add(
                Problem(
                    report.file,
                    line,
                    column,
                    finding.key,
                    f"{message}（已说明：{shortened(reason)}）"
                    if reason
                    else f"{message.rstrip('。')}。{acknowledge_hint(finding.rule)}",
                    finding.rule,
                    NOTICE if reason else WARNING,
                )
            )
    return problems
