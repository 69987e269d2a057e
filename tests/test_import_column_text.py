"""Column-aligned text made from the samples' hand-checked text copies: every table row's
cells set in columns with spaces (as `pdftotext -layout` gives them). Where a copy puts a
number on a line of its own away from its row (LibreOffice centres a cell's text
vertically, pdftotext then prints 「77」 a line above 「规范性文件      77      166」), the row's
numbers cannot be told apart by column: the row is left blank and listed, never shifted."""

from __future__ import annotations

import pytest
from nianbao.importing import import_report
from paths import SAMPLES
from samples import expected_cells
from test_import import cells, load_imported

SAMPLES_WITH_YEAR = [("pingtan-2020", 2020), ("pingtan-2023", 2023)]


def aligned(text: str, *, number_above: str | None = None) -> str:
    """The text with its ``|`` rows set in columns of spaces; the row labelled
    ``number_above`` has its first number moved to a line of its own above it."""
    out = []
    for line in text.splitlines():
        if "|" not in line:
            out.append(line)
            continue
        cells = [cell.strip() for cell in line.split("|")][:-1]
        if cells and cells[0] == number_above:
            out.append(" " * 24 + cells[1])
            cells = [cells[0], " " * len(cells[1]), *cells[2:]]
        out.append("    ".join(cell.ljust(12) for cell in cells).rstrip())
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("sample, year", SAMPLES_WITH_YEAR, ids=[s for s, _ in SAMPLES_WITH_YEAR])
def test_column_aligned_text_reads_every_number(tmp_path, sample, year):
    path = tmp_path / f"{sample}.txt"
    path.write_text(aligned((SAMPLES / f"{sample}.txt").read_text(encoding="utf-8")), encoding="utf-8")
    result = import_report(path, year)
    assert [p for p in result.not_found if p.startswith("表")] == []
    _, report = load_imported(tmp_path, result.data)
    assert cells(report) == expected_cells(sample)


def test_a_number_away_from_its_row_leaves_the_row_blank_never_shifted(tmp_path):
    path = tmp_path / "pingtan-2020.txt"
    text = aligned((SAMPLES / "pingtan-2020.txt").read_text(encoding="utf-8"), number_above="规范性文件")
    path.write_text(text, encoding="utf-8")
    result = import_report(path, 2020)
    row = ("active.item1", "normative_docs")
    assert [p for p in result.not_found if p.startswith("表")] == [
        "表二第二十条第（一）项：规范性文件 · 对外公开总数量",
        "表二第二十条第（一）项：规范性文件 · 本年新制作数量（此行数字不全，无法确定各数字属于哪一列）",
        "表二第二十条第（一）项：规范性文件 · 本年新公开数量（此行数字不全，无法确定各数字属于哪一列）",
    ]
    _, report = load_imported(tmp_path, result.data)
    got, want = cells(report), expected_cells("pingtan-2020")
    assert {k: v for k, v in got.items() if k[:2] == row} == {k: "" for k in want if k[:2] == row}
    assert {k: v for k, v in got.items() if k[:2] != row} == {k: v for k, v in want.items() if k[:2] != row}
