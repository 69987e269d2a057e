"""Property-based fuzzing of the loader and the validator: no input may raise.

Each input is written as a report file and read by the whole first phase (load, schema,
rules); the only acceptable outcomes are a catalog or problems with a location. Inputs
that once found a bug are kept as explicit examples.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from nianbao.catalog import load_catalog

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


def check(content: bytes) -> None:
    root = Path(tempfile.mkdtemp())
    try:
        folder = root / "data" / "fuzz"
        folder.mkdir(parents=True)
        shutil.copy(CORPUS / "office.yml", folder / "office.yml")
        (folder / "2023.yml").write_bytes(content)
        catalog = load_catalog(root / "data", root, today=dt.date(2026, 11, 29))
        for problem in catalog.problems.items:
            assert problem.file.startswith("data/fuzz/")
            assert problem.message
            problem.format_text()
    finally:
        shutil.rmtree(root)


@SETTINGS
@given(st.binary(max_size=2000))
@example(b"\xef\xbb\xbf")
@example(b"\x00")
@example(b"year: 2023\x85\n")
@example(b"year: 2023\nb: a\x00b\n")  # found a raw English YAML message: now L6 in Chinese
def test_any_bytes(content):
    check(content)


@SETTINGS
@given(st.text(max_size=500))
@example("year: !!python/object:os.system 'x'\n")
@example("? [a, b]\n: 1\n")
@example("year: 2023\norigin: new\nsections: {}\nactive: {item1: {version: !!int 2019}}\n")
def test_any_text(content):
    check(content.encode("utf-8", "replace"))


@SETTINGS
@given(
    st.lists(
        st.tuples(st.integers(0, len(VALUES) - 1), st.one_of(st.sampled_from(TRICKY), st.text(max_size=12))), max_size=4
    )
)
def test_cells_replaced_by_anything(replacements):
    text = BASE
    for index, value in sorted(replacements, key=lambda r: -VALUES[r[0]].start()):
        match = VALUES[index]
        text = text[: match.start()] + value + text[match.end() :]
    check(text.encode("utf-8", "replace"))


@SETTINGS
@given(st.lists(st.integers(0, len(BASE_LINES) - 1), max_size=6), st.integers(0, 3))
def test_lines_dropped_or_shifted(drop, shift):
    lines = [line for i, line in enumerate(BASE_LINES) if i not in set(drop)]
    if shift and drop:
        at = drop[0] % len(lines)
        lines[at] = " " * shift + lines[at]
    check("".join(lines).encode("utf-8"))
