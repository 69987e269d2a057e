"""One policy for a report whose printed total disagrees with its parts (R3.2, R3.3, R4):
a derived figure uses the sum of the parts and is marked, or the report is left out when
the total's two breakdowns disagree with each other too (nianbao.views.measures). The
tables are constructed here; the numbers are synthetic."""

from __future__ import annotations

from nianbao.data.model import TableData
from nianbao.formats import load_formats
from nianbao.views.measures import MEASURE, derived_cell, measure_value


def _table(table_id: str, **overrides: int) -> TableData:
    """A 2021-format table of zeros, with some cells set ("row/column": value)."""
    definition = load_formats()[2021].tables[table_id]
    cells = {(row.key, column.key): 0 for row in definition.leaf_rows() for column in definition.columns}
    for key, value in overrides.items():
        row, column = key.split("/")
        cells[(row, column)] = value
    return TableData(definition, cells)


def measure_value_of(table: TableData, key: str):
    """A measure read from one table, as from a report holding it."""

    class _Report:
        tables = {table.id: table}

    return measure_value(_Report(), MEASURE[key])


def test_a_total_printed_as_zero_beside_listed_cases_becomes_their_sum():
    # 洪泽区 2023's pattern: 行政复议 总计 0 beside 10 维持 and 1 纠正.
    appeals = _table("appeals", **{"review/upheld": 10, "review/corrected": 1})
    assert derived_cell(appeals, ("review", "total")) == (11, True)
    assert derived_cell(appeals, ("review", "corrected")) == (1, False)  # not a total


def test_a_total_that_agrees_is_read_as_printed():
    appeals = _table("appeals", **{"review/upheld": 10, "review/corrected": 1, "review/total": 11})
    assert derived_cell(appeals, ("review", "total")) == (11, False)
    assert measure_value_of(appeals, "review_total") == (11, False)


def test_a_total_whose_two_breakdowns_disagree_is_left_out():
    # （七）总计 总计: 21 as printed and by applicants, 27 by results (平潭 2020's pattern).
    requests = _table(
        "requests",
        **{"results.granted/natural_person": 27, "results.granted/total": 27},
        **{"results.total/natural_person": 21, "results.total/total": 21},
    )
    assert derived_cell(requests, ("results.total", "total")) == (None, True)
    # Not reported stays not reported, with no mark.
    requests.cells[("results.total", "total")] = None
    assert derived_cell(requests, ("results.total", "total")) == (None, False)
