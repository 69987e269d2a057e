"""The staff guide's lists are generated from the code, and cover all of it."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from html_tables import cell_text
from nianbao.build.site import build_sources
from nianbao.checks.codes import all_checks
from nianbao.data.documents import OFFICE, REPORT

PACKAGE_CODES = re.compile(r"""["']([LFO][0-9]+)["']""")


def guide(root) -> BeautifulSoup:
    return BeautifulSoup(build_sources(root, root / "docs").pages["guide.md"], "lxml")


def test_every_code_in_the_package_is_in_the_catalog(root):
    used = set()
    for path in (root / "hooks" / "nianbao").rglob("*.py"):
        if path.name != "checks.py":
            used |= set(PACKAGE_CODES.findall(path.read_text(encoding="utf-8")))
    catalog = {c.code for c in all_checks()}
    assert used <= catalog, used - catalog
    assert all(c.title and c.fix for c in all_checks())


def test_guide_lists_every_check(root):
    rows = guide(root).select("table.nb-checks-table tbody tr")
    assert [cell_text(r.find("th")) for r in rows] == [c.code for c in all_checks()]


def test_guide_lists_every_field(root):
    soup = guide(root)
    keys = {cell_text(th) for th in soup.select("table.nb-list tbody th code")}
    assert {f.key for f in REPORT.fields} | {f.key for f in OFFICE.fields} <= keys
    assert "sections.overview" in keys and "contact.phone" in keys
    summaries = [s.get_text() for s in soup.select("details.nb-table-keys summary")]
    assert "表三（2021 版）：requests" in summaries and "表二第二十条第（九）项（2019 版）：active.item9" in summaries
