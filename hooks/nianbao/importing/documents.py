"""A published report, whatever it was saved as, read into one shape: paragraphs and
tables in reading order, plus what the page says about itself (title, address, date).

Tables are kept as rows of cell texts in reading order: a cell spanning rows or columns
appears once, where it starts. That is all the label-driven table reader needs, and it is
the same for HTML, Word and text copied from either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

HEADING = "heading"
TEXT = "text"


@dataclass
class Paragraph:
    text: str
    kind: str = TEXT
    """``heading`` when the source marked it as one (an HTML h1–h6, a Word heading style)."""


@dataclass
class Table:
    rows: list[list[str]]


@dataclass
class Document:
    blocks: list[Paragraph | Table] = field(default_factory=list)
    title: str | None = None
    url: str | None = None
    dates: list[str] = field(default_factory=list)
    """Publication dates the file states about itself (meta tags, a source line), best first."""
    publisher: str | None = None
    created: str | None = None
    """The file's own creation date (PDF properties): a hint for staff, never the publication date."""


class UnreadableSource(Exception):
    """The file cannot be read as a report at all; the message says why, in Chinese."""


def read_document(path: Path) -> Document:
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        return read_html(_decode(path.read_bytes(), html=True))
    if suffix == ".docx":
        return read_docx(path)
    if suffix == ".pdf":
        from .pdf import read_pdf

        return read_pdf(path)
    if suffix in (".txt", ".text", ".md"):
        return read_text(_decode(path.read_bytes()))
    raise UnreadableSource(f"不支持的文件类型「{path.suffix}」：请提供 .pdf、.html、.htm、.docx 或 .txt 文件")


def _decode(raw: bytes, html: bool = False) -> str:
    if html:
        declared = re.search(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", raw[:4096], re.I)
        if declared:
            try:
                return raw.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableSource("无法识别文件的编码（既不是 UTF-8 也不是 GBK）")


# ---------------------------------------------------------------- plain text


_SOURCE_LINE = re.compile(r"^#\s*SOURCE:\s*(\S+)(?:.*?发布(?:时间|日期)\s*[：:]?\s*(.*))?")


def read_text(text: str) -> Document:
    """Text copied from a page or a Word file. Table rows are lines of ``|``-separated
    cells; a table copied one cell per line (each line ending in ``|``) works too."""
    document = Document()
    rows: list[list[str]] = []
    for line in text.splitlines():
        source = _SOURCE_LINE.match(line)
        if source:
            document.url = source.group(1)
            if source.group(2):
                document.dates.append(source.group(2))
            continue
        if line.startswith("#"):
            continue
        if "|" in line:
            cells = [cell.strip() for cell in line.split("|")]
            rows.append(cells[:-1] if len(cells) > 1 else cells)
            continue
        if rows:
            document.blocks.append(_text_table(rows))
            rows = []
        if line.strip():
            document.blocks.append(Paragraph(line.strip()))
    if rows:
        document.blocks.append(_text_table(rows))
    return document


def _text_table(rows: list[list[str]]) -> Table:
    """A table copied one cell per line marks row ends with extra ``|``: there each line
    is one cell, and the empty "cells" after it are layout, not blanks."""
    single = sum(1 for row in rows if sum(1 for cell in row if cell) <= 1)
    if single >= 0.9 * len(rows):
        return Table([[row[0] if row else ""] for row in rows])
    return Table(rows)


# ---------------------------------------------------------------- HTML


_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "center",
    "figure",
    "figcaption",
    "td",
    "th",
    "tr",
    "tbody",
    "thead",
    "body",
    "dd",
    "dt",
}
_SKIP_TAGS = {
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "iframe",
    "svg",
    "template",
    "head",
    "dl",
}
_SCREEN_READER_ONLY = ".sr-only, .visually-hidden, .screen-reader-text, .nb-sr"
#: Meta tags of government CMSs (TRS, 开普云, 大汉 …), compared in lower case. Dates in the
#: order trusted: the publication date before the first-published time and the creation date.
_META = {"articletitle": "title", "url": "url", "contentsource": "publisher"}
_META_DATES = (
    "pubdate",
    "publishdate",
    "firstpublishedtime",
    "article:published_time",
    "dcterms.issued",
    "pubtime",
    "publishtime",
    "createdate",
    "dcterms.created",
)


def read_html(html: str) -> Document:
    """A whole saved page: the site's navigation, scripts and footer are left for the
    section reader to ignore; tables are flattened with their spans."""
    from bs4 import BeautifulSoup, NavigableString, Tag

    soup = BeautifulSoup(html, "lxml")
    for anchor in soup.select("a.headerlink"):  # the ¶ permalinks static-site generators add to headings
        anchor.decompose()
    document = Document()
    dates = {}
    for meta in soup.find_all("meta"):
        name = str(meta.get("name") or meta.get("property") or "").lower()
        content = str(meta.get("content") or "").strip()
        if name in _META and content and not getattr(document, _META[name]):
            setattr(document, _META[name], content)
        elif name in _META_DATES and content:
            dates.setdefault(name, content)
    document.dates = [dates[name] for name in _META_DATES if name in dates]
    if not document.title and soup.title and soup.title.string:
        document.title = soup.title.string.strip()
    buffer: list[str] = []
    kind = [TEXT]

    def flush() -> None:
        text = "".join(buffer)
        text = re.sub(r"[ \t\r\f\v\u3000\xa0]+", " ", text).strip()
        for line in text.split("\n"):
            if line.strip():
                document.blocks.append(Paragraph(line.strip(), kind[0]))
        buffer.clear()
        kind[0] = TEXT

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if child.__class__.__name__ in ("Comment", "Doctype", "Declaration", "ProcessingInstruction"):
                    continue
                buffer.append(re.sub(r"\s+", " ", str(child)))
                continue
            if not isinstance(child, Tag) or child.name in _SKIP_TAGS:
                continue
            if child.get("role") in ("note", "navigation", "banner", "contentinfo") or child.get("hidden") is not None:
                continue
            if child.name == "table" and not _is_layout(child):
                flush()
                document.blocks.append(Table(_html_rows(child)))
                continue
            if child.name == "br":
                buffer.append("\n")
                continue
            if child.name in _BLOCK_TAGS:
                flush()
                if child.name in ("h1", "h2", "h3", "h4", "h5", "h6"):
                    kind[0] = HEADING
                walk(child)
                flush()
            else:
                walk(child)

    walk(soup.body or soup)
    flush()
    return document


def _is_layout(table) -> bool:
    """Old sites lay whole pages out in tables: one holding other tables or long prose is
    a container to read through, not a table of figures."""
    if table.find("table") is not None:
        return True
    return any(len(cell.get_text(strip=True)) > 300 for cell in table.find_all(["td", "th"]))


def _html_rows(table) -> list[list[str]]:
    rows = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue  # a row of a table nested in a cell
        cells = []
        for cell in tr.find_all(["td", "th"], recursive=False):
            for hidden in cell.select(_SCREEN_READER_ONLY):
                hidden.decompose()  # words for screen readers, not the printed value
            cells.append(re.sub(r"\s+", " ", cell.get_text("")).strip())
        rows.append(cells)
    return rows


# ---------------------------------------------------------------- Word


def read_docx(path: Path) -> Document:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as error:  # pragma: no cover - python-docx is a dependency
        raise UnreadableSource("读取 Word 文件需要 python-docx") from error
    try:
        word = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as error:
        raise UnreadableSource(f"无法打开 Word 文件：{error}（只支持 .docx，不支持旧的 .doc 格式）") from None
    document = Document(title=word.core_properties.title or None)
    body = word.element.body
    for element in body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = docx.text.paragraph.Paragraph(element, word)
            text = paragraph.text.strip()
            if text:
                style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
                document.blocks.append(
                    Paragraph(text, HEADING if style.startswith(("heading", "title", "标题")) else TEXT)
                )
        elif tag == "tbl":
            document.blocks.append(Table(_docx_rows(docx.table.Table(element, word))))
    return document


def _docx_rows(table) -> list[list[str]]:
    """Merged cells appear once: python-docx repeats a merged cell in every grid position
    it covers, so cells already seen (same XML element) are skipped."""
    seen = set()  # the elements themselves: holding them keeps identity comparisons valid
    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            cells.append(re.sub(r"\s+", " ", cell.text).strip())
        rows.append(cells)
    return rows
