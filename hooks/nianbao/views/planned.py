"""A planned page: which page exists, at which URL, with which title and view data; and
the URLs and titles every page plan shares. URLs are stable forever (citizens bookmark and
cite them); see DESIGN.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..data.model import Office

#: The column (栏目) of the government meta tags that a report page belongs to.
REPORT_COLUMN = "政府信息公开工作年度报告"


def office_url(office_id: str) -> str:
    return f"offices/{office_id}/"


def report_url(office_id: str, year: int) -> str:
    return f"offices/{office_id}/{year}/"


def year_url(year: int) -> str:
    return f"years/{year}/"


@dataclass(frozen=True)
class PlannedPage:
    src_uri: str
    """Source path inside docs, e.g. ``offices/pingtan/2020.md``."""
    url: str
    template: str
    title: str
    """What the page is: its <h1>, <title>, Open Graph title and government meta tags."""
    context: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    """One sentence for search engines and link previews (meta description, og:description)."""
    article: dict[str, str] | None = None
    """For a page that is one document (a report): its ``PubDate`` and ``ContentSource``."""
    wide: bool = False
    """Not in the navigation: the page's left sidebar would be empty, so the content takes it."""
    filters: tuple[tuple[str, str], ...] = ()
    """Search filters (name, value) the page is found under, e.g. (("年度", "2024 年度"),)."""
    toc: bool = True
    """Whether the theme lists the page's headings beside it."""


def page_meta(page: PlannedPage) -> dict[str, Any]:
    """The front matter of a planned page (read by MkDocs and overrides/main.html): the
    same title everywhere, and the page metadata the national government-website guideline
    asks for — an article page (a report) names its title, date and source; any other page
    is a column page named by its title. Every page type gets these from its plan alone."""
    gov = {"ColumnName": REPORT_COLUMN if page.article is not None else page.title}
    if page.article is not None:
        gov = {**gov, "ArticleTitle": page.title, **page.article}
    if page.description:
        gov["Description"] = page.description
    meta: dict[str, Any] = {"title": page.title}
    if page.description:
        meta["description"] = page.description
    meta["gov_meta"] = gov
    if page.wide:
        meta["nb_wide"] = True
    if page.filters:
        meta["search_filters"] = [list(f) for f in page.filters]
    if not page.toc:
        meta["hide"] = ["toc"]
    return meta


#: Entries in the Atom feed (outputs.exports.feed_bytes; the data page says the number): the
#: newest reports, not the archive. Feed readers fetch the whole file each time they look;
#: listing every report made it grow by half a kilobyte a report (5 MB at 10,000), and the
#: year pages are the archive.
FEED_ENTRIES = 100


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str


def report_title(office: Office, year: int) -> str:
    """E.g. 「彭后街道办事处 2024 年度政府信息公开工作年度报告」."""
    return f"{office.name} {year} 年度政府信息公开工作年度报告"
