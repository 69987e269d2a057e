"""A PDF as a browser prints it (Chromium's 「打印 → 另存为 PDF」, with its date, title and
address in the margins): the real published pages of 平潭 printed here, then imported. The
importer was not written against these files; every number must come back under its label,
and the narrative paragraph for paragraph."""

from __future__ import annotations

import pytest
from nianbao.catalog import load_catalog
from nianbao.importing import import_report
from paths import SAMPLES
from samples import expected_cells
from test_import import cells, load_imported, plain

PAGES = [("pingtan-2020", 2020), ("pingtan-2023", 2023)]


@pytest.mark.parametrize("sample, year", PAGES, ids=[p[0] for p in PAGES])
def test_a_page_printed_to_pdf_by_the_browser_imports_exactly(browser, tmp_path, root, sample, year):
    page = browser.new_page()
    page.goto((SAMPLES / f"{sample}.html").as_uri())
    pdf = tmp_path / f"{sample}.pdf"
    page.pdf(path=str(pdf), format="A4", display_header_footer=True, print_background=False)
    page.close()

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
