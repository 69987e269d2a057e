"""Rules across years and offices, on small data sets written by the tests."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import report_data, value_at, write_office, write_report
from nianbao.catalog import load_catalog
from nianbao.checks.rules import REGISTRY

TODAY = dt.date(2026, 11, 29)


def problems(tmp_path, **kwargs):
    catalog = load_catalog(tmp_path / "data", tmp_path, today=TODAY, **kwargs)
    return [(p.severity, p.format_text()) for p in catalog.problems.sorted()]


def carry(requests: dict, row: str, column: str, value: int) -> None:
    requests[row][column] = value


def test_a_consistent_report_has_no_problem(tmp_path):
    write_office(tmp_path / "data", "dept")
    write_report(tmp_path / "data", "dept", report_data(2024))
    assert problems(tmp_path) == []


def test_carry_over_must_match_last_year(tmp_path):
    data = tmp_path / "data"
    write_office(data, "dept")
    last = report_data(2023)
    for row in ("carried_forward",):
        last["requests"][row]["natural_person"] = 2
        last["requests"][row]["total"] = 2
    last["requests"]["new"]["natural_person"] = 2
    last["requests"]["new"]["total"] = 2
    write_report(data, "dept", last)
    this = report_data(2024)
    this["requests"]["carried_over"]["natural_person"] = 1
    this["requests"]["carried_over"]["total"] = 1
    this["requests"]["carried_forward"]["natural_person"] = 1
    this["requests"]["carried_forward"]["total"] = 1
    path = write_report(data, "dept", this)
    assert problems(tmp_path) == [
        (
            "warning",
            f"data/dept/2024.yml:{value_at(path, 'carried_over:', 'natural_person')} requests.carried_over.natural_person: [警告] 「自然人」列的上年结转为 1，但 2023 年报告的结转下年度继续办理为 2。如核对无误、确有原因，请在文件中写明原因：acknowledged: [{{rule: X1, reason: 原因}}]（X1）",
        ),
        (
            "warning",
            f"data/dept/2024.yml:{value_at(path, 'carried_over:', 'total')} requests.carried_over.total: [警告] 「总计」列的上年结转为 1，但 2023 年报告的结转下年度继续办理为 2。如核对无误、确有原因，请在文件中写明原因：acknowledged: [{{rule: X1, reason: 原因}}]（X1）",
        ),
    ]


def test_in_force_documents_continue_across_years(tmp_path):
    data = tmp_path / "data"
    write_office(data, "dept")
    last = report_data(2023)
    last["active"]["item1"]["normative_docs"] = {"issued": 5, "repealed": 0, "in_force": 40}
    write_report(data, "dept", last)
    this = report_data(2024)
    this["active"]["item1"]["normative_docs"] = {"issued": 3, "repealed": 1, "in_force": 45}
    path = write_report(data, "dept", this)
    assert problems(tmp_path) == [
        (
            "warning",
            f"data/dept/2024.yml:{value_at(path, 'normative_docs:', 'in_force')} active.item1.normative_docs.in_force: [警告] 「行政规范性文件」现行有效件数为 45，但按上年 40 + 本年制发 3 − 本年废止 1 应为 42。如核对无误、确有原因，请在文件中写明原因：acknowledged: [{{rule: X2, reason: 原因}}]（X2）",
        ),
    ]


def test_in_force_is_not_compared_with_a_2019_table(tmp_path):
    data = tmp_path / "data"
    write_office(data, "dept")
    write_report(data, "dept", report_data(2020, version=2019))
    this = report_data(2021)
    this["active"]["item1"]["normative_docs"]["in_force"] = 7
    this["active"]["item1"]["normative_docs"]["issued"] = 7
    write_report(data, "dept", this)
    assert problems(tmp_path) == []


@pytest.mark.parametrize(
    "kind, published, expected",
    [
        ("政府部门", dt.date(2025, 1, 31), []),
        (
            "政府部门",
            dt.date(2025, 2, 1),
            [
                "data/dept/2024.yml:5:12 published: [说明] 发布日期 2025-02-01 晚于法定期限 2025-01-31（政府部门），逾期 1 天（D5）"
            ],
        ),
        ("人民政府", dt.date(2025, 3, 31), []),
        (
            "人民政府",
            dt.date(2025, 4, 2),
            [
                "data/dept/2024.yml:5:12 published: [说明] 发布日期 2025-04-02 晚于法定期限 2025-03-31（人民政府），逾期 2 天（D5）"
            ],
        ),
        ("街道办事处", dt.date(2025, 12, 1), []),  # no statutory deadline, none set by this portal
    ],
)
def test_statutory_deadline(tmp_path, kind, published, expected):
    write_office(tmp_path / "data", "dept", kind=kind)
    write_report(tmp_path / "data", "dept", report_data(2024, published=published))
    assert [text for _, text in problems(tmp_path)] == expected


def test_portal_sets_the_deadline_of_street_offices(tmp_path):
    write_office(tmp_path / "data", "dept", kind="街道办事处")
    (tmp_path / "data" / "portal.yml").write_text("deadlines:\n  街道办事处: 02-28\n", encoding="utf-8")
    write_report(tmp_path / "data", "dept", report_data(2024, published=dt.date(2025, 3, 1)))
    assert [text for _, text in problems(tmp_path)] == [
        "data/dept/2024.yml:5:12 published: [说明] 发布日期 2025-03-01 晚于法定期限 2025-02-28（街道办事处），逾期 1 天（D5）"
    ]


def test_portal_setting_is_checked(tmp_path):
    write_office(tmp_path / "data", "dept")
    (tmp_path / "data" / "portal.yml").write_text("deadlines:\n  街道办事处: 3月31日\n", encoding="utf-8")
    assert [text for _, text in problems(tmp_path)] == [
        "data/portal.yml:2:10 deadlines.街道办事处: [错误] 应为次年的月-日（如 03-31），但写成了「3月31日」"
    ]


def test_report_year_not_ended(tmp_path):
    write_office(tmp_path / "data", "dept")
    write_report(tmp_path / "data", "dept", report_data(2026, published=dt.date(2026, 11, 1)))
    assert [text for _, text in problems(tmp_path)] == [
        "data/dept/2026.yml:3:7 year: [错误] 报告年度为 2026，但该年度尚未结束（今天是 2026-11-29）；报告年度应在 2019 至 2025 之间（D1）",
        "data/dept/2026.yml:5:12 published: [错误] 发布日期为 2026-11-01，但应在 2026 年度结束之后（2027 年）（D2）",
    ]


def test_missing_office_file_and_unknown_parent(tmp_path):
    data = tmp_path / "data"
    (data / "lonely").mkdir(parents=True)
    write_report(data, "lonely", report_data(2024))
    office = write_office(data, "child", parent="nowhere") / "office.yml"
    assert [text for _, text in problems(tmp_path)] == [
        f"data/child/office.yml:{value_at(office, 'parent:', 'parent')} parent: [错误] 上级机关「nowhere」不在本门户的 data/ 目录中；请写目录名，或删去此项（O2）",
        "data/lonely/office.yml: [错误] 缺少机关信息文件 office.yml；可用 nianbao new-office 生成（O3）",
    ]


def test_office_years_bound_the_reports(tmp_path):
    write_office(tmp_path / "data", "dept", first_year=2022)
    write_report(tmp_path / "data", "dept", report_data(2021))
    assert [text for _, text in problems(tmp_path)] == [
        "data/dept/2021.yml:3:7 year: [警告] 报告年度 2021 早于 office.yml 中的首个报告年度 first_year: 2022。如核对无误、确有原因，请在文件中写明原因：acknowledged: [{rule: O1, reason: 原因}]（O1）"
    ]


def test_bad_file_and_folder_names(tmp_path):
    data = tmp_path / "data"
    write_office(data, "dept")
    (data / "dept" / "report-2024.yml").write_text("year: 2024\n", encoding="utf-8")
    (data / "Bad Name").mkdir()
    assert [text for _, text in problems(tmp_path)] == [
        "data/Bad Name: [错误] 目录名「Bad Name」只能由小写字母、数字和连字符组成（如 penghou-jiedao），它会成为网址的一部分",
        "data/dept/report-2024.yml: [错误] 文件名应为「四位年度.yml」（如 2024.yml），但这里是「report-2024.yml」",
    ]


def test_problems_of_other_files_can_be_left_out(tmp_path):
    data = tmp_path / "data"
    write_office(data, "a")
    write_office(data, "b")
    write_report(data, "a", report_data(2024, published=dt.date(2024, 6, 1)))
    path = write_report(data, "b", report_data(2024, published=dt.date(2024, 6, 1)))
    assert [text.split(":")[0] for _, text in problems(tmp_path, only={path})] == ["data/b/2024.yml"]


def test_published_report_keeps_its_numbers_with_notices(tmp_path):
    write_office(tmp_path / "data", "dept")
    data = report_data(2024, origin="published")
    data["requests"]["new"]["natural_person"] = 1
    write_report(tmp_path / "data", "dept", data)
    found = problems(tmp_path)
    assert {severity for severity, _ in found} == {"notice"}
    assert [text.rsplit("（", 1)[1] for _, text in found] == ["R3.1）", "R3.2）"]


def test_a_new_report_carries_nothing_of_last_years_record(tmp_path):
    """What a hand copy of last year's file brings along: its source and its corrections."""
    write_office(tmp_path / "data", "dept")
    data = report_data(2024)
    data["source"] = {"title": "合成测试机关2023年政府信息公开工作年度报告"}
    data["corrections"] = [{"date": dt.date(2024, 2, 1), "note": "2023 年度报告的更正。"}]
    path = write_report(tmp_path / "data", "dept", data)
    assert [text for _, text in problems(tmp_path)] == [
        f"data/dept/2024.yml:{value_at(path, 'title:', 'title').split(':')[0]}:3 source: [错误] 新填报的报告（origin: new）不应有原文出处 source，"
        "页面会把它显示在「本门户填报」旁；如是从上一年度的文件复制来的，请删去（D6）",
        f"data/dept/2024.yml:{int(value_at(path, 'note:', 'note').split(':')[0]) - 1}:3 corrections: [错误] 更正日期 2024-02-01 早于本报告的发布日期 2025-01-20；"
        "如是从上一年度的文件复制来的更正记录，请删去（D6）",
    ]


def test_a_new_report_must_fill_in_its_publication_date(tmp_path):
    write_office(tmp_path / "data", "dept")
    data = report_data(2024)
    data["published"] = None  # what `nianbao new` writes, with draft: true removed
    write_report(tmp_path / "data", "dept", data)
    assert [text for _, text in problems(tmp_path)] == [
        "data/dept/2024.yml:5:12 published: [错误] 发布日期「published」还没有填写；尚未发布的报告请写 draft: true（D3）"
    ]


def test_every_rule_has_an_id_title_and_severity():
    ids = [r.id for r in REGISTRY]
    assert len(ids) == len(set(ids))
    assert {
        "R3.1",
        "R3.2",
        "R3.3",
        "R4",
        "X1",
        "X2",
        "D1",
        "D2",
        "D3",
        "D4",
        "D5",
        "D6",
        "O1",
        "N1",
        "N2",
        "N3",
        "V1",
        "S1",
        "I1",
    } == set(ids)
    assert all(r.title and r.severity in ("error", "warning", "notice") for r in REGISTRY)


def test_a_warning_with_a_reason_does_not_block(tmp_path):
    data = tmp_path / "data"
    write_office(data, "dept")
    last = report_data(2023)
    for row in ("new", "carried_forward"):
        last["requests"][row]["natural_person"] = 2
        last["requests"][row]["total"] = 2
    write_report(data, "dept", last)
    this = report_data(2024)
    this["acknowledged"] = [{"rule": "X1", "reason": "2024年机构改革，上年结转的申请移交新设机关办理"}]
    write_report(data, "dept", this)
    found = problems(tmp_path)
    assert [severity for severity, _ in found] == ["notice", "notice"]
    assert found[0][1].endswith(
        "「自然人」列的上年结转为 0，但 2023 年报告的结转下年度继续办理为 2（已说明：2024年机构改革，上年结转的申请移交新设机关办理）（X1）"
    )


def test_only_warnings_can_be_acknowledged(tmp_path):
    write_office(tmp_path / "data", "dept")
    this = report_data(2024)
    this["acknowledged"] = [{"rule": "R3.3", "reason": "原文如此"}]
    path = write_report(tmp_path / "data", "dept", this)
    assert [text for _, text in problems(tmp_path)] == [
        f"data/dept/2024.yml:{value_at(path, '- rule:', 'rule')} acknowledged[0].rule: [错误] 应为以下之一：N1、O1、X1、X2、Q1、Q2、Q3、Q4、Q5、Q6、Q7、Q8；但写成了「R3.3」"
    ]
