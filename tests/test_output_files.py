"""Commands that write or delete files cannot be turned against the repository: `pages
--clean` deletes only what it wrote, and no command writes through a symbolic link."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from builders import write_office
from building import copy_portal
from nianbao.outputs.output_files import PAGES_MARK
from nianbao.staff.cli import main

CORPUS = Path(__file__).parent / "bad_input"


@pytest.fixture
def portal(tmp_path, monkeypatch, root):
    """A copy of the portal's pages and templates with one sample office."""
    copy_portal(root, tmp_path, ("mkdocs.yml", "docs", "overrides"))
    folder = tmp_path / "data" / "sample-office"
    folder.mkdir(parents=True)
    shutil.copy(CORPUS / "office.yml", folder / "office.yml")
    shutil.copy(CORPUS / "valid_new_report.yml", folder / "2023.yml")
    (tmp_path / "README.md").write_text("# 说明\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def tracked_markdown(portal: Path) -> dict[str, str]:
    return {p.relative_to(portal).as_posix(): p.read_text(encoding="utf-8") for p in sorted(portal.rglob("*.md"))}


def test_clean_refuses_the_repository_root(portal, capsys):
    before = tracked_markdown(portal)
    assert main(["pages", ".", "--clean"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"拒绝清理 {portal}：这个目录不是 nianbao pages 创建的（里面没有 .nianbao-pages 标记），"
        "--clean 只删除它自己生成的文件；请指定一个新目录"
    ]
    assert tracked_markdown(portal) == before


@pytest.mark.parametrize("folder", [".", "docs", "data"])
def test_writing_into_a_folder_it_did_not_make_is_refused(portal, capsys, folder):
    before = tracked_markdown(portal)
    assert main(["pages", folder, "--clean"]) == 2
    assert main(["pages", folder]) == 2
    err = capsys.readouterr().err
    assert "不是 nianbao pages 创建的" in err
    assert tracked_markdown(portal) == before


def test_clean_deletes_only_what_it_wrote(portal, capsys):
    assert main(["pages", "out"]) == 0
    written = sorted(p.relative_to(portal / "out").as_posix() for p in (portal / "out").rglob("*.md"))
    assert "offices/sample-office/2023.md" in written
    assert (portal / "out" / PAGES_MARK).read_text(encoding="utf-8").splitlines() == written
    (portal / "out" / "mine.md").write_text("手写\n", encoding="utf-8")
    (portal / "out" / "offices" / "sample-office" / "2023.md").unlink()
    assert main(["pages", "out", "--clean"]) == 0
    assert (portal / "out" / "mine.md").read_text(encoding="utf-8") == "手写\n"
    assert (portal / "out" / "offices" / "sample-office" / "2023.md").is_file()


def test_a_mark_listing_other_files_deletes_nothing_outside(portal, capsys):
    (portal / "out").mkdir()
    (portal / "out" / "docs").symlink_to(portal / "docs")
    (portal / "out" / "link.md").symlink_to(portal / "README.md")
    (portal / "out" / PAGES_MARK).write_text("../README.md\n/etc/passwd\ndocs/index.md\nlink.md\n", encoding="utf-8")
    before = tracked_markdown(portal / "docs")
    assert main(["pages", "out", "--clean"]) == 0
    assert (portal / "out" / "link.md").is_symlink()
    assert (portal / "README.md").is_file()
    assert tracked_markdown(portal / "docs") == before


def test_new_report_is_not_written_through_a_link(portal, capsys, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "target.yml"
    (portal / "data" / "sample-office" / "2025.yml").symlink_to(outside)
    assert main(["new", "sample-office", "2025"]) == 2
    assert "是一个符号链接" in capsys.readouterr().err
    assert not outside.exists()


def test_new_office_is_not_written_into_a_linked_folder(portal, capsys, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (portal / "data" / "linked").symlink_to(outside, target_is_directory=True)
    assert main(["new-office", "linked", "--name", "合成测试机关", "--kind", "其他"]) == 2
    assert "是一个符号链接" in capsys.readouterr().err
    assert list(outside.iterdir()) == []


def test_codeowners_is_not_written_through_a_link(portal, capsys, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "owners"
    (portal / "data" / "portal.yml").write_text('maintainers: "@org/team"\n', encoding="utf-8")
    write_office(portal / "data", "dept", owners=["@zhangsan"])
    (portal / ".github").mkdir()
    (portal / ".github" / "CODEOWNERS").symlink_to(outside)
    assert main(["codeowners"]) == 2
    assert not outside.exists()
