"""Text against tables: figures the narrative states for what the tables also count.

A figure is read only where the wording leaves no doubt about what it counts: a keyword
(「受理」「予以公开」「行政复议」…) followed closely by an Arabic number and 件/宗/起, with no
punctuation or other number in between. The figure is then compared with every table
figure or sum it can reasonably mean (「收到申请75件」 may be 新收 74 + 上年结转 1); only
when none fits is there a finding. Sentences about another year, another scope (全市,
全省), a share of the whole (其中, 涉及, 自然人, 当面…) or a change (同比, 增加) are skipped.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ...data.model import Report, TableData
from . import AuditContext, AuditFinding, audit_rule
from .readings import Reading, cell_value, documents, litigation, requests_total, results, single

_FULL_WIDTH_DIGIT = re.compile("[０-９]")
#: Between a keyword and its number: no digit, no punctuation that ends a clause.
_GAP = r"[^，。；;,：:！？!?\d\n（）()]"
_NUMBER = r"(?P<value>\d{1,3}(?:,\d{3})+|\d+)\s*(?:件|宗|起)"
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
#: A sentence with one of these is about something else than the report's own year and scope.
_SKIP_SENTENCE = ("全市", "全省", "全国", "累计", "以来", "历年", "同比", "较上年", "比上年", "较去年", "比去年")
#: Words in the phrase between keyword and number that make the figure a part or a change.
_PART_WORDS = (
    "其中", "涉及", "包括", "自然人", "企业", "法人", "组织", "机构", "个人", "增加", "减少", "增长", "下降",
    "复议", "诉讼", "投诉", "举报", "信访", "咨询", "同比",
)  # fmt: skip
#: A paragraph about disclosure requests names them so.
_DISCLOSURE = ("信息公开", "依申请", "公开申请")
#: Requests of other kinds that a 受理…申请 phrase may count.
_OTHER_REQUESTS = ("许可", "审批", "办件", "事项", "业务", "诉求", "热线", "建议", "提案", "服务")
_CLAUSE_END = re.compile(r"[，；,;：:]")
_CHANNEL_WORDS = ("当面", "网上", "网络", "信函", "传真", "邮寄", "邮件", "电话", "现场")
_TOTAL_WORDS = ("各类", "各种", "共", "合计", "总")


@dataclass(frozen=True)
class Figure:
    """One way the narrative states a figure, and the table readings it can mean."""

    what: str
    """Chinese: what the figure counts, for the message."""
    pattern: re.Pattern
    readings: Callable[[Report], list[Reading]]
    context: tuple[str, ...] = ()
    """The paragraph must contain one of these words for the figure to be read."""
    part_words: tuple[str, ...] = _PART_WORDS
    lead: tuple[str, ...] = ()
    """The clause must name one of these before the keyword (「因政府信息公开引起的行政复议」:
    a 人民政府 also decides 行政复议 cases that have nothing to do with disclosure)."""


def _compile(text: str) -> re.Pattern:
    return re.compile(text.replace("GAP", _GAP).replace("NUMBER", _NUMBER))


REQUEST_FIGURES = (
    Figure(
        "收到或办理的政府信息公开申请",
        _compile(r"(?:受理|收到|接收|接到|收悉|新收|办结|办理完毕|答复)(?P<phrase>GAP{0,30}?申请GAP{0,8}?)NUMBER"),
        requests_total,
        _DISCLOSURE,
        _PART_WORDS + _OTHER_REQUESTS,
    ),
    Figure(
        "上年结转的申请",
        _compile(r"上一?年度?结转(?P<phrase>GAP{0,10}?)NUMBER"),
        single("requests", "carried_over", "二、上年结转"),
        _DISCLOSURE,
    ),
    Figure(
        "结转下年度继续办理的申请",
        _compile(r"(?:结转|转入)(?:至|到)?下一?年度?(?P<phrase>GAP{0,10}?)NUMBER"),
        single("requests", "carried_forward", "四、结转下年度继续办理"),
        _DISCLOSURE,
    ),
    Figure(
        "予以公开和部分公开的申请",
        _compile(r"予以公开[及和与、或]部分公开(?P<phrase>GAP{0,4}?)NUMBER"),
        results("granted", "partial", label="（一）予以公开与（二）部分公开之和"),
        context=_DISCLOSURE,
    ),
    Figure(
        "予以公开的申请",
        _compile(r"予以公开(?![及和与、或]部分)(?P<phrase>GAP{0,4}?)NUMBER"),
        results("granted", label="（一）予以公开", also=("partial",)),
        context=_DISCLOSURE,
    ),
    Figure(
        "部分公开的申请",
        _compile(r"(?<![及和与、或])部分公开(?P<phrase>GAP{0,4}?)NUMBER"),
        results("partial", label="（二）部分公开", also=("granted",)),
        context=_DISCLOSURE,
    ),
    Figure(
        "不予公开的申请",
        _compile(r"不予公开(?P<phrase>GAP{0,4}?)NUMBER"),
        results("withheld", label="（三）不予公开"),
        _DISCLOSURE,
    ),
    Figure(
        "无法提供的申请",
        _compile(r"无法提供(?P<phrase>GAP{0,4}?)NUMBER"),
        results("unable", label="（四）无法提供"),
        _DISCLOSURE,
    ),
    Figure(
        "不予处理的申请",
        _compile(r"不予处理(?P<phrase>GAP{0,4}?)NUMBER"),
        results("not_processed", label="（五）不予处理"),
        _DISCLOSURE,
    ),
    Figure(
        "其他处理的申请",
        _compile(r"其他处理(?P<phrase>GAP{0,4}?)NUMBER"),
        results("other", label="（六）其他处理"),
        _DISCLOSURE,
    ),
)

_APPEAL_PART_WORDS = tuple(w for w in _PART_WORDS if w not in ("复议", "诉讼"))

APPEAL_FIGURES = (
    Figure(
        "因政府信息公开被申请行政复议的案件",
        _compile(r"行政复议(?P<phrase>GAP{0,12}?)NUMBER"),
        single("appeals", "review", "行政复议总计"),
        _DISCLOSURE,
        _APPEAL_PART_WORDS + ("诉讼",),
        lead=("信息公开", "依申请"),
    ),
    Figure(
        "因政府信息公开被提起行政诉讼的案件",
        _compile(r"行政诉讼(?P<phrase>GAP{0,12}?)NUMBER"),
        litigation,
        _DISCLOSURE,
        _APPEAL_PART_WORDS + ("复议",),
        lead=("信息公开", "依申请"),
    ),
)

DOCUMENT_FIGURES = (
    Figure(
        "本年制发的行政规范性文件",
        _compile(r"(?:制发|印发|出台|制定|新制作)(?P<phrase>GAP{0,10}?)规范性文件(?:GAP{0,4}?)NUMBER"),
        documents("normative_docs", "行政规范性文件"),
        part_words=_PART_WORDS + ("现行有效", "有效", "清理", "废止", "修改", "修订", "解读"),
    ),
    Figure(
        "本年制发的规章",
        _compile(r"(?:制发|印发|出台|制定|新制作)(?P<phrase>GAP{0,10}?)(?<!政府)规章(?!制度)(?:GAP{0,4}?)NUMBER"),
        documents("rules", "规章"),
        part_words=_PART_WORDS + ("现行有效", "有效", "清理", "废止", "修改", "修订", "解读", "制度"),
    ),
)


def _sentences(text: str) -> Iterator[tuple[str, str]]:
    """(paragraph, sentence) pairs of a section, digits made half-width."""
    text = _FULL_WIDTH_DIGIT.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)
    for paragraph in text.split("\n"):
        for match in _SENTENCE.finditer(paragraph):
            sentence = match.group().strip()
            if sentence:
                yield paragraph, sentence


def _about_other_year(sentence: str, year: int) -> bool:
    return any(int(y) != year for y in _YEAR.findall(sentence)) or any(w in sentence for w in _SKIP_SENTENCE)


def _is_part(phrase: str, figure: Figure) -> bool:
    if any(word in phrase for word in figure.part_words):
        return True
    return any(w in phrase for w in _CHANNEL_WORDS) and not any(w in phrase for w in _TOTAL_WORDS)


class _Clauses:
    """Where a sentence's clauses begin and where each lead word occurs, found once per sentence,
    so that asking about each of many figures in one long sentence stays linear (issue 25)."""

    def __init__(self, sentence: str) -> None:
        self.sentence = sentence
        self.starts = [0] + [m.end() for m in _CLAUSE_END.finditer(sentence)]
        self.occurrences: dict[str, list[int]] = {}

    def _of(self, word: str) -> list[int]:
        if word not in self.occurrences:
            found, at = [], self.sentence.find(word)
            while at >= 0:
                found.append(at)
                at = self.sentence.find(word, at + 1)
            self.occurrences[word] = found
        return self.occurrences[word]

    def led(self, start: int, figure: Figure) -> bool:
        """The clause before ``start`` names one of the figure's lead words."""
        if not figure.lead:
            return True
        clause = self.starts[bisect.bisect_right(self.starts, start) - 1]
        for word in figure.lead:
            found = self._of(word)
            first = bisect.bisect_left(found, clause)
            if first < len(found) and found[first] + len(word) <= start:
                return True
        return False


def quote(sentence: str, start: int, end: int, width: int = 60) -> str:
    """The sentence, shortened around the figure when it is long."""
    if len(sentence) <= 2 * width:
        return sentence
    left, right = max(0, start - width), min(len(sentence), end + width)
    return ("…" if left else "") + sentence[left:right] + ("…" if right < len(sentence) else "")


@dataclass(frozen=True)
class StatedFigure:
    """A figure read from the narrative, with the table readings it may mean."""

    section: str
    sentence: str
    start: int
    end: int
    figure: Figure
    value: int
    readings: list[Reading]

    @property
    def agrees(self) -> bool:
        return not self.readings or any(value == self.value for _, value in self.readings)


def _sentence_spans(paragraph: str) -> tuple[list[int], list[tuple[int, str]]]:
    """Where each sentence of a paragraph begins, and (offset, sentence) with the sentence
    stripped of blanks and ``offset`` the position of its first character in the paragraph."""
    starts, sentences = [], []
    for match in _SENTENCE.finditer(paragraph):
        text = match.group()
        stripped = text.strip()
        if stripped:
            starts.append(match.start())
            sentences.append((match.start() + len(text) - len(text.lstrip()), stripped))
    return starts, sentences


def read_figures(report: Report, figures: tuple[Figure, ...]) -> Iterator[StatedFigure]:
    """Every figure the narrative states in the given ways, in text order.

    Linear in the text (issue 25): each figure's pattern scans a paragraph once (no match
    crosses a sentence end: its gaps exclude 。！？), a paragraph is searched for the figures'
    context words once, and only a sentence with a match is looked at further, once."""
    words = {word for figure in figures for word in figure.context}
    readings: dict[int, list[Reading]] = {}  # by figure: the same for every figure stated
    for section, text in report.sections.items():
        text = _FULL_WIDTH_DIGIT.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text or "")
        for paragraph in text.split("\n"):
            present = frozenset(word for word in words if word in paragraph)
            found = [
                (match, index)
                for index, figure in enumerate(figures)
                if not figure.context or not present.isdisjoint(figure.context)
                for match in figure.pattern.finditer(paragraph)
            ]
            if not found:
                continue
            starts, sentences = _sentence_spans(paragraph)
            placed = sorted(
                (bisect.bisect_right(starts, match.start()) - 1, index, match.start(), match) for match, index in found
            )
            looked_at: dict[int, tuple[bool, _Clauses]] = {}
            for number, index, _, match in placed:
                offset, sentence = sentences[number]
                if number not in looked_at:
                    looked_at[number] = (_about_other_year(sentence, report.year), _Clauses(sentence))
                other_year, clauses = looked_at[number]
                figure = figures[index]
                start, end = match.start() - offset, match.end() - offset
                if other_year or _is_part(match.group("phrase"), figure) or not clauses.led(start, figure):
                    continue
                if index not in readings:
                    readings[index] = figure.readings(report)
                value = int(match.group("value").replace(",", ""))
                yield StatedFigure(section, sentence, start, end, figure, value, readings[index])


def stated_figures(report: Report) -> list[StatedFigure]:
    """Every figure the narrative states that a table of this report also counts."""
    families = (("requests", REQUEST_FIGURES), ("appeals", APPEAL_FIGURES), ("active.item1", DOCUMENT_FIGURES))
    return [s for table_id, figures in families if table_id in report.tables for s in read_figures(report, figures)]


def compare_figures(
    context: AuditContext, figures: tuple[Figure, ...], rule_id: str, table_name: str
) -> Iterator[AuditFinding]:
    """Every stated figure that no reading of the tables fits."""
    seen = set()
    for stated in context.measures.stated:
        if stated.figure not in figures or stated.agrees or (stated.sentence, stated.value) in seen:
            continue
        seen.add((stated.sentence, stated.value))
        shown = "；".join(f"{label} {value}" for label, value in _unique(stated.readings))
        yield AuditFinding(
            rule_id,
            f"sections.{stated.section}",
            f"正文写{stated.figure.what} {stated.value} 件，{table_name}中对应的数字为：{shown}，均不是 {stated.value}。",
            sentence=quote(stated.sentence, stated.start, stated.end),
            text_value=stated.value,
            table_value=stated.readings[0][1],
            section=stated.section,
        )


def _unique(readings: list[Reading]) -> list[Reading]:
    out: list[Reading] = []
    for label, value in readings:
        if (label, value) not in out:
            out.append((label, value))
    return out


_ALL_UPHELD = re.compile(r"(?:均|全部|都)(?:获|被|予以|予)?维持")


@audit_rule(
    "Q1",
    "text_vs_table",
    "正文所述的依申请公开件数与表三不一致",
    source="国办公开办函〔2019〕60号、〔2021〕30号 年度报告格式 表三",
    example="正文「全年共受理政府信息公开申请34件」，表三一、本年新收 32、二、上年结转 0。",
    fix="核对正文与表三，改正写错的一处；口径确实不同的（如正文含下属单位），在正文中写明口径。",
)
def check_request_figures(report: Report, context: AuditContext) -> Iterator[AuditFinding]:
    if "requests" in report.tables:
        yield from compare_figures(context, REQUEST_FIGURES, "Q1", "表三")


@audit_rule(
    "Q2",
    "text_vs_table",
    "正文所述的行政复议、行政诉讼件数或结果与表四不一致",
    source="国办公开办函〔2019〕60号、〔2021〕30号 年度报告格式 表四",
    example="正文「因政府信息公开被申请行政复议7件，均获维持」，表四行政复议尚未审结 2。",
    fix="核对正文与表四；尚未审结或被纠正的案件，正文不应写作均获维持。",
)
def check_appeal_figures(report: Report, context: AuditContext) -> Iterator[AuditFinding]:
    table = report.tables.get("appeals")
    if table is None:
        return
    yield from compare_figures(context, APPEAL_FIGURES, "Q2", "表四")
    yield from _all_upheld_claims(report, table)


def _all_upheld_claims(report: Report, table: TableData) -> Iterator[AuditFinding]:
    """「……均获维持」 beside cases that were corrected, ended otherwise or are still pending."""
    for section, text in report.sections.items():
        for _, sentence in _sentences(text or ""):
            match = _ALL_UPHELD.search(sentence)
            if not match or _about_other_year(sentence, report.year) or "信息公开" not in sentence:
                continue
            rows = [("review", "行政复议")] if "复议" in sentence else []
            rows += (
                [("litigation.direct", "未经复议直接起诉"), ("litigation.after_review", "复议后起诉")]
                if "诉讼" in sentence
                else []
            )
            for row, label in rows:
                values = {c: cell_value(table, row, c) for c in ("corrected", "other", "pending")}
                if any(v is None for v in values.values()) or not any(values.values()):
                    continue
                shown = f"结果纠正 {values['corrected']}、其他结果 {values['other']}、尚未审结 {values['pending']}"
                yield AuditFinding(
                    "Q2",
                    f"sections.{section}",
                    f"正文写「{match.group()}」，表四{label}为{shown}。",
                    sentence=quote(sentence, match.start(), match.end()),
                    section=section,
                )


@audit_rule(
    "Q3",
    "text_vs_table",
    "正文所述的本年制发规章、规范性文件件数与表二不一致",
    source="国办公开办函〔2019〕60号、〔2021〕30号 年度报告格式 表二第二十条第（一）项",
    example="正文「全年制发行政规范性文件12件」，表二行政规范性文件本年制发件数 10。",
    fix="核对正文与表二第二十条第（一）项；只统计本机关制发的文件。",
)
def check_document_figures(report: Report, context: AuditContext) -> Iterator[AuditFinding]:
    if "active.item1" in report.tables:
        yield from compare_figures(context, DOCUMENT_FIGURES, "Q3", "表二")
