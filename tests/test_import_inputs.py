"""Malformed and hostile inputs to `nianbao import`: each is refused with a clear Chinese
message (asserted exactly), never a traceback, and nothing is written where it must not be."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from nianbao.importing import UnreadableSource, import_report
from nianbao.staff.cli import main
from paths import SAMPLES
from pdfs import PdfMaker


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def refused(path: Path) -> str:
    with pytest.raises(UnreadableSource) as caught:
        import_report(path, 2023)
    return str(caught.value)


def _docx_with(tmp_path: Path, name: str, parts: dict[str, bytes]) -> Path:
    """A .docx made of a real one's parts, with ``parts`` added or replaced."""
    import docx

    word = docx.Document()
    word.add_paragraph("合成测试")
    buffer = io.BytesIO()
    word.save(buffer)
    path = tmp_path / name
    with zipfile.ZipFile(buffer) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in original.infolist():
            if item.filename not in parts:
                out.writestr(item, original.read(item))
        for part, data in parts.items():
            out.writestr(part, data)
    return path


def test_an_empty_file(tmp_path):
    path = tmp_path / "empty.html"
    path.write_bytes(b"")
    assert refused(path) == "文件是空的（0 字节）"


def test_an_unsupported_type(tmp_path):
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    assert refused(path) == "不支持的文件类型「.doc」：请提供 .pdf、.html、.htm、.docx 或 .txt 文件"


def test_deeply_nested_html(tmp_path):
    path = tmp_path / "nested.html"
    path.write_text("<html><body>" + "<div>" * 20000 + "合成测试" + "</div>" * 20000 + "</body></html>")
    assert refused(path) == "网页的标签嵌套过深（上千层），不是正常的网页，未读取"


def test_a_zip_bomb_inside_a_docx(tmp_path):
    path = _docx_with(tmp_path, "bomb.docx", {"word/media/padding.bin": b"\0" * (101 * 1024 * 1024)})
    assert path.stat().st_size < 1024 * 1024  # small on disk, huge unpacked
    assert refused(path) == "Word 文件解压后有 101 MB，超过 100 MB 的上限（可能是“压缩炸弹”），未读取"


def test_an_entity_bomb_inside_a_docx(tmp_path):
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    path = _docx_with(tmp_path, "laughs.docx", {"word/document.xml": laughs})
    assert refused(path) == (
        "Word 文件的「word/document.xml」声明了 XML 实体（DOCTYPE），正常的 Word 文件没有；可能是“实体炸弹”，未读取"
    )


def test_a_file_that_is_no_docx(tmp_path):
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0 an old .doc renamed")
    assert refused(path) == "不是有效的 Word 文件（.docx）；旧的 .doc 格式请先在 Word 或 WPS 中另存为 .docx"


def test_a_file_with_no_tables(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text("合成测试县关于开展政务公开培训的通知\n各单位：现将有关事项通知如下。\n", encoding="utf-8")
    assert refused(path) == (
        "文件中找不到表二、表三、表四中的任何一张：不像政府信息公开工作年度报告，未导入"
        "（如原文的表格是图片，请向发布机关索取文字版）"
    )


def _as_format(text: str, suffix: str, tmp_path: Path) -> Path:
    """``text`` saved as a text file, a web page or a Word file, its markdown tables kept as tables."""
    import html

    import docx

    path = tmp_path / f"readme{suffix}"
    lines = text.splitlines()
    if suffix in (".md", ".txt"):
        path.write_text(text, encoding="utf-8")
    elif suffix == ".html":
        body = "".join(
            "<table><tr>"
            + "".join(f"<td>{html.escape(c.strip())}</td>" for c in line.strip("|").split("|"))
            + "</tr></table>"
            if line.startswith("|")
            else f"<p>{html.escape(line)}</p>"
            for line in lines
        )
        path.write_text(f"<!doctype html><meta charset=utf-8><body>{body}</body>", encoding="utf-8")
    else:
        word = docx.Document()
        for line in lines:
            if line.startswith("|"):
                cells = line.strip("|").split("|")
                word.add_table(rows=1, cols=len(cells)).rows[0].cells[0].text = cells[0]
                for cell, value in zip(word.tables[-1].rows[0].cells, cells, strict=True):
                    cell.text = value.strip()
            else:
                word.add_paragraph(line)
        word.save(str(path))
    return path


@pytest.mark.parametrize("suffix", [".md", ".txt", ".html", ".docx"])
def test_the_samples_readme_is_no_report_in_any_format_and_nothing_is_written(project, capsys, suffix):
    """The samples' README names 「予以公开」 and 「总计」 in passing (and in tables): it is refused,
    by the same rule for every format, and no data file is written."""
    path = _as_format((SAMPLES / "README.md").read_text(encoding="utf-8"), suffix, project)
    assert main(["import", str(path), "--office", "readme", "--year", "2022"]) == 2
    assert capsys.readouterr().err == (
        f"无法导入 {path}：文件中找不到表二、表三、表四中的任何一张：不像政府信息公开工作年度报告，未导入"
        "（如原文的表格是图片，请向发布机关索取文字版）\n"
    )
    assert not (project / "data").exists()


def test_a_scanned_pdf(tmp_path):
    maker = PdfMaker()
    page = maker.page()
    page.cell(72, 72, 300, 200)  # drawings, no text: what a scan's page gives a reader
    path = tmp_path / "scan.pdf"
    path.write_bytes(maker.bytes())
    assert refused(path) == (
        "这是扫描件：PDF 中没有文字层，数字只能靠猜，因此不导入；请向发布机关索取文字版 PDF 或 Word 文件"
    )


def test_a_pdf_whose_text_layer_maps_to_no_characters(tmp_path):
    maker = PdfMaker(mapped=False)
    maker.page().text(72, 72, "合成测试县2023年政府信息公开工作年度报告")
    path = tmp_path / "unmapped.pdf"
    path.write_bytes(maker.bytes())
    assert refused(path) == (
        "PDF 的文字层无法还原成文字（字体没有字符映射表），数字无法可靠读取，因此不导入；"
        "请向发布机关索取 Word 文件或可复制文字的 PDF"
    )


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.4\nthis is not a pdf", b"hello", (SAMPLES / "hongze-2023.pdf").read_bytes()[:5000]],
    ids=["garbage", "no-header", "truncated"],
)
def test_a_corrupt_pdf(tmp_path, content):
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(content)
    assert refused(path) == "无法打开 PDF 文件：文件已损坏，或不是 PDF"


def test_refusals_reach_the_user_without_a_traceback(project, capsys):
    path = project / "empty.txt"
    path.write_bytes(b"")
    assert main(["import", str(path), "--office", "x", "--year", "2023"]) == 2
    err = capsys.readouterr().err
    assert err == f"无法导入 {path}：文件是空的（0 字节）\n"
    assert not (project / "data").exists()


def test_an_existing_data_file_is_kept_without_force(project, capsys):
    target = project / "data" / "pingtan" / "2023.yml"
    target.parent.mkdir(parents=True)
    target.write_text("# staff's own file\n", encoding="utf-8")
    source = str(SAMPLES / "pingtan-2023.txt")
    assert main(["import", source, "--office", "pingtan", "--year", "2023"]) == 2
    assert capsys.readouterr().err == (
        f"无法导入 {source}：data/pingtan/2023.yml 已存在，不会覆盖；确需覆盖请加 --force\n"
    )
    assert target.read_text(encoding="utf-8") == "# staff's own file\n"
    assert main(["import", source, "--office", "pingtan", "--year", "2023", "--force"]) == 0
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server")


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_nothing_is_written_through_a_symbolic_link(project, tmp_path_factory, capsys):
    outside = tmp_path_factory.mktemp("outside")
    victim = outside / "victim.yml"
    victim.write_text("keep\n", encoding="utf-8")
    folder = project / "data" / "pingtan"
    folder.mkdir(parents=True)
    (folder / "2023.yml").symlink_to(victim)
    source = str(SAMPLES / "pingtan-2023.txt")
    assert main(["import", source, "--office", "pingtan", "--year", "2023", "--force"]) == 2
    assert capsys.readouterr().err == (
        f"无法导入 {source}：data/pingtan/2023.yml 是符号链接，不会经由它写入；请改用真实的文件和目录\n"
    )
    assert victim.read_text(encoding="utf-8") == "keep\n"
    # A linked folder is refused too, and so is a dangling link.
    (project / "data" / "linked").symlink_to(outside, target_is_directory=True)
    assert main(["import", source, "--office", "linked", "--year", "2023"]) == 2
    assert "data/linked 是符号链接" in capsys.readouterr().err
    (folder / "2022.yml").symlink_to(outside / "nowhere.yml")
    assert main(["import", source, "--office", "pingtan", "--year", "2022"]) == 2
    assert not (outside / "nowhere.yml").exists()
