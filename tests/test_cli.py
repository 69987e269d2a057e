"""`nianbao validate` as staff and CI run it: exit codes, the three output formats."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from nianbao.staff.cli import main

CORPUS = Path(__file__).parent / "bad_input"


def run(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nianbao.staff.cli", *args], capture_output=True, text=True, cwd=cwd, env=env
    )


@pytest.fixture
def project(tmp_path):
    """A portal folder with one good and one broken report."""
    (tmp_path / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    folder = tmp_path / "data" / "sample-office"
    folder.mkdir(parents=True)
    shutil.copy(CORPUS / "office.yml", folder / "office.yml")
    shutil.copy(CORPUS / "valid_new_report.yml", folder / "2023.yml")
    return tmp_path


def test_clean_data_exits_zero(project, capsys, monkeypatch):
    monkeypatch.chdir(project)
    assert main(["validate"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == "已检查 1 份报告、1 个机关：0 个错误，0 个警告。"


def test_errors_exit_one_with_one_line_each(project, capsys, monkeypatch):
    shutil.copy(CORPUS / "results_sum_broken.yml", project / "data" / "sample-office" / "2023.yml")
    monkeypatch.chdir(project)
    assert main(["validate"]) == 1
    out = capsys.readouterr().out.splitlines()
    # Both breaks (the row's 总计 and the column's （七）总计) come from one cell: both point at it.
    assert [line.split(" ", 1)[0] for line in out] == [
        "data/sample-office/2023.yml:51:31",
        "data/sample-office/2023.yml:51:31",
    ]


def test_warnings_fail_as_in_ci(project, capsys, monkeypatch):
    """CI builds with --strict, so a warning fails the local check too, and says how to
    acknowledge it when it is right."""
    shutil.copy(CORPUS / "not_reported_total.yml", project / "data" / "sample-office" / "2023.yml")
    monkeypatch.chdir(project)
    assert main(["validate"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "data/sample-office/2023.yml:51:113 requests.results.granted.total: [警告] 表三有 1 个单元格未填报（null）；"
        "没有发生的事项请填 0。如核对无误、确有原因，请在文件中写明原因：acknowledged: [{rule: N1, reason: 原因}]（N1）"
    ]
    assert captured.err.splitlines() == [
        "已检查 1 份报告、1 个机关：0 个错误，1 个警告；另有 2 条说明（加 --verbose 查看）。",
        "警告同样使本命令返回 1，与 CI 的严格构建（mkdocs build --strict）一致：请改正，或按提示在 acknowledged 中写明原因。",
    ]
    assert main(["validate", "--strict"]) == 1
    assert main(["validate", "--verbose"]) == 1
    assert capsys.readouterr().out.count("[说明]") == 2
    path = project / "data" / "sample-office" / "2023.yml"
    path.write_text(
        path.read_text(encoding="utf-8") + "acknowledged:\n  - {rule: N1, reason: 合成测试：原表此格空白}\n",
        encoding="utf-8",
    )
    assert main(["validate"]) == 0


def test_json_format(project, capsys, monkeypatch):
    shutil.copy(CORPUS / "bool_for_count.yml", project / "data" / "sample-office" / "2023.yml")
    monkeypatch.chdir(project)
    assert main(["validate", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out) == [
        {
            "file": "data/sample-office/2023.yml",
            "line": 40,
            "column": 27,
            "key": "active.item6.coercion.decisions",
            "message": "应为非负整数，但写成了「no」，YAML 会把它当作“是/否”；未填报请写 null，零请写 0",
            "rule": "L8",
            "severity": "error",
        }
    ]


def test_github_format_annotates_and_writes_the_summary(project, tmp_path, capsys, monkeypatch):
    shutil.copy(CORPUS / "results_sum_broken.yml", project / "data" / "sample-office" / "2023.yml")
    summary = tmp_path / "summary.md"
    monkeypatch.chdir(project)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["validate", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(
        "::error file=data/sample-office/2023.yml,line=51,col=31,title=requests.results.granted.natural_person R3.2::"
    )
    assert "「（一）予以公开」的总计为 22，但自然人至其他之和为 28" in lines[0]
    assert len(lines) == 2
    text = summary.read_text(encoding="utf-8")
    assert "| 错误 | `data/sample-office/2023.yml:51:31` | `requests.results.granted.natural_person` |" in text


def test_github_annotations_are_capped(project, capsys, monkeypatch):
    text = (CORPUS / "valid_new_report.yml").read_text(encoding="utf-8")
    for n in range(12):  # twelve unknown keys
        text += f"extra_{n}: 1\n"
    (project / "data" / "sample-office" / "2023.yml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(project)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert main(["validate", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 11
    assert lines[-1] == "::notice::另有 2 个问题未逐条标注，完整列表见本次运行的摘要（Summary）。"


def test_paths_limit_what_is_reported(project, capsys, monkeypatch):
    other = project / "data" / "other-office"
    other.mkdir()
    (other / "office.yml").write_text("name: 另一示例机关\nkind: 人民政府\n", encoding="utf-8")
    shutil.copy(CORPUS / "bool_for_count.yml", other / "2023.yml")
    monkeypatch.chdir(project)
    assert main(["validate", "data/sample-office"]) == 0
    assert main(["validate", "data/other-office/2023.yml"]) == 1
    assert main(["validate", "data/nowhere.yml"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == "找不到 data/nowhere.yml"


def test_the_real_data_validates(root):
    result = run("validate", "--strict", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        result.stderr.strip() == "已检查 3 份报告、2 个机关：0 个错误，0 个警告；另有 2 条说明（加 --verbose 查看）。"
    )
    verbose = run("validate", "--verbose", "data/pingtan/2020.yml", cwd=root)
    # No single cell explains both column totals: the message says which cells are involved.
    assert verbose.stdout.splitlines() == [
        "data/pingtan/2020.yml:94:31 requests.results.granted.natural_person: [说明] 「自然人」列的（七）总计为 20，但（一）予以公开至（六）其他处理之和为 26。"
        "没有哪一格单独改正即可全部相符；问题应在「（一）予以公开」至「（六）其他处理」19 行的「自然人」之中，其他涉及的单元格：「（七）总计」的「自然人」（R3.3）",
        "data/pingtan/2020.yml:94:112 requests.results.granted.total: [说明] 「总计」列的（七）总计为 21，但（一）予以公开至（六）其他处理之和为 27。"
        "没有哪一格单独改正即可全部相符；问题应在「（一）予以公开」至「（六）其他处理」19 行的「总计」之中，其他涉及的单元格：「（七）总计」的「总计」（R3.3）",
    ]
    assert verbose.stderr.splitlines() == ["已检查 data/pingtan/2020.yml（1 份报告）：0 个错误，0 个警告。"]


def test_installed_console_script(root):
    """The `nianbao` command of the README (installed by `pip install -e .`)."""
    exe = shutil.which("nianbao")
    assert exe, "nianbao 命令未安装：请先运行 pip install -e '.[test]'"
    result = subprocess.run([exe, "validate"], capture_output=True, text=True, cwd=root)
    assert result.returncode == 0, result.stderr
