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

#: CJK Radicals Supplement (U+2E80–U+2EFF) and CJK Strokes (U+31C0–U+31EF) characters, each
#: followed by the unified ideograph it stands for. A font that draws 「门」 and 「⻔」 with one
#: glyph lets a PDF's text layer name either (Noto CJK often names the radical); NFKC folds the
#: Kangxi radicals (U+2F00–U+2FD5) but has no decomposition for these. Taken from Unicode 15's
#: EquivalentUnifiedIdeograph.txt (Debian's unicode-data), except five whose equivalent there is
#: a rare component (「⺮」→「𥫗」, Ext. B…): reports print the common character of that shape.
_RADICAL_PAIRS = (
    "⺁厂⺂乛⺃乚⺄乙⺅亻⺆冂⺇几⺈刀⺉刂⺊卜⺋㔾⺌小⺍小⺎兀⺏尣⺐尢⺑𡯂⺒巳⺓幺⺔彑⺕彐⺖忄⺗心⺘扌"
    "⺙攵⺛旡⺜日⺝月⺞歺⺟母⺠民⺡氵⺢氺⺣灬⺤爫⺥爫⺦丬⺧牛⺨犭⺩王⺪疋⺫目⺬示⺭礻⺮竹⺯糹⺰纟⺱罓"
    "⺲罒⺳㓁⺴冗⺵𦉫⺶羊⺷𦍌⺸羊⺹耂⺺肀⺻聿⺼肉⺽𦥑⺾艹⺿艹⻀艹⻁虎⻂衤⻃覀⻄西⻅见⻆角⻇𧢲⻈讠⻉贝"
    "⻊𧾷⻋车⻌辶⻍辶⻎辶⻏邑⻐钅⻑長⻒镸⻓长⻔门⻕𨸏⻖阝⻗雨⻘青⻙韦⻚页⻛风⻜飞⻝食⻞𩙿⻟飠⻠饣⻡𩠐"
    "⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟㇆𠃌㇏乀㇐一㇑丨㇒丿㇓丿"
    "㇔丶㇕𠃍㇖乛㇗𠃊㇘𠃎㇙𠄌㇚亅㇛𡿨㇜𠃋㇝乀㇞𠃑㇟乚㇠乙㇡𠄎"
)
#: Characters a simplified-Chinese font draws with the glyph of a commoner one, so that its
#: text layer names them instead: found by printing every GB 2312 character with Chromium in
#: Noto Sans/Serif CJK SC and WenQuanYi and reading the PDF back (tests/browser/
#: test_font_text_layer.py does it again). NFKC would take the Kangxi 「⼾」 to the traditional
#: 「戶」, but the SC glyph is 「户」; 「㬵」 is 「胶」's glyph; the rest is punctuation.
_GLYPH_ALIASES = "⼾户㬵胶〜～∕／‵｀"
_RADICALS = str.maketrans(
    dict(zip(_RADICAL_PAIRS[::2], _RADICAL_PAIRS[1::2], strict=True))
    | dict(zip(_GLYPH_ALIASES[::2], _GLYPH_ALIASES[1::2], strict=True))
)
_FOLDED = re.compile(
    "[\u2e80-\u2fdf\u31c0-\u31ef\uf900-\ufaff\U0002f800-\U0002fa1f\u2329\u232a\u3b35\u301c\u2215\u2035]"
)


def fold(text: str) -> str:
    """``text`` with Kangxi radicals, CJK radical supplements, strokes, compatibility ideographs
    and the glyph aliases above replaced by what they stand for — NFKC for those characters only: full-width
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
