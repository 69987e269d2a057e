"""The standard tables as schema types: a cell, an amount of money, and a table read by
the layout of the format version it names. Declared from the format definitions, so a new
national version needs no change here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from ..formats import TableDef, load_formats, table_ids
from . import scalars
from .model import CellValues, Money, TableData
from .schema import INVALID, Choice, Field, Integer, Record, Type, describe_node, is_null, is_quoted


@dataclass
class Cell(Type):
    """One number of a standard table; ``null`` is *not reported*."""

    value_type: str
    is_cell = True  # Record's "missing" message then says how to write a blank

    def read(self, node, path, r):
        # Fast path for the common case, a plain count such as 0 or 1782.
        if node.__class__ is yaml.ScalarNode and not node.style and self.value_type in ("count", "signed"):
            text = node.value
            if (
                text.isdigit()
                and text.isascii()
                and (text[0] != "0" or len(text) == 1)
                and len(text) <= scalars.MAX_WHOLE_DIGITS
            ):
                return int(text)
        if self.value_type == "money":
            return self._read_money(node, path, r)
        scalar = self.scalar(node, path, r, "数字")
        if scalar is None:
            return INVALID
        try:
            if self.value_type == "wan":
                return scalars.read_decimal(scalar.value, is_quoted(scalar), expected="非负数（单位：万元，可带小数）")
            return scalars.read_integer(scalar.value, is_quoted(scalar), signed=self.value_type == "signed")
        except scalars.ScalarError as error:
            return r.error(node, path, str(error))

    def _read_money(self, node, path, r):
        if is_null(node):
            return None
        if not isinstance(node, yaml.MappingNode):
            return r.error(
                node, path, f"应写成 {{value: 金额, unit: 元}}（单位写在 unit 里），但写成了{describe_node(node)}"
            )
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
            return r.error(node, path, f"应为「键: 值」映射，但写成了{describe_node(node)}")
        version_node = next((v for k, v in node.value if getattr(k, "value", None) == "version"), None)
        if version_node is None:
            return r.error(
                node,
                f"{path}.version",
                f"缺少必填项「version」（格式版本：{' 或 '.join(map(str, self.records))}）",
                "L11",
            )
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
            return Record(
                [Field(c.key.rpartition(".")[2], row_type(c), c.label) for c in row.children], title=row.label
            )
        return Record([Field(c.key, Cell(c.type), c.label) for c in definition.columns], title=row.label)

    fields = [
        Field(
            "version",
            _VersionConst(definition.version),
            "格式版本",
            "2019：国办公开办函〔2019〕60号；2021：国办公开办函〔2021〕30号",
        )
    ]
    fields += [Field(row.key, row_type(row), row.label) for row in definition.rows]
    return Record(fields, title=f"{definition.caption}（{definition.version} 版）")


@dataclass
class _VersionConst(Type):
    version: int

    def read(self, node, path, r):  # checked by Table.read before the record is chosen
        return self.version

    def json_schema(self):
        return {"const": self.version}


def _flatten(definition: TableDef, raw: dict) -> CellValues:
    values = []
    for row in definition.leaf_rows():
        row_values = raw
        for part in row.key.split("."):
            row_values = row_values[part]
        values.extend(row_values[column.key] for column in definition.columns)
    return CellValues(definition.cell_index(), tuple(values))


def table_fields(section: str, describe: Callable[[str], str]) -> list[Field]:
    """Fields for the tables of one section (``active`` has one per 第二十条 item)."""
    fields = []
    for tid in table_ids():
        if tid.split(".")[0] != section:
            continue
        defs = [fmt.tables[tid] for fmt in load_formats().values() if tid in fmt.tables]
        optional = all(d.optional for d in defs)
        fields.append(
            Field(tid.partition(".")[2] or tid, Table(tid), defs[-1].caption, describe(tid), required=not optional)
        )
    return fields
