"""The 在线填报 page (``/tianbao/``): a clerk with only a browser fills in a new report.

Everything the page knows comes from here, at build time, so that it cannot drift from
``nianbao validate`` and ``nianbao new``:

- the tables of the newest format as grids (:mod:`.grids`), each data cell named by its key
  path in the data file (``requests.new.natural_person``);
- the arithmetic rules as data: every linear relation of the format definitions
  (:func:`nianbao.checks.rules.blame.relations`), with the labels their messages are made of,
  so that the page's small evaluator (``docs/assets/nianbao-tianbao.js``) says what the
  rules say, with the same ids and blame hints;
- the file ``nianbao new`` writes (:func:`nianbao.data.writing.dump_report`), with a
  placeholder for every value, which the page fills in when the clerk downloads it.
"""

from __future__ import annotations

from typing import Any

from ..checks.rules import REGISTRY
from ..checks.rules.blame import relations
from ..checks.rules.completeness import FORMAT_2021_FROM
from ..checks.rules.tables import describe_parts, line_label
from ..data.model import TableData
from ..data.scaffold import empty_values, place_table
from ..data.writing import dump_report
from ..formats import TableDef, latest_version, load_sections, table_def, table_ids
from .grids import Grid, active_grid, table_grid

#: The first report year of the newest format (国办公开办函〔2021〕30号): the years the page offers.
FORM_FIRST_YEAR = FORMAT_2021_FROM

#: Marks a value in the file template: ``"@@requests.new.total@@"`` (quoted, as a string is).
PLACEHOLDER = "@@{}@@"


def form_tables(version: int | None = None) -> list[TableDef]:
    """The tables a new report fills in, in file order (as ``nianbao new`` writes them)."""
    version = version or latest_version()
    found = [table_def(tid, version) for tid in table_ids()]
    return [d for d in found if d is not None and not d.optional]


def form_grids(version: int | None = None) -> dict[str, Grid]:
    """Section key (``active``, ``requests``, ``appeals``) → the grid of empty input cells."""
    tables = form_tables(version)
    grids: dict[str, Grid] = {}
    active = [TableData.blank(d) for d in tables if d.id.startswith("active.")]
    if active:
        grids["active"] = active_grid(active, "表二 主动公开政府信息情况", variant="form")
    for definition in tables:
        if not definition.id.startswith("active."):
            grid = table_grid(TableData.blank(definition), variant="form")
            grid.caption = f"{definition.name} {grid.caption}"
            grids[definition.id] = grid
    return grids


def cell_types(version: int | None = None) -> dict[str, str]:
    """Key path of every cell → its value type (``count``, ``wan`` …), for the inputs."""
    return {f"{d.id}.{r.key}.{c.key}": c.type for d in form_tables(version) for r in d.leaf_rows() for c in d.columns}


def rules_data(version: int | None = None) -> dict[str, Any]:
    """The arithmetic rules of the newest format as data, for the page's evaluator.

    Per table: its row and column labels; each relation as (rule, anchor cell, terms) in
    the order the rule registry checks them; and for each, the words of its message (the
    labels of :mod:`nianbao.checks.rules.tables`)."""

    def order(relation) -> int:  # the registry's order; a rule checks every line its id starts
        return next(i for i, rule in enumerate(REGISTRY) if relation.rule.startswith(rule.id))

    tables = {}
    for definition in form_tables(version):
        found = relations(definition)
        if not found:
            continue
        checks = []
        for relation in sorted(found, key=order):
            checks.append(
                {
                    "rule": relation.rule,
                    "anchor": list(relation.anchor),
                    "terms": [[cell[0], cell[1], coefficient] for cell, coefficient in relation.terms],
                    **_message_words(definition, relation),
                }
            )
        tables[definition.id] = {
            "rows": [r.key for r in definition.leaf_rows()],
            "columns": [c.key for c in definition.columns],
            "row_labels": {r.key: r.label for r in definition.leaf_rows()},
            "column_labels": {c.key: c.label for c in definition.columns},
            "checks": checks,
        }
    return {"tables": tables}


def _message_words(definition: TableDef, relation) -> dict[str, str]:
    """The text around the two sums of a break: ``{before}{positive}{between}{negative}``,
    as :mod:`nianbao.checks.rules.tables` words it."""
    balance = definition.balance
    if balance is not None and relation.rule == balance.rule:
        column = definition.column(relation.anchor[1]).label
        left = "与".join(definition.row(r).label for r in balance.left)
        right = "与".join(definition.row(r).label for r in balance.right)
        return {"before": f"「{column}」列：{left}之和为 ", "between": f"，但{right}之和为 "}
    # The anchor alone can be the total of two relations ((七)总计's 总计): the rule tells them apart.
    sum_relation, line = next(
        (s, line)
        for s in definition.sums
        for line in _lines(definition, s)
        if _total_cell(s, line) == relation.anchor and s.rule_for(line) == relation.rule
    )
    return {
        "before": f"{line_label(definition, sum_relation, line)}为 ",
        "between": f"，但{describe_parts(definition, sum_relation)}之和为 ",
    }


def _lines(definition: TableDef, relation) -> list[str]:
    if relation.axis == "columns":
        return [r.key for r in definition.leaf_rows()]
    return [c.key for c in definition.columns]


def _total_cell(relation, line: str) -> tuple[str, str]:
    return (line, relation.total) if relation.axis == "columns" else (relation.total, line)


def file_template(version: int | None = None) -> str:
    """What ``nianbao new`` writes, with ``"@@key.path@@"`` where each value goes (``year``,
    ``draft``, ``published``, ``signed_by``, ``sections.*`` and every cell)."""
    data: dict[str, Any] = {
        "year": PLACEHOLDER.format("year"),
        "origin": "new",
        "draft": PLACEHOLDER.format("draft"),
        "published": PLACEHOLDER.format("published"),
        "signed_by": PLACEHOLDER.format("signed_by"),
        "sections": {key: PLACEHOLDER.format(f"sections.{key}") for key in section_keys()},
    }
    for definition in form_tables(version):
        values = empty_values(definition)
        _fill_placeholders(values, definition.id)
        place_table(data, definition.id, values)
    return dump_report(data)


def _fill_placeholders(node: dict, path: str) -> None:
    for key, value in node.items():
        if isinstance(value, dict):
            _fill_placeholders(value, f"{path}.{key}")
        elif key != "version":
            node[key] = PLACEHOLDER.format(f"{path}.{key}")


def section_keys() -> list[str]:
    """The text keys of a report, as ``nianbao new`` lists them: the preamble, then 一 to 六."""
    return ["preamble", *(s.text for s in load_sections())]


def sections_view() -> list[dict[str, str]]:
    """(key, title, grid section) of each of the six parts, in order."""
    return [{"key": s.text, "title": s.title, "tables": s.tables or ""} for s in load_sections()]
