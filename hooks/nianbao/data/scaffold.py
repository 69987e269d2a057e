"""Starting points staff fill in: a new office folder, a new year's report, CODEOWNERS."""

from __future__ import annotations

from ..formats import TableDef, latest_version, row_node, table_def, table_ids
from .model import Office, Report
from .writing import dump_office, dump_report


def empty_report(year: int, previous: Report | None) -> str:
    """A draft report in the newest format with every cell present and not yet filled
    (null), its 二、上年结转 taken from last year's 四、结转下年度继续办理. Nothing else of
    last year's report is carried: its source, notes, corrections and acknowledged warnings
    are about last year's document."""
    version = latest_version()
    data: dict = {
        "year": year,
        "origin": "new",
        "draft": True,
        "published": None,
        "signed_by": None,
        "sections": {"preamble": None, "overview": None, "problems": None, "other": None},
    }
    for tid in table_ids():
        definition = table_def(tid, version)
        if definition is None or definition.optional:
            continue
        place_table(data, tid, empty_values(definition))
    last = previous.tables.get("requests") if previous else None
    if last is not None:
        data["requests"]["carried_over"] = {
            c.key: last.cells[("carried_forward", c.key)] for c in last.definition.columns
        }
    return dump_report(data)


def empty_values(definition: TableDef) -> dict:
    """A table with every cell present and not filled in (null), as staff fill it."""
    values: dict = {"version": definition.version}
    for row in definition.leaf_rows():
        row_node(values, row.key).update({c.key: None for c in definition.columns})
    return values


def place_table(data: dict, table_id: str, values: dict) -> None:
    """Put a table's values where the data file keeps it (``active.item5`` → active/item5)."""
    section, _, item = table_id.partition(".")
    if item:
        data.setdefault(section, {})[item] = values
    else:
        data[section] = values


def new_office(name: str, kind: str) -> str:
    return dump_office({"name": name, "kind": kind, "owners": []})


CODEOWNERS_HEADER = """\
# 由 `nianbao codeowners` 根据 data/portal.yml 的 maintainers 和 data/*/office.yml 的 owners 生成，请勿手工修改。
# GitHub 采用最后一条匹配的规则：先把一切交给维护团队，再把每个机关目录交给其负责人，
# 最后把代码、工作流和门户设置交还维护团队，任何机关目录的规则都不能覆盖它们。
"""

#: What only the maintainers may change: code, templates, workflows, build settings, and
#: the file that names the maintainers.
MAINTAINED_PATHS = ("/hooks/", "/overrides/", "/.github/", "/mkdocs.yml", "/pyproject.toml", "/data/portal.yml")


def codeowners(offices: list[Office], maintainers: str) -> str:
    """CODEOWNERS from validated data only: ``maintainers`` and every owner are handles
    the schema checked, office ids are folder names the loader checked."""
    lines = [CODEOWNERS_HEADER, f"* {maintainers}", ""]
    for office in sorted(offices, key=lambda o: o.id):
        if office.owners:
            lines.append(f"/data/{office.id}/ {' '.join(office.owners)}")
        else:
            lines.append(f"# /data/{office.id}/ （{office.name}）尚未在 office.yml 中指定负责人 owners，由维护团队审核")
    lines.append("")
    lines += [f"{path} {maintainers}" for path in MAINTAINED_PATHS]
    return "\n".join(lines) + "\n"
