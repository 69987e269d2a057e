"""Read a portal's office folders: each ``office.yml`` and ``<year>.yml`` into the model,
with every problem of a file collected (nothing is checked across files here; that is
:mod:`nianbao.checks.run`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..problems import Problem, Problems, relative_name
from . import documents
from .datafolder import LEFT_BEHIND, NOT_REGULAR, PORTAL_FILE, entry_kind, folder_key
from .loading import Locator, load_node
from .model import Contact, Correction, Office, Report, Source
from .schema import Reader

OFFICE_FILE = "office.yml"
YEAR_FILE = re.compile(r"[0-9]{4}\.yml")
OFFICE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def read_office_folder_cached(
    folder: Path, root: Path, problems: Problems, cache: dict[Path, Any] | None
) -> tuple[Office | None, list[Report]]:
    if cache is None:
        return read_office_folder(folder, root, problems)
    key = folder_key(folder)
    cached = cache.get(folder)
    if cached is None or cached[0] != key:
        found = Problems()
        office, reports = read_office_folder(folder, root, found)
        cached = cache[folder] = (key, office, reports, found.items)
    problems.extend(cached[3])
    return cached[1], list(cached[2])


def read_portal_settings(data_dir: Path, root: Path, problems: Problems) -> dict:
    path = data_dir / PORTAL_FILE
    if not path.exists() and not path.is_symlink():
        return {}
    name = relative_name(data_dir, root) + "/" + PORTAL_FILE
    node = load_node(path, name, problems)
    if node is None:
        return {}
    return documents.PORTAL.read(node, "", Reader(name, problems))


def read_office_folder(folder: Path, root: Path, problems: Problems) -> tuple[Office | None, list[Report]]:
    folder_name = relative_name(folder, root)
    if not OFFICE_ID.fullmatch(folder.name):
        problems.add(
            Problem(
                folder_name,
                0,
                0,
                "",
                f"目录名「{folder.name}」只能由小写字母、数字和连字符组成（如 penghou-jiedao），它会成为网址的一部分",
                "L13",
            )
        )
        return None, []
    office = None
    office_path = folder / OFFICE_FILE
    if office_path.exists() or office_path.is_symlink():
        office = read_office(office_path, folder.name, f"{folder_name}/{OFFICE_FILE}", problems)
    else:
        problems.add(
            Problem(
                folder_name + "/" + OFFICE_FILE,
                0,
                0,
                "",
                "缺少机关信息文件 office.yml；可用 nianbao new-office 生成",
                "O3",
            )
        )
    reports = []
    for path in sorted(folder.iterdir()):
        name, kind = f"{folder_name}/{path.name}", entry_kind(path)
        if path.name == OFFICE_FILE:
            continue  # read (and its kind checked) above
        if kind in NOT_REGULAR:
            problems.add(Problem(name, 0, 0, "", NOT_REGULAR[kind], "L20"))
            continue
        if kind == "dir" or LEFT_BEHIND.fullmatch(path.name):
            what = "子目录" if kind == "dir" else "隐藏文件或编辑器留下的备份、临时文件"
            problems.add(Problem(name, 0, 0, "", f"这是{what}，不会被读取；请删除（不要提交到仓库）", "L22"))
            continue
        if not YEAR_FILE.fullmatch(path.name):
            problems.add(
                Problem(name, 0, 0, "", f"文件名应为「四位年度.yml」（如 2024.yml），但这里是「{path.name}」", "L14")
            )
            continue
        report = read_report(path, folder.name, name, problems)
        if report is not None:
            reports.append(report)
    return office, reports


def read_office(path: Path, office_id: str, name: str, problems: Problems) -> Office | None:
    node = load_node(path, name, problems)
    if node is None:
        return None
    reader = Reader(name, problems)
    raw = documents.OFFICE.read(node, "", reader)
    if reader.errors:
        return None
    return Office(
        id=office_id,
        name=raw["name"],
        kind=raw["kind"],
        short_name=raw.get("short_name"),
        parent=raw.get("parent"),
        region=raw.get("region"),
        website=raw.get("website"),
        contact=Contact(**(raw.get("contact") or {})),
        first_year=raw.get("first_year"),
        last_year=raw.get("last_year"),
        owners=tuple(raw.get("owners") or ()),
        file=name,
        path=path,
    )


def read_report(path: Path, office_id: str, name: str, problems: Problems, *, check_name: bool = True) -> Report | None:
    """Read one report file; ``None`` when its frame (year, origin, sections) is unusable.
    Tables with problems are left out, so the rules still check the others. ``check_name``
    off: a draft checked on its own may be called anything (``草稿.yml``)."""
    node = load_node(path, name, problems)
    if node is None:
        return None
    reader = Reader(name, problems)
    raw = documents.REPORT.read(node, "", reader)
    if any(key not in raw for key in ("year", "origin", "sections")):
        return None
    if check_name and path.stem != str(raw["year"]):
        # The report's identity is in doubt: checking it against the wrong year would only
        # add noise, so nothing more is said until this is fixed.
        line, column = Locator().position(path, "year")
        problems.add(
            Problem(
                name, line, column, "year", f"文件名是 {path.name}，但 year 写的是 {raw['year']}；两者必须一致", "F1"
            )
        )
        return None
    tables = {}
    for key in ("active", "requests", "appeals"):
        value = raw.get(key)
        if key == "active":
            for item, table in (value or {}).items():
                tables[f"active.{item}"] = table
        elif value is not None:
            tables[key] = value
    source = raw.get("source")
    return Report(
        office_id=office_id,
        year=raw["year"],
        origin=raw["origin"],
        published=raw.get("published"),
        sections={k: v for k, v in raw["sections"].items() if v},
        tables=tables,
        source=Source(**source) if source else None,
        signed_by=raw.get("signed_by"),
        draft=raw.get("draft", False),
        notes=tuple(raw.get("notes") or ()),
        import_problems=tuple(raw.get("import_problems") or ()),
        acknowledged={
            a["rule"]: a["reason"] for a in raw.get("acknowledged") or () if a.get("rule") and a.get("reason")
        },
        corrections=tuple(Correction(**c) for c in raw.get("corrections") or () if "date" in c and "note" in c),
        file=name,
        path=path,
        given=(
            given := frozenset(k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode))
            | frozenset(reader.failed)
        ),
        unreadable=frozenset(k for k in given if k not in raw),
    )
