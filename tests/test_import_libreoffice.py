"""The real published pages of 平潭 converted to PDF by LibreOffice (`soffice --headless
--convert-to pdf`, as offices do with WPS or Word's 「另存为 PDF」), in each CJK font CI
installs, with blank lines added before 表三 so that page breaks fall at different rows of
it. LibreOffice cuts a row at a page break (its label goes on in a row of its own on the
next page, the vertical group labels are cut too): every number must still come back."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from fonts import CJK_FONTS, assert_drawn_in, require_font
from layout_text import layout_text
from nianbao.importing import import_report
from paths import SAMPLES
from samples import expected_cells
from test_import import cells, load_imported

PAGES = [("pingtan-2020", 2020), ("pingtan-2023", 2023)]
#: Blank paragraphs put before 表三's section: each moves the page breaks through the table.
SHIFTS = (0, 10, 20)


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.fail("测试需要 LibreOffice：apt-get install -y libreoffice-writer-nogui（.ci/run 会安装）")
    return found


def _page_in(html: str, family: str, shift: int) -> str:
    # LibreOffice's HTML import takes a font from an element's own style only.
    html = re.sub(r"<(p|td|th|span|div|h\d)(?=[\s>])", lambda m: f"<{m[1]} style=\"font-family:'{family}'\"", html)
    at = html.rfind("<p", 0, html.find("收到和处理政府信息公开申请情况"))
    return html[:at] + "<p>&nbsp;</p>" * shift + html[at:]


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """Every sample × font × shift, converted in one LibreOffice run (it starts slowly)."""
    soffice = _soffice()
    for family in CJK_FONTS:
        require_font(family)
    folder = tmp_path_factory.mktemp("libreoffice")
    names = []
    for sample, _ in PAGES:
        html = (SAMPLES / f"{sample}.html").read_text(encoding="utf-8")
        for index, family in enumerate(CJK_FONTS):
            for shift in SHIFTS:
                name = f"{sample}-{index}-{shift}"
                (folder / f"{name}.html").write_text(_page_in(html, family, shift), encoding="utf-8")
                names.append(name)
    profile = folder / "profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf", "--outdir"]
        + [str(folder)]
        + [str(folder / f"{name}.html") for name in names],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return folder


CASES = [(s, y, f, shift) for s, y in PAGES for f in CJK_FONTS for shift in SHIFTS]


@pytest.mark.parametrize("sample, year, family, shift", CASES, ids=[f"{c[0]}-{c[2]}-{c[3]}" for c in CASES])
def test_a_libreoffice_pdf_imports_every_number(converted, tmp_path, sample, year, family, shift):
    pdf = converted / f"{sample}-{list(CJK_FONTS).index(family)}-{shift}.pdf"
    assert_drawn_in(pdf, family)
    result = import_report(pdf, year)
    assert [p for p in result.not_found if p.startswith("表")] == []
    _, report = load_imported(tmp_path, result.data)
    assert cells(report) == expected_cells(sample)


@pytest.mark.parametrize("sample, year, family, shift", CASES, ids=[f"{c[0]}-{c[2]}-{c[3]}" for c in CASES])
def test_column_aligned_text_of_a_libreoffice_pdf_imports_every_number(
    converted, tmp_path, sample, year, family, shift
):
    """The same PDFs copied out with `pdftotext -layout`: columns aligned with spaces."""
    pdf = converted / f"{sample}-{list(CJK_FONTS).index(family)}-{shift}.pdf"
    result = import_report(layout_text(pdf, tmp_path / f"{sample}.txt"), year)
    assert [p for p in result.not_found if p.startswith("表")] == []
    _, report = load_imported(tmp_path, result.data)
    assert cells(report) == expected_cells(sample)


def test_some_of_those_pdfs_cut_a_row_at_a_page_break(converted):
    """The case above is really met: a page that opens with a row whose number cells are
    all empty and whose label cell is not (the rest of a row cut on the page before)."""
    import pdfplumber

    cut = []
    for pdf in sorted(converted.glob("*.pdf")):
        with pdfplumber.open(str(pdf)) as document:
            for number, page in enumerate(document.pages[1:], 2):
                tables = page.find_tables()
                first = tables[0].extract()[0] if tables else []
                if len(first) >= 8 and not any((c or "").strip() for c in first[-7:]) and any(first[:-7]):
                    cut.append((pdf.name, number, [c for c in first[:-7] if c]))
    assert len(cut) >= 3, cut
