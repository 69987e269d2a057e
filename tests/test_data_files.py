"""What may stand in data/: office folders of regular files, and portal.yml. Links, devices,
stray and left-behind files are reported (never followed, never skipped in silence), and
names and one-line fields hold no invisible characters."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from builders import write_office
from nianbao.catalog import load_catalog

CORPUS = Path(__file__).parent / "bad_input"
TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data" / "sample-office"
    folder.mkdir(parents=True)
    shutil.copy(CORPUS / "office.yml", folder / "office.yml")
    shutil.copy(CORPUS / "valid_new_report.yml", folder / "2023.yml")
    return tmp_path / "data"


def messages(data: Path) -> list[str]:
    return [p.format_text() for p in load_catalog(data, data.parent, today=TODAY).problems.sorted()]


LINK = "是一个符号链接（symlink）；data/ 下只能放文件和目录本身，请用实际内容替换链接"
LEFT = "这是隐藏文件或编辑器留下的备份、临时文件，不会被读取；请删除（不要提交到仓库）"


def test_a_link_to_dev_zero_is_refused_without_reading_it(data):
    (data / "sample-office" / "2024.yml").symlink_to("/dev/zero")
    assert messages(data) == [f"data/sample-office/2024.yml: [错误] {LINK}"]


def test_a_link_to_a_folder_outside_is_refused_and_not_published(data, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "elsewhere"
    shutil.copytree(data / "sample-office", outside)
    (data / "linked-office").symlink_to(outside, target_is_directory=True)
    catalog = load_catalog(data, data.parent, today=TODAY)
    assert [p.format_text() for p in catalog.problems.sorted()] == [f"data/linked-office: [错误] {LINK}"]
    assert sorted(catalog.offices) == ["sample-office"]


def test_a_linked_office_file_or_portal_file_is_refused(data, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "office.yml").write_text("name: 合成测试机关\nkind: 其他\n", encoding="utf-8")
    (data / "sample-office" / "office.yml").unlink()
    (data / "sample-office" / "office.yml").symlink_to(outside / "office.yml")
    (data / "portal.yml").symlink_to(outside / "office.yml")
    refused = "这是一个符号链接（symlink）；数据文件必须是普通文件，请用文件本身替换链接"
    assert messages(data) == [f"data/portal.yml: [错误] {refused}", f"data/sample-office/office.yml: [错误] {refused}"]


def test_a_pipe_does_not_hang_validation(data):
    os.mkfifo(data / "sample-office" / "2024.yml")
    assert messages(data) == [
        "data/sample-office/2024.yml: [错误] 不是普通文件或目录（可能是设备或管道）；请删除",
    ]


def test_files_skipped_until_now_are_reported(data):
    (data / "stray.yml").write_text("year: 2023\n", encoding="utf-8")
    (data / ".hidden").mkdir()
    (data / "_drafts").mkdir()
    for name in (".2023.yml.swp", "2023.yml~", "#2023.yml#", "2023.yml.bak", ".DS_Store"):
        (data / "sample-office" / name).write_text("x", encoding="utf-8")
    (data / "sample-office" / "old").mkdir()
    assert messages(data) == [
        "data/.hidden: [错误] 以「.」或「_」开头的目录不会被读取；请删除，或改为机关目录名",
        "data/_drafts: [错误] 以「.」或「_」开头的目录不会被读取；请删除，或改为机关目录名",
        f"data/sample-office/#2023.yml#: [错误] {LEFT}",
        f"data/sample-office/.2023.yml.swp: [错误] {LEFT}",
        f"data/sample-office/.DS_Store: [错误] {LEFT}",
        f"data/sample-office/2023.yml.bak: [错误] {LEFT}",
        f"data/sample-office/2023.yml~: [错误] {LEFT}",
        "data/sample-office/old: [错误] 这是子目录，不会被读取；请删除（不要提交到仓库）",
        "data/stray.yml: [错误] data/ 下只能有机关目录和 portal.yml，这个文件不会被读取；报告应放在机关目录里（如 data/pingtan/2024.yml）",
    ]


def test_a_file_beyond_the_size_limit_is_refused_unread(data):
    with open(data / "sample-office" / "2023.yml", "a", encoding="utf-8") as stream:
        stream.write("# " + "很长的注释" * 80_000 + "\n")
    assert messages(data) == [
        "data/sample-office/2023.yml: [错误] 文件太大（超过 1,048,576 字节）；一份数据文件通常只有几十 KB，请检查是否误粘贴了大量内容"
    ]


def test_a_value_beyond_the_length_limit_is_refused(data):
    path = data / "sample-office" / "2023.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('other: "2023年', 'other: "' + "很长" * 10_001 + "2023年"), encoding="utf-8")
    assert messages(data) == [
        "data/sample-office/2023.yml:26:10: [错误] 一个值长达 20,043 个字，超过上限 20,000 个字；请缩短，全文可放在原文出处"
    ]


@pytest.mark.parametrize(
    "name, shown",
    [
        ('"合成测试机关\\n# 注释"', "合成测试机关⟨U+000A⟩# 注释"),
        ('"合成测试\\u202e关机"', "合成测试⟨U+202E⟩关机"),
        ('"合成测试\\u200d机关"', "合成测试⟨U+200D⟩机关"),
        ('"合成测试\\t机关"', "合成测试⟨U+0009⟩机关"),
    ],
)
def test_office_names_hold_no_invisible_characters(data, name, shown):
    write_office(data, "sample-office", name="占位")
    (data / "sample-office" / "office.yml").write_text(f"name: {name}\nkind: 其他\n", encoding="utf-8")
    [message] = messages(data)
    assert message.startswith(
        "data/sample-office/office.yml:1:7 name: [错误] 不能包含换行、控制字符、双向文本控制符或零宽字符（U+"
    )
    assert message.endswith(f"但写成了「{shown}」；请删去它们（常见于从网页或 Word 复制的文字）")


def test_offices_whose_names_differ_only_by_spacing_or_width_are_warned(data):
    write_office(data, "twin-a", name="合成测试 街道办事处")
    write_office(data, "twin-b", name="合成测试街道办事处")
    write_office(data, "twin-c", name="合成测试街道办事处\u3000")
    write_office(data, "other", name="合成测试乡人民政府")
    assert messages(data) == [
        "data/twin-b/office.yml:3:7 name: [警告] 机关全称「合成测试街道办事处」与 data/twin-a/office.yml 的「合成测试 街道办事处」"
        "只差空格、全角半角或不可见字符；同一机关只应有一个目录，不同机关请写出区别（O4）",
        # The ideographic space at the end is trimmed like any other: the same name.
        "data/twin-c/office.yml:3:7 name: [警告] 机关全称「合成测试街道办事处」与 data/twin-a/office.yml 的「合成测试 街道办事处」"
        "只差空格、全角半角或不可见字符；同一机关只应有一个目录，不同机关请写出区别（O4）",
    ]


def test_a_long_unknown_key_is_shown_shortened_on_one_line(data):
    path = data / "sample-office" / "2023.yml"
    key = "很长的键" * 1_000 + "\u202e"
    path.write_text(path.read_text(encoding="utf-8") + f'? "{key}"\n: 1\n', encoding="utf-8")
    [message] = messages(data)
    assert len(message) < 600 and message.isprintable()
    assert message.startswith(
        "data/sample-office/2023.yml:86:3 " + "很长的键" * 40 + "…: [错误] 「政府信息公开工作年度报告"
    )
