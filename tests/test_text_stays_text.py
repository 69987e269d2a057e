"""Text from the data stays text wherever it is shown (issue 25): never a heading in a report
page, never an image, a link or raw HTML in a CI job summary, never a terminal control in the
importer's output, never a file outside the manifest's folder."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup
from nianbao.views.narrative import NarrativeRenderer

render = NarrativeRenderer().render

HEADING_FORMS = {
    "atx": "# 质量提示",
    "atx_without_space": "#质量提示",
    "atx_closed": "## 勾稽关系核对 ##",
    "setext_level_1": "质量提示\n====",
    "setext_level_2": "勾稽关系核对\n----",
    "in_a_quote": "> # 质量提示",
    "setext_in_a_quote": "> 质量提示\n> ===",
    "in_a_list_item": "- # 质量提示",
    "in_a_nested_list_item": "1. 甲\n\n    ## 质量提示",
    "in_a_quote_in_a_list": "- > ### 质量提示",
    "with_inline_markup": "### 乙区人民政府 *2024 年度* [报告](../2024/)",
}


@pytest.mark.parametrize("form", sorted(HEADING_FORMS))
def test_every_heading_form_in_a_narrative_is_demoted(form):
    page = BeautifulSoup(str(render(HEADING_FORMS[form])), "html.parser")
    assert page.find(["h1", "h2", "h3", "h4", "h5", "h6"]) is None, page
    strong = page.find("strong")
    assert strong is not None and any(
        word in strong.get_text() for word in ("质量提示", "勾稽关系核对", "乙区人民政府")
    )


def test_the_job_summary_shows_values_as_text():
    """A quoted value with an image and a key with backticks and a tag render as code, exactly."""
    import markdown
    from nianbao.problems import Problem, format_summary_markdown

    values = {
        "file": "data/a`b/2023.yml",
        "key": "notes.`<img src=x onerror=alert(1)>`",
        "message": "应为文字，但写成了「![](https://x.invalid/a.png) [链](https://x.invalid/) <b>粗</b> a|b \\|c ``` www.x.invalid」",
    }
    problem = Problem(values["file"], 3, 1, values["key"], values["message"], "L1")
    page = BeautifulSoup(markdown.markdown(format_summary_markdown([problem]), extensions=["tables"]), "html.parser")
    assert page.find(["img", "a", "b", "script"]) is None, page
    cells = page.select("tbody tr td")
    assert len(cells) == 4, page
    shown = [cell.get_text().replace("\\|", "|") for cell in cells]  # the table's pipe escape (as GitHub reads it)
    assert shown == ["错误", values["file"] + ":3:1", values["key"], values["message"] + "（L1）"]
    assert all(cell.find("code") for cell in cells[1:])


FORGED = "\x1b[2K\r全部完整，无需核对\n"
"""Part of a file name in a received archive: erase the line, print a verdict, break the line."""


@pytest.fixture
def import_project(tmp_path, monkeypatch):
    root = tmp_path / "portal"
    root.mkdir()
    (root / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def _terminal_safe(text: str) -> bool:
    return not any(ord(ch) < 0x20 and ch != "\n" or 0x7F <= ord(ch) < 0xA0 for ch in text)


def test_the_importer_prints_names_as_visible_characters(import_project, tmp_path, capsys):
    from paths import SAMPLES

    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(SAMPLES / "pingtan-2020.html", archive / f"pingtan-2020{FORGED}.html")
    (archive / f"未知{FORGED}-2023.txt").write_text("合成测试\n", encoding="utf-8")
    from nianbao.staff.cli import main

    main(["import", str(archive), "--year", "2020"])
    captured = capsys.readouterr()
    for text in (captured.out, captured.err):
        assert _terminal_safe(text), repr(text)
    assert "全部完整，无需核对⟨U+000A⟩" in captured.out
    assert "⟨U+001B⟩[2K⟨U+000D⟩" in captured.out
    # Every line the importer wrote is one of its own lines: none starts with the forged text.
    assert not any(line.startswith("全部完整") for line in (captured.out + captured.err).splitlines())


def test_the_progress_line_shows_names_as_visible_characters():
    import io

    from nianbao.importing.summary import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    progress = Progress(2, stream)
    progress.show(1, f"a{FORGED}.pdf")
    progress.close()
    # The progress line's own controls (\r, erase to the end of line) only, none from the name.
    assert stream.getvalue().count("\x1b") == 2 and "⟨U+001B⟩" in stream.getvalue()
    assert "\n" not in stream.getvalue()


@pytest.mark.parametrize("listed", ["../outside-2023.txt", "{outside}", "sub/../../outside-2023.txt", "link-2023.txt"])
def test_manifest_paths_stay_under_the_manifests_folder(listed, import_project, tmp_path, capsys):
    from nianbao.staff.cli import main

    outside = tmp_path / "outside-2023.txt"
    outside.write_text("不应被读取的文件\n", encoding="utf-8")
    folder = tmp_path / "archive"
    (folder / "sub").mkdir(parents=True)
    (folder / "link-2023.txt").symlink_to(outside)
    manifest = folder / "清单.csv"
    manifest.write_text(f"file,office,year\n{listed.format(outside=outside)},someone,2023\n", encoding="utf-8")
    assert main(["import", "--manifest", str(manifest)]) == 2
    err = capsys.readouterr().err
    assert "清单有误，未导入任何文件" in err and "不在清单所在的文件夹之内" in err and "Traceback" not in err
    assert not (import_project / "data").exists()


def test_a_manifest_in_its_folder_still_imports(import_project, tmp_path, capsys):
    from nianbao.staff.cli import main
    from paths import SAMPLES

    folder = tmp_path / "archive"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(SAMPLES / "pingtan-2023.txt", folder / "sub" / "年报.txt")
    (folder / "清单.csv").write_text("file,office,year\n./sub/../sub/年报.txt,pingtan,2023\n", encoding="utf-8")
    assert main(["import", "--manifest", str(folder / "清单.csv")]) == 0
    assert (import_project / "data" / "pingtan" / "2023.yml").exists()
