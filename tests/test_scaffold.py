"""`nianbao new-office`, `nianbao new` and `nianbao codeowners`, as staff use them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from builders import SYNTHETIC_PROBLEMS, report_data, write_office, write_report
from nianbao.build.site import build_sources
from nianbao.catalog import load_catalog
from nianbao.staff.cli import main


@pytest.fixture
def portal(tmp_path, monkeypatch, root):
    (tmp_path / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "overrides").symlink_to(root / "overrides")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_new_office(portal, capsys):
    assert main(["new-office", "dong-jiedao", "--name", "东街道办事处", "--kind", "街道办事处"]) == 0
    text = (portal / "data" / "dong-jiedao" / "office.yml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../docs/data/office.schema.json"
    assert 'name: "东街道办事处"' in text and 'kind: "街道办事处"' in text
    assert main(["new-office", "dong-jiedao", "--name", "x", "--kind", "其他"]) == 2
    assert "已存在，不会覆盖" in capsys.readouterr().err
    assert main(["new-office", "Dong Jiedao", "--name", "x", "--kind", "其他"]) == 2
    catalog = load_catalog(portal / "data", portal)
    assert catalog.problems.sorted() == [] and catalog.offices["dong-jiedao"].name == "东街道办事处"


def test_new_report_is_a_complete_draft_with_carry_over(portal, capsys):
    data = portal / "data"
    write_office(data, "dept")
    last = report_data(2024)
    for row in ("new", "carried_forward"):
        last["requests"][row]["commercial"] = 2
        last["requests"][row]["total"] = 2
    write_report(data, "dept", last)
    assert main(["new", "dept", "2025"]) == 0
    assert "二、上年结转已按上年报告的结转下年度继续办理填好" in capsys.readouterr().out
    text = (data / "dept" / "2025.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../docs/data/schema.json\n")
    assert "draft: true" in text
    assert (
        "carried_over: {natural_person: 0, commercial: 2, research: 0, social_org: 0, legal_service: 0, other: 0, total: 2}  # 二、上年结转政府信息公开申请数量"
        in text
    )
    assert "# 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请" in text
    assert re.search(
        r"^  item8:  # 第二十条第（八）项\n    version: 2021\n    fees: \{amount: null\}  # 行政事业性收费$", text, re.M
    )
    assert main(["new", "dept", "2025"]) == 2  # never overwrites

    catalog = load_catalog(data, portal, today=dt.date(2026, 11, 29))
    assert catalog.problems.errors == [] and catalog.problems.warnings == []
    draft = [p.message for p in catalog.problems.sorted() if p.rule == "N2"]
    assert draft == [
        "本报告是草稿，不会发布；尚未填写：表二第二十条第（一）项 6 个单元格、表二第二十条第（五）项 1 个单元格、"
        "表二第二十条第（六）项 2 个单元格、表二第二十条第（八）项 1 个单元格、表三 168 个单元格、表四 15 个单元格、"
        "正文「一、总体情况」、正文「五、存在的主要问题及改进情况」、正文「六、其他需要报告的事项」、发布日期 published、落款 signed_by。填完后删去 draft: true"
    ]
    assert "offices/dept/2025.md" not in build_sources(portal, portal / "docs").pages


def test_filled_in_draft_validates_and_renders(portal, root):
    data = portal / "data"
    write_office(data, "dept")
    assert main(["new", "dept", "2025"]) == 0
    path = data / "dept" / "2025.yml"
    text = path.read_text(encoding="utf-8").replace("draft: true  # 草稿，未填完前为 true\n", "")
    text = text.replace("published: null", "published: 2026-01-20").replace("signed_by: null", "signed_by: 测试机关")
    text = text.replace(": null", ": 0")
    for key, body in (
        ("overview", "全年主动公开信息 12 条。"),
        ("problems", SYNTHETIC_PROBLEMS),  # 「无。」 would be a quality warning (Q4)
        ("other", "本年度未收取信息处理费。"),
    ):
        text = re.sub(rf"^  {key}: null$", f"  {key}: {body}", text, flags=re.M).replace(
            f"  {key}: 0\n", f"  {key}: {body}\n"
        )
    path.write_text(text, encoding="utf-8")
    catalog = load_catalog(data, portal, today=dt.date(2026, 11, 29))
    assert [p.format_text() for p in catalog.problems.sorted()] == []
    page = build_sources(portal, portal / "docs").pages["offices/dept/2025.md"]
    assert "# 测试机关 2025 年度政府信息公开工作年度报告" in page


def test_new_report_needs_the_office(portal, capsys):
    assert main(["new", "nobody", "2025"]) == 2
    assert "请先运行 nianbao new-office nobody" in capsys.readouterr().err


MAINTAINERS = 'maintainers: "@org/portal-maintainers"\n'


def test_codeowners_follow_office_owners(portal, capsys):
    (portal / "data" / "portal.yml").write_text(MAINTAINERS, encoding="utf-8")
    write_office(portal / "data", "dept", owners=["@zhangsan", "@org/disclosure"])
    write_office(portal / "data", "other", name="其他机关")
    assert main(["codeowners", "--check"]) == 1
    assert main(["codeowners"]) == 0
    assert (portal / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()[4:] == [
        "* @org/portal-maintainers",
        "",
        "/data/dept/ @zhangsan @org/disclosure",
        "# /data/other/ （其他机关）尚未在 office.yml 中指定负责人 owners，由维护团队审核",
        "",
        "/hooks/ @org/portal-maintainers",
        "/overrides/ @org/portal-maintainers",
        "/.github/ @org/portal-maintainers",
        "/mkdocs.yml @org/portal-maintainers",
        "/pyproject.toml @org/portal-maintainers",
        "/data/portal.yml @org/portal-maintainers",
    ]
    assert main(["codeowners", "--check"]) == 0


def test_codeowners_needs_the_maintainers_team(portal, capsys):
    write_office(portal / "data", "dept", owners=["@zhangsan"])
    assert main(["codeowners"]) == 1
    assert "data/portal.yml 缺少 maintainers" in capsys.readouterr().err
    assert not (portal / ".github" / "CODEOWNERS").exists()


@pytest.mark.parametrize(
    "office_text, expected",
    [
        (
            'name: "合成测试机关\\n* @attacker"\nkind: 其他\nowners: ["@zhangsan"]\n',
            "data/evil/office.yml:1:7 name: [错误] 不能包含换行、控制字符、双向文本控制符或零宽字符（U+000A 换行），"
            "但写成了「合成测试机关⟨U+000A⟩* @attacker」；请删去它们（常见于从网页或 Word 复制的文字）",
        ),
        (
            'name: 合成测试机关\nkind: 其他\nowners: ["@zhangsan\\n/hooks/ @attacker"]\n',
            "data/evil/office.yml:3:10 owners[0]: [错误] 不能包含换行、控制字符、双向文本控制符或零宽字符（U+000A 换行），"
            "但写成了「@zhangsan⟨U+000A⟩/hooks/ @attacker」；请删去它们（常见于从网页或 Word 复制的文字）",
        ),
        (
            'name: 合成测试机关\nkind: 其他\nowners: ["@zhangsan /hooks/"]\n',
            "data/evil/office.yml:3:10 owners[0]: [错误] 应为GitHub 账号或团队，以 @ 开头（如 @zhangsan 或 @org/team），"
            "但写成了「@zhangsan /hooks/」",
        ),
        ("kind: 其他\n", "data/evil/office.yml:1:1 name: [错误] 缺少必填项「name」（全称）"),
    ],
)
def test_codeowners_refuses_an_invalid_office(portal, capsys, office_text, expected):
    (portal / "data" / "portal.yml").write_text(MAINTAINERS, encoding="utf-8")
    write_office(portal / "data", "dept", owners=["@zhangsan"])
    (portal / "data" / "evil").mkdir()
    (portal / "data" / "evil" / "office.yml").write_text(office_text, encoding="utf-8")
    assert main(["codeowners"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        expected,
        "以上问题改正之前，不能生成 .github/CODEOWNERS：每个机关目录都必须有有效的 office.yml",
    ]
    assert not (portal / ".github" / "CODEOWNERS").exists()


def test_codeowners_refuses_a_folder_without_office_file(portal, capsys):
    (portal / "data" / "portal.yml").write_text(MAINTAINERS, encoding="utf-8")
    (portal / "data" / "lost").mkdir()
    assert main(["codeowners"]) == 1
    assert "data/lost/office.yml: [错误] 缺少机关信息文件 office.yml" in capsys.readouterr().err


def test_committed_codeowners_is_current(root, monkeypatch):
    monkeypatch.chdir(root)
    assert main(["codeowners", "--check"]) == 0, "运行 nianbao codeowners 重新生成 .github/CODEOWNERS"


def test_owner_handles_are_checked(portal):
    write_office(portal / "data", "dept", owners=["zhangsan"])
    catalog = load_catalog(portal / "data", portal)
    assert [p.message for p in catalog.problems.sorted()] == [
        "应为GitHub 账号或团队，以 @ 开头（如 @zhangsan 或 @org/team），但写成了「zhangsan」"
    ]


def test_corrections_show_on_the_report_page(portal):
    write_office(portal / "data", "dept")
    data = report_data(2024)
    data["corrections"] = [{"date": dt.date(2025, 2, 10), "note": "表三「（一）予以公开」自然人一栏由 22 更正为 23。"}]
    write_report(portal / "data", "dept", data)
    page = build_sources(portal, portal / "docs").pages["offices/dept/2024.md"]
    assert '<p class="admonition-title">更正记录</p>' in page
    assert "<li>2025年2月10日：表三「（一）予以公开」自然人一栏由 22 更正为 23。</li>" in page
