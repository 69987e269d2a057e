"""The report as a record: its year, dates, source and publication deadline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ...data.model import FIRST_REPORT_YEAR, ORIGIN_NEW, Office, Report, year_problem
from ...problems import NOTICE, WARNING
from . import Context, Finding, rule


@rule(
    "D1",
    f"报告年度须在 {FIRST_REPORT_YEAR} 年度（标准表格的第一年）至上一年度之间：当年和未来的年度尚未结束",
    about_numbers=False,
    fix="检查 year：报告年度是统计的年度，不是发布的年份。",
)
def check_year_is_plausible(report: Report, context: Context) -> Iterator[Finding]:
    problem = year_problem(report.year, context.today)
    if problem:
        yield Finding("D1", "year", problem)


@rule("D2", "发布日期必须在报告年度结束之后", about_numbers=False, fix="检查 published 和 year：报告在次年发布。")
def check_published_after_year(report: Report, context: Context) -> Iterator[Finding]:
    if report.published and report.published.year <= report.year:
        yield Finding(
            "D2",
            "published",
            f"发布日期为 {report.published.isoformat()}，但应在 {report.year} 年度结束之后（{report.year + 1} 年）",
        )
    if report.published and report.published > context.today:
        yield Finding(
            "D2", "published", f"发布日期为 {report.published.isoformat()}，晚于今天（{context.today.isoformat()}）"
        )


@rule(
    "D3", "除草稿外，必须填写发布日期", about_numbers=False, fix="填写 published 发布日期；尚未发布的写 draft: true。"
)
def check_published_given(report: Report, context: Context) -> Iterator[Finding]:
    if report.published is not None or report.draft:
        return
    if "published" not in report.given:
        yield Finding("D3", "published", "缺少发布日期「published」；尚未发布的报告请写 draft: true")
    elif report.origin == ORIGIN_NEW and "published" not in report.unreadable:
        # null is only for a published document that bears no date
        yield Finding("D3", "published", "发布日期「published」还没有填写；尚未发布的报告请写 draft: true")


@rule(
    "D4",
    "录自已发布文件的报告必须注明原文出处（source）",
    about_numbers=False,
    fix="在 source 下写原文网址 url 或标题 title。",
)
def check_source_given(report: Report, context: Context) -> Iterator[Finding]:
    if report.origin != ORIGIN_NEW and (report.source is None or not (report.source.url or report.source.title)):
        yield Finding(
            "D4", "source", "origin 为 published（录自已发布文件），但没有写原文出处 source.url 或 source.title"
        )


@rule(
    "D6",
    "新填报的报告不带上一年度的记录：没有原文出处 source，更正记录不早于发布日期，"
    "编者说明 notes、已说明的警告 acknowledged、更正记录 corrections 不与上一年度的相同",
    about_numbers=False,
    fix="复制上一年度的文件时，删去 source、notes、corrections、acknowledged 和 import_problems。",
)
def check_nothing_carried_from_last_year(report: Report, context: Context) -> Iterator[Finding]:
    if report.origin != ORIGIN_NEW:
        return
    if report.source is not None:
        yield Finding(
            "D6",
            "source",
            "新填报的报告（origin: new）不应有原文出处 source，页面会把它显示在「本门户填报」旁；"
            "如是从上一年度的文件复制来的，请删去",
        )
    for correction in report.corrections:
        if report.published and correction.date < report.published:
            yield Finding(
                "D6",
                "corrections",
                f"更正日期 {correction.date.isoformat()} 早于本报告的发布日期 {report.published.isoformat()}；"
                "如是从上一年度的文件复制来的更正记录，请删去",
            )
    yield from _copied_from_previous(report, context.previous)


def _copied_from_previous(report: Report, previous: Report | None) -> Iterator[Finding]:
    """Leftovers of last year's file: the same notes, acknowledgements or corrections, word
    for word, belong to last year's report (import_problems are rule I1's, in any report)."""
    if previous is None:
        return
    last = f" {previous.year} 年度报告"
    notes = [note for note in report.notes if note in previous.notes]
    if notes:
        yield Finding(
            "D6",
            "notes",
            f"编者说明 notes 中有 {len(notes)} 条与{last}的相同（「{notes[0]}」），是从上一年度的文件复制来的；"
            "新填报的报告请删去 notes",
        )
    same = [rule for rule, reason in report.acknowledged.items() if previous.acknowledged.get(rule) == reason]
    if same:
        yield Finding(
            "D6",
            "acknowledged",
            f"acknowledged 中 {'、'.join(same)} 的原因与{last}的一字不差，是从上一年度的文件复制来的；"
            "请删去，本年度确有需要说明的警告，按本年度的情况重新写明原因",
        )
    dated_before = report.published.__gt__ if report.published else (lambda _: False)
    copied = [c for c in report.corrections if c in previous.corrections and not dated_before(c.date)]
    if copied:
        yield Finding(
            "D6",
            "corrections",
            f"更正记录 corrections 中有 {len(copied)} 条与{last}的相同（{copied[0].date.isoformat()}），"
            "是从上一年度的文件复制来的；请删去",
        )


def deadline_for(office: Office, year: int, deadlines: dict[str, str]) -> dt.date | None:
    """The statutory (or portal-set) publication deadline for ``year``'s report."""
    text = deadlines.get(office.kind)
    if not text:
        return None
    month, day = (int(part) for part in text.split("-"))
    try:
        return dt.date(year + 1, month, day)
    except ValueError:  # 02-29 in a common year: the last day of February
        return dt.date(year + 1, 3, 1) - dt.timedelta(days=1)


# A notice, not a warning: lateness cannot be fixed by editing data, and a warning would
# block every strict build from then on. The overview page shows it to everyone.
@rule(
    "D5",
    "按期发布：政府部门在次年1月31日前，人民政府在次年3月31日前，其他机关按本门户设定",
    NOTICE,
    about_numbers=False,
    fix="无需修改数据：逾期发布会在「发布情况」页面上显示。",
)
def check_deadline(report: Report, context: Context) -> Iterator[Finding]:
    office = context.offices.get(report.office_id)
    if office is None or report.published is None:
        return
    deadline = deadline_for(office, report.year, context.deadlines)
    if deadline and report.published > deadline:
        days = (report.published - deadline).days
        yield Finding(
            "D5",
            "published",
            f"发布日期 {report.published.isoformat()} 晚于法定期限 {deadline.isoformat()}（{office.kind}），逾期 {days} 天",
        )


@rule(
    "O1",
    "报告年度应在机关的首个与最后报告年度之间",
    WARNING,
    about_numbers=False,
    fix="检查 year，或更正 office.yml 的 first_year / last_year。",
)
def check_office_years(report: Report, context: Context) -> Iterator[Finding]:
    office = context.offices.get(report.office_id)
    if office is None:
        return
    if office.first_year and report.year < office.first_year:
        yield Finding(
            "O1", "year", f"报告年度 {report.year} 早于 office.yml 中的首个报告年度 first_year: {office.first_year}"
        )
    if office.last_year and report.year > office.last_year:
        yield Finding(
            "O1", "year", f"报告年度 {report.year} 晚于 office.yml 中的最后报告年度 last_year: {office.last_year}"
        )
