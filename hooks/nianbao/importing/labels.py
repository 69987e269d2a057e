"""Comparing labels as offices print them with the official ones.

A printed label is reduced to what identifies it: compatibility characters folded (a PDF's
「⼀」 Kangxi radical is 「一」), spaces and line breaks dropped (「总 计」, 「商业\\n企业」),
half-width brackets, 「，」 for 「、」 and quotes of any kind made alike. Then it matches an
official label exactly, or one of the label's variants listed beside it in the format
definitions (a *synonym*: 「规范性文件」 for 「行政规范性文件」), or with a note in brackets
after it (「上一年项目数量（指2019年事项数）」), or — as a last resort, and only for labels long
enough to tell apart — by near-miss spelling (a *typo*: 「其他法律行政止公开」). All but exact
matches are *loose*, reported so that a clerk can check them.

Numbers are read by :func:`nianbao.data.scalars.read_printed`, the validator's own reader.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from decimal import Decimal

from ..data.scalars import FULLWIDTH_DIGITS, ScalarError, read_printed

EXACT, SYNONYM, ANNOTATED, TYPO = "exact", "synonym", "annotated", "typo"
LOOSE_WORDS = {SYNONYM: "同义写法", ANNOTATED: "带附注的写法", TYPO: "相近写法"}
#: A provincial note in brackets after an official label: 「上一年项目数量（指2019年事项数）」.
_ANNOTATION = re.compile(r"（[^（）]{1,30}）")

#: CJK Radicals Supplement characters that PDF text layers use for common ideographs and
#: that have no Unicode decomposition of their own (Kangxi radicals, U+2F00–U+2FD5, and
#: compatibility ideographs do, and are folded by NFKC).
_RADICALS = str.maketrans(
    {
        "⺠": "民",
        "⻓": "长",
        "⻔": "门",
        "⻅": "见",
        "⻆": "角",
        "⻢": "马",
        "⻥": "鱼",
        "⻛": "风",
        "⻜": "飞",
        "⻚": "页",
        "⻋": "车",
        "⻉": "贝",
        "⻄": "西",
        "⻩": "黄",
        "⻬": "齐",
        "⻘": "青",
        "⻝": "食",
        "⻣": "骨",
        "⻰": "龙",
        "⻳": "龟",
        "⺁": "厂",
        "⺇": "几",
        "⺌": "小",
        "⺍": "小",
        "⺕": "彐",
        "⺟": "母",
        "⺪": "疋",
        "⺮": "竹",
        "⺶": "羊",
        "⺸": "羊",
        "⻌": "辶",
        "⻍": "辶",
        "⻎": "辶",
    }
)
_FOLDED = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")


def fold(text: str) -> str:
    """``text`` with Kangxi radicals, CJK radical supplements and compatibility ideographs
    replaced by the ideographs they stand for — NFKC for those characters only: full-width
    punctuation (「，」「（」) is what Chinese text is written with and stays."""
    if not _FOLDED.search(text):
        return text
    text = text.translate(_RADICALS)
    return _FOLDED.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)


_TRANSLATE = str.maketrans(
    {"(": "（", ")": "）", ":": "：", ",": "、", "，": "、", "．": ".", "／": "/", "\u3000": "", "\xa0": ""}
    | FULLWIDTH_DIGITS
    | {q: "" for q in "“”\"'‘’「」『』"}
)


def normalize(label: str) -> str:
    """A label reduced to what identifies it."""
    text = re.sub(r"\s+", "", fold(label)).translate(_TRANSLATE)
    return re.sub(r"^([0-9]+)[、.]", r"\1.", text)


def match(printed: str, official: str, variants: tuple[str, ...] = (), *, fuzzy: bool = False) -> str | None:
    """How ``printed`` matches ``official``: :data:`EXACT`, :data:`SYNONYM` (one of
    ``variants``), :data:`TYPO` (with ``fuzzy``, a near-miss of either), or ``None``."""
    a = normalize(printed)
    if a == normalize(official):
        return EXACT
    if any(a == normalize(v) for v in variants):
        return SYNONYM
    for candidate in (official, *variants):
        b = normalize(candidate)
        if len(b) >= 2 and a.startswith(b) and _ANNOTATION.fullmatch(a[len(b) :]):
            return ANNOTATED
    if fuzzy and len(a) >= 4:
        for candidate in (official, *variants):
            if difflib.SequenceMatcher(None, a, normalize(candidate)).ratio() >= 0.88:
                return TYPO
    return None


def matches(printed: str, official: str, *, fuzzy: bool = False, variants: tuple[str, ...] = ()) -> bool:
    return match(printed, official, variants, fuzzy=fuzzy) is not None


class Unreadable(ValueError):
    """The cell holds text that is not a number."""


def read_value(token: str) -> tuple[int | Decimal | None, str | None]:
    """(value, unit) of a printed cell; (None, None) for a cell left blank or dashed."""
    try:
        return read_printed(fold(token))
    except ScalarError:
        raise Unreadable(token) from None
