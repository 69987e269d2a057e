"""Zensical as a second engine: the same portal built without MkDocs' plugin system.

Zensical (the successor of Material for MkDocs, which reaches end of life on 2027-05-05)
reads mkdocs.yml but ignores MkDocs hooks, so hooks/portal.py never runs under it. Here the
package does what the hook does, around Zensical instead of inside MkDocs:

1. the pipeline's page sources (:func:`build_sources`, the code path of `nianbao pages`)
   are written, over a copy of the hand-written pages, into a temporary docs folder;
2. a temporary config inherits mkdocs.yml and changes only what Zensical must see
   differently (that folder, no hooks, the classic look the overrides are written for);
3. `python -m zensical build` renders the site with the overrides (overrides/ works under
   MiniJinja as under Jinja2);
4. the post-build steps of the MkDocs hook: the downloads and the Pagefind index.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..outputs.output_files import PAGES_MARK, write_pages
from ..outputs.search import SearchIndexError, index_site, remove_builtin_search
from ..settings import child_environment, python_path
from .site import DATA_DIR, SiteSources, build_sources, write_downloads

CONFIG = "mkdocs.yml"
DOCS_DIR = "docs"
THEME_DIR = "overrides"

#: What Zensical writes that the portal does not serve: its search index (written even with
#: its search off) and, from a theme whose templates are a Python package (Material's, see
#: :func:`_theme`), that package's files.
UNUSED_OUTPUT = ("search.json", "__init__.py", "__pycache__", "mkdocs_theme.yml")


class ZensicalBuildError(Exception):
    """The portal could not be built with Zensical; the message says why, in Chinese."""


def zensical_available() -> bool:
    return importlib.util.find_spec("zensical") is not None


def build_with_zensical(root: Path, site_dir: Path, *, today: dt.date | None = None) -> SiteSources:
    """Build the portal of ``root`` into ``site_dir`` (replaced) with Zensical; returns the
    pipeline's sources (their catalog's warnings and notices are the caller's to print).
    Raises :class:`ZensicalBuildError` when the data has errors (nothing is built) or
    Zensical, the downloads or the index fail."""
    if not zensical_available():
        raise ZensicalBuildError("未安装 Zensical：请先运行 pip install -e '.[zensical]'，或改用默认的 MkDocs 构建。")
    site_dir = site_dir.resolve()
    _refuse_sources_as_output(root.resolve(), site_dir)
    sources = build_sources(root, root / DOCS_DIR, today=today, links_from_source=True)
    errors = sources.catalog.problems.errors
    if errors:
        listed = "\n".join(problem.format_text() for problem in errors)
        raise ZensicalBuildError(
            f"{listed}\n数据校验未通过：{len(errors)} 个错误（见上），未构建网站。可运行 nianbao validate {DATA_DIR} 查看。"
        )
    with tempfile.TemporaryDirectory(prefix="nianbao-zensical-") as tmp:
        project = Path(tmp)
        docs = project / DOCS_DIR
        shutil.copytree(root / DOCS_DIR, docs)
        write_pages(docs, sources.pages)  # generated pages, and hand-written ones with markers filled
        (docs / PAGES_MARK).unlink()  # `nianbao pages`' list of what it wrote; not part of the site
        theme = _theme(root, project)
        config = write_config(root, project, theme.overrides)
        _run_zensical(config, project, theme.env)
        if site_dir.exists():
            shutil.rmtree(site_dir)
        shutil.move(project / "site", site_dir)
    finish_site(site_dir, sources.catalog, _site_url(root))
    return sources


#: The portal's own folders: the output folder, replaced by each build, is none of them.
SOURCE_FOLDERS = (DATA_DIR, DOCS_DIR, THEME_DIR, "hooks", "tests", ".git")


def _refuse_sources_as_output(root: Path, site_dir: Path) -> None:
    inside = next((name for name in SOURCE_FOLDERS if site_dir.is_relative_to(root / name)), None)
    if root.is_relative_to(site_dir) or inside is not None:
        where = f"在门户的 {inside}/ 目录之内" if inside else "是门户目录本身或它的上级目录"
        raise ZensicalBuildError(
            f"输出目录 {site_dir} {where}：构建会先清空输出目录，请另选一个目录（如 site-zensical）。"
        )


def write_config(root: Path, project: Path, overrides: Path) -> Path:
    """A config in ``project`` that inherits the portal's mkdocs.yml (INHERIT, which
    Zensical reads as MkDocs does) and changes only what Zensical needs changed."""
    lines = [
        "# Written by nianbao.build.zensical for one build; the portal's settings are in INHERIT.",
        f"INHERIT: {_quoted(root / CONFIG)}",
        f"docs_dir: {DOCS_DIR}",
        "site_dir: site",
        # Zensical does not run MkDocs hooks; the package did their work above.
        "hooks: []",
        "watch: []",
        # The portal searches with Pagefind (indexed below), not with the theme's search.
        "plugins:",
        "  - search:",
        "      enabled: false",
        "theme:",
        f"  custom_dir: {_quoted(overrides)}",
        # The look the overrides are written for (Material's), not Zensical's "modern" one,
        # whose default icons are Lucide's where the overrides include Material's.
        "  variant: classic",
    ]
    config = project / CONFIG
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def finish_site(site_dir: Path, catalog, site_url: str) -> None:
    """The MkDocs hook's post-build steps: every download (each report's and all data's)
    and the Pagefind index; the theme's unused search engine goes."""
    remove_builtin_search(site_dir)
    for name in UNUSED_OUTPUT:
        target = site_dir / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    write_downloads(catalog, site_dir, site_url=site_url)
    try:
        index_site(site_dir)
    except SearchIndexError as error:
        raise ZensicalBuildError(str(error)) from None


def _run_zensical(config: Path, project: Path, theme_env: dict[str, str]) -> None:
    env = child_environment(**theme_env, NO_COLOR="1")
    # --strict, as CI runs MkDocs: a warning fails the build.
    command = [sys.executable, "-m", "zensical", "build", "--clean", "--strict", "--config-file", str(config)]
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        # Zensical's stderr: its warnings (page source, line and column), then a Python
        # traceback that says nothing more, whose last line says what stopped the build (for
        # a template: the template and line).
        stderr = _ANSI.sub("", result.stderr)
        issues = stderr.split(_TRACEBACK)[0].rstrip()
        last = (stderr.strip().splitlines() or ["（无输出）"])[-1]
        raise ZensicalBuildError("\n".join(part for part in ("Zensical 构建失败：", issues, last) if part))


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_TRACEBACK = "Traceback (most recent call last):"


@dataclass(frozen=True)
class Theme:
    overrides: Path
    """The folder given to Zensical as ``theme.custom_dir``."""
    env: dict[str, str]
    """What the Zensical process's environment needs besides this one's."""


#: Material's test for its RSS plugin. Zensical's config always holds an "rss" entry (its
#: ``config``, a list of feeds, empty here), so under Zensical the test links two feeds that
#: do not exist, and Material's script then fetches a sitemap beside each link.
MATERIAL_RSS_TEST = ('{% if "rss" in config.plugins %}', "{% if config.plugins.rss and config.plugins.rss.config %}")


def _theme(root: Path, project: Path) -> Theme:
    """The portal's overrides over Zensical's templates, from the package zensical-ui (a
    dependency of zensical). Where that package cannot be installed (a registry mirror that
    lacks it), Zensical is pointed at the templates of Material for MkDocs (a dependency of
    the portal, and the theme Zensical's replaces) through a module of that name, for the
    child process only; the overrides then also carry Material's base.html with the RSS test
    that reads Zensical's config correctly."""
    if importlib.util.find_spec("zensical_ui") is not None:
        return Theme(root / THEME_DIR, {})
    material = importlib.util.find_spec("material")
    if material is None or material.origin is None:
        raise ZensicalBuildError("Zensical 缺少主题包 zensical-ui，也找不到 Material for MkDocs 的模板。")
    templates = Path(material.origin).parent / "templates"
    fallback = project / "theme-fallback"
    shim = fallback / "zensical_ui"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text(f"def get_theme_dir():\n    return {str(templates)!r}\n", encoding="utf-8")
    overrides = fallback / THEME_DIR
    shutil.copytree(root / THEME_DIR, overrides)
    base = (templates / "base.html").read_text(encoding="utf-8")
    if not (overrides / "base.html").exists():
        (overrides / "base.html").write_text(base.replace(*MATERIAL_RSS_TEST), encoding="utf-8")
    return Theme(overrides, {"PYTHONPATH": python_path(fallback)})


def _site_url(root: Path) -> str:
    """The site's address as mkdocs.yml sets it (``!ENV SITE_URL``): the feed's links."""
    from mkdocs.utils.yaml import yaml_load

    with open(root / CONFIG, encoding="utf-8") as file:
        return (yaml_load(file) or {}).get("site_url") or ""


def _quoted(path: Path) -> str:
    return '"' + str(path).replace("\\", "\\\\").replace('"', '\\"') + '"'
