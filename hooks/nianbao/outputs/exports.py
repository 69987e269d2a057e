"""Machine-readable copies of the data, written into the site next to the pages:
per report JSON (the static API, ``data/<office>/<year>.json``), all data per year in a
ZIP archive (CSV and JSON), an XLSX workbook, and an Atom feed of the newest and revised
reports. Every number is the data file's, digit for digit. Nothing from the data is
repeated per line: a CSV line names its office by folder (the archive's offices.csv has
each name once), and quality findings are a CSV of their own.

A report has no CSV of its own (issue 20): its lines are in its year's archive, whose CSV
a spreadsheet filters by office, and in the workbook. At 3.9 KB and one file a report, it
was what kept a province's site over its budget of 90 KB a report.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from ..checks.audit import KINDS
from ..checks.audit.exporting import CSV_FIELDS, finding_record
from ..data.model import CellValue, Money, Office, Report, TableData
from ..formats import load_formats, row_node, table_def, table_ids
from ..views.grids import format_value
from ..views.planned import FEED_ENTRIES, report_title, report_url

#: Who and which table row a CSV line is; the value columns follow (:func:`value_columns`).
ROW_COLUMNS = ("机关目录名", "年度", "表格", "格式版本", "行代码", "项目")
#: Every table of every format version, in order: the CSV has one column per column label.
ALL_TABLES = tuple(
    definition
    for tid in table_ids()
    for version in sorted(load_formats())
    if (definition := table_def(tid, version)) is not None
)


def value_columns() -> tuple[str, ...]:
    """The value columns of the CSV: every column label of every table, once, in the order
    of the tables (a line fills its own table's columns; the rest stay empty)."""
    return tuple(dict.fromkeys(column.label for definition in ALL_TABLES for column in definition.columns))


CSV_COLUMNS = ROW_COLUMNS + value_columns()
"""Wide by row: one line per table row, as the report prints it. An empty value cell is a
cell the report left blank (not 0), or a column of another table."""

#: The yearly archive of all data: ``data/all-<year>.zip`` (:func:`write_year_archive`).
ARCHIVE = "data/all-{year}.zip"
#: Office names, once per archive (a line of the CSV names its office by the folder only).
OFFICE_COLUMNS = ("机关目录名", "机关全称", "机关类型")
#: Quality findings, in a CSV of their own (never in a column of numbers).
AUDIT_COLUMNS = ("机关目录名", "年度", "代码", "类别", "提示", *CSV_FIELDS.values())
#: A fixed date in every archive member: the same data zips to the same bytes.
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)

WORKBOOK = "data/nianbao.xlsx"
FEED = "data/feed.xml"
_DECIMAL_MARK = "\u0000decimal:"
_DECIMAL_JSON = re.compile(r'"\\u0000decimal:(-?[0-9]+(?:\.[0-9]+)?)"')


def _number(value: CellValue) -> str:
    """The cell as written: 73802895.90 keeps its trailing zero."""
    if isinstance(value, Money):
        return str(value.value)
    return "" if value is None else str(value)


def table_rows(office: Office, report: Report) -> list[dict[str, Any]]:
    """The report's tables as CSV lines: one per table row, its cells under their column labels."""
    rows = []
    for table in report.tables.values():
        definition = table.definition
        for row in definition.leaf_rows():
            line: dict[str, Any] = {
                "机关目录名": office.id,
                "年度": report.year,
                "表格": definition.name,
                "格式版本": table.version,
                "行代码": f"{table.id}.{row.key}",
                "项目": row.label,
            }
            for column in definition.columns:
                value = table.cells[(row.key, column.key)]
                # Money carries its own unit (元 or 万元): written as the page shows it.
                line[column.label] = format_value(value) if isinstance(value, Money) else _number(value)
            rows.append(line)
    return rows


def audit_rows(office: Office, report: Report, findings: list) -> list[dict[str, Any]]:
    lines = []
    for finding in findings:
        record = finding_record(finding)
        line = {"机关目录名": office.id, "年度": report.year, "代码": record["rule"], "类别": KINDS[record["kind"]][0]}
        line["提示"] = record["title"]
        line.update({label: record.get(name, "") for name, label in CSV_FIELDS.items()})
        lines.append(line)
    return lines


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
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    # json writes the NUL of the mark as \u0000; a data file cannot contain one (YAML refuses it).
    return _DECIMAL_JSON.sub(r"\1", text) + "\n"


def csv_bytes(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel on Chinese Windows reads it right."""
    out = io.StringIO()
    _csv_writer(out, columns).writerows(rows)
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
    """Every text neutralised, in any column (office names, the audit's quoted sentences);
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


def _csv_writer(stream, columns: tuple[str, ...] = CSV_COLUMNS) -> csv.DictWriter:
    writer = _NeutralWriter(stream, fieldnames=columns, lineterminator="\r\n")
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
    """Atom (RFC 4287): the :data:`FEED_ENTRIES` reports with the latest date, publication or
    correction, newest first."""
    ET.register_namespace("", "http://www.w3.org/2005/Atom")
    ns = "{http://www.w3.org/2005/Atom}"
    dated = sorted(((r, o, _updated(r)) for o, r in items if _updated(r)), key=lambda t: (t[2], t[1].id), reverse=True)
    dated = dated[:FEED_ENTRIES]
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


def _member(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, _ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def write_year_archive(items: list[tuple[Office, Report]], year: int, path: Path, audit: dict) -> None:
    """``all-<year>.zip``: the year's reports as CSV (``reports-<year>.csv``, one line per
    table row under :data:`CSV_COLUMNS`) and JSON (``reports-<year>.json``, the per-report
    JSON documents), their offices (``offices.csv``: each name once) and quality findings
    (``audit-<year>.csv``).
    ZIP, not gzip: Windows opens it without other software, and GitHub Pages serves it as
    the download it is. Written member by member, report by report."""
    reports = [(office, report) for office, report in items if report.year == year]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open(_member(f"reports-{year}.csv"), "w", force_zip64=True) as raw:
            stream = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            writer = _csv_writer(stream)
            for office, report in reports:
                writer.writerows(table_rows(office, report))
            stream.flush()
            stream.detach()
        with archive.open(_member(f"reports-{year}.json"), "w", force_zip64=True) as raw:
            raw.write(f'{{"year":{year},"reports":['.encode())
            for index, (office, report) in enumerate(reports):
                findings = audit.get((office.id, report.year), [])
                document = {**report_document(office, report), "audit": [finding_record(f) for f in findings]}
                raw.write(("," if index else "").encode() + dumps(document).rstrip("\n").encode("utf-8"))
            raw.write(b"]}\n")
        offices = {office.id: office for office, _ in reports}
        lines = [{"机关目录名": o.id, "机关全称": o.name, "机关类型": o.kind} for _, o in sorted(offices.items())]
        archive.writestr(_member("offices.csv"), csv_bytes(lines, OFFICE_COLUMNS))
        findings = [
            line
            for office, report in reports
            for line in audit_rows(office, report, audit.get((office.id, report.year), []))
        ]
        archive.writestr(_member(f"audit-{year}.csv"), csv_bytes(findings, AUDIT_COLUMNS))


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
    ``audit`` ((office id, year) → quality findings) adds them to each report's JSON."""
    audit = audit or {}
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    if reports:
        for office, report in items:
            findings = audit.get((office.id, report.year), [])
            document = dumps({**report_document(office, report), "audit": [finding_record(f) for f in findings]})
            (data / office.id).mkdir(exist_ok=True)
            (data / office.id / f"{report.year}.json").write_text(document, encoding="utf-8")
    if totals:
        for year in sorted({report.year for _, report in items}):
            write_year_archive(items, year, out / ARCHIVE.format(year=year), audit)
        write_workbook(items, out / WORKBOOK)
        (out / FEED).write_bytes(feed_bytes(items, site_url))
