"""The quality audit (nianbao.checks.audit): no false alarm on the real reports, and the real kinds
of mismatch found in constructed cases. Offices named 「合成测试…」 and the sentences below
are synthetic; the real reports are data/ and the samples' hand-checked extractions."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
import yaml
from builders import report_data, write_office, write_report
from building import copy_portal
from nianbao.build.site import build_sources, write_downloads
from nianbao.catalog import load_catalog
from nianbao.checks.audit import AuditContext, run_audit
from nianbao.checks.audit.copying import THRESHOLD, copied_share, section_shares
from nianbao.checks.audit.figures import stated_figures
from nianbao.staff.cli import main
from paths import ROOT, SAMPLES


def findings_of(catalog, office: str, year: int) -> list[tuple[str, str]]:
    return [(f.rule, f.message) for f in catalog.audit[(office, year)]]


@pytest.fixture(scope="module")
def real(root):
    return load_catalog(root / "data", root)


# ---------------------------------------------------------------- the real reports


def test_real_reports_text_agrees_with_their_tables(real):
    """Every figure the real narratives state that a table also counts is read, and agrees:
    no text-against-table finding (the hand-checked samples list no such mismatch except the
    393 现行有效 documents of 平潭 2023, which count a cleared-up library, not the table's
    scope, and are deliberately not compared)."""
    by_key = {(r.office_id, r.year): r for r in real.reports}
    read = {key: [(s.figure.what, s.value, s.agrees) for s in stated_figures(r)] for key, r in by_key.items()}
    assert read[("penghou-jiedao", 2024)] == []  # its narrative states no such figure
    assert read[("pingtan", 2020)] == [("收到或办理的政府信息公开申请", 21, True)]
    assert read[("pingtan", 2023)] == [
        ("收到或办理的政府信息公开申请", 81, True),
        ("收到或办理的政府信息公开申请", 81, True),
        ("予以公开和部分公开的申请", 42, True),
        ("不予公开的申请", 5, True),
        ("无法提供的申请", 31, True),
        ("不予处理的申请", 1, True),
        ("其他处理的申请", 2, True),
        ("因政府信息公开被申请行政复议的案件", 2, True),
        ("因政府信息公开被提起行政诉讼的案件", 7, True),
        ("本年制发的行政规范性文件", 77, True),
    ]
    assert not [f for fs in real.audit.values() for f in fs if f.rule in ("Q1", "Q2", "Q3", "Q8")]


def test_real_reports_findings_are_each_true(real):
    """The only findings on the real reports, each checked by hand against the text:
    彭后 2024: 五 never mentions last year (「今年以来…」), and no word on 信息处理费 anywhere;
    平潭 2020 (a 人民政府): no 评议, no 追究/问责 in the whole text (考核 is there: 绩效考核评估);
    平潭 2023: 五 speaks of 2024 only; 考核 and 问责 are there (递进式效能问责), 评议 is not."""
    assert [r for r, _ in findings_of(real, "penghou-jiedao", 2024)] == ["Q5", "Q6"]
    assert findings_of(real, "pingtan", 2020) == [
        ("Q7", "人民政府的年度报告应包括工作考核、社会评议和责任追究结果情况，全文未见：社会评议、责任追究。")
    ]
    assert [r for r, _ in findings_of(real, "pingtan", 2023)] == ["Q5", "Q7"]


def test_hongze_sentence_agrees_with_its_table(tmp_path):
    """淮安市洪泽区 2023 (the PDF sample): 「受理政府信息公开申请21件，均在法定期限答复」 beside
    表三 一 新收 21, 七 总计 21 (numbers from the hand-checked extraction)."""
    expected = yaml.safe_load((SAMPLES / "hongze-2023.expected.yaml").read_text(encoding="utf-8"))
    new, total = expected["requests"]["new"]["total"], expected["requests"]["results"]["total"]["total"]
    data = report_data(2023, origin="published", requests__new__total=new, requests__results__total__total=total)
    data["sections"]["overview"] = "2023年，受理政府信息公开申请21件，均在法定期限答复。"
    write_office(tmp_path / "data", "hezuo", name="合成测试洪泽", kind="政府部门")
    write_report(tmp_path / "data", "hezuo", data)
    catalog = load_catalog(tmp_path / "data", tmp_path)
    report = catalog.reports[0]
    assert [(s.value, s.agrees) for s in stated_figures(report)] == [(21, True)]
    assert findings_of(catalog, "hezuo", 2023) == []


# ---------------------------------------------------------------- constructed cases


def audited(tmp_path, overview: str, *, kind: str = "政府部门", year: int = 2024, **tables):
    data = report_data(year, origin="published", **tables)
    data["sections"]["overview"] = overview
    write_office(tmp_path / "data", "synth", name="合成测试机关", kind=kind)
    write_report(tmp_path / "data", "synth", data)
    return load_catalog(tmp_path / "data", tmp_path).audit[("synth", year)]


def test_applications_that_match_no_reading_are_found(tmp_path):
    found = audited(tmp_path, "合成测试：全年共受理公开申请34件。", requests__new__total=32)
    assert [(f.rule, f.text_value, f.table_value, f.sentence) for f in found] == [
        ("Q1", 34, 32, "合成测试：全年共受理公开申请34件。")
    ]
    assert "本年新收 32" in found[0].message and "均不是 34" in found[0].message


def test_applications_received_may_include_last_years(tmp_path):
    """「收到申请75件」 is right when 新收 74 + 上年结转 1."""
    found = audited(
        tmp_path, "合成测试：依申请公开方面，收到申请75件。", requests__new__total=74, requests__carried_over__total=1
    )
    assert found == []


@pytest.mark.parametrize(
    "overview",
    [
        "合成测试：依申请公开方面，共收到申请32件，其中自然人申请30件。",  # a share of the whole
        "合成测试：依申请公开方面，收到当面申请5件。",  # one channel only
        "合成测试：依申请公开方面，2023年共受理申请50件。",  # another year
        "合成测试：依申请公开方面，受理申请数同比增加3件。",  # a change
        "合成测试：依申请公开方面，收到行政复议申请4件。",  # not a disclosure request
        "合成测试：依申请公开方面，全市共受理申请500件。",  # another scope
        "合成测试：依申请公开方面，全年受理行政许可申请1200件。",  # another kind of request
        "合成测试：全年收到申请40件。",  # no word that it is about disclosure requests
        "合成测试：全年办理行政复议案件120件，其中涉及政府信息公开的5件。",  # a 人民政府 as 复议机关
        "合成测试：依申请公开方面，收到申请３２件。",  # full-width digits, read and agreeing
    ],
)
def test_figures_that_are_not_the_total_are_left_alone(tmp_path, overview):
    assert audited(tmp_path, overview, requests__new__total=32) == []


def test_granted_and_partial_together(tmp_path):
    found = audited(
        tmp_path,
        "合成测试：依申请公开方面，予以公开及部分公开258件。",
        requests__results__granted__total=272,
        requests__results__partial__total=3,
    )
    assert [(f.rule, f.text_value, f.table_value) for f in found] == [("Q1", 258, 275)]


def test_a_blank_total_is_compared_through_the_sum_of_its_parts(tmp_path):
    """A real 2019 report printed 表三's 总计 blank on every detail row; its text said
    「予以公开及部分公开258件」 where the rows give 272 + 3. The finding says what it compared."""
    blank = {
        "requests__results__granted__natural_person": 270,
        "requests__results__granted__commercial": 2,
        "requests__results__granted__total": None,
        "requests__results__partial__natural_person": 3,
        "requests__results__partial__total": None,
    }
    found = audited(tmp_path, "合成测试：依申请公开方面，予以公开及部分公开258件。", **blank)
    assert [(f.rule, f.text_value, f.table_value) for f in found] == [("Q1", 258, 275)]
    assert "（一）予以公开与（二）部分公开之和（原表总计栏空白，此为各栏之和） 275" in found[0].message
    assert audited(tmp_path / "agrees", "合成测试：依申请公开方面，予以公开及部分公开275件。", **blank) == []


def test_all_upheld_beside_pending_cases(tmp_path):
    found = audited(
        tmp_path,
        "合成测试：因政府信息公开被申请行政复议7件，均获维持。",
        appeals__review__upheld=5,
        appeals__review__pending=2,
        appeals__review__total=7,
    )
    assert [(f.rule, f.message) for f in found] == [
        ("Q2", "正文写「均获维持」，表四行政复议为结果纠正 0、其他结果 0、尚未审结 2。")
    ]


def test_appeal_count_and_documents(tmp_path):
    found = audited(
        tmp_path,
        "合成测试：因政府信息公开引起的行政诉讼案件3件。全年制发行政规范性文件12件。",
        appeals__litigation__direct__total=1,
        appeals__litigation__direct__upheld=1,
        active__item1__normative_docs__issued=10,
    )
    assert [(f.rule, f.text_value, f.table_value) for f in found] == [("Q2", 3, 1), ("Q3", 12, 10)]


def test_required_content(tmp_path):
    data = report_data(2024, origin="published")
    data["sections"] = {"overview": "合成测试。", "problems": "无", "other": "无其他需要报告的事项。"}
    write_office(tmp_path / "data", "synth", name="合成测试区人民政府", kind="人民政府")
    write_report(tmp_path / "data", "synth", data)
    found = load_catalog(tmp_path / "data", tmp_path).audit[("synth", 2024)]
    assert [(f.rule, f.message) for f in found] == [
        ("Q4", "「五、存在的主要问题及改进情况」只写了「无」。"),
        ("Q6", "全文未提到信息处理费（《政府信息公开信息处理费管理办法》）。"),
        (
            "Q7",
            "人民政府的年度报告应包括工作考核、社会评议和责任追究结果情况，全文未见：工作考核、社会评议、责任追究。",
        ),
    ]


def test_checks_of_the_2021_notice_start_in_2021(tmp_path):
    data = report_data(2020, origin="published", version=2019)
    data["sections"]["problems"] = (
        "合成测试：本年度主要问题是栏目更新不及时，改进措施是建立每周检查制度，明确专人负责更新。"
    )
    data["sections"]["other"] = "无。"
    write_office(tmp_path / "data", "synth", name="合成测试机关")
    write_report(tmp_path / "data", "synth", data)
    assert load_catalog(tmp_path / "data", tmp_path).audit[("synth", 2020)] == []


# ---------------------------------------------------------------- copied text


def test_copy_threshold_sits_far_from_the_real_data(real):
    """Same office, sections written anew (平潭 2023 against 2020): a few per cent at most."""
    by_key = {(r.office_id, r.year): r for r in real.reports}
    shares = section_shares(by_key[("pingtan", 2023)], by_key[("pingtan", 2020)])
    assert shares["overview"] < 0.05 and shares["problems"] < 0.05
    assert max(shares.values()) < THRESHOLD / 10


def test_a_near_copy_is_found(real):
    """平潭 2020's 五 with a few words changed and the year updated."""
    by_key = {(r.office_id, r.year): r for r in real.reports}
    last = by_key[("pingtan", 2020)]
    text = (
        last.sections["problems"]
        .replace("2020", "2021")
        .replace("有待进一步提升", "仍需提升")
        .replace("四是加大统筹指导力度", "四是加强统筹指导")
    )
    assert copied_share(text, last.sections["problems"]) > 0.85
    this = type(last)(**{**vars(last), "year": 2021, "sections": {**last.sections, "problems": text}})
    found = run_audit(this, AuditContext(None, last))
    copied = {f.section: f.share for f in found if f.rule == "Q8"}
    assert 0.85 < copied["problems"] < 1  # (its 一 is last year's too, unchanged: 100 %)


def test_short_sections_are_not_compared(real):
    """「无其他需要报告的事项」 is the same every year by nature: too short to be compared."""
    by_key = {(r.office_id, r.year): r for r in real.reports}
    last = by_key[("pingtan", 2020)]
    this = type(last)(**{**vars(last), "year": 2021, "sections": {"other": last.sections["other"]}})
    assert copied_share(this.sections["other"], last.sections["other"]) == 1.0
    assert section_shares(this, last) == {}


# ---------------------------------------------------------------- where findings show


def two_years(tmp_path, origin: str = "published"):
    data = tmp_path / "data"
    write_office(data, "synth", name="合成测试机关")
    last = report_data(2023, origin="published", requests__new__total=30, requests__results__total__total=30)
    last["sections"]["overview"] = "合成测试：依申请公开方面，去年共受理申请30件。工作很好。\n\n二、没有问题。"
    write_report(data, "synth", last)
    this = report_data(2024, origin=origin, requests__new__total=32, requests__results__total__total=32)
    this["sections"]["overview"] = "合成测试：依申请公开方面，今年共受理申请34件。工作很好。\n\n二、没有问题。"
    return write_report(data, "synth", this)


def test_new_reports_get_warnings_that_can_be_acknowledged(tmp_path):
    path = two_years(tmp_path, origin="new")
    catalog = load_catalog(tmp_path / "data", tmp_path)
    q1 = [p for p in catalog.problems.sorted() if p.rule == "Q1"]
    assert [(p.severity, p.key) for p in q1] == [("warning", "sections.overview")]
    assert "原文：「合成测试：依申请公开方面，今年共受理申请34件。」" in q1[0].message
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "acknowledged:\n  - rule: Q1\n    reason: 合成测试：正文含下属单位\n", encoding="utf-8")
    q1 = [p for p in load_catalog(tmp_path / "data", tmp_path).problems.sorted() if p.rule == "Q1"]
    assert [(p.severity, p.message.endswith("（已说明：合成测试：正文含下属单位）")) for p in q1] == [("notice", True)]


def test_published_reports_get_no_validation_problem(tmp_path):
    two_years(tmp_path)
    catalog = load_catalog(tmp_path / "data", tmp_path)
    assert catalog.audit[("synth", 2024)] and not [p for p in catalog.problems.items if p.rule.startswith("Q")]


def test_pages_show_findings_and_what_changed(tmp_path):
    two_years(tmp_path)
    copy_portal(ROOT, tmp_path, ("overrides",))
    (tmp_path / "docs").mkdir()
    pages = build_sources(tmp_path, tmp_path / "docs").pages
    report = pages["offices/synth/2024.md"]
    assert "质量提示（1 条）" in report and "原文：「合成测试：依申请公开方面，今年共受理申请34件。」" in report
    assert '<a href="compare/">与上年对比</a>' in report
    assert '<a href="compare/">' not in pages["offices/synth/2023.md"]
    compare = pages["offices/synth/2024/compare.md"]
    assert '<del class="nb-del"><span class="nb-sr">（删去：</span>去' in compare
    assert '<ins class="nb-ins"><span class="nb-sr">（新增：</span>34' in compare
    # Only the changed cells, under their rows' labels (grouped under their parent rows); the rest is on the report pages.
    assert '<tr><th scope="row">一、本年新收政府信息公开申请数量</th><td>总计 32（上年 30，+2）</td></tr>' in compare
    assert (
        '<th colspan="2" scope="rowgroup" class="nb-caption">三、本年度办理结果</th></tr>'
        '<tr><th scope="row">（七）总计</th><td>总计 32（上年 30，+2）</td>'
    ) in compare
    assert compare.count('<tr><th scope="row">') == 2 and "<p>与上年相比，0 个单元格的数字有变化。</p>" in compare
    audit = pages["audit.md"]
    assert '<a href="../offices/synth/2024/compare/">' in audit and "data-nb-sortable" in audit


def test_downloads_carry_the_findings(tmp_path):
    two_years(tmp_path)
    write_downloads(load_catalog(tmp_path / "data", tmp_path), tmp_path / "site")
    with zipfile.ZipFile(tmp_path / "site" / "data" / "all-2024.zip") as archive:
        document = json.loads(archive.read("reports-2024.json"))
        lines = list(csv.DictReader(io.StringIO(archive.read("audit-2024.csv").decode("utf-8-sig"))))
        tables_csv = archive.read("reports-2024.csv").decode("utf-8-sig")
    audit = {r["year"]: r["audit"] for r in document["reports"]}
    assert [(f["rule"], f["text_value"], f["table_value"]) for f in audit[2024]] == [("Q1", 34, 32)]
    assert [(r["年度"], r["代码"], r["类别"], r["正文数字"], r["表格数字"]) for r in lines] == [
        ("2024", "Q1", "正文与表格", "34", "32")
    ]
    # The findings stay out of the numbers: the tables' CSV has none of their words.
    assert "Q1" not in tables_csv and "正文与表格" not in tables_csv


def test_audit_command_lists_findings_as_json(tmp_path, capsys, monkeypatch):
    two_years(tmp_path)
    (tmp_path / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["audit", "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [
        {k: f[k] for k in ("file", "office", "year", "rule", "text_value", "table_value", "sentence")} for f in found
    ] == [
        {
            "file": "data/synth/2024.yml",
            "office": "synth",
            "year": 2024,
            "rule": "Q1",
            "text_value": 34,
            "table_value": 32,
            "sentence": "合成测试：依申请公开方面，今年共受理申请34件。",
        }
    ]
    assert found[0]["message"].startswith("正文写收到或办理的政府信息公开申请 34 件")
    assert main(["audit", "data/synth/2023.yml"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "质量提示 0 条" in captured.err
    assert main(["audit", "nowhere.yml"]) == 2


def test_a_problems_section_of_two_lines_is_found(tmp_path):
    data = report_data(2024, origin="published")
    data["sections"]["problems"] = "合成测试：上年问题已整改。"
    write_office(tmp_path / "data", "synth", name="合成测试机关")
    write_report(tmp_path / "data", "synth", data)
    found = load_catalog(tmp_path / "data", tmp_path).audit[("synth", 2024)]
    assert [(f.rule, f.message) for f in found] == [
        ("Q4", "「五、存在的主要问题及改进情况」只有 13 个字（不足 40 字）。")
    ]
