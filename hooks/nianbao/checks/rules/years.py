"""One year's report against the same office's report for the year before (warnings)."""

from __future__ import annotations

from collections.abc import Iterator

from ...data.model import Report
from ...problems import WARNING
from . import Context, Finding, rule


@rule(
    "X1",
    "跨年度：本年“二、上年结转”应等于上年“四、结转下年度继续办理”",
    WARNING,
    fix="核对两年的数字；机构调整等确有原因的，在正文「六、其他需要报告的事项」中说明。",
)
def check_carry_over(report: Report, context: Context) -> Iterator[Finding]:
    previous = context.previous
    if previous is None or "requests" not in report.tables or "requests" not in previous.tables:
        return
    this, last = report.tables["requests"], previous.tables["requests"]
    for column in this.definition.columns:
        now, before = this.cells[("carried_over", column.key)], last.cells[("carried_forward", column.key)]
        if now is not None and before is not None and now != before:
            yield Finding(
                "X1",
                f"requests.carried_over.{column.key}",
                f"「{column.label}」列的上年结转为 {now}，但 {previous.year} 年报告的结转下年度继续办理为 {before}",
                table="requests",
                cells=(("carried_over", column.key),),
            )


@rule(
    "X2",
    "跨年度（2021 版）：现行有效件数 ≈ 上年现行有效件数 + 本年制发件数 − 本年废止件数",
    WARNING,
    fix="核对三个件数与上年的现行有效件数；清理文件造成的差异请在正文中说明。",
)
def check_in_force_continuity(report: Report, context: Context) -> Iterator[Finding]:
    previous = context.previous
    this = report.tables.get("active.item1")
    last = previous.tables.get("active.item1") if previous else None
    if this is None or last is None or this.version != 2021 or last.version != 2021:
        return
    for row in this.definition.leaf_rows():
        values = [
            this.cells[(row.key, "in_force")],
            last.cells[(row.key, "in_force")],
            this.cells[(row.key, "issued")],
            this.cells[(row.key, "repealed")],
        ]
        if None in values:
            continue
        now, before, issued, repealed = values
        expected = before + issued - repealed
        if now != expected:
            yield Finding(
                "X2",
                f"active.item1.{row.key}.in_force",
                f"「{row.label}」现行有效件数为 {now}，但按上年 {before} + 本年制发 {issued} − 本年废止 {repealed} 应为 {expected}",
                table="active.item1",
                cells=((row.key, "in_force"),),
            )
