"""The ``nianbao`` command: what staff and CI run besides ``mkdocs``."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from . import documents, scaffold, writing
from .catalog import load_catalog
from .model import OFFICE_KINDS
from .problems import ERROR, NOTICE, WARNING, format_github, format_json, format_summary_markdown, format_text
from .site import DATA_DIR, build_sources

CODEOWNERS = ".github/CODEOWNERS"

SCHEMA_FILES = {
    f"docs/{documents.SCHEMA_URL_PATH}": documents.report_json_schema_text,
    f"docs/{documents.OFFICE_SCHEMA_URL_PATH}": documents.office_json_schema_text,
}


def find_root(start: Path) -> Path:
    """The project folder: the nearest one holding mkdocs.yml, else ``start``."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return start


def cmd_validate(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve() if args.root else find_root(Path.cwd().resolve())
    only = {Path(p).resolve() for p in args.paths} if args.paths else None
    if only:
        missing = [p for p in args.paths if not Path(p).exists()]
        if missing:
            print(f"找不到：{'、'.join(missing)}", file=sys.stderr)
            return 2
    catalog = load_catalog(root / DATA_DIR, root, only=only)
    problems = catalog.problems.sorted()
    shown = problems if args.verbose or args.format == "json" else [p for p in problems if p.severity != NOTICE]
    errors = [p for p in problems if p.severity == ERROR]
    warnings = [p for p in problems if p.severity == WARNING]
    notices = [p for p in problems if p.severity == NOTICE]
    if args.format == "json":
        print(format_json(shown))
    elif args.format == "github":
        if shown:
            print(format_github(shown))
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as out:
                out.write(format_summary_markdown(shown))
    else:
        if shown:
            print(format_text(shown))
        counted = f"{len(catalog.reports)} 份报告、{len(catalog.offices)} 个机关"
        tail = f"；另有 {len(notices)} 条说明（加 --verbose 查看）" if notices and not args.verbose else ""
        print(f"已检查 {counted}：{len(errors)} 个错误，{len(warnings)} 个警告{tail}。", file=sys.stderr)
    if errors or (args.strict and warnings):
        return 1
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Write (or with --check, compare) the JSON Schema files committed under docs/data/."""
    root = Path(args.root).resolve() if args.root else find_root(Path.cwd().resolve())
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
    root = Path(args.root).resolve() if args.root else find_root(Path.cwd().resolve())
    sources = build_sources(root, root / "docs")
    errors = sources.catalog.problems.errors
    if errors:
        print(format_text(errors), file=sys.stderr)
        return 1
    out = Path(args.out)
    if args.clean and out.is_dir():
        for old in out.rglob("*.md"):
            old.unlink()
    for src_uri, text in sources.pages.items():
        path = out / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"已生成 {len(sources.pages)} 个页面源文件到 {out}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    """Quality findings (nianbao.audit): text against tables, required content, copied text."""
    from .audit.command import run

    root = _root(args)
    return run(root, root / DATA_DIR, args.paths, args.format)


def _root(args: argparse.Namespace) -> Path:
    return Path(args.root).resolve() if args.root else find_root(Path.cwd().resolve())


def cmd_new(args: argparse.Namespace) -> int:
    """Write data/OFFICE/YEAR.yml: a draft with every cell of the newest format."""
    root = _root(args)
    folder = root / DATA_DIR / args.office
    target = folder / f"{args.year}.yml"
    if not (folder / "office.yml").is_file():
        print(
            f"找不到机关 {args.office}（{folder / 'office.yml'}）；请先运行 nianbao new-office {args.office}",
            file=sys.stderr,
        )
        return 2
    if target.exists():
        print(f"{target.relative_to(root)} 已存在，不会覆盖；如需重写，请先删除或改名", file=sys.stderr)
        return 2
    catalog = load_catalog(root / DATA_DIR, root)
    previous = next((r for r in catalog.reports if r.office_id == args.office and r.year == args.year - 1), None)
    target.write_text(scaffold.empty_report(args.year, previous), encoding="utf-8")
    carried = "，二、上年结转已按上年报告的结转下年度继续办理填好" if previous and "requests" in previous.tables else ""
    print(
        f"已创建 {target.relative_to(root)}（草稿{carried}）。填完全部单元格和正文后，删去 draft: true 并填写 published 发布日期。"
    )
    return 0


def cmd_new_office(args: argparse.Namespace) -> int:
    root = _root(args)
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", args.office):
        print(f"机关目录名「{args.office}」只能由小写字母、数字和连字符组成（如 penghou-jiedao）", file=sys.stderr)
        return 2
    folder = root / DATA_DIR / args.office
    if (folder / "office.yml").exists():
        print(f"{(folder / 'office.yml').relative_to(root)} 已存在，不会覆盖", file=sys.stderr)
        return 2
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "office.yml").write_text(scaffold.new_office(args.name, args.kind), encoding="utf-8")
    print(
        f"已创建 {(folder / 'office.yml').relative_to(root)}；请补充联系方式和负责人 owners，然后运行 nianbao codeowners"
    )
    return 0


def cmd_codeowners(args: argparse.Namespace) -> int:
    root = _root(args)
    catalog = load_catalog(root / DATA_DIR, root)
    text = scaffold.codeowners(list(catalog.offices.values()))
    path = root / CODEOWNERS
    if args.check:
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            print(f"{CODEOWNERS} 与 data/*/office.yml 的 owners 不一致；请运行 nianbao codeowners", file=sys.stderr)
            return 1
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"已写入 {CODEOWNERS}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Read a published report into data/OFFICE/YEAR.yml and say what was (not) read."""
    from .importing import UnreadableSource, guess_office, import_report

    root = _root(args)
    source = Path(args.source)
    if not source.is_file():
        print(f"找不到文件：{source}", file=sys.stderr)
        return 2
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", args.office):
        print(f"机关目录名「{args.office}」只能由小写字母、数字和连字符组成", file=sys.stderr)
        return 2
    target = Path(args.output) if args.output else root / DATA_DIR / args.office / f"{args.year}.yml"
    if target.exists() and not args.force:
        print(f"{target} 已存在，不会覆盖；确需覆盖请加 --force", file=sys.stderr)
        return 2
    try:
        result = import_report(source, args.year)
    except UnreadableSource as error:
        print(f"无法导入 {source}：{error}", file=sys.stderr)
        return 2
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(writing.dump_report(result.data), encoding="utf-8")
    lines = [f"已写入 {_shown(target, root)}"]
    office_file = target.parent / "office.yml"
    if not args.output and not office_file.exists():
        name = args.name or result.office_name
        if name:
            kind = args.kind or guess_office(name)
            office_file.write_text(scaffold.new_office(name, kind), encoding="utf-8")
            lines.append(f"已写入 {_shown(office_file, root)}（全称「{name}」，机关类型「{kind}」：请核对）")
        else:
            lines.append("原文中找不到机关全称：请用 --name 指定，或手工创建 office.yml")
    if result.year_in_text and result.year_in_text != args.year:
        lines.append(f"注意：原文标题中的年度是 {result.year_in_text}，与 --year {args.year} 不一致")
    lines.append(f"表格：{'、'.join(result.tables) or '无'}")
    lines.append(f"读出单元格 {result.cells_read} 个；未读出 {len(result.not_found)} 处")
    lines += [f"  未读出：{item}" for item in result.not_found]
    if not args.output:
        catalog = load_catalog(root / DATA_DIR, root, only={target})
        breaks = [p for p in catalog.problems.sorted() if p.rule.startswith(("R", "X"))]
        lines.append(f"原文不合勾稽关系 {len(breaks)} 处" + ("：" if breaks else ""))
        lines += [f"  {p.message}（{p.rule}）" for p in breaks]
    print("\n".join(lines))
    if not result.complete:
        print("导入不完整：文件中的 import_problems 列出了未读出的内容，补全之前不能发布。", file=sys.stderr)
        return 1
    return 0


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nianbao", description="政府信息公开工作年度报告门户：数据校验与生成工具")
    parser.add_argument("--root", help="项目目录（默认：向上查找 mkdocs.yml 所在目录）")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    validate = sub.add_parser("validate", help="校验 data/ 中的数据文件")
    validate.add_argument("paths", nargs="*", help="只报告这些文件或目录的问题（仍读取全部数据以做跨年度核对）")
    validate.add_argument("--format", choices=("text", "json", "github"), default="text", help="输出格式")
    validate.add_argument("--strict", action="store_true", help="有警告也返回失败")
    validate.add_argument("--verbose", "-v", action="store_true", help="同时显示说明（录自已发布报告的不符之处等）")
    validate.set_defaults(run=cmd_validate)

    audit = sub.add_parser("audit", help="质量提示：正文与表格是否一致、应有内容是否写明、是否与上年雷同")
    audit.add_argument("paths", nargs="*", help="只列出这些文件或目录的报告（仍读取全部数据以与上年比较）")
    audit.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    audit.set_defaults(run=cmd_audit)

    schema = sub.add_parser("schema", help="生成 docs/data/ 下的 JSON Schema")
    schema.add_argument("--check", action="store_true", help="只检查是否需要重新生成")
    schema.set_defaults(run=cmd_schema)

    pages = sub.add_parser("pages", help="把生成的页面源文件写到一个目录（不经 MkDocs）")
    pages.add_argument("out", help="输出目录")
    pages.add_argument(
        "--clean", action="store_true", help="先删除输出目录中原有的 .md 文件（用于重新生成 tests/golden）"
    )
    pages.set_defaults(run=cmd_pages)
    new = sub.add_parser("new", help="新建一份年度报告草稿（2021 版格式，所有单元格待填）")
    new.add_argument("office", help="机关目录名，如 pingtan")
    new.add_argument("year", type=int, help="报告年度，如 2025")
    new.set_defaults(run=cmd_new)

    new_office = sub.add_parser("new-office", help="新建一个机关目录和 office.yml")
    new_office.add_argument("office", help="机关目录名（小写字母、数字、连字符），如 penghou-jiedao")
    new_office.add_argument("--name", required=True, help="机关全称，如 彭后街道办事处")
    new_office.add_argument("--kind", required=True, choices=OFFICE_KINDS, help="机关类型")
    new_office.set_defaults(run=cmd_new_office)

    importer = sub.add_parser("import", help="从已发布的报告（网页 .html、Word .docx、文本 .txt）导入数据")
    importer.add_argument("source", help="原文文件")
    importer.add_argument("--office", required=True, help="机关目录名，如 pingtan")
    importer.add_argument("--year", required=True, type=int, help="报告年度（统计的年度）")
    importer.add_argument("--name", help="机关全称（office.yml 不存在时使用；默认取自报告标题）")
    importer.add_argument("--kind", choices=OFFICE_KINDS, help="机关类型（默认按名称推断）")
    importer.add_argument("-o", "--output", help="写到这个文件，而不是 data/机关/年度.yml")
    importer.add_argument("--force", action="store_true", help="覆盖已有的文件")
    importer.set_defaults(run=cmd_import)

    owners = sub.add_parser("codeowners", help="根据 office.yml 的 owners 生成 .github/CODEOWNERS")
    owners.add_argument("--check", action="store_true", help="只检查是否需要重新生成")
    owners.set_defaults(run=cmd_codeowners)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
