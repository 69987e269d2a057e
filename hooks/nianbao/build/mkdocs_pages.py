"""MkDocs' side of the page store: the generated pages as MkDocs files and pages whose
HTML is read from disk when written and released after, placeholders for pages this build
does not render, and the one page shown instead of the site while the data has errors
(``mkdocs serve``). hooks/portal.py calls these from MkDocs' events."""

from __future__ import annotations

import functools
import shutil
import tempfile
import weakref
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..outputs.compact import compact_html
from .pagestore import PageStore, StoredAnchors, StoredPage
from .sharding import BuildPart, office_of
from .site import PROBLEM_TITLE, problem_page_source


def page_folder(config: MkDocsConfig) -> Path:
    """The page store of one `mkdocs build`: removed with its config, which lives for exactly that build."""
    folder = Path(tempfile.mkdtemp(prefix="nianbao-pages-"))
    weakref.finalize(config, shutil.rmtree, folder, True)
    return folder


def add_stored_pages(files: Files, config: MkDocsConfig, store: PageStore | None) -> None:
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


def problem_site(files: Files, config: MkDocsConfig, fragment: str) -> Files:
    """Every page replaced by one page listing the problems: the home page, and (through
    overrides/404.html) whatever `mkdocs serve` answers for an address not built."""
    for file in list(files.documentation_pages()):
        files.remove(file)
    files.append(File.generated(config, "index.md", content=problem_page_source(fragment)))
    config.extra["nianbao_problem_page"] = fragment
    config.nav = [{PROBLEM_TITLE: "index.md"}]
    return files


def serve_from_store(page: Page, config: MkDocsConfig) -> Page:
    """A stored page is not read or converted again: MkDocs gets its title now, and
    :func:`load_from_store` its HTML and front matter when the page is written. A
    placeholder (a page this build does not render, see :func:`add_stored_pages`) gets
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


def load_from_store(page: Page, config: MkDocsConfig) -> None:
    """A stored page's HTML, table of contents and front matter, just before the theme wraps it."""
    stored = getattr(config, "nianbao_pages", {}).get(page.file.src_uri)
    if stored is not None:
        page.content, tokens, page.meta = PageStore.load(stored)
        page.toc = get_toc(tokens)


def release_page(output: str, page: Page, config: MkDocsConfig) -> str:
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
