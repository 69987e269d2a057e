"""Accessibility in a real browser: axe-core on every page type, table cells announced with
their headers, keyboard-only use with a visible focus, the large-text mode."""

from __future__ import annotations

import pytest
from checks import PAGE_TYPES, focus_walk, serious_violations


@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_no_serious_or_critical_violation(page, base_url, name):
    page.goto(base_url + PAGE_TYPES[name])
    assert serious_violations(page) == []


def test_search_dialog_has_no_serious_violation(page, base_url):
    page.goto(base_url)
    page.keyboard.press("/")
    page.locator("#nb-search-ui input.pagefind-ui__search-input").fill("平潭")
    page.locator(".pagefind-ui__result-link").first.wait_for()
    assert serious_violations(page) == []


def test_table_cells_are_announced_with_their_headers(page, base_url):
    page.goto(base_url + "offices/pingtan/2023/")
    names = page.evaluate(
        """() => {
            const cell = document.querySelector('#t-requests tbody tr td');
            return cell.getAttribute('headers').split(' ').map(id => document.getElementById(id).textContent.trim());
        }"""
    )
    assert "自然人" in names and "一、本年新收政府信息公开申请数量" in names
    # And the browser exposes the table as a table of rows of header and data cells.
    tree = page.locator("#t-requests").aria_snapshot()
    assert 'rowheader "一、本年新收政府信息公开申请数量"' in tree and 'columnheader "自然人"' in tree


def test_keyboard_reaches_every_link_with_a_visible_focus(page, base_url):
    page.goto(base_url + "years/")
    links = set(
        page.evaluate(
            "() => [...document.querySelectorAll('a[href]')].filter(a => a.offsetParent !== null).map(a => a.getAttribute('href'))"
        )
    )
    walk = focus_walk(page, len(links) + 15)
    reached = {step["href"] for step in walk if step["href"]}
    assert links <= reached
    assert [step for step in walk if step["tag"] in ("A", "BUTTON", "INPUT", "LABEL") and not step["ring"]] == []


def test_keyboard_opens_search(page, base_url):
    page.goto(base_url + "offices/")
    walk = focus_walk(page, 12)
    assert any(step["tag"] == "BUTTON" and "搜索报告" in step["text"] for step in walk)
    page.keyboard.press("Escape")
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("/")
    field = page.locator("#nb-search-ui input.pagefind-ui__search-input")
    field.wait_for()
    assert page.evaluate("document.activeElement.classList.contains('pagefind-ui__search-input')")


def test_large_text_mode_needs_no_script(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "offices/pingtan/2020/")
    before = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.locator("label[for=nb-display]").click()
    after = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert after >= before * 1.25
    context.close()


def test_accessibility_statement_is_linked(page, base_url):
    page.goto(base_url)
    assert page.locator("a[href$='accessibility/']").count() >= 1
