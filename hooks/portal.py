"""MkDocs hook: the only file mkdocs.yml names. It turns MkDocs events into calls on the
``nianbao`` package and hands the generated page sources to MkDocs; no parsing,
arithmetic or markup happens here."""

from __future__ import annotations

import concurrent.futures
import functools
import json
import logging
import os
import shutil
import tempfile
import time
import weakref
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from nianbao.build.pagestore import PageStore, StoredAnchors, StoredPage, worker_count
from nianbao.build.preview import Preview
from nianbao.build.sharding import (
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
from nianbao.build.site import (
    DATA_DIR,
    PROBLEM_TITLE,
    build_store,
    problem_page_source,
    render_problem_page,
    write_downloads,
)
from nianbao.outputs.compact import compact_html
from nianbao.outputs.search import SearchIndexError, index_site, remove_builtin_search
from nianbao.problems import ERROR, NOTICE, WARNING

# Under "mkdocs." so that `mkdocs build --strict` counts our warnings.
log = logging.getLogger("mkdocs.hooks.nianbao")

_LOG_LEVEL = {ERROR: logging.ERROR, WARNING: logging.WARNING, NOTICE: logging.DEBUG}


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    clock = time.perf_counter()
    sources = _build_store(root, config)
    config.nianbao_timings = {**sources.timings, "on_files": time.perf_counter() - clock, "_end": time.perf_counter()}
    problems = sources.catalog.problems
    for problem in problems.sorted():
        log.log(_LOG_LEVEL[problem.severity], problem.format_text())
    if problems.errors and _PREVIEW is not None:
        # A failed rebuild would leave `mkdocs serve` showing nothing until the data is fixed;
        # show the problems in the browser instead (the page reloads itself once fixed).
        log.error(f"数据校验未通过：{len(problems.errors)} 个错误（见上）；预览中显示错误页面。")
        return _problem_site(files, config, render_problem_page(root, problems.errors))
    if problems.errors:
        raise PluginError(
            f"数据校验未通过：{len(problems.errors)} 个错误（见上）。可运行 nianbao validate {DATA_DIR} 查看。"
        )
    for src_uri, content in sources.pages.items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None:  # a hand-written page whose markers were filled in
            files.remove(existing)
        files.append(File.generated(config, src_uri, content=content))
    _add_stored_pages(files, config, sources.store)
    # The config object lives for exactly one build (mkdocs serve makes a new one for each
    # rebuild), so the catalog kept here for on_post_build never outlives its build.
    config.nianbao_catalog = sources.catalog
    return files


def _problem_site(files: Files, config: MkDocsConfig, fragment: str) -> Files:
    """Every page replaced by one page listing the problems: the home page, and (through
    overrides/404.html) whatever `mkdocs serve` answers for an address not built."""
    for file in list(files.documentation_pages()):
        files.remove(file)
    files.append(File.generated(config, "index.md", content=problem_page_source(fragment)))
    config.extra["nianbao_problem_page"] = fragment
    config.nav = [{PROBLEM_TITLE: "index.md"}]
    return files


def on_post_build(config: MkDocsConfig) -> None:
    if getattr(config, "nianbao_catalog", None) is None:  # the problem page of `mkdocs serve`
        return
    site = Path(config.site_dir)
    part: BuildPart = config.nianbao_part
    catalog = config.nianbao_catalog
    timings = getattr(config, "nianbao_timings", {})
    timings["mkdocs_pages"] = time.perf_counter() - timings.pop("_end", time.perf_counter())
    remove_builtin_search(site)
    if _PREVIEW is not None and _PREVIEW.incremental:
        log.info("预览：只重建了改动的机关的页面；全部数据的下载文件和搜索索引在重新启动预览或完整构建时更新。")
        return
    # A preview rebuild without --dirty starts from an empty site: every report's downloads.
    every_report = _PREVIEW is not None and _PREVIEW.builds > 1
    try:
        shards = find_shards(part.assemble_from) if part.assemble_from else []
        if part.of:  # one shard: its offices' pages and downloads (written with the pages)
            finish_shard(site, part)
        pages = len(catalog.offices) + len(catalog.reports)
        parts = len(shards) if shards else index_parts(part, pages)
        jobs = index_jobs(site, part, parts, sorted(catalog.offices))
        # Pagefind indexes the pages (one part after another: each holds its part in
        # memory) while the downloads of all data are written.
        clock = time.perf_counter()
        indexing = concurrent.futures.ThreadPoolExecutor(1)
        summaries = indexing.submit(lambda: [index_site(site, folder, glob) for folder, glob in jobs])
        if not part.of:
            timings["downloads_all"] = write_downloads(catalog, site, config.site_url or "", reports=every_report)
        for summary in summaries.result():
            log.info(summary)
        indexing.shutdown()
        timings["search_index"] = time.perf_counter() - clock
        copy_shards(site, shards)
        if not part.of:
            write_merge_list(site, parts if shards or parts > 1 else 0)
    except (SearchIndexError, ShardError) as error:
        raise PluginError(str(error)) from None
    if os.environ.get("NIANBAO_TIMINGS"):  # benchmarks/build.py: seconds per stage
        Path(os.environ["NIANBAO_TIMINGS"]).write_text(json.dumps(timings), encoding="utf-8")


# --- Generated pages from the page store (hooks/nianbao/pagestore.py says why) ---------


def _build_store(root: Path, config: MkDocsConfig):
    try:
        part = build_part()
        if part.assemble_from is not None:
            find_shards(part.assemble_from)  # all shards there? Say so before building.
    except ShardError as error:
        raise PluginError(str(error)) from None
    config.nianbao_part = part
    preview = _PREVIEW
    if preview is None:
        folder = Path(tempfile.mkdtemp(prefix="nianbao-pages-"))
        weakref.finalize(config, shutil.rmtree, folder, True)  # gone with its build's config
        changed = None
    else:
        folder, changed = preview.folder, preview.changed_offices(root)
    wanted = part.owns if changed is None else lambda src: part.owns(src) and office_of(src) in changed.union([None])
    settings = (config.markdown_extensions, config.mdx_configs or {})
    try:
        sources = build_store(
            root,
            Path(config.docs_dir),
            folder,
            settings,
            wanted=wanted,
            workers=worker_count(),
            downloads=Path(config.site_dir),
            folder_cache=preview.folders if preview else None,
        )
    except RuntimeError as error:  # a worker failed: its traceback says where
        raise PluginError(f"生成页面时出错：\n{error}") from None
    if preview is not None and sources.store is not None:
        preview.keep(sources.store)
    return sources


def _add_stored_pages(files: Files, config: MkDocsConfig, store: PageStore | None) -> None:
    """Every generated page this build renders becomes a file backed by its source on disk.
    Any other page is a placeholder, which is never converted, rendered or written: the
    assembling build has one for every shard's page (for the site map), a shard one for each
    shared page (hand-written pages link to them). A shard has none for other shards'
    office pages: those are outside the navigation, so nothing it writes depends on them,
    and its work and memory stay those of its own offices."""
    config.nianbao_pages = {}
    config.nianbao_placeholders = set()
    if store is None:
        return
    part: BuildPart = config.nianbao_part
    for src_uri in store.planned:
        stored = store.stored.get(src_uri)
        if stored is not None:
            files.append(File.generated(config, src_uri, abs_src_path=stored.source))
            config.nianbao_pages[src_uri] = stored
        elif not part.of or office_of(src_uri) is None:
            files.append(File.generated(config, src_uri, content=""))
            config.nianbao_placeholders.add(src_uri)


# --- mkdocs serve: a preview that re-renders only what an edit changed ------------------
# Deliberate module-level state, for `mkdocs serve` only (on_startup says which command
# runs; `mkdocs build` never sets it): the office folders read last time and the rendered
# pages, each keyed by the files' names, sizes and times. After an edit, only the edited
# office's folder is read again and only its pages (and the shared ones) are rendered;
# with `mkdocs serve --dirty`, MkDocs then writes only the pages whose source changed.
_PREVIEW: Preview | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _PREVIEW
    _PREVIEW = Preview(dirty) if command == "serve" else None


def on_shutdown() -> None:
    if _PREVIEW is not None:
        shutil.rmtree(_PREVIEW.folder, ignore_errors=True)


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    """A stored page is not read or converted again: MkDocs gets its title now, and
    :func:`on_page_context` its HTML and front matter when the page is written. A
    placeholder (a page this build does not render, see :func:`_add_stored_pages`) gets
    neither, and its empty template writes nothing.
    (Partials, not closures: one small object per page of a province's portal.)"""
    src_uri = page.file.src_uri
    if src_uri in getattr(config, "nianbao_placeholders", ()):
        page.read_source = functools.partial(_set_source, page, _PLACEHOLDER_META)
        page.render = functools.partial(_set_content, page, None)
        return page
    stored = getattr(config, "nianbao_pages", {}).get(src_uri)
    if stored is not None:
        page.read_source = functools.partial(_set_source, page, {})
        page.render = functools.partial(_set_content, page, stored)
    return page


#: A template that renders nothing (MkDocs then skips the page): in overrides/.
_PLACEHOLDER_META = {"template": "nianbao-placeholder.html"}


def _set_source(page: Page, meta: dict, config: MkDocsConfig) -> None:
    page.markdown, page.meta = "", meta


def _set_content(page: Page, stored: StoredPage | None, config: MkDocsConfig, files: Files) -> None:
    page.content, page.toc = "", get_toc([])
    if stored is not None:
        page._title_from_render = stored.title
        page.present_anchor_ids = StoredAnchors(stored)  # type: ignore[assignment]


def on_page_context(context, page: Page, config: MkDocsConfig, nav):
    stored = getattr(config, "nianbao_pages", {}).get(page.file.src_uri)
    if stored is not None:
        page.content, tokens, page.meta = PageStore.load(stored)
        page.toc = get_toc(tokens)
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Release the page's HTML once written (MkDocs keeps every page to the end of the
    build); a shared page is not written by a shard (empty output: MkDocs skips it)."""
    page.content, page.toc = "", get_toc([])
    if page.markdown:
        page.markdown = ""
    if page.file.src_uri in getattr(config, "nianbao_pages", {}):
        page.meta = {}
    part: BuildPart | None = getattr(config, "nianbao_part", None)
    if part is not None and part.of and not part.owns(page.file.src_uri):
        return ""
    return compact_html(output)
