"""The format definitions against the domain reference (shared/reference/FORMAT.md):
every label character for character, in order, with the same hierarchy."""

from __future__ import annotations

import re

import pytest
from nianbao.formats import load_formats, table_ids
from paths import FORMAT_MD

TEXT = FORMAT_MD.read_text(encoding="utf-8")


def code_block_after(marker: str) -> list[str]:
    start = TEXT.index(marker)
    block = TEXT[TEXT.index("```", start) + 3 :]
    return block[block.index("\n") + 1 : block.index("```")].rstrip("\n").split("\n")


def indented(lines: list[str], unit: int) -> list[tuple[int, str]]:
    return [((len(line) - len(line.lstrip(" "))) // unit, line.strip()) for line in lines if line.strip()]


@pytest.mark.parametrize("version", [2019, 2021])
def test_active_subtables_match_format_md(version):
    expected = []
    for depth, line in indented(code_block_after(f"### V{version}"), 2):
        if depth == 0:
            caption, header, *columns = [part.strip() for part in line.split("|")]
            assert header == "信息内容"
            expected.append((caption, columns, []))
        else:
            expected[-1][2].append(line)
    tables = load_formats()[version].tables
    ours = [
        (t.caption, [c.label for c in t.columns], [r.label for r in t.leaf_rows()])
        for tid, t in tables.items()
        if tid.startswith("active.")
    ]
    assert ours == expected
    assert all(t.row_header == "信息内容" for tid, t in tables.items() if tid.startswith("active."))


def _request_rows(version: int) -> list[tuple[int, str]]:
    rows = indented(code_block_after("Rows (V2019"), 2)
    # 「三、本年度办理结果」 heads the result rows: the indented lines below it are its children.
    rows = [(depth + (1 if depth == 0 and label.startswith("三、") else 0), label) for depth, label in rows]
    rows = [(1 if depth == 0 and not re.match("[一二三四]、", label) else depth, label) for depth, label in rows]
    if version == 2021:
        at = rows.index((1, "（六）其他处理"))
        extra = [(depth + 1, label) for depth, label in indented(code_block_after("V2021 is identical except"), 2)[1:]]
        rows[at + 1 : at + 1] = extra
    return rows


@pytest.mark.parametrize("version", [2019, 2021])
def test_request_rows_match_format_md(version):
    table = load_formats()[version].tables["requests"]
    ours = [(row.depth, row.label) for row in table.all_rows()]
    expected = [(min(depth, 2), label) for depth, label in _request_rows(version)]
    # FORMAT.md indents numbered items two levels under their group; depth counts levels.
    assert [label for _, label in ours] == [label for _, label in expected]
    groups = {row.label for row in table.all_rows() if row.children}
    expected_groups = {"三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理"} | (
        {"（六）其他处理"} if version == 2021 else set()
    )
    assert groups == expected_groups


@pytest.mark.parametrize("version", [2019, 2021])
def test_request_header_matches_format_md(version):
    table = load_formats()[version].tables["requests"]
    corner = re.search(r"corner cell, 3 label columns × 3 header rows: 「(.+?)」", TEXT).group(1)
    assert table.corner == corner
    columns = re.search(r"Data columns, in order: (.+?)\.\n", TEXT).group(1).split(" | ")
    assert [c.label for c in table.columns] == columns
    top = table.column_tree[0]
    assert top.label == "申请人情况"
    assert [n.label for n in top.children] == ["自然人", "法人或其他组织", "总计"]
    assert [n.label for n in top.children[1].children] == re.search(r"under 法人或其他组织: (.+?)\.\n", TEXT).group(
        1
    ).replace("「", "").replace("」", "").split(" ")


@pytest.mark.parametrize("version", [2019, 2021])
def test_appeals_match_format_md(version):
    lines = code_block_after("## 6. 表四")
    assert "行政复议 (colspan 5)" in lines[0] and "行政诉讼 (colspan 10)" in lines[0]
    table = load_formats()[version].tables["appeals"]
    assert [c.label for c in table.columns] == lines[1].split("|")[0].split()[:5]
    assert [(r.label, [c.label for c in r.children]) for r in table.rows] == [
        ("行政复议", []),
        ("行政诉讼", ["未经复议直接起诉", "复议后起诉"]),
    ]


def test_every_version_defines_the_same_sections():
    for fmt in load_formats().values():
        assert {tid.split(".")[0] for tid in fmt.tables} == {"active", "requests", "appeals"}
    assert table_ids() == [
        "active.item1",
        "active.item5",
        "active.item6",
        "active.item8",
        "active.item9",
        "requests",
        "appeals",
    ]


def test_money_columns_keep_decimals_and_signed_changes():
    v2019, v2021 = load_formats()[2019].tables, load_formats()[2021].tables
    assert v2021["active.item8"].column("amount").type == "wan"
    assert v2019["active.item9"].column("amount").type == "money"
    assert {
        t.column("change").type for tid, t in v2019.items() if tid in ("active.item5", "active.item6", "active.item8")
    } == {"signed"}
