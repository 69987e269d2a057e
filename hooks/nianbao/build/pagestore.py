"""Generated pages rendered to a folder on disk by worker processes, read back one at a time.

Why on disk: MkDocs reads and renders every page before it writes the first one, and keeps
each page's Markdown and HTML to the end of the build: about 230 KB per report, the whole
site in memory at once. Here the planner, Jinja and the Markdown conversion
(:mod:`nianbao.outputs.fasthtml`) run in worker processes; each writes its pages' sources and HTML
into the store and hands back only a small record (title, front matter, anchor ids). The
hook gives MkDocs each page's HTML just before the theme wraps it, and takes it back once
the page is written.

Which worker renders a page is a hash of its source path; which shard builds it (a sharded
build, ``NIANBAO_SHARD=3/8``), a hash of its office. Both are functions of the path alone, so
the same data always builds the same files however the work is split.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import time
import traceback
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..data.catalog import Catalog
from ..outputs.exports import write_exports
from ..outputs.fasthtml import Converter
from ..settings import current
from ..views.pages import plan_pages, published_reports
from ..views.render import PageRenderer


@dataclass(frozen=True)
class StoredPage:
    src_uri: str
    source: str
    """The Markdown source on disk (what MkDocs would read)."""
    result: str
    """The converted page on disk: JSON with ``content`` (HTML), ``toc`` (tokens), ``meta``
    (the front matter) and ``anchors`` (element ids)."""
    title: str | None
    """The front matter's title, else the first heading's: what MkDocs calls the page
    before its front matter is read back for the theme (:meth:`PageStore.load`)."""


@dataclass
class PageStore:
    folder: Path
    planned: dict[str, str] = field(default_factory=dict)
    """Every generated page of the whole site, in the planner's order: source → title."""
    stored: dict[str, StoredPage] = field(default_factory=dict)
    """The pages this build rendered."""
    seconds: float = 0.0

    @staticmethod
    def load(page: StoredPage) -> tuple[str, list[Any], dict[str, Any]]:
        """A page's HTML, table-of-contents tokens and front matter: read when the page is
        written, not kept for every page to the end of the build."""
        with open(page.result, encoding="utf-8") as stream:
            data = json.load(stream)
        return data["content"], data["toc"], data["meta"]


class StoredAnchors:
    """A stored page's element ids, read from disk only if a link's anchor is checked
    against them (MkDocs' ``validation.anchors`` only asks ``anchor in page.present_anchor_ids``).
    Kept in memory for every page, they were the largest part of the per-page records:
    every table header id of a report page."""

    __slots__ = ("_path", "_ids")

    def __init__(self, page: StoredPage) -> None:
        self._path, self._ids = page.result, None

    def _load(self) -> frozenset[str]:
        if self._ids is None:
            with open(self._path, encoding="utf-8") as stream:
                self._ids = frozenset(json.load(stream)["anchors"])
        return self._ids

    def __contains__(self, anchor: object) -> bool:
        return anchor in self._load()

    def __iter__(self):
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


def worker_count() -> int:
    """``NIANBAO_WORKERS`` if set, else the cores this process may use."""
    configured = current().workers
    if configured is not None:
        return configured
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def bucket(key: str, count: int) -> int:
    """A stable bucket in 0..count-1 (CRC-32: the same on every machine and every run)."""
    return zlib.crc32(key.encode("utf-8")) % count


@dataclass(frozen=True)
class PageJob:
    """What the page stage of one build renders and where it writes: one object handed to
    every worker, instead of its parts passed through each level."""

    template_dir: Path
    folder: Path
    """The page store: sources under ``src/``, converted pages under ``html/``."""
    markdown_settings: tuple[list[Any], dict[str, Any]] | None
    """MkDocs' Markdown extensions and their settings; ``None``: page sources only (what
    ``nianbao pages`` and the tests of the sources need), not converted."""
    wanted: Callable[[str], bool]
    """The pages this build renders (a shard's, or a preview's changed offices')."""
    workers: int = 1
    downloads: Path | None = None
    """The site folder: each rendered report's own downloads are written there too."""
    links_from_source: bool = False
    """Links in raw HTML relative to the page source's folder (Zensical), not its address."""


def store_pages(catalog: Catalog, job: PageJob) -> PageStore:
    """Render every generated page that ``job.wanted`` accepts into ``job.folder``; with
    ``job.downloads``, also write those reports' own download files there."""
    clock = time.perf_counter()
    store = PageStore(job.folder)
    if job.workers <= 1:
        parts = [_render_part(catalog, job, job.wanted)]
    else:
        parts = _in_processes(catalog, job)
    store.planned = dict(parts[0][0])  # every worker plans every page; the first says so
    for _, stored in parts:
        for page in stored:
            store.stored[page.src_uri] = page
    store.seconds = time.perf_counter() - clock
    return store


def _render_part(
    catalog: Catalog, job: PageJob, only: Callable[[str], bool], plan: bool = True
) -> tuple[list[tuple[str, str]], list[StoredPage]]:
    """This process's pages (those ``only`` accepts), rendered; and (with ``plan``) every
    page's source and title. Pages ``only`` rejects are planned bare (no context)."""
    from mkdocs.utils import meta as front_matter

    renderer = PageRenderer(job.template_dir, links_from_source=job.links_from_source)
    converter = Converter(*job.markdown_settings) if job.markdown_settings is not None else None
    planned, out = [], []
    for page in plan_pages(catalog, only=only):
        if plan:
            planned.append((page.src_uri, page.title))
        if not only(page.src_uri):
            continue
        source = renderer.render(page)
        source_path = job.folder / "src" / page.src_uri
        write_if_changed(source_path, source)
        if converter is None:
            out.append(StoredPage(page.src_uri, str(source_path), "", page.title))
            continue
        markdown_text, meta = front_matter.get_data(source)
        converted = converter.convert(markdown_text)
        result_path = job.folder / "html" / (page.src_uri + ".json")
        result = {
            "content": converted.content,
            "toc": converted.toc_tokens,
            "meta": meta,
            "anchors": sorted(converted.anchors),
        }
        write_if_changed(result_path, json.dumps(result))
        title = meta.get("title") or converted.title
        out.append(StoredPage(page.src_uri, str(source_path), str(result_path), title))
    if job.downloads is not None:
        items = [(o, r) for o, r in published_reports(catalog) if only(f"offices/{o.id}/{r.year}.md")]
        write_exports(items, job.downloads, audit=catalog.audit, reports=True, totals=False)
    return planned, out


def write_if_changed(path: Path, text: str) -> None:
    """Write ``text`` unless the file holds it already (its time then says it is unchanged,
    which is what ``mkdocs serve --dirty`` rebuilds by)."""
    data = text.encode("utf-8")
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _in_processes(catalog: Catalog, job: PageJob) -> list[tuple[list[tuple[str, str]], list[StoredPage]]]:
    """The same work split over forked processes (they share the loaded catalog)."""
    context = multiprocessing.get_context("fork")
    jobs = []
    # The children's garbage collector would otherwise visit (and so write to, copying
    # each memory page) every object of the catalog they inherit: a copy per worker.
    gc.freeze()
    for index in range(job.workers):

        def only(src_uri: str, index: int = index) -> bool:
            return job.wanted(src_uri) and bucket(src_uri, job.workers) == index

        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(send, catalog, job, only, index == 0), daemon=True)
        process.start()
        send.close()
        jobs.append((process, receive))
    gc.unfreeze()
    parts, failures = [], []
    for process, receive in jobs:
        try:
            status, payload = receive.recv()
        except EOFError:
            status, payload = "error", f"工作进程意外退出（退出码 {process.exitcode}）"
        process.join()
        (parts if status == "ok" else failures).append(payload)
    if failures:
        raise RuntimeError(failures[0])
    return parts


def _child(send, catalog: Catalog, job: PageJob, only: Callable[[str], bool], plan: bool) -> None:
    try:
        send.send(("ok", _render_part(catalog, job, only, plan)))
    except BaseException:  # noqa: BLE001 - reported to the parent, which fails the build
        send.send(("error", traceback.format_exc()))
    finally:
        send.close()
