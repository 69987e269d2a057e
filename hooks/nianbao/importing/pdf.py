"""A PDF attachment read into the importer's one document shape.

Offices export their Word file to PDF (Word, WPS, a browser's "print to PDF"). What the
text layer gives is positioned characters; this module turns them back into what the
label reader needs:

- **ruled tables** (pdfplumber's line-based table finder): a row with two or more cells
  is a table row; a table that continues on the next page with no text in between is one
  table (the header row is not repeated there, and need not be);
- the rows of a ruled *frame* around the prose (some templates rule every line) are not
  table rows: a row of a single cell is read as text;
- a short line right before a table (「第二十条第（一）项」) is that table's caption;
- **paragraphs** are rebuilt from lines: a line indented from the left margin starts
  one, a line that stops short of the right margin ends one — across pages too;
- page numbers in the margins (「- 2 -」「第 2 页」) are left out.

A PDF without a text layer (a scan) is refused: its numbers cannot be read, only guessed.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from .blocks import HEADING, TEXT, Document, Paragraph, Table, UnreadableSource
from .labels import fold

#: Beyond this a file is no annual report (they run 3 to 20 pages): refuse, don't grind.
MAX_PAGES = 200
#: Ruling lines a page may have before its tables are looked for, counted as distinct rows
#: times distinct columns of lines (the crossings pdfplumber's table finder works through,
#: at a cost that grows faster than their number: 301 × 301 lines held an import for
#: 280 CPU-s). The real reports' fullest page has 34 × 35; 5,000 takes about a second.
MAX_CROSSINGS = 5_000
#: The same for the whole file: a few full pages of tables, not hundreds.
MAX_CROSSINGS_IN_FILE = 20_000
_PAGE_NUMBER = re.compile(r"^[-—–－_\s]*(第\s*)?[0-9]+(\s*页)?(\s*[/／]\s*[0-9]+|\s*共\s*[0-9]+\s*页)?[-—–－_\s]*$")
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]+|[ \t]+(?=[{_CJK}])")
_HEADING_LIKE = re.compile(r"^[一二三四五六七八九十]+\s*[、，,.．]")


@dataclass
class _Line:
    page: int
    top: float
    x0: float
    x1: float
    size: float
    text: str
    cells: list[str]
    """The line split where its characters stand far apart (a table row drawn without rules)."""
    margin: bool = False
    """In the top or bottom margin of its page, where running heads and footers are."""


@dataclass
class _Grid:
    page: int
    top: float
    rows: list[list[str]]


def read_pdf(path: Path) -> Document:
    """Raises :class:`UnreadableSource` for a damaged, locked or scanned PDF."""
    items, metadata = _read_items(path)
    document = Document(title=_metadata_title(metadata.get("Title")))
    _assemble(items, document)
    document.created = _metadata_date(metadata)
    return document


def _read_items(path: Path) -> tuple[list, dict]:
    import pdfplumber

    # pdfminer logs font quirks of ordinary PDFs (「Could not get FontBBox…」) in English on
    # every page; what matters to a clerk is reported in Chinese by the importer itself.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    try:
        pdf = pdfplumber.open(str(path))
    except Exception as error:  # pdfminer raises many unrelated types for a broken file
        if "password" in type(error).__name__.lower() or "encrypt" in str(error).lower():
            raise UnreadableSource("PDF 文件有密码保护，无法读取；请提供未加密的文件") from None
        raise UnreadableSource("无法打开 PDF 文件：文件已损坏，或不是 PDF") from None
    with pdf:
        try:
            pages = pdf.pages
            if len(pages) > MAX_PAGES:
                raise UnreadableSource(f"PDF 有 {len(pages)} 页，超过 {MAX_PAGES} 页：不像一份年度报告，未读取")
            items: list = []
            characters = unmapped = crossings = 0
            for number, page in enumerate(pages):
                crossings += _checked_crossings(page, number, crossings)
                characters += len(page.chars)
                unmapped += sum(1 for char in page.chars if char["text"].startswith("(cid:"))
                items += _page_items(page, number)
                page.flush_cache()
            metadata = _raw_metadata(pdf)
            items = _without_running_heads(items, len(pages))
        except UnreadableSource:
            raise
        except Exception:
            raise UnreadableSource("PDF 文件已损坏：读取页面内容时出错") from None
    if characters and unmapped / characters > 0.2:
        raise UnreadableSource(
            "PDF 的文字层无法还原成文字（字体没有字符映射表），数字无法可靠读取，因此不导入；"
            "请向发布机关索取 Word 文件或可复制文字的 PDF"
        )
    if characters == 0:
        raise UnreadableSource(
            "这是扫描件：PDF 中没有文字层，数字只能靠猜，因此不导入；请向发布机关索取文字版 PDF 或 Word 文件"
        )
    return items, metadata


def _checked_crossings(page, number: int, before: int) -> int:
    """The page's ruling lines counted before its tables are looked for (a bound on the table
    finder's work, see :data:`MAX_CROSSINGS`); raises :class:`UnreadableSource` past it."""
    edges = page.edges
    rows = {round(edge["top"]) for edge in edges if edge["orientation"] == "h"}
    columns = {round(edge["x0"]) for edge in edges if edge["orientation"] == "v"}
    crossings = len(rows) * len(columns)
    if crossings > MAX_CROSSINGS or before + crossings > MAX_CROSSINGS_IN_FILE:
        raise UnreadableSource(
            f"PDF 第 {number + 1} 页有 {len(rows)} 条横向和 {len(columns)} 条纵向框线，"
            f"{'本页' if crossings > MAX_CROSSINGS else '连同前几页'}远多于任何年度报告的表格，"
            "查找表格的工作量过大，未读取；请向发布机关索取 Word 文件或另一份 PDF"
        )
    return crossings


def _page_items(page, number: int) -> list:
    """The page's grid rows and text lines, top to bottom."""
    grids, boxes = [], []
    for table in page.find_tables():
        texts = table.extract()
        grid: _Grid | None = None
        for row, cells in zip(table.rows, texts, strict=False):
            if sum(1 for box in row.cells if box is not None) < 2:
                grid = None  # a frame around prose, or a caption: read as text
                continue
            if grid is None:
                grid = _Grid(number, row.bbox[1], [])
                grids.append(grid)
            grid.rows.append([_cell_text(fold(c or "")) for c in cells if c is not None])
            boxes.append(row.bbox)
    outside = page.filter(lambda obj: not _inside(obj, boxes)) if boxes else page
    lines = []
    for line in outside.extract_text_lines(keep_blank_chars=True):
        # Folded here, before any line is told apart by its text: a font that maps 「二」 to
        # the Kangxi radical 「⼆」 (Noto CJK does) must not turn 「⼆、主动公开…」 into a caption.
        text = fold(line["text"]).strip()
        if not text or (_PAGE_NUMBER.match(text) and _in_margin(line, page)):
            continue
        size = max((c["size"] for c in line["chars"]), default=line["bottom"] - line["top"])
        item = _Line(number, line["top"], line["x0"], line["x1"], size, text, _split_cells(line["chars"], size))
        item.margin = _in_margin(line, page)
        lines.append(item)
    return sorted(grids + lines, key=lambda item: item.top)


def read_layout_text(text: str) -> Document:
    """Text whose table columns are aligned with spaces — what `pdftotext -layout` or a PDF
    viewer's copy gives. Each line is a line of the page, its columns counted in character
    widths (a Chinese character is two); its words, split at spaces, are its cells. From there
    it is read as an unruled PDF is: runs of lines with numbers (and the short lines among
    them: a label's other lines, a vertical label's pieces) are tables, the rest paragraphs."""
    items = []
    for number, raw in enumerate(text.replace("\f", "\n").splitlines()):
        line = fold(raw.rstrip())
        stripped = line.strip()
        if not stripped or _PAGE_NUMBER.match(stripped):
            continue
        indent = _columns(line[: len(line) - len(line.lstrip())])
        cells: list[str] = []
        for part in (_tidy(p) for cell in stripped.split() for p in _GLUED_NUMBER.split(cell)):
            if cells and part in _UNITS and _is_number(cells[-1]):
                cells[-1] += part  # 「73802895.90 元」: the unit belongs to its number
            elif part:
                cells.append(part)
        items.append(_Line(0, float(number), float(indent), float(_columns(line)), 1.0, stripped, cells))
    document = Document()
    _assemble(items, document)
    return document


_UNITS = ("元", "万元", "件", "个", "条", "项")
#: A number glued to the label before it where the copy dropped the space (「稳定”0」).
_GLUED_NUMBER = re.compile(rf"(?<=[{_CJK}\u2018-\u201d])(?=[0-9][0-9.,]*$)")


def _columns(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _split_cells(chars: list[dict], size: float) -> list[str]:
    cells, current, last = [], [], None
    for char in chars:
        if last is not None and char["x0"] - last > size and current:
            cells.append(_tidy("".join(current)))
            current = []
        current.append(fold(char["text"]))
        last = char["x1"]
    cells.append(_tidy("".join(current)))
    return [cell for cell in cells if cell]


def _inside(obj, boxes) -> bool:
    if obj.get("object_type") != "char":
        return False
    x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _running_key(line: _Line) -> str:
    return re.sub(r"[0-9]+", "#", re.sub(r"\s+", "", line.text))


def _without_running_heads(items: list, pages: int) -> list:
    """Lines printed in the margin of most pages (a document title, a browser's date and
    address, 「第 2 页 共 5 页」) are the page's furniture, not the report's text."""
    if pages < 2:
        return items
    seen: dict[str, set[int]] = {}
    for item in items:
        if isinstance(item, _Line) and item.margin:
            seen.setdefault(_running_key(item), set()).add(item.page)
    repeated = {key for key, on in seen.items() if len(on) >= max(2, pages // 2)}
    return [i for i in items if not (isinstance(i, _Line) and i.margin and _running_key(i) in repeated)]


def _in_margin(line: dict, page) -> bool:
    return line["top"] > page.height * 0.88 or line["bottom"] < page.height * 0.12


def _cell_text(text: str | None) -> str:
    """A cell's lines joined: 「商业\\n企业」 is one label; Chinese needs no space between lines."""
    lines = [part.strip() for part in (text or "").split("\n")]
    return _tidy(" ".join(part for part in lines if part))


def _tidy(text: str) -> str:
    """Spaces a justified line puts between Chinese characters are layout, not text."""
    return _SPACE_NEAR_CJK.sub("", re.sub(r"[ \t\u3000\xa0]+", " ", text)).strip()


_NUMBER = re.compile(r"[+-]?[0-9][0-9,，.]*(万元|元)?|[-—–－/／]")


def _is_number(cell: str) -> bool:
    return bool(_NUMBER.fullmatch(cell.replace(" ", "")))


def _is_row_line(line: _Line) -> bool:
    """A line of a table drawn without rules: a short label then numbers standing apart,
    or numbers alone (a row whose label is broken over the lines around it)."""
    cells = line.cells
    if all(_is_number(c) for c in cells):
        return any(c[:1].isdigit() for c in cells)
    return len(cells) >= 2 and _is_number(cells[-1]) and len(cells[0]) <= 40


def _is_label_line(line: _Line) -> bool:
    """A short line inside such a table: a header, a label's second line, one character of
    a vertical label. A section heading or a sentence ends the table."""
    text = _tidy(line.text)
    # 「三、本」「三、本年」 are the top of a vertical label (三、本年度办理结果), not a section heading.
    heading = _HEADING_LIKE.match(text) and len(text) > 4
    # A header row is short words standing apart, however many (表四's ten heads).
    header = len(line.cells) >= 2 and all(len(cell) <= 12 for cell in line.cells)
    return (len(text) <= 30 or header) and not heading and not text.endswith(("。", "；"))


def _text_tables(items: list) -> list:
    """Runs of row lines, with the short lines among and just before them (headers, a
    label's other lines, the characters of a vertical label), become grids, one row per
    line; the label reader then finds each label and the numbers after it."""
    out: list = []
    run: list[_Line] = []

    def close() -> None:
        rows = list(run)
        while rows and not _is_row_line(rows[-1]):
            rows.pop()
        # The last row's label may go on below its numbers (「3.危及“三安全」/ numbers / 「一稳定”」).
        for line in run[len(rows) : len(rows) + 2] if rows else []:
            if len(_tidy(line.text)) > 12:
                break
            rows.append(line)
        first = next((i for i, line in enumerate(rows) if _is_row_line(line)), len(rows))
        start = max(0, first - 6)  # header lines above the first row, at most six
        body = rows[start:]
        numbers = [sum(1 for c in line.cells if _is_number(c)) for line in body if _is_row_line(line)]
        if len(numbers) >= 2 or (numbers and numbers[0] >= 5):
            out.extend(run[:start])
            out.append(_Grid(body[0].page, body[0].top, [line.cells for line in body]))
            out.extend(run[len(rows) :])
        else:
            out.extend(run)
        run.clear()

    for index, item in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        # 「一、本年新收政府信息公开申请数」 looks like a section heading; with its numbers on
        # the next line (a label broken around them) it is a row's label.
        labels_numbers = isinstance(following, _Line) and _is_row_line(following) and len(item.text) <= 30
        if isinstance(item, _Line) and (_is_row_line(item) or _is_label_line(item) or labels_numbers):
            run.append(item)
            continue
        close()
        out.append(item)
    close()
    return out


def _assemble(items: list, document: Document) -> None:
    """Grids become tables (joined across pages, captions attached); lines become paragraphs."""
    lines: list[_Line] = []
    items = _text_tables(items)
    body = [i for i in items if isinstance(i, _Line)]
    margin = _left_margin(body)
    right = _right_margin(body)
    size = sorted(line.size for line in body)[len(body) // 2] if body else 0.0
    for item in items:
        if isinstance(item, _Line):
            lines.append(item)
            continue
        captions: list[_Line] = []
        while lines and len(captions) < 3 and _is_caption(lines[-1]):
            captions.insert(0, lines.pop())
        _flush(lines, document, margin, right, size)
        rows = [line.cells for line in captions] + item.rows
        previous = document.blocks[-1] if document.blocks else None
        if isinstance(previous, Table):
            previous.rows += rows  # the same table continued (next page, or after a caption)
        else:
            document.blocks.append(Table(rows))
    _flush(lines, document, margin, right, size)


def _is_caption(line: _Line) -> bool:
    """A short line that is neither a section heading nor the end of a sentence."""
    text = _tidy(line.text)
    return len(text) <= 30 and not _HEADING_LIKE.match(text) and not text.endswith(("。", "；", "："))


def _left_margin(lines: list[_Line]) -> float:
    if not lines:
        return 0.0
    positions = sorted(round(line.x0) for line in lines)
    return max(set(positions), key=positions.count)  # the most common start: the body's margin


def _right_margin(lines: list[_Line]) -> float:
    """Where full lines end: the most common end among the longer half of the lines."""
    ends = sorted(round(line.x1) for line in lines)
    longer = ends[len(ends) // 2 :]
    return float(max(set(longer), key=longer.count)) if longer else 0.0


def _flush(lines: list[_Line], document: Document, margin: float, right: float, body_size: float) -> None:
    """Lines into paragraphs; lines in larger type than the body (the title) as a heading."""
    if not lines:
        return
    paragraph: list[str] = []
    kind = TEXT
    previous: _Line | None = None
    for line in lines:
        big = line.size > body_size * 1.2
        this_kind = HEADING if big else TEXT
        starts = (
            previous is None
            or this_kind != kind
            or (kind == TEXT and (line.x0 > margin + 0.8 * line.size or previous.x1 < right - 1.5 * line.size))
        )
        if starts and paragraph:
            document.blocks.append(Paragraph(_tidy("".join(paragraph)), kind))
            paragraph = []
        if starts:
            kind = this_kind
        joint = " " if paragraph and _joins_words(paragraph[-1], line.text) else ""
        paragraph.append(joint + line.text.strip())
        previous = line
    if paragraph:
        document.blocks.append(Paragraph(_tidy("".join(paragraph)), kind))
    lines.clear()


def _joins_words(before: str, after: str) -> bool:
    """Two lines of Latin text are joined with a space; Chinese lines with none."""
    return bool(re.search(r"[A-Za-z]$", before.strip()) and re.match(r"[A-Za-z]", after.strip()))


def _raw_metadata(pdf) -> dict:
    """The document information as stored (bytes), before pdfminer's guess at decoding it:
    WPS writes little-endian UTF-16, which that guess garbles."""
    from pdfminer.pdftypes import resolve1

    out: dict = {}
    for info in getattr(pdf.doc, "info", None) or []:
        for key, value in (resolve1(info) or {}).items():
            out[key] = resolve1(value)
    return out


def _metadata_title(title) -> str | None:
    if isinstance(title, bytes):
        title = _decode_pdf_string(title)
    title = (title if isinstance(title, str) else "").strip()
    return title if re.search(r"[\u4e00-\u9fff]", title) else None


def _decode_pdf_string(raw: bytes) -> str:
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if raw.startswith(bom):
            return raw[2:].decode(codec, "replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _metadata_date(metadata: dict) -> str | None:
    """The file's creation date (``D:20240226144123``) as 2024-02-26: a hint for staff only."""
    raw = metadata.get("CreationDate") or metadata.get("ModDate")
    if isinstance(raw, bytes):
        raw = raw.decode("latin-1", "replace")
    match = re.match(r"D?:?([0-9]{4})([0-9]{2})([0-9]{2})", str(raw or ""))
    return f"{match[1]}-{match[2]}-{match[3]}" if match else None
