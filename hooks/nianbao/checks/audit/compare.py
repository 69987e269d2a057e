"""What changed from last year's report: the narrative sentence by sentence, and every
table cell. View data for the 「与上年对比」 page; the template only prints it.

The narrative is compared as a sequence of sentences (difflib's SequenceMatcher, the
Ratcliff–Obershelp matcher of the standard library); a sentence that was only edited is
then compared character by character, so a changed figure shows as the figure alone.

The work is bounded by the length of the texts, whatever they hold (issue 25): a "sentence"
longer than :data:`LONGEST_SENTENCE` (a section without 。！？； is one sentence) is cut at
its commas, or at that length; the common beginning and end of two sequences are matched
in one pass before difflib sees the rest; and difflib only runs where an upper bound of
its work fits in the section's budget (:data:`WORK_PER_CHARACTER` per character). Past
it, the rest is shown as last year's text deleted and this year's inserted, whole — still
true, only coarser. Real reports never come near the bound (tests/test_audit.py).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ...data.model import Report, TableData
from ...formats import load_sections
from ...views.grids import format_value

SAME, INSERTED, DELETED = "same", "ins", "del"
#: Two sentences at least this alike are one edited sentence, not one deleted and one new.
EDITED_RATIO = 0.5
_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?|\n")
#: Longer sentences are cut (at a comma when there is one) before they are compared: the
#: longest sentence in the real reports has 251 characters.
LONGEST_SENTENCE = 400
_CLAUSE = re.compile(r"[^，、,：:]*[，、,：:]?")
#: difflib's work allowed per character of the two texts, counted as the upper bound
#: :func:`_matcher_work`; a section of 10,000 characters may use 10⁹ such units at most
#: about 2 s), real sections use well under a tenth of their budget.
WORK_PER_CHARACTER = 1_000
#: Budget of even the shortest section.
WORK_FLOOR = 2_000_000


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


def _cut(sentence: str) -> list[str]:
    """A sentence of at most :data:`LONGEST_SENTENCE` characters stays whole; a longer one is
    cut after commas into pieces of at most that length (or at that length, without commas)."""
    if len(sentence) <= LONGEST_SENTENCE:
        return [sentence]
    pieces: list[str] = []
    current = ""
    for clause in _CLAUSE.findall(sentence):
        while len(clause) > LONGEST_SENTENCE:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(clause[:LONGEST_SENTENCE])
            clause = clause[LONGEST_SENTENCE:]
        if len(current) + len(clause) > LONGEST_SENTENCE:
            pieces.append(current)
            current = ""
        current += clause
    if current:
        pieces.append(current)
    return pieces


def split_sentences(text: str) -> list[str]:
    """Sentences, with ``"\\n"`` between paragraphs (blank lines collapsed); an over-long
    sentence in pieces (:func:`_cut`)."""
    out: list[str] = []
    for token in _SENTENCE.findall((text or "").strip()):
        if token == "\n":
            if out and out[-1] != "\n":
                out.append("\n")
        elif token.strip():
            out += _cut(token.strip())
    return out


class _Budget:
    """What difflib may still do for one section (see :func:`_matcher_work`)."""

    def __init__(self, characters: int) -> None:
        self.left = WORK_FLOOR + WORK_PER_CHARACTER * characters

    def take(self, work: int) -> bool:
        if work > self.left:
            return False
        self.left -= work
        return True


def _matcher_work(a: Sequence, b: Sequence) -> int:
    """An upper bound of SequenceMatcher's work on ``a`` and ``b`` (autojunk off): each call
    of its longest-match search visits, for every element of ``a``, every equal element of
    ``b`` (at most ``pairs``), and it makes at most 2·min(len) + 1 such calls."""
    pairs = len(a) * len(b)
    if pairs > 64:  # short ones (most sentences of a hostile text) are not worth counting
        counts = Counter(b)
        pairs = sum(counts[x] for x in a)
    return (pairs + len(a) + len(b)) * (2 * min(len(a), len(b)) + 1)


def _common_ends(a: Sequence, b: Sequence) -> tuple[int, int]:
    """Lengths of the common beginning and the common end (not overlapping), in one pass."""
    start = 0
    shortest = min(len(a), len(b))
    while start < shortest and a[start] == b[start]:
        start += 1
    end = 0
    while end < shortest - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return start, end


def _opcodes(a: Sequence, b: Sequence, budget: _Budget) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes, with the common ends matched first and, past the budget, the middle
    replaced whole."""
    start, end = _common_ends(a, b)
    codes: list[tuple[str, int, int, int, int]] = []
    if start:
        codes.append(("equal", 0, start, 0, start))
    middle_a, middle_b = a[start : len(a) - end], b[start : len(b) - end]
    if middle_a and middle_b and budget.take(_matcher_work(middle_a, middle_b)):
        matcher = difflib.SequenceMatcher(None, middle_a, middle_b, autojunk=False)
        codes += [(op, a1 + start, a2 + start, b1 + start, b2 + start) for op, a1, a2, b1, b2 in matcher.get_opcodes()]
    elif middle_a or middle_b:
        op = "replace" if middle_a and middle_b else "delete" if middle_a else "insert"
        codes.append((op, start, len(a) - end, start, len(b) - end))
    if end:
        codes.append(("equal", len(a) - end, len(a), len(b) - end, len(b)))
    return codes


def _alike(a: str, b: str, budget: _Budget) -> bool:
    """At least :data:`EDITED_RATIO` alike (difflib's ratio; past the budget, only the common
    beginning and end count as alike)."""
    if a == "\n" or b == "\n":
        return True
    same = sum(a2 - a1 for op, a1, a2, _, _ in _opcodes(a, b, budget) if op == "equal")
    return 2 * same >= EDITED_RATIO * (len(a) + len(b))


def _tokens(text: str) -> list[str]:
    """Characters, but a number is one token: a changed figure shows whole (30 → 34)."""
    return re.findall(r"[0-9]+(?:\.[0-9]+)?|.", text, re.S)


def _char_pieces(last: str, this: str, budget: _Budget) -> list[Piece]:
    before, after = _tokens(last), _tokens(this)
    pieces = []
    for op, a1, a2, b1, b2 in _opcodes(before, after, budget):
        if op == "equal":
            pieces.append(Piece(SAME, "".join(after[b1:b2])))
            continue
        if a2 > a1:
            pieces.append(Piece(DELETED, "".join(before[a1:a2])))
        if b2 > b1:
            pieces.append(Piece(INSERTED, "".join(after[b1:b2])))
    return pieces


def _replaced(last: list[str], this: list[str], budget: _Budget) -> list[Piece]:
    """A block of sentences that differs: edited pairs in detail, the rest whole."""
    if len(last) == len(this) and all(_alike(a, b, budget) for a, b in zip(last, this, strict=True)):
        pieces = []
        for a, b in zip(last, this, strict=True):
            pieces += [Piece(SAME, a)] if a == b else _char_pieces(a, b, budget)
        return pieces
    return [Piece(DELETED, s) for s in last] + [Piece(INSERTED, s) for s in this]


def diff_text(last: str, this: str) -> list[Piece]:
    before, after = split_sentences(last), split_sentences(this)
    budget = _Budget(len(last or "") + len(this or ""))
    pieces: list[Piece] = []
    for op, a1, a2, b1, b2 in _opcodes(before, after, budget):
        if op == "equal":
            pieces += [Piece(SAME, s) for s in after[b1:b2]]
        elif op == "delete":
            pieces += [Piece(DELETED, s) for s in before[a1:a2]]
        elif op == "insert":
            pieces += [Piece(INSERTED, s) for s in after[b1:b2]]
        else:
            pieces += _replaced(before[a1:a2], after[b1:b2], budget)
    return pieces


def paragraphs(pieces: list[Piece]) -> tuple[tuple[Piece, ...], ...]:
    """Pieces grouped into paragraphs at the paragraph marks; neighbours of one kind joined
    (collected first and joined once: adding to a growing string is quadratic)."""
    out: list[list[tuple[str, list[str]]]] = [[]]
    for piece in pieces:
        if piece.text == "\n":
            if out[-1]:
                out.append([])
            continue
        line = out[-1]
        if line and line[-1][0] == piece.kind:
            line[-1][1].append(piece.text)
        else:
            line.append((piece.kind, [piece.text]))
    return tuple(tuple(Piece(kind, "".join(texts)) for kind, texts in p) for p in out if p)


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
