"""The ``nianbao`` command: what staff and CI run besides ``mkdocs``."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ..build.command import ENGINES
from ..build.site import DATA_DIR, build_sources
from ..checks.run import load_catalog
from ..data import documents, scaffold
from ..data.model import OFFICE_KINDS
from ..outputs import label_styles
from ..outputs.output_files import RefusedWrite, check_pages_folder, clean_pages_folder, write_file, write_pages
from ..problems import ERROR, NOTICE, WARNING, format_github, format_json, format_summary_markdown, format_text
from ..settings import current
from ..views.publication import build_date
from .cliparse import ChineseParser, Refusal, os_error_message, report_year
from .validation import Verdict, find_root, is_portal, validate_paths, validate_portal

CODEOWNERS = ".github/CODEOWNERS"
_REPORT_FILE = re.compile(r"/[0-9]{4}\.yml$")

#: Files made from the code's declarations and committed (``nianbao schema`` writes them).
SCHEMA_FILES = {
    f"docs/{documents.SCHEMA_URL_PATH}": documents.report_json_schema_text,
    f"docs/{documents.OFFICE_SCHEMA_URL_PATH}": documents.office_json_schema_text,
    label_styles.STYLESHEET: label_styles.label_stylesheet,
}


def _given_root(args: argparse.Namespace) -> Path | None:
    """The portal named by --root, else the one the current folder is in (or ``None``)."""
    if args.root:
        root = Path(args.root).expanduser().resolve()
        if not is_portal(root):
            raise Refusal(f"--root 指定的 {args.root} 不是门户项目目录（其中没有 mkdocs.yml）")
        return root
    return find_root(Path.cwd().resolve())


def _root(args: argparse.Namespace) -> Path:
    """The portal this command works on; never a folder outside one (no data/ created there)."""
    root = _given_root(args)
    if root is None:
        raise Refusal(
            f"当前目录 {Path.cwd()} 不在门户项目中（向上找不到 mkdocs.yml）："
            "请先 cd 到门户目录，或用 --root 指定，如 nianbao --root ~/nianbao validate"
        )
    return root


def cmd_validate(args: argparse.Namespace) -> int:
    today = build_date()
    if args.paths:
        verdict = validate_paths(args.paths, _given_root(args), Path.cwd(), today)
    else:
        verdict = validate_portal(_root(args), today)
    for line in verdict.refused:
        print(line, file=sys.stderr)
    if verdict.refused and not verdict.checked:
        return 2
    problems = verdict.problems
    shown = problems if args.verbose or args.format == "json" else [p for p in problems if p.severity != NOTICE]
    errors = [p for p in problems if p.severity == ERROR]
    warnings = [p for p in problems if p.severity == WARNING]
    notices = [p for p in problems if p.severity == NOTICE]
    if args.format == "json":
        print(format_json(shown))
    elif args.format == "github":
        if shown:
            print(format_github(shown))
        summary = current().github_step_summary
        if summary:
            with open(summary, "a", encoding="utf-8") as out:
                out.write(format_summary_markdown(shown))
    else:
        if shown:
            print(format_text(shown))
        _print_summary(verdict, args, len(errors), len(warnings), len(notices))
    if verdict.refused:
        return 2
    # Warnings fail as well: CI builds with --strict, and the local verdict must be CI's.
    return 1 if errors or warnings else 0


def _print_summary(verdict: Verdict, args: argparse.Namespace, errors: int, warnings: int, notices: int) -> None:
    """What was checked, the counts, and what could not be checked (to stderr)."""
    if args.paths:
        offices = f"、{verdict.offices} 个机关" if verdict.offices else ""
        counted = f"{'、'.join(verdict.checked)}（{verdict.reports} 份报告{offices}）"
    else:
        counted = f"{verdict.reports} 份报告、{verdict.offices} 个机关"
    tail = f"；另有 {notices} 条说明（加 --verbose 查看）" if notices and not args.verbose else ""
    print(f"已检查 {counted}：{errors} 个错误，{warnings} 个警告{tail}。", file=sys.stderr)
    for caveat in verdict.caveats:
        print(f"注意：{caveat}。", file=sys.stderr)
    if warnings:
        print(
            "警告同样使本命令返回 1，与 CI 的严格构建（mkdocs build --strict）一致："
            "请改正，或按提示在 acknowledged 中写明原因。",
            file=sys.stderr,
        )


def cmd_schema(args: argparse.Namespace) -> int:
    """Write (or with --check, compare) the files made from the declarations: the JSON Schema
    files under docs/data/ and the column labels' stylesheet."""
    root = _root(args)
    stale = []
    for relative, make in SCHEMA_FILES.items():
        path = root / relative
        text = make()
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(relative)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"已写入 {relative}")
    if stale:
        print(f"以下文件与当前数据结构不一致，请运行 nianbao schema 重新生成：{'、'.join(stale)}", file=sys.stderr)
        return 1
    return 0


def cmd_pages(args: argparse.Namespace) -> int:
    """Write the generated page sources to a folder (the pipeline without MkDocs)."""
    root = _root(args)
    sources = build_sources(root, root / "docs")
    errors = sources.catalog.problems.errors
    if errors:
        print(format_text(errors), file=sys.stderr)
        return 1
    out = Path(args.out).absolute()
    try:
        if args.clean and out.exists():
            clean_pages_folder(out)
        check_pages_folder(out)
        out.mkdir(parents=True, exist_ok=True)
        write_pages(out, sources.pages)
    except RefusedWrite as error:
        print(str(error), file=sys.stderr)
        return 2
    print(f"已生成 {len(sources.pages)} 个页面源文件到 {args.out}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Build the site as CI does (``mkdocs build --strict``), into ``-d DIR``."""
    from ..build.command import build_portal

    return build_portal(_root(args), Path(args.site_dir), engine=args.engine)


def cmd_audit(args: argparse.Namespace) -> int:
    """Quality findings (nianbao.checks.audit): text against tables, required content, copied text."""
    from ..checks.audit.command import run

    root = _root(args)
    return run(root, root / DATA_DIR, args.paths, args.format)


def cmd_new(args: argparse.Namespace) -> int:
    """Write data/OFFICE/YEAR.yml: a draft with every cell of the newest format."""
    root = _root(args)
    folder = root / DATA_DIR / args.office
    target = folder / f"{args.year}.yml"
    if not (folder / "office.yml").is_file():
        print(_unknown_office(root, args.office), file=sys.stderr)
        return 2
    if target.exists():
        print(f"{target.relative_to(root)} 已存在，不会覆盖；如需重写，请先删除或改名", file=sys.stderr)
        return 2
    catalog = load_catalog(root / DATA_DIR, root)
    previous = next((r for r in catalog.reports if r.office_id == args.office and r.year == args.year - 1), None)
    try:
        write_file(target, scaffold.empty_report(args.year, previous), inside=root, new=True)
    except RefusedWrite as error:
        print(str(error), file=sys.stderr)
        return 2
    carried = "，二、上年结转已按上年报告的结转下年度继续办理填好" if previous and "requests" in previous.tables else ""
    print(
        f"已创建 {target.relative_to(root)}（草稿{carried}）。填完全部单元格和正文，"
        f"填写发布日期 published 和落款 signed_by，删去 draft: true，然后运行 nianbao validate {target.relative_to(root)}"
    )
    if not carried:
        why = f"本门户没有 {args.year - 1} 年度的报告" if previous is None else f"{args.year - 1} 年度的报告没有表三"
        print(
            f"注意：二、上年结转没有预填（{why}）：请按 {args.year - 1} 年度报告表三的"
            "「四、结转下年度继续办理」填写 requests.carried_over 一行"
        )
    return 0


def _unknown_office(root: Path, office: str) -> str:
    """Why ``nianbao new`` cannot go on, with a command that will work: an existing office
    whose name contains what was typed, or ``new-office`` with a valid folder name."""
    catalog_offices = load_catalog(root / DATA_DIR, root).offices
    named = [o for o in catalog_offices.values() if office and (office in o.name or office in (o.short_name or ""))]
    if named:
        listed = "、".join(f"{o.id}（{o.name}）" for o in named[:5])
        return f"找不到机关目录 {office}：命令里写机关目录名，不写名称。是不是 {listed}？例如：nianbao new {named[0].id} 年度"
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", office):
        return (
            f"找不到机关目录「{office}」：机关目录名只能由小写字母、数字和连字符组成（如 penghou-jiedao）。"
            "新机关请先运行 nianbao new-office 目录名 --name 全称 --kind 类型（如 nianbao new-office pingtan "
            "--name 平潭综合实验区 --kind 人民政府）"
        )
    return (
        f"找不到机关 {office}（{Path(DATA_DIR) / office / 'office.yml'}）；新机关请先运行 "
        f"nianbao new-office {office} --name 全称 --kind 类型"
    )


def cmd_new_office(args: argparse.Namespace) -> int:
    root = _root(args)
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", args.office):
        print(f"机关目录名「{args.office}」只能由小写字母、数字和连字符组成（如 penghou-jiedao）", file=sys.stderr)
        return 2
    folder = root / DATA_DIR / args.office
    if (folder / "office.yml").exists():
        print(f"{(folder / 'office.yml').relative_to(root)} 已存在，不会覆盖", file=sys.stderr)
        return 2
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_file(folder / "office.yml", scaffold.new_office(args.name, args.kind), inside=root, new=True)
    except RefusedWrite as error:
        print(str(error), file=sys.stderr)
        return 2
    print(
        f"已创建 {(folder / 'office.yml').relative_to(root)}；请补充联系方式和负责人 owners，然后运行 nianbao codeowners"
    )
    return 0


def cmd_codeowners(args: argparse.Namespace) -> int:
    """Write (or with --check, compare) .github/CODEOWNERS; refused while any office or
    portal setting is invalid, since an office left out would silently lose its reviewers."""
    root = _root(args)
    catalog = load_catalog(root / DATA_DIR, root)
    blocking = [p for p in catalog.problems.errors if not _REPORT_FILE.search(p.file)]
    if blocking:
        print(format_text(blocking), file=sys.stderr)
        print(f"以上问题改正之前，不能生成 {CODEOWNERS}：每个机关目录都必须有有效的 office.yml", file=sys.stderr)
        return 1
    if not catalog.maintainers:
        print(
            f"{DATA_DIR}/portal.yml 缺少 maintainers（维护团队，如 @org/portal-maintainers）；"
            f"{CODEOWNERS} 要把代码交给它审核",
            file=sys.stderr,
        )
        return 1
    text = scaffold.codeowners(list(catalog.offices.values()), catalog.maintainers)
    path = root / CODEOWNERS
    if args.check:
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            print(f"{CODEOWNERS} 与 data/*/office.yml 的 owners 不一致；请运行 nianbao codeowners", file=sys.stderr)
            return 1
        return 0
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, text, inside=root)
    except RefusedWrite as error:
        print(str(error), file=sys.stderr)
        return 2
    print(f"已写入 {CODEOWNERS}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Read published reports (one file, several, a folder, or a manifest) into data/."""
    from ..importing.archive import Request, run

    request = Request(
        sources=[Path(p) for p in args.sources],
        manifest=Path(args.manifest) if args.manifest else None,
        office=args.office,
        year=args.year,
        name=args.name,
        kind=args.kind,
        output=Path(args.output) if args.output else None,
        force=args.force,
    )
    if not request.sources and not request.manifest:
        print("请给出要导入的文件、文件夹，或用 --manifest 指定清单", file=sys.stderr)
        return 2
    root = _root(args) if not request.output else (_given_root(args) or Path.cwd())
    return run(request, root)


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseParser(prog="nianbao", description="政府信息公开工作年度报告门户：数据校验与生成工具")
    parser.add_argument("--root", metavar="目录", help="门户项目目录（默认：从当前目录向上查找 mkdocs.yml 所在目录）")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    validate = sub.add_parser("validate", help="校验数据：不指定路径时校验 data/ 全部数据")
    validate.add_argument(
        "paths",
        nargs="*",
        metavar="路径",
        help="只校验这些文件或目录：data/ 中的按整个门户核对（含跨年度）；别处的报告文件单独校验",
    )
    validate.add_argument("--format", choices=("text", "json", "github"), default="text", help="输出格式")
    validate.add_argument(
        "--strict", action="store_true", help="有警告也返回失败（已是默认，与 CI 的严格构建一致；保留此选项以兼容）"
    )
    validate.add_argument("--verbose", "-v", action="store_true", help="同时显示说明（录自已发布报告的不符之处等）")
    validate.set_defaults(run=cmd_validate)

    audit = sub.add_parser("audit", help="质量提示：正文与表格是否一致、应有内容是否写明、是否与上年雷同")
    audit.add_argument(
        "paths", nargs="*", metavar="路径", help="只列出这些文件或目录的报告（仍读取全部数据以与上年比较）"
    )
    audit.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    audit.set_defaults(run=cmd_audit)

    schema = sub.add_parser("schema", help="生成 docs/data/ 下的 JSON Schema 和表格栏目名称的样式表")
    schema.add_argument("--check", action="store_true", help="只检查是否需要重新生成")
    schema.set_defaults(run=cmd_schema)

    pages = sub.add_parser("pages", help="把生成的页面源文件写到一个目录（不经 MkDocs）")
    pages.add_argument("out", metavar="输出目录", help="页面源文件写到这里")
    pages.add_argument(
        "--clean", action="store_true", help="先删除上次 nianbao pages 在该目录生成的页面（只删除它自己生成的文件）"
    )
    pages.set_defaults(run=cmd_pages)
    build = sub.add_parser("build", help="构建整个网站（与 CI 的 mkdocs build --strict 相同）")
    build.add_argument("-d", "--site-dir", default="site", metavar="目录", help="网站写到这里（默认 site/）")
    build.add_argument(
        "--engine", default="mkdocs", choices=ENGINES, help="构建引擎：mkdocs（默认，MkDocs + Material）或 zensical"
    )
    build.set_defaults(run=cmd_build)

    new = sub.add_parser("new", help="新建一份年度报告草稿（2021 版格式，所有单元格待填）")
    new.add_argument("office", metavar="机关目录名", help="如 pingtan")
    new.add_argument("year", type=report_year, metavar="年度", help="报告年度（统计的年度，已经结束），如 2025")
    new.set_defaults(run=cmd_new)

    new_office = sub.add_parser("new-office", help="新建一个机关目录和 office.yml")
    new_office.add_argument("office", metavar="机关目录名", help="小写字母、数字、连字符，如 penghou-jiedao")
    new_office.add_argument("--name", required=True, metavar="全称", help="机关全称，如 彭后街道办事处")
    new_office.add_argument(
        "--kind", required=True, choices=OFFICE_KINDS, metavar="类型", help=f"机关类型：{'、'.join(OFFICE_KINDS)}"
    )
    new_office.set_defaults(run=cmd_new_office)

    importer = sub.add_parser(
        "import", help="从已发布的报告（PDF、网页 .html、Word .docx、文本 .txt）导入数据；可一次导入一个文件夹"
    )
    importer.add_argument("sources", nargs="*", metavar="原文", help="原文文件或文件夹（可多个）")
    importer.add_argument("--office", help="机关目录名，如 pingtan（默认从文件名推断，如 pingtan-2020.pdf）")
    importer.add_argument("--year", type=report_year, metavar="年度", help="报告年度（统计的年度；默认从文件名推断）")
    importer.add_argument("--manifest", help="清单（CSV，表头 file,office,year[,name,url]）：每个文件的机关和年度")
    importer.add_argument("--name", help="机关全称（office.yml 不存在时使用；默认取自报告标题）")
    importer.add_argument("--kind", choices=OFFICE_KINDS, help="机关类型（默认按名称推断）")
    importer.add_argument("-o", "--output", help="写到这个文件，而不是 data/机关/年度.yml（只用于一个文件）")
    importer.add_argument("--force", action="store_true", help="覆盖已有的文件")
    importer.set_defaults(run=cmd_import)

    owners = sub.add_parser("codeowners", help="根据 office.yml 的 owners 生成 .github/CODEOWNERS")
    owners.add_argument("--check", action="store_true", help="只检查是否需要重新生成")
    owners.set_defaults(run=cmd_codeowners)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except Refusal as refusal:
        print(refusal, file=sys.stderr)
        return 2
    except OSError as error:  # a path staff gave that cannot be read or written
        print(os_error_message(error), file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
