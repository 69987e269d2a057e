"""View data for comparing: the office × year publication matrix, a year's totals and
rankings, an office's trends, and a report's change against its previous year."""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from ..data.model import Office, Report
from .charts import Chart, bar_chart
from .grids import Grid, active_grid, table_grid
from .measures import (
    MEASURE,
    MISMATCH_ANCHOR,
    OUTCOMES,
    RATES,
    Measured,
    Rate,
    format_rate,
    measured,
    rate_value,
    sum_tables,
)
from .publication import YearStatus, expected_years, year_status

#: The measures of an office's trend table, in order.
TREND_MEASURES = ("new_requests", *OUTCOMES, "licensing", "penalty", "review_total", "litigation_total")
#: The measures compared with the previous year on a report page.
CHANGE_MEASURES = ("new_requests", "granted", "partial", "licensing", "penalty", "review_total", "litigation_total")
#: Single-series charts on an office page.
CHART_MEASURES = ("new_requests", "licensing", "penalty", "review_total", "litigation_total")


@dataclass(frozen=True)
class OverviewRow:
    office: Office
    cells: tuple[YearStatus | None, ...]
    """One per year of the matrix; ``None`` where the office owed no report that year."""


def overview(
    offices: list[Office], reports: list[Report], breaks: dict[tuple[str, int], int], today, deadlines
) -> dict:
    by_office: dict[str, dict[int, Report]] = {}
    for report in reports:
        by_office.setdefault(report.office_id, {})[report.year] = report
    expected = {o.id: expected_years(o, list(by_office.get(o.id, {}).values()), today, deadlines) for o in offices}
    years = sorted({y for ys in expected.values() for y in ys}, reverse=True)
    rows = []
    counts: dict[str, int] = {}
    for office in offices:
        cells = []
        for year in years:
            if year not in expected[office.id]:
                cells.append(None)
                continue
            report = by_office.get(office.id, {}).get(year)
            status = year_status(office, year, report, today, deadlines, breaks.get((office.id, year), 0))
            counts[status.status] = counts.get(status.status, 0) + 1
            cells.append(status)
        rows.append(OverviewRow(office, tuple(cells)))
    return {"years": years, "rows": rows, "counts": counts}


def _report_url(office_id: str, year: int) -> str:
    return f"offices/{office_id}/{year}/"


def mismatch_url(office_id: str, year: int) -> str:
    """The notice on a report page that lists its broken relations."""
    return _report_url(office_id, year) + MISMATCH_ANCHOR


@dataclass(frozen=True)
class Ranked:
    office: Office
    report: Report
    value_text: str
    detail: str
    mismatch_url: str = ""
    """Set when the figure is the sum of parts of a total the report printed otherwise, or
    the report is left out for that reason: the page marks it 「原文合计不符」 with this link."""


@dataclass(frozen=True)
class Ranking:
    label: str
    definition: str
    items: tuple[Ranked, ...]
    """Highest first; offices without a value (not reported, or no case) come last."""


def _mismatch(office: Office, report: Report, m: Measured, keys) -> str:
    return mismatch_url(office.id, report.year) if m.mismatched.intersection(keys) else ""


def _ranking_by_measure(key: str, reports: list[tuple[Office, Report, Measured]]) -> Ranking:
    measure = MEASURE[key]
    valued = [(o, r, m.values[key], _mismatch(o, r, m, (key,))) for o, r, m in reports]
    valued.sort(key=lambda t: (t[2] is None, -(t[2] or 0), t[0].id))
    items = tuple(
        Ranked(o, r, "" if v is None else str(v), "" if v is not None or url else "未填报", url)
        for o, r, v, url in valued
    )
    return Ranking(measure.label, measure.source, items)


def _ranking_by_rate(rate: Rate, reports: list[tuple[Office, Report, Measured]]) -> Ranking:
    """A rate's detail is its fraction; 「无办理件」 only where the report's cases, as its
    parts list them, are none (a printed total of 0 beside listed cases is no such report)."""
    valued = []
    for office, report, m in reports:
        measures = m.values
        value = rate_value(measures, rate)
        url = _mismatch(office, report, m, (*rate.numerator, rate.denominator))
        numerator = sum(measures[k] or 0 for k in rate.numerator)
        denominator = measures.get(rate.denominator)
        if value is not None:
            detail = f"{numerator} / {denominator}"
        elif url and (denominator is None or numerator):
            detail = ""  # left out: the mark says why
        elif denominator == 0:
            detail = "无办理件"
        else:
            detail = "未填报"
        valued.append((office, report, value, detail, url))
    valued.sort(key=lambda t: (t[2] is None, -(t[2] or Fraction(0)), t[0].id))
    return Ranking(
        rate.label, rate.definition, tuple(Ranked(o, r, format_rate(v), d, url) for o, r, v, d, url in valued)
    )


def year_totals(reports: list[tuple[Office, Report]]) -> dict:
    """Sums of every cell over the year's reports (per table and version) and rankings."""
    sums, mismatched = sum_tables([r for _, r in reports])
    grids: list[tuple[str, int, int, Grid]] = []
    active_parts = [s for s in sums if s.definition.section == "active"]
    for version in sorted({s.definition.version for s in active_parts}):
        parts = [s for s in active_parts if s.definition.version == version]
        notes = {
            (s.definition.id, *cell): note for s in parts for cell in s.definition_cells() if (note := s.note(cell))
        }
        grid = active_grid(
            [s.as_table() for s in parts],
            f"表二 主动公开政府信息情况（{version} 版，合计）",
            notes=notes,
            variant=str(version),
        )
        grids.append(("表二", version, max(s.offices for s in parts), grid))
    for table_sum in sums:
        definition = table_sum.definition
        if definition.section == "active":
            continue
        notes = {cell: note for cell in table_sum.definition_cells() if (note := table_sum.note(cell))}
        grid = table_grid(table_sum.as_table(), notes=notes, variant=str(definition.version))
        grid.caption = f"{definition.name} {definition.caption}（{definition.version} 版，合计）"
        grids.append((definition.name, definition.version, table_sum.offices, grid))
    figures = [(o, r, measured(r)) for o, r in reports]
    rankings = [_ranking_by_measure("new_requests", figures)]
    rankings += [_ranking_by_rate(rate, figures) for rate in RATES]
    rankings += [_ranking_by_measure(key, figures) for key in ("licensing", "penalty")]
    offices = {r.office_id: o for o, r in reports}
    return {
        "totals": grids,
        "rankings": rankings,
        "mismatched": [(offices[r.office_id], mismatch_url(r.office_id, r.year)) for r in mismatched],
    }


@dataclass(frozen=True)
class Change:
    label: str
    this: str
    last: str
    delta: str
    direction: str
    """``up``, ``down``, ``same`` or empty (not comparable)."""
    mismatch_urls: tuple[str, ...] = ()
    """The notices of the two reports, where either figure reads a printed total that
    disagrees with its parts (marked 「原文合计不符」)."""


def _change(label: str, this: int | None, last: int | None) -> Change:
    if this is None or last is None:
        return Change(label, "" if this is None else str(this), "" if last is None else str(last), "无法比较", "")
    delta = this - last
    if delta == 0:
        return Change(label, str(this), str(last), "持平", "same")
    percent = f"（{'+' if delta > 0 else '−'}{format_rate(Fraction(abs(delta), last))}）" if last else ""
    return Change(
        label, str(this), str(last), f"{'+' if delta > 0 else '−'}{abs(delta)}{percent}", "up" if delta > 0 else "down"
    )


def changes(report: Report, previous: Report | None) -> list[Change]:
    if previous is None:
        return []
    this, last = measured(report), measured(previous)
    out = []
    for key in CHANGE_MEASURES:
        change = _change(MEASURE[key].label, this.values[key], last.values[key])
        urls = tuple(
            mismatch_url(r.office_id, r.year) for r, m in ((report, this), (previous, last)) if key in m.mismatched
        )
        out.append(replace(change, mismatch_urls=urls) if urls else change)
    return out


def _figure_text(chart: Chart) -> str:
    """A chart's one value as words, e.g. 「2024年：予以公开 22，部分公开 20，合计 42」."""
    for bar in chart.bars:
        if bar.reported:
            if len(bar.segments) == 1:
                return f"{bar.label}年：{bar.total_text}"
            parts = "，".join(f"{s.label} {s.value}" for s in bar.segments)
            return f"{bar.label}年：{parts}，合计 {bar.total_text}"
    return "各年度均未填报"


@dataclass(frozen=True)
class TrendCell:
    value: int | None
    change: Change | None
    mismatch_url: str = ""
    """The value is the sum of the parts of a total the report printed otherwise (or, with
    ``value`` ``None``, left out for that reason): marked 「原文合计不符」, linked here."""


def trends(office: Office, reports: list[Report]) -> dict:
    """Oldest first, on a continuous run of years: a table of measures by year with
    year-over-year change (a year without a report is a row of its own, ``None``), and
    charts, with the same years as gaps. A chart with fewer than two values drawn would
    show no trend: its figures are listed instead (``single``)."""
    reports = sorted(reports, key=lambda r: r.year)
    by_year = {r.year: measured(r) for r in reports}
    years = list(range(reports[0].year, reports[-1].year + 1)) if reports else []
    rows: list[tuple[int, list[TrendCell] | None]] = []
    for year in years:
        this, previous = by_year.get(year), by_year.get(year - 1)
        if this is None:
            rows.append((year, None))
            continue
        cells = []
        for key in TREND_MEASURES:
            change = _change(MEASURE[key].label, this.values[key], previous.values[key]) if previous else None
            url = mismatch_url(office.id, year) if key in this.mismatched else ""
            cells.append(TrendCell(this.values[key], change, url))
        rows.append((year, cells))
    missing = frozenset(i for i, year in enumerate(years) if year not in by_year)
    labels = [str(y) for y in years]

    def values(key: str) -> list[int | None]:
        return [by_year[y].values[key] if y in by_year else None for y in years]

    def marks(*keys: str) -> dict[int, str]:
        return {
            i: mismatch_url(office.id, y)
            for i, y in enumerate(years)
            if y in by_year and by_year[y].mismatched.intersection(keys)
        }

    drawn: list[Chart] = [
        bar_chart(
            f"chart-{office.id}-{key}",
            f"{MEASURE[key].label}（件）",
            labels,
            [(MEASURE[key].label, values(key))],
            missing,
            marks(key),
        )
        for key in CHART_MEASURES
    ]
    # The stacked results stand for （七）总计: marked too where that total disagrees with them.
    outcomes = [(MEASURE[k].label, values(k)) for k in OUTCOMES]
    drawn.insert(
        1,
        bar_chart(
            f"chart-{office.id}-outcomes",
            "申请办理结果（件）",
            labels,
            outcomes,
            missing,
            marks(*OUTCOMES, "results_total"),
        ),
    )
    charts = [c for c in drawn if c.points >= 2]
    single = [(c.title, _figure_text(c)) for c in drawn if c.points < 2]
    return {
        "trend_labels": [MEASURE[k].label for k in TREND_MEASURES],
        "trend_rows": rows,
        "charts": charts,
        "single": single,
    }
