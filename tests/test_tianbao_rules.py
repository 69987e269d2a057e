"""The 在线填报 page (/tianbao/) checks as `nianbao validate` does: its evaluator
(docs/assets/nianbao-tianbao.js, run here in Node) reads the rules the build exports and
must find the same breaks, with the same rule ids, cells and words, on every case of the
bad-input corpus and on reports with wrong cells made here."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from nianbao.catalog import load_catalog
from nianbao.checks.rules import BROKEN
from nianbao.data.scaffold import empty_report
from nianbao.views import tianbao

CORPUS = Path(__file__).parent / "bad_input"
SCRIPT = Path(__file__).parent / "js" / "tianbao_checks.js"
TODAY = dt.date(2026, 11, 29)


def python_breaks(text: str, tmp_path: Path) -> list[tuple[str, str, str]] | None:
    """(rule, key, message) of every arithmetic break validate finds; None: not readable."""
    folder = tmp_path / "data" / "sample-office"
    shutil.rmtree(tmp_path / "data", ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copy(CORPUS / "office.yml", folder / "office.yml")
    (folder / "2023.yml").write_text(text, encoding="utf-8")
    catalog = load_catalog(tmp_path / "data", tmp_path, today=TODAY)
    if not catalog.reports or not {"requests", "appeals"} <= set(catalog.reports[0].tables):
        return None
    return sorted(
        (f.rule, f.key, f.message)
        for rule, f in catalog.findings[("sample-office", 2023)]
        if f.status == BROKEN and rule.id.startswith("R")
    )


def page_breaks(texts: list[str]) -> list[list[tuple[str, str, str]]]:
    data = {"types": tianbao.cell_types(), **tianbao.rules_data()}
    result = subprocess.run(
        ["node", str(SCRIPT)], input=json.dumps({"data": data, "files": texts}), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return [sorted((f["rule"], f["key"], f["message"]) for f in found) for found in json.loads(result.stdout)]


def _readable_cases(tmp_path: Path) -> dict[str, tuple[str, list]]:
    cases = {}
    for path in sorted(CORPUS.glob("*.yml")):
        if path.stem in ("office", "expected"):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # not UTF-8: the page cannot open it either
        expected = python_breaks(text, tmp_path)
        if expected is not None:
            cases[path.stem] = (text, expected)
    return cases


def test_every_arithmetic_case_of_the_corpus_gets_the_same_findings(tmp_path):
    cases = _readable_cases(tmp_path)
    arithmetic = {name for name, (_, expected) in cases.items() if expected}
    assert {"appeals_total_broken", "balance_broken", "results_sum_broken", "row_total_broken"} <= arithmetic
    got = page_breaks([text for text, _ in cases.values()])
    for (name, (_, expected)), found in zip(cases.items(), got, strict=True):
        assert found == expected, name


@pytest.mark.parametrize("seed", range(3))
def test_wrong_cells_anywhere_get_the_same_findings(tmp_path, seed):
    """One to three cells of a consistent 表三 and 表四 changed at random (seeded): the blame
    hints (one cell certain, several equally likely, none alone) all occur."""
    base = (CORPUS / "valid_new_report.yml").read_text(encoding="utf-8")
    numbers = [m for m in re.finditer(r"(?<=: )[0-9]+(?=[,}])", base) if m.start() > base.index("\nrequests:")]
    rng = random.Random(seed)
    texts, expected = [], []
    for _ in range(40):
        text = base
        for match in sorted(rng.sample(numbers, rng.randint(1, 3)), key=lambda m: -m.start()):
            text = text[: match.start()] + str(int(match.group()) + rng.randint(1, 5)) + text[match.end() :]
        texts.append(text)
        expected.append(python_breaks(text, tmp_path))
    assert sum(1 for e in expected if e) >= 35
    assert page_breaks(texts) == expected


def test_the_file_template_is_what_nianbao_new_writes():
    """Every placeholder replaced by null (and draft by true): the file of `nianbao new`."""
    template = tianbao.file_template()
    filled = template.replace('"@@draft@@"', "true").replace('"@@year@@"', "2025").replace("@@year@@", "2025")
    filled = re.sub(r'^  (active|requests|appeals): "@@sections\.\1@@"\n', "", filled, flags=re.M)
    filled = re.sub(r"^  # [二三四]、.*\n", "", filled, flags=re.M)
    filled = re.sub(r'"@@[a-z0-9_.]+@@"', "null", filled)
    assert filled == empty_report(2025, None)
