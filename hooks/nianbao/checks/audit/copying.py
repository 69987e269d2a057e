"""Copied text: how much of a section is found again in last year's same section.

The measure is the containment of character n-grams (Broder, "On the resemblance and
containment of documents", 1997), read as coverage: the share of this year's characters
that lie inside a run of at least :data:`NGRAM` characters also found in last year's section.
Blanks are left out and every run of digits counts as one sign, so a copy whose years and
numbers were updated still counts as a copy. It is linear in the length of the two texts.

Threshold, from the real data in ``data/`` (see the note of issue 15 and tests/test_audit.py):
平潭综合实验区 2023 against 2020, same office, sections written anew: 一 3.6 %, 五 0.0 %;
across offices at most 13 %. A 五 copied with a few words changed: above 85 %. A finding
needs :data:`THRESHOLD` (60 %), far from both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...data.model import Report
from ...formats import load_sections
from . import AuditContext, AuditFinding, audit_rule

NGRAM = 8
THRESHOLD = 0.6
#: Shorter sections (「无」, 「无其他需要报告的事项」) are the same every year by nature.
MIN_LENGTH = 60
#: Sections compared; the opening paragraph (basis, contact) is the same every year by design.
COMPARED_SECTIONS = ("overview", "active", "requests", "appeals", "problems", "other")


def normalised(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text or ""))


def copied_share(text: str, previous: str) -> float:
    """Share (0–1) of ``text`` covered by runs of ``NGRAM`` characters found in ``previous``."""
    this, last = normalised(text), normalised(previous)
    if len(this) < NGRAM or len(last) < NGRAM:
        return 0.0
    grams = {last[i : i + NGRAM] for i in range(len(last) - NGRAM + 1)}
    covered = 0
    reach = 0  # first position not yet counted
    for i in range(len(this) - NGRAM + 1):
        if this[i : i + NGRAM] in grams:
            covered += i + NGRAM - max(i, reach)
            reach = i + NGRAM
    return covered / len(this)


def section_shares(report: Report, previous: Report) -> dict[str, float]:
    """Copied share of every compared section that both years wrote."""
    out = {}
    for key in COMPARED_SECTIONS:
        text, before = report.sections.get(key, ""), previous.sections.get(key, "")
        if len(normalised(text)) >= MIN_LENGTH and before:
            out[key] = copied_share(text, before)
    return out


@audit_rule(
    "Q8",
    "copied_text",
    "正文某一部分与上一年度报告的同一部分大段相同",
    source="国办公开办函〔2021〕30号：年报内容雷同的，依《条例》第四十七条追责",
    example="五、存在的主要问题及改进情况与上一年度几乎逐字相同，只改了年份。",
    fix="按本年度的实际情况重写该部分；确有延续的内容，写明上一年度以来的变化。",
)
def check_copied_sections(report: Report, context: AuditContext) -> Iterator[AuditFinding]:
    previous = context.previous
    if previous is None:
        return
    titles = {s.text: s.title for s in load_sections()}
    for key, share in context.measures.shares.items():
        if share >= THRESHOLD:
            yield AuditFinding(
                "Q8",
                f"sections.{key}",
                f"「{titles.get(key, key)}」有 {share:.0%} 的文字与 {previous.year} 年度报告的同一部分相同。",
                share=round(share, 3),
                section=key,
            )
