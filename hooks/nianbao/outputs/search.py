"""The portal's search index: Pagefind over the built site.

Chosen over Material's built-in search by measurement (benchmarks/build.py): Material's
browser downloads one index of every page before the first result (10.8 MB at 1,000
reports, 54 MB at 5,000), Pagefind only the chunks a query needs. Its `extended` build
(the PyPI wheel carries the binary) segments Chinese at index and query time.

Filters by year (年度) and office kind (机关类型) come from the page plan (report and office
pages; overrides/main.html writes them). Pagefind 1.5 writes filter values in hash-map
order, which differs from run to run, and the portal's builds must be byte-identical:
:mod:`nianbao.outputs.pagefind_order` sorts them after Pagefind has run.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .pagefind_order import FormatError, sort_filters

#: Indexed: the article of each page. Left out: permalinks and breadcrumbs.
ROOT_SELECTOR = "article"
# The standard tables are left out: their labels are on every report and their numbers are
# not what anyone searches by, yet they were most of the index (and of Pagefind's memory).
EXCLUDE_SELECTORS = ".headerlink, .nb-breadcrumbs, .nb-checks, .nb-years-nav, .nb-table-scroll"


#: Material's built-in search, copied with the theme even when its plugin is off.
BUILTIN_SEARCH_ASSETS = ("assets/javascripts/lunr", "assets/javascripts/workers")


def remove_builtin_search(site_dir: Path) -> None:
    """Drop the theme's unused search engine (about 3 MB with its language packs)."""
    for relative in BUILTIN_SEARCH_ASSETS:
        target = site_dir / relative
        if target.is_dir():
            shutil.rmtree(target)


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message says why, in Chinese."""


#: Every page, not the 404 page.
ALL_PAGES = "**/index.html"


def index_site(site_dir: Path, output_subdir: str = "pagefind", glob: str = ALL_PAGES) -> str:
    """Write ``site_dir/pagefind/`` (or ``output_subdir``) for the pages ``glob`` selects;
    returns Pagefind's summary line."""
    return finish_index(start_index(site_dir, output_subdir, glob), site_dir / output_subdir)


def start_index(site_dir: Path, output_subdir: str = "pagefind", glob: str = ALL_PAGES) -> subprocess.Popen:
    """Start Pagefind in the background (the build writes the downloads meanwhile)."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-subdir",
        output_subdir,
        "--root-selector",
        ROOT_SELECTOR,
        "--exclude-selectors",
        EXCLUDE_SELECTORS,
        "--force-language",
        "zh",
        "--glob",
        glob,
    ]
    try:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except OSError as error:
        raise SearchIndexError(f"无法运行 Pagefind 建立搜索索引：{error}") from None


def finish_index(process: subprocess.Popen, index_dir: Path) -> str:
    """Wait for :func:`start_index` writing ``index_dir``, then put its filters in order;
    returns Pagefind's summary line."""
    try:
        stdout, stderr = process.communicate(timeout=1800)
    except subprocess.TimeoutExpired as error:
        process.kill()
        raise SearchIndexError(f"无法运行 Pagefind 建立搜索索引：{error}") from None
    if process.returncode != 0:
        detail = (stderr or stdout).strip().splitlines()[-1:] or ["未知错误"]
        raise SearchIndexError(f"Pagefind 建立搜索索引失败：{detail[0]}（请确认已安装 pagefind[extended]）")
    try:
        sort_filters(index_dir)
    except (FormatError, OSError, ValueError, KeyError, IndexError) as error:
        raise SearchIndexError(f"无法整理 Pagefind 的筛选索引（Pagefind 的文件格式可能已变化）：{error}") from None
    pages = [line.strip() for line in stdout.splitlines() if "Indexed" in line and "page" in line]
    return f"搜索索引：{pages[0]}" if pages else "搜索索引已建立"
