"""The whole pipeline as plain Python: data → validated catalog → page sources.

The MkDocs hook only hands these sources to MkDocs; the CLI can write them to a folder, so
the portal does not depend on MkDocs' plugin system to exist.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..checks.run import load_catalog
from ..data.catalog import Catalog
from ..outputs.exports import write_exports
from ..problems import Problem
from ..views.guide import audit_rules_context, checks_context, fields_context
from ..views.pages import downloads_context, latest_context, published_reports, tianbao_context
from ..views.render import PageRenderer
from .pagestore import PageJob, PageStore, store_pages

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
    "<!-- nianbao:tianbao -->": ("_tianbao.html", tianbao_context),
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


def build_sources(
    root: Path, docs_dir: Path, *, today: dt.date | None = None, links_from_source: bool = False
) -> SiteSources:
    """The page sources of the whole site in memory (``nianbao pages``, the tests): the
    build's own pipeline (:func:`build_store`) in one process, without the Markdown
    conversion that is MkDocs' part. ``links_from_source``: for Zensical, which resolves
    links in raw HTML from the page source's folder (see :class:`PageRenderer`)."""
    with tempfile.TemporaryDirectory(prefix="nianbao-pages-") as folder:
        sources = build_store(
            BuildJob(root, Path(folder), docs_dir=docs_dir, today=today, links_from_source=links_from_source)
        )
        if sources.store is not None:
            generated = {
                src: Path(page.source).read_text(encoding="utf-8") for src, page in sources.store.stored.items()
            }
            sources.pages = {**generated, **sources.pages}
            sources.store = None
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
                base = renderer.link_base(src_uri, page_url(src_uri))
                text = text.replace(marker, renderer.render_partial(template, base, context(catalog)))
        out[src_uri] = text
    return out


def every_page(src_uri: str) -> bool:
    return True


@dataclass(frozen=True)
class BuildJob:
    """One run of the pipeline (load → check → audit → plan → render → write): what the
    MkDocs hook, ``nianbao pages`` and the tests each ask of it, in one object."""

    root: Path
    folder: Path
    """Where the rendered pages are stored (:class:`~nianbao.build.pagestore.PageStore`)."""
    markdown_settings: tuple[list[Any], dict[str, Any]] | None = None
    """MkDocs' Markdown extensions and settings, to convert the pages; ``None``: sources only."""
    wanted: Callable[[str], bool] = every_page
    """The generated pages this build renders (all; a shard's; a preview's changed offices')."""
    workers: int = 1
    downloads: Path | None = None
    """The site folder, for each rendered report's own downloads (written by the workers)."""
    docs_dir: Path | None = None
    """The hand-written pages whose markers are filled (default: ``docs/`` of ``root``)."""
    today: dt.date | None = None
    folder_cache: dict[Path, Any] | None = None
    """Office folders read by the last build of ``mkdocs serve`` (re-read only if changed)."""
    links_from_source: bool = False
    """Links in raw HTML relative to the page source's folder (Zensical), not its address."""


def build_store(job: BuildJob) -> SiteSources:
    """Load and check all data; if nothing is in error, render the generated pages that
    ``job.wanted`` accepts to the page store on disk (in ``job.workers`` processes) and fill
    the markers of hand-written pages (those stay in memory)."""
    catalog = load_catalog(job.root / DATA_DIR, job.root, today=job.today, folder_cache=job.folder_cache)
    sources = SiteSources(catalog, timings=dict(catalog.timings))
    if not catalog.ok:
        return sources
    template_dir = job.root / TEMPLATE_DIR
    pages = PageJob(
        template_dir,
        job.folder,
        job.markdown_settings,
        job.wanted,
        job.workers,
        job.downloads,
        links_from_source=job.links_from_source,
    )
    sources.store = store_pages(catalog, pages)
    clock = time.perf_counter()
    sources.pages.update(
        fill_markers(
            catalog,
            PageRenderer(template_dir, links_from_source=job.links_from_source),
            job.docs_dir or job.root / "docs",
        )
    )
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
    *,
    site_url: str = "",
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
