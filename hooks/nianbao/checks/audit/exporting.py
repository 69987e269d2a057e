"""Quality findings in the downloads: a list in every report's JSON, and lines of the long
CSV (table ``audit``), one per attribute of a finding, so the CSV keeps its columns."""

from __future__ import annotations

from typing import Any

from ...data.model import Office, Report
from . import AuditFinding, rule_by_id

AUDIT_TABLE = "audit"
#: Attributes of a finding written to the CSV: key → column label.
CSV_FIELDS = {
    "message": "说明",
    "sentence": "原文",
    "text_value": "正文数字",
    "table_value": "表格数字",
    "share": "与上年相同的比例",
}


def finding_record(finding: AuditFinding) -> dict[str, Any]:
    """A finding as JSON: always rule, kind, title, source, key, section, message."""
    rule_def = rule_by_id(finding.rule)
    record: dict[str, Any] = {
        "rule": finding.rule,
        "kind": rule_def.kind,
        "title": rule_def.title,
        "source": rule_def.source,
        "key": finding.key,
        "section": finding.section,
        "message": finding.message,
    }
    for name in ("sentence", "text_value", "table_value", "share"):
        value = getattr(finding, name)
        if value not in (None, ""):
            record[name] = value
    return record


def finding_rows(office: Office, report: Report, findings: list[AuditFinding]) -> list[dict[str, Any]]:
    """Lines of the long CSV (same columns as the table cells)."""
    rows = []
    for index, finding in enumerate(findings, start=1):
        record = finding_record(finding)
        for name, label in CSV_FIELDS.items():
            if name not in record:
                continue
            rows.append(
                {
                    "office": office.id,
                    "office_name": office.name,
                    "year": report.year,
                    "table": AUDIT_TABLE,
                    "table_name": "质量提示",
                    "version": "",
                    "row": f"{finding.rule}-{index}",
                    "row_label": record["title"],
                    "column": name,
                    "column_label": label,
                    "value": str(record[name]),
                    "unit": "",
                    "reported": 1,
                }
            )
    return rows
