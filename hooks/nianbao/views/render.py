"""Turn planned pages into Markdown page sources: the only module that touches Jinja.

Our environment is separate from the theme's: autoescaping on (every value from a data
file is escaped unless it went through the narrative renderer) and StrictUndefined (a
template that names a missing value fails the build instead of printing nothing).
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from .narrative import NarrativeRenderer
from .planned import PlannedPage, page_meta


def relative_url(from_url: str, to_url: str) -> str:
    """A link from one directory URL to another ("" is the site root), e.g. ``../2020/``;
    a target without a trailing slash is a file (``data/all-2024.zip``) and gets none."""
    rel = posixpath.relpath(to_url or ".", from_url or ".")
    if to_url and not to_url.endswith("/"):
        return rel
    return "./" if rel == "." else rel + "/"


def yaml_string(value: str) -> Markup:
    """A double-quoted YAML scalar (for page front matter, which is not HTML)."""
    return Markup(json.dumps(str(value), ensure_ascii=False))


def front_matter(meta: dict[str, Any]) -> str:
    """A YAML front matter block (keys in the given order, so builds stay byte-identical)."""
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n"


def format_date(value: dt.date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "未注明"


def source_folder(src_uri: str) -> str:
    """The folder of a page source as a directory URL (``offices/pingtan/2020.md`` →
    ``offices/pingtan/``; ``index.md`` → the site root)."""
    folder = posixpath.dirname(src_uri)
    return f"{folder}/" if folder else ""


class PageRenderer:
    """Links in the rendered HTML are relative. MkDocs leaves raw HTML alone, so they are
    written from the page's address (``offices/pingtan/2020/``); Zensical resolves them from
    the page source's folder, as it does Markdown links (``links_from_source``)."""

    def __init__(self, template_dir: Path, *, links_from_source: bool = False):
        self.links_from_source = links_from_source
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(template_dir)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        narrative = NarrativeRenderer()
        self.env.filters["markdown"] = narrative.render
        self.env.filters["cn_date"] = format_date
        self.env.filters["yaml_string"] = yaml_string
        self.env.globals["url"] = _url

    def render(self, page: PlannedPage) -> str:
        """The page source: front matter from the plan (:func:`nianbao.views.planned.page_meta`), then the template's output."""
        template = self.env.get_template(page.template)
        base = self.link_base(page.src_uri, page.url)
        return front_matter(page_meta(page)) + template.render(page=page, page_url=base, **page.context)

    def link_base(self, src_uri: str, url: str) -> str:
        """What the links of the page with this source and address are relative to."""
        return source_folder(src_uri) if self.links_from_source else url

    def render_partial(self, template: str, page_url: str, context: dict[str, Any]) -> Markup:
        """A fragment for a marker in a hand-written page (e.g. the home page's list)."""
        return Markup(self.env.get_template(template).render(page_url=page_url, **context))


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, target: str) -> str:
    return relative_url(context["page_url"], target)
