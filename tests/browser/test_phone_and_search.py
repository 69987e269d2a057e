"""On a 375 px phone: no page scrolls sideways, wide tables list their rows as blocks with
their row and column labels in view. Search finds reports by office, year and phrases of their text."""

from __future__ import annotations

import re

import pytest
from checks import PAGE_TYPES, horizontal_overflow


@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_no_page_scrolls_sideways_on_a_phone(phone, base_url, name):
    phone.goto(base_url + PAGE_TYPES[name])
    assert horizontal_overflow(phone) == 0


@pytest.mark.parametrize(
    "table, label",
    [("#t-requests", "（三）不予公开"), ("#t-requests", "4.保护第三方合法权益"), ("#t-active", "行政规范性文件")],
)
def test_wide_tables_list_their_rows_with_labels_in_view(phone, base_url, table, label):
    """A table wider than a phone lists each row as a block (nianbao.css): nothing scrolls
    sideways, the row's label heads it, and each number has its column's headers beside it."""
    phone.goto(base_url + "offices/pingtan/2023/")
    box = phone.locator(f".nb-table-scroll:has({table})")
    assert box.evaluate("b => b.scrollWidth - b.clientWidth") == 0
    header = phone.locator(f"{table} th", has_text=label).first
    header.scroll_into_view_if_needed()
    bounds = header.bounding_box()
    assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= 375, f"{label} out of view"
    row = header.locator("xpath=ancestor::tr[1]")
    for cell in row.locator("td").all():
        # The column label is the cell's ::before (nianbao-labels.css, from the format definitions).
        shown = cell.evaluate("td => { const s = getComputedStyle(td, '::before'); return [s.display, s.content]; }")
        assert shown[0] == "block" and len(shown[1]) > 2, shown
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert horizontal_overflow(phone) == 0


#: Real queries a citizen types, and the report that must be among the first three results.
QUERIES = [
    ("彭后街道办事处", "offices/penghou-jiedao/2024/"),
    ("棉七社区", "offices/penghou-jiedao/2024/"),
    ("五星级服务站", "offices/penghou-jiedao/2024/"),
    ("平潭 2023", "offices/pingtan/2023/"),
    ("平潭 2020", "offices/pingtan/2020/"),
    ("问政平潭", "offices/pingtan/2020/"),
    ("一窗通办", "offices/pingtan/2020/"),
    ("台湾地区标准题录数据库", "offices/pingtan/2023/"),
    ("平潭综合实验区 政府信息公开工作年度报告", "offices/pingtan/2023/"),
]


def search(page, query: str) -> list[str]:
    page.keyboard.press("/")
    field = page.locator("#nb-search-ui input.pagefind-ui__search-input")
    field.fill(query)
    page.locator(".pagefind-ui__message").filter(has_text=query).wait_for()
    # Results arrive as placeholders first: wait until every one has its link.
    page.wait_for_function(
        "() => { const items = [...document.querySelectorAll('li.pagefind-ui__result')];"
        " return items.length > 0 && items.every(li => li.querySelector('.pagefind-ui__result-link')); }"
    )
    # One link per result (its page); the section links nested under it are not counted.
    return page.locator("li.pagefind-ui__result").evaluate_all(
        "items => items.map(li => li.querySelector('.pagefind-ui__result-link').getAttribute('href'))"
    )


@pytest.mark.parametrize("query, expected", QUERIES)
def test_search_finds_the_report_in_the_top_three(page, base_url, query, expected):
    page.goto(base_url)
    results = search(page, query)
    assert f"/{expected}" in results[:3], results


def test_search_results_show_office_and_year_with_highlights(page, base_url):
    page.goto(base_url + "years/")
    search(page, "棉七社区")
    first = page.locator(".pagefind-ui__result").first
    assert (
        first.locator(".pagefind-ui__result-title").first.inner_text()
        == "彭后街道办事处 2024 年度政府信息公开工作年度报告"
    )
    # Chinese is segmented into words, each highlighted where it matches.
    marked = "".join(first.locator("mark").all_inner_texts())
    assert "棉" in marked and "社区" in marked
    # Results name the office and the year in their titles.
    titles = page.locator("li.pagefind-ui__result .pagefind-ui__result-title").first.all_inner_texts()
    assert titles and "2024 年度" in titles[0]


def test_search_works_on_a_phone(phone, base_url):
    phone.goto(base_url + "offices/")
    phone.locator("[data-nb-search-open]").click()
    phone.locator("#nb-search-ui input.pagefind-ui__search-input").fill("问政平潭")
    phone.locator(".pagefind-ui__result-link").first.wait_for()
    assert horizontal_overflow(phone) == 0


def test_search_snippets_read_as_chinese(page, base_url):
    """Pieces are joined by 「；」, not by Pagefind's English full stop, and a label stands
    apart from its value (「机关类型：街道办事处」, not 「机关类型街道办事处」)."""
    page.goto(base_url)
    search(page, "彭后街道办事处 机关类型")
    excerpts = page.locator(".pagefind-ui__result-excerpt").all_inner_texts()
    assert excerpts
    joined = "\n".join(excerpts)
    assert not re.search(r"[\u3400-\u9fff）」]\.(\s|$)", joined), joined
    assert "机关类型：街道办事处" in joined and "机关类型街道办事处" not in joined
    assert "；" in joined


@pytest.mark.parametrize(
    "group, value, expected",
    [
        ("年度", "2023 年度", ["/offices/pingtan/2023/"]),
        ("机关类型", "街道办事处", ["/offices/penghou-jiedao/", "/offices/penghou-jiedao/2024/"]),
    ],
)
def test_search_narrows_by_year_and_office_kind(page, base_url, group, value, expected):
    page.goto(base_url)
    everything = search(page, "报告")
    assert len(everything) > len(expected)
    page.locator(".pagefind-ui__filter-name", has_text=group).click()
    page.locator(".pagefind-ui__filter-label", has_text=value).click()
    page.wait_for_function(
        "n => document.querySelectorAll('li.pagefind-ui__result').length === n"
        " && [...document.querySelectorAll('li.pagefind-ui__result')].every(li => li.querySelector('.pagefind-ui__result-link'))",
        arg=len(expected),
    )
    links = page.locator("li.pagefind-ui__result").evaluate_all(
        "items => items.map(li => li.querySelector('.pagefind-ui__result-link').getAttribute('href'))"
    )
    assert sorted(links) == expected
