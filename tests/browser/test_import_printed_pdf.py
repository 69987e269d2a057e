"""A PDF as a browser prints it (Chromium's 「打印 → 另存为 PDF」, with its date, title and
address in the margins): the real published pages of 平潭 printed here, then imported. The
importer was not written against these files; every number must come back under its label,
and the narrative paragraph for paragraph — in each CJK font CI installs, since fonts name
the same glyph by different code points in the text layer (Noto CJK writes the Kangxi
radical 「⼆」 for 「二」)."""

from __future__ import annotations

import pytest
from nianbao.catalog import load_catalog
from nianbao.importing import import_report
from paths import SAMPLES
from printing import CJK_FONTS, print_pdf
from samples import expected_cells
from test_import import cells, load_imported, plain

PAGES = [("pingtan-2020", 2020), ("pingtan-2023", 2023)]
CASES = [(sample, year, family) for sample, year in PAGES for family in CJK_FONTS]


@pytest.mark.parametrize("sample, year, family", CASES, ids=[f"{s}-{f}" for s, _, f in CASES])
def test_a_page_printed_to_pdf_by_the_browser_imports_exactly(browser, tmp_path, root, sample, year, family):
    pdf = print_pdf(browser, SAMPLES / f"{sample}.html", tmp_path / f"{sample}.pdf", family, display_header_footer=True)

    result = import_report(pdf, year)
    assert result.not_found == []
    catalog, report = load_imported(tmp_path, result.data)
    assert cells(report) == expected_cells(sample)
    assert catalog.problems.errors == []
    ours = next(r for r in catalog.reports if r.year == year)
    reference = next(r for r in load_catalog(root / "data", root).reports if (r.office_id, r.year) == ("pingtan", year))
    for key in ("overview", "problems", "other"):
        assert plain(reference.sections.get(key)), key
        assert plain(ours.sections.get(key)) == plain(reference.sections.get(key)), key
