"""Bytes on disk → YAML node trees with line marks, or problems saying why not.

Only the composition step of YAML is used: scalars stay as the text the author wrote, so
the schema (not YAML 1.1's implicit typing) decides what ``no``, ``010`` or ``12.0`` mean.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..problems import ERROR, Problem, Problems
from .composing import LIBYAML, MAX_FILE_BYTES, LimitExceeded, compose_text

_BOM = b"\xef\xbb\xbf"
_LEADING_TAB = re.compile(r"^[ ]*\t", re.M)

#: YAML parser phrases → what staff should read instead.
_SYNTAX_HINTS = (
    ("found character '\\t'", "这里有制表符（Tab）；YAML 只能用空格缩进"),
    ("mapping values are not allowed here", "这里不能出现冒号：可能是缩进不对，或冒号后的文字需要加引号"),
    ("could not find expected ':'", "缺少冒号：每一项应写成「键: 值」，冒号后留一个空格"),
    ("did not find expected key", "缩进不一致，或上一行缺少冒号"),
    ("did not find expected ',' or '}'", "花括号 { } 里的各项应以英文逗号分隔，并以 } 结束"),
    ("did not find expected ',' or ']'", "方括号 [ ] 里的各项应以英文逗号分隔，并以 ] 结束"),
    ("found unexpected end of stream", "文件意外结束：可能有未闭合的引号或括号"),
    ("found unknown escape character", "双引号内的反斜杠 \\ 需要写成 \\\\，或改用单引号"),
    (
        "found invalid Unicode character escape code",
        "双引号内的 \\u 转义不是一个有效的字符（如 \\ud83d）；请直接写出该字符",
    ),
    ("expected <block end>, but found", "缩进不一致：同一层的键应左对齐"),
    ("found undefined alias", "使用了未定义的别名（*）"),
    ("found duplicate anchor", "同一个锚点（&）名字用了两次"),
    ("expected a single document", "一个文件只能有一份文档：请删去多余的「---」或「...」"),
    ("found unexpected ':'", "多余的冒号：含冒号的文字请加引号"),
    ("while scanning a quoted scalar", "引号没有成对闭合"),
)


class NotRegularFile(OSError):
    """A symbolic link, folder, device or pipe where a data file was expected."""


def read_regular_file(path: Path, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of a regular file, never following a symbolic link: a
    link could point at /dev/zero (which never ends) or at a file outside the repository."""
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode):
        raise NotRegularFile("这是一个符号链接（symlink）；数据文件必须是普通文件，请用文件本身替换链接")
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFile("这不是普通文件（可能是目录、设备或管道）；data/ 下只能放数据文件")
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):  # replaced since lstat
            raise NotRegularFile("这不是普通文件（可能是目录、设备或管道）；data/ 下只能放数据文件")
        return stream.read(limit + 1)


@dataclass(frozen=True)
class SourceFile:
    """A data file read from disk."""

    path: Path
    name: str
    """The name used in messages (relative to the project root)."""
    text: str


def decode_file(path: Path, name: str, problems: Problems) -> SourceFile | None:
    """Read and decode a data file; ``None`` (with a problem) if it cannot be used."""
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except NotRegularFile as error:
        problems.add(Problem(name, 0, 0, "", str(error), "L20"))
        return None
    except OSError as error:
        problems.add(Problem(name, 0, 0, "", f"无法读取文件：{error.strerror}", "L1"))
        return None
    if len(raw) > MAX_FILE_BYTES:
        problems.add(
            Problem(
                name,
                0,
                0,
                "",
                f"文件太大（超过 {MAX_FILE_BYTES:,} 字节）；一份数据文件通常只有几十 KB，请检查是否误粘贴了大量内容",
                "L15",
            )
        )
        return None
    if raw.startswith(_BOM):
        problems.add(
            Problem(name, 1, 1, "", "文件以 BOM（字节顺序标记）开头。请在编辑器中另存为「UTF-8（无 BOM）」", "L2")
        )
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
            guess = "看起来是 GBK/GB18030 编码（中文 Windows 的默认编码）"
        except UnicodeDecodeError:
            guess = "无法识别其编码"
        problems.add(Problem(name, line, 1, "", f"文件不是 UTF-8 编码，{guess}。请在编辑器中另存为「UTF-8」编码", "L3"))
        return None
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        problems.add(Problem(name, 1, 1, "", "文件是空的：没有任何内容", "L4"))
        return None
    return SourceFile(path, name, text)


def compose(source: SourceFile, problems: Problems) -> yaml.MappingNode | None:
    """Parse to a node tree; syntax problems (tabs included) are reported in Chinese."""
    tabs = list(_LEADING_TAB.finditer(source.text))
    for match in tabs:
        line = source.text.count("\n", 0, match.start()) + 1
        column = match.end() - match.start()
        problems.add(
            Problem(
                source.name, line, column, "", "缩进里有制表符（Tab）；YAML 只能用空格缩进，请把 Tab 换成空格", "L5"
            )
        )
    if tabs:
        return None
    try:
        node = compose_text(source.text)
    except LimitExceeded as error:
        problems.add(Problem(source.name, error.line, error.column, "", error.message, error.code))
        return None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        explanation = _explain(error)
        if explanation in _INDENT_HINTS and (found := misindented_line(source.text, line)):
            line, indent, expected = found
            column = indent + 1
            explanation = f"缩进不对：这一行缩进了 {indent} 个空格，按上下文应为 {expected} 个（同一层的键应左对齐）"
        problems.add(Problem(source.name, line, column, "", f"YAML 语法错误：{explanation}", "L6"))
        return None
    except yaml.reader.ReaderError as error:  # a control character YAML does not allow
        position = error.position
        if LIBYAML:  # libyaml counts bytes of the UTF-8 text
            position = len(source.text.encode("utf-8")[:position].decode("utf-8", "ignore"))
        line = source.text.count("\n", 0, position) + 1
        column = position - source.text.rfind("\n", 0, position)
        code = f"U+{error.character:04X}" if isinstance(error.character, int) else repr(error.character)
        problems.add(
            Problem(
                source.name,
                line,
                column,
                "",
                f"文件里有不可见的控制字符（{code}），YAML 不允许；请删除它（常见于从网页或 Word 复制的文字）",
                "L6",
            )
        )
        return None
    except yaml.YAMLError as error:  # pragma: no cover - every YAMLError is one of the above
        problems.add(Problem(source.name, 0, 0, "", f"YAML 无法读取此文件：{error}", "L6"))
        return None
    if node is None:
        problems.add(Problem(source.name, 1, 1, "", "文件是空的：没有任何内容", "L4"))
        return None
    if not isinstance(node, yaml.MappingNode):
        problems.add(
            Problem(
                source.name,
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                "",
                "文件的顶层应为「键: 值」的映射，但写成了别的内容",
                "L7",
                ERROR,
            )
        )
        return None
    return node


_INDENT_HINTS = {hint for phrase, hint in _SYNTAX_HINTS if "缩进不一致" in hint}
_BLOCK_SCALAR = re.compile(r":[ ]+[|>][+-]?[0-9]?$")
_TRAILING_COMMENT = re.compile(r"[ ]+#.*$")
#: How far before the parser's line a misindented line is looked for: the parser stops at
#: the next key (after any comment lines), a few lines on at most.
_LOOK_BACK = 6


def misindented_line(text: str, reported: int) -> tuple[int, int, int] | None:
    """(line, indent, expected indent) of the first line before ``reported`` whose indent
    fits neither its parent (one indentation step in) nor its siblings. The parser reports a
    wrong indent where it notices it, often at the next key; the author's mistake is here.
    ``None`` when no such line is close before, or the text has what this simple reading of
    block YAML does not follow (flow collections or quotes over several lines)."""
    stack, step, opens, block_scalar = [0], 0, False, None
    for number, raw in enumerate(text.split("\n")[: reported - 1], start=1):
        content = raw.strip()
        indent = len(raw) - len(raw.lstrip(" "))
        if block_scalar is not None:
            if not content or indent > block_scalar:
                continue
            block_scalar = None
        if not content or content.startswith("#"):
            continue
        code = _TRAILING_COMMENT.sub("", content)
        if code.count("{") != code.count("}") or code.count("[") != code.count("]") or code.count('"') % 2:
            return None
        expected = None
        if opens and indent > stack[-1]:
            step = step or indent - stack[-1]
            if indent != stack[-1] + step:
                expected = stack[-1] + step
            stack.append(indent)
        elif not (opens and indent == stack[-1] and code.startswith("- ")):
            while len(stack) > 1 and stack[-1] > indent:
                stack.pop()
            if stack[-1] != indent:
                expected = stack[-1]
        if expected is not None:
            return (number, indent, expected) if number >= reported - _LOOK_BACK else None
        if code.startswith("- "):
            stack.append(indent + 2)  # the keys of a list item line up after "- "
        opens = code.endswith(":")
        if _BLOCK_SCALAR.search(code):
            block_scalar = indent
    return None


def _explain(error: yaml.MarkedYAMLError) -> str:
    text = f"{error.context or ''} {error.problem or ''}"
    for phrase, hint in _SYNTAX_HINTS:
        if phrase in text:
            return hint
    return f"请检查缩进、冒号和引号（解析器原文：{(error.problem or error.context or '').strip()}）"


def load_node(path: Path, name: str, problems: Problems) -> yaml.MappingNode | None:
    source = decode_file(path, name, problems)
    return compose(source, problems) if source else None


class Locator:
    """Finds the line and column of a dotted key in a data file, reading it again.

    Positions are only needed when there is something to tell, which is rare: keeping one
    for every cell of every report would cost more than parsing a file twice when asked.
    """

    def __init__(self) -> None:
        self._roots: dict[Path, yaml.Node | None] = {}

    def position(self, path: Path, key: str) -> tuple[int, int]:
        """Where ``key``'s value starts, or its nearest ancestor's if it is absent."""
        if path not in self._roots:
            try:
                raw = read_regular_file(path, MAX_FILE_BYTES)
                self._roots[path] = compose_text(raw.decode("utf-8")) if len(raw) <= MAX_FILE_BYTES else None
            except (OSError, UnicodeDecodeError, yaml.YAMLError, LimitExceeded):
                self._roots[path] = None
        node = self._roots[path]
        if node is None:
            return (0, 0)
        for part in key.split(".") if key else ():
            if not isinstance(node, yaml.MappingNode):
                break
            child = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part), None)
            if child is None:
                break
            node = child
        return (node.start_mark.line + 1, node.start_mark.column + 1)
