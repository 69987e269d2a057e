"""Quality findings in the downloads: a list in every report's JSON, and a line each in
the yearly archive's ``audit-<year>.csv`` (never among the numbers)."""

from __future__ import annotations

from typing import Any

from . import AuditFinding, rule_by_id

#: Attributes of a finding written to the audit CSV: key → column label.
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
