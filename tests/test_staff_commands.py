"""The staff commands never falsely reassure: `nianbao validate PATH` checks exactly what it
is given, refuses what is not report data, every command finds the portal upwards or says how
to point it there, years are plausible, and argparse speaks Chinese."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from nianbao.data.model import plausible_years, year_problem
from nianbao.staff.cli import main
from nianbao.staff.cliparse import translate_error

CORPUS = Path(__file__).parent / "bad_input"


@pytest.fixture
def portal(tmp_path, monkeypatch):
    project = tmp_path / "portal"
    folder = project / "data" / "sample-office"
    folder.mkdir(parents=True)
    (project / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    shutil.copy(CORPUS / "office.yml", folder / "office.yml")
    shutil.copy(CORPUS / "valid_new_report.yml", folder / "2023.yml")
    monkeypatch.chdir(project)
    return project


def draft_elsewhere(tmp_path: Path, name: str = "2023.yml", broken: bool = True) -> Path:
    """A clerk's draft outside data/, whose 一、本年新收 总计 does not add up."""
    folder = tmp_path / "drafts"
    folder.mkdir(exist_ok=True)
    text = (CORPUS / "valid_new_report.yml").read_text(encoding="utf-8")
    if broken:
        text = text.replace("other: 0, total: 81}  # 一、", "other: 0, total: 82}  # 一、")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_report_outside_data_is_checked_on_its_own(portal, tmp_path, capsys):
    path = draft_elsewhere(tmp_path)
    assert main(["validate", str(path)]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 2 and all(line.startswith(f"{path}:48:107 requests.new.total: [错误] ") for line in lines)
    assert captured.err.splitlines() == [
        f"已检查 {path}（1 份报告）：2 个错误，0 个警告。",
        "注意：同一目录下没有可用的 office.yml：未核对机关信息和发布期限。",
        "注意：同一目录下没有可用的 2022.yml：未做跨年度核对。",
    ]


def test_a_lone_report_is_checked_with_its_office_and_last_year(portal, tmp_path, capsys):
    path = draft_elsewhere(tmp_path, broken=False)
    shutil.copy(CORPUS / "office.yml", path.parent / "office.yml")
    last = (CORPUS / "valid_new_report.yml").read_text(encoding="utf-8").replace("year: 2023", "year: 2022")
    last = last.replace("published: 2024-03-08", "published: 2023-03-08")
    carried = "carried_forward: {natural_person: 0, commercial: 0"
    assert carried in last
    (path.parent / "2022.yml").write_text(
        last.replace(carried, "carried_forward: {natural_person: 2, commercial: 0"), encoding="utf-8"
    )
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "[警告] 「自然人」列的上年结转为 0，但 2022 年报告的结转下年度继续办理为 2" in out
    assert "drafts/2022.yml" not in out  # last year's own problems are not this file's


def test_a_draft_may_have_any_name(portal, tmp_path, capsys):
    path = draft_elsewhere(tmp_path, "草稿.yml", broken=False)
    assert main(["validate", str(path)]) == 0
    assert "注意：文件名不是「年度.yml」：放入 data/机关目录/ 时请命名为 2023.yml。" in capsys.readouterr().err


def test_files_that_are_not_reports_are_refused(portal, capsys):
    (portal / "README.md").write_text("# 说明\n", encoding="utf-8")
    (portal / "office.yml").write_text("name: 示例机关\nkind: 人民政府\n", encoding="utf-8")
    assert main(["validate", "README.md", "/etc/passwd", "mkdocs.yml", "office.yml"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "README.md 不是报告数据文件：报告是「年度.yml」形式的 YAML 文件（如 data/pingtan/2024.yml）",
        "/etc/passwd 不是报告数据文件：报告是「年度.yml」形式的 YAML 文件（如 data/pingtan/2024.yml）",
        "mkdocs.yml 不是年度报告：文件中没有 year、origin、sections 等报告的键",
        "office.yml 是机关信息文件：请校验它所在的目录（nianbao validate .）",
    ]
    # One refusal among good paths still fails, after the good ones are checked.
    assert main(["validate", "data/sample-office", "README.md"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "README.md 不是报告数据文件：报告是「年度.yml」形式的 YAML 文件（如 data/pingtan/2024.yml）",
        "已检查 data/sample-office（1 份报告、1 个机关）：0 个错误，0 个警告。",
    ]


def test_a_report_in_data_is_checked_with_the_whole_portal(portal, capsys):
    assert main(["validate", "data/sample-office/2023.yml"]) == 0
    assert capsys.readouterr().err == "已检查 data/sample-office/2023.yml（1 份报告）：0 个错误，0 个警告。\n"


def test_outside_a_portal_commands_say_how_to_point_there(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    hint = (
        f"当前目录 {tmp_path} 不在门户项目中（向上找不到 mkdocs.yml）：请先 cd 到门户目录，"
        "或用 --root 指定，如 nianbao --root ~/nianbao validate"
    )
    for argv in (
        ["validate"],
        ["new-office", "dong", "--name", "东街道办事处", "--kind", "街道办事处"],
        ["new", "dong", "2024"],
        ["codeowners"],
        ["schema"],
        ["pages", "out"],
    ):
        assert main(argv) == 2, argv
        assert capsys.readouterr().err.splitlines() == [hint], argv
    assert list(tmp_path.iterdir()) == []  # nothing created: no data/, no out/
    assert main(["--root", str(tmp_path), "validate"]) == 2
    assert capsys.readouterr().err == f"--root 指定的 {tmp_path} 不是门户项目目录（其中没有 mkdocs.yml）\n"


def test_the_portal_is_found_from_a_subfolder(portal, monkeypatch, capsys):
    monkeypatch.chdir(portal / "data" / "sample-office")
    assert main(["validate"]) == 0
    assert capsys.readouterr().err.startswith("已检查 1 份报告、1 个机关：")


def test_unwritable_paths_are_one_line_not_a_traceback(portal, root, capsys):
    (portal / "overrides").symlink_to(root / "overrides")
    (portal / "docs").mkdir()
    assert main(["pages", "mkdocs.yml/out"]) == 2
    err = capsys.readouterr().err
    assert err.split("：")[0].endswith("mkdocs.yml/out") and err.endswith("：路径中有一部分不是目录\n")
    assert err.count("\n") == 1


def test_plausible_years_follow_the_date():
    assert plausible_years(dt.date(2026, 1, 1)) == range(2019, 2026)
    assert plausible_years(dt.date(2026, 12, 31)) == range(2019, 2026)
    assert year_problem(2025, dt.date(2026, 1, 1)) is None
    assert year_problem(2019, dt.date(2026, 1, 1)) is None
    assert year_problem(2018, dt.date(2026, 1, 1)) == (
        "报告年度为 2018，但本门户收录的标准表格自 2019 年度起使用；报告年度应在 2019 至 2025 之间"
    )
    assert year_problem(2026, dt.date(2026, 6, 1)) == (
        "报告年度为 2026，但该年度尚未结束（今天是 2026-06-01）；报告年度应在 2019 至 2025 之间"
    )


@pytest.mark.parametrize("year", ["-5", "0", "1999", "2099", "2026"])
def test_new_refuses_implausible_years(portal, year, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 11, 29, tzinfo=dt.timezone.utc).timestamp())))
    with pytest.raises(SystemExit) as exit_:
        main(["new", "sample-office", year])
    assert exit_.value.code == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "用法：nianbao new [-h] 机关目录名 年度"
    assert err[1] == f"nianbao new：错误：参数 年度：{year_problem(int(year), dt.date(2026, 11, 29))}"
    assert not (portal / "data" / "sample-office" / f"{year}.yml").exists()


def test_import_applies_the_same_year_rule(portal, capsys):
    with pytest.raises(SystemExit):
        main(["import", "x.html", "--office", "sample-office", "--year", "1999"])
    assert (
        "nianbao import：错误：参数 --year：报告年度为 1999，但本门户收录的标准表格自 2019 年度起使用"
        in capsys.readouterr().err
    )


def test_help_and_argument_errors_are_chinese(capsys):
    for argv in (["--help"], ["validate", "--help"], ["new", "--help"], ["new-office", "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
        out = capsys.readouterr().out
        assert out.startswith("用法：nianbao")
        for english in ("usage", "positional arguments", "options:", "show this help message"):
            assert english not in out, (argv, english)
    for argv, message in (
        (["new"], "nianbao new：错误：缺少必填的参数：机关目录名, 年度"),
        (["new", "x", "二〇二五"], "nianbao new：错误：参数 年度：报告年度应为四位数字，如 2025，但写成了「二〇二五」"),
        (["frob"], "nianbao：错误：参数 命令：无效的选择 'frob'（可选："),
        (["validate", "--bogus"], "nianbao：错误：无法识别的参数：--bogus"),
    ):
        with pytest.raises(SystemExit):
            main(argv)
        assert message in capsys.readouterr().err, argv


def test_unknown_argparse_messages_are_kept():
    assert translate_error("argument --format: expected one argument") == "参数 --format：需要一个值"
    assert translate_error("something new") == "something new"


def test_the_schema_bounds_the_year_from_below_only(root):
    """The upper bound moves with the date, so it is rule D1's: the committed schema is the
    same every day (and in every reproducible build)."""
    import json

    year = json.loads((root / "docs" / "data" / "schema.json").read_text(encoding="utf-8"))["properties"]["year"]
    assert year["minimum"] == plausible_years(dt.date.today()).start == 2019
    assert "maximum" not in year


def test_nianbao_prints_no_end_of_life_banner(root):
    """Material's banner is printed by `mkdocs` unless NO_MKDOCS_2_WARNING is set (README);
    the portal's own command never prints it."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}
    result = subprocess.run(
        [sys.executable, "-m", "nianbao.staff.cli", "validate"], cwd=root, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "end of life" not in result.stderr + result.stdout


def test_a_portal_without_data_says_how_to_begin(tmp_path, monkeypatch, capsys):
    (tmp_path / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 1
    assert capsys.readouterr().out == "data: [错误] 找不到数据目录：新门户请先用 nianbao new-office 创建第一个机关\n"
    assert main(["new-office", "dong", "--name", "合成测试东街道办事处", "--kind", "街道办事处"]) == 0
    assert (tmp_path / "data" / "dong" / "office.yml").is_file()


def test_new_with_an_office_name_suggests_a_command_that_works(portal, capsys):
    """`nianbao new 平潭 2024` once suggested `nianbao new-office 平潭`, which is refused too."""
    assert main(["new", "示例", "2024"]) == 2
    err = capsys.readouterr().err
    assert "是不是 sample-office（示例机关）？例如：nianbao new sample-office 年度" in err
    assert main(["new", "平潭", "2024"]) == 2
    err = capsys.readouterr().err
    assert "机关目录名只能由小写字母、数字和连字符组成" in err
    assert "nianbao new-office 平潭" not in err
    suggested = "nianbao new-office pingtan --name 平潭综合实验区 --kind 人民政府"
    assert suggested in err
    assert main(suggested.split()[1:]) == 0


def test_new_says_when_carried_over_cannot_be_prefilled(portal, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 11, 29, tzinfo=dt.timezone.utc).timestamp())))
    assert main(["new", "sample-office", "2024"]) == 0  # 2023 is there: prefilled, nothing to say
    assert "注意" not in capsys.readouterr().out
    assert main(["new", "sample-office", "2022"]) == 0  # no 2021 report
    out = capsys.readouterr().out
    assert "注意：二、上年结转没有预填（本门户没有 2021 年度的报告）" in out
