"""What a published report says about itself: its title and office, when it was published,
and where it came from. Dates are read by :func:`nianbao.data.scalars.find_date`, the one reader
of printed dates."""

from __future__ import annotations

import datetime as dt
import re

from ..data.scalars import DATE_IN_TEXT, find_date
from .documents import Document, Paragraph

_REPORT = r"政府信息公开工作年度报告"
#: 「平潭综合实验区2020年度政府信息公开工作年度报告」: the office first…
_YEAR_LAST = re.compile(rf"(?P<office>\S.{{1,60}}?)\s*(?P<year>[0-9]{{4}})\s*年度?\s*{_REPORT}")
#: …or 「2019年某某办公厅政府信息公开工作年度报告」: the year first.
_YEAR_FIRST = re.compile(rf"(?P<year>[0-9]{{4}})\s*年度?\s*(?P<office>[^0-9\s].{{1,40}}?)\s*{_REPORT}")
#: 「发布日期：2024-01-30」「发布时间：2024年1月30日」「成文日期：…」 in the page's text.
_DATE_LINE = re.compile(r"(?:发布|公开|成文|印发)(?:日期|时间)\s*[：:]?\s*")
_URL = re.compile(r"https?://[^\s<>\"'，。；]+", re.I)


def title_and_office(document: Document, signed_by: str | None) -> tuple[str | None, str | None, int | None]:
    """(the report's title, the office it names, the year it names)."""
    texts = [document.title or ""] + [b.text for b in document.blocks[:40] if isinstance(b, Paragraph)]
    for text in texts:
        found = _office_in_title(text)
        if found:
            return found
    return document.title, signed_by, None


def _office_in_title(text: str) -> tuple[str, str, int] | None:
    text = text.strip()[:160]  # a title, maybe glued to the text after it
    for pattern in (_YEAR_FIRST, _YEAR_LAST):
        match = pattern.search(text)
        if not match:
            continue
        office = re.sub(r"^[\s《「“]+|[\s》」”]+$", "", match["office"])
        office = re.sub(r"^(关于|.*[>＞›/|｜])\s*", "", office)  # breadcrumbs before the title
        if 2 <= len(office) <= 40 and not re.search(r"[，。；：]", office):
            title = re.sub(r"^.*[>＞›/|｜]\s*", "", match.group(0).strip())
            return re.sub(r"^[《「“]+|[》」”]+$", "", title), office, int(match["year"])
    return None


def published_date(document: Document, signed_on: tuple[int, int, int] | None) -> dt.date | None:
    """The date the page or document says it was published: its meta tags first, then a
    「发布日期」 line, then the date under the signature."""
    for value in document.dates:
        found = find_date(value)
        if found:
            return found
    for block in document.blocks:
        text = getattr(block, "text", "")
        for label in _DATE_LINE.finditer(text):
            found = DATE_IN_TEXT.match(text, label.end())
            if found:
                date = find_date(found.group(0))
                if date:
                    return date
    if signed_on:
        try:
            return dt.date(*signed_on)
        except ValueError:
            return None
    return None


def source_record(document: Document, title: str | None, file_name: str) -> dict:
    """``source`` of the data file: ``url`` only when it is a web address (a note such as
    「原件存档」 becomes part of ``title``)."""
    url = document.url
    note = f"由 nianbao import 从 {file_name} 导入"
    if url and not _URL.fullmatch(url.strip()):
        found = _URL.search(url)
        if found:
            url = found.group(0)
        else:
            note += f"；原文出处：{url.strip()}"
            title = title or url.strip()
            url = None
    source = {"url": url, "title": title, "publisher": document.publisher, "note": note}
    return {key: value for key, value in source.items() if value}
