"""Every number of every table within reach on a phone, and derived figures that never
misstate a report whose printed total disagrees with its parts.

The measure is the one the issue counted by hand: of the numbers in a page's tables, how
many a reader sees without scrolling sideways (inside the window, not clipped by a scrolling
box; checks.numbers_in_view), at 375 and 768 px with the large-text mode off and on, against
the same page at 1440 px, where every table shows its official grid whole.

The inconsistent report is a test fixture, built here and never published: the real
平潭综合实验区 2023 report copied into an office named 「合成测试机关」 for 2022 and 2023,
with one printed total changed in 2022 (表四 行政复议 总计 0 beside 1 维持 and 1 纠正, the
pattern of 洪泽区 2023). The real 平潭 2020 report disagrees on its own (its results add up
to 27 beside a printed 总计 of 21) and is checked on the real build.
"""

from __future__ import annotations

import shutil
from urllib.parse import urljoin

import pytest
from building import build_site, copy_portal
from checks import numbers_in_view, serious_violations
from nianbao.views.grids import label_class

#: Every page type with tables, on the real data.
TABLE_PAGES = {
    "home": "",
    "report-2019-format": "offices/pingtan/2020/",
    "report": "offices/pingtan/2023/",
    "report-penghou": "offices/penghou-jiedao/2024/",
    "office": "offices/pingtan/",
    "office-one-year": "offices/penghou-jiedao/",
    "year": "years/2023/",
    "year-2020": "years/2020/",
    "overview": "overview/",
    "audit": "audit/",
}
#: The pages only the fixture has: a compare page and an office with consecutive years.
FIXTURE_PAGES = {
    "compare": "offices/synthetic/2023/compare/",
    "office-consecutive": "offices/synthetic/",
    "year-fixture": "years/2022/",
    "report-fixture": "offices/synthetic/2022/",
}


@pytest.fixture(scope="module")
def fixture_url(root, tmp_path_factory, serve) -> str:
    project = copy_portal(root, tmp_path_factory.mktemp("inconsistent") / "portal")
    shutil.copytree(root / "data", project / "data")
    office = project / "data" / "synthetic"
    office.mkdir()
    (office / "office.yml").write_text('name: "合成测试机关"\nkind: "人民政府"\n', encoding="utf-8")
    real = (root / "data" / "pingtan" / "2023.yml").read_text(encoding="utf-8")
    note = 'notes:  # 编者说明\n  - "测试用构造数据，不是真实报告：由平潭综合实验区 2023 年度报告复制{}。"\n'
    (office / "2023.yml").write_text(real.replace("notes:  # 编者说明\n", note.format(""), 1), encoding="utf-8")
    changed = "review: {upheld: 1, corrected: 1, other: 0, pending: 0, total: 0}"
    earlier = (
        real.replace("notes:  # 编者说明\n", note.format("，改为 2022 年度，表四行政复议总计改为 0"), 1)
        .replace("year: 2023", "year: 2022", 1)
        .replace("published: 2024-03-08", "published: 2023-03-08", 1)
        .replace("review: {upheld: 1, corrected: 1, other: 0, pending: 0, total: 2}", changed, 1)
    )
    assert changed in earlier and "year: 2022" in earlier
    (office / "2022.yml").write_text(earlier, encoding="utf-8")
    return serve(build_site(project, tmp_path_factory.mktemp("inconsistent-site")))


def _counts(browser, base: str, pages: dict[str, str], width: int, large: bool) -> dict[str, dict]:
    context = browser.new_context(viewport={"width": width, "height": 812}, locale="zh-CN")
    if large:
        context.add_init_script("localStorage.setItem('nb-display', '1')")
    page = context.new_page()
    out = {}
    for name, url in pages.items():
        page.goto(base + url)
        out[name] = numbers_in_view(page)
    context.close()
    return out


def _compare_with_desktop(browser, base: str, pages: dict[str, str], large: bool) -> list[str]:
    desktop = _counts(browser, base, pages, 1440, False)
    assert all(c["seen"] == c["total"] for c in desktop.values()), desktop
    problems = []
    for width in (375, 768):
        for name, counted in _counts(browser, base, pages, width, large).items():
            if counted["total"] != desktop[name]["total"] or counted["seen"] != desktop[name]["total"]:
                problems.append(
                    f"{name} at {width}px: {counted['seen']} of {desktop[name]['total']} numbers in view,"
                    f" e.g. {counted['lost']}"
                )
    return problems


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-text"])
def test_every_table_number_is_in_view_on_a_phone(browser, base_url, large):
    assert _compare_with_desktop(browser, base_url, TABLE_PAGES, large) == []


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-text"])
def test_compare_and_trend_tables_are_in_view_on_a_phone(browser, fixture_url, large):
    assert _compare_with_desktop(browser, fixture_url, FIXTURE_PAGES, large) == []


@pytest.mark.parametrize("width", (1280, 1440))
def test_no_table_is_cut_off_on_a_desktop(browser, base_url, fixture_url, width):
    counts = {**_counts(browser, base_url, TABLE_PAGES, width, False)}
    counts.update(_counts(browser, fixture_url, FIXTURE_PAGES, width, False))
    assert {name: c["lost"] for name, c in counts.items() if c["seen"] != c["total"]} == {}
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(fixture_url + FIXTURE_PAGES["compare"])
    assert not page.locator(".md-sidebar--primary").is_visible()  # no empty left column
    # Nor a hidden table of contents in the markup (2 KB of every compare page, issue 20);
    # the phone's menu drawer, the navigation sidebar, is there.
    assert page.locator(".md-sidebar--secondary").count() == 0
    assert page.locator(".md-sidebar--primary .md-nav__link", has_text="年度").count() == 1
    # The desktop keeps the official grid on a report page: 表三's header cells are in view,
    # not folded away. (The compare page lists the changed cells only, issue 20.)
    page.goto(base_url + "offices/pingtan/2023/")
    assert page.locator("#t-requests thead th", has_text="法律服务机构").is_visible()
    context.close()


def test_the_fee_reads_whole_and_labelled_on_a_phone(phone, base_url):
    phone.goto(base_url + "offices/pingtan/2023/")
    fee = phone.locator("#t-active td", has_text="5949.088667")
    box = fee.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    # The label is the cell's ::before (nianbao-labels.css, made from the format definitions).
    shown = fee.evaluate("td => { const s = getComputedStyle(td, '::before'); return [s.display, s.content]; }")
    assert shown == ["block", '"本年收费金额（单位：万元）"']
    # Each row's own label heads its block, in view.
    assert phone.locator("#t-active th", has_text="行政事业性收费").is_visible()


@pytest.mark.parametrize("url", ["offices/pingtan/2023/", "years/2023/", "offices/pingtan/", "overview/"])
def test_phone_tables_keep_table_semantics_and_no_serious_violation(phone, base_url, url):
    phone.goto(base_url + url)
    assert serious_violations(phone) == []
    if url == "offices/pingtan/2023/":
        tree = phone.locator("#t-requests").aria_snapshot()
        assert 'rowheader "一、本年新收政府信息公开申请数量"' in tree and 'columnheader "自然人"' in tree
        assert 'cell "自然人 80"' in tree  # the number is announced with its column


def _mark_target(page, link) -> str:
    """Where a 「原文合计不符」 link leads; asserts the notice is there."""
    href = urljoin(page.url, link.get_attribute("href"))
    assert href.endswith("/#breaks"), href
    page.goto(href)
    notice = page.locator("#breaks")
    assert notice.is_visible() and "不合勾稽关系" in notice.inner_text()
    return href


def test_year_page_marks_a_report_whose_total_disagrees(page, fixture_url):
    page.goto(fixture_url + "years/2022/")
    ranking = page.locator("section.nb-ranking", has=page.locator("h3", has_text="行政复议纠正率"))
    item = ranking.locator("li", has_text="合成测试机关")
    text = item.inner_text()
    assert "无办理件" not in text
    assert "50.0%" in text and "1 / 2" in text and "原文合计不符" in text
    # The year's sums use the parts too, and say so.
    total = page.locator(f"#t-appeals-2021 td.{label_class('行政复议 · 总计')}")
    assert total.evaluate("td => td.firstChild.textContent") == "2"
    assert "原文合计不符" in total.locator("sup").get_attribute("title")
    assert page.locator(".nb-mismatch-note", has_text="合成测试机关").is_visible()
    assert _mark_target(page, item.locator("a.nb-mismatch")).endswith("offices/synthetic/2022/#breaks")


def test_office_page_marks_its_trend_table_and_chart(page, fixture_url):
    page.goto(fixture_url + "offices/synthetic/")
    row = page.locator("table.nb-trends tbody tr", has=page.locator("th", has_text="2022"))
    review = row.locator("td").nth(9)  # 行政复议, the tenth measure
    assert review.locator(".nb-cl").text_content() == "行政复议"
    assert review.evaluate("td => td.childNodes[1].textContent") == "2"
    assert review.locator("a.nb-mismatch").inner_text() == "原文合计不符"
    chart = page.locator("figure.nb-chart", has=page.locator("figcaption", has_text="行政复议（件）"))
    assert "原文合计不符" in chart.locator("desc").text_content()
    link = chart.locator("figcaption a")
    assert link.inner_text() == "2022 年度报告的说明"
    _mark_target(page, link)


def test_real_report_with_results_beyond_its_total_is_marked(page, base_url):
    """平潭 2020: its 申请办理结果 stack to 27 beside a printed 总计 of 21."""
    page.goto(base_url + "offices/pingtan/")
    chart = page.locator("#chart-pingtan-outcomes")
    assert "2020年 27（原文合计不符，按各项之和）" in chart.locator("desc").text_content()
    assert chart.locator("text.nb-value", has_text="27*").count() == 1
    page.goto(base_url + "years/2020/")
    ranking = page.locator("section.nb-ranking", has=page.locator("h3", has_text="予以公开率"))
    text = ranking.locator("li", has_text="平潭综合实验区").inner_text()
    assert "无办理件" not in text and "未计入：原文合计不符" in text
    _mark_target(page, ranking.locator("a.nb-mismatch"))


def test_policy_is_stated_once(page, base_url):
    page.goto(base_url + "about/#mismatch")
    section = page.locator("#mismatch")
    assert section.inner_text().startswith("原文合计不符的报告")


def test_404_page_is_chinese_with_ways_on(page, base_url):
    page.goto(base_url + "404.html")
    assert page.locator("article h1").inner_text() == "找不到这个页面"
    links = {a.inner_text(): a.get_attribute("href") for a in page.locator("article .nb-not-found a").all()}
    assert links == {"首页": "/.", "机关": "/offices/", "年度": "/years/"}
    page.locator("article button", has_text="搜索报告").click()
    assert page.locator("#nb-search").evaluate("d => d.open")
    assert serious_violations(page) == []
