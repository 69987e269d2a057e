"""`nianbao import` of PDF attachments: the real hongze-2023.pdf against its hand-checked
extraction, and synthetic reports laid out the ways offices' PDFs are (tables ruled or not,
crossing pages, vertical labels, labels broken over lines with their numbers on a line of
their own, Kangxi radicals in the text layer). Synthetic reports are named 「合成测试」."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from building import build_site, copy_portal
from layout_text import layout_text
from nianbao.formats import load_formats
from nianbao.importing import import_report
from nianbao.staff.cli import main
from paths import FIXTURES, SAMPLES
from pdfs import PdfMaker
from samples import expected_cells
from test_import import cells, load_imported

HONGZE = SAMPLES / "hongze-2023.pdf"


@pytest.fixture(scope="module")
def hongze():
    return import_report(HONGZE, 2023)


def test_hongze_every_number_equals_the_hand_checked_extraction(hongze, tmp_path):
    assert hongze.not_found == []
    assert hongze.cells_read == 186
    _, report = load_imported(tmp_path, hongze.data)
    assert cells(report) == expected_cells("hongze-2023")
    # 表三 prints （六）其他处理 as one row although the rest is the 2021 format.
    assert {t: d.version for t, d in report.tables.items()}["requests"] == 2019


def test_hongze_as_column_aligned_text_reads_every_number(tmp_path):
    """The real PDF copied out with `pdftotext -layout`: its tables as columns of spaces."""
    result = import_report(layout_text(HONGZE, tmp_path / "hongze.txt"), 2023)
    assert [p for p in result.not_found if p.startswith("表")] == []
    assert result.cells_read == 186
    _, report = load_imported(tmp_path, result.data)
    assert cells(report) == expected_cells("hongze-2023")


def test_hongze_printed_breaks_are_reported_as_breaks(hongze, tmp_path):
    catalog, report = load_imported(tmp_path, hongze.data)
    assert catalog.problems.errors == []
    breaks = [(p.rule, p.key, p.severity) for p in catalog.problems.sorted() if p.rule.startswith("R")]
    assert breaks == [
        ("R4.1", "appeals.review.total", "notice"),
        ("R4.3", "appeals.litigation.after_review.total", "notice"),
    ]


def test_hongze_label_typo_and_spaced_labels_map(hongze):
    assert hongze.loose == ["表三：原文「2.其他法律行政止公开」按「2.其他法律行政法规禁止公开」读取（相近写法）"]
    requests = hongze.data["requests"]["results"]
    assert requests["partial"]["natural_person"] == 4  # 「…只计这一情 形，不\n计其他情形）」
    assert requests["not_processed"]["confirm_existing"]["total"] == 0  # 「…确认或重 新出具\n已获取信息」
    assert hongze.data["appeals"]["review"]["total"] == 0  # header 「总 计」
    assert hongze.data["notes"][-1] == hongze.loose[0]


def test_hongze_narrative_paragraph_for_paragraph(hongze):
    expected = yaml.safe_load((FIXTURES / "import" / "hongze-2023.narrative.yml").read_text(encoding="utf-8"))
    got = {key: [p for p in (text or "").split("\n\n") if p] for key, text in hongze.data["sections"].items()}
    assert {k: v for k, v in got.items() if v} == expected
    assert hongze.office_name == "洪泽区人民政府"
    assert hongze.data["source"]["title"] == "洪泽区人民政府2023年政府信息公开工作年度报告"
    # No date is printed: unknown, not unread; the file's own date is offered to check.
    assert hongze.data["published"] is None
    assert hongze.data["notes"][0] == "原文未印发布日期；PDF 文件属性中的创建日期为 2024-02-26，仅供核对"


def test_hongze_imports_validates_and_builds(root, tmp_path, monkeypatch, capsys):
    project = copy_portal(root, tmp_path / "portal")
    monkeypatch.chdir(project)
    assert main(["import", str(HONGZE), "--office", "hongze", "--year", "2023"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [
        "已写入 data/hongze/2023.yml",
        "已写入 data/hongze/office.yml（全称「洪泽区人民政府」，机关类型「人民政府」：请核对）",
    ]
    assert "读出单元格 186 个；未读出 0 处" in out
    assert out[-3:] == [
        "原文不合勾稽关系 2 处：",
        "  「行政复议」的总计为 0，但结果维持、结果纠正、其他结果、尚未审结之和为 11。"
        "可能填错的是「行政复议」的「总计」一格：改为 11，R4.1 即全部相符（R4.1）",
        # 5 printed under 结果维持 with a 总计 of 0: either cell alone repairs the row.
        "  「复议后起诉」的总计为 0，但结果维持、结果纠正、其他结果、尚未审结之和为 5。"
        "单独改正「复议后起诉」的「结果维持」「总计」中的任何一格都能全部相符，无法断定是哪一格，"
        "其他涉及的单元格：「复议后起诉」的「结果纠正」「其他结果」「尚未审结」（R4.3）",
    ]
    assert main(["validate", "--strict"]) == 0
    site = build_site(project, tmp_path / "site")
    page = (site / "offices" / "hongze" / "2023" / "index.html").read_text(encoding="utf-8")
    assert "7730.28" in page and "复议后起诉" in page


# ---------------------------------------------------------------- synthetic layouts

KANGXI = str.maketrans({"一": "⼀", "二": "⼆", "人": "⼈", "日": "⽇", "行": "⾏", "长": "⻓", "民": "⺠"})
OVERVIEW = [
    "（一）主动公开。合成测试县本年度通过门户网站主动公开各类信息，行政机关按日更新栏目，人民群众查阅便利，"
    "长期保持稳定运行，没有发生中断。",
    "（二）依申请公开。合成测试县依法办理申请，一律在法定期限内答复。",
]
PROBLEMS = ["合成测试县存在的主要问题是栏目更新不够及时，下一步将加强日常检查。"]
OTHER = ["本年度未收取信息处理费。"]


def _values(definition, seed: int) -> dict:
    """Synthetic numbers, different in every cell."""
    return {
        (row.key, column.key): (seed + 7 * r + 3 * c) % 23
        for r, row in enumerate(definition.leaf_rows())
        for c, column in enumerate(definition.columns)
    }


def _paragraphs(page, top: float, paragraphs: list[str], width: float = 336) -> float:
    """Lines filled to the right margin (Chinese 12 pt wide, digits 6), the first indented."""
    for text in paragraphs:
        line, room = "", width - 24
        indent = 24
        for char in text:
            step = 6 if ord(char) < 128 else 12
            if step > room:
                page.text(72 + indent, top, line)
                line, room, indent, top = "", width, 0, top + 20
            line, room = line + char, room - step
        page.text(72 + indent, top, line)
        top += 20
    return top


def _report_pdf(path: Path, *, ruled: bool, kangxi: bool = False, synonym: bool = False, heads: bool = False) -> dict:
    """A whole synthetic V2021 report; returns the numbers it prints."""
    formats = load_formats()[2021]
    item1, requests, appeals = formats.tables["active.item1"], formats.tables["requests"], formats.tables["appeals"]
    printed = {"item1": _values(item1, 1), "requests": _values(requests, 2), "appeals": _values(appeals, 5)}
    tr = KANGXI if kangxi else str.maketrans({})
    maker = PdfMaker(title="合成测试县2023年政府信息公开工作年度报告")
    page = maker.page()
    page.text(120, 60, "合成测试县2023年政府信息公开工作年度报告".translate(tr), 18)
    top = _paragraphs(
        page, 110, ["本报告由合成测试县编制，数据统计期限自2023年1月1日起至2023年12月31日止。".translate(tr)]
    )
    page.text(96, top + 4, "一、总体情况".translate(tr))
    top = _paragraphs(page, top + 30, [p.translate(tr) for p in OVERVIEW])
    page.text(96, top + 4, "二、主动公开政府信息情况".translate(tr))
    row_label = {"normative_docs": "规范性文件"} if synonym else {}
    rows = [("第二十条第（一）项", []), ("信息内容", [c.label for c in item1.columns])]
    rows += [
        (row_label.get(r.key, r.label), [str(printed["item1"][(r.key, c.key)]) for c in item1.columns])
        for r in item1.leaf_rows()
    ]
    top = _table(page, top + 30, [(label.translate(tr), cells) for label, cells in rows], ruled, width=90)
    page = maker.page()
    page.text(96, 60, "三、收到和处理政府信息公开申请情况".translate(tr))
    leaves = list(requests.leaf_rows())
    half = len(leaves) // 2
    _requests_rows(page, 90, leaves[:half], printed["requests"], requests, ruled, tr, header=True)
    page.text(280, 800, "- 2 -")
    page = maker.page()  # the table goes on, without its header
    top = _requests_rows(page, 60, leaves[half:], printed["requests"], requests, ruled, tr, header=False)
    page.text(96, top + 10, "四、政府信息公开行政复议、行政诉讼情况".translate(tr))
    numbers = [str(printed["appeals"][(r.key, c.key)]) for r in appeals.leaf_rows() for c in appeals.columns]
    top = _appeals(page, top + 36, numbers, ruled)
    page.text(96, top + 10, "五、存在的主要问题及改进情况".translate(tr))
    top = _paragraphs(page, top + 36, [p.translate(tr) for p in PROBLEMS])
    page.text(96, top + 4, "六、其他需要报告的事项".translate(tr))
    top = _paragraphs(page, top + 30, [p.translate(tr) for p in OTHER])
    page.text(380, top + 20, "合成测试县人民政府".translate(tr))
    page.text(380, top + 40, "2024年1月15日".translate(tr))
    if heads:  # what a browser's "print to PDF" adds to every page
        for number, each in enumerate(maker.pages, start=1):
            each.text(40, 20, "2024/1/16 09:30    合成测试县2023年政府信息公开工作年度报告", 8)
            each.text(40, 815, f"https://www.example.gov.cn/hecheng/nb2023.html    {number}/{len(maker.pages)}", 8)
    path.write_bytes(maker.bytes())
    return printed


def _table(page, top: float, rows, ruled: bool, first: float = 150, width: float = 60) -> float:
    """Rows of (label, cells); ruled as a grid, or as text with gaps between cells."""
    for label, values in rows:
        x = 72
        if label or not values:
            if ruled:
                page.cell(x, top, x + first, top + 24, label)
            else:
                page.text(x + 3, top + 6, label, 10)
            x += first
        elif ruled:
            x = 72
        for value in values:
            if ruled:
                page.cell(x, top, x + width, top + 24, value)
            else:
                page.text(x + 3, top + 6, value, 10)
            x += width
        top += 24
    return top


def _appeals(page, top: float, numbers: list[str], ruled: bool) -> float:
    """表四: two header rows over spans, one of fifteen heads 「结果\n维持」…「总 计」, the numbers."""
    x, w = 72, 28
    heads = ["结果\n维持", "结果\n纠正", "其他\n结果", "尚未\n审结", "总 计"]

    def put(col0: int, col1: int, row_top: float, row_bottom: float, text: str) -> None:
        if ruled:
            page.cell(x + col0 * w, row_top, x + col1 * w, row_bottom, text, 8)
        else:
            for line, part in enumerate(text.split("\n")):
                page.text(x + col0 * w + 2, row_top + 2 + line * 10, part, 8)

    put(0, 5, top, top + 20, "行政复议")
    put(5, 15, top, top + 20, "行政诉讼")
    put(5, 10, top + 20, top + 40, "未经复议直接起诉")
    put(10, 15, top + 20, top + 40, "复议后起诉")
    for index, head in enumerate(heads):
        put(index, index + 1, top + 20, top + 60, head)
    for index, head in enumerate(heads * 2):
        put(5 + index, 6 + index, top + 40, top + 60, head)
    for index, number in enumerate(numbers):
        put(index, index + 1, top + 60, top + 80, number)
    return top + 80


def _requests_rows(page, top, leaves, printed, definition, ruled, tr, *, header: bool) -> float:
    """表三 with its three label columns: a vertical 「三、本年度办理结果」 one character per line,
    group labels, and leaf labels broken over two lines (the numbers centred between)."""
    x_label, x_numbers = 72, 300
    if header:
        if ruled:
            page.cell(
                x_label,
                top,
                x_numbers,
                top + 60,
                "（本列数据的勾稽关系为：第一项加第二项之和，\n等于第三项加第四项之和）",
            )
            page.cell(x_numbers, top, x_numbers + 7 * 34, top + 20, "申请人情况")
        else:
            page.text(x_numbers, top, "申请人情况", 10)
        names = ["自然人", "商业\n企业", "科研\n机构", "社会公\n益组织", "法律服\n务机构", "其他", "总计"]
        for index, name in enumerate(names):
            if ruled:
                page.cell(x_numbers + index * 34, top + 20, x_numbers + (index + 1) * 34, top + 60, name, 8)
            else:
                for line, part in enumerate(name.split("\n")):
                    page.text(x_numbers + index * 34 + 2, top + 30 + line * 10, part, 8)
        top += 60
    results_top, results_bottom = None, 0.0
    for leaf in leaves:
        label = leaf.label.translate(tr)
        parts = [label[i : i + 16] for i in range(0, len(label), 16)]
        height = 10 + 16 * len(parts)
        if leaf.key.startswith("results."):
            results_top = top if results_top is None else results_top
            results_bottom = top + height
        x0 = x_label + (60 if leaf.key.startswith("results.") else 0)
        if ruled:
            page.cell(x0, top, x_numbers, top + height, "\n".join(parts), 8)
        else:  # centred in the row: a two-line label has its numbers on a line between
            for line, part in enumerate(parts):
                page.text(x0 + 3, top + (height - 8) / 2 + (line - (len(parts) - 1) / 2) * 16, part, 8)
        for index, column in enumerate(definition.columns):
            value = str(printed[(leaf.key, column.key)])
            number_top = top + (height - 8) / 2
            if ruled:
                page.cell(x_numbers + index * 34, top, x_numbers + (index + 1) * 34, top + height, value, 8)
            else:
                page.text(x_numbers + index * 34 + 4, number_top, value, 8)
        top += height
    if results_top is not None:
        vertical = "三、本年度办理结果".translate(tr) if leaves[0].key.startswith("new") else ""
        if ruled:
            page.cell(x_label, results_top, x_label + 60, results_bottom, "\n".join(vertical), 8)
        else:
            for index, char in enumerate(vertical):
                page.text(x_label + 3, results_top + 4 + index * 11, char, 8)
    return top


def _expected(printed: dict) -> dict:
    out = {}
    for name, table_id in (("item1", "active.item1"), ("requests", "requests"), ("appeals", "appeals")):
        for (row, column), value in printed[name].items():
            out[(table_id, row, column)] = str(value)
    return out


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_a_synthetic_pdf_reads_every_number(tmp_path, ruled):
    path = tmp_path / "synthetic.pdf"
    printed = _report_pdf(path, ruled=ruled)
    result = import_report(path, 2023)
    got = {}
    _, report = load_imported(tmp_path, result.data)
    for key, value in cells(report).items():
        if key[0] in ("active.item1", "requests", "appeals"):
            got[key] = value
    assert got == _expected(printed)
    assert [p for p in result.not_found if not p.startswith("表二第二十条第（")] == []
    assert result.loose == []
    assert result.data["sections"]["overview"].split("\n\n") == OVERVIEW
    assert result.data["sections"]["problems"].split("\n\n") == PROBLEMS
    assert result.data["sections"]["other"].split("\n\n") == OTHER
    assert str(result.data["published"]) == "2024-01-15" and result.data["signed_by"] == "合成测试县人民政府"
    assert result.office_name == "合成测试县"


def test_a_browser_printed_pdf_loses_its_running_heads(tmp_path):
    path = tmp_path / "printed.pdf"
    printed = _report_pdf(path, ruled=True, heads=True)
    result = import_report(path, 2023)
    _, report = load_imported(tmp_path, result.data)
    got = {k: v for k, v in cells(report).items() if k[0] in ("active.item1", "requests", "appeals")}
    assert got == _expected(printed)
    assert result.data["sections"]["other"].split("\n\n") == OTHER
    assert str(result.data["published"]) == "2024-01-15"


def test_kangxi_radicals_in_the_text_layer_are_folded(tmp_path):
    path = tmp_path / "wps.pdf"
    printed = _report_pdf(path, ruled=True, kangxi=True)
    result = import_report(path, 2023)
    _, report = load_imported(tmp_path, result.data)
    got = {k: v for k, v in cells(report).items() if k[0] in ("active.item1", "requests", "appeals")}
    assert got == _expected(printed)
    assert result.data["sections"]["overview"].split("\n\n") == OVERVIEW  # 「⼀」 read as 「一」
    assert "正文：找不到标题「一、总体情况」" not in result.not_found


def test_a_synonym_label_is_read_and_reported(tmp_path):
    path = tmp_path / "synonym.pdf"
    printed = _report_pdf(path, ruled=True, synonym=True)
    result = import_report(path, 2023)
    assert result.data["active"]["item1"]["normative_docs"]["issued"] == printed["item1"][("normative_docs", "issued")]
    assert result.loose == ["表二第二十条第（一）项：原文「规范性文件」按「行政规范性文件」读取（同义写法）"]
