"""The audit's pages in a real browser: 与上年对比 (changes marked by more than colour) and
/audit/ (sortable with its small local script), on a synthetic office with two years."""

from __future__ import annotations

import pytest
from builders import report_data, write_office, write_report
from building import build_site, copy_portal
from checks import serious_violations


@pytest.fixture(scope="module")
def two_year_url(root, tmp_path_factory, serve) -> str:
    project = copy_portal(root, tmp_path_factory.mktemp("audit-portal"))
    data = project / "data"
    write_office(data, "synth", name="合成测试机关")
    write_office(data, "other", name="合成测试其他机关")
    last = report_data(2023, origin="published", requests__new__total=30, requests__results__total__total=30)
    last["sections"]["overview"] = "合成测试：依申请公开方面，去年共受理申请30件。工作很好。"
    this = report_data(2024, origin="published", requests__new__total=32, requests__results__total__total=32)
    this["sections"]["overview"] = "合成测试：依申请公开方面，今年共受理申请34件。工作很好。"
    write_report(data, "synth", last)
    write_report(data, "synth", this)
    write_report(data, "other", report_data(2024, origin="published"))
    return serve(build_site(project, project / "site"))


@pytest.mark.parametrize("path", ["offices/synth/2024/compare/", "audit/"])
def test_no_serious_or_critical_violation(page, two_year_url, path):
    page.goto(two_year_url + path)
    assert serious_violations(page) == []


def test_changes_are_marked_by_more_than_colour(page, two_year_url):
    page.goto(two_year_url + "offices/synth/2024/")
    page.get_by_role("link", name="与上年对比").click()
    page.wait_for_url("**/offices/synth/2024/compare/")
    added = page.locator(".nb-diff ins").filter(has_text="34").first
    added.wait_for()  # all_inner_texts() below does not wait for the page
    # The sign is visible; screen readers hear 「（新增：34）」 instead.
    signs = "e => [getComputedStyle(e, '::before').content, getComputedStyle(e, '::after').content]"
    assert added.evaluate(signs) == ['"［＋" / ""', '"］" / ""']  # drawn, and silent for screen readers
    assert added.locator(".nb-sr").all_text_contents() == ["（新增：", "）"]
    assert "underline" in added.evaluate("e => getComputedStyle(e).textDecorationLine")
    removed = page.locator(".nb-diff del").filter(has_text="30").first
    assert removed.evaluate(signs) == ['"［－" / ""', '"］" / ""']
    assert "line-through" in removed.evaluate("e => getComputedStyle(e).textDecorationLine")
    changed = page.get_by_role("region", name="表三中有变化的单元格").locator("tbody tr").first
    assert changed.locator("th").inner_text() == "一、本年新收政府信息公开申请数量"
    assert changed.locator("td").inner_text() == "总计 32（上年 30，+2）"


def test_audit_table_sorts_by_any_column(page, two_year_url):
    page.goto(two_year_url + "audit/")
    table = page.locator("table.nb-audit")
    first_cells = lambda: table.locator("tbody tr th").all_inner_texts()  # noqa: E731
    assert first_cells()[0] == "合成测试机关"  # most findings first, as built
    table.get_by_role("button", name="机关").click()
    assert table.locator("thead th").first.get_attribute("aria-sort") == "ascending"
    ascending = first_cells()
    table.get_by_role("button", name="机关").click()
    assert first_cells() == list(reversed(ascending))
