"""`nianbao import` for one file or a whole archive: which file goes to which office and
year (a manifest, or the file names), the files written safely, progress while it runs,
and a summary a clerk can act on.

One bad file never stops the rest: each file ends as written (complete or partial) or
refused with its reason. A data file that exists is never overwritten without ``force``,
and nothing is written through a symbolic link.
"""

from __future__ import annotations

import csv
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..build.site import DATA_DIR
from ..checks.run import load_catalog
from ..data import scaffold, writing
from ..data.model import year_problem
from ..problems import shown_text
from ..views.publication import build_date
from . import ImportResult, UnreadableSource, guess_office, import_report
from .documents import SUPPORTED
from .jobs import Job, Outcome
from .summary import Progress, details, shown, summary_table

#: Worker processes for an archive: reading is CPU-bound, one file per worker at a time.
MAX_WORKERS = 8
OFFICE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
#: 「pingtan-2020.html」「000_penghou-jiedao-2024.txt」: the office id, then the year.
_NAMED = re.compile(r"(?:^|[_\s])(?P<office>[a-z][a-z0-9]*(?:-[a-z0-9]+)*?)[-_](?P<year>(?:19|20)[0-9]{2})$")
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
_MANIFEST_COLUMNS = {
    "file": ("file", "文件"),
    "office": ("office", "机关"),
    "year": ("year", "年度"),
    "name": ("name", "名称", "机关全称"),
    "url": ("url", "网址"),
}


class Refused(Exception):
    """A file that is not imported; the message says why, in Chinese."""


# ---------------------------------------------------------------- planning


def plan_jobs(
    sources: list[Path], manifest: Path | None, office: str | None, year: int | None
) -> tuple[list[Job], list[Outcome]]:
    """The files to import with their office and year; the ones that cannot be placed are
    returned as refused outcomes (the rest still run)."""
    listed = read_manifest(manifest) if manifest else {}
    files: list[Path] = []
    refused: list[Outcome] = []
    for source in sources or list(listed):
        if source.is_dir():
            # In a folder, .md files are notes beside the reports, not reports.
            files += sorted(
                p for p in source.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED and p.suffix != ".md"
            )
        elif source.is_file():
            files.append(source)
        else:
            refused.append(Outcome(Job(source), refused=f"找不到文件：{source}"))
    jobs = []
    taken: dict[tuple[str, int], Path] = {}
    for path in files:
        job = listed.get(path.resolve()) or Job(path)
        job.source = path
        job.office = job.office or office or _office_from_name(path)
        job.year = job.year or year or _year_from_name(path)
        problem = _check_job(job)
        if not problem and (job.office, job.year) in taken:
            first = taken[(job.office, job.year)]
            problem = f"与 {first.name} 同为 {job.office}/{job.year}，本次只导入前一个"
        if problem:
            refused.append(Outcome(job, refused=problem))
        else:
            taken[(job.office, job.year)] = path
            jobs.append(job)
    return jobs, refused


def _office_from_name(path: Path) -> str | None:
    named = _NAMED.search(path.stem.lower())
    if named:
        return named["office"]
    folder = path.parent.name.lower()  # data-like layout: pingtan/2020.pdf
    return folder if OFFICE_ID.fullmatch(folder) and _YEAR.fullmatch(path.stem) else None


def _year_from_name(path: Path) -> int | None:
    years = _YEAR.findall(path.stem)
    return int(years[-1]) if years else None


def _check_job(job: Job) -> str | None:
    if not job.office:
        return "无法从文件名推断机关目录名：请用 --office 指定，或写在清单（--manifest）里"
    if not OFFICE_ID.fullmatch(job.office):
        return f"机关目录名「{job.office}」只能由小写字母、数字和连字符组成"
    if not job.year:
        return "无法从文件名推断报告年度：请用 --year 指定，或写在清单（--manifest）里"
    return year_problem(job.year, build_date())


def read_manifest(path: Path) -> dict[Path, Job]:
    """A CSV with a header row: file, office, year, and optionally name and URL (the
    Chinese column names 文件、机关、年度、名称、网址 work too). Files are relative to the
    manifest's folder, and must stay in it: a file name that leads out of it (``../``, an
    absolute path, a symbolic link to elsewhere) is refused, so that a received archive's
    manifest cannot make the importer read (and copy into data/) any file of the machine.
    Raises :class:`Refused` for a manifest that cannot be used; its messages show names
    through :func:`shown_text`, one problem a line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        try:
            text = path.read_bytes().decode("gb18030")
        except (OSError, UnicodeDecodeError):
            raise Refused(shown_text(f"无法读取清单 {path}（需要 UTF-8 或 GBK 编码的 CSV 文件）")) from None
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise Refused(shown_text(f"清单 {path} 是空的"))
    header = [cell.strip().lower() for cell in rows[0]]
    index = {}
    for key, names in _MANIFEST_COLUMNS.items():
        index[key] = next((header.index(n) for n in names if n in header), None)
    if index["file"] is None:
        raise Refused(shown_text(f"清单 {path} 第 1 行应为表头，至少有 file（文件）一列，可加 office、year、name、url"))
    jobs: dict[Path, Job] = {}
    problems = []
    folder = path.parent.resolve()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(key: str, row=row) -> str | None:
            at = index[key]
            value = row[at].strip() if at is not None and at < len(row) else ""
            return value or None

        year, name = cell("year"), cell("file")
        if year and not re.fullmatch(r"[0-9]{4}", year):
            problems.append(shown_text(f"{path}:{number}: 年度应为四位数字，写成了「{year}」"))
            continue
        if name is None:
            problems.append(shown_text(f"{path}:{number}: 缺少文件名"))
            continue
        source = (folder / name).resolve()
        if not source.is_relative_to(folder):
            problems.append(
                shown_text(
                    f"{path}:{number}: 文件「{name}」不在清单所在的文件夹之内；"
                    "请写相对于清单所在文件夹的路径，不能用 ../、绝对路径或指向别处的链接"
                )
            )
            continue
        jobs[source] = Job(source, cell("office"), int(year) if year else None, cell("name"), cell("url"))
    if problems:
        raise Refused("清单有误，未导入任何文件：\n" + "\n".join(problems))
    return jobs


# ---------------------------------------------------------------- writing


def safe_write(target: Path, text: str, root: Path, *, force: bool) -> None:
    """Write ``target`` whole or not at all; never through a symbolic link (the file or
    any folder below the project), never over an existing file without ``force``."""
    inside = target.is_relative_to(root)
    for path in (target, *(target.parents if inside else ())):
        if path == root or path == path.parent:
            break
        if path.is_symlink():
            raise Refused(f"{shown(path, root)} 是符号链接，不会经由它写入；请改用真实的文件和目录")
    if target.exists() and not force:
        raise Refused(f"{shown(target, root)} 已存在，不会覆盖；确需覆盖请加 --force")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".import-", suffix=".yml", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_one(job: Job) -> tuple[ImportResult | None, str | None]:
    """(result, None) or (None, why it was refused); never raises (runs in a worker)."""
    try:
        return import_report(job.source, job.year), None
    except UnreadableSource as error:
        return None, str(error)
    except RecursionError:
        return None, "文件结构嵌套过深，无法读取"
    except MemoryError:
        return None, "文件过大，读取时内存不足"
    except Exception as error:  # one bad file never stops the rest
        return None, f"读取时出错（{type(error).__name__}），请把此文件报告给维护者"


def target_of(job: Job, root: Path, output: Path | None = None) -> Path:
    return (output or root / DATA_DIR / job.office / f"{job.year}.yml").absolute()


def import_one(
    job: Job, root: Path, *, force: bool, output: Path | None = None, kind: str | None = None, read=None
) -> Outcome:
    """Import one file (or take what a worker read from it) and write its data file, and
    the office's when new."""
    outcome = Outcome(job)
    target = target_of(job, root, output)
    try:
        if target.exists() and not force and not target.is_symlink():
            raise Refused(f"{shown(target, root)} 已存在，不会覆盖；确需覆盖请加 --force")
        result, refused = read or read_one(job)
        if result is None:
            raise Refused(refused)
        if job.url:
            result.data["source"]["url"] = job.url
        safe_write(target, writing.dump_report(result.data), root, force=force)
    except Refused as error:
        outcome.refused = str(error)
        return outcome
    outcome.target, outcome.result = target, result
    office_file = target.parent / "office.yml"
    name = job.name or result.office_name
    if output is None and not office_file.exists() and name:
        kind = kind or guess_office(name)
        try:
            safe_write(office_file, scaffold.new_office(name, kind), root, force=False)
            outcome.wrote_office = f"全称「{name}」，机关类型「{kind}」"
        except Refused as error:
            outcome.refused = str(error)
    return outcome


def read_all(jobs: list[Job], progress: Progress) -> Iterator[tuple[Job, tuple]]:
    """Every job's file read, in worker processes when there are several (reading a PDF is
    the slow part, and it is independent file by file); yielded as each one finishes."""
    workers = min(len(jobs), os.cpu_count() or 1, MAX_WORKERS)
    if workers <= 1:
        for done, job in enumerate(jobs):
            progress.show(done, job.source.name)
            yield job, read_one(job)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    if any(job.source.suffix.lower() == ".pdf" for job in jobs):
        import pdfplumber  # noqa: F401  (imported once here: forked workers share it)

    with ProcessPoolExecutor(workers) as pool:
        futures = {pool.submit(read_one, job): job for job in jobs}
        for done, future in enumerate(as_completed(futures), start=1):
            job = futures[future]
            progress.show(done, job.source.name)
            try:
                yield job, future.result()
            except BrokenProcessPool:
                yield job, (None, "读取时进程意外退出（文件可能过大或已损坏）")


def find_breaks(outcomes: list[Outcome], root: Path) -> None:
    """The rules each original breaks, read back as the validator reads the written files."""
    written = {o.target.resolve(): o for o in outcomes if o.target is not None and o.target.is_relative_to(root)}
    if not written:
        return
    catalog = load_catalog(root / DATA_DIR, root, only=set(written))
    for problem in catalog.problems.sorted():
        if problem.rule.startswith(("R", "X")):
            owner = written.get((root / problem.file).resolve())
            if owner is not None:
                owner.breaks.append(f"{problem.message}（{problem.rule}）")


# ---------------------------------------------------------------- the command


@dataclass
class Request:
    """What the user asked for on the command line."""

    sources: list[Path]
    manifest: Path | None = None
    office: str | None = None
    year: int | None = None
    name: str | None = None
    kind: str | None = None
    output: Path | None = None
    force: bool = False


def run(request: Request, root: Path, out=None, err=None) -> int:
    """Import every file asked for; 0 when all are complete, 1 when any is partial or
    refused, 2 when none could be imported."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        jobs, refused = plan_jobs(request.sources, request.manifest, request.office, request.year)
    except Refused as error:
        print(str(error), file=err)
        return 2
    if request.output and len(jobs) + len(refused) > 1:
        print("-o/--output 只能用于导入一个文件", file=err)
        return 2
    if request.name and len(jobs) == 1:
        jobs[0].name = jobs[0].name or request.name
    progress = Progress(len(jobs), err)
    outcomes = list(refused)
    pending = []
    for job in jobs:  # a file kept from being overwritten is not even read
        target = target_of(job, root, request.output)
        if target.exists() and not request.force and not target.is_symlink():
            outcomes.append(Outcome(job, refused=f"{shown(target, root)} 已存在，不会覆盖；确需覆盖请加 --force"))
        else:
            pending.append(job)
    for job, read in read_all(pending, progress):
        outcomes.append(import_one(job, root, force=request.force, output=request.output, kind=request.kind, read=read))
    progress.show(len(jobs), "")
    progress.close()
    outcomes.sort(key=lambda o: str(o.job.source))
    find_breaks(outcomes, root)
    _report(outcomes, root, out, err)
    if not any(o.result for o in outcomes):
        return 2
    return 0 if all(o.result and o.result.complete for o in outcomes) else 1


def _report(outcomes: list[Outcome], root: Path, out, err) -> None:
    if len(outcomes) == 1:
        outcome = outcomes[0]
        if outcome.result is None:
            print(shown_text(f"无法导入 {outcome.job.source}：{outcome.refused}"), file=err)
            return
        print("\n".join(details(outcome, root)), file=out)
        if not outcome.result.complete:
            print("导入不完整：文件中的 import_problems 列出了未读出的内容，补全之前不能发布。", file=err)
        return
    print("\n".join(summary_table(outcomes)), file=out)
    for outcome in outcomes:
        print("", file=out)
        print(shown_text(f"== {outcome.job.source}"), file=out)
        print("\n".join(details(outcome, root)), file=out)
    complete = sum(1 for o in outcomes if o.result and o.result.complete)
    partial = sum(1 for o in outcomes if o.result and not o.result.complete)
    failed = sum(1 for o in outcomes if o.result is None)
    print(f"共 {len(outcomes)} 个文件：完整 {complete} 个，不完整 {partial} 个，未导入 {failed} 个。", file=err)
