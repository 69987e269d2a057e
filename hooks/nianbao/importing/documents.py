"""A published report, whatever it was saved as, read into one shape: paragraphs and
tables in reading order, plus what the page says about itself (title, address, date).

Tables are kept as rows of cell texts in reading order: a cell spanning rows or columns
appears once, where it starts. That is all the label-driven table reader needs, and it is
the same for HTML, Word and text copied from either.
"""

from __future__ import annotations

import re
from pathlib import Path

from .blocks import HEADING, TEXT, Document, Paragraph, Table, UnreadableSource  # noqa: F401 (named here too)

#: Larger files are no annual report (a long one with its web page is under 2 MB).
MAX_FILE_BYTES = 50 * 1024 * 1024
#: A .docx is a zip: what it may unpack to, and how many parts it may hold (zip bombs).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_PARTS = 2000
SUPPORTED = (".pdf", ".html", ".htm", ".docx", ".txt", ".text", ".md")


def read_document(path: Path) -> Document:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnreadableSource(f"不支持的文件类型「{path.suffix}」：请提供 .pdf、.html、.htm、.docx 或 .txt 文件")
    size = path.stat().st_size
    if size == 0:
        raise UnreadableSource("文件是空的（0 字节）")
    if size > MAX_FILE_BYTES:
        raise UnreadableSource(
            f"文件有 {size / 1024 / 1024:.0f} MB，超过 {MAX_FILE_BYTES // 1024 // 1024} MB 的上限，未读取"
        )
    if suffix in (".html", ".htm"):
        try:
            return read_html(_decode(path.read_bytes(), html=True))
        except RecursionError:
            raise UnreadableSource("网页的标签嵌套过深（上千层），不是正常的网页，未读取") from None
    if suffix == ".docx":
        check_docx_package(path)
        return read_docx(path)
    if suffix == ".pdf":
        from .pdf import read_pdf

        return read_pdf(path)
    return read_text(_decode(path.read_bytes()))


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
    tables = [block for block in document.blocks if isinstance(block, Table)]
    if not any(re.fullmatch(r"[0-9][0-9.,]*", c) for t in tables for r in t.rows for c in r) and _column_aligned(text):
        from .pdf import read_layout_text

        return read_layout_text(text)
    return document


#: A table row whose columns are aligned with spaces: a label, then three numbers or more.
_ALIGNED_ROW = re.compile(r"\S\s+[0-9][0-9.,]*(\s+[0-9][0-9.,]*){2,}\s*$", re.M)


def _column_aligned(text: str) -> bool:
    """Text with no ``|`` tables but rows of numbers aligned with spaces (`pdftotext -layout`)."""
    return len(_ALIGNED_ROW.findall(text)) >= 3


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
#: Words in a table cell that are not its printed value: text for screen readers only, and
#: the column labels this portal's own pages repeat beside each number for narrow screens
#: (``.nb-cl``), so that a page of the portal imports as the report it shows.
_NOT_THE_VALUE = ".sr-only, .visually-hidden, .screen-reader-text, .nb-sr, .nb-cl"
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
    _read_meta(soup, document)
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


def _read_meta(soup, document: Document) -> None:
    """Title, address, publisher and publication dates from the page's meta tags."""
    dates = {}
    for meta in soup.find_all("meta"):
        name = str(meta.get("name") or meta.get("property") or "").lower()
        content = str(meta.get("content") or "").strip()
        if name in _META and content and not getattr(document, _META[name]):
            setattr(document, _META[name], content)
        elif name in _META_DATES and content:
            dates.setdefault(name, content)
    document.dates = [dates[name] for name in _META_DATES if name in dates]


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
            for hidden in cell.select(_NOT_THE_VALUE):
                hidden.decompose()
            cells.append(re.sub(r"\s+", " ", cell.get_text("")).strip())
        rows.append(cells)
    return rows


# ---------------------------------------------------------------- Word


def check_docx_package(path: Path) -> None:
    """Refuse a .docx that would unpack to too much (a zip bomb) or that declares XML
    entities (an entity bomb: Word never writes a DOCTYPE)."""
    import zipfile

    not_docx = "不是有效的 Word 文件（.docx）；旧的 .doc 格式请先在 Word 或 WPS 中另存为 .docx"
    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
            if len(parts) > MAX_PARTS:
                raise UnreadableSource(f"Word 文件内含 {len(parts)} 个部件，超过 {MAX_PARTS} 个的上限，未读取")
            unpacked = sum(part.file_size for part in parts)
            if unpacked > MAX_UNPACKED_BYTES:
                raise UnreadableSource(
                    f"Word 文件解压后有 {unpacked // 1024 // 1024} MB，超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB 的上限"
                    "（可能是“压缩炸弹”），未读取"
                )
            for part in parts:
                if part.filename.endswith((".xml", ".rels")) and _declares_entities(package, part):
                    raise UnreadableSource(
                        f"Word 文件的「{part.filename}」声明了 XML 实体（DOCTYPE），正常的 Word 文件没有；"
                        "可能是“实体炸弹”，未读取"
                    )
    except zipfile.BadZipFile:
        raise UnreadableSource(not_docx) from None
    except (zipfile.LargeZipFile, NotImplementedError, OSError, EOFError) as error:
        raise UnreadableSource(f"Word 文件已损坏：{type(error).__name__}") from None


def _declares_entities(package, part) -> bool:
    """Whether the part declares a DOCTYPE or entities; read in chunks, the size is bounded
    by the package check (a lying size in the zip header ends the read at the limit)."""
    read = 0
    tail = b""
    with package.open(part) as stream:
        while chunk := stream.read(65536):
            read += len(chunk)
            window = tail + chunk
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                return True
            if read > MAX_UNPACKED_BYTES:
                raise UnreadableSource("Word 文件解压后超过上限（可能是“压缩炸弹”），未读取")
            tail = chunk[-16:]
    return False


def read_docx(path: Path) -> Document:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as error:  # pragma: no cover - python-docx is a dependency
        raise UnreadableSource("读取 Word 文件需要 python-docx") from error
    try:
        word = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, SyntaxError, OSError) as error:
        raise UnreadableSource(
            f"无法打开 Word 文件：{type(error).__name__}（只支持 .docx，不支持旧的 .doc 格式）"
        ) from None
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


#: Word's own limit on a table's columns: a wider grid (a cell spanning 2,000,000,000
#: columns) is not a table Word wrote.
MAX_DOCX_COLUMNS = 63
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_rows(table) -> list[list[str]]:
    """Each cell once, as it stands in the XML: a merged cell is read where it begins (a
    horizontal merge is one ``w:tc`` with ``w:gridSpan``; a vertical merge continues in
    ``w:tc`` elements marked ``w:vMerge`` without ``continue``'s origin, skipped).

    python-docx's ``row.cells`` is not used: it repeats a cell once per grid column it spans
    (a tuple of 2×10⁹ for one crafted span) and looks up the origin of every vertically
    merged cell row by row (quadratic in a column merged over thousands of rows)."""
    from docx.table import _Cell

    rows = []
    for number, tr in enumerate(table._tbl.tr_lst, start=1):
        cells, columns = [], 0
        for tc in tr.tc_lst:
            columns += _grid_span(tc)
            if columns > MAX_DOCX_COLUMNS:
                raise UnreadableSource(
                    f"Word 文件中一张表格的第 {number} 行有 {columns:,} 列以上（合并单元格的跨列数异常），"
                    f"Word 的表格最多 {MAX_DOCX_COLUMNS} 列：不是正常的 Word 文件，未读取"
                )
            merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            if merge is not None and merge.get(f"{_W}val", "continue") == "continue":
                continue
            cells.append(re.sub(r"\s+", " ", _Cell(tc, table).text).strip())
        rows.append(cells)
    return rows


def _grid_span(tc) -> int:
    span = tc.find(f"{_W}tcPr/{_W}gridSpan")
    value = span.get(f"{_W}val", "1") if span is not None else "1"
    return int(value) if value.isdigit() and len(value) <= 12 else MAX_DOCX_COLUMNS + 1
