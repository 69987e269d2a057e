"""Reading one scalar as written: counts, signed counts, decimals, dates.

YAML 1.1 (PyYAML) reads ``no`` as false, ``010`` as 8, ``1:20`` as 80 and ``1_000`` as
1000; a report must never publish such a number silently. These functions see the text
the author typed and either return the value or raise :class:`ScalarError` with a
Chinese explanation of what was found and how to write it.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

NULL_WORDS = {"", "~", "null", "Null", "NULL"}
_BOOL_WORDS = {"y", "yes", "n", "no", "true", "false", "on", "off"}
#: Full-width digits as ASCII digits: the one table, for the validator's explanations and
#: for the importer's reading of printed numbers and labels.
FULLWIDTH_DIGITS = {chr(0xFF10 + d): str(d) for d in range(10)}
_FULLWIDTH = str.maketrans({**FULLWIDTH_DIGITS, "．": ".", "－": "-", "，": ",", "＋": "+"})
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
#: Units reports write into a cell: money, and the counting words of a count.
PRINTED_UNITS = ("万元", "元", "件", "条", "个", "项", "次")
COUNT_UNITS = frozenset({"件", "条", "个", "项", "次"})
_UNIT_SUFFIX = re.compile(rf"([0-9][0-9.,]*)\s*({'|'.join(PRINTED_UNITS)})$")

NOT_REPORTED_HINT = "未填报请写 null，零请写 0"

#: How published reports print a cell that was not reported (blank, dashes, 「无」「空」).
#: The importer reads them as null; the validator explains them with the same list.
NOT_REPORTED_MARKS = frozenset({"", "-", "—", "－", "–", "--", "——", "—-", "/", "／", "\\", "无", "空"})

#: A date as reports print it: 2025-01-20, 2025年1月20日, 2025/1/20, 2025.01.20.
DATE_IN_TEXT = re.compile(
    r"(?<![0-9])([0-9]{4})\s*(?:年|-|/|\.)\s*([0-9]{1,2})\s*(?:月|-|/|\.)\s*([0-9]{1,2})(?![0-9])\s*日?"
)
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
_SPACED_THOUSANDS = re.compile(rf"[+-]?[0-9]{{1,3}}( [0-9]{{3}})+(\.[0-9]+)?\s*({'|'.join(PRINTED_UNITS)})?")
_PRINTED_UNIT = re.compile(rf"(.*?[0-9])({'|'.join(PRINTED_UNITS)})")

# --- Limits of a number (counts and amounts alike) -------------------------------------
# One set, checked by every reader below, so that validation refuses what an export could
# not write: a spreadsheet stores a number as a double, exact to 15 significant digits.
MAX_WHOLE_DIGITS = 12
"""Digits before the decimal point: up to 999,999,999,999 (counts, 元 and 万元)."""
MAX_DECIMAL_PLACES = 6
"""Digits after it: 万元 to the 分 (0.000001 万元 = 0.01 元)."""
MAX_SIGNIFICANT_DIGITS = 15
"""All digits written, leading zeros aside: what a double holds exactly."""


def check_number_size(text: str, expected: str) -> None:
    """Raise :class:`ScalarError` if the number written as ``text`` is beyond the limits."""
    whole, _, places = text.lstrip("+-").partition(".")
    significant = len((whole + places).lstrip("0"))
    if len(whole) > MAX_WHOLE_DIGITS or len(places) > MAX_DECIMAL_PLACES or significant > MAX_SIGNIFICANT_DIGITS:
        raise ScalarError(
            f"应为{expected}，但「{text}」位数太多（整数 {len(whole)} 位、小数 {len(places)} 位）；"
            f"整数部分最多 {MAX_WHOLE_DIGITS} 位，小数最多 {MAX_DECIMAL_PLACES} 位，"
            f"合计不超过 {MAX_SIGNIFICANT_DIGITS} 位有效数字"
        )


# ----------------------------------------------------------------------------------------


class ScalarError(ValueError):
    """The text cannot be read as the expected kind of value; the message says why."""


def _diagnose(text: str, quoted: bool, expected: str) -> str:
    """Explain why ``text`` is not a number, in the author's terms."""
    shown = f"「{text}」"
    if quoted:
        bare = text.translate(_FULLWIDTH).replace(",", "").strip()
        if _DECIMAL.fullmatch(bare):
            what = "引号和千位分隔符" if "," in text or "，" in text else "引号"
            return f"应为{expected}，但写成了带引号的文字{shown}；请去掉{what}，写成 {bare}"
        return f"应为{expected}，但写成了带引号的文字{shown}"
    if text.lower() in _BOOL_WORDS:
        return f"应为{expected}，但写成了{shown}，YAML 会把它当作“是/否”；{NOT_REPORTED_HINT}"
    if text != text.translate(_FULLWIDTH):
        return f"应为{expected}，但{shown}里有全角字符；请改用半角数字，写成 {text.translate(_FULLWIDTH)}"
    if "_" in text and re.fullmatch(r"[0-9_]+", text):
        return f"应为{expected}，但{shown}里有下划线，YAML 1.1 会忽略它；请写成 {text.replace('_', '')}"
    if re.fullmatch(r"[0-9]+(:[0-9]+)+", text):
        return f"应为{expected}，但写成了{shown}，YAML 1.1 会把它当作六十进制数；如是比例或时间，请写在正文里"
    if _DATE.fullmatch(text):
        return f"应为{expected}，但写成了日期{shown}"
    if re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+", text):
        return f"应为{expected}，但{shown}里有千位分隔符；请写成 {text.replace(',', '')}"
    unit = _UNIT_SUFFIX.fullmatch(text)
    if unit:
        return f"应为{expected}，但{shown}里带了单位「{unit.group(2)}」；单元格只写数字，写成 {unit.group(1)}"
    if text in NOT_REPORTED_MARKS:
        return f"应为{expected}，但写成了{shown}；{NOT_REPORTED_HINT}"
    return f"应为{expected}，但写成了{shown}"


def read_integer(text: str, quoted: bool, *, signed: bool = False) -> int | None:
    """A count (or, with ``signed``, a change that may be negative); ``None`` = not reported."""
    expected = "整数（可为负数）" if signed else "非负整数"
    if not quoted and text in NULL_WORDS:
        return None
    if not quoted and _DECIMAL.fullmatch(text):
        check_number_size(text, expected)
    if quoted or not _INTEGER.fullmatch(text):
        if not quoted and _DECIMAL.fullmatch(text):
            whole = Decimal(text)
            hint = f"；请写成 {int(whole)}" if whole == whole.to_integral_value() else ""
            raise ScalarError(f"应为{expected}，但写成了小数「{text}」{hint}")
        raise ScalarError(_diagnose(text, quoted, expected))
    digits = text.lstrip("+-")
    if len(digits) > 1 and digits.startswith("0"):
        raise ScalarError(f"应为{expected}，但「{text}」以 0 开头，YAML 1.1 会把它当作八进制数；请写成 {int(text)}")
    value = int(text)
    if value < 0 and not signed:
        raise ScalarError(f"应为{expected}，但写成了负数「{text}」")
    return value


def read_decimal(text: str, quoted: bool, *, expected: str = "非负小数") -> Decimal | None:
    """A non-negative decimal, keeping exactly the digits written (12.39205 stays 12.39205)."""
    if not quoted and text in NULL_WORDS:
        return None
    if quoted or not _DECIMAL.fullmatch(text):
        raise ScalarError(_diagnose(text, quoted, expected))
    check_number_size(text, expected)
    whole = text.lstrip("+-").split(".")[0]
    if len(whole) > 1 and whole.startswith("0"):
        raise ScalarError(f"应为{expected}，但「{text}」以 0 开头；请写成 {Decimal(text).normalize():f}")
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        raise ScalarError(_diagnose(text, quoted, expected)) from None
    if value < 0:
        raise ScalarError(f"应为{expected}，但写成了负数「{text}」")
    return value


def read_date(text: str) -> dt.date:
    """An ISO date, quoted or not: 2025-01-20."""
    if not _DATE.fullmatch(text.strip()):
        hint = ""
        m = DATE_IN_TEXT.fullmatch(text.strip())
        if m:
            hint = f"；请写成 {int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
        raise ScalarError(f"应为日期（年-月-日，如 2025-01-20），但写成了「{text}」{hint}")
    year, month, day = (int(part) for part in text.strip().split("-"))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ScalarError(f"「{text}」不是一个存在的日期") from None


def find_date(text: str) -> dt.date | None:
    """The first real date printed in ``text`` (any of the forms of :data:`DATE_IN_TEXT`)."""
    for match in DATE_IN_TEXT.finditer(text or ""):
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
    return None


def read_printed(token: str) -> tuple[int | Decimal | None, str | None]:
    """(value, unit) of a table cell as a report prints it: full-width digits, thousands
    separators, spaces, a unit written in the cell (「73802895.90元」); ``(None, None)`` for a
    cell left blank or dashed. The number itself is read by :func:`read_integer` or
    :func:`read_decimal`, so what the importer reads is exactly what the validator accepts.
    Raises :class:`ScalarError` for anything else (「约2600」)."""
    spaced = token.strip().translate(_FULLWIDTH)
    if re.search(r"[0-9.]\s+[0-9]", spaced) and not _SPACED_THOUSANDS.fullmatch(spaced):
        # 「10 5」: two cells run together (a missing rule in a PDF) — never one number.
        raise ScalarError(f"「{token.strip()}」是用空格隔开的几个数字，不能当作一个数")
    text = re.sub(r"\s+", "", spaced)
    if text in NOT_REPORTED_MARKS:
        return None, None
    unit = None
    with_unit = _PRINTED_UNIT.fullmatch(text)
    if with_unit:
        text, unit = with_unit.groups()
    if _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    if _INTEGER.fullmatch(text):
        return read_integer(text.lstrip("+"), False, signed=True), unit
    if _DECIMAL.fullmatch(text.lstrip("-")) and not text.startswith("-"):
        return read_decimal(text.lstrip("+"), False), unit
    raise ScalarError(f"「{token.strip()}」不是数字")
