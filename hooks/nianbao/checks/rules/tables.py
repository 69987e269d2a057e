"""The arithmetic of the standard tables (FORMAT.md §7), read from the format definitions."""

from __future__ import annotations

from collections.abc import Iterator

from ...data.model import Report, TableData
from ...formats import SumRelation, TableDef
from . import NOT_CHECKABLE, Context, Finding, cell_path, rule
from .blame import Cell, blame


def _sum_lines(definition: TableDef, relation: SumRelation):
    """(line key, total cell, part cells) for every line the relation applies to."""
    if relation.axis == "columns":
        for row in definition.leaf_rows():
            yield row.key, (row.key, relation.total), [(row.key, c) for c in relation.parts]
    else:
        for column in definition.columns:
            yield column.key, (relation.total, column.key), [(r, column.key) for r in relation.parts]


def describe_parts(definition: TableDef, relation: SumRelation) -> str:
    if relation.axis == "columns":
        labels = [definition.column(key).label for key in relation.groups]
    else:
        labels = [definition.row(key).label for key in relation.groups]
    return "、".join(labels) if len(labels) <= 4 else f"{labels[0]}至{labels[-1]}"


def line_label(definition: TableDef, relation: SumRelation, line: str) -> str:
    if relation.axis == "columns":
        return f"「{definition.row(line).label}」的{definition.column(relation.total).label}"
    return f"「{definition.column(line).label}」列的{definition.row(relation.total).label}"


def _check_relation(table: TableData, relation: SumRelation, rule_id_filter: str) -> Iterator[Finding]:
    unknown: list[str] = []
    first_unknown = ""
    definition = table.definition
    for line, total_cell, part_cells in _sum_lines(definition, relation):
        rule_id = relation.rule_for(line)
        if not rule_id.startswith(rule_id_filter):
            continue
        cells = [total_cell, *part_cells]
        missing = [c for c in cells if table.cells[c] is None]
        if missing:
            unknown.append(definition.row(line).label if relation.axis == "columns" else definition.column(line).label)
            first_unknown = first_unknown or cell_path(table, missing[0])
            continue
        total, parts = table.cells[total_cell], sum(table.cells[c] for c in part_cells)
        if total != parts:
            text = f"{line_label(definition, relation, line)}为 {total}，但{describe_parts(definition, relation)}之和为 {parts}"
            yield _break(table, rule_id, total_cell, text)
    if unknown:
        rule_id = relation.rule_for("*") or rule_id_filter
        if relation.axis == "columns":
            text = f"「{'」「'.join(unknown)}」行有未填报的单元格，无法核对其{definition.column(relation.total).label}"
        else:
            text = f"「{'」「'.join(unknown)}」列有未填报的单元格，无法核对{definition.row(relation.total).label}"
        yield Finding(rule_id, first_unknown, text, status=NOT_CHECKABLE, table=table.id)


def _break(table: TableData, rule_id: str, anchor: Cell, text: str) -> Finding:
    """A broken relation, pointed at the cell staff most likely got wrong (see :mod:`.blame`)."""
    found = blame(table, rule_id, anchor)
    if found is None:  # pragma: no cover - every relation a rule checks is in the definition
        return Finding(rule_id, cell_path(table, anchor), text, table=table.id, cells=(anchor,))
    if found.value is not None:
        text += f"。可能填错的是{_cell_label(table, found.cell)}一格：改为 {found.value}，{'、'.join(found.rules)} 即全部相符"
        flagged = found.cell
    else:
        # No cell is certain: the page flags the total that disagrees, a fact, not a guess.
        flagged = anchor
        if found.each_repairs:
            text += f"。单独改正{_cells_label(table, found.suspects)}中的任何一格都能全部相符，无法断定是哪一格"
        elif len(found.suspects) == 1:
            text += f"。没有哪一格单独改正即可全部相符；请先核对{_cell_label(table, found.cell)}"
        else:
            text += f"。没有哪一格单独改正即可全部相符；问题应在{_cells_label(table, found.suspects)}之中"
        if found.others:
            text += f"，其他涉及的单元格：{_cells_label(table, found.others)}"
    return Finding(rule_id, cell_path(table, found.cell), text, table=table.id, cells=(flagged,))


def _cell_label(table: TableData, cell: Cell) -> str:
    definition = table.definition
    return f"「{definition.row(cell[0]).label}」的「{definition.column(cell[1]).label}」"


def _cells_label(table: TableData, cells: tuple[Cell, ...]) -> str:
    """Cells of one column (or one row) named compactly, e.g. 「一、…」「二、…」的「自然人」."""
    definition = table.definition
    rows = [definition.row(r).label for r, _ in cells]
    columns = [definition.column(c).label for _, c in cells]
    if len(set(columns)) == 1:
        named = (
            "".join(f"「{label}」" for label in rows)
            if len(rows) <= 4
            else f"「{rows[0]}」至「{rows[-1]}」{len(rows)} 行"
        )
        return f"{named}的「{columns[0]}」"
    if len(set(rows)) == 1:
        named = (
            "".join(f"「{label}」" for label in columns)
            if len(columns) <= 4
            else f"「{columns[0]}」至「{columns[-1]}」{len(columns)} 列"
        )
        return f"「{rows[0]}」的{named}"
    shown = "、".join(_cell_label(table, cell) for cell in cells[:4])
    return shown + (f"等 {len(cells)} 格" if len(cells) > 4 else "")


def _sum_rule(prefix: str):
    def check(report: Report, context: Context) -> Iterator[Finding]:
        for table in report.tables.values():
            for relation in table.definition.sums:
                yield from _check_relation(table, relation, prefix)

    return check


@rule(
    "R3.1",
    "表三每一列：一、本年新收 + 二、上年结转 = 三（七）总计 + 四、结转下年度继续办理",
    fix="核对新收、上年结转、办理结果总计和结转下年度四个数。",
)
def check_balance(report: Report, context: Context) -> Iterator[Finding]:
    for table in report.tables.values():
        balance = table.definition.balance
        if balance is None:
            continue
        definition = table.definition
        unknown = []
        for column in definition.columns:
            left = [table.cells[(row, column.key)] for row in balance.left]
            right = [table.cells[(row, column.key)] for row in balance.right]
            if None in left or None in right:
                unknown.append(column.label)
                continue
            if sum(left) != sum(right):
                left_labels = "与".join(definition.row(r).label for r in balance.left)
                right_labels = "与".join(definition.row(r).label for r in balance.right)
                text = f"「{column.label}」列：{left_labels}之和为 {sum(left)}，但{right_labels}之和为 {sum(right)}"
                yield _break(table, balance.rule, (balance.right[0], column.key), text)
        if unknown:
            yield Finding(
                balance.rule,
                table.id,
                f"「{'」「'.join(unknown)}」列有未填报的单元格，无法核对一、二之和与（七）、四之和是否相等",
                status=NOT_CHECKABLE,
                table=table.id,
            )


rule(
    "R3.2",
    "表三每一行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他",
    fix="核对该行各类申请人的数字和总计，改正抄错的一格。",
)(_sum_rule("R3.2"))
rule(
    "R3.3",
    "表三每一列：（七）总计 = （一）至（六）各项办理结果之和",
    fix="核对（一）至（六）各项与（七）总计；部分公开的申请只计入（二）。",
)(_sum_rule("R3.3"))
rule(
    "R4",
    "表四：行政复议、未经复议直接起诉、复议后起诉的总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
    fix="核对结果维持、结果纠正、其他结果、尚未审结与总计。",
)(_sum_rule("R4"))
