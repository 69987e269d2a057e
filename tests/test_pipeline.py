"""The pipeline's seams: each page planned once, by the process that writes it; the views
read what the audit measured instead of measuring again."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nianbao.checks.audit.copying as copying
import nianbao.checks.audit.figures as figures
import pytest
from building import copy_portal
from nianbao.catalog import load_catalog
from nianbao.views.pages import plan_pages
from synthetic_data import synthetic_data

CORPUS = Path(__file__).parent / "bad_input"


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    """Twelve synthetic reports, three years of four offices: compare pages for most."""
    root = tmp_path_factory.mktemp("portal")
    synthetic_data(root / "data", 12, years=3)
    return root


def test_a_process_that_owns_no_page_plans_none(portal):
    catalog = load_catalog(portal / "data", portal)
    every = list(plan_pages(catalog))
    bare = list(plan_pages(catalog, only=lambda src_uri: False))
    assert [(p.src_uri, p.url, p.template, p.title) for p in bare] == [
        (p.src_uri, p.url, p.template, p.title) for p in every
    ]
    assert {p.template for p in every} >= {"compare.html", "audit.html", "overview.html", "year.html"}
    assert [p.src_uri for p in bare if p.context] == []


def test_each_page_is_planned_by_the_process_that_owns_it(portal):
    catalog = load_catalog(portal / "data", portal)
    every = {p.src_uri: p for p in plan_pages(catalog)}
    compare = next(src for src, p in every.items() if p.template == "compare.html")
    for owned in ("audit.md", "overview.md", "years/index.md", compare):
        planned = [p for p in plan_pages(catalog, only=lambda src_uri, o=owned: src_uri == o) if p.context]
        assert [p.src_uri for p in planned] == [owned]
        assert planned[0].context.keys() == every[owned].context.keys()


def test_views_read_what_the_audit_measured(portal, monkeypatch):
    """Copied shares and stated figures are measured once per report, by the audit."""
    calls = {"shares": 0, "figures": 0, "read": 0}

    def counted(name, function):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)

        return wrapper

    import nianbao.checks.audit.measures as measures

    monkeypatch.setattr(measures, "section_shares", counted("shares", copying.section_shares))
    monkeypatch.setattr(measures, "stated_figures", counted("figures", figures.stated_figures))
    monkeypatch.setattr(copying, "section_shares", counted("shares", copying.section_shares))
    monkeypatch.setattr(figures, "stated_figures", counted("figures", figures.stated_figures))
    monkeypatch.setattr(figures, "read_figures", counted("read", figures.read_figures))
    catalog = load_catalog(portal / "data", portal)
    audited = calls.copy()
    pages = list(plan_pages(catalog))
    with_previous = sum(
        1 for r in catalog.reports if not r.draft and catalog.published_by_year(r.office_id).get(r.year - 1)
    )
    assert with_previous and [p for p in pages if p.template == "compare.html"]
    assert audited["shares"] <= with_previous
    assert audited["figures"] == len([r for r in catalog.reports if not r.draft])
    assert calls == audited, "页面重新计算了审查已算过的内容"


def test_nianbao_build_stops_on_bad_data_with_the_message_not_a_traceback(root, tmp_path):
    project = copy_portal(root, tmp_path / "portal")
    folder = project / "data" / "sample-office"
    folder.mkdir(parents=True)
    shutil.copy(CORPUS / "office.yml", folder / "office.yml")
    shutil.copy(CORPUS / "results_sum_broken.yml", folder / "2023.yml")
    result = subprocess.run(
        [sys.executable, "-m", "nianbao.staff.cli", "--root", str(project), "build", "-d", str(tmp_path / "site")],
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stderr
    assert "data/sample-office/2023.yml:51" in result.stderr and "数据校验未通过：" in result.stderr
    assert "Traceback" not in result.stderr
