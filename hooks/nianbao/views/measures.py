"""Figures derived from the tables, for comparing years and offices: named measures, rates
(each defined in words for the page), and per-year sums of every cell.

Not reported stays not reported: a measure with any unreported input is ``None``, and a
sum over offices says how many offices did not report each cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from ..data.model import CellValue, Money, Report, TableData
from ..formats import TableDef, table_ids

#: 1 万元 = 10,000 元, exactly.
YUAN_PER_WAN = Decimal(10000)


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    table: str
    rows: tuple[str, ...]
    """Row keys (a group key stands for all its leaves); the values are added."""
    column: str
    source: str
    """Where the number is read, in the words of the official tables."""


MEASURES = (
    Measure(
        "new_requests", "新收申请", "requests", ("new",), "total", "表三「一、本年新收政府信息公开申请数量」总计列"
    ),
    Measure("granted", "予以公开", "requests", ("results.granted",), "total", "表三「（一）予以公开」总计列"),
    Measure("partial", "部分公开", "requests", ("results.partial",), "total", "表三「（二）部分公开」总计列"),
    Measure(
        "withheld", "不予公开", "requests", ("results.withheld",), "total", "表三「（三）不予公开」各项之和（总计列）"
    ),
    Measure("unable", "无法提供", "requests", ("results.unable",), "total", "表三「（四）无法提供」各项之和（总计列）"),
    Measure(
        "not_processed",
        "不予处理",
        "requests",
        ("results.not_processed",),
        "total",
        "表三「（五）不予处理」各项之和（总计列）",
    ),
    Measure(
        "other_handling",
        "其他处理",
        "requests",
        ("results.other",),
        "total",
        "表三「（六）其他处理」（各项之和，总计列）",
    ),
    Measure("results_total", "办理结果总计", "requests", ("results.total",), "total", "表三「（七）总计」总计列"),
    Measure(
        "licensing",
        "行政许可",
        "active.item5",
        ("licensing",),
        "decisions",
        "表二第二十条第（五）项「行政许可」处理决定数量",
    ),
    Measure(
        "penalty",
        "行政处罚",
        "active.item6",
        ("penalty",),
        "decisions",
        "表二第二十条第（六）项「行政处罚」处理决定数量",
    ),
    Measure("review_total", "行政复议", "appeals", ("review",), "total", "表四「行政复议」总计"),
    Measure("review_corrected", "行政复议结果纠正", "appeals", ("review",), "corrected", "表四「行政复议」结果纠正"),
    Measure(
        "litigation_total",
        "行政诉讼",
        "appeals",
        ("litigation",),
        "total",
        "表四「行政诉讼」未经复议直接起诉与复议后起诉的总计之和",
    ),
    Measure(
        "litigation_corrected",
        "行政诉讼结果纠正",
        "appeals",
        ("litigation",),
        "corrected",
        "表四「行政诉讼」两类结果纠正之和",
    ),
)
MEASURE = {m.key: m for m in MEASURES}

#: The outcome breakdown of 表三, in the official order.
OUTCOMES = ("granted", "partial", "withheld", "unable", "not_processed", "other_handling")


@dataclass(frozen=True)
class Rate:
    key: str
    label: str
    numerator: tuple[str, ...]
    denominator: str
    definition: str
    """Shown on the page next to the figures."""


RATES = (
    Rate("granted_rate", "予以公开率", ("granted",), "results_total", "表三（一）予以公开 ÷（七）总计（总计列）"),
    Rate(
        "open_rate",
        "公开率（含部分公开）",
        ("granted", "partial"),
        "results_total",
        "表三（一）予以公开与（二）部分公开之和 ÷（七）总计（总计列）",
    ),
    Rate(
        "review_corrected_rate",
        "行政复议纠正率",
        ("review_corrected",),
        "review_total",
        "表四 行政复议「结果纠正」÷ 行政复议「总计」",
    ),
    Rate(
        "litigation_corrected_rate",
        "行政诉讼纠正率",
        ("litigation_corrected",),
        "litigation_total",
        "表四 行政诉讼两类「结果纠正」之和 ÷ 两类「总计」之和",
    ),
)


def measure_value(report: Report, measure: Measure) -> int | None:
    table = report.tables.get(measure.table)
    if table is None:
        return None
    total = 0
    for key in measure.rows:
        row = table.definition.row(key)
        for leaf in row.leaves():
            value = table.cells[(leaf.key, measure.column)]
            if value is None:
                return None
            total += value
    return total


def rate_value(values: dict[str, int | None], rate: Rate) -> Fraction | None:
    """``None`` when an input is not reported or the denominator is 0 (no rate exists)."""
    parts = [values.get(key) for key in rate.numerator]
    denominator = values.get(rate.denominator)
    if None in parts or not denominator:
        return None
    return Fraction(sum(parts), denominator)


def format_rate(value: Fraction | None) -> str:
    """Percent with one decimal, rounded half up from the exact fraction."""
    if value is None:
        return ""
    tenths = (value * 1000 + Fraction(1, 2)).__floor__()
    return f"{tenths // 10}.{tenths % 10}%"


def report_measures(report: Report) -> dict[str, int | None]:
    return {m.key: measure_value(report, m) for m in MEASURES}


@dataclass
class TableSum:
    """One table (in one format version) added up over the reports of a year."""

    definition: TableDef
    offices: int = 0
    cells: dict[tuple[str, str], int | Decimal] = field(default_factory=dict)
    """Sum over the offices that reported the cell."""
    missing: dict[tuple[str, str], int] = field(default_factory=dict)
    """How many offices did not report the cell."""

    def add(self, cells: dict[tuple[str, str], CellValue]) -> None:
        self.offices += 1
        for key, value in cells.items():
            if value is None:
                self.missing[key] = self.missing.get(key, 0) + 1
                continue
            if isinstance(value, Money):
                value = value.value if value.unit == "万元" else value.value / YUAN_PER_WAN
            self.cells[key] = self.cells.get(key, 0) + value

    def value(self, key: tuple[str, str]) -> CellValue:
        """``None`` when no office reported the cell; money is summed in 万元."""
        total = self.cells.get(key)
        if total is not None and self.definition.column(key[1]).type == "money":
            return Money(total, "万元")
        return total

    def as_table(self) -> TableData:
        """The sums as a table of the same layout, for the same grid and template."""
        return TableData(self.definition, {key: self.value(key) for key in _all_cells(self.definition)})


def _all_cells(definition: TableDef) -> list[tuple[str, str]]:
    return [(row.key, column.key) for row in definition.leaf_rows() for column in definition.columns]


def sum_tables(reports: list[Report]) -> list[TableSum]:
    """Per table and format version: versions are summed apart, being different layouts."""
    sums: dict[tuple[str, int], TableSum] = {}
    for report in reports:
        for table in report.tables.values():
            key = (table.id, table.version)
            sums.setdefault(key, TableSum(table.definition)).add(table.cells)
    order = {tid: i for i, tid in enumerate(table_ids())}
    return [sums[key] for key in sorted(sums, key=lambda k: (order[k[0]], k[1]))]
