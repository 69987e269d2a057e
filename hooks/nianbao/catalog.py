"""Load every data file, build the model, run the rules: the whole first phase.

``load_catalog`` is the one entry point shared by ``mkdocs build`` (through the hook) and
``nianbao validate``, so both report the same problems in the same words.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .checks.audit import AuditFinding
from .checks.audit.apply import audit_problems, audit_reports
from .checks.audit.measures import Measured
from .checks.rules import Context, Finding, Rule, explained, run_rules, severity_for
from .data import documents
from .data.datafolder import LEFT_BEHIND, NOT_REGULAR, PORTAL_FILE, entry_kind, folder_key, office_folders
from .data.loading import Locator, load_node
from .data.model import Contact, Correction, Office, Report, Source
from .data.schema import Reader
from .problems import WARNING, Problem, Problems, relative_name
from .views.publication import build_date

OFFICE_FILE = "office.yml"
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
    """The date the data is judged on (see :func:`nianbao.views.publication.build_date`)."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds spent per stage (``load``, ``validate``, ``audit``, ``audit_warnings``: the line
    numbers of new reports' findings), for the benchmark."""
    maintainers: str | None = None
    """The GitHub team that reviews the portal's code (``data/portal.yml``), for CODEOWNERS."""
    audit: dict[tuple[str, int], list[AuditFinding]] = field(default_factory=dict)
    """(office id, year) → quality findings (:mod:`nianbao.checks.audit`), apart from the rules."""
    measured: dict[tuple[str, int], Measured] = field(default_factory=dict)
    """(office id, year) → what the audit measured (copied shares, figures read): for the pages."""
    _by_office: dict[str, dict[int, Report]] | None = field(default=None, repr=False)

    def published_by_year(self, office_id: str) -> dict[int, Report]:
        """An office's reports that are not drafts, by year (indexed once: no scan per page)."""
        if self._by_office is None:
            self._by_office = {}
            for report in self.reports:
                if not report.draft:
                    self._by_office.setdefault(report.office_id, {})[report.year] = report
        return self._by_office.get(office_id, {})

    @property
    def ok(self) -> bool:
        return not self.problems.errors


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
    settings = _read_portal_settings(data_dir, root, problems)
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
            office, office_reports = _read_office_folder_cached(folder, root, problems, folder_cache)
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
        offices, reports, problems, deadlines=deadlines, today=today, maintainers=settings.get("maintainers")
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
    office_id = folder.name if _OFFICE_ID.fullmatch(folder.name) else "_"
    caveats = []
    named = bool(_YEAR_FILE.fullmatch(path.name))
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


def _read_portal_settings(data_dir: Path, root: Path, problems: Problems) -> dict:
    path = data_dir / PORTAL_FILE
    if not path.exists() and not path.is_symlink():
        return {}
    name = relative_name(data_dir, root) + "/" + PORTAL_FILE
    node = load_node(path, name, problems)
    if node is None:
        return {}
    return documents.PORTAL.read(node, "", Reader(name, problems))


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
