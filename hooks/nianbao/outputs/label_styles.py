"""The column labels that a narrow screen shows beside each number of the official tables,
as one stylesheet made from the format definitions.

A phone lists each table row as a block, every number beside its official column headers
(issue 21). Written into the page beside each of a report's ~200 numbers, those labels were
11 KB of every report page; here they are written once for the whole site, and a cell names
its label by a short class (:func:`nianbao.views.grids.label_class`). ``nianbao schema``
writes the file (docs/assets/nianbao-labels.css); ``nianbao schema --check`` and the tests
fail when it is stale.
"""

from __future__ import annotations

from ..data.model import TableData
from ..formats import load_formats, table_def, table_ids
from ..views.grids import Grid, active_grid, label_class, table_grid

STYLESHEET = "docs/assets/nianbao-labels.css"


def _grids(version: int) -> list[Grid]:
    tables = [d for d in (table_def(tid, version) for tid in table_ids()) if d is not None]
    grids = [table_grid(TableData.blank(d)) for d in tables if not d.id.startswith("active.")]
    active = [TableData.blank(d) for d in tables if d.id.startswith("active.")]
    return [*grids, active_grid(active, "")] if active else grids


def format_labels() -> list[str]:
    """Every column label a data cell of an official table can carry, in any version."""
    labels = {
        cell.label
        for version in sorted(load_formats())
        for grid in _grids(version)
        for body in grid.bodies
        for row in body
        for cell in row
        if not cell.header and cell.label
    }
    return sorted(labels)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def label_stylesheet() -> str:
    """The stylesheet's text; refuses two labels that would share a class."""
    owners: dict[str, str] = {}
    lines = [
        "/* Written by `nianbao schema` from the format definitions (hooks/nianbao/formats/): do not edit.",
        "   The column label each data cell shows beside its number on a narrow screen (nianbao.css). */",
    ]
    for label in format_labels():
        name = label_class(label)
        if name in owners:
            raise ValueError(f"两个栏目名称对应同一个样式类 {name}：「{owners[name]}」与「{label}」")
        owners[name] = label
        lines.append(f".{name}::before {{ content: {_css_string(label)}; }}")
    return "\n".join(lines) + "\n"
