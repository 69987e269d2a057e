"""Which cell a broken sum points at: the one cell whose change repairs every break it is
in, else the cells most likely edited (rules/blame.py), on tiny reports written here."""

from __future__ import annotations

import datetime as dt

from builders import consistent_requests, report_data, value_at, write_office, write_report
from nianbao.catalog import load_catalog
from nianbao.checks.rules.blame import blame, relations
from nianbao.data.model import TableData
from nianbao.formats import table_def

TODAY = dt.date(2026, 11, 29)
NEW = "一、本年新收政府信息公开申请数量"


def problems(tmp_path):
    catalog = load_catalog(tmp_path / "data", tmp_path, today=TODAY)
    return [p.format_text() for p in catalog.problems.sorted()]


def write(tmp_path, data):
    write_office(tmp_path / "data", "dept")
    return write_report(tmp_path / "data", "dept", data)


def test_one_wrong_cell_of_new_requests_is_blamed_by_every_rule_it_breaks(tmp_path):
    """The clerk typed 一、本年新收 自然人 as 5 instead of 4: R3.2 (its row) and R3.1 (its
    column) both point at that cell, not at （七）总计."""
    data = consistent_requests(report_data(2024), granted=3, unable=1)
    data["requests"]["new"]["natural_person"] = 5
    path = write(tmp_path, data)
    where = value_at(path, "new:", "natural_person")
    hint = f"。可能填错的是「{NEW}」的「自然人」一格：改为 4，R3.1、R3.2 即全部相符"
    assert problems(tmp_path) == [
        f"data/dept/2024.yml:{where} requests.new.natural_person: [错误] 「自然人」列：{NEW}与二、上年结转政府信息公开申请数量之和为 5，"
        f"但（七）总计与四、结转下年度继续办理之和为 4{hint}（R3.1）",
        f"data/dept/2024.yml:{where} requests.new.natural_person: [错误] 「{NEW}」的总计为 4，但自然人至其他之和为 5{hint}（R3.2）",
    ]


def test_a_balance_break_alone_names_the_rows_the_clerk_fills(tmp_path):
    """一、本年新收 changed in a column and in its 总计 alike: only R3.1 breaks, and no single
    cell repairs both columns. （七）总计 agrees with the results above it, so the suspects
    are the rows the clerk fills in (一、二、四)."""
    data = consistent_requests(report_data(2024), granted=3, unable=1)
    data["requests"]["new"]["natural_person"] = 5
    data["requests"]["new"]["total"] = 5
    path = write(tmp_path, data)
    suspects = f"「{NEW}」「二、上年结转政府信息公开申请数量」「四、结转下年度继续办理」"
    assert problems(tmp_path) == [
        f"data/dept/2024.yml:{value_at(path, 'new:', column)} requests.new.{column}: [错误] 「{label}」列：{NEW}与二、上年结转政府信息公开申请数量之和为 5，"
        f"但（七）总计与四、结转下年度继续办理之和为 4。没有哪一格单独改正即可全部相符；问题应在{suspects}的「{label}」之中，"
        f"其他涉及的单元格：「（七）总计」的「{label}」（R3.1）"
        for column, label in (("natural_person", "自然人"), ("total", "总计"))
    ]


def test_two_separate_mistakes_are_blamed_separately(tmp_path):
    data = consistent_requests(report_data(2024), granted=3, unable=1)
    data["requests"]["new"]["natural_person"] = 5  # R3.1 and R3.2 of 一、本年新收
    data["appeals"]["review"]["upheld"] = 2  # R4.1 of 行政复议 (总计 0)
    path = write(tmp_path, data)
    found = problems(tmp_path)
    assert [line.split(" ")[1].rstrip(":") for line in found] == [
        "requests.new.natural_person",
        "requests.new.natural_person",
        "appeals.review.total",
    ]
    assert found[2] == (
        f"data/dept/2024.yml:{value_at(path, 'review:', 'total')} appeals.review.total: [错误] 「行政复议」的总计为 0，"
        "但结果维持、结果纠正、其他结果、尚未审结之和为 2。"
        "单独改正「行政复议」的「结果维持」「总计」中的任何一格都能全部相符，无法断定是哪一格，"
        "其他涉及的单元格：「行政复议」的「结果纠正」「其他结果」「尚未审结」（R4.1）"
    )


def test_a_repair_never_makes_a_count_negative():
    """总计 0 beside two parts of 1: lowering either part would need −1, so the one repair
    left is the total itself."""
    definition = table_def("appeals", 2021)
    cells = {(row.key, column.key): 0 for row in definition.leaf_rows() for column in definition.columns}
    cells[("review", "upheld")] = cells[("review", "corrected")] = 1
    found = blame(TableData(definition, cells), "R4.1", ("review", "total"))
    assert (found.cell, found.value, found.rules) == (("review", "total"), 2, ("R4.1",))


def test_relations_cover_every_sum_and_balance_of_the_definition():
    definition = table_def("requests", 2021)
    rules = {r.rule for r in relations(definition)}
    assert rules == {"R3.1", "R3.2", "R3.3"}
    columns, rows = len(definition.columns), len(definition.leaf_rows())
    # a row total per row, a （七）总计 and a balance per column
    assert len(relations(definition)) == rows + 2 * columns
