"""Lay a standard table out as a grid of header and data cells, ready for one template macro.

All the structure of the official tables is decided here, from the format definitions:
multi-level headers with rowspan/colspan, the row hierarchy of 表三, the stacked
sub-tables of 表二, the single data row of 表四, and for every data cell the ids of the
header cells that describe it (``headers``), so screen readers announce both.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from decimal import Decimal

from ..data.model import CellValue, Money, TableData
from ..formats import HeaderNode, Row, TableDef

#: Value columns of the stacked 表二 (the widest sub-table, 第二十条第（一）项).
ACTIVE_WIDTH = 3

NOT_REPORTED = "not_reported"


@dataclass
class GridCell:
    text: str
    header: bool = False
    colspan: int = 1
    rowspan: int = 1
    scope: str | None = None
    id: str | None = None
    headers: tuple[str, ...] = ()
    kind: str = ""
    """``label`` ``group`` ``caption`` ``corner`` for headers; ``number`` or ``not_reported`` for data."""
    flagged: bool = False
    """A rule break involves this cell."""
    note: str = ""
    name: str = ""
    """A data cell's key path in the data file (``requests.new.total``), for the 填报 page's inputs."""
    """A remark on the value, e.g. that some offices did not report it (year sums)."""
    column: int = 0
    """For a row label: the label column it starts in (kept in view while numbers scroll)."""
    label: str = ""
    """For a data cell: the official column headers above it, shown beside the number where
    a narrow screen lists a row's cells one under another instead of in a grid."""

    @property
    def label_class(self) -> str:
        """The class that shows :attr:`label` on a narrow screen (:func:`label_class`)."""
        return label_class(self.label) if self.label else ""


def label_class(label: str) -> str:
    """A short class named after a column label. The labels themselves are in one stylesheet
    made from the format definitions (``nianbao schema`` writes docs/assets/nianbao-labels.css),
    not beside each of a report's ~200 numbers: written per cell they were 11 KB of every
    report page, an eighth of a report's share of a site that must stay within 1 GB."""
    return f"nbl-{zlib.crc32(label.encode('utf-8')):08x}"[:9]


@dataclass
class Grid:
    id: str
    caption: str
    head: list[list[GridCell]] = field(default_factory=list)
    bodies: list[list[list[GridCell]]] = field(default_factory=list)
    label_columns: int = 1
    """How many leading columns hold row labels (kept in view when the table scrolls)."""


def format_value(value: CellValue) -> str:
    """The printed form of a cell: as written in the data, never rounded."""
    if value is None:
        return ""
    if isinstance(value, Money):
        return f"{value.value}{value.unit}"
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def _data_cell(
    value: CellValue, headers: list[str], flagged: bool, note: str = "", label: str = "", name: str = ""
) -> GridCell:
    kind = NOT_REPORTED if value is None else "number"
    return GridCell(
        format_value(value), headers=tuple(headers), kind=kind, flagged=flagged, note=note, label=label, name=name
    )


#: Between the levels of a column's headers, where a narrow screen prints them beside a number.
LABEL_JOIN = " · "


# ---------------------------------------------------------------- column headers


@dataclass
class _Leaf:
    ids: list[str]
    row: str | None
    column: str
    label: str = ""
    """The headers above the column, from the first level that tells columns apart."""


def _depth(nodes: tuple[HeaderNode, ...]) -> int:
    return max((1 + _depth(n.children) if n.children else 1) for n in nodes)


def _expand_rows(definition: TableDef, nodes: tuple[HeaderNode, ...]) -> tuple[HeaderNode, ...]:
    """In a one-row layout, a header node standing for a data row gets the columns under it."""
    out = []
    for n in nodes:
        if n.row is not None:
            kids = tuple(HeaderNode(c.label, column=c.key, row=n.row) for c in definition.columns)
            out.append(HeaderNode(n.label, children=kids))
        elif n.children:
            out.append(HeaderNode(n.label, children=_expand_rows(definition, n.children)))
        else:
            out.append(n)
    return tuple(out)


def _head_rows(prefix: str, nodes: tuple[HeaderNode, ...], depth: int) -> tuple[list[list[GridCell]], list[_Leaf]]:
    rows: list[list[GridCell]] = [[] for _ in range(depth)]
    leaves: list[_Leaf] = []
    counter = [0]

    def width(n: HeaderNode) -> int:
        return sum(width(c) for c in n.children) if n.children else 1

    # A header over every column (表三's 申请人情况) tells no column apart: left out of the
    # labels and of the cells' ``headers`` (the table's caption names what it covers).
    everything = sum(width(n) for n in nodes)

    def place(n: HeaderNode, level: int, ancestors: list[str], names: list[str]) -> None:
        counter[0] += 1
        cell_id = f"{prefix}h{counter[0]}"
        if n.children:
            rows[level].append(
                GridCell(n.label, header=True, colspan=width(n), scope="colgroup", id=cell_id, kind="group")
            )
            spans_all = width(n) == everything
            named = names if spans_all else names + [n.label]
            for child in n.children:
                place(child, level + 1, ancestors if spans_all else ancestors + [cell_id], named)
        else:
            rows[level].append(
                GridCell(n.label, header=True, rowspan=depth - level, scope="col", id=cell_id, kind="label")
            )
            leaves.append(_Leaf(ancestors + [cell_id], n.row, n.column or "", LABEL_JOIN.join(names + [n.label])))

    for n in nodes:
        place(n, 0, [], [])
    return rows, leaves


# ---------------------------------------------------------------- row labels


def _row_lines(
    prefix: str, row: Row, label_columns: int, numbers: dict[str, int]
) -> list[tuple[list[GridCell], list[str], Row]]:
    """(label cells opening the line, ids of its row headers, leaf row) for each line under ``row``."""
    cell_id = f"{prefix}r{numbers[row.key]}"
    if not row.children:
        cell = GridCell(
            row.label,
            header=True,
            colspan=label_columns - row.depth,
            scope="row",
            id=cell_id,
            kind="label",
            column=row.depth,
        )
        return [([cell], [cell_id], row)]
    lines = [line for child in row.children for line in _row_lines(prefix, child, label_columns, numbers)]
    group = GridCell(
        row.label, header=True, rowspan=len(lines), scope="row", id=cell_id, kind="group", column=row.depth
    )
    lines[0][0].insert(0, group)
    return [(cells, [cell_id, *ids], leaf) for cells, ids, leaf in lines]


# ---------------------------------------------------------------- whole tables


def _prefix(definition: TableDef, variant: str) -> str:
    """A short prefix for the ids of a table's header cells (``q``, ``v``, ``a1``…, with the
    variant: ``q2019``): every data cell lists several of them in ``headers``, so their
    length is a large part of a page's size. A letter follows it (``qh4``, ``qr2``,
    ``a1c0``), never a digit, so that no two tables' ids can meet."""
    short = {"requests": "q", "appeals": "v"}.get(definition.id) or "a" + definition.id.rpartition("item")[2]
    return f"{short}{variant}"


def table_grid(
    table: TableData,
    flagged: set[tuple[str, str]] = frozenset(),
    notes: dict[tuple[str, str], str] | None = None,
    variant: str = "",
) -> Grid:
    """表三 or 表四 (or any table that stands alone). ``variant`` keeps ids unique when one
    page shows the same table twice (a year's sums in two format versions)."""
    definition = table.definition
    notes = notes or {}
    grid_id = f"t-{definition.id.replace('.', '-')}" + (f"-{variant}" if variant else "")
    prefix = _prefix(definition, variant)
    numbers = {row.key: index for index, row in enumerate(definition.all_rows())}
    grid = Grid(
        grid_id, definition.caption, label_columns=definition.label_columns if definition.layout == "grid" else 0
    )
    nodes = _expand_rows(definition, definition.column_tree)
    depth = _depth(nodes)
    head, leaves = _head_rows(prefix, nodes, depth)
    if definition.layout == "one_row":
        grid.head = head
        cells = [
            _data_cell(
                table.cells[(leaf.row, leaf.column)],
                leaf.ids,
                (leaf.row, leaf.column) in flagged,
                notes.get((leaf.row, leaf.column), ""),
                leaf.label,
                f"{definition.id}.{leaf.row}.{leaf.column}",
            )
            for leaf in leaves
        ]
        grid.bodies = [[cells]]
        return grid
    corner_text = definition.corner or definition.row_header
    corner = GridCell(
        corner_text, header=True, colspan=definition.label_columns, rowspan=depth, kind="corner", id=f"{grid_id}-corner"
    )
    head[0].insert(0, corner)
    grid.head = head
    body = []
    for top in definition.rows:
        for label_cells, row_ids, leaf in _row_lines(prefix, top, definition.label_columns, numbers):
            cells = [
                _data_cell(
                    table.cells[(leaf.key, column.column)],
                    [*column.ids, *row_ids],
                    (leaf.key, column.column) in flagged,
                    notes.get((leaf.key, column.column), ""),
                    column.label,
                    f"{definition.id}.{leaf.key}.{column.column}",
                )
                for column in leaves
            ]
            body.append(label_cells + cells)
    grid.bodies = [body]
    return grid


def active_grid(
    parts: list[TableData],
    caption: str,
    flagged: set[tuple[str, str, str]] = frozenset(),
    notes: dict[tuple[str, str, str], str] | None = None,
    variant: str = "",
) -> Grid:
    """表二: the sub-tables of 第二十条, each under its own caption row, stacked in one table
    whose value columns are as wide as the widest sub-table; a sub-table with fewer columns
    lets its last column span the rest, as the official layout does."""
    grid = Grid("t-active" + (f"-{variant}" if variant else ""), caption, label_columns=1)
    notes = notes or {}
    for table in parts:
        definition = table.definition
        part_id = _prefix(definition, variant)
        caption_cell = GridCell(
            definition.caption,
            header=True,
            colspan=1 + ACTIVE_WIDTH,
            scope="colgroup",
            id=f"{part_id}cap",
            kind="caption",
        )
        header = [GridCell(definition.row_header, header=True, scope="col", id=f"{part_id}rh", kind="label")]
        spans = _spans(len(definition.columns))
        column_ids = []
        for column, span in zip(definition.columns, spans, strict=True):
            column_ids.append(f"{part_id}c{len(column_ids)}")
            header.append(
                GridCell(column.label, header=True, colspan=span, scope="col", id=column_ids[-1], kind="label")
            )
        body = [[caption_cell], header]
        for index, row in enumerate(definition.leaf_rows()):
            row_id = f"{part_id}r{index}"
            line = [GridCell(row.label, header=True, scope="row", id=row_id, kind="label")]
            for column, span, column_id in zip(definition.columns, spans, column_ids, strict=True):
                key = (definition.id, row.key, column.key)
                cell = _data_cell(
                    table.cells[(row.key, column.key)],
                    [caption_cell.id, column_id, row_id],
                    key in flagged,
                    notes.get(key, ""),
                    column.label,
                    f"{definition.id}.{row.key}.{column.key}",
                )
                cell.colspan = span
                line.append(cell)
            body.append(line)
        grid.bodies.append(body)
    return grid


def _spans(count: int) -> list[int]:
    return [1] * (count - 1) + [ACTIVE_WIDTH - count + 1]
