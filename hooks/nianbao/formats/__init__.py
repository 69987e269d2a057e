"""The official table layouts, read from the definition files beside this module.

Each ``v<year>.yml`` describes one national version of the format completely; a report picks
a version per table (``active.item1`` … ``requests`` ``appeals``), so mixed reports are
representable. Everything that knows a label, a column order or a sum relation reads it
from here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

FORMATS_DIR = Path(__file__).parent

#: Value types a column may hold.
VALUE_TYPES = ("count", "signed", "wan", "money")


@dataclass(frozen=True)
class Column:
    """A leaf column: it holds numbers."""

    key: str
    """Data key, e.g. ``natural_person``."""
    label: str
    """Official header label, e.g. 「自然人」."""
    type: str = "count"
    """One of :data:`VALUE_TYPES`."""
    variants: tuple[str, ...] = ()
    """Other wordings of the header that published reports print (read by the importer)."""


@dataclass(frozen=True)
class HeaderNode:
    """A header cell of the column tree; leaves point at a column (or, in a one-row
    layout, at a data row whose columns repeat under it)."""

    label: str
    children: tuple[HeaderNode, ...] = ()
    column: str | None = None
    row: str | None = None


@dataclass(frozen=True)
class Row:
    """A row of the table. Group rows have children and no cells."""

    key: str
    """Dotted path from the table root, e.g. ``results.withheld.state_secret``."""
    label: str
    depth: int
    children: tuple[Row, ...] = ()
    variants: tuple[str, ...] = ()
    """Other wordings of the label that published reports print, meaning the same row
    (「规范性文件」 for 「行政规范性文件」); the importer reports a row read by one of them."""

    @property
    def is_group(self) -> bool:
        return bool(self.children)

    def leaves(self) -> list[Row]:
        if not self.children:
            return [self]
        return [leaf for child in self.children for leaf in child.leaves()]


@dataclass(frozen=True)
class SumRelation:
    """``total`` equals the sum of ``parts``, along rows or along columns."""

    axis: str
    """``columns``: within each row, total column = sum of part columns.
    ``rows``: within each column, total row = sum of part rows."""
    total: str
    parts: tuple[str, ...]
    """Leaf keys (group keys are expanded to their leaves)."""
    groups: tuple[str, ...]
    """The parts as the definition names them (before expansion), for messages."""
    rules: dict[str, str]
    """Rule id per checked line (row key for axis=columns, column key for axis=rows);
    the key ``*`` applies to every line."""

    def rule_for(self, line: str) -> str:
        return self.rules.get(line, self.rules.get("*", ""))


@dataclass(frozen=True)
class Balance:
    """Per column: the sum of ``left`` rows equals the sum of ``right`` rows (R3.1)."""

    rule: str
    left: tuple[str, ...]
    right: tuple[str, ...]


@dataclass(frozen=True)
class TableDef:
    """One standard table (or sub-table of 表二) in one format version."""

    id: str
    """Where the table lives in a report file, e.g. ``active.item5`` or ``requests``."""
    version: int
    name: str
    """How staff and citizens refer to it: 「表三」, 「表二第二十条第（五）项」."""
    caption: str
    columns: tuple[Column, ...]
    column_tree: tuple[HeaderNode, ...]
    rows: tuple[Row, ...]
    """Top-level rows; see :meth:`leaf_rows` for the rows that hold numbers."""
    row_header: str = ""
    corner: str = ""
    label_columns: int = 1
    layout: str = "grid"
    optional: bool = False
    sums: tuple[SumRelation, ...] = ()
    balance: Balance | None = None
    _leaf_rows: tuple[Row, ...] = field(default=(), repr=False, compare=False)
    _cell_index: dict[tuple[str, str], int] = field(default_factory=dict, repr=False, compare=False)

    def leaf_rows(self) -> tuple[Row, ...]:
        return self._leaf_rows

    def cell_index(self) -> dict[tuple[str, str], int]:
        """Every cell's (row key, column key) → its position: leaf rows in order, columns
        within each. Built once here and shared by every report's
        :class:`~nianbao.data.model.CellValues` (one dict per table of every report was two
        thirds of a loaded report's memory)."""
        return self._cell_index

    def row(self, key: str) -> Row:
        for row in self.all_rows():
            if row.key == key:
                return row
        raise KeyError(key)

    def all_rows(self) -> list[Row]:
        out: list[Row] = []

        def walk(row: Row) -> None:
            out.append(row)
            for child in row.children:
                walk(child)

        for row in self.rows:
            walk(row)
        return out

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    @property
    def section(self) -> str:
        return self.id.split(".")[0]


@dataclass(frozen=True)
class FormatVersion:
    version: int
    name: str
    issued_by: str
    tables: dict[str, TableDef]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    text: str
    tables: str | None = None
    variants: tuple[str, ...] = ()
    """Other wordings of the heading that published reports print (read by the importer)."""
    optional: tuple[str, ...] = ()
    """Words a printed heading may add or leave out (「政府信息公开」「工作」「情况」)."""


def _read_rows(raw: list[dict], prefix: str = "", depth: int = 0) -> tuple[Row, ...]:
    rows = []
    for item in raw:
        key = f"{prefix}{item['key']}"
        children = _read_rows(item.get("children", []), f"{key}.", depth + 1)
        variants = tuple(item.get("variants", ()))
        rows.append(Row(key=key, label=item["label"], depth=depth, children=children, variants=variants))
    return tuple(rows)


def _read_column_tree(raw: list[dict]) -> tuple[tuple[HeaderNode, ...], list[Column]]:
    leaves: list[Column] = []

    def node(item: dict) -> HeaderNode:
        if "children" in item:
            return HeaderNode(label=item["label"], children=tuple(node(c) for c in item["children"]))
        column = Column(
            key=item["key"],
            label=item["label"],
            type=item.get("type", "count"),
            variants=tuple(item.get("variants", ())),
        )
        if column.type not in VALUE_TYPES:
            raise ValueError(f"unknown value type {column.type!r}")
        leaves.append(column)
        return HeaderNode(label=column.label, column=column.key)

    return tuple(node(item) for item in raw), leaves


def _expand(keys: list[str], rows: list[Row], columns: list[Column]) -> tuple[str, ...]:
    """Expand group row keys to their leaves; column keys pass through."""
    by_key = {row.key: row for row in rows}
    out: list[str] = []
    for key in keys:
        if key in by_key:
            out.extend(leaf.key for leaf in by_key[key].leaves())
        elif any(c.key == key for c in columns):
            out.append(key)
        else:
            raise KeyError(f"sum part {key!r} is neither a row nor a column")
    return tuple(out)


def _read_table(table_id: str, version: int, raw: dict) -> TableDef:
    column_tree, columns = _read_column_tree(raw["columns"])
    rows = _read_rows(raw["rows"])
    all_rows = [r for top in rows for r in _walk(top)]
    leaves = tuple(leaf for top in rows for leaf in top.leaves())
    sums = []
    for item in raw.get("sums", []):
        rule = item["rule"]
        sums.append(
            SumRelation(
                axis=item["axis"],
                total=item["total"],
                parts=_expand(item["parts"], all_rows, columns),
                groups=tuple(item["parts"]),
                rules=dict(rule) if isinstance(rule, dict) else {"*": rule},
            )
        )
    balance = None
    if "balance" in raw:
        b = raw["balance"]
        balance = Balance(b["rule"], tuple(b["left"]), tuple(b["right"]))
    layout = raw.get("layout", "grid")
    if layout == "one_row":
        column_tree = tuple(_row_header_node(row) for row in rows)
    return TableDef(
        id=table_id,
        version=version,
        name=raw["name"],
        caption=raw["caption"],
        columns=tuple(columns),
        column_tree=column_tree,
        rows=rows,
        row_header=raw.get("row_header", ""),
        corner=raw.get("corner", ""),
        label_columns=raw.get("label_columns", 1),
        layout=layout,
        optional=raw.get("optional", False),
        sums=tuple(sums),
        balance=balance,
        _leaf_rows=leaves,
        _cell_index={key: n for n, key in enumerate((row.key, column.key) for row in leaves for column in columns)},
    )


def _row_header_node(row: Row) -> HeaderNode:
    """In a one-row layout each data row becomes a header group over the columns."""
    if row.children:
        return HeaderNode(label=row.label, children=tuple(_row_header_node(c) for c in row.children))
    return HeaderNode(label=row.label, row=row.key)


def _walk(row: Row) -> list[Row]:
    return [row] + [r for child in row.children for r in _walk(child)]


@functools.cache
def load_formats() -> dict[int, FormatVersion]:
    """Every format version defined beside this module, by year."""
    versions = {}
    for path in sorted(FORMATS_DIR.glob("v*.yml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        version = int(raw["version"])
        tables = {tid: _read_table(tid, version, t) for tid, t in raw["tables"].items()}
        versions[version] = FormatVersion(version, raw["name"], raw["issued_by"], tables)
    return versions


@functools.cache
def load_sections() -> tuple[Section, ...]:
    raw = yaml.safe_load((FORMATS_DIR / "sections.yml").read_text(encoding="utf-8"))
    return tuple(
        Section(**{**item, "variants": tuple(item.get("variants", ())), "optional": tuple(item.get("optional", ()))})
        for item in raw
    )


def table_ids() -> list[str]:
    """Every table id of any version, in the order of the newest definition first seen."""
    seen: dict[str, None] = {}
    for fmt in sorted(load_formats().values(), key=lambda f: f.version):
        for tid in fmt.tables:
            seen.setdefault(tid, None)
    order = {s.key: i for i, s in enumerate(load_sections())}
    return sorted(seen, key=lambda tid: (order[tid.split(".")[0]], _item_number(tid)))


def _item_number(table_id: str) -> int:
    tail = table_id.rpartition(".item")[2]
    return int(tail) if tail.isdigit() else 0


def table_def(table_id: str, version: int) -> TableDef | None:
    fmt = load_formats().get(version)
    return fmt.tables.get(table_id) if fmt else None


def row_node(tree: dict, row_key: str) -> dict:
    """The mapping that holds a row's cells in a table's nested data, as data files nest
    rows under their groups (``results.withheld.state_secret``); created on the way."""
    node = tree
    for part in row_key.split("."):
        node = node.setdefault(part, {})
    return node


def latest_version() -> int:
    return max(load_formats())
