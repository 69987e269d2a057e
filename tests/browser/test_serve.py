"""`mkdocs serve` with bad data: the browser shows the problems instead of hanging, and
shows the site by itself once the file is fixed. (`mkdocs build` still fails: see
test_bad_input.py.)"""

from __future__ import annotations

import shutil
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from building import copy_portal, serve_portal

CORPUS = Path(__file__).parents[1] / "bad_input"


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@pytest.fixture
def preview(root, tmp_path):
    """`mkdocs serve` of a portal whose one report has a broken sum."""
    project = copy_portal(root, tmp_path / "portal")
    folder = project / "data" / "sample-office"
    folder.mkdir(parents=True)
    shutil.copy(CORPUS / "office.yml", folder / "office.yml")
    # The broken sum (two errors), and 六 without the fee (a quality warning, Q6).
    text = (CORPUS / "results_sum_broken.yml").read_text(encoding="utf-8")
    text = text.replace("2023年，无收取信息处理费情况。", "")
    (folder / "2023.yml").write_text(text, encoding="utf-8")
    server, url = serve_portal(project, tmp_path / "serve.log")
    yield url, folder / "2023.yml"
    server.terminate()
    server.wait(timeout=20)


def test_the_preview_shows_the_problems_and_the_site_once_fixed(preview, page):
    url, report = preview
    status, home = _get(url)
    assert status == 200 and "<h1>数据校验未通过</h1>" in home
    status, missing = _get(url + "offices/sample-office/2023/")
    assert status == 404 and "<h1>数据校验未通过</h1>" in missing

    page.goto(url + "offices/sample-office/2023/")
    rows = page.locator("table.nb-problems tbody tr")
    assert rows.count() == 3
    cells = [[cell.inner_text() for cell in rows.nth(i).locator("td").all()] for i in range(3)]
    assert [c[0] for c in cells] == ["警告", "错误", "错误"]  # sorted by line: 六 comes first
    assert cells[0][2].startswith("质量提示：") and cells[0][2].endswith("reason: 原因}]（Q6）")
    assert cells[1][1].split("\n") == ["data/sample-office/2023.yml:51:31", "requests.results.granted.natural_person"]
    assert cells[1][2].startswith("「（一）予以公开」的总计为 22，但自然人至其他之和为 28。可能填错的是")
    assert cells[1][2].endswith("（R3.2）")
    # Readable on a phone too: the place column keeps whole words (it breaks after / and .).
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        where = rows.nth(1).locator("td.nb-where")
        broken = where.evaluate(
            """cell => [...cell.querySelectorAll('code')].flatMap(code => [...code.childNodes])
                .filter(node => node.nodeType === Node.TEXT_NODE).filter(node => {
                    const range = document.createRange(); range.selectNodeContents(node);
                    return range.getClientRects().length > 1; }).map(node => node.textContent)"""
        )
        assert broken == [], f"broken inside a word at {width} px: {broken}"

    time.sleep(1)  # the page is polling the preview server now
    shutil.copy(CORPUS / "valid_new_report.yml", report)  # the clerk fixes the file
    # No reload by the test: the page reloads itself when the rebuild has finished.
    page.wait_for_function("() => !document.querySelector('table.nb-problems')", timeout=60_000)
    assert page.locator("h1").first.inner_text().startswith("示例机关 2023 年度政府信息公开工作年度报告")
