"""The checks a report must pass, one small function each, in one registry.

Arithmetic rules read the sum and balance relations of the format definitions, so they hold
for any version. A rule reports :class:`Finding` objects; :mod:`nianbao.catalog` turns them
into problems whose severity depends on the report's origin (see :func:`severity_for`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .formats import SumRelation, TableDef
from .model import ORIGIN_NEW, Office, Report, TableData
from .problems import ERROR, NOTICE, WARNING

BROKEN = "broken"
NOT_CHECKABLE = "not_checkable"


@dataclass(frozen=True)
class Finding:
    """One rule outcome worth telling: a break, or a check that could not be made."""

    rule: str
    key: str
    """Dotted key path in the report file, for the line number."""
    message: str
    status: str = BROKEN
    table: str = ""
    cells: tuple[tuple[str, str], ...] = ()
    """(row, column) of the cells that break the rule, for highlighting on the page."""
    printed: int | None = None
    computed: int | None = None


@dataclass
class Context:
    """What a rule may look at besides the report itself."""

    today: dt.date
    offices: dict[str, Office]
    previous: Report | None = None
    """The same office's report for the year before, if any."""
    deadlines: dict[str, str] = field(default_factory=dict)
    """Office kind → "MM-DD" of the following year."""


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    """Chinese: what the rule demands, as the staff guide lists it."""
    severity: str
    check: Callable[[Report, Context], Iterator[Finding]]
    fix: str = ""
    """Chinese: how staff put it right, for the 填报指南."""
    about_numbers: bool = True
    """A rule on the printed numbers: a report taken from a published document keeps its
    numbers as printed, so there a break is a notice on its page, not an error. Rules on
    the record itself (dates, source, file name) apply to every report alike."""


REGISTRY: list[Rule] = []


def rule(rule_id: str, title: str, severity: str = ERROR, *, fix: str, about_numbers: bool = True):
    def register(check):
        REGISTRY.append(Rule(rule_id, title, severity, check, fix, about_numbers))
        return check

    return register


def severity_for(rule_def: Rule, report: Report, finding: Finding) -> str:
    if finding.status == NOT_CHECKABLE:
        return NOTICE
    if rule_def.about_numbers and report.origin != ORIGIN_NEW:
        return NOTICE
    return rule_def.severity


def run_rules(report: Report, context: Context) -> Iterator[tuple[Rule, Finding]]:
    for rule_def in REGISTRY:
        for finding in rule_def.check(report, context):
            yield rule_def, finding


# ---------------------------------------------------------------- arithmetic (FORMAT.md §7)


def _sum_lines(definition: TableDef, relation: SumRelation):
    """(line key, total cell, part cells) for every line the relation applies to."""
    if relation.axis == "columns":
        for row in definition.leaf_rows():
            yield row.key, (row.key, relation.total), [(row.key, c) for c in relation.parts]
    else:
        for column in definition.columns:
            yield column.key, (relation.total, column.key), [(r, column.key) for r in relation.parts]


def _describe_parts(definition: TableDef, relation: SumRelation) -> str:
    if relation.axis == "columns":
        labels = [definition.column(key).label for key in relation.groups]
    else:
        labels = [definition.row(key).label for key in relation.groups]
    return "、".join(labels) if len(labels) <= 4 else f"{labels[0]}至{labels[-1]}"


def _line_label(definition: TableDef, relation: SumRelation, line: str) -> str:
    if relation.axis == "columns":
        return f"「{definition.row(line).label}」的{definition.column(relation.total).label}"
    return f"「{definition.column(line).label}」列的{definition.row(relation.total).label}"


def _cell_path(table: TableData, cell: tuple[str, str]) -> str:
    return f"{table.id}.{cell[0]}.{cell[1]}"


def _check_relation(table: TableData, relation: SumRelation, rule_id_filter: str) -> Iterator[Finding]:
    unknown: list[str] = []
    first_unknown = ""
    definition = table.definition
    for line, total_cell, part_cells in _sum_lines(definition, relation):
        rule_id = relation.rule_for(line)
        if not rule_id.startswith(rule_id_filter):
            continue
        cells = [total_cell, *part_cells]
        missing = [c for c in cells if table.cells[c] is None]
        if missing:
            unknown.append(definition.row(line).label if relation.axis == "columns" else definition.column(line).label)
            first_unknown = first_unknown or _cell_path(table, missing[0])
            continue
        total, parts = table.cells[total_cell], sum(table.cells[c] for c in part_cells)
        if total != parts:
            yield Finding(
                rule_id,
                _cell_path(table, total_cell),
                f"{_line_label(definition, relation, line)}为 {total}，但{_describe_parts(definition, relation)}之和为 {parts}",
                table=table.id,
                cells=(total_cell,),
                printed=total,
                computed=parts,
            )
    if unknown:
        rule_id = relation.rule_for("*") or rule_id_filter
        if relation.axis == "columns":
            text = f"「{'」「'.join(unknown)}」行有未填报的单元格，无法核对其{definition.column(relation.total).label}"
        else:
            text = f"「{'」「'.join(unknown)}」列有未填报的单元格，无法核对{definition.row(relation.total).label}"
        yield Finding(rule_id, first_unknown, text, status=NOT_CHECKABLE, table=table.id)


def _sum_rule(prefix: str):
    def check(report: Report, context: Context) -> Iterator[Finding]:
        for table in report.tables.values():
            for relation in table.definition.sums:
                yield from _check_relation(table, relation, prefix)

    return check


@rule(
    "R3.1",
    "表三每一列：一、本年新收 + 二、上年结转 = 三（七）总计 + 四、结转下年度继续办理",
    fix="核对新收、上年结转、办理结果总计和结转下年度四个数。",
)
def check_balance(report: Report, context: Context) -> Iterator[Finding]:
    for table in report.tables.values():
        balance = table.definition.balance
        if balance is None:
            continue
        definition = table.definition
        unknown = []
        for column in definition.columns:
            left = [table.cells[(row, column.key)] for row in balance.left]
            right = [table.cells[(row, column.key)] for row in balance.right]
            if None in left or None in right:
                unknown.append(column.label)
                continue
            if sum(left) != sum(right):
                left_labels = "与".join(definition.row(r).label for r in balance.left)
                right_labels = "与".join(definition.row(r).label for r in balance.right)
                yield Finding(
                    balance.rule,
                    f"{table.id}.{balance.right[0]}.{column.key}",
                    f"「{column.label}」列：{left_labels}之和为 {sum(left)}，但{right_labels}之和为 {sum(right)}",
                    table=table.id,
                    cells=tuple((r, column.key) for r in balance.right),
                    printed=sum(right),
                    computed=sum(left),
                )
        if unknown:
            yield Finding(
                balance.rule,
                table.id,
                f"「{'」「'.join(unknown)}」列有未填报的单元格，无法核对一、二之和与（七）、四之和是否相等",
                status=NOT_CHECKABLE,
                table=table.id,
            )


rule(
    "R3.2",
    "表三每一行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他",
    fix="核对该行各类申请人的数字和总计，改正抄错的一格。",
)(_sum_rule("R3.2"))
rule(
    "R3.3",
    "表三每一列：（七）总计 = （一）至（六）各项办理结果之和",
    fix="核对（一）至（六）各项与（七）总计；部分公开的申请只计入（二）。",
)(_sum_rule("R3.3"))
rule(
    "R4",
    "表四：行政复议、未经复议直接起诉、复议后起诉的总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
    fix="核对结果维持、结果纠正、其他结果、尚未审结与总计。",
)(_sum_rule("R4"))


@rule(
    "N1",
    "新填报的报告应填写每一个单元格（未填报 null 只用于录入历史报告）",
    WARNING,
    fix="没有发生的事项填 0；null 只用于录入原文未填报的历史报告。",
)
def check_every_cell_given(report: Report, context: Context) -> Iterator[Finding]:
    if report.origin != ORIGIN_NEW or report.draft:
        return
    for table in report.tables.values():
        missing = [cell for cell, value in table.cells.items() if value is None]
        if missing:
            yield Finding(
                "N1",
                _cell_path(table, missing[0]),
                f"{table.definition.name}有 {len(missing)} 个单元格未填报（null）；没有发生的事项请填 0",
                table=table.id,
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
    fix="按列出的内容填完，删去 draft: true，填写发布日期 published。",
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
        if not report.sections.get(key):
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


# ---------------------------------------------------------------- the report as a whole


@rule(
    "D1",
    "报告年度必须已经结束（不能为当年或未来年度填报）",
    about_numbers=False,
    fix="检查 year：报告年度是统计的年度，不是发布的年份。",
)
def check_year_has_ended(report: Report, context: Context) -> Iterator[Finding]:
    if report.year >= context.today.year:
        yield Finding(
            "D1",
            "year",
            f"报告年度为 {report.year}，但该年度尚未结束（今天是 {context.today.isoformat()}）；请检查年度",
        )


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
    if report.published is None and not report.draft and "published" not in report.given:
        yield Finding("D3", "published", "缺少发布日期「published」；尚未发布的报告请写 draft: true")


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


# ---------------------------------------------------------------- across years (warnings)


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
                printed=now,
                computed=before,
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
                printed=now,
                computed=expected,
            )
