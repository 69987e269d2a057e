"""The build's stages around MkDocs: before it (load, check, audit, plan, render to the page
store, with this build's part of a sharded build) and after it has written the pages
(downloads of all data, the search index, the shards copied in). The MkDocs hook
(hooks/portal.py) calls these and only wires MkDocs' events to them."""

from __future__ import annotations

import concurrent.futures
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..data.catalog import Catalog
from ..outputs.search import SearchIndexError, index_site, remove_builtin_search
from ..settings import current
from .pagestore import worker_count
from .preview import Preview
from .sharding import (
    BuildPart,
    ShardError,
    build_part,
    copy_shards,
    find_shards,
    finish_shard,
    index_jobs,
    index_parts,
    office_of,
    write_merge_list,
)
from .site import BuildJob, SiteSources, build_store, write_downloads


class BuildFailed(Exception):
    """The build cannot go on; the message says why, in Chinese (the hook reports it)."""


def this_part() -> BuildPart:
    """The part of a sharded build this one is (the whole site, when not sharded); all
    shards present, when it assembles them."""
    try:
        part = build_part()
        if part.assemble_from is not None:
            find_shards(part.assemble_from)  # all shards there? Say so before building.
    except ShardError as error:
        raise BuildFailed(str(error)) from None
    return part


def render_pages(
    root: Path,
    *,
    part: BuildPart,
    folder: Path,
    site_dir: Path,
    markdown_settings: tuple[list[Any], dict[str, Any]],
    preview: Preview | None,
) -> SiteSources:
    """Everything before MkDocs: this part's pages rendered into ``folder``, their reports'
    downloads into ``site_dir``; a preview renders only the offices changed since its last build."""
    changed = None if preview is None else preview.changed_offices(root)
    wanted: Callable[[str], bool] = part.owns
    if changed is not None:
        offices = changed.union([None])

        def wanted(src_uri: str) -> bool:
            return part.owns(src_uri) and office_of(src_uri) in offices

    job = BuildJob(
        root,
        folder,
        markdown_settings=markdown_settings,
        wanted=wanted,
        workers=worker_count(),
        downloads=site_dir,
        docs_dir=None,
        folder_cache=preview.folders if preview else None,
    )
    try:
        sources = build_store(job)
    except RuntimeError as error:  # a worker failed: its traceback says where
        raise BuildFailed(f"生成页面时出错：\n{error}") from None
    if preview is not None and sources.store is not None:
        preview.keep(sources.store)
    return sources


def finish_site(
    site: Path,
    *,
    part: BuildPart,
    catalog: Catalog,
    site_url: str,
    every_report: bool,
    timings: dict[str, float],
    log: Callable[[str], None],
) -> None:
    """Everything after MkDocs has written the pages: a shard's own files, the search index
    (Pagefind, part after part) while the downloads of all data are written, the shards
    copied in, and the stage timings when asked for (``NIANBAO_TIMINGS``)."""
    remove_builtin_search(site)
    try:
        shards = find_shards(part.assemble_from) if part.assemble_from else []
        if part.of:  # one shard: its offices' pages and downloads (written with the pages)
            finish_shard(site, part)
        pages = len(catalog.offices) + len(catalog.reports)
        parts = len(shards) if shards else index_parts(part, pages)
        jobs = index_jobs(site, part, parts, sorted(catalog.offices))
        clock = time.perf_counter()
        indexing = concurrent.futures.ThreadPoolExecutor(1)
        summaries = indexing.submit(lambda: [index_site(site, folder, glob) for folder, glob in jobs])
        if not part.of:
            timings["downloads_all"] = write_downloads(catalog, site, site_url=site_url, reports=every_report)
        for summary in summaries.result():
            log(summary)
        indexing.shutdown()
        timings["search_index"] = time.perf_counter() - clock
        copy_shards(site, shards)
        if not part.of:
            write_merge_list(site, parts if shards or parts > 1 else 0)
    except (SearchIndexError, ShardError) as error:
        raise BuildFailed(str(error)) from None
    timings_file = current().timings
    if timings_file is not None:  # benchmarks/build.py: seconds per stage
        timings_file.write_text(json.dumps(timings), encoding="utf-8")
