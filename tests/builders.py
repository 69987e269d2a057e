"""Tiny data sets written by the tests themselves (offices and reports in temp folders)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from nianbao.data.scaffold import empty_values, place_table
from nianbao.data.writing import dump_office, dump_report
from nianbao.formats import row_node, table_def

#: Synthetic 五 and 六 that the quality audit (nianbao.checks.audit) has nothing to say about.
#: 40 to 59 characters: long enough to say something, too short to be compared across years.
SYNTHETIC_PROBLEMS = "合成测试：上年度所列问题已整改。本年度的主要问题是栏目更新不够及时；改进措施是建立每周检查制度。"
SYNTHETIC_OVERVIEW = "合成测试：总体情况。工作考核、社会评议和责任追究结果情况：无。"
SYNTHETIC_OTHER = "本年度未收取信息处理费。"

REAL_REPORT = Path(__file__).resolve().parents[1] / "data" / "pingtan" / "2023.yml"


def zero_tables(version: int = 2021) -> dict:
    """Every table of one version with all cells 0 (a consistent report)."""
    out: dict = {}
    for tid in ("active.item1", "active.item5", "active.item6", "active.item8", "requests", "appeals"):
        values = empty_values(table_def(tid, version))
        for row in table_def(tid, version).leaf_rows():
            row_node(values, row.key).update(dict.fromkeys(row_node(values, row.key), 0))
        place_table(out, tid, values)
    return out


def report_data(
    year: int, *, origin: str = "new", published: dt.date | None = None, version: int = 2021, **tables
) -> dict:
    data = {
        "year": year,
        "origin": origin,
        "published": published or dt.date(year + 1, 1, 20),
        "sections": {"overview": SYNTHETIC_OVERVIEW, "problems": SYNTHETIC_PROBLEMS, "other": SYNTHETIC_OTHER},
        **zero_tables(version),
    }
    if origin == "published":
        data["source"] = {"title": "测试"}
    for path, value in tables.items():  # e.g. requests__carried_over__total=3
        node = data
        *keys, last = path.split("__")
        for key in keys:
            node = node[key]
        node[last] = value
    return data


def write_office(data_dir: Path, office_id: str, name: str = "测试机关", kind: str = "政府部门", **extra) -> Path:
    folder = data_dir / office_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "office.yml").write_text(dump_office({"name": name, "kind": kind, **extra}), encoding="utf-8")
    return folder


def write_report(data_dir: Path, office_id: str, data: dict) -> Path:
    path = data_dir / office_id / f"{data['year']}.yml"
    path.write_text(dump_report(data), encoding="utf-8")
    return path


def value_at(path: Path, line_starts: str, key: str) -> str:
    """ "line:column" of the value of ``key`` on the first line that starts (after indent)
    with ``line_starts``: found in the text itself, independently of the loader's marks."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.lstrip().startswith(line_starts):
            return f"{number}:{line.index(key + ': ') + len(key) + 3}"
    raise AssertionError(f"{line_starts!r} not in {path}")


def request_counts(data: dict, row: str, **columns: int) -> None:
    """Set some applicant columns of a 表三 row and keep its 总计 equal to their sum."""
    node = data["requests"]
    *groups, leaf = row.split(".")
    for group in groups:
        node = node[group]
    node[leaf].update(columns)
    node[leaf]["total"] = sum(v for k, v in node[leaf].items() if k != "total")


def consistent_requests(data: dict, granted: int, unable: int, carried_forward: int = 0) -> dict:
    """Fill 表三 so that every rule holds: natural persons only."""
    request_counts(data, "results.granted", natural_person=granted)
    request_counts(data, "results.unable.not_held", natural_person=unable)
    request_counts(data, "results.total", natural_person=granted + unable)
    request_counts(data, "carried_forward", natural_person=carried_forward)
    carried_over = data["requests"]["carried_over"]["natural_person"]
    request_counts(data, "new", natural_person=granted + unable + carried_forward - carried_over)
    return data
