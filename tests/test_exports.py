"""Downloads carry exactly the data's numbers: JSON, CSV, the yearly ZIP archives, XLSX, and the Atom feed."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from decimal import Decimal

import feedparser
import openpyxl
import pytest
from building import downloads_in_child, other_hash_seed
from nianbao.build.site import write_downloads
from nianbao.catalog import load_catalog
from nianbao.formats import table_def, table_ids
from samples import SAMPLE_REPORTS, expected_cells


def written(root, out) -> dict[str, bytes]:
    write_downloads(load_catalog(root / "data", root), out)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def files(root, tmp_path_factory):
    return written(root, tmp_path_factory.mktemp("downloads"))


def read_csv(data: bytes) -> list[dict]:
    assert data.startswith("\ufeff".encode("utf-8")), "CSV 应带 BOM，中文版 Excel 才能正确打开"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def csv_cells(rows: list[dict]) -> dict[tuple[str, str, str], str]:
    """(table id, row key, column key) → text, from lines of one table row each: the line's
    ``行代码`` is the table id and row key, its columns the table's column labels."""
    cells = {}
    for row in rows:
        table_id = max((t for t in table_ids() if row["行代码"].startswith(t + ".")), key=len)
        definition = table_def(table_id, int(row["格式版本"]))
        for column in definition.columns:
            cells[(table_id, row["行代码"][len(table_id) + 1 :], column.key)] = row[column.label]
    return cells


def year_csv(files, year: int) -> list[dict]:
    return read_csv(archive(files[f"data/all-{year}.zip"])[f"reports-{year}.csv"])


@pytest.mark.parametrize("key, sample", sorted(SAMPLE_REPORTS.items()))
def test_report_csv_equals_the_hand_checked_numbers(files, key, sample):
    office, year = key
    rows = [row for row in year_csv(files, year) if row["机关目录名"] == office]
    assert {row["年度"] for row in rows} == {str(year)}
    assert csv_cells(rows) == expected_cells(sample)
    # One line per table row, none twice: as many lines as the hand-checked rows.
    assert len(rows) == len({(table, row) for table, row, _ in expected_cells(sample)})


def test_csv_has_chinese_headers_one_line_per_table_row_and_no_repeated_office_name(files):
    data = archive(files["data/all-2023.zip"])["reports-2023.csv"]
    rows = [row for row in read_csv(data) if row["机关目录名"] == "pingtan"]
    assert list(rows[0])[:6] == ["机关目录名", "年度", "表格", "格式版本", "行代码", "项目"]
    assert {"自然人", "总计", "结果维持", "本年制发件数"} <= set(rows[0])
    requests = [row for row in rows if row["行代码"].startswith("requests.")]
    assert [row["项目"] for row in requests[:2]] == [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
    ]
    assert requests[0]["总计"] == "81" and requests[0]["结果维持"] == ""  # another table's column stays empty
    assert [row["项目"] for row in rows if row["表格"] == "表四"] == ["行政复议", "未经复议直接起诉", "复议后起诉"]
    assert "平潭综合实验区".encode() not in data  # the office's name is in offices.csv, once


def test_a_report_has_its_json_and_no_csv_of_its_own(files):
    """Issue 20: a report's lines are in its year's archive; the JSON is the static API."""
    own = sorted(k for k in files if k.count("/") == 2)
    assert own == sorted(f"data/{office}/{year}.json" for office, year in SAMPLE_REPORTS)


@pytest.mark.parametrize("key, sample", sorted(SAMPLE_REPORTS.items()))
def test_report_json_equals_the_hand_checked_numbers(files, key, sample):
    office, year = key
    document = json.loads(files[f"data/{office}/{year}.json"], parse_float=Decimal)
    shown = {}
    for table_id, table in document["tables"].items():

        def walk(prefix, node, table_id=table_id):
            for name, value in node.items():
                if name in ("version", "name", "caption"):
                    continue
                first = next(iter(value.values()))
                if isinstance(first, dict) and "unit" not in first:
                    walk(f"{prefix}{name}.", value, table_id)
                else:
                    for column, cell in value.items():
                        text = f"{cell['value']}{cell['unit']}" if isinstance(cell, dict) else str(cell)
                        shown[(table_id, f"{prefix}{name}", column)] = text

        walk("", table)
    assert shown == expected_cells(sample)
    assert document["page"] == f"/offices/{office}/{year}/"


def test_decimals_keep_their_digits(files):
    text = files["data/pingtan/2020.json"].decode("utf-8")
    assert '"value":73802895.90,' in text
    assert '"amount":12.39205' in files["data/penghou-jiedao/2024.json"].decode("utf-8")


def archive(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zipped:
        return {name: zipped.read(name) for name in zipped.namelist()}


def test_yearly_archives_hold_every_report(files):
    years = sorted({year for _, year in SAMPLE_REPORTS})
    assert sorted(k for k in files if k.startswith("data/all")) == [f"data/all-{year}.zip" for year in years]
    for year in years:
        members = archive(files[f"data/all-{year}.zip"])
        assert sorted(members) == sorted(
            [f"reports-{year}.csv", f"reports-{year}.json", "offices.csv", f"audit-{year}.csv"]
        )
        mine = sorted(office for office, y in SAMPLE_REPORTS if y == year)
        lines = read_csv(members[f"reports-{year}.csv"])
        assert {line["年度"] for line in lines} == {str(year)}
        # Report by report, in order, each with one line per row of its tables.
        rows = {o: len({(t, r) for t, r, _ in expected_cells(SAMPLE_REPORTS[(o, year)])}) for o in mine}
        assert [line["机关目录名"] for line in lines] == [o for o in mine for _ in range(rows[o])]
        reports = json.loads(members[f"reports-{year}.json"], parse_float=Decimal)["reports"]
        assert [r["office"]["id"] for r in reports] == mine
        assert reports == [json.loads(files[f"data/{o}/{year}.json"], parse_float=Decimal) for o in mine]
        offices = read_csv(members["offices.csv"])
        assert [o["机关目录名"] for o in offices] == mine
    names = {o["机关目录名"]: o["机关全称"] for o in read_csv(archive(files["data/all-2024.zip"])["offices.csv"])}
    assert names == {"penghou-jiedao": "彭后街道办事处"}


def test_archives_are_reproducible_zip_members(files):
    with zipfile.ZipFile(io.BytesIO(files["data/all-2020.zip"])) as zipped:
        assert {info.date_time for info in zipped.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        assert {info.compress_type for info in zipped.infolist()} == {zipfile.ZIP_DEFLATED}


def test_workbook_has_a_sheet_per_table_version_and_the_numbers(files):
    book = openpyxl.load_workbook(io.BytesIO(files["data/nianbao.xlsx"]))
    assert "表三（2019版）" in book.sheetnames and "表三（2021版）" in book.sheetnames
    assert "表二第二十条第（八）项（2021版）" in book.sheetnames
    sheet = book["表二第二十条第（八）项（2021版）"]
    rows = {r[1]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["penghou-jiedao"][3] == float(Decimal("12.39205"))
    assert rows["pingtan"][3] == float(Decimal("5949.088667"))
    formats = {sheet.cell(row=i, column=4).number_format for i in range(3, 5)}
    assert formats == {"0.00000", "0.000000"}
    requests = book["表三（2021版）"]
    header = [c.value for c in requests[1]], [c.value for c in requests[2]]
    at = next(
        i
        for i, (r, c) in enumerate(zip(*header, strict=False))
        if r == "一、本年新收政府信息公开申请数量" and c == "总计"
    )
    pingtan = next(r for r in requests.iter_rows(min_row=3, values_only=True) if r[1] == "pingtan")
    assert pingtan[at] == 81


def test_feed_is_valid_atom_newest_first(files):
    feed = feedparser.parse(files["data/feed.xml"])
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert [e.id for e in feed.entries] == [
        "urn:nianbao:report:penghou-jiedao:2024",
        "urn:nianbao:report:pingtan:2023",
        "urn:nianbao:report:pingtan:2020",
    ]
    for entry in feed.entries:  # RFC 4287 §4.1.2: id, title, updated; an author somewhere
        assert entry.id and entry.title and entry.updated and entry.author
    assert feed.entries[0].link == "../offices/penghou-jiedao/2024/"
    assert feed.feed.updated == "2025-01-20T00:00:00+08:00"


def test_feed_lists_the_newest_reports_only(tmp_path):
    """Feed readers fetch the whole file each time: it holds the newest FEED_ENTRIES reports
    (by publication or correction), not one entry per report ever published (issue 20)."""
    from nianbao.outputs.exports import feed_bytes
    from nianbao.views.pages import published_reports
    from nianbao.views.planned import FEED_ENTRIES
    from synthetic_data import synthetic_data

    catalog = load_catalog(synthetic_data(tmp_path / "data", FEED_ENTRIES + 30), tmp_path)
    items = published_reports(catalog)
    assert len(items) > FEED_ENTRIES + 20
    feed = feedparser.parse(feed_bytes(items, "https://portal.invalid/"))
    assert feed.bozo == 0, feed.get("bozo_exception")
    dates = sorted(max(d for d in [r.published, *(c.date for c in r.corrections)] if d) for _, r in items)
    shown = [entry.updated[:10] for entry in feed.entries]
    assert len(shown) == FEED_ENTRIES
    assert shown == sorted(shown, reverse=True)
    assert shown[-1] == dates[-FEED_ENTRIES].isoformat()  # nothing newer is left out
    assert min(shown) >= dates[-FEED_ENTRIES].isoformat()


def test_exports_are_reproducible(root, files, tmp_path):
    """Written here and in a child process with another hash seed (an order taken from a
    set would differ)."""
    assert downloads_in_child(root, tmp_path, other_hash_seed()) == files
