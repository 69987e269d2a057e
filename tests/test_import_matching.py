"""How the importer recognises what other sites print: labels (spaces, synonyms from the
format definitions, near-miss typos, Kangxi radicals), section headings in their common
variants, page metadata, and numbers and dates read by the validator's own reader. Ends
with narrative fidelity: every sample's sections equal their source paragraph for paragraph."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from nianbao.catalog import load_catalog
from nianbao.data import scalars
from nianbao.formats import load_formats
from nianbao.importing import import_report
from nianbao.importing.documents import Document, Paragraph
from nianbao.importing.labels import ANNOTATED, EXACT, SYNONYM, TYPO, fold, match
from nianbao.importing.metadata import title_and_office
from nianbao.importing.sections import split_sections
from paths import SAMPLES
from samples import expected_cells
from test_import import _other_site_html, cells, load_imported

V2021 = load_formats()[2021]


def _row(table: str, key: str):
    return V2021.tables[table].row(key)


@pytest.mark.parametrize(
    "printed, table, key, how",
    [
        ("（七）总 计", "requests", "results.total", EXACT),
        ("(二)部分公开(区分处理的,只计这一情 形,不\n计其他情形)", "requests", "results.partial", EXACT),
        ("⼀、本年新收政府信息公开申请数量", "requests", "new", EXACT),  # U+2F00 KANGXI RADICAL ONE
        ("规范性文件", "active.item1", "normative_docs", SYNONYM),
        ("3.危及国家安全、公共安全、经济安全和社会稳定", "requests", "results.withheld.safety_stability", SYNONYM),
        ("2.其他法律行政止公开", "requests", "results.withheld.law_forbidden", TYPO),
        ("（七）总计（含上年结转）", "requests", "results.total", ANNOTATED),
        ("2.重复申请", "requests", "results.withheld.law_forbidden", None),
    ],
)
def test_labels_match_by_meaning(printed, table, key, how):
    row = _row(table, key)
    assert match(printed, row.label, row.variants, fuzzy=True) == how


def test_a_provincial_note_after_a_column_label(tmp_path):
    """Hubei prints 「上一年项目数量（指2019年事项数）」: the V2019 column is still recognised."""
    text = (SAMPLES / "pingtan-2020.txt").read_text(encoding="utf-8")
    path = tmp_path / "hubei-style.txt"
    path.write_text(text.replace("| 上一年项目数量 |", "| 上一年项目数量（指2019年事项数） |"), encoding="utf-8")
    result = import_report(path, 2020)
    assert result.not_found == []
    assert result.data["active"]["item5"]["version"] == 2019


def test_folding_keeps_chinese_punctuation():
    assert fold("⼀、⼆是⺠⽣（⼈）：“⾏”，。") == "一、二是民生（人）：“行”，。"


@pytest.mark.parametrize(
    "heading, key",
    [
        ("一、总体工作情况", "overview"),
        ("二、主动公开政府信息情况", "active"),
        ("三、收到和处理政府信息公开申请的情况", "requests"),
        ("四、行政复议和行政诉讼情况", "appeals"),
        ("五、政府信息公开工作存在的主要问题及改进情况", "problems"),
        ("五、存在的主要问题和改进情况", "problems"),
        ("六、其他需要报告的情况", "other"),
    ],
)
def test_heading_variants(heading, key):
    others = [s for s in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                          "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                          "六、其他需要报告的事项") if s[0] != heading[0]]  # fmt: skip
    paragraphs = sorted([heading, *others], key=lambda h: "一二三四五六".index(h[0]))
    blocks = []
    for text in paragraphs:
        blocks += [Paragraph(text), Paragraph(f"合成测试{text[:1]}节的正文。")]
    sections = split_sections(Document(blocks))
    assert sections.missing == []
    assert [p.text for p in sections.text[key]] == [f"合成测试{heading[:1]}节的正文。"]


@pytest.mark.parametrize(
    "title, office, year",
    [
        ("2019年合成测试县人民政府办公室政府信息公开工作年度报告", "合成测试县人民政府办公室", 2019),
        ("合成测试县人民政府2023年度政府信息公开工作年度报告", "合成测试县人民政府", 2023),
        ("《合成测试街道办事处 2022 年政府信息公开工作年度报告》", "合成测试街道办事处", 2022),
        ("首页 > 政务公开 > 合成测试镇人民政府2021年政府信息公开工作年度报告", "合成测试镇人民政府", 2021),
    ],
)
def test_office_from_year_first_and_year_last_titles(title, office, year):
    assert title_and_office(Document(title=title), None)[1:] == (office, year)


def _page(head: str, body: str, tmp_path):
    other = _other_site_html(_pingtan_2023())
    path = tmp_path / "page.html"
    path.write_text(
        other.replace("<title>某网站</title>", head).replace('<div class="info">发布时间：2024-01-30</div>', body)
    )
    return import_report(path, 2023)


def _pingtan_2023():
    from paths import ROOT

    catalog = load_catalog(ROOT / "data", ROOT)
    return next(r for r in catalog.reports if (r.office_id, r.year) == ("pingtan", 2023))


@pytest.mark.parametrize(
    "head, body, date",
    [
        ('<meta name="firstpublishedtime" content="2024-01-28 09:30:00">', "", "2024-01-28"),
        ('<meta name="pubdate" content="2024/01/27">', "", "2024-01-27"),
        ("", "<p>成文日期：2024年1月26日</p>", "2024-01-26"),
        ("", "<p>发布日期: 2024.01.25</p>", "2024-01-25"),
    ],
)
def test_publication_date_from_meta_tags_and_date_lines(tmp_path, head, body, date):
    result = _page(head, body, tmp_path)
    assert str(result.data["published"]) == date


def test_a_source_that_is_no_address_becomes_the_title(tmp_path):
    text = (SAMPLES / "pingtan-2023.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[0] = "# SOURCE: 合成测试档案室纸质原件 (发布时间 2024-01-30)"
    path = tmp_path / "paper.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    source = import_report(path, 2023).data["source"]
    assert "url" not in source
    assert source["note"] == "由 nianbao import 从 paper.txt 导入；原文出处：合成测试档案室纸质原件"


def test_another_countys_page_with_synonyms_and_heading_variants(tmp_path):
    """The page the issue describes: 「规范性文件」 in a 2021 表二, heading 五 worded as in the
    条例, 「总 计」 in 表四; every number still read, the synonym reported."""
    other = _other_site_html(_pingtan_2023())
    other = other.replace(">行政规范性文件<", ">规范性文件<").replace(">总计<", ">总 计<")
    path = tmp_path / "county.html"
    path.write_text(other, encoding="utf-8")
    result = import_report(path, 2023)
    assert result.not_found == []
    assert result.loose == ["表二第二十条第（一）项：原文「规范性文件」按「行政规范性文件」读取（同义写法）"]
    assert result.data["active"]["item1"]["normative_docs"]["in_force"] is not None


def test_table_two_items_as_separate_tables_under_caption_paragraphs(tmp_path):
    """Some sites print each 第二十条 item as a table of its own, its caption a paragraph above."""
    other = _other_site_html(_pingtan_2023())
    for item in ("一", "五", "六", "八"):
        caption = f"<tr><td>第二十条第({item})项</td></tr>"
        other = other.replace(caption, f"</table><p>第二十条第（{item}）项</p><table>", 1)
    path = tmp_path / "separate.html"
    path.write_text(other.replace("<table></table>", ""), encoding="utf-8")
    result = import_report(path, 2023)
    assert result.not_found == []
    assert (
        result.data["active"]["item8"]["fees"]["amount"]
        == _pingtan_2023().tables["active.item8"].cells[("fees", "amount")]
    )


def test_a_table_split_in_parts_by_page_breaks(tmp_path):
    """表三 in three tables (a Word file saved across page breaks): the middle part, rows 5–8 of
    （三）不予公开, names no table, and is read as the rest of the one before it."""
    other = _other_site_html(_pingtan_2023())
    for label in ("4.保护第三方合法权益", "8.属于行政查询事项"):
        start = other.index(f"<tr><td>{label}</td>")
        end = other.index("</tr>", start) + len("</tr>")
        other = other[:end] + "</table><p>合成测试分页</p><table border=1>" + other[end:]
    path = tmp_path / "split.html"
    path.write_text(other, encoding="utf-8")
    result = import_report(path, 2023)
    assert result.not_found == []
    _, report = load_imported(tmp_path, result.data)
    expected = {k: v for k, v in expected_cells("pingtan-2023").items() if k[0] == "requests"}
    assert {k: v for k, v in cells(report).items() if k[0] == "requests"} == expected


# ---------------------------------------------------------------- one reader of numbers and dates


@pytest.mark.parametrize(
    "printed, value, unit",
    [
        ("1,234", 1234, None),
        ("１２", 12, None),
        (" 4 119 ", 4119, None),
        ("-18", -18, None),
        ("73802895.90元", Decimal("73802895.90"), "元"),
        ("12件", 12, "件"),
        ("5949.088667", Decimal("5949.088667"), None),
        ("空", None, None),
        ("／", None, None),
        ("--", None, None),
    ],
)
def test_printed_numbers(printed, value, unit):
    assert scalars.read_printed(printed) == (value, unit)


@pytest.mark.parametrize("printed", ["约2600", "2600余", "1.2.3", "05", "10 5", "4 1 1 9"])
def test_printed_text_is_not_a_number(printed):
    with pytest.raises(scalars.ScalarError):
        scalars.read_printed(printed)


def test_what_the_importer_reads_the_validator_accepts():
    for printed in ("1,234", "１２", "-18", "12.39205", "0"):
        value, _ = scalars.read_printed(printed)
        if isinstance(value, Decimal):
            assert scalars.read_decimal(str(value), False) == value
        else:
            assert scalars.read_integer(str(value), False, signed=True) == value
    # The marks the importer reads as "not reported" are the ones the validator explains.
    assert scalars.read_printed("空") == (None, None)
    with pytest.raises(scalars.ScalarError, match="未填报请写 null"):
        scalars.read_integer("空", False)


@pytest.mark.parametrize(
    "text, date",
    [
        ("发布时间 2021-03-05 08:58", dt.date(2021, 3, 5)),
        ("2025年1月20日", dt.date(2025, 1, 20)),
        ("2024/1/30", dt.date(2024, 1, 30)),
        ("成文日期：2024.01.25", dt.date(2024, 1, 25)),
        ("2024-13-01", None),
        ("电话 0517-87222589", None),
    ],
)
def test_dates_in_text(text, date):
    assert scalars.find_date(text) == date


# ---------------------------------------------------------------- narrative fidelity

_HEADINGS = {
    "一、总体情况": "overview",
    "二、主动公开政府信息情况": "active",
    "三、收到和处理政府信息公开申请情况": "requests",
    "四、政府信息公开行政复议、行政诉讼情况": "appeals",
    "五、存在的主要问题及改进情况": "problems",
    "六、其他需要报告的事项": "other",
}


def _paragraphs(result) -> dict[str, list[str]]:
    return {
        key: [p.replace("\\", "") for p in (text or "").split("\n\n") if p]
        for key, text in result.data["sections"].items()
        if key != "preamble"
    }


def _page_paragraphs(name: str) -> dict[str, list[str]]:
    """The page's own paragraphs (its <p> elements outside tables) under each heading,
    read here independently of the importer."""
    soup = BeautifulSoup((SAMPLES / name).read_text(encoding="utf-8"), "lxml")
    out: dict[str, list[str]] = {}
    key = None
    for p in soup.find_all("p"):
        text = " ".join(p.get_text().split())
        if p.find_parent("table") is not None or not text:
            continue
        if text.startswith("扫一扫"):  # the site's footer
            break
        if text in _HEADINGS:
            key = _HEADINGS[text]
            out[key] = []
        elif key:
            out[key].append(text)
    return out


@pytest.mark.parametrize("name, year", [("pingtan-2020.html", 2020), ("pingtan-2023.html", 2023)])
def test_html_narrative_equals_the_page_paragraph_for_paragraph(name, year):
    got = _paragraphs(import_report(SAMPLES / name, year))
    expected = _page_paragraphs(name)
    assert {k: v for k, v in got.items() if v} == {k: v for k, v in expected.items() if v}


@pytest.mark.parametrize(
    "name, office, year",
    [("000_penghou-jiedao-2024.txt", "penghou-jiedao", 2024), ("pingtan-2020.txt", "pingtan", 2020),
     ("pingtan-2023.txt", "pingtan", 2023)],
)  # fmt: skip
def test_text_narrative_equals_the_checked_data_paragraph_for_paragraph(root, name, office, year):
    """The text copies print each section as one line; the data files hold them split at
    their numbered items, checked by hand against the published pages."""
    result = import_report(SAMPLES / name, year)
    catalog = load_catalog(root / "data", root)
    ours = next(r for r in catalog.reports if (r.office_id, r.year) == (office, year))
    for key in ("preamble", "overview", "active", "requests", "appeals", "problems", "other"):
        got = (result.data["sections"].get(key) or "").split("\n\n")
        assert got == (ours.sections.get(key) or "").split("\n\n"), key
