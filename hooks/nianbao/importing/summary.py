"""What `nianbao import` shows while it runs and when it ends: a progress line on a
terminal, a table with one row per file, and each file's details for a clerk."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from ..problems import shown_text

if TYPE_CHECKING:
    from .jobs import Outcome


def shown(path: Path, root: Path) -> str:
    """A path as staff know it: relative to the project when inside it."""
    try:
        return path.absolute().relative_to(root).as_posix()
    except ValueError:
        return str(path)


class Progress:
    """One line on the terminal, redrawn in place; silent when the output is not a
    terminal (a CI log gets the summary only, not a line per file)."""

    def __init__(self, total: int, stream=None) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.live = total > 1 and hasattr(self.stream, "isatty") and self.stream.isatty()

    def show(self, done: int, name: str) -> None:
        if not self.live:
            return
        width = 24
        filled = width * done // max(self.total, 1)
        bar = "█" * filled + "·" * (width - filled)
        self.stream.write(f"\r导入 {done}/{self.total} [{bar}] {shown_text(name)[:40]}\x1b[K")
        self.stream.flush()

    def close(self) -> None:
        if self.live:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(width - _width(text), 0)
    return space + text if right else text + space


def summary_table(outcomes: list[Outcome]) -> list[str]:
    """One row per file: cells read, cells not read, labels read loosely, rules broken."""
    head = ["文件", "机关/年度", "读出", "未读出", "近似标签", "不合勾稽", "结果"]
    rows = []
    for o in outcomes:
        where = f"{o.job.office or '?'}/{o.job.year or '?'}"
        if o.result is None:
            rows.append([o.job.source.name, where, "-", "-", "-", "-", "未导入"])
            continue
        r = o.result
        state = "完整" if r.complete else "不完整"
        rules = sorted({b.rpartition("（")[2].rstrip("）") for b in o.breaks})
        rows.append(
            [
                o.job.source.name,
                where,
                str(r.cells_read),
                str(r.cells_missing),
                str(len(r.loose)),
                "、".join(rules) or "0",
                state,
            ]
        )
    rows = [[shown_text(cell) for cell in row] for row in rows]
    widths = [max(_width(row[i]) for row in [head, *rows]) for i in range(len(head))]
    numeric = {2, 3, 4}
    lines = ["  ".join(_pad(cell, widths[i], i in numeric) for i, cell in enumerate(head)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(cell, widths[i], i in numeric) for i, cell in enumerate(row)).rstrip() for row in rows]
    return lines


def details(outcome: Outcome, root: Path) -> list[str]:
    """What one file's import did, for a clerk: written files, tables, and every cell not
    read, label read loosely and rule the original breaks."""
    return [shown_text(line) for line in _details(outcome, root)]


def _details(outcome: Outcome, root: Path) -> list[str]:
    if outcome.result is None:
        return [f"未导入 {outcome.job.source}：{outcome.refused}"]
    result = outcome.result
    lines = [f"已写入 {shown(outcome.target, root)}"]
    if outcome.wrote_office:
        lines.append(f"已写入 {shown(outcome.target.parent / 'office.yml', root)}（{outcome.wrote_office}：请核对）")
    elif outcome.refused:
        lines.append(f"未写入 office.yml：{outcome.refused}")
    elif not (result.office_name or outcome.job.name) and not (outcome.target.parent / "office.yml").exists():
        lines.append("原文中找不到机关全称：请用 --name 指定，或手工创建 office.yml")
    if result.year_in_text and result.year_in_text != outcome.job.year:
        lines.append(f"注意：原文标题中的年度是 {result.year_in_text}，与 --year {outcome.job.year} 不一致")
    lines.append(f"表格：{'、'.join(result.tables) or '无'}")
    lines.append(f"读出单元格 {result.cells_read} 个；未读出 {len(result.not_found)} 处")
    lines += [f"  未读出：{item}" for item in result.not_found]
    if result.loose:
        lines.append(f"按同义或相近写法读取的标签 {len(result.loose)} 个（请核对）：")
        lines += [f"  {item}" for item in result.loose]
    if outcome.target.is_relative_to(root):
        lines.append(f"原文不合勾稽关系 {len(outcome.breaks)} 处" + ("：" if outcome.breaks else ""))
        lines += [f"  {item}" for item in outcome.breaks]
    return lines
