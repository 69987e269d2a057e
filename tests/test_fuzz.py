"""Property-based fuzzing of the loader, the validator and the build: no input may raise,
and validation and the build never disagree.

Each input is written as a report file (or an office file) and read by the whole first
phase (load, schema, rules); the only acceptable outcomes are a catalog or problems with a
location. Whenever validation passes, the pages are rendered and every download written
(the build without MkDocs), and must succeed: a feed that parses, no formula in a CSV.
Inputs that once found a bug are kept as explicit examples.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from nianbao.build.site import build_sources, write_downloads
from nianbao.catalog import load_catalog
from nianbao.data.documents import NAME_FORBIDDEN
from nianbao.outputs.exports import FORMULA_START
from paths import ROOT

CORPUS = Path(__file__).parent / "bad_input"
BASE = (CORPUS / "valid_new_report.yml").read_text(encoding="utf-8")
BASE_LINES = BASE.splitlines(keepends=True)
VALUES = list(re.finditer(r"(?<=: )[^,{}\s#][^,{}#\n]*?(?=[,}]| +#|\n)", BASE))
TRICKY = [
    "no",
    "yes",
    "~",
    "null",
    "010",
    "1_000",
    "1:20",
    "2024-01-01",
    "'1,782'",
    "１７８２",
    "12.0",
    "-1",
    "+1",
    ".inf",
    ".nan",
    "0x1F",
    "1e3",
    "!!binary aGVsbG8=",
    "*alias",
    "&anchor 1",
    "[1, 2]",
    "{a: 1}",
    "''",
    '"',
    "|",
    "- 1",
    "? x",
    "%YAML",
    "\t1",
    "251000元",
    "—",
    "9" * 400,
    "-0",
    "00",
    "1.",
    ".5",
    "\\u0000",
]
# NIANBAO_FUZZ_EXAMPLES raises the count for a longer campaign (CI runs the short one).
SETTINGS = settings(
    max_examples=int(os.environ.get("NIANBAO_FUZZ_EXAMPLES", 150)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize="NIANBAO_FUZZ_EXAMPLES" not in os.environ,
)


TODAY = dt.date(2026, 11, 29)


def check(content: bytes, office: bytes | None = None, *, build: bool = True) -> bool:
    """Validate ``content`` as a report (beside ``office`` or the corpus's office file);
    if it passes and ``build`` is set, build it. Returns whether it passed."""
    root = Path(tempfile.mkdtemp())
    try:
        folder = root / "data" / "fuzz"
        folder.mkdir(parents=True)
        if office is None:
            shutil.copy(CORPUS / "office.yml", folder / "office.yml")
        else:
            (folder / "office.yml").write_bytes(office)
        (folder / "2023.yml").write_bytes(content)
        catalog = load_catalog(root / "data", root, today=TODAY)
        for problem in catalog.problems.items:
            assert problem.file.startswith("data/fuzz/")
            assert problem.message
            # One line, nothing invisible: a value cannot add lines to a log or hide in one.
            assert all(ch.isprintable() or unicodedata.category(ch) == "Zs" for ch in problem.format_text())
        if not build:
            return catalog.ok
        (root / "overrides").symlink_to(ROOT / "overrides", target_is_directory=True)
        (root / "docs").mkdir()  # the generated pages only: hand-written ones do not read the data
        sources = build_sources(root, root / "docs", today=TODAY)
        assert sources.catalog.ok == catalog.ok, "validate and build disagree"
        if catalog.ok:
            assert "offices/fuzz/2023.md" in sources.pages or catalog.reports[0].draft
            write_downloads(sources.catalog, root / "site")
            ET.fromstring((root / "site" / "data" / "feed.xml").read_bytes())
            for path in (root / "site" / "data").glob("all-*.zip"):
                with zipfile.ZipFile(path) as archive:
                    offices = archive.read("offices.csv").decode("utf-8-sig")
                for row in csv.DictReader(io.StringIO(offices)):
                    assert not row["机关全称"].startswith(FORMULA_START)
        return catalog.ok
    finally:
        shutil.rmtree(root)


@SETTINGS
@given(st.binary(max_size=2000))
@example(b"\xef\xbb\xbf")
@example(b"\x00")
@example(b"year: 2023\x85\n")
@example(b"year: 2023\nb: a\x00b\n")  # found a raw English YAML message: now L6 in Chinese
def test_any_bytes(content):
    check(content, build=False)


@SETTINGS
@given(st.text(max_size=500))
@example("year: !!python/object:os.system 'x'\n")
@example("? [a, b]\n: 1\n")
@example("year: 2023\norigin: new\nsections: {}\nactive: {item1: {version: !!int 2019}}\n")
def test_any_text(content):
    check(content.encode("utf-8", "replace"), build=False)


@SETTINGS
@given(
    st.lists(
        st.tuples(st.integers(0, len(VALUES) - 1), st.one_of(st.sampled_from(TRICKY), st.text(max_size=12))), max_size=4
    )
)
def test_cells_replaced_by_anything(replacements):
    check(replaced_cells(replacements), build=False)


def replaced_cells(replacements: list[tuple[int, str]]) -> bytes:
    text = BASE
    for index, value in sorted(replacements, key=lambda r: -VALUES[r[0]].start()):
        match = VALUES[index]
        text = text[: match.start()] + value + text[match.end() :]
    return text.encode("utf-8", "replace")


@SETTINGS
@given(st.lists(st.integers(0, len(BASE_LINES) - 1), max_size=6), st.integers(0, 3))
def test_lines_dropped_or_shifted(drop, shift):
    check(dropped_lines(drop, shift), build=False)


def dropped_lines(drop: list[int], shift: int) -> bytes:
    lines = [line for i, line in enumerate(BASE_LINES) if i not in set(drop)]
    if shift and drop:
        at = drop[0] % len(lines)
        lines[at] = " " * shift + lines[at]
    return "".join(lines).encode("utf-8")


BUILD_SETTINGS = settings(
    max_examples=int(os.environ.get("NIANBAO_FUZZ_EXAMPLES", 20)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize="NIANBAO_FUZZ_EXAMPLES" not in os.environ,
)
VISIBLE_PIECES = [
    "<script>alert(1)</script>",
    "[点击](&#106;avascript:alert(1))",
    "[a][r] [r]: java&#x09;script:alert(1)",
    "![图](data&#58;text/html,x)",
    "=1+2",
    "@SUM(1)",
    "-3",
    "]]>",
    "&amp;",
    "*" * 30,
    "[" * 30,
    "Ａ" * 3,
    "  ",
    "合成测试",
    "A" * 200,
]
INVISIBLE_PIECES = [
    "[a][r]\n\n[r]: java&#x09;script:alert(1)",
    "\n",
    "\t",
    "\r",
    "\x00",
    "\x1b[31m",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\ufffe",
]
_VISIBLE_CHARACTERS = st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn"))
VISIBLE_TEXT = st.lists(
    st.one_of(st.sampled_from(VISIBLE_PIECES), st.text(_VISIBLE_CHARACTERS, max_size=8)), max_size=6
).map("".join)
ANY_TEXT = st.lists(st.one_of(st.sampled_from(VISIBLE_PIECES + INVISIBLE_PIECES), st.text(max_size=8)), max_size=6).map(
    "".join
)
# Half the time only visible characters, so that many inputs pass and are built.
TEXT = st.one_of(VISIBLE_TEXT, ANY_TEXT)
PUBLISHED = "published: 2024-03-08  # 发布日期\n"


_NAME_SAFE = {ord(ch): None for ch in NAME_FORBIDDEN}
VISIBLE_FIELDS = st.tuples(
    VISIBLE_TEXT, VISIBLE_TEXT, VISIBLE_TEXT, VISIBLE_TEXT, VISIBLE_TEXT.map(lambda t: t.translate(_NAME_SAFE))
)
ANY_FIELDS = st.tuples(ANY_TEXT, ANY_TEXT, ANY_TEXT, ANY_TEXT, ANY_TEXT)
OTHER = '  other: "2023年，无收取信息处理费情况。本年度工作考核、社会评议和责任追究结果情况：无。"\n'


def _quoted(text: str) -> str:
    """A double-quoted YAML scalar: JSON's escapes are YAML's (characters outside the BMP
    written as themselves: YAML refuses a surrogate pair escaped)."""
    return json.dumps(text, ensure_ascii=False)


@BUILD_SETTINGS
@given(st.one_of(VISIBLE_FIELDS, ANY_FIELDS))
@example(("合成\n测试", "", "", "无", "合成测试"))
@example(("", "=1+2", "]]>\u202e", "[点击](&#106;avascript:alert(1))", "=合成测试"))
def test_text_fields_hold_anything(fields):
    """Any text in the free-text fields, a section and the office name: refused with a
    message, or published as inert text."""
    signed_by, note, title, other, name = fields
    extra = f"signed_by: {_quoted(signed_by)}\nnotes: [{_quoted(note)}]\nsource: {{title: {_quoted(title)}}}\n"
    assert PUBLISHED in BASE and OTHER in BASE
    text = BASE.replace(PUBLISHED, PUBLISHED + extra).replace(OTHER, f"  other: {_quoted(other or '无')}\n")
    office = f"name: {_quoted(name)}\nkind: 人民政府\n".encode("utf-8", "surrogatepass")
    check(text.encode("utf-8", "surrogatepass"), office)


NUMBERS = st.one_of(
    st.integers(0, 10**20).map(str),
    st.decimals(0, 10**16, allow_nan=False, allow_infinity=False).map(lambda d: f"{d:f}"),
    st.sampled_from(["9" * 12, "9" * 13, "1" + "0" * 309, "0.000001", "0.0000001", "999999999.999999"]),
)


@BUILD_SETTINGS
@given(st.lists(st.tuples(st.integers(0, len(VALUES) - 1), NUMBERS), min_size=1, max_size=4))
@example([(0, "1" + "0" * 309)])
def test_any_number_is_refused_or_exported(replacements):
    """Any number in any cell: refused with a message, or written to every download."""
    text = BASE.replace('origin: "new"', 'origin: "published"\nsource: {title: "合成测试"}')
    values = list(re.finditer(r"(?<=: )[^,{}\s#][^,{}#\n]*?(?=[,}]| +#|\n)", text))
    for index, value in sorted(replacements, key=lambda r: -values[r[0]].start()):
        match = values[index]
        text = text[: match.start()] + value + text[match.end() :]
    check(text.encode("utf-8"))


@BUILD_SETTINGS
@given(
    st.lists(
        st.tuples(st.integers(0, len(VALUES) - 1), st.one_of(st.sampled_from(TRICKY), st.text(max_size=12))), max_size=4
    )
)
def test_cells_replaced_by_anything_then_built(replacements):
    check(replaced_cells(replacements))


@BUILD_SETTINGS
@given(st.lists(st.integers(0, len(BASE_LINES) - 1), max_size=6), st.integers(0, 3))
def test_lines_dropped_or_shifted_then_built(drop, shift):
    check(dropped_lines(drop, shift))
