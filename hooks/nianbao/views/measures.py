"""Figures derived from the tables, for comparing years and offices: named measures, rates
(each defined in words for the page), and per-year sums of every cell.

Not reported stays not reported: a measure with any unreported input is ``None``, and a
sum over offices says how many offices did not report each cell.

A printed total that disagrees with its parts (the sum relations R3.2, R3.3, R4) is one
policy everywhere (:func:`derived_cell`): a derived figure uses the sum of the parts and
says so (「原文合计不符」, linked to the report page's notice); when the total has two
breakdowns whose sums disagree with each other as well, no sum of parts can stand for it,
and the figure leaves the report out, for that reason. The report page itself prints the
numbers as the report does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from ..data.model import CellValue, Money, Report, TableData
from ..formats import SumRelation, TableDef, table_ids

#: 1 万元 = 10,000 元, exactly.
YUAN_PER_WAN = Decimal(10000)

#: The words beside a figure computed from the parts of a total the report printed otherwise.
MISMATCH = "原文合计不符"
#: Where a report page's notice of its broken relations is (overrides/portal/report.html).
MISMATCH_ANCHOR = "#breaks"


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


def _parts(relation: SumRelation, cell: tuple[str, str]) -> list[tuple[str, str]] | None:
    """The cells ``relation`` adds up into ``cell``, if it is that relation's total."""
    row, column = cell
    if relation.axis == "columns" and column == relation.total and relation.rule_for(row):
        return [(row, part) for part in relation.parts]
    if relation.axis == "rows" and row == relation.total and relation.rule_for(column):
        return [(part, column) for part in relation.parts]
    return None


def derived_cell(table: TableData, cell: tuple[str, str]) -> tuple[CellValue, bool]:
    """The value a derived figure reads for ``cell``, and whether the printed value was set
    aside (``True``: the figure must carry the 「原文合计不符」 mark).

    The printed value, unless ``cell`` is the total of a sum relation whose reported parts
    add up to something else: then the sum of the parts. When the cell totals two relations
    (表三's 「（七）总计」 总计) and their parts give two different sums, neither can stand
    for it: ``None``, and the figure leaves the report out."""
    printed = table.cells[cell]
    if printed is None:
        return None, False
    sums = set()
    for relation in table.definition.sums:
        parts = _parts(relation, cell)
        values = [table.cells[part] for part in parts] if parts else [None]
        if None not in values:
            sums.add(sum(values))
    if sums <= {printed}:
        return printed, False
    if len(sums) == 1:
        return sums.pop(), True
    return None, True


@dataclass(frozen=True)
class Measured:
    """A report's measures as derived figures."""

    values: dict[str, int | None]
    mismatched: frozenset[str]
    """Measures that read a printed total disagreeing with its parts: each is the sum of the
    parts, or ``None`` (left out) where the parts disagree with each other too."""


def measure_value(report: Report, measure: Measure) -> tuple[int | None, bool]:
    """(value, whether a printed total was set aside for the sum of its parts)."""
    table = report.tables.get(measure.table)
    if table is None:
        return None, False
    total, mismatched = 0, False
    for key in measure.rows:
        row = table.definition.row(key)
        for leaf in row.leaves():
            value, set_aside = derived_cell(table, (leaf.key, measure.column))
            mismatched = mismatched or set_aside
            if value is None:
                return None, mismatched
            total += value
    return total, mismatched


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


def measured(report: Report) -> Measured:
    values, mismatched = {}, set()
    for m in MEASURES:
        values[m.key], set_aside = measure_value(report, m)
        if set_aside:
            mismatched.add(m.key)
    return Measured(values, frozenset(mismatched))


@dataclass
class TableSum:
    """One table (in one format version) added up over the reports of a year."""

    definition: TableDef
    offices: int = 0
    cells: dict[tuple[str, str], int | Decimal] = field(default_factory=dict)
    """Sum over the offices that reported the cell."""
    missing: dict[tuple[str, str], int] = field(default_factory=dict)
    """How many offices did not report the cell."""
    from_parts: dict[tuple[str, str], int] = field(default_factory=dict)
    """How many reports' printed total was replaced by the sum of its parts (:func:`derived_cell`)."""
    left_out: dict[tuple[str, str], int] = field(default_factory=dict)
    """How many reports were left out of the cell: a total whose breakdowns disagree."""

    def add(self, table: TableData) -> bool:
        """Add one report's table; ``True`` if a printed total of it was set aside."""
        self.offices += 1
        set_aside_any = False
        for key in table.cells:
            value, set_aside = derived_cell(table, key)
            set_aside_any = set_aside_any or set_aside
            if set_aside:
                counts = self.from_parts if value is not None else self.left_out
                counts[key] = counts.get(key, 0) + 1
            if value is None:
                if not set_aside:
                    self.missing[key] = self.missing.get(key, 0) + 1
                continue
            if isinstance(value, Money):
                value = value.value if value.unit == "万元" else value.value / YUAN_PER_WAN
            self.cells[key] = self.cells.get(key, 0) + value
        return set_aside_any

    def note(self, key: tuple[str, str]) -> str:
        """What a sum's cell must say beside its number, e.g. 「1 个机关未填报」."""
        notes = []
        if self.missing.get(key):
            notes.append(f"{self.missing[key]} 个机关未填报")
        if self.from_parts.get(key):
            notes.append(f"{self.from_parts[key]} 份报告{MISMATCH}，按各项之和计入")
        if self.left_out.get(key):
            notes.append(f"{self.left_out[key]} 份报告{MISMATCH}且各项之和也不一致，未计入")
        return "；".join(notes)

    def definition_cells(self) -> list[tuple[str, str]]:
        return _all_cells(self.definition)

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


def sum_tables(reports: list[Report]) -> tuple[list[TableSum], list[Report]]:
    """Per table and format version: versions are summed apart, being different layouts.
    Also the reports a printed total of which was set aside (:func:`derived_cell`)."""
    sums: dict[tuple[str, int], TableSum] = {}
    mismatched = []
    for report in reports:
        set_aside = False
        for table in report.tables.values():
            key = (table.id, table.version)
            set_aside = sums.setdefault(key, TableSum(table.definition)).add(table) or set_aside
        if set_aside:
            mismatched.append(report)
    order = {tid: i for i, tid in enumerate(table_ids())}
    return [sums[key] for key in sorted(sums, key=lambda k: (order[k[0]], k[1]))], mismatched
