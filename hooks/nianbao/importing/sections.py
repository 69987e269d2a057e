"""Finding the six sections of a report in its text, and turning their prose into Markdown.

Headings are found by their official words and the variants offices print (listed beside
each heading in ``formats/sections.yml``: heading 四 and 五 worded as in the 条例, typos, with or
without 「政府信息公开」「工作」「情况」), anywhere in a paragraph: some pages glue a heading to the
text around it. The report ends where the page's footer or the next heading begins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..data.scalars import DATE_IN_TEXT
from ..formats import load_sections
from .documents import HEADING, Document, Paragraph, Table

#: Lines that belong to a site's page around the report, not to the report.
FOOTER_WORDS = (
    "附件下载",
    "扫一扫",
    "关闭窗口",
    "【关闭】",
    "关闭",
    "打印本页",
    "【打印】",
    "打印",
    "相关链接",
    "友情链接",
    "版权所有",
    "网站标识码",
    "网站地图",
    "联系我们",
    "返回顶部",
    "分享到",
    "上一篇",
    "下一篇",
    "责任编辑",
    "文字解读",
    "图片解读",
)
_TITLE_PREFIX = re.compile(r"^\S{2,40}?[0-9]{4}年度?政府信息公开工作年度报告\s*")


_PUNCTUATION = {"（": "[（(]", "）": "[）)]", "、": "[、，,.．]"}
_NUMBERED = re.compile(r"^([一二三四五六七八九十]+、)(.*)$")


def _pattern(headings: tuple[str, ...], optional: tuple[str, ...]) -> re.Pattern:
    """One section's headings as one pattern: its number, then any wording of the rest, with
    the optional words (「政府信息公开」「工作」「情况」) allowed anywhere or left out, any
    whitespace between characters, either bracket width."""
    words = sorted(optional, key=len, reverse=True)
    filler = "(?:" + "|".join([r"\s"] + [re.escape(w) for w in words]) + ")*"
    number = _NUMBERED.match(headings[0]).group(1)
    bodies = []
    for heading in headings:
        rest = _NUMBERED.match(heading).group(2)
        for word in words:
            rest = rest.replace(word, "")
        body = filler.join(_PUNCTUATION.get(c, re.escape(c)) for c in rest)
        if body not in bodies:
            bodies.append(body)
    head = r"\s*".join(_PUNCTUATION.get(c, re.escape(c)) for c in number)
    return re.compile(head + r"\s*" + filler + "(?:" + "|".join(bodies) + ")" + filler)


def _patterns() -> list[tuple[str, str, list[re.Pattern]]]:
    """(section key, official title, patterns) in the official order."""
    return [(s.key, s.title, [_pattern((s.title, *s.variants), s.optional)]) for s in load_sections()]


@dataclass
class Sections:
    preamble: list[Paragraph] = field(default_factory=list)
    text: dict[str, list[Paragraph]] = field(default_factory=dict)
    """Section key → its paragraphs (tables left out)."""
    tables: list[Table] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    """Headings not found."""
    signed_by: str | None = None
    signed_on: tuple[int, int, int] | None = None


def split_sections(document: Document) -> Sections:
    result = Sections(tables=[b for b in document.blocks if isinstance(b, Table)])
    paragraphs = [b for b in document.blocks if isinstance(b, Paragraph)]
    # Where each heading is: (paragraph index, start, end) in order.
    found: dict[str, tuple[int, int, int]] = {}
    index, offset = 0, 0
    order_keys = []
    for key, title, patterns in _patterns():
        order_keys.append(key)
        hit = _find(paragraphs, patterns, index, offset)
        if hit is None:
            result.missing.append(title)
            continue
        found[key] = hit
        index, _, offset = hit
    order = [key for key in order_keys if key in found]
    for position, key in enumerate(order):
        start = found[key]
        end = found[order[position + 1]] if position + 1 < len(order) else None
        result.text[key] = _between(paragraphs, start, end)
    if "other" in result.text:
        result.text["other"], result.signed_by, result.signed_on = _trim_end(result.text["other"])
    if order:
        result.preamble = _preamble(paragraphs, found[order[0]])
    return result


def _find(paragraphs: list[Paragraph], patterns: list[re.Pattern], index: int, offset: int):
    for i in range(index, len(paragraphs)):
        text = paragraphs[i].text
        start_at = offset if i == index else 0
        if not any(p.pattern[0] in text for p in patterns):  # the heading's number: a quick test
            continue
        hits = [m for p in patterns if (m := p.search(text, start_at))]
        if hits:
            first = min(hits, key=lambda m: m.start())
            return (i, first.start(), first.end())
    return None


def _between(paragraphs: list[Paragraph], start, end) -> list[Paragraph]:
    """The paragraphs after heading ``start`` up to heading ``end`` (or the end)."""
    i, _, offset = start
    if end is not None and end[0] == i:
        return [Paragraph(paragraphs[i].text[offset : end[1]].strip())]
    out = [Paragraph(paragraphs[i].text[offset:].strip())]
    stop = end[0] if end is not None else len(paragraphs)
    out += paragraphs[i + 1 : stop]
    if end is not None:
        out.append(Paragraph(paragraphs[end[0]].text[: end[1]].strip()))
    return [p for p in out if p.text]


def _trim_end(paragraphs: list[Paragraph]) -> tuple[list[Paragraph], str | None, tuple | None]:
    """Section 六 runs to the page's footer or the next heading; a signature (office and
    date) at its end is taken apart."""
    kept: list[Paragraph] = []
    for index, paragraph in enumerate(paragraphs):
        line = paragraph.text.strip()
        if index and paragraph.kind == HEADING:
            break
        if len(line) <= 60 and any(word in line for word in FOOTER_WORDS):
            break
        kept.append(paragraph)
    signed_by, signed_on = None, None
    lines = [line for p in kept for line in p.text.split("\n")]
    if lines and DATE_IN_TEXT.fullmatch(lines[-1].strip()):
        signed_on = tuple(int(x) for x in DATE_IN_TEXT.fullmatch(lines[-1].strip()).groups())
        lines.pop()
        if len(lines) > 1 and len(lines[-1]) <= 30 and not lines[-1].endswith(("。", "；", "：", "！")):
            signed_by = lines.pop().strip()
    return [Paragraph(line) for line in lines if line.strip()], signed_by, signed_on


def _preamble(paragraphs: list[Paragraph], first_heading) -> list[str]:
    """The report's opening: the text right before heading 一, back to the title or the
    page's own text (short lines of navigation, a heading)."""
    index, start, _ = first_heading
    out = []
    before = paragraphs[index].text[:start].strip()
    if before:
        out.append(Paragraph(_TITLE_PREFIX.sub("", before).strip()))
    for j in range(index - 1, -1, -1):
        paragraph = paragraphs[j]
        if paragraph.kind == HEADING or len(paragraph.text) < 40:
            break
        out.insert(0, paragraph)
    return [p for p in out if p.text]


_SUBHEADING = re.compile(
    r"(?<=[。；])\s*(?=（[一二三四五六七八九十]+）|（[0-9]+）|[0-9]+\.(?![0-9]))|(?<=：)\s*(?=（[一二三四五六七八九十]+）)"
)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")
_LINE_START = re.compile(r"^(\s*)([#>+-]|[0-9]+\.\s)")


def to_markdown(paragraphs: list[Paragraph]) -> str:
    """Paragraphs as Markdown: a text glued together on the page is split before its
    numbered items (「（一）」「1.」「（1）」 after a full stop); Markdown's own signs are escaped,
    so the page shows the text exactly as printed."""
    out = []
    for paragraph in paragraphs:
        for part in _SUBHEADING.split(paragraph.text):
            part = part.strip()
            if part:
                part = _MARKDOWN_SPECIAL.sub(r"\\\1", part)
                out.append(_LINE_START.sub(r"\1\\\2", part))
    return "\n\n".join(out)
