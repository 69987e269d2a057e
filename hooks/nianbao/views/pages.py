"""Plan the generated pages: which pages exist, at which URL, with which view data.

Nothing here writes markup: each :class:`PlannedPage` names a template and carries the
numbers and grids it shows; :mod:`nianbao.views.render` turns it into a page source.
URLs are stable forever (citizens bookmark and cite them); see DESIGN.md.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..checks.audit import rule_by_id
from ..checks.audit.measures import NOTHING_MEASURED
from ..checks.rules import BROKEN, NOT_CHECKABLE, REGISTRY, Finding
from ..data.catalog import Catalog
from ..data.model import OFFICE_KINDS, ORIGIN_NEW, Office, Report
from ..formats import load_formats, load_sections
from . import tianbao
from .audit import plan_audit_pages, quality_context
from .comparisons import changes, mismatch_url, overview, trends, year_totals
from .grids import Grid, active_grid, format_value, table_grid
from .measures import derived_cell
from .planned import (
    FEED_ENTRIES,
    Crumb,
    PlannedPage,
    office_url,
    report_title,
    report_url,
    year_url,
)

#: The figures shown beside every report in lists: (label, table id, row, column).
KEY_FIGURES = (
    ("新收申请", "requests", "new", "total"),
    ("行政许可", "active.item5", "licensing", "decisions"),
    ("行政处罚", "active.item6", "penalty", "decisions"),
    ("行政复议", "appeals", "review", "total"),
)

#: Rules whose outcome a report page lists (the arithmetic of the tables).
TABLE_RULES = ("R3.1", "R3.2", "R3.3", "R4")


@dataclass(frozen=True)
class Figure:
    label: str
    text: str
    reported: bool
    mismatch_url: str = ""
    """The report printed this total otherwise than its parts add up: the figure is their
    sum (or, empty, left out) and is marked 「原文合计不符」 (nianbao.views.measures)."""


@dataclass(frozen=True)
class ReportSummary:
    """One line of a list of reports."""

    office: Office
    report: Report
    url: str
    title: str
    figures: tuple[Figure, ...]
    breaks: int
    """Table rules the printed numbers break."""
    unchecked: int
    """Table rules that could not be checked (cells not reported)."""


@dataclass(frozen=True)
class SectionView:
    title: str
    text: str
    grid: Grid | None


@dataclass(frozen=True)
class CheckView:
    rule: str
    title: str
    status: str
    """``passed``, ``broken`` or ``not_checkable``."""
    findings: tuple[Finding, ...]


def key_figures(report: Report) -> tuple[Figure, ...]:
    figures = []
    for label, table_id, row, column in KEY_FIGURES:
        table = report.tables.get(table_id)
        value, set_aside = derived_cell(table, (row, column)) if table else (None, False)
        url = mismatch_url(report.office_id, report.year) if set_aside else ""
        figures.append(Figure(label, format_value(value), value is not None, url))
    return tuple(figures)


def plan_pages(catalog: Catalog, only: Callable[[str], bool] | None = None) -> Iterator[PlannedPage]:
    """Every generated page, one at a time: a report page's grids are large, and a page
    planned only when it is rendered lets each go once written. Reports of unknown offices
    and drafts are not published. A page whose source ``only`` rejects is yielded bare (its
    source, URL, template and title, no context): another process or shard plans and renders
    it, so each page is planned once, by the process that writes it."""

    def skip(src_uri: str) -> bool:
        return only is not None and not only(src_uri)

    summaries = _summaries(catalog)
    for summary in summaries:
        src_uri = f"offices/{summary.office.id}/{summary.report.year}.md"
        if skip(src_uri):
            yield PlannedPage(src_uri, summary.url, "report.html", summary.title)
            continue
        yield _report_page(catalog, summary)
    by_office: dict[str, list[ReportSummary]] = defaultdict(list)
    by_year: dict[int, list[ReportSummary]] = defaultdict(list)
    for s in summaries:
        by_office[s.office.id].append(s)
        by_year[s.report.year].append(s)
    for office in catalog.offices.values():
        if skip(f"offices/{office.id}/index.md"):
            yield PlannedPage(f"offices/{office.id}/index.md", office_url(office.id), "office.html", office.name)
            continue
        yield _office_page(office, sorted(by_office[office.id], key=lambda s: -s.report.year))
    yield PlannedPage(*_OFFICES) if skip(_OFFICES[0]) else _offices_index(catalog, by_office)
    for year, items in sorted(by_year.items()):
        if skip(f"years/{year}.md"):
            yield PlannedPage(f"years/{year}.md", year_url(year), "year.html", _year_title(year))
            continue
        yield _year_page(year, sorted(items, key=lambda s: s.office.id))
    yield PlannedPage(*_YEARS) if skip(_YEARS[0]) else _years_index(by_year)
    yield PlannedPage(*_OVERVIEW) if skip(_OVERVIEW[0]) else _overview_page(catalog, summaries)
    yield from plan_audit_pages(catalog, published_reports(catalog), only)


#: The shared pages' source, URL, template and title (their plans repeat them).
_OFFICES = ("offices/index.md", "offices/", "offices.html", "机关")
_YEARS = ("years/index.md", "years/", "years.html", "年度")
_OVERVIEW = ("overview.md", "overview/", "overview.html", "发布情况")


def _year_title(year: int) -> str:
    return f"{year} 年度政府信息公开工作年度报告"


def latest_context(catalog: Catalog) -> dict[str, Any]:
    """What the home page shows: the latest year's reports, and ways into years and offices."""
    summaries = _summaries(catalog)
    years = sorted({s.report.year for s in summaries}, reverse=True)
    latest = years[0] if years else None
    return {
        "latest_year": latest,
        "latest": [s for s in summaries if s.report.year == latest],
        "years": years,
        "office_count": len(catalog.offices),
        "report_count": len(summaries),
        "year_url": year_url,
        "figure_labels": [f[0] for f in KEY_FIGURES],
    }


def published_reports(catalog: Catalog) -> list[tuple[Office, Report]]:
    """The reports the site shows: not drafts, of a known office; by office, then year."""
    return [
        (catalog.offices[r.office_id], r) for r in catalog.reports if r.office_id in catalog.offices and not r.draft
    ]


def downloads_context(catalog: Catalog) -> dict[str, Any]:
    items = published_reports(catalog)
    years = sorted({r.year for _, r in items}, reverse=True)
    example = (items[-1][0].id, items[-1][1].year) if items else None
    return {"years": years, "example": example, "feed_entries": FEED_ENTRIES}


def _summaries(catalog: Catalog) -> list[ReportSummary]:
    out = []
    for report in catalog.reports:
        office = catalog.offices.get(report.office_id)
        if office is None or report.draft:
            continue
        findings = catalog.findings.get((report.office_id, report.year), [])
        table_findings = [f for rule_def, f in findings if rule_def.id in TABLE_RULES]
        out.append(
            ReportSummary(
                office,
                report,
                report_url(office.id, report.year),
                report_title(office, report.year),
                key_figures(report),
                breaks=sum(1 for f in table_findings if f.status == BROKEN),
                unchecked=sum(1 for f in table_findings if f.status == NOT_CHECKABLE),
            )
        )
    return out


def _breadcrumbs(*crumbs: tuple[str, str]) -> tuple[Crumb, ...]:
    return (Crumb("首页", ""),) + tuple(Crumb(label, url) for label, url in crumbs)


def _report_page(catalog: Catalog, summary: ReportSummary) -> PlannedPage:
    report, office = summary.report, summary.office
    outcomes = catalog.findings.get((report.office_id, report.year), [])
    flagged = {(f.table, *cell) for _, f in outcomes if f.status == BROKEN for cell in f.cells}
    sections = []
    for section in load_sections():
        grid = None
        if section.tables == "active":
            parts = [t for tid, t in report.tables.items() if tid.startswith("active.")]
            if parts:
                grid = active_grid(parts, "表二 主动公开政府信息情况", flagged)
        elif section.tables and section.tables in report.tables:
            table = report.tables[section.tables]
            grid = table_grid(table, {(r, c) for t, r, c in flagged if t == table.id})
            grid.caption = f"{table.definition.name} {grid.caption}"
        sections.append(SectionView(section.title, report.sections.get(section.text, ""), grid))
    checks = []
    for rule_def in REGISTRY:
        if rule_def.id not in TABLE_RULES:
            continue
        found = tuple(f for r, f in outcomes if r.id == rule_def.id)
        status = BROKEN if any(f.status == BROKEN for f in found) else NOT_CHECKABLE if found else "passed"
        checks.append(CheckView(rule_def.id, rule_def.title, status, found))
    published = catalog.published_by_year(office.id)
    previous = published.get(report.year - 1)
    context = {
        "office": office,
        "report": report,
        "summary": summary,
        "sections": sections,
        "checks": checks,
        "is_new": report.origin == ORIGIN_NEW,
        "breaks": [f for c in checks for f in c.findings if f.status == BROKEN],
        "cross_year": [f for r, f in outcomes if r.id.startswith("X") and f.status == BROKEN],
        "acknowledged": _acknowledged(report, outcomes, catalog.audit.get((office.id, report.year), [])),
        "versions": _describe_versions(report),
        "changes": changes(report, previous),
        "previous_year": previous.year if previous else None,
        "previous_url": report_url(office.id, report.year - 1) if report.year - 1 in published else None,
        "next_url": report_url(office.id, report.year + 1) if report.year + 1 in published else None,
        **quality_context(
            catalog.audit.get((office.id, report.year), []),
            catalog.measured.get((office.id, report.year), NOTHING_MEASURED),
            report,
            previous,
        ),
        "breadcrumbs": _breadcrumbs(
            ("机关", "offices/"), (office.name, office_url(office.id)), (f"{report.year} 年度", summary.url)
        ),
    }
    return PlannedPage(
        f"offices/{office.id}/{report.year}.md",
        summary.url,
        "report.html",
        summary.title,
        context,
        description=f"{office.name}发布的 {report.year} 年度政府信息公开工作年度报告：正文和表二、表三、表四的全部数字，并核对勾稽关系。",
        article={
            "PubDate": report.published.isoformat() if report.published else "",
            "ContentSource": office.name,
        },
        wide=True,
        filters=(("年度", f"{report.year} 年度"), ("机关类型", office.kind)),
    )


def _acknowledged(report: Report, outcomes: list, audit: list) -> list[tuple[str, str, str]]:
    """(rule id, rule title, reason) of each warning the report acknowledged and that applies
    to it: the reason once per rule, however many findings it covers."""
    titles = {r.id: r.title for r, f in outcomes if f.status == BROKEN}
    titles.update({f.rule: rule_by_id(f.rule).title for f in audit})
    return [(rule_id, titles[rule_id], reason) for rule_id, reason in report.acknowledged.items() if rule_id in titles]


def _describe_versions(report: Report) -> list[str]:
    """Which format version each table follows, e.g. 「表二第二十条第（一）项：2019 版」."""
    formats = load_formats()
    versions = sorted(report.versions)
    if len(versions) == 1:
        fmt = formats[versions[0]]
        return [f"全部采用 {fmt.version} 版（{fmt.issued_by}）"]
    return [f"{table.definition.name}：{table.version} 版" for table in report.tables.values()]


def _office_page(office: Office, summaries: list[ReportSummary]) -> PlannedPage:
    context = {
        "office": office,
        "reports": summaries,
        **trends(office, [s.report for s in summaries]),
        "figure_labels": [f[0] for f in KEY_FIGURES],
        "breadcrumbs": _breadcrumbs(("机关", "offices/"), (office.name, office_url(office.id))),
    }
    return PlannedPage(
        f"offices/{office.id}/index.md",
        office_url(office.id),
        "office.html",
        office.name,
        context,
        description=f"{office.name}历年的政府信息公开工作年度报告，以及主要数字的历年变化。",
        wide=True,
        filters=(("机关类型", office.kind),),
    )


def _offices_index(catalog: Catalog, by_office: dict[str, list[ReportSummary]]) -> PlannedPage:
    groups = []
    for kind in OFFICE_KINDS:
        offices = sorted((o for o in catalog.offices.values() if o.kind == kind), key=lambda o: o.id)
        if offices:
            groups.append(
                (kind, [(o, sorted((s.report.year for s in by_office[o.id]), reverse=True)) for o in offices])
            )
    context = {"groups": groups, "breadcrumbs": _breadcrumbs(("机关", "offices/"))}
    return PlannedPage(
        *_OFFICES,
        context,
        description="本门户收录的机关，按机关类型排列。",
    )


def _year_page(year: int, summaries: list[ReportSummary]) -> PlannedPage:
    context = {
        "year": year,
        "reports": summaries,
        **year_totals([(s.office, s.report) for s in summaries]),
        "figure_labels": [f[0] for f in KEY_FIGURES],
        "breadcrumbs": _breadcrumbs(("年度", "years/"), (f"{year} 年度", year_url(year))),
    }
    return PlannedPage(
        f"years/{year}.md",
        year_url(year),
        "year.html",
        _year_title(year),
        context,
        description=f"各机关 {year} 年度的政府信息公开工作年度报告、合计与排名。",
        wide=True,
    )


def _overview_page(catalog: Catalog, summaries: list[ReportSummary]) -> PlannedPage:
    breaks = {(s.office.id, s.report.year): s.breaks for s in summaries}
    offices = sorted(catalog.offices.values(), key=lambda o: (OFFICE_KINDS.index(o.kind), o.id))
    context = {
        **overview(offices, [s.report for s in summaries], breaks, catalog.today, catalog.deadlines),
        "deadlines": catalog.deadlines,
        "as_of": catalog.today,
        "breadcrumbs": _breadcrumbs(("发布情况", "overview/")),
        "report_url": report_url,
    }
    return PlannedPage(
        *_OVERVIEW,
        context,
        description="各机关每个年度的政府信息公开工作年度报告是否已发布、是否按期。",
    )


def _years_index(by_year: dict[int, list[ReportSummary]]) -> PlannedPage:
    years = [(year, len(items)) for year, items in sorted(by_year.items(), reverse=True)]
    context = {"years": years, "breadcrumbs": _breadcrumbs(("年度", "years/"))}
    return PlannedPage(
        *_YEARS,
        context,
        description="按年度查看各机关的政府信息公开工作年度报告。",
    )


def tianbao_context(catalog: Catalog) -> dict[str, Any]:
    """What the 在线填报 page (docs/tianbao/index.md, :mod:`.tianbao`) shows: the newest
    format's tables as a form, and the data its script reads."""
    last_year = catalog.today.year - 1
    data = {
        "offices": [{"id": o.id, "name": o.name} for o in sorted(catalog.offices.values(), key=lambda o: o.id)],
        "years": list(range(last_year, tianbao.FORM_FIRST_YEAR - 1, -1)),
        "repository": catalog.repository,
        # The years each office has a published report for: the page fetches last year's
        # JSON (for 上年结转) only when it is there, so it never makes a failing request.
        "published": {office_id: sorted(catalog.published_by_year(office_id)) for office_id in sorted(catalog.offices)},
        "types": tianbao.cell_types(),
        "sections": tianbao.section_keys(),
        "template": tianbao.file_template(),
        **tianbao.rules_data(),
    }
    # Inside <script type="application/json">: no "<" may close the element early.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    context = {
        "grids": tianbao.form_grids(),
        "sections": tianbao.sections_view(),
        "offices": data["offices"],
        "years": data["years"],
        "repository": catalog.repository,
        "form_data": Markup(text),
    }
    return context
