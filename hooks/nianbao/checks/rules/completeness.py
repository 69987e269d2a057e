"""What a report must contain before it is published."""

from __future__ import annotations

from collections.abc import Iterator

from ...data.model import ORIGIN_NEW, Report
from ...problems import NOTICE, WARNING
from . import Context, Finding, cell_path, rule


@rule(
    "N1",
    "新填报的报告应填写每一个单元格（未填报 null 只用于录入历史报告）",
    WARNING,
    fix="没有发生的事项填 0；null 只用于录入原文未填报的历史报告。",
)
def check_every_cell_given(report: Report, context: Context) -> Iterator[Finding]:
    if report.origin != ORIGIN_NEW or report.draft or nothing_filled(report):
        return  # nothing filled at all is N3, an error no reason can acknowledge
    for table in report.tables.values():
        missing = [cell for cell, value in table.cells.items() if value is None]
        if missing:
            yield Finding(
                "N1",
                cell_path(table, missing[0]),
                f"{table.definition.name}有 {len(missing)} 个单元格未填报（null）；没有发生的事项请填 0",
                table=table.id,
            )


def nothing_filled(report: Report) -> bool:
    """Every cell of every table is null: a blank form, not a report."""
    return bool(report.tables) and all(v is None for t in report.tables.values() for v in t.cells.values())


@rule(
    "N3",
    "新填报的报告不能一个数字也没有填：全部单元格都未填报（null）的报告不能发布，也不能用 acknowledged 说明",
    about_numbers=False,
    fix="按原表填写每一个单元格，没有发生的事项填 0；尚未填完的报告写 draft: true。",
)
def check_something_filled(report: Report, context: Context) -> Iterator[Finding]:
    if report.origin != ORIGIN_NEW or report.draft or not nothing_filled(report):
        return
    first = next(iter(report.tables.values()))
    yield Finding(
        "N3",
        cell_path(first, next(iter(first.cells))),
        "全部表格的每一个单元格都未填报（null），这样的报告不能发布；"
        "请按原表填写数字，没有发生的事项填 0；尚未填完的报告请写 draft: true",
    )


# Sections a report must have text in (the tables of 二、三、四 speak for themselves).
REQUIRED_TEXT = (
    ("overview", "一、总体情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other", "六、其他需要报告的事项"),
)


@rule(
    "N2",
    "草稿（draft: true）不会发布；校验时列出尚未填写的内容",
    NOTICE,
    about_numbers=False,
    fix="按列出的内容填完，填写发布日期 published 和落款 signed_by，删去 draft: true。",
)
def check_draft_progress(report: Report, context: Context) -> Iterator[Finding]:
    if not report.draft:
        return
    todo = [
        f"{t.definition.name} {n} 个单元格"
        for t in report.tables.values()
        if (n := sum(v is None for v in t.cells.values()))
    ]
    todo += [f"正文「{title}」" for key, title in REQUIRED_TEXT if not report.sections.get(key)]
    if report.published is None:
        todo.append("发布日期 published")
    if not report.signed_by:
        todo.append("落款 signed_by")
    left = "尚未填写：" + "、".join(todo) if todo else "内容已填完"
    yield Finding("N2", "draft", f"本报告是草稿，不会发布；{left}。填完后删去 draft: true")


@rule(
    "S1",
    "新填报的报告须有正文「一、总体情况」「五、存在的主要问题及改进情况」「六、其他需要报告的事项」",
    about_numbers=False,
    fix="在 sections 下补写该部分正文；确无内容的写「无」。",
)
def check_required_text(report: Report, context: Context) -> Iterator[Finding]:
    if report.origin != ORIGIN_NEW or report.draft:
        return
    for key, title in REQUIRED_TEXT:
        if not report.sections.get(key) and f"sections.{key}" not in report.given:
            yield Finding("S1", f"sections.{key}", f"正文「{title}」没有填写")


@rule(
    "I1",
    "导入的报告须完整：import_problems 列出的内容补全之前不能发布",
    about_numbers=False,
    fix="对照原文逐项补全 import_problems 中列出的单元格和正文，然后删去 import_problems。",
)
def check_import_complete(report: Report, context: Context) -> Iterator[Finding]:
    if report.import_problems:
        shown = "；".join(report.import_problems[:5])
        more = f"等 {len(report.import_problems)} 处" if len(report.import_problems) > 5 else ""
        yield Finding(
            "I1", "import_problems", f"导入时未能从原文读出：{shown}{more}；请对照原文补全后删去 import_problems"
        )


#: The 2021 format (国办公开办函〔2021〕30号) applies to the reports on 2021 onwards.
FORMAT_2021_FROM = 2021


@rule(
    "V1",
    f"{FORMAT_2021_FROM} 年度起新填报的报告须采用 2021 版表格（国办公开办函〔2021〕30号）",
    about_numbers=False,
    fix="用 nianbao new 生成 2021 版的草稿，把数字填入新表格；不要复制 2019 版的表格。",
)
def check_current_format(report: Report, context: Context) -> Iterator[Finding]:
    if report.origin != ORIGIN_NEW or report.year < FORMAT_2021_FROM:
        return
    old = [t for t in report.tables.values() if t.version < FORMAT_2021_FROM]
    if old:
        yield Finding(
            "V1",
            f"{old[0].id}.version",
            f"{report.year} 年度的报告应采用 2021 版表格（国办公开办函〔2021〕30号），"
            f"但{'、'.join(t.definition.name for t in old)}写的是 {old[0].version} 版；"
            "请用 nianbao new 生成 2021 版的草稿，把数字填入新表格",
        )
