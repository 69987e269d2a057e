"""The bad-input corpus: one defect per file, each reported once, at its line, in Chinese.
Expected messages are in bad_input/expected.yml (checked by hand, see its header)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from building import copy_portal, run_mkdocs
from nianbao.catalog import load_catalog
from nianbao.views.grids import label_class

CORPUS = Path(__file__).parent / "bad_input"
EXPECTED = yaml.safe_load((CORPUS / "expected.yml").read_text(encoding="utf-8"))
TODAY = dt.date(2026, 11, 29)


def messages_for(case_file: Path, tmp_path: Path) -> list[str]:
    folder = tmp_path / "data" / "sample-office"
    folder.mkdir(parents=True)
    shutil.copy(CORPUS / "office.yml", folder / "office.yml")
    shutil.copy(case_file, folder / "2023.yml")
    catalog = load_catalog(tmp_path / "data", tmp_path, today=TODAY)
    return [p.format_text() for p in catalog.problems.sorted()]


def test_every_corpus_file_has_expectations():
    cases = {p.stem for p in CORPUS.glob("*.yml")} - {"office", "expected"}
    assert cases == set(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_defect_is_reported_once_at_its_line(case, tmp_path):
    assert messages_for(CORPUS / f"{case}.yml", tmp_path) == EXPECTED[case]


def _project(tmp_path: Path, root: Path, report: Path) -> Path:
    """A copy of the portal whose data is one office with one report."""
    project = copy_portal(root, tmp_path / "portal")
    folder = project / "data" / "sample-office"
    folder.mkdir(parents=True)
    shutil.copy(CORPUS / "office.yml", folder / "office.yml")
    shutil.copy(report, folder / "2023.yml")
    return project


def _build(project: Path) -> subprocess.CompletedProcess:
    return run_mkdocs(project, project / "site")


def test_a_rule_break_in_a_new_report_fails_the_build(tmp_path, root):
    result = _build(_project(tmp_path, root, CORPUS / "results_sum_broken.yml"))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert errors[:2] == [f"ERROR   -  {m}" for m in EXPECTED["results_sum_broken"]]
    assert "数据校验未通过：2 个错误" in result.stderr
    assert "Traceback" not in result.stderr


def _published_page(tmp_path: Path, root: Path, case: str) -> str:
    """Build the case as a report taken from a published document; return its page."""
    text = (CORPUS / f"{case}.yml").read_text(encoding="utf-8")
    text = text.replace('origin: "new"', 'origin: "published"\nsource: {title: "示例"}')
    report = tmp_path / "published.yml"
    report.write_text(text, encoding="utf-8")
    project = _project(tmp_path, root, report)
    result = _build(project)
    assert result.returncode == 0, result.stderr
    return (project / "site" / "offices" / "sample-office" / "2023" / "index.html").read_text(encoding="utf-8")


def test_the_same_break_in_a_published_report_is_shown_on_its_page(tmp_path, root):
    page = _published_page(tmp_path, root, "results_sum_broken")
    assert "「自然人」列的（七）总计为 80，但（一）予以公开至（六）其他处理之和为 86" in page


def test_not_reported_cells_show_and_make_rules_uncheckable(tmp_path, root):
    soup = BeautifulSoup(_published_page(tmp_path, root, "not_reported_total"), "lxml")
    cell = soup.find("th", string="（一）予以公开").find_parent("tr").find_all("td")[-1]
    # The column label (shown beside the number on narrow screens only) names the column.
    assert label_class("总计") in cell["class"]
    assert "nb-nr" in cell["class"] and cell.get_text() == "—未填报"
    uncheckable = [li.get_text(" ", strip=True) for li in soup.select(".nb-check-not_checkable")]
    assert [text.split(" ")[:2] for text in uncheckable] == [["无法核对", "R3.2"], ["无法核对", "R3.3"]]
    assert "「（一）予以公开」行有未填报的单元格，无法核对其总计" in uncheckable[0]


def test_a_syntax_error_fails_the_build_without_traceback(tmp_path, root):
    result = _build(_project(tmp_path, root, CORPUS / "unclosed_brace.yml"))
    assert result.returncode == 1
    assert f"ERROR   -  {EXPECTED['unclosed_brace'][0]}" in result.stderr.splitlines()
    assert "Traceback" not in result.stderr
