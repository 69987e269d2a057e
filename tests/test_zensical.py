"""The portal built with Zensical (the second engine, nianbao.build.zensical) against the
samples' hand-checked numbers and against a MkDocs build of the same data: every table cell,
the search index and the downloads."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from building import build_site, copy_portal
from html_tables import page
from samples import SAMPLE_REPORTS, expected_cells
from test_build import read_active, read_appeals, read_requests

pytest.importorskip("zensical", reason="Zensical is not installed: pip install -e '.[zensical]'")

from nianbao.build.zensical import ZensicalBuildError, build_with_zensical  # noqa: E402

#: Files every build writes for all data (the workbook and feed included).
TOTALS = (
    *(f"data/all-{year}.zip" for year in sorted({year for _, year in SAMPLE_REPORTS})),
    "data/nianbao.xlsx",
    "data/feed.xml",
    "data/schema.json",
)


@pytest.fixture(scope="module")
def zensical_site(root, tmp_path_factory):
    site = tmp_path_factory.mktemp("zensical") / "site"
    assert build_with_zensical(root, site).pages
    return site


@pytest.fixture(scope="module")
def mkdocs_site(root, tmp_path_factory):
    return build_site(root, tmp_path_factory.mktemp("mkdocs"))


def report_page(site, office, year):
    return page(site / "offices" / office / str(year) / "index.html")


@pytest.mark.parametrize("key, sample", sorted(SAMPLE_REPORTS.items()))
def test_report_tables_equal_hand_checked_numbers(zensical_site, key, sample):
    soup = report_page(zensical_site, *key)
    shown = {**read_active(soup), **read_requests(soup), **read_appeals(soup)}
    assert shown == expected_cells(sample)


@pytest.mark.parametrize("key", sorted(SAMPLE_REPORTS))
def test_report_tables_are_those_of_the_mkdocs_build(zensical_site, mkdocs_site, key):
    """Markup too, not only the text: headers, spans, ids and the not-reported markers."""
    ours = [str(t) for t in report_page(zensical_site, *key).select("article table")]
    theirs = [str(t) for t in report_page(mkdocs_site, *key).select("article table")]
    assert len(ours) == len(theirs) >= 3
    assert ours == theirs


def test_every_page_of_the_mkdocs_build_is_built(zensical_site, mkdocs_site):
    def pages(site):
        return sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html") if "pagefind" not in p.parts)

    assert pages(zensical_site) == pages(mkdocs_site)


def test_every_internal_link_resolves(zensical_site):
    """Zensical resolves links in raw HTML from the page source's folder (MkDocs leaves them
    alone): a link written for MkDocs would point one folder too high on a report page."""
    checked = 0
    for html in zensical_site.rglob("*.html"):
        for a in page(html).select("article a[href]"):
            href = a["href"]
            if re.match(r"[a-z]+:", href) or href.startswith("#"):
                continue
            # The 404 page is served at any depth: its links are from the site root.
            base, path = (zensical_site, href.lstrip("/")) if href.startswith("/") else (html.parent, href)
            target = (base / path.split("#")[0]).resolve()
            assert target.exists() and (target.is_file() or (target / "index.html").exists()), (html, href)
            checked += 1
    assert checked > 50


def test_breadcrumbs_lead_back(zensical_site):
    crumbs = report_page(zensical_site, "pingtan", 2020).select(".nb-breadcrumbs a")
    folder = zensical_site / "offices" / "pingtan" / "2020"
    reached = [(a.get_text(), (folder / a["href"]).resolve()) for a in crumbs]
    assert reached == [
        ("首页", zensical_site.resolve()),
        ("机关", (zensical_site / "offices").resolve()),
        ("平潭综合实验区", (zensical_site / "offices" / "pingtan").resolve()),
    ]


def test_report_page_carries_title_metadata_and_search_filters(zensical_site):
    soup = report_page(zensical_site, "pingtan", 2020)
    assert soup.title.get_text() == "平潭综合实验区 2020 年度政府信息公开工作年度报告"
    assert soup.select_one('meta[name="ContentSource"]')["content"] == "平潭综合实验区"
    filters = {(s["data-pagefind-filter"], s.get_text()) for s in soup.select("[data-pagefind-filter]")}
    assert filters == {("年度", "2020 年度"), ("机关类型", "人民政府")}
    assert soup.select_one('meta[property="og:url"]') is None  # no SITE_URL: no address to give
    # The one feed is the portal's (no RSS plugin's feeds, which do not exist).
    assert [link["href"] for link in soup.select('link[type*="xml"]')] == ["../../../data/feed.xml"]
    # The header's search opens Pagefind; one colour scheme, so no palette toggle.
    assert soup.select_one("[data-nb-search-open]") is not None
    assert soup.select_one('[data-md-component="palette"]') is None


def test_search_index_is_pagefind_over_every_page(zensical_site, mkdocs_site):
    def entry(site):
        return json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))

    ours = entry(zensical_site)
    assert list(ours["languages"]) == ["zh"]
    assert ours["languages"]["zh"]["page_count"] == entry(mkdocs_site)["languages"]["zh"]["page_count"]
    assert ours["languages"]["zh"]["page_count"] == len(list(zensical_site.rglob("index.html")))
    # Neither the theme's search engine nor Zensical's own index is shipped.
    assert not (zensical_site / "search.json").exists()
    assert not (zensical_site / "assets" / "javascripts" / "lunr").exists()


@pytest.mark.parametrize("name", TOTALS)
def test_downloads_of_all_data_equal_the_mkdocs_build(zensical_site, mkdocs_site, name):
    assert (zensical_site / name).read_bytes() == (mkdocs_site / name).read_bytes()


@pytest.mark.parametrize("key", sorted(SAMPLE_REPORTS))
def test_each_report_download_equals_the_mkdocs_build(zensical_site, mkdocs_site, key):
    """Each report's own download (its JSON, with the audit's findings) is the same file."""
    office, year = key
    name = f"data/{office}/{year}.json"
    assert (zensical_site / name).read_bytes() == (mkdocs_site / name).read_bytes(), name
    assert "audit" in json.loads((zensical_site / "data" / office / f"{year}.json").read_text(encoding="utf-8"))


def test_data_in_error_builds_nothing(root, tmp_path):
    project = copy_portal(root, tmp_path / "project")
    (project / "data").mkdir()
    (project / "data" / "bad.yml").write_text("office: [\n", encoding="utf-8")
    site = tmp_path / "site"
    with pytest.raises(ZensicalBuildError, match="数据校验未通过"):
        build_with_zensical(project, site)
    assert not site.exists()


@pytest.mark.parametrize("output", [".", "docs/built", "data", ".."])
def test_the_portal_itself_is_never_the_output_folder(root, tmp_path, output):
    project = copy_portal(root, tmp_path / "project")  # a copy: a missing guard would empty it
    with pytest.raises(ZensicalBuildError, match="请另选一个目录"):
        build_with_zensical(project, project / output)
    assert (project / "docs" / "index.md").is_file() and (project / "mkdocs.yml").is_file()


def test_a_broken_link_fails_the_build_and_says_where(root, tmp_path):
    """As `mkdocs build --strict` in CI: Zensical's warning, with the page and line, and no site."""
    project = copy_portal(root, tmp_path / "project")
    shutil.copytree(root / "data", project / "data")
    about = project / "docs" / "about.md"
    lines = about.read_text(encoding="utf-8").splitlines()
    about.write_text("\n".join([*lines, "", "[不存在的页面](nowhere.md)", ""]), encoding="utf-8")
    site = tmp_path / "site"
    with pytest.raises(ZensicalBuildError) as failure:
        build_with_zensical(project, site)
    message = str(failure.value)
    assert f"about.md:{len(lines) + 2}:" in message and "nowhere.md" in message
    assert "Traceback" not in message and "\x1b[" not in message
    assert not site.exists()
