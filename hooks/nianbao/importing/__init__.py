"""Import a report an office already published (PDF attachment, saved web page, Word
file, or text copied from any of them) into a data file: every number under its official label, the narrative as
Markdown, the source recorded — and an exact list of whatever could not be read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..data.model import ORIGIN_PUBLISHED
from ..data.scaffold import empty_values, place_table
from ..formats import load_formats, table_def, table_ids
from .documents import Document, Paragraph, Table, UnreadableSource, read_document
from .labels import fold, normalize
from .metadata import published_date, source_record, title_and_office
from .sections import split_sections, to_markdown
from .tables import cells_of, classify, read_active, read_appeals, read_requests

__all__ = ["ImportResult", "UnreadableSource", "import_report", "guess_office"]

NO_STANDARD_TABLE = (
    "文件中找不到表二、表三、表四中的任何一张：不像政府信息公开工作年度报告，未导入"
    "（如原文的表格是图片，请向发布机关索取文字版）"
)


@dataclass
class ImportResult:
    data: dict
    """Shaped like a data file (see ``nianbao.data.writing.dump_report``)."""
    tables: list[str] = field(default_factory=list)
    """「表三（2019 版）」 for every table found."""
    cells_read: int = 0
    not_found: list[str] = field(default_factory=list)
    """Every cell or part that could not be read, in words for staff."""
    loose: list[str] = field(default_factory=list)
    """Every label read by a synonym or a near-miss spelling, for a clerk to check."""
    office_name: str | None = None
    year_in_text: int | None = None

    @property
    def complete(self) -> bool:
        return not self.not_found

    @property
    def cells_missing(self) -> int:
        return sum(1 for item in self.not_found if item.startswith("表") and " · " in item)


def _fold_document(document: Document) -> None:
    """Kangxi radicals and compatibility characters folded everywhere, before any matching."""
    for block in document.blocks:
        if isinstance(block, Table):
            block.rows = [[fold(cell) for cell in row] for row in block.rows]
        else:
            block.text = fold(block.text)
    if document.title:
        document.title = fold(document.title)


def _attach_captions(document: Document) -> None:
    """A 表二 item printed as a table of its own under a caption paragraph
    (「第二十条第（一）项」 above a table that starts with 「信息内容」): the caption joins the table,
    as it does where the caption is a row of the table."""
    captions = {
        normalize(d.caption)
        for fmt in load_formats().values()
        for tid, d in fmt.tables.items()
        if tid.startswith("active.")
    }
    blocks: list = []
    for block in document.blocks:
        previous = blocks[-1] if blocks else None
        if (
            isinstance(block, Table)
            and isinstance(previous, Paragraph)
            and len(previous.text) <= 30
            and any(caption in normalize(previous.text) for caption in captions)
        ):
            blocks.pop()
            block.rows = [[previous.text], *block.rows]
        blocks.append(block)
    document.blocks = blocks


def _table_tokens(tables: list[Table]) -> dict[str, list[str]]:
    tokens: dict[str, list[str]] = {"active": [], "requests": [], "appeals": []}
    first_row = 0
    previous = None
    for table in tables:
        kind = classify(table.rows)
        if kind is None and previous and _has_numbers(table):
            kind = previous  # the rest of a table split in two (a page break in the original)
        if kind:
            tokens[kind] += cells_of(table.rows, first_row)
            previous = kind
        first_row += len(table.rows)
    return tokens


def _has_numbers(table: Table) -> bool:
    return any(re.fullmatch(r"[0-9][0-9,.]*", cell.strip()) for row in table.rows for cell in row)


def _read_tables(tokens: dict[str, list[str]], result: ImportResult) -> None:
    active, problems = (
        read_active(tokens["active"]) if tokens["active"] else ([], ["表二：原文中找不到表二（第二十条各项）"])
    )
    result.not_found += problems
    read = list(active)
    if tokens["requests"]:
        read.append(read_requests(tokens["requests"]))
    else:
        result.not_found.append("表三：原文中找不到表三")
    versions = [t.definition.version for t in read] or [max(_all_versions())]
    if tokens["appeals"]:
        # 表四 is the same in both versions: it is labelled with the newest one the report uses.
        read.append(read_appeals(tokens["appeals"], max(versions)))
    else:
        result.not_found.append("表四：原文中找不到表四")
    for table in read:
        definition = table.definition
        result.tables.append(f"{definition.name}（{definition.version} 版）")
        result.cells_read += table.read
        result.not_found += [f"{definition.name}：{cell}" for cell in table.missing]
        result.loose += table.loose
        place_table(result.data, definition.id, table.values)
    # A table not found is written with every cell empty, for staff to fill in from the original.
    found = {t.definition.id for t in read}
    for table_id in table_ids():
        definition = table_def(table_id, max(versions)) or table_def(table_id, min(versions))
        if table_id not in found and definition is not None and not definition.optional:
            place_table(result.data, table_id, empty_values(definition))


def import_report(path: Path, year: int) -> ImportResult:
    """Read ``path``; raises :class:`UnreadableSource` for a file that is no report at all."""
    document = read_document(path)
    _fold_document(document)
    _attach_captions(document)
    sections = split_sections(document)
    tokens = _table_tokens(sections.tables)
    result = ImportResult(data={"year": year, "origin": ORIGIN_PUBLISHED})
    if any(tokens.values()):
        _read_tables(tokens, result)
    # One rule for every format: a file in which no cell of a standard table is found under
    # its label (a README that names 「予以公开」 in passing) is no report, and nothing is written.
    if result.cells_read == 0:
        raise UnreadableSource(NO_STANDARD_TABLE)
    result.not_found += [f"正文：找不到标题「{heading}」" for heading in sections.missing]
    notes = []
    published = published_date(document, sections.signed_on)
    if published:
        result.data["published"] = published
    elif document.created:
        # The PDF is the original, and it prints no date: the date is unknown, not unread.
        result.data["published"] = None
        notes.append(f"原文未印发布日期；PDF 文件属性中的创建日期为 {document.created}，仅供核对")
    else:
        result.not_found.append("发布日期：原文中找不到，请补填 published")
    if sections.signed_by:
        result.data["signed_by"] = sections.signed_by
    title, office, year_in_text = title_and_office(document, sections.signed_by)
    result.office_name, result.year_in_text = office, year_in_text
    if not title and office:  # no title printed: the report's own name for itself
        title = f"{office}{year}年政府信息公开工作年度报告"
    result.data["source"] = source_record(document, title, path.name)
    result.data["sections"] = {"preamble": to_markdown(sections.preamble) or None}
    for key in ("overview", "active", "requests", "appeals", "problems", "other"):
        text = to_markdown(sections.text.get(key, []))
        if text or key in ("overview", "problems", "other"):
            result.data["sections"][key] = text or None
    notes += result.loose
    if notes:
        result.data["notes"] = notes
    if result.not_found:
        result.data["import_problems"] = list(result.not_found)
    return result


def _all_versions() -> list[int]:
    from ..formats import load_formats

    return list(load_formats())


_KINDS = (
    ("街道办事处", "街道办事处"),
    ("镇人民政府", "乡镇人民政府"),
    ("乡人民政府", "乡镇人民政府"),
    ("人民政府", "人民政府"),
    ("管委会", "人民政府"),
    ("实验区", "人民政府"),
)


def guess_office(name: str) -> str:
    """The office kind its name suggests (staff confirm it in office.yml)."""
    for suffix, kind in _KINDS:
        if suffix in name:
            return kind
    if re.search(r"(局|委员会|办公室|中心|厅|委)$", name):
        return "政府部门"
    return "其他"
