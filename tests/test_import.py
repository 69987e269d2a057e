"""`nianbao import` on the real samples, on damaged copies of them, on layouts the reader
was not written against (a Word file, another site's HTML), and on the portal's own pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from building import build_site
from nianbao.catalog import load_catalog
from nianbao.data.writing import dump_report
from nianbao.importing import import_report
from nianbao.staff.cli import main
from nianbao.views.grids import format_value
from paths import SAMPLES
from samples import expected_cells

CASES = [
    ("000_penghou-jiedao-2024.txt", "000_penghou-jiedao-2024", "penghou-jiedao", 2024),
    ("pingtan-2020.txt", "pingtan-2020", "pingtan", 2020),
    ("pingtan-2023.txt", "pingtan-2023", "pingtan", 2023),
    ("pingtan-2020.html", "pingtan-2020", "pingtan", 2020),
    ("pingtan-2023.html", "pingtan-2023", "pingtan", 2023),
]


def load_imported(tmp_path: Path, data: dict, office: str = "imported"):
    """Write the imported data as a file and read it back as the portal does."""
    folder = tmp_path / "data" / office
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "office.yml").write_text('name: "导入测试"\nkind: "其他"\n', encoding="utf-8")
    (folder / f"{data['year']}.yml").write_text(dump_report(data), encoding="utf-8")
    catalog = load_catalog(tmp_path / "data", tmp_path)
    return catalog, next(r for r in catalog.reports if r.office_id == office)


def cells(report) -> dict:
    return {(tid, row, col): format_value(v) for tid, t in report.tables.items() for (row, col), v in t.cells.items()}


def plain(text: str | None) -> str:
    return "".join((text or "").split()).replace("\\", "")


@pytest.mark.parametrize("source, sample, office, year", CASES, ids=[c[0] for c in CASES])
def test_sample_imports_with_every_number_right(tmp_path, root, source, sample, office, year):
    result = import_report(SAMPLES / source, year)
    assert result.not_found == []
    catalog, report = load_imported(tmp_path, result.data)
    assert cells(report) == expected_cells(sample)
    assert [p for p in catalog.problems.errors] == []
    assert report.origin == "published" and report.source is not None
    reference = load_catalog(root / "data", root)
    ours = next(r for r in reference.reports if (r.office_id, r.year) == (office, year))
    assert report.published == ours.published
    for key in ("preamble", "overview", "problems", "other"):
        assert plain(report.sections.get(key)) == plain(ours.sections.get(key)), key


def test_narrative_keeps_paragraphs_and_numbered_items():
    result = import_report(SAMPLES / "pingtan-2020.txt", 2020)
    overview = result.data["sections"]["overview"].split("\n\n")
    assert overview[1].startswith("（一）强化组织协调")
    assert any(p.startswith("1.加强用权信息公开") for p in overview)
    assert any(p.startswith("（2）推进基层政务公开标准化规范化") for p in overview)


def test_signature_becomes_the_publication_date():
    result = import_report(SAMPLES / "000_penghou-jiedao-2024.txt", 2024)
    assert str(result.data["published"]) == "2025-01-20"
    assert result.data["signed_by"] == "彭后街道办事处"
    assert result.data["sections"]["other"] == "无其他需要报告事项。"


# ---------------------------------------------------------------- damaged inputs


def _damaged(tmp_path, name: str, change) -> Path:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    path = tmp_path / name
    path.write_text(change(text), encoding="utf-8")
    return path


def test_a_missing_row_is_reported_and_left_blank(tmp_path):
    path = _damaged(tmp_path, "pingtan-2020.txt", lambda t: t.replace("2.重复申请 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n", ""))
    result = import_report(path, 2020)
    assert result.not_found == [
        f"表三：2.重复申请 · {c}"
        for c in ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
    ]
    catalog, report = load_imported(tmp_path, result.data)
    expected = expected_cells("pingtan-2020")
    got = cells(report)
    assert {k for k in got if got[k] != expected[k]} == {k for k in expected if k[1] == "results.not_processed.repeat"}
    assert all(got[k] == "" for k in got if k[1] == "results.not_processed.repeat")  # blank, never a guess
    assert [p.rule for p in catalog.problems.errors] == ["I1"]


def test_a_missing_table_is_reported(tmp_path):
    def drop_appeals(text):
        start = text.index("四、政府信息公开行政复议、行政诉讼情况")
        end = text.index("五、存在的主要问题及改进情况")
        return text[:start] + "四、政府信息公开行政复议、行政诉讼情况\n" + text[end:]

    result = import_report(_damaged(tmp_path, "pingtan-2023.txt", drop_appeals), 2023)
    assert result.not_found == ["表四：原文中找不到表四"]
    assert result.data["appeals"]["review"] == {
        "upheld": None,
        "corrected": None,
        "other": None,
        "pending": None,
        "total": None,
    }


def test_truncated_text_gives_a_partial_file(tmp_path):
    path = _damaged(tmp_path, "000_penghou-jiedao-2024.txt", lambda t: t[: t.index("6.属于四类过程性信息")])
    result = import_report(path, 2024)
    assert "表三：6.属于四类过程性信息 · 自然人" in result.not_found
    assert "表四：原文中找不到表四" in result.not_found
    assert "正文：找不到标题「五、存在的主要问题及改进情况」" in result.not_found
    assert result.data["import_problems"] == result.not_found
    catalog, report = load_imported(tmp_path, result.data)
    assert report.tables["requests"].cells[("results.withheld.third_party", "total")] == 0
    assert report.tables["requests"].cells[("results.withheld.process_info", "total")] is None
    # Signature and date were in the lost part: the file says so, besides what I1 lists.
    assert [p.rule for p in catalog.problems.errors] == ["D3", "D4", "I1"]


def test_text_in_a_number_cell_is_not_read(tmp_path):
    path = _damaged(tmp_path, "pingtan-2023.txt", lambda t: t.replace("行政许可 | 2629 |", "行政许可 | 约2600 |"))
    result = import_report(path, 2023)
    assert result.not_found == ["表二第二十条第（五）项：行政许可 · 本年处理决定数量（原文此处为「约2600」）"]
    assert result.data["active"]["item5"]["licensing"]["decisions"] is None


@pytest.mark.parametrize(
    "content, suffix, message",
    [
        (b"", ".txt", "文件是空的（0 字节）"),
        (b"\x00\x01binary", ".docx", "不是有效的 Word 文件（.docx）；旧的 .doc 格式请先在 Word 或 WPS 中另存为 .docx"),
        (b"hello", ".pdf", "无法打开 PDF 文件：文件已损坏，或不是 PDF"),
    ],
)
def test_unreadable_files_get_a_message_not_a_traceback(tmp_path, content, suffix, message, monkeypatch, capsys):
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    path = tmp_path / f"report{suffix}"
    path.write_bytes(content)
    monkeypatch.chdir(tmp_path)
    code = main(["import", str(path), "--office", "x", "--year", "2024"])
    assert (code, capsys.readouterr().err) == (2, f"无法导入 {path}：{message}\n")


# ---------------------------------------------------------------- layouts never seen


def _other_site_html(report) -> str:
    """The 2023 report as another site might publish it: one table for everything, a
    different row order of header cells, half-width brackets, 「，」 in the （六） items,
    units and thousands separators in cells, labels broken by <br>, no headings marked."""
    t = report.tables
    rows = []

    def row(*cells):
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")

    row("第二十条第(一)项")
    row("信息内容", "本年制发<br>件数", "本年废止件数", "现行有效件数")
    for key, label in (("rules", "规章"), ("normative_docs", "行政规范性文件")):
        row(label, *[t["active.item1"].cells[(key, c)] for c in ("issued", "repealed", "in_force")])
    row("第二十条第(五)项")
    row("信息内容", "本年处理决定数量")
    row("行政许可", f"{t['active.item5'].cells[('licensing', 'decisions')]:,}")
    row("第二十条第(六)项")
    row("信息内容", "本年处理决定数量")
    row("行政处罚", f"{t['active.item6'].cells[('penalty', 'decisions')]:,}")
    row("行政强制", t["active.item6"].cells[("coercion", "decisions")])
    row("第二十条第(八)项")
    row("信息内容", "本年收费金额(单位:万元)")
    row("行政事业性收费", f"{t['active.item8'].cells[('fees', 'amount')]}万元")
    active = "<table>" + "".join(rows) + "</table>"
    rows.clear()
    req = t["requests"]
    columns = [c.key for c in req.definition.columns]
    row("(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", "申请人情况")
    row("自然人", "法人或其他组织", "总计")
    row("商业<br>企业", "科研<br>机构", "社会公益<br>组织", "法律服务<br>机构", "其他")
    for leaf in req.definition.leaf_rows():
        label = leaf.label.replace("（", "(").replace("）", ")").replace("、", "，").replace("“", '"').replace("”", '"')
        row(label, *[req.cells[(leaf.key, c)] for c in columns])
    requests = "<table border=1>" + "".join(rows) + "</table>"
    rows.clear()
    app = t["appeals"]
    row("行政复议", "行政诉讼")
    row("结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉")
    row(*(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2))
    row(*[app.cells[(r.key, c.key)] for r in app.definition.leaf_rows() for c in app.definition.columns])
    appeals = "<table>" + "".join(rows) + "</table>"

    def para(text):
        return "".join(f"<p>{p}</p>" for p in (text or "").split("\n\n"))

    return f"""<html><head><meta charset="utf-8"><title>某网站</title></head><body>
<div class="top">首页 > 信息公开 > 年报</div><div class="menu"><a href="#">机构</a><a href="#">政策</a></div>
<div class="article"><div class="title">示例县2023年政府信息公开工作年度报告</div><div class="info">发布时间：2024-01-30</div>
{para(report.sections.get("preamble"))}<p><b>一、总体情况</b></p>{para(report.sections["overview"])}
<p><b>二、主动公开政府信息情况</b></p>{active}<p><b>三、收到和处理政府信息公开申请情况</b></p>{requests}
<p><b>四、政府信息公开行政复议、行政诉讼情况</b></p>{appeals}
<p><b>五、政府信息公开工作存在的主要问题及改进情况</b></p>{para(report.sections["problems"])}
<p><b>六、其他需要报告的事项</b></p>{para(report.sections["other"])}</div>
<div class="foot"><p>【打印】【关闭】</p><p>版权所有：示例县人民政府 网站标识码 0000000000</p></div></body></html>"""


def test_a_layout_from_another_site(tmp_path, root):
    reference = load_catalog(root / "data", root)
    ours = next(r for r in reference.reports if (r.office_id, r.year) == ("pingtan", 2023))
    path = tmp_path / "other.html"
    path.write_text(_other_site_html(ours), encoding="utf-8")
    result = import_report(path, 2023)
    assert result.not_found == []
    assert result.office_name == "示例县" and str(result.data["published"]) == "2024-01-30"
    catalog, report = load_imported(tmp_path, result.data)
    assert cells(report) == expected_cells("pingtan-2023")
    assert plain(report.sections["other"]) == plain(ours.sections["other"])  # the footer is left out


def test_a_word_file_with_merged_cells(tmp_path, root):
    import docx

    reference = load_catalog(root / "data", root)
    ours = next(r for r in reference.reports if (r.office_id, r.year) == ("pingtan", 2023))
    word = docx.Document()
    word.add_heading("平潭综合实验区2023年政府信息公开工作年度报告", level=1)
    for key, heading in (("overview", "一、总体情况"),):
        word.add_paragraph(heading)
        for text in ours.sections[key].split("\n\n"):
            word.add_paragraph(text)
    word.add_paragraph("三、收到和处理政府信息公开申请情况")
    req = ours.tables["requests"]
    leaves = req.definition.leaf_rows()
    table = word.add_table(rows=3 + len(leaves), cols=10)
    table.cell(0, 0).merge(table.cell(2, 2)).text = req.definition.corner
    table.cell(0, 3).merge(table.cell(0, 9)).text = "申请人情况"
    table.cell(1, 3).merge(table.cell(2, 3)).text = "自然人"
    table.cell(1, 4).merge(table.cell(1, 8)).text = "法人或其他组织"
    table.cell(1, 9).merge(table.cell(2, 9)).text = "总计"
    for i, label in enumerate(("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")):
        table.cell(2, 4 + i).text = label
    results = [i for i, leaf in enumerate(leaves) if leaf.key.startswith("results.")]
    table.cell(3 + results[0], 0).merge(table.cell(3 + results[-1], 0)).text = "三、本年度办理结果"
    for i, leaf in enumerate(leaves):
        line = 3 + i
        depth = leaf.key.count(".")
        if depth == 0:
            table.cell(line, 0).merge(table.cell(line, 2)).text = leaf.label
        elif depth == 1:
            table.cell(line, 1).merge(table.cell(line, 2)).text = leaf.label
        else:
            table.cell(line, 2).text = leaf.label
        for j, column in enumerate(req.definition.columns):
            table.cell(line, 3 + j).text = str(req.cells[(leaf.key, column.key)])
    for group in ("results.withheld", "results.unable", "results.not_processed", "results.other"):
        rows = [3 + i for i, leaf in enumerate(leaves) if leaf.key.startswith(group + ".")]
        table.cell(rows[0], 1).merge(table.cell(rows[-1], 1)).text = req.definition.row(group).label
    for heading in ("四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        word.add_paragraph(heading)
    word.add_paragraph(ours.sections["other"])
    path = tmp_path / "report.docx"
    word.save(str(path))
    result = import_report(path, 2023)
    assert "表三（2021 版）" in result.tables
    got = {k: v for k, v in result.data["requests"].items() if k != "version"}
    catalog, report = load_imported(tmp_path, result.data)
    expected = {k: v for k, v in expected_cells("pingtan-2023").items() if k[0] == "requests"}
    assert {k: v for k, v in cells(report).items() if k[0] == "requests"} == expected
    assert got
    assert plain(report.sections["overview"]) == plain(ours.sections["overview"])


# ---------------------------------------------------------------- the portal's own pages


@pytest.fixture(scope="module")
def built_site(root, tmp_path_factory):
    return build_site(root, tmp_path_factory.mktemp("site"))


def test_every_report_round_trips_through_its_page(root, built_site, tmp_path):
    """Importing a report's own rendered page gives back the same data (a property over
    every report in data/)."""
    reference = load_catalog(root / "data", root)
    for ours in reference.reports:
        page = built_site / "offices" / ours.office_id / str(ours.year) / "index.html"
        result = import_report(page, ours.year)
        assert result.not_found == [], ours.file
        _, report = load_imported(tmp_path / f"{ours.office_id}-{ours.year}", result.data)
        assert {t: d.version for t, d in report.tables.items()} == {t: d.version for t, d in ours.tables.items()}
        assert cells(report) == cells(ours), ours.file
        assert report.published == ours.published
        assert report.signed_by == ours.signed_by
        assert {k: v for k, v in report.sections.items() if v} == {k: v for k, v in ours.sections.items() if v}, (
            ours.file
        )


def test_import_command_writes_files_and_a_summary(tmp_path, monkeypatch, capsys):
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["import", str(SAMPLES / "pingtan-2020.html"), "--office", "pingtan", "--year", "2020"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "已写入 data/pingtan/2020.yml"
    assert out[1] == "已写入 data/pingtan/office.yml（全称「平潭综合实验区」，机关类型「人民政府」：请核对）"
    assert "读出单元格 198 个；未读出 0 处" in out
    assert "原文不合勾稽关系 2 处：" in out
    assert any(
        line.startswith("  「自然人」列的（七）总计为 20，但（一）予以公开至（六）其他处理之和为 26。")
        and line.endswith("（R3.3）")
        for line in out
    )
    text = (tmp_path / "data" / "pingtan" / "2020.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert (
        main(["import", str(SAMPLES / "pingtan-2020.html"), "--office", "pingtan", "--year", "2020"]) == 2
    )  # no overwrite
    assert main(["validate"]) == 0
