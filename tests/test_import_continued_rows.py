"""A 表三 row cut by a page break, as every producer leaves it (WPS, Word, LibreOffice, a
browser's print): the row's label goes on in an extra row on the next page, the number
cells of one of the two parts are empty, and the vertical group labels beside it are cut at
the same place (「（六）其」/「他处理」). Here every 表三 row of the real samples is cut so,
both ways round (numbers with the label's first part, or with its last), and every number
must still come back under its label — read exactly, never guessed."""

from __future__ import annotations

import re

import pytest
from nianbao.importing import import_report
from paths import SAMPLES
from samples import expected_cells
from test_import import cells, load_imported

_NUMBER = re.compile(r"[0-9]+")


def _halves(text: str) -> tuple[str, str]:
    middle = len(text) // 2
    return text[:middle], text[middle:]


def cut_every_requests_row(text: str, numbers_with: str) -> str:
    """The sample's text copy with each 表三 row (a label and its 7 numbers) cut in two rows:
    each label cell split in the middle; the numbers on the first row or on the second, the
    other row's number cells empty."""
    out = []
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.split("|")][:-1] if line.rstrip().endswith("|") else None
        if not cells or len(cells) < 8 or not all(_NUMBER.fullmatch(c) for c in cells[-7:]):
            out.append(line)
            continue
        labels, numbers = cells[:-7], cells[-7:]
        if any(_NUMBER.fullmatch(label) for label in labels) or len(labels[-1]) < 6:
            out.append(line)  # 表四, or a label too short to cut
            continue
        first, second = zip(*(_halves(label) if len(label) >= 4 else (label, "") for label in labels), strict=True)
        empty = [""] * 7
        top, bottom = (numbers, empty) if numbers_with == "first" else (empty, numbers)
        out.append(" | ".join([*first, *top]) + " |")
        out.append(" | ".join([*second, *bottom]) + " |")
    return "\n".join(out) + "\n"


SAMPLES_WITH_YEAR = [("pingtan-2020", 2020), ("pingtan-2023", 2023)]
CASES = [(s, y, way) for s, y in SAMPLES_WITH_YEAR for way in ("first", "last")]


@pytest.mark.parametrize("sample, year, numbers_with", CASES, ids=[f"{s}-numbers-with-{w}" for s, _, w in CASES])
def test_rows_cut_by_a_page_break_read_every_number(tmp_path, sample, year, numbers_with):
    text = cut_every_requests_row((SAMPLES / f"{sample}.txt").read_text(encoding="utf-8"), numbers_with)
    cut = tmp_path / f"{sample}.txt"
    cut.write_text(text, encoding="utf-8")
    assert text.count("\n") > (SAMPLES / f"{sample}.txt").read_text(encoding="utf-8").count("\n") + 15

    result = import_report(cut, year)
    assert [p for p in result.not_found if p.startswith("表")] == []
    _, report = load_imported(tmp_path, result.data)
    assert cells(report) == expected_cells(sample)
