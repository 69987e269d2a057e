"""What ``nianbao validate PATH…`` checks: exactly the files and folders it is given.

A path inside a portal's ``data/`` folder is checked with the whole portal around it (other
years and offices), as the build checks it. A report file anywhere else is checked on its
own, with its folder's ``office.yml`` and previous year when they are there. Anything that is
not report data is refused with a message, never passed over in silence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..checks.run import load_catalog, load_lone_report
from ..data.folders import OFFICE_FILE
from ..data.loading import load_node
from ..problems import Problem, Problems, relative_name

DATA_DIR = "data"
PROJECT_MARKER = "mkdocs.yml"
REPORT_SUFFIXES = (".yml", ".yaml")
#: Keys only a report file has at its top level.
REPORT_KEYS = ("year", "origin", "sections")
_YEAR_FILE = re.compile(r"[0-9]{4}\.ya?ml")


def find_root(start: Path) -> Path | None:
    """The portal folder: the nearest one upwards (like git) holding mkdocs.yml."""
    for folder in (start, *start.parents):
        if is_portal(folder):
            return folder
    return None


def is_portal(folder: Path) -> bool:
    return (folder / PROJECT_MARKER).is_file()


@dataclass
class Verdict:
    """Everything ``nianbao validate`` prints, for all the paths it was given."""

    problems: list[Problem] = field(default_factory=list)
    reports: int = 0
    offices: int = 0
    checked: list[str] = field(default_factory=list)
    """What was checked, as staff named it (for the summary line)."""
    caveats: list[str] = field(default_factory=list)
    """What could not be checked (a lone report without office.yml, …)."""
    refused: list[str] = field(default_factory=list)
    """Paths that are not report data, each with why."""


def validate_portal(root: Path, today: dt.date | None = None) -> Verdict:
    catalog = load_catalog(root / DATA_DIR, root, today=today)
    return Verdict(catalog.problems.sorted(), len(catalog.reports), len(catalog.offices), [DATA_DIR + "/"])


def validate_paths(paths: list[str], root: Path | None, base: Path, today: dt.date | None = None) -> Verdict:
    """Check each path; ``root`` is the portal named by ``--root`` (else found per path),
    ``base`` the folder names in messages are relative to when outside a portal."""
    verdict = Verdict()
    in_portal: dict[Path, set[Path]] = {}
    for text in paths:
        path = Path(text).expanduser()
        if not path.exists():
            verdict.refused.append(f"找不到 {text}")
            continue
        path = path.resolve()
        portal = _portal_of(path, root)
        if portal is not None:
            if path == portal:
                path = portal / DATA_DIR
            if path.is_relative_to(portal / DATA_DIR):
                in_portal.setdefault(portal, set()).add(path)
                continue
        _validate_outside(path, text, base, today, verdict)
    for portal, named in in_portal.items():
        catalog = load_catalog(portal / DATA_DIR, portal, today=today, only=named)
        verdict.problems += catalog.problems.sorted()
        verdict.reports += sum(1 for r in catalog.reports if _within(r.path, named))
        verdict.offices += sum(1 for o in catalog.offices.values() if _within(o.path, named) or o.path.parent in named)
        verdict.checked += sorted(relative_name(p, portal) for p in named)
    return verdict


def _portal_of(path: Path, root: Path | None) -> Path | None:
    if root is not None and path.is_relative_to(root):
        return root
    return find_root(path if path.is_dir() else path.parent)


def _within(path: Path, named: set[Path]) -> bool:
    return any(path == p or path.is_relative_to(p) for p in named)


def _validate_outside(path: Path, text: str, base: Path, today: dt.date | None, verdict: Verdict) -> None:
    if path.is_dir():
        if any((p / OFFICE_FILE).is_file() for p in path.iterdir() if p.is_dir()):
            catalog = load_catalog(path, base, today=today)  # a data/ folder of its own
        elif (path / OFFICE_FILE).is_file() or any(_YEAR_FILE.fullmatch(p.name) for p in path.iterdir()):
            catalog = load_catalog(path.parent, base, today=today, folders=[path])  # one office
        else:
            verdict.refused.append(f"{text} 里没有报告数据：既没有 office.yml，也没有「年度.yml」文件")
            return
        verdict.problems += catalog.problems.sorted()
        verdict.reports += len(catalog.reports)
        verdict.offices += len(catalog.offices)
        verdict.checked.append(text)
        return
    refusal = _not_a_report(path, text)
    if refusal:
        verdict.refused.append(refusal)
        return
    lone = load_lone_report(path, base, today=today)
    verdict.problems += lone.catalog.problems.sorted()
    verdict.reports += len(lone.catalog.reports)
    verdict.checked.append(text)
    verdict.caveats += lone.caveats


def _not_a_report(path: Path, text: str) -> str | None:
    """Why ``path`` is not a report file, or ``None`` if it may be one (a file that does not
    even parse may be a draft with a syntax error: it is checked, and the error shown)."""
    if path.suffix.lower() not in REPORT_SUFFIXES:
        return f"{text} 不是报告数据文件：报告是「年度.yml」形式的 YAML 文件（如 data/pingtan/2024.yml）"
    if path.name == OFFICE_FILE:
        return f"{text} 是机关信息文件：请校验它所在的目录（nianbao validate {Path(text).parent.as_posix()}）"
    scratch = Problems()
    node = load_node(path, text, scratch)
    if node is None:
        return None
    keys = {k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    if not keys & set(REPORT_KEYS):
        return f"{text} 不是年度报告：文件中没有 {'、'.join(REPORT_KEYS)} 等报告的键"
    return None
