"""Required content: what the 条例 and the 2021 format notice ask the narrative to cover.

A check of the 2021 notice applies to every report on 2021 onwards, whatever table version
the office kept (the 彭后 sample mixes both); a check of the 条例 applies to all years.
Words are looked for anywhere in the report, not only in the section that should hold
them: a report that says it elsewhere has said it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...data.model import Report
from . import FIRST_YEAR_2021, NOTICE_2021, AuditContext, AuditFinding, audit_rule, report_text

#: 五 shorter than this (characters, blanks left out) says nothing of problems and measures.
MIN_PROBLEMS_LENGTH = 40
_EMPTY = re.compile(r"[\s无暂没有。.、，,：:；;（）()“”\"'！!—\-]*")
#: Words that refer back to the year before: 「上年」「上一年度」「去年」「2022年」.
_PREVIOUS = ("上年", "上一年", "去年", "前一年", "往年", "以往")
#: Kinds of office that are 人民政府 in the sense of 条例 第五十条 (各级人民政府).
GOVERNMENT_KINDS = ("人民政府", "乡镇人民政府")
#: 条例 第五十条: 工作考核、社会评议和责任追究结果情况, each with the words that name it.
ARTICLE_50 = (("工作考核", ("考核", "考评")), ("社会评议", ("评议",)), ("责任追究", ("责任追究", "追究", "问责")))


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


@audit_rule(
    "Q4",
    "required_content",
    "「五、存在的主要问题及改进情况」没有实际内容",
    source="《中华人民共和国政府信息公开条例》第五十条",
    example="五、存在的主要问题及改进情况：「无」。",
    fix="写明本年度工作存在的主要问题和具体改进措施。",
)
def check_problems_written(report: Report, context: AuditContext) -> Iterator[AuditFinding]:
    text = _compact(report.sections.get("problems", ""))
    if _EMPTY.fullmatch(text):
        shown = f"只写了「{text}」" if text else "没有填写"
        yield AuditFinding("Q4", "sections.problems", f"「五、存在的主要问题及改进情况」{shown}。", section="problems")
    elif len(text) < MIN_PROBLEMS_LENGTH:
        yield AuditFinding(
            "Q4",
            "sections.problems",
            f"「五、存在的主要问题及改进情况」只有 {len(text)} 个字（不足 {MIN_PROBLEMS_LENGTH} 字）。",
            section="problems",
        )


@audit_rule(
    "Q5",
    "required_content",
    "2021 年度起：「五」未提及上一年度问题的改进情况",
    source=f"{NOTICE_2021}，适用于 2021 年度起的报告",
    example="五只写本年度的问题和下一年的打算，没有一处提到上一年度报告所列问题改进得怎样。",
    fix="在「五」中写明上一年度年报所列问题的改进情况。",
)
def check_last_year_followed_up(report: Report, context: AuditContext) -> Iterator[AuditFinding]:
    if report.year < FIRST_YEAR_2021:
        return
    text = _compact(report.sections.get("problems", ""))
    if _EMPTY.fullmatch(text) or len(text) < MIN_PROBLEMS_LENGTH:
        return  # Q4 already says 五 is empty
    words = (*_PREVIOUS, f"{report.year - 1}年", f"{report.year - 1}年度")
    if not any(word in text for word in words):
        yield AuditFinding(
            "Q5",
            "sections.problems",
            f"「五、存在的主要问题及改进情况」中没有提到上一年度（{report.year - 1} 年度）报告所列问题的改进情况"
            "（未见「上年」「去年」「上一年度」或年份等字样）。",
            section="problems",
        )


@audit_rule(
    "Q6",
    "required_content",
    "2021 年度起：未说明收取信息处理费的情况",
    source=f"{NOTICE_2021}，适用于 2021 年度起的报告；《政府信息公开信息处理费管理办法》",
    example="六、其他需要报告的事项：「无其他需要报告的事项。」（全文未提信息处理费）",
    fix="在「六、其他需要报告的事项」中写明本年度收取信息处理费的情况，未收取的写「本年度未收取信息处理费」。",
)
def check_processing_fees(report: Report, context: AuditContext) -> Iterator[AuditFinding]:
    if report.year < FIRST_YEAR_2021 or "处理费" in _compact(report_text(report)):
        return
    table = report.tables.get("requests")
    unpaid = table.cells.get(("results.other.unpaid_fee", "total")) if table else None
    extra = f"；表三记有因逾期未缴纳费用而不再处理的申请 {unpaid} 件" if unpaid else ""
    yield AuditFinding(
        "Q6",
        "sections.other",
        f"全文未提到信息处理费（《政府信息公开信息处理费管理办法》）{extra}。",
        section="other",
    )


@audit_rule(
    "Q7",
    "required_content",
    "人民政府的报告：未见工作考核、社会评议和责任追究结果情况",
    source="《中华人民共和国政府信息公开条例》第五十条",
    example="某区人民政府的报告全文没有提到社会评议和责任追究。",
    fix="在「一、总体情况」或「六、其他需要报告的事项」中写明本年度工作考核、社会评议和责任追究的结果。",
)
def check_article_50(report: Report, context: AuditContext) -> Iterator[AuditFinding]:
    if context.office is None or context.office.kind not in GOVERNMENT_KINDS:
        return
    text = _compact(report_text(report))
    missing = [name for name, words in ARTICLE_50 if not any(w in text for w in words)]
    if missing:
        yield AuditFinding(
            "Q7",
            "sections",
            f"人民政府的年度报告应包括工作考核、社会评议和责任追究结果情况，全文未见：{'、'.join(missing)}。",
            section="other",
        )
