"""Tables that read on a phone and on a desktop: every page type, in Chromium at 375, 768,
1280 and 1440 px, with the large-text mode off and on (tests/browser/checks.py says what
is measured). At 1280 and 1440 px in normal text no table scrolls at all, and 表四's
headers read across in one line."""

from __future__ import annotations

import pytest
from checks import PAGE_TYPES, layout_problems

WIDTHS = (375, 768, 1280, 1440)
#: Every page type, and the pages with the tables that were squeezed or clipped.
PAGES = {**PAGE_TYPES, "report-2023": "offices/pingtan/2023/", "office-one-year": "offices/penghou-jiedao/"}


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-text"])
@pytest.mark.parametrize("width", WIDTHS)
def test_tables_fit_or_scroll_on_purpose(browser, base_url, width, large):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    if large:
        context.add_init_script("localStorage.setItem('nb-display', '1')")
    page = context.new_page()
    problems = []
    for name, url in PAGES.items():
        page.goto(base_url + url)
        if large:
            assert page.evaluate("document.getElementById('nb-display').checked")
        problems += [f"{name}: {p}" for p in layout_problems(page, desktop=width >= 1280 and not large)]
    context.close()
    assert problems == []


@pytest.mark.parametrize("width", (1280, 1440))
def test_appeals_headers_read_across_at_desktop_widths(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(base_url + "offices/penghou-jiedao/2024/")
    lines = page.locator("#t-appeals thead th").evaluate_all(
        """cells => cells.map(th => { const r = document.createRange(); r.selectNodeContents(th);
            return [th.textContent.trim(), new Set([...r.getClientRects()].map(x => Math.round(x.top))).size]; })"""
    )
    context.close()
    assert {text for text, _ in lines} >= {"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}
    assert [text for text, count in lines if count != 1] == []


def test_report_pages_give_the_empty_sidebar_to_the_content(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(base_url + "offices/pingtan/2023/")
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert page.locator(".md-sidebar--secondary").is_visible()  # the table of contents stays
    left = page.locator("article h1").evaluate("e => e.getBoundingClientRect().left")
    assert left < 100
    page.goto(base_url + "overview/")  # a page in the navigation keeps its sidebar
    assert page.locator(".md-sidebar--primary").is_visible()
    context.close()
