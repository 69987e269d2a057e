"""Write report and office files the way staff should find them: every key present, every
official label next to its row as a comment, one table row per line.

Used by ``nianbao new`` (an empty report), the importer (a report read from a published
document), the 在线填报 page (the file its script fills in) and the tests; ``read_report``
of the output gives back the same data.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from ..formats import Row, TableDef, load_sections, table_def, table_ids
from .documents import OFFICE_SCHEMA_URL_PATH, SCHEMA_URL_PATH

#: From ``data/<office>/<year>.yml`` to the schema committed in ``docs/``.
SCHEMA_FROM_DATA = f"../../docs/{SCHEMA_URL_PATH}"
OFFICE_SCHEMA_FROM_DATA = f"../../docs/{OFFICE_SCHEMA_URL_PATH}"


def scalar(value: Any) -> str:
    """One YAML scalar that reads back as exactly ``value``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.dumps(str(value), ensure_ascii=False)


def _block(text: str, indent: str) -> str:
    """A literal block scalar; the text keeps its lines exactly."""
    lines = text.strip("\n").split("\n")
    body = "\n".join(f"{indent}{line}".rstrip() for line in lines)
    return f"|-\n{body}"


def _cell(value: Any) -> str:
    if isinstance(value, dict):  # money
        return f"{{value: {scalar(value.get('value'))}, unit: {scalar(value.get('unit'))}}}"
    return scalar(value)


def _row_lines(definition: TableDef, row: Row, values: dict, indent: str) -> list[str]:
    name = row.key.rpartition(".")[2]
    if row.children:
        lines = [f"{indent}{name}:  # {row.label}"]
        for child in row.children:
            lines += _row_lines(definition, child, values.get(child.key.rpartition(".")[2], {}), indent + "  ")
        return lines
    cells = ", ".join(f"{c.key}: {_cell(values.get(c.key))}" for c in definition.columns)
    return [f"{indent}{name}: {{{cells}}}  # {row.label}"]


def table_lines(definition: TableDef, values: dict, indent: str) -> list[str]:
    """The body of one table: its version and one line per row."""
    lines = [f"{indent}version: {definition.version}"]
    if len(definition.columns) > 1:
        labels = "、".join(f"{c.key} {c.label}" for c in definition.columns)
        lines.append(f"{indent}# 各列：{labels}")
    for row in definition.rows:
        lines += _row_lines(definition, row, values.get(row.key, {}), indent)
    return lines


def dump_report(data: dict) -> str:
    """A report file from a plain dict shaped like the file (tables carry ``version``)."""
    out = [f"# yaml-language-server: $schema={SCHEMA_FROM_DATA}"]
    out.append(f"# 政府信息公开工作年度报告：{data['year']} 年度。填写说明见门户的「填报指南」页面。")
    for key, comment in (
        ("year", "报告年度"),
        ("origin", "published：录自已发布的报告；new：本门户新填报"),
        ("draft", "草稿，未填完前为 true"),
        ("published", "发布日期"),
        ("signed_by", "落款"),
    ):
        if key in data:
            out.append(f"{key}: {scalar(data[key])}  # {comment}")
    if data.get("source"):
        out.append("source:  # 原文出处")
        out += [f"  {k}: {scalar(v)}" for k, v in data["source"].items() if v is not None]
    for key, comment in (("import_problems", "导入时未能读出的内容：补全后删去此项"), ("notes", "编者说明")):
        if data.get(key):
            out.append(f"{key}:  # {comment}")
            out += [f"  - {scalar(item)}" for item in data[key]]
    if data.get("acknowledged"):
        out.append("acknowledged:  # 已说明的警告")
        for item in data["acknowledged"]:
            out.append(f"  - rule: {scalar(item['rule'])}")
            out.append(f"    reason: {scalar(item['reason'])}")
    if data.get("corrections"):
        out.append("corrections:  # 更正记录")
        for item in data["corrections"]:
            out.append(f"  - date: {scalar(item['date'])}")
            out.append(f"    note: {scalar(item['note'])}")
    out.append("")
    out.append("sections:  # 正文（Markdown）")
    sections = data.get("sections", {})
    titles = {"preamble": "开头说明", **{s.text: s.title for s in load_sections()}}
    for key, title in titles.items():
        if key in sections:
            text = sections[key]
            value = _block(text, "    ") if text and "\n" in text else scalar(text)
            out.append(f"  # {title}")
            out.append(f"  {key}: {value}")
    for tid in table_ids():
        section, _, item = tid.partition(".")
        values = data.get(section) or {}
        if item:
            values = values.get(item) or {}
        if not values:
            continue
        definition = table_def(tid, int(values["version"]))
        if item:
            if not any(line.startswith("active:") for line in out):
                out += ["", "active:  # 表二 主动公开政府信息情况"]
            out.append(f"  {item}:  # {definition.caption}")
            out += table_lines(definition, values, "    ")
        else:
            out += ["", f"{section}:  # {'表三' if section == 'requests' else '表四'} {definition.caption}"]
            out += table_lines(definition, values, "  ")
    return "\n".join(out) + "\n"


def dump_office(data: dict) -> str:
    out = [
        f"# yaml-language-server: $schema={OFFICE_SCHEMA_FROM_DATA}",
        "# 机关信息。填写说明见门户的「填报指南」页面。",
    ]
    for key in ("name", "short_name", "kind", "parent", "region", "website", "first_year", "last_year"):
        if data.get(key) is not None:
            out.append(f"{key}: {scalar(data[key])}")
    if data.get("contact"):
        out.append("contact:")
        out += [f"  {k}: {scalar(v)}" for k, v in data["contact"].items() if v is not None]
    if data.get("owners"):
        out.append("owners:  # 审核本机关数据的 GitHub 账号")
        out += [f"  - {scalar(o)}" for o in data["owners"]]
    elif "owners" in data:
        out.append('owners: []  # 审核本机关数据的 GitHub 账号，如 ["@zhangsan"]；填好后运行 nianbao codeowners')
    return "\n".join(out) + "\n"
