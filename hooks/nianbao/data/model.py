"""The validated data: offices, their reports, and the standard tables inside them.

Objects here are built once by :mod:`nianbao.catalog` and never changed afterwards; pages,
rules and exports only read them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..formats import TableDef

#: The first report year of the standard tables this portal models: 国办公开办函〔2019〕60号
#: set them for the reports on 2019, published in 2020.
FIRST_REPORT_YEAR = 2019


def plausible_years(today: dt.date) -> range:
    """The report years a report may be written for on ``today``: from the first year of the
    standard tables to the last year that has ended. Callers pass the date the data is
    judged on (:func:`nianbao.views.publication.build_date`, which honours SOURCE_DATE_EPOCH)."""
    return range(FIRST_REPORT_YEAR, today.year)


def year_problem(year: int, today: dt.date) -> str | None:
    """Why ``year`` is not a plausible report year on ``today`` (Chinese), or ``None``."""
    years = plausible_years(today)
    span = f"报告年度应在 {years.start} 至 {years.stop - 1} 之间"
    if year < years.start:
        return f"报告年度为 {year}，但本门户收录的标准表格自 {years.start} 年度起使用；{span}"
    if year >= years.stop:
        return f"报告年度为 {year}，但该年度尚未结束（今天是 {today.isoformat()}）；{span}"
    return None


#: Office kinds, as staff write them in ``office.yml``.
OFFICE_KINDS = ("人民政府", "政府部门", "街道办事处", "乡镇人民政府", "其他")

#: ``origin`` values of a report.
ORIGIN_PUBLISHED = "published"
"""Taken from a document the office already published: numbers kept exactly as printed."""
ORIGIN_NEW = "new"
"""Prepared for this portal: must satisfy every rule before it can be published."""


@dataclass(frozen=True)
class Money:
    """An amount with the unit the office wrote (元 or 万元)."""

    value: Decimal
    unit: str

    def __str__(self) -> str:
        return f"{self.value}{self.unit}"


#: A cell: ``None`` is *not reported*, which is never the same as 0.
CellValue = int | Decimal | Money | None


class CellValues(Mapping):
    """A table's values, keyed by (row key, column key) like a dict. The keys and their
    order belong to the table's definition (:meth:`TableDef.cell_index`), shared by every
    report: a report holds only its values. As one dict per table, the keys' slots were
    most of the memory a loaded report takes (a province loads 50,000 of them)."""

    __slots__ = ("_index", "_values")

    def __init__(self, index: dict[tuple[str, str], int], values: tuple[CellValue, ...]) -> None:
        self._index, self._values = index, values

    def __getitem__(self, key: tuple[str, str]) -> CellValue:
        return self._values[self._index[key]]

    def get(self, key, default=None):
        position = self._index.get(key)
        return default if position is None else self._values[position]

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._values)

    def values(self):  # a tuple is what callers iterate; no view object needed
        return self._values

    def __repr__(self) -> str:
        return f"CellValues({dict(self.items())!r})"


@dataclass(frozen=True)
class TableData:
    """One standard table of one report, in the version the report chose for it."""

    definition: TableDef
    cells: Mapping[tuple[str, str], CellValue]
    """(row key, column key) → value, for every leaf row and column (:class:`CellValues`
    when loaded from data)."""

    @classmethod
    def blank(cls, definition: TableDef) -> TableData:
        """The table with every cell not reported (the 填报 form; the labels' stylesheet)."""
        return cls(definition, {(r.key, c.key): None for r in definition.leaf_rows() for c in definition.columns})

    @property
    def id(self) -> str:
        return self.definition.id

    @property
    def version(self) -> int:
        return self.definition.version


@dataclass(frozen=True)
class Contact:
    address: str | None = None
    postcode: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Office:
    """A government body that publishes a report every year."""

    id: str
    """Folder name under ``data/``; part of every URL of the office."""
    name: str
    """全称, as in the report title."""
    kind: str
    """One of :data:`OFFICE_KINDS`."""
    short_name: str | None = None
    parent: str | None = None
    """Office id of the body it belongs to, if that office is on the portal."""
    region: str | None = None
    website: str | None = None
    contact: Contact = field(default_factory=Contact)
    first_year: int | None = None
    """First report year expected from this office (it did not exist, or was not required, before)."""
    last_year: int | None = None
    """Last report year expected (the office was merged or closed)."""
    owners: tuple[str, ...] = ()
    """GitHub handles who review this office's files."""
    file: str = ""
    path: Path | None = None


@dataclass(frozen=True)
class Source:
    """Where a report taken from an already-published document came from."""

    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    archived_copy: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Correction:
    date: dt.date
    note: str


@dataclass(frozen=True)
class Report:
    """One office's annual report for one year."""

    office_id: str
    year: int
    origin: str
    published: dt.date | None
    sections: dict[str, str]
    """Section key (see formats/sections.yml, plus ``preamble``) → Markdown text."""
    tables: dict[str, TableData]
    """Table id → data, in the official order."""
    source: Source | None = None
    signed_by: str | None = None
    draft: bool = False
    notes: tuple[str, ...] = ()
    acknowledged: dict[str, str] = field(default_factory=dict)
    """Warning rule id → why the report is right as it is (shown on its page)."""
    import_problems: tuple[str, ...] = ()
    """What ``nianbao import`` could not read; a report with any is not published."""
    corrections: tuple[Correction, ...] = ()
    file: str = ""
    """Name used in messages, e.g. ``data/pingtan/2020.yml``."""
    path: Path | None = None
    given: frozenset[str] = frozenset()
    """Top-level keys present in the file, and the dotted keys of values that were invalid
    (a key whose value was invalid is still given: it is reported once, not also as missing)."""
    unreadable: frozenset[str] = frozenset()
    """Keys given with a value that could not be read (already reported)."""

    @property
    def versions(self) -> set[int]:
        return {t.version for t in self.tables.values()}
