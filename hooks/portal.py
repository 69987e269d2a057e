"""MkDocs hook: the only file mkdocs.yml names. It turns MkDocs events into calls on the
``nianbao`` package and hands the generated page sources to MkDocs; no parsing,
arithmetic or markup happens here."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from nianbao.problems import ERROR, NOTICE, WARNING
from nianbao.search import SearchIndexError, index_site, remove_builtin_search
from nianbao.site import (
    DATA_DIR,
    PROBLEM_TITLE,
    build_sources,
    problem_page_source,
    render_problem_page,
    write_downloads,
)

# Under "mkdocs." so that `mkdocs build --strict` counts our warnings.
log = logging.getLogger("mkdocs.hooks.nianbao")

_LOG_LEVEL = {ERROR: logging.ERROR, WARNING: logging.WARNING, NOTICE: logging.DEBUG}

# The MkDocs command of this process. MkDocs loads a hook once per process and calls
# on_startup once, before the first build: this is the process's, not a build's, state.
_command = {"name": "build"}


def on_startup(command: str, dirty: bool) -> None:
    _command["name"] = command


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    sources = build_sources(root, Path(config.docs_dir))
    problems = sources.catalog.problems
    for problem in problems.sorted():
        log.log(_LOG_LEVEL[problem.severity], problem.format_text())
    if problems.errors and _command["name"] == "serve":
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
    remove_builtin_search(site)
    write_downloads(config.nianbao_catalog, site, config.site_url or "")
    try:
        log.info(index_site(site))
    except SearchIndexError as error:
        raise PluginError(str(error)) from None
