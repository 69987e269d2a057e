"""Problems found in the data, and the three ways they are printed (text, JSON, GitHub).

Every stage appends to one :class:`Problems` list instead of raising, so staff see every
problem of a change at once, sorted by file and line.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

#: Severities, most serious first.
ERROR = "error"
WARNING = "warning"
NOTICE = "notice"
"""A rule break in a report taken from a published document: shown on its page, not fatal."""

SEVERITY_LABELS = {ERROR: "错误", WARNING: "警告", NOTICE: "说明"}

SHOWN_LENGTH = 80
"""Longest value a message quotes in full; a longer one is cut in the middle."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in the data."""

    file: str
    """Path as staff know it, relative to the project root (``data/pingtan/2020.yml``)."""
    line: int
    """1-based; 0 when the problem concerns the whole file."""
    column: int
    key: str
    """Dotted key path, e.g. ``requests.results.total.natural_person``; empty for a file."""
    message: str
    """Chinese: what was expected, what was found, and a hint."""
    rule: str = ""
    """Rule id (R3.3, X1, Y1 …) or loader check id (L…)."""
    severity: str = ERROR

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.key, self.rule, self.message)

    def where(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file

    def format_text(self) -> str:
        key = f" {self.key}" if self.key else ""
        rule = f"（{self.rule}）" if self.rule and not self.rule.startswith("L") else ""
        return f"{self.where()}{key}: [{SEVERITY_LABELS[self.severity]}] {self.message}{rule}"


@dataclass
class Problems:
    """An append-only collection of problems."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(_printable(problem))

    def extend(self, problems: list[Problem] | Problems) -> None:
        self.items.extend(problems.items if isinstance(problems, Problems) else problems)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items), key=Problem.sort_key)

    def of(self, severity: str) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == severity]

    @property
    def errors(self) -> list[Problem]:
        return self.of(ERROR)

    @property
    def warnings(self) -> list[Problem]:
        return self.of(WARNING)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)


_QUOTED = re.compile("「([^」]{" + str(SHOWN_LENGTH + 1) + ",})」")


def shown_text(text: str) -> str:
    """Text safe to print on one line of a terminal, log or annotation: invisible and
    line-breaking characters written as ⟨U+000A⟩, so that a value read from a data file
    can neither add lines to the output nor hide what it contains."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or unicodedata.category(ch) == "Zs" else f"⟨U+{ord(ch):04X}⟩" for ch in text)


def shortened(text: str) -> str:
    """``text`` cut in the middle when longer than :data:`SHOWN_LENGTH`, with its length: a
    value repeated in many messages (an acknowledged reason, once per finding) stays short."""
    if len(text) <= SHOWN_LENGTH:
        return text
    return f"{text[: SHOWN_LENGTH - 20]}…{text[-10:]}（共 {len(text):,} 字）"


def _shorten(match: re.Match) -> str:
    text = match.group(1)
    return f"「{text[: SHOWN_LENGTH - 20]}…{text[-10:]}」（共 {len(text):,} 字）"


def _printable(problem: Problem) -> Problem:
    """The problem with its file, key and message as :func:`shown_text`, each quoted value
    of the message (「…」) cut to :data:`SHOWN_LENGTH` characters and the key to twice that."""
    message = _QUOTED.sub(_shorten, problem.message) if len(problem.message) > SHOWN_LENGTH else problem.message
    key = problem.key if len(problem.key) <= 2 * SHOWN_LENGTH else problem.key[: 2 * SHOWN_LENGTH] + "…"
    fields = {"file": shown_text(problem.file), "key": shown_text(key), "message": shown_text(message)}
    if all(getattr(problem, name) == value for name, value in fields.items()):
        return problem
    return replace(problem, **fields)


def relative_name(path: Path, root: Path) -> str:
    """The file name staff see in messages: relative to the project root when possible."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def format_text(problems: list[Problem]) -> str:
    return "\n".join(p.format_text() for p in problems)


def format_json(problems: list[Problem]) -> str:
    return json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=2)


GITHUB_ANNOTATION_LIMIT = 10
_GITHUB_LEVEL = {ERROR: "error", WARNING: "warning", NOTICE: "notice"}


def _github_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(problems: list[Problem]) -> str:
    """Workflow commands: GitHub shows the first ones as annotations on the changed lines."""
    lines = []
    for p in problems[:GITHUB_ANNOTATION_LIMIT]:
        props = f"file={_github_escape(p.file, prop=True)}"
        if p.line:
            props += f",line={p.line},col={p.column}"
        title = _github_escape(f"{p.key or p.file} {p.rule}".strip(), prop=True)
        message = _github_escape(p.format_text())
        lines.append(f"::{_GITHUB_LEVEL[p.severity]} {props},title={title}::{message}")
    if len(problems) > GITHUB_ANNOTATION_LIMIT:
        rest = len(problems) - GITHUB_ANNOTATION_LIMIT
        lines.append(f"::notice::另有 {rest} 个问题未逐条标注，完整列表见本次运行的摘要（Summary）。")
    return "\n".join(lines)


_BACKTICKS = re.compile("`+")


def markdown_code(text: str) -> str:
    """``text`` as a Markdown code span inside a table cell, shown exactly as it is: nothing in
    a code span is read as Markdown or HTML (no image, link, autolink or tag), its fence is
    longer than any run of backticks in the text, and a pipe is escaped for the table."""
    if not text:
        return ""
    text = shown_text(text)
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
    # GFM tables take "\|" as a pipe inside a cell, code spans included (a backslash before
    # it stays a backslash: only "\|" is an escape there).
    text = text.replace("|", "\\|")
    # The parser strips one space inside each end: it lets the text begin or end with "`".
    pad = " " if text[0] in "` " or text[-1] in "` " else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def format_summary_markdown(problems: list[Problem]) -> str:
    """The full list for ``$GITHUB_STEP_SUMMARY``. Every value from the data (file, key,
    message) is written as a code span: the job page renders the summary as Markdown with
    HTML, and a message quotes what the data file holds."""
    if not problems:
        return "## 数据校验\n\n未发现问题。\n"
    lines = ["## 数据校验", "", f"共 {len(problems)} 个问题。", "", "| 级别 | 位置 | 键 | 说明 |", "|---|---|---|---|"]
    for p in problems:
        rule = f"（{p.rule}）" if p.rule else ""
        cells = (
            SEVERITY_LABELS[p.severity],
            markdown_code(p.where()),
            markdown_code(p.key),
            markdown_code(p.message + rule),
        )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
