"""The table figures a number stated in the narrative can mean, read from one report.

Each reader returns (label, value) pairs, the most likely meaning first; a cell that was not
reported gives no reading, so a figure whose tables are incomplete is never called wrong.
"""

from __future__ import annotations

from collections.abc import Callable

from ...data.model import Report, TableData

Reading = tuple[str, int]


def cell_value(table: TableData | None, row: str, column: str = "total") -> int | None:
    if table is None or (row, column) not in table.cells:
        return None
    value = table.cells[(row, column)]
    return value if isinstance(value, int) else None


class PartsSum(int):
    """A sum of the parts standing in for a 总计 the report left blank: a finding on it says
    so (a 2019 report printed 表三's 总计 column blank on every detail row)."""


#: Said after the label of a reading that is a :class:`PartsSum`.
BLANK_TOTAL = "（原表总计栏空白，此为各栏之和）"


def plus(*values: int) -> int:
    """Their sum, still a :class:`PartsSum` if any of them is one."""
    total = sum(values)
    return PartsSum(total) if any(isinstance(v, PartsSum) for v in values) else total


def labelled(label: str, value: int) -> Reading:
    """The reading as shown: a sum standing in for a blank 总计 says so in its label."""
    return (label + BLANK_TOTAL if isinstance(value, PartsSum) else label, int(value))


def rows_sum(table: TableData | None, prefix: str) -> list[int]:
    """Sums of the rows under ``prefix``: of their 总计 column, and of their other columns
    (a report whose 总计 is misprinted still states the parts correctly). Where the 总计
    cells are left blank and the parts are all given, the sum of the parts alone, marked
    as such (:class:`PartsSum`)."""
    if table is None:
        return []
    rows = [r.key for r in table.definition.leaf_rows() if r.key == prefix or r.key.startswith(prefix + ".")]
    columns = [c.key for c in table.definition.columns]
    values = [[table.cells.get((row, c)) for c in columns] for row in rows]
    if not rows:
        return []
    parts = [v for line in values for c, v in zip(columns, line, strict=True) if c != "total"]
    if "total" in columns and all(isinstance(v, int) for v in parts) and parts:
        if any(line[columns.index("total")] is None for line in values):
            return [PartsSum(sum(parts))]
    if any(not isinstance(v, int) for line in values for v in line):
        return []
    totals = sum(line[columns.index("total")] for line in values) if "total" in columns else None
    return [v for v in (totals, sum(parts)) if v is not None]


def in_order(*pairs: tuple[str, list[int]]) -> list[Reading]:
    """Each label's main value (its 总计 sum) first, then the alternatives (sums of parts)."""
    return [labelled(label, value) for label, values in pairs for value in values[:1]] + [
        labelled(label, value) for label, values in pairs for value in values[1:]
    ]


def requests_total(report: Report) -> list[Reading]:
    table = report.tables.get("requests")
    new, carried = rows_sum(table, "new"), rows_sum(table, "carried_over")
    done, forward = rows_sum(table, "results.total"), rows_sum(table, "carried_forward")
    both = [plus(a, b) for a in new[:1] for b in carried[:1]]
    processed = [plus(a, b) for a in done[:1] for b in forward[:1]]
    return in_order(
        ("本年新收", new),
        ("本年新收与上年结转之和", both),
        ("办理结果（七）总计", done),
        ("办理结果总计与结转下年度之和", processed),
    )


def results(*prefixes: str, label: str, also: tuple[str, ...] = ()) -> Callable[[Report], list[Reading]]:
    def read(report: Report) -> list[Reading]:
        table = report.tables.get("requests")
        sums = [rows_sum(table, f"results.{p}") for p in prefixes]
        out = [labelled(label, plus(*(s[0] for s in sums)))] if all(sums) else []
        if also:
            extra = [rows_sum(table, f"results.{p}") for p in also]
            if all(sums) and all(extra):
                both = plus(*(s[0] for s in sums), *(e[0] for e in extra))
                out.append(labelled(label + "与" + "、".join(_RESULT_LABELS[p] for p in also) + "之和", both))
        return out

    return read


_RESULT_LABELS = {"granted": "予以公开", "partial": "部分公开"}


def single(table_id: str, row: str, label: str) -> Callable[[Report], list[Reading]]:
    return lambda report: in_order((label, rows_sum(report.tables.get(table_id), row)))


def litigation(report: Report) -> list[Reading]:
    table = report.tables.get("appeals")
    direct, after = rows_sum(table, "litigation.direct"), rows_sum(table, "litigation.after_review")
    both = [plus(a, b) for a in direct[:1] for b in after[:1]]
    return in_order(("行政诉讼合计", both), ("未经复议直接起诉", direct), ("复议后起诉", after))


def documents(row: str, label: str) -> Callable[[Report], list[Reading]]:
    def read(report: Report) -> list[Reading]:
        table = report.tables.get("active.item1")
        columns = ("issued",) if table is not None and table.version == 2021 else ("made", "published")
        return [
            (f"{label}{table.definition.column(c).label}", v)
            for c in columns
            if (v := cell_value(table, row, c)) is not None
        ]

    return read
