"""The structure of the data files, declared once.

The same declarations read YAML nodes (with every problem located at its line and key) and
export the JSON Schema that editors use; the standard tables are declared from the format
definitions, so a new national version needs no change here.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Callable

import yaml

from . import scalars
from .formats import TableDef, load_formats, table_ids
from .model import Money, TableData
from .problems import Problem, Problems

INVALID = object()
"""Returned by a reader whose node had a problem (already reported)."""


class Reader:
    """Where problems and positions of one file are collected while it is read."""

    def __init__(self, file: str, problems: Problems):
        self.file = file
        self.problems = problems
        self.errors = 0

    def error(self, node: yaml.Node, path: str, message: str, code: str = "L8") -> object:
        mark = node.start_mark
        self.problems.add(Problem(self.file, mark.line + 1, mark.column + 1, path, message, code))
        self.errors += 1
        return INVALID


_NODE_KINDS = {yaml.MappingNode: "「键: 值」映射", yaml.SequenceNode: "列表", yaml.ScalarNode: "单个值"}


def _found(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return f"「{node.value}」" if node.value else "空值"
    return _NODE_KINDS[type(node)]


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and not node.style and node.value in scalars.NULL_WORDS


def _quoted(node: yaml.ScalarNode) -> bool:
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
        r.error(node, path, f"应为{expected}，但写成了{_found(node)}")
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

    def read(self, node, path, r):
        scalar = self.scalar(node, path, r, "文字")
        if scalar is None:
            return INVALID
        if _is_null(scalar):
            return None
        bad = sorted({ch for ch in scalar.value if ch in self.forbid})
        if bad:
            return r.error(node, path, f"不能包含字符 {' '.join(bad)}，但写成了「{scalar.value}」")
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
        return out


@dataclass
class Integer(Type):
    minimum: int | None = None
    maximum: int | None = None

    def read(self, node, path, r):
        scalar = self.scalar(node, path, r, "整数")
        if scalar is None:
            return INVALID
        try:
            value = scalars.read_integer(scalar.value, _quoted(scalar), signed=True)
        except scalars.ScalarError as error:
            return r.error(node, path, str(error))
        if value is None:
            return r.error(node, path, "应为整数，但没有填写")
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
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
        if _is_null(scalar):
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
        if scalar.value in self.WORDS and not _quoted(scalar):
            return self.WORDS[scalar.value]
        return r.error(node, path, f"应为 true 或 false，但写成了{_found(scalar)}")

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
        return r.error(node, path, f"应为以下之一：{'、'.join(self.values)}；但写成了{_found(scalar)}{hint}")

    def json_schema(self):
        return {"enum": list(self.values)}


@dataclass
class ListOf(Type):
    item: Type

    def read(self, node, path, r):
        if _is_null(node):
            return []
        if not isinstance(node, yaml.SequenceNode):
            return r.error(node, path, f"应为列表（每项以「- 」开头），但写成了{_found(node)}")
        out = []
        for index, child in enumerate(node.value):
            value = self.item.read(child, f"{path}[{index}]", r)
            if value is not INVALID:
                out.append(value)
        return out

    def json_schema(self):
        return {"type": ["array", "null"], "items": self.item.json_schema()}


@dataclass
class Cell(Type):
    """One number of a standard table; ``null`` is *not reported*."""

    value_type: str

    def read(self, node, path, r):
        # Fast path for the common case, a plain count such as 0 or 1782.
        if node.__class__ is yaml.ScalarNode and not node.style and self.value_type in ("count", "signed"):
            text = node.value
            if text.isdigit() and text.isascii() and (text[0] != "0" or len(text) == 1):
                return int(text)
        if self.value_type == "money":
            return self._read_money(node, path, r)
        scalar = self.scalar(node, path, r, "数字")
        if scalar is None:
            return INVALID
        try:
            if self.value_type == "wan":
                return scalars.read_decimal(scalar.value, _quoted(scalar), expected="非负数（单位：万元，可带小数）")
            return scalars.read_integer(scalar.value, _quoted(scalar), signed=self.value_type == "signed")
        except scalars.ScalarError as error:
            return r.error(node, path, str(error))

    def _read_money(self, node, path, r):
        if _is_null(node):
            return None
        if not isinstance(node, yaml.MappingNode):
            return r.error(node, path, f"应写成 {{value: 金额, unit: 元}}（单位写在 unit 里），但写成了{_found(node)}")
        raw = MONEY.read(node, path, r)
        if raw is INVALID or "value" not in raw or "unit" not in raw:
            return INVALID
        return None if raw["value"] is None else Money(raw["value"], raw["unit"])

    def json_schema(self):
        if self.value_type == "money":
            return {"oneOf": [{"type": "null"}, MONEY.json_schema()]}
        if self.value_type == "wan":
            return {"type": ["number", "null"], "minimum": 0}
        out: dict = {"type": ["integer", "null"]}
        if self.value_type == "count":
            out["minimum"] = 0
        return out


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
            return r.error(node, path, f"应为「键: 值」映射（{self.title or path}），但写成了{_found(node)}")
        out: dict[str, Any] = {}
        seen: dict[str, tuple[int, int]] = {}
        unknown: list[str] = []
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            child = f"{path}.{key}" if path else key
            if key in seen:
                line, column = seen[key]
                r.error(key_node, child, f"键「{key}」重复出现（第一次在第 {line} 行第 {column} 列）；YAML 只会保留最后一个值，请删去多余的一个", "L9")
                continue
            seen[key] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            spec = self.by_key.get(key)
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
        for spec in self.fields:
            if spec.required and spec.key not in seen:
                # A misspelt key was reported above with this key as its suggestion: once is enough.
                if any(_closest(word, [spec.key]) for word in unknown):
                    continue
                child = f"{path}.{spec.key}" if path else spec.key
                extra = "；未填报请写 null" if isinstance(spec.type, Cell) else ""
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


def _closest(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def _did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = _closest(word, choices)
    return f"；是不是「{close}」？" if close else ""


MONEY = Record(
    [
        Field("value", Cell("wan"), "金额", "按原文保留小数位"),
        Field("unit", Choice(("元", "万元")), "单位", "原文单元格里写的单位"),
    ],
    title="金额",
)


@dataclass
class Table(Type):
    """A standard table, read by the layout of the version named in its ``version`` key."""

    table_id: str
    records: dict[int, Record] = field(init=False, repr=False)

    def __post_init__(self):
        self.records = {
            version: _table_record(fmt.tables[self.table_id])
            for version, fmt in sorted(load_formats().items())
            if self.table_id in fmt.tables
        }

    def read(self, node, path, r):
        if not isinstance(node, yaml.MappingNode):
            return r.error(node, path, f"应为「键: 值」映射，但写成了{_found(node)}")
        version_node = next((v for k, v in node.value if getattr(k, "value", None) == "version"), None)
        if version_node is None:
            return r.error(node, f"{path}.version", f"缺少必填项「version」（格式版本：{' 或 '.join(map(str, self.records))}）", "L11")
        version = Integer().read(version_node, f"{path}.version", r)
        if version is INVALID:
            return INVALID
        record = self.records.get(version)
        if record is None:
            known = " 或 ".join(map(str, self.records))
            return r.error(version_node, f"{path}.version", f"此表的格式版本应为 {known}，但写成了 {version}", "L12")
        before = r.errors
        raw = record.read(node, path, r)
        if r.errors > before:
            return INVALID
        definition = load_formats()[version].tables[self.table_id]
        return TableData(definition, _flatten(definition, raw))

    def json_schema(self):
        return {"oneOf": [rec.json_schema() for rec in self.records.values()]}


def _table_record(definition: TableDef) -> Record:
    def row_type(row) -> Type:
        if row.children:
            return Record([Field(c.key.rpartition(".")[2], row_type(c), c.label) for c in row.children], title=row.label)
        return Record([Field(c.key, Cell(c.type), c.label) for c in definition.columns], title=row.label)

    fields = [Field("version", _VersionConst(definition.version), "格式版本", "2019：国办公开办函〔2019〕60号；2021：国办公开办函〔2021〕30号")]
    fields += [Field(row.key, row_type(row), row.label) for row in definition.rows]
    return Record(fields, title=f"{definition.caption}（{definition.version} 版）")


@dataclass
class _VersionConst(Type):
    version: int

    def read(self, node, path, r):  # checked by Table.read before the record is chosen
        return self.version

    def json_schema(self):
        return {"const": self.version}


def _flatten(definition: TableDef, raw: dict) -> dict:
    cells = {}
    for row in definition.leaf_rows():
        values = raw
        for part in row.key.split("."):
            values = values[part]
        for column in definition.columns:
            cells[(row.key, column.key)] = values[column.key]
    return cells


def table_fields(section: str, describe: Callable[[str], str]) -> list[Field]:
    """Fields for the tables of one section (``active`` has one per 第二十条 item)."""
    fields = []
    for tid in table_ids():
        if tid.split(".")[0] != section:
            continue
        defs = [fmt.tables[tid] for fmt in load_formats().values() if tid in fmt.tables]
        optional = all(d.optional for d in defs)
        fields.append(Field(tid.partition(".")[2] or tid, Table(tid), defs[-1].caption, describe(tid), required=not optional))
    return fields
