"""``nianbao build -d DIR``: the portal built as CI builds it (``mkdocs build --strict``), in
this process. MkDocs runs the hook, which runs the package's pipeline (:mod:`.stages`):
the same code path as ``mkdocs build``, from a command staff already have."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

#: MkDocs + Material (the default, what CI publishes); Zensical, Material's successor
#: (:mod:`.zensical`: the pipeline's pages, then downloads and search after Zensical).
ENGINES = ("mkdocs", "zensical")


def build_portal(root: Path, site_dir: Path, *, engine: str = "mkdocs") -> int:
    """0 when the site was built with no warning; 1 otherwise (MkDocs has said why)."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    if engine not in ENGINES:
        print(f"未知的构建引擎「{engine}」；可用：{'、'.join(ENGINES)}", file=sys.stderr)
        return 2
    if engine == "zensical":
        return _build_with_zensical(root, site_dir)
    _show_mkdocs_log()
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir.absolute()), strict=True)
    except exceptions.ConfigurationError as error:
        print(f"mkdocs.yml 有误：{error}", file=sys.stderr)
        return 1
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    except exceptions.Abort as error:  # the errors were logged above it
        print(f"构建失败：{error}", file=sys.stderr)
        return 1
    finally:
        config.plugins.on_shutdown()
    print(f"已构建网站到 {site_dir}")
    return 0


def _build_with_zensical(root: Path, site_dir: Path) -> int:
    from ..problems import WARNING, format_text
    from .zensical import ZensicalBuildError, build_with_zensical

    try:
        sources = build_with_zensical(root, site_dir)
    except ZensicalBuildError as error:
        print(str(error), file=sys.stderr)
        return 1
    warnings = [p for p in sources.catalog.problems.sorted() if p.severity == WARNING]
    if warnings:
        print(format_text(warnings), file=sys.stderr)
    print(f"已用 Zensical 构建网站到 {site_dir}（{len(sources.pages)} 个生成页面，含下载文件和搜索索引）")
    return 1 if warnings else 0


def _show_mkdocs_log() -> None:
    """MkDocs' messages on the terminal, as `mkdocs build` shows them (its command line
    sets this up; here the package is the command line)."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "name", "") == "nianbao-build" for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.name = "nianbao-build"
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
