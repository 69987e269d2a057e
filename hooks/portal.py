"""MkDocs hook: the only file mkdocs.yml names. It turns MkDocs events into calls on the
``nianbao`` package and hands the generated page sources to MkDocs; no parsing,
arithmetic or markup happens here."""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from nianbao.build.mkdocs_pages import (
    add_stored_pages,
    load_from_store,
    page_folder,
    problem_site,
    release_page,
    serve_from_store,
)
from nianbao.build.preview import Preview
from nianbao.build.site import DATA_DIR, render_problem_page
from nianbao.build.stages import BuildFailed, finish_site, render_pages, this_part
from nianbao.outputs.search import remove_builtin_search
from nianbao.problems import ERROR, NOTICE, WARNING

# Under "mkdocs." so that `mkdocs build --strict` counts our warnings.
log = logging.getLogger("mkdocs.hooks.nianbao")

_LOG_LEVEL = {ERROR: logging.ERROR, WARNING: logging.WARNING, NOTICE: logging.DEBUG}


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    clock = time.perf_counter()
    try:
        config.nianbao_part = this_part()
        sources = render_pages(
            root,
            part=config.nianbao_part,
            folder=_PREVIEW.folder if _PREVIEW is not None else page_folder(config),
            site_dir=Path(config.site_dir),
            markdown_settings=(config.markdown_extensions, config.mdx_configs or {}),
            preview=_PREVIEW,
        )
    except BuildFailed as error:
        raise PluginError(str(error)) from None
    config.nianbao_timings = {**sources.timings, "on_files": time.perf_counter() - clock, "_end": time.perf_counter()}
    problems = sources.catalog.problems
    for problem in problems.sorted():
        log.log(_LOG_LEVEL[problem.severity], problem.format_text())
    if problems.errors and _PREVIEW is not None:
        # A failed rebuild would leave `mkdocs serve` showing nothing until the data is fixed;
        # show the problems in the browser instead (the page reloads itself once fixed).
        log.error(f"数据校验未通过：{len(problems.errors)} 个错误（见上）；预览中显示错误页面。")
        # Warnings too: they fail the strict build of a pull request just the same.
        shown = [p for p in problems.sorted() if p.severity != NOTICE]
        return problem_site(files, config, render_problem_page(root, shown))
    if problems.errors:
        raise PluginError(
            f"数据校验未通过：{len(problems.errors)} 个错误（见上）。可运行 nianbao validate {DATA_DIR} 查看。"
        )
    for src_uri, content in sources.pages.items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None:  # a hand-written page whose markers were filled in
            files.remove(existing)
        files.append(File.generated(config, src_uri, content=content))
    add_stored_pages(files, config, sources.store)
    # The config object lives for exactly one build (mkdocs serve makes a new one for each
    # rebuild), so the catalog kept here for on_post_build never outlives its build.
    config.nianbao_catalog = sources.catalog
    return files


def on_post_build(config: MkDocsConfig) -> None:
    if getattr(config, "nianbao_catalog", None) is None:  # the problem page of `mkdocs serve`
        return
    timings = getattr(config, "nianbao_timings", {})
    timings["mkdocs_pages"] = time.perf_counter() - timings.pop("_end", time.perf_counter())
    if _PREVIEW is not None and _PREVIEW.incremental:
        remove_builtin_search(Path(config.site_dir))
        log.info("预览：只重建了改动的机关的页面；全部数据的下载文件和搜索索引在重新启动预览或完整构建时更新。")
        return
    try:  # a preview rebuild without --dirty starts from an empty site: every report's downloads
        finish_site(
            Path(config.site_dir),
            part=config.nianbao_part,
            catalog=config.nianbao_catalog,
            site_url=config.site_url or "",
            every_report=_PREVIEW is not None and _PREVIEW.builds > 1,
            timings=timings,
            log=log.info,
        )
    except BuildFailed as error:
        raise PluginError(str(error)) from None


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
    return serve_from_store(page, config)


def on_page_context(context, page: Page, config: MkDocsConfig, nav):
    load_from_store(page, config)
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return release_page(output, page, config)
