"""Nothing from a data file runs, and the site never contacts another origin."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from building import build_site, copy_portal
from checks import (
    PAGE_TYPES,
    event_handlers,
    foreign,
    horizontal_overflow,
    provoke,
    record_requests,
    unsafe_links,
    watch_dialogs,
)
from nianbao.catalog import load_catalog

HOSTILE = Path(__file__).resolve().parents[1] / "hostile"


@pytest.fixture(scope="module")
def hostile_url(root, tmp_path_factory, serve):
    project = copy_portal(root, tmp_path_factory.mktemp("hostile"))
    shutil.copytree(HOSTILE / "data", project / "data")
    return serve(build_site(project, project / "site"))


@pytest.mark.parametrize(
    "path", ["offices/hostile-office/2024/", "offices/hostile-office/", "offices/", "", "years/2024/", "overview/"]
)
def test_hostile_data_does_not_run(browser, hostile_url, path):
    context = browser.new_context()
    page = context.new_page()
    dialogs = watch_dialogs(page)
    requests = record_requests(page)
    page.goto(hostile_url + path)
    page.wait_for_load_state("networkidle")
    assert event_handlers(page) == []
    assert unsafe_links(page) == []
    provoke(page, "body")  # hover, focus and click everything on the page
    assert dialogs == []
    assert page.evaluate("window.__pwned") is None
    assert page.url == hostile_url + path
    assert foreign(requests, hostile_url) == []
    context.close()


def test_hostile_text_still_reads_as_text(browser, hostile_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(hostile_url + "offices/hostile-office/2024/")
    text = page.locator("article").inner_text()
    assert "<script>window.__pwned='script';alert('script')</script>" in text
    assert "第一段：<img src=x onerror=\"window.__pwned='img';alert('img')\">图片。" in text
    assert "点我" in text and "{{ 7*7 }}" in text
    assert page.locator("article a[href^='javascript:'], article a[href^='data:']").count() == 0
    assert "实体编码" in text and "引用式实体" in text and "引用式尖括号" in text
    assert page.locator("article script, article iframe, article img, article style, article svg").count() == 0
    title = "测试机关javascript:alert(document.domain)//%3Cscript%3E 2024 年度政府信息公开工作年度报告"
    assert page.locator("h1").inner_text().startswith(title)
    assert page.title() == title  # the <title> and the meta tags carry it as text
    assert page.locator('head meta[property="og:title"]').get_attribute("content") == title
    context.close()


@pytest.mark.parametrize("path", ["offices/hostile-office/2024/", "offices/hostile-office/"])
def test_a_long_word_in_a_metadata_field_does_not_widen_the_page(phone, hostile_url, path):
    phone.goto(hostile_url + path)
    assert horizontal_overflow(phone) == 0


def test_names_with_markup_are_refused(tmp_path):
    folder = tmp_path / "data" / "bad-name"
    folder.mkdir(parents=True)
    (folder / "office.yml").write_text('name: "<script>alert(1)</script>局"\nkind: 其他\n', encoding="utf-8")
    catalog = load_catalog(tmp_path / "data", tmp_path)
    assert [p.format_text() for p in catalog.problems.sorted()] == [
        "data/bad-name/office.yml:1:7 name: [错误] 不能包含字符 < >，但写成了「<script>alert(1)</script>局」"
    ]


@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_every_request_is_same_origin(page, base_url, name):
    requests = record_requests(page)
    page.goto(base_url + PAGE_TYPES[name])
    page.wait_for_load_state("networkidle")
    assert requests, "no request recorded"
    assert foreign(requests, base_url) == []


def test_searching_stays_on_the_site(page, base_url):
    requests = record_requests(page)
    page.goto(base_url)
    page.keyboard.press("/")
    page.locator("#nb-search-ui input.pagefind-ui__search-input").fill("平潭 2023")
    page.locator(".pagefind-ui__result-link").first.wait_for()
    assert any("/pagefind/" in url for url in requests)
    assert foreign(requests, base_url) == []


# Absolute URLs that appear in the theme's JavaScript and CSS but are never requested.
INERT = {
    "http://www.w3.org": "XML namespace names (SVG, XLink), not fetched",
    "https://api.github.com": "Material's repository facts, used only with repo_url, which this portal never sets",
    "https://unpkg.com": "Material's iframe-worker shim, used only by its offline plugin on file://, not enabled",
    "https://clipboardjs.com": "a licence comment",
    "https://fontawesome.com": "a licence comment",
    "https://github.com": "translators' credits in Pagefind's UI strings",
    "https://harrymkt.github.io": "a translator's credit in Pagefind's UI strings",
    "https://yekta.dev": "a translator's credit in Pagefind's UI strings",
    "https://p": "a dummy base for URL parsing in Pagefind's UI",
    "https://example.com": "a dummy base for URL parsing in Pagefind",
    "https://git.io": "a licence comment in Pagefind's highlighter",
    "https://markjs.io": "a licence comment in Pagefind's highlighter",
}
REQUESTING = re.compile(
    r"""<(?:script|link|img|iframe|source|video|audio|embed|object|track)\b[^>]*?\b(?:src|href|srcset|data)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]+)""",
    re.I,
)
CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])((?:https?:)?//[^"')\s]+)""", re.I)
ANY_URL = re.compile(r"""https?://[A-Za-z0-9.-]+""")


def scan_site(site: Path) -> list[str]:
    """Absolute URLs of other origins that the built files would load, or that their
    scripts contain (outside the allow-list above). Links a person clicks (<a href>) pass."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix not in (".html", ".css", ".js") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        name = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            found += [f"{name}: {url}" for url in REQUESTING.findall(text)]
            for script in re.findall(r"<script\b[^>]*>(.*?)</script>", text, re.S | re.I):
                found += [f"{name}: {url}" for url in ANY_URL.findall(script) if url not in INERT]
            for style in re.findall(r"<style\b[^>]*>(.*?)</style>|style=\"([^\"]*)\"", text, re.S | re.I):
                found += [f"{name}: {url}" for url in CSS_URL.findall("".join(style))]
        elif path.suffix == ".css":
            found += [f"{name}: {url}" for url in CSS_URL.findall(text)]
        else:
            found += [f"{name}: {url}" for url in ANY_URL.findall(text) if url not in INERT]
    return found


def test_built_site_refers_to_no_other_origin(site_dir):
    assert (site_dir / "pagefind" / "pagefind-ui.js").is_file()
    assert scan_site(site_dir) == []
