"""Load every data file, build the model, run the rules: the whole first phase.

``load_catalog`` is the one entry point shared by ``mkdocs build`` (through the hook) and
``nianbao validate``, so both report the same problems in the same words.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import documents
from .loading import Locator, load_node
from .model import Contact, Correction, Office, Report, Source
from .problems import Problem, Problems, relative_name
from .publication import build_date
from .rules import Context, Finding, Rule, explained, run_rules, severity_for
from .schema import Reader

OFFICE_FILE = "office.yml"
PORTAL_FILE = "portal.yml"
_YEAR_FILE = re.compile(r"[0-9]{4}\.yml")
_OFFICE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")

#: Statutory deadlines (条例 第四十九条), as "MM-DD" of the year after the report year.
STATUTORY_DEADLINES = {"政府部门": "01-31", "人民政府": "03-31"}


@dataclass
class Catalog:
    """Everything the pages and exports need, validated."""

    offices: dict[str, Office]
    reports: list[Report]
    """Sorted by office id, then year."""
    problems: Problems
    findings: dict[tuple[str, int], list[tuple[Rule, Finding]]] = field(default_factory=dict)
    """(office id, year) → rule outcomes, shown on the report page."""
    deadlines: dict[str, str] = field(default_factory=dict)
    today: dt.date = field(default_factory=dt.date.today)
    """The date the data is judged on (see :func:`nianbao.publication.build_date`)."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds spent per stage (``load``, ``validate``), for the benchmark."""
    _by_office: dict[str, dict[int, Report]] | None = field(default=None, repr=False)

    def published_by_year(self, office_id: str) -> dict[int, Report]:
        """An office's reports that are not drafts, by year (indexed once: no scan per page)."""
        if self._by_office is None:
            self._by_office = {}
            for report in self.reports:
                if not report.draft:
                    self._by_office.setdefault(report.office_id, {})[report.year] = report
        return self._by_office.get(office_id, {})

    def years(self) -> list[int]:
        return sorted({r.year for r in self.reports}, reverse=True)

    @property
    def ok(self) -> bool:
        return not self.problems.errors


def load_catalog(
    data_dir: Path,
    root: Path,
    *,
    today: dt.date | None = None,
    only: set[Path] | None = None,
    folder_cache: dict[Path, Any] | None = None,
) -> Catalog:
    """Read ``data_dir``. ``only`` limits *reported* problems to those files (all files are
    still read, because rules look across years and offices). ``folder_cache`` (kept by
    the caller between builds, e.g. ``mkdocs serve``) skips reading an office folder whose
    files have the same names, sizes and modification times as last time; the rules always
    run on the whole catalog."""
    today = today or build_date()
    started = time.perf_counter()
    problems = Problems()
    deadlines = dict(STATUTORY_DEADLINES)
    deadlines.update(_read_portal_settings(data_dir, root, problems))
    offices: dict[str, Office] = {}
    reports: list[Report] = []
    if not data_dir.is_dir():
        problems.add(Problem(relative_name(data_dir, root), 0, 0, "", "找不到数据目录", "L1"))
    else:
        for folder in sorted(p for p in data_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
            office, office_reports = _read_office_folder_cached(folder, root, problems, folder_cache)
            if office:
                offices[office.id] = office
            reports.extend(office_reports)
    locator = Locator()
    for office in offices.values():
        if office.parent and office.parent not in offices:
            line, column = locator.position(office.path, "parent")
            problems.add(
                Problem(
                    office.file,
                    line,
                    column,
                    "parent",
                    f"上级机关「{office.parent}」不在本门户的 data/ 目录中；请写目录名，或删去此项",
                    "O2",
                )
            )
    reports.sort(key=lambda r: (r.office_id, r.year))
    catalog = Catalog(offices, reports, problems, deadlines=deadlines, today=today)
    loaded = time.perf_counter()
    _apply_rules(catalog, locator)
    catalog.timings = {"load": loaded - started, "validate": time.perf_counter() - loaded}
    if only is not None:
        names = {relative_name(p, root) for p in only}
        catalog.problems = Problems(
            [p for p in problems.items if p.file in names or any(p.file.startswith(n.rstrip("/") + "/") for n in names)]
        )
    return catalog


def _read_office_folder_cached(
    folder: Path, root: Path, problems: Problems, cache: dict[Path, Any] | None
) -> tuple[Office | None, list[Report]]:
    if cache is None:
        return _read_office_folder(folder, root, problems)
    key = folder_key(folder)
    cached = cache.get(folder)
    if cached is None or cached[0] != key:
        found = Problems()
        office, reports = _read_office_folder(folder, root, found)
        cached = cache[folder] = (key, office, reports, found.items)
    problems.extend(cached[3])
    return cached[1], list(cached[2])


def folder_key(folder: Path) -> tuple:
    """What says an office folder is unchanged: its files' names, sizes and times."""
    with os.scandir(folder) as entries:
        return tuple(sorted((e.name, e.stat().st_mtime_ns, e.stat().st_size) for e in entries))


def _read_portal_settings(data_dir: Path, root: Path, problems: Problems) -> dict[str, str]:
    path = data_dir / PORTAL_FILE
    if not path.exists():
        return {}
    name = relative_name(path, root)
    node = load_node(path, name, problems)
    if node is None:
        return {}
    raw = documents.PORTAL.read(node, "", Reader(name, problems))
    return {kind: text for kind, text in (raw.get("deadlines") or {}).items() if text}


def _read_office_folder(folder: Path, root: Path, problems: Problems) -> tuple[Office | None, list[Report]]:
    folder_name = relative_name(folder, root)
    if not _OFFICE_ID.fullmatch(folder.name):
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
    if office_path.exists():
        office = read_office(office_path, folder.name, relative_name(office_path, root), problems)
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
        if path.name == OFFICE_FILE or path.name.startswith("."):
            continue
        name = relative_name(path, root)
        if not _YEAR_FILE.fullmatch(path.name):
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


def read_report(path: Path, office_id: str, name: str, problems: Problems) -> Report | None:
    """Read one report file; ``None`` when its frame (year, origin, sections) is unusable.
    Tables with problems are left out, so the rules still check the others."""
    node = load_node(path, name, problems)
    if node is None:
        return None
    reader = Reader(name, problems)
    raw = documents.REPORT.read(node, "", reader)
    if any(key not in raw for key in ("year", "origin", "sections")):
        return None
    if path.stem != str(raw["year"]):
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
        given=frozenset(k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)),
    )


def _apply_rules(catalog: Catalog, locator: Locator) -> None:
    by_key = {(r.office_id, r.year): r for r in catalog.reports}
    for report in catalog.reports:
        context = Context(
            today=catalog.today,
            offices=catalog.offices,
            previous=by_key.get((report.office_id, report.year - 1)),
            deadlines=catalog.deadlines,
        )
        outcomes = list(run_rules(report, context))
        catalog.findings[(report.office_id, report.year)] = outcomes
        for rule_def, finding in outcomes:
            line, column = locator.position(report.path, finding.key)
            catalog.problems.add(
                Problem(
                    report.file,
                    line,
                    column,
                    finding.key,
                    explained(rule_def, report, finding),
                    finding.rule,
                    severity_for(rule_def, report, finding),
                )
            )
