"""Load every data file, build the model, run the rules and the audit: the whole first
phase. ``load_catalog`` is the one entry point shared by ``mkdocs build`` (through the
hook), ``nianbao validate`` and ``nianbao audit``, so all report the same problems in the
same words."""

from __future__ import annotations

import datetime as dt
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..data.catalog import STATUTORY_DEADLINES, Catalog
from ..data.datafolder import NOT_REGULAR, office_folders
from ..data.folders import (
    OFFICE_FILE,
    OFFICE_ID,
    YEAR_FILE,
    read_office,
    read_office_folder_cached,
    read_portal_settings,
    read_report,
)
from ..data.loading import Locator
from ..data.model import Office, Report
from ..problems import WARNING, Problem, Problems, relative_name
from ..settings import build_date
from .audit.apply import audit_problems, audit_reports
from .rules import Context, explained, run_rules, severity_for


def load_catalog(
    data_dir: Path,
    root: Path,
    *,
    today: dt.date | None = None,
    only: set[Path] | None = None,
    folders: list[Path] | None = None,
    folder_cache: dict[Path, Any] | None = None,
) -> Catalog:
    """Read ``data_dir``. ``only`` limits *reported* problems to those files (all files are
    still read, because rules look across years and offices); ``folders`` limits what is
    read to those office folders (an office checked outside a portal). ``folder_cache``
    (kept by the caller between builds, e.g. ``mkdocs serve``) skips reading an office
    folder whose files have the same names, sizes and modification times as last time; the
    rules always run on the whole catalog."""
    today = today or build_date()
    started = time.perf_counter()
    problems = Problems()
    settings = read_portal_settings(data_dir, root, problems)
    deadlines = dict(STATUTORY_DEADLINES)
    deadlines.update({kind: text for kind, text in (settings.get("deadlines") or {}).items() if text})
    offices: dict[str, Office] = {}
    reports: list[Report] = []
    if data_dir.is_symlink():
        problems.add(Problem(relative_name(data_dir, root), 0, 0, "", f"数据目录{NOT_REGULAR['link']}", "L20"))
    elif not data_dir.is_dir():
        problems.add(
            Problem(
                relative_name(data_dir, root),
                0,
                0,
                "",
                "找不到数据目录：新门户请先用 nianbao new-office 创建第一个机关",
                "L1",
            )
        )
    else:
        if folders is None:
            folders = office_folders(data_dir, root, problems)
        for folder in sorted(folders):
            office, office_reports = read_office_folder_cached(folder, root, problems, folder_cache)
            if office:
                offices[office.id] = office
            reports.extend(office_reports)
    locator = Locator()
    _warn_similar_names(offices, locator, problems)
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
    catalog = Catalog(
        offices,
        reports,
        problems,
        deadlines=deadlines,
        today=today,
        maintainers=settings.get("maintainers"),
        repository=settings.get("repository"),
    )
    loaded = time.perf_counter()
    _apply_rules(catalog, locator)
    validated = time.perf_counter()
    catalog.audit, catalog.measured = audit_reports(reports, offices)
    audited = time.perf_counter()
    catalog.problems.extend(audit_problems(_with_readable_sections(reports, catalog.problems), catalog.audit))
    catalog.timings = {
        "load": loaded - started,
        "validate": validated - loaded,
        "audit": audited - validated,
        "audit_warnings": time.perf_counter() - audited,
    }
    if only is not None:
        names = {relative_name(p, root) for p in only}
        catalog.problems = Problems(
            [p for p in problems.items if p.file in names or any(p.file.startswith(n.rstrip("/") + "/") for n in names)]
        )
    return catalog


@dataclass
class LoneReport:
    """A report file checked on its own, outside a portal's ``data/`` folder."""

    catalog: Catalog
    """Its problems only; the office and the previous year are read when found beside it."""
    caveats: list[str]
    """What could not be checked, and why (Chinese), so that a clean result never says more
    than was checked."""


def load_lone_report(path: Path, base: Path, *, today: dt.date | None = None) -> LoneReport:
    """Check one report file wherever it is, with the ``office.yml`` and the previous year's
    file of its folder when they are there (their own problems are not reported)."""
    today = today or build_date()
    name = relative_name(path, base)
    folder, scratch, problems = path.parent, Problems(), Problems()
    office_id = folder.name if OFFICE_ID.fullmatch(folder.name) else "_"
    caveats = []
    named = bool(YEAR_FILE.fullmatch(path.name))
    report = read_report(path, office_id, name, problems, check_name=named)
    offices: dict[str, Office] = {}
    office_path = folder / OFFICE_FILE
    office = read_office(office_path, office_id, office_path.name, scratch) if office_path.is_file() else None
    if office:
        offices[office_id] = office
    else:
        caveats.append(f"同一目录下没有可用的 {OFFICE_FILE}：未核对机关信息和发布期限")
    reports = [report] if report else []
    if report:
        if not named:
            caveats.append(f"文件名不是「年度.yml」：放入 data/机关目录/ 时请命名为 {report.year}.yml")
        before = folder / f"{report.year - 1}.yml"
        previous = read_report(before, office_id, before.name, scratch) if before.is_file() else None
        if previous:
            reports.insert(0, previous)
        else:
            caveats.append(f"同一目录下没有可用的 {report.year - 1}.yml：未做跨年度核对")
    catalog = Catalog(offices, reports, problems, deadlines=dict(STATUTORY_DEADLINES), today=today)
    _apply_rules(catalog, Locator())
    # The quality audit too: for a new report its findings are warnings, as in the build.
    catalog.audit, catalog.measured = audit_reports(reports, offices)
    catalog.problems.extend(audit_problems(_with_readable_sections(reports, catalog.problems), catalog.audit))
    catalog.problems = Problems([p for p in catalog.problems.items if p.file == name])
    catalog.reports = [report] if report else []
    return LoneReport(catalog, caveats)


def _with_readable_sections(reports: list[Report], problems: Problems) -> list[Report]:
    """The reports whose narrative has no error: an unreadable section is reported once, by
    the reader, and not also by the audit as missing content."""
    erroneous = {p.file for p in problems.errors if p.key.startswith("sections")}
    return [r for r in reports if r.file not in erroneous]


def _name_key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name)
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf")).casefold()


def _warn_similar_names(offices: dict[str, Office], locator: Locator, problems: Problems) -> None:
    """Two offices whose names differ only by spacing, width or invisible characters are
    one office twice, or one pretending to be another."""
    seen: dict[str, Office] = {}
    for office in sorted(offices.values(), key=lambda o: o.id):
        first = seen.setdefault(_name_key(office.name), office)
        if first is office or office.path is None:
            continue
        line, column = locator.position(office.path, "name")
        problems.add(
            Problem(
                office.file,
                line,
                column,
                "name",
                f"机关全称「{office.name}」与 {first.file} 的「{first.name}」"
                + ("相同；" if office.name == first.name else "只差空格、全角半角或不可见字符；")
                + "同一机关只应有一个目录，不同机关请写出区别",
                "O4",
                WARNING,
            )
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
