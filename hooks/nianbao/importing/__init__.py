"""Import a report an office already published (saved web page, Word file, or text copied
from either) into a data file: every number under its official label, the narrative as
Markdown, the source recorded — and an exact list of whatever could not be read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..formats import table_def, table_ids
from ..model import ORIGIN_PUBLISHED
from ..scaffold import empty_values, place_table
from .documents import Document, UnreadableSource, read_document
from .sections import split_sections, to_markdown
from .tables import classify, read_active, read_appeals, read_requests

__all__ = ["ImportResult", "UnreadableSource", "import_report", "guess_office"]

_TITLE = re.compile(r"(.+?)\s*([0-9]{4})\s*年度?政府信息公开工作年度报告")
_PUBLISHED = re.compile(r"发布(?:时间|日期)[：:\s]*([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


@dataclass
class ImportResult:
    data: dict
    """Shaped like a data file (see ``nianbao.writing.dump_report``)."""
    tables: list[str] = field(default_factory=list)
    """「表三（2019 版）」 for every table found."""
    cells_read: int = 0
    not_found: list[str] = field(default_factory=list)
    """Every cell or part that could not be read, in words for staff."""
    office_name: str | None = None
    year_in_text: int | None = None

    @property
    def complete(self) -> bool:
        return not self.not_found


def _date(match) -> dt.date | None:
    try:
        return dt.date(*(int(x) for x in match.groups()[:3])) if match else None
    except ValueError:
        return None


def _published(document: Document, signed_on) -> dt.date | None:
    if document.published:
        found = _date(_ISO.search(document.published))
        if found:
            return found
    for block in document.blocks:
        text = getattr(block, "text", "")
        found = _date(_PUBLISHED.search(text))
        if found:
            return found
    if signed_on:
        try:
            return dt.date(*signed_on)
        except ValueError:
            return None
    return None


def import_report(path: Path, year: int) -> ImportResult:
    """Read ``path``; raises :class:`UnreadableSource` for a file that is no report at all."""
    document = read_document(path)
    sections = split_sections(document)
    tokens: dict[str, list[str]] = {"active": [], "requests": [], "appeals": []}
    for table in sections.tables:
        kind = classify(table.rows)
        if kind:
            tokens[kind] += [cell for row in table.rows for cell in row]
    result = ImportResult(data={"year": year, "origin": ORIGIN_PUBLISHED})
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
        place_table(result.data, definition.id, table.values)
    # A table not found is written with every cell empty, for staff to fill in from the original.
    found = {t.definition.id for t in read}
    for table_id in table_ids():
        definition = table_def(table_id, max(versions)) or table_def(table_id, min(versions))
        if table_id not in found and definition is not None and not definition.optional:
            place_table(result.data, table_id, empty_values(definition))
    result.not_found += [f"正文：找不到标题「{heading}」" for heading in sections.missing]

    published = _published(document, sections.signed_on)
    if published:
        result.data["published"] = published
    else:
        result.not_found.append("发布日期：原文中找不到，请补填 published")
    if sections.signed_by:
        result.data["signed_by"] = sections.signed_by
    title = document.title
    match = _TITLE.search(title or "") or next(
        (_TITLE.search(b.text) for b in document.blocks if hasattr(b, "text") and _TITLE.search(b.text)), None
    )
    if match:
        result.office_name = match.group(1).strip()
        result.year_in_text = int(match.group(2))
        title = title or match.group(0)
    else:
        result.office_name = sections.signed_by
        if result.office_name:  # no title printed: the report's own name for itself
            title = f"{result.office_name}{year}年政府信息公开工作年度报告"
    source = {
        "url": document.url,
        "title": title,
        "publisher": document.publisher,
        "note": f"由 nianbao import 从 {path.name} 导入",
    }
    result.data["source"] = {k: v for k, v in source.items() if v}
    result.data["sections"] = {"preamble": to_markdown(sections.preamble) or None}
    for key in ("overview", "active", "requests", "appeals", "problems", "other"):
        text = to_markdown(sections.text.get(key, []))
        if text or key in ("overview", "problems", "other"):
            result.data["sections"][key] = text or None
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
