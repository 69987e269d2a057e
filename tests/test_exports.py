"""Downloads carry exactly the data's numbers: JSON, CSV, XLSX, and the Atom feed."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import feedparser
import openpyxl
import pytest
from building import downloads_in_child, other_hash_seed
from nianbao.build.site import write_downloads
from nianbao.catalog import load_catalog
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


@pytest.mark.parametrize("key, sample", sorted(SAMPLE_REPORTS.items()))
def test_report_csv_equals_the_hand_checked_numbers(files, key, sample):
    office, year = key
    rows = read_csv(files[f"data/{office}/{year}.csv"])
    shown = {}
    for row in rows:
        if row["table"] == "audit":
            continue  # quality findings (tests/test_audit.py), not cells
        value = row["value"] + (row["unit"] if row["table"] == "active.item9" and row["column"] == "amount" else "")
        shown[(row["table"], row["row"], row["column"])] = value
        assert row["reported"] == "1" and row["office"] == office and row["year"] == str(year)
    assert shown == expected_cells(sample)


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
    assert '"value": 73802895.90,' in text
    assert '"amount": 12.39205' in files["data/penghou-jiedao/2024.json"].decode("utf-8")


def test_all_csv_is_every_report(files):
    rows = read_csv(files["data/all.csv"])
    per_report = sum(len(read_csv(files[f"data/{o}/{y}.csv"])) for o, y in SAMPLE_REPORTS)
    assert len(rows) == per_report
    assert {(r["office"], r["year"]) for r in rows} == {(o, str(y)) for o, y in SAMPLE_REPORTS}
    assert json.loads(files["data/all.json"])["reports"][0]["office"]["id"] == "penghou-jiedao"


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


def test_exports_are_reproducible(root, files, tmp_path):
    """Written here and in a child process with another hash seed (an order taken from a
    set would differ)."""
    assert downloads_in_child(root, tmp_path, other_hash_seed()) == files
