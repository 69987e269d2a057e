"""`nianbao import` of a whole archive: a folder or several files, a manifest, office and
year from file names, progress only on a terminal, one bad file never stopping the rest,
and the closing summary a clerk acts on."""

from __future__ import annotations

import io
import shutil

import pytest
import yaml
from nianbao.importing.archive import read_manifest
from nianbao.importing.summary import Progress
from nianbao.staff.cli import main
from paths import SAMPLES


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = tmp_path / "portal"
    root.mkdir()
    (root / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def archive(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    for name in ("pingtan-2020.html", "pingtan-2023.txt", "hongze-2023.pdf"):
        shutil.copy(SAMPLES / name, folder / name)
    (folder / "broken-2022.pdf").write_bytes(b"%PDF-1.4 not really")
    (folder / "合成测试通知.txt").write_text("合成测试\n", encoding="utf-8")
    (folder / "README.md").write_text("# notes beside the reports\n", encoding="utf-8")
    return folder


def test_a_folder_imports_in_one_run_and_ends_in_a_summary(project, archive, capsys):
    assert main(["import", str(archive)]) == 1  # some files were not imported
    captured = capsys.readouterr()
    out = captured.out.splitlines()
    assert out[:7] == [
        "文件               机关/年度     读出  未读出  近似标签  不合勾稽    结果",
        "-----------------  ------------  ----  ------  --------  ----------  ------",
        "broken-2022.pdf    broken/2022      -       -         -  -           未导入",
        "hongze-2023.pdf    hongze/2023    186       0         1  R4.1、R4.3  完整",
        "pingtan-2020.html  pingtan/2020   198       0         0  R3.3        完整",
        "pingtan-2023.txt   pingtan/2023   200       0         0  0           完整",
        "合成测试通知.txt   ?/?              -       -         -  -           未导入",
    ]
    assert f"未导入 {archive / 'broken-2022.pdf'}：无法打开 PDF 文件：文件已损坏，或不是 PDF" in out
    assert (
        f"未导入 {archive / '合成测试通知.txt'}：无法从文件名推断机关目录名：请用 --office 指定，或写在清单（--manifest）里"
        in out
    )
    assert "  表三：原文「2.其他法律行政止公开」按「2.其他法律行政法规禁止公开」读取（相近写法）" in out
    # Not a terminal: no progress line, only the closing count.
    assert captured.err == "共 5 个文件：完整 3 个，不完整 0 个，未导入 2 个。\n"
    assert sorted(p.relative_to(project).as_posix() for p in (project / "data").rglob("*.yml")) == [
        "data/hongze/2023.yml",
        "data/hongze/office.yml",
        "data/pingtan/2020.yml",
        "data/pingtan/2023.yml",
        "data/pingtan/office.yml",
    ]
    assert main(["validate"]) == 0
    # A second run overwrites nothing.
    assert main(["import", str(archive)]) == 2
    assert "data/pingtan/2020.yml 已存在，不会覆盖；确需覆盖请加 --force" in capsys.readouterr().out


def test_a_manifest_names_office_year_name_and_address(project, archive, capsys):
    (archive / "洪泽区2023年报.pdf").write_bytes((archive / "hongze-2023.pdf").read_bytes())
    manifest = archive / "清单.csv"
    manifest.write_text(
        "文件,机关,年度,名称,网址\n"
        "洪泽区2023年报.pdf,huaian-hongze,2023,淮安市洪泽区人民政府,https://www.hongze.gov.cn/example.html\n"
        "pingtan-2023.txt,pingtan,2023,,\n",
        encoding="utf-8",
    )
    assert main(["import", "--manifest", str(manifest)]) == 0
    capsys.readouterr()
    office = yaml.safe_load((project / "data" / "huaian-hongze" / "office.yml").read_text(encoding="utf-8"))
    assert office["name"] == "淮安市洪泽区人民政府"
    report = yaml.safe_load((project / "data" / "huaian-hongze" / "2023.yml").read_text(encoding="utf-8"))
    assert report["source"]["url"] == "https://www.hongze.gov.cn/example.html"
    assert (project / "data" / "pingtan" / "2023.yml").is_file()


def test_a_manifest_with_a_bad_year_imports_nothing(project, archive, capsys):
    manifest = archive / "list.csv"
    manifest.write_text("file,office,year\npingtan-2023.txt,pingtan,二〇二三\n", encoding="utf-8")
    assert main(["import", "--manifest", str(manifest)]) == 2
    assert (
        capsys.readouterr().err == f"清单有误，未导入任何文件：\n{manifest}:2: 年度应为四位数字，写成了「二〇二三」\n"
    )
    assert not (project / "data").exists()


def test_office_and_year_come_from_names_or_options(archive):
    jobs = read_manifest(_write(archive / "m.csv", "file,office,year\nhongze-2023.pdf,,\n"))
    assert [(j.office, j.year) for j in jobs.values()] == [(None, None)]  # filled in from the name later


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_progress_is_drawn_on_a_terminal_only():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal, log = Terminal(), io.StringIO()
    for stream in (terminal, log):
        progress = Progress(3, stream)
        for done, name in enumerate(("a.pdf", "b.pdf", "c.pdf")):
            progress.show(done, name)
        progress.show(3, "")
        progress.close()
    assert log.getvalue() == ""
    assert terminal.getvalue().count("\r") == 5
    assert "\r导入 1/3 [████████················] b.pdf" in terminal.getvalue()
