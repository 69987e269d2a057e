"""Machine-readable copies of the data, written into the site next to the pages:
per report JSON and CSV, everything as JSON, long CSV and an XLSX workbook, and an Atom
feed of new and revised reports. Every number is the data file's, digit for digit.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from ..checks.audit.exporting import finding_record, finding_rows
from ..data.model import CellValue, Money, Office, Report, TableData
from ..formats import row_node, table_ids
from ..views.grids import format_value
from ..views.planned import report_title, report_url

CSV_COLUMNS = (
    "office",
    "office_name",
    "year",
    "table",
    "table_name",
    "version",
    "row",
    "row_label",
    "column",
    "column_label",
    "value",
    "unit",
    "reported",
)
"""Long format: one line per cell. ``reported`` is 0 for a cell the report left blank."""

WORKBOOK = "data/nianbao.xlsx"
FEED = "data/feed.xml"
_DECIMAL_MARK = "\u0000decimal:"
_DECIMAL_JSON = re.compile(r'"\\u0000decimal:(-?[0-9]+(?:\.[0-9]+)?)"')


def _unit(table: TableData, column: str, value: CellValue) -> str:
    if isinstance(value, Money):
        return value.unit
    return "万元" if table.definition.column(column).type == "wan" else ""


def _number(value: CellValue) -> str:
    """The cell as written: 73802895.90 keeps its trailing zero."""
    if isinstance(value, Money):
        return str(value.value)
    return "" if value is None else str(value)


def cell_rows(office: Office, report: Report) -> list[dict[str, Any]]:
    rows = []
    for table in report.tables.values():
        definition = table.definition
        for row in definition.leaf_rows():
            for column in definition.columns:
                value = table.cells[(row.key, column.key)]
                rows.append(
                    {
                        "office": office.id,
                        "office_name": office.name,
                        "year": report.year,
                        "table": table.id,
                        "table_name": definition.name,
                        "version": table.version,
                        "row": row.key,
                        "row_label": row.label,
                        "column": column.key,
                        "column_label": column.label,
                        "value": _number(value),
                        "unit": _unit(table, column.key, value),
                        "reported": int(value is not None),
                    }
                )
    return rows


def _json_value(value: CellValue) -> Any:
    if isinstance(value, Money):
        return {"value": _json_value(value.value), "unit": value.unit}
    if isinstance(value, Decimal):
        return f"{_DECIMAL_MARK}{value}"
    return value


def _nested(table: TableData) -> dict:
    out: dict = {"version": table.version, "name": table.definition.name, "caption": table.definition.caption}
    for row in table.definition.leaf_rows():
        row_node(out, row.key).update(
            {c.key: _json_value(table.cells[(row.key, c.key)]) for c in table.definition.columns}
        )
    return out


def report_document(office: Office, report: Report) -> dict:
    """A report as JSON: the shape of its data file, plus the office and its page."""
    source = report.source
    return {
        "office": {"id": office.id, "name": office.name, "kind": office.kind},
        "year": report.year,
        "title": report_title(office, report.year),
        "page": f"/{report_url(office.id, report.year)}",
        "origin": report.origin,
        "published": report.published.isoformat() if report.published else None,
        "source": {k: v for k, v in vars(source).items() if v} if source else None,
        "corrections": [{"date": c.date.isoformat() if c.date else None, "note": c.note} for c in report.corrections],
        "sections": report.sections,
        "tables": {tid: _nested(t) for tid, t in report.tables.items()},
    }


def dumps(document: Any) -> str:
    """JSON with decimals as numbers carrying exactly their written digits."""
    text = json.dumps(document, ensure_ascii=False, indent=1)
    # json writes the NUL of the mark as \u0000; a data file cannot contain one (YAML refuses it).
    return _DECIMAL_JSON.sub(r"\1", text) + "\n"


def csv_bytes(rows: list[dict[str, Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel on Chinese Windows reads it right."""
    out = io.StringIO()
    _csv_writer(out).writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


#: What a spreadsheet may run as a formula when a cell starts with it (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: A number as the cells are written (a signed count may be -3): left as it is.
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def neutral_text(text: str) -> str:
    """Text a spreadsheet shows as text: one that starts like a formula gets a leading
    apostrophe, which Excel and LibreOffice read as "this is text" (OWASP's advice)."""
    return "'" + text if text.startswith(FORMULA_START) else text


class _NeutralWriter(csv.DictWriter):
    """Every text neutralised, in any column (the audit's lines quote narrative in ``value``);
    numbers stay numbers."""

    def writerow(self, rowdict):
        return super().writerow(
            {
                k: neutral_text(v) if isinstance(v, str) and not _PLAIN_NUMBER.fullmatch(v) else v
                for k, v in rowdict.items()
            }
        )

    def writerows(self, rowdicts):
        for row in rowdicts:
            self.writerow(row)


def _csv_writer(stream) -> csv.DictWriter:
    writer = _NeutralWriter(stream, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    return writer


def _sheet_name(table: TableData) -> str:
    return f"{table.definition.name}（{table.version}版）"[:31]


def write_workbook(items: list[tuple[Office, Report]], path: Path) -> None:
    """One sheet per table and version: a row per report, a column per cell, under two
    header rows (row label, column label). Rows are written in order and flushed as they
    go (xlsxwriter's constant-memory mode)."""
    # Text is written as text: never read as a formula or a link, whatever it starts with.
    book = xlsxwriter.Workbook(
        str(path), {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    book.set_properties(
        {"title": "政府信息公开工作年度报告数据", "created": dt.datetime(2000, 1, 1)}
    )  # fixed: reproducible
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    formats: dict[int, Any] = {}
    groups: dict[tuple[str, int], list[tuple[Office, Report, TableData]]] = {}
    for office, report in items:
        for table in report.tables.values():
            groups.setdefault((table.id, table.version), []).append((office, report, table))
    order = {tid: i for i, tid in enumerate(table_ids())}
    for key in sorted(groups, key=lambda k: (order[k[0]], k[1])):
        rows = groups[key]
        definition = rows[0][2].definition
        sheet = book.add_worksheet(_sheet_name(rows[0][2]))
        sheet.freeze_panes(2, 3)
        cells = [(r, c) for r in definition.leaf_rows() for c in definition.columns]
        sheet.write_row(0, 0, ["机关", "机关目录", "年度", *(row.label for row, _ in cells)], bold)
        sheet.write_row(
            1, 0, ["", "", "", *(c.label + ("（万元）" if c.type == "wan" else "") for _, c in cells)], bold
        )
        for line, (office, report, table) in enumerate(rows, start=2):
            sheet.write_string(line, 0, office.name)
            sheet.write_string(line, 1, office.id)
            sheet.write_number(line, 2, report.year)
            for index, (row, column) in enumerate(cells, start=3):
                value = table.cells[(row.key, column.key)]
                if value is None:
                    continue  # not reported: an empty cell, never 0
                if isinstance(value, Money):
                    sheet.write_string(line, index, format_value(value))
                    continue
                places = -value.as_tuple().exponent if isinstance(value, Decimal) else 0
                if places not in formats:
                    formats[places] = book.add_format({"num_format": "0." + "0" * places if places else "0"})
                sheet.write_number(line, index, float(value), formats[places])
    book.close()


def _updated(report: Report) -> dt.date | None:
    dates = [report.published, *(c.date for c in report.corrections)]
    return max((d for d in dates if d), default=None)


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+08:00"


# Characters XML 1.0 cannot hold at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text that keeps an XML document well-formed: ElementTree escapes ``<`` and ``&`` but
    writes control characters as they are, which no XML reader accepts. The validator
    refuses them in data files; this is the second line."""
    return _NOT_XML.sub("\ufffd", text)


def feed_bytes(items: list[tuple[Office, Report]], site_url: str) -> bytes:
    """Atom (RFC 4287): reports by their latest date, publication or correction."""
    ET.register_namespace("", "http://www.w3.org/2005/Atom")
    ns = "{http://www.w3.org/2005/Atom}"
    dated = sorted(((r, o, _updated(r)) for o, r in items if _updated(r)), key=lambda t: (t[2], t[1].id), reverse=True)
    feed = ET.Element(f"{ns}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    base = site_url.rstrip("/") + "/" if site_url else "../"
    ET.SubElement(feed, f"{ns}id").text = "urn:nianbao:feed"
    ET.SubElement(feed, f"{ns}title").text = "政府信息公开工作年度报告：新发布和更正的报告"
    ET.SubElement(feed, f"{ns}updated").text = _stamp(dated[0][2]) if dated else "2000-01-01T00:00:00+08:00"
    ET.SubElement(feed, f"{ns}link", {"rel": "alternate", "href": base})
    if site_url:
        ET.SubElement(feed, f"{ns}link", {"rel": "self", "href": base + FEED})
    author = ET.SubElement(feed, f"{ns}author")
    ET.SubElement(author, f"{ns}name").text = "政府信息公开工作年度报告门户"
    for report, office, updated in dated:
        entry = ET.SubElement(feed, f"{ns}entry")
        ET.SubElement(entry, f"{ns}id").text = f"urn:nianbao:report:{office.id}:{report.year}"
        revised = bool(report.corrections)
        title = report_title(office, report.year)
        ET.SubElement(entry, f"{ns}title").text = xml_text(f"{title}（更正）" if revised else title)
        ET.SubElement(entry, f"{ns}link", {"rel": "alternate", "href": base + report_url(office.id, report.year)})
        if report.published:
            ET.SubElement(entry, f"{ns}published").text = _stamp(report.published)
        ET.SubElement(entry, f"{ns}updated").text = _stamp(updated)
        entry_author = ET.SubElement(entry, f"{ns}author")
        ET.SubElement(entry_author, f"{ns}name").text = xml_text(office.name)
        lines = [f"发布日期：{report.published.isoformat() if report.published else '未注明'}"]
        lines += [f"{c.date.isoformat()} 更正：{c.note}" for c in report.corrections if c.date]
        ET.SubElement(entry, f"{ns}summary").text = xml_text("；".join(lines))
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def write_exports(
    items: list[tuple[Office, Report]],
    out: Path,
    *,
    site_url: str = "",
    audit: dict | None = None,
    reports: bool = True,
    totals: bool = True,
) -> None:
    """Every download, written under ``out`` (the built site) one file at a time: each
    report's own files (``reports``) and the files of all data (``totals``); a sharded build
    writes the first in each shard and the second once, when it assembles the shards.
    ``audit`` ((office id, year) → quality findings) adds them to each report's JSON and CSV."""
    audit = audit or {}
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        all_csv = stack.enter_context(open(data / "all.csv", "w", encoding="utf-8-sig", newline="")) if totals else None
        all_json = stack.enter_context(open(data / "all.json", "w", encoding="utf-8")) if totals else None
        writer = _csv_writer(all_csv) if all_csv else None
        if all_json:
            all_json.write('{\n "reports": [')
        for index, (office, report) in enumerate(items):
            findings = audit.get((office.id, report.year), [])
            rows = cell_rows(office, report) + finding_rows(office, report, findings)
            document = dumps({**report_document(office, report), "audit": [finding_record(f) for f in findings]})
            if reports:
                (data / office.id).mkdir(exist_ok=True)
                (data / office.id / f"{report.year}.json").write_text(document, encoding="utf-8")
                (data / office.id / f"{report.year}.csv").write_bytes(csv_bytes(rows))
            if writer and all_json:
                writer.writerows(rows)
                all_json.write(("," if index else "") + "\n" + document.rstrip("\n"))
        if all_json:
            all_json.write("\n ]\n}\n")
    if totals:
        write_workbook(items, out / WORKBOOK)
        (out / FEED).write_bytes(feed_bytes(items, site_url))
