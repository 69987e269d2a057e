"""The arithmetic of the standard tables (FORMAT.md §7), read from the format definitions."""

from __future__ import annotations

from collections.abc import Iterator

from ..formats import SumRelation, TableDef
from ..model import Report, TableData
from . import NOT_CHECKABLE, Context, Finding, cell_path, rule


def _sum_lines(definition: TableDef, relation: SumRelation):
    """(line key, total cell, part cells) for every line the relation applies to."""
    if relation.axis == "columns":
        for row in definition.leaf_rows():
            yield row.key, (row.key, relation.total), [(row.key, c) for c in relation.parts]
    else:
        for column in definition.columns:
            yield column.key, (relation.total, column.key), [(r, column.key) for r in relation.parts]


def _describe_parts(definition: TableDef, relation: SumRelation) -> str:
    if relation.axis == "columns":
        labels = [definition.column(key).label for key in relation.groups]
    else:
        labels = [definition.row(key).label for key in relation.groups]
    return "、".join(labels) if len(labels) <= 4 else f"{labels[0]}至{labels[-1]}"


def _line_label(definition: TableDef, relation: SumRelation, line: str) -> str:
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
            yield Finding(
                rule_id,
                cell_path(table, total_cell),
                f"{_line_label(definition, relation, line)}为 {total}，但{_describe_parts(definition, relation)}之和为 {parts}",
                table=table.id,
                cells=(total_cell,),
            )
    if unknown:
        rule_id = relation.rule_for("*") or rule_id_filter
        if relation.axis == "columns":
            text = f"「{'」「'.join(unknown)}」行有未填报的单元格，无法核对其{definition.column(relation.total).label}"
        else:
            text = f"「{'」「'.join(unknown)}」列有未填报的单元格，无法核对{definition.row(relation.total).label}"
        yield Finding(rule_id, first_unknown, text, status=NOT_CHECKABLE, table=table.id)


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
                yield Finding(
                    balance.rule,
                    f"{table.id}.{balance.right[0]}.{column.key}",
                    f"「{column.label}」列：{left_labels}之和为 {sum(left)}，但{right_labels}之和为 {sum(right)}",
                    table=table.id,
                    cells=tuple((r, column.key) for r in balance.right),
                )
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
