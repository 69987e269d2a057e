"""What changed from last year's report: the narrative sentence by sentence, and every
table cell. View data for the 「与上年对比」 page; the template only prints it.

The narrative is compared as a sequence of sentences (difflib's SequenceMatcher, the
Ratcliff–Obershelp matcher of the standard library); a sentence that was only edited is
then compared character by character, so a changed figure shows as the figure alone.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ...data.model import Report, TableData
from ...formats import load_sections
from ...views.grids import format_value

SAME, INSERTED, DELETED = "same", "ins", "del"
#: Two sentences at least this alike are one edited sentence, not one deleted and one new.
EDITED_RATIO = 0.5
_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?|\n")


@dataclass(frozen=True)
class Piece:
    kind: str
    """``same``, ``ins`` (new this year) or ``del`` (in last year's text only)."""
    text: str


@dataclass(frozen=True)
class SectionDiff:
    key: str
    title: str
    paragraphs: tuple[tuple[Piece, ...], ...]
    inserted: int
    """Characters added this year."""
    deleted: int
    """Characters of last year's text no longer there."""
    share: float | None = None
    """Share of this year's section found in last year's (see :mod:`.copying`)."""


@dataclass(frozen=True)
class CellChange:
    row: str
    column: str
    this: object
    last: object


def split_sentences(text: str) -> list[str]:
    """Sentences, with ``"\\n"`` between paragraphs (blank lines collapsed)."""
    out: list[str] = []
    for token in _SENTENCE.findall((text or "").strip()):
        if token == "\n":
            if out and out[-1] != "\n":
                out.append("\n")
        elif token.strip():
            out.append(token.strip())
    return out


def _tokens(text: str) -> list[str]:
    """Characters, but a number is one token: a changed figure shows whole (30 → 34)."""
    return re.findall(r"[0-9]+(?:\.[0-9]+)?|.", text, re.S)


def _char_pieces(last: str, this: str) -> list[Piece]:
    before, after = _tokens(last), _tokens(this)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    pieces = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece(SAME, "".join(after[b1:b2])))
            continue
        if a2 > a1:
            pieces.append(Piece(DELETED, "".join(before[a1:a2])))
        if b2 > b1:
            pieces.append(Piece(INSERTED, "".join(after[b1:b2])))
    return pieces


def _replaced(last: list[str], this: list[str]) -> list[Piece]:
    """A block of sentences that differs: edited pairs in detail, the rest whole."""
    if len(last) == len(this) and all(
        difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= EDITED_RATIO
        for a, b in zip(last, this, strict=True)
        if a != "\n" and b != "\n"
    ):
        pieces = []
        for a, b in zip(last, this, strict=True):
            pieces += [Piece(SAME, a)] if a == b else _char_pieces(a, b)
        return pieces
    return [Piece(DELETED, s) for s in last] + [Piece(INSERTED, s) for s in this]


def diff_text(last: str, this: str) -> list[Piece]:
    before, after = split_sentences(last), split_sentences(this)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    pieces: list[Piece] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces += [Piece(SAME, s) for s in after[b1:b2]]
        elif op == "delete":
            pieces += [Piece(DELETED, s) for s in before[a1:a2]]
        elif op == "insert":
            pieces += [Piece(INSERTED, s) for s in after[b1:b2]]
        else:
            pieces += _replaced(before[a1:a2], after[b1:b2])
    return pieces


def paragraphs(pieces: list[Piece]) -> tuple[tuple[Piece, ...], ...]:
    """Pieces grouped into paragraphs at the paragraph marks; neighbours of one kind joined."""
    out: list[list[Piece]] = [[]]
    for piece in pieces:
        if piece.text == "\n":
            if out[-1]:
                out.append([])
            continue
        line = out[-1]
        if line and line[-1].kind == piece.kind:
            line[-1] = Piece(piece.kind, line[-1].text + piece.text)
        else:
            line.append(piece)
    return tuple(tuple(p) for p in out if p)


def section_diff(key: str, title: str, last: str, this: str, share: float | None = None) -> SectionDiff:
    pieces = diff_text(last, this)
    count = lambda kind: sum(len(p.text) for p in pieces if p.kind == kind and p.text != "\n")  # noqa: E731
    return SectionDiff(key, title, paragraphs(pieces), count(INSERTED), count(DELETED), share)


def cell_changes(this: TableData, last: TableData) -> list[CellChange]:
    """Cells present in both years' tables whose values differ (blank vs 0 is a change)."""
    return [
        CellChange(row, column, value, last.cells[(row, column)])
        for (row, column), value in this.cells.items()
        if (row, column) in last.cells and last.cells[(row, column)] != value
    ]


def change_note(change: CellChange) -> str:
    """「上年 34，−2」, or 「上年未填报」 when one year left the cell blank."""
    if change.last is None:
        return "上年未填报"
    if change.this is None:
        return f"上年 {format_value(change.last)}"
    try:
        delta = change.this - change.last
    except TypeError:  # money in different units
        return f"上年 {format_value(change.last)}"
    sign = "+" if delta > 0 else "−"
    return f"上年 {format_value(change.last)}，{sign}{format_value(abs(delta))}"


def compare_report(
    report: Report, previous: Report, *, shares: dict[str, float]
) -> tuple[list[SectionDiff], dict[str, list[CellChange]]]:
    """``shares``: the audit's copied share of each section (measured once, by the audit)."""
    sections = []
    keys = [("preamble", "开头说明")] + [(s.text, s.title) for s in load_sections()]
    for key, title in keys:
        last, this = previous.sections.get(key, ""), report.sections.get(key, "")
        if last or this:
            sections.append(section_diff(key, title, last, this, shares.get(key)))
    tables = {
        tid: cell_changes(table, previous.tables[tid]) for tid, table in report.tables.items() if tid in previous.tables
    }
    return sections, tables
