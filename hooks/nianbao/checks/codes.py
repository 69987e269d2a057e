"""Every check that can report a problem, with its code, its meaning and how to fix it.

The staff guide (填报指南) prints this list, so it cannot drift from the code: a test fails
when a code used in the package is missing here. Rule checks come from the rule registry.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data.composing import MAX_DEPTH, MAX_FILE_BYTES, MAX_SCALAR
from ..problems import ERROR, SEVERITY_LABELS, WARNING
from .rules import REGISTRY


@dataclass(frozen=True)
class Check:
    code: str
    title: str
    severity: str
    fix: str


#: Checks made while reading files (before any rule runs).
READING_CHECKS = (
    Check("L1", "文件或数据目录无法读取", ERROR, "确认文件存在且有读取权限。"),
    Check("L2", "文件以 BOM（字节顺序标记）开头", ERROR, "在编辑器中另存为「UTF-8（无 BOM）」。"),
    Check("L3", "文件不是 UTF-8 编码（常见为 GBK）", ERROR, "在编辑器中另存为「UTF-8」编码。"),
    Check("L4", "文件是空的", ERROR, "按填报指南填写，或用 nianbao new 生成草稿。"),
    Check("L5", "缩进里有制表符（Tab）", ERROR, "把 Tab 换成空格；YAML 只能用空格缩进。"),
    Check(
        "L6",
        "YAML 语法错误或不可见的控制字符",
        ERROR,
        "按信息检查所在行的缩进、冒号和引号；删除从网页或 Word 复制来的控制字符。",
    ),
    Check("L7", "文件顶层不是「键: 值」映射", ERROR, "文件应以 year: 等键开头，不要以「- 」开头。"),
    Check(
        "L8",
        "值的类型不对：数字写成文字、带单位、全角、小数、负数、八进制、日期、位数太多等",
        ERROR,
        "单元格只写半角阿拉伯数字；未填报写 null，零写 0；日期写成 2025-01-20。",
    ),
    Check("L9", "同一个键出现两次", ERROR, "删去重复的一个：YAML 只会保留最后一个值。"),
    Check("L10", "不认识的键（常为拼写错误）", ERROR, "按提示改成正确的键名；可用的键列在信息中。"),
    Check("L11", "缺少必填项", ERROR, "补上该项；表格单元格未填报写 null。"),
    Check("L12", "表格的格式版本不对", ERROR, "version 写 2019 或 2021，与原表一致；第二十条第（九）项只有 2019 版。"),
    Check("L13", "机关目录名不合规", ERROR, "目录名只用小写字母、数字和连字符，如 penghou-jiedao。"),
    Check("L14", "报告文件名不是「四位年度.yml」", ERROR, "改名为报告年度，如 2024.yml。"),
    Check(
        "L15",
        f"文件太大（超过 {MAX_FILE_BYTES // 1_048_576} MB）",
        ERROR,
        "一份数据文件通常只有几十 KB：检查是否误粘贴了大量内容。",
    ),
    Check("L16", f"嵌套层数太多（超过 {MAX_DEPTH} 层）", ERROR, "检查括号和缩进；数据文件不需要这么深的结构。"),
    Check(
        "L17",
        "锚点（&）和别名（*）展开后内容过多，或别名指向自身",
        ERROR,
        "不要用锚点和别名重复大量内容：直接写出每个值。",
    ),
    Check("L18", f"一个值太长（超过 {MAX_SCALAR:,} 字）", ERROR, "缩短文字；全文可放在原文出处。"),
    Check("L19", "键不是简单的文字（写成了列表或映射）", ERROR, "每一项写成「键: 值」，键是简单的文字。"),
    Check(
        "L20",
        "data/ 下有符号链接、设备或管道",
        ERROR,
        "用文件或目录本身替换符号链接；数据文件必须是普通文件。",
    ),
    Check(
        "L21",
        "文字里有换行、控制字符、双向文本控制符或零宽字符",
        ERROR,
        "删去这些看不见的字符（常见于从网页或 Word 复制的文字）；名称等单行的项不能换行。",
    ),
    Check(
        "L22",
        "data/ 下有不会被读取的文件（散落的文件、隐藏文件、编辑器备份）",
        ERROR,
        "删除它；报告放在机关目录里，文件名为「四位年度.yml」。",
    ),
    Check("F1", "文件名的年度与 year 不一致", ERROR, "改正文件名或 year，使两者相同。"),
    Check("O2", "上级机关不在本门户", ERROR, "parent 写上级机关的目录名，或删去此项。"),
    Check("O3", "机关目录缺少 office.yml", ERROR, "运行 nianbao new-office 生成，或从其他机关复制后修改。"),
    Check(
        "O4",
        "两个机关的全称只差空格、全角半角或不可见字符",
        WARNING,
        "同一机关只保留一个目录；不同机关请在全称中写出区别。",
    ),
)


def all_checks() -> list[Check]:
    """Reading checks, then every rule of the registry, in the order staff meet them."""
    return list(READING_CHECKS) + [Check(r.id, r.title, r.severity, r.fix) for r in REGISTRY]


def severity_label(check: Check) -> str:
    return SEVERITY_LABELS[check.severity]
