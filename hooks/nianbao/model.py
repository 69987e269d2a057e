"""The validated data: offices, their reports, and the standard tables inside them.

Objects here are built once by :mod:`nianbao.catalog` and never changed afterwards; pages,
rules and exports only read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .formats import TableDef

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


@dataclass(frozen=True)
class TableData:
    """One standard table of one report, in the version the report chose for it."""

    definition: TableDef
    cells: dict[tuple[str, str], CellValue]
    """(row key, column key) → value, for every leaf row and column."""

    def value(self, row: str, column: str) -> CellValue:
        return self.cells[(row, column)]

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

    def table(self, table_id: str) -> TableData | None:
        return self.tables.get(table_id)

    @property
    def versions(self) -> set[int]:
        return {t.version for t in self.tables.values()}
