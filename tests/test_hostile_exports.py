"""Downloads written from hostile data: no cell a spreadsheet would run as a formula, and an
Atom feed that stays well-formed XML whatever a note contains."""

from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import replace

import openpyxl
import pytest
from builders import report_data, write_office, write_report
from nianbao.build.site import write_downloads
from nianbao.catalog import load_catalog
from nianbao.data.model import Correction
from nianbao.outputs.exports import feed_bytes, neutral_text, value_columns, xml_text

FORMULAS = ["=1+2合成测试机关", "+1+2合成测试机关", "-1+2合成测试机关", "@SUM(1)合成测试机关"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("formulas")
    data = root / "data"
    for index, name in enumerate(FORMULAS):
        write_office(data, f"office-{index}", name=name)
        write_report(data, f"office-{index}", report_data(2023, requests__carried_over__total=0))
    catalog = load_catalog(data, root, today=dt.date(2026, 11, 29))
    assert catalog.problems.errors == []
    write_downloads(catalog, root / "site")
    return root / "site"


@pytest.mark.parametrize("text", ["=1", "+1", "-1", "@a", "\t1", "\r1"])
def test_text_that_starts_like_a_formula_is_neutralised(text):
    assert neutral_text(text) == "'" + text


@pytest.mark.parametrize("text", ["合成测试机关", "1+1", "a=b", ""])
def test_other_text_is_left_alone(text):
    assert neutral_text(text) == text


def test_csv_text_columns_are_neutralised_and_numbers_stay_numbers(site):
    with zipfile.ZipFile(site / "data" / "all-2023.zip") as archive:
        offices = list(csv.DictReader(io.StringIO(archive.read("offices.csv").decode("utf-8-sig"))))
        lines = archive.read("reports-2023.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(lines)))
    assert sorted(row["机关全称"] for row in offices) == sorted("'" + name for name in FORMULAS)
    values = {row[label] for row in rows for label in value_columns()} - {""}
    assert values == {"0"}
    assert "合成测试机关" not in lines  # the name is written in offices.csv only


def test_workbook_writes_names_as_text(site):
    book = openpyxl.load_workbook(site / "data" / "nianbao.xlsx")
    for sheet in book.worksheets:
        names = [row[0] for row in sheet.iter_rows(min_row=3)]
        assert sorted(cell.value for cell in names) == sorted(FORMULAS)
        assert {cell.data_type for cell in names} == {"s"}
        assert {
            cell.data_type for row in sheet.iter_rows(min_row=3, min_col=3) for cell in row if cell.value is not None
        } == {"n"}


def test_feed_stays_well_formed_whatever_a_note_contains(site, tmp_path):
    data = tmp_path / "data"
    write_office(data, "notes", name="合成测试机关")
    write_report(data, "notes", report_data(2023, requests__carried_over__total=0))
    catalog = load_catalog(data, tmp_path, today=dt.date(2026, 11, 29))
    office, report = catalog.offices["notes"], catalog.reports[0]
    note = "]]><!-- <entry>&amp; &#0; \x00\x01\x08\x0b\x1f \ud800 \ufffe \u202e 更正"
    report = replace(report, corrections=(Correction(dt.date(2025, 2, 1), note),))
    office = replace(office, name="合成测试\x0c机关")
    root = ET.fromstring(feed_bytes([(office, report)], ""))
    summary = root.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}summary").text
    assert summary.endswith(
        "2025-02-01 更正：]]><!-- <entry>&amp; &#0; \ufffd\ufffd\ufffd\ufffd\ufffd \ufffd \ufffd \u202e 更正"
    )
    assert xml_text("合成测试\x0c机关") == "合成测试\ufffd机关"


def test_text_in_any_column_is_neutralised_but_signed_numbers_are_not():
    """Text is neutralised in whatever column it stands (the audit CSV quotes narrative),
    while a signed count (-3) or an amount stays a number."""
    from nianbao.outputs.exports import AUDIT_COLUMNS, _csv_writer

    out = io.StringIO()
    writer = _csv_writer(out, AUDIT_COLUMNS)
    for value in ('=HYPERLINK("x")合成测试', "-3", "12.39205", "-2+3合成测试"):
        writer.writerow({column: "" for column in AUDIT_COLUMNS} | {"原文": value})
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [row["原文"] for row in rows] == ['\'=HYPERLINK("x")合成测试', "-3", "12.39205", "'-2+3合成测试"]
