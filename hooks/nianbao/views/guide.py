"""View data for the generated parts of the staff guide (填报指南): the list of every check
and the list of every field, both read from the code that enforces them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..checks.audit import REGISTRY as AUDIT_REGISTRY
from ..checks.codes import all_checks, severity_label
from ..data import documents
from ..data.schema import Record
from ..data.tableschema import Table
from ..formats import load_formats, table_ids


@dataclass(frozen=True)
class FieldRow:
    key: str
    title: str
    description: str
    required: bool


def _fields(record: Record, prefix: str = "") -> list[FieldRow]:
    rows = []
    for spec in record.fields:
        key = f"{prefix}{spec.key}"
        rows.append(FieldRow(key, spec.title, spec.description, spec.required))
        if isinstance(spec.type, Record) and not isinstance(spec.type, Table):
            rows += _fields(spec.type, f"{key}.")
    return rows


def checks_context(catalog: Any = None) -> dict[str, Any]:
    return {"checks": [(c, severity_label(c)) for c in all_checks()]}


def audit_rules_context(catalog: Any = None) -> dict[str, Any]:
    """The quality audit's checks, from its own registry (nianbao.checks.audit)."""
    return {"rules": list(AUDIT_REGISTRY)}


def fields_context(catalog: Any = None) -> dict[str, Any]:
    tables = []
    for tid in table_ids():
        for version, fmt in sorted(load_formats().items()):
            definition = fmt.tables.get(tid)
            if definition is None:
                continue
            tables.append(
                {
                    "path": tid,
                    "name": definition.name,
                    "version": version,
                    "columns": [(c.key, c.label) for c in definition.columns],
                    "rows": [(r.key, r.label, r.is_group) for r in definition.all_rows()],
                }
            )
    return {
        "office_fields": _fields(documents.OFFICE),
        "report_fields": _fields(documents.REPORT),
        "tables": tables,
    }
