"""Holes a new user found in validation (issue 22): each test here failed before its fix."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from builders import consistent_requests, report_data, write_office, write_report
from nianbao.catalog import load_catalog
from nianbao.views.pages import plan_pages
from nianbao.views.render import PageRenderer

TODAY = dt.date(2026, 11, 29)
TEMPLATES = Path(__file__).resolve().parents[1] / "overrides" / "portal"


def _catalog(tmp_path: Path):
    return load_catalog(tmp_path / "data", tmp_path, today=TODAY)


def _messages(tmp_path: Path, file: str) -> list[str]:
    return [p.format_text() for p in _catalog(tmp_path).problems.sorted() if p.file == file]


def _page(tmp_path: Path, url: str) -> str:
    catalog = _catalog(tmp_path)
    page = next(p for p in plan_pages(catalog) if p.url == url)
    return PageRenderer(TEMPLATES).render(page)


def test_an_acknowledged_reason_is_shown_once_on_the_report_page(tmp_path):
    data = tmp_path / "data"
    write_office(data, "dong")
    # Last year carried 2 requests forward; this year's 上年结转 says 0 in two columns (X1 twice).
    write_report(data, "dong", consistent_requests(report_data(2023), granted=1, unable=0, carried_forward=2))
    this = report_data(2024)
    this["acknowledged"] = [{"rule": "X1", "reason": "合成测试：机构改革，结转的申请移交新机关"}]
    write_report(data, "dong", consistent_requests(this, granted=1, unable=0))
    problems = [p for p in _catalog(tmp_path).problems.sorted() if p.file == "data/dong/2024.yml"]
    assert [(p.key, p.rule, p.severity) for p in problems] == [
        ("requests.carried_over.natural_person", "X1", "notice"),
        ("requests.carried_over.total", "X1", "notice"),
    ]
    page = _page(tmp_path, "offices/dong/2024/")
    assert page.count("合成测试：机构改革，结转的申请移交新机关") == 1
    assert "本机关对校验警告的说明" in page


def test_leftovers_copied_from_last_year_are_errors(tmp_path):
    """Copy 2023.yml to 2024.yml, set origin: new, delete source, keep the rest (the issue's steps)."""
    data = tmp_path / "data"
    write_office(data, "dong")
    last = report_data(2023, origin="published")
    last["notes"] = ["合成测试：表三按原文照录"]
    last["acknowledged"] = [{"rule": "X1", "reason": "合成测试：机构改革"}]
    last["corrections"] = [{"date": dt.date(2024, 6, 1), "note": "合成测试：更正了表三"}]
    last["import_problems"] = ["合成测试：表四未读出"]
    write_report(data, "dong", last)
    this = {**last, "year": 2024, "origin": "new", "published": dt.date(2025, 1, 20)}
    del this["source"]
    write_report(data, "dong", this)
    found = [
        (p.key, p.rule, p.severity) for p in _catalog(tmp_path).problems.sorted() if p.file == "data/dong/2024.yml"
    ]
    assert sorted(found) == [
        ("acknowledged", "D6", "error"),
        ("corrections", "D6", "error"),
        ("import_problems", "I1", "error"),
        ("notes", "D6", "error"),
    ]
    messages = "\n".join(_messages(tmp_path, "data/dong/2024.yml"))
    assert "编者说明 notes 中有 1 条与 2023 年度报告的相同（「合成测试：表三按原文照录」）" in messages
    assert "acknowledged 中 X1 的原因与 2023 年度报告的一字不差" in messages


def test_every_warning_ends_with_how_to_acknowledge_it_quality_warnings_too(tmp_path):
    data = tmp_path / "data"
    write_office(data, "dong")
    report = report_data(2024)
    report["sections"]["problems"] = "无"  # Q4 (and Q5): 「五」 has nothing in it
    report["sections"]["other"] = "无"  # Q6: the fee is not mentioned
    write_report(data, "dong", report)
    warnings = _catalog(tmp_path).problems.warnings
    assert {p.rule for p in warnings} >= {"Q4", "Q6"}
    for p in warnings:
        hint = f"如核对无误、确有原因，请在文件中写明原因：acknowledged: [{{rule: {p.rule}, reason: 原因}}]"
        assert p.message.endswith(hint), p.message


def test_audit_marks_acknowledged_findings(tmp_path, capsys, monkeypatch):
    from nianbao.staff.cli import main

    data = tmp_path / "data"
    write_office(data, "dong")
    report = report_data(2024)
    report["sections"]["other"] = "无"  # Q6: the fee is not mentioned
    report["acknowledged"] = [{"rule": "Q6", "reason": "合成测试：本机关从未收费"}]
    write_report(data, "dong", report)
    (tmp_path / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["audit"]) == 0
    out, err = capsys.readouterr()
    q6 = [line for line in out.splitlines() if "（Q6）" in line]
    assert len(q6) == 1 and q6[0].endswith("（Q6）（已说明：合成测试：本机关从未收费）")
    assert "其中 1 条已在 acknowledged 中说明原因" in err
    assert main(["audit", "--format", "json"]) == 0
    records = {r["rule"]: r for r in json.loads(capsys.readouterr().out)}
    assert records["Q6"]["acknowledged"] == "合成测试：本机关从未收费"
