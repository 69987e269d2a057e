"""View data for the audit's pages: the 「质量提示」 box of a report page, the 「与上年对比」
page of every report whose office published the year before, and the ``/audit/`` page.

``nianbao.views.pages`` calls these.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..checks.audit import KINDS, REGISTRY, AuditFinding, rule_by_id
from ..checks.audit.compare import change_note, compare_report
from ..checks.audit.copying import THRESHOLD
from ..checks.audit.measures import NOTHING_MEASURED, Measured
from ..data.model import Office, Report, TableData
from ..formats import TableDef, load_sections
from .grids import format_value
from .planned import Crumb, PlannedPage, office_url, report_title, report_url


def compare_url(office_id: str, year: int) -> str:
    """The 「与上年对比」 page, under the report's own URL (which it never replaces)."""
    return f"offices/{office_id}/{year}/compare/"


AUDIT_URL = "audit/"


@dataclass(frozen=True)
class Share:
    title: str
    share: float
    copied: bool
    """At or above the audit's threshold."""


@dataclass(frozen=True)
class ChangedRow:
    """A table row with changed cells: its group (its parent rows' labels, or the item of
    表二), its own label and, per changed cell, the column's label, this year's value and
    「上年 …，变化」."""

    group: str
    label: str
    cells: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class TableChanges:
    name: str
    groups: tuple[tuple[str, tuple[ChangedRow, ...]], ...]
    """The changed rows, in the table's order, by group (consecutive rows of one group)."""
    changed: int
    note: str = ""


@dataclass(frozen=True)
class AuditRow:
    """One line of the /audit/ page."""

    office: Office
    year: int
    url: str
    counts: tuple[int, ...]
    """Findings per kind, in the order of :data:`KINDS`."""
    total: int
    copied: float | None
    """The largest copied share of any section, when last year's report is in the portal."""
    compare_url: str | None


def _titles() -> dict[str, str]:
    return {"preamble": "开头说明", **{s.text: s.title for s in load_sections()}}


def _shares(measured: Measured) -> list[Share]:
    titles = _titles()
    return [Share(titles.get(k, k), v, v >= THRESHOLD) for k, v in measured.shares.items()]


def quality_context(
    findings: list[AuditFinding], measured: Measured, report: Report, previous: Report | None
) -> dict[str, Any]:
    """What the report page shows in its 「质量提示」 box: the audit's findings and measures."""
    return {
        "quality": [(rule_by_id(f.rule), f) for f in findings],
        "figures_checked": measured.figures_checked,
        "figures_differ": sum(1 for f in findings if f.text_value is not None),
        "copied_shares": _shares(measured) if previous else [],
        "compare_url": compare_url(report.office_id, report.year) if previous else None,
    }


def _row_labels(definition: TableDef, prefix: str = "") -> dict[str, tuple[str, str]]:
    """Row key → (its groups' labels, 「三、本年度办理结果 › （三）不予公开」; its own label)."""
    labels = {}

    def walk(rows, above: str) -> None:
        for row in rows:
            if row.children:
                walk(row.children, f"{above} › {row.label}" if above else row.label)
            else:
                labels[row.key] = (above, row.label)

    walk(definition.rows, prefix)
    return labels


def _changed_rows(changes: dict, tables: list[TableData], prefixed: bool) -> tuple[ChangedRow, ...]:
    """Only the cells that changed, row by row in the table's order (the page of a report
    already shows every cell: the comparison lists what differs, and stays small)."""
    out = []
    for table in tables:
        definition = table.definition
        labels = _row_labels(definition, definition.caption if prefixed else "")
        by_cell = {(c.row, c.column): c for c in changes.get(table.id, [])}
        for row in definition.leaf_rows():
            cells = tuple(
                (column.label, format_value(change.this) if change.this is not None else "未填报", change_note(change))
                for column in definition.columns
                if (change := by_cell.get((row.key, column.key))) is not None
            )
            if cells:
                out.append(ChangedRow(*labels[row.key], cells))
    return tuple(out)


def _grouped(rows: tuple[ChangedRow, ...]) -> tuple[tuple[str, tuple[ChangedRow, ...]], ...]:
    return tuple((group, tuple(members)) for group, members in itertools.groupby(rows, key=lambda r: r.group))


def _table_changes(report: Report, previous: Report, changes: dict[str, list]) -> list[TableChanges]:
    out = []
    active = [t for tid, t in report.tables.items() if tid.startswith("active.")]
    if active:
        rows = _grouped(_changed_rows(changes, active, prefixed=True))
        missing = [t.definition.caption for t in active if t.id not in previous.tables]
        note = f"上年没有：{'、'.join(missing)}" if missing else ""
        count = sum(len(changes.get(t.id, [])) for t in active)
        out.append(TableChanges("表二", rows, count, _version_note(active, previous, note)))
    for tid in ("requests", "appeals"):
        table = report.tables.get(tid)
        if table is None:
            continue
        rows = _grouped(_changed_rows(changes, [table], prefixed=False))
        note = "" if tid in previous.tables else "上年没有这张表"
        count = len(changes.get(tid, []))
        out.append(TableChanges(table.definition.name, rows, count, _version_note([table], previous, note)))
    return out


def _version_note(tables: list, previous: Report, note: str) -> str:
    differ = [t for t in tables if t.id in previous.tables and previous.tables[t.id].version != t.version]
    if differ:
        text = "；".join(
            f"{t.definition.caption or t.definition.name}：上年 {previous.tables[t.id].version} 版，本年 {t.version} 版"
            for t in differ
        )
        note = "；".join(x for x in (note, f"格式版本不同（{text}），只比较两版共有的单元格") if x)
    return note


def compare_context(office: Office, report: Report, previous: Report, measured: Measured) -> dict[str, Any]:
    sections, changes = compare_report(report, previous, shares=measured.shares)
    return {
        "office": office,
        "report": report,
        "previous": previous,
        "sections": sections,
        "tables": _table_changes(report, previous, changes),
        "threshold": THRESHOLD,
    }


def audit_rows(
    published: list[tuple[Office, Report]],
    findings: dict[tuple[str, int], list[AuditFinding]],
    measured: dict[tuple[str, int], Measured],
    previous_of,
) -> list[AuditRow]:
    rows = []
    kinds = list(KINDS)
    for office, report in published:
        found = findings.get((office.id, report.year), [])
        counts = [0] * len(kinds)
        for f in found:
            counts[kinds.index(rule_by_id(f.rule).kind)] += 1
        previous = previous_of(office.id, report.year)
        shares = measured.get((office.id, report.year), NOTHING_MEASURED).shares if previous else {}
        rows.append(
            AuditRow(
                office,
                report.year,
                f"offices/{office.id}/{report.year}/",
                tuple(counts),
                len(found),
                max(shares.values()) if shares else None,
                compare_url(office.id, report.year) if previous else None,
            )
        )
    # Pre-sorted (most findings first) so that the page reads well without its script.
    return sorted(rows, key=lambda r: (-r.total, r.office.id, -r.year))


def audit_context(published, findings, measured, previous_of) -> dict[str, Any]:
    rules_by_kind = [
        (key, label, definition, [r for r in REGISTRY if r.kind == key]) for key, (label, definition) in KINDS.items()
    ]
    rows = audit_rows(published, findings, measured, previous_of)
    return {
        "kinds": rules_by_kind,
        "rows": rows,
        "totals": tuple(sum(r.counts[i] for r in rows) for i in range(len(KINDS))),
        "threshold": THRESHOLD,
    }


def plan_audit_pages(catalog, published: list[tuple[Office, Report]], only=None) -> Iterator[Any]:
    """The 「与上年对比」 page of every report whose previous year is published, then /audit/.
    A page whose source ``only`` rejects is yielded bare (no context): another process or
    shard plans and renders it."""

    def previous_of(office_id: str, year: int) -> Report | None:
        return catalog.published_by_year(office_id).get(year - 1)

    for office, report in published:
        previous = previous_of(office.id, report.year)
        if previous is None:
            continue
        url = compare_url(office.id, report.year)
        src_uri = f"offices/{office.id}/{report.year}/compare.md"
        title = f"{report_title(office, report.year)}：与 {previous.year} 年度对比"
        if only is not None and not only(src_uri):
            yield PlannedPage(src_uri, url, "compare.html", title, wide=True)
            continue
        measured = catalog.measured.get((office.id, report.year), NOTHING_MEASURED)
        context = compare_context(office, report, previous, measured)
        context["report_url"] = report_url(office.id, report.year)
        context["breadcrumbs"] = (
            Crumb("首页", ""),
            Crumb("机关", "offices/"),
            Crumb(office.name, office_url(office.id)),
            Crumb(f"{report.year} 年度", report_url(office.id, report.year)),
            Crumb("与上年对比", url),
        )
        # wide: outside the navigation, the page gives the empty left column to its tables.
        # No table of contents beside it: the page has two parts (正文, 表格) under headings
        # that repeat the report's sections, and every byte counts a report over (GitHub Pages: 1 GB).
        yield PlannedPage(src_uri, url, "compare.html", title, context, wide=True, toc=False)
    if only is not None and not only("audit.md"):
        yield PlannedPage("audit.md", AUDIT_URL, "audit.html", "质量提示")
        return
    context = audit_context(published, catalog.audit, catalog.measured, previous_of)
    context["breadcrumbs"] = (Crumb("首页", ""), Crumb("质量提示", AUDIT_URL))
    yield PlannedPage("audit.md", AUDIT_URL, "audit.html", "质量提示", context)
