"""Column-aligned text: the real pages of 平潭 printed to PDF by Chromium in each CJK font CI
installs, then copied out with `pdftotext -layout` — table columns aligned with spaces, a
label's lines above and below the line of its numbers, a vertical label's pieces in the
margin of the rows. Every number must come back under its label."""

from __future__ import annotations

import pytest
from layout_text import layout_text
from nianbao.importing import import_report
from paths import SAMPLES
from printing import CJK_FONTS, print_pdf
from samples import expected_cells
from test_import import cells, load_imported

PAGES = [("pingtan-2020", 2020), ("pingtan-2023", 2023)]
CASES = [(sample, year, family) for sample, year in PAGES for family in CJK_FONTS]


@pytest.mark.parametrize("sample, year, family", CASES, ids=[f"{s}-{f}" for s, _, f in CASES])
def test_column_aligned_text_of_a_printed_page_imports_every_number(browser, tmp_path, sample, year, family):
    pdf = print_pdf(browser, SAMPLES / f"{sample}.html", tmp_path / f"{sample}.pdf", family)
    text = layout_text(pdf, tmp_path / f"{sample}.txt")

    result = import_report(text, year)
    assert [p for p in result.not_found if p.startswith("表")] == []
    _, report = load_imported(tmp_path, result.data)
    assert cells(report) == expected_cells(sample)
