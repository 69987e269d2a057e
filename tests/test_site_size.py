"""What the data costs in the built site: nothing from a data file is repeated per table
row, cell or finding (issue 25, item 5). The longest office name the schema accepts (100
characters; a 20,000-character one, as the review wrote, is refused) may appear on each page
that names the office, never once per line of a download: measured as the site's growth
against the data's, in the same test."""

from __future__ import annotations

import shutil
import zipfile

from builders import report_data, write_office, write_report
from building import build_site, copy_portal, run_mkdocs
from paths import ROOT

LONG_NAME = "合成测试" + "长" * 96  # 100 characters: the most an office's name may have


def _portal(folder, name):
    project = copy_portal(ROOT, folder)
    data = project / "data"
    data.mkdir()
    shutil.copy(ROOT / "data" / "portal.yml", data / "portal.yml")
    write_office(data, "long", name=name)
    for year in (2023, 2024):  # two consecutive years: the second has a compare page
        write_report(data, "long", report_data(year))
    return project


def _bytes(folder):
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _copies(site, text):
    """How many times each file holds ``text`` (a ZIP archive: all its members)."""
    needle = text.encode("utf-8")
    counts = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                counts[path.relative_to(site).as_posix()] = sum(
                    archive.read(n).count(needle) for n in archive.namelist()
                )
        else:
            counts[path.relative_to(site).as_posix()] = path.read_bytes().count(needle)
    return counts


def test_a_long_office_name_is_written_per_page_and_file_not_per_row(tmp_path):
    sites, data, built = {}, {}, {}
    for label, name in (("short", "合成测试机关"), ("long", LONG_NAME)):
        project = _portal(tmp_path / label, name)
        built[label] = build_site(project, project / "site", {"SITE_URL": "https://portal.invalid/"})
        sites[label], data[label] = _bytes(built[label]), _bytes(project / "data")
    grown_site, grown_data = sites["long"] - sites["short"], data["long"] - data["short"]
    assert grown_data > 280  # the name, 3 bytes a character
    copies = {k: v for k, v in _copies(built["long"], LONG_NAME).items() if v}
    # A download names the office once per file (a report's JSON: its office and its title;
    # the archive: offices.csv and the JSON), never once per table row or cell.
    downloads = {k: v for k, v in copies.items() if k.startswith("data/") and not k.endswith(".html")}
    assert downloads and max(downloads.values()) <= 4, downloads
    # A page names it in its title, heading, breadcrumbs and metadata: a bounded number of times.
    assert max(copies.values()) <= 16, copies
    # Two reports, their compare page, the office's page, the lists: about 40 copies a report
    # today; one per line of a download (as the CSV had: 250 lines a report) would be hundreds.
    reports = 2
    print(f"site grew {grown_site / grown_data:.1f}× the name ({grown_site / grown_data / reports:.1f}× a report)")
    assert grown_site <= 50 * grown_data * reports, (grown_site, grown_data)


def test_an_office_name_longer_than_the_schema_allows_is_refused(tmp_path):
    project = _portal(tmp_path / "review", "合成测试" + "长" * 19_996)  # the review's 20,000 characters
    result = run_mkdocs(project, project / "site")
    assert result.returncode != 0
    assert "data/long/office.yml:3:7 name: [错误] 不能超过 100 个字" in result.stderr
