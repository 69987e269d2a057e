"""Comparing labels as offices print them with the official ones, and reading the printed
numbers: half-width brackets, 「，」 for 「、」, quotes of any kind, labels broken by spaces or
line breaks, full-width digits, units written into the cell."""

from __future__ import annotations

import difflib
import re
from decimal import Decimal

_TRANSLATE = str.maketrans(
    {"(": "（", ")": "）", ":": "：", ",": "、", "，": "、", "．": ".", "／": "/", "\u3000": "", "\xa0": ""}
    | {chr(0xFF10 + d): str(d) for d in range(10)}
    | {q: "" for q in "“”\"'‘’「」『』"}
)


def normalize(label: str) -> str:
    """A label reduced to what identifies it."""
    text = re.sub(r"\s+", "", label).translate(_TRANSLATE)
    return re.sub(r"^([0-9]+)[、.]", r"\1.", text)


def matches(printed: str, official: str, *, fuzzy: bool = False) -> bool:
    a, b = normalize(printed), normalize(official)
    if a == b:
        return True
    # Typos (「现行有效件」「行政法复议」) and provincial annotations in brackets.
    return fuzzy and len(a) >= 4 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.88


NOT_REPORTED = {"", "-", "—", "－", "–", "/", "／", "无", "—-", "--"}
_NUMBER = re.compile(r"([+-]?[0-9]+(?:\.[0-9]+)?)(万元|元)?")


class Unreadable(ValueError):
    """The cell holds text that is not a number."""


def read_value(token: str) -> tuple[int | Decimal | None, str | None]:
    """(value, unit) of a printed cell; (None, None) for a cell left blank or dashed."""
    text = re.sub(r"\s+", "", token).translate(
        str.maketrans({chr(0xFF10 + d): str(d) for d in range(10)} | {"－": "-", "．": "."})
    )
    if text in NOT_REPORTED:
        return None, None
    if re.fullmatch(r"[+-]?[0-9]{1,3}([,，][0-9]{3})+(\.[0-9]+)?(万元|元)?", text):
        text = re.sub(r"[,，]", "", text)
    match = _NUMBER.fullmatch(text)
    if not match:
        raise Unreadable(token)
    number, unit = match.groups()
    value = Decimal(number) if "." in number else int(number)
    return value, unit
