"""Comparing offices and years, on a multi-office data set written by the test: the
publication matrix, year totals (against the report pages' own cells), rankings, trends."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from builders import consistent_requests, report_data, write_office, write_report
from html_tables import cell_text, expand
from nianbao.build.site import build_sources

TODAY = dt.date(2025, 6, 1)


@pytest.fixture(scope="module")
def site(tmp_path_factory, root):
    portal = tmp_path_factory.mktemp("portal")
    data = portal / "data"
    (portal / "docs").mkdir()
    (portal / "overrides").symlink_to(root / "overrides")
    write_office(data, "dept", name="甲局", kind="政府部门")
    write_office(data, "gov", name="乙区人民政府", kind="人民政府")
    write_office(data, "street", name="丙街道办事处", kind="街道办事处", first_year=2023)
    write_office(data, "late-comer", name="丁局", kind="政府部门", first_year=2024)
    write_report(
        data,
        "dept",
        consistent_requests(report_data(2023, published=dt.date(2024, 1, 31)), granted=4, unable=1, carried_forward=1),
    )
    dept = report_data(2024, published=dt.date(2025, 2, 3))
    dept["requests"]["carried_over"]["natural_person"] = 1
    dept["requests"]["carried_over"]["total"] = 1
    write_report(data, "dept", consistent_requests(dept, granted=6, unable=4))
    write_report(
        data, "gov", consistent_requests(report_data(2023, published=dt.date(2024, 3, 31)), granted=1, unable=3)
    )
    write_report(
        data, "street", consistent_requests(report_data(2024, published=dt.date(2025, 5, 1)), granted=0, unable=0)
    )
    sources = build_sources(portal, portal / "docs", today=TODAY)
    assert sources.catalog.problems.errors == [] and sources.catalog.problems.warnings == []
    return {name: BeautifulSoup(text, "lxml") for name, text in sources.pages.items()}


def test_overview_marks_on_time_late_and_missing(site):
    table = site["overview.md"].select_one("table.nb-matrix")
    matrix = expand(table.select("tr"))
    cells = {
        (line[0].text, header.text): cell.text
        for line in matrix[1:]
        for header, cell in zip(matrix[0][1:], line[1:], strict=False)
    }
    assert cells == {
        ("乙区人民政府", "2024年度"): "未收录",  # due 2025-03-31, and it is 2025-06-01
        ("乙区人民政府", "2023年度"): "按期发布",
        ("甲局", "2024年度"): "逾期发布逾期3天",
        ("甲局", "2023年度"): "按期发布",
        ("丁局", "2024年度"): "未收录",
        ("丁局", "2023年度"): "不适用",  # owed no report that year
        ("丙街道办事处", "2024年度"): "已发布",
        ("丙街道办事处", "2023年度"): "未收录",
    }
    links = {a.get_text(): a["href"] for a in table.select("td a")}
    assert links["逾期发布"] == "../offices/dept/2024/"


def test_year_totals_equal_the_sums_of_the_report_pages(site):
    def requests_cells(soup):
        table = soup.select_one("table[id^=t-requests]")
        rows = expand(table.select("tr"))
        return [[c.text for c in line if not c.header] for line in rows if any(not c.header for c in line)]

    reports = [site["offices/dept/2024.md"], site["offices/street/2024.md"]]
    expected = [
        [str(sum(int(r[i][j]) for r in map(requests_cells, reports))) for j in range(7)]
        for i in range(len(requests_cells(reports[0])))
    ]
    year = site["years/2024.md"]
    assert requests_cells(year) == expected
    assert expected[0] == ["9", "0", "0", "0", "0", "0", "9"]  # 一、本年新收: 6 + 4 − 1 carried over, and 0


def test_rankings_define_and_order_the_rates(site):
    year = site["years/2023.md"]
    sections = {s.h3.get_text(): s for s in year.select("section.nb-ranking")}
    granted = sections["予以公开率"]
    assert "表三（一）予以公开 ÷（七）总计（总计列）" in granted.get_text()
    assert [li.get_text(strip=True) for li in granted.select("li")] == [
        "甲局：80.0%（4 / 5）",
        "乙区人民政府：25.0%（1 / 4）",
    ]
    review = sections["行政复议纠正率"]
    assert [li.get_text(strip=True) for li in review.select("li")] == [
        "甲局：—（无办理件）",
        "乙区人民政府：—（无办理件）",
    ]


def test_office_trends_and_report_changes(site):
    office = site["offices/dept/index.md"]
    charts = office.select("figure.nb-chart svg[role=img]")
    assert len(charts) == 6 and charts[0].find("title").get_text() == "新收申请（件）"
    assert charts[0].find("desc").get_text() == "新收申请（件）：2023年 6；2024年 9"
    trend = office.select_one("table.nb-trends")
    rows = [[cell_text(c) for c in tr.find_all(["th", "td"])][:3] for tr in trend.select("tbody tr")]
    assert rows == [["2023", "6", "4"], ["2024", "9+3（+50.0%）", "6+2（+50.0%）"]]
    report = site["offices/dept/2024.md"]
    changes = {
        tr.th.get_text(): [cell_text(td) for td in tr.find_all("td")]
        for tr in report.select("table.nb-changes tbody tr")
    }
    assert changes["新收申请"] == ["9", "6", "+3（+50.0%）"]
    assert changes["行政许可"] == ["0", "0", "持平"]


def test_every_symbol_of_the_overview_has_a_visible_legend(site):
    page = site["overview.md"]
    legend = {s["class"][0]: s.get_text() for s in page.select(".nb-legend-box strong")}
    used = {c for td in page.select("table.nb-matrix td") for c in td["class"] if c.startswith("nb-st-")}
    assert used >= {"nb-st-on_time", "nb-st-late", "nb-st-published", "nb-st-missing", "nb-st-none"}
    assert used <= set(legend)
    for td in page.select("table.nb-matrix td"):
        words = td.find(string=True, recursive=True)
        assert words and words.strip() == legend[td["class"][0]], td  # a word, never a blank cell
    assert "逾期 N 天" in page.select_one(".nb-legend-box").get_text()
