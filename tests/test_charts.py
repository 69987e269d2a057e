"""Office trend charts do not imply data that is not there: years run on a continuous
axis, a year with no report is a gap marked 未收录 (in the chart and in the table beside
it), and one data point is listed as a figure, never drawn as a chart. Real data: 平潭
has 2020 and 2023 (2021 and 2022 are not in the portal); 彭后街道 has 2024 only."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from html_tables import cell_text
from nianbao.build.site import build_sources
from nianbao.views.charts import bar_chart


@pytest.fixture(scope="module")
def pages(root):
    sources = build_sources(root, root / "docs", today=dt.date(2026, 11, 29))
    return {name: BeautifulSoup(text, "lxml") for name, text in sources.pages.items()}


def test_missing_years_are_gaps_marked_in_the_chart(pages):
    office = pages["offices/pingtan/index.md"]
    charts = office.select("figure.nb-chart svg[role=img]")
    assert len(charts) == 6
    first = charts[0]
    assert [t.get_text() for t in first.select("text.nb-category")] == ["2020", "2021", "2022", "2023"]
    assert [t.get_text() for t in first.select("text.nb-missing")] == ["未收录", "未收录"]
    assert first.find("desc").get_text() == "新收申请（件）：2020年 21；2021年 未收录；2022年 未收录；2023年 81"
    # The gap holds no bar: two years drawn, two years marked.
    assert len(first.select("rect.nb-series-0")) == 2


def test_missing_years_are_rows_of_the_table_alternative(pages):
    table = pages["offices/pingtan/index.md"].select_one("table.nb-trends")
    rows = [[cell_text(c) for c in tr.find_all(["th", "td"])][:2] for tr in table.select("tbody tr")]
    assert rows == [["2020", "21"], ["2021", "未收录"], ["2022", "未收录"], ["2023", "81"]]
    # 2023 follows a gap: no change against a year the portal does not hold.
    assert "+" not in table.select("tbody tr")[3].get_text()


def test_one_year_is_shown_as_figures_not_charts(pages):
    office = pages["offices/penghou-jiedao/index.md"]
    assert office.select("figure.nb-chart") == []
    figures = {
        dt.get_text().rstrip("："): dt.find_next_sibling("dd").get_text() for dt in office.select(".nb-figures dt")
    }
    assert figures["新收申请（件）"] == "2024年：0"
    assert figures["行政许可（件）"] == "2024年：1782"
    assert figures["行政处罚（件）"] == "2024年：55"
    assert figures["申请办理结果（件）"].startswith("2024年：予以公开 0，部分公开 0，")
    assert "只收录了该机关一个年度" in office.select_one(".nb-figures p").get_text()


def test_a_chart_counts_only_drawn_points():
    chart = bar_chart("c", "合成测试（件）", ["2020", "2021", "2022"], [("甲", [3, None, 4])], frozenset({1}))
    assert chart.points == 2 and [b.missing for b in chart.bars] == [False, True, False]
    unreported = bar_chart("c", "合成测试（件）", ["2020", "2021"], [("甲", [None, 4])])
    assert unreported.points == 1 and not unreported.bars[0].missing


def test_many_years_stay_legible():
    """Eighteen years (2008 to 2025) on one axis: labels shortened, 未收录 upright; the
    description keeps the full years."""
    years = [str(y) for y in range(2008, 2026)]
    values = [None if y in ("2010", "2011") else 5 for y in years]
    chart = bar_chart("c", "合成测试（件）", years, [("甲", values)], frozenset({2, 3}))
    assert chart.narrow and chart.points == 16
    assert "2010年 未收录" in chart.description
    few = bar_chart("c", "合成测试（件）", years[:4], [("甲", values[:4])], frozenset({2, 3}))
    assert not few.narrow
