"""The whole pipeline as plain Python: data → validated catalog → page sources.

The MkDocs hook only hands these sources to MkDocs; the CLI can write them to a folder, so
the portal does not depend on MkDocs' plugin system to exist.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..catalog import Catalog, load_catalog
from ..outputs.exports import write_exports
from ..problems import Problem
from ..views.guide import audit_rules_context, checks_context, fields_context
from ..views.pages import downloads_context, latest_context, plan_pages, published_reports
from ..views.render import PageRenderer
from .pagestore import PageStore, store_pages

DATA_DIR = "data"
TEMPLATE_DIR = "overrides/portal"
PROBLEM_TEMPLATE = "problems.html"
PROBLEM_TITLE = "数据校验未通过"

#: Markers a hand-written page may contain, and the fragment that replaces each.
MARKERS = {
    "<!-- nianbao:latest -->": ("_home.html", latest_context),
    "<!-- nianbao:checks -->": ("_checks.html", checks_context),
    "<!-- nianbao:fields -->": ("_fields.html", fields_context),
    "<!-- nianbao:downloads -->": ("_downloads.html", downloads_context),
    "<!-- nianbao:audit -->": ("_audit_rules.html", audit_rules_context),
}


@dataclass
class SiteSources:
    catalog: Catalog
    pages: dict[str, str] = field(default_factory=dict)
    """Source path inside docs (``offices/pingtan/2020.md``) → Markdown source."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per stage: load, validate (from the catalog), plan, render."""
    store: PageStore | None = None
    """Generated pages on disk (:func:`build_store`), instead of ``pages``."""


def page_url(src_uri: str) -> str:
    """The directory URL MkDocs gives a source with ``use_directory_urls``."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index").rstrip("/")
    return f"{stem}/" if stem else ""


def build_sources(root: Path, docs_dir: Path, *, today: dt.date | None = None) -> SiteSources:
    """Load and check all data; if nothing is in error, render every generated page and
    fill the markers of hand-written pages."""
    catalog = load_catalog(root / DATA_DIR, root, today=today)
    sources = SiteSources(catalog, timings=dict(catalog.timings))
    if not catalog.ok:
        return sources
    renderer = PageRenderer(root / TEMPLATE_DIR)
    planning = rendering = 0.0
    pages = plan_pages(catalog)
    while True:
        clock = time.perf_counter()
        page = next(pages, None)
        planning += time.perf_counter() - clock
        if page is None:
            break
        clock = time.perf_counter()
        sources.pages[page.src_uri] = renderer.render(page)
        rendering += time.perf_counter() - clock
    clock = time.perf_counter()
    sources.pages.update(fill_markers(catalog, renderer, docs_dir))
    sources.timings["plan"] = planning
    sources.timings["render"] = rendering + time.perf_counter() - clock
    return sources


def fill_markers(catalog: Catalog, renderer: PageRenderer, docs_dir: Path) -> dict[str, str]:
    """The hand-written pages that contain markers, with each marker replaced."""
    out = {}
    for path in sorted(docs_dir.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "<!-- nianbao:" not in text:
            continue
        src_uri = path.relative_to(docs_dir).as_posix()
        for marker, (template, context) in MARKERS.items():
            if marker in text:
                text = text.replace(marker, renderer.render_partial(template, page_url(src_uri), context(catalog)))
        out[src_uri] = text
    return out


def build_store(
    root: Path,
    docs_dir: Path,
    folder: Path,
    markdown_settings: tuple[list[Any], dict[str, Any]],
    *,
    wanted: Callable[[str], bool],
    workers: int = 1,
    downloads: Path | None = None,
    today: dt.date | None = None,
    folder_cache: dict[Path, Any] | None = None,
) -> SiteSources:
    """Like :func:`build_sources`, but the generated pages go to a :class:`PageStore` on
    disk (rendered by ``workers`` processes); only hand-written pages stay in memory."""
    catalog = load_catalog(root / DATA_DIR, root, today=today, folder_cache=folder_cache)
    sources = SiteSources(catalog, timings=dict(catalog.timings))
    if not catalog.ok:
        return sources
    sources.store = store_pages(
        catalog, root / TEMPLATE_DIR, folder, markdown_settings, wanted=wanted, workers=workers, downloads=downloads
    )
    clock = time.perf_counter()
    sources.pages.update(fill_markers(catalog, PageRenderer(root / TEMPLATE_DIR), docs_dir))
    sources.timings["pages"] = sources.store.seconds + time.perf_counter() - clock
    return sources


def render_problem_page(root: Path, problems: list[Problem]) -> str:
    """The page shown instead of the site while the data has errors (local preview only),
    as an HTML fragment; :func:`problem_page_source` makes it a page source."""
    return PageRenderer(root / TEMPLATE_DIR).render_partial(PROBLEM_TEMPLATE, "", {"problems": problems})


def problem_page_source(fragment: str) -> str:
    return f"---\ntitle: {PROBLEM_TITLE}\n---\n\n{fragment}"


def write_downloads(
    catalog: Catalog,
    site_dir: Path,
    site_url: str = "",
    *,
    offices: Callable[[str], bool] | None = None,
    totals: bool = True,
    reports: bool = True,
) -> float:
    """Write every download into the built site (after the pages); returns the seconds spent.
    Written file by file, never held all at once: at a province's scale they are hundreds
    of megabytes. A shard writes the reports of its ``offices`` and no ``totals``; the
    assembling build, the totals only (``offices`` accepting none)."""
    clock = time.perf_counter()
    items = published_reports(catalog)
    reports = reports and (offices is None or any(offices(office.id) for office, _ in items))
    if offices is not None and not totals:
        items = [(office, report) for office, report in items if offices(office.id)]
    write_exports(items, site_dir, site_url=site_url, audit=catalog.audit, reports=reports, totals=totals)
    return time.perf_counter() - clock
