"""The structure of the data files, declared once.

The same declarations read YAML nodes (with every problem located at its line and key) and
export the JSON Schema that editors use. The standard tables are declared in
:mod:`nianbao.data.tableschema`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..problems import Problem, Problems
from . import scalars

INVALID = object()
"""Returned by a reader whose node had a problem (already reported)."""


class Reader:
    """Where problems and positions of one file are collected while it is read."""

    def __init__(self, file: str, problems: Problems):
        self.file = file
        self.problems = problems
        self.errors = 0
        self.failed: set[str] = set()
        """Dotted keys whose value had a problem (so that no rule reports it missing too)."""

    def error(self, node: yaml.Node, path: str, message: str, code: str = "L8") -> object:
        mark = node.start_mark
        self.problems.add(Problem(self.file, mark.line + 1, mark.column + 1, path, message, code))
        self.errors += 1
        self.failed.add(path)
        return INVALID


_NODE_KINDS = {yaml.MappingNode: "「键: 值」映射", yaml.SequenceNode: "列表", yaml.ScalarNode: "单个值"}


def describe_node(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return f"「{node.value}」" if node.value else "空值"
    return _NODE_KINDS[type(node)]


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and not node.style and node.value in scalars.NULL_WORDS


def is_quoted(node: yaml.ScalarNode) -> bool:
    return node.style in ("'", '"')


class Type:
    """A kind of value: it reads a node and describes itself as JSON Schema."""

    def read(self, node: yaml.Node, path: str, r: Reader) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict:
        raise NotImplementedError

    def scalar(self, node: yaml.Node, path: str, r: Reader, expected: str) -> yaml.ScalarNode | None:
        if isinstance(node, yaml.ScalarNode):
            return node
        r.error(node, path, f"应为{expected}，但写成了{describe_node(node)}")
        return None


@dataclass
class Text(Type):
    """Plain text or Markdown."""

    markdown: bool = False
    forbid: str = ""
    """Characters refused (e.g. ``<>`` in names, which appear in titles and navigation)."""
    pattern: str = ""
    """A regular expression the whole text must match …"""
    pattern_hint: str = ""
    """… described for staff, e.g. 「月-日，如 03-31」."""
    max_length: int = 0
    """Longest text accepted, in characters (0: only the loader's limit on any value)."""

    def read(self, node, path, r):
        scalar = self.scalar(node, path, r, "文字")
        if scalar is None:
            return INVALID
        if is_null(scalar):
            return None
        text = scalar.value.strip("\n") if self.markdown else scalar.value.strip()
        invisible = refused_characters(text, multiline=self.markdown)
        if invisible:
            kinds = "控制字符、双向文本控制符" if self.markdown else "换行、控制字符、双向文本控制符或零宽字符"
            return r.error(
                node,
                path,
                f"不能包含{kinds}（{'、'.join(invisible)}），但写成了「{scalar.value}」；"
                "请删去它们（常见于从网页或 Word 复制的文字）",
                "L21",
            )
        bad = sorted({ch for ch in scalar.value if ch in self.forbid})
        if bad:
            return r.error(node, path, f"不能包含字符 {' '.join(bad)}，但写成了「{scalar.value}」")
        if self.max_length and len(scalar.value.strip()) > self.max_length:
            return r.error(
                node,
                path,
                f"不能超过 {self.max_length} 个字，但写成了「{scalar.value.strip()}」（{len(scalar.value.strip()):,} 字）",
            )
        if self.pattern and not re.fullmatch(self.pattern, scalar.value.strip()):
            return r.error(node, path, f"应为{self.pattern_hint}，但写成了「{scalar.value}」")
        return scalar.value.strip("\n") if self.markdown else scalar.value.strip()

    def json_schema(self):
        out: dict = {"type": ["string", "null"]}
        if self.markdown:
            out["contentMediaType"] = "text/markdown"
        if self.pattern:
            out["pattern"] = f"^{self.pattern}$"
        elif self.forbid:
            out["pattern"] = "^[^" + "".join("\\" + ch for ch in self.forbid) + "]*$"
        if self.max_length:
            out["maxLength"] = self.max_length
        return out


#: Characters that reorder what is displayed (bidirectional overrides, embeddings, isolates, marks).
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_CHARACTER_NAMES = {"\n": "换行", "\r": "回车", "\t": "制表符", "\u200b": "零宽空格", "\ufeff": "BOM"}


def refused_characters(text: str, *, multiline: bool) -> list[str]:
    """Characters a text field may not hold, as 「U+000A 换行」: controls, surrogates and
    non-characters anywhere; in a one-line field also line breaks, tabs and every invisible
    format character (zero-width, bidirectional); in Markdown the bidirectional controls,
    which can show digits in another order than they are stored."""
    if text.isprintable():  # the common case: no control, format or separator character
        return []
    found = set()
    for ch in set(text):
        if multiline and ch in "\n\t":
            continue
        category = unicodedata.category(ch)
        if (
            category in ("Cc", "Cs", "Zl", "Zp")
            or ch in BIDI_CONTROLS
            or (not multiline and category == "Cf")
            or ch in "\ufffe\uffff"
            or "\ufdd0" <= ch <= "\ufdef"
        ):
            found.add(ch)
    return [f"U+{ord(ch):04X}" + (f" {_CHARACTER_NAMES[ch]}" if ch in _CHARACTER_NAMES else "") for ch in sorted(found)]


@dataclass
class Integer(Type):
    minimum: int | None = None
    maximum: int | None = None
    hint: str = ""
    """Why the bound is what it is, shown in the message (「（…）」)."""

    def read(self, node, path, r):
        scalar = self.scalar(node, path, r, "整数")
        if scalar is None:
            return INVALID
        try:
            value = scalars.read_integer(scalar.value, is_quoted(scalar), signed=True)
        except scalars.ScalarError as error:
            return r.error(node, path, str(error))
        if value is None:
            return r.error(node, path, "应为整数，但没有填写")
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            if self.maximum is None:
                return r.error(node, path, f"应不小于 {self.minimum}{self.hint}，但写成了 {value}")
            return r.error(node, path, f"应在 {self.minimum} 到 {self.maximum} 之间，但写成了 {value}")
        return value

    def json_schema(self):
        out: dict = {"type": "integer"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out


class Date(Type):
    def read(self, node, path, r):
        scalar = self.scalar(node, path, r, "日期")
        if scalar is None:
            return INVALID
        if is_null(scalar):
            return None
        try:
            return scalars.read_date(scalar.value)
        except scalars.ScalarError as error:
            return r.error(node, path, str(error))

    def json_schema(self):
        return {"type": ["string", "null"], "format": "date"}


class Boolean(Type):
    WORDS = {"true": True, "false": False}

    def read(self, node, path, r):
        scalar = self.scalar(node, path, r, "true 或 false")
        if scalar is None:
            return INVALID
        if scalar.value in self.WORDS and not is_quoted(scalar):
            return self.WORDS[scalar.value]
        return r.error(node, path, f"应为 true 或 false，但写成了{describe_node(scalar)}")

    def json_schema(self):
        return {"type": "boolean"}


@dataclass
class Choice(Type):
    values: tuple[str, ...]

    def read(self, node, path, r):
        scalar = self.scalar(node, path, r, "以下之一：" + "、".join(self.values))
        if scalar is None:
            return INVALID
        if scalar.value in self.values:
            return scalar.value
        hint = _did_you_mean(scalar.value, self.values)
        return r.error(node, path, f"应为以下之一：{'、'.join(self.values)}；但写成了{describe_node(scalar)}{hint}")

    def json_schema(self):
        return {"enum": list(self.values)}


@dataclass
class ListOf(Type):
    item: Type

    def read(self, node, path, r):
        if is_null(node):
            return []
        if not isinstance(node, yaml.SequenceNode):
            return r.error(node, path, f"应为列表（每项以「- 」开头），但写成了{describe_node(node)}")
        out = []
        for index, child in enumerate(node.value):
            value = self.item.read(child, f"{path}[{index}]", r)
            if value is not INVALID:
                out.append(value)
        return out

    def json_schema(self):
        return {"type": ["array", "null"], "items": self.item.json_schema()}


@dataclass
class Field:
    key: str
    type: Type
    title: str
    description: str = ""
    required: bool = True


@dataclass
class Record(Type):
    """A mapping with known keys."""

    fields: list[Field]
    title: str = ""
    description: str = ""
    by_key: dict[str, Field] = field(init=False, repr=False)

    def __post_init__(self):
        self.by_key = {f.key: f for f in self.fields}

    def read(self, node, path, r):
        if not isinstance(node, yaml.MappingNode):
            return r.error(node, path, f"应为「键: 值」映射（{self.title or path}），但写成了{describe_node(node)}")
        out: dict[str, Any] = {}
        seen: dict[str, tuple[int, int]] = {}
        unknown: list[str] = []
        number: tuple[str, str, yaml.Node, yaml.Node] | None = None
        """(key, digits so far, last node, the value's node) of a plain number a comma may have
        split, as in ``{decisions: 1,782}``: a flow mapping reads that as ``decisions: 1``
        and a key ``782``."""
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):  # refused by the loader; never str() a node
                r.error(key_node, path, f"键应为一段文字，但写成了{describe_node(key_node)}", "L19")
                continue
            key = key_node.value
            child = f"{path}.{key}" if path else key
            if key in seen:
                line, column = seen[key]
                r.error(
                    key_node,
                    child,
                    f"键「{key}」重复出现（第一次在第 {line} 行第 {column} 列）；YAML 只会保留最后一个值，请删去多余的一个",
                    "L9",
                )
                continue
            seen[key] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            spec = self.by_key.get(key)
            if number and _continues_number(number[2], key_node, value_node):
                number = (number[0], number[1] + "," + key, key_node, number[3])
                continue
            _split_number(number, path, r)
            number = (key, value_node.value, value_node, value_node) if _plain_number(value_node) else None
            if spec is None:
                unknown.append(key)
                close = _closest(key, [k for k in self.by_key if k not in seen])
                hint = f"，是不是「{close}」？" if close else "。"
                where = f"「{self.title}」" if self.title else "这里"
                r.error(key_node, child, f"{where}不认识键「{key}」{hint}可用的键：{'、'.join(self.by_key)}", "L10")
                continue
            value = spec.type.read(value_node, child, r)
            if value is not INVALID:
                out[key] = value
        _split_number(number, path, r)
        for spec in self.fields:
            if spec.required and spec.key not in seen:
                # A misspelt key was reported above with this key as its suggestion: once is enough.
                if any(_closest(word, [spec.key]) for word in unknown):
                    continue
                child = f"{path}.{spec.key}" if path else spec.key
                extra = "；未填报请写 null" if getattr(spec.type, "is_cell", False) else ""
                r.error(node, child, f"缺少必填项「{spec.key}」（{spec.title}）{extra}", "L11")
        return out

    def json_schema(self):
        out: dict = {"type": "object"}
        if self.title:
            out["title"] = self.title
        if self.description:
            out["description"] = self.description
        props = {}
        for spec in self.fields:
            prop = {"title": spec.title, **spec.type.json_schema()}
            if spec.description:
                prop["description"] = spec.description
            props[spec.key] = prop
        out["properties"] = props
        out["required"] = [f.key for f in self.fields if f.required]
        out["additionalProperties"] = False
        return out


def _split_number(number: tuple | None, path: str, r: Reader) -> None:
    """Report a number a thousands separator split (see ``number`` in :meth:`Record.read`)."""
    if number is None or "," not in number[1]:
        return
    key, digits, _, value_node = number
    r.error(
        value_node,
        f"{path}.{key}" if path else key,
        f"「{digits}」里的逗号是千位分隔符，但在花括号 {{ }} 里英文逗号分隔各项，"
        f"YAML 把它读成了「{key}: {digits.split(',')[0]}」和键「{'」「'.join(digits.split(',')[1:])}」；"
        f"请去掉千位分隔符，写成 {digits.replace(',', '')}",
        "L8",
    )


def _plain_number(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and not node.style and node.value.isascii() and node.value.isdigit()


def _continues_number(before: yaml.Node, key_node: yaml.Node, value_node: yaml.Node) -> bool:
    """``key_node`` is three digits right after ``before`` and a comma, with no value: the
    rest of a number written with a thousands separator."""
    return (
        isinstance(key_node, yaml.ScalarNode)
        and not key_node.style
        and len(key_node.value) == 3
        and key_node.value.isascii()
        and key_node.value.isdigit()
        and key_node.start_mark.line == before.end_mark.line
        and 1 <= key_node.start_mark.column - before.end_mark.column <= 2  # "," or ", " between
        and isinstance(value_node, yaml.ScalarNode)
        and not value_node.style
        and value_node.value == ""
    )


def _closest(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def _did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = _closest(word, choices)
    return f"；是不是「{close}」？" if close else ""
